#include "json.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Windows-1252 for 0x80..0x9F; the rest of 0xA0..0xFF is Latin-1. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

/* Length of the valid UTF-8 sequence at p, 0 if invalid. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n;
	unsigned min;
	unsigned cp;
	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xE0) == 0xC0)
		n = 2, min = 0x80, cp = p[0] & 0x1F;
	else if ((p[0] & 0xF0) == 0xE0)
		n = 3, min = 0x800, cp = p[0] & 0x0F;
	else if ((p[0] & 0xF8) == 0xF0)
		n = 4, min = 0x10000, cp = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static int put_codepoint(sp_buf *out, unsigned cp)
{
	char b[3];
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		return sp_buf_put(out, b, 2);
	}
	b[0] = (char)(0xE0 | (cp >> 12));
	b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	b[2] = (char)(0x80 | (cp & 0x3F));
	return sp_buf_put(out, b, 3);
}

int sp__utf8_sanitize(sp_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int error = 0;
	sp_buf_clear(out);
	if (sp_buf_put(out, "", 0) < 0)
		return SP_ENOMEM;
	while (*p && error == 0) {
		size_t n = utf8_len(p);
		if (n) {
			error = sp_buf_put(out, (const char *)p, n);
			p += n;
		} else {
			error = put_codepoint(out, *p < 0xA0 ? cp1252_high[*p - 0x80] : *p);
			p++;
		}
	}
	return error;
}

static int is_ascii(const char *s)
{
	for (const unsigned char *q = (const unsigned char *)s; *q; q++)
		if (*q >= 0x80)
			return 0;
	return 1;
}

cJSON *sp__json_string(const char *s)
{
	sp_buf fixed = SP_BUF_INIT;
	cJSON *item;
	if (!s || is_ascii(s))
		return cJSON_CreateString(s ? s : "");
	item = sp__utf8_sanitize(&fixed, s) == 0 ? cJSON_CreateString(sp_buf_cstr(&fixed)) : NULL;
	sp_buf_dispose(&fixed);
	return item;
}

int sp__json_add_item(cJSON *obj, const char *key, cJSON *item)
{
	sp_buf fixed = SP_BUF_INIT;
	int ok;
	if (!item)
		return SP_ENOMEM;
	if (is_ascii(key)) {
		ok = cJSON_AddItemToObject(obj, key, item);
	} else {
		ok = sp__utf8_sanitize(&fixed, key) == 0 &&
		     cJSON_AddItemToObject(obj, sp_buf_cstr(&fixed), item);
		sp_buf_dispose(&fixed);
	}
	if (!ok) {
		cJSON_Delete(item);
		return SP_ENOMEM;
	}
	return 0;
}

int sp__json_add_str(cJSON *obj, const char *key, const char *s)
{
	return sp__json_add_item(obj, key, sp__json_string(s));
}

int sp__json_push_str(cJSON *arr, const char *s)
{
	cJSON *item = sp__json_string(s);
	if (!item)
		return SP_ENOMEM;
	if (!cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		return SP_ENOMEM;
	}
	return 0;
}

int sp__json_render(sp_buf *out, const cJSON *root)
{
	char *text = cJSON_Print(root);
	int error;
	if (!text)
		return SP_ENOMEM;
	sp_buf_clear(out);
	error = sp_buf_puts(out, text);
	if (error == 0)
		error = sp_buf_putc(out, '\n');
	cJSON_free(text);
	return error;
}

/* ---- the streaming writer --------------------------------------------------------- */

void sp__jw_init(sp__jw *jw, sp_buf *out)
{
	memset(jw, 0, sizeof(*jw));
	jw->out = out;
}

void sp__jw_init_sink(sp__jw *jw, sp_buf *buffer, sp__jw_sink sink, void *payload)
{
	sp__jw_init(jw, buffer);
	jw->sink = sink;
	jw->sink_payload = payload;
}

