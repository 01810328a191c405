/*
 * The ShotGrid client's public API: options, credentials, and the api3 calls
 * (paged read, batch as a transaction, schema_field_read, exceptions) against
 * the fake site in tests/fake_shotgrid.
 */
#define _GNU_SOURCE
#include "support.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <sceneprobe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SCRIPT_NAME "farm_submit"
#define SCRIPT_KEY  "core-test-key-55aa"
#define SG_PY       SP_SOURCE_DIR "/tests/fake_shotgrid/fake_shotgrid.py"

static sp_ctx *ctx;
static char *tmp, *site_dir;
static char url[64];
static pid_t site_pid;

static void start_site(const char *page_size)
{
	char *port_path = tst_join(site_dir, "port");
	site_pid = fork();
	cr_assert(site_pid >= 0);
	if (site_pid == 0) {
		const char *argv[] = {
		    "python3",        SG_PY,          "--dir",       site_dir,     "--script-name",
		    SCRIPT_NAME,      "--script-key", SCRIPT_KEY,    "--lifetime", "60",
		    "--max-requests", "60",           "--page-size", page_size,    NULL};
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

static void setup(void)
{
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	tmp = tst_mkdtemp();
	site_dir = tst_join(tmp, "site");
	mkdir(site_dir, 0700);
	setenv("XDG_CONFIG_HOME", tmp, 1);
	setenv("HOME", tmp, 1);
	unsetenv("SHOTGRID_URL");
	unsetenv("SHOTGRID_SCRIPT_NAME");
	unsetenv("SHOTGRID_SCRIPT_KEY");
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
}

static void teardown(void)
{
	if (site_pid > 0) {
		kill(site_pid, SIGTERM);
		waitpid(site_pid, NULL, 0);
	}
	site_pid = 0;
	sp_ctx_free(ctx);
	tst_rmtree(tmp);
	free(tmp);
	free(site_dir);
}

TestSuite(shotgrid, .init = setup, .fini = teardown, .timeout = 60);

static sp_sg *client(const char *key)
{
	sp_sg_options o = SP_SG_OPTIONS_INIT;
	sp_sg *sg = NULL;
	o.site_url = url;
	o.script_name = SCRIPT_NAME;
	o.script_key = key;
	o.retry_delay_ms = 10;
	cr_assert_eq(sp_sg_new(&sg, ctx, &o), 0, "%s", sp_ctx_last_error(ctx));
	return sg;
}

Test(shotgrid, options_without_site_or_key_are_refused)
{
	sp_sg_options o = SP_SG_OPTIONS_INIT;
	sp_sg *sg = NULL;
	o.script_name = "s";
	o.script_key = "k";
	cr_expect_eq(sp_sg_new(&sg, ctx, &o), SP_EUSER);
	cr_expect(strstr(sp_ctx_last_error(ctx), "SHOTGRID_URL") != NULL, "%s", sp_ctx_last_error(ctx));
	sp_ctx_clear_error(ctx);
	o.site_url = "https://studio.shotgrid.autodesk.com";
	o.script_key = NULL;
	cr_expect_eq(sp_sg_new(&sg, ctx, &o), SP_EUSER);
	cr_expect(strstr(sp_ctx_last_error(ctx), "SHOTGRID_SCRIPT_KEY") != NULL);
	sp_ctx_clear_error(ctx);
	o.script_key = "k";
	o.site_url = "https://user:pw@studio.example/api";
	cr_expect_eq(sp_sg_new(&sg, ctx, &o), SP_EUSER);
	cr_expect(strstr(sp_ctx_last_error(ctx), "pw") == NULL, "%s", sp_ctx_last_error(ctx));
	cr_expect_null(sg);
}

Test(shotgrid, credentials_come_from_flags_then_environment_then_file)
{
	sp_buf u = SP_BUF_INIT, n = SP_BUF_INIT, k = SP_BUF_INIT;
	tst_write(
	    tmp, "sceneprobe/shotgrid",
	    "# studio site\nurl = https://file.example\nscript_name = from_file\nscript_key = file-key\n",
	    (size_t)-1);
	char *path = tst_join(tmp, "sceneprobe/shotgrid");
	chmod(path, 0600);
	setenv("SHOTGRID_SCRIPT_NAME", "from_env", 1);
	cr_assert_eq(sp_buf_puts(&k, "flag-key"), 0);
	cr_assert_eq(sp_sg_load_credentials(&u, &n, &k, ctx, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_expect_str_eq(sp_buf_cstr(&u), "https://file.example");
	cr_expect_str_eq(sp_buf_cstr(&n), "from_env");
	cr_expect_str_eq(sp_buf_cstr(&k), "flag-key");
	/* A file others can read is refused, the key in it unused. */
	chmod(path, 0644);
	sp_buf_clear(&u);
	cr_expect_eq(sp_sg_load_credentials(&u, &n, &k, ctx, NULL), SP_EAUTH);
	free(path);
	sp_buf_dispose(&u);
	sp_buf_dispose(&n);
	sp_buf_dispose(&k);
}

Test(shotgrid, read_follows_every_page)
{
	sp_buf out = SP_BUF_INIT;
	start_site("1");
	sp_sg *sg = client(SCRIPT_KEY);
	/* One entity a page: the two shots of the project take two pages and a third read says no more. */
	cr_assert_eq(sp_sg_find(&out, sg, "Shot",
	                        "[[\"project\", \"is\", {\"type\": \"Project\", \"id\": 70}]]", "[\"code\"]",
	                        0),
	             0, "%s", sp_ctx_last_error(ctx));
	cJSON *list = cJSON_Parse(out.ptr);
	cr_assert_eq(cJSON_GetArraySize(list), 2, "%s", out.ptr);
	cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0), "code")->valuestring, "sh010");
	cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 1), "code")->valuestring, "sh020");
	cJSON_Delete(list);
	sp_sg_free(sg);
	sp_buf_dispose(&out);
}

