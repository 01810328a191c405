/*
 * Referenced scenes: declared as files, and read recursively (.ma or .mb)
 * for their own files when Maya would load them.
 *
 * How a .ma says what is loaded: every top-level reference has a
 * `file -r ... -dr 1 ...` line (the -dr is always there: the reference node
 * is made first and loaded afterwards), and every *loaded* reference,
 * nested ones included, has a `file -rdi <depth>` line before it.  A `-r`
 * line with no `-rdi 1` line of the same -rfn (or path) is an unloaded
 * reference: the file is still named, but nothing in it reaches the
 * render.  Files written before -rdi existed (Maya 7 and older) load every
 * `-r` reference.
 */
#include "ma_walk.h"

#include <stdio.h>

static int oom(ma_walk *w)
{
	return sp_ctx_error(w->ses->ctx, SP_ENOMEM, "out of memory");
}

/* Try `rel` under `dir`: 1 when there (`out` holds the joined path), 0 when not, <0 out of memory. */
static int try_under(sp_buf *out, const char *dir, const char *rel)
{
	if (!dir || !*rel)
		return 0;
	if (sp_path_join(out, dir, rel) < 0)
		return SP_ENOMEM;
	return ma_is_readable_file(sp_buf_cstr(out));
}

/* `rel` under each folder of `dirs` in turn (NULL entries skipped): the first hit, 0, or <0. */
static int try_dirs(sp_buf *out, const char *const *dirs, size_t n, const char *rel)
{
	for (size_t i = 0; i < n; i++) {
		int found = try_under(out, dirs[i], rel);
		if (found != 0)
			return found;
	}
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? ma_strndup(path, (size_t)(slash - path)) : ma_strdup(".");
}

