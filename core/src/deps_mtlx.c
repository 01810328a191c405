/*
 * MaterialX documents (.mtlx), path-attributes.md §4.7.  XML: an <input>
 * (older documents: <parameter>) of type "filename" holds a path in `value`,
 * prefixed by the nearest `fileprefix` on the element or an ancestor, and
 * <xi:include href="..."/> pulls in another document.  The scanner is a
 * tag reader, not a validating parser: it keeps a stack of open elements
 * (bounded) for the prefixes and node names, skips comments, processing
 * instructions and CDATA, and takes a tag across lines into a capped buffer.
 * Filename substitution (MaterialX 1.38): "[name]" in a filename value is
 * replaced by the value of the nearest <token name="name"> an enclosing
 * element declared before it; a name no token defines stays as written.
 */
#include "deps_fmt.h"

#include "sp/paths.h"

#define MAX_TAG    (64u * 1024u)
#define MAX_STACK  256
#define MAX_TOKENS 64 /* per element */

typedef enum { IN_TEXT, IN_TAG, IN_COMMENT, IN_CDATA, IN_DECL, IN_SKIP } xml_mode;

typedef struct {
	char *name;       /* its `name` attribute, or NULL */
	char *prefix;     /* fileprefix in force inside it (own or inherited), or NULL */
	sp_strvec tokens; /* <token> children read so far: name, value, name, value... */
} element;

typedef struct {
	sp__deps_file *df;
	xml_mode mode;
	char quote; /* inside a quoted attribute value of the tag being read */
	sp_buf tag; /* text between '<' and '>' */
	uint64_t tag_line;
	element stack[MAX_STACK];
	size_t depth; /* may exceed MAX_STACK: the elements past it are not kept */
	sp_buf value; /* scratch: a decoded attribute value */
	sp_buf path;  /* scratch: prefix + value */
} mtlx_reader;

/* The decoded value of attribute `name` in tag text `t`, into r->value; 1 found, 0 not, <0 error. */
static int attribute(mtlx_reader *r, const char *t, size_t len, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i + n < len; i++) {
		const char *q;
		char quote;
		size_t j = i + n;
		if (memcmp(t + i, name, n) != 0 || (i > 0 && !sp__isspace((unsigned char)t[i - 1])))
			continue;
		while (j < len && sp__isspace((unsigned char)t[j]))
			j++;
		if (j >= len || t[j] != '=')
			continue;
		for (j++; j < len && sp__isspace((unsigned char)t[j]);)
			j++;
		if (j >= len || (t[j] != '"' && t[j] != '\''))
			continue;
		quote = t[j];
		if (!(q = memchr(t + j + 1, quote, len - j - 1)))
			return 0;
		return sp__deps_xml_decode(&r->value, t + j + 1, (size_t)(q - t - j - 1)) < 0 ? SP_ENOMEM : 1;
	}
	return 0;
}

static void pop(mtlx_reader *r)
{
	if (r->depth == 0)
		return;
	r->depth--;
	if (r->depth < MAX_STACK) {
		sp__free(r->stack[r->depth].name);
		sp__free(r->stack[r->depth].prefix);
		sp_strvec_dispose(&r->stack[r->depth].tokens);
		r->stack[r->depth].name = r->stack[r->depth].prefix = NULL;
	}
}

static const element *top(const mtlx_reader *r)
{
	return r->depth > 0 && r->depth <= MAX_STACK ? &r->stack[r->depth - 1] : NULL;
}

static int push(mtlx_reader *r, const char *t, size_t len)
{
	element *e;
	const element *parent = top(r);
	int found;
	if (r->depth++ >= MAX_STACK)
		return 0;
	e = &r->stack[r->depth - 1];
	if ((found = attribute(r, t, len, "fileprefix")) < 0)
		return found;
	if (found ? !(e->prefix = sp__strdup(r->value.ptr))
	          : (parent && parent->prefix && !(e->prefix = sp__strdup(parent->prefix))))
		return SP_ENOMEM;
	if ((found = attribute(r, t, len, "name")) < 0)
		return found;
	if (found && !(e->name = sp__strdup(r->value.ptr)))
		return SP_ENOMEM;
	return 0;
}

