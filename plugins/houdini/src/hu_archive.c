#include "hu_archive.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <zlib.h>

#define IN_BLOCK      (128u * 1024u)
#define HNC_HEADER    34u  /* "HouNC\x1a" + 28 hex characters */
#define HNC_NAME_MAX  255u /* the name size is one obfuscated byte */
#define HNC_LOOKAHEAD (HNC_HEADER + HNC_NAME_MAX)
#define MIME_LINE_MAX (64u * 1024u * 1024u)
#define INFLATE_CHUNK 16384u

/*
 * A block reader over the scene file: buf[pos..len) holds the bytes at file
 * offset `off`.  It never seeks and never asks for the file size (both go
 * through `long` on some C libraries, which stops at 2 GB): members are
 * skipped by reading past them, and the end of the file is where fread stops.
 */
typedef struct {
	FILE *fp;
	sp_ctx *ctx;
	const char *path;
	unsigned char *buf;
	size_t pos, len;
	uint64_t off;
	int eof;
} in_t;

/* Where a wanted member's bytes go: kept as they are, or inflated when they are gzip data. */
typedef enum { SINK_SNIFF = 0, SINK_PLAIN, SINK_GZIP } sink_mode;

typedef struct {
	int keep; /* still collecting; 0 once the member outgrew HU_MEMBER_MAX */
	sink_mode mode;
	unsigned char head[3];
	size_t nhead;
	int z_end; /* the current gzip stream ended */
} sink_t;

typedef struct {
	in_t in;
	hu_container kind;
	hu_want_fn want;
	hu_member_fn cb;
	void *payload;
	sp_buf data;
	sink_t sink;
	z_stream z;          /* one inflater for every gzip member, reset between them */
	int z_live;          /* inflateInit2 done */
	uint64_t inflated;   /* bytes inflated from every gzip member so far */
	uint64_t claim_size; /* the member being taken: its size and data offset, for messages */
	uint64_t claim_off;
	char name[HU_NAME_MAX + 1];
	size_t name_len; /* strlen(name) */
	uint64_t header_off;
} walker;

static const struct {
	const char *name;
	uint32_t key;
} hnc_keys[] = {
    /* Observed, constant across files and Houdini 16.5 to 20.5 (scene-formats.md §3.2). */
    {".start", 0x9a7e59ccu},
    {".variables", 0x43eeb871u},
    {".aliases", 0xdba55793u},
    {".takeconfig", 0x4309e1fau},
    {".hou.session", 0xe36d4a3du},
    {".defotl", 0xd0386de0u},
    {".OPlibraries", 0x8029b1f6u},
    {".OPpreferences", 0x6c0e60b2u},
    {".OPfallbacks", 0x757665beu},
    {".OPdummydefs", 0x8cfaa47fu},
    {".unselfiledeps", 0x97206634u},
    {".cwd", 0x24f702d0u},
    /* Derived from the corpus members that follow a known-size one. */
    {".application", 0xbabaa2e4u},
    {".contextoptions", 0x35048209u},
    {".scenefilevisualizers", 0x50fced75u},
    {".styles", 0x6cd4f6d7u},
    {".takes", 0xbf442769u},
    {"expression.func", 0x93af9aedu},
};

int hu_hnc_known_key(const char *name, uint32_t *key_out)
{
	for (size_t i = 0; i < sizeof(hnc_keys) / sizeof(*hnc_keys); i++)
		if (strcmp(hnc_keys[i].name, name) == 0) {
			*key_out = hnc_keys[i].key;
			return 1;
		}
	return 0;
}

hu_container hu_container_sniff(const unsigned char *head, size_t len)
{
	if (len >= 6 && memcmp(head, "070707", 6) == 0)
		return HU_CONT_ODC;
	if (len >= 6 && memcmp(head, "070701", 6) == 0)
		return HU_CONT_NEWC;
	if (len >= 6 && memcmp(head, "HouNC\x1a", 6) == 0)
		return HU_CONT_HOUNC;
	if (len >= 6 && memcmp(head, "HouLC\x1a", 6) == 0)
		return HU_CONT_HOULC;
	if (len >= 13 && memcmp(head, "MIME-Version:", 13) == 0)
		return HU_CONT_MIME;
	return HU_CONT_UNKNOWN;
}

const char *hu_container_name(hu_container c)
{
	switch (c) {
	case HU_CONT_ODC:
		return "cpio odc";
	case HU_CONT_NEWC:
		return "cpio newc";
	case HU_CONT_HOUNC:
		return "HouNC";
	case HU_CONT_HOULC:
		return "HouLC";
	case HU_CONT_MIME:
		return "MIME text";
	case HU_CONT_UNKNOWN:
		break;
	}
	return "unknown";
}

/* ---- block reader ------------------------------------------------------- */

static size_t in_avail(const in_t *in)
{
	return in->len - in->pos;
}

