/*
 * The scene model and its feed API.
 *
 * An application shim reads a scene file and declares what it found: the
 * software and plug-ins, the render units (Maya render layers, Houdini ROPs,
 * Clarisse images and their layers) and every file reference with where it
 * came from.  The core then resolves, expands, deduplicates and checks the
 * files (sp_scene_analyze) and writes the task files (sp/writers.h).
 */
#ifndef SP_SCENE_H
#define SP_SCENE_H

#include "common.h"
#include "frames.h"

SP_BEGIN_DECL

typedef enum { SP_APP_MAYA = 1, SP_APP_HOUDINI = 2, SP_APP_CLARISSE = 3 } sp_app;

typedef struct sp_scene sp_scene;
typedef struct sp_unit sp_unit;

/**
 * Create an empty model for the scene file at `scene_path` (as given on the
 * command line; it is made absolute and written with forward slashes).
 */
SP_EXTERN(int) sp_scene_new(sp_scene **out, sp_ctx *ctx, sp_app app, const char *scene_path) SP_MUST_CHECK;
SP_EXTERN(void) sp_scene_free(sp_scene *scene);

SP_EXTERN(sp_ctx *) sp_scene_ctx(const sp_scene *scene);
SP_EXTERN(sp_app) sp_scene_app(const sp_scene *scene);
/** The absolute scene path with forward slashes.  Borrowed. */
SP_EXTERN(const char *) sp_scene_path(const sp_scene *scene);

/* ---- software ---------------------------------------------------------- */

/** The version the file says it was saved by, in the farm's spelling ("2018", "17.5.293"). */
SP_EXTERN(int) sp_scene_set_version(sp_scene *scene, const char *version) SP_MUST_CHECK;
SP_EXTERN(const char *) sp_scene_version(const sp_scene *scene);
/**
 * The version the user asked for (--software-version).  It is what
 * software_config carries; when it differs from the file's, analysis adds
 * tip 15013.
 */
SP_EXTERN(int) sp_scene_request_version(sp_scene *scene, const char *version) SP_MUST_CHECK;
/** Declare a plug-in; a repeated name keeps the first version unless `override` is 1. */
SP_EXTERN(int)
sp_scene_add_plugin(sp_scene *scene, const char *name, const char *version, int override) SP_MUST_CHECK;
SP_EXTERN(size_t) sp_scene_plugin_count(const sp_scene *scene);
SP_EXTERN(void) sp_scene_plugin_at(const sp_scene *scene, size_t i, const char **name, const char **version);

/**
 * Set a task_info value (task.json).  Keys are the farm's; unknown keys are
 * SP_EUSER.  The shim sets e.g. "render_layer_type" and "input_project_path";
 * the command line sets "platform", "os_name", "project_name".
 */
SP_EXTERN(int) sp_scene_set_task_value(sp_scene *scene, const char *key, const char *value) SP_MUST_CHECK;
SP_EXTERN(const char *) sp_scene_task_value(const sp_scene *scene, const char *key);

/**
 * Add a folder against which relative file paths are tried, in the order
 * added, after any per-reference bases.  The scene's own folder is always
 * tried last.
 */
SP_EXTERN(int) sp_scene_add_search_dir(sp_scene *scene, const char *dir) SP_MUST_CHECK;

/* ---- render units -------------------------------------------------------- */

typedef enum {
	SP_UNIT_LAYER = 1,  /**< Maya render layer */
	SP_UNIT_ROP,        /**< Houdini render ROP (rop_node, option "-1") */
	SP_UNIT_GEO,        /**< Houdini cache/geometry ROP (geo_node, option "0") */
	SP_UNIT_SIM,        /**< Houdini distributed simulation (option "1") */
	SP_UNIT_IMAGE,      /**< Clarisse image node */
	SP_UNIT_IMAGE_LAYER /**< Clarisse image layer, child of an SP_UNIT_IMAGE */
} sp_unit_kind;

/** Add a unit; `out` is borrowed from the scene (may be NULL). Names are unique per kind. */
SP_EXTERN(int)
sp_scene_add_unit(sp_unit **out, sp_scene *scene, sp_unit_kind kind, const char *name) SP_MUST_CHECK;
SP_EXTERN(int)
sp_unit_add_child(sp_unit **out, sp_unit *parent, sp_unit_kind kind, const char *name) SP_MUST_CHECK;
SP_EXTERN(size_t) sp_scene_unit_count(const sp_scene *scene);
SP_EXTERN(sp_unit *) sp_scene_unit_at(const sp_scene *scene, size_t i);
SP_EXTERN(size_t) sp_unit_child_count(const sp_unit *unit);
SP_EXTERN(sp_unit *) sp_unit_child_at(const sp_unit *unit, size_t i);

SP_EXTERN(const char *) sp_unit_name(const sp_unit *unit);
SP_EXTERN(sp_unit_kind) sp_unit_kind_of(const sp_unit *unit);

/** Renderable flag (default 1). */
SP_EXTERN(void) sp_unit_set_renderable(sp_unit *unit, int renderable);
SP_EXTERN(int) sp_unit_renderable(const sp_unit *unit);

/** Frames rendered (copied).  A unit without frames is written with "" frames. */
SP_EXTERN(int) sp_unit_set_frames(sp_unit *unit, const sp_frames *frames) SP_MUST_CHECK;
SP_EXTERN(const sp_frames *) sp_unit_frames(const sp_unit *unit);

/**
 * Named string properties of a unit, written by the task.json writer where
 * the farm's format has them.  Well-known keys (SP_PROP_*) below; others are
 * kept and shown in the summary.  Setting a key again replaces it.
 */
