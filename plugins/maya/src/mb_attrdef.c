/*
 * ATTR: a dynamic attribute of the current node (.ma `addAttr`).  Values are
 * not in it: Maya writes them as the ordinary attribute chunks that follow
 * (`STR  ARV_options`, `STR  stringOptions[0].name`...), which reach the walk
 * like any setAttr.  What the walk takes from the declaration itself is what
 * the .ma walk takes from `addAttr`: the value a Render Setup override's
 * `attrValue` holds while no setAttr sets it (its -dv).
 *
 * Layout, read from every ATTR of the corpus next to the `addAttr` lines of
 * the same attributes in the .ma corpus:
 *
 *   kind[4]          "aTYP" (-dt), "aBOL", "aENM", "aMSG", "aCPD", "aGNR"... (-at)
 *   flags            u16 in FOR4 files, u32 in FOR8 ones; seen: 0x2000 with -h,
 *                    0x0020 with -p, 0x8000 with -nn
 *   [children:u32]   aCPD only (-nc)
 *   count:u32, count type tags of 4 bytes ("STR ", "CMPD", 0 for a number)
 *   longName\0 shortName\0 [niceName\0] [enumNames\0 (aENM)] [parent\0]
 *   the rest: for numbers `u32 min:f64 max:f64 "DBLE" default:f64`
 *
 *   aTYP f8 20 40 00 | 00000001 "STR " defaultSurfaceShader\0 dss\0 ...  (-ci -h -dt string)
 *   aBOL 00f8004e 00000001 00000000 lockInfluenceWeights\0 liw\0 ... DBLE 0.0
 *
 * The bit of -usedAsFilename is not pinned down: no .mb available here
 * declares one (nor does the .ma corpus), so -uaf attributes of a .mb count
 * only through their values that look like paths.
 */
#include "mb_walk.h"

#define MB_ATTR_NICE_NAME  0x8000u
#define MB_ATTR_HAS_PARENT 0x0020u
/* Declarations are a few hundred bytes; enum lists of a few KB at most. */
#define MB_ATTR_MAX ((size_t)64 * 1024)

typedef struct {
	char kind[5];
	uint32_t flags;
	const char *ln, *sn;
	int has_default;
	double dv;
} mb_attrdef;

static int kind_ok(const unsigned char *p)
{
	for (int i = 0; i < 4; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return 0;
	return p[0] == 'a';
}

/* The default a number declaration ends with: "DBLE" and 8 bytes. */
static void read_default(mb_attrdef *d, const unsigned char *p, size_t n)
{
	uint64_t bits;
	if (n < 12 || memcmp(p + n - 12, "DBLE", 4) != 0)
		return;
	bits = mb_be64(p + n - 8);
	memcpy(&d->dv, &bits, sizeof(d->dv));
	d->has_default = d->dv == d->dv; /* a NaN is no default */
}

/* 1 when parsed, 0 when the declaration is of a kind or shape we do not read, or SP_ECORRUPT. */
static int parse(mb_state *st, const mb_chunk *c, mb_cur *cur, mb_attrdef *d)
{
	const unsigned char *start = cur->p;
	size_t total = cur->left;
	uint32_t flags = 0, count, skip;
	unsigned hi, lo;
	const char *s;
	if (cur->left < 4 || !kind_ok(cur->p))
		return 0;
	memcpy(d->kind, cur->p, 4);
	d->kind[4] = '\0';
	cur->p += 4;
	cur->left -= 4;
	if (st->rd.wide ? mb_cur_u32(cur, &flags) < 0 : mb_cur_u8(cur, &hi) < 0 || mb_cur_u8(cur, &lo) < 0)
		return 0;
	d->flags = st->rd.wide ? flags : hi << 8 | lo;
	if (strcmp(d->kind, "aCPD") == 0 && mb_cur_u32(cur, &skip) < 0)
		return 0;
	if (mb_cur_u32(cur, &count) < 0)
		return 0;
	if (count > cur->left / 4)
		return mb_iff_corrupt(&st->rd, c->off, "ATTR declares %lu types in %zu bytes",
		                      (unsigned long)count, cur->left);
	cur->p += (size_t)count * 4;
	cur->left -= (size_t)count * 4;
	if (mb_cur_str(cur, &d->ln) < 0 || mb_cur_str(cur, &d->sn) < 0 || !*d->ln)
		return mb_iff_corrupt(&st->rd, c->off, "ATTR chunk without a long and a short name");
	if (d->flags & MB_ATTR_NICE_NAME)
		(void)mb_cur_str(cur, &s);
	if (strcmp(d->kind, "aENM") == 0)
		(void)mb_cur_str(cur, &s);
	if (d->flags & MB_ATTR_HAS_PARENT)
		(void)mb_cur_str(cur, &s);
	read_default(d, start, total);
	return 1;
}

int mb_attr_def(mb_state *st, const mb_chunk *c)
{
	ma_node *n = st->w->cur;
	mb_attrdef d;
	mb_cur cur;
	const unsigned char *p;
	char dv[64];
	int error;
	if (!n)
		return 0;
	if (c->size > MB_ATTR_MAX) {
		sp_ctx_log(st->w->ses->ctx, SP_LOG_WARN, "%s: byte %llu: ATTR chunk of %llu bytes skipped",
		           st->w->file, (unsigned long long)c->off, (unsigned long long)c->size);
		return 0;
	}
	error = mb_iff_read(&st->rd, c, MB_ATTR_MAX, &p, &cur.left);
	if (error < 0)
		return error;
	cur.p = p;
	memset(&d, 0, sizeof(d));
	error = parse(st, c, &cur, &d);
	if (error <= 0)
		return error;
	/* Render Setup overrides declare their value attribute; unset, it holds the declared default. */
	if (strcmp(d.kind, "aTYP") == 0 || (!ma_streq(d.sn, "atv") && !ma_streq(d.ln, "attrValue")) ||
	    ma_node_attr(n, "atv"))
		return 0;
	ma_format_double(dv, sizeof(dv), d.has_default ? d.dv : 0);
	if (ma_node_set(&st->w->store, n, "atv", dv, 0, 0) < 0)
		return sp_ctx_error(st->w->ses->ctx, SP_ENOMEM, "out of memory");
	return 0;
}
