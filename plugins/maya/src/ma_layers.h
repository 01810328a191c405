/*
 * Render layers evaluated statically: the values in force in one layer are
 * the node's own value, replaced by the master layer's stored value, then
 * by the layer's legacy overrides (.adjs) and its Render Setup overrides.
 */
#ifndef MA_LAYERS_H
#define MA_LAYERS_H

#include "ma_walk.h"

typedef struct {
	char *node; /* target node name */
	char *attr; /* canonical attribute name */
	char *value;
	char *from;          /* node that holds the override (layer or override node) */
	const char *written; /* attribute as written by the override, borrowed */
	uint64_t line;
} ma_ovr;

typedef struct {
	ma_ovr *items;
	size_t count, cap;
} ma_ovr_list;

/* Nodes Render Setup evaluation visits, listed once per scene rather than scanned per override. */
typedef struct {
	const ma_node *node;       /* absOverride, relUniqueOverride... */
	const ma_node *layer;      /* its renderSetupLayer, NULL when disabled on the way up */
	const ma_node *coll, *sel; /* nearest collection with a selector (or a settings collection) */
} ma_rs_override;

typedef struct {
	ma_rs_override *overrides;
	size_t noverride, override_cap;
	const ma_node **targets; /* cameras, render settings, file-table nodes, nodes with -uaf attributes */
	size_t ntarget, target_cap;
	ma_map wires; /* "dst\nattr" -> connection index + 1, for the .pls and .sel plugs */
	/*
	 * Render Setup drives the layers: legacy adjustments left on rs_ layers
	 * and the default layer are not applied when Maya switches layers.  The
	 * Deadline test scene layers.ma keeps cameraShape1.rnd adjustments of 0
	 * that Maya ignores (its expected job lists camera1 in those layers).
	 */
	int render_setup;
} ma_rs_index;

int ma_rs_index_build(ma_rs_index *ix, const ma_store *st);
void ma_rs_index_dispose(ma_rs_index *ix);

typedef struct {
	ma_walk *w;
	const ma_rs_index *rs;     /* shared by every layer of the scene */
	const ma_node *layer;      /* legacy renderLayer node */
	const ma_node *rs_layer;   /* its renderSetupLayer, or NULL */
	ma_ovr_list own;           /* this layer's overrides, in order */
	const ma_ovr_list *master; /* the default layer's legacy values */
	int active;                /* the layer current at save time: its plugs hold its values */
} ma_layer_eval;

/* Value of node.attr in force in the layer (NULL when never written). */
const char *ma_layer_value(const ma_layer_eval *le, const char *node, const char *attr);
int ma_ovr_push(ma_ovr_list *l, const char *node, const char *attr, const char *value, const char *from,
                uint64_t line);
void ma_ovr_dispose(ma_ovr_list *l);

/* Legacy .adjs overrides of `layer`. */
int ma_collect_adjustments(ma_ovr_list *out, const ma_store *st, const ma_node *layer);
/* Render Setup overrides of `rs_layer`, applied in order on top of le->own. */
int ma_collect_rs_overrides(ma_layer_eval *le);

/* Declare the cameras of the layer with their renderable flag (cameras.c). */
int ma_feed_layer_cameras(sp_unit *unit, const ma_layer_eval *le);
/* Record the layer's overrides of cameras that live in referenced files (cameras.c). */
int ma_note_foreign_cameras(sp_unit *unit, const ma_layer_eval *le);
/* Declare path values Render Setup overrides set on nodes of referenced files (files.c). */
int ma_feed_foreign_override_files(ma_walk *w, const ma_layer_eval *le);
/* Declare path values set by overrides in the layer as file references (files.c). */
int ma_feed_override_files(ma_walk *w, const ma_ovr_list *l);

#endif
