/* sp_submit_dir: an analysed task folder to a submitted farm task, as `sceneprobe submit`. */
#include "options.h"

#include "json.h"
#include "util.h"

/* Most labels one submission takes, as on the command line. */
#define MAX_LABELS 64

static const char *const submit_keys[] = {
    "api_url", "access_id",      "access_key",  "platform",    "config",  "timeout",   "connect_timeout",
    "retries", "retry_delay_ms", "insecure",    "english",     "dry_run", "labels",    "producer",
    "level",   "force",          "no_transfer", "transmitter", "engine",  "max_speed", NULL};

typedef struct {
	const char *api_url, *access_id, *access_key, *config, *producer, *transmitter, *engine;
	sp_buf platform;
	long timeout_s, connect_timeout_s, retries, retry_delay_ms, level, max_speed;
	int insecure, english, dry_run, force, no_transfer;
	const char *labels[MAX_LABELS];
	size_t label_count;
} submit_args;

/* What the callbacks collect for the result document. */
typedef struct {
	cJSON *output;
	cJSON *requests;
	int failed; /* an allocation failed while collecting */
} submit_log;

static int read_labels(submit_args *a, sp_ctx *ctx, const cJSON *opts)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(opts, "labels"), *item;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v))
		return sp_ctx_error(ctx, SP_EUSER, "option 'labels' expects an array of strings");
	cJSON_ArrayForEach(item, v)
	{
		if (!cJSON_IsString(item))
			return sp_ctx_error(ctx, SP_EUSER, "option 'labels' expects an array of strings");
		if (a->label_count == MAX_LABELS)
			return sp_ctx_error(ctx, SP_EUSER, "option 'labels': at most %d labels", MAX_LABELS);
		a->labels[a->label_count++] = item->valuestring;
	}
	return 0;
}

static int read_strings(submit_args *a, sp_ctx *ctx, const cJSON *opts)
{
	int error;
	if ((error = sp__opts_string(&a->api_url, ctx, opts, "api_url")) < 0 ||
	    (error = sp__opts_string(&a->access_id, ctx, opts, "access_id")) < 0 ||
	    (error = sp__opts_string(&a->access_key, ctx, opts, "access_key")) < 0 ||
	    (error = sp__opts_string(&a->config, ctx, opts, "config")) < 0 ||
	    (error = sp__opts_string(&a->producer, ctx, opts, "producer")) < 0 ||
	    (error = sp__opts_string(&a->transmitter, ctx, opts, "transmitter")) < 0 ||
	    (error = sp__opts_string(&a->engine, ctx, opts, "engine")) < 0)
		return error;
	return sp__opts_text(&a->platform, ctx, opts, "platform");
}

/* The same ranges as the command line's options. */
static int read_numbers(submit_args *a, sp_ctx *ctx, const cJSON *opts)
{
	int error;
	if ((error = sp__opts_long(&a->timeout_s, ctx, opts, "timeout", 1, 86400)) < 0 ||
	    (error = sp__opts_long(&a->connect_timeout_s, ctx, opts, "connect_timeout", 1, 3600)) < 0 ||
	    (error = sp__opts_long(&a->retries, ctx, opts, "retries", 1, 10)) < 0 ||
	    (error = sp__opts_long(&a->retry_delay_ms, ctx, opts, "retry_delay_ms", 1, 600000)) < 0 ||
	    (error = sp__opts_long(&a->level, ctx, opts, "level", 50, 60)) < 0 ||
	    (error = sp__opts_long(&a->max_speed, ctx, opts, "max_speed", 1, 1L << 30)) < 0)
		return error;
	if (a->level != 0 && a->level != 50 && a->level != 60)
		return sp_ctx_error(ctx, SP_EUSER, "option 'level' expects 50 or 60");
	if ((error = sp__opts_bool(&a->insecure, ctx, opts, "insecure")) < 0 ||
	    (error = sp__opts_bool(&a->english, ctx, opts, "english")) < 0 ||
	    (error = sp__opts_bool(&a->dry_run, ctx, opts, "dry_run")) < 0 ||
	    (error = sp__opts_bool(&a->force, ctx, opts, "force")) < 0 ||
	    (error = sp__opts_bool(&a->no_transfer, ctx, opts, "no_transfer")) < 0)
		return error;
	return 0;
}

