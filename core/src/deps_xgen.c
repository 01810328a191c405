/*
 * XGen collections (.xgen), path-attributes.md §4.4.  Modules start with
 * an unindented type line (Palette, Description, SplinePrimitive,
 * MeshCutFXModule...), hold `attribute<tabs>value` lines and end with
 * `endAttrs`.  What they name: the guide cache of a primitive that uses one,
 * the cut mesh of an active MeshCut module, the archives of an
 * ArchivePrimitive, and the paint-map folders of map('${DESC}/...')
 * expressions.  ${PROJECT} is the palette's xgProjectPath, ${DESC} the
 * description's folder under the palette's xgDataPath (a ';' list of
 * folders: the first that holds the description, as XGen looks), ${FXMODULE} the
 * module's name; other variables are left for the analysis.  The
 * <scene>__<palette>.abc patch file beside the collection is optional.
 */
#include "deps_fmt.h"
#include "os.h"

#include "sp/paths.h"

typedef struct {
	sp_buf value;
	uint64_t line;
} held;

typedef struct {
	sp__deps_file *df;
	int in_module;
	sp_buf type;         /* the module's type */
	sp_buf name;         /* its `name` */
	sp_buf description;  /* name of the last Description module */
	sp_buf project;      /* the palette's xgProjectPath */
	sp_buf data_raw;     /* the palette's xgDataPath as written */
	sp_strvec data_dirs; /* its folders, resolved (those still holding a variable left out) */
	int use_cache, active;
	held cache, mesh; /* cacheFileName, meshFile: declared at endAttrs when enabled */
	sp_buf expanded;  /* scratch */
} xgen_reader;

/* ${DESC}: the description's folder in the first data folder holding it, else in the first. */
static int put_desc(xgen_reader *r, sp_buf *out)
{
	sp_buf dir = SP_BUF_INIT;
	const char *pick = r->data_dirs.items[0];
	int error = 0;
	for (size_t i = 0; i < r->data_dirs.count && r->data_dirs.count > 1 && error == 0; i++) {
		sp_os_stat_info st;
		error = sp_path_join(&dir, r->data_dirs.items[i], r->description.ptr);
		if (error == 0 && sp_os_stat(r->df->ctx, dir.ptr, &st) == 0 && st.is_dir) {
			pick = r->data_dirs.items[i];
			break;
		}
		sp_ctx_clear_error(r->df->ctx);
	}
	sp_buf_dispose(&dir);
	return error < 0 ? error : sp_buf_printf(out, "%s/%s", pick, r->description.ptr);
}

static int put_var(xgen_reader *r, const char *name, size_t n, sp_buf *out)
{
	if (sp__deps_word_is(name, n, "PROJECT") && r->project.size)
		return sp_buf_put(out, r->project.ptr, r->project.size);
	if (sp__deps_word_is(name, n, "FXMODULE") && r->name.size)
		return sp_buf_put(out, r->name.ptr, r->name.size);
	if (sp__deps_word_is(name, n, "DESC") && r->data_dirs.count && r->description.size)
		return put_desc(r, out);
	return sp_buf_printf(out, "${%.*s}", (int)n, name);
}

/* XGen's own ${VARS} into r->expanded. */
static int expand(xgen_reader *r, const char *p, size_t len)
{
	int error = 0;
	sp_buf_clear(&r->expanded);
	for (size_t i = 0; i < len && error == 0; i++) {
		const char *close =
		    i + 1 < len && p[i] == '$' && p[i + 1] == '{' ? memchr(p + i, '}', len - i) : NULL;
		if (close) {
			error = put_var(r, p + i + 2, (size_t)(close - p - i - 2), &r->expanded);
			i = (size_t)(close - p);
		} else {
			error = sp_buf_putc(&r->expanded, p[i]);
		}
	}
	return error == 0 ? sp_buf_put(&r->expanded, "", 0) : SP_ENOMEM;
}

static int palette_end(xgen_reader *r);

static int declare(xgen_reader *r, const char *p, size_t len, sp_ref_kind kind, unsigned flags,
                   const char *attr, uint64_t line)
{
	const char *node = r->name.size ? r->name.ptr : sp_buf_cstr(&r->type);
	if (expand(r, p, len) < 0)
		return sp__oom(r->df->ctx);
	return sp__deps_declare(r->df, r->expanded.ptr, r->expanded.size, kind, flags, node, attr, line,
	                        NULL);
}

