/*
 * Scene paths as data: classification, lexical normalisation, the farm's
 * server-path rule, deduplication keys, variable expansion and --map rules.
 * Nothing here touches the file system.
 *
 * Every function builds its result in a private buffer and only then moves it
 * into `out`, so `out` may alias an input (sp_path_normalize(&b, b.ptr)).
 */
#include "sp/paths.h"
#include "util.h"

static int is_sep(char c)
{
	return c == '/' || c == '\\';
}

typedef struct {
	sp_path_kind kind;
	size_t skip;      /* bytes of "\\?\" or "\\?\UNC\" prefix to drop */
	int drive_rooted; /* DRIVE only: "C:/x" (1) or drive-relative "C:x" (0) */
} path_class;

/*
 * Classify without allocating.  "\\?\C:\x" and "\\?\UNC\srv\share" (Win32
 * long-path forms) are read as the drive or UNC path they wrap.  Exactly two
 * leading separators make UNC; "//" alone or three or more collapse to "/".
 */
static size_t skip_seps(const char *p, size_t k)
{
	while (is_sep(p[k]))
		k++;
	return k;
}

static path_class classify(const char *p)
{
	path_class c = {SP_PATH_RELATIVE, 0, 0};
	if (!p)
		return c;
	if (is_sep(p[0]) && is_sep(p[1]) && (p[2] == '?' || p[2] == '.') && is_sep(p[3])) {
		/* separator runs read as one, as normalising collapses them and must keep the meaning */
		size_t k = skip_seps(p, 4), j;
		for (;;) {
			if (sp__isalpha((unsigned char)p[k]) && p[k + 1] == ':') {
				c.skip = k;
				break;
			}
			if (sp__strncasecmp(p + k, "UNC", 3) != 0 || !is_sep(p[k + 3]))
				break;
			j = skip_seps(p, k + 3);
			if (!p[j])
				break;
			/*
			 * A server "?" or "." before another prefix ("\\?\UNC\?\UNC\srv") would
			 * read as a device prefix once normalised: take the whole chain now, so one
			 * pass gives what a second would.
			 */
			if ((p[j] == '?' || p[j] == '.') && is_sep(p[j + 1])) {
				size_t next = skip_seps(p, j + 1);
				if ((sp__isalpha((unsigned char)p[next]) && p[next + 1] == ':') ||
				    (sp__strncasecmp(p + next, "UNC", 3) == 0 && is_sep(p[next + 3]))) {
					k = next;
					continue;
				}
			}
			c.kind = SP_PATH_UNC;
			c.skip = j;
			return c;
		}
	}
	p += c.skip;
	if (sp__isalpha((unsigned char)p[0]) && p[1] == ':') {
		c.kind = SP_PATH_DRIVE;
		c.drive_rooted = is_sep(p[2]);
	} else if (is_sep(p[0]) && is_sep(p[1]) && p[2] && !is_sep(p[2])) {
		c.kind = SP_PATH_UNC;
		c.skip += 2;
	} else if (is_sep(p[0])) {
		c.kind = SP_PATH_POSIX;
	}
	return c;
}

sp_path_kind sp_path_kind_of(const char *path)
{
	return classify(path).kind;
}

int sp_path_is_windows(const char *path)
{
	sp_path_kind k = sp_path_kind_of(path);
	return k == SP_PATH_DRIVE || k == SP_PATH_UNC;
}

/* Move `tmp` into `out`, releasing what `out` held. */
static void buf_move(sp_buf *out, sp_buf *tmp)
{
	sp_buf old = *out;
	*out = *tmp;
	tmp->ptr = NULL;
	tmp->size = tmp->asize = 0;
	sp_buf_dispose(&old);
}

/* Length of the segment starting at p (up to a separator or the end). */
static size_t seg_len(const char *p)
{
	size_t n = 0;
	while (p[n] && !is_sep(p[n]))
		n++;
	return n;
}

/* Start of the last segment of out written after the root. */
static size_t last_seg_start(const sp_buf *out, size_t root_len)
{
	size_t i = out->size;
	while (i > root_len && out->ptr[i - 1] != '/')
		i--;
	return i;
}