static void on_request(const char *url, const char *body, int attempt, void *payload)
{
	submit_log *log = payload;
	cJSON *r = cJSON_CreateObject();
	(void)attempt;
	if (!r || !cJSON_AddItemToArray(log->requests, r)) {
		cJSON_Delete(r);
		log->failed = 1;
		return;
	}
	if (sp__json_add_str(r, "url", url) < 0 || sp__json_add_str(r, "body", body) < 0)
		log->failed = 1;
}

static void on_output(const char *line, void *payload)
{
	submit_log *log = payload;
	if (sp__json_push_str(log->output, line) < 0)
		log->failed = 1;
}

/* Credentials: the options first, then the environment and the credentials file. */
typedef struct {
	sp_buf id, key, url, platform;
} credentials;

static int load_credentials(credentials *c, sp_ctx *ctx, const submit_args *a)
{
	if ((a->access_id && sp_buf_puts(&c->id, a->access_id) < 0) ||
	    (a->access_key && sp_buf_puts(&c->key, a->access_key) < 0) ||
	    (a->api_url && sp_buf_puts(&c->url, a->api_url) < 0) ||
	    (a->platform.size && sp_buf_puts(&c->platform, a->platform.ptr) < 0))
		return sp__oom(ctx);
	return sp_farm_load_credentials(&c->id, &c->key, &c->url, &c->platform, ctx, a->config);
}

static void dispose_credentials(credentials *c)
{
	if (c->key.ptr)
		memset(c->key.ptr, 0, c->key.size);
	sp_buf_dispose(&c->id);
	sp_buf_dispose(&c->key);
	sp_buf_dispose(&c->url);
	sp_buf_dispose(&c->platform);
}

static void farm_options(sp_farm_options *fo, const submit_args *a, const credentials *c, submit_log *log)
{
	fo->api_url = c->url.size ? c->url.ptr : NULL;
	fo->access_id = c->id.ptr;
	fo->access_key = c->key.ptr;
	fo->platform = c->platform.size ? c->platform.ptr : NULL;
	fo->timeout_ms = a->timeout_s * 1000;
	fo->connect_timeout_ms = a->connect_timeout_s * 1000;
	fo->max_attempts = (int)a->retries;
	fo->retry_delay_ms = a->retry_delay_ms;
	fo->insecure = a->insecure;
	fo->language = a->english;
	fo->dry_run = a->dry_run;
	if (a->dry_run) {
		fo->on_request = on_request;
		fo->request_payload = log;
		/* A dry run sends nothing, so it may run without credentials. */
		if (!c->id.size || !c->key.size) {
			fo->access_id = "<access id>";
			fo->access_key = "<none>";
		}
	}
}

static void submit_options(sp_submit_options *so, const submit_args *a, submit_log *log)
{
	so->labels = a->labels;
	so->label_count = a->label_count;
	so->producer = a->producer;
	so->level = (int)a->level;
	so->force = a->force;
	so->no_transfer = a->no_transfer;
	so->transmitter = a->transmitter;
	so->engine = a->engine;
	so->max_speed_kb = a->max_speed;
	so->on_output = on_output;
	so->output_payload = log;
}

static const char *step_name(sp_submit_step step)
{
	static const char *const names[] = {"none",   "read",     "tips",   "create",
	                                    "upload", "transfer", "submit", "done"};
	return (size_t)step < sizeof(names) / sizeof(*names) ? names[step] : "unknown";
}

