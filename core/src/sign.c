/*
 * Request signing for the farm API.  The farm recomputes the signature from
 * the headers and the JSON body it receives, so every byte of the flattened
 * string must match its algorithm: keys joined with '.', list indexes glued
 * on with no separator, empty lists and objects dropped, keys sorted by byte.
 */
#include "sign.h"

#include <math.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>

/* Deeper bodies than this are not something the farm API accepts. */
#define SP_SIGN_MAX_DEPTH 32

typedef struct {
	sp_strvec keys;
	sp_strvec values;
} flat_pairs;

static int flatten(flat_pairs *fp, sp_ctx *ctx, const cJSON *item, sp_buf *key, int depth);

static int scalar_text(sp_buf *out, sp_ctx *ctx, const cJSON *item, const char *key)
{
	if (cJSON_IsString(item))
		return sp_buf_puts(out, item->valuestring) < 0 ? sp__oom(ctx) : 0;
	if (cJSON_IsNumber(item)) {
		double v = item->valuedouble;
		if (!isfinite(v) || v != floor(v) || fabs(v) > 9007199254740992.0)
			return sp_ctx_error(ctx, SP_EUSER, "request key '%s': only integers can be signed",
			                    key);
		return sp_buf_printf(out, "%lld", (long long)v) < 0 ? sp__oom(ctx) : 0;
	}
	return sp_ctx_error(ctx, SP_EUSER, "request key '%s': booleans and nulls cannot be signed", key);
}

static int add_pair(flat_pairs *fp, sp_ctx *ctx, const cJSON *item, const char *key)
{
	sp_buf value = SP_BUF_INIT;
	int error = scalar_text(&value, ctx, item, key);
	if (error == 0 && (sp_strvec_push(&fp->keys, key) < 0 ||
	                   sp_strvec_push(&fp->values, value.ptr ? value.ptr : "") < 0))
		error = sp__oom(ctx);
	sp_buf_dispose(&value);
	return error;
}

/* Children of an object (".name") or a list (index with no separator). */
static int flatten_children(flat_pairs *fp, sp_ctx *ctx, const cJSON *item, sp_buf *key, int depth)
{
	size_t base = key->size;
	int index = 0, error = 0;
	for (const cJSON *c = item->child; c && error == 0; c = c->next, index++) {
		int rc;
		if (cJSON_IsArray(item))
			rc = sp_buf_printf(key, "%d", index);
		else
			rc = sp_buf_printf(key, "%s%s", base ? "." : "", c->string ? c->string : "");
		error = rc < 0 ? sp__oom(ctx) : flatten(fp, ctx, c, key, depth + 1);
		key->size = base;
		if (key->ptr)
			key->ptr[base] = '\0';
	}
	return error;
}

static int flatten(flat_pairs *fp, sp_ctx *ctx, const cJSON *item, sp_buf *key, int depth)
{
	if (depth > SP_SIGN_MAX_DEPTH)
		return sp_ctx_error(ctx, SP_ETOOBIG, "request body nested deeper than %d levels",
		                    SP_SIGN_MAX_DEPTH);
	if (cJSON_IsObject(item) || cJSON_IsArray(item))
		return flatten_children(fp, ctx, item, key, depth);
	return add_pair(fp, ctx, item, sp_buf_cstr(key));
}

static int merge(cJSON **out, sp_ctx *ctx, const cJSON *headers, const cJSON *body)
{
	cJSON *merged = headers ? cJSON_Duplicate(headers, 1) : cJSON_CreateObject();
	if (!merged)
		return sp__oom(ctx);
	for (const cJSON *c = body ? body->child : NULL; c; c = c->next) {
		cJSON *copy = cJSON_Duplicate(c, 1);
		if (!copy || !c->string) {
			cJSON_Delete(copy);
			cJSON_Delete(merged);
			return c->string ? sp__oom(ctx)
			                 : sp_ctx_error(ctx, SP_EUSER, "request body is not an object");
		}
		cJSON_DeleteItemFromObjectCaseSensitive(merged, c->string);
		cJSON_AddItemToObject(merged, c->string, copy);
	}
	*out = merged;
	return 0;
}

/* Index order of the keys by byte value; keys are unique after the merge. */
static int sorted_order(size_t **out, sp_ctx *ctx, const sp_strvec *keys)
{
	size_t *order = sp__calloc(keys->count ? keys->count : 1, sizeof(*order));
	if (!order)
		return sp__oom(ctx);
	for (size_t i = 0; i < keys->count; i++) {
		size_t j = i;
		for (; j > 0 && strcmp(keys->items[order[j - 1]], keys->items[i]) > 0; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	*out = order;
	return 0;
}

int sp__sign_string(sp_buf *out, sp_ctx *ctx, const char *domain, const char *path, const cJSON *headers,
                    const cJSON *body)
{
	flat_pairs fp = {SP_STRVEC_INIT, SP_STRVEC_INIT};
	sp_buf key = SP_BUF_INIT;
	cJSON *merged = NULL;
	size_t *order = NULL;
	int error;

	if (body && !cJSON_IsObject(body))
		return sp_ctx_error(ctx, SP_EUSER, "request body for '%s' is not a JSON object", path);
	error = merge(&merged, ctx, headers, body);
	if (error == 0)
		error = flatten(&fp, ctx, merged, &key, 0);
	if (error == 0)
		error = sorted_order(&order, ctx, &fp.keys);
	if (error < 0)
		goto done;
	sp_buf_clear(out);
	if (sp_buf_printf(out, "[POST]%s:%s", domain, path) < 0)
		error = sp__oom(ctx);
	for (size_t i = 0; i < fp.keys.count && error == 0; i++)
		if (sp_buf_printf(out, "&%s=%s", fp.keys.items[order[i]], fp.values.items[order[i]]) < 0)
			error = sp__oom(ctx);
done:
	sp__free(order);
	cJSON_Delete(merged);
	sp_buf_dispose(&key);
	sp_strvec_dispose(&fp.keys);
	sp_strvec_dispose(&fp.values);
	return error;
}

int sp__hmac_sha256_b64(sp_buf *out, sp_ctx *ctx, const char *key, const char *msg, size_t msg_len)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned char text[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
	unsigned int mac_len = 0;
	size_t key_len = strlen(key);
	int n;

	if (key_len > 0x7fffffff)
		return sp_ctx_error(ctx, SP_EUSER, "access key is too long");
	if (!HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)msg, msg_len, mac, &mac_len))
		return sp_ctx_error(ctx, SP_ERROR, "HMAC-SHA256 is not available in this OpenSSL");
	n = EVP_EncodeBlock(text, mac, (int)mac_len);
	OPENSSL_cleanse(mac, sizeof(mac));
	sp_buf_clear(out);
	if (n < 0 || sp_buf_put(out, (const char *)text, (size_t)n) < 0)
		return sp__oom(ctx);
	return 0;
}

int sp__sha256_hex(char out[65], const void *data, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	static const char hex[] = "0123456789abcdef";
	if (!EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) || md_len != 32)
		return SP_ERROR;
	for (unsigned int i = 0; i < md_len; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
	return 0;
}