/*
 * Make at least `need` bytes available (fewer only at the end of the file).
 * Only the few bytes left over are moved to the front, and only when fewer
 * than `need` remain, so callers ask for what they must see at once (a
 * header, a name), never for a whole block.
 */
static int in_refill(in_t *in, size_t need)
{
	if (in->pos > 0) {
		memmove(in->buf, in->buf + in->pos, in_avail(in));
		in->len -= in->pos;
		in->pos = 0;
	}
	while (in->len < need && !in->eof) {
		size_t n = fread(in->buf + in->len, 1, IN_BLOCK - in->len, in->fp);
		if (n == 0 && ferror(in->fp))
			return sp_ctx_error(in->ctx, SP_EIO, "%s: read error at offset %llu", in->path,
			                    (unsigned long long)(in->off + in_avail(in)));
		in->eof = n == 0;
		in->len += n;
	}
	return 0;
}

/* in_refill when the bytes are not there yet: the test is inline, as most calls need no read. */
static inline int in_fill(in_t *in, size_t need)
{
	return in_avail(in) >= need || in->eof ? 0 : in_refill(in, need);
}

/* 1 when every byte of the file has been consumed. */
static int in_at_end(in_t *in, int *error)
{
	*error = in_fill(in, 1);
	return *error == 0 && in_avail(in) == 0;
}

static void in_skip(in_t *in, size_t n)
{
	in->pos += n;
	in->off += n;
}

/* ---- messages ----------------------------------------------------------- */

/* The member name as it may appear in a one-line message: printable ASCII, at most 200 bytes. */
static const char *shown_name(const walker *w, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = w->name; *p && n + 1 < cap && n < 200; p++)
		out[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
	out[n] = '\0';
	return n ? out : "(none)";
}

static int corrupt(walker *w, const char *what)
{
	char name[256];
	return sp_ctx_error(w->in.ctx, SP_ECORRUPT, "%s: %s archive: %s at offset %llu (member '%s')",
	                    w->in.path, hu_container_name(w->kind), what, (unsigned long long)w->header_off,
	                    shown_name(w, name, sizeof(name)));
}

/* The file ended inside the member being taken (w->claim_*). */
static int too_big(walker *w)
{
	char name[256];
	uint64_t end = w->in.off + in_avail(&w->in);
	return sp_ctx_error(w->in.ctx, SP_ECORRUPT,
	                    "%s: %s archive: member '%s' at offset %llu claims %llu bytes, %llu remain",
	                    w->in.path, hu_container_name(w->kind), shown_name(w, name, sizeof(name)),
	                    (unsigned long long)w->header_off, (unsigned long long)w->claim_size,
	                    (unsigned long long)(end > w->claim_off ? end - w->claim_off : 0));
}

/* ---- member data: kept plain, or inflated when it is gzip ------------------ */

/*
 * Houdini writes some members gzip-compressed (whatever their name says): the
 * data then starts with the gzip magic 1f 8b and method 08.  They are
 * inflated as the bytes stream past, so a compressed member costs no more
 * memory than a plain one, within two limits: HU_MEMBER_MAX per member (a
 * bigger one is walked past like a big plain member) and HU_INFLATE_* for
 * the whole scene, past which the walk stops with SP_ETOOBIG naming the
 * member: a few kilobytes of deflate can claim gigabytes.
 */
static void sink_begin(walker *w, int keep)
{
	sink_t *s = &w->sink;
	memset(s, 0, sizeof(*s));
	s->keep = keep;
	sp_buf_clear(&w->data);
}

/* Keep n decoded bytes; past HU_MEMBER_MAX the member is dropped (and walked past). */
static int sink_keep(walker *w, const unsigned char *p, size_t n)
{
	if (w->data.size + n > HU_MEMBER_MAX) {
		w->sink.keep = 0;
		sp_buf_clear(&w->data);
		return 0;
	}
	if (sp_buf_put(&w->data, (const char *)p, n) < 0)
		return sp_ctx_error(w->in.ctx, SP_ENOMEM, "out of memory");
	return 0;
}

/* What the gzip members may inflate to so far: grows with the bytes read. */
static uint64_t inflate_cap(const walker *w)
{
	return HU_INFLATE_BASE + (uint64_t)HU_INFLATE_RATIO * w->in.off;
}

static int inflate_limit(walker *w)
{
	char name[256];
	return sp_ctx_error(
	    w->in.ctx, SP_ETOOBIG,
	    "%s: %s archive: gzip member '%s' at offset %llu inflates past %llu MiB, the limit "
	    "for the compressed members of a scene this size",
	    w->in.path, hu_container_name(w->kind), shown_name(w, name, sizeof(name)),
	    (unsigned long long)w->header_off, (unsigned long long)(inflate_cap(w) >> 20));
}

