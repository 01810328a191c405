/*
 * Arnold scene source (.ass), path-attributes.md §4.1: `type { param value
 * ... }` with one parameter per line.  The reader keys on node type and
 * parameter name (not on a line that starts with " filename ", which misses
 * tabs and other parameters), holds a node's paths until its `}` so they are
 * labelled with the node's `name` wherever it comes, and resolves relative
 * names along the options node's search paths.  An array parameter
 * (`layers 2 1 STRING "a.abc" "b.abc"`, possibly over several lines) names a
 * file with each of its strings.
 */
#include "deps_fmt.h"

#include "sp/tips.h"

#define MAX_PENDING 1024

typedef enum { SEARCH_NONE, SEARCH_TEXTURE, SEARCH_PROCEDURAL } search_kind;

typedef enum { TOK_END, TOK_WORD, TOK_STRING, TOK_OPEN, TOK_CLOSE } tok_kind;

typedef struct {
	tok_kind kind;
	const char *p;
	size_t len;
} tok;

/* Node parameters that name an input.  "xgen_procedural.data" is a command line (see xgen_data). */
static const struct {
	const char *type;
	const char *param;
	sp_ref_kind kind;
	search_kind search;
	int array; /* `param N K STRING "a" "b" ...`: every string names a file */
} params[] = {
    {"image", "filename", SP_REF_TEXTURE, SEARCH_TEXTURE},
    {"MayaFile", "filename", SP_REF_TEXTURE, SEARCH_TEXTURE},
    {"procedural", "filename", SP_REF_PROXY, SEARCH_PROCEDURAL},
    {"procedural", "dso", SP_REF_PROXY, SEARCH_PROCEDURAL},
    {"usd", "filename", SP_REF_SCENE, SEARCH_PROCEDURAL},
    {"alembic", "filename", SP_REF_CACHE, SEARCH_PROCEDURAL},
    {"alembic", "layers", SP_REF_CACHE, SEARCH_PROCEDURAL, 1},
    {"volume_implicit", "filename", SP_REF_VOLUME, SEARCH_NONE},
    {"include_graph", "filename", SP_REF_SCENE, SEARCH_PROCEDURAL},
    {"volume", "filename", SP_REF_VOLUME, SEARCH_NONE},
    {"photometric_light", "filename", SP_REF_LIGHT, SEARCH_NONE},
    {"materialx", "filename", SP_REF_OTHER, SEARCH_NONE},
};

typedef struct {
	char *path;
	const char *param; /* static */
	sp_ref_kind kind;
	search_kind search;
	uint64_t line;
} pending_ref;

typedef struct {
	sp__deps_file *df;
	int depth;      /* braces open */
	sp_buf word;    /* last word at the top level: the type of the next node */
	sp_buf type;    /* type of the node being read */
	sp_buf name;    /* its `name` */
	sp_buf param;   /* the parameter of the current line */
	int value_seen; /* the current parameter's value was taken */
	int array;      /* 1 + index in params[] while reading an array parameter's strings, else 0 */
	pending_ref pending[MAX_PENDING];
	size_t npending;
	sp_strvec texture_search;
	sp_strvec procedural_search;
} ass_reader;

static tok next_tok(const char **cur, const char *end)
{
	const char *p = *cur;
	tok t = {TOK_END, NULL, 0};
	while (p < end && sp__isspace((unsigned char)*p))
		p++;
	if (p == end || *p == '#') {
		*cur = end;
		return t;
	}
	t.p = p;
	if (*p == '{' || *p == '}') {
		t.kind = *p == '{' ? TOK_OPEN : TOK_CLOSE;
		t.len = 1;
		*cur = p + 1;
		return t;
	}
	if (*p == '"') {
		t.kind = TOK_STRING;
		*cur = sp__deps_quoted(p, end, &t.p, &t.len);
		return t;
	}
	while (p < end && !sp__isspace((unsigned char)*p) && *p != '{' && *p != '}' && *p != '"')
		p++;
	t.kind = TOK_WORD;
	t.len = (size_t)(p - t.p);
	*cur = p;
	return t;
}

