#include "ma_lexer.h"

#include <errno.h>

/* ST_SKIP_DONE: a dropped statement ended with the very ';' that closed its deciding word. */
enum {
	ST_BETWEEN,
	ST_WORD,
	ST_STRING,
	ST_ESC,
	ST_SLASH,
	ST_COMMENT,
	ST_SKIP,
	ST_SKIP_STR,
	ST_SKIP_ESC,
	ST_TRAIL,
	ST_SKIP_DONE
};

/* Undecided statements are kept once they have this many tokens: the filter only looks at heads. */
#define MA_FILTER_HEAD 10

static int refill(ma_lexer *lx)
{
	size_t n;
	if (lx->eof)
		return 0;
	n = fread(lx->chunk, 1, MA_LEXER_CHUNK, lx->fp);
	if (n == 0) {
		if (ferror(lx->fp))
			return sp_ctx_error(lx->ctx, SP_EIO, "%s:%llu: read error", lx->path,
			                    (unsigned long long)lx->line);
		lx->eof = 1;
		return 0;
	}
	lx->chunk_len = n;
	lx->chunk_pos = 0;
	return 1;
}

/*
 * The `//Codeset:` header line.  In the double-byte codesets (932 Shift-JIS,
 * 936 GBK, 949, 950) the second byte of a character may be 0x5C, which is
 * no backslash there: inside strings a lead byte takes the next byte as is.
 */
static void read_codeset(ma_lexer *lx)
{
	static const char key[] = "\n//Codeset: ";
	size_t n = lx->chunk_len < 4096 ? lx->chunk_len : 4096;
	int64_t v = 0;
	for (size_t i = 0; i + sizeof(key) - 1 < n; i++) {
		size_t k = i + sizeof(key) - 1;
		if (memcmp(lx->chunk + i, key, sizeof(key) - 1) != 0)
			continue;
		while (k < n && lx->chunk[k] >= '0' && lx->chunk[k] <= '9' && v < 100000)
			v = v * 10 + (lx->chunk[k++] - '0');
		lx->codeset = (int)v;
		return;
	}
}

