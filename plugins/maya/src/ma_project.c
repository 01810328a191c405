/* The Maya project: the folder of workspace.mel, its file rules as search folders. */
#include "ma_walk.h"

#include <stdio.h>

/* Nearest folder at or above the scene's folder that holds workspace.mel. */
static int find_project(sp_buf *out, const char *scene_path)
{
	sp_buf dir = SP_BUF_INIT, probe = SP_BUF_INIT;
	int found = 0, error = sp_path_dirname(&dir, scene_path);
	for (int level = 0; error >= 0 && !found && level < 128; level++) {
		const char *slash;
		error = sp_path_join(&probe, sp_buf_cstr(&dir), "workspace.mel");
		if (error >= 0)
			error = ma_is_readable_file(sp_buf_cstr(&probe));
		if (error < 0)
			break;
		if (error > 0) {
			found = 1;
			error = sp_buf_sets(out, sp_buf_cstr(&dir));
			break;
		}
		slash = strrchr(sp_buf_cstr(&dir), '/');
		if (!slash || slash == dir.ptr || (slash == dir.ptr + 2 && dir.ptr[1] == ':'))
			break;
		dir.size = (size_t)(slash - dir.ptr);
		dir.ptr[dir.size] = '\0';
	}
	sp_buf_dispose(&dir);
	sp_buf_dispose(&probe);
	return error < 0 ? error : found;
}

static int add_rule(ma_session *ses, const char *rule, const char *value)
{
	sp_buf dir = SP_BUF_INIT;
	int error;
	if (!*value)
		return 0;
	error = sp_path_kind_of(value) == SP_PATH_RELATIVE ? sp_path_join(&dir, ses->project, value)
	                                                   : sp_path_normalize(&dir, value);
	if (error >= 0 && !ma_strvec_has(&ses->rule_dirs, sp_buf_cstr(&dir)))
		error = ma_strvec_push(&ses->rule_dirs, sp_buf_cstr(&dir));
	if (error >= 0 && strcmp(rule, "scene") == 0 && !ses->scene_rule) {
		ses->scene_rule = ma_strdup(sp_buf_cstr(&dir));
		error = ses->scene_rule ? 0 : SP_ENOMEM;
	}
	sp_buf_dispose(&dir);
	return error;
}

/* `workspace -fr "sourceImages" "sourceimages";` lines, read with the .ma lexer. */
static int read_rules(ma_session *ses, const char *mel)
{
	ma_lexer lx;
	const ma_token *t;
	size_t n;
	int error = ma_lexer_open(&lx, ses->ctx, mel, 0);
	while (error >= 0) {
		size_t q = 0;
		const char *s[2] = {NULL, NULL};
		error = ma_lexer_next(&lx, &t, &n);
		if (error <= 0)
			break;
		if (strcmp(t[0].ptr, "workspace") != 0 || n < 4 ||
		    (strcmp(t[1].ptr, "-fr") != 0 && strcmp(t[1].ptr, "-fileRule") != 0))
			continue;
		for (size_t i = 2; i < n && q < 2; i++)
			if (t[i].quoted)
				s[q++] = t[i].ptr;
		if (q == 2)
			error = add_rule(ses, s[0], s[1]);
	}
	ma_lexer_close(&lx);
	return error;
}

int ma_project_setup(ma_session *ses, const char *project_dir)
{
	sp_buf root = SP_BUF_INIT, mel = SP_BUF_INIT;
	int error = 0, found = 1;
	if (project_dir)
		error = sp_path_normalize(&root, project_dir);
	else
		error = found = find_project(&root, sp_scene_path(ses->scene));
	if (error < 0 || !found)
		goto done;
	ses->project = ma_strdup(sp_buf_cstr(&root));
	sp_ctx_log(ses->ctx, SP_LOG_DEBUG, "Maya project: %s", sp_buf_cstr(&root));
	error = ses->project ? sp_scene_set_task_value(ses->scene, "input_project_path", ses->project)
	                     : SP_ENOMEM;
	if (error >= 0)
		error = sp_path_join(&mel, ses->project, "workspace.mel");
	if (error >= 0)
		error = ma_is_readable_file(sp_buf_cstr(&mel)); /* 1, 0, or out of memory */
	if (error > 0 && (error = read_rules(ses, sp_buf_cstr(&mel))) < 0 && error != SP_ENOMEM) {
		/* A broken workspace.mel costs the rules, not the analysis. */
		error = 0;
		sp_ctx_log(ses->ctx, SP_LOG_WARN, "%s", sp_ctx_last_error(ses->ctx));
		sp_ctx_clear_error(ses->ctx);
	}
	/* A workspace.mel without a scene rule keeps Maya's default, "scenes". */
	if (error >= 0 && !ses->scene_rule) {
		sp_buf scenes = SP_BUF_INIT;
		error = sp_path_join(&scenes, ses->project, "scenes");
		if (error >= 0 && !(ses->scene_rule = ma_strdup(sp_buf_cstr(&scenes))))
			error = SP_ENOMEM;
		sp_buf_dispose(&scenes);
	}
	/*
	 * Maya resolves a relative path against the project root first (files
	 * are written "sourceimages/a.png"), then under the file rules' folders.
	 */
	if (error >= 0)
		error = sp_scene_add_search_dir(ses->scene, ses->project);
	for (size_t i = 0; error >= 0 && i < ses->rule_dirs.count; i++)
		if (strcmp(ses->rule_dirs.items[i], ses->project) != 0)
			error = sp_scene_add_search_dir(ses->scene, ses->rule_dirs.items[i]);
done:
	sp_buf_dispose(&root);
	sp_buf_dispose(&mel);
	return error == SP_ENOMEM ? sp_ctx_error(ses->ctx, SP_ENOMEM, "out of memory") : error;
}