/* After a gzip stream ends only another stream (concatenated gzip) or zero padding may follow. */
static int gzip_next_stream(walker *w)
{
	sink_t *s = &w->sink;
	while (w->z.avail_in > 0 && *w->z.next_in == 0) {
		w->z.next_in++;
		w->z.avail_in--;
	}
	if (w->z.avail_in == 0)
		return 0;
	if (inflateReset(&w->z) != Z_OK)
		return corrupt(w, "bad gzip data");
	s->z_end = 0;
	return 1;
}

static int sink_inflate(walker *w, const unsigned char *p, size_t n)
{
	sink_t *s = &w->sink;
	unsigned char out[INFLATE_CHUNK];
	int error = 0;
	w->z.next_in = (unsigned char *)(uintptr_t)p; /* zlib's next_in is not const before 1.2.9 */
	w->z.avail_in = (uInt)n;
	while (s->keep && error >= 0) {
		size_t got;
		int ret;
		if (s->z_end && (error = gzip_next_stream(w)) <= 0)
			break;
		w->z.next_out = out;
		w->z.avail_out = sizeof(out);
		ret = inflate(&w->z, Z_NO_FLUSH);
		got = sizeof(out) - w->z.avail_out;
		if (ret == Z_STREAM_END)
			s->z_end = 1;
		else if (ret == Z_MEM_ERROR)
			return sp_ctx_error(w->in.ctx, SP_ENOMEM, "out of memory");
		else if (ret != Z_OK && ret != Z_BUF_ERROR)
			return corrupt(w, "bad gzip data");
		else if (ret == Z_BUF_ERROR && got == 0)
			break; /* no progress possible: it needs the member's next bytes */
		w->inflated += got;
		if (w->inflated > inflate_cap(w))
			return inflate_limit(w);
		error = got ? sink_keep(w, out, got) : 0;
		if (!s->z_end && w->z.avail_in == 0 && w->z.avail_out > 0)
			break; /* all input used and all output flushed */
	}
	w->z.next_in = NULL;
	w->z.avail_in = 0;
	return error < 0 ? error : 0;
}

static int sink_feed(walker *w, const unsigned char *p, size_t n)
{
	if (w->sink.mode == SINK_GZIP)
		return sink_inflate(w, p, n);
	return sink_keep(w, p, n);
}

/* The first three bytes tell: gzip magic and deflate method, or plain data. */
static int sink_decide(walker *w)
{
	sink_t *s = &w->sink;
	s->mode = s->nhead == 3 && s->head[0] == 0x1f && s->head[1] == 0x8b && s->head[2] == 8 ? SINK_GZIP
	                                                                                       : SINK_PLAIN;
	if (s->mode == SINK_GZIP) {
		int ret = w->z_live ? inflateReset(&w->z) : inflateInit2(&w->z, 16 + MAX_WBITS);
		if (ret != Z_OK)
			return sp_ctx_error(w->in.ctx, SP_ENOMEM, "out of memory");
		w->z_live = 1;
	}
	return sink_feed(w, s->head, s->nhead);
}

static int sink_put(walker *w, const unsigned char *p, size_t n)
{
	sink_t *s = &w->sink;
	int error;
	if (!s->keep || n == 0)
		return 0;
	if (s->mode == SINK_SNIFF) {
		while (n > 0 && s->nhead < 3) {
			s->head[s->nhead++] = *p++;
			n--;
		}
		if (s->nhead < 3)
			return 0;
		error = sink_decide(w);
		if (error < 0 || n == 0)
			return error;
	}
	return sink_feed(w, p, n);
}

/* All of the member was fed: 1 when its data is kept (and, if gzip, complete). */
static int sink_finish(walker *w)
{
	sink_t *s = &w->sink;
	int error = 0;
	if (s->keep && s->mode == SINK_SNIFF)
		error = sink_decide(w);
	if (error >= 0 && s->keep && s->mode == SINK_GZIP && !s->z_end)
		error = corrupt(w, "gzip data ends early");
	return error < 0 ? error : s->keep;
}

/* ---- members ------------------------------------------------------------- */

static int deliver(walker *w, uint64_t offset, uint64_t size, int have_data)
{
	hu_member m;
	m.name = w->name;
	m.name_len = w->name_len;
	m.offset = offset;
	m.size = size;
	m.data = have_data ? (const unsigned char *)sp_buf_cstr(&w->data) : NULL;
	m.len = have_data ? w->data.size : 0;
	m.gzip = w->sink.mode == SINK_GZIP;
	return w->cb(&m, w->payload);
}

/*
 * 1 when the caller wants this member.  A name ending in ".gz" is also
 * wanted as the name without it ("obj/geo1.parm.gz" is the .parm member,
 * compressed): the callback then sees the plain name.
 */
