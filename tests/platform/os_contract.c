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

/* The first `cap` bytes of a file and its whole size, or -1 when it cannot be opened. */
static long read_head(run *r, const char *path, char *buf, size_t cap)
{
	FILE *f = sp_os_fopen_read(r->ctx, path);
	size_t n = 0, got;
	char scratch[4096];
	long total = 0;
	if (!f)
		return -1;
	while ((got = fread(n < cap ? buf + n : scratch, 1, n < cap ? cap - n : sizeof(scratch), f)) > 0) {
		if (n < cap)
			n += got;
		total += (long)got;
	}
	fclose(f);
	return total;
}

/* Pieces of every size, across the temporary file's buffer, and sets committed together. */
static void streamed_files(run *r)
{
	char *dir = join(r->root, "stream/\xc3\xa9t\xc3\xa9"), *final_path = join(dir, "asset.json");
	enum { TOTAL = 300000 };
	char *want = malloc(TOTAL), *got = malloc(TOTAL);
	sp_os_tmpfile *t = NULL, *set[3] = {NULL, NULL, NULL};
	size_t off = 0, piece = 1;
	long size;
	for (size_t i = 0; want && i < TOTAL; i++)
		want[i] = (char)('a' + (i * 7 + i / 1000) % 26);
	CHECK(r, want && got, "memory");
	CHECK(r, sp_os_mkdir_p(r->ctx, dir) == 0, "mkdir %s", dir);
	CHECK(r, sp_os_tmp_open(&t, r->ctx, dir, ".asset.json.") == 0 && t, "open");
	if (!t || !want || !got)
		goto done;
	CHECK(r, strncmp(sp_os_tmp_path(t), dir, strlen(dir)) == 0, "path %s in %s", sp_os_tmp_path(t), dir);
	CHECK(r, sp__os_lexists(sp_os_tmp_path(t)) == 1, "the file exists once opened");
	/* 1, 3, 9 ... bytes, then 70000 at once: smaller and larger than the 64 KB buffer */
	while (off < TOTAL) {
		size_t n = off + piece > TOTAL ? TOTAL - off : piece;
		CHECK(r, sp_os_tmp_write(t, want + off, n) == 0, "write %zu at %zu", n, off);
		off += n;
		piece = piece < 20000 ? piece * 3 : 70000;
	}
	CHECK(r, sp_os_tmp_commit(t) == 0, "commit");
	CHECK(r, sp_os_tmp_write(t, "x", 1) != 0, "a committed file takes no more writes");
	sp_ctx_clear_error(r->ctx);
	CHECK(r, sp_os_replace(r->ctx, sp_os_tmp_path(t), final_path) == 0, "replace");
	sp_os_tmp_free(t);
	t = NULL;
	size = read_head(r, final_path, got, TOTAL);
	CHECK(r, size == TOTAL && memcmp(got, want, TOTAL) == 0, "content: %ld bytes", size);

	/* three files committed together; one aborted after its commit, one never committed */
	for (int i = 0; i < 3; i++) {
		CHECK(r, sp_os_tmp_open(&set[i], r->ctx, dir, ".set.") == 0, "open %d", i);
		if (set[i])
			CHECK(r, sp_os_tmp_write(set[i], want, (size_t)(i + 1) * 40000) == 0, "write %d", i);
	}
	if (set[0] && set[1] && set[2]) {
		char *kept = join(dir, "kept"), *keep_tmp = NULL;
		CHECK(r, strcmp(sp_os_tmp_path(set[0]), sp_os_tmp_path(set[1])) != 0, "unique names");
		CHECK(r, sp_os_tmp_commit_set(set, 2) == 0, "commit a set");
		size = read_head(r, sp_os_tmp_path(set[1]), got, TOTAL);
		CHECK(r, size == 80000 && memcmp(got, want, 80000) == 0, "set content: %ld bytes", size);
		CHECK(r, sp_os_replace(r->ctx, sp_os_tmp_path(set[0]), kept) == 0, "replace from a set");
		keep_tmp = malloc(strlen(sp_os_tmp_path(set[1])) + 1);
		if (keep_tmp)
			strcpy(keep_tmp, sp_os_tmp_path(set[1]));
		char *never = malloc(strlen(sp_os_tmp_path(set[2])) + 1);
		if (never)
			strcpy(never, sp_os_tmp_path(set[2]));
		sp_os_tmp_free(set[0]);
		sp_os_tmp_abort(set[1]);
		sp_os_tmp_free(set[2]);
		set[0] = set[1] = set[2] = NULL;
		CHECK(r, read_head(r, kept, got, TOTAL) == 40000, "a freed committed file stays");
		sp_ctx_clear_error(r->ctx);
		CHECK(r, keep_tmp && sp__os_lexists(keep_tmp) == 0, "abort removes a committed file");
		CHECK(r, never && sp__os_lexists(never) == 0, "free removes a file never committed");
		free(kept);
		free(keep_tmp);
		free(never);
	}
	{
		/* a folder that does not exist: an error naming it, nothing left */
		char *missing = join(dir, "missing");
		sp_os_tmpfile *none = NULL;
		CHECK(r, sp_os_tmp_open(&none, r->ctx, missing, ".x.") == SP_EIO && none == NULL,
		      "missing folder");
		CHECK(r, strstr(sp_ctx_last_error(r->ctx), "missing") != NULL, "message: %s",
		      sp_ctx_last_error(r->ctx));
		sp_ctx_clear_error(r->ctx);
		free(missing);
	}
done:
	sp_os_tmp_abort(t);
	for (int i = 0; i < 3; i++)
		sp_os_tmp_abort(set[i]);
	free(want);
	free(got);
	free(final_path);
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

/* A library every process of the system has, one of its functions, and how it is called. */
#ifdef _WIN32
#define PRESENT_LIBRARY "kernel32.dll"
#define PRESENT_SYMBOL  "lstrlenA"
typedef int(__stdcall *strlen_fn)(const char *);
#elif defined(__APPLE__)
#define PRESENT_LIBRARY "libSystem.B.dylib"
#define PRESENT_SYMBOL  "strlen"
typedef size_t (*strlen_fn)(const char *);
#else
#define PRESENT_LIBRARY "libc.so.6"
#define PRESENT_SYMBOL  "strlen"
typedef size_t (*strlen_fn)(const char *);
#endif
#define MISSING_LIBRARY "sceneprobe-no-such-library-4.so"

static void shared_libraries(run *r)
{
	sp_os_lib *lib = NULL, *again = NULL;
	sp_os_fn fn = NULL;
	const char *const *names = sp__os_libcurl_names();

	CHECK(r, sp__os_dlopen(&lib, r->ctx, PRESENT_LIBRARY, 0) == 0 && lib, "load %s", PRESENT_LIBRARY);
	if (lib) {
		CHECK(r, sp__os_dlsym(&fn, r->ctx, lib, PRESENT_SYMBOL) == 0 && fn, "find %s",
		      PRESENT_SYMBOL);
		if (fn)
			CHECK(r, (size_t)((strlen_fn)fn)("scene") == 5, "call %s", PRESENT_SYMBOL);
		CHECK(r, sp__os_dlsym(&fn, r->ctx, lib, "sceneprobe_no_such_symbol") == SP_ENOTFOUND && !fn,
		      "missing symbol");
		CHECK(r, strstr(sp_ctx_last_error(r->ctx), "sceneprobe_no_such_symbol") != NULL,
		      "the message names the symbol: %s", sp_ctx_last_error(r->ctx));
		sp_ctx_clear_error(r->ctx);
		/* Loaded already: another reference, also when only a loaded library is wanted. */
		CHECK(r, sp__os_dlopen(&again, r->ctx, PRESENT_LIBRARY, SP_OS_LIB_LOADED_ONLY) == 0 && again,
		      "loaded-only open of %s", PRESENT_LIBRARY);
		sp__os_dlclose(again);
		again = NULL;
		CHECK(r, sp__os_dlopen(&again, r->ctx, PRESENT_LIBRARY, SP_OS_LIB_PIN) == 0 && again,
		      "pinned open");
		sp__os_dlclose(again);
		sp__os_dlclose(lib);
	}
	lib = (sp_os_lib *)&r; /* must be reset on failure */
	CHECK(r, sp__os_dlopen(&lib, r->ctx, MISSING_LIBRARY, 0) == SP_ENOTFOUND && !lib, "missing library");
	CHECK(r,
	      strstr(sp_ctx_last_error(r->ctx), MISSING_LIBRARY) != NULL &&
	          strlen(sp_ctx_last_error(r->ctx)) > strlen(MISSING_LIBRARY) + 14,
	      "the message names the library and the reason: %s", sp_ctx_last_error(r->ctx));
	sp_ctx_clear_error(r->ctx);
	CHECK(r, sp__os_dlopen(&lib, r->ctx, MISSING_LIBRARY, SP_OS_LIB_LOADED_ONLY) == SP_ENOTFOUND && !lib,
	      "loaded-only open of a missing library");
	sp_ctx_clear_error(r->ctx);
	CHECK(r, sp__os_dlopen(&lib, NULL, MISSING_LIBRARY, 0) == SP_ENOTFOUND, "without a context");
	sp__os_dlclose(NULL);
	CHECK(r, names && names[0] && strstr(names[0], "curl") != NULL, "libcurl's names");
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
	streamed_files(&r);
	absolute_and_roots(&r);
	programs(&r);
	shared_libraries(&r);
	sp_ctx_free(r.ctx);
	if (r.failures)
		fprintf(stderr, "os_contract: %d check(s) failed\n", r.failures);
	else
		printf("os_contract: every check passed\n");
	return r.failures ? 1 : 0;
}
