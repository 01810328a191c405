#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os.h"
#include "support.h"

static sp_ctx *ctx;
static char *root;

static void setup(void)
{
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	root = tst_mkdtemp();
}

static void teardown(void)
{
	tst_rmtree(root);
	free(root);
	sp_ctx_free(ctx);
}

TestSuite(os, .init = setup, .fini = teardown);

static size_t count_entries(const char *dir)
{
	sp_strvec names = SP_STRVEC_INIT;
	cr_assert_eq(sp_os_list_dir(ctx, dir, &names), 0, "%s", sp_ctx_last_error(ctx));
	size_t n = names.count;
	sp_strvec_dispose(&names);
	return n;
}

Test(os, write_temp_then_replace_leaves_exactly_the_final_file)
{
	sp_buf tmp = SP_BUF_INIT;
	char *final_path = tst_join(root, "task.json");
	tst_write(root, "task.json", "old contents", (size_t)-1);

	cr_assert_eq(sp_os_write_temp(ctx, root, "task.json", "{\"a\":1}", 7, &tmp), 0, "%s",
	             sp_ctx_last_error(ctx));
	cr_assert_eq(strncmp(tmp.ptr, root, strlen(root)), 0, "temp file %s is not in %s", tmp.ptr, root);
	cr_assert_eq(count_entries(root), 2);
	char *text = tst_read(tmp.ptr, NULL);
	cr_assert_str_eq(text, "{\"a\":1}");
	free(text);

	cr_assert_eq(sp_os_replace(ctx, tmp.ptr, final_path), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(count_entries(root), 1);
	text = tst_read(final_path, NULL);
	cr_assert_str_eq(text, "{\"a\":1}");
	free(text);

	struct stat st;
	cr_assert_eq(stat(final_path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0644);
	sp_buf_dispose(&tmp);
	free(final_path);
}

Test(os, write_temp_handles_binary_data_and_a_trailing_slash)
{
	static const char bytes[] = {'a', '\0', 'b', '\n', '\xff'};
	sp_buf tmp = SP_BUF_INIT;
	char *dir = tst_join(root, "");
	size_t len = 0;
	cr_assert_eq(sp_os_write_temp(ctx, dir, "x", bytes, sizeof(bytes), &tmp), 0);
	cr_assert_null(strstr(tmp.ptr, "//"), "%s", tmp.ptr);
	char *text = tst_read(tmp.ptr, &len);
	cr_assert_eq(len, sizeof(bytes));
	cr_assert_eq(memcmp(text, bytes, len), 0);
	free(text);
	sp_buf_dispose(&tmp);
	free(dir);
}

Test(os, write_temp_in_a_missing_folder_fails_and_leaves_nothing)
{
	sp_buf tmp = SP_BUF_INIT;
	char *dir = tst_join(root, "missing");
	cr_assert_eq(sp_os_write_temp(ctx, dir, "task.json", "x", 1, &tmp), SP_EIO);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), dir), "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(tmp.size, 0);
	cr_assert_eq(count_entries(root), 0);
	free(dir);
}

Test(os, replace_of_a_missing_temp_file_fails_with_both_paths)
{
	char *a = tst_join(root, "nope.tmp"), *b = tst_join(root, "final");
	cr_assert_eq(sp_os_replace(ctx, a, b), SP_EIO);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), a));
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), b));
	free(a);
	free(b);
}

Test(os, list_dir_is_sorted_bytewise_without_dot_entries)
{
	sp_strvec names = SP_STRVEC_INIT;
	const char *files[] = {"b.exr", "a.exr", "B.exr", "a.1001.exr", "_x", "\xc3\xa9t\xc3\xa9.png"};
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		tst_write(root, files[i], "", 0);
	tst_write(root, "sub/inner.txt", "", 0);
	cr_assert_eq(sp_os_list_dir(ctx, root, &names), 0);
	const char *want[] = {"B.exr", "_x", "a.1001.exr", "a.exr", "b.exr", "sub", "\xc3\xa9t\xc3\xa9.png"};
	cr_assert_eq(names.count, sizeof(want) / sizeof(*want));
	for (size_t i = 0; i < names.count; i++)
		cr_assert_str_eq(names.items[i], want[i]);
	sp_strvec_dispose(&names);
}

