#define _GNU_SOURCE
#include "support.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *tst_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 2);
	cr_assert_not_null(p);
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

char *tst_corpus(const char *rel)
{
	return tst_join(SP_CORPUS_DIR, rel);
}

char *tst_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl = tst_join(tmp && *tmp ? tmp : "/tmp", "sptest-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpl), "mkdtemp: %s", strerror(errno));
	return tmpl;
}

void tst_rmtree(const char *path)
{
	char *cmd = NULL;
	if (!path)
		return;
	cr_assert(asprintf(&cmd, "rm -rf '%s'", path) > 0);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", path);
	free(cmd);
}

static void mkparents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0777);
		*p = '/';
	}
}

void tst_write(const char *dir, const char *name, const char *data, size_t len)
{
	char *path = tst_join(dir, name);
	FILE *f;
	mkparents(path);
	f = fopen(path, "wb");
	cr_assert_not_null(f, "cannot write %s", path);
	if (len == (size_t)-1)
		len = strlen(data);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	free(path);
}

char *tst_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			cr_assert_not_null(buf);
		}
		size_t got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int tst_run(const char *args, char **out, char **err)
{
	char *dir = tst_mkdtemp();
	char *o = tst_join(dir, "out"), *e = tst_join(dir, "err");
	char *cmd = NULL;
	int status, code;
	cr_assert(asprintf(&cmd, "'%s' %s >'%s' 2>'%s' </dev/null", SP_BINARY, args, o, e) > 0);
	status = system(cmd);
	if (WIFSIGNALED(status))
		code = 128 + WTERMSIG(status);
	else
		code = WEXITSTATUS(status);
	if (out)
		*out = tst_read(o, NULL);
	if (err)
		*err = tst_read(e, NULL);
	free(cmd);
	free(o);
	free(e);
	tst_rmtree(dir);
	free(dir);
	return code;
}

void tst_world_open(sp_ctx **ctx, char **dir, sp_scene **scene)
{
	cr_assert_eq(sp_ctx_new(ctx, NULL), 0);
	*dir = tst_mkdtemp();
	*scene = NULL;
}

void tst_world_close(sp_ctx **ctx, char **dir, sp_scene **scene)
{
	sp_scene_free(*scene);
	*scene = NULL;
	sp_ctx_free(*ctx);
	*ctx = NULL;
	tst_rmtree(*dir);
	free(*dir);
	*dir = NULL;
}

sp_unit *tst_find_unit(const sp_scene *scene, const char *name)
{
	for (size_t i = 0; i < sp_scene_unit_count(scene); i++)
		if (strcmp(sp_unit_name(sp_scene_unit_at(scene, i)), name) == 0)
			return sp_scene_unit_at(scene, i);
	return NULL;
}

sp_unit *tst_unit(const sp_scene *scene, const char *name)
{
	sp_unit *u = tst_find_unit(scene, name);
	cr_assert_not_null(u, "no unit %s", name);
	return u;
}

const char *tst_frames(const sp_unit *u)
{
	static char out[256];
	sp_buf b = SP_BUF_INIT;
	cr_assert_not_null(sp_unit_frames(u));
	cr_assert_eq(sp_frames_format(&b, sp_unit_frames(u)), 0);
	snprintf(out, sizeof(out), "%s", sp_buf_cstr(&b));
	sp_buf_dispose(&b);
	return out;
}

int tst_camera(const sp_unit *u, const char *name)
{
	for (size_t i = 0; i < sp_unit_camera_count(u); i++) {
		const char *c;
		int r;
		sp_unit_camera_at(u, i, &c, &r);
		if (strcmp(c, name) == 0)
			return r;
	}
	return -1;
}

const sp_fileref *tst_file(const sp_scene *scene, const char *path)
{
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		if (strcmp(sp_scene_file_at(scene, i)->path, path) == 0)
			return sp_scene_file_at(scene, i);
	return NULL;
}
