/*
 * OpenColorIO configs (.ocio, YAML), path-attributes.md §4.6.  The files a
 * config needs are the `src` of its FileTransforms, looked up along its
 * `search_path` (v1: one string with ':' separators; v2 also a YAML list,
 * flow or block), relative entries against the config's folder.  The search
 * path may come after the transforms, so the sources are kept until the end
 * of the file.  A source with a context variable ($SHOT) stands for files
 * nobody can list here, so then the search-path folders are shipped whole
 * (optional: a folder that is not there is no error).
 */
#include "deps_fmt.h"

#include "sp/paths.h"
#include "sp/tips.h"

typedef struct {
	sp__deps_file *df;
	sp_strvec search;
	int in_search_list; /* reading "- item" lines of a block-style search_path */
	sp_strvec srcs;     /* FileTransform sources, declared at the end */
	sp_strvec nodes;    /* the colorspace or look of each */
	uint64_t *lines;
	size_t lines_cap;
	sp_buf name;         /* the last `name:` */
	int has_variable;    /* a source holds a variable with no value */
	int in_environment;  /* reading "  NAME: value" lines of a block-style environment */
	sp_strvec env_names; /* the config's own defaults for context variables (v2 `environment`) */
	sp_strvec env_values;
	sp_buf expanded; /* scratch */
	sp_buf var;      /* scratch: a variable's name */
} ocio_reader;

/* The line without a trailing comment ('#' at the start or after a blank, outside quotes). */
static size_t strip_comment(const char *p, size_t len)
{
	char quote = 0;
	for (size_t i = 0; i < len; i++) {
		if (quote)
			quote = p[i] == quote ? 0 : quote;
		else if (p[i] == '"' || p[i] == '\'')
			quote = p[i];
		else if (p[i] == '#' && (i == 0 || sp__isspace((unsigned char)p[i - 1])))
			return i;
	}
	return len;
}

static void unquote(const char **p, size_t *len)
{
	sp__deps_trim(p, len);
	if (*len >= 2 && ((*p)[0] == '"' || (*p)[0] == '\'') && (*p)[*len - 1] == (*p)[0]) {
		(*p)++;
		*len -= 2;
	}
}

/* search_path: "a:b" | [a, b] | (nothing: a block list follows) */
static int search_value(ocio_reader *r, const char *v, size_t len)
{
	int error = 0;
	sp__deps_trim(&v, &len);
	if (len == 0) {
		r->in_search_list = 1;
		return 0;
	}
	if (v[0] != '[') {
		unquote(&v, &len);
		return sp__deps_add_search(r->df, &r->search, v, len, ":");
	}
	v++;
	len--;
	if (len > 0 && v[len - 1] == ']')
		len--;
	for (size_t start = 0, i = 0; i <= len && error == 0; i++) {
		if (i < len && v[i] != ',')
			continue;
		const char *item = v + start;
		size_t n = i - start;
		unquote(&item, &n);
		if (n)
			error = sp__deps_add_search(r->df, &r->search, item, n, "");
		start = i + 1;
	}
	return error;
}

static int keep_source(ocio_reader *r, const char *v, size_t len)
{
	unquote(&v, &len);
	if (len == 0)
		return 0;
	if (r->srcs.count == r->lines_cap) {
		size_t cap = r->lines_cap ? r->lines_cap * 2 : 16;
		uint64_t *lines = sp__realloc(r->lines, cap * sizeof(*lines));
		if (!lines)
			return SP_ENOMEM;
		r->lines = lines;
		r->lines_cap = cap;
	}
	if (sp_strvec_pushn(&r->srcs, v, len) < 0)
		return SP_ENOMEM;
	r->lines[r->srcs.count - 1] = r->df->lines.lineno;
	return sp_strvec_push(&r->nodes, r->name.size ? r->name.ptr : "(config)");
}

/* Every `src:` key on the line: flow style ends its value at ',' or '}'. */
static int sources(ocio_reader *r, const char *p, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i++) {
		size_t j;
		int error;
		if (memcmp(p + i, "src:", 4) != 0 ||
		    (i > 0 && !sp__isspace((unsigned char)p[i - 1]) && p[i - 1] != '{' && p[i - 1] != ','))
			continue;
		for (j = i + 4; j < len && p[j] != ',' && p[j] != '}'; j++) {
			const char *close = p[j] == '$' && j + 1 < len && p[j + 1] == '{'
			                        ? memchr(p + j, '}', len - j)
			                        : NULL;
			if (close) /* the brace of ${VAR} does not end the flow mapping */
				j = (size_t)(close - p);
		}
		if ((error = keep_source(r, p + i + 4, j - i - 4)) < 0)
			return error;
		i = j;
	}
	return 0;
}