/* The result document; takes the collected arrays. */
static int render_result(char **out, sp_ctx *ctx, const sp_submit_result *res, const submit_args *a,
                         submit_log *log)
{
	sp_buf text = SP_BUF_INIT;
	cJSON *root = cJSON_CreateObject();
	int error = 0;
	if (!root || log->failed || !cJSON_AddNumberToObject(root, "task_id", (double)res->task_id) ||
	    sp__json_add_str(root, "alias", res->alias) < 0 ||
	    sp__json_add_str(root, "step", step_name(res->step)) < 0 ||
	    !cJSON_AddBoolToObject(root, "created", res->created) ||
	    !cJSON_AddBoolToObject(root, "already_submitted", res->already_submitted) ||
	    !cJSON_AddNumberToObject(root, "error_tips", res->error_tips) ||
	    !cJSON_AddBoolToObject(root, "dry_run", a->dry_run) ||
	    !cJSON_AddItemToObject(root, "output", log->output))
		error = SP_ENOMEM;
	else
		log->output = NULL;
	if (error == 0 && a->dry_run) {
		if (cJSON_AddItemToObject(root, "requests", log->requests))
			log->requests = NULL;
		else
			error = SP_ENOMEM;
	}
	if (error == 0 && (error = sp__json_render(&text, root)) == 0) {
		*out = text.ptr;
		text.ptr = NULL;
	}
	sp_buf_dispose(&text);
	cJSON_Delete(root);
	return error < 0 ? sp__oom(ctx) : 0;
}

static int run(char **result_out, sp_ctx *ctx, const char *dir, const submit_args *a)
{
	sp_farm_options fo = SP_FARM_OPTIONS_INIT;
	sp_submit_options so = SP_SUBMIT_OPTIONS_INIT;
	sp_submit_result res;
	credentials c = {SP_BUF_INIT, SP_BUF_INIT, SP_BUF_INIT, SP_BUF_INIT};
	submit_log log = {cJSON_CreateArray(), cJSON_CreateArray(), 0};
	sp_farm *farm = NULL;
	int error, net = 0;
	memset(&res, 0, sizeof(res));
	if (!log.output || !log.requests) {
		error = sp__oom(ctx);
		goto done;
	}
	if ((error = load_credentials(&c, ctx, a)) < 0 || (error = sp_net_init(ctx)) < 0)
		goto done;
	net = 1;
	farm_options(&fo, a, &c, &log);
	submit_options(&so, a, &log);
	if ((error = sp_farm_new(&farm, ctx, &fo)) < 0)
		goto done;
	error = sp_submit_run(&res, farm, dir, &so);
	/* The document is wanted on failure too: it says which step stopped and which task exists. */
	if (render_result(result_out, ctx, &res, a, &log) < 0 && error == 0)
		error = SP_ENOMEM;
done:
	sp_farm_free(farm);
	if (net)
		sp_net_shutdown();
	dispose_credentials(&c);
	cJSON_Delete(log.output);
	cJSON_Delete(log.requests);
	return error;
}

int sp_submit_dir(char **result_out, sp_ctx *ctx, const char *task_dir, const char *options_json)
{
	submit_args a;
	cJSON *opts = NULL;
	int error;
	if (!result_out || !ctx)
		return sp_ctx_error(ctx, SP_EUSER, "sp_submit_dir needs an output pointer and a context");
	*result_out = NULL;
	sp_ctx_clear_error(ctx);
	if (!task_dir || !*task_dir)
		return sp_ctx_error(ctx, SP_EUSER, "sp_submit_dir needs a task folder");
	memset(&a, 0, sizeof(a));
	if ((error = sp__opts_parse(&opts, ctx, options_json, submit_keys)) == 0 &&
	    (error = read_strings(&a, ctx, opts)) == 0 && (error = read_numbers(&a, ctx, opts)) == 0 &&
	    (error = read_labels(&a, ctx, opts)) == 0)
		error = run(result_out, ctx, task_dir, &a);
	sp_buf_dispose(&a.platform);
	cJSON_Delete(opts);
	return error;
}