Test(os, list_dir_of_a_missing_folder_or_a_file_is_not_found)
{
	sp_strvec names = SP_STRVEC_INIT;
	char *missing = tst_join(root, "missing");
	char *file = tst_join(root, "f.txt");
	tst_write(root, "f.txt", "x", 1);
	cr_assert_eq(sp_os_list_dir(ctx, missing, &names), SP_ENOTFOUND);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), missing));
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_os_list_dir(ctx, file, &names), SP_ENOTFOUND);
	cr_assert_eq(names.count, 0);
	free(missing);
	free(file);
}

Test(os, mkdir_p_creates_nested_folders_and_accepts_existing_ones)
{
	char *deep = tst_join(root, "a/b//c/d/");
	char *leaf = tst_join(root, "a/b/c/d");
	sp_os_stat_info info;
	cr_assert_eq(sp_os_mkdir_p(ctx, deep), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_os_stat(ctx, leaf, &info), 0);
	cr_assert(info.is_dir);
	cr_assert_eq(sp_os_mkdir_p(ctx, leaf), 0);
	cr_assert_eq(sp_os_mkdir_p(ctx, root), 0);
	free(deep);
	free(leaf);
}

Test(os, mkdir_p_refuses_a_file_in_the_way)
{
	char *blocked = tst_join(root, "f/sub");
	tst_write(root, "f", "x", 1);
	cr_assert_eq(sp_os_mkdir_p(ctx, blocked), SP_EIO);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), "/f'"), "%s", sp_ctx_last_error(ctx));
	free(blocked);
}

Test(os, stat_reports_size_kind_and_missing_files)
{
	sp_os_stat_info info = {9, 9, 0};
	char *file = tst_join(root, "f.bin");
	char *missing = tst_join(root, "nope/f.bin");
	tst_write(root, "f.bin", "12345", 5);
	cr_assert_eq(sp_os_stat(ctx, file, &info), 0);
	cr_assert_eq(info.is_dir, 0);
	cr_assert_eq(info.size, 5);
	cr_assert_gt(info.mtime, 0);
	cr_assert_eq(sp_os_stat(ctx, root, &info), 0);
	cr_assert_eq(info.is_dir, 1);
	cr_assert_eq(sp_os_stat(ctx, missing, &info), SP_ENOTFOUND);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), missing), "%s", sp_ctx_last_error(ctx));
	free(file);
	free(missing);
}

Test(os, fopen_read_opens_files_and_reports_missing_ones)
{
	char *file = tst_join(root, "r.txt");
	tst_write(root, "r.txt", "hello", 5);
	FILE *f = sp_os_fopen_read(ctx, file);
	cr_assert_not_null(f);
	char buf[8] = {0};
	cr_assert_eq(fread(buf, 1, sizeof(buf), f), 5);
	cr_assert_str_eq(buf, "hello");
	fclose(f);
	free(file);
	file = tst_join(root, "none.txt");
	cr_assert_null(sp_os_fopen_read(ctx, file));
	cr_assert_eq(sp_ctx_last_code(ctx), SP_ENOTFOUND);
	free(file);
}

Test(os, absolute_joins_the_current_folder_and_normalises)
{
	sp_buf cwd = SP_BUF_INIT, out = SP_BUF_INIT, want = SP_BUF_INIT;
	cr_assert_eq(sp_os_getcwd(ctx, &cwd), 0);
	cr_assert_eq(cwd.ptr[0], '/');
	cr_assert_eq(sp_os_absolute(ctx, &out, "x/./y/../z.ma"), 0);
	cr_assert_eq(sp_buf_printf(&want, "%s/x/z.ma", strcmp(cwd.ptr, "/") ? cwd.ptr : ""), 0);
	cr_assert_str_eq(out.ptr, want.ptr);
	cr_assert_eq(sp_os_absolute(ctx, &out, "/mnt//a/../b"), 0);
	cr_assert_str_eq(out.ptr, "/mnt/b");
	cr_assert_eq(sp_os_absolute(ctx, &out, ""), 0);
	cr_assert_str_eq(out.ptr, cwd.ptr);
	sp_buf_dispose(&cwd);
	sp_buf_dispose(&out);
	sp_buf_dispose(&want);
}