static int is_element(const char *t, size_t len, const char *name)
{
	size_t n = strlen(name);
	return len >= n && memcmp(t, name, n) == 0 &&
	       (len == n || sp__isspace((unsigned char)t[n]) || t[n] == '/');
}

static int declare(mtlx_reader *r, const char *node, const char *attr, sp_ref_kind kind)
{
	return sp__deps_declare(r->df, r->path.ptr, r->path.size, kind, 0, node, attr, r->tag_line, NULL);
}

/* The value of the token `name` (`len` bytes) nearest in scope, or NULL. */
static const char *token_value(const mtlx_reader *r, const char *name, size_t len)
{
	size_t d = r->depth < MAX_STACK ? r->depth : MAX_STACK;
	while (d-- > 0) {
		const sp_strvec *t = &r->stack[d].tokens;
		for (size_t i = t->count; i >= 2; i -= 2)
			if (strlen(t->items[i - 2]) == len && memcmp(t->items[i - 2], name, len) == 0)
				return t->items[i - 1];
	}
	return NULL;
}

/* r->value with its [token]s substituted, appended to r->path. */
static int put_substituted(mtlx_reader *r)
{
	const char *v = r->value.ptr;
	size_t len = r->value.size;
	for (size_t i = 0; i < len; i++) {
		const char *close = v[i] == '[' ? memchr(v + i + 1, ']', len - i - 1) : NULL;
		const char *sub = close ? token_value(r, v + i + 1, (size_t)(close - v - i - 1)) : NULL;
		if (sub) {
			if (sp_buf_puts(&r->path, sub) < 0)
				return SP_ENOMEM;
			i = (size_t)(close - v);
		} else if (sp_buf_putc(&r->path, v[i]) < 0) {
			return SP_ENOMEM;
		}
	}
	return sp_buf_put(&r->path, "", 0);
}

/* <token name="x" value="y"/>: kept on the enclosing element for the filenames inside it. */
static int token(mtlx_reader *r, const char *t, size_t len)
{
	element *parent = r->depth > 0 && r->depth <= MAX_STACK ? &r->stack[r->depth - 1] : NULL;
	char *name;
	int found, error;
	if (!parent || parent->tokens.count >= 2 * MAX_TOKENS)
		return 0;
	if ((found = attribute(r, t, len, "name")) <= 0)
		return found;
	if (!(name = sp__strdup(r->value.ptr)))
		return SP_ENOMEM;
	if ((found = attribute(r, t, len, "value")) <= 0) {
		sp__free(name);
		return found;
	}
	error = sp_strvec_push_owned(&parent->tokens, name); /* frees name when it fails */
	if (error == 0 && (error = sp_strvec_push(&parent->tokens, r->value.ptr)) < 0)
		sp__free(parent->tokens.items[--parent->tokens.count]); /* keep the pairs whole */
	return error < 0 ? SP_ENOMEM : 0;
}

/* <input type="filename" value="..."/>: the path, behind the prefix in force. */
static int filename_input(mtlx_reader *r, const char *t, size_t len)
{
	const element *parent = top(r);
	char *attr = NULL;
	int found = attribute(r, t, len, "type"), error = 0;
	if (found <= 0 || strcmp(r->value.ptr, "filename") != 0)
		return found < 0 ? found : 0;
	if ((found = attribute(r, t, len, "name")) > 0 && !(attr = sp__strdup(r->value.ptr)))
		return SP_ENOMEM;
	if (found >= 0 && (found = attribute(r, t, len, "value")) > 0) {
		sp_buf_clear(&r->path);
		if (parent && parent->prefix && sp_path_kind_of(r->value.ptr) == SP_PATH_RELATIVE)
			error = sp_buf_puts(&r->path, parent->prefix);
		if (error == 0)
			error = put_substituted(r);
		if (error == 0)
			error = declare(r, parent && parent->name ? parent->name : "(document)",
			                attr ? attr : "value", (sp_ref_kind)0);
	}
	sp__free(attr);
	return found < 0 ? found : error;
}

