/* The .mb writer of the tests (not a test file: it only builds bytes). */
#include "mb_writer.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

void mbw_put(mbw_bytes *b, const void *data, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		cr_assert_not_null(b->p);
	}
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
}

void mbw_put_str(mbw_bytes *b, const char *s)
{
	mbw_put(b, s, strlen(s) + 1);
}

void mbw_put_u8(mbw_bytes *b, unsigned v)
{
	unsigned char c = (unsigned char)v;
	mbw_put(b, &c, 1);
}

void mbw_put_u32(mbw_bytes *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	                      (unsigned char)v};
	mbw_put(b, c, 4);
}

void mbw_put_u64(mbw_bytes *b, uint64_t v)
{
	mbw_put_u32(b, (uint32_t)(v >> 32));
	mbw_put_u32(b, (uint32_t)v);
}

void mbw_put_double(mbw_bytes *b, double v)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof(bits));
	mbw_put_u64(b, bits);
}

void mbw_init(mbw *w, int wide)
{
	memset(w, 0, sizeof(*w));
	w->wide = wide;
	memcpy(w->reserved, "\x4f\x7f\0\0", 4); /* garbage, as Maya writes it */
}

void mbw_dispose(mbw *w)
{
	free(w->out.p);
	w->out.p = NULL;
}

static void header(mbw *w, const char *tag, uint64_t size)
{
	char t[5];
	memcpy(t, tag, 4);
	if (strlen(tag) == 3) /* "FOR" / "LIS": the flavour's digit */
		t[3] = w->wide ? '8' : '4';
	mbw_put(&w->out, t, 4);
	if (w->wide) {
		mbw_put(&w->out, w->reserved, 4);
		mbw_put_u64(&w->out, size);
	} else {
		mbw_put_u32(&w->out, (uint32_t)size);
	}
}

static void begin(mbw *w, const char *tag, const unsigned char form[4])
{
	cr_assert_lt(w->depth, 64);
	w->open[w->depth++] = w->out.len;
	header(w, tag, 0);
	mbw_put(&w->out, form, 4);
}

void mbw_begin(mbw *w, const char *tag, const char *form)
{
	begin(w, tag, (const unsigned char *)form);
}

void mbw_begin_id(mbw *w, const char *tag, uint32_t id)
{
	unsigned char c[4] = {(unsigned char)(id >> 24), (unsigned char)(id >> 16), (unsigned char)(id >> 8),
	                      (unsigned char)id};
	begin(w, tag, c);
}

void mbw_end(mbw *w)
{
	size_t at, hdr = w->wide ? 16 : 8;
	uint64_t size;
	cr_assert_gt(w->depth, 0);
	at = w->open[--w->depth];
	size = w->out.len - at - hdr; /* form type and children; groups are not padded */
	for (int i = 0; i < (w->wide ? 8 : 4); i++)
		w->out.p[at + (w->wide ? 8 : 4) + i] = (unsigned char)(size >> (8 * ((w->wide ? 7 : 3) - i)));
}

void mbw_leaf(mbw *w, const char *tag, const void *data, size_t n)
{
	static const unsigned char zero[8];
	size_t align = w->wide ? 8 : 4;
	header(w, tag, n);
	mbw_put(&w->out, data, n);
	mbw_put(&w->out, zero, (align - n % align) % align);
}

void mbw_text(mbw *w, const char *tag, const char *text)
{
	mbw_leaf(w, tag, text, strlen(text) + 1);
}

void mbw_pair(mbw *w, const char *tag, const char *a, const char *b)
{
	mbw_bytes p = {0};
	mbw_put_str(&p, a);
	mbw_put_str(&p, b);
	mbw_leaf(w, tag, p.p, p.len);
	free(p.p);
}

void mbw_crea(mbw *w, unsigned flags, const char *name, const char *parent, int uuid)
{
	static const unsigned char id[16] = {0x21, 0x4a, 0x59, 0x48, 0x94, 0x1d, 0x48, 0x43,
	                                     0xa4, 0xf4, 0xd6, 0x07, 0xc3, 0xb9, 0x01, 0xcf};
	mbw_bytes p = {0};
	mbw_put_u8(&p, flags | (uuid && !parent ? 0x80u : 0u));
	mbw_put_str(&p, name);
	if (parent)
		mbw_put_str(&p, parent);
	if (uuid)
		mbw_put(&p, id, sizeof(id));
	mbw_leaf(w, "CREA", p.p, p.len);
	free(p.p);
}

static void attr_leaf(mbw *w, const char *tag, const char *attr, const mbw_bytes *value)
{
	mbw_bytes p = {0};
	mbw_put_str(&p, attr);
	mbw_put_u8(&p, 0x20); /* the attribute flag byte: 0x20 plus bits */
	mbw_put(&p, value->p, value->len);
	mbw_leaf(w, tag, p.p, p.len);
	free(p.p);
}

