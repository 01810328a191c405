/* Reading the JSON options of sp_analyze_file and sp_submit_dir. */
#include "options.h"

#include "util.h"

#include <math.h>

int sp__opts_parse(cJSON **out, sp_ctx *ctx, const char *json, const char *const *known)
{
	const char *end = NULL;
	cJSON *root, *item;
	*out = NULL;
	root =
	    json && *json ? cJSON_ParseWithLengthOpts(json, strlen(json) + 1, &end, 1) : cJSON_CreateObject();
	if (!root)
		return json && *json ? sp_ctx_error(ctx, SP_EUSER, "options: not valid JSON near byte %ld",
		                                    end ? (long)(end - json) : 0L)
		                     : sp__oom(ctx);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return sp_ctx_error(ctx, SP_EUSER, "options: expected a JSON object");
	}
	cJSON_ArrayForEach(item, root)
	{
		size_t k = 0;
		while (known[k] && strcmp(known[k], item->string) != 0)
			k++;
		if (!known[k]) {
			int error = sp_ctx_error(ctx, SP_EUSER, "options: unknown option '%s'", item->string);
			cJSON_Delete(root);
			return error;
		}
	}
	*out = root;
	return 0;
}

static const cJSON *get(const cJSON *opts, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(opts, key);
	return v && !cJSON_IsNull(v) ? v : NULL;
}

int sp__opts_string(const char **out, sp_ctx *ctx, const cJSON *opts, const char *key)
{
	const cJSON *v = get(opts, key);
	if (!v)
		return 0;
	if (!cJSON_IsString(v))
		return sp_ctx_error(ctx, SP_EUSER, "option '%s' expects a string", key);
	*out = v->valuestring;
	return 0;
}

static int whole_number(const cJSON *v, long min, long max, long *out)
{
	double d;
	if (!cJSON_IsNumber(v))
		return -1;
	d = v->valuedouble;
	if (!isfinite(d) || d != floor(d) || d < (double)min || d > (double)max)
		return -1;
	*out = (long)d;
	return 0;
}

int sp__opts_text(sp_buf *out, sp_ctx *ctx, const cJSON *opts, const char *key)
{
	const cJSON *v = get(opts, key);
	long n = 0;
	int error = 0;
	sp_buf_clear(out);
	if (!v)
		return 0;
	if (cJSON_IsString(v))
		error = sp_buf_puts(out, v->valuestring);
	else if (whole_number(v, 0, 1000000000L, &n) == 0)
		error = sp_buf_printf(out, "%ld", n);
	else
		return sp_ctx_error(ctx, SP_EUSER, "option '%s' expects a string or a whole number", key);
	return error < 0 ? sp__oom(ctx) : 0;
}

int sp__opts_bool(int *out, sp_ctx *ctx, const cJSON *opts, const char *key)
{
	const cJSON *v = get(opts, key);
	long n = 0;
	if (!v)
		return 0;
	if (cJSON_IsBool(v))
		*out = cJSON_IsTrue(v);
	else if (whole_number(v, 0, 1, &n) == 0)
		*out = (int)n;
	else
		return sp_ctx_error(ctx, SP_EUSER, "option '%s' expects true or false", key);
	return 0;
}

int sp__opts_long(long *out, sp_ctx *ctx, const cJSON *opts, const char *key, long min, long max)
{
	const cJSON *v = get(opts, key);
	if (!v)
		return 0;
	if (whole_number(v, min, max, out) < 0)
		return sp_ctx_error(ctx, SP_EUSER, "option '%s' expects a whole number from %ld to %ld", key,
		                    min, max);
	return 0;
}

/* "NAME=VALUE": the name copied, the value borrowed. */
static int split_pair(char **name, const char **value, sp_ctx *ctx, const char *key, const char *text)
{
	const char *eq = strchr(text, '=');
	if (!eq || eq == text)
		return sp_ctx_error(ctx, SP_EUSER, "option '%s' expects NAME=VALUE, got '%s'", key, text);
	*name = sp__strndup(text, (size_t)(eq - text));
	*value = eq + 1;
	return *name ? 0 : sp__oom(ctx);
}

static int array_pair(sp_ctx *ctx, const char *key, const cJSON *item, sp__pair_fn cb, void *payload)
{
	char *name = NULL;
	const char *value = NULL;
	int error;
	if (cJSON_IsArray(item) && cJSON_GetArraySize(item) == 2 &&
	    cJSON_IsString(cJSON_GetArrayItem(item, 0)) && cJSON_IsString(cJSON_GetArrayItem(item, 1)))
		return cb(cJSON_GetArrayItem(item, 0)->valuestring, cJSON_GetArrayItem(item, 1)->valuestring,
		          payload);
	if (!cJSON_IsString(item))
		return sp_ctx_error(ctx, SP_EUSER,
		                    "option '%s' expects \"NAME=VALUE\" strings or [NAME, VALUE] pairs", key);
	error = split_pair(&name, &value, ctx, key, item->valuestring);
	if (error == 0)
		error = cb(name, value, payload);
	sp__free(name);
	return error;
}

int sp__opts_pairs(sp_ctx *ctx, const cJSON *opts, const char *key, sp__pair_fn cb, void *payload)
{
	const cJSON *v = get(opts, key), *item;
	int error = 0;
	if (!v)
		return 0;
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return sp_ctx_error(ctx, SP_EUSER, "option '%s' expects an object or an array", key);
	cJSON_ArrayForEach(item, v)
	{
		if (cJSON_IsObject(v) && !cJSON_IsString(item))
			return sp_ctx_error(ctx, SP_EUSER, "option '%s': the value of '%s' must be a string",
			                    key, item->string);
		error = cJSON_IsObject(v) ? cb(item->string, item->valuestring, payload)
		                          : array_pair(ctx, key, item, cb, payload);
		if (error < 0)
			return error;
	}
	return 0;
}