Test(os, home_dir_prefers_the_home_variable)
{
	sp_buf out = SP_BUF_INIT;
	cr_assert_eq(sp_ctx_set_env(ctx, "HOME", "/home/artist"), 0);
	cr_assert_eq(sp_os_home_dir(ctx, &out), 0);
	cr_assert_str_eq(out.ptr, "/home/artist");
	cr_assert_eq(sp_ctx_set_env(ctx, "HOME", ""), 0);
	cr_assert_eq(sp_os_home_dir(ctx, &out), 0); /* falls back to the user database */
	cr_assert_eq(out.ptr[0], '/');
	sp_buf_dispose(&out);
}

Test(os, pid_is_this_process)
{
	cr_assert_eq(sp_os_pid(), (long)getpid());
}

/* ---- temporary files written in pieces ------------------------------------------------ */

typedef struct {
	char steps[64][16];
	size_t count;
	const char *fail_step; /* fail this step ... */
	size_t fail_nth;       /* ... the nth time it comes (1-based) */
	size_t seen;
} step_log;

static int log_step(const char *step, const char *path, void *payload)
{
	step_log *log = payload;
	(void)path;
	if (log->count < 64)
		snprintf(log->steps[log->count++], sizeof(log->steps[0]), "%s", step);
	return log->fail_step && strcmp(step, log->fail_step) == 0 && ++log->seen == log->fail_nth;
}

static void joined_steps(const step_log *log, char *out, size_t cap)
{
	out[0] = '\0';
	for (size_t i = 0; i < log->count; i++) {
		strncat(out, log->steps[i], cap - strlen(out) - 1);
		if (i + 1 < log->count)
			strncat(out, " ", cap - strlen(out) - 1);
	}
}

/* `n` bytes of a pattern that shows misplaced or lost pieces. */
static char *pattern_bytes(size_t n)
{
	char *p = malloc(n);
	for (size_t i = 0; i < n; i++)
		p[i] = (char)(i % 251);
	return p;
}

