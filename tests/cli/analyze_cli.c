/* The analyze command end to end: exit codes, messages, outputs, bad input. */
#define _GNU_SOURCE
#include "support.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *tmp;
static void setup(void)
{
	tmp = tst_mkdtemp();
}
static void teardown(void)
{
	tst_rmtree(tmp);
	free(tmp);
}
TestSuite(analyze_cli, .init = setup, .fini = teardown);

static const char small_scene[] = "//Maya ASCII 2023 scene\n"
                                  "//Name: s.ma\n"
                                  "requires maya \"2023\";\n"
                                  "requires \"mtoa\" \"5.2.1\";\n"
                                  "currentUnit -l centimeter -a degree -t film;\n"
                                  "createNode transform -s -n \"persp\";\n"
                                  "createNode camera -s -n \"perspShape\" -p \"persp\";\n"
                                  "\tsetAttr -k off \".v\" no;\n"
                                  "createNode file -n \"file1\";\n"
                                  "\tsetAttr \".ftn\" -type \"string\" \"tex/wood.png\";\n"
                                  "createNode renderLayerManager -n \"renderLayerManager\";\n"
                                  "createNode renderLayer -n \"defaultRenderLayer\";\n"
                                  "\tsetAttr \".g\" yes;\n"
                                  "select -ne :defaultRenderGlobals;\n"
                                  "\tsetAttr \".ren\" -type \"string\" \"arnold\";\n"
                                  "\tsetAttr \".an\" yes;\n"
                                  "\tsetAttr \".fs\" 1;\n"
                                  "\tsetAttr \".ef\" 12;\n"
                                  "select -ne :defaultResolution;\n"
                                  "\tsetAttr \".w\" 1280;\n"
                                  "\tsetAttr \".h\" 720;\n"
                                  "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
                                  "// End of s.ma\n";

static int analyze(const char *scene_rel, const char *extra, char **out, char **err)
{
	char *args = NULL;
	int rc;
	cr_assert(asprintf(&args, "analyze '%s/%s' -o '%s/task' %s", tmp, scene_rel, tmp, extra) > 0);
	rc = tst_run(args, out, err);
	free(args);
	return rc;
}

Test(analyze_cli, writes_four_files_and_a_json_summary)
{
	char *out = NULL, *err = NULL;
	tst_write(tmp, "s.ma", small_scene, (size_t)-1);
	tst_write(tmp, "tex/wood.png", "png", (size_t)-1);
	int rc = analyze("s.ma", "--json", &out, &err);
	cr_assert_eq(rc, 0, "rc=%d err=%s out=%s", rc, err, out);
	cJSON *doc = cJSON_Parse(out);
	cr_assert_not_null(doc, "not JSON: %s", out);
	cr_assert_str_eq(cJSON_GetObjectItem(doc, "application")->valuestring, "Maya");
	cr_assert_str_eq(cJSON_GetObjectItem(doc, "version")->valuestring, "2023");
	cJSON *unit = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "units"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(unit, "name")->valuestring, "defaultRenderLayer");
	cr_assert_str_eq(cJSON_GetObjectItem(unit, "frames")->valuestring, "1-12[1]");
	cr_assert_str_eq(cJSON_GetObjectItem(unit, "renderer")->valuestring, "arnold");
	cr_assert_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "assets"), "found")->valueint, 2);
	cJSON_Delete(doc);
	const char *names[] = {"task.json", "upload.json", "asset.json", "tips.json"};
	for (int i = 0; i < 4; i++) {
		char *p = NULL;
		cr_assert(asprintf(&p, "%s/task/%s", tmp, names[i]) > 0);
		char *text = tst_read(p, NULL);
		cr_assert_not_null(text, "%s missing", names[i]);
		cJSON *j = cJSON_Parse(text);
		cr_assert_not_null(j, "%s is not JSON", names[i]);
		cJSON_Delete(j);
		free(text);
		free(p);
	}
	free(out);
	free(err);
}

Test(analyze_cli, exits_1_with_a_tip_when_a_texture_is_missing)
{
	char *out = NULL;
	tst_write(tmp, "s.ma", small_scene, (size_t)-1);
	int rc = analyze("s.ma", "", &out, NULL);
	cr_assert_eq(rc, 1, "rc=%d out=%s", rc, out);
	cr_assert(strstr(out, "10012") && strstr(out, "file1.fileTextureName"), "%s", out);
	free(out);
}

Test(analyze_cli, strict_turns_warnings_into_exit_1)
{
	tst_write(tmp, "s.ma", small_scene, (size_t)-1);
	tst_write(tmp, "tex/wood.png", "png", (size_t)-1);
	cr_assert_eq(analyze("s.ma", "-q --strict --software-version 2024", NULL, NULL), 1);
	cr_assert_eq(analyze("s.ma", "-q --strict --software-version 2023", NULL, NULL), 0);
}

Test(analyze_cli, missing_scene_exits_3_naming_the_file)
{
	char *err = NULL;
	cr_assert_eq(analyze("nope.ma", "", NULL, &err), 3);
	cr_assert(strstr(err, "nope.ma") != NULL, "%s", err);
	free(err);
}