SP_EXTERN(int) sp_unit_set(sp_unit *unit, const char *key, const char *value) SP_MUST_CHECK;
SP_EXTERN(const char *) sp_unit_get(const sp_unit *unit, const char *key);
SP_EXTERN(size_t) sp_unit_prop_count(const sp_unit *unit);
SP_EXTERN(void) sp_unit_prop_at(const sp_unit *unit, size_t i, const char **key, const char **value);

#define SP_PROP_RENDERER       "renderer"
#define SP_PROP_WIDTH          "width"
#define SP_PROP_HEIGHT         "height"
#define SP_PROP_IMAGE_FORMAT   "image_format"
#define SP_PROP_OUTPUT         "output"            /**< output prefix (Maya) or path */
#define SP_PROP_ANIMATION      "animation"         /**< "True"/"False" */
#define SP_PROP_RENUMBER       "renumber_frames"   /**< "True"/"False" */
#define SP_PROP_DEFAULT_CAMERA "is_default_camera" /**< "1"/"0" */
#define SP_PROP_OPTION         "option"
#define SP_PROP_NODE_TYPE      "node_type"

/** Declare a camera seen by the unit; renderable cameras are also listed as such. */
SP_EXTERN(int) sp_unit_add_camera(sp_unit *unit, const char *camera, int renderable) SP_MUST_CHECK;
SP_EXTERN(size_t) sp_unit_camera_count(const sp_unit *unit);
SP_EXTERN(void) sp_unit_camera_at(const sp_unit *unit, size_t i, const char **camera, int *renderable);

/* ---- file references ------------------------------------------------------ */

typedef enum {
	SP_REF_TEXTURE = 1,
	SP_REF_SCENE,  /**< a referenced scene file */
	SP_REF_CACHE,  /**< geometry / simulation cache (Alembic, bgeo, mc...) */
	SP_REF_PROXY,  /**< render proxy / procedural (.ass, .rs, .vrmesh) */
	SP_REF_VOLUME, /**< VDB and other volumes */
	SP_REF_LIGHT,  /**< IES profiles, light maps */
	SP_REF_CONFIG, /**< OCIO configs, LUTs */
	SP_REF_AUDIO,
	SP_REF_OTHER
} sp_ref_kind;

enum {
	SP_REF_FRAMES = 1u << 0,    /**< frame tokens are expanded (against the render frames) */
	SP_REF_TILES = 1u << 1,     /**< UDIM / UV-tile tokens are expanded */
	SP_REF_DIRECTORY = 1u << 2, /**< the path names a folder; every file below is needed */
	SP_REF_OPTIONAL = 1u << 3,  /**< missing is not an error (info tip only) */
	SP_REF_PROJECT =
	    1u << 4 /**< "root//rel" is a project-relative join: try "rel" against the search dirs too */
};

typedef struct {
	unsigned int version;
	const char *path; /**< as written in the scene (required) */
	sp_ref_kind kind;
	unsigned int flags; /**< SP_REF_* */
	const char *node;   /**< node / item that asked for it */
	const char *attr;   /**< attribute / parameter */
	const char *source; /**< file that holds the statement; NULL = the scene */
	uint64_t line;      /**< 1-based line in `source`, 0 if unknown */
	const char *base;   /**< extra folder to try first for a relative path, or NULL */
} sp_fileref;
#define SP_FILEREF_VERSION 1
#define SP_FILEREF_INIT                                                                                      \
	{                                                                                                    \
		SP_FILEREF_VERSION, NULL, SP_REF_OTHER, 0, NULL, NULL, NULL, 0, NULL                         \
	}

/** Declare a file the render needs.  Empty paths are ignored.  Strings are copied. */
SP_EXTERN(int) sp_scene_add_file(sp_scene *scene, const sp_fileref *ref) SP_MUST_CHECK;
SP_EXTERN(size_t) sp_scene_file_count(const sp_scene *scene);
/** The i-th declared reference (strings borrowed from the scene), NULL past the end. */
SP_EXTERN(const sp_fileref *) sp_scene_file_at(const sp_scene *scene, size_t i);

/* ---- tips ------------------------------------------------------------------- */

/** Append a message under `code` (see sp/tips.h). */
SP_EXTERN(int)
sp_scene_add_tip(sp_scene *scene, int code, const char *fmt, ...) SP_PRINTF(3, 4) SP_MUST_CHECK;

/* ---- analysis ----------------------------------------------------------------- */

/**
 * Resolve every file reference (variables, --map rules, relative bases,
 * project joins), expand sequences and tiles over the file system (each
 * folder listed once), check existence, size and mtime, deduplicate, and run
 * the generic checks (no renderable unit, unit without renderable camera,
 * no renderer, version mismatch, path hygiene), adding tips.  Call once,
 * after the shim has fed everything.
 */
SP_EXTERN(int) sp_scene_analyze(sp_scene *scene) SP_MUST_CHECK;

/** After analysis: number of existing files, missing references, total bytes. */
SP_EXTERN(size_t) sp_scene_asset_count(const sp_scene *scene);
SP_EXTERN(const char *) sp_scene_asset_at(const sp_scene *scene, size_t i);
SP_EXTERN(size_t) sp_scene_missing_count(const sp_scene *scene);
SP_EXTERN(const char *) sp_scene_missing_at(const sp_scene *scene, size_t i);
SP_EXTERN(uint64_t) sp_scene_asset_bytes(const sp_scene *scene);
/** Number of tips with error severity. */
SP_EXTERN(size_t) sp_scene_error_tip_count(const sp_scene *scene);
SP_EXTERN(size_t) sp_scene_tip_count(const sp_scene *scene);

SP_END_DECL

#endif