static int put_segment(sp_buf *out, size_t root_len, const char *seg, size_t n)
{
	int need_sep;
	if (out->size > root_len)
		need_sep = 1;
	else
		/* only a drive-relative root ("C:") takes its first segment without a separator */
		need_sep =
		    root_len > 0 && out->ptr[out->size - 1] != '/' && !(root_len == 2 && out->ptr[1] == ':');
	if (out->size + n + 2 <= out->asize) {
		/* the room normalize_into reserved: no call per segment */
		if (need_sep)
			out->ptr[out->size++] = '/';
		memcpy(out->ptr + out->size, seg, n);
		out->size += n;
		out->ptr[out->size] = '\0';
		return 0;
	}
	if (need_sep && sp_buf_putc(out, '/') < 0)
		return SP_ENOMEM;
	return sp_buf_put(out, seg, n);
}

/* Write the root of `p` ("/", "C:/", "C:", "//srv/share" or nothing); *rest_out points past it. */
static int put_root(sp_buf *out, const char *p, path_class c, const char **rest_out)
{
	int error = 0;
	p += c.skip;
	switch (c.kind) {
	case SP_PATH_DRIVE:
		error = sp_buf_put(out, p, 2);
		if (!error && c.drive_rooted)
			error = sp_buf_putc(out, '/');
		p += 2;
		break;
	case SP_PATH_UNC:
		/* "//" + server + "/" + share: the share is the root, ".." never leaves it. */
		error = sp_buf_puts(out, "//");
		for (int part = 0; part < 2 && !error && *p; part++) {
			size_t n = seg_len(p);
			if (part == 1)
				error = sp_buf_putc(out, '/');
			if (!error)
				error = sp_buf_put(out, p, n);
			p += n;
			while (is_sep(*p))
				p++;
		}
		break;
	case SP_PATH_POSIX:
		error = sp_buf_putc(out, '/');
		break;
	case SP_PATH_RELATIVE:
		break;
	}
	*rest_out = p;
	return error;
}

/* Normalise `path` into the empty buffer `out`; *root_len_out gets the length of its root. */
static int normalize_into(sp_buf *out, const char *path, path_class *class_out, size_t *root_len_out)
{
	path_class c;
	const char *p = NULL;
	size_t root_len;
	int rooted, error;

	path = path ? path : "";
	/* the result is at most a few bytes longer than the path ("./" before "d:x", a "." for nothing) */
	error = sp__buf_reserve(out, strlen(path) + 8);
	c = classify(path);

	if (!error)
		error = put_root(out, path, c, &p);
	if (error < 0)
		return SP_ENOMEM;
	root_len = out->size;
	rooted =
	    c.kind == SP_PATH_POSIX || c.kind == SP_PATH_UNC || (c.kind == SP_PATH_DRIVE && c.drive_rooted);
	while (*p) {
		size_t n = seg_len(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* empty (duplicate separator) or "." */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			size_t start = last_seg_start(out, root_len);
			int last_is_up =
			    out->size - start == 2 && out->ptr[start] == '.' && out->ptr[start + 1] == '.';
			if (out->size > root_len && !last_is_up) {
				out->size = start > root_len ? start - 1 : root_len;
				out->ptr[out->size] = '\0';
			} else if (!rooted && put_segment(out, root_len, p, n) < 0) {
				return SP_ENOMEM;
			}
		} else if (put_segment(out, root_len, p, n) < 0) {
			return SP_ENOMEM;
		}
		p += n;
		if (*p)
			p++;
	}
	if (out->size == 0 && path && *path && sp_buf_putc(out, '.') < 0)
		return SP_ENOMEM;
	/* "./d:x" names a file "d:x"; dropping the "./" would turn it into a drive path. */
	if (c.kind == SP_PATH_RELATIVE && out->size >= 2 && sp__isalpha((unsigned char)out->ptr[0]) &&
	    out->ptr[1] == ':') {
		if (sp_buf_put(out, "./", 2) < 0)
			return SP_ENOMEM;
		memmove(out->ptr + 2, out->ptr, out->size - 2);
		memcpy(out->ptr, "./", 2);
	}
	if (class_out)
		*class_out = c;
	if (root_len_out)
		*root_len_out = root_len;
	return 0;
}