/* Conductor's rule: the path is the last blank-separated token of the value. */
static int declare_last_token(xgen_reader *r, const held *h, sp_ref_kind kind, const char *attr)
{
	const char *p = h->value.ptr, *s;
	size_t len = h->value.size;
	if (!len)
		return 0;
	for (s = p + len; s > p && !sp__isspace((unsigned char)s[-1]);)
		s--;
	return declare(r, s, (size_t)(p + len - s), kind, 0, attr, h->line);
}

static int end_module(xgen_reader *r)
{
	int error = 0;
	if (strcmp(sp_buf_cstr(&r->type), "Palette") == 0 && palette_end(r) < 0)
		return sp__oom(r->df->ctx);
	if (r->use_cache)
		error = declare_last_token(r, &r->cache, SP_REF_CACHE, "cacheFileName");
	if (error == 0 && r->active)
		error = declare_last_token(r, &r->mesh, SP_REF_CACHE, "meshFile");
	r->in_module = r->use_cache = r->active = 0;
	sp_buf_clear(&r->cache.value);
	sp_buf_clear(&r->mesh.value);
	sp_buf_clear(&r->name);
	return error;
}

/* map('${DESC}/paintmaps/x') and map("..."): a folder of per-patch maps. */
static int maps(xgen_reader *r, const char *v, size_t len)
{
	int error = 0;
	for (size_t i = 0; i + 5 < len && error == 0; i++) {
		const char *close;
		char quote = v[i + 4];
		if (memcmp(v + i, "map(", 4) != 0 || (quote != '\'' && quote != '"') ||
		    (i > 0 && (sp__isalnum((unsigned char)v[i - 1]) || v[i - 1] == '_')))
			continue;
		if (!(close = memchr(v + i + 5, quote, len - i - 5)))
			break;
		error = declare(r, v + i + 5, (size_t)(close - v - i - 5), SP_REF_TEXTURE, SP_REF_DIRECTORY,
		                "map", r->df->lines.lineno);
		i = (size_t)(close - v);
	}
	return error;
}

/* ArchivePrimitive `files`: every quoted name with an extension. */
static int archive_files(xgen_reader *r, const char *v, size_t len)
{
	int error = 0;
	for (size_t i = 0; i < len && error == 0; i++) {
		const char *close, *dot;
		if (v[i] != '"' || !(close = memchr(v + i + 1, '"', len - i - 1)))
			continue;
		dot = close;
		while (dot > v + i + 1 && dot[-1] != '.' && dot[-1] != '/' && dot[-1] != '\\')
			dot--;
		if (dot > v + i + 1 && dot[-1] == '.')
			error = declare(r, v + i + 1, (size_t)(close - v - i - 1), (sp_ref_kind)0, 0, "files",
			                r->df->lines.lineno);
		i = (size_t)(close - v);
	}
	return error;
}

static int hold(xgen_reader *r, held *h, const char *v, size_t len)
{
	sp_buf_clear(&h->value);
	h->line = r->df->lines.lineno;
	return sp_buf_put(&h->value, v, len);
}

static int palette_attr(xgen_reader *r, const char *k, size_t kn, const char *v, size_t len)
{
	sp_buf *b = sp__deps_word_is(k, kn, "xgProjectPath") ? &r->project
	            : sp__deps_word_is(k, kn, "xgDataPath")  ? &r->data_raw
	                                                     : NULL;
	if (!b)
		return 0;
	sp_buf_clear(b);
	return sp_buf_put(b, v, len);
}

/*
 * The palette's data folders, once the palette is read (xgProjectPath may
 * follow xgDataPath).  A folder still holding a variable is left out.
 */
static int palette_end(xgen_reader *r)
{
	const char *p = r->data_raw.ptr ? r->data_raw.ptr : "";
	size_t len = r->data_raw.size, start = 0;
	sp_buf dir = SP_BUF_INIT;
	int error = 0;
	sp_strvec_clear(&r->data_dirs);
	for (size_t i = 0; i <= len && error == 0; i++) {
		const char *piece = p + start;
		size_t n = i - start;
		if (i < len && p[i] != ';')
			continue;
		start = i + 1;
		sp__deps_trim(&piece, &n);
		if (n == 0 || (error = expand(r, piece, n)) < 0)
			continue;
		if (strstr(r->expanded.ptr, "${") || !r->expanded.size || r->data_dirs.count >= 64)
			continue;
		if (sp_path_kind_of(r->expanded.ptr) == SP_PATH_RELATIVE)
			error = sp_path_join(&dir, r->df->dir, r->expanded.ptr);
		else
			error = sp_path_normalize(&dir, r->expanded.ptr);
		if (error == 0)
			error = sp_strvec_push(&r->data_dirs, dir.ptr);
	}
	sp_buf_dispose(&dir);
	return error < 0 ? SP_ENOMEM : 0;
}

