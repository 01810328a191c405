/*
 * The walk over one .ma file: statement dispatch into the node store, then
 * the feeds (software, layers, cameras, files, references) into sp_scene.
 * One ma_session spans the scene and every referenced file read for it.
 */
#ifndef MA_WALK_H
#define MA_WALK_H

#include "ma_lexer.h"
#include "ma_store.h"

#include <sp_maya.h>

typedef struct {
	char *path; /* as written */
	char *ns;   /* -ns, or NULL */
	char *rfn;  /* -rfn, or NULL */
	int depth;  /* -rdi N; 0 for a `file -r` statement */
	int loaded; /* 1 for `file -r`: this file loads it */
	uint64_t line;
} ma_refstmt;

/*
 * A camera's renderable flag set from outside the file that holds the
 * camera: a reference edit of the scene (unit NULL: every layer) or a layer
 * override of the scene naming a camera of a referenced file.
 */
typedef struct {
	sp_unit *unit;
	char *node; /* with namespaces, without DAG path */
	int renderable;
} ma_cam_ovr;

typedef struct {
	sp_scene *scene;
	sp_ctx *ctx;
	char *project;       /* Maya project root (forward slashes) or NULL */
	ma_strvec rule_dirs; /* absolute folders of the project's file rules, in file order */
	char *scene_rule;    /* absolute folder of the `scene` rule, or NULL */
	ma_strvec stack;     /* files being read, outermost first (cycle guard) */
	ma_strvec declared;  /* "folder\npath" of every reference already declared (dedupe) */
	ma_strvec nested;    /* -rfn names and paths of the scene's -rdi lines of depth 2+ (loaded nested) */
	ma_strvec named;     /* reference paths as written, declared by any file */
	ma_cam_ovr *cam_ovr; /* renderable flags of referenced cameras, in the order found */
	size_t ncam_ovr, cam_ovr_cap;
	int scene_rdi; /* the scene has -rdi lines: they say which nested references are loaded */
	ma_map added;  /* path, node, attribute and file of every reference declared (dedupe) */
	ma_map edited; /* "node\nattr" of path attributes an outer file's reference edit sets */
	unsigned max_depth;
} ma_session;

typedef struct {
	ma_session *ses;
	const char *file; /* absolute path of the file being read */
	const char *ns;   /* namespace prefix of this file's nodes ("" for the scene) */
	int child;        /* 1 for a referenced file: it adds files and plug-ins, no units */
	ma_lexer lx;
	ma_store store;
	ma_node *cur; /* node of the last createNode / select */
	char *header_version;
	char *requires_version;
	char *time_unit;
	ma_refstmt *refs;
	size_t nref, ref_cap;
} ma_walk;

/*
 * What one statement (.ma) or chunk (.mb) does to the walk; both readers
 * call these, so the store is filled by the same rules whatever the format.
 * `line` is the statement's line, 0 when the format has none (.mb).
 */
int ma_walk_create(ma_walk *w, const char *name, const char *type, const char *parent, int shared,
                   uint64_t line);
/* `select -ne :name`: the node becomes current (default nodes get their type). */
int ma_walk_select(ma_walk *w, const char *name, uint64_t line);
/* 1 when the current node's attribute is kept whatever its value (render settings, layers, paths). */
int ma_walk_attr_wanted(const ma_node *n, const char *attr);
/* setAttr on the current node; strings of no interest that do not look like paths are dropped. */
int ma_walk_set(ma_walk *w, const char *attr, const char *value, int is_string, uint64_t line);
/* One element of a stringArray value, kept as "attr[idx]". */
int ma_walk_set_element(ma_walk *w, const char *attr, size_t idx, const char *value, uint64_t line);
/* connectAttr: kept when it touches a layer or Render Setup node, or a layer adjustment. */
int ma_walk_connect(ma_walk *w, const char *src_plug, const char *dst_plug);
/* `file -r` (loaded = 1) or `file -rdi depth`; a "{n}" copy number is dropped from the path. */
int ma_walk_add_reference(ma_walk *w, const char *path, const char *ns, const char *rfn, int depth,
                          int loaded, uint64_t line);

/* Read the statements of w->file into w->store (lexer opened and closed here). */
int ma_walk_read(ma_walk *w);
void ma_walk_dispose(ma_walk *w);

/* Software version in the farm's spelling ("2018ff09" -> "2018"); malloc'd. */
char *ma_farm_version(const char *v);
/* The year of the Maya that saved the file (2018 for "2018ff09"), 0 for "7.0" or none. */
int ma_saved_year(const ma_walk *w);
/* defaultResolution's width and height when the file does not set them, for the Maya that saved it. */
void ma_default_resolution(const ma_walk *w, double *width, double *height);

int ma_feed_software(ma_walk *w);
int ma_feed_layers(ma_walk *w);
int ma_feed_files(ma_walk *w);
int ma_feed_references(ma_walk *w, unsigned depth);
int ma_feed_child_cameras(ma_walk *w);
/* Record a renderable flag for a camera of a referenced file (cameras.c); `node` may be a DAG path. */
int ma_note_camera(ma_session *ses, sp_unit *unit, const char *node, int renderable);
void ma_cam_ovr_dispose(ma_session *ses);

/*
 * Path values that a reference node's edits (`.ed`, dataReferenceEdits) set
 * on nodes of the referenced file: `2 "ns:file1" "fileTextureName"
 * " -type \"string\" \"C:/tex/a.png\""` (files.c).
 */
/* 1 when this file's reference node `rfn` is not loaded: its edits and files do not count (refs.c). */
int ma_reference_unloaded(const ma_walk *w, const char *rfn);
int ma_reference_edits(ma_walk *w, const ma_token *t, size_t n, size_t from);

/* Read one file (scene or reference) and feed the session's scene. */
int ma_read_file(ma_session *ses, const char *path, const char *ns, unsigned depth, int child);

/* Locate the project and feed its folders (project.c). */
int ma_project_setup(ma_session *ses, const char *project_dir);

/* Where Maya finds `written` (variables, maps, the project and scene folders); 1 and `out` when found
 * (refs.c). */
int ma_find_file(sp_buf *out, ma_walk *w, const char *written);

/* Declare one file reference with provenance (files.c); handles the SP_REF_PROJECT join. */
int ma_add_file(ma_walk *w, const char *path, sp_ref_kind kind, unsigned flags, const char *node,
                const char *attr, uint64_t line);

#endif
