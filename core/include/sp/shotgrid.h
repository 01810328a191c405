/*
 * The ShotGrid (Flow Production Tracking) client: the api3 JSON protocol
 * (info, read with paging, create, update, batch, schema_field_read), the
 * upload flows, and the two render steps built on them: register an analysed
 * task folder as a Version, and publish the frames and media back.
 *
 * Nothing here prints.  The script key travels in every request body and in
 * the upload forms; it never appears in a message, a log line or a callback.
 */
#ifndef SP_SHOTGRID_H
#define SP_SHOTGRID_H

#include "common.h"

SP_BEGIN_DECL

typedef struct sp_sg sp_sg;

/** Called before each request is sent: the call ("read Version", "PUT part 2"), the URL, the attempt. */
typedef void (*sp_sg_request_fn)(const char *what, const char *url, int attempt, void *payload);

typedef struct {
	unsigned int version;
	const char *site_url;      /**< https://studio.shotgrid.autodesk.com; required */
	const char *script_name;   /**< the Script entity's name; required */
	const char *script_key;    /**< its application key; copied, never shown; required */
	const char *sudo_as_login; /**< act for this HumanUser login; NULL: the script itself */
	long connect_timeout_ms;   /**< 0: 15 s */
	long timeout_ms;           /**< one API call; 0: 60 s (uploads get ten times this) */
	int max_attempts;          /**< for HTTP 502/504 (and transport failures of reads); 0: 3 */
	long retry_delay_ms;       /**< the pause is this times the attempt number; 0: 750 */
	int insecure;              /**< 1: skip TLS certificate checks (a warning is logged) */
	sp_sg_request_fn on_request;
	void *request_payload;
} sp_sg_options;
#define SP_SG_OPTIONS_VERSION 1
#define SP_SG_OPTIONS_INIT                                                                                   \
	{                                                                                                    \
		SP_SG_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, NULL, NULL                     \
	}

/** Create a client; SP_EUSER when the site, script name or key is missing or malformed. */
SP_EXTERN(int) sp_sg_new(sp_sg **out, sp_ctx *ctx, const sp_sg_options *opts) SP_MUST_CHECK;
SP_EXTERN(void) sp_sg_free(sp_sg *sg);

/**
 * Find the script credentials: SHOTGRID_URL, SHOTGRID_SCRIPT_NAME and
 * SHOTGRID_SCRIPT_KEY (through sp_ctx_getenv), then `config_path`, or when
 * NULL the file "sceneprobe/shotgrid" in the user's configuration folder, with
 * lines "url = ...", "script_name = ...", "script_key = ...".  Only empty
 * buffers are filled, so values already set (from flags) win.  The file is
 * refused (SP_EAUTH) when other users can read it; a missing default file is
 * not an error.
 */
SP_EXTERN(int)
sp_sg_load_credentials(sp_buf *url, sp_buf *script_name, sp_buf *script_key, sp_ctx *ctx,
                       const char *config_path) SP_MUST_CHECK;

/**
 * One api3 call: `method_name` with `payload_json` (any JSON value; NULL for
 * none, as `info` takes).  `results_out` receives the "results" as JSON text.
 * Failures: SP_ENET (no answer, HTTP errors, 503 maintenance), SP_EAUTH
 * (error 102), SP_EUSER (103, 104 and other exceptions; the message says what
 * to change).  sp_sg_error_code() tells the server's code.
 */
SP_EXTERN(int)
sp_sg_call(sp_buf *results_out, sp_sg *sg, const char *method_name, const char *payload_json) SP_MUST_CHECK;
/** The error_code of the last exception answer, 0 when the last call got none. */
SP_EXTERN(int) sp_sg_error_code(const sp_sg *sg);

/** The site's `info` results (version, s3_direct_uploads_enabled, ...) as JSON text. */
SP_EXTERN(int) sp_sg_info(sp_buf *out, sp_sg *sg) SP_MUST_CHECK;

/**
 * Read every page of `type` matching `filters_json` (an array of
 * [field, relation, value...] conditions joined by "and", as the Python API's
 * find() takes them, or a {"logical_operator":..., "conditions": [...]}
 * object), returning `fields_json` (an array of names; "id" is always
 * there).  `out` receives a JSON array of entities.  `limit` 0: all pages.
 */
SP_EXTERN(int)
sp_sg_find(sp_buf *out, sp_sg *sg, const char *type, const char *filters_json, const char *fields_json,
           size_t limit) SP_MUST_CHECK;

/** Create `type` with `fields_json` (an object name -> value); its id to `id_out`.  Never retried. */
SP_EXTERN(int)
sp_sg_create(int64_t *id_out, sp_sg *sg, const char *type, const char *fields_json) SP_MUST_CHECK;
/** Update entity `type` `id` with `fields_json` (an object name -> value). */
SP_EXTERN(int) sp_sg_update(sp_sg *sg, const char *type, int64_t id, const char *fields_json) SP_MUST_CHECK;
/** A transactional batch: `requests_json` is the api3 array of create/update/delete requests. */
SP_EXTERN(int) sp_sg_batch(sp_buf *out, sp_sg *sg, const char *requests_json) SP_MUST_CHECK;
/**
 * The schema of `type`'s field `field_name` (NULL: all fields) for project
 * `project_id` (0: the site's), as JSON text {"field": {...}}.
 */
