/* The .project brace-tree reader (see cl_lexer.h). */
#include "cl_lexer.h"

#include <errno.h>
#include <stdio.h>

#define READ_BLOCK CL_READ_BLOCK
/* Zeroed bytes after a block's data: the indentation scan reads eight at a time without a length test. */
#define BLOCK_PAD  8
#define WANT_SLOTS 4
#define WANT_NAME  32

typedef struct {
	sp_ctx *ctx;
	const char *name;
	const cl_events *ev;
	uint64_t line;
	unsigned depth;
	uint64_t open_line[CL_MAX_DEPTH];
	long skip;          /* braces still open in a skipped '#' block */
	uint64_t skip_line; /* where that block opened */
	char *tok;          /* unescaped words of the current line */
	size_t tok_cap;
	cl_value *vals;
	size_t val_cap;
	/*
	 * The want answers since the last '{' or '}': key lists ask for the same
	 * name on every line, and value[1] / value[2] lines alternate.
	 */
	struct {
		char name[WANT_NAME];
		size_t len;
		int answer;
	} want[WANT_SLOTS];
	unsigned want_count, want_next;
} lexer;

/*
 * Byte classes of the statement scanner, looked up once per byte.  Every
 * line is lexed with a NUL written after its last byte (C_END), so scans
 * stop there without a length test; a NUL inside a line is refused first.
 * The '\n' is a C_END too, for skip_known_line, which scans a block before
 * its lines are split.
 */