/* The file name part of a path written with either separator. */
static const char *base_name(const char *path)
{
	const char *b = path;
	for (const char *p = path; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return b;
}

/* A relative path, or the part after a "root//" project join, under the usual folders. */
static int try_relative(sp_buf *out, ma_walk *w, const char *rel, const char *here, const char *top)
{
	const char *const dirs[] = {here, w->ses->scene_rule, w->ses->project, top};
	return try_dirs(out, dirs, 4, rel);
}

/*
 * Where Maya would load a reference from: the path itself (variables and
 * --map rules applied), else a relative path (or the part after a "root//"
 * project join) under the referencing file's folder, the project's scene
 * rule, the project root and the scene's folder.  When the saved path
 * exists nowhere, Maya looks for the file name alone next to the
 * referencing file and in the project's scenes folder (a scene moved with
 * its references, or a project copied to another drive).  Returns 1 when
 * found where the core would find it too, 2 when found only by file name,
 * 0 when not found, SP_ENOMEM (not a guess of "missing") when memory ran out.
 */
static int resolve(sp_buf *out, ma_walk *w, const char *written)
{
	sp_buf exp = SP_BUF_INIT, mapped = SP_BUF_INIT;
	const char *rel, *join;
	char *here = dir_of(w->file), *top = dir_of(sp_scene_path(w->ses->scene));
	int found = SP_ENOMEM;
	if (here && top && sp_path_expand_vars(&exp, w->ses->ctx, written, NULL, NULL) >= 0 &&
	    sp_path_apply_maps(&mapped, w->ses->ctx, sp_buf_cstr(&exp)) >= 0 &&
	    sp_path_normalize(out, sp_buf_cstr(&mapped)) >= 0) {
		found = 0;
		rel = sp_buf_cstr(&mapped);
		join = *rel ? strstr(rel + 1, "//") : NULL;
		if (sp_path_kind_of(rel) != SP_PATH_RELATIVE)
			found = ma_is_readable_file(sp_buf_cstr(out));
		if (!found && sp_path_kind_of(rel) != SP_PATH_RELATIVE)
			rel = join && join[-1] != ':' ? join + 2 : NULL;
		if (!found && rel)
			found = try_relative(out, w, rel, here, top);
		if (!found) {
			const char *const by_name[] = {here, w->ses->scene_rule, top};
			found = try_dirs(out, by_name, 3, base_name(sp_buf_cstr(&mapped)));
			found = found > 0 ? 2 : found;
		}
	}
	sp_buf_dispose(&exp);
	sp_buf_dispose(&mapped);
	ma_free(here);
	ma_free(top);
	return found;
}

int ma_find_file(sp_buf *out, ma_walk *w, const char *written)
{
	int found = resolve(out, w, written);
	return found < 0 ? oom(w) : found == 1;
}

/* 1 when the scene's -rdi lines list this nested reference (by -rfn with its namespaces, or by path). */
static int nested_loaded(const ma_walk *w, const ma_refstmt *r)
{
	char full[1024];
	if (r->rfn) {
		snprintf(full, sizeof(full), "%s%s", w->ns, r->rfn);
		if (ma_strvec_has(&w->ses->nested, full))
			return 1;
	}
	return ma_strvec_has(&w->ses->nested, r->path);
}

/* 1 when Maya loads the reference of `-r` statement r (see the top of this file). */
static int is_loaded(const ma_walk *w, const ma_refstmt *r)
{
	int rdi = 0;
	if (!r->loaded)
		return 0;
	if (w->child && w->ses->scene_rdi)
		return nested_loaded(w, r);
	for (size_t i = 0; i < w->nref; i++) {
		const ma_refstmt *d = &w->refs[i];
		if (d->loaded)
			continue;
		rdi = 1;
		/* Two copies of one file ("rig.ma{1}") differ only by their -rfn: the path decides without
		 * one. */
		if (d->depth == 1 &&
		    (r->rfn && d->rfn ? strcmp(r->rfn, d->rfn) == 0 : strcmp(r->path, d->path) == 0))
			return 1;
	}
	return !rdi;
}

int ma_reference_unloaded(const ma_walk *w, const char *rfn)
{
	for (size_t i = 0; rfn && i < w->nref; i++)
		if (w->refs[i].loaded && w->refs[i].rfn && strcmp(w->refs[i].rfn, rfn) == 0)
			return !is_loaded(w, &w->refs[i]);
	return 0;
}

/* Declare once per (referencing folder, path as written); `path` may be where the fallback found it. */
static int declare(ma_walk *w, const ma_refstmt *r, const char *path, unsigned flags)
{
	char *here = dir_of(w->file);
	sp_buf key = SP_BUF_INIT;
	int error = here ? sp_buf_printf(&key, "%s\n%s", here, r->path) : SP_ENOMEM;
	ma_free(here);
	if (error >= 0 && !ma_strvec_has(&w->ses->named, r->path))
		error = ma_strvec_push(&w->ses->named, r->path);
	if (error >= 0 && !ma_strvec_has(&w->ses->declared, sp_buf_cstr(&key))) {
		error = ma_strvec_push(&w->ses->declared, sp_buf_cstr(&key));
		if (error >= 0)
			error =
			    ma_add_file(w, path, SP_REF_SCENE, flags, r->rfn ? r->rfn : "", "file", r->line);
	}
	sp_buf_dispose(&key);
	return error == SP_ENOMEM ? oom(w) : error;
}

static int read_child(ma_walk *w, const ma_refstmt *r, const char *path, unsigned depth)
{
	ma_session *ses = w->ses;
	char ns[512], where[32] = "";
	int error;
	if (r->line) /* .mb files have no lines */
		snprintf(where, sizeof(where), ":%llu", (unsigned long long)r->line);
	if (ma_strvec_has(&ses->stack, path))
		return sp_scene_add_tip(ses->scene, SP_TIP_REFERENCE_CYCLE,
		                        "%s%s: reference cycle: %s is already being read", w->file, where,
		                        path);
	if (depth + 1 > ses->max_depth)
		return sp_scene_add_tip(ses->scene, SP_TIP_REFERENCE_CYCLE,
		                        "%s%s: reference depth limit (%u) reached at %s", w->file, where,
		                        ses->max_depth, path);
	if (r->ns && *r->ns && strcmp(r->ns, ":") != 0)
		snprintf(ns, sizeof(ns), "%s%s:", w->ns, r->ns);
	else
		snprintf(ns, sizeof(ns), "%s", w->ns);
	sp_ctx_log(ses->ctx, SP_LOG_DEBUG, "%s%s: reading reference %s (namespace '%s', depth %u)", w->file,
	           where, path, ns, depth + 1);
	error = ma_read_file(ses, path, ns, depth + 1, 1);
	if (error == SP_ECORRUPT || error == SP_EUNSUPPORTED || error == SP_EIO || error == SP_ETOOBIG) {
		error = sp_scene_add_tip(ses->scene, SP_TIP_REFERENCE_NOT_READ, "%s",
		                         sp_ctx_last_error(ses->ctx));
		sp_ctx_clear_error(ses->ctx);
	}
	return error;
}

/* The scene's -rdi lines of depth 2 and more: which nested references its children load. */
static int note_nested(ma_walk *w)
{
	for (size_t i = 0; i < w->nref; i++) {
		const ma_refstmt *r = &w->refs[i];
		if (r->loaded)
			continue;
		w->ses->scene_rdi = 1;
		if (r->depth < 2)
			continue;
		if ((r->rfn && !ma_strvec_has(&w->ses->nested, r->rfn) &&
		     ma_strvec_push(&w->ses->nested, r->rfn) < 0) ||
		    (!ma_strvec_has(&w->ses->nested, r->path) &&
		     ma_strvec_push(&w->ses->nested, r->path) < 0))
			return oom(w);
	}
	return 0;
}

/* Declare a reference of this file (-r, or -rdi 1): found by file name only, the found file counts. */
static int declare_top(ma_walk *w, const ma_refstmt *r, sp_buf *path)
{
	int found = *r->path ? resolve(path, w, r->path) : 0;
	unsigned flags = r->loaded && !is_loaded(w, r) ? SP_REF_OPTIONAL : 0;
	if (found < 0)
		return oom(w);
	if (found == 2)
		sp_ctx_log(w->ses->ctx, SP_LOG_DEBUG,
		           "%s: reference %s exists nowhere as saved; found by name at %s", w->file, r->path,
		           sp_buf_cstr(path));
	else if (!found)
		sp_ctx_log(w->ses->ctx, SP_LOG_DEBUG, "%s: reference %s is not found", w->file, r->path);
	return declare(w, r, found == 2 ? sp_buf_cstr(path) : r->path, flags);
}

/*
 * Maya also references FBX, Alembic and other files through their import
 * plug-ins (`-typ "FBX"`): those are dependencies, but no scene to read.  A
 * file read as a scene starts like one, or is named like one (a broken
 * .ma is reported, not skipped).
 */
static int is_maya_scene(const char *path)
{
	unsigned char head[64];
	size_t n = 0;
	FILE *fp = sp_fopen_read(path);
	if (fp) {
		n = fread(head, 1, sizeof(head), fp);
		fclose(fp);
	}
	return sp_maya_sniff(head, n) != SP_MAYA_NOT || ma_ends_with_nocase(path, ".ma") ||
	       ma_ends_with_nocase(path, ".mb");
}

/* Read each loaded reference once (a file referenced twice holds the same files). */
static int read_loaded(ma_walk *w, unsigned depth, sp_buf *path)
{
	int error = 0;
	for (size_t i = 0; error >= 0 && i < w->nref; i++) {
		const ma_refstmt *r = &w->refs[i];
		int seen = 0;
		if (!*r->path || !is_loaded(w, r))
			continue;
		for (size_t j = 0; j < i; j++)
			seen |= w->refs[j].loaded && strcmp(w->refs[j].path, r->path) == 0 &&
			        is_loaded(w, &w->refs[j]);
		int found = seen ? 0 : resolve(path, w, r->path);
		if (found < 0)
			error = oom(w);
		else if (found && is_maya_scene(sp_buf_cstr(path)))
			error = read_child(w, r, sp_buf_cstr(path), depth);
	}
	return error;
}

int ma_feed_references(ma_walk *w, unsigned depth)
{
	sp_buf path = SP_BUF_INIT;
	int error = w->child ? 0 : note_nested(w);
	for (size_t i = 0; error >= 0 && i < w->nref; i++)
		if (w->refs[i].loaded || (w->refs[i].depth < 2 && !(w->child && w->ses->scene_rdi)))
			error = declare_top(w, &w->refs[i], &path);
	if (error >= 0)
		error = read_loaded(w, depth, &path);
	/*
	 * Nested references the scene lists but no child declared (the child
	 * is missing or unreadable): still needed, named as the scene has them.
	 */
	for (size_t i = 0; error >= 0 && i < w->nref; i++)
		if (!w->child && !w->refs[i].loaded && w->refs[i].depth >= 2 &&
		    !ma_strvec_has(&w->ses->named, w->refs[i].path))
			error = declare(w, &w->refs[i], w->refs[i].path, 0);
	sp_buf_dispose(&path);
	return error;
}
