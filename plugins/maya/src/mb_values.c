/*
 * Attribute chunks of a .mb node form: `attrName\0 flag:u8 payload`.  The
 * value becomes the text a .ma `setAttr` would carry, and goes through the
 * same keep-or-drop rules (ma_walk_set), so both formats keep the same.
 * Values of dynamic attributes (ATTR, mb_attrdef.c) come the same way.
 * CMPD holds a compound's child values as 8-byte numbers in order (a mesh's
 * `covm[0]` is 0.0 1.0 1.0 where .ma writes `setAttr ".covm[0]" 0 1 1`); with
 * flag bit 0x08 ('(') a u32 element count comes first, as in FLGS.
 *
 * Time values are ticks: int32 at 6000 per second before Maya 2016 (FOR4
 * and the 2014 FOR8 files: `o` = 250 is frame 1 at film), int64 at TDUR per
 * second after (`fs` = 11,760,000 is frame 1 at 12fps).  The .ma stores
 * them in the time unit, so they are converted to that.
 *
 * REFE holds a reference node's edits (.ma `setAttr ".ed" -type
 * "dataReferenceEdits"`): records `kind:u32 node\0 attr\0 args\0`, kind 2
 * being a setAttr whose arguments are the same MEL text as in .ma.
 */
#include "mb_walk.h"
#include "ma_attrs.h"

#include <stdio.h>

/* Enough for any attribute name and the first value; paths are never longer than 4 KB. */
#define MB_PEEK ((size_t)8 * 1024)
/* String chunks read whole: a stringArray of paths, or a wanted string (MEL of a layer...). */
#define MB_STRINGS_MAX ((size_t)256 * 1024)
#define MB_WANTED_MAX  ((size_t)16 * 1024 * 1024)

static int is_time_attr(const ma_node *n, const char *attr)
{
	const char *canon = ma_attr_canon(attr);
	if (strcmp(n->ti->name, "renderGlobals") == 0)
		return strcmp(canon, "fs") == 0 || strcmp(canon, "ef") == 0 || strcmp(canon, "bfs") == 0;
	if (strcmp(n->ti->name, "time") == 0)
		return strcmp(canon, "o") == 0 || strcmp(canon, "unw") == 0;
	return 0;
}

/*
 * An int64 tick count read as a double is subnormal (top 12 bits 0) or, when
 * negative, has all 12 top bits set: values a real double attribute never
 * holds.  That finds times on nodes the walk has no type list for.
 */
static int looks_like_ticks(uint64_t bits)
{
	uint64_t top = bits >> 52;
	return (top == 0 && bits != 0) || top == 0xfff;
}

/* 4-byte ticks are Maya's old 6000 per second; 8-byte ones its newer 141,120,000, unless TDUR says. */
static void format_time(const mb_state *st, char *out, size_t size, int64_t ticks, int wide)
{
	double tps = st->have_tdur ? (double)st->tps : wide ? 141120000.0 : 6000.0;
	ma_format_double(out, size, (double)ticks * st->units / tps);
}

/* The text of one 8-byte number: a double, or ticks where the attribute is a time. */
static void format_wide(const mb_state *st, const char *name, uint64_t bits, int maybe_time, char *text,
                        size_t size)
{
	const ma_node *n = st->w->cur;
	double d;
	if (maybe_time &&
	    (is_time_attr(n, name) || ((st->have_tdur || st->uuid) && looks_like_ticks(bits)))) {
		format_time(st, text, size, (int64_t)bits, 1);
		return;
	}
	memcpy(&d, &bits, sizeof(d));
	ma_format_double(text, size, d);
}

/*
 * `attr[lo:hi]` with one value per element, as the .ma walk reads `setAttr
 * ".rlmi[1:5]" 1 2 3 4 5`: 1 and the bounds when `name` is such a range.
 */
static int range_of(const char *name, size_t *base, int64_t *lo, int64_t *hi)
{
	const char *open = strchr(name, '['), *colon = strchr(name, ':'), *close = strchr(name, ']');
	char num[32];
	if (!open || !colon || !close || colon < open || close < colon || close[1] != '\0' ||
	    (size_t)(close - open) >= sizeof(num))
		return 0;
	memcpy(num, open + 1, (size_t)(colon - open - 1));
	num[colon - open - 1] = '\0';
	if (ma_parse_i64(num, lo) < 0)
		return 0;
	memcpy(num, colon + 1, (size_t)(close - colon - 1));
	num[close - colon - 1] = '\0';
	if (ma_parse_i64(num, hi) < 0 || *hi < *lo || *hi - *lo > 100000)
		return 0;
	*base = (size_t)(open - name);
	return 1;
}

