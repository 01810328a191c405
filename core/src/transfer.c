/*
 * The hand-off to the vendor's transmitter (spec/renderbus-api.md, last
 * section): storage ids from getBid, the server line from getConfig, the
 * program found and run with an exact argument vector (no shell).
 */
#include "transfer.h"
#include "os.h"

#include <stdio.h>

static const cJSON *get(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static int64_t json_i64(const cJSON *item)
{
	int64_t v = 0;
	if (cJSON_IsNumber(item))
		return (int64_t)item->valuedouble;
	if (cJSON_IsString(item) && sp_parse_i64(item->valuestring, strlen(item->valuestring), &v) == 0)
		return v;
	return 0;
}

static void json_text(char *buf, size_t size, const cJSON *item)
{
	if (cJSON_IsString(item))
		snprintf(buf, size, "%s", item->valuestring);
	else if (cJSON_IsNumber(item))
		snprintf(buf, size, "%lld", (long long)item->valuedouble);
	else
		buf[0] = '\0';
}

/* The first item of `list` with isDefault 1, else its first item; filtered by `name_key` == `want`. */
static const cJSON *pick_default(const cJSON *list, const char *name_key, const char *want)
{
	const cJSON *first = NULL;
	for (const cJSON *e = cJSON_IsArray(list) ? list->child : NULL; e; e = e->next) {
		const cJSON *n = name_key ? get(e, name_key) : NULL;
		if (name_key && !cJSON_IsString(n))
			continue;
		if (want && sp__strcasecmp(n->valuestring, want) != 0)
			continue;
		if (json_i64(get(e, "isDefault")) == 1)
			return e;
		if (!first)
			first = e;
	}
	return first;
}

static int pick_line(sp__transfer_line *t, sp_ctx *ctx, const cJSON *cfg, const char *want)
{
	const cJSON *engine = pick_default(get(cfg, "resqEngines"), "engineName", want), *line;
	if (!engine)
		return sp_ctx_error(ctx, SP_ECORRUPT, "the farm's transfer configuration has no %s engine",
		                    want ? want : "transfer");
	line = pick_default(get(engine, "respTaskEngineLines"), NULL, NULL);
	if (!line || !cJSON_IsString(get(line, "server")))
		return sp_ctx_error(ctx, SP_ECORRUPT, "the farm's %s engine has no server line",
		                    get(engine, "engineName")->valuestring);
	snprintf(t->engine, sizeof(t->engine), "%s", get(engine, "engineName")->valuestring);
	for (char *p = t->engine; *p; p++)
		*p = (char)sp__tolower((unsigned char)*p);
	snprintf(t->server, sizeof(t->server), "%s", get(line, "server")->valuestring);
	json_text(t->port, sizeof(t->port), get(line, "port"));
	return 0;
}

int sp__transfer_config(sp__transfer_line *t, sp_farm *farm, const char *engine)
{
	cJSON *bids = NULL, *cfg = NULL;
	int error = sp__farm_call_json(&bids, farm, "/api/render/transfer/getBid", NULL);
	memset(t, 0, sizeof(*t));
	if (error == 0)
		error = sp__farm_call_json(&cfg, farm, "/api/render/transfer/getConfig", NULL);
	if (error == 0 && farm->dry_run) {
		snprintf(t->engine, sizeof(t->engine), "%s", engine ? engine : "<engine>");
		snprintf(t->server, sizeof(t->server), "<server>");
		snprintf(t->port, sizeof(t->port), "<port>");
		snprintf(t->input_bid, sizeof(t->input_bid), "<input bid>");
		snprintf(t->output_bid, sizeof(t->output_bid), "<output bid>");
	} else if (error == 0) {
		json_text(t->input_bid, sizeof(t->input_bid), get(bids, "input_bid"));
		json_text(t->output_bid, sizeof(t->output_bid), get(bids, "output_bid"));
		if (!t->input_bid[0] || !t->output_bid[0])
			error = sp_ctx_error(farm->ctx, SP_ECORRUPT,
			                     "the farm's transfer ids lack input_bid or output_bid");
		if (error == 0)
			error = pick_line(t, farm->ctx, cfg, engine);
	}
	cJSON_Delete(bids);
	cJSON_Delete(cfg);
	return error;
}

int sp__find_transmitter(sp_buf *out, sp_farm *farm, const char *given, const char *skip_hint)
{
	sp_ctx *ctx = farm->ctx;
	const char *p = given, *how = "--transmitter";
	int had;
	if (!p || !*p) {
		p = sp_ctx_getenv(ctx, "RAYVISION_TRANSMITTER");
		how = "RAYVISION_TRANSMITTER";
	}
	if (p && *p) {
		if (!sp_os_is_executable(p))
			return sp_ctx_error(ctx, SP_ENOTFOUND,
			                    "the transmitter '%s' (%s) is not an executable file", p, how);
		sp_buf_clear(out);
		return sp_buf_puts(out, p) < 0 ? sp__oom(ctx) : 0;
	}
	had = sp_ctx_last_code(ctx) != 0;
	if (sp_os_find_program(ctx, SP_TRANSMITTER, out) == 0)
		return 0;
	if (!had)
		sp_ctx_clear_error(ctx);
	return sp_ctx_error(ctx, SP_ENOTFOUND,
	                    "the vendor's " SP_TRANSMITTER " was not found: pass --transmitter PATH or set "
	                    "RAYVISION_TRANSMITTER%s%s",
	                    skip_hint ? ", or " : "", skip_hint ? skip_hint : "");
}

typedef struct {
	sp_submit_output_fn cb;
	void *payload;
} line_sink;

static void on_line(const char *line, void *payload)
{
	line_sink *s = payload;
	char text[1100];
	if (!s->cb)
		return;
	snprintf(text, sizeof(text), "transfer: %s", line);
	s->cb(text, s->payload);
}

int sp__run_transmitter(sp_farm *farm, const char *const *argv, sp_submit_output_fn cb, void *payload)
{
	line_sink sink = {cb, payload};
	sp_buf line = SP_BUF_INIT;
	int status = 0, error = 0;
	if (farm->dry_run) {
		for (size_t i = 0; argv[i] && error == 0; i++)
			if (sp_buf_printf(&line, "%s%s", i ? " " : "would run: ", argv[i]) < 0)
				error = sp__oom(farm->ctx);
		if (error == 0 && cb)
			cb(line.ptr, payload);
		sp_buf_dispose(&line);
		return error;
	}
	error = sp_os_run(farm->ctx, argv, on_line, &sink, &status);
	if (error == 0 && status != 0)
		error = sp_ctx_error(farm->ctx, SP_EIO, "the transmitter %s exited with status %d", argv[0],
		                     status);
	return error;
}
