/*
 * The submission sequence (spec/renderbus-api.md, "The submission sequence"):
 * tips → task id → ids into task.json → the four files → the assets through
 * the transmitter → submit.
 *
 * Re-runs: the task id lives in task.json, written the moment it is created,
 * so a run after any failure reuses it.  What was uploaded, transferred and
 * submitted is kept in DIR/.sceneprobe-submit.json with a SHA-256 of what was
 * sent, so a re-run repeats only what is not done, or what changed since.
 */
#include "farm.h"
#include "json.h"
#include "os.h"
#include "sign.h"
#include "transfer.h"
#include "sp/paths.h"

#include <stdarg.h>
#include <stdio.h>

#define SP_STATE_FILE    ".sceneprobe-submit.json"
#define SP_MAX_TASK_TEXT (256u * 1024u * 1024u)
#define SP_TRANSMITTER   "rayvision_transmitter"

static const char *const task_files[] = {"task.json", "upload.json", "asset.json", "tips.json"};

typedef struct {
	sp_farm *farm;
	sp_ctx *ctx;
	const sp_submit_options *opts;
	sp_submit_result *res;
	sp_buf dir;       /* absolute */
	cJSON *task;      /* task.json */
	cJSON *state;     /* the record of what is done */
	char task_id[32]; /* text; "0" while unknown in a dry run */
} run;

/* ---- small helpers ---------------------------------------------------------- */

static void say(run *r, const char *fmt, ...) SP_PRINTF(2, 3);
static void say(run *r, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	if (!r->opts->on_output)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	r->opts->on_output(line, r->opts->output_payload);
}

static int file_path(sp_buf *out, run *r, const char *name)
{
	sp_buf_clear(out);
	return sp_buf_printf(out, "%s/%s", r->dir.ptr, name) < 0 ? sp__oom(r->ctx) : 0;
}

static int read_text(sp_buf *out, sp_ctx *ctx, const char *path)
{
	FILE *f = sp_os_fopen_read(ctx, path);
	char chunk[65536];
	size_t n;
	int error = 0;
	if (!f)
		return sp_ctx_last_code(ctx);
	sp_buf_clear(out);
	while (error == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->size + n > SP_MAX_TASK_TEXT)
			error = sp_ctx_error(ctx, SP_ETOOBIG, "'%s' is larger than a task file can be", path);
		else if (sp_buf_put(out, chunk, n) < 0)
			error = sp__oom(ctx);
	}
	if (error == 0 && ferror(f))
		error = sp_ctx_error(ctx, SP_EIO, "cannot read '%s'", path);
	fclose(f);
	if (error == 0 && sp_buf_puts(out, "") < 0)
		error = sp__oom(ctx);
	return error;
}

static int load_json(cJSON **out, run *r, const char *name)
{
	sp_buf path = SP_BUF_INIT, text = SP_BUF_INIT;
	int error = file_path(&path, r, name);
	if (error == 0)
		error = read_text(&text, r->ctx, path.ptr);
	if (error == 0) {
		*out = cJSON_ParseWithLength(text.ptr, text.size);
		if (!cJSON_IsObject(*out)) {
			cJSON_Delete(*out);
			*out = NULL;
			error = sp_ctx_error(r->ctx, SP_ECORRUPT, "'%s' is not a JSON object", path.ptr);
		}
	}
	sp_buf_dispose(&path);
	sp_buf_dispose(&text);
	return error;
}

static int save_json(run *r, const char *name, const cJSON *root)
{
	sp_buf text = SP_BUF_INIT, tmp = SP_BUF_INIT, path = SP_BUF_INIT;
	int error = sp__json_render(&text, root) < 0 ? sp__oom(r->ctx) : 0;
	if (error == 0)
		error = file_path(&path, r, name);
	if (error == 0)
		error = sp_os_write_temp(r->ctx, r->dir.ptr, ".submit-", text.ptr, text.size, &tmp);
	if (error == 0) {
		error = sp_os_replace(r->ctx, tmp.ptr, path.ptr);
		if (error < 0)
			sp_os_remove_quiet(tmp.ptr);
	}
	sp_buf_dispose(&text);
	sp_buf_dispose(&tmp);
	sp_buf_dispose(&path);
	return error;
}