static int is_lead_byte(const ma_lexer *lx, unsigned char c)
{
	if (lx->codeset == 932)
		return (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
	if (lx->codeset == 936 || lx->codeset == 949 || lx->codeset == 950)
		return c >= 0x81 && c <= 0xFE;
	return 0;
}

static int check_header(ma_lexer *lx, int require_header)
{
	size_t head = lx->chunk_len < 1024 ? lx->chunk_len : 1024;
	size_t i = 0;
	static const char magic[] = "//Maya ASCII";
	if (lx->chunk_len >= 2 && lx->chunk[0] == '/' && lx->chunk[1] == '/') {
		while (i < lx->chunk_len && i + 1 < sizeof(lx->header) && lx->chunk[i] != '\n' &&
		       lx->chunk[i] != '\r') {
			lx->header[i] = (char)lx->chunk[i];
			i++;
		}
		lx->header[i] = '\0';
	}
	read_codeset(lx);
	if (!require_header)
		return 0;
	if (lx->chunk_len >= sizeof(magic) - 1 && memcmp(lx->chunk, magic, sizeof(magic) - 1) == 0)
		return 0;
	if (memchr(lx->chunk, '\0', head))
		return sp_ctx_error(lx->ctx, SP_ECORRUPT,
		                    "%s:1: binary data where a //Maya ASCII header was expected", lx->path);
	return sp_ctx_error(lx->ctx, SP_EUNSUPPORTED, "%s:1: not a Maya ASCII file (no //Maya ASCII header)",
	                    lx->path);
}

int ma_lexer_open(ma_lexer *lx, sp_ctx *ctx, const char *path, int require_header)
{
	int error;
	memset(lx, 0, sizeof(*lx));
	lx->ctx = ctx;
	lx->line = 1;
	lx->max_statement = MA_MAX_STATEMENT;
	lx->small_limit = MA_SMALL_STATEMENT;
	lx->path = ma_strdup(path);
	lx->chunk = ma_malloc(MA_LEXER_CHUNK);
	if (!lx->path || !lx->chunk)
		return sp_ctx_error(ctx, SP_ENOMEM, "out of memory");
	lx->fp = sp_fopen_read(path);
	if (!lx->fp && errno == ENOMEM)
		return sp_ctx_error(ctx, SP_ENOMEM, "out of memory");
	if (!lx->fp)
		return sp_ctx_error(ctx, errno == ENOENT ? SP_ENOTFOUND : SP_EIO, "%s: cannot open: %s", path,
		                    errno == ENOENT ? "no such file" : "access denied or I/O error");
	error = refill(lx);
	if (error < 0)
		return error;
	return check_header(lx, require_header);
}

void ma_lexer_close(ma_lexer *lx)
{
	if (lx->fp)
		fclose(lx->fp);
	ma_free(lx->path);
	ma_free(lx->chunk);
	ma_free(lx->buf);
	ma_free(lx->pos);
	ma_free(lx->toks);
	memset(lx, 0, sizeof(*lx));
}

static int put(ma_lexer *lx, char c)
{
	if (lx->small && lx->buf_len + 2 > lx->small_limit) {
		lx->dropped = 1; /* the caller's loop turns the rest of the statement into a skip */
		return 0;
	}
	if (lx->buf_len + 2 > lx->max_statement)
		return sp_ctx_error(lx->ctx, SP_ETOOBIG, "%s:%llu: statement longer than %zu bytes", lx->path,
		                    (unsigned long long)lx->stmt_line, lx->max_statement);
	if (lx->buf_len + 2 > lx->buf_cap && ma_grow((void **)&lx->buf, &lx->buf_cap, lx->buf_len + 2, 1) < 0)
		return sp_ctx_error(lx->ctx, SP_ENOMEM, "out of memory");
	lx->buf[lx->buf_len++] = c;
	return 0;
}

/*
 * Append n bytes that put() would each take as they are, at once: 1 when
 * done, 0 when a limit is near (the caller then goes byte by byte, so the
 * limit is met exactly where put() meets it), or an error.
 */
static int put_run(ma_lexer *lx, const unsigned char *p, size_t n)
{
	size_t limit = lx->small && lx->small_limit < lx->max_statement ? lx->small_limit : lx->max_statement;
	if (lx->buf_len + n + 1 > limit)
		return 0;
	if (lx->buf_len + n + 2 > lx->buf_cap &&
	    ma_grow((void **)&lx->buf, &lx->buf_cap, lx->buf_len + n + 2, 1) < 0)
		return sp_ctx_error(lx->ctx, SP_ENOMEM, "out of memory");
	memcpy(lx->buf + lx->buf_len, p, n);
	lx->buf_len += n;
	return 1;
}

static int token_start(ma_lexer *lx, int quoted)
{
	/* (the capacity test inline: this runs for every token of the file) */
	if (lx->npos + 1 > lx->pos_cap &&
	    ma_grow((void **)&lx->pos, &lx->pos_cap, lx->npos + 1, sizeof(ma_tokpos)) < 0)
		return sp_ctx_error(lx->ctx, SP_ENOMEM, "out of memory");
	if (lx->npos == 0)
		lx->stmt_line = lx->line;
	lx->pos[lx->npos].off = lx->buf_len;
	lx->pos[lx->npos].len = 0;
	lx->pos[lx->npos].quoted = quoted;
	lx->npos++;
	return 0;
}

/* The token array for the filter or the caller: only tokens added since the last call are filled in. */
static int build_tokens(ma_lexer *lx)
{
	if (lx->npos + 1 > lx->tok_cap &&
	    ma_grow((void **)&lx->toks, &lx->tok_cap, lx->npos + 1, sizeof(ma_token)) < 0)
		return sp_ctx_error(lx->ctx, SP_ENOMEM, "out of memory");
	if (lx->toks_base != lx->buf || lx->toks_built > lx->npos)
		lx->toks_built = 0; /* the statement buffer moved: every pointer is stale */
	for (size_t i = lx->toks_built; i < lx->npos; i++) {
		lx->toks[i].ptr = lx->buf + lx->pos[i].off;
		lx->toks[i].len = lx->pos[i].len;
		lx->toks[i].quoted = lx->pos[i].quoted;
	}
	lx->toks_built = lx->npos;
	lx->toks_base = lx->buf;
	return 0;
}

/* The filter's word on the statement after its latest token: MA_KEEP/MA_SKIP/MA_UNDECIDED or an error. */
static int ask_filter(ma_lexer *lx, int *decided)
{
	int r;
	if (*decided)
		return MA_KEEP;
	if (lx->npos >= MA_FILTER_HEAD) {
		*decided = 1;
		return MA_KEEP;
	}
	if ((lx->toks_built != lx->npos || lx->toks_base != lx->buf) && (r = build_tokens(lx)) < 0)
		return r;
	r = (int)lx->filter(lx->toks, lx->npos, lx->filter_payload);
	if (r != MA_UNDECIDED)
		*decided = 1;
	lx->small = r == MA_KEEP_SMALL;
	return r;
}

/* Close the current token; returns what ask_filter returns. */
static int token_end(ma_lexer *lx, int *decided)
{
	ma_tokpos *t = &lx->pos[lx->npos - 1];
	int error;
	t->len = lx->buf_len - t->off;
	error = put(lx, '\0');
	if (error < 0)
		return error;
	return ask_filter(lx, decided);
}

static int at_eof(ma_lexer *lx, int state, uint64_t str_line)
{
	if (state == ST_STRING || state == ST_ESC || state == ST_TRAIL || state == ST_SKIP_STR ||
	    state == ST_SKIP_ESC)
		return sp_ctx_error(lx->ctx, SP_ECORRUPT, "%s:%llu: unterminated string at end of file",
		                    lx->path, (unsigned long long)str_line);
	if (lx->npos > 0 || state == ST_SKIP || state == ST_SLASH)
		return sp_ctx_error(lx->ctx, SP_ECORRUPT,
		                    "%s:%llu: statement not terminated by ';' at end of file (truncated?)",
		                    lx->path, (unsigned long long)lx->stmt_line);
	return 0;
}

enum { BLANK = 1, WORD_END = 2, STRING_STOP = 4 };
static const unsigned char byte_class[256] = {
    [' '] = BLANK | WORD_END,  ['\t'] = BLANK | WORD_END,
    ['\r'] = BLANK | WORD_END, ['\n'] = BLANK | WORD_END | STRING_STOP,
    [';'] = WORD_END,          ['"'] = WORD_END | STRING_STOP,
    ['\\'] = STRING_STOP};

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>

/*
 * Newlines in [p, end), sixteen bytes at a time: each lane of `acc` counts
 * the matches in its column (at most 255 rounds), then the lanes are summed.
 * SSE2 is part of every x86-64; this loop is most of the reader's time on
 * mesh data, which is skipped unread otherwise.
 */
static uint64_t lane_sum(__m128i acc)
{
	acc = _mm_sad_epu8(acc, _mm_setzero_si128());
	return (uint64_t)_mm_cvtsi128_si32(acc) + (uint64_t)_mm_cvtsi128_si32(_mm_srli_si128(acc, 8));
}

static uint64_t count_lines(const unsigned char *p, const unsigned char *end)
{
	const __m128i nl = _mm_set1_epi8('\n');
	uint64_t n = 0;
	/* 64 bytes a round (a lane gains at most 4: 63 rounds), then 16 */
	while (end - p >= 64) {
		__m128i acc = _mm_setzero_si128();
		for (int k = 0; k < 63 && end - p >= 64; k++, p += 64) {
			const __m128i *v = (const __m128i *)(const void *)p;
			__m128i a = _mm_cmpeq_epi8(_mm_loadu_si128(v), nl);
			__m128i b = _mm_cmpeq_epi8(_mm_loadu_si128(v + 1), nl);
			__m128i c = _mm_cmpeq_epi8(_mm_loadu_si128(v + 2), nl);
			__m128i d = _mm_cmpeq_epi8(_mm_loadu_si128(v + 3), nl);
			acc = _mm_sub_epi8(acc, _mm_add_epi8(_mm_add_epi8(a, b), _mm_add_epi8(c, d)));
		}
		n += lane_sum(acc);
	}
	while (end - p >= 16) {
		__m128i acc = _mm_setzero_si128();
		for (int k = 0; k < 255 && end - p >= 16; k++, p += 16) {
			__m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(bytes, nl));
		}
		n += lane_sum(acc);
	}
	for (; p < end; p++)
		n += *p == '\n';
	return n;
}

