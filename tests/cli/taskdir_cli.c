/* set, add-info, add-upload and check end to end: exit codes, messages, files left behind. */
#define _GNU_SOURCE
#include "support.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *tmp;  /* the temporary root */
static char *task; /* tmp/task, a valid Maya task folder */

/* `text` with every "@D" replaced by tmp; malloc'd. */
static char *with_tmp(const char *text)
{
	size_t n = 0, lt = strlen(tmp);
	for (const char *p = strstr(text, "@D"); p; p = strstr(p + 2, "@D"))
		n++;
	char *out = malloc(strlen(text) + n * lt + 1), *o = out;
	cr_assert_not_null(out);
	for (const char *p = text; *p;) {
		if (p[0] == '@' && p[1] == 'D') {
			memcpy(o, tmp, lt);
			o += lt;
			p += 2;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

static void put(const char *dir, const char *name, const char *text)
{
	char *t = with_tmp(text);
	tst_write(dir, name, t, (size_t)-1);
	free(t);
}

static const char task_json[] =
    "{\"task_info\": {\"task_id\": \"\", \"user_id\": \"\", \"project_id\": \"\", \"project_name\": \"\",\n"
    " \"input_cg_file\": \"@D/proj/shot.ma\", \"input_project_path\": \"\", \"cg_id\": \"2000\", "
    "\"platform\": \"2\",\n"
    " \"channel\": \"4\", \"os_name\": \"1\", \"render_layer_type\": \"0\", \"is_layer_rendering\": \"1\",\n"
    " \"enable_layered\": \"0\", \"is_picture\": \"0\", \"frames_per_task\": \"1\", \"pre_frames\": "
    "\"000\",\n"
    " \"stop_after_test\": \"2\", \"job_stop_time\": \"259200\", \"task_stop_time\": \"0\", \"time_out\": "
    "\"43200\",\n"
    " \"tiles_type\": \"block\", \"tiles\": \"1\", \"is_distribute_render\": \"0\", "
    "\"distribute_render_node\": \"3\",\n"
    " \"ram\": \"64\", \"graphics_cards_num\": \"2\", \"hardwareConfigId\": \"\"},\n"
    " \"software_config\": {\"cg_name\": \"Maya\", \"cg_version\": \"2018\", \"plugins\": {}},\n"
    " \"scene_info_render\": {\"defaultRenderLayer\": {\"common\": {\"frames\": \"1-10[1]\"}}},\n"
    " \"scene_info\": {\"defaultRenderLayer\": {\"common\": {\"frames\": \"1-10[1]\"}}}}\n";

static void setup(void)
{
	tmp = tst_mkdtemp();
	task = tst_join(tmp, "task");
	put(tmp, "proj/shot.ma", "//Maya ASCII 2018 scene\n");
	put(tmp, "proj/tex/wood.png", "png");
	put(task, "task.json", task_json);
	put(task, "upload.json",
	    "{\"scene\": [{\"local\": \"@D/proj/shot.ma\", \"server\": \"@D/proj/shot.ma\", "
	    "\"hash\": \"d41d8cd98f00b204e9800998ecf8427e\"}],\n"
	    " \"asset\": [{\"local\": \"@D/proj/shot.ma\", \"server\": \"@D/proj/shot.ma\"}]}\n");
	put(task, "asset.json", "{\"asset\": [\"@D/proj/shot.ma\"], \"missing\": []}\n");
	put(task, "tips.json", "{}\n");
}

static void teardown(void)
{
	tst_rmtree(tmp);
	free(tmp);
	free(task);
}

TestSuite(taskdir_cli, .init = setup, .fini = teardown);

/* Run `fmt` (printf-style, then shell-quoted by the caller) and return the exit code. */
static int run(char **out, char **err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int run(char **out, char **err, const char *fmt, ...)
{
	char *args = NULL;
	va_list ap;
	int code;
	va_start(ap, fmt);
	cr_assert(vasprintf(&args, fmt, ap) > 0);
	va_end(ap);
	code = tst_run(args, out, err);
	free(args);
	return code;
}

static char *read_task(const char *name)
{
	char *path = tst_join(task, name), *text = tst_read(path, NULL);
	cr_assert_not_null(text, "no %s", path);
	free(path);
	return text;
}

static const char *task_info_value(cJSON *root, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "task_info"), key));
}

/* ---- set -------------------------------------------------------------------------- */

Test(taskdir_cli, set_help_prints_usage_and_the_modifiable_keys)
{
	char *out = NULL;
	cr_assert_eq(run(&out, NULL, "set --help"), 0);
	cr_assert_eq(strncmp(out, "usage: sceneprobe set DIR KEY=VALUE...", 38), 0, "%s", out);
	cr_assert_not_null(strstr(out, "distribute_render_node"));
	free(out);
	cr_assert_eq(run(&out, NULL, "set -h"), 0);
	free(out);
}

Test(taskdir_cli, set_changes_several_keys)
{
	char *err = NULL, *text;
	cJSON *root;
	cr_assert_eq(run(NULL, &err, "set '%s' ram=128 os_name=0 pre_frames=100:1-3", task), 0, "%s", err);
	cr_assert_str_eq(err, "");
	text = read_task("task.json");
	root = cJSON_Parse(text);
	cr_assert_str_eq(task_info_value(root, "ram"), "128");
	cr_assert_str_eq(task_info_value(root, "os_name"), "0");
	cr_assert_str_eq(task_info_value(root, "pre_frames"), "100:1-3");
	cJSON_Delete(root);
	free(text);
	free(err);
}

Test(taskdir_cli, set_validates_every_pair_before_writing_any)
{
	char *err = NULL, *before = read_task("task.json"), *after;
	cr_assert_eq(run(NULL, &err, "set '%s' ram=128 os_name=9 platform=3 novalue", task), 2);
	cr_assert_not_null(
	    strstr(err, "sceneprobe: task_info key 'os_name' must be \"0\" or \"1\", got '9'\n"), "%s", err);
	cr_assert_not_null(
	    strstr(err, "sceneprobe: task_info key 'platform' cannot be changed; custom keys go under "
	                "additional_info (sceneprobe add-info)\n"),
	    "%s", err);
	cr_assert_not_null(strstr(err, "sceneprobe: set: expected KEY=VALUE, got 'novalue'\n"), "%s", err);
	after = read_task("task.json");
	cr_assert_str_eq(after, before, "ram=128 was written although other pairs were refused");
	free(before);
	free(after);
	free(err);
}

Test(taskdir_cli, set_usage_errors_exit_2)
{
	char *err = NULL;
	cr_assert_eq(run(NULL, &err, "set"), 2);
	cr_assert_eq(strncmp(err, "sceneprobe: set: expected DIR and at least one KEY=VALUE", 56), 0, "%s",
	             err);
	free(err);
	cr_assert_eq(run(NULL, &err, "set '%s'", task), 2);
	free(err);
	cr_assert_eq(run(NULL, &err, "set --bogus '%s' ram=1", task), 2);
	cr_assert_not_null(strstr(err, "unknown option '--bogus'"), "%s", err);
	free(err);
}

Test(taskdir_cli, set_in_a_missing_folder_exits_3)
{
	char *err = NULL;
	cr_assert_eq(run(NULL, &err, "set '%s/nowhere' ram=1", tmp), 3);
	cr_assert_not_null(strstr(err, "sceneprobe: "), "%s", err);
	cr_assert_not_null(strstr(err, "nowhere: no such folder"), "%s", err);
	free(err);
}

Test(taskdir_cli, set_on_corrupt_json_exits_3_and_names_the_offset)
{
	char *err = NULL;
	put(task, "task.json", "{\"task_info\": {\"ram\": \"1\"");
	cr_assert_eq(run(NULL, &err, "set '%s' ram=2", task), 3);
	cr_assert_not_null(strstr(err, "task.json: invalid JSON at byte "), "%s", err);
	free(err);
}

Test(taskdir_cli, a_write_that_fails_exits_4_and_leaves_the_file_whole)
{
	char *cmd = NULL, *before = read_task("task.json"), *after, *ls = NULL, *listing;
	int status;
	/* no file may grow past 0 bytes; with SIGXFSZ ignored the write fails with EFBIG */
	cr_assert(asprintf(&cmd,
	                   "sh -c \"trap '' XFSZ; ulimit -f 0; exec '%s' set '%s' ram=256\" 2>/dev/null",
	                   SP_BINARY, task) > 0);
	status = system(cmd);
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 4);
	after = read_task("task.json");
	cr_assert_str_eq(after, before);
	cr_assert(asprintf(&ls, "ls -A '%s' > '%s/ls.txt'", task, tmp) > 0);
	cr_assert_eq(system(ls), 0);
	listing = tst_join(tmp, "ls.txt");
	free(after);
	after = tst_read(listing, NULL);
	cr_assert_str_eq(after, "asset.json\ntask.json\ntips.json\nupload.json\n");
	free(listing);
	free(ls);
	free(cmd);
	free(before);
	free(after);
}