/* Pass the buffered text to the sink. */
static void jw_drain(sp__jw *jw)
{
	int rc;
	if (!jw->sink || jw->out->size == 0)
		return;
	if (jw->error == 0 && (rc = jw->sink(jw->sink_payload, jw->out->ptr, jw->out->size)) < 0)
		jw->error = rc;
	sp_buf_clear(jw->out);
}

/*
 * Room for n more bytes (and the NUL) at the end of the text, NULL after an
 * error: a piece that is known whole (a plain string with its quotes, an
 * object member's separator, indentation and key) is written into it at
 * once and kept with jw_commit, instead of being put a few bytes at a time.
 */
static char *jw_room(sp__jw *jw, size_t n)
{
	sp_buf *out = jw->out;
	if (jw->error != 0)
		return NULL;
	if (n >= out->asize - out->size && sp__buf_reserve(out, n) < 0) {
		jw->error = SP_ENOMEM;
		return NULL;
	}
	return out->ptr + out->size;
}

static void jw_commit(sp__jw *jw, size_t n)
{
	sp_buf *out = jw->out;
	out->size += n;
	out->ptr[out->size] = '\0';
	if (jw->sink && out->size >= SP__JW_PIECE)
		jw_drain(jw);
}

static void jw_put(sp__jw *jw, const char *s, size_t n)
{
	sp_buf *out = jw->out;
	if (jw->error == 0 && n < out->asize - out->size) {
		/* a few bytes into a buffer with room (and its NUL): most pieces, so no call for them */
		memcpy(out->ptr + out->size, s, n);
		out->size += n;
		out->ptr[out->size] = '\0';
	} else if (jw->error == 0 && sp_buf_put(out, s, n) < 0) {
		jw->error = SP_ENOMEM;
	}
	if (jw->sink && out->size >= SP__JW_PIECE)
		jw_drain(jw);
}

static void jw_put_i64(sp__jw *jw, int64_t v)
{
	char b[24], *p = b + sizeof(b);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	jw_put(jw, p, (size_t)(b + sizeof(b) - p));
}

static void jw_tabs(sp__jw *jw, unsigned n)
{
	static const char tabs[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
	while (n > 0) {
		unsigned k = n < sizeof(tabs) - 1 ? n : (unsigned)sizeof(tabs) - 1;
		jw_put(jw, tabs, k);
		n -= k;
	}
}

/* cJSON's print_string_ptr over the UTF-8-safe form of `s`: '"', '\\' and controls escaped, the rest as is.
 */
#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>

/* The lowest set bit's index (bits is not 0). */
static unsigned lowest_bit(unsigned bits)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctz(bits);
#else
	unsigned n = 0;
	while (!(bits & 1u))
		bits >>= 1, n++;
	return n;
#endif
}

/* The bytes of the 16 at p that a JSON string cannot take as they are, as a mask. */
static unsigned odd_bytes(const unsigned char *p)
{
	const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	/* signed: below 0x20 are the controls, and every byte from 0x80 up is negative */
	__m128i odd = _mm_or_si128(_mm_cmplt_epi8(x, space),
	                           _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)));
	return (unsigned)_mm_movemask_epi8(odd);
}

/*
 * Past the bytes of [p, end) (end at the NUL) that a JSON string takes as
 * they are: printable ASCII but '"' and '\\'.  Sixteen at a time (most of any
 * path), the last sixteen ending at `end` (some seen already, all plain).
 */
static const unsigned char *plain_run(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *start = p;
	unsigned odd;
	for (; end - p >= 16; p += 16)
		if ((odd = odd_bytes(p)) != 0)
			return p + lowest_bit(odd);
	if (p < end && end - start >= 16) {
		odd = odd_bytes(end - 16);
		return odd ? end - 16 + lowest_bit(odd) : end;
	}
	while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
		p++;
	return p;
}
#else
/*
 * Past the bytes of [p, end) (end at the NUL) that a JSON string takes as they are: printable
 * ASCII but '"' and '\\'.  Eight at a time (most of any path), with the
 * zero-byte test on x, x ^ '"' and x ^ '\\' and the high bit for
 * 0x80 and up: a borrow can flag a plain byte next to a special one, which
 * only hands the word to the byte loop.
 */