static int set_name(ocio_reader *r, const char *p, size_t len)
{
	const char *k = p;
	size_t n = len;
	sp__deps_trim(&k, &n);
	if (n >= 2 && k[0] == '-' && sp__isspace((unsigned char)k[1])) {
		k += 2;
		n -= 2;
		sp__deps_trim(&k, &n);
	}
	if (n < 5 || memcmp(k, "name:", 5) != 0)
		return 0;
	k += 5;
	n -= 5;
	unquote(&k, &n);
	sp_buf_clear(&r->name);
	return sp_buf_put(&r->name, k, n);
}

/* A "- item" line of a block-style search_path; 1 when the line was one. */
static int search_item(ocio_reader *r, const char *p, size_t len, int *error)
{
	sp__deps_trim(&p, &len);
	if (len == 0)
		return 1; /* blank lines do not end the list */
	if (len < 2 || p[0] != '-' || !sp__isspace((unsigned char)p[1])) {
		r->in_search_list = 0;
		return 0;
	}
	p++;
	len--;
	unquote(&p, &len);
	*error = len ? sp__deps_add_search(r->df, &r->search, p, len, "") : 0;
	return 1;
}

/* One `NAME: value` of the environment section. */
static int env_entry(ocio_reader *r, const char *p, size_t len)
{
	const char *colon = memchr(p, ':', len), *v;
	size_t n, vn;
	if (!colon)
		return 0;
	n = (size_t)(colon - p);
	v = colon + 1;
	vn = len - n - 1;
	sp__deps_trim(&p, &n);
	unquote(&v, &vn);
	if (n == 0 || sp_strvec_pushn(&r->env_names, p, n) < 0 || sp_strvec_pushn(&r->env_values, v, vn) < 0)
		return n == 0 ? 0 : SP_ENOMEM;
	return 0;
}

/* environment: {A: x, B: y} | (nothing: indented "NAME: value" lines follow) */
static int environment(ocio_reader *r, const char *v, size_t len)
{
	int error = 0;
	sp__deps_trim(&v, &len);
	if (len == 0) {
		r->in_environment = 1;
		return 0;
	}
	if (v[0] != '{')
		return 0;
	v++;
	len -= len > 1 && v[len - 2] == '}' ? 2 : 1;
	for (size_t start = 0, i = 0; i <= len && error == 0; i++) {
		if (i < len && v[i] != ',')
			continue;
		error = env_entry(r, v + start, i - start);
		start = i + 1;
	}
	return error;
}

static int feed_line(ocio_reader *r)
{
	const char *p = r->df->lines.line.ptr;
	size_t len = strip_comment(p, r->df->lines.line.size);
	int error = 0;
	if (r->in_search_list && search_item(r, p, len, &error))
		return error;
	if (r->in_environment && len > 0 && sp__isspace((unsigned char)p[0]))
		return env_entry(r, p, len);
	if (len > 0 && !sp__isspace((unsigned char)p[0]))
		r->in_environment = 0;
	if (len >= 12 && memcmp(p, "search_path:", 12) == 0)
		return search_value(r, p + 12, len - 12);
	if (len >= 12 && memcmp(p, "environment:", 12) == 0)
		return environment(r, p + 12, len - 12);
	if (set_name(r, p, len) < 0)
		return SP_ENOMEM;
	return sources(r, p, len);
}

/* The kept sources along the search path; the folders too when a source depends on a variable. */
static const char *env_default(const ocio_reader *r, const char *name, size_t n)
{
	for (size_t i = 0; i < r->env_names.count; i++)
		if (sp__deps_word_is(name, n, r->env_names.items[i]))
			return r->env_values.items[i];
	return NULL;
}

/*
 * $NAME and ${NAME} that neither the context nor the process environment
 * sets take the config's default, as OCIO does; what stays unset is left
 * for the analysis (*unset_out = 1: the search folders ship instead).
 */