static unsigned first_bit(unsigned bits)
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

/* The bytes of p[0..16) equal to c, as a mask. */
#define EQ16(b, c) _mm_cmpeq_epi8((b), _mm_set1_epi8(c))

/*
 * The end of a bare word or of a plain string's run: sixteen bytes at a time
 * while sixteen remain in the block, then by the table.  Most tokens are
 * short; each costs a few compares instead of a table look-up a byte.
 */
static const unsigned char *word_end(const unsigned char *p, const unsigned char *end)
{
	for (; end - p >= 16; p += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_or_si128(EQ16(b, ' '), EQ16(b, '\t')),
		                         _mm_or_si128(EQ16(b, '\n'), EQ16(b, '\r')));
		int bits = _mm_movemask_epi8(_mm_or_si128(m, _mm_or_si128(EQ16(b, ';'), EQ16(b, '"'))));
		if (bits)
			return p + first_bit((unsigned)bits);
	}
	while (p < end && !(byte_class[*p] & WORD_END))
		p++;
	return p;
}

static const unsigned char *string_stop(const unsigned char *p, const unsigned char *end)
{
	for (; end - p >= 16; p += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)p);
		int bits =
		    _mm_movemask_epi8(_mm_or_si128(EQ16(b, '\n'), _mm_or_si128(EQ16(b, '"'), EQ16(b, '\\'))));
		if (bits)
			return p + first_bit((unsigned)bits);
	}
	while (p < end && !(byte_class[*p] & STRING_STOP))
		p++;
	return p;
}
#else
/*
 * Newlines in [p, end), eight bytes at a time: a byte equal to '\n' becomes
 * 0x01 in its lane of `acc` (at most 255 rounds per lane), then the lanes
 * are summed.  Unaligned words are read through memcpy.
 */
