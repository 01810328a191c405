/* Cameras seen by a layer: every camera shape, renderable unless `.rnd` says no in that layer. */
#include "ma_layers.h"
#include "ma_attrs.h"

#include <stdio.h>

int ma_feed_layer_cameras(sp_unit *unit, const ma_layer_eval *le)
{
	for (size_t i = 0; i < le->rs->ntarget; i++) {
		const ma_node *n = le->rs->targets[i]; /* cameras are among the indexed targets */
		int error;
		if (n->ti->cls != MA_TYPE_CAMERA)
			continue;
		/* Absent means Maya's default, renderable; top/front/side are saved with `.rnd no`. */
		error =
		    sp_unit_add_camera(unit, n->name, ma_parse_bool(ma_layer_value(le, n->name, "rnd"), 1));
		if (error < 0)
			return error;
	}
	return 0;
}

int ma_note_camera(ma_session *ses, sp_unit *unit, const char *node, int renderable)
{
	ma_cam_ovr *o;
	const char *bar = strrchr(node, '|');
	if (bar)
		node = bar + 1; /* "|rig:cam|rig:camShape" names the shape */
	while (*node == ':')
		node++;
	if (!*node)
		return 0;
	if (ma_grow((void **)&ses->cam_ovr, &ses->cam_ovr_cap, ses->ncam_ovr + 1, sizeof(*ses->cam_ovr)) < 0)
		return sp_ctx_error(ses->ctx, SP_ENOMEM, "out of memory");
	o = &ses->cam_ovr[ses->ncam_ovr];
	o->unit = unit;
	o->renderable = renderable;
	o->node = ma_strdup(node);
	if (!o->node)
		return sp_ctx_error(ses->ctx, SP_ENOMEM, "out of memory");
	ses->ncam_ovr++;
	return 0;
}

void ma_cam_ovr_dispose(ma_session *ses)
{
	for (size_t i = 0; i < ses->ncam_ovr; i++)
		ma_free(ses->cam_ovr[i].node);
	ma_free(ses->cam_ovr);
	ses->cam_ovr = NULL;
	ses->ncam_ovr = ses->cam_ovr_cap = 0;
}

/* Legacy adjustments of `.rnd` plugs whose node is not in this file: the camera comes from a reference. */
static int note_legacy(sp_unit *unit, const ma_layer_eval *le, const ma_ovr_list *l)
{
	for (size_t i = 0; l && i < l->count; i++) {
		const ma_ovr *o = &l->items[i];
		int error;
		if (strcmp(o->attr, "rnd") != 0 || ma_store_find(&le->w->store, o->node))
			continue;
		error = ma_note_camera(le->w->ses, unit, o->node,
		                       ma_parse_bool(ma_layer_value(le, o->node, "rnd"), 1));
		if (error < 0)
			return error;
	}
	return 0;
}

/* Entries of a selector's static selection (one per line) that name no node of this file. */
static int note_selection(sp_unit *unit, const ma_layer_eval *le, const char *ssl, int renderable)
{
	char name[512];
	while (ssl && *ssl) {
		size_t len = strcspn(ssl, "\n");
		const char *last = ssl;
		for (size_t k = 0; k < len; k++)
			if (ssl[k] == '|')
				last = ssl + k + 1;
		if ((size_t)(ssl + len - last) < sizeof(name) && ssl + len > last) {
			int error;
			memcpy(name, last, (size_t)(ssl + len - last));
			name[ssl + len - last] = '\0';
			if (!ma_store_find(&le->w->store, name) &&
			    (error = ma_note_camera(le->w->ses, unit, name, renderable)) < 0)
				return error;
		}
		ssl += len;
		ssl += *ssl == '\n';
	}
	return 0;
}

/*
 * The layer's overrides of cameras that the scene does not hold itself: a
 * shot camera referenced from a camera publish, switched on in one layer by
 * a legacy adjustment or a Render Setup collection.  They are applied when
 * the referenced file's cameras join the layers (ma_feed_child_cameras).
 */
int ma_note_foreign_cameras(sp_unit *unit, const ma_layer_eval *le)
{
	int error = 0;
	if (!le->rs->render_setup) {
		error = note_legacy(unit, le, le->active ? NULL : le->master);
		if (error >= 0)
			error = note_legacy(unit, le, &le->own);
		return error;
	}
	for (size_t i = 0; error >= 0 && le->rs_layer && i < le->rs->noverride; i++) {
		const ma_rs_override *o = &le->rs->overrides[i];
		const char *attr = ma_node_value(o->node, "atr"), *tg = ma_node_value(o->node, "tgName");
		const char *v = ma_node_value(o->node, "atv");
		int renderable;
		if (o->layer != le->rs_layer || !attr || strcmp(ma_attr_canon(attr), "rnd") != 0 || !v ||
		    strstr(o->node->ti->name, "rel"))
			continue;
		renderable = ma_parse_bool(v, 1);
		if (tg && *tg)
			error = ma_store_find(&le->w->store, tg)
			            ? 0
			            : ma_note_camera(le->w->ses, unit, tg, renderable);
		else if (o->sel)
			error = note_selection(unit, le, ma_node_value(o->sel, "ssl"), renderable);
	}
	return error;
}

/*
 * A referenced camera's flag in one layer: its own `.rnd`, then reference
 * edits (the scene's first, as Maya applies the outermost edit last), then
 * the layer's overrides naming the shape or its transform.
 */
static int child_camera_renderable(const ma_walk *w, const ma_node *n, const char *name, sp_unit *unit)
{
	const ma_session *ses = w->ses;
	char parent[512] = "";
	int r = ma_parse_bool(ma_node_value(n, "rnd"), 1), edited = 0;
	if (n->parent) {
		const char *bar = strrchr(n->parent, '|');
		snprintf(parent, sizeof(parent), "%s%s", w->ns, bar ? bar + 1 : n->parent);
	}
	for (size_t i = 0; i < ses->ncam_ovr; i++) {
		const ma_cam_ovr *o = &ses->cam_ovr[i];
		if (o->unit || edited || strcmp(o->node, name) != 0)
			continue;
		r = o->renderable;
		edited = 1; /* the first edit recorded is the outermost file's */
	}
	for (size_t i = 0; i < ses->ncam_ovr; i++) {
		const ma_cam_ovr *o = &ses->cam_ovr[i];
		if (o->unit == unit &&
		    (strcmp(o->node, name) == 0 || (parent[0] && strcmp(o->node, parent) == 0)))
			r = o->renderable;
	}
	return r;
}

/* Cameras of a referenced file, with its namespace, join every layer of the scene. */
int ma_feed_child_cameras(ma_walk *w)
{
	const ma_store *st = &w->store;
	char name[512];
	for (size_t i = 0; i < st->nnode; i++) {
		const ma_node *n = st->nodes[i];
		size_t units = sp_scene_unit_count(w->ses->scene);
		/* Shared default cameras (persp, top...) merge with the scene's own on load. */
		if (n->ti->cls != MA_TYPE_CAMERA || ma_node_shared(n))
			continue;
		ma_join(name, sizeof(name), w->ns, n->name);
		for (size_t u = 0; u < units; u++) {
			sp_unit *unit = sp_scene_unit_at(w->ses->scene, u);
			int error;
			if (sp_unit_kind_of(unit) != SP_UNIT_LAYER)
				continue;
			error = sp_unit_add_camera(unit, name, child_camera_renderable(w, n, name, unit));
			if (error < 0)
				return error;
		}
	}
	return 0;
}