void mbw_attr_str(mbw *w, const char *attr, const char *value)
{
	mbw_bytes v = {0};
	mbw_put_str(&v, value);
	attr_leaf(w, "STR ", attr, &v);
	free(v.p);
}

void mbw_attr_dble(mbw *w, const char *attr, double d)
{
	mbw_bytes v = {0};
	mbw_put_double(&v, d);
	attr_leaf(w, "DBLE", attr, &v);
	free(v.p);
}

void mbw_attr_ticks64(mbw *w, const char *attr, int64_t ticks)
{
	mbw_bytes v = {0};
	mbw_put_u64(&v, (uint64_t)ticks);
	attr_leaf(w, "DBLE", attr, &v);
	free(v.p);
}

void mbw_attr_ticks32(mbw *w, const char *attr, int32_t ticks)
{
	mbw_bytes v = {0};
	mbw_put_u32(&v, (uint32_t)ticks);
	attr_leaf(w, "DBLE", attr, &v);
	free(v.p);
}

void mbw_attr_flag(mbw *w, const char *attr)
{
	mbw_bytes v = {0};
	attr_leaf(w, "FLGS", attr, &v);
}

void mbw_attr_strs(mbw *w, const char *attr, const char *const *items, size_t count)
{
	mbw_bytes v = {0};
	mbw_put_u32(&v, (uint32_t)count);
	for (size_t i = 0; i < count; i++)
		mbw_put_str(&v, items[i]);
	attr_leaf(w, "STR#", attr, &v);
	free(v.p);
}

void mbw_connect(mbw *w, const char *src, const char *dst)
{
	mbw_bytes p = {0};
	mbw_put_u8(&p, 0);
	mbw_put_str(&p, src);
	mbw_put_str(&p, dst);
	mbw_leaf(w, "CWFL", p.p, p.len);
	free(p.p);
}

void mbw_attr_cmpd(mbw *w, const char *attr, const double *values, size_t count)
{
	mbw_bytes v = {0};
	for (size_t i = 0; i < count; i++)
		mbw_put_double(&v, values[i]);
	attr_leaf(w, "CMPD", attr, &v);
	free(v.p);
}

void mbw_attr_cmpd_size(mbw *w, const char *attr, uint32_t count)
{
	mbw_bytes p = {0};
	mbw_put_str(&p, attr);
	mbw_put_u8(&p, 0x28);
	mbw_put_u32(&p, count);
	mbw_leaf(w, "CMPD", p.p, p.len);
	free(p.p);
}

void mbw_attr_def(mbw *w, const mbw_attrdef *d)
{
	mbw_bytes p = {0};
	mbw_put(&p, d->kind, 4);
	if (w->wide)
		mbw_put_u32(&p, d->flags |
		                    0x00f80000u); /* the high bits every FOR8 declaration of the corpus has */
	else {
		mbw_put_u8(&p, (d->flags >> 8) & 0xffu);
		mbw_put_u8(&p, d->flags & 0xffu);
	}
	if (strcmp(d->kind, "aCPD") == 0)
		mbw_put_u32(&p, d->children);
	mbw_put_u32(&p, 1);
	mbw_put(&p, d->type_tag ? d->type_tag : "\0\0\0\0", 4);
	mbw_put_str(&p, d->ln);
	mbw_put_str(&p, d->sn);
	if (d->parent)
		mbw_put_str(&p, d->parent);
	mbw_put_u32(&p, 0);
	if (!d->type_tag && strcmp(d->kind, "aCPD") != 0 && strcmp(d->kind, "aMSG") != 0) {
		mbw_put_double(&p, 0);
		mbw_put_double(&p, 1);
		mbw_put(&p, "DBLE", 4);
		mbw_put_double(&p, d->dv);
	}
	mbw_leaf(w, "ATTR", p.p, p.len);
	free(p.p);
}

void mbw_reference(mbw *w, const char *path, const char *ns, const char *rfn, int depth, int deferred)
{
	const char *tag = depth ? "FRDI" : "FREF";
	mbw_bytes p = {0};
	if (depth)
		mbw_put_u32(&p, (uint32_t)depth);
	mbw_put_str(&p, path);
	mbw_put_str(&p, ns);
	mbw_put_u8(&p, 1);
	mbw_put_u8(&p, depth ? 0u : deferred ? 1u : 0u);
	mbw_put_str(&p, rfn);
	mbw_put(&p, "\0\0\0", 3);
	mbw_put_str(&p, "v=0;");
	mbw_put_str(&p, strstr(path, ".mb") ? "mayaBinary" : "mayaAscii");
	mbw_begin(w, "FOR", tag);
	mbw_leaf(w, tag, p.p, p.len);
	mbw_end(w);
	free(p.p);
}

void mbw_save(const mbw *w, const char *dir, const char *name)
{
	cr_assert_eq(w->depth, 0, "a group was left open");
	tst_write(dir, name, (const char *)w->out.p, w->out.len);
}