static uint64_t count_lines(const unsigned char *p, const unsigned char *end)
{
	const uint64_t ones = 0x0101010101010101u, low7 = 0x7f7f7f7f7f7f7f7fu, even = 0x00ff00ff00ff00ffu;
	uint64_t n = 0;
	while (end - p >= 8) {
		uint64_t acc = 0;
		for (int k = 0; k < 255 && end - p >= 8; k++, p += 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			w ^= ones * '\n';
			acc += (~(((w & low7) + low7) | w) >> 7) & ones;
		}
		acc = (acc & even) + ((acc >> 8) & even);
		n += (acc * 0x0001000100010001u) >> 48;
	}
	for (; p < end; p++)
		n += *p == '\n';
	return n;
}

static const unsigned char *word_end(const unsigned char *p, const unsigned char *end)
{
	while (p < end && !(byte_class[*p] & WORD_END))
		p++;
	return p;
}

static const unsigned char *string_stop(const unsigned char *p, const unsigned char *end)
{
	while (p < end && !(byte_class[*p] & STRING_STOP))
		p++;
	return p;
}
#endif

/*
 * Scan a dropped statement for its ';' without copying.  Returns the new
 * state.  Outside strings this is the hot loop of the reader (mesh arrays of
 * hundreds of MB are dropped statements), so it goes by memchr to the next
 * ';' or '"' and counts the newlines between in one more pass, instead of
 * stepping a byte at a time.  `semi` is kept while it lies ahead, so a
 * statement with many strings before its ';' is still scanned once.
 */