static int set_range(mb_state *st, const char *name, mb_cur *cur)
{
	char text[64], elem[512];
	size_t base;
	int64_t lo, hi;
	if (!range_of(name, &base, &lo, &hi))
		return 0;
	for (int64_t i = lo; i <= hi && cur->left >= 8; i++) {
		format_wide(st, name, mb_be64(cur->p), 1, text, sizeof(text));
		snprintf(elem, sizeof(elem), "%.*s[%lld]", (int)base, name, (long long)i);
		if (ma_node_set(&st->w->store, st->w->cur, elem, text, 0, 0) < 0)
			return sp_ctx_error(st->w->ses->ctx, SP_ENOMEM, "out of memory");
		cur->p += 8;
		cur->left -= 8;
	}
	return 1;
}

static int set_number(mb_state *st, const mb_chunk *c, const char *name, unsigned flag, mb_cur *cur)
{
	const char *tag = (const char *)c->tag;
	char text[64];
	int is_cmpd = memcmp(tag, "CMPD", 4) == 0, error;
	uint32_t size;
	/* CMPD with flag bit 0x08 starts with an element count (`setAttr -s N`), as FLGS does. */
	if (is_cmpd && flag & 0x08 && mb_cur_u32(cur, &size) < 0)
		return ma_walk_set(st->w, name, NULL, 0, 0);
	/* .ma expands a range only when it has two values or more; one value sets "x[1:1]" itself. */
	if ((is_cmpd || memcmp(tag, "DBLE", 4) == 0) && cur->left >= 16 && strchr(name, ':')) {
		error = set_range(st, name, cur);
		if (error != 0)
			return error < 0 ? error : 0;
	}
	if (memcmp(tag, "DBLE", 4) == 0 && cur->left == 4) {
		format_time(st, text, sizeof(text), (int32_t)mb_be32(cur->p), 0);
	} else if (memcmp(tag, "FLT", 3) == 0 && cur->left >= 4) {
		uint32_t fb = mb_be32(cur->p);
		float f;
		memcpy(&f, &fb, sizeof(f));
		ma_format_double(text, sizeof(text), f);
	} else if ((memcmp(tag, "DBL", 3) == 0 || is_cmpd) && cur->left >= 8) {
		/* A compound's values are its children's, in order: .ma keeps the first, so do we. */
		format_wide(st, name, mb_be64(cur->p), tag[3] == 'E' || is_cmpd, text, sizeof(text));
	} else if (memcmp(tag, "I32#", 4) == 0) {
		/* .ma writes the element count first; the peek may hold only part of a big array. */
		snprintf(text, sizeof(text), "%llu", (unsigned long long)((c->size - strlen(name) - 2) / 4));
	} else {
		return ma_walk_set(st->w, name, NULL, 0, 0); /* FLGS: `setAttr -k on ".fs"` */
	}
	return ma_walk_set(st->w, name, text, 0, 0);
}

/* STR#: `count:u32` then that many NUL-terminated strings. */
static int set_strings(mb_state *st, const mb_chunk *c, const char *name, mb_cur *cur)
{
	uint32_t count;
	const char *s;
	int error = 0;
	if (mb_cur_u32(cur, &count) < 0)
		return 0;
	if (count > cur->left)
		return mb_iff_corrupt(&st->rd, c->off, "'%s' claims %lu strings in %zu bytes", name,
		                      (unsigned long)count, cur->left);
	for (uint32_t i = 0; error >= 0 && i < count; i++) {
		if (mb_cur_str(cur, &s) < 0)
			return mb_iff_corrupt(&st->rd, c->off, "'%s' ends inside string %lu of %lu", name,
			                      (unsigned long)i, (unsigned long)count);
		error = ma_walk_set_element(st->w, name, i, s, 0);
	}
	return error;
}

static int set_string(mb_state *st, const char *name, mb_cur *cur)
{
	char *value = ma_strndup((const char *)cur->p, strnlen((const char *)cur->p, cur->left));
	int error;
	if (!value)
		return sp_ctx_error(st->w->ses->ctx, SP_ENOMEM, "out of memory");
	error = ma_walk_set(st->w, name, value, 1, 0);
	ma_free(value);
	return error;
}