static int member_wanted(walker *w)
{
	size_t n = w->name_len;
	if (w->want(w->name, w->payload))
		return 1;
	if (n > 3 && memcmp(w->name + n - 3, ".gz", 3) == 0) {
		w->name[n - 3] = '\0';
		w->name_len = n - 3;
		if (w->want(w->name, w->payload))
			return 1;
		w->name[n - 3] = '.';
		w->name_len = n;
	}
	return 0;
}

/* Consume n member bytes into the sink (NULL: skip them); the member must not outrun the file. */
static int take(walker *w, uint64_t n, int keep)
{
	while (n > 0) {
		size_t chunk;
		int error = in_fill(&w->in, 1);
		if (error < 0)
			return error;
		if (in_avail(&w->in) == 0)
			return too_big(w);
		chunk = in_avail(&w->in) < n ? in_avail(&w->in) : (size_t)n;
		error = keep ? sink_put(w, w->in.buf + w->in.pos, chunk) : 0;
		if (error < 0)
			return error;
		in_skip(&w->in, chunk);
		n -= chunk;
	}
	return 0;
}

/*
 * A small plain member whose bytes are all in the block is handed over where
 * it lies, NUL-terminated in place for the callback (the byte after it is
 * put back), instead of being copied.  0 when it was (or the callback's
 * error), 1 when the member must be taken the usual way: gzip data, bigger
 * than DIRECT_MAX, or cut by the end of the file.
 */
#define DIRECT_MAX (IN_BLOCK / 4)

static int take_direct(walker *w, uint64_t size)
{
	unsigned char *p, saved;
	hu_member m;
	int error;
	if (size > DIRECT_MAX)
		return 1;
	/* the member and one byte more (the block has room for it: it holds IN_BLOCK bytes) */
	error = in_fill(&w->in, (size_t)size + 1);
	if (error < 0)
		return error;
	/* at the end of the file the byte after the member may be past the block */
	if (in_avail(&w->in) < size || (in_avail(&w->in) == size && w->in.len >= IN_BLOCK))
		return 1;
	p = w->in.buf + w->in.pos;
	if (size >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8)
		return 1;
	m.name = w->name;
	m.name_len = w->name_len;
	m.offset = w->in.off;
	m.size = size;
	m.data = p;
	m.len = (size_t)size;
	m.gzip = 0;
	saved = p[size];
	p[size] = '\0';
	error = w->cb(&m, w->payload);
	p[size] = saved;
	if (error < 0)
		return error;
	in_skip(&w->in, (size_t)size);
	return 0;
}

/* Take a member of `size` data bytes and hand it over when wanted. */
static int take_member(walker *w, uint64_t size)
{
	int want = member_wanted(w), keep = want && size <= HU_MEMBER_MAX, error;
	w->claim_size = size;
	w->claim_off = w->in.off;
	if (want) {
		error = take_direct(w, size);
		if (error <= 0)
			return error;
	}
	sink_begin(w, keep);
	error = take(w, size, keep);
	if (error >= 0 && want)
		error = sink_finish(w);
	if (error < 0 || !want)
		return error;
	return deliver(w, w->claim_off, size, error);
}

/* A digit's value plus one, by byte; 0 for a byte that is no digit. */
static const unsigned char digit_plus1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
    ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static int parse_num(const unsigned char *p, size_t n, unsigned base, uint64_t *out)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned d = digit_plus1[p[i]];
		if (d == 0 || d > base)
			return -1;
		v = v * base + (d - 1);
	}
	*out = v;
	return 0;
}

/* The 8 bytes at p as a number with p[0] lowest, whatever the host's byte order (one load where it is
 * little-endian). */
