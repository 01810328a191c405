/*
 * The farm client: signed calls to the Renderbus / Fox Renderfarm API, the
 * submission sequence for an analysed task folder, task status and control.
 *
 * Nothing here prints.  Requests and progress go to callbacks; the access
 * key and the signatures never appear in a message, a log line or a callback.
 */
#ifndef SP_SUBMIT_H
#define SP_SUBMIT_H

#include "common.h"

SP_BEGIN_DECL

#define SP_FARM_DEFAULT_URL       "https://task.renderbus.com"
#define SP_FARM_INTERNATIONAL_URL "https://task.foxrenderfarm.com"

/**
 * Set up the network library (libcurl's curl_global_init).  Call it once
 * from the host's start-up code on one thread, before any sp_farm exists, and
 * sp_net_shutdown() once at the end; libcurl counts the calls itself, so
 * nested pairs are fine.  Never from a DLL's load or unload routine.  A
 * program that skips it still works: libcurl then initialises lazily in the
 * first sp_farm_new(), which is safe only while no other thread uses libcurl.
 */
SP_EXTERN(int) sp_net_init(sp_ctx *ctx) SP_MUST_CHECK;
SP_EXTERN(void) sp_net_shutdown(void);

typedef struct sp_farm sp_farm;

/** Called before each request is sent (and in a dry run instead of sending): no secrets in it. */
typedef void (*sp_farm_request_fn)(const char *url, const char *body, int attempt, void *payload);

typedef struct {
	unsigned int version;
	const char *api_url;     /**< NULL: SP_FARM_DEFAULT_URL; the signed domain is its host[:port] */
	const char *access_id;   /**< required */
	const char *access_key;  /**< required; copied, never shown */
	const char *platform;    /**< NULL: "2" */
	long connect_timeout_ms; /**< 0: 15 s */
	long timeout_ms;         /**< one attempt, whole transfer; 0: 120 s */
	int max_attempts;        /**< transport failures and HTTP 5xx only; 0: 4 */
	long retry_delay_ms;     /**< first back-off, doubled each time, jittered; 0: 1000 */
	int insecure;            /**< 1: skip TLS certificate checks (a warning is logged) */
	int language;            /**< languageFlag: 0 Chinese, 1 English */
	int dry_run;             /**< 1: report each request through on_request, send nothing */
	sp_farm_request_fn on_request;
	void *request_payload;
} sp_farm_options;
#define SP_FARM_OPTIONS_VERSION 1
#define SP_FARM_OPTIONS_INIT                                                                                 \
	{                                                                                                    \
		SP_FARM_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, NULL, NULL             \
	}

/** Create a client; SP_EUSER when the id, key or URL is missing or malformed.  Free with sp_farm_free(). */
SP_EXTERN(int) sp_farm_new(sp_farm **out, sp_ctx *ctx, const sp_farm_options *opts) SP_MUST_CHECK;
SP_EXTERN(void) sp_farm_free(sp_farm *farm);
SP_EXTERN(int) sp_farm_is_dry_run(const sp_farm *farm);

/**
 * Find credentials the way the vendor SDK does: RAYVISION_API_ACCESS_ID and
 * RAYVISION_API_KEY (through sp_ctx_getenv), then `config_path`, or when NULL
 * the file "sceneprobe/credentials" in the user's configuration folder, with
 * lines "access_id = ..." and "access_key = ..." (also api_url, platform).
 * Only empty buffers are filled, so values already set (from flags) win.
 * The file is refused (SP_EAUTH) when other users can read it.  A missing
 * file is not an error; missing credentials are the caller's to report.
 */
SP_EXTERN(int)
sp_farm_load_credentials(sp_buf *access_id, sp_buf *access_key, sp_buf *api_url, sp_buf *platform,
                         sp_ctx *ctx, const char *config_path) SP_MUST_CHECK;

/**
 * One signed call: POST `body_json` (a JSON object; NULL means {}) to `path`.
 * On success (envelope code 200) `data_out` receives the envelope's "data"
 * as JSON text ("null" in a dry run).  Failures: SP_ENET (no answer after the
 * retries, or HTTP 5xx), SP_EAUTH (602, 605, 610, 611), SP_EUSER (any other
 * server code); the message carries the server's code, its message and a
 * hint.  sp_farm_server_code() tells which.
 */
SP_EXTERN(int)
sp_farm_call(sp_buf *data_out, sp_farm *farm, const char *path, const char *body_json) SP_MUST_CHECK;
/** The envelope code of the last answer (200 on success), 0 when none was received. */
SP_EXTERN(int) sp_farm_server_code(const sp_farm *farm);
/** Attempts the last sp_farm_call made (1 when the first succeeded). */
SP_EXTERN(int) sp_farm_attempts(const sp_farm *farm);

/* ---- the submission sequence ------------------------------------------------ */

typedef enum {
	SP_SUBMIT_STEP_NONE = 0,
	SP_SUBMIT_STEP_READ,     /**< reading the task folder */
	SP_SUBMIT_STEP_TIPS,     /**< error tips refused the submission */
	SP_SUBMIT_STEP_CREATE,   /**< task id, user, project */
	SP_SUBMIT_STEP_UPLOAD,   /**< the four json files */
	SP_SUBMIT_STEP_TRANSFER, /**< the assets, through the transmitter */
	SP_SUBMIT_STEP_SUBMIT,
	SP_SUBMIT_STEP_DONE
} sp_submit_step;

