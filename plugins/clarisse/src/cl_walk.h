/*
 * The walk over a project's events: contexts and item paths, Image items
 * and their layers, file attributes and referenced projects.  One session
 * spans the main project and every project it references.
 */
#ifndef CL_WALK_H
#define CL_WALK_H

#include "cl_lexer.h"
#include "sp_clarisse.h"

/* Clarisse checks that have no farm code; unknown codes are warnings in the core's table. */
enum {
	CL_TIP_BAD_OUTPUT = SP_TIP_BAD_OUTPUT_PATH,
	CL_TIP_LAYER_FRAMES = SP_TIP_FRAMES_OUTSIDE_RANGE,
	CL_TIP_OUTPUT_OVERLAP = SP_TIP_OUTPUT_IS_INPUT
};

#define CL_MAX_REFERENCE_DEPTH 16u

/* An Image or a layer, with the attributes the farm needs. */
typedef struct {
	char *cls;
	char *name;    /* full item path: "project://scene/image", "project://scene/image.layer" */
	char *context; /* the context holding it (for an embedded layer, its image's) */
	char *source;  /* the .project file that holds it */
	uint64_t line;
	cl_strvec keys, values; /* attributes as written; multi-values joined by spaces */
	cl_strvec layers;       /* Image: the values of its "layers" attribute */
	int embedded;           /* layer: declared inside an item's embedded_objects */
} cl_item;

typedef struct {
	char *path;  /* normalised, variables expanded, as declared */
	size_t file; /* index in cl_session.files of the project that holds the statement */
	uint64_t line;
} cl_input;

typedef struct {
	sp_scene *scene;
	sp_ctx *ctx;
	cl_item *images;
	size_t image_count, image_cap;
	cl_item *layers;
	size_t layer_count, layer_cap;
	cl_strvec stack;  /* real paths of the projects being read, outermost first */
	cl_strvec files;  /* every project read, in order */
	cl_input *inputs; /* every input path, for the overlap check */
	size_t input_count, input_cap;
	cl_strvec renderer_classes;
	char *header_version;  /* "#Isotropix_Clarisse_Version" of the main project */
	sp_index *layer_names; /* layer name -> index in layers, built by cl_feed_images */
} cl_session;

/* Read `path` (absolute) under the context path `prefix` ("project:/" for the main project). */
int cl_read_project(cl_session *ses, const char *path, const char *prefix, unsigned depth);

/* The value of `key` on an item, NULL when not written. */
const char *cl_item_get(const cl_item *item, const char *key);

/* After every file: the image units, their layers, the Clarisse tips. */
int cl_feed_images(cl_session *ses);

void cl_session_dispose(cl_session *ses);

/* ---- files (cl_files.c) ---- */

/*
 * Which values of an attribute line name files, decided once per line
 * (class and attribute) so that each value costs a look at its last bytes.
 */
enum {
	CL_FILES_NONE, /* outputs (save_as...), export processes: no value is an input */
	CL_FILES_ALL,  /* a file attribute of its class: every path value is an input */
	CL_FILES_EXT   /* any other attribute: a value is a path when it ends in a known extension */
};
typedef struct {
	int mode;
	sp_ref_kind kind; /* CL_FILES_ALL */
} cl_file_rule;

void cl_file_rule_for(cl_file_rule *rule, const char *cls, const char *attr);
/* 1 with the kind when `value` (`len` bytes, NUL-terminated) is a file under `rule`, else 0. */
int cl_file_rule_match(const cl_file_rule *rule, const char *value, size_t len, sp_ref_kind *kind);
/*
 * When `value` of `attr` on an item of class `cls` names a file the render
 * reads: 1 with its kind, else 0.  Outputs (save_as...) and item paths are
 * never inputs.  The two calls above, for one value.
 */
int cl_file_kind(const char *cls, const char *attr, const char *value, sp_ref_kind *kind);
/*
 * The path as the core should see it: "$PDIR" / "${PDIR}" replaced by
 * `pdir`, Clarisse sequence tokens spelled the way the core's expander reads
 * them.  Other variables are left for the core.
 */
int cl_path_prepare(sp_buf *out, const char *value, const char *pdir);
/* Variables expanded, maps applied, normalised, made absolute against `dir`: the path to open. */
int cl_path_resolve(sp_buf *out, sp_ctx *ctx, const char *prepared, const char *dir);

#endif
