#include "mb_iff.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/types.h>

/* One payload read is capped so a hostile size cannot ask for gigabytes of memory. */
#define MB_MAX_READ ((size_t)256 * 1024 * 1024)

uint32_t mb_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

uint64_t mb_be64(const unsigned char *p)
{
	return (uint64_t)mb_be32(p) << 32 | mb_be32(p + 4);
}

int mb_iff_corrupt(mb_iff *r, uint64_t off, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sp_ctx_error(r->ctx, SP_ECORRUPT, "%s: byte %llu: %s", r->path, (unsigned long long)off, msg);
}

static int io_error(mb_iff *r)
{
	return sp_ctx_error(r->ctx, SP_EIO, "%s: byte %llu: read error", r->path, (unsigned long long)r->pos);
}

/* The read window (mb_iff.win): headers and small chunks come from it. */
#define MB_WINDOW ((size_t)64 * 1024)

/* n bytes at `off` read with one call into dst; *got says how many there were. */
static int read_direct(mb_iff *r, uint64_t off, unsigned char *dst, size_t n, size_t *got)
{
	*got = 0;
	if (off != r->pos) {
		if (off > (uint64_t)INT64_MAX || fseeko(r->fp, (off_t)off, SEEK_SET) != 0)
			return io_error(r);
		r->pos = off;
	}
	*got = fread(dst, 1, n, r->fp);
	r->pos += *got;
	return *got < n && ferror(r->fp) ? io_error(r) : 0;
}

/* Exactly n bytes at `off`; a short read is a truncated file. */
static int read_at(mb_iff *r, uint64_t off, void *dst, size_t n)
{
	unsigned char *out = dst;
	size_t got;
	int error;
	while (n > 0) {
		if (off >= r->win_off && off - r->win_off < r->win_len) {
			size_t at = (size_t)(off - r->win_off), k = r->win_len - at < n ? r->win_len - at : n;
			memcpy(out, r->win + at, k);
			out += k;
			off += k;
			n -= k;
			continue;
		}
		if (n >= MB_WINDOW) { /* a big chunk goes straight where it is wanted */
			error = read_direct(r, off, out, n, &got);
			if (error < 0)
				return error;
			if (got < n)
				return mb_iff_corrupt(r, off + got,
				                      "file ends in the middle of a chunk (truncated)");
			return 0;
		}
		r->win_len = 0;
		error = read_direct(r, off, r->win, MB_WINDOW, &got);
		if (error < 0)
			return error;
		if (got == 0)
			return mb_iff_corrupt(r, off, "file ends in the middle of a chunk (truncated)");
		r->win_off = off;
		r->win_len = got;
	}
	return 0;
}

static int is_group(const unsigned char *tag)
{
	static const char *const groups[] = {"FOR4", "FOR8", "LIS4", "LIS8", "CAT4", "CAT8", "PRO4", "PRO8"};
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (memcmp(tag, groups[i], 4) == 0)
			return 1;
	return 0;
}

static int file_size(mb_iff *r, uint64_t *out)
{
	off_t end;
	if (fseeko(r->fp, 0, SEEK_END) != 0 || (end = ftello(r->fp)) < 0 || fseeko(r->fp, 0, SEEK_SET) != 0)
		return io_error(r);
	*out = (uint64_t)end;
	r->pos = 0;
	r->win_len = 0;
	return 0;
}

int mb_iff_open(mb_iff *r, sp_ctx *ctx, const char *path, mb_chunk *top)
{
	unsigned char head[20];
	size_t hdr;
	int error;
	memset(r, 0, sizeof(*r));
	memset(top, 0, sizeof(*top));
	r->ctx = ctx;
	r->path = path;
	r->fp = sp_fopen_read(path); /* UTF-8 names on Windows too */
	if (!r->fp && errno == ENOMEM)
		return sp_ctx_error(ctx, SP_ENOMEM, "out of memory");
	if (!r->fp)
		return sp_ctx_error(ctx, errno == ENOENT ? SP_ENOTFOUND : SP_EIO, "%s: cannot open: %s", path,
		                    errno == ENOENT ? "no such file" : "access denied or I/O error");
	r->win = ma_malloc(MB_WINDOW);
	if (!r->win || setvbuf(r->fp, NULL, _IONBF, 0) != 0)
		return sp_ctx_error(ctx, SP_ENOMEM, "out of memory");
	error = file_size(r, &r->file_end);
	if (error < 0)
		return error;
	if (r->file_end >= 4) {
		error = read_at(r, 0, head, 4);
		if (error < 0)
			return error;
		r->wide = memcmp(head, "FOR8", 4) == 0;
	}
	hdr = r->wide ? 20 : 12;
	if (r->file_end < hdr)
		return mb_iff_corrupt(r, 0, "too short for a Maya binary header (%llu bytes)",
		                      (unsigned long long)r->file_end);
	error = read_at(r, 0, head, hdr);
	if (error < 0)
		return error;
	if (memcmp(head, r->wide ? "FOR8" : "FOR4", 4) != 0)
		return mb_iff_corrupt(r, 0, "not a Maya binary file (no FOR4 or FOR8 header)");
	if (memcmp(head + hdr - 4, "Maya", 4) != 0)
		return mb_iff_corrupt(r, hdr - 4, "form type is not 'Maya'");
	memcpy(top->tag, head, 4);
	memcpy(top->form, head + hdr - 4, 4);
	top->group = 1;
	top->size = r->wide ? mb_be64(head + 8) : mb_be32(head + 4);
	if (top->size < 4)
		return mb_iff_corrupt(r, 0, "top-level form of %llu bytes has no room for its form type",
		                      (unsigned long long)top->size);
	if (top->size > UINT64_MAX - hdr)
		return mb_iff_corrupt(r, 0, "top-level form claims %llu bytes",
		                      (unsigned long long)top->size);
	top->data = hdr;
	top->size -= 4;
	/*
	 * A cut file is found where its first chunk runs past the real end (every
	 * child is checked against the file size too), so the message names
	 * the chunk that was cut rather than byte 0.
	 */
	top->end = top->data + top->size;
	return 0;
}