static inline uint64_t load_le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
	       (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

/*
 * The octal number whose 8 - pad digits end at p + 8 (the pad bytes before
 * them are read, and taken as '0'), a byte a digit with the first at the
 * lowest address: checked and combined in pairs, fours and eights.  -1 when
 * a digit is not octal.
 */
static inline int octal8(const unsigned char *p, unsigned pad, uint64_t *out)
{
	uint64_t x = load_le64(p), keep = pad ? ~0ull << (8 * pad) : ~0ull;
	x = (x & keep) | (0x3030303030303030ull & ~keep);
	if ((x & 0xf8f8f8f8f8f8f8f8ull) != 0x3030303030303030ull)
		return -1;
	x -= 0x3030303030303030ull;
	x = ((x & 0x00ff00ff00ff00ffull) << 3) + ((x >> 8) & 0x00ff00ff00ff00ffull);
	x = ((x & 0x0000ffff0000ffffull) << 6) + ((x >> 16) & 0x0000ffff0000ffffull);
	*out = ((x & 0xffffffffull) << 12) + (x >> 32);
	return 0;
}

/* The name size (6 digits at 59) and file size (11 digits at 65) of a 76-byte odc header. */
static int odc_sizes(const unsigned char *h, uint64_t *namesize, uint64_t *filesize)
{
	uint64_t hi, lo;
	if (octal8(h + 57, 2, namesize) < 0 || octal8(h + 60, 5, &hi) < 0 || octal8(h + 68, 0, &lo) < 0)
		return -1;
	*filesize = hi << 24 | lo;
	return 0;
}

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>

/*
 * 1 when one of the n bytes at p is below 0x20 or is 0x7f, sixteen at a
 * time: max(x, 0x20) differs from x exactly for the bytes below 0x20 (an
 * unsigned compare SSE2 lacks).  The last round takes the 16 bytes that end
 * the name, some seen already.
 */
static int has_control(const unsigned char *p, size_t n)
{
	const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
	size_t i = 0;
	if (n >= 16) {
		for (;; i += 16) {
			__m128i x;
			if (i + 16 > n)
				i = n - 16;
			x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(x, space), x)) != 0xffff ||
			    _mm_movemask_epi8(_mm_cmpeq_epi8(x, del)) != 0)
				return 1;
			if (i + 16 == n)
				return 0;
		}
	}
	for (; i < n; i++)
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 1;
	return 0;
}
#else
/*
 * 1 when one of the n bytes at p is below 0x20 or is 0x7f, eight at a time:
 * (x - 0x20..) & ~x & 0x80.. marks the bytes below 0x20 (a borrow may also
 * mark the byte above one, which is then found anyway), and x ^ 0x7f.. turns
 * 0x7f bytes into zeros for the same test against 0x01.
 */
static int has_control(const unsigned char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;
		memcpy(&x, p + i, 8); /* the name is not aligned */
		y = x ^ (0x7f * ones);
		if ((((x - 0x20 * ones) & ~x) | ((y - ones) & ~y)) & high)
			return 1;
	}
	if (i < n && n >= 8) { /* the last bytes: the 8 that end the name (some seen already) */
		uint64_t x, y;
		memcpy(&x, p + n - 8, 8);
		y = x ^ (0x7f * ones);
		return ((((x - 0x20 * ones) & ~x) | ((y - ones) & ~y)) & high) != 0;
	}
	for (; i < n; i++)
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 1;
	return 0;
}
#endif

/* Read a NUL-terminated name of `namesize` bytes (NUL included) into w->name. */
static int read_name(walker *w, uint64_t namesize)
{
	int bad = 0;
	if (namesize < 1 || namesize > HU_NAME_MAX)
		return corrupt(w, "bad member name size");
	if (in_fill(&w->in, (size_t)namesize) < 0)
		return sp_ctx_last_code(w->in.ctx);
	if (in_avail(&w->in) < namesize)
		return corrupt(w, "member name runs past the end of the file");
	memcpy(w->name, w->in.buf + w->in.pos, (size_t)namesize);
	/* one pass over the name for any byte below 0x20 or 0x7f (a NUL among them); which, only then */
	bad = has_control((const unsigned char *)w->name, (size_t)namesize - 1);
	if (w->name[namesize - 1] != '\0' || (bad && memchr(w->name, '\0', (size_t)namesize - 1)))
		return corrupt(w, "member name is not NUL-terminated");
	if (bad)
		return corrupt(w, "member name has control characters");
	w->name_len = (size_t)namesize - 1;
	in_skip(&w->in, (size_t)namesize);
	return 0;
}

static inline int need_header(walker *w, size_t n)
{
	int error = in_fill(&w->in, n);
	if (error < 0)
		return error;
	if (in_avail(&w->in) == 0)
		return corrupt(w, "archive ends before its trailer");
	if (in_avail(&w->in) < n)
		return corrupt(w, "truncated member header");
	return 0;
}

/* ---- cpio odc and newc ---------------------------------------------------- */

static int walk_odc(walker *w)
{
	for (;;) {
		uint64_t namesize, filesize;
		const unsigned char *h;
		int error;
		w->header_off = w->in.off;
		error = need_header(w, 76);
		if (error < 0)
			return error;
		h = w->in.buf + w->in.pos;
		if (memcmp(h, "070707", 6) != 0 || odc_sizes(h, &namesize, &filesize) < 0)
			return corrupt(w, "bad cpio odc header");
		in_skip(&w->in, 76);
		error = read_name(w, namesize);
		if (error < 0)
			return error;
		if (strcmp(w->name, "TRAILER!!!") == 0)
			return 0;
		error = take_member(w, filesize);
		if (error < 0)
			return error;
	}
}

/* newc pads names and data to 4 bytes; a file cut inside the padding ends at the next header. */
static int skip_pad4(walker *w)
{
	size_t pad = (size_t)((4 - (w->in.off & 3)) & 3);
	int error = in_fill(&w->in, pad);
	if (error < 0)
		return error;
	in_skip(&w->in, pad < in_avail(&w->in) ? pad : in_avail(&w->in));
	return 0;
}

