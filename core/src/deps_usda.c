/*
 * USD text layers (.usda, and .usd files that start "#usda"),
 * path-attributes.md §4.5.  Every asset path is written between @...@
 * (@@@...@@@ when it holds '@'): sublayers, references and payloads, asset
 * attributes, value-clip asset paths.  The clip template is a plain string
 * (`templateAssetPath = "clip.###.usd"`) and is declared as a frame
 * sequence.  Relative paths are anchored to the layer that holds them.
 * Strings (also triple-quoted, across lines) and comments are skipped so an
 * '@' in documentation is never taken for a path.
 *
 * Variants: what a `variantSet "s" = { "a" (...) {...} "b" ... }` block
 * names is declared for every variant, since a stronger layer can select
 * any of them; when this layer selects one (`variants = { string s = "a" }`)
 * the files of the others are optional.
 */
#include "deps_fmt.h"

#define MAX_VSETS      8   /* variantSet blocks nested in variants */
#define MAX_SELECTIONS 256 /* variant selections remembered per layer */

typedef struct {
	char *set;     /* the variant set's name */
	int depth;     /* nesting inside its block's '{' */
	char *variant; /* the variant being read, or NULL between variants */
} vset;

typedef struct {
	sp__deps_file *df;
	char in_triple;   /* '"' or '\'' while inside a triple-quoted string */
	int expect_prim;  /* after def/over/class: the next string is the prim's name */
	int after_equals; /* an '=' was the last token */
	sp_buf ident;     /* the last identifier */
	sp_buf attr;      /* the identifier before the last '=' */
	sp_buf prim;      /* the prim being read */
	sp_buf str;       /* a string's contents */
	int depth;        /* '{' and '(' open */
	int vset_next;    /* 1 after the word variantSet, 2 once its name is read, 3 after its '=' */
	sp_buf vset_name;
	vset vsets[MAX_VSETS];
	size_t nvsets;        /* may exceed MAX_VSETS: the blocks past it are not kept */
	int selections_at;    /* depth inside `variants = {`, or 0 */
	sp_strvec selections; /* set, variant, set, variant... */
} usd_reader;

static int set(usd_reader *r, sp_buf *b, const char *p, size_t len)
{
	sp_buf_clear(b);
	return sp_buf_put(b, p, len) < 0 ? sp__oom(r->df->ctx) : 0;
}

static sp_ref_kind kind_of_attr(const usd_reader *r)
{
	const char *a = sp_buf_cstr(&r->attr);
	if (strcmp(a, "subLayers") == 0 || strcmp(a, "references") == 0 || strcmp(a, "payload") == 0)
		return SP_REF_SCENE;
	return (sp_ref_kind)0;
}

static const char *selection(const usd_reader *r, const char *set)
{
	for (size_t i = r->selections.count; i >= 2; i -= 2)
		if (strcmp(r->selections.items[i - 2], set) == 0)
			return r->selections.items[i - 1];
	return NULL;
}

/* Inside a variant this layer does not select: its files are needed only if a stronger layer does. */
static int unselected(const usd_reader *r)
{
	size_t n = r->nvsets < MAX_VSETS ? r->nvsets : MAX_VSETS;
	for (size_t i = 0; i < n; i++) {
		const char *sel = r->vsets[i].variant ? selection(r, r->vsets[i].set) : NULL;
		if (sel && strcmp(sel, r->vsets[i].variant) != 0)
			return 1;
	}
	return 0;
}

static int declare(usd_reader *r, const char *p, size_t len)
{
	const char *node = r->prim.size ? r->prim.ptr : "(layer)";
	return sp__deps_declare(r->df, p, len, kind_of_attr(r), unselected(r) ? SP_REF_OPTIONAL : 0u, node,
	                        sp_buf_cstr(&r->attr), r->df->lines.lineno, NULL);
}