void mb_iff_close(mb_iff *r)
{
	if (r->fp)
		fclose(r->fp);
	ma_free(r->win);
	ma_free(r->buf);
	r->fp = NULL;
	r->win = NULL;
	r->win_len = 0;
	r->buf = NULL;
	r->buf_cap = 0;
}

static void printable_tag(char out[5], const unsigned char *tag)
{
	for (int i = 0; i < 4; i++)
		out[i] = tag[i] >= 0x20 && tag[i] < 0x7f ? (char)tag[i] : '?';
	out[4] = '\0';
}

static int read_header(mb_iff *r, uint64_t at, uint64_t end, mb_chunk *out)
{
	unsigned char h[16];
	size_t hdr = r->wide ? 16 : 8;
	char tag[5];
	int error = read_at(r, at, h, hdr);
	if (error < 0)
		return error;
	memset(out, 0, sizeof(*out));
	memcpy(out->tag, h, 4);
	out->off = at;
	/* FOR8: bytes 4..7 are garbage that changes from save to save; only 8..15 hold the size. */
	out->size = r->wide ? mb_be64(h + 8) : mb_be32(h + 4);
	out->data = at + hdr;
	printable_tag(tag, out->tag);
	if (end > r->file_end && out->size > r->file_end - out->data)
		return mb_iff_corrupt(
		    r, at, "chunk '%s' claims %llu bytes but the file ends %llu bytes later (truncated)", tag,
		    (unsigned long long)out->size, (unsigned long long)(r->file_end - out->data));
	if (out->size > end - out->data)
		return mb_iff_corrupt(r, at,
		                      "chunk '%s' claims %llu bytes but only %llu remain in its parent", tag,
		                      (unsigned long long)out->size, (unsigned long long)(end - out->data));
	out->group = is_group(out->tag);
	return 0;
}

int mb_iff_next(mb_iff *r, uint64_t *at, uint64_t end, mb_chunk *out)
{
	size_t hdr = r->wide ? 16 : 8, align = r->wide ? 8 : 4;
	uint64_t pad;
	int error;
	/* Fewer bytes than a header left: the group's own padding, as in the IFF walker of the spec. */
	if (*at >= end || end - *at < hdr)
		return 0;
	error = read_header(r, *at, end, out);
	if (error < 0)
		return error;
	if (out->group) {
		char tag[5];
		printable_tag(tag, out->tag);
		if (out->size < 4)
			return mb_iff_corrupt(r, out->off,
			                      "group '%s' of %llu bytes has no room for its form type", tag,
			                      (unsigned long long)out->size);
		error = read_at(r, out->data, out->form, 4);
		if (error < 0)
			return error;
		/* Group sizes are not padded: the next sibling starts right after the payload. */
		out->end = out->data + out->size;
		out->data += 4;
		out->size -= 4;
	} else {
		/* Leaf data is padded from its own start; the padding may run to the parent's end, no
		 * further. */
		pad = (align - out->size % align) % align;
		out->end = out->data + out->size + (pad <= end - out->data - out->size ? pad : 0);
	}
	*at = out->end;
	return 1;
}

int mb_iff_read(mb_iff *r, const mb_chunk *c, size_t max, const unsigned char **data, size_t *len)
{
	size_t n = c->size < (uint64_t)max ? (size_t)c->size : max;
	int error;
	if (n > MB_MAX_READ)
		n = MB_MAX_READ;
	if (ma_grow((void **)&r->buf, &r->buf_cap, n + 1, 1) < 0)
		return sp_ctx_error(r->ctx, SP_ENOMEM, "out of memory");
	error = read_at(r, c->data, r->buf, n);
	if (error < 0)
		return error;
	r->buf[n] = 0;
	*data = r->buf;
	*len = n;
	return 0;
}

int mb_cur_str(mb_cur *c, const char **out)
{
	const unsigned char *nul = c->left ? memchr(c->p, 0, c->left) : NULL;
	size_t n;
	if (!nul)
		return -1;
	n = (size_t)(nul - c->p) + 1;
	*out = (const char *)c->p;
	c->p += n;
	c->left -= n;
	return 0;
}

int mb_cur_u8(mb_cur *c, unsigned *out)
{
	if (c->left < 1)
		return -1;
	*out = c->p[0];
	c->p++;
	c->left--;
	return 0;
}

int mb_cur_u32(mb_cur *c, uint32_t *out)
{
	if (c->left < 4)
		return -1;
	*out = mb_be32(c->p);
	c->p += 4;
	c->left -= 4;
	return 0;
}

int mb_cur_u64(mb_cur *c, uint64_t *out)
{
	if (c->left < 8)
		return -1;
	*out = mb_be64(c->p);
	c->p += 8;
	c->left -= 8;
	return 0;
}