static int walk_newc(walker *w)
{
	for (;;) {
		uint64_t namesize, filesize;
		const unsigned char *h;
		int error;
		w->header_off = w->in.off;
		error = need_header(w, 110);
		if (error < 0)
			return error;
		h = w->in.buf + w->in.pos;
		if (memcmp(h, "070701", 6) != 0 || parse_num(h + 54, 8, 16, &filesize) < 0 ||
		    parse_num(h + 94, 8, 16, &namesize) < 0)
			return corrupt(w, "bad cpio newc header");
		in_skip(&w->in, 110);
		error = read_name(w, namesize);
		if (error >= 0)
			error = skip_pad4(w);
		if (error < 0)
			return error;
		if (strcmp(w->name, "TRAILER!!!") == 0)
			return 0;
		error = take_member(w, filesize);
		if (error >= 0)
			error = skip_pad4(w);
		if (error < 0)
			return error;
	}
}

/* ---- HouNC / HouLC --------------------------------------------------------- */

static int is_lower_hex(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	return 1;
}

/*
 * A complete, valid member header at p (avail bytes): the magic, 28 lower-case
 * hex digits with '0' separators, and a printable name whose NUL falls
 * exactly where the obfuscated name size says.  1 valid, 0 not, -1 when more
 * bytes are needed to tell.
 */
static int hnc_header_at(const unsigned char *p, size_t avail, const unsigned char *magic)
{
	uint64_t ns = 0;
	if (avail < HNC_HEADER)
		return memcmp(p, magic, avail < 6 ? avail : 6) == 0 ? -1 : 0;
	if (memcmp(p, magic, 6) != 0 || !is_lower_hex(p + 6, 28) || p[16] != '0' || p[25] != '0')
		return 0;
	(void)parse_num(p + 14, 2, 16, &ns);
	ns ^= 0xad;
	if (ns < 2)
		return 0;
	if (avail < HNC_HEADER + ns)
		return -1;
	for (size_t i = 0; i + 1 < ns; i++)
		if (p[HNC_HEADER + i] < 0x20 || p[HNC_HEADER + i] > 0x7e)
			return 0;
	return p[HNC_HEADER + ns - 1] == '\0';
}

/*
 * A member whose size key is unknown ends where the next valid header starts.
 * Only names outside the key table come here, and none of them embeds an
 * archive: .OPdummydefs, which holds nested HouNC archives, is always
 * skipped by its decoded size.  Returns the member's size through size_out.
 */
static int hnc_find_size(walker *w, const unsigned char *magic, int keep, uint64_t *size_out)
{
	uint64_t start = w->in.off;
	for (;;) {
		int error = in_fill(&w->in, HNC_LOOKAHEAD + 1);
		size_t avail = in_avail(&w->in), limit, i;
		const unsigned char *base = w->in.buf + w->in.pos, *p;
		if (error < 0)
			return error;
		if (avail == 0)
			return corrupt(w, "archive ends before its trailer");
		/* a header needs HNC_LOOKAHEAD bytes to be told apart from data, except at the end */
		limit = w->in.eof ? avail : avail - HNC_LOOKAHEAD;
		for (i = 0; i < limit; i++) {
			p = memchr(base + i, magic[0], limit - i);
			if (!p) {
				i = limit;
				break;
			}
			i = (size_t)(p - base);
			if (hnc_header_at(p, avail - i, magic) == 1)
				break;
		}
		error = keep ? sink_put(w, base, i) : 0;
		if (error < 0)
			return error;
		in_skip(&w->in, i);
		if (i < limit) {
			*size_out = w->in.off - start;
			return 0;
		}
		if (w->in.eof)
			return corrupt(w, "archive ends before its trailer");
	}
}

static int hnc_is_trailer(const char *name)
{
	return strcmp(name, "NON_COMMERCIAL_FILE!!!") == 0 || strcmp(name, "LIMITED_COMMERCIAL_FILE!!!") == 0;
}

static int hnc_member(walker *w, const unsigned char *magic, uint64_t field)
{
	uint32_t key = 0;
	uint64_t offset = w->in.off, size = 0;
	int want, error;
	if (hu_hnc_known_key(w->name, &key))
		return take_member(w, (field ^ key) & 0xffffffffu);
	want = member_wanted(w);
	sink_begin(w, want);
	error = hnc_find_size(w, magic, want, &size);
	if (error >= 0 && want)
		error = sink_finish(w);
	if (error < 0 || !want)
		return error;
	return deliver(w, offset, size, error);
}