static int skip_scan(ma_lexer *lx, int state, uint64_t *str_line)
{
	const unsigned char *p = lx->chunk + lx->chunk_pos, *end = lx->chunk + lx->chunk_len;
	const unsigned char *semi = NULL, *quote, *stop;
	uint64_t line = lx->line;
	while (p < end) {
		unsigned char c;
		if (state == ST_SKIP) {
			if (!semi || semi < p) {
				semi = memchr(p, ';', (size_t)(end - p));
				semi = semi ? semi : end;
			}
			quote = memchr(p, '"', (size_t)(semi - p));
			stop = quote ? quote : semi;
			line += count_lines(p, stop);
			if (stop == end) {
				p = end;
				break;
			}
			p = stop + 1;
			if (quote) {
				state = ST_SKIP_STR;
				*str_line = line;
				continue;
			}
			state = ST_BETWEEN;
			break;
		}
		c = *p++;
		if (c == '\n')
			line++;
		if (state == ST_SKIP_STR) {
			if (c == '\\' || is_lead_byte(lx, c))
				state = ST_SKIP_ESC; /* the next byte is taken as is */
			else if (c == '"')
				state = ST_SKIP;
		} else {
			state = ST_SKIP_STR;
		}
	}
	lx->chunk_pos = (size_t)(p - lx->chunk);
	lx->line = line;
	return state;
}

static char unescape(unsigned char c)
{
	switch (c) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	case 'r':
		return '\r';
	default:
		return (char)c;
	}
}

/*
 * Forget the statement's tokens, the filter's array included: a count left
 * over would pass the next statement's first tokens off as built.
 */
static void drop_tokens(ma_lexer *lx)
{
	lx->buf_len = lx->npos = lx->toks_built = 0;
}

static void reset_statement(ma_lexer *lx, int *decided)
{
	drop_tokens(lx);
	lx->small = lx->dropped = 0;
	*decided = lx->filter == NULL;
}

/* A small-kept statement grew too long: skip its rest from the state the byte left us in. */
static int drop_statement(ma_lexer *lx, int state, int *done, int *decided)
{
	int skip = state == ST_STRING                     ? ST_SKIP_STR
	           : state == ST_ESC || state == ST_TRAIL ? ST_SKIP_ESC
	                                                  : ST_SKIP;
	int finished = *done;
	reset_statement(lx, decided);
	*done = 0;
	if (finished)
		return ST_BETWEEN; /* its ';' was the byte just read */
	*decided = 1;
	return skip;
}

/* A byte inside a quoted string (or right after its backslash). */
static int step_string(ma_lexer *lx, int state, unsigned char c, int *decided)
{
	int r = 0;
	if (state == ST_ESC) {
		if (c != '"' && c != '\\' && c != 'n' && c != 't' && c != 'r')
			r = put(lx, '\\'); /* an unknown escape stays as written */
		if (r >= 0)
			r = put(lx, unescape(c));
		return r < 0 ? r : ST_STRING;
	}
	if (state == ST_TRAIL)
		return (r = put(lx, (char)c)) < 0 ? r : ST_STRING;
	if (c == '\\')
		return ST_ESC;
	if (c != '"')
		return (r = put(lx, (char)c)) < 0 ? r : is_lead_byte(lx, c) ? ST_TRAIL : ST_STRING;
	r = token_end(lx, decided);
	if (r == MA_SKIP)
		drop_tokens(lx);
	return r < 0 ? r : r == MA_SKIP ? ST_SKIP : ST_BETWEEN;
}

/* A byte after a bare word started; returns ST_BETWEEN when the delimiter is still to be handled. */
static int step_word(ma_lexer *lx, unsigned char c, int *decided)
{
	int r;
	if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ';' && c != '"')
		return (r = put(lx, (char)c)) < 0 ? r : ST_WORD;
	r = token_end(lx, decided);
	if (r < 0)
		return r;
	if (r != MA_SKIP)
		return ST_BETWEEN;
	drop_tokens(lx);
	if (c == ';') {
		*decided = lx->filter == NULL;
		return ST_SKIP_DONE;
	}
	return c == '"' ? ST_SKIP_STR : ST_SKIP;
}