Test(analyze_cli, garbage_and_unsupported_kinds_exit_3)
{
	char *err = NULL;
	tst_write(tmp, "g.ma", "\x01\x02garbage\x00\xff", 11);
	cr_assert_eq(analyze("g.ma", "", NULL, &err), 3);
	cr_assert(strstr(err, "g.ma: named like a Maya ASCII scene") != NULL, "%s", err);
	free(err);
	tst_write(tmp, "empty.ma", "", 0);
	cr_assert_eq(analyze("empty.ma", "", NULL, &err), 3);
	cr_assert(strstr(err, "empty.ma: the file is empty (0 bytes)") != NULL, "%s", err);
	free(err);
	tst_write(tmp, "folder.ma/inside.txt", "x", (size_t)-1);
	cr_assert_eq(analyze("folder.ma", "", NULL, &err), 3);
	cr_assert(strstr(err, "folder.ma: a folder, not a scene file") != NULL, "%s", err);
	free(err);
	tst_write(tmp, "h.hip", "070707000000000000000000000000000000", (size_t)-1);
	cr_assert_eq(analyze("h.hip", "", NULL, &err), 3);
	cr_assert(strstr(err, "h.hip") != NULL, "a truncated archive names the file: %s", err);
	free(err);
	tst_write(tmp, "e.project", "<?xml version=\"1.0\"?><projectDescription/>", (size_t)-1);
	cr_assert_eq(analyze("e.project", "", NULL, &err), 3);
	cr_assert(strstr(err, "e.project: named like a Clarisse project") != NULL,
	          "an Eclipse .project is not Clarisse: %s", err);
	free(err);
	tst_write(tmp, "lfs.mb", "version https://git-lfs.github.com/spec/v1\noid sha256:00\n", (size_t)-1);
	cr_assert_eq(analyze("lfs.mb", "", NULL, &err), 3);
	cr_assert(strstr(err, "Git LFS pointer") != NULL, "%s", err);
	free(err);
}

Test(analyze_cli, an_unterminated_string_is_corrupt_with_a_line_number)
{
	char *err = NULL;
	tst_write(tmp, "u.ma", "//Maya ASCII 2023 scene\nrequires maya \"2023\";\ncreateNode file -n \"f;\n",
	          (size_t)-1);
	cr_assert_eq(analyze("u.ma", "", NULL, &err), 3);
	cr_assert(strstr(err, "u.ma") && strstr(err, ":3"), "%s", err);
	free(err);
}

Test(analyze_cli, an_unwritable_output_folder_exits_4_and_writes_nothing)
{
	char *err = NULL, *args = NULL;
	tst_write(tmp, "s.ma", small_scene, (size_t)-1);
	tst_write(tmp, "blocker", "a file where a folder should be", (size_t)-1);
	cr_assert(asprintf(&args, "analyze '%s/s.ma' -o '%s/blocker/task'", tmp, tmp) > 0);
	cr_assert_eq(tst_run(args, NULL, &err), 4, "%s", err);
	cr_assert(strstr(err, "blocker") != NULL, "%s", err);
	free(args);
	free(err);
}

Test(analyze_cli, usage_errors_exit_2)
{
	cr_assert_eq(tst_run("analyze", NULL, NULL), 2);
	cr_assert_eq(tst_run("analyze a.ma --bogus", NULL, NULL), 2);
	cr_assert_eq(tst_run("analyze a.ma --os beos", NULL, NULL), 2);
	cr_assert_eq(tst_run("analyze a.ma --map nope", NULL, NULL), 2);
	cr_assert_eq(tst_run("frobnicate", NULL, NULL), 2);
	cr_assert_eq(tst_run("", NULL, NULL), 2);
}

Test(analyze_cli, help_and_version)
{
	char *out = NULL;
	cr_assert_eq(tst_run("--version", &out, NULL), 0);
	cr_assert(strncmp(out, "sceneprobe ", 11) == 0, "%s", out);
	free(out);
	cr_assert_eq(tst_run("analyze --help", &out, NULL), 0);
	cr_assert(strstr(out, "--software-version") != NULL);
	free(out);
}

Test(analyze_cli, workspace_folder_gets_a_time_and_pid_subfolder)
{
	char *args = NULL, *out = NULL;
	tst_write(tmp, "s.ma", small_scene, (size_t)-1);
	cr_assert(asprintf(&args, "analyze '%s/s.ma' -w '%s/ws' --json", tmp, tmp) > 0);
	cr_assert_eq(tst_run(args, &out, NULL), 1);
	cJSON *doc = cJSON_Parse(out);
	const char *dir = cJSON_GetObjectItem(doc, "task_dir")->valuestring;
	cr_assert(strncmp(dir, tmp, strlen(tmp)) == 0 && strstr(dir, "/ws/") != NULL, "%s", dir);
	char *task = NULL;
	cr_assert(asprintf(&task, "%s/task.json", dir) > 0);
	struct stat st;
	cr_assert_eq(stat(task, &st), 0);
	free(task);
	cJSON_Delete(doc);
	free(args);
	free(out);
}