static int walk_hnc(walker *w)
{
	unsigned char magic[6];
	memcpy(magic, w->in.buf + w->in.pos, 6);
	for (;;) {
		uint64_t ns = 0, field = 0;
		int error;
		w->header_off = w->in.off;
		error = need_header(w, HNC_HEADER);
		if (error < 0)
			return error;
		if (hnc_header_at(w->in.buf + w->in.pos, HNC_HEADER, magic) == 0)
			return corrupt(w, "bad member header");
		(void)parse_num(w->in.buf + w->in.pos + 14, 2, 16, &ns);
		(void)parse_num(w->in.buf + w->in.pos + 26, 8, 16, &field);
		in_skip(&w->in, HNC_HEADER);
		error = read_name(w, ns ^ 0xad);
		if (error < 0)
			return error;
		if (hnc_is_trailer(w->name))
			return 0;
		error = hnc_member(w, magic, field);
		if (error < 0)
			return error;
	}
}

/* ---- MIME text form ---------------------------------------------------------- */

/* One line without its "\n" (a trailing "\r" is dropped too); *eof when none is left. */
static int in_line(in_t *in, sp_buf *line, int *eof)
{
	sp_buf_clear(line);
	*eof = 0;
	for (;;) {
		const unsigned char *nl;
		size_t n;
		int error = in_fill(in, 1);
		if (error < 0)
			return error;
		if (in_avail(in) == 0) {
			*eof = line->size == 0;
			return 0;
		}
		nl = memchr(in->buf + in->pos, '\n', in_avail(in));
		n = nl ? (size_t)(nl - (in->buf + in->pos)) : in_avail(in);
		if (line->size + n > MIME_LINE_MAX)
			return sp_ctx_error(in->ctx, SP_ETOOBIG,
			                    "%s: line at offset %llu is longer than %u bytes", in->path,
			                    (unsigned long long)in->off, MIME_LINE_MAX);
		if (sp_buf_put(line, (const char *)in->buf + in->pos, n) < 0)
			return sp_ctx_error(in->ctx, SP_ENOMEM, "out of memory");
		in_skip(in, n + (nl ? 1 : 0));
		if (nl)
			break;
	}
	if (line->size && line->ptr[line->size - 1] == '\r')
		line->ptr[--line->size] = '\0';
	return 0;
}

