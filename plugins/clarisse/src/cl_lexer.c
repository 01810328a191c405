/* The .project brace-tree reader (see cl_lexer.h). */
#include "cl_lexer.h"

#include <errno.h>
#include <stdio.h>

#define READ_BLOCK ((size_t)64 * 1024)

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
} lexer;

/* Byte classes of the statement scanner, looked up once per byte. */
enum { C_SPACE = 1, C_BRACE = 2, C_QUOTE = 4, C_BACKSLASH = 8 };
static const unsigned char byte_class[256] = {
    ['\t'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE,     [' '] = C_SPACE,
    ['{'] = C_BRACE,  ['}'] = C_BRACE,  ['"'] = C_QUOTE,  ['\\'] = C_BACKSLASH,
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

/*
 * After an attribute name: when the rest of the statement is bare words
 * only (no string, no block, no path separator) and the reader does not
 * want them, step over them without making tokens.  Point lists and key lists are most of the
 * bytes of a project, and nobody reads them.
 */
static int skip_unwanted(lexer *lx, const char *p, size_t n, size_t *i)
{
	const char *rest = p + *i, *close;
	size_t left = n - *i;
	int want;
	/* a separator may make a bare word a path a hand-edited file left unquoted: those lines are read */
	if (!lx->ev->want || left == 0 || memchr(rest, '"', left) || memchr(rest, '{', left) ||
	    memchr(rest, '/', left) || memchr(rest, '\\', left))
		return 0;
	want = lx->ev->want(lx->ev->payload, lx->vals[0].text, lx->line);
	if (want != 0)
		return want < 0 ? want : 0;
	close = memchr(rest, '}', left);
	*i += close ? (size_t)(close - rest) : left;
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
			/* bare words are short numbers mostly: copied as scanned, no call per word */
			char *start = o;
			while (i < n && !(byte_class[(unsigned char)p[i]] & (C_SPACE | C_BRACE)))
				*o++ = p[i++];
			*o++ = '\0';
			error = push_value(lx, &count, start, (size_t)(o - start) - 1, 0);
			if (error == 0 && count == 1)
				error = skip_unwanted(lx, p, n, &i);
		}
	}
	return error < 0 ? error : emit_attr(lx, &count);
}

/* "#name value": a header or metadata line, or the start of a skipped '#' block. */
static int hash_line(lexer *lx, const char *p, size_t n)
{
	long bal = brace_balance(p, n);
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

static int lex_line(lexer *lx, const char *p, size_t n)
{
	size_t i = 0;
	lx->line++;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	/* a UTF-8 byte order mark some editors add before the header */
	if (lx->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
		n -= 3;
	}
	if (memchr(p, '\0', n))
		return sp_ctx_error(lx->ctx, SP_ECORRUPT, "%s:%llu: NUL byte in text (not a .project file?)",
		                    lx->name, (unsigned long long)lx->line);
	if (lx->skip)
		return skip_line(lx, p, n);
	while (i < n && is_space(p[i]))
		i++;
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
	size_t pos = 0;
	int error = 0;
	lexer_init(&lx, ctx, name, ev);
	while (pos < len && error == 0) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (data + pos)) : len - pos;
		if (n > CL_MAX_LINE)
			error = sp_ctx_error(ctx, SP_ETOOBIG, "%s:%llu: line longer than %zu bytes", name,
			                     (unsigned long long)lx.line + 1, CL_MAX_LINE);
		else
			error = lex_line(&lx, data + pos, n);
		pos += n + 1;
	}
	if (error == 0)
		error = finish(&lx);
	lexer_dispose(&lx);
	return error;
}

/* Append to the pending partial line, within the cap. */
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

static int read_stream(lexer *lx, FILE *fp, char *block)
{
	char *line = NULL;
	size_t size = 0, cap = 0;
	int error = 0;
	for (;;) {
		size_t got = fread(block, 1, READ_BLOCK, fp), pos = 0;
		if (got == 0) {
			if (ferror(fp))
				error = sp_ctx_error(lx->ctx, SP_EIO, "%s: read error after line %llu",
				                     lx->name, (unsigned long long)lx->line);
			else if (size > 0)
				error = lex_line(lx, line, size);
			break;
		}
		while (pos < got && error == 0) {
			const char *nl = memchr(block + pos, '\n', got - pos);
			size_t n = nl ? (size_t)(nl - (block + pos)) : got - pos;
			if (!nl) {
				error = keep_partial(lx, &line, &size, &cap, block + pos, n);
			} else if (size == 0) {
				error =
				    lex_line(lx, block + pos, n); /* whole line inside the block: no copy */
			} else {
				error = keep_partial(lx, &line, &size, &cap, block + pos, n);
				if (error == 0)
					error = lex_line(lx, line, size);
				size = 0;
			}
			pos += n + 1;
		}
		if (error < 0)
			break;
	}
	cl_free(line);
	return error;
}

int cl_parse_file(sp_ctx *ctx, const char *path, const cl_events *ev)
{
	lexer lx;
	char *block = NULL;
	FILE *fp = sp_fopen_read(path); /* UTF-8 names on Windows too */
	int error;
	if (!fp)
		return sp_ctx_error(ctx, errno == ENOENT ? SP_ENOTFOUND : SP_EIO, "%s: cannot open: %s", path,
		                    errno == ENOENT ? "no such file" : "access denied or I/O error");
	lexer_init(&lx, ctx, path, ev);
	block = cl_malloc(READ_BLOCK);
	error = block ? read_stream(&lx, fp, block) : oom(&lx);
	if (error == 0)
		error = finish(&lx);
	cl_free(block);
	lexer_dispose(&lx);
	fclose(fp);
	return error;
}
