/*
 * RenderMan RIB (.rib) and look files (.rlf), path-attributes.md §4.3.
 * Paths appear as typed parameters (`"string filename" ["tex/a.tex"]`),
 * archive requests (`ReadArchive "a.rib"`, the old `Procedural
 * "DelayedReadArchive" ["a.rib"]`) and search paths (`Option "searchpath"
 * "string texture" ["a:b"]`).  Also PxrMultiTexture's filename0..9, a
 * light filter's `map` (cookies, gobos) and the VDB file an OpenVDB volume
 * names first in `blobbydso:stringargs`.  `Display` names an output and is
 * skipped.  An .rlf carries RIB inside XML, so its entities are decoded
 * first.  deps.c inflates gzip RIB and refuses binary RIB before this
 * reader runs.
 */
#include "deps_fmt.h"

typedef enum { TOK_END, TOK_WORD, TOK_STRING, TOK_OPEN, TOK_CLOSE } tok_kind;

typedef struct {
	tok_kind kind;
	const char *p;
	size_t len;
} tok;

typedef enum {
	PARAM_NONE,
	PARAM_FILE,
	PARAM_FIRST_FILE, /* only the array's first string names a file */
	PARAM_SEARCH_TEXTURE,
	PARAM_SEARCH_ARCHIVE,
	PARAM_OLD_ARCHIVE
} param_kind;

typedef struct {
	sp__deps_file *df;
	sp_buf decoded; /* the line with XML entities decoded (.rlf) */
	sp_buf str;     /* the current string token, unescaped */
	sp_buf request; /* the RIB request being read */
	sp_buf handle;  /* its second string: the shading node's handle */
	sp_buf param;   /* the parameter whose value is next */
	size_t strings; /* strings seen since the request (outside arrays) */
	int openvdb;    /* the request is Volume "blobbydso:impl_openvdb" */
	int in_array;
	int searchpath; /* the request is Option "searchpath" */
	param_kind want;
	sp_ref_kind kind;
	sp_strvec texture_search;
	sp_strvec archive_search;
} rib_reader;

static const char *rib_string(rib_reader *r, const char *p, const char *end, tok *t)
{
	sp_buf_clear(&r->str);
	for (p++; p < end && *p != '"'; p++) {
		char c = *p;
		if (c == '\\' && p + 1 < end) {
			c = *++p;
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		}
		if (sp_buf_putc(&r->str, c) < 0)
			return NULL;
	}
	if (sp_buf_put(&r->str, "", 0) < 0)
		return NULL;
	t->kind = TOK_STRING;
	t->p = r->str.ptr;
	t->len = r->str.size;
	return p < end ? p + 1 : end;
}

/* The next token, or TOK_END; NULL in *cur means out of memory. */
static tok next_tok(rib_reader *r, const char **cur, const char *end)
{
	const char *p = *cur;
	tok t = {TOK_END, NULL, 0};
	while (p < end && sp__isspace((unsigned char)*p))
		p++;
	if (p == end || *p == '#') {
		*cur = end;
		return t;
	}
	if (*p == '"') {
		*cur = rib_string(r, p, end, &t);
		return t;
	}
	t.p = p;
	if (*p == '[' || *p == ']') {
		t.kind = *p == '[' ? TOK_OPEN : TOK_CLOSE;
		t.len = 1;
		*cur = p + 1;
		return t;
	}
	while (p < end && !sp__isspace((unsigned char)*p) && !strchr("[]\"#", *p))
		p++;
	t.kind = TOK_WORD;
	t.len = (size_t)(p - t.p);
	*cur = p;
	return t;
}