/** A line of progress: a step starting, a line the transmitter printed. */
typedef void (*sp_submit_output_fn)(const char *line, void *payload);

typedef struct {
	unsigned int version;
	const char *const *labels; /**< may be NULL */
	size_t label_count;
	const char *producer;    /**< may be NULL */
	int level;               /**< taskUserLevel, 50 or 60; 0: 50 */
	int force;               /**< submit although tips.json holds error codes */
	int no_transfer;         /**< skip the asset transfer */
	const char *transmitter; /**< NULL: $RAYVISION_TRANSMITTER, then rayvision_transmitter on PATH */
	const char *engine;      /**< "aspera" or "raysyncproxy"; NULL: the farm's default engine */
	long max_speed_kb;       /**< 0: 1048576 */
	sp_submit_output_fn on_output;
	void *output_payload;
} sp_submit_options;
#define SP_SUBMIT_OPTIONS_VERSION 1
#define SP_SUBMIT_OPTIONS_INIT                                                                               \
	{                                                                                                    \
		SP_SUBMIT_OPTIONS_VERSION, NULL, 0, NULL, 0, 0, 0, NULL, NULL, 0, NULL, NULL                 \
	}

typedef struct {
	int64_t task_id;       /**< 0 when none was created (or in a dry run without one) */
	char alias[64];        /**< the farm's display id, "" when unknown */
	sp_submit_step step;   /**< the step reached: SP_SUBMIT_STEP_DONE on success, else where it stopped */
	int created;           /**< 1 when this run created the task id */
	int already_submitted; /**< 1 when an earlier run had submitted it; nothing was sent again */
	int error_tips;        /**< error tip codes found in tips.json */
} sp_submit_result;

/**
 * Take the analysed folder `dir` to a submitted task: create the task id
 * unless task.json has one, write task_id, user_id and project_id into
 * task.json (atomically), refuse on error tips unless opts->force, upload the
 * four files, hand upload.json to the transmitter, submit.  What is done is
 * recorded in dir/.sceneprobe-submit.json, so a run after a failure carries on
 * where it stopped and never creates a second task.  `out` is filled even on
 * failure (out->step says where it stopped).
 */
SP_EXTERN(int)
sp_submit_run(sp_submit_result *out, sp_farm *farm, const char *dir,
              const sp_submit_options *opts) SP_MUST_CHECK;

/* ---- following and controlling tasks ---------------------------------------- */

typedef struct {
	int64_t id;
	int64_t parent_id; /**< 0 for a task, its task's id for a layer sub-task */
	const char *alias; /**< "" when the farm gives none */
	const char *name;  /**< outputFileName, "" when none */
	int status;        /**< the farm's taskStatus */
	int64_t total_frames;
	int64_t done_frames;
	int64_t failed_frames;
	int layered; /**< 1 when the task is split into sub-tasks (isOpen) */
} sp_task_status;

/** Called once per task and once per sub-task, a task before its sub-tasks; non-zero stops. */
typedef int (*sp_task_status_fn)(const sp_task_status *st, void *payload);

/** Query the status of `count` task ids. */
SP_EXTERN(int)
sp_farm_task_status(sp_farm *farm, const int64_t *ids, size_t count, sp_task_status_fn cb,
                    void *payload) SP_MUST_CHECK;
/** "waiting", "rendering", "done", ... for a taskStatus code; "status N" text is the caller's for unknown. */
SP_EXTERN(const char *) sp_task_status_text(int status);
/** 1 when `status` is an end state (stopped, done, abandoned, failed...). */
SP_EXTERN(int) sp_task_status_is_end(int status);

typedef enum { SP_TASK_STOP, SP_TASK_START, SP_TASK_ABANDON } sp_task_action;
SP_EXTERN(int)
sp_farm_task_action(sp_farm *farm, sp_task_action action, const int64_t *ids, size_t count) SP_MUST_CHECK;

/* ---- downloading the output ------------------------------------------------------------ */

typedef struct {
	unsigned int version;
	const char *local_dir;   /**< where the output goes (created); required */
	const char *transmitter; /**< NULL: $RAYVISION_TRANSMITTER, then rayvision_transmitter on PATH */
	const char *engine;      /**< NULL: the farm's default engine */
	long max_speed_kb;       /**< 0: 1048576 */
	int only_finished;       /**< 1: fetch only (sub-)tasks that have ended; 0: also frames done so far */
	sp_submit_output_fn on_output;
	void *output_payload;
} sp_download_options;
#define SP_DOWNLOAD_OPTIONS_VERSION 1
#define SP_DOWNLOAD_OPTIONS_INIT                                                                             \
	{                                                                                                    \
		SP_DOWNLOAD_OPTIONS_VERSION, NULL, NULL, NULL, 0, 1, NULL, NULL                              \
	}

typedef struct {
	size_t downloaded; /**< outputs handed to the transmitter */
	size_t unfinished; /**< (sub-)tasks not in an end state yet */
} sp_download_result;

/**
 * Fetch the output of tasks `ids` (each sub-task of a layered task on its
 * own) through the transmitter: "-T download_path", the output storage, the
 * task's outputFileName as the remote path.  SP_EIO when the transmitter
 * fails, SP_ENOTFOUND when it cannot be found.
 */
SP_EXTERN(int)
sp_download_run(sp_download_result *out, sp_farm *farm, const int64_t *ids, size_t count,
                const sp_download_options *opts) SP_MUST_CHECK;

SP_END_DECL

#endif
