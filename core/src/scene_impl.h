/* The scene model's internals, shared by scene.c, analyze.c and writers.c. */
#ifndef SP_SCENE_IMPL_H
#define SP_SCENE_IMPL_H

#include "sp/scene.h"
#include "util.h"

struct sp_unit {
	sp_scene *scene;
	sp_unit_kind kind;
	char *name;
	int renderable;
	sp_frames *frames;
	sp_strvec prop_keys;
	sp_strvec prop_values;
	sp_strvec cameras;
	unsigned char *camera_renderable;
	sp_unit **children;
	size_t child_count;
	size_t child_cap;
};

/* What analysis learned about one declared reference. */
typedef struct {
	char *resolved; /* absolute, normalised local path (or pattern) */
	size_t files;   /* existing files it stands for */
	uint64_t bytes;
	size_t missing; /* 1 when nothing exists for it */
} sp_ref_result;

typedef struct {
	char *local;
	uint64_t size;
	int64_t mtime;
} sp_asset;

/* The scene file's MD5, taken on its own thread while the shim parses (analyze.c). */
typedef struct sp_scene_hasher sp_scene_hasher;

struct sp_scene {
	sp_ctx *ctx;
	sp_app app;
	char *path;
	char *version;
	char *requested_version;
	sp_strvec plugin_names;
	sp_strvec plugin_versions;
	char **task_values; /* parallel to sp__task_keys() */
	sp_strvec search_dirs;
	sp_unit **units;
	size_t unit_count;
	size_t unit_cap;
	sp_fileref *refs;
	sp_ref_result *results; /* parallel to refs, NULL until analysis starts */
	size_t ref_count;
	size_t ref_cap;
	sp_map *tips; /* "code" -> sp_strvec* */
	size_t tip_messages;
	/* analysis results */
	int analyzed;
	sp_asset *assets;
	size_t asset_count;
	sp_strvec missing;
	uint64_t asset_bytes;
	char scene_md5[33];
	sp_scene_hasher *hasher; /* the scene's MD5 being taken on a thread, or NULL */
};

/* task_info keys in the farm's order, NULL-terminated, and their defaults. */
const char *const *sp__task_keys(void);
const char *sp__task_default(size_t i);
/* The farm's id for the application ("2000", "2004", "2013") and its name. */
const char *sp__app_cg_id(sp_app app);
const char *sp__app_name(sp_app app);
/* Version the task files carry: the requested one, else the file's. */
const char *sp__scene_effective_version(const sp_scene *scene);
/* Tip codes present, sorted ascending, and their messages. */
size_t sp__scene_tip_codes(const sp_scene *scene, int *codes, size_t max);
const sp_strvec *sp__scene_tip_messages(const sp_scene *scene, int code);

/*
 * Start hashing the scene file on a second thread (sp_scene_new does); when no
 * thread can be had, sp_scene_analyze hashes inline.  sp__scene_hash_join
 * joins it; stop cancels and joins it (sp_scene_free), after which analysis
 * hashes inline.
 */
/* Make `results` (parallel to `refs`, zeroed) for analysis: 0 or SP_ENOMEM. */
int sp__scene_results_ready(sp_scene *scene);

void sp__scene_hash_start(sp_scene *scene);
void sp__scene_hash_stop(sp_scene *scene);
/*
 * sp_scene_analyze leaves the hash thread running: join it (or hash inline
 * when it is not ours to join) so sp__scene_md5 has the MD5.  0, or SP_EIO
 * when the scene cannot be read (message on the scene's context).
 */
int sp__scene_hash_join(const sp_scene *scene);
/* The scene's MD5 (32 hex digits) once joined, else NULL. */
const char *sp__scene_md5(const sp_scene *scene);

#endif