/* Read the whole of a string chunk that did not fit the first peek; 0 with cur->p NULL when too long. */
static int read_whole(mb_state *st, const mb_chunk *c, int wanted, mb_cur *cur)
{
	size_t cap = wanted ? MB_WANTED_MAX : memcmp(c->tag, "STR#", 4) == 0 ? MB_STRINGS_MAX : 0;
	const unsigned char *p;
	size_t n;
	int error;
	cur->p = NULL;
	if (c->size > cap) {
		if (wanted)
			sp_ctx_log(st->w->ses->ctx, SP_LOG_WARN, "%s: byte %llu: value of %llu bytes skipped",
			           st->w->file, (unsigned long long)c->off, (unsigned long long)c->size);
		return 0;
	}
	error = mb_iff_read(&st->rd, c, cap, &p, &n);
	cur->p = p;
	cur->left = n;
	return error;
}

static int is_attr_tag(const unsigned char *tag)
{
	static const char *const tags[] = {"STR ", "STR#", "DBLE", "DBL2", "DBL3",
	                                   "FLT2", "FLT3", "FLGS", "I32#", "CMPD"};
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (memcmp(tag, tags[i], 4) == 0)
			return 1;
	return 0;
}

int mb_attr_chunk(mb_state *st, const mb_chunk *c)
{
	const char *name;
	char attr[512];
	unsigned flag;
	mb_cur cur;
	int error, wanted, text = c->tag[0] == 'S';
	if (!is_attr_tag(c->tag))
		return 0; /* MESH, MATR, CMP#...: nothing the walk reads */
	error = mb_iff_read(&st->rd, c, MB_PEEK, &cur.p, &cur.left);
	if (error < 0)
		return error;
	if (mb_cur_str(&cur, &name) < 0)
		return c->size > MB_PEEK
		           ? 0
		           : mb_iff_corrupt(&st->rd, c->off, "'%.4s' chunk without an attribute name",
		                            (const char *)c->tag);
	if (strlen(name) >= sizeof(attr))
		return 0;                     /* no attribute the walk reads has such a name */
	memcpy(attr, name, strlen(name) + 1); /* the read buffer is reused by read_whole */
	wanted = ma_walk_attr_wanted(st->w->cur, attr);
	if (!text && !wanted)
		return 0; /* numbers are kept only where the .ma walk keeps them */
	if (text && c->size > MB_PEEK) {
		error = read_whole(st, c, wanted, &cur);
		if (error < 0 || !cur.p)
			return error;
		cur.p += strlen(attr) + 1;
		cur.left -= strlen(attr) + 1;
	}
	if (mb_cur_u8(&cur, &flag) < 0)
		return ma_walk_set(st->w, attr, NULL, 0, 0);
	if (memcmp(c->tag, "STR ", 4) == 0)
		return set_string(st, attr, &cur);
	if (memcmp(c->tag, "STR#", 4) == 0)
		return set_strings(st, c, attr, &cur);
	return set_number(st, c, attr, flag, &cur);
}

/* The setAttr edits (kind 2) of a REFE payload, handed to the .ma walk's edit reader. */
static int scan_edits(mb_state *st, const unsigned char *p, size_t n)
{
	int error = 0;
	for (size_t i = 0; error >= 0 && i + 4 < n; i++) {
		mb_cur cur = {p + i + 4, n - i - 4};
		ma_token t[4] = {{"2", 1, 0}, {NULL, 0, 1}, {NULL, 0, 1}, {NULL, 0, 1}};
		if (mb_be32(p + i) != 2 || mb_cur_str(&cur, &t[1].ptr) < 0 || !t[1].ptr[0] ||
		    mb_cur_str(&cur, &t[2].ptr) < 0 || !t[2].ptr[0] || mb_cur_str(&cur, &t[3].ptr) < 0)
			continue;
		t[1].len = strlen(t[1].ptr);
		t[2].len = strlen(t[2].ptr);
		t[3].len = strlen(t[3].ptr);
		error = ma_reference_edits(st->w, t, 4, 0);
		i = (size_t)(cur.p - p) - 1;
	}
	return error;
}

int mb_ref_edits(mb_state *st, const mb_chunk *c)
{
	const unsigned char *p;
	size_t n;
	int error;
	if (c->size > MB_WANTED_MAX) {
		sp_ctx_log(st->w->ses->ctx, SP_LOG_WARN,
		           "%s: byte %llu: reference edits of %llu bytes skipped", st->w->file,
		           (unsigned long long)c->off, (unsigned long long)c->size);
		return 0;
	}
	error = mb_iff_read(&st->rd, c, MB_WANTED_MAX, &p, &n);
	return error < 0 ? error : scan_edits(st, p, n);
}