/* A byte between tokens: whitespace, the end of the statement, or the start of a token. */
static int step_between(ma_lexer *lx, unsigned char c, int *done, uint64_t *str_line)
{
	int r;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		return ST_BETWEEN;
	if (c == ';') {
		if (lx->npos > 0)
			*done = 1;
		return ST_BETWEEN;
	}
	r = token_start(lx, c == '"');
	if (r < 0)
		return r;
	if (c == '"') {
		*str_line = lx->line;
		return ST_STRING;
	}
	r = put(lx, (char)c);
	if (r < 0)
		return r;
	return c == '/' ? ST_SLASH : ST_WORD;
}

/* One byte outside skip mode; returns the new state, or <0.  *done set when a statement is complete. */
static int step(ma_lexer *lx, int state, unsigned char c, int *decided, int *done, uint64_t *str_line)
{
	switch (state) {
	case ST_COMMENT:
		return c == '\n' ? ST_BETWEEN : ST_COMMENT;
	case ST_ESC:
	case ST_TRAIL:
	case ST_STRING:
		return step_string(lx, state, c, decided);
	case ST_SLASH:
		if (c == '/') {
			lx->npos--; /* the '/' was no token after all: a comment starts */
			lx->buf_len = lx->pos[lx->npos].off;
			return ST_COMMENT;
		}
		/* fall through */
	case ST_WORD:
		state = step_word(lx, c, decided);
		if (state != ST_BETWEEN)
			return state == ST_SKIP_DONE ? ST_BETWEEN : state;
		return step_between(lx, c, done, str_line); /* the delimiter ends the word */
	default:
		return step_between(lx, c, done, str_line);
	}
}

/*
 * Bytes that only continue a word or a string (its letters, its plain
 * characters), taken together up to the next byte that needs step(): 1
 * when some were taken, 0 when none.
 */
static int take_run(ma_lexer *lx, int state)
{
	const unsigned char *p = lx->chunk + lx->chunk_pos, *end = lx->chunk + lx->chunk_len, *q = p;
	int r;
	if (state == ST_WORD)
		q = word_end(q, end);
	else if (is_lead_byte(lx, 0x81)) /* a double-byte codeset */
		while (q < end && !(byte_class[*q] & STRING_STOP) && !is_lead_byte(lx, *q))
			q++;
	else
		q = string_stop(q, end);
	if (q == p)
		return 0;
	r = put_run(lx, p, (size_t)(q - p));
	if (r > 0)
		lx->chunk_pos += (size_t)(q - p);
	return r;
}

/* Append a whole token of n bytes at p (the caller checked the limits), NUL-terminated. */
static int append_token(ma_lexer *lx, const unsigned char *p, size_t n, int quoted)
{
	ma_tokpos *t;
	if (lx->npos + 1 > lx->pos_cap &&
	    ma_grow((void **)&lx->pos, &lx->pos_cap, lx->npos + 1, sizeof(ma_tokpos)) < 0)
		return sp_ctx_error(lx->ctx, SP_ENOMEM, "out of memory");
	if (lx->buf_len + n + 2 > lx->buf_cap &&
	    ma_grow((void **)&lx->buf, &lx->buf_cap, lx->buf_len + n + 2, 1) < 0)
		return sp_ctx_error(lx->ctx, SP_ENOMEM, "out of memory");
	if (lx->npos == 0)
		lx->stmt_line = lx->line;
	t = &lx->pos[lx->npos++];
	t->off = lx->buf_len;
	t->len = n;
	t->quoted = quoted;
	memcpy(lx->buf + lx->buf_len, p, n);
	lx->buf_len += n;
	lx->buf[lx->buf_len++] = '\0';
	/* the filter's token array too, while it is up to date: build_tokens is then left nothing to do */
	if (lx->toks_built + 1 == lx->npos && lx->toks_base == lx->buf && lx->npos < lx->tok_cap) {
		ma_token *tok = &lx->toks[lx->toks_built++];
		tok->ptr = lx->buf + t->off;
		tok->len = n;
		tok->quoted = quoted;
	}
	return 0;
}

