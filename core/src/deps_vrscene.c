/*
 * V-Ray scenes (.vrscene), path-attributes.md §4.2: `PluginType name {
 * param=value; ... }` and `#include "other.vrscene"`.  Values may be
 * animated (`interpolate((frame, "a"), ...)`) or lists, so every string of a
 * wanted parameter's value is declared.  C and C++ comments are skipped.
 */
#include "deps_fmt.h"

typedef enum { TOK_END, TOK_WORD, TOK_STRING, TOK_PUNCT } tok_kind;

typedef struct {
	tok_kind kind;
	const char *p;
	size_t len;
} tok;

static const struct {
	const char *plugin; /* NULL: any plugin */
	const char *param;
	sp_ref_kind kind; /* 0: from the extension */
} params[] = {
    {"BitmapBuffer", "file", SP_REF_TEXTURE},
    {"TexPtex", "ptex_file", SP_REF_TEXTURE},
    {"TexOSL", "shader_file", SP_REF_OTHER},
    {"MtlOSL", "shader_file", SP_REF_OTHER},
    {"VRayScene", "filepath", SP_REF_SCENE},
    {"GeomMeshFile", "file", SP_REF_PROXY},
    {"LightIES", "ies_file", SP_REF_LIGHT},
    /* Phoenix FD simulation caches (frame-numbered .aur/.vdb/.f3d), OCIO configs, .vrmat materials */
    {"PhxShaderCache", "cache_path", SP_REF_CACHE},
    {"TexOCIO", "config_file", SP_REF_CONFIG},
    {"MtlVRmat", "filename", SP_REF_OTHER},
    {NULL, "file", (sp_ref_kind)0},
};

typedef struct {
	sp__deps_file *df;
	int in_comment; /* inside a block comment */
	int depth;      /* braces open */
	int paren;      /* parentheses open inside a value */
	size_t words;   /* words seen at the top level since the last node */
	sp_buf plugin;  /* type of the node being read */
	sp_buf name;    /* its instance name */
	sp_buf last;    /* last word inside the node: a parameter when '=' follows */
	int want;       /* index+1 into params for the value being read, 0 for none */
} vr_reader;

/* Skips blanks and comments; sets in_comment when a block comment runs past the line. */
static const char *skip_blank(vr_reader *r, const char *p, const char *end)
{
	while (p < end) {
		if (r->in_comment) {
			const char *q = p;
			while (q + 1 < end && !(q[0] == '*' && q[1] == '/'))
				q++;
			if (q + 1 >= end)
				return end;
			r->in_comment = 0;
			p = q + 2;
		} else if (sp__isspace((unsigned char)*p)) {
			p++;
		} else if (p + 1 < end && p[0] == '/' && p[1] == '/') {
			return end;
		} else if (p + 1 < end && p[0] == '/' && p[1] == '*') {
			r->in_comment = 1;
			p += 2;
		} else {
			break;
		}
	}
	return p;
}

static tok next_tok(vr_reader *r, const char **cur, const char *end)
{
	const char *p = skip_blank(r, *cur, end);
	tok t = {TOK_END, p, 0};
	if (p == end) {
		*cur = end;
		return t;
	}
	if (*p == '"') {
		t.kind = TOK_STRING;
		*cur = sp__deps_quoted(p, end, &t.p, &t.len);
		return t;
	}
	if (strchr("{}=;(),", *p)) {
		t.kind = TOK_PUNCT;
		t.len = 1;
		*cur = p + 1;
		return t;
	}
	while (p < end && !sp__isspace((unsigned char)*p) && !strchr("{}=;(),\"/", *p))
		p++;
	if (p == t.p) /* a lone '/' */
		p++;
	t.kind = TOK_WORD;
	t.len = (size_t)(p - t.p);
	*cur = p;
	return t;
}

static int wanted(const vr_reader *r)
{
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++)
		if ((!params[i].plugin || strcmp(params[i].plugin, sp_buf_cstr(&r->plugin)) == 0) &&
		    sp__deps_word_is(r->last.ptr, r->last.size, params[i].param))
			return (int)i + 1;
	return 0;
}

static int set_word(vr_reader *r, sp_buf *b, const tok *t)
{
	sp_buf_clear(b);
	return sp_buf_put(b, t->p, t->len) < 0 ? sp__oom(r->df->ctx) : 0;
}

static int top_level(vr_reader *r, const tok *t)
{
	if (t->kind == TOK_WORD) {
		r->words++;
		if (r->words == 1)
			return set_word(r, &r->plugin, t);
		return set_word(r, &r->name, t);
	}
	if (t->kind == TOK_PUNCT && *t->p == '{') {
		r->depth = 1;
		r->want = 0;
		r->paren = 0;
		sp_buf_clear(&r->last);
	} else if (t->kind == TOK_PUNCT && *t->p == ';') {
		r->words = 0;
	}
	return 0;
}

static int in_node(vr_reader *r, const tok *t)
{
	char c = t->kind == TOK_PUNCT ? *t->p : 0;
	if (t->kind == TOK_STRING && r->want) {
		const char *node = r->name.size ? r->name.ptr : sp_buf_cstr(&r->plugin);
		return sp__deps_declare(r->df, t->p, t->len, params[r->want - 1].kind, 0, node,
		                        params[r->want - 1].param, r->df->lines.lineno, NULL);
	}
	if (t->kind == TOK_WORD && r->paren == 0)
		return set_word(r, &r->last, t);
	if (c == '(' || c == ')')
		r->paren += c == '(' ? 1 : (r->paren > 0 ? -1 : 0);
	else if (c == '=' && r->paren == 0)
		r->want = wanted(r);
	else if (c == ';' && r->paren == 0)
		r->want = 0;
	else if (c == '{')
		r->depth++;
	else if (c == '}' && --r->depth == 0) {
		r->words = 0;
		r->want = 0;
	}
	return 0;
}

/* `#include "file"` (or <file>) on a line of its own. */
static int include_line(vr_reader *r, const char *p, const char *end)
{
	const char *q;
	char close;
	p += 8;
	while (p < end && sp__isspace((unsigned char)*p))
		p++;
	if (p == end || (*p != '"' && *p != '<'))
		return 0;
	close = *p == '"' ? '"' : '>';
	q = memchr(p + 1, close, (size_t)(end - p - 1));
	if (!q)
		return 0;
	return sp__deps_declare(r->df, p + 1, (size_t)(q - p - 1), SP_REF_SCENE, 0, "#include", "path",
	                        r->df->lines.lineno, NULL);
}

static int feed_line(vr_reader *r)
{
	const char *cur = r->df->lines.line.ptr, *end = cur + r->df->lines.line.size;
	int error = 0;
	cur = skip_blank(r, cur, end);
	if (!r->in_comment && !r->df->lines.continued && (size_t)(end - cur) >= 8 &&
	    memcmp(cur, "#include", 8) == 0)
		return include_line(r, cur, end);
	while (error == 0) {
		tok t = next_tok(r, &cur, end);
		if (t.kind == TOK_END)
			break;
		error = r->depth == 0 ? top_level(r, &t) : in_node(r, &t);
	}
	return error;
}

int sp__deps_read_vrscene(sp__deps_file *df)
{
	vr_reader r;
	int error = 0;
	memset(&r, 0, sizeof(r));
	r.df = df;
	while (error == 0 && sp__deps_next_line(df) > 0)
		error = feed_line(&r);
	sp_buf_dispose(&r.plugin);
	sp_buf_dispose(&r.name);
	sp_buf_dispose(&r.last);
	return error;
}