int sp_path_normalize(sp_buf *out, const char *path)
{
	sp_buf tmp = SP_BUF_INIT;
	int error;
	if (!out)
		return SP_EUSER;
	error = normalize_into(&tmp, path ? path : "", NULL, NULL);
	/*
	 * A server named "." or "?" makes "//./x" read back as a device prefix, so
	 * one pass can leave a path that a second pass reads differently.  Normalise
	 * again until it holds still, so normalising is idempotent whatever the
	 * bytes.  Only a UNC result can be read two ways; other paths take one pass.
	 */
	for (int pass = 0; error == 0 && pass < 4 && strncmp(sp_buf_cstr(&tmp), "//", 2) == 0; pass++) {
		sp_buf again = SP_BUF_INIT;
		error = normalize_into(&again, sp_buf_cstr(&tmp), NULL, NULL);
		int stable = error == 0 && strcmp(sp_buf_cstr(&again), sp_buf_cstr(&tmp)) == 0;
		if (error == 0)
			buf_move(&tmp, &again);
		sp_buf_dispose(&again);
		if (stable)
			break;
	}
	if (error == 0)
		buf_move(out, &tmp);
	sp_buf_dispose(&tmp);
	return error;
}

int sp_path_to_server(sp_buf *out, sp_ctx *ctx, const char *local)
{
	sp_buf norm = SP_BUF_INIT, tmp = SP_BUF_INIT;
	path_class c;
	int error;
	if (!out || !local)
		return sp_ctx_error(ctx, SP_EUSER, "sp_path_to_server needs an output and a path");
	error = normalize_into(&norm, local, &c, NULL);
	if (error < 0) {
		error = sp__oom(ctx);
		goto done;
	}
	switch (c.kind) {
	case SP_PATH_DRIVE:
		if (!c.drive_rooted) {
			error = sp_ctx_error(ctx, SP_EUSER,
			                     "path '%s' is relative to the current folder of drive %.2s",
			                     local, norm.ptr);
			goto done;
		}
		/* "E:/w/a" -> "/E/w/a"; the drive root "E:/" -> "/E". */
		error = sp_buf_printf(&tmp, "/%c%s", norm.ptr[0], norm.size > 3 ? norm.ptr + 2 : "");
		break;
	case SP_PATH_UNC:
		error = sp_buf_puts(&tmp, norm.ptr + 1);
		break;
	case SP_PATH_POSIX:
		error = sp_buf_puts(&tmp, norm.ptr);
		break;
	case SP_PATH_RELATIVE:
		error = sp_ctx_error(ctx, SP_EUSER, "path '%s' is relative and has no server path", local);
		goto done;
	}
	if (error < 0) {
		error = sp__oom(ctx);
		goto done;
	}
	buf_move(out, &tmp);
done:
	sp_buf_dispose(&norm);
	sp_buf_dispose(&tmp);
	return error;
}

int sp_path_dedupe_key(sp_buf *out, const char *path)
{
	sp_buf tmp = SP_BUF_INIT;
	path_class c;
	int error;
	if (!out)
		return SP_EUSER;
	error = normalize_into(&tmp, path ? path : "", &c, NULL);
	if (error == 0) {
		/* ASCII only: bytes of UTF-8 sequences are left as they are. */
		if (c.kind == SP_PATH_DRIVE || c.kind == SP_PATH_UNC)
			for (size_t i = 0; i < tmp.size; i++)
				tmp.ptr[i] = (char)sp__tolower((unsigned char)tmp.ptr[i]);
		buf_move(out, &tmp);
	}
	sp_buf_dispose(&tmp);
	return error;
}

int sp_path_join(sp_buf *out, const char *base, const char *rel)
{
	sp_buf joined = SP_BUF_INIT, tmp = SP_BUF_INIT;
	int error;
	if (!out)
		return SP_EUSER;
	base = base ? base : "";
	rel = rel ? rel : "";
	/* An absolute `rel` (outside the contract) wins, as in most path libraries. */
	if (!*base || !*rel || sp_path_kind_of(rel) != SP_PATH_RELATIVE) {
		error = sp_buf_puts(&joined, *rel ? rel : base);
	} else {
		/* Normalise base first: "/" + "/" + rel would read as UNC. */
		error = normalize_into(&joined, base, NULL, NULL);
		if (error == 0 && joined.ptr[joined.size - 1] != '/')
			error = sp_buf_putc(&joined, '/');
		if (error == 0)
			error = sp_buf_puts(&joined, rel);
	}
	if (error == 0)
		error = normalize_into(&tmp, joined.ptr, NULL, NULL);
	if (error == 0)
		buf_move(out, &tmp);
	sp_buf_dispose(&joined);
	sp_buf_dispose(&tmp);
	return error;
}