/* `"[class] string[N] name"`: the name when the declaration is of a string, else NULL. */
static const char *string_param(const char *decl, size_t *len_out)
{
	static const char *const classes[] = {"uniform ", "constant ",    "varying ",
	                                      "vertex ",  "facevarying ", "reference "};
	const char *p = decl;
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strncmp(p, classes[i], strlen(classes[i])) == 0)
			p += strlen(classes[i]);
	if (strncmp(p, "string", 6) != 0)
		return NULL;
	p += 6;
	if (*p == '[')
		while (*p && *p != ']')
			p++;
	if (*p == ']')
		p++;
	if (*p != ' ')
		return NULL;
	while (*p == ' ')
		p++;
	*len_out = strlen(p);
	return *len_out ? p : NULL;
}

static int declare_value(rib_reader *r, const tok *t, const char *attr)
{
	const sp_strvec *search = r->kind == SP_REF_TEXTURE ? &r->texture_search : &r->archive_search;
	const char *node = r->handle.size ? r->handle.ptr : sp_buf_cstr(&r->request);
	if (sp__deps_word_is(t->p, t->len, "stdout"))
		return 0;
	return sp__deps_declare(r->df, t->p, t->len, r->kind, 0, node, attr, r->df->lines.lineno, search);
}

/* PxrMultiTexture: filename0 .. filename9. */
static int is_multi_texture(const char *name, size_t n)
{
	return n == 9 && memcmp(name, "filename", 8) == 0 && sp__isdigit((unsigned char)name[8]);
}

/* A parameter declaration string: decide whether its value names a file. */
static int parameter(rib_reader *r, const tok *t)
{
	size_t n = 0;
	const char *name = string_param(t->p, &n);
	int shading = !sp__deps_word_is(r->request.ptr, r->request.size, "Procedural2");
	r->want = PARAM_NONE;
	if (!name)
		return 0;
	if (r->searchpath) {
		r->want = sp__deps_word_is(name, n, "texture")   ? PARAM_SEARCH_TEXTURE
		          : sp__deps_word_is(name, n, "archive") ? PARAM_SEARCH_ARCHIVE
		                                                 : PARAM_NONE;
		return 0;
	}
	r->want = PARAM_FILE;
	if (sp__deps_word_is(name, n, "filename") || sp__deps_word_is(name, n, "fileTextureName"))
		r->kind = shading ? SP_REF_TEXTURE : SP_REF_PROXY;
	else if (sp__deps_word_is(name, n, "lightColorMap") || is_multi_texture(name, n) ||
	         (sp__deps_word_is(name, n, "map") &&
	          sp__deps_word_is(r->request.ptr, r->request.size, "LightFilter")))
		r->kind = SP_REF_TEXTURE;
	else if (sp__deps_word_is(name, n, "iesProfile"))
		r->kind = SP_REF_LIGHT;
	else if (r->openvdb && sp__deps_word_is(name, n, "blobbydso:stringargs")) {
		r->kind = SP_REF_VOLUME;
		r->want = PARAM_FIRST_FILE;
	} else {
		r->want = PARAM_NONE;
		return 0;
	}
	sp_buf_clear(&r->param);
	return sp_buf_put(&r->param, name, n) < 0 ? sp__oom(r->df->ctx) : 0;
}

static int value(rib_reader *r, const tok *t)
{
	int error = 0;
	if (r->want == PARAM_FILE)
		error = declare_value(r, t, r->param.ptr);
	else if (r->want == PARAM_FIRST_FILE) {
		error = declare_value(r, t, r->param.ptr);
		r->want = PARAM_NONE; /* the rest are the grid names */
	} else if (r->want == PARAM_OLD_ARCHIVE)
		error = declare_value(r, t, "DelayedReadArchive");
	else
		error = sp__deps_add_search(
		    r->df, r->want == PARAM_SEARCH_TEXTURE ? &r->texture_search : &r->archive_search, t->p,
		    t->len, ":;");
	if (!r->in_array)
		r->want = PARAM_NONE;
	return error;
}