enum { C_SPACE = 1, C_BRACE = 2, C_QUOTE = 4, C_BACKSLASH = 8, C_END = 16 };
static const unsigned char byte_class[256] = {
    ['\t'] = C_SPACE,     ['\v'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE,
    [' '] = C_SPACE,      ['{'] = C_BRACE,  ['}'] = C_BRACE,  ['"'] = C_QUOTE,
    ['\\'] = C_BACKSLASH, ['\0'] = C_END,   ['\n'] = C_END,
};

static int is_space(char c)
{
	return byte_class[(unsigned char)c] & C_SPACE;
}

/* Bytes from `p` up to the first whose class is in `stop` (or `n`). */
static size_t span_until(const char *p, size_t n, unsigned stop)
{
	size_t i = 0;
	while (i < n && !(byte_class[(unsigned char)p[i]] & stop))
		i++;
	return i;
}

/* Leading indentation: whole words of spaces at once, then byte by byte (tabs, odd counts). */
static size_t skip_spaces(const char *p, size_t n)
{
	size_t i = 0;
	while (n - i >= 8 && memcmp(p + i, "        ", 8) == 0)
		i += 8;
	while (is_space(p[i]))
		i++;
	return i;
}

static int oom(lexer *lx)
{
	return sp_ctx_error(lx->ctx, SP_ENOMEM, "%s: out of memory", lx->name);
}

/* '{' minus '}' outside quoted strings: how a skipped block keeps count. */
static long brace_balance(const char *p, size_t n)
{
	long bal = 0;
	int quoted = 0;
	for (size_t i = 0; i < n; i++) {
		if (quoted) {
			if (p[i] == '\\')
				i++;
			else if (p[i] == '"')
				quoted = 0;
		} else if (p[i] == '"') {
			quoted = 1;
		} else if (p[i] == '{') {
			bal++;
		} else if (p[i] == '}') {
			bal--;
		}
	}
	return bal;
}

static int skip_line(lexer *lx, const char *p, size_t n)
{
	lx->skip += brace_balance(p, n);
	if (lx->skip <= 0)
		lx->skip = 0;
	return 0;
}

/* Copy a quoted string starting after its '"' into *out; returns bytes consumed or -1 if unterminated. */
static long read_quoted(const char *p, size_t n, char **out)
{
	char *o = *out;
	for (size_t i = 0; i < n; i++) {
		/* copy the run of plain bytes at once: most strings hold no escape */
		size_t run = span_until(p + i, n - i, C_QUOTE | C_BACKSLASH);
		char c;
		memcpy(o, p + i, run);
		o += run;
		i += run;
		if (i == n)
			break;
		c = p[i];
		if (c == '"') {
			*o++ = '\0';
			*out = o;
			return (long)(i + 1);
		}
		if (c == '\\' && i + 1 < n) {
			char e = p[++i];
			switch (e) {
			case '\\':
				*o++ = '\\';
				break;
			case '"':
				*o++ = '"';
				break;
			case 'n':
				*o++ = '\n';
				break;
			case 't':
				*o++ = '\t';
				break;
			default: /* unknown escape: keep it as written */
				*o++ = '\\';
				*o++ = e;
				break;
			}
			continue;
		}
		*o++ = c;
	}
	return -1;
}

static int push_value(lexer *lx, size_t *count, const char *text, size_t len, int quoted)
{
	if (*count >= lx->val_cap &&
	    cl_grow((void **)&lx->vals, &lx->val_cap, *count + 1, sizeof(*lx->vals)) < 0)
		return oom(lx);
	lx->vals[*count].text = text;
	lx->vals[*count].len = len;
	lx->vals[*count].quoted = quoted;
	(*count)++;
	return 0;
}

static int emit_attr(lexer *lx, size_t *count)
{
	int error = 0;
	if (*count > 0 && lx->ev->attr)
		error = lx->ev->attr(lx->ev->payload, lx->vals[0].text, lx->vals + 1, *count - 1, lx->line);
	*count = 0;
	return error;
}

static int open_block(lexer *lx, size_t *count)
{
	int error = 0;
	if (*count == 0)
		return sp_ctx_error(lx->ctx, SP_ECORRUPT, "%s:%llu: '{' without a class or attribute name",
		                    lx->name, (unsigned long long)lx->line);
	if (lx->depth >= CL_MAX_DEPTH)
		return sp_ctx_error(lx->ctx, SP_ETOOBIG, "%s:%llu: blocks nested deeper than %u", lx->name,
		                    (unsigned long long)lx->line, CL_MAX_DEPTH);
	lx->open_line[lx->depth++] = lx->line;
	lx->want_count = 0;
	if (lx->ev->open)
		error = lx->ev->open(lx->ev->payload, lx->vals[0].text, *count > 1 ? lx->vals[1].text : NULL,
		                     lx->line);
	*count = 0;
	return error;
}

static int close_block(lexer *lx, size_t *count)
{
	int error = emit_attr(lx, count);
	if (error < 0)
		return error;
	if (lx->depth == 0)
		return sp_ctx_error(lx->ctx, SP_ECORRUPT, "%s:%llu: '}' closes no block", lx->name,
		                    (unsigned long long)lx->line);
	lx->depth--;
	lx->want_count = 0;
	return lx->ev->close ? lx->ev->close(lx->ev->payload, lx->line) : 0;
}

/* Room in the token buffer for every word of a line of `n` bytes. */
static int reserve_tokens(lexer *lx, size_t n)
{
	/* unescaped text is never longer than the raw text, plus one NUL per word */
	char *t;
	if (lx->tok_cap >= 2 * n + 2)
		return 0;
	if (!(t = cl_realloc(lx->tok, 2 * n + 2)))
		return oom(lx);
	lx->tok = t;
	lx->tok_cap = 2 * n + 2;
	return 0;
}

/* The kept answer for `name` (`len` bytes, not NUL-terminated), or -1 when it was not asked. */
static int known_want(const lexer *lx, const char *name, size_t len)
{
	for (unsigned k = 0; k < lx->want_count; k++) {
		const char *kept = lx->want[k].name;
		size_t j = 0;
		if (lx->want[k].len != len)
			continue;
		while (j < len && kept[j] == name[j]) /* names are short: no call */
			j++;
		if (j == len)
			return lx->want[k].answer;
	}
	return -1;
}

/* The reader's answer for attribute `name` (`len` bytes), asked once per name between two braces. */
static int ask_want(lexer *lx, const char *name, size_t len)
{
	int answer = known_want(lx, name, len);
	if (answer >= 0)
		return answer;
	answer = lx->ev->want(lx->ev->payload, name, lx->line);
	if (answer >= 0 && len < WANT_NAME) {
		unsigned k = lx->want_count < WANT_SLOTS ? lx->want_count++ : lx->want_next++ % WANT_SLOTS;
		memcpy(lx->want[k].name, name, len);
		lx->want[k].len = len;
		lx->want[k].answer = answer;
	}
	return answer;
}

/*
 * A rest longer than this (point lists run to tens of KB) is searched with
 * one memchr per byte that matters: each pass costs a fraction of a cycle
 * per byte, where strcspn costs about one instruction per byte.
 */
#define LONG_REST 256

/* strcspn(rest, "\"{}/\\") for a long rest of `left` bytes: where to stop, or `left`. */
static size_t long_rest_stop(const char *rest, size_t left)
{
	static const char stops[] = "\"{/\\}";
	size_t stop = left;
	for (size_t k = 0; k < sizeof(stops) - 1; k++) {
		const char *at = memchr(rest, stops[k], stop);
		if (at)
			stop = (size_t)(at - rest);
	}
	return stop;
}

/*
 * After an attribute name: when the rest of the statement is bare words
 * only (no string, no block, no path separator) and the reader does not
 * want them, step over them to the next '}' without making tokens or an
 * event.  Point lists and key lists are most of the bytes of a project, and
 * nobody reads them.  One strcspn finds the first byte that matters (the
 * line ends in a NUL), a second one checks what follows a '}'.
 */
static int skip_unwanted(lexer *lx, const char *p, size_t n, size_t *i, size_t *count)
{
	const char *rest = p + *i;
	size_t left = n - *i, stop;
	int want;
	if (!lx->ev->want)
		return 0;
	/* a separator may make a bare word a path a hand-edited file left unquoted: those lines are read */
	stop = left > LONG_REST ? long_rest_stop(rest, left) : strcspn(rest, "\"{}/\\");
	if (stop < left && (rest[stop] != '}' || strcspn(rest + stop + 1, "\"{/\\") < left - stop - 1))
		return 0;
	want = ask_want(lx, lx->vals[0].text, lx->vals[0].len);
	if (want != 0)
		return want < 0 ? want : 0;
	*i += stop;
	*count = 0;
	return 0;
}

/* A statement line: words, quoted strings, '{' and '}'. */
static int statement_line(lexer *lx, const char *p, size_t n)
{
	size_t count = 0, i = 0;
	char *o;
	int error = reserve_tokens(lx, n);
	if (error < 0)
		return error;
	o = lx->tok;
	while (i < n && error == 0) {
		char c = p[i];
		if (is_space(c)) {
			i++;
		} else if (c == '{') {
			i++;
			error = open_block(lx, &count);
		} else if (c == '}') {
			i++;
			error = close_block(lx, &count);
		} else if (c == '"') {
			char *start = o;
			long used = read_quoted(p + i + 1, n - i - 1, &o);
			if (used < 0)
				return sp_ctx_error(lx->ctx, SP_ECORRUPT, "%s:%llu: unterminated string",
				                    lx->name, (unsigned long long)lx->line);
			i += (size_t)used + 1;
			error = push_value(lx, &count, start, (size_t)(o - start) - 1, 1);
		} else {
			/* a bare word ends at a space, a brace or the line's closing NUL */
			size_t len = 1;
			while (!(byte_class[(unsigned char)p[i + len]] & (C_SPACE | C_BRACE | C_END)))
				len++;
			memcpy(o, p + i, len);
			o[len] = '\0';
			error = push_value(lx, &count, o, len, 0);
			o += len + 1;
			i += len;
			if (error == 0 && count == 1 && i < n)
				error = skip_unwanted(lx, p, n, &i, &count);
		}
	}
	return error < 0 ? error : emit_attr(lx, &count);
}

/* "#name value": a header or metadata line, or the start of a skipped '#' block. */
static int hash_line(lexer *lx, const char *p, size_t n)
{
	/* only a '{' can open a block: metadata lines hold none */
	long bal = memchr(p, '{', n) ? brace_balance(p, n) : 0;
	size_t i = 1, name_end;
	char *name, *value;
	int error;
	if (bal > 0) {
		lx->skip = bal;
		lx->skip_line = lx->line;
		return 0;
	}
	if (!lx->ev->meta)
		return 0;
	error = reserve_tokens(lx, n);
	if (error < 0)
		return error;
	while (i < n && !is_space(p[i]))
		i++;
	name_end = i;
	while (i < n && is_space(p[i]))
		i++;
	while (n > i && is_space(p[n - 1]))
		n--;
	/* name and value side by side in the token buffer: no allocation per metadata line */
	name = lx->tok;
	memcpy(name, p + 1, name_end - 1);
	name[name_end - 1] = '\0';
	value = name + name_end;
	if (n - i >= 2 && p[i] == '"' && p[n - 1] == '"') {
		char *o = value;
		(void)read_quoted(p + i + 1, n - i - 1, &o);
	} else {
		memcpy(value, p + i, n - i);
		value[n - i] = '\0';
	}
	return lx->ev->meta(lx->ev->payload, name, value, lx->line);
}

/*
 * One line of `n` bytes at `p`, without its '\n'; p[n] must be writable
 * (the '\n' itself or the byte after a kept partial line): the scanners'
 * NUL goes there.  `may_hold_nul` is 0 when the caller knows the line has
 * no NUL byte.
 */
static int lex_line(lexer *lx, char *p, size_t n, int may_hold_nul)
{
	size_t i;
	lx->line++;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (may_hold_nul && memchr(p, '\0', n))
		return sp_ctx_error(lx->ctx, SP_ECORRUPT, "%s:%llu: NUL byte in text (not a .project file?)",
		                    lx->name, (unsigned long long)lx->line);
	p[n] = '\0';
	/* a UTF-8 byte order mark some editors add before the header */
	if (lx->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
		n -= 3;
	}
	if (lx->skip)
		return skip_line(lx, p, n);
	i = skip_spaces(p, n);
	if (i == n)
		return 0;
	if (p[i] == '#')
		return hash_line(lx, p + i, n - i);
	return statement_line(lx, p + i, n - i);
}

static int finish(lexer *lx)
{
	if (lx->skip)
		return sp_ctx_error(
		    lx->ctx, SP_ECORRUPT,
		    "%s:%llu: file ends inside the '#' block opened at line %llu (truncated?)", lx->name,
		    (unsigned long long)lx->line, (unsigned long long)lx->skip_line);
	if (lx->depth)
		return sp_ctx_error(lx->ctx, SP_ECORRUPT,
		                    "%s:%llu: file ends inside the block opened at line %llu (truncated?)",
		                    lx->name, (unsigned long long)lx->line,
		                    (unsigned long long)lx->open_line[lx->depth - 1]);
	return 0;
}

/* Where the bytes come from: a file, or memory handed out one block at a time like a file. */
typedef struct {
	FILE *fp;
	const char *data;
	size_t len, pos;
} source;

static int fill_block(lexer *lx, source *src, char *block, size_t *got)
{
	if (!src->fp) {
		*got = src->len - src->pos < READ_BLOCK ? src->len - src->pos : READ_BLOCK;
		memcpy(block, src->data + src->pos, *got);
		src->pos += *got;
		return 0;
	}
	*got = fread(block, 1, READ_BLOCK, src->fp);
	if (*got == 0 && ferror(src->fp))
		return sp_ctx_error(lx->ctx, SP_EIO, "%s: read error after line %llu", lx->name,
		                    (unsigned long long)lx->line);
	return 0;
}

/* Append to the pending partial line, within the cap; one byte more stays free for lex_line's NUL. */
static int keep_partial(lexer *lx, char **line, size_t *size, size_t *cap, const char *p, size_t n)
{
	if (*size + n > CL_MAX_LINE)
		return sp_ctx_error(lx->ctx, SP_ETOOBIG, "%s:%llu: line longer than %zu bytes", lx->name,
		                    (unsigned long long)lx->line + 1, CL_MAX_LINE);
	if (cl_grow((void **)line, cap, *size + n + 1, 1) < 0)
		return oom(lx);
	memcpy(*line + *size, p, n);
	*size += n;
	return 0;
}

/*
 * The kept answer for the word at `p` and its length, or -1: the kept names
 * are compared in place, each up to its first differing byte (a name holds
 * no NUL and no '\n', so this never reads past the line), then the byte
 * after a match must end a word.
 */
static int known_word(const lexer *lx, const char *p, size_t *len)
{
	for (unsigned k = 0; k < lx->want_count; k++) {
		const char *kept = lx->want[k].name;
		size_t j = 0, n = lx->want[k].len;
		while (j < n && kept[j] == p[j])
			j++;
		if (j == n && (byte_class[(unsigned char)p[n]] & (C_SPACE | C_BRACE | C_END))) {
			*len = n;
			return lx->want[k].answer;
		}
	}
	return -1;
}

/*
 * The most common line of a big project: an fcurve key or a point list
 * under a name the reader already said it does not want, stepped over with
 * one scan before the line is split off the block (which ends in a NUL);
 * its first `i` bytes are indentation, already looked at.  The bytes it took
 * (through the '\n'), or 0 to read the line the ordinary
 * way: a name not asked yet, a string, a brace, a separator, an empty rest,
 * the block's end or a NUL byte (every byte up to the '\n' is looked at, so
 * a NUL is never stepped over).
 */
static size_t skip_known_line(const lexer *lx, const char *p, size_t i)
{
	size_t len = 0, stop;
	const char *rest;
	if (lx->want_count == 0)
		return 0;
	if (p[i] == '#' || (byte_class[(unsigned char)p[i]] & (C_QUOTE | C_BRACE | C_END)))
		return 0;
	if (known_word(lx, p + i, &len) != 0)
		return 0;
	rest = p + i + len;
	stop = strcspn(rest, "\n\"{}/\\");
	if (rest[stop] != '\n')
		return 0;
	/* "name\r\n" has no values (lex_line drops the '\r'): an attribute event, not a skip */
	if (stop == 0 || (stop == 1 && rest[0] == '\r'))
		return 0;
	return (size_t)(rest + stop + 1 - p);
}

/* Spaces and tabs at `p`, in a block: BLOCK_PAD zeroed bytes follow its NUL. */
static size_t block_indent(const char *p)
{
	size_t i = 0;
	while (memcmp(p + i, "        ", 8) == 0)
		i += 8;
	if (memcmp(p + i, "    ", 4) == 0) /* Clarisse indents by four */
		i += 4;
	while (is_space(p[i]))
		i++;
	return i;
}

/* A line holding only a '}' (one per block of a project), indented by `i`: bytes through its '\n', or 0. */
static size_t close_only_line(const char *p, size_t i)
{
	if (p[i] != '}')
		return 0;
	for (i++; is_space(p[i]); i++)
		;
	return p[i] == '\n' ? i + 1 : 0;
}

/*
 * Lines the block reader settles before splitting them off: a known
 * unwanted one (skipped) and a lone '}' (a close).  The bytes taken, or 0.
 */
static size_t quick_line(lexer *lx, const char *p, int *error)
{
	size_t i, n;
	if (lx->skip)
		return 0;
	i = block_indent(p);
	n = close_only_line(p, i);
	if (n > 0) {
		size_t none = 0;
		lx->line++;
		*error = close_block(lx, &none);
		return n;
	}
	n = skip_known_line(lx, p, i);
	if (n > 0)
		lx->line++;
	return n;
}

/* The lines of one block (block[got] is a NUL); a line it does not finish goes on in *line. */
static int lex_block(lexer *lx, char *block, size_t got, char **line, size_t *size, size_t *cap)
{
	/* one search per block instead of one per line: the first NUL, if any */
	const char *nul = memchr(block, '\0', got);
	size_t pos = 0, known;
	int error = 0;
	while (pos < got && error == 0) {
		char *p = block + pos, *nl;
		size_t n;
		if (*size == 0 && (known = quick_line(lx, p, &error)) > 0) {
			pos += known;
			continue;
		}
		nl = memchr(p, '\n', got - pos);
		n = nl ? (size_t)(nl - p) : got - pos;
		if (!nl) {
			error = keep_partial(lx, line, size, cap, p, n);
		} else if (*size == 0) {
			/* whole line inside the block: no copy */
			error = lex_line(lx, p, n, nul && nul < nl);
		} else {
			error = keep_partial(lx, line, size, cap, p, n);
			if (error == 0)
				error = lex_line(lx, *line, *size, 1);
			*size = 0;
		}
		pos += n + 1;
	}
	return error;
}

static int read_source(lexer *lx, source *src)
{
	char *block = cl_malloc(READ_BLOCK + 1 + BLOCK_PAD), *line = NULL;
	size_t size = 0, cap = 0, got = 0;
	int error = block ? 0 : oom(lx);
	if (block)
		memset(block, 0, READ_BLOCK + 1 + BLOCK_PAD);
	while (error == 0) {
		error = fill_block(lx, src, block, &got);
		if (error < 0)
			break;
		if (got == 0) {
			if (size > 0)
				error = lex_line(lx, line, size, 1);
			break;
		}
		block[got] = '\0';
		error = lex_block(lx, block, got, &line, &size, &cap);
	}
	if (error == 0)
		error = finish(lx);
	cl_free(line);
	cl_free(block);
	return error;
}

static void lexer_init(lexer *lx, sp_ctx *ctx, const char *name, const cl_events *ev)
{
	memset(lx, 0, sizeof(*lx));
	lx->ctx = ctx;
	lx->name = name;
	lx->ev = ev;
}

static void lexer_dispose(lexer *lx)
{
	cl_free(lx->tok);
	cl_free(lx->vals);
}

int cl_parse_mem(sp_ctx *ctx, const char *name, const char *data, size_t len, const cl_events *ev)
{
	lexer lx;
	source src = {NULL, data, len, 0};
	int error;
	lexer_init(&lx, ctx, name, ev);
	error = read_source(&lx, &src);
	lexer_dispose(&lx);
	return error;
}

int cl_parse_file(sp_ctx *ctx, const char *path, const cl_events *ev)
{
	lexer lx;
	source src = {NULL, NULL, 0, 0};
	int error;
	src.fp = sp_fopen_read(path); /* UTF-8 names on Windows too */
	if (!src.fp)
		return sp_ctx_error(ctx, errno == ENOENT ? SP_ENOTFOUND : SP_EIO, "%s: cannot open: %s", path,
		                    errno == ENOENT ? "no such file" : "access denied or I/O error");
	lexer_init(&lx, ctx, path, ev);
	error = read_source(&lx, &src);
	lexer_dispose(&lx);
	fclose(src.fp);
	return error;
}
