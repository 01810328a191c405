#include "util.h"

#include <stdarg.h>
#include <stdio.h>

static int buf_reserve(sp_buf *buf, size_t extra)
{
	size_t need;
	if (extra > SIZE_MAX - buf->size - 1)
		return SP_ENOMEM;
	need = buf->size + extra + 1;
	if (need <= buf->asize)
		return 0;
	size_t asize = buf->asize ? buf->asize : 64;
	while (asize < need)
		asize = asize > SIZE_MAX / 2 ? need : asize * 2;
	char *p = sp__realloc(buf->ptr, asize);
	if (!p)
		return SP_ENOMEM;
	buf->ptr = p;
	buf->asize = asize;
	return 0;
}

int sp__buf_reserve(sp_buf *buf, size_t extra)
{
	if (buf_reserve(buf, extra) < 0)
		return SP_ENOMEM;
	buf->ptr[buf->size] = '\0';
	return 0;
}

int sp_buf_put(sp_buf *buf, const char *data, size_t len)
{
	if (buf_reserve(buf, len) < 0)
		return SP_ENOMEM;
	if (len)
		memcpy(buf->ptr + buf->size, data, len);
	buf->size += len;
	buf->ptr[buf->size] = '\0';
	return 0;
}

int sp_buf_puts(sp_buf *buf, const char *str)
{
	return sp_buf_put(buf, str, strlen(str));
}
int sp_buf_putc(sp_buf *buf, char c)
{
	return sp_buf_put(buf, &c, 1);
}

int sp_buf_sets(sp_buf *buf, const char *str)
{
	sp_buf_clear(buf);
	return sp_buf_puts(buf, str);
}

int sp_buf_printf(sp_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return SP_ERROR;
	if (buf_reserve(buf, (size_t)n) < 0)
		return SP_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(buf->ptr + buf->size, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf->size += (size_t)n;
	return 0;
}

void sp_buf_clear(sp_buf *buf)
{
	buf->size = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

void sp_buf_dispose(sp_buf *buf)
{
	if (!buf)
		return;
	sp__free(buf->ptr);
	buf->ptr = NULL;
	buf->size = buf->asize = 0;
}

const char *sp_buf_cstr(const sp_buf *buf)
{
	return buf && buf->ptr ? buf->ptr : "";
}