/* The innermost variantSet block, when the reader is directly inside it. */
static vset *vset_here(usd_reader *r)
{
	vset *v = r->nvsets > 0 && r->nvsets <= MAX_VSETS ? &r->vsets[r->nvsets - 1] : NULL;
	return v && v->depth == r->depth ? v : NULL;
}

static int open_nesting(usd_reader *r, char c)
{
	r->depth++;
	if (c == '{' && r->vset_next == 3) { /* variantSet "s" = { */
		if (r->nvsets < MAX_VSETS) {
			vset *v = &r->vsets[r->nvsets];
			if (!(v->set = sp__strdup(sp_buf_cstr(&r->vset_name))))
				return sp__oom(r->df->ctx);
			v->depth = r->depth;
			v->variant = NULL;
		}
		r->nvsets++;
	} else if (c == '{' && strcmp(sp_buf_cstr(&r->attr), "variants") == 0 && r->after_equals) {
		r->selections_at = r->depth;
	}
	r->vset_next = 0;
	return 0;
}

static void close_nesting(usd_reader *r)
{
	if (r->nvsets > 0 && (r->nvsets > MAX_VSETS || r->vsets[r->nvsets - 1].depth == r->depth)) {
		if (r->nvsets <= MAX_VSETS) {
			sp__free(r->vsets[r->nvsets - 1].set);
			sp__free(r->vsets[r->nvsets - 1].variant);
			r->vsets[r->nvsets - 1].set = r->vsets[r->nvsets - 1].variant = NULL;
		}
		r->nvsets--;
	}
	if (r->selections_at == r->depth)
		r->selections_at = 0;
	if (r->depth > 0)
		r->depth--;
}

/* `string s = "a"` inside `variants = { ... }`: this layer selects variant a of set s. */
static int remember_selection(usd_reader *r)
{
	if (r->selections.count >= 2 * MAX_SELECTIONS || !r->attr.size)
		return 0;
	if (sp_strvec_push(&r->selections, r->attr.ptr) < 0)
		return sp__oom(r->df->ctx);
	if (sp_strvec_push(&r->selections, r->str.ptr) < 0) {
		sp__free(r->selections.items[--r->selections.count]); /* keep the pairs whole */
		return sp__oom(r->df->ctx);
	}
	return 0;
}

/* @path@ or @@@path@@@ starting at p; returns the end, or NULL when unterminated on this line. */
static const char *asset(usd_reader *r, const char *p, const char *end, int *error)
{
	const char *q;
	if (end - p >= 3 && memcmp(p, "@@@", 3) == 0) {
		for (q = p + 3; end - q >= 3 && memcmp(q, "@@@", 3) != 0; q++)
			;
		if (end - q < 3)
			return NULL;
		*error = declare(r, p + 3, (size_t)(q - p - 3));
		return q + 3;
	}
	q = memchr(p + 1, '@', (size_t)(end - p - 1));
	if (!q)
		return NULL;
	*error = declare(r, p + 1, (size_t)(q - p - 1));
	return q + 1;
}

/* A one-line string starting at p (quote char *p); its contents go to r->str. */
static const char *string(usd_reader *r, const char *p, const char *end, int *error)
{
	char quote = *p;
	sp_buf_clear(&r->str);
	for (p++; p < end && *p != quote; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;
		if (sp_buf_putc(&r->str, *p) < 0) {
			*error = sp__oom(r->df->ctx);
			return end;
		}
	}
	if (sp_buf_put(&r->str, "", 0) < 0)
		*error = sp__oom(r->df->ctx);
	return p < end ? p + 1 : end;
}

static const char *skip_triple(usd_reader *r, const char *p, const char *end)
{
	for (; end - p >= 3; p++) {
		if (*p == '\\') {
			p++;
			continue;
		}
		if (p[0] == r->in_triple && p[1] == r->in_triple && p[2] == r->in_triple) {
			r->in_triple = 0;
			return p + 3;
		}
	}
	return end;
}

