#include "mb_analysis.h"

#include <criterion/criterion.h>
#include <sp_maya.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

void mbt_append(char **acc, const char *text)
{
	size_t n = *acc ? strlen(*acc) : 0;
	*acc = realloc(*acc, n + strlen(text) + 1);
	cr_assert_not_null(*acc);
	strcpy(*acc + n, text);
}

void mbt_drop_lines(char *s, const char *key)
{
	char *line = s, *o = s;
	while (*line) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
		char *hit = strstr(line, key);
		if (!hit || hit >= line + n) {
			memmove(o, line, n);
			o += n;
		}
		line += n;
	}
	*o = '\0';
}

static void append_json(char **acc, int (*write)(sp_buf *, const sp_scene *), const sp_scene *scene)
{
	sp_buf b = SP_BUF_INIT;
	cr_assert_eq(write(&b, scene), 0);
	mbt_append(acc, sp_buf_cstr(&b));
	mbt_append(acc, "\n");
	sp_buf_dispose(&b);
}

static void append_files(char **acc, const sp_scene *scene)
{
	char line[4096];
	for (size_t i = 0; i < sp_scene_file_count(scene); i++) {
		const sp_fileref *f = sp_scene_file_at(scene, i);
		snprintf(line, sizeof(line), "file %s kind=%d flags=%u node=%s attr=%s source=%s\n", f->path,
		         (int)f->kind, f->flags, f->node ? f->node : "", f->attr ? f->attr : "",
		         f->source ? f->source : "(scene)");
		mbt_append(acc, line);
	}
	snprintf(line, sizeof(line), "tips=%zu errors=%zu\n", sp_scene_tip_count(scene),
	         sp_scene_error_tip_count(scene));
	mbt_append(acc, line);
}

char *mbt_analysis(const char *dir, const char *name)
{
	sp_ctx *ctx = NULL;
	sp_scene *scene = NULL;
	char *path = tst_join(dir, name), *out = NULL;
	int rc;
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	rc = sp_maya_read(scene, NULL);
	cr_assert_eq(rc, 0, "%s: %d %s", name, rc, sp_ctx_last_error(ctx));
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	append_json(&out, sp_write_task_json, scene);
	append_json(&out, sp_write_tips_json, scene);
	append_json(&out, sp_write_upload_json, scene);
	mbt_drop_lines(out, "\"hash\":");
	append_files(&out, scene);
	sp_scene_free(scene);
	sp_ctx_free(ctx);
	free(path);
	return out;
}