Test(shotgrid, batch_is_all_or_nothing)
{
	sp_buf out = SP_BUF_INIT;
	start_site("500");
	sp_sg *sg = client(SCRIPT_KEY);
	const char *bad =
	    "[{\"request_type\": \"create\", \"type\": \"Version\", \"fields\": [{\"field_name\": "
	    "\"code\", \"value\": \"a\"}, {\"field_name\": \"project\", \"value\": {\"type\": "
	    "\"Project\", \"id\": 70}}], \"return_fields\": [\"id\"]},"
	    " {\"request_type\": \"create\", \"type\": \"Version\", \"fields\": [{\"field_name\": "
	    "\"code\", \"value\": \"b\"}], \"return_fields\": [\"id\"]}]";
	cr_expect_eq(sp_sg_batch(&out, sg, bad), SP_EUSER);
	cr_expect_eq(sp_sg_error_code(sg), 104);
	cr_expect(strstr(sp_ctx_last_error(ctx), "project is required") != NULL, "%s",
	          sp_ctx_last_error(ctx));
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_sg_find(&out, sg, "Version", "[]", "[\"code\"]", 0), 0, "%s", sp_ctx_last_error(ctx));
	cr_expect_str_eq(out.ptr, "[]", "the first create of the failed batch stayed");
	sp_sg_free(sg);
	sp_buf_dispose(&out);
}

Test(shotgrid, site_refusals_are_decoded_with_their_codes_and_hints)
{
	int64_t id = 0;
	start_site("500");
	sp_sg *sg = client(SCRIPT_KEY);
	cr_expect_eq(
	    sp_sg_create(
	        &id, sg, "Version",
	        "{\"code\": \"x\", \"project\": {\"type\": \"Project\", \"id\": 70}, \"sg_nope\": 1}"),
	    SP_EUSER);
	cr_expect_eq(sp_sg_error_code(sg), 103);
	cr_expect(strstr(sp_ctx_last_error(ctx), "sg_nope") != NULL, "%s", sp_ctx_last_error(ctx));
	sp_ctx_clear_error(ctx);
	cr_expect_eq(sp_sg_create(&id, sg, "Version",
	                          "{\"code\": \"x\", \"project\": {\"type\": \"Project\", \"id\": 70}, "
	                          "\"sg_uploaded_movie\": {\"local_path\": \"/elsewhere/a.mov\"}}"),
	             SP_EUSER);
	cr_expect(strstr(sp_ctx_last_error(ctx), "Local File Storage") != NULL, "%s", sp_ctx_last_error(ctx));
	sp_ctx_clear_error(ctx);
	/* A link to a type the field does not take, and a status the site does not list. */
	cr_expect_eq(sp_sg_create(&id, sg, "Version",
	                          "{\"code\": \"x\", \"project\": {\"type\": \"Project\", \"id\": 70}, "
	                          "\"entity\": {\"type\": \"HumanUser\", \"id\": 88}}"),
	             SP_EUSER);
	cr_expect_eq(sp_sg_error_code(sg), 104);
	cr_expect(strstr(sp_ctx_last_error(ctx), "CRUD ERROR #3") != NULL, "%s", sp_ctx_last_error(ctx));
	sp_ctx_clear_error(ctx);
	cr_expect_eq(sp_sg_create(&id, sg, "Version",
	                          "{\"code\": \"x\", \"project\": {\"type\": \"Project\", \"id\": 70}, "
	                          "\"sg_status_list\": \"done\"}"),
	             SP_EUSER);
	cr_expect(strstr(sp_ctx_last_error(ctx), "valid values are rev, apr, na, vwd") != NULL, "%s",
	          sp_ctx_last_error(ctx));
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_sg_create(&id, sg, "Version",
	                          "{\"code\": \"x\", \"project\": {\"type\": \"Project\", \"id\": 70}, "
	                          "\"sg_uploaded_movie\": {\"local_path\": \"/show/sh010/a.mov\"}}"),
	             0, "%s", sp_ctx_last_error(ctx));
	cr_expect_gt(id, 0);
	sp_sg_free(sg);
}

