/* The whole-operation API (core/include/sp/ops.h) straight from C, so the sanitizers see every path. */
#include "support.h"

#include <sceneprobe.h>

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmp;
static sp_ctx *ctx;

static void setup(void)
{
	tmp = tst_mkdtemp();
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	setenv("HOME", tmp, 1);
	setenv("XDG_CONFIG_HOME", tmp, 1);
	unsetenv("SCENEPROBE_WORKSPACE");
	unsetenv("RAYVISION_API_ACCESS_ID");
	unsetenv("RAYVISION_API_KEY");
}

static void teardown(void)
{
	sp_ctx_free(ctx);
	tst_rmtree(tmp);
	free(tmp);
}

TestSuite(ops, .init = setup, .fini = teardown);

static const char scene_text[] = "//Maya ASCII 2023 scene\n"
                                 "requires maya \"2023\";\n"
                                 "currentUnit -l centimeter -a degree -t film;\n"
                                 "createNode file -n \"file1\";\n"
                                 "\tsetAttr \".ftn\" -type \"string\" \"tex/wood.png\";\n";

static char *write_scene(void)
{
	tst_write(tmp, "shot.ma", scene_text, (size_t)-1);
	return tst_join(tmp, "shot.ma");
}

static cJSON *parse(const char *text)
{
	cJSON *doc = cJSON_Parse(text);
	cr_assert_not_null(doc, "%s", text);
	return doc;
}

Test(ops, analyze_writes_the_task_folder_and_returns_the_summary_naming_it)
{
	char *scene = write_scene(), *out = tst_join(tmp, "task"), *summary = NULL, *task_json, *task_path;
	cJSON *doc;
	cr_assert_eq(sp_analyze_file(&summary, ctx, scene, out, "{\"project_name\": \"demo\"}"), 0, "%s",
	             sp_ctx_last_error(ctx));
	doc = parse(summary);
	cr_expect_str_eq(cJSON_GetObjectItem(doc, "task_dir")->valuestring, out);
	cr_expect_str_eq(cJSON_GetObjectItem(doc, "application")->valuestring, "Maya");
	cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "missing")), 1);
	task_path = tst_join(out, "task.json");
	task_json = tst_read(task_path, NULL);
	cr_assert_not_null(task_json);
	cr_expect(strstr(task_json, "\"project_name\":\t\"demo\"") != NULL, "%s", task_json);
	cJSON_Delete(doc);
	sp_string_free(summary);
	free(task_json);
	free(task_path);
	free(scene);
	free(out);
}

Test(ops, a_missing_scene_is_not_found_and_nothing_is_returned)
{
	char *scene = tst_join(tmp, "gone.ma"), *summary = (char *)"untouched";
	cr_assert_eq(sp_analyze_file(&summary, ctx, scene, tmp, NULL), SP_ENOTFOUND);
	cr_expect_null(summary);
	cr_expect(strstr(sp_ctx_last_error(ctx), "gone.ma: No such file") != NULL, "%s",
	          sp_ctx_last_error(ctx));
	free(scene);
}

Test(ops, options_that_are_not_an_object_or_not_known_are_refused_by_name)
{
	static const char *const bad[][2] = {
	    {"[1, 2]", "expected a JSON object"},
	    {"{\"project_name\": \"a\"", "not valid JSON"},
	    {"{\"projectname\": \"a\"}", "unknown option 'projectname'"},
	    {"{\"env\": {\"A\": 1}}", "option 'env'"},
	    {"{\"map\": [[\"a\"]]}", "option 'map'"},
	    {"{\"platform\": -1}", "option 'platform'"},
	    {"{\"os\": \"amiga\"}", "option 'os'"},
	};
	char *scene = write_scene(), *out = tst_join(tmp, "task");
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *summary = NULL;
		cr_assert_eq(sp_analyze_file(&summary, ctx, scene, out, bad[i][0]), SP_EUSER, "%s",
		             bad[i][0]);
		cr_expect_null(summary);
		cr_expect(strstr(sp_ctx_last_error(ctx), bad[i][1]) != NULL, "%s: %s", bad[i][0],
		          sp_ctx_last_error(ctx));
	}
	free(scene);
	free(out);
}