/* ---- add-info ----------------------------------------------------------------------- */

Test(taskdir_cli, add_info_adds_custom_keys_after_the_sections)
{
	char *err = NULL, *text;
	cJSON *root, *info;
	cr_assert_eq(run(NULL, &err, "add-info '%s' shot=sh010 'note=a=b'", task), 0, "%s", err);
	text = read_task("task.json");
	root = cJSON_Parse(text);
	info = cJSON_GetObjectItem(root, "additional_info");
	cr_assert_not_null(info);
	cr_assert_null(info->next, "additional_info is not the last key");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(info, "shot")), "sh010");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(info, "note")), "a=b");
	cJSON_Delete(root);
	free(text);
	free(err);
}

Test(taskdir_cli, add_info_usage_errors_exit_2)
{
	char *err = NULL, *out = NULL;
	cr_assert_eq(run(NULL, &err, "add-info '%s' =x", task), 2);
	cr_assert_not_null(strstr(err, "sceneprobe: add-info: expected KEY=VALUE, got '=x'"), "%s", err);
	free(err);
	cr_assert_eq(run(NULL, &err, "add-info"), 2);
	free(err);
	cr_assert_eq(run(&out, NULL, "add-info --help"), 0);
	cr_assert_eq(strncmp(out, "usage: sceneprobe add-info DIR KEY=VALUE...", 43), 0, "%s", out);
	free(out);
}

