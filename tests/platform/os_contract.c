/*
 * The platform layer's contract (core/src/os.h), checked the same way on every
 * system: it needs nothing but the C library, so it also builds with a
 * Windows cross-compiler and runs under Wine (scripts/check-windows.sh),
 * where Criterion is not available.
 *
 *   os_contract SCRATCH_FOLDER     (an existing, empty folder; absolute path)
 *
 * Prints one line per failed check and exits 1 if any failed.
 */
#include "os.h"
#include "sp/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#define SHELL "cmd.exe"
#else
#define SHELL "sh"
#endif

typedef struct {
	sp_ctx *ctx;
	const char *root;
	int failures;
} run;

#define CHECK(r, cond, ...)                                                                                  \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #cond);                           \
			fprintf(stderr, __VA_ARGS__);                                                        \
			fprintf(stderr, " [%s]\n", sp_ctx_last_error((r)->ctx));                             \
			(r)->failures++;                                                                     \
			sp_ctx_clear_error((r)->ctx);                                                        \
		}                                                                                            \
	} while (0)

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", a, b);
	return s;
}

/* The whole content of a file, or NULL. */
static char *slurp(run *r, const char *path)
{
	FILE *f = sp_os_fopen_read(r->ctx, path);
	char *s = calloc(1, 4096);
	size_t n = 0;
	if (f && s)
		n = fread(s, 1, 4095, f);
	if (f)
		fclose(f);
	if (!f || !s) {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	return s;
}

static void write_file(run *r, const char *dir, const char *name, const char *text)
{
	sp_buf tmp = SP_BUF_INIT;
	char *final_path = join(dir, name);
	CHECK(r, sp_os_write_temp(r->ctx, dir, ".tmp.", text, strlen(text), &tmp) == 0, "temp in %s", dir);
	CHECK(r, sp_os_replace(r->ctx, tmp.ptr, final_path) == 0, "replace %s", final_path);
	sp_buf_dispose(&tmp);
	free(final_path);
}

static void folders_and_files(run *r)
{
	char *deep = join(r->root, "a/b/c"), *file = join(deep, "task.json"), *text;
	sp_os_stat_info st;
	CHECK(r, sp_os_mkdir_p(r->ctx, deep) == 0, "mkdir_p %s", deep);
	CHECK(r, sp_os_mkdir_p(r->ctx, deep) == 0, "mkdir_p again");
	CHECK(r, sp_os_stat(r->ctx, deep, &st) == 0 && st.is_dir, "stat folder");
	write_file(r, deep, "task.json", "first");
	write_file(r, deep, "task.json", "second, longer");
	text = slurp(r, file);
	CHECK(r, text && strcmp(text, "second, longer") == 0, "replaced content: %s", text ? text : "(none)");
	CHECK(r, sp_os_stat(r->ctx, file, &st) == 0 && !st.is_dir && st.size == 14 && st.mtime > 1600000000,
	      "stat file");
	CHECK(r, sp_os_stat(r->ctx, deep, &st) == 0, "stat");
	CHECK(r, sp_os_mkdir_p(r->ctx, file) != 0, "mkdir_p over a file must fail");
	sp_ctx_clear_error(r->ctx);
	CHECK(r, sp_os_stat(r->ctx, "no/such/file", &st) == SP_ENOTFOUND, "missing file");
	sp_ctx_clear_error(r->ctx);
	free(text);
	free(file);
	free(deep);
}

static void listing_and_names(run *r)
{
	/* UTF-8 names must survive the round trip through the system's own encoding */
	const char *names[] = {"B.exr", "a.exr", "t\xc3\xabxture_\xe6\x97\xa5\xe6\x9c\xac.exr"};
	char *dir = join(r->root, "list");
	sp_strvec got = SP_STRVEC_INIT;
	CHECK(r, sp_os_mkdir_p(r->ctx, dir) == 0, "mkdir");
	for (size_t i = 0; i < 3; i++)
		write_file(r, dir, names[i], names[i]);
	CHECK(r, sp_os_list_dir(r->ctx, dir, &got) == 0, "list");
	CHECK(r, got.count == 3, "3 entries, got %zu", got.count);
	if (got.count == 3) {
		CHECK(r, strcmp(got.items[0], "B.exr") == 0, "sorted bytewise: %s", got.items[0]);
		CHECK(r, strcmp(got.items[2], names[2]) == 0, "non-ASCII name: %s", got.items[2]);
	}
	sp_strvec_dispose(&got);
	free(dir);
}

static void long_paths(run *r)
{
	char part[] = "a_folder_name_of_forty_characters_xxxxx";
	char *path = strdup(r->root), *file;
	sp_os_stat_info st;
	for (int i = 0; i < 8 && path; i++) {
		char *next = join(path, part);
		free(path);
		path = next;
	}
	CHECK(r, path && strlen(path) > 300, "a path past MAX_PATH");
	CHECK(r, sp_os_mkdir_p(r->ctx, path) == 0, "mkdir_p of a long path");
	write_file(r, path, "deep.txt", "deep");
	file = join(path, "deep.txt");
	CHECK(r, sp_os_stat(r->ctx, file, &st) == 0 && st.size == 4, "stat of a long path");
	free(file);
	free(path);
}

static void sets_of_files(run *r)
{
	char *dir = join(r->root, "set"), *text, *journal;
	sp_buf t1 = SP_BUF_INIT, t2 = SP_BUF_INIT;
	const char *names[] = {"task.json", "tips.json"};
	int committed = 0;
	FILE *f;
	CHECK(r, sp_os_mkdir_p(r->ctx, dir) == 0, "mkdir");
	write_file(r, dir, "task.json", "old");
	CHECK(r, sp_os_write_temp(r->ctx, dir, ".t.", "new task", 8, &t1) == 0, "temp 1");
	CHECK(r, sp_os_write_temp(r->ctx, dir, ".t.", "new tips", 8, &t2) == 0, "temp 2");
	const char *tmps[] = {t1.ptr, t2.ptr};
	CHECK(r, sp_os_replace_set(r->ctx, dir, tmps, names, 2, &committed) == 0 && committed, "set");
	journal = join(dir, SP_OS_SET_JOURNAL);
	CHECK(r, sp__os_lexists(journal) == 0, "journal removed");
	text = join(dir, "tips.json");
	char *got = slurp(r, text);
	CHECK(r, got && strcmp(got, "new tips") == 0, "set content");
	free(got);
	free(text);

	/* an interrupted switch: the journal and one temporary file are left */
	write_file(r, dir, ".pending", "after the crash");
	f = fopen(journal, "wb");
	CHECK(r, f != NULL, "write a journal by hand");
	if (f) {
		fputs(".pending\ttask.json\n", f);
		fclose(f);
	}
	CHECK(r, sp_os_finish_set(r->ctx, dir) == 0, "finish");
	text = join(dir, "task.json");
	got = slurp(r, text);
	CHECK(r, got && strcmp(got, "after the crash") == 0, "finished content");
	CHECK(r, sp__os_lexists(journal) == 0, "journal removed after finish");
	free(got);
	free(text);
	free(journal);
	sp_buf_dispose(&t1);
	sp_buf_dispose(&t2);
	free(dir);
}

static void absolute_and_roots(run *r)
{
	sp_buf out = SP_BUF_INIT, cwd = SP_BUF_INIT;
	uint64_t d1, i1, d2, i2;
	char *dotted = join(r->root, "a/./b/../b");
	char *plain = join(r->root, "a/b");
	CHECK(r, sp_os_getcwd(r->ctx, &cwd) == 0 && cwd.size > 0, "getcwd");
	CHECK(r, cwd.ptr && !strchr(cwd.ptr, '\\'), "cwd uses '/': %s", cwd.ptr);
	CHECK(r, sp_os_absolute(r->ctx, &out, "x/../y.ma") == 0, "absolute");
	CHECK(r,
	      out.ptr && strncmp(out.ptr, cwd.ptr, cwd.size) == 0 && strcmp(out.ptr + cwd.size, "/y.ma") == 0,
	      "relative joins the current folder: %s", out.ptr);
	CHECK(r, sp_os_file_id(dotted, &d1, &i1) == 0 && sp_os_file_id(plain, &d2, &i2) == 0, "file ids");
	CHECK(r, d1 == d2 && i1 == i2, "one folder, one id");
	CHECK(r,
	      sp_realpath(&out, dotted) == 0 && strlen(out.ptr) >= 4 &&
	          strcmp(out.ptr + strlen(out.ptr) - 4, "/a/b") == 0 && !strchr(out.ptr, '\\') &&
	          sp__os_root_length(out.ptr) > 0,
	      "real path: %s", out.ptr);
	CHECK(r, sp_realpath(&out, "no/such/thing") == SP_ENOTFOUND, "real path of nothing");
	CHECK(r, sp__os_root_length("/x") == 1, "posix root");
#ifdef _WIN32
	CHECK(r, sp__os_root_length("C:/x") == 3 && sp__os_root_length("c:x") == 2, "drive roots");
	CHECK(r, sp__os_root_length("//srv/share/x") == 12, "UNC root");
	CHECK(r, sp_os_absolute(r->ctx, &out, "D:/a/../b") == 0 && strcmp(out.ptr, "D:/b") == 0, "drive: %s",
	      out.ptr);
	CHECK(r,
	      sp_os_absolute(r->ctx, &out, "/top") == 0 && out.ptr[1] == ':' &&
	          strcmp(out.ptr + 2, "/top") == 0,
	      "rooted path takes the current drive: %s", out.ptr);
#endif
	free(dotted);
	free(plain);
	sp_buf_dispose(&out);
	sp_buf_dispose(&cwd);
}

static void on_line(const char *line, void *payload)
{
	sp_strvec *lines = payload;
	(void)sp_strvec_push(lines, line);
}

static void programs(run *r)
{
	sp_buf prog = SP_BUF_INIT;
	sp_strvec lines = SP_STRVEC_INIT;
	int code = -1;
	CHECK(r, sp_os_find_program(r->ctx, SHELL, &prog) == 0, "find %s", SHELL);
	CHECK(r, sp_os_find_program(r->ctx, "no-such-program-here", &prog) == SP_ENOTFOUND,
	      "missing program");
	sp_ctx_clear_error(r->ctx);
	if (sp_os_find_program(r->ctx, SHELL, &prog) == 0) {
#ifdef _WIN32
		const char *argv[] = {prog.ptr, "/c", "echo hello world& exit 3", NULL};
#else
		const char *argv[] = {prog.ptr, "-c", "echo hello world; exit 3", NULL};
#endif
		CHECK(r, sp_os_run(r->ctx, argv, on_line, &lines, &code) == 0, "run");
		CHECK(r, code == 3, "exit code %d", code);
		CHECK(r, lines.count == 1 && strcmp(lines.items[0], "hello world") == 0, "output line: %s",
		      lines.count ? lines.items[0] : "(none)");
	}
	sp_strvec_dispose(&lines);
	sp_buf_dispose(&prog);
}

int main(int argc, char **argv)
{
	run r = {NULL, NULL, 0};
	if (argc != 2) {
		fprintf(stderr, "usage: os_contract SCRATCH_FOLDER\n");
		return 2;
	}
	if (sp_ctx_new(&r.ctx, NULL) != 0)
		return 2;
	r.root = argv[1];
	folders_and_files(&r);
	listing_and_names(&r);
	long_paths(&r);
	sets_of_files(&r);
	absolute_and_roots(&r);
	programs(&r);
	sp_ctx_free(r.ctx);
	if (r.failures)
		fprintf(stderr, "os_contract: %d check(s) failed\n", r.failures);
	else
		printf("os_contract: every check passed\n");
	return r.failures ? 1 : 0;
}