static int process_tag(mtlx_reader *r)
{
	const char *t = r->tag.ptr;
	size_t len = r->tag.size;
	int self_closing = len > 0 && t[len - 1] == '/', error = 0, found;
	if (len == 0)
		return 0;
	if (t[0] == '/') {
		pop(r);
		return 0;
	}
	if (is_element(t, len, "input") || is_element(t, len, "parameter")) {
		error = filename_input(r, t, len);
	} else if (is_element(t, len, "token")) {
		error = token(r, t, len);
	} else if (is_element(t, len, "xi:include") && (found = attribute(r, t, len, "href")) != 0) {
		error = found < 0 ? found : sp_buf_sets(&r->path, r->value.ptr);
		if (error == 0)
			error = declare(r, "xi:include", "href", (sp_ref_kind)0);
	}
	if (error == 0 && !self_closing)
		error = push(r, t, len);
	return error;
}

/* In a tag: take bytes up to the closing '>' (not one inside a quoted value). */
static const char *in_tag(mtlx_reader *r, const char *p, const char *end, int *error)
{
	const char *s = p;
	for (; p < end; p++) {
		if (r->quote) {
			r->quote = *p == r->quote ? 0 : r->quote;
		} else if (*p == '"' || *p == '\'') {
			r->quote = *p;
		} else if (*p == '>') {
			break;
		}
	}
	if (r->tag.size + (size_t)(p - s) + 1 > MAX_TAG) {
		r->mode = p < end ? IN_TEXT : IN_SKIP; /* a tag this long is not one we read */
		sp_buf_clear(&r->tag);
		return p < end ? p + 1 : end;
	}
	if (sp_buf_put(&r->tag, s, (size_t)(p - s)) < 0 || (p == end && sp_buf_putc(&r->tag, ' ') < 0)) {
		*error = SP_ENOMEM;
		return end;
	}
	if (p == end)
		return end;
	r->mode = IN_TEXT;
	*error = process_tag(r);
	sp_buf_clear(&r->tag);
	return p + 1;
}

/* Skip to `close` ("-->", "]]>", ">"), leaving the mode when it is found. */
static const char *skip_to(mtlx_reader *r, const char *p, const char *end, const char *close)
{
	size_t n = strlen(close);
	for (; (size_t)(end - p) >= n; p++) {
		if (memcmp(p, close, n) == 0) {
			r->mode = IN_TEXT;
			return p + n;
		}
	}
	return end;
}

static const char *open_markup(mtlx_reader *r, const char *p, const char *end)
{
	size_t left = (size_t)(end - p);
	if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
		r->mode = IN_COMMENT;
		return p + 4;
	}
	if (left >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
		r->mode = IN_CDATA;
		return p + 9;
	}
	if (left >= 2 && (p[1] == '?' || p[1] == '!')) {
		r->mode = IN_DECL;
		return p + 2;
	}
	r->mode = IN_TAG;
	r->quote = 0;
	r->tag_line = r->df->lines.lineno;
	sp_buf_clear(&r->tag);
	return p + 1;
}

static int feed_line(mtlx_reader *r)
{
	const char *p = r->df->lines.line.ptr, *end = p + r->df->lines.line.size;
	int error = 0;
	while (p < end && error == 0) {
		switch (r->mode) {
		case IN_TEXT: {
			const char *lt = memchr(p, '<', (size_t)(end - p));
			p = lt ? open_markup(r, lt, end) : end;
			break;
		}
		case IN_TAG:
			p = in_tag(r, p, end, &error);
			break;
		case IN_COMMENT:
			p = skip_to(r, p, end, "-->");
			break;
		case IN_CDATA:
			p = skip_to(r, p, end, "]]>");
			break;
		case IN_DECL:
		case IN_SKIP:
			p = skip_to(r, p, end, ">");
			break;
		}
	}
	return error;
}

int sp__deps_read_mtlx(sp__deps_file *df)
{
	mtlx_reader *r = sp__calloc(1, sizeof(*r));
	int error = 0;
	if (!r)
		return sp__oom(df->ctx);
	r->df = df;
	while (error == 0 && sp__deps_next_line(df) > 0)
		error = feed_line(r);
	while (r->depth > 0)
		pop(r);
	sp_buf_dispose(&r->tag);
	sp_buf_dispose(&r->value);
	sp_buf_dispose(&r->path);
	sp__free(r);
	return error == SP_ENOMEM ? sp__oom(df->ctx) : error;
}