Test(ops, each_call_starts_with_a_clean_error_on_a_reused_context)
{
	char *scene = write_scene(), *out = tst_join(tmp, "task"), *summary = NULL;
	cr_assert_eq(sp_analyze_file(&summary, ctx, scene, out, "{\"bogus\": 1}"), SP_EUSER);
	cr_assert_eq(sp_analyze_file(&summary, ctx, scene, out, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_expect_str_eq(sp_ctx_last_error(ctx), "");
	sp_string_free(summary);
	free(scene);
	free(out);
}

Test(ops, missing_arguments_are_user_errors)
{
	char *summary = NULL;
	cr_expect_eq(sp_analyze_file(NULL, ctx, "a.ma", NULL, NULL), SP_EUSER);
	cr_expect_eq(sp_analyze_file(&summary, NULL, "a.ma", NULL, NULL), SP_EUSER);
	cr_expect_eq(sp_analyze_file(&summary, ctx, "", NULL, NULL), SP_EUSER);
	cr_expect_eq(sp_submit_dir(&summary, ctx, NULL, NULL), SP_EUSER);
	cr_expect_eq(sp_submit_dir(NULL, ctx, tmp, NULL), SP_EUSER);
	cr_expect_null(summary);
	sp_string_free(NULL);
}

Test(ops, the_workspace_option_gets_a_new_folder_for_each_analysis)
{
	char *scene = write_scene(), *ws = tst_join(tmp, "ws"), *a = NULL, *b = NULL, opts[512];
	cJSON *da, *db;
	snprintf(opts, sizeof(opts), "{\"workspace\": \"%s\"}", ws);
	cr_assert_eq(sp_analyze_file(&a, ctx, scene, NULL, opts), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_analyze_file(&b, ctx, scene, NULL, opts), 0, "%s", sp_ctx_last_error(ctx));
	da = parse(a);
	db = parse(b);
	cr_expect_str_neq(cJSON_GetObjectItem(da, "task_dir")->valuestring,
	                  cJSON_GetObjectItem(db, "task_dir")->valuestring);
	cr_expect_eq(strncmp(cJSON_GetObjectItem(db, "task_dir")->valuestring, ws, strlen(ws)), 0);
	cJSON_Delete(da);
	cJSON_Delete(db);
	sp_string_free(a);
	sp_string_free(b);
	free(scene);
	free(ws);
}

Test(ops, a_dry_run_submission_reports_its_requests_without_credentials)
{
	char *scene = write_scene(), *out = tst_join(tmp, "task"), *summary = NULL, *result = NULL;
	cJSON *doc;
	cr_assert_eq(sp_analyze_file(&summary, ctx, scene, out, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_submit_dir(&result, ctx, out,
	                           "{\"dry_run\": true, \"labels\": [\"a\", \"b\"], \"level\": 60}"),
	             0, "%s", sp_ctx_last_error(ctx));
	doc = parse(result);
	cr_expect_str_eq(cJSON_GetObjectItem(doc, "step")->valuestring, "done");
	cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(doc, "dry_run")));
	cr_expect_gt(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "requests")), 0);
	cJSON_Delete(doc);
	sp_string_free(result);
	sp_string_free(summary);
	free(scene);
	free(out);
}

Test(ops, submission_options_are_checked_before_anything_is_sent)
{
	static const char *const bad[] = {"{\"level\": 55}", "{\"labels\": \"one\"}", "{\"retries\": 0}",
	                                  "{\"dry_run\": \"yes\"}", "{\"labels\": [1]}"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *result = NULL;
		cr_expect_eq(sp_submit_dir(&result, ctx, tmp, bad[i]), SP_EUSER, "%s", bad[i]);
		cr_expect_null(result);
		cr_expect(strstr(sp_ctx_last_error(ctx), "option '") != NULL, "%s", sp_ctx_last_error(ctx));
	}
}

Test(ops, a_submission_without_credentials_fails_with_a_message_and_no_result)
{
	char *result = NULL;
	int error = sp_submit_dir(&result, ctx, tmp, NULL);
	cr_expect_lt(error, 0);
	cr_expect_null(result);
	cr_expect_str_neq(sp_ctx_last_error(ctx), "");
}

/* ---- threads -------------------------------------------------------------------------------- */

typedef struct {
	const char *scene;
	char out[512];
	char *summary;
	int error;
} job;

static void *analyse(void *payload)
{
	job *j = payload;
	sp_ctx *own = NULL;
	if (sp_ctx_new(&own, NULL) < 0) {
		j->error = SP_ENOMEM;
		return NULL;
	}
	j->error = sp_analyze_file(&j->summary, own, j->scene, j->out, NULL);
	sp_ctx_free(own);
	return NULL;
}

Test(ops, analyses_on_several_threads_each_with_its_own_context_agree)
{
	enum { N = 6 };
	char *scene = write_scene();
	job jobs[N];
	pthread_t threads[N];
	for (int i = 0; i < N; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].scene = scene;
		snprintf(jobs[i].out, sizeof(jobs[i].out), "%s/t%d", tmp, i);
		cr_assert_eq(pthread_create(&threads[i], NULL, analyse, &jobs[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(threads[i], NULL);
	for (int i = 0; i < N; i++) {
		cJSON *a, *b;
		cr_assert_eq(jobs[i].error, 0);
		a = parse(jobs[i].summary);
		b = parse(jobs[0].summary);
		cJSON_DeleteItemFromObject(a, "task_dir");
		cJSON_DeleteItemFromObject(b, "task_dir");
		cr_expect(cJSON_Compare(a, b, 1), "thread %d differs", i);
		cJSON_Delete(a);
		cJSON_Delete(b);
	}
	for (int i = 0; i < N; i++)
		sp_string_free(jobs[i].summary);
	free(scene);
}