/*
 * From between tokens, in one loop over the block, statement after
 * statement: blanks, whole bare words and plain strings (what step() would
 * do byte by byte), the filter asked after each, and a dropped statement
 * scanned to its ';'.  A scene has millions of short statements, and this is
 * what each costs.  1 when a kept statement is complete (its ';' taken), 0
 * when the byte-by-byte path must go on from *state (a comment, an escape, a
 * line break in a string, a string in a double-byte codeset, a token cut by
 * the end of the block, a statement near its size limit), or an error.
 */
static int take_statements(ma_lexer *lx, int *state, int *decided, uint64_t *str_line)
{
	const unsigned char *p = lx->chunk + lx->chunk_pos, *end = lx->chunk + lx->chunk_len, *q;
	int r, double_byte = is_lead_byte(lx, 0x81);
	for (;;) {
		size_t limit =
		    lx->small && lx->small_limit < lx->max_statement ? lx->small_limit : lx->max_statement;
		int quoted;
		while (p < end && (byte_class[*p] & BLANK))
			lx->line += *p++ == '\n';
		if (p == end || *p == '/')
			break;
		if (*p == ';') {
			p++;
			if (lx->npos == 0)
				continue;
			lx->chunk_pos = (size_t)(p - lx->chunk);
			return 1;
		}
		quoted = *p == '"';
		if (quoted && double_byte) /* a lead byte takes the next as is: step_string knows */
			break;
		q = quoted ? string_stop(p + 1, end) : word_end(p, end);
		if (q == end || (quoted && *q != '"') || lx->buf_len + (size_t)(q - p) + 2 > limit)
			break;
		if (quoted)
			*str_line = lx->line;
		if ((r = append_token(lx, p + quoted, (size_t)(q - p) - (size_t)quoted, quoted)) < 0 ||
		    (r = ask_filter(lx, decided)) < 0)
			return r;
		p = q + quoted; /* past a string's closing quote */
		if (r != MA_SKIP)
			continue;
		drop_tokens(lx);
		lx->chunk_pos = (size_t)(p - lx->chunk);
		*state = skip_scan(lx, ST_SKIP, str_line);
		if (*state != ST_BETWEEN)
			return 0;
		reset_statement(lx, decided);
		p = lx->chunk + lx->chunk_pos;
	}
	lx->chunk_pos = (size_t)(p - lx->chunk);
	return 0;
}

int ma_lexer_next(ma_lexer *lx, const ma_token **toks, size_t *count)
{
	int state = ST_BETWEEN, decided, done = 0, error;
	uint64_t str_line = lx->line;
	reset_statement(lx, &decided);
	for (;;) {
		unsigned char c;
		if (lx->chunk_pos == lx->chunk_len) {
			error = refill(lx);
			if (error < 0)
				return error;
			if (error == 0) {
				error = at_eof(lx, state, str_line);
				return error < 0 ? error : 0;
			}
		}
		if (state == ST_SKIP || state == ST_SKIP_STR || state == ST_SKIP_ESC) {
			state = skip_scan(lx, state, &str_line);
			if (state == ST_BETWEEN)
				reset_statement(lx, &decided);
			continue;
		}
		if (state == ST_BETWEEN) {
			error = take_statements(lx, &state, &decided, &str_line);
			if (error < 0)
				return error;
			if (error > 0)
				break;
			if (state != ST_BETWEEN || lx->chunk_pos == lx->chunk_len)
				continue;
		}
		if (state == ST_WORD || state == ST_STRING) {
			error = take_run(lx, state);
			if (error < 0)
				return error;
			if (error > 0)
				continue;
		}
		c = lx->chunk[lx->chunk_pos++];
		state = step(lx, state, c, &decided, &done, &str_line);
		if (c == '\n')
			lx->line++;
		if (state < 0)
			return state;
		if (lx->dropped)
			state = drop_statement(lx, state, &done, &decided);
		if (done)
			break;
	}
	error = build_tokens(lx);
	if (error < 0)
		return error;
	*toks = lx->toks;
	*count = lx->npos;
	return 1;
}