static const unsigned char *plain_run(const unsigned char *p, const unsigned char *end)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	for (; end - p >= 8; p += 8) {
		uint64_t x, q, b;
		memcpy(&x, p, 8);
		q = x ^ (ones * '"');
		b = x ^ (ones * '\\');
		if ((x & high) | ((x - ones * 0x20) & ~x & high) | ((q - ones) & ~q & high) |
		    ((b - ones) & ~b & high))
			break;
	}
	while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
		p++;
	return p;
}
#endif

/* The plain string [p, end) between quotes, into room made for it (n = end - p + 2 bytes). */
static void jw_plain_string(sp__jw *jw, const unsigned char *p, size_t len)
{
	char *w = jw_room(jw, len + 2);
	if (!w)
		return;
	w[0] = '"';
	memcpy(w + 1, p, len);
	w[len + 1] = '"';
	jw_commit(jw, len + 2);
}

static void jw_string(sp__jw *jw, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p, *end = p + strlen((const char *)p);
	/* most strings (paths, names, numbers as text) need no escape: one piece */
	p = plain_run(p, end);
	if (p == end) {
		jw_plain_string(jw, run, (size_t)(end - run));
		return;
	}
	jw_put(jw, "\"", 1);
	while (*p && jw->error == 0) {
		size_t n;
		char esc[8];
		p = plain_run(p, end);
		if (!*p)
			break;
		n = *p >= 0x80 ? utf8_len(p) : 0;
		if (n) {
			p += n;
			continue;
		}
		jw_put(jw, (const char *)run, (size_t)(p - run));
		if (*p >= 0x80) {
			sp_buf tmp = SP_BUF_INIT;
			if (put_codepoint(&tmp, *p < 0xA0 ? cp1252_high[*p - 0x80] : *p) < 0)
				jw->error = SP_ENOMEM;
			jw_put(jw, tmp.ptr, tmp.size);
			sp_buf_dispose(&tmp);
		} else {
			switch (*p) {
			case '"':
				jw_put(jw, "\\\"", 2);
				break;
			case '\\':
				jw_put(jw, "\\\\", 2);
				break;
			case '\b':
				jw_put(jw, "\\b", 2);
				break;
			case '\f':
				jw_put(jw, "\\f", 2);
				break;
			case '\n':
				jw_put(jw, "\\n", 2);
				break;
			case '\r':
				jw_put(jw, "\\r", 2);
				break;
			case '\t':
				jw_put(jw, "\\t", 2);
				break;
			default:
				snprintf(esc, sizeof(esc), "\\u%04x", *p);
				jw_put(jw, esc, 6);
			}
		}
		run = ++p;
	}
	jw_put(jw, (const char *)run, (size_t)(p - run));
	jw_put(jw, "\"", 1);
}

/*
 * An object member's ",\n", indentation, quoted key and ":\t" in one piece,
 * at depth d: 1 when written (or the writer failed), 0 when the key needs
 * escaping (or is NULL) and goes the long way.
 */
static int member_prefix(sp__jw *jw, const char *key, unsigned d)
{
	const unsigned char *k = (const unsigned char *)(key ? key : "");
	size_t klen = strlen((const char *)k), sep = jw->has_items[d - 1] ? 2 : 0;
	char *w;
	if (!key || plain_run(k, k + klen) != k + klen)
		return 0;
	w = jw_room(jw, sep + d + klen + 4);
	if (!w)
		return 1;
	jw->has_items[d - 1] = 1;
	memcpy(w, ",\n", sep);
	memset(w + sep, '\t', d);
	w += sep + d;
	w[0] = '"';
	memcpy(w + 1, k, klen);
	memcpy(w + 1 + klen, "\":\t", 3);
	jw_commit(jw, sep + d + klen + 4);
	return 1;
}