/* Arnold writes environment variables as [NAME]; the analysis expands ${NAME}. */
static int arnold_vars(sp_buf *out, const char *p, size_t len)
{
	sp_buf_clear(out);
	for (size_t i = 0; i < len; i++) {
		size_t j = i + 1;
		while (p[i] == '[' && j < len && (sp__isalnum((unsigned char)p[j]) || p[j] == '_'))
			j++;
		if (p[i] == '[' && j < len && p[j] == ']' && j > i + 1 &&
		    !sp__isdigit((unsigned char)p[i + 1])) {
			if (sp_buf_puts(out, "${") < 0 || sp_buf_put(out, p + i + 1, j - i - 1) < 0 ||
			    sp_buf_putc(out, '}') < 0)
				return SP_ENOMEM;
			i = j;
		} else if (sp_buf_putc(out, p[i]) < 0) {
			return SP_ENOMEM;
		}
	}
	return sp_buf_put(out, "", 0);
}

static int flush_node(ass_reader *r)
{
	sp__deps_file *df = r->df;
	const char *node = r->name.size ? r->name.ptr : sp_buf_cstr(&r->type);
	int error = 0;
	for (size_t i = 0; i < r->npending; i++) {
		pending_ref *p = &r->pending[i];
		const sp_strvec *search = p->search == SEARCH_TEXTURE      ? &r->texture_search
		                          : p->search == SEARCH_PROCEDURAL ? &r->procedural_search
		                                                           : NULL;
		if (error == 0)
			error = sp__deps_declare(df, p->path, strlen(p->path), p->kind, 0, node, p->param,
			                         p->line, search);
		sp__free(p->path);
	}
	r->npending = 0;
	return error;
}

static int add_pending(ass_reader *r, const char *path, size_t len, const char *param, sp_ref_kind kind,
                       search_kind search)
{
	sp_buf conv = SP_BUF_INIT;
	pending_ref *p;
	int error;
	if (r->npending == MAX_PENDING && (error = flush_node(r)) < 0)
		return error;
	if (arnold_vars(&conv, path, len) < 0) {
		sp_buf_dispose(&conv);
		return sp__oom(r->df->ctx);
	}
	p = &r->pending[r->npending++];
	p->path = conv.ptr; /* the buffer's bytes move to the pending entry */
	p->param = param;
	p->kind = kind;
	p->search = search;
	p->line = r->df->lines.lineno;
	return 0;
}

/* xgen_procedural.data is an XGen command line: "-file <x.xgen>" and "-geom <y.abc>" name files. */
static int xgen_data(ass_reader *r, const char *p, size_t len)
{
	const char *cur = p, *end = p + len;
	int want = 0, error = 0;
	while (error == 0 && cur < end) {
		const char *w;
		while (cur < end && sp__isspace((unsigned char)*cur))
			cur++;
		for (w = cur; cur < end && !sp__isspace((unsigned char)*cur);)
			cur++;
		if (cur == w)
			break;
		if (want)
			error = add_pending(r, w, (size_t)(cur - w), want == 1 ? "data -file" : "data -geom",
			                    want == 1 ? SP_REF_OTHER : SP_REF_CACHE, SEARCH_NONE);
		want = sp__deps_word_is(w, (size_t)(cur - w), "-file")   ? 1
		       : sp__deps_word_is(w, (size_t)(cur - w), "-geom") ? 2
		                                                         : 0;
	}
	return error;
}

static int options_value(ass_reader *r, const tok *t)
{
	sp_buf conv = SP_BUF_INIT;
	sp_strvec *list =
	    sp__deps_word_is(r->param.ptr, r->param.size, "texture_searchpath")      ? &r->texture_search
	    : sp__deps_word_is(r->param.ptr, r->param.size, "procedural_searchpath") ? &r->procedural_search
	                                                                             : NULL;
	int error = 0;
	if (list) {
		error = arnold_vars(&conv, t->p, t->len);
		if (error == 0)
			error = sp__deps_add_search(r->df, list, conv.ptr, conv.size, ";:");
	}
	sp_buf_dispose(&conv);
	return error < 0 ? sp__oom(r->df->ctx) : 0;
}

/* The value of the current line's parameter. */
static int param_value(ass_reader *r, const tok *t)
{
	const char *type = sp_buf_cstr(&r->type);
	if (r->value_seen || !r->param.size)
		return 0;
	r->value_seen = 1;
	if (sp__deps_word_is(r->param.ptr, r->param.size, "name")) {
		sp_buf_clear(&r->name);
		return sp_buf_put(&r->name, t->p, t->len) < 0 ? sp__oom(r->df->ctx) : 0;
	}
	if (t->kind != TOK_STRING)
		return 0;
	if (strcmp(type, "options") == 0)
		return options_value(r, t);
	if (strcmp(type, "xgen_procedural") == 0 && sp__deps_word_is(r->param.ptr, r->param.size, "data"))
		return xgen_data(r, t->p, t->len);
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++)
		if (!params[i].array && strcmp(type, params[i].type) == 0 &&
		    sp__deps_word_is(r->param.ptr, r->param.size, params[i].param))
			return add_pending(r, t->p, t->len, params[i].param, params[i].kind,
			                   params[i].search);
	return 0;
}

