#include "ctx.h"

#include <stdarg.h>
#include <stdio.h>

int sp_ctx_new(sp_ctx **out, const sp_ctx_options *opts)
{
	sp_ctx *ctx = NULL;
	if (!out)
		return SP_EUSER;
	*out = NULL;
	ctx = sp__calloc(1, sizeof(*ctx));
	if (!ctx)
		return SP_ENOMEM;
	if (opts) {
		ctx->log = opts->log;
		ctx->log_payload = opts->log_payload;
	}
	if (sp_map_new(&ctx->env) < 0) {
		sp__free(ctx);
		return SP_ENOMEM;
	}
	*out = ctx;
	return 0;
}

void sp_ctx_free(sp_ctx *ctx)
{
	if (!ctx)
		return;
	sp_map_free(ctx->env, sp__free);
	sp_strvec_dispose(&ctx->map_from);
	sp_strvec_dispose(&ctx->map_to);
	sp__free(ctx);
}

const char *sp_ctx_last_error(const sp_ctx *ctx)
{
	return ctx ? ctx->message : "";
}
int sp_ctx_last_code(const sp_ctx *ctx)
{
	return ctx ? ctx->code : SP_EUSER;
}

void sp_ctx_clear_error(sp_ctx *ctx)
{
	if (!ctx)
		return;
	ctx->code = 0;
	ctx->message[0] = '\0';
}

int sp_ctx_error(sp_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;
	if (!ctx || ctx->code != 0)
		return code;
	ctx->code = code;
	va_start(ap, fmt);
	vsnprintf(ctx->message, sizeof(ctx->message), fmt, ap);
	va_end(ap);
	/* Messages are one line: a newline from file data would break logs. */
	for (char *p = ctx->message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return code;
}

void sp_ctx_log(sp_ctx *ctx, sp_log_level level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	if (!ctx || !ctx->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ctx->log(level, line, ctx->log_payload);
}

int sp_ctx_set_env(sp_ctx *ctx, const char *name, const char *value)
{
	void *old = NULL;
	char *copy = NULL;
	if (!ctx || !name || !*name || !value)
		return sp_ctx_error(ctx, SP_EUSER, "environment override needs a name and a value");
	copy = sp__strdup(value);
	if (!copy || sp_map_set(ctx->env, name, copy, &old) < 0) {
		sp__free(copy);
		return sp__oom(ctx);
	}
	sp__free(old);
	return 0;
}

const char *sp_ctx_getenv(const sp_ctx *ctx, const char *name)
{
	const char *v = ctx ? sp_map_get(ctx->env, name) : NULL;
	return v ? v : getenv(name);
}

int sp_ctx_add_path_map(sp_ctx *ctx, const char *from, const char *to)
{
	if (!ctx || !from || !*from || !to)
		return sp_ctx_error(ctx, SP_EUSER, "path map needs FROM=TO with a non-empty FROM");
	if (sp_strvec_push(&ctx->map_from, from) < 0)
		return sp__oom(ctx);
	if (sp_strvec_push(&ctx->map_to, to) < 0) {
		sp__free(ctx->map_from.items[--ctx->map_from.count]);
		return sp__oom(ctx);
	}
	return 0;
}

size_t sp_ctx_path_map_count(const sp_ctx *ctx)
{
	return ctx ? ctx->map_from.count : 0;
}

void sp_ctx_path_map_at(const sp_ctx *ctx, size_t i, const char **from, const char **to)
{
	*from = i < ctx->map_from.count ? ctx->map_from.items[i] : NULL;
	*to = i < ctx->map_to.count ? ctx->map_to.items[i] : NULL;
}

const char *sp_version(void)
{
	return SP_VERSION_STRING;
}