Test(os, a_temporary_file_written_in_pieces_holds_every_byte_in_order)
{
	enum { TOTAL = 1000003 };
	char *want = pattern_bytes(TOTAL), *final_path = tst_join(root, "asset.json");
	sp_os_tmpfile *t = NULL;
	size_t len = 0, off = 0, piece = 1;
	cr_assert_eq(sp_os_tmp_open(&t, ctx, root, ".asset.json."), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(count_entries(root), 1, "the file exists from the start");
	while (off < TOTAL) {
		size_t n = piece < TOTAL - off ? piece : TOTAL - off;
		cr_assert_eq(sp_os_tmp_write(t, want + off, n), 0);
		off += n;
		piece = piece * 7 % 200003 + 1; /* 1 byte to 200 KB, across the 64 KB buffer */
	}
	cr_assert_eq(sp_os_tmp_commit(t), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_os_replace(ctx, sp_os_tmp_path(t), final_path), 0);
	sp_os_tmp_free(t);
	char *got = tst_read(final_path, &len);
	cr_assert_eq(len, TOTAL);
	cr_assert_eq(memcmp(got, want, TOTAL), 0);
	struct stat st;
	cr_assert_eq(stat(final_path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0644, "task files are readable by the farm's other tools");
	cr_assert_eq(count_entries(root), 1);
	free(got);
	free(want);
	free(final_path);
}

Test(os, a_set_committed_together_takes_each_hook_step_once_per_file)
{
	step_log log = {0};
	sp_os_tmpfile *files[3] = {NULL, NULL, NULL};
	char steps[512];
	sp__os_set_io_hook(ctx, log_step, &log);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(sp_os_tmp_open(&files[i], ctx, root, ".t."), 0);
		cr_assert_eq(sp_os_tmp_write(files[i], "{}\n", 3), 0);
	}
	cr_assert_eq(sp_os_tmp_commit_set(files, 3), 0, "%s", sp_ctx_last_error(ctx));
	sp__os_set_io_hook(ctx, NULL, NULL);
	joined_steps(&log, steps, sizeof(steps));
	/* every write reaches the system before the first fsync, every fsync before the first close */
	cr_assert_str_eq(steps, "create create create write write write sync sync sync close close close");
	for (int i = 0; i < 3; i++) {
		char *text = tst_read(sp_os_tmp_path(files[i]), NULL);
		cr_assert_str_eq(text, "{}\n");
		free(text);
		sp_os_tmp_free(files[i]);
	}
	cr_assert_eq(count_entries(root), 3, "committed files stay when their handles are freed");
}

Test(os, a_large_file_takes_a_write_step_per_buffer)
{
	step_log log = {0};
	sp_os_tmpfile *t = NULL;
	char *data = pattern_bytes(200000);
	sp__os_set_io_hook(ctx, log_step, &log);
	cr_assert_eq(sp_os_tmp_open(&t, ctx, root, ".big."), 0);
	cr_assert_eq(sp_os_tmp_write(t, data, 200000), 0);
	cr_assert_eq(sp_os_tmp_commit(t), 0);
	sp__os_set_io_hook(ctx, NULL, NULL);
	/* 200000 bytes: three full 64 KB buffers, then the rest at commit */
	char steps[512];
	joined_steps(&log, steps, sizeof(steps));
	cr_assert_str_eq(steps, "create write write write write sync close");
	sp_os_tmp_free(t);
	free(data);
}

/* Fail `step` the nth time it comes while streaming 200 KB into a set of two: nothing is left. */
static void fail_and_check(const char *step, size_t nth)
{
	step_log log = {0};
	sp_os_tmpfile *files[2] = {NULL, NULL};
	char *data = pattern_bytes(200000);
	int error = 0;
	log.fail_step = step;
	log.fail_nth = nth;
	sp__os_set_io_hook(ctx, log_step, &log);
	for (int i = 0; i < 2 && error == 0; i++) {
		error = sp_os_tmp_open(&files[i], ctx, root, ".f.");
		if (error == 0)
			error = sp_os_tmp_write(files[i], data, 200000);
	}
	if (error == 0)
		error = sp_os_tmp_commit_set(files, 2);
	sp__os_set_io_hook(ctx, NULL, NULL);
	cr_assert_eq(error, SP_EIO, "%s #%zu: %d", step, nth, error);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), root), "%s", sp_ctx_last_error(ctx));
	/* errors are sticky: when the first buffer failed, later writes and the commit fail too */
	if (strcmp(step, "write") == 0 && nth == 1) {
		cr_assert_eq(sp_os_tmp_write(files[0], "x", 1), SP_EIO);
		cr_assert_eq(sp_os_tmp_commit(files[0]), SP_EIO);
	}
	sp_ctx_clear_error(ctx);
	for (int i = 0; i < 2; i++)
		sp_os_tmp_abort(files[i]);
	cr_assert_eq(count_entries(root), 0, "%s #%zu left files behind", step, nth);
	free(data);
}

Test(os, a_failure_at_any_step_of_a_streamed_set_leaves_nothing_after_abort)
{
	fail_and_check("create", 1);
	fail_and_check("create", 2);
	fail_and_check("write", 1); /* the first buffer of the first file */
	fail_and_check("write", 5); /* the second file, while it is being written */
	fail_and_check("write", 8); /* the last flush, at commit */
	fail_and_check("sync", 2);
	fail_and_check("close", 1);
	fail_and_check("close", 2);
}

Test(os, a_file_never_committed_is_removed_when_freed_and_a_committed_one_by_abort)
{
	sp_os_tmpfile *a = NULL, *b = NULL;
	cr_assert_eq(sp_os_tmp_open(&a, ctx, root, ".a."), 0);
	cr_assert_eq(sp_os_tmp_write(a, "partial", 7), 0);
	cr_assert_eq(sp_os_tmp_open(&b, ctx, root, ".b."), 0);
	cr_assert_eq(sp_os_tmp_write(b, "whole", 5), 0);
	cr_assert_eq(sp_os_tmp_commit(b), 0);
	cr_assert_eq(count_entries(root), 2);
	sp_os_tmp_free(a);
	cr_assert_eq(count_entries(root), 1);
	cr_assert_neq(sp_os_tmp_write(b, "more", 4), 0, "a committed file takes no more bytes");
	cr_assert_neq(sp_os_tmp_commit(b), 0, "nor a second commit");
	sp_ctx_clear_error(ctx);
	sp_os_tmp_abort(b);
	cr_assert_eq(count_entries(root), 0);
	sp_os_tmp_free(NULL);
	sp_os_tmp_abort(NULL);
}