/* ---- add-upload ------------------------------------------------------------------------ */

Test(taskdir_cli, add_upload_adds_a_folder_and_reports_counts)
{
	char *out = NULL, *err = NULL, *text;
	cr_assert_eq(run(&out, &err, "add-upload '%s' '%s/proj'", task, tmp), 0, "%s", err);
	cr_assert_not_null(strstr(out, "upload.json: 1 file added, 1 already listed\n"), "%s", out);
	text = read_task("upload.json");
	cr_assert_not_null(strstr(text, "/proj/tex/wood.png"), "%s", text);
	free(text);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "check '%s'", task), 0, "%s%s", out, err);
	free(out);
	free(err);
}

Test(taskdir_cli, add_upload_checks_every_path_before_writing)
{
	char *err = NULL, *before = read_task("upload.json"), *after;
	cr_assert_eq(run(NULL, &err, "add-upload '%s' '%s/proj/tex' '%s/proj/gone.png'", task, tmp, tmp), 3);
	cr_assert_not_null(strstr(err, "sceneprobe: "), "%s", err);
	cr_assert_not_null(strstr(err, "/proj/gone.png: no such file or folder\n"), "%s", err);
	after = read_task("upload.json");
	cr_assert_str_eq(after, before);
	free(before);
	free(after);
	free(err);
	cr_assert_eq(run(NULL, &err, "add-upload '%s'", task), 2);
	free(err);
}

/* ---- check ------------------------------------------------------------------------------- */

Test(taskdir_cli, check_of_a_clean_folder_exits_0)
{
	char *out = NULL, *err = NULL, *want = NULL;
	cr_assert_eq(run(&out, &err, "check '%s'", task), 0, "%s%s", out, err);
	cr_assert(asprintf(&want, "0 problems in %s\n", task) > 0);
	cr_assert_str_eq(out, want);
	cr_assert_str_eq(err, "");
	free(want);
	free(out);
	free(err);
}

Test(taskdir_cli, check_prints_each_problem_and_a_count_and_exits_1)
{
	char *out = NULL, *err = NULL, *want = NULL;
	{
		char *path = tst_join(task, "task.json"), *text = tst_read(path, NULL);
		char *p = strstr(text, "\"platform\": \"2\"");
		cr_assert_not_null(p);
		memcpy(p, "\"platform\":   2", 15);
		tst_write(task, "task.json", text, (size_t)-1);
		free(text);
		free(path);
	}
	put(task, "tips.json", "{\"1\": [2]}");
	cr_assert_eq(run(&out, &err, "check '%s'", task), 1, "%s%s", out, err);
	cr_assert(asprintf(&want,
	                   "task.json: task_info.platform is a number, expected a string\n"
	                   "tips.json: 1[0] is a number, expected a string\n"
	                   "2 problems in %s\n",
	                   task) > 0);
	cr_assert_str_eq(out, want);
	free(want);
	free(out);
	free(err);
}

Test(taskdir_cli, check_maps_windows_paths_to_local_folders)
{
	char *out = NULL, *err = NULL;
	put(task, "upload.json",
	    "{\"scene\": [{\"local\": \"P:/proj/shot.ma\", \"server\": \"/P/proj/shot.ma\", "
	    "\"hash\": \"d41d8cd98f00b204e9800998ecf8427e\"}],\n"
	    " \"asset\": [{\"local\": \"P:/proj/shot.ma\", \"server\": \"/P/proj/shot.ma\"}]}\n");
	cr_assert_eq(run(&out, &err, "check '%s'", task), 1, "%s%s", out, err);
	cr_assert_not_null(strstr(out, "upload.json: asset[0].local 'P:/proj/shot.ma' does not exist\n"),
	                   "%s", out);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "check '%s' --map 'P:/=%s/'", task, tmp), 0, "%s%s", out, err);
	free(out);
	free(err);
}

Test(taskdir_cli, check_of_a_missing_folder_exits_3_and_without_one_exits_2)
{
	char *out = NULL, *err = NULL;
	cr_assert_eq(run(&out, &err, "check '%s/nowhere'", tmp), 3);
	cr_assert_str_eq(out, "");
	cr_assert_not_null(strstr(err, "sceneprobe: "), "%s", err);
	cr_assert_not_null(strstr(err, "nowhere: no such folder\n"), "%s", err);
	free(out);
	free(err);
	cr_assert_eq(run(NULL, &err, "check"), 2);
	cr_assert_str_eq(err, "sceneprobe: check: expected DIR (see 'sceneprobe check --help')\n");
	free(err);
	cr_assert_eq(run(NULL, &err, "check a b"), 2);
	free(err);
}
