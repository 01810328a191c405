/* Referenced scenes: declared as files, and read recursively (.ma or .mb) for their own files. */
#include "ma_walk.h"

#include <stdio.h>

/* Try `rel` under `dir`; on success `out` holds the joined path. */
static int try_under(sp_buf *out, const char *dir, const char *rel)
{
	if (!dir || sp_path_join(out, dir, rel) < 0)
		return 0;
	return ma_is_readable_file(sp_buf_cstr(out));
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? ma_strndup(path, (size_t)(slash - path)) : ma_strdup(".");
}

/*
 * Where Maya would load a reference from: the path itself (variables and
 * --map rules applied), else a relative path (or the part after a "root//"
 * project join) under the referencing file's folder, the project's scene
 * rule, the project root and the scene's folder.  1 when found.
 */
static int resolve(sp_buf *out, ma_walk *w, const char *written)
{
	sp_buf exp = SP_BUF_INIT, mapped = SP_BUF_INIT;
	const char *rel, *join;
	char *here = dir_of(w->file), *top = dir_of(sp_scene_path(w->ses->scene));
	int found = 0;
	if (here && top && sp_path_expand_vars(&exp, w->ses->ctx, written, NULL, NULL) >= 0 &&
	    sp_path_apply_maps(&mapped, w->ses->ctx, sp_buf_cstr(&exp)) >= 0 &&
	    sp_path_normalize(out, sp_buf_cstr(&mapped)) >= 0) {
		rel = sp_buf_cstr(&mapped);
		join = *rel ? strstr(rel + 1, "//") : NULL;
		if (sp_path_kind_of(rel) != SP_PATH_RELATIVE)
			found = ma_is_readable_file(sp_buf_cstr(out));
		if (!found && sp_path_kind_of(rel) != SP_PATH_RELATIVE)
			rel = join && join[-1] != ':' ? join + 2 : NULL;
		if (!found && rel)
			found = try_under(out, here, rel) || try_under(out, w->ses->scene_rule, rel) ||
			        try_under(out, w->ses->project, rel) || try_under(out, top, rel);
	}
	sp_buf_dispose(&exp);
	sp_buf_dispose(&mapped);
	ma_free(here);
	ma_free(top);
	return found;
}

static int declare(ma_walk *w, const ma_refstmt *r)
{
	int error;
	if (ma_strvec_has(&w->ses->declared, r->path))
		return 0;
	if (ma_strvec_push(&w->ses->declared, r->path) < 0)
		return sp_ctx_error(w->ses->ctx, SP_ENOMEM, "out of memory");
	error = ma_add_file(w, r->path, SP_REF_SCENE, 0, r->rfn ? r->rfn : "", "file", r->line);
	return error;
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
	error = ma_read_file(ses, path, ns, depth + 1, 1);
	if (error == SP_ECORRUPT || error == SP_EUNSUPPORTED || error == SP_EIO || error == SP_ETOOBIG) {
		error = sp_scene_add_tip(ses->scene, SP_TIP_REFERENCE_NOT_READ, "%s",
		                         sp_ctx_last_error(ses->ctx));
		sp_ctx_clear_error(ses->ctx);
	}
	return error;
}

int ma_feed_references(ma_walk *w, unsigned depth)
{
	sp_buf path = SP_BUF_INIT;
	int error = 0;
	for (size_t i = 0; error >= 0 && i < w->nref; i++)
		error = declare(w, &w->refs[i]);
	for (size_t i = 0; error >= 0 && i < w->nref; i++) {
		const ma_refstmt *r = &w->refs[i];
		int seen = 0;
		if (!r->loaded || !*r->path)
			continue;
		for (size_t j = 0; j < i; j++)
			seen |= w->refs[j].loaded && strcmp(w->refs[j].path, r->path) == 0;
		if (!seen && resolve(&path, w, r->path))
			error = read_child(w, r, sp_buf_cstr(&path), depth);
	}
	sp_buf_dispose(&path);
	return error;
}