Test(shotgrid, schema_lists_status_codes_and_a_bad_key_is_an_auth_error)
{
	sp_buf out = SP_BUF_INIT;
	start_site("500");
	sp_sg *sg = client(SCRIPT_KEY);
	cr_assert_eq(sp_sg_schema_field_read(&out, sg, "Version", "sg_status_list", 70), 0, "%s",
	             sp_ctx_last_error(ctx));
	cr_expect(strstr(out.ptr, "\"rev\",\"apr\",\"na\",\"vwd\"") != NULL, "%s", out.ptr);
	sp_sg_free(sg);
	sg = client("wrong-key");
	cr_expect_eq(sp_sg_schema_field_read(&out, sg, "Version", NULL, 0), SP_EAUTH);
	cr_expect_eq(sp_sg_error_code(sg), 102);
	cr_expect(strstr(sp_ctx_last_error(ctx), "wrong-key") == NULL);
	/* info needs no credentials. */
	cr_expect_eq(sp_sg_info(&out, sg), 0, "%s", sp_ctx_last_error(ctx));
	cr_expect(strstr(out.ptr, "s3_direct_uploads_enabled") != NULL, "%s", out.ptr);
	sp_sg_free(sg);
	sp_buf_dispose(&out);
}

static int logged(const char *method)
{
	char *path = tst_join(site_dir, "requests.jsonl");
	char *text = tst_read(path, NULL), needle[64];
	int n = 0;
	snprintf(needle, sizeof(needle), "\"method_name\": \"%s\"", method);
	for (const char *p = text; p && (p = strstr(p, needle)) != NULL; p++)
		n++;
	free(text);
	free(path);
	return n;
}

Test(shotgrid, a_lost_create_is_not_sent_again_but_a_timed_out_read_is)
{
	int64_t id = 0;
	sp_buf out = SP_BUF_INIT;
	start_site("500");
	tst_write(site_dir, "faults.json",
	          "[{\"method\": \"create\", \"fault\": \"drop\", \"times\": 1},"
	          " {\"method\": \"read\", \"fault\": \"hang\", \"times\": 1}]",
	          (size_t)-1);
	sp_sg_options o = SP_SG_OPTIONS_INIT;
	sp_sg *sg = NULL;
	o.site_url = url;
	o.script_name = SCRIPT_NAME;
	o.script_key = SCRIPT_KEY;
	o.retry_delay_ms = 10;
	o.timeout_ms = 1500; /* under the fake site's 3 s hang, with room for a loaded machine */
	cr_assert_eq(sp_sg_new(&sg, ctx, &o), 0);
	cr_expect_eq(sp_sg_create(&id, sg, "Version",
	                          "{\"code\": \"x\", \"project\": {\"type\": \"Project\", \"id\": 70}}"),
	             SP_ENET);
	cr_expect(strstr(sp_ctx_last_error(ctx), "not sent again") != NULL, "%s", sp_ctx_last_error(ctx));
	/* The site logs a dropped call after closing it: wait for the line, at most 5 s. */
	for (int i = 0; i < 100 && logged("create") == 0; i++)
		usleep(50000);
	cr_expect_eq(logged("create"), 1);
	sp_ctx_clear_error(ctx);
	/* The first read hangs past the timeout; the second attempt answers. */
	cr_expect_eq(sp_sg_find(&out, sg, "Project", "[[\"name\", \"is\", \"demo\"]]", "[\"name\"]", 0), 0,
	             "%s", sp_ctx_last_error(ctx));
	cr_expect(strstr(sp_buf_cstr(&out), "\"demo\"") != NULL, "%s", sp_buf_cstr(&out));
	sp_sg_free(sg);
	sp_buf_dispose(&out);
}