static int apply_defaults(ocio_reader *r, const char *src, int *unset_out)
{
	*unset_out = 0;
	sp_buf_clear(&r->expanded);
	for (const char *p = src; *p;) {
		int braced = p[0] == '$' && p[1] == '{';
		const char *name = p + 1 + braced, *e = name, *def;
		int set;
		while (*e && (sp__isalnum((unsigned char)*e) || *e == '_'))
			e++;
		if (*p != '$' || e == name || (braced && *e != '}')) {
			if (sp_buf_putc(&r->expanded, *p++) < 0)
				return SP_ENOMEM;
			continue;
		}
		sp_buf_clear(&r->var);
		if (sp_buf_put(&r->var, name, (size_t)(e - name)) < 0)
			return SP_ENOMEM;
		set = sp_ctx_getenv(r->df->ctx, r->var.ptr) != NULL;
		def = set ? NULL : env_default(r, name, (size_t)(e - name));
		if (!set && !def)
			*unset_out = 1;
		if (def ? sp_buf_puts(&r->expanded, def)
		        : sp_buf_put(&r->expanded, p, (size_t)(e + braced - p)))
			return SP_ENOMEM;
		p = e + braced;
	}
	return sp_buf_put(&r->expanded, "", 0);
}

/*
 * 1 when search folder `entry` is the config's own folder or one above it
 * ("." or "..", or the absolute path of one): shipping it whole would ship
 * everything that sits beside the config, so it is left to the named files.
 */
static int holds_the_config(const ocio_reader *r, const char *entry, int *error_out)
{
	sp_buf norm = SP_BUF_INIT, joined = SP_BUF_INIT;
	int holds = 0;
	*error_out = 0;
	if (sp_path_kind_of(entry) == SP_PATH_RELATIVE ? sp_path_join(&joined, r->df->dir, entry)
	                                               : sp_path_normalize(&joined, entry)) {
		*error_out = SP_ENOMEM;
	} else if (sp_path_normalize(&norm, r->df->dir) < 0) {
		*error_out = SP_ENOMEM;
	} else {
		size_t n = joined.size;
		holds = n <= norm.size && strncmp(norm.ptr, joined.ptr, n) == 0 &&
		        (n == norm.size || norm.ptr[n] == '/' || (n > 0 && joined.ptr[n - 1] == '/'));
	}
	sp_buf_dispose(&norm);
	sp_buf_dispose(&joined);
	return holds;
}

static int declare_all(ocio_reader *r)
{
	int error = 0;
	for (size_t i = 0; i < r->srcs.count && error == 0; i++) {
		int unset;
		if (apply_defaults(r, r->srcs.items[i], &unset) < 0)
			return SP_ENOMEM;
		/* with a variable nobody sets, the shipped folders stand for the file */
		r->has_variable |= unset;
		error = sp__deps_declare(r->df, r->expanded.ptr, r->expanded.size, SP_REF_CONFIG,
		                         unset && r->search.count ? SP_REF_OPTIONAL : 0u, r->nodes.items[i],
		                         "src", r->lines[i], &r->search);
	}
	for (size_t i = 0; r->has_variable && i < r->search.count && error == 0; i++) {
		if (holds_the_config(r, r->search.items[i], &error) || error)
			continue;
		error =
		    sp__deps_declare(r->df, r->search.items[i], strlen(r->search.items[i]), SP_REF_CONFIG,
		                     SP_REF_DIRECTORY | SP_REF_OPTIONAL, "(config)", "search_path", 0, NULL);
	}
	return error;
}

int sp__deps_read_ocio(sp__deps_file *df)
{
	ocio_reader r;
	int error = 0;
	memset(&r, 0, sizeof(r));
	r.df = df;
	while (error == 0 && sp__deps_next_line(df) > 0)
		error = feed_line(&r);
	if (error == 0)
		error = declare_all(&r);
	sp_strvec_dispose(&r.search);
	sp_strvec_dispose(&r.srcs);
	sp_strvec_dispose(&r.nodes);
	sp__free(r.lines);
	sp_buf_dispose(&r.name);
	sp_buf_dispose(&r.expanded);
	sp_buf_dispose(&r.var);
	sp_strvec_dispose(&r.env_names);
	sp_strvec_dispose(&r.env_values);
	return error == SP_ENOMEM ? sp__oom(df->ctx) : error;
}