/* Requests whose second string is the node's handle: `Pattern "PxrTexture" "woodTex" ...` */
static int is_shading(const char *req)
{
	static const char *const names[] = {"Pattern",    "Bxdf",      "Light",         "LightFilter",
	                                    "Displace",   "Shader",    "DisplayFilter", "SampleFilter",
	                                    "Integrator", "Projection"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(req, names[i]) == 0)
			return 1;
	return 0;
}

static int request_string(rib_reader *r, const tok *t)
{
	const char *req = sp_buf_cstr(&r->request);
	size_t nth = ++r->strings;
	if (nth == 1 && strcmp(req, "ReadArchive") == 0) {
		r->kind = SP_REF_PROXY;
		return declare_value(r, t, "ReadArchive");
	}
	if (nth == 1 && strcmp(req, "Option") == 0)
		r->searchpath = sp__deps_word_is(t->p, t->len, "searchpath");
	if (nth == 1 && strcmp(req, "Volume") == 0)
		r->openvdb = sp__deps_word_is(t->p, t->len, "blobbydso:impl_openvdb");
	if (nth == 1 && strcmp(req, "Procedural") == 0 &&
	    sp__deps_word_is(t->p, t->len, "DelayedReadArchive")) {
		r->want = PARAM_OLD_ARCHIVE;
		r->kind = SP_REF_PROXY;
		return 0;
	}
	if (nth == 2 && is_shading(req)) {
		sp_buf_clear(&r->handle);
		if (sp_buf_put(&r->handle, t->p, t->len) < 0)
			return sp__oom(r->df->ctx);
	}
	return parameter(r, t);
}

static int feed_token(rib_reader *r, const tok *t)
{
	if (t->kind == TOK_WORD && !sp__isdigit((unsigned char)*t->p) && *t->p != '-' && *t->p != '.' &&
	    !r->in_array) {
		r->strings = 0;
		r->searchpath = r->openvdb = 0;
		r->want = PARAM_NONE;
		sp_buf_clear(&r->handle);
		sp_buf_clear(&r->request);
		return sp_buf_put(&r->request, t->p, t->len) < 0 ? sp__oom(r->df->ctx) : 0;
	}
	if (t->kind == TOK_OPEN || t->kind == TOK_CLOSE) {
		r->in_array = t->kind == TOK_OPEN;
		if (t->kind == TOK_CLOSE)
			r->want = PARAM_NONE;
		return 0;
	}
	if (t->kind != TOK_STRING || sp__deps_word_is(r->request.ptr, r->request.size, "Display"))
		return 0;
	if (r->want != PARAM_NONE)
		return value(r, t);
	return r->in_array ? 0 : request_string(r, t);
}

static int feed_line(rib_reader *r, int xml_escaped)
{
	const char *cur = r->df->lines.line.ptr, *end = cur + r->df->lines.line.size;
	int error = 0;
	if (xml_escaped) {
		if (sp__deps_xml_decode(&r->decoded, cur, (size_t)(end - cur)) < 0)
			return sp__oom(r->df->ctx);
		cur = r->decoded.ptr;
		end = cur + r->decoded.size;
	}
	while (error == 0) {
		tok t = next_tok(r, &cur, end);
		if (!cur)
			return sp__oom(r->df->ctx);
		if (t.kind == TOK_END)
			break;
		error = feed_token(r, &t);
	}
	return error;
}

int sp__deps_read_rib(sp__deps_file *df, int xml_escaped)
{
	rib_reader r;
	int error = 0;
	memset(&r, 0, sizeof(r));
	r.df = df;
	while (error == 0 && sp__deps_next_line(df) > 0)
		error = feed_line(&r, xml_escaped);
	sp_buf_dispose(&r.decoded);
	sp_buf_dispose(&r.str);
	sp_buf_dispose(&r.request);
	sp_buf_dispose(&r.handle);
	sp_buf_dispose(&r.param);
	sp_strvec_dispose(&r.texture_search);
	sp_strvec_dispose(&r.archive_search);
	return error;
}