/* A number or a numeric string as int64; 0 when neither. */
static int64_t json_i64(const cJSON *item)
{
	int64_t v = 0;
	if (cJSON_IsNumber(item))
		return (int64_t)item->valuedouble;
	if (cJSON_IsString(item) && sp_parse_i64(item->valuestring, strlen(item->valuestring), &v) == 0)
		return v;
	return 0;
}

/* A string or an integer as text into buf; "" otherwise. */
static const char *json_text(char *buf, size_t size, const cJSON *item)
{
	if (cJSON_IsString(item))
		snprintf(buf, size, "%s", item->valuestring);
	else if (cJSON_IsNumber(item))
		snprintf(buf, size, "%lld", (long long)item->valuedouble);
	else
		buf[0] = '\0';
	return buf;
}

static const cJSON *get(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static int set_str(run *r, cJSON *obj, const char *key, const char *value)
{
	cJSON *v = cJSON_CreateString(value);
	if (!v)
		return sp__oom(r->ctx);
	if (get(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, v);
	else
		cJSON_AddItemToObject(obj, key, v);
	return 0;
}

static int save_state(run *r)
{
	if (sp_farm_is_dry_run(r->farm))
		return 0;
	return save_json(r, SP_STATE_FILE, r->state);
}

/* The record of an earlier run, only when it was for this task id. */
static int load_state(run *r)
{
	cJSON *st = NULL;
	sp_buf path = SP_BUF_INIT;
	sp_os_stat_info info;
	int had = sp_ctx_last_code(r->ctx) != 0, error = file_path(&path, r, SP_STATE_FILE);
	if (error == 0 && sp_os_stat(r->ctx, path.ptr, &info) == 0 && load_json(&st, r, SP_STATE_FILE) < 0)
		sp_ctx_log(r->ctx, SP_LOG_WARN, "ignoring %s: %s", path.ptr, sp_ctx_last_error(r->ctx));
	if (!had)
		sp_ctx_clear_error(r->ctx);
	sp_buf_dispose(&path);
	if (error < 0)
		return error;
	if (st && strcmp(cJSON_IsString(get(st, "task_id")) ? get(st, "task_id")->valuestring : "",
	                 r->task_id) != 0) {
		cJSON_Delete(st);
		st = NULL;
	}
	r->state = st ? st : cJSON_CreateObject();
	if (!r->state || set_str(r, r->state, "task_id", r->task_id) < 0)
		return sp__oom(r->ctx);
	return 0;
}

static int state_has(run *r, const char *section, const char *key, const char *value)
{
	const cJSON *s = key ? get(get(r->state, section), key) : get(r->state, section);
	return cJSON_IsString(s) && strcmp(s->valuestring, value) == 0;
}

static int state_mark(run *r, const char *section, const char *key, const char *value)
{
	cJSON *obj = r->state;
	if (key) {
		obj = cJSON_GetObjectItemCaseSensitive(r->state, section);
		if (!cJSON_IsObject(obj)) {
			cJSON_DeleteItemFromObjectCaseSensitive(r->state, section);
			obj = cJSON_AddObjectToObject(r->state, section);
			if (!obj)
				return sp__oom(r->ctx);
		}
	}
	int error = set_str(r, obj, key ? key : section, value);
	return error < 0 ? error : save_state(r);
}

/* ---- tips -------------------------------------------------------------------- */

static int query_tips(run *r, const cJSON *tips)
{
	cJSON *body = cJSON_CreateObject(), *codes = cJSON_AddArrayToObject(body, "codes"), *data = NULL;
	sp_buf names = SP_BUF_INIT;
	int error = 0, errors = 0;
	if (!body || !codes || !cJSON_AddNumberToObject(body, "language", r->farm->language))
		error = sp__oom(r->ctx);
	for (const cJSON *c = tips->child; c && error == 0; c = c->next)
		if (!cJSON_AddItemToArray(codes, cJSON_CreateString(c->string)))
			error = sp__oom(r->ctx);
	if (error == 0)
		error =
		    sp__farm_call_json(&data, r->farm, "/api/render/submit/queryAnalyseErrorDetail", body);
	for (const cJSON *d = cJSON_IsArray(data) ? data->child : NULL; d && error == 0; d = d->next) {
		char code[64];
		if (json_i64(get(d, "type")) != 1)
			continue;
		errors++;
		if (sp_buf_printf(&names, "%s%s", names.size ? ", " : "",
		                  json_text(code, sizeof(code), get(d, "code"))) < 0)
			error = sp__oom(r->ctx);
	}
	r->res->error_tips = errors;
	if (error == 0 && errors > 0 && !r->opts->force) {
		r->res->step = SP_SUBMIT_STEP_TIPS;
		error = sp_ctx_error(
		    r->ctx, SP_EUSER,
		    "tips.json holds %d error code%s the farm will not render with (%s); fix the "
		    "scene, or submit anyway with --force",
		    errors, errors == 1 ? "" : "s", names.ptr);
	} else if (error == 0 && errors > 0) {
		say(r, "submitting despite %d error tip%s (%s): --force", errors, errors == 1 ? "" : "s",
		    names.ptr);
	}
	sp_buf_dispose(&names);
	cJSON_Delete(data);
	cJSON_Delete(body);
	return error;
}

static int check_tips(run *r)
{
	cJSON *tips = NULL;
	int error = load_json(&tips, r, "tips.json");
	if (error == 0 && tips->child)
		error = query_tips(r, tips);
	cJSON_Delete(tips);
	return error;
}

/* ---- task id, user, project ------------------------------------------------------- */

static int create_task(run *r)
{
	const sp_submit_options *o = r->opts;
	cJSON *body = cJSON_CreateObject(), *data = NULL;
	int error = 0, level = o->level ? o->level : 50;
	if (level != 50 && level != 60)
		return sp_ctx_error(r->ctx, SP_EUSER, "task level %d: the farm knows 50 and 60", level);
	if (!body || !cJSON_AddNumberToObject(body, "count", 1) ||
	    !cJSON_AddNumberToObject(body, "taskUserLevel", level))
		error = sp__oom(r->ctx);
	if (error == 0 && o->label_count > 0) {
		cJSON *labels = cJSON_AddArrayToObject(body, "labels");
		for (size_t i = 0; labels && i < o->label_count && error == 0; i++)
			if (sp__json_push_str(labels, o->labels[i]) < 0)
				error = sp__oom(r->ctx);
		if (!labels)
			error = sp__oom(r->ctx);
	}
	if (error == 0)
		error = sp__farm_call_json(&data, r->farm, "/api/render/submit/createTask", body);
	if (error == 0 && !sp_farm_is_dry_run(r->farm)) {
		const cJSON *ids = get(data, "taskIdList"), *aliases = get(data, "aliasTaskIdList");
		int64_t id = json_i64(cJSON_GetArrayItem(ids, 0));
		if (id <= 0)
			error = sp_ctx_error(r->ctx, SP_ECORRUPT,
			                     "the farm's answer to createTask has no task id");
		snprintf(r->task_id, sizeof(r->task_id), "%lld", (long long)id);
		json_text(r->res->alias, sizeof(r->res->alias), cJSON_GetArrayItem(aliases, 0));
		r->res->task_id = id;
		r->res->created = 1;
	}
	cJSON_Delete(data);
	cJSON_Delete(body);
	return error;
}

static int user_id(char *out, size_t size, run *r)
{
	cJSON *data = NULL;
	int error = sp__farm_call_json(&data, r->farm, "/api/render/setUp/queryUserProfile", NULL);
	json_text(out, size, get(data, "userId"));
	if (error == 0 && !*out && !sp_farm_is_dry_run(r->farm))
		error = sp_ctx_error(r->ctx, SP_ECORRUPT, "the farm's user profile has no userId");
	cJSON_Delete(data);
	return error;
}

/* The id of project `name` in the farm's list, "" when absent. */
static int find_project(char *out, size_t size, run *r, const char *name)
{
	cJSON *body = cJSON_CreateObject(), *data = NULL;
	int error = body && cJSON_AddNumberToObject(body, "flag", 2) ? 0 : sp__oom(r->ctx);
	out[0] = '\0';
	if (error == 0)
		error = sp__farm_call_json(&data, r->farm, "/api/render/project/list", body);
	const cJSON *list = cJSON_IsArray(data) ? data : get(data, "projectNameList");
	for (const cJSON *p = cJSON_IsArray(list) ? list->child : NULL; p && error == 0; p = p->next) {
		const cJSON *n = get(p, "projectName");
		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0) {
			json_text(out, size, get(p, "projectId"));
			break;
		}
	}
	cJSON_Delete(data);
	cJSON_Delete(body);
	return error;
}

static int project_id(char *out, size_t size, run *r, const char *name)
{
	cJSON *body = NULL, *data = NULL;
	int error;
	if (!*name) {
		snprintf(out, size, "0");
		return 0;
	}
	error = find_project(out, size, r, name);
	if (error < 0 || *out || sp_farm_is_dry_run(r->farm))
		return error;
	body = cJSON_CreateObject();
	if (!body || sp__json_add_str(body, "newName", name) < 0 ||
	    !cJSON_AddNumberToObject(body, "status", 0))
		error = sp__oom(r->ctx);
	if (error == 0)
		error = sp__farm_call_json(&data, r->farm, "/api/render/project/add", body);
	if (error == 0)
		error = find_project(out, size, r, name);
	if (error == 0 && !*out)
		error = sp_ctx_error(r->ctx, SP_ECORRUPT,
		                     "project '%s' was added but the farm does not list it", name);
	cJSON_Delete(data);
	cJSON_Delete(body);
	return error;
}

static const char *info_str(const cJSON *info, const char *key)
{
	const cJSON *v = get(info, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* task_id first (saved at once, so no later failure can lead to a second task), then user and project. */
static int fill_ids(run *r)
{
	cJSON *info = cJSON_GetObjectItemCaseSensitive(r->task, "task_info");
	char uid[64], pid[64];
	int error = 0, dry = sp_farm_is_dry_run(r->farm);
	if (r->res->created && !dry) {
		error = set_str(r, info, "task_id", r->task_id);
		if (error == 0)
			error = save_json(r, "task.json", r->task);
		if (error == 0)
			say(r, "created task %s%s%s", r->task_id, r->res->alias[0] ? ", alias " : "",
			    r->res->alias);
	}
	if (error < 0 || (*info_str(info, "user_id") && *info_str(info, "project_id")))
		return error;
	error = user_id(uid, sizeof(uid), r);
	if (error == 0)
		error = project_id(pid, sizeof(pid), r, info_str(info, "project_name"));
	if (error == 0 && !dry) {
		error = set_str(r, info, "user_id", uid);
		if (error == 0)
			error = set_str(r, info, "project_id", pid);
		if (error == 0)
			error = save_json(r, "task.json", r->task);
	}
	return error;
}

static int read_task(run *r)
{
	const cJSON *info;
	int64_t id = 0;
	int error = load_json(&r->task, r, "task.json");
	if (error < 0)
		return error;
	info = get(r->task, "task_info");
	if (!cJSON_IsObject(info))
		return sp_ctx_error(r->ctx, SP_ECORRUPT, "%s/task.json has no task_info object", r->dir.ptr);
	const char *text = info_str(info, "task_id");
	if (*text && (sp_parse_i64(text, strlen(text), &id) < 0 || id <= 0))
		return sp_ctx_error(r->ctx, SP_ECORRUPT, "%s/task.json: task_id '%s' is not a task id",
		                    r->dir.ptr, text);
	r->res->task_id = id;
	snprintf(r->task_id, sizeof(r->task_id), "%lld", (long long)id);
	return 0;
}

/* ---- the four files ---------------------------------------------------------------- */

static int upload_one(run *r, const char *name)
{
	sp_buf path = SP_BUF_INIT, text = SP_BUF_INIT;
	cJSON *body = NULL, *data = NULL;
	char sha[65];
	int error = file_path(&path, r, name);
	if (error == 0)
		error = read_text(&text, r->ctx, path.ptr);
	if (error == 0 && sp__sha256_hex(sha, sp_buf_cstr(&text), text.size) < 0)
		error = sp_ctx_error(r->ctx, SP_ERROR, "SHA-256 is not available in this OpenSSL");
	if (error < 0 || state_has(r, "uploaded", name, sha)) {
		if (error == 0)
			say(r, "%s: already uploaded", name);
		goto done;
	}
	body = cJSON_CreateObject();
	if (!body || !cJSON_AddNumberToObject(body, "taskId", (double)r->res->task_id) ||
	    !cJSON_AddStringToObject(body, "fileName", name) ||
	    !cJSON_AddStringToObject(body, "content", sp_buf_cstr(&text)))
		error = sp__oom(r->ctx);
	if (error == 0)
		error = sp__farm_call_json(&data, r->farm, "/api/render/submit/taskJsonFile", body);
	if (error == 0)
		error = state_mark(r, "uploaded", name, sha);
	if (error == 0)
		say(r, "%s: %s", name, sp_farm_is_dry_run(r->farm) ? "would upload" : "uploaded");
done:
	cJSON_Delete(data);
	cJSON_Delete(body);
	sp_buf_dispose(&path);
	sp_buf_dispose(&text);
	return error;
}

static int upload_files(run *r)
{
	int error = 0;
	for (size_t i = 0; i < sizeof(task_files) / sizeof(*task_files) && error == 0; i++)
		error = upload_one(r, task_files[i]);
	return error;
}

/* ---- the assets --------------------------------------------------------------------- */

static void on_output(const char *line, void *payload)
{
	run *r = payload;
	say(r, "%s", line);
}

static int run_transmitter(run *r, const char *exe, const sp__transfer_line *t, const char *upload_json)
{
	char speed[32];
	const cJSON *info = get(r->task, "task_info");
	const char *uid = info_str(info, "user_id");
	int error;
	snprintf(speed, sizeof(speed), "%ld", r->opts->max_speed_kb > 0 ? r->opts->max_speed_kb : 1048576L);
	const char *argv[] = {exe,
	                      "-E",
	                      t->engine,
	                      "-H",
	                      t->server,
	                      "-P",
	                      t->port,
	                      "-S",
	                      t->input_bid,
	                      "-U",
	                      *uid ? uid : "<user id>",
	                      "-T",
	                      "upload_json",
	                      "-L",
	                      upload_json,
	                      "-R",
	                      "/",
	                      "-r",
	                      "2",
	                      "-K",
	                      "false",
	                      "-s",
	                      speed,
	                      "-C",
	                      "None",
	                      "-p",
	                      "0",
	                      NULL};
	if (!sp_farm_is_dry_run(r->farm))
		say(r, "transferring the assets of upload.json (%s, %s:%s)", t->engine, t->server, t->port);
	error = sp__run_transmitter(r->farm, argv, on_output, r);
	if (error == SP_EIO)
		sp_ctx_log(r->ctx, SP_LOG_INFO,
		           "the assets are not all on the farm; run submit again to retry");
	return error;
}

static int transfer_assets(run *r)
{
	sp_buf path = SP_BUF_INIT, text = SP_BUF_INIT, exe = SP_BUF_INIT;
	sp__transfer_line t;
	char sha[65];
	int error;
	if (r->opts->no_transfer) {
		say(r, "skipping the asset transfer (--no-transfer): the assets must reach the farm another "
		       "way");
		return 0;
	}
	error = file_path(&path, r, "upload.json");
	if (error == 0)
		error = read_text(&text, r->ctx, path.ptr);
	if (error == 0 && sp__sha256_hex(sha, sp_buf_cstr(&text), text.size) < 0)
		error = sp_ctx_error(r->ctx, SP_ERROR, "SHA-256 is not available in this OpenSSL");
	if (error == 0 && state_has(r, "transferred", NULL, sha)) {
		say(r, "assets: already transferred");
		goto done;
	}
	if (error == 0) {
		error = sp__find_transmitter(&exe, r->farm, r->opts->transmitter,
		                             "skip the asset upload with --no-transfer");
		/* A dry run shows the command line even before the transmitter is installed. */
		if (error == SP_ENOTFOUND && sp_farm_is_dry_run(r->farm)) {
			say(r, "note: %s", sp_ctx_last_error(r->ctx));
			sp_ctx_clear_error(r->ctx);
			error = sp_buf_sets(&exe, SP_TRANSMITTER) < 0 ? sp__oom(r->ctx) : 0;
		}
	}
	if (error == 0)
		error = sp__transfer_config(&t, r->farm, r->opts->engine);
	if (error == 0)
		error = run_transmitter(r, exe.ptr, &t, path.ptr);
	if (error == 0)
		error = state_mark(r, "transferred", NULL, sha);
done:
	sp_buf_dispose(&path);
	sp_buf_dispose(&text);
	sp_buf_dispose(&exe);
	return error;
}

/* ---- submit ---------------------------------------------------------------------------- */

static int submit_task(run *r)
{
	cJSON *body = cJSON_CreateObject(), *data = NULL;
	int error =
	    body && cJSON_AddNumberToObject(body, "taskId", (double)r->res->task_id) ? 0 : sp__oom(r->ctx);
	if (error == 0 && r->opts->producer && *r->opts->producer &&
	    sp__json_add_str(body, "producer", r->opts->producer) < 0)
		error = sp__oom(r->ctx);
	if (error == 0)
		error = sp__farm_call_json(&data, r->farm, "/api/render/submit/task", body);
	if (error == 0)
		error = state_mark(r, "submitted", NULL, "1");
	cJSON_Delete(data);
	cJSON_Delete(body);
	return error;
}

static int steps(run *r)
{
	int error;
	r->res->step = SP_SUBMIT_STEP_READ;
	error = read_task(r);
	if (error == 0)
		error = load_state(r);
	if (error < 0)
		return error;
	if (r->res->task_id > 0 && state_has(r, "submitted", NULL, "1")) {
		r->res->already_submitted = 1;
		r->res->step = SP_SUBMIT_STEP_DONE;
		return 0;
	}
	r->res->step = SP_SUBMIT_STEP_TIPS;
	error = check_tips(r);
	if (error < 0)
		return error;
	r->res->step = SP_SUBMIT_STEP_CREATE;
	if (r->res->task_id <= 0) {
		error = create_task(r);
		if (error == 0 && !sp_farm_is_dry_run(r->farm))
			error = set_str(r, r->state, "task_id", r->task_id);
	} else {
		say(r, "reusing task %s from task.json", r->task_id);
	}
	if (error == 0)
		error = fill_ids(r);
	if (error < 0)
		return error;
	r->res->step = SP_SUBMIT_STEP_UPLOAD;
	error = upload_files(r);
	if (error < 0)
		return error;
	r->res->step = SP_SUBMIT_STEP_TRANSFER;
	error = transfer_assets(r);
	if (error < 0)
		return error;
	r->res->step = SP_SUBMIT_STEP_SUBMIT;
	error = submit_task(r);
	if (error == 0)
		r->res->step = SP_SUBMIT_STEP_DONE;
	return error;
}

int sp_submit_run(sp_submit_result *out, sp_farm *farm, const char *dir, const sp_submit_options *opts)
{
	sp_submit_options defaults = SP_SUBMIT_OPTIONS_INIT;
	run r;
	int error;
	if (!out || !farm || !dir)
		return sp_ctx_error(farm ? farm->ctx : NULL, SP_EUSER, "sp_submit_run: missing argument");
	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.farm = farm;
	r.ctx = farm->ctx;
	r.opts = opts ? opts : &defaults;
	r.res = out;
	if (r.opts->version != SP_SUBMIT_OPTIONS_VERSION)
		return sp_ctx_error(r.ctx, SP_EUSER, "sp_submit_run: unknown options version");
	error = sp_os_absolute(r.ctx, &r.dir, dir);
	if (error == 0)
		error = steps(&r);
	cJSON_Delete(r.task);
	cJSON_Delete(r.state);
	sp_buf_dispose(&r.dir);
	return error;
}