static int string_token(usd_reader *r)
{
	int error = 0;
	vset *v;
	if (r->expect_prim) {
		r->expect_prim = 0;
		return set(r, &r->prim, r->str.ptr, r->str.size);
	}
	if (r->vset_next == 1) {
		r->vset_next = 2;
		return set(r, &r->vset_name, r->str.ptr, r->str.size);
	}
	if ((v = vset_here(r)) != NULL) { /* a variant's name */
		sp__free(v->variant);
		return (v->variant = sp__strdup(r->str.ptr)) ? 0 : sp__oom(r->df->ctx);
	}
	if (r->after_equals && r->selections_at && r->selections_at == r->depth)
		return remember_selection(r);
	if (r->after_equals && strcmp(sp_buf_cstr(&r->attr), "templateAssetPath") == 0)
		error = declare(r, r->str.ptr, r->str.size);
	return error;
}

static const char *identifier(usd_reader *r, const char *p, const char *end, int *error)
{
	const char *s = p;
	while (p < end && (sp__isalnum((unsigned char)*p) || *p == '_' || *p == ':' || *p == '.'))
		p++;
	if (sp__deps_word_is(s, (size_t)(p - s), "def") || sp__deps_word_is(s, (size_t)(p - s), "over") ||
	    sp__deps_word_is(s, (size_t)(p - s), "class"))
		r->expect_prim = 1;
	r->vset_next = sp__deps_word_is(s, (size_t)(p - s), "variantSet") ? 1 : 0;
	*error = set(r, &r->ident, s, (size_t)(p - s));
	return p;
}

static const char *token(usd_reader *r, const char *p, const char *end, int *error)
{
	char c = *p;
	int equals = 0;
	if (c == '@') {
		const char *q = asset(r, p, end, error);
		p = q ? q : end;
	} else if ((c == '"' || c == '\'') && end - p >= 3 && p[1] == c && p[2] == c) {
		r->in_triple = c;
		p = skip_triple(r, p + 3, end);
	} else if (c == '"' || c == '\'') {
		p = string(r, p, end, error);
		if (*error == 0)
			*error = string_token(r);
	} else if (sp__isalpha((unsigned char)c) || c == '_') {
		p = identifier(r, p, end, error);
	} else {
		if (c == '=') {
			equals = 1;
			*error = set(r, &r->attr, sp_buf_cstr(&r->ident), r->ident.size);
			r->vset_next = r->vset_next == 2 ? 3 : 0;
		} else if (c == '{' || c == '(') {
			r->expect_prim = 0;
			*error = open_nesting(r, c);
		} else if (c == '}' || c == ')') {
			close_nesting(r);
		}
		p++;
	}
	r->after_equals = equals; /* blanks are skipped before tokens, so this is "follows '='" */
	return p;
}

static int feed_line(usd_reader *r)
{
	const char *p = r->df->lines.line.ptr, *end = p + r->df->lines.line.size;
	int error = 0;
	while (p < end && error == 0) {
		if (r->in_triple)
			p = skip_triple(r, p, end);
		else if (*p == '#')
			break;
		else if (sp__isspace((unsigned char)*p))
			p++;
		else
			p = token(r, p, end, &error);
	}
	return error;
}

int sp__deps_read_usda(sp__deps_file *df)
{
	usd_reader r;
	int error = 0;
	memset(&r, 0, sizeof(r));
	r.df = df;
	while (error == 0 && sp__deps_next_line(df) > 0)
		error = feed_line(&r);
	sp_buf_dispose(&r.ident);
	sp_buf_dispose(&r.attr);
	sp_buf_dispose(&r.prim);
	sp_buf_dispose(&r.str);
	sp_buf_dispose(&r.vset_name);
	for (size_t i = 0; i < r.nvsets && i < MAX_VSETS; i++) {
		sp__free(r.vsets[i].set);
		sp__free(r.vsets[i].variant);
	}
	sp_strvec_dispose(&r.selections);
	return error;
}
