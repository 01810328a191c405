/* sp_analyze_file: a scene file to a task folder and its summary, as `sceneprobe analyze --json`. */
#include "dispatch.h"
#include "options.h"

#include "os.h"
#include "util.h"

#include <time.h>

/* How many "-N" suffixes a new workspace folder may try before giving up. */
#define MAX_DIR_SUFFIX 1000

static const char *const analyze_keys[] = {
    "software_version", "project_name", "project_dir", "platform", "os",
    "workspace",        "plugins",      "env",         "map",      NULL};

typedef struct {
	const char *software_version, *project_name, *project_dir, *os_name, *workspace;
	sp_buf platform;
} analyze_args;

static int read_args(analyze_args *a, sp_ctx *ctx, const cJSON *opts)
{
	int error;
	if ((error = sp__opts_string(&a->software_version, ctx, opts, "software_version")) < 0 ||
	    (error = sp__opts_string(&a->project_name, ctx, opts, "project_name")) < 0 ||
	    (error = sp__opts_string(&a->project_dir, ctx, opts, "project_dir")) < 0 ||
	    (error = sp__opts_string(&a->os_name, ctx, opts, "os")) < 0 ||
	    (error = sp__opts_string(&a->workspace, ctx, opts, "workspace")) < 0 ||
	    (error = sp__opts_text(&a->platform, ctx, opts, "platform")) < 0)
		return error;
	if (a->os_name && strcmp(a->os_name, "windows") != 0 && strcmp(a->os_name, "linux") != 0)
		return sp_ctx_error(ctx, SP_EUSER, "option 'os' must be \"windows\" or \"linux\", not '%s'",
		                    a->os_name);
	return 0;
}

/* The same task values, in the same order, as the command line sets them. */
static int set_task_options(sp_scene *scene, const analyze_args *a)
{
	int error = 0;
	if (a->platform.size)
		error = sp_scene_set_task_value(scene, "platform", a->platform.ptr);
	if (error == 0 && a->os_name)
		error =
		    sp_scene_set_task_value(scene, "os_name", strcmp(a->os_name, "linux") == 0 ? "0" : "1");
	if (error == 0 && a->project_name)
		error = sp_scene_set_task_value(scene, "project_name", a->project_name);
	if (error == 0 && a->software_version)
		error = sp_scene_request_version(scene, a->software_version);
	return error;
}

static int set_env(const char *name, const char *value, void *payload)
{
	return sp_ctx_set_env(sp_scene_ctx(payload), name, value);
}

static int add_map(const char *name, const char *value, void *payload)
{
	return sp_ctx_add_path_map(sp_scene_ctx(payload), name, value);
}

static int add_plugin(const char *name, const char *value, void *payload)
{
	return sp_scene_add_plugin(payload, name, value, 1);
}

/* The workspace's parent: the option, $SCENEPROBE_WORKSPACE, else ~/renderfarm_sdk. */
static int workspace_dir(sp_buf *out, sp_ctx *ctx, const char *workspace)
{
	const char *ws = workspace && *workspace ? workspace : sp_ctx_getenv(ctx, "SCENEPROBE_WORKSPACE");
	int error;
	if (ws && *ws)
		return sp_buf_sets(out, ws) < 0 ? sp__oom(ctx) : 0;
	error = sp_os_home_dir(ctx, out);
	if (error < 0)
		return error;
	return sp_buf_puts(out, "/renderfarm_sdk") < 0 ? sp__oom(ctx) : 0;
}

/* "<workspace>/<unix time>-<pid>", with "-N" added while that name is taken. */
static int new_task_dir(sp_buf *out, sp_ctx *ctx, const char *workspace)
{
	sp_buf base = SP_BUF_INIT;
	sp_os_stat_info st;
	long long now = (long long)time(NULL);
	int error = workspace_dir(&base, ctx, workspace);
	for (int n = 1; error == 0 && n <= MAX_DIR_SUFFIX; n++) {
		sp_buf_clear(out);
		if (sp_buf_printf(out, "%s/%lld-%ld", base.ptr, now, sp_os_pid()) < 0 ||
		    (n > 1 && sp_buf_printf(out, "-%d", n) < 0)) {
			error = sp__oom(ctx);
			break;
		}
		error = sp_os_stat(ctx, out->ptr, &st);
		if (error == SP_ENOTFOUND) {
			sp_ctx_clear_error(ctx);
			error = 0;
			goto done;
		}
	}
	if (error == 0)
		error = sp_ctx_error(ctx, SP_EIO, "no free task folder name in '%s'", base.ptr);
done:
	sp_buf_dispose(&base);
	return error;
}

static int read_scene(sp_scene **out, sp_ctx *ctx, const char *path, const cJSON *opts, const analyze_args *a)
{
	const sp__reader *reader = NULL;
	sp__reader_options ro = {a->project_dir};
	sp_scene *scene = NULL;
	int error = sp__reader_for_file(&reader, ctx, path);
	if (error == 0)
		error = sp_scene_new(&scene, ctx, reader->app, path);
	if (error == 0)
		error = set_task_options(scene, a);
	if (error == 0)
		error = sp__opts_pairs(ctx, opts, "env", set_env, scene);
	if (error == 0)
		error = sp__opts_pairs(ctx, opts, "map", add_map, scene);
	if (error == 0)
		error = reader->read(scene, &ro);
	if (error == 0)
		error = sp__opts_pairs(ctx, opts, "plugins", add_plugin, scene);
	if (error == 0)
		error = sp_scene_analyze(scene);
	if (error < 0) {
		sp_scene_free(scene);
		return error;
	}
	*out = scene;
	return 0;
}

int sp_analyze_file(char **summary_out, sp_ctx *ctx, const char *scene_path, const char *out_dir,
                    const char *options_json)
{
	analyze_args a = {NULL, NULL, NULL, NULL, NULL, SP_BUF_INIT};
	cJSON *opts = NULL;
	sp_scene *scene = NULL;
	sp_buf dir = SP_BUF_INIT, json = SP_BUF_INIT;
	int error;
	if (!summary_out || !ctx)
		return sp_ctx_error(ctx, SP_EUSER, "sp_analyze_file needs an output pointer and a context");
	*summary_out = NULL;
	sp_ctx_clear_error(ctx);
	if (!scene_path || !*scene_path)
		return sp_ctx_error(ctx, SP_EUSER, "sp_analyze_file needs a scene file");
	if ((error = sp__opts_parse(&opts, ctx, options_json, analyze_keys)) < 0 ||
	    (error = read_args(&a, ctx, opts)) < 0 ||
	    (error = read_scene(&scene, ctx, scene_path, opts, &a)) < 0)
		goto done;
	if (out_dir && *out_dir)
		error = sp_buf_sets(&dir, out_dir) < 0 ? sp__oom(ctx) : 0;
	else
		error = new_task_dir(&dir, ctx, a.workspace);
	if (error == 0)
		error = sp_write_task_dir(scene, dir.ptr);
	if (error == 0)
		error = sp_write_summary_json(&json, scene, dir.ptr);
	if (error == 0) {
		*summary_out = json.ptr; /* the caller's now: released by sp_string_free */
		json.ptr = NULL;
	}
done:
	sp_buf_dispose(&json);
	sp_buf_dispose(&dir);
	sp_buf_dispose(&a.platform);
	sp_scene_free(scene);
	cJSON_Delete(opts);
	return error;
}

void sp_string_free(char *str)
{
	sp__free(str);
}