SP_EXTERN(int)
sp_sg_schema_field_read(sp_buf *out, sp_sg *sg, const char *type, const char *field_name,
                        int64_t project_id) SP_MUST_CHECK;

/**
 * Upload `path` to entity `type` `id`: into file field `field_name`
 * (e.g. "sg_uploaded_movie"), or as its thumbnail when `field_name` is NULL.
 * Direct storage (three steps, multipart over 20 MB streamed from disk) when
 * `info` says the site has it, else one multipart/form-data POST.  The new
 * Attachment's id (0 for a thumbnail when the site gives none) to `id_out`.
 */
SP_EXTERN(int)
sp_sg_upload(int64_t *id_out, sp_sg *sg, const char *type, int64_t id, const char *path,
             const char *field_name, const char *display_name) SP_MUST_CHECK;

/* ---- the render steps ------------------------------------------------------------------ */

typedef struct {
	unsigned int version;
	const char *project;     /**< Project name; required */
	const char *entity;      /**< "Shot:sh010", "Asset:hero", "Sequence:sq01"; required */
	const char *task;        /**< Task content (name) on that entity; NULL: none */
	const char *code;        /**< the Version's name; NULL: the scene's name without extension */
	const char *status;      /**< sg_status_list code; NULL: left as is ("rev" on creation) */
	const char *user;        /**< HumanUser login for `user`; NULL: none */
	const char *frames_path; /**< sg_path_to_frames; NULL: from the analysed outputs */
} sp_sg_register_options;
#define SP_SG_REGISTER_OPTIONS_VERSION 1
#define SP_SG_REGISTER_OPTIONS_INIT                                                                          \
	{                                                                                                    \
		SP_SG_REGISTER_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL                     \
	}

typedef struct {
	int64_t version_id;
	int64_t project_id;
	int64_t entity_id;
	int64_t task_id; /**< 0 without a task */
	int created;     /**< 1 when this run created the Version, 0 when it updated one */
	char code[256];
	char frame_range[64]; /**< "1001-1100", "" when the task has no renderable frames */
} sp_sg_register_result;

/**
 * Find or create the Version for the analysed task folder `dir` and write
 * its id into task.json's additional_info ("shotgrid_version_id",
 * atomically).  A re-run updates the same Version: the id recorded in
 * task.json first, else project + entity + code.  Fields and status codes are
 * checked with schema_field_read first (SP_EUSER lists the valid codes).
 */
SP_EXTERN(int)
sp_sg_register(sp_sg_register_result *out, sp_sg *sg, const char *dir,
               const sp_sg_register_options *opts) SP_MUST_CHECK;

typedef struct {
	unsigned int version;
	const char *movie;       /**< uploaded to sg_uploaded_movie (the site transcodes it); NULL: none */
	const char *thumbnail;   /**< uploaded as the Version's thumbnail; NULL: none */
	const char *frames_path; /**< new sg_path_to_frames; NULL: unchanged */
	const char *status;      /**< new sg_status_list; NULL: unchanged */
	long wait_thumbnail_s;   /**< > 0: wait up to this long until the thumbnail is no longer transient */
	long poll_interval_ms;   /**< between thumbnail checks; 0: 2000 */
	int force_upload;        /**< 1: upload the movie even when this very file is already the Version's */
} sp_sg_publish_options;
#define SP_SG_PUBLISH_OPTIONS_VERSION 1
#define SP_SG_PUBLISH_OPTIONS_INIT                                                                           \
	{                                                                                                    \
		SP_SG_PUBLISH_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, 0, 0                               \
	}

typedef struct {
	int64_t version_id;
	int64_t movie_attachment_id; /**< the movie's Attachment, 0 when no movie was given */
	int movie_unchanged; /**< 1 when the movie was already uploaded from this file and was not sent again
	                      */
	int direct_storage;  /**< 1 when uploads went through direct storage */
	int thumbnail_ready; /**< 1 when the wait saw a final thumbnail */
} sp_sg_publish_result;

/**
 * Update the Version registered for `dir` (SP_ENOTFOUND when none is
 * recorded: run sp_sg_register first) and upload the movie and thumbnail.
 * The movie's upload is recorded in task.json's additional_info
 * ("shotgrid_movie": attachment id, size, time and path), so a re-run does
 * not send the same file again while the Version still holds it.
 */
SP_EXTERN(int)
sp_sg_publish(sp_sg_publish_result *out, sp_sg *sg, const char *dir,
              const sp_sg_publish_options *opts) SP_MUST_CHECK;

SP_END_DECL

#endif
