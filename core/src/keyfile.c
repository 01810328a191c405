#include "keyfile.h"
#include "os.h"

#include <stdio.h>

static void trim(const char **p, size_t *len)
{
	while (*len && sp__isspace((unsigned char)**p)) {
		(*p)++;
		(*len)--;
	}
	while (*len && sp__isspace((unsigned char)(*p)[*len - 1]))
		(*len)--;
}

int sp__fill_if_empty(sp_buf *dst, const char *v, size_t len)
{
	if (!dst || dst->size > 0 || !v || len == 0)
		return 0;
	return sp_buf_put(dst, v, len);
}

int sp__keyfile_read(sp_buf *out, sp_ctx *ctx, const char *path, size_t max, const char *what)
{
	FILE *f = sp_os_fopen_read(ctx, path);
	char chunk[4096];
	size_t n;
	int error = 0;
	if (!f)
		return sp_ctx_last_code(ctx);
	while (error == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->size + n > max)
			error = sp_ctx_error(ctx, SP_ETOOBIG, "'%s' is too large for a %s", path, what);
		else if (sp_buf_put(out, chunk, n) < 0)
			error = sp__oom(ctx);
	}
	if (error == 0 && ferror(f))
		error = sp_ctx_error(ctx, SP_EIO, "cannot read '%s'", path);
	fclose(f);
	return error;
}

static sp_buf *slot_for(const char *k, size_t klen, const char *const *keys, sp_buf *const *slots)
{
	for (size_t i = 0; keys[i]; i++)
		if (strlen(keys[i]) == klen && memcmp(keys[i], k, klen) == 0)
			return slots[i];
	return NULL;
}

int sp__keyfile_parse(sp_ctx *ctx, const char *text, const char *const *keys, sp_buf *const *slots)
{
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n'), *k = line, *v, *eq;
		size_t len = end ? (size_t)(end - line) : strlen(line), klen, vlen;
		eq = memchr(line, '=', len);
		line += len + (end ? 1 : 0);
		if (!eq)
			continue;
		klen = (size_t)(eq - k);
		v = eq + 1;
		vlen = len - klen - 1;
		trim(&k, &klen);
		trim(&v, &vlen);
		if (klen == 0 || k[0] == '#')
			continue;
		if (sp__fill_if_empty(slot_for(k, klen, keys, slots), v, vlen) < 0)
			return sp__oom(ctx);
	}
	return 0;
}
