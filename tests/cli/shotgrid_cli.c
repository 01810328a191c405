/*
 * sceneprobe shotgrid register / publish against a local fake ShotGrid site
 * (tests/fake_shotgrid/fake_shotgrid.py) that validates requests as a real
 * site does and keeps its database in db.json.
 */
#define _GNU_SOURCE
#include "support.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SCRIPT_NAME "farm_submit"
#define SCRIPT_KEY  "sg-K3y-do-not-show-0123456789"
#define SG_PY       SP_SOURCE_DIR "/tests/fake_shotgrid/fake_shotgrid.py"
#define MOVIE_SIZE  45000000L

static char *tmp, *task, *site_dir;
static char url[64];
static pid_t site_pid;

static void start_site(int direct)
{
	char *port_path = tst_join(site_dir, "port");
	unlink(port_path);
	site_pid = fork();
	cr_assert(site_pid >= 0);
	if (site_pid == 0) {
		const char *argv[] = {"python3",
		                      SG_PY,
		                      "--dir",
		                      site_dir,
		                      "--script-name",
		                      SCRIPT_NAME,
		                      "--script-key",
		                      SCRIPT_KEY,
		                      "--lifetime",
		                      "60",
		                      "--max-requests",
		                      "120",
		                      "--transient-reads",
		                      "2",
		                      direct ? "--direct" : NULL,
		                      NULL};
		execv("/usr/bin/python3", (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		char *port = tst_read(port_path, NULL);
		if (port && *port) {
			snprintf(url, sizeof(url), "http://127.0.0.1:%s", port);
			free(port);
			free(port_path);
			return;
		}
		free(port);
		usleep(50000);
	}
	cr_assert_fail("the fake ShotGrid did not start");
}

static void stop_site(void)
{
	if (site_pid > 0) {
		kill(site_pid, SIGTERM);
		waitpid(site_pid, NULL, 0);
	}
	site_pid = 0;
}

static void setup(void)
{
	tmp = tst_mkdtemp();
	task = tst_join(tmp, "task");
	site_dir = tst_join(tmp, "site");
	mkdir(site_dir, 0700);
	tst_write(
	    task, "task.json",
	    "{\"task_info\": {\"task_id\": \"1658434\", \"input_cg_file\": \"/show/sh010/lgt_v003.ma\", "
	    "\"input_project_path\": \"/show/sh010\"},\n"
	    " \"software_config\": {\"cg_name\": \"Maya\"},\n"
	    " \"scene_info_render\": {\n"
	    "  \"beauty\": {\"renderable\": \"1\", \"common\": {\"frames\": \"1001-1100[1]\", "
	    "\"image_format\": \"exr\", \"image_file_prefix\": \"<RenderLayer>/<Scene>\"}},\n"
	    "  \"spec\": {\"renderable\": \"1\", \"common\": {\"frames\": \"1051-1120[1]\", "
	    "\"image_format\": \"exr\", \"image_file_prefix\": \"<RenderLayer>/<Scene>\"}},\n"
	    "  \"off\": {\"renderable\": \"0\", \"common\": {\"frames\": \"1-5000[1]\"}}}}\n",
	    (size_t)-1);
	setenv("HOME", tmp, 1);
	setenv("XDG_CONFIG_HOME", tmp, 1);
	setenv("SHOTGRID_SCRIPT_NAME", SCRIPT_NAME, 1);
	setenv("SHOTGRID_SCRIPT_KEY", SCRIPT_KEY, 1);
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");
}

static void teardown(void)
{
	stop_site();
	tst_rmtree(tmp);
	free(tmp);
	free(task);
	free(site_dir);
}

TestSuite(shotgrid, .init = setup, .fini = teardown, .timeout = 120);

static int run(const char *step, const char *args, char **out, char **err)
{
	char *line = NULL;
	cr_assert(asprintf(&line, "shotgrid %s '%s' --url %s --retry-delay 20 %s", step, task, url, args) >
	          0);
	int code = tst_run(line, out, err);
	free(line);
	return code;
}

static int reg(const char *args, char **out, char **err)
{
	char *line = NULL;
	cr_assert(asprintf(&line, "--project demo --entity Shot:sh010 %s", args) > 0);
	int code = run("register", line, out, err);
	free(line);
	return code;
}

/* The site's records of `type` (caller deletes). */
static cJSON *records(const char *type)
{
	char *path = tst_join(site_dir, "db.json");
	char *text = tst_read(path, NULL);
	cJSON *db = cJSON_Parse(text);
	cr_assert_not_null(db);
	cJSON *list = cJSON_DetachItemFromObjectCaseSensitive(db, type);
	cJSON_Delete(db);
	free(text);
	free(path);
	return list;
}

/*
 * The site writes a log line just after its answer has gone out, so the
 * client may exit first: wait until the log has stopped growing (at most 2 s).
 */
static void settle(const char *path)
{
	long last = -1;
	for (int i = 0; i < 40; i++) {
		struct stat st;
		long size = stat(path, &st) == 0 ? (long)st.st_size : 0;
		if (size == last)
			return;
		last = size;
		usleep(50000);
	}
}

static cJSON *log_entries(void)
{
	char *path = tst_join(site_dir, "requests.jsonl");
	settle(path);
	char *text = tst_read(path, NULL);
	cJSON *all = cJSON_CreateArray();
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		cJSON *e = cJSON_Parse(line);
		cr_assert_not_null(e, "bad log line: %s", line);
		cJSON_AddItemToArray(all, e);
		line = nl ? nl + 1 : line + strlen(line);
	}
	free(text);
	free(path);
	return all;
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

/* Logged requests whose `key` is `value`. */
static int count(const char *key, const char *value)
{
	cJSON *all = log_entries();
	const cJSON *e;
	int n = 0;
	cJSON_ArrayForEach(e, all)
	{
		n += strcmp(str(e, key), value) == 0;
	}
	cJSON_Delete(all);
	return n;
}

static char *recorded_id(void)
{
	char *path = tst_join(task, "task.json");
	char *text = tst_read(path, NULL);
	cJSON *root = cJSON_Parse(text);
	cr_assert_not_null(root, "task.json is no longer JSON");
	char *id =
	    strdup(str(cJSON_GetObjectItemCaseSensitive(root, "additional_info"), "shotgrid_version_id"));
	cJSON_Delete(root);
	free(text);
	free(path);
	return id;
}

static void expect_no_secret(const char *text)
{
	if (text) {
		cr_expect(strstr(text, SCRIPT_KEY) == NULL, "the script key leaked: %s", text);
		cr_expect(strstr(text, "script_key") == NULL, "a request body leaked: %s", text);
	}
}

Test(shotgrid, register_twice_makes_one_version_with_the_render_fields)
{
	char *out = NULL, *err = NULL;
	start_site(0);
	int code = reg("--task lighting --user artist", &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(out, "created Version") != NULL, "%s", out);
	free(out);
	free(err);
	code = reg("--task lighting --user artist --status vwd", &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(out, "updated Version") != NULL, "%s", out);

	cJSON *versions = records("Version");
	cr_assert_eq(cJSON_GetArraySize(versions), 1);
	const cJSON *v = cJSON_GetArrayItem(versions, 0);
	char *id = recorded_id();
	char want[32];
	snprintf(want, sizeof(want), "%.0f", num(v, "id"));
	cr_expect_str_eq(id, want);
	cr_expect_str_eq(str(v, "code"), "lgt_v003");
	cr_expect_eq(num(cJSON_GetObjectItemCaseSensitive(v, "entity"), "id"), 1101);
	cr_expect_eq(num(cJSON_GetObjectItemCaseSensitive(v, "project"), "id"), 70);
	cr_expect_eq(num(cJSON_GetObjectItemCaseSensitive(v, "sg_task"), "id"), 5501);
	cr_expect_eq(num(cJSON_GetObjectItemCaseSensitive(v, "user"), "id"), 88);
	/* Two renderable layers, 1001-1100 and 1051-1120: 120 distinct frames; the unrenderable one is left
	 * out. */
	cr_expect_eq(num(v, "sg_first_frame"), 1001);
	cr_expect_eq(num(v, "sg_last_frame"), 1120);
	cr_expect_eq(num(v, "frame_count"), 120);
	cr_expect_str_eq(str(v, "frame_range"), "1001-1120");
	cr_expect_str_eq(str(v, "sg_path_to_frames"), "/show/sh010/images/beauty/lgt_v003.####.exr");
	cr_expect_str_eq(str(v, "sg_status_list"), "vwd");
	cr_expect(strstr(str(v, "description"), "farm task 1658434") != NULL, "%s", str(v, "description"));
	cr_expect_eq(count("method_name", "create"), 1);
	cJSON_Delete(versions);
	free(id);
	free(out);
	free(err);
}

Test(shotgrid, dropped_connection_after_create_leaves_no_duplicate)
{
	char *out = NULL, *err = NULL;
	start_site(0);
	tst_write(site_dir, "faults.json",
	          "[{\"method\": \"create\", \"fault\": \"drop_after_commit\", \"times\": 1}]", (size_t)-1);
	int code = reg("", &out, &err);
	/* The create committed but its answer was lost: it is never sent again, the Version is found. */
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(err, "answer to create Version was lost") != NULL, "%s", err);
	free(out);
	free(err);
	code = reg("", &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	cJSON *versions = records("Version");
	cr_expect_eq(cJSON_GetArraySize(versions), 1);
	cr_expect_eq(count("method_name", "create"), 1);
	char *id = recorded_id();
	cr_expect_neq(id[0], '\0');
	free(id);
	cJSON_Delete(versions);
	free(out);
	free(err);
}

Test(shotgrid, gateway_errors_are_retried_and_maintenance_is_reported)
{
	char *out = NULL, *err = NULL;
	start_site(0);
	tst_write(site_dir, "faults.json",
	          "[{\"method\": \"read\", \"fault\": \"http502\", \"times\": 1},"
	          " {\"method\": \"schema_field_read\", \"fault\": \"http503\", \"times\": 1}]",
	          (size_t)-1);
	int code = reg("", &out, &err);
	cr_expect_eq(code, 6, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(err, "maintenance") != NULL, "%s", err);
	cr_expect_eq(count("outcome", "http502"), 1);
	cr_expect_eq(count("outcome", "http503"), 1);
	cr_expect_eq(count("method_name", "create"), 0);
	free(out);
	free(err);
}

Test(shotgrid, invalid_status_is_refused_with_the_valid_codes)
{
	char *out = NULL, *err = NULL;
	start_site(0);
	int code = reg("--status done", &out, &err);
	cr_expect_eq(code, 2, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(err, "'done' is not a Version status") != NULL, "%s", err);
	cr_expect(strstr(err, "rev, apr, na, vwd") != NULL, "%s", err);
	cr_expect_eq(count("method_name", "create"), 0);
	cr_expect_eq(count("method_name", "update"), 0);
	free(out);
	free(err);
}

Test(shotgrid, wrong_key_is_an_authentication_error_without_the_key)
{
	char *out = NULL, *err = NULL;
	start_site(0);
	setenv("SHOTGRID_SCRIPT_KEY", "not-the-key-4242", 1);
	int code = reg("", &out, &err);
	cr_expect_eq(code, 5, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(err, "error 102") != NULL, "%s", err);
	cr_expect(strstr(err, "SHOTGRID_SCRIPT_KEY") != NULL, "%s", err);
	cr_expect(strstr(err, "not-the-key-4242") == NULL, "%s", err);
	cr_expect(strstr(out, "not-the-key-4242") == NULL, "%s", out);
	cJSON *versions = records("Version");
	cr_expect_eq(cJSON_GetArraySize(versions), 0);
	cJSON_Delete(versions);
	free(out);
	free(err);
}

Test(shotgrid, unknown_shot_is_reported_by_name)
{
	char *out = NULL, *err = NULL;
	start_site(0);
	int code = run("register", "--project demo --entity Shot:sh999", &out, &err);
	cr_expect_eq(code, 3, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(err, "Shot 'sh999' in project 'demo'") != NULL, "%s", err);
	free(out);
	free(err);
}

static void write_movie(const char *path)
{
	FILE *f = fopen(path, "wb");
	static char block[1 << 16];
	cr_assert_not_null(f);
	for (size_t i = 0; i < sizeof(block); i++)
		block[i] = (char)(i * 31 + 7);
	for (long left = MOVIE_SIZE; left > 0; left -= (long)sizeof(block))
		fwrite(block, 1, left < (long)sizeof(block) ? (size_t)left : sizeof(block), f);
	cr_assert_eq(fclose(f), 0);
}

Test(shotgrid, publish_sends_a_45_mb_movie_in_three_parts_through_direct_storage)
{
	char *out = NULL, *err = NULL, *args = NULL;
	char *movie = tst_join(tmp, "lgt_v003.mov");
	start_site(1);
	write_movie(movie);
	int code = reg("", &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	free(out);
	free(err);
	tst_write(tmp, "thumb.png", "\x89PNG fake", (size_t)-1);
	cr_assert(asprintf(&args,
	                   "--movie '%s' --thumbnail '%s/thumb.png' --status apr --wait-thumbnail 20 "
	                   "--poll-interval 50 -v",
	                   movie, tmp) > 0);
	code = run("publish", args, &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(out, "direct storage") != NULL, "%s", out);
	cr_expect(strstr(out, "thumbnail ready") != NULL, "%s", out);
	expect_no_secret(out);
	expect_no_secret(err);

	/* Three PUTs of 20,000,000 + 20,000,000 + 5,000,000 bytes, then one completion with their ETags. */
	cJSON *all = log_entries();
	const cJSON *e;
	double sizes[3] = {0, 0, 0};
	int parts = 0;
	cJSON_ArrayForEach(e, all)
	{
		if (strcmp(str(e, "verb"), "PUT") == 0 && num(e, "part") >= 1 && num(e, "part") <= 3) {
			sizes[(int)num(e, "part") - 1] = num(e, "size");
			parts++;
			cr_expect_str_eq(str(e, "content_type"), "video/quicktime");
		}
		if (strcmp(str(e, "path"), "/upload/api_complete_multipart_upload") == 0)
			cr_expect_eq(num(e, "parts"), 3);
	}
	cJSON_Delete(all);
	cr_expect_eq(parts, 3);
	cr_expect_eq(sizes[0], 20000000);
	cr_expect_eq(sizes[1], 20000000);
	cr_expect_eq(sizes[2], 5000000);
	cr_expect_eq(count("path", "/upload/api_complete_multipart_upload"), 1);

	cJSON *versions = records("Version");
	const cJSON *v = cJSON_GetArrayItem(versions, 0);
	cr_expect_str_eq(str(cJSON_GetObjectItemCaseSensitive(v, "sg_uploaded_movie"), "type"), "Attachment");
	cr_expect_str_eq(str(v, "sg_status_list"), "apr");
	cr_expect_str_eq(str(v, "sg_path_to_movie"), movie);
	cJSON *atts = records("Attachment");
	int found = 0;
	cJSON_ArrayForEach(e, atts)
	{
		found += num(cJSON_GetObjectItemCaseSensitive(e, "this_file"), "size") == MOVIE_SIZE;
	}
	cr_expect_eq(found, 1);
	cJSON_Delete(atts);
	cJSON_Delete(versions);
	free(args);
	free(movie);
	free(out);
	free(err);
}

Test(shotgrid, publish_without_direct_storage_posts_one_form_and_does_not_resend_the_same_movie)
{
	char *out = NULL, *err = NULL, *args = NULL;
	start_site(0);
	int code = reg("", &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	free(out);
	free(err);
	tst_write(tmp, "small.mov", "not really a movie", (size_t)-1);
	cr_assert(asprintf(&args, "--movie '%s/small.mov'", tmp) > 0);
	code = run("publish", args, &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(out, "form upload") != NULL, "%s", out);
	cr_expect_eq(count("path", "/upload/upload_file"), 1);
	cr_expect_eq(count("verb", "PUT"), 0);
	cJSON *atts = records("Attachment");
	cr_expect_eq(num(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(atts, 0), "this_file"), "size"),
	             18);
	cJSON_Delete(atts);
	free(out);
	free(err);

	/* The same file again: the Version holds it, nothing is sent; --force-upload sends it. */
	code = run("publish", args, &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(out, "unchanged, not sent again") != NULL, "%s", out);
	cr_expect_eq(count("path", "/upload/upload_file"), 1);
	free(out);
	free(err);
	char *forced = NULL;
	cr_assert(asprintf(&forced, "%s --force-upload", args) > 0);
	code = run("publish", forced, &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	cr_expect_eq(count("path", "/upload/upload_file"), 2);
	atts = records("Attachment");
	cr_expect_eq(cJSON_GetArraySize(atts), 2);
	cJSON_Delete(atts);
	free(forced);
	free(args);
	free(out);
	free(err);
}

Test(shotgrid, publish_before_register_says_what_to_run)
{
	char *out = NULL, *err = NULL;
	start_site(0);
	int code = run("publish", "", &out, &err);
	cr_expect_eq(code, 3, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(err, "shotgrid register") != NULL, "%s", err);
	free(out);
	free(err);
}

Test(shotgrid, secrets_never_appear_in_any_output)
{
	char *out = NULL, *err = NULL;
	start_site(1);
	/* Verbose, through a retry, a refusal and the upload forms. */
	tst_write(site_dir, "faults.json", "[{\"method\": \"read\", \"fault\": \"http504\", \"times\": 1}]",
	          (size_t)-1);
	int code = reg("-v --status nope", &out, &err);
	cr_expect_eq(code, 2);
	expect_no_secret(out);
	expect_no_secret(err);
	free(out);
	free(err);
	code = reg("-v --user artist --sudo-as artist", &out, &err);
	cr_expect_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	expect_no_secret(out);
	expect_no_secret(err);
	free(out);
	free(err);
	tst_write(tmp, "t.jpg", "jpeg", (size_t)-1);
	char *args = NULL;
	cr_assert(asprintf(&args, "-v --thumbnail '%s/t.jpg'", tmp) > 0);
	code = run("publish", args, &out, &err);
	cr_expect_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	expect_no_secret(out);
	expect_no_secret(err);
	free(args);
	free(out);
	free(err);
	/* A wrong script name: the message names the script, never the key. */
	code =
	    tst_run("shotgrid register /nonexistent --project demo --entity Shot:sh010 --script-name other",
	            &out, &err);
	cr_expect_neq(code, 0);
	expect_no_secret(out);
	expect_no_secret(err);
	free(out);
	free(err);
}

/* ---- submit --shotgrid ------------------------------------------------------------------------ */

#define FARM_PY    SP_SOURCE_DIR "/tests/fake_farm/fake_farm.py"
#define ACCESS_ID  "AKIDTEST0001"
#define ACCESS_KEY "farm-sEcReT-0123456789"

static pid_t farm_pid;

static void start_farm(char *farm_url, size_t size)
{
	char *farm_dir = tst_join(tmp, "farm");
	char *port_path = tst_join(farm_dir, "port");
	mkdir(farm_dir, 0700);
	farm_pid = fork();
	cr_assert(farm_pid >= 0);
	if (farm_pid == 0) {
		const char *argv[] = {"python3", FARM_PY,    "--dir",      farm_dir, "--access-id", ACCESS_ID,
		                      "--key",   ACCESS_KEY, "--lifetime", "60",     NULL};
		execv("/usr/bin/python3", (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		char *port = tst_read(port_path, NULL);
		if (port && *port) {
			snprintf(farm_url, size, "http://127.0.0.1:%s", port);
			free(port);
			free(port_path);
			free(farm_dir);
			return;
		}
		free(port);
		usleep(50000);
	}
	cr_assert_fail("the fake farm did not start");
}

static void stop_farm(void)
{
	if (farm_pid > 0) {
		kill(farm_pid, SIGTERM);
		waitpid(farm_pid, NULL, 0);
	}
	farm_pid = 0;
}

/* A fresh task folder with no farm task id yet, and the other three files. */
static void unsubmitted_task(void)
{
	char *path = tst_join(task, "task.json");
	char *text = tst_read(path, NULL);
	free(path);
	char *at = strstr(text, "\"1658434\"");
	cr_assert_not_null(at);
	memmove(at + 1, at + 8, strlen(at + 8) + 1);
	tst_write(task, "task.json", text, (size_t)-1);
	free(text);
	tst_write(task, "upload.json", "{\"scene\": [], \"asset\": []}\n", (size_t)-1);
	tst_write(task, "asset.json", "{\"asset\": [], \"missing\": []}\n", (size_t)-1);
	tst_write(task, "tips.json", "{}\n", (size_t)-1);
	setenv("RAYVISION_API_ACCESS_ID", ACCESS_ID, 1);
	setenv("RAYVISION_API_KEY", ACCESS_KEY, 1);
}

Test(shotgrid, submit_with_shotgrid_registers_the_submitted_task)
{
	char farm_url[64], *line = NULL, *out = NULL, *err = NULL;
	unsubmitted_task();
	start_site(0);
	start_farm(farm_url, sizeof(farm_url));
	cr_assert(
	    asprintf(&line,
	             "submit '%s' --api-url %s --no-transfer --retry-delay 50 --shotgrid --url %s --project "
	             "demo --entity Shot:sh010 --task lighting -v",
	             task, farm_url, url) > 0);
	int code = tst_run(line, &out, &err);
	stop_farm();
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(out, "submitted task") != NULL, "%s", out);
	cr_expect(strstr(out, "created Version") != NULL, "%s", out);
	expect_no_secret(out);
	expect_no_secret(err);
	cr_expect(strstr(err, ACCESS_KEY) == NULL, "%s", err);
	cJSON *versions = records("Version");
	cr_assert_eq(cJSON_GetArraySize(versions), 1);
	/* The farm's task id reached the Version: registration ran after task.json recorded it. */
	cr_expect(strstr(str(cJSON_GetArrayItem(versions, 0), "description"), "farm task 1658434") != NULL,
	          "%s", str(cJSON_GetArrayItem(versions, 0), "description"));
	cJSON_Delete(versions);
	free(line);
	free(out);
	free(err);
}

Test(shotgrid, submit_with_bad_shotgrid_options_sends_nothing)
{
	char *line = NULL, *out = NULL, *err = NULL;
	unsubmitted_task();
	start_site(0);
	cr_assert(
	    asprintf(
	        &line,
	        "submit '%s' --api-url http://127.0.0.1:9 --no-transfer --shotgrid --url %s --project demo",
	        task, url) > 0);
	int code = tst_run(line, &out, &err);
	cr_expect_eq(code, 2, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(err, "--project and --entity are required") != NULL, "%s", err);
	cr_expect(strstr(out, "submitted") == NULL, "%s", out);
	free(line);
	free(out);
	free(err);
}

/* ---- frames from Houdini and Clarisse task files ------------------------------------------------ */

static int register_dir(const char *dir, const char *code, char **out, char **err)
{
	char *line = NULL;
	cr_assert(asprintf(&line,
	                   "shotgrid register '%s' --url %s --project demo --entity Shot:sh020 --code %s",
	                   dir, url, code) > 0);
	int code_rc = tst_run(line, out, err);
	free(line);
	return code_rc;
}

static const cJSON *version_named(const cJSON *versions, const char *code)
{
	const cJSON *v;
	cJSON_ArrayForEach(v, versions)
	{
		if (strcmp(str(v, "code"), code) == 0)
			return v;
	}
	return NULL;
}

Test(shotgrid, frames_come_from_rendering_rops_and_clarisse_image_layers)
{
	char *out = NULL, *err = NULL;
	char *hou = tst_join(tmp, "hou"), *cl = tst_join(tmp, "cl");
	start_site(0);
	tst_write(
	    hou, "task.json",
	    "{\"task_info\": {\"input_cg_file\": \"/show/sh020/fx.hip\"}, \"scene_info_render\": "
	    "{\"rop_node\": ["
	    "{\"node\": \"/out/mantra1\", \"frames\": \"1-240[2]\", \"render\": \"1\"},"
	    "{\"node\": \"/out/bypassed\", \"frames\": \"1-9000[1]\", \"render\": \"0\"}],"
	    " \"geo_node\": [{\"node\": \"/out/cache\", \"frames\": \"-50-300[1]\", \"render\": \"1\"}]}}\n",
	    (size_t)-1);
	tst_write(
	    cl, "task.json",
	    "{\"task_info\": {\"input_cg_file\": \"/show/sh020/comp.project\"}, \"scene_info_render\": "
	    "{\"image_node\": [{\"name\": \"project://scene/cam02\", \"frames\": \"0-50[1]\", "
	    "\"renderable\": "
	    "\"0\", \"output\": \"/show/out/cam02\", \"format\": \"exr16\", \"layers\": [{\"name\": "
	    "\"project://scene/cam02.l2\", \"frames\": \"10-20[1]\", \"renderable\": \"1\", \"output\": "
	    "\"/show/out/cam02_l2\", \"format\": \"exr32\"}]}]}}\n",
	    (size_t)-1);
	int code = register_dir(hou, "fx_v001", &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	/* Houdini task files name no output: said, not guessed. */
	cr_expect(strstr(err, "--frames-path") != NULL, "%s", err);
	free(out);
	free(err);
	code = register_dir(cl, "comp_v001", &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	cJSON *versions = records("Version");
	const cJSON *h = version_named(versions, "fx_v001"), *c = version_named(versions, "comp_v001");
	cr_assert(h && c);
	cr_expect_eq(num(h, "sg_first_frame"), 1);
	cr_expect_eq(num(h, "sg_last_frame"), 239);
	cr_expect_eq(num(h, "frame_count"), 120);
	cr_expect(cJSON_GetObjectItemCaseSensitive(h, "sg_path_to_frames") == NULL);
	cr_expect_str_eq(str(c, "frame_range"), "10-20");
	cr_expect_eq(num(c, "frame_count"), 11);
	cr_expect_str_eq(str(c, "sg_path_to_frames"), "/show/out/cam02_l2.####.exr");
	cr_expect_eq(num(cJSON_GetObjectItemCaseSensitive(c, "entity"), "id"), 1102);
	cJSON_Delete(versions);
	free(hou);
	free(cl);
	free(out);
	free(err);
}