static int attribute(xgen_reader *r, const char *k, size_t kn, const char *v, size_t len)
{
	const char *type = sp_buf_cstr(&r->type);
	int error = 0;
	if (sp__deps_word_is(k, kn, "name")) {
		sp_buf_clear(&r->name);
		error = sp_buf_put(&r->name, v, len);
		if (error == 0 && strcmp(type, "Description") == 0)
			error = sp_buf_sets(&r->description, r->name.ptr);
	} else if (strcmp(type, "Palette") == 0) {
		error = palette_attr(r, k, kn, v, len);
	} else if (sp__deps_word_is(k, kn, "useCache")) {
		r->use_cache = sp__deps_word_is(v, len, "true");
	} else if (sp__deps_word_is(k, kn, "active")) {
		r->active = sp__deps_word_is(v, len, "true");
	} else if (sp__deps_word_is(k, kn, "cacheFileName")) {
		error = hold(r, &r->cache, v, len);
	} else if (sp__deps_word_is(k, kn, "meshFile")) {
		error = hold(r, &r->mesh, v, len);
	} else if (sp__deps_word_is(k, kn, "files") && strcmp(type, "ArchivePrimitive") == 0) {
		return archive_files(r, v, len);
	}
	if (error < 0)
		return sp__oom(r->df->ctx);
	return maps(r, v, len);
}

static int feed_line(xgen_reader *r)
{
	const char *p = r->df->lines.line.ptr, *k, *v;
	size_t len = r->df->lines.line.size, kn;
	int error = 0;
	if (r->df->lines.continued)
		return 0; /* the tail of an over-long value */
	if (len == 0 || p[0] == '#')
		return 0;
	if (!sp__isspace((unsigned char)p[0])) { /* a module's type line */
		if (r->in_module && (error = end_module(r)) < 0)
			return error;
		for (kn = 0; kn < len && !sp__isspace((unsigned char)p[kn]);)
			kn++;
		r->in_module = 1;
		sp_buf_clear(&r->type);
		return sp_buf_put(&r->type, p, kn) < 0 ? sp__oom(r->df->ctx) : 0;
	}
	sp__deps_trim(&p, &len);
	for (k = p, kn = 0; kn < len && !sp__isspace((unsigned char)p[kn]);)
		kn++;
	if (sp__deps_word_is(k, kn, "endAttrs"))
		return end_module(r);
	v = p + kn;
	len -= kn;
	sp__deps_trim(&v, &len);
	return r->in_module ? attribute(r, k, kn, v, len) : 0;
}

/* <scene>__<palette>.xgen comes with <scene>__<palette>.abc, the patches' geometry, when there is one. */
static int patch_file(sp__deps_file *df)
{
	const char *base = strrchr(df->path, '/');
	size_t n;
	char *name;
	int error;
	base = base ? base + 1 : df->path;
	n = strlen(base);
	if (!strstr(base, "__") || n <= 5)
		return 0;
	if (!(name = sp__malloc(n)))
		return sp__oom(df->ctx);
	memcpy(name, base, n - 5);
	memcpy(name + n - 5, ".abc", 5);
	error = sp__deps_declare(df, name, n - 1, SP_REF_CACHE, SP_REF_OPTIONAL, "(collection)", "patches", 0,
	                         NULL);
	sp__free(name);
	return error;
}

int sp__deps_read_xgen(sp__deps_file *df)
{
	xgen_reader r;
	int error = 0;
	memset(&r, 0, sizeof(r));
	r.df = df;
	while (error == 0 && sp__deps_next_line(df) > 0)
		error = feed_line(&r);
	if (error == 0 && r.in_module)
		error = end_module(&r);
	if (error == 0)
		error = patch_file(df);
	sp_buf_dispose(&r.type);
	sp_buf_dispose(&r.name);
	sp_buf_dispose(&r.description);
	sp_buf_dispose(&r.project);
	sp_strvec_dispose(&r.data_dirs);
	sp_buf_dispose(&r.data_raw);
	sp_buf_dispose(&r.cache.value);
	sp_buf_dispose(&r.mesh.value);
	sp_buf_dispose(&r.expanded);
	return error == SP_ENOMEM ? sp__oom(df->ctx) : error;
}