int sp_path_dirname(sp_buf *out, const char *path)
{
	sp_buf tmp = SP_BUF_INIT;
	size_t root_len = 0, start;
	int error;
	if (!out)
		return SP_EUSER;
	error = normalize_into(&tmp, path ? path : "", NULL, &root_len);
	if (error < 0)
		goto done;
	start = last_seg_start(&tmp, root_len);
	tmp.size = start > root_len ? start - 1 : root_len;
	tmp.ptr[tmp.size] = '\0';
	if (tmp.size == 0)
		error = sp_buf_putc(&tmp, '.');
	if (error == 0)
		buf_move(out, &tmp);
done:
	sp_buf_dispose(&tmp);
	return error;
}

/* ---- variables ------------------------------------------------------------------ */

static int is_name_start(char c)
{
	return sp__isalpha((unsigned char)c) || c == '_';
}
static int is_name_char(char c)
{
	return sp__isalnum((unsigned char)c) || c == '_';
}

static size_t name_len(const char *p)
{
	size_t n = 0;
	if (!is_name_start(p[0]))
		return 0;
	while (is_name_char(p[n]))
		n++;
	return n;
}

static int is_kept(const char *const *keep, const char *name, size_t n)
{
	for (; keep && *keep; keep++)
		if (strlen(*keep) == n && memcmp(*keep, name, n) == 0)
			return 1;
	return 0;
}

typedef struct {
	sp_ctx *ctx;
	const char *const *keep;
	sp_buf *out;
	sp_buf *unresolved;
	char name[256];
} expander;

/* NUL-terminated copy of a name in ex->name; 0 when it does not fit (treated as unset). */
static int set_name(expander *ex, const char *p, size_t n)
{
	if (n >= sizeof(ex->name))
		return 0;
	memcpy(ex->name, p, n);
	ex->name[n] = '\0';
	return 1;
}

static int note_unresolved(expander *ex, const char *p, size_t n)
{
	sp_buf *u = ex->unresolved;
	if (!u)
		return 0;
	/* Each name once: look for it as a whole item of the ", " separated list. */
	for (const char *s = sp_buf_cstr(u); *s;) {
		const char *e = strstr(s, ", ");
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len == n && memcmp(s, p, n) == 0)
			return 0;
		s += len + (e ? 2 : 0);
	}
	if (u->size && sp_buf_puts(u, ", ") < 0)
		return SP_ENOMEM;
	return sp_buf_put(u, p, n);
}

/*
 * What to do with a variable named p[0..n): 1 keep as written, 0 substitute
 * *value_out, -1 unset; *used is how much of the name that applies to.  A
 * name that is neither kept nor set falls back to
 *  - its stem without trailing digits, when that is kept or set: with keep
 *    {"F"}, "$F4" is "$F" then "4";
 *  - a kept name ending where an underscore starts: V-Ray writes "u$U_v$V".
 */
static int lookup(expander *ex, const char *p, size_t n, size_t *used, const char **value_out)
{
	size_t stem = n;
	*used = n;
	if (is_kept(ex->keep, p, n))
		return 1;
	if (set_name(ex, p, n) && (*value_out = sp_ctx_getenv(ex->ctx, ex->name)) != NULL)
		return 0;
	while (stem > 0 && sp__isdigit((unsigned char)p[stem - 1]))
		stem--;
	if (stem > 0 && stem < n) {
		*used = stem;
		if (is_kept(ex->keep, p, stem))
			return 1;
		if (set_name(ex, p, stem) && (*value_out = sp_ctx_getenv(ex->ctx, ex->name)) != NULL)
			return 0;
	}
	for (size_t k = 1; k < n; k++) {
		if (p[k] == '_' && is_kept(ex->keep, p, k)) {
			*used = k;
			return 1;
		}
	}
	*used = n;
	return -1;
}

/* Copy the reference as written, noting its name when it had no value. */
static int keep_literal(expander *ex, const char *p, size_t len, const char *name, size_t n, int unset)
{
	if (unset && note_unresolved(ex, name, n) < 0)
		return SP_ENOMEM;
	return sp_buf_put(ex->out, p, len);
}

/*
 * Expand one reference at p: "$NAME", "${NAME}" or "%NAME%".  Returns the
 * bytes consumed (0 when p does not start a reference) or a negative error.
 */