/* The array parameter the current one is, as 1 + its index in params[], or 0. */
static int array_param(const ass_reader *r)
{
	const char *type = sp_buf_cstr(&r->type);
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++)
		if (params[i].array && strcmp(type, params[i].type) == 0 &&
		    sp__deps_word_is(r->param.ptr, r->param.size, params[i].param))
			return (int)i + 1;
	return 0;
}

/* In an array parameter: its counts and type are words, its elements strings. */
static int array_value(ass_reader *r, const tok *t)
{
	size_t i = (size_t)r->array - 1;
	if (t->kind != TOK_STRING)
		return 0;
	return add_pending(r, t->p, t->len, params[i].param, params[i].kind, params[i].search);
}

static int open_brace(ass_reader *r)
{
	if (r->depth++ > 0)
		return 0;
	sp_buf_clear(&r->name);
	sp_buf_clear(&r->param);
	r->array = 0;
	return sp_buf_sets(&r->type, sp_buf_cstr(&r->word)) < 0 ? sp__oom(r->df->ctx) : 0;
}

static int top_level(ass_reader *r, const tok *t)
{
	if (t->kind == TOK_WORD) {
		sp_buf_clear(&r->word);
		return sp_buf_put(&r->word, t->p, t->len) < 0 ? sp__oom(r->df->ctx) : 0;
	}
	/* `include "other.ass"` between nodes */
	if (t->kind == TOK_STRING && sp__deps_word_is(r->word.ptr, r->word.size, "include")) {
		int error = add_pending(r, t->p, t->len, "include", SP_REF_SCENE, SEARCH_PROCEDURAL);
		sp_buf_clear(&r->name);
		if (error == 0 && sp_buf_sets(&r->type, "include") < 0)
			error = sp__oom(r->df->ctx);
		return error == 0 ? flush_node(r) : error;
	}
	return 0;
}

static int feed_token(ass_reader *r, const tok *t, int first_on_line)
{
	if (t->kind == TOK_OPEN)
		return open_brace(r);
	if (t->kind == TOK_CLOSE) {
		if (r->depth > 0 && --r->depth == 0) {
			r->array = 0;
			return flush_node(r);
		}
		return 0;
	}
	if (r->depth == 0)
		return top_level(r, t);
	if (r->depth > 1)
		return 0;
	/* an array's elements: until a line starts with a word */
	if (r->array && !(t->kind == TOK_WORD && first_on_line))
		return array_value(r, t);
	/* a word after a parameter's value starts the next one: `light { name a filename "b" }` */
	if (t->kind == TOK_WORD && (first_on_line || r->value_seen || !r->param.size)) {
		sp_buf_clear(&r->param);
		r->value_seen = 0;
		if (sp_buf_put(&r->param, t->p, t->len) < 0)
			return sp__oom(r->df->ctx);
		r->array = array_param(r);
		return 0;
	}
	return param_value(r, t);
}

static int feed_line(ass_reader *r)
{
	const char *cur = r->df->lines.line.ptr, *end = cur + r->df->lines.line.size;
	int first = !r->df->lines.continued, error = 0;
	while (error == 0) {
		tok t = next_tok(&cur, end);
		if (t.kind == TOK_END)
			break;
		error = feed_token(r, &t, first);
		first = 0;
	}
	return error;
}

int sp__deps_read_ass(sp__deps_file *df)
{
	ass_reader *r = sp__calloc(1, sizeof(*r));
	int error = 0;
	if (!r)
		return sp__oom(df->ctx);
	r->df = df;
	while (error == 0 && sp__deps_next_line(df) > 0)
		error = feed_line(r);
	if (error == 0)
		error = flush_node(r); /* a file cut inside a node still names what it named */
	for (size_t i = 0; i < r->npending; i++)
		sp__free(r->pending[i].path);
	sp_buf_dispose(&r->word);
	sp_buf_dispose(&r->type);
	sp_buf_dispose(&r->name);
	sp_buf_dispose(&r->param);
	sp_strvec_dispose(&r->texture_search);
	sp_strvec_dispose(&r->procedural_search);
	sp__free(r);
	return error;
}