/* What comes before a value: the separator, and inside an object the indentation and the key. */
static void jw_item(sp__jw *jw, const char *key)
{
	unsigned d = jw->depth;
	if (d == 0)
		return;
	if (!jw->is_object[d - 1]) {
		if (jw->has_items[d - 1])
			jw_put(jw, ", ", 2);
		jw->has_items[d - 1] = 1;
		return;
	}
	if (member_prefix(jw, key, d))
		return;
	if (jw->has_items[d - 1])
		jw_put(jw, ",\n", 2);
	jw->has_items[d - 1] = 1;
	jw_tabs(jw, jw->depth);
	jw_string(jw, key);
	jw_put(jw, ":\t", 2);
}

static void jw_open(sp__jw *jw, const char *key, int is_object)
{
	jw_item(jw, key);
	if (jw->depth == SP__JW_MAX_DEPTH) {
		if (jw->error == 0)
			jw->error = SP_ETOOBIG;
		return;
	}
	jw->is_object[jw->depth] = (unsigned char)is_object;
	jw->has_items[jw->depth] = 0;
	jw->depth++;
	jw_put(jw, is_object ? "{\n" : "[", is_object ? 2 : 1);
}

void sp__jw_object(sp__jw *jw, const char *key)
{
	jw_open(jw, key, 1);
}

void sp__jw_array(sp__jw *jw, const char *key)
{
	jw_open(jw, key, 0);
}

void sp__jw_end(sp__jw *jw)
{
	if (jw->depth == 0) {
		if (jw->error == 0)
			jw->error = SP_EUSER;
		return;
	}
	jw->depth--;
	if (!jw->is_object[jw->depth]) {
		jw_put(jw, "]", 1);
		return;
	}
	if (jw->has_items[jw->depth])
		jw_put(jw, "\n", 1);
	jw_tabs(jw, jw->depth);
	jw_put(jw, "}", 1);
}

void sp__jw_str(sp__jw *jw, const char *key, const char *s)
{
	jw_item(jw, key);
	jw_string(jw, s);
}

void sp__jw_bool(sp__jw *jw, const char *key, int v)
{
	jw_item(jw, key);
	jw_put(jw, v ? "true" : "false", v ? 4 : 5);
}

/*
 * cJSON 1.7.15's print_number: 15 significant digits, or 17 when 15 do not read back ("%1.15g" prints
 * integers up to 15 digits exactly, so counts and sizes come out as plain integers).
 */
void sp__jw_num(sp__jw *jw, const char *key, double v)
{
	char b[32];
	int n;
	double back = 0;
	jw_item(jw, key);
	if (isnan(v) || isinf(v)) {
		jw_put(jw, "null", 4);
		return;
	}
	/* counts, sizes and times: an integer below 1e15 prints as "%1.15g" would print it */
	if (fabs(v) < 1e15 && v == (double)(int64_t)v && !(v == 0 && signbit(v))) {
		jw_put_i64(jw, (int64_t)v);
		return;
	}
	n = snprintf(b, sizeof(b), "%1.15g", v);
	/*
	 * Read back with strtod, as cJSON does with sscanf: this is our own text, printed a line above
	 * in the same locale, not input, and only a correctly rounded reading tells 1e+300 or the
	 * smallest subnormal from numbers that need 17 digits (sp_parse_double is not exact there).
	 */
	if (n > 0 && (size_t)n < sizeof(b)) {
		char *end = NULL;
		back = strtod(b, &end);
		if (end != b + n ||
		    fabs(back - v) > (fabs(back) > fabs(v) ? fabs(back) : fabs(v)) * DBL_EPSILON)
			n = snprintf(b, sizeof(b), "%1.17g", v);
	}
	/* cJSON writes '.' whatever decimal point the locale prints */
	for (int i = 0; i < n && (size_t)i < sizeof(b); i++)
		if (!sp__isdigit((unsigned char)b[i]) && !strchr("-+eE", b[i]))
			b[i] = '.';
	jw_put(jw, b, n > 0 && (size_t)n < sizeof(b) ? (size_t)n : 0);
}

int sp__jw_finish(sp__jw *jw)
{
	if (jw->error == 0 && jw->depth != 0)
		jw->error = SP_EUSER;
	jw_put(jw, "\n", 1);
	jw_drain(jw);
	return jw->error;
}
