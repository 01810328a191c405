/*
 * Hostile task directories: nesting, long strings and odd JSON values in the
 * four files end with a problem report or an error code, never a crash.
 */
#include "support.h"

#include <criterion/criterion.h>
#include <sceneprobe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmp;
static sp_ctx *ctx;
static size_t problems;

static void setup(void)
{
	tmp = tst_mkdtemp();
	problems = 0;
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
}

static void teardown(void)
{
	sp_ctx_free(ctx);
	tst_rmtree(tmp);
	free(tmp);
}

TestSuite(taskdir_limits, .init = setup, .fini = teardown);

static void count_problem(const char *file, const char *problem, void *payload)
{
	(void)file;
	(void)problem;
	(*(size_t *)payload)++;
}

/* `n` nested arrays around `inner`: "[[[...inner...]]]". */
static char *nested(size_t n, const char *inner)
{
	size_t len = strlen(inner);
	char *s = malloc(2 * n + len + 1);
	cr_assert_not_null(s);
	memset(s, '[', n);
	memcpy(s + n, inner, len);
	memset(s + n + len, ']', n);
	s[2 * n + len] = '\0';
	return s;
}

Test(taskdir_limits, deeply_nested_task_json_is_a_problem_not_a_stack_overflow)
{
	char *deep = nested(200000, "1");
	tst_write(tmp, "task.json", deep, (size_t)-1);
	tst_write(tmp, "upload.json", deep, (size_t)-1);
	tst_write(tmp, "asset.json", deep, (size_t)-1);
	tst_write(tmp, "tips.json", deep, (size_t)-1);
	cr_assert_eq(sp_taskdir_check(ctx, tmp, count_problem, &problems), SP_ECORRUPT);
	cr_assert_geq(problems, 4);
	cr_assert_lt(sp_taskdir_set(ctx, tmp, "frames_per_task", "2"), 0);
	cr_assert_lt(sp_taskdir_add_info(ctx, tmp, "a", "b"), 0);
	free(deep);
}

Test(taskdir_limits, nesting_inside_the_expected_objects_is_reported)
{
	char *deep = nested(5000, "\"x\"");
	char *task = NULL;
	size_t n = strlen(deep) + 128;
	task = malloc(n);
	cr_assert_not_null(task);
	snprintf(task, n, "{\"task_info\":{\"frames\":%s},\"scene_info\":{\"l\":%s}}", deep, deep);
	tst_write(tmp, "task.json", task, (size_t)-1);
	tst_write(tmp, "upload.json", "{\"asset\":[]}", (size_t)-1);
	tst_write(tmp, "asset.json", "{}", (size_t)-1);
	tst_write(tmp, "tips.json", "{}", (size_t)-1);
	cr_assert_eq(sp_taskdir_check(ctx, tmp, count_problem, &problems), SP_ECORRUPT);
	cr_assert_geq(problems, 1);
	free(deep);
	free(task);
}

Test(taskdir_limits, a_megabyte_key_and_escaped_nul_are_read_without_harm)
{
	size_t big = 1024 * 1024;
	char *task = malloc(big + 256);
	cr_assert_not_null(task);
	strcpy(task, "{\"task_info\":{\"");
	memset(task + strlen(task), 'k', big);
	strcpy(task + strlen("{\"task_info\":{\"") + big, "\":\"a\\u0000b\",\"frames\":\"1-10[1]\"}}");
	tst_write(tmp, "task.json", task, (size_t)-1);
	tst_write(tmp, "upload.json", "{\"asset\":[{\"local\":\"a\\u0000/../b\",\"server\":\"/../../etc\"}]}",
	          (size_t)-1);
	tst_write(tmp, "asset.json", "{}", (size_t)-1);
	tst_write(tmp, "tips.json", "{\"1e999\":[1e999,-0,\"\\ud800\"]}", (size_t)-1);
	cr_assert_eq(sp_taskdir_check(ctx, tmp, count_problem, &problems), SP_ECORRUPT);
	cr_assert_geq(problems, 1);
	cr_assert_eq(sp_taskdir_set(ctx, tmp, "frames_per_task", "2"), 0, "%s", sp_ctx_last_error(ctx));
	free(task);
}
