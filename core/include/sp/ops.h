/*
 * Whole operations, for hosts and bindings: analyse a scene file into a task
 * folder, submit a task folder.  This is the stable surface the Python
 * binding and the application menus use; it is declared here so that
 * `sceneprobe.h` carries the whole public API, and it is implemented by the
 * sceneprobe library (libsceneprobe.so / libsceneprobe.a), not by sp_core
 * alone, because it dispatches to the Maya, Houdini and Clarisse readers.
 *
 * Ownership: every string these functions hand back is allocated by the
 * library and released with sp_string_free() (never with free(): a host and
 * the library may use different C runtimes).  Errors: the return value is 0
 * or a negative SP_E* code, and the one-line message is on the sp_ctx the
 * caller passed (sp_ctx_last_error()).  Threads: nothing here keeps global
 * state, so calls on distinct contexts may run at the same time.
 *
 * Options are a JSON object (NULL or "" means none), so that new options
 * never change the ABI; an unknown key or a value of the wrong type is
 * SP_EUSER naming the key.
 */
#ifndef SP_OPS_H
#define SP_OPS_H

#include "common.h"

SP_BEGIN_DECL

/**
 * Analyse the scene file `scene` (its kind is found from its first bytes)
 * and write task.json, upload.json, asset.json and tips.json into `out_dir`.
 *
 * @param[out] summary_out the summary document, the same JSON text that
 *             `sceneprobe analyze --json` prints (with "task_dir"); NULL on
 *             failure.  Release with sp_string_free().
 * @param ctx     receives the error message; its variable overrides and path
 *                maps apply as well as the options'.
 * @param scene   the scene file (UTF-8 path).
 * @param out_dir the task folder (created with its parents), or NULL for a
 *                new folder "<workspace>/<unix time>-<pid>" (a "-N" suffix is
 *                added when that exists), the workspace being the option
 *                "workspace", else $SCENEPROBE_WORKSPACE, else
 *                ~/renderfarm_sdk; the summary's "task_dir" names it.
 * @param options_json a JSON object with any of:
 *        "software_version" (string), "project_name" (string),
 *        "project_dir" (string, the Maya project), "platform" (string or
 *        integer), "os" ("windows" or "linux"), "workspace" (string),
 *        "plugins" (object NAME: VERSION, or array of "NAME=VERSION"),
 *        "env" (object NAME: VALUE, or array of "NAME=VALUE"),
 *        "map" (array of "FROM=TO" or of [FROM, TO] pairs, tried in order).
 * @return 0; SP_EUSER for bad options; SP_ENOTFOUND / SP_EIO when the scene
 *         cannot be read; SP_EUNSUPPORTED for a file no reader takes;
 *         SP_ECORRUPT / SP_ETOOBIG from the reader; SP_EIO when the task
 *         files cannot be written.  Error tips are not a failure: they are in
 *         the summary.
 */
SP_EXTERN(int)
sp_analyze_file(char **summary_out, sp_ctx *ctx, const char *scene, const char *out_dir,
                const char *options_json) SP_MUST_CHECK;

/**
 * Submit the analysed task folder `task_dir` (see sp_submit_run): find the
 * credentials, create the task, upload, transfer, submit.
 *
 * @param[out] result_out a JSON object {"task_id", "alias", "step",
 *             "created", "already_submitted", "error_tips", "dry_run",
 *             "output": [lines the transfer printed], "requests": [{"url",
 *             "body"}] (dry runs only)}.  It is set on failure too whenever it
 *             could be built, so a host can say which step stopped and which
 *             task was created; NULL otherwise.  Release with sp_string_free().
 * @param options_json a JSON object with any of the farm options
 *        "api_url", "access_id", "access_key", "platform", "config" (strings),
 *        "timeout", "connect_timeout" (seconds), "retries", "retry_delay_ms",
 *        "insecure", "english", "dry_run" (booleans), and the submission
 *        options "labels" (array of strings), "producer", "level" (50 or 60),
 *        "force", "no_transfer" (booleans), "transmitter", "engine",
 *        "max_speed" (KB/s).
 * @return 0; SP_EUSER for bad options, missing credentials or refused error
 *         tips; SP_EAUTH; SP_ENET; SP_EIO / SP_ENOTFOUND for the folder or the
 *         transfer (the codes of sp_submit_run).
 */
SP_EXTERN(int)
sp_submit_dir(char **result_out, sp_ctx *ctx, const char *task_dir, const char *options_json) SP_MUST_CHECK;

/** Release a string returned by this library.  NULL is a no-op. */
SP_EXTERN(void) sp_string_free(char *str);

SP_END_DECL

#endif