static long expand_one(expander *ex, const char *p)
{
	size_t open = 1, n, used, total;
	char close = 0;
	const char *value = NULL, *name;
	int what, error;
	if (p[0] == '$' && p[1] == '{')
		open = 2, close = '}';
	else if (p[0] == '%')
		close = '%';
	name = p + open;
	n = name_len(name);
	if (n == 0 || (close && name[n] != close))
		return 0;
	if (close) {
		/* Braces and percents delimit exactly one name: no digit-stem fallback. */
		total = open + n + 1;
		if (is_kept(ex->keep, name, n))
			what = 1;
		else if (set_name(ex, name, n) && (value = sp_ctx_getenv(ex->ctx, ex->name)) != NULL)
			what = 0;
		else
			what = -1;
	} else {
		what = lookup(ex, name, n, &used, &value);
		total = open + used;
	}
	if (what == 0)
		error = sp_buf_puts(ex->out, value);
	else
		error = keep_literal(ex, p, total, name, n, what < 0);
	return error < 0 ? SP_ENOMEM : (long)total;
}

int sp_path_expand_vars(sp_buf *out, sp_ctx *ctx, const char *path, const char *const *keep,
                        sp_buf *unresolved)
{
	sp_buf tmp = SP_BUF_INIT;
	expander ex = {ctx, keep, &tmp, unresolved, {0}};
	int error = 0;
	if (!out || !path)
		return sp_ctx_error(ctx, SP_EUSER, "sp_path_expand_vars needs an output and a path");
	error = sp_buf_put(&tmp, "", 0);
	for (const char *p = path; *p && error == 0;) {
		long used = (*p == '$' || *p == '%') ? expand_one(&ex, p) : 0;
		if (used < 0) {
			error = (int)used;
		} else if (used > 0) {
			p += used;
		} else {
			/* the literal run up to the next possible reference, in one piece */
			size_t run = 1 + strcspn(p + 1, "$%");
			error = sp_buf_put(&tmp, p, run);
			p += run;
		}
	}
	if (error < 0)
		error = sp__oom(ctx);
	else
		buf_move(out, &tmp);
	sp_buf_dispose(&tmp);
	return error;
}

/* ---- --map rules ------------------------------------------------------------------ */

/* Length of the matched prefix of `path` (normalised), or 0 when `from` does not apply. */
static size_t map_match(const sp_buf *path, const sp_buf *from, int fold_case)
{
	size_t n = from->size;
	if (n == 0 || path->size < n)
		return 0;
	if (fold_case ? sp__strncasecmp(path->ptr, from->ptr, n) != 0 : memcmp(path->ptr, from->ptr, n) != 0)
		return 0;
	/* Only at a segment boundary: "D:/proj" must not match "D:/project2". */
	if (path->size == n || path->ptr[n] == '/' || from->ptr[n - 1] == '/')
		return n;
	return 0;
}

static int map_rewrite(sp_buf *out, const char *to, const char *rest)
{
	while (*rest == '/')
		rest++;
	/* Through join: a target of "/" plus "/" plus the rest would read as UNC. */
	return sp_path_join(out, *to ? to : rest, *to ? rest : "");
}

int sp_path_apply_maps(sp_buf *out, const sp_ctx *ctx, const char *path)
{
	sp_buf norm = SP_BUF_INIT, from = SP_BUF_INIT, tmp = SP_BUF_INIT;
	size_t count = sp_ctx_path_map_count(ctx);
	int error = 0, matched = 0;
	if (!out || !path)
		return SP_EUSER;
	if (count)
		error = normalize_into(&norm, path, NULL, NULL);
	for (size_t i = 0; i < count && error == 0 && !matched; i++) {
		const char *f = NULL, *to = NULL;
		size_t n;
		sp_ctx_path_map_at(ctx, i, &f, &to);
		sp_buf_clear(&from);
		error = normalize_into(&from, f, NULL, NULL);
		if (error < 0)
			break;
		n = map_match(&norm, &from, sp_path_is_windows(f));
		if (n == 0)
			continue;
		matched = 1;
		error = map_rewrite(&tmp, to ? to : "", norm.ptr + n);
	}
	if (error == 0 && !matched)
		error = sp_buf_puts(&tmp, path);
	if (error == 0)
		buf_move(out, &tmp);
	sp_buf_dispose(&norm);
	sp_buf_dispose(&from);
	sp_buf_dispose(&tmp);
	return error;
}