/* The value of `key="..."` (or key=token) in a header line, copied into out. */
static int header_param(const char *line, const char *key, char *out, size_t cap)
{
	const char *p = strstr(line, key);
	size_t n = 0;
	if (!p)
		return 0;
	p += strlen(key);
	if (*p == '"') {
		const char *q = strchr(++p, '"');
		n = q ? (size_t)(q - p) : strlen(p);
	} else {
		while (p[n] && p[n] != ';' && p[n] != ' ')
			n++;
	}
	if (n == 0 || n >= cap)
		return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

/* Each base64 line is padded on its own in Houdini's writer, so lines decode independently. */
static int mime_put_base64(walker *w, const char *line, size_t len, uint64_t *size)
{
	unsigned char out[3 * 1024];
	size_t done = 0;
	while (done < len) {
		size_t n = len - done > 4 * 1024 ? 4 * 1024 : len - done;
		int got, error;
		size_t pad = 0;
		if (n % 4 != 0)
			return corrupt(w, "bad base64 line");
		got = EVP_DecodeBlock(out, (const unsigned char *)line + done, (int)n);
		if (got < 0)
			return corrupt(w, "bad base64 line");
		if (done + n == len)
			pad = (line[len - 1] == '=') + (len >= 2 && line[len - 2] == '=');
		*size += (size_t)got - pad;
		error = sink_put(w, out, (size_t)got - pad);
		if (error < 0)
			return error;
		done += n;
	}
	return 0;
}

/* Read a part's headers; 1 with the name in w->name, 0 at the closing boundary. */
static int mime_part_headers(walker *w, sp_buf *line, int *base64)
{
	int eof, error;
	*base64 = 0;
	w->name[0] = '\0';
	w->header_off = w->in.off;
	for (;;) {
		error = in_line(&w->in, line, &eof);
		if (error < 0)
			return error;
		if (eof)
			return corrupt(w, "archive ends inside a part's headers");
		if (line->size == 0)
			break;
		if (hu_starts_with(line->ptr, "Content-Disposition:"))
			(void)header_param(line->ptr, "filename=", w->name, sizeof(w->name));
		else if (hu_starts_with(line->ptr, "Content-Transfer-Encoding:") &&
		         strstr(line->ptr, "base64"))
			*base64 = 1;
	}
	if (!w->name[0])
		return corrupt(w, "part without a file name");
	w->name_len = strlen(w->name);
	return 1;
}

static int is_boundary(const sp_buf *line, const char *boundary, size_t blen)
{
	return line->size >= blen && memcmp(line->ptr, boundary, blen) == 0 &&
	       (line->size == blen || (line->size == blen + 2 && memcmp(line->ptr + blen, "--", 2) == 0));
}

/* One body line of a part into the sink. */
static int mime_body_line(walker *w, const sp_buf *line, int base64, int first, uint64_t *size)
{
	int error;
	if (base64)
		return line->size ? mime_put_base64(w, line->ptr, line->size, size) : 0;
	*size += line->size + (first ? 0 : 1);
	error = first ? 0 : sink_put(w, (const unsigned char *)"\n", 1);
	if (error >= 0)
		error = sink_put(w, (const unsigned char *)line->ptr, line->size);
	return error;
}

/* A part's body up to the next boundary line; 1 when it was the closing one. */
static int mime_part_body(walker *w, sp_buf *line, const char *boundary, int base64)
{
	uint64_t offset = w->in.off, size = 0;
	int want = member_wanted(w), first = 1, eof, error;
	size_t blen = strlen(boundary);
	sink_begin(w, want);
	for (;;) {
		error = in_line(&w->in, line, &eof);
		if (error < 0)
			return error;
		if (eof)
			return corrupt(w, "archive ends inside a part");
		if (is_boundary(line, boundary, blen))
			break;
		if (in_at_end(&w->in, &error)) /* only a boundary line may end the file */
			return corrupt(w, "archive ends inside a part");
		if (error >= 0)
			error = mime_body_line(w, line, base64, first, &size);
		if (error < 0)
			return error;
		first = 0;
	}
	if (want) {
		error = sink_finish(w);
		if (error >= 0)
			error = deliver(w, offset, size, error);
		if (error < 0)
			return error;
	}
	return line->size == blen + 2;
}

static int walk_mime(walker *w)
{
	sp_buf line = SP_BUF_INIT;
	char boundary[512] = "--";
	int eof, error = 0, base64, more;
	w->header_off = 0;
	for (;;) { /* the top headers carry the boundary */
		error = in_line(&w->in, &line, &eof);
		if (error < 0 || eof || line.size == 0)
			break;
		(void)header_param(line.ptr, "boundary=", boundary + 2, sizeof(boundary) - 2);
	}
	if (error >= 0 && !boundary[2])
		error = corrupt(w, "no multipart boundary");
	while (error >= 0) { /* up to the first boundary */
		error = in_line(&w->in, &line, &eof);
		if (error >= 0 && eof)
			error = corrupt(w, "no part");
		if (error < 0 || strcmp(line.ptr, boundary) == 0)
			break;
	}
	while (error >= 0) {
		more = mime_part_headers(w, &line, &base64);
		if (more <= 0) {
			error = more;
			break;
		}
		error = mime_part_body(w, &line, boundary, base64);
		if (error == 1) {
			error = 0;
			break;
		}
	}
	sp_buf_dispose(&line);
	return error;
}

/* ---- entry ------------------------------------------------------------------- */

static int open_input(in_t *in, sp_ctx *ctx, const char *path)
{
	memset(in, 0, sizeof(*in));
	in->ctx = ctx;
	in->path = path;
	in->fp = sp_fopen_read(path); /* UTF-8 names on Windows too */
	if (!in->fp && errno == ENOMEM)
		return sp_ctx_error(ctx, SP_ENOMEM, "out of memory");
	if (!in->fp)
		return sp_ctx_error(ctx, errno == ENOENT ? SP_ENOTFOUND : SP_EIO, "%s: cannot open: %s", path,
		                    strerror(errno));
	in->buf = hu_malloc(IN_BLOCK);
	if (!in->buf)
		return sp_ctx_error(ctx, SP_ENOMEM, "out of memory");
	return 0;
}

int hu_archive_walk(hu_container *container_out, sp_ctx *ctx, const char *path, hu_want_fn want,
                    hu_member_fn cb, void *payload)
{
	walker w;
	int error;
	memset(&w, 0, sizeof(w));
	w.want = want;
	w.cb = cb;
	w.payload = payload;
	error = open_input(&w.in, ctx, path);
	if (error >= 0)
		error = in_fill(&w.in, 64);
	if (error >= 0) {
		w.kind = hu_container_sniff(w.in.buf, in_avail(&w.in));
		if (container_out)
			*container_out = w.kind;
	}
	if (error < 0)
		goto done;
	switch (w.kind) {
	case HU_CONT_ODC:
		error = walk_odc(&w);
		break;
	case HU_CONT_NEWC:
		error = walk_newc(&w);
		break;
	case HU_CONT_HOUNC:
	case HU_CONT_HOULC:
		error = walk_hnc(&w);
		break;
	case HU_CONT_MIME:
		error = walk_mime(&w);
		break;
	case HU_CONT_UNKNOWN:
		error = sp_ctx_error(ctx, SP_EUNSUPPORTED,
		                     "%s: not a Houdini scene (no cpio, HouNC, HouLC or MIME header)", path);
		break;
	}
done:
	if (w.z_live)
		inflateEnd(&w.z);
	if (w.in.fp)
		fclose(w.in.fp);
	hu_free(w.in.buf);
	sp_buf_dispose(&w.data);
	return error;
}
