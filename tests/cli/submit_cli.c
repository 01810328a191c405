/*
 * sceneprobe submit / status / stop / start / abort against a local fake farm
 * (tests/fake_farm/fake_farm.py) that checks every request as the real one
 * would, and a fake transmitter that records its arguments.
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
#include <time.h>
#include <unistd.h>

#define ACCESS_ID   "AKIDTEST0001"
#define ACCESS_KEY  "sEcReT-kEy-0123456789abcdef"
#define FARM_PY     SP_SOURCE_DIR "/tests/fake_farm/fake_farm.py"
#define TRANSMITTER SP_SOURCE_DIR "/tests/fake_farm/fake_transmitter.py"

static char *tmp;      /* the temporary root */
static char *task;     /* tmp/task, an analysed task folder */
static char *farm_dir; /* tmp/farm: the fake farm's port, log and faults */
static char url[64];
static pid_t farm_pid;

/* ---- the fake farm ------------------------------------------------------------------ */

/* Start the fake farm with `extra` arguments (NULL-terminated, may be empty); sets url. */
static void start_farm_with(const char *scheme, const char *const *extra)
{
	char *port_path = tst_join(farm_dir, "port");
	unlink(port_path);
	farm_pid = fork();
	cr_assert(farm_pid >= 0);
	if (farm_pid == 0) {
		const char *argv[16] = {"python3", FARM_PY, "--dir",    farm_dir,     "--access-id",
		                        ACCESS_ID, "--key", ACCESS_KEY, "--lifetime", "90"};
		size_t n = 10;
		for (size_t i = 0; extra && extra[i] && n < 15; i++)
			argv[n++] = extra[i];
		argv[n] = NULL;
		execv("/usr/bin/python3", (char *const *)argv);
		_exit(127);
	}
	/* Wait for the port, at most 10 s. */
	for (int i = 0; i < 200; i++) {
		char *port = tst_read(port_path, NULL);
		if (port && *port) {
			snprintf(url, sizeof(url), "%s://127.0.0.1:%s", scheme, port);
			free(port);
			free(port_path);
			return;
		}
		free(port);
		usleep(50000);
	}
	cr_assert_fail("the fake farm did not start");
}

static void start_farm(void)
{
	start_farm_with("http", NULL);
}

static void stop_farm(void)
{
	if (farm_pid > 0) {
		kill(farm_pid, SIGTERM);
		waitpid(farm_pid, NULL, 0);
	}
	farm_pid = 0;
}

static void setup(void)
{
	tmp = tst_mkdtemp();
	task = tst_join(tmp, "task");
	farm_dir = tst_join(tmp, "farm");
	mkdir(farm_dir, 0700);
	tst_write(
	    task, "task.json",
	    "{\"task_info\": {\"task_id\": \"\", \"user_id\": \"\", \"project_id\": \"\", \"project_name\": "
	    "\"\", \"cg_id\": \"2000\", \"platform\": \"2\"},\n \"software_config\": {\"cg_name\": "
	    "\"Maya\"}}\n",
	    (size_t)-1);
	tst_write(task, "upload.json", "{\"scene\": [], \"asset\": []}\n", (size_t)-1);
	tst_write(task, "asset.json", "{\"asset\": [], \"missing\": []}\n", (size_t)-1);
	tst_write(task, "tips.json", "{\"60003\": [\"file1: tex/gone.png is not found\"]}\n", (size_t)-1);
	/* Nothing from the user running the tests may leak in. */
	setenv("HOME", tmp, 1);
	setenv("XDG_CONFIG_HOME", tmp, 1);
	setenv("RAYVISION_API_ACCESS_ID", ACCESS_ID, 1);
	setenv("RAYVISION_API_KEY", ACCESS_KEY, 1);
	unsetenv("RAYVISION_TRANSMITTER");
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
	unsetenv("https_proxy");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");
	unsetenv("HTTPS_PROXY");
	char *log = tst_join(tmp, "transmitter.log");
	setenv("FAKE_TRANSMITTER_LOG", log, 1);
	free(log);
	unsetenv("FAKE_TRANSMITTER_EXIT");
	start_farm();
}

static void teardown(void)
{
	stop_farm();
	tst_rmtree(tmp);
	free(tmp);
	free(task);
	free(farm_dir);
}

TestSuite(submit, .init = setup, .fini = teardown, .timeout = 120);

static void set_faults(const char *json)
{
	tst_write(farm_dir, "faults.json", json, (size_t)-1);
}

/* The farm's request log as a cJSON array (caller deletes). */
static cJSON *requests(void)
{
	char *path = tst_join(farm_dir, "requests.jsonl");
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

static const char *field(const cJSON *e, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Requests to `suffix` (end of the path) with `outcome` (NULL: any). */
static int count(const char *suffix, const char *outcome)
{
	cJSON *all = requests();
	int n = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, all)
	{
		const char *p = field(e, "path");
		size_t lp = strlen(p), ls = strlen(suffix);
		if (lp >= ls && strcmp(p + lp - ls, suffix) == 0 &&
		    (!outcome || strcmp(field(e, "outcome"), outcome) == 0))
			n++;
	}
	cJSON_Delete(all);
	return n;
}

/* Run sceneprobe CMD ARGS against the fake farm. */
static int run(const char *cmd, const char *args, char **out, char **err)
{
	char *line = NULL;
	cr_assert(asprintf(&line, "%s --api-url %s --retry-delay 50 %s", cmd, url, args) > 0);
	int code = tst_run(line, out, err);
	free(line);
	return code;
}

static int submit(const char *args, char **out, char **err)
{
	char *line = NULL;
	cr_assert(asprintf(&line, "'%s' %s", task, args) > 0);
	int code = run("submit", line, out, err);
	free(line);
	return code;
}

static char *task_info(const char *key)
{
	char *path = tst_join(task, "task.json");
	char *text = tst_read(path, NULL);
	cJSON *root = cJSON_Parse(text);
	cr_assert_not_null(root);
	const cJSON *v =
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "task_info"), key);
	char *copy = strdup(cJSON_IsString(v) ? v->valuestring : "<not a string>");
	cJSON_Delete(root);
	free(text);
	free(path);
	return copy;
}

static void expect_task_info(const char *key, const char *want)
{
	char *got = task_info(key);
	cr_expect_str_eq(got, want, "task_info.%s", key);
	free(got);
}

static void expect_no_secret(const char *text)
{
	if (!text)
		return;
	cr_expect(strstr(text, ACCESS_KEY) == NULL, "the key leaked: %s", text);
	cr_expect(strstr(text, "signature:") == NULL, "a signature header leaked: %s", text);
	/* No signature the farm received may appear either. */
	cJSON *all = requests();
	const cJSON *e;
	cJSON_ArrayForEach(e, all)
	{
		const char *sig = field(cJSON_GetObjectItemCaseSensitive(e, "headers"), "signature");
		if (*sig)
			cr_expect(strstr(text, sig) == NULL, "signature %s leaked: %s", sig, text);
	}
	cJSON_Delete(all);
}

/* ---- the whole sequence -------------------------------------------------------------- */

Test(submit, full_sequence_creates_uploads_transfers_and_submits)
{
	char *out = NULL, *err = NULL;
	int code = submit("--transmitter " TRANSMITTER " --label shot010 --producer 'Zhang San'", &out, &err);
	cr_assert_eq(code, 0, "stdout: %s\nstderr: %s", out, err);
	cr_expect(strstr(out, "submitted task 1658434 (alias A1658434)") != NULL, "%s", out);
	cr_expect(strstr(out, "transfer: progress 100%") != NULL, "%s", out);
	expect_task_info("task_id", "1658434");
	expect_task_info("user_id", "100093");
	expect_task_info("project_id", "0");

	static const char *const order[] = {"/api/render/submit/queryAnalyseErrorDetail",
	                                    "/api/render/submit/createTask",
	                                    "/api/render/setUp/queryUserProfile",
	                                    "/api/render/submit/taskJsonFile",
	                                    "/api/render/submit/taskJsonFile",
	                                    "/api/render/submit/taskJsonFile",
	                                    "/api/render/submit/taskJsonFile",
	                                    "/api/render/transfer/getBid",
	                                    "/api/render/transfer/getConfig",
	                                    "/api/render/submit/task"};
	cJSON *all = requests();
	cr_assert_eq(cJSON_GetArraySize(all), (int)(sizeof(order) / sizeof(*order)));
	for (int i = 0; i < cJSON_GetArraySize(all); i++) {
		cr_expect_str_eq(field(cJSON_GetArrayItem(all, i), "path"), order[i]);
		cr_expect_str_eq(field(cJSON_GetArrayItem(all, i), "outcome"), "ok", "%s",
		                 field(cJSON_GetArrayItem(all, i), "message"));
	}
	/* The createTask body carries the label and the level. */
	cJSON *create = cJSON_Parse(field(cJSON_GetArrayItem(all, 1), "body"));
	cr_expect_eq(cJSON_GetObjectItem(create, "taskUserLevel")->valueint, 50);
	cr_expect_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(create, "labels"), 0)->valuestring,
	                 "shot010");
	cJSON_Delete(create);
	cJSON_Delete(all);

	char *log_path = tst_join(tmp, "transmitter.log"), *log = tst_read(log_path, NULL);
	char *upload = tst_join(task, "upload.json"), *want = NULL;
	cr_assert(
	    asprintf(
	        &want,
	        "{\"argv\": [\"-E\", \"raysyncproxy\", \"-H\", \"10.0.0.2\", \"-P\", \"2542\", \"-S\", "
	        "\"10\", \"-U\", \"100093\", \"-T\", \"upload_json\", \"-L\", \"%s\", \"-R\", \"/\", "
	        "\"-r\", \"2\", \"-K\", \"false\", \"-s\", \"1048576\", \"-C\", \"None\", \"-p\", \"0\"], "
	        "\"stdin\": \"y\\n\"}\n",
	        upload) > 0);
	cr_expect_str_eq(log, want);
	expect_no_secret(out);
	expect_no_secret(err);
	free(want);
	free(upload);
	free(log);
	free(log_path);
	free(out);
	free(err);
}

Test(submit, a_project_name_is_found_or_added)
{
	char *out = NULL;
	tst_write(task, "task.json",
	          "{\"task_info\": {\"task_id\": \"\", \"user_id\": \"\", \"project_id\": \"\", "
	          "\"project_name\": \"existing\"}}\n",
	          (size_t)-1);
	cr_assert_eq(submit("--no-transfer", &out, NULL), 0, "%s", out);
	expect_task_info("project_id", "77");
	cr_expect_eq(count("/project/add", NULL), 0);
	free(out);
}

Test(submit, a_rerun_after_a_failed_transfer_reuses_the_task_and_skips_the_uploads)
{
	char *out = NULL, *err = NULL;
	setenv("FAKE_TRANSMITTER_EXIT", "3", 1);
	cr_assert_eq(submit("--transmitter " TRANSMITTER, &out, &err), 7, "%s\n%s", out, err);
	cr_expect(strstr(err, "exited with status 3") != NULL, "%s", err);
	cr_expect(strstr(err, "run 'sceneprobe submit") != NULL, "%s", err);
	cr_expect_eq(count("/submit/task", NULL), 0);
	free(out);
	free(err);

	unsetenv("FAKE_TRANSMITTER_EXIT");
	cr_assert_eq(submit("--transmitter " TRANSMITTER, &out, &err), 0, "%s\n%s", out, err);
	cr_expect(strstr(out, "reusing task 1658434") != NULL, "%s", out);
	cr_expect(strstr(out, "task.json: already uploaded") != NULL, "%s", out);
	cr_expect_eq(count("/createTask", NULL), 1);
	cr_expect_eq(count("/taskJsonFile", NULL), 4);
	cr_expect_eq(count("/submit/task", "ok"), 1);
	free(out);
	free(err);

	/* A third run has nothing left to do and sends nothing that changes the farm. */
	cr_assert_eq(submit("--transmitter " TRANSMITTER, &out, NULL), 0);
	cr_expect(strstr(out, "already submitted: task 1658434") != NULL, "%s", out);
	cr_expect_eq(count("/submit/task", NULL), 1);
	free(out);
}

Test(submit, a_rerun_after_uploads_failed_midway_uploads_only_the_rest)
{
	char *out = NULL, *err = NULL;
	/* The third file upload keeps failing with HTTP 500 until the retries run out. */
	set_faults("[{\"path\": \"/api/render/submit/taskJsonFile\", \"fault\": \"http500\", \"after\": 2, "
	           "\"times\": 9}]");
	cr_assert_eq(submit("--transmitter " TRANSMITTER " --retries 2", &out, &err), 6, "%s\n%s", out, err);
	cr_expect(strstr(err, "gave up after 2 attempts") != NULL, "%s", err);
	cr_expect_eq(count("/taskJsonFile", "ok"), 2);
	cr_expect_eq(count("/taskJsonFile", "http500"), 2);
	expect_task_info("task_id", "1658434");
	free(out);
	free(err);
	set_faults("[]");
	cr_assert_eq(submit("--transmitter " TRANSMITTER, &out, &err), 0, "%s\n%s", out, err);
	cr_expect(strstr(out, "task.json: already uploaded") != NULL, "%s", out);
	cr_expect(strstr(out, "upload.json: already uploaded") != NULL, "%s", out);
	cr_expect_eq(count("/createTask", NULL), 1);
	cr_expect_eq(count("/taskJsonFile", "ok"), 4);
	cr_expect_eq(count("/submit/task", "ok"), 1);
	free(out);
	free(err);
}

Test(submit, a_changed_file_is_uploaded_again_on_a_rerun)
{
	char *out = NULL;
	set_faults(
	    "[{\"path\": \"/api/render/submit/task\", \"fault\": \"code\", \"code\": 600, \"times\": 1}]");
	cr_assert_eq(submit("--no-transfer", &out, NULL), 5);
	free(out);
	tst_write(task, "asset.json", "{\"asset\": [\"/new\"], \"missing\": []}\n", (size_t)-1);
	cr_assert_eq(submit("--no-transfer", &out, NULL), 0);
	cr_expect(strstr(out, "asset.json: uploaded") != NULL, "%s", out);
	cr_expect(strstr(out, "upload.json: already uploaded") != NULL, "%s", out);
	cr_expect_eq(count("/taskJsonFile", NULL), 5);
	free(out);
}

/* ---- retries --------------------------------------------------------------------------- */

Test(submit, http_500_is_retried_with_a_fresh_signature_each_time)
{
	char *out = NULL, *err = NULL;
	set_faults("[{\"path\": \"/api/render/submit/createTask\", \"fault\": \"http500\", \"times\": 2}]");
	cr_assert_eq(submit("--no-transfer", &out, &err), 0, "%s\n%s", out, err);
	cr_expect_eq(count("/createTask", NULL), 3);
	cr_expect_eq(count("/createTask", "ok"), 1);
	/* Each attempt had its own nonce (the farm refuses a reused one) and signature. */
	cJSON *all = requests();
	const cJSON *e;
	char seen[3][16] = {"", "", ""};
	int n = 0;
	cJSON_ArrayForEach(e, all)
	{
		if (strcmp(field(e, "path"), "/api/render/submit/createTask") != 0)
			continue;
		snprintf(seen[n++], sizeof(seen[0]), "%s", field(cJSON_GetObjectItem(e, "headers"), "nonce"));
	}
	cr_expect(strcmp(seen[0], seen[1]) != 0 && strcmp(seen[1], seen[2]) != 0 &&
	          strcmp(seen[0], seen[2]) != 0);
	cJSON_Delete(all);
	cr_expect(strstr(err, "HTTP 500") != NULL, "%s", err);
	expect_no_secret(out);
	expect_no_secret(err);
	free(out);
	free(err);
}

Test(submit, a_dropped_connection_is_retried)
{
	char *out = NULL, *err = NULL;
	set_faults("[{\"path\": \"/api/render/setUp/queryUserProfile\", \"fault\": \"drop\", \"times\": 1}]");
	cr_assert_eq(submit("--no-transfer", &out, &err), 0, "%s\n%s", out, err);
	cr_expect_eq(count("/queryUserProfile", NULL), 2);
	free(out);
	free(err);
}

Test(submit, a_slow_reply_times_out_and_is_retried)
{
	char *out = NULL, *err = NULL;
	set_faults(
	    "[{\"path\": \"/api/render/submit/task\", \"fault\": \"slow\", \"seconds\": 4, \"times\": 1}]");
	time_t t0 = time(NULL);
	cr_assert_eq(submit("--no-transfer --timeout 1", &out, &err), 0, "%s\n%s", out, err);
	cr_expect(time(NULL) - t0 < 4, "the client waited for the slow reply");
	cr_expect(strstr(err, "retrying") != NULL, "%s", err);
	free(out);
	free(err);
}

Test(submit, a_farm_that_cannot_be_reached_exits_6_after_the_retries)
{
	char *out = NULL, *err = NULL;
	stop_farm();
	cr_assert_eq(submit("--no-transfer --retries 3", &out, &err), 6, "%s\n%s", out, err);
	cr_expect(strstr(err, "gave up after 3 attempts") != NULL, "%s", err);
	free(out);
	free(err);
}

static void expect_refused_once(const char *faults, const char *path, int want_exit, const char *needle)
{
	char *out = NULL, *err = NULL;
	set_faults(faults);
	cr_assert_eq(submit("--no-transfer", &out, &err), want_exit, "%s\n%s", out, err);
	cr_expect_eq(count(path, NULL), 1, "a refusal was retried");
	cr_expect(strstr(err, needle) != NULL, "%s", err);
	cr_expect(strchr(err, '\n') == strrchr(err, '\n') || strstr(err, "task ") != NULL);
	expect_no_secret(out);
	expect_no_secret(err);
	free(out);
	free(err);
}

Test(submit, code_611_is_not_retried_and_names_the_key)
{
	expect_refused_once(
	    "[{\"path\": \"/api/render/submit/createTask\", \"fault\": \"code\", \"code\": 611, "
	    "\"message\": \"signature invalid\"}]",
	    "/createTask", 5, "code 611 \"signature invalid\": the signature does not match");
}

Test(submit, code_601_is_not_retried)
{
	expect_refused_once(
	    "[{\"path\": \"/api/render/submit/createTask\", \"fault\": \"code\", \"code\": 601}]",
	    "/createTask", 5, "code 601");
}

Test(submit, code_608_suggests_the_other_region)
{
	expect_refused_once(
	    "[{\"path\": \"*\", \"fault\": \"code\", \"code\": 608, \"message\": \"region\"}]",
	    "/queryAnalyseErrorDetail", 5, "task.foxrenderfarm.com");
}

Test(submit, a_wrong_key_is_refused_by_the_signature_check)
{
	char *out = NULL, *err = NULL;
	setenv("RAYVISION_API_KEY", "not-the-key", 1);
	cr_assert_eq(submit("--no-transfer", &out, &err), 5, "%s\n%s", out, err);
	cr_expect(strstr(err, "code 611") != NULL, "%s", err);
	cr_expect_eq(count("/queryAnalyseErrorDetail", NULL), 1);
	cr_expect(strstr(err, "not-the-key") == NULL, "%s", err);
	free(out);
	free(err);
}

Test(submit, a_wrong_access_id_is_602_with_a_hint)
{
	char *out = NULL, *err = NULL;
	setenv("RAYVISION_API_ACCESS_ID", "AKIDWRONG", 1);
	cr_assert_eq(submit("--no-transfer", &out, &err), 5, "%s\n%s", out, err);
	cr_expect(strstr(err, "code 602") != NULL && strstr(err, "RAYVISION_API_ACCESS_ID") != NULL, "%s",
	          err);
	free(out);
	free(err);
}

Test(submit, clock_skew_is_610_with_the_measured_skew)
{
	char *out = NULL, *err = NULL;
	set_faults("[{\"clock_offset\": 1000}]");
	cr_assert_eq(submit("--no-transfer", &out, &err), 5, "%s\n%s", out, err);
	cr_expect_eq(count("/queryAnalyseErrorDetail", NULL), 1);
	const char *p = strstr(err, "clock is ");
	cr_assert_not_null(p, "%s", err);
	long skew = strtol(p + 9, NULL, 10);
	cr_expect(skew >= 998 && skew <= 1002, "%s", err);
	cr_expect(strstr(err, " s behind the farm's") != NULL, "%s", err);
	free(out);
	free(err);
}

/* ---- refusals before anything is created ---------------------------------------------------- */

Test(submit, error_tips_refuse_the_submission_unless_forced)
{
	char *out = NULL, *err = NULL;
	tst_write(task, "tips.json", "{\"10012\": [\"missing\"], \"60003\": [\"x\"]}\n", (size_t)-1);
	cr_assert_eq(submit("--no-transfer", &out, &err), 1, "%s\n%s", out, err);
	cr_expect(strstr(err, "1 error code") != NULL && strstr(err, "10012") != NULL, "%s", err);
	cr_expect_eq(count("/createTask", NULL), 0);
	expect_task_info("task_id", "");
	free(out);
	free(err);
	cr_assert_eq(submit("--no-transfer --force", &out, &err), 0, "%s\n%s", out, err);
	free(out);
	free(err);
}

Test(submit, dry_run_sends_nothing_and_shows_no_secret)
{
	char *out = NULL, *err = NULL;
	cr_assert_eq(submit("--dry-run --transmitter " TRANSMITTER, &out, &err), 0, "%s\n%s", out, err);
	cr_expect_eq(count("", NULL), 0);
	cr_expect(strstr(out, "POST http://127.0.0.1:") != NULL, "%s", out);
	cr_expect(strstr(out, "/api/render/submit/createTask {\"count\":1,\"taskUserLevel\":50}") != NULL,
	          "%s", out);
	cr_expect(strstr(out, "would run: " TRANSMITTER " -E ") != NULL, "%s", out);
	cr_expect(strstr(out, "dry run: nothing was sent") != NULL, "%s", out);
	expect_task_info("task_id", "");
	char *state = tst_join(task, ".sceneprobe-submit.json");
	cr_expect_eq(access(state, F_OK), -1);
	free(state);
	cr_expect(strstr(out, ACCESS_KEY) == NULL && strstr(err, ACCESS_KEY) == NULL);
	free(out);
	free(err);
}

Test(submit, a_missing_transmitter_exits_7_with_what_to_do)
{
	char *out = NULL, *err = NULL;
	setenv("PATH", "/usr/bin:/bin", 1);
	cr_assert_eq(submit("", &out, &err), 7, "%s\n%s", out, err);
	cr_expect(strstr(err, "--transmitter PATH") != NULL && strstr(err, "--no-transfer") != NULL, "%s",
	          err);
	cr_expect_eq(count("/submit/task", NULL), 0);
	free(out);
	free(err);
}

Test(submit, the_transmitter_is_found_through_RAYVISION_TRANSMITTER)
{
	char *out = NULL, *err = NULL;
	setenv("RAYVISION_TRANSMITTER", TRANSMITTER, 1);
	cr_assert_eq(submit("--engine aspera", &out, &err), 0, "%s\n%s", out, err);
	cr_expect(strstr(out, "(aspera, 10.0.0.1:33001)") != NULL, "%s", out);
	free(out);
	free(err);
}

Test(submit, verbose_output_shows_requests_but_no_secret)
{
	char *out = NULL, *err = NULL;
	set_faults("[{\"path\": \"/api/render/submit/createTask\", \"fault\": \"http500\", \"times\": 1}]");
	cr_assert_eq(submit("-v --no-transfer --producer p", &out, &err), 0, "%s\n%s", out, err);
	cr_expect(strstr(err, "POST http://127.0.0.1:") != NULL, "%s", err);
	expect_no_secret(out);
	expect_no_secret(err);
	free(out);
	free(err);
}

/* ---- credentials --------------------------------------------------------------------------- */

Test(submit, a_credentials_file_readable_by_others_is_refused)
{
	char *out = NULL, *err = NULL;
	unsetenv("RAYVISION_API_ACCESS_ID");
	unsetenv("RAYVISION_API_KEY");
	tst_write(tmp, "sceneprobe/credentials", "access_id = " ACCESS_ID "\naccess_key = " ACCESS_KEY "\n",
	          (size_t)-1);
	char *path = tst_join(tmp, "sceneprobe/credentials");
	chmod(path, 0644);
	cr_assert_eq(submit("--no-transfer", &out, &err), 2, "%s\n%s", out, err);
	cr_expect(strstr(err, "chmod 600") != NULL, "%s", err);
	cr_expect_eq(count("", NULL), 0);
	expect_no_secret(err);
	free(out);
	free(err);

	chmod(path, 0600);
	cr_assert_eq(submit("--no-transfer", &out, &err), 0, "%s\n%s", out, err);
	free(path);
	free(out);
	free(err);
}

Test(submit, no_credentials_is_a_usage_error_that_names_the_variables)
{
	char *out = NULL, *err = NULL;
	unsetenv("RAYVISION_API_KEY");
	cr_assert_eq(submit("--no-transfer", &out, &err), 2, "%s\n%s", out, err);
	cr_expect(strstr(err, "RAYVISION_API_KEY") != NULL, "%s", err);
	free(out);
	free(err);
}

Test(submit, flags_override_the_environment)
{
	char *out = NULL, *err = NULL;
	setenv("RAYVISION_API_KEY", "wrong", 1);
	cr_assert_eq(submit("--no-transfer --access-key " ACCESS_KEY, &out, &err), 0, "%s\n%s", out, err);
	free(out);
	free(err);
}

/* ---- status and control --------------------------------------------------------------------- */

Test(submit, status_watch_follows_the_task_to_its_end)
{
	char *out = NULL, *err = NULL;
	cr_assert_eq(submit("--no-transfer --wait --interval 1", &out, &err), 0, "%s\n%s", out, err);
	cr_expect(strstr(out, "1658434 (A1658434)  rendering  frames 4 done, 0 failed, 10 total") != NULL,
	          "%s", out);
	cr_expect(strstr(out, "  2658434 (A1658434-1)  done  frames 10 done") != NULL, "%s", out);
	free(out);
	free(err);
	cr_assert_eq(run("status", "1658434", &out, &err), 0, "%s", err);
	cr_expect(strstr(out, "1658434 (A1658434)  done") != NULL, "%s", out);
	free(out);
	free(err);
}

Test(submit, stop_start_and_abort_change_the_status)
{
	char *out = NULL, *err = NULL;
	cr_assert_eq(submit("--no-transfer", &out, &err), 0);
	free(out);
	free(err);
	cr_assert_eq(run("stop", "1658434", &out, &err), 0, "%s", err);
	cr_expect_str_eq(out, "stopped task 1658434\n");
	free(out);
	free(err);
	cr_assert_eq(run("status", "1658434", &out, &err), 0, "%s", err);
	cr_expect(strstr(out, "stopped") != NULL, "%s", out);
	free(out);
	free(err);
	cr_assert_eq(run("start", "1658434", &out, NULL), 0);
	free(out);
	cr_assert_eq(run("abort", "1658434", &out, NULL), 0);
	free(out);
	cr_assert_eq(run("status", "1658434", &out, NULL), 0);
	cr_expect(strstr(out, "abandoned") != NULL, "%s", out);
	free(out);
	/* An unknown id is the farm's refusal. */
	cr_expect_eq(run("stop", "42", NULL, NULL), 5);
}

Test(submit, bad_task_ids_are_usage_errors)
{
	cr_expect_eq(run("status", "abc", NULL, NULL), 2);
	cr_expect_eq(run("stop", "-5", NULL, NULL), 2);
	cr_expect_eq(run("status", "", NULL, NULL), 2);
	cr_expect_eq(count("", NULL), 0);
}

/* ---- download ------------------------------------------------------------------------------ */

/* The transmitter runs logged so far, one JSON object per line; caller frees. */
static char *transmitter_log(void)
{
	char *path = tst_join(tmp, "transmitter.log");
	char *log = tst_read(path, NULL);
	free(path);
	return log ? log : strdup("");
}

static int lines_of(const char *text)
{
	int n = 0;
	for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	return n;
}

Test(submit, download_fetches_each_finished_sub_task_from_the_output_storage)
{
	char *out = NULL, *err = NULL, *args = NULL, *dest = tst_join(tmp, "out");
	cr_assert_eq(submit("--no-transfer --wait --interval 1", &out, &err), 0, "%s\n%s", out, err);
	free(out);
	free(err);
	cr_assert(asprintf(&args, "1658434 -o '%s' --transmitter " TRANSMITTER, dest) > 0);
	cr_assert_eq(run("download", args, &out, &err), 0, "%s\n%s", out, err);
	cr_expect(strstr(out, "downloaded 1 output folder") != NULL, "%s", out);
	char *log = transmitter_log(), *want = NULL;
	cr_assert(
	    asprintf(
	        &want,
	        "{\"argv\": [\"-E\", \"raysyncproxy\", \"-H\", \"10.0.0.2\", \"-P\", \"2542\", \"-S\", "
	        "\"20\", \"-U\", \"100093\", \"-T\", \"download_path\", \"-L\", \"%s\", \"-R\", "
	        "\"shot_layer1\", \"-r\", \"2\", \"-K\", \"true\", \"-s\", \"1048576\", \"-C\", \"None\", "
	        "\"-p\", \"0\"], \"stdin\": \"y\\n\"}\n",
	        dest) > 0);
	cr_expect_str_eq(log, want);
	char *frame = tst_join(dest, "shot_layer1/frame.0001.exr");
	cr_expect_eq(access(frame, F_OK), 0);
	free(frame);
	free(want);
	free(log);
	free(args);
	free(dest);
	free(out);
	free(err);
}

Test(submit, download_skips_unfinished_tasks_and_wait_follows_them_to_the_end)
{
	char *out = NULL, *err = NULL, *args = NULL, *dest = tst_join(tmp, "out");
	cr_assert_eq(submit("--no-transfer", &out, &err), 0);
	free(out);
	free(err);
	cr_assert(asprintf(&args, "1658434 -o '%s' --transmitter " TRANSMITTER, dest) > 0);
	/* The first status query moves the task to "waiting": nothing to fetch yet. */
	cr_assert_eq(run("download", args, &out, &err), 0, "%s\n%s", out, err);
	cr_expect(strstr(out, "downloaded 0 output folders") != NULL, "%s", out);
	cr_expect(strstr(err, "1 (sub-)task has not finished") != NULL, "%s", err);
	char *log = transmitter_log();
	cr_expect_eq(lines_of(log), 0);
	free(log);
	free(out);
	free(err);
	free(args);

	cr_assert(asprintf(&args, "1658434 -o '%s' --wait --interval 1 --transmitter " TRANSMITTER, dest) >
	          0);
	cr_assert_eq(run("download", args, &out, &err), 0, "%s\n%s", out, err);
	/* One fetch while rendering, one once done. */
	log = transmitter_log();
	cr_expect_eq(lines_of(log), 2, "%s", log);
	free(log);
	free(args);
	free(dest);
	free(out);
	free(err);
}

Test(submit, a_failing_download_exits_7)
{
	char *out = NULL, *err = NULL;
	cr_assert_eq(submit("--no-transfer --wait --interval 1", &out, &err), 0);
	free(out);
	free(err);
	setenv("FAKE_TRANSMITTER_EXIT", "2", 1);
	cr_assert_eq(run("download", "1658434 -o /tmp --transmitter " TRANSMITTER, &out, &err), 7, "%s\n%s",
	             out, err);
	cr_expect(strstr(err, "exited with status 2") != NULL, "%s", err);
	free(out);
	free(err);
}

Test(submit, download_dry_run_shows_the_command_and_sends_nothing)
{
	char *out = NULL, *err = NULL;
	setenv("PATH", "/usr/bin:/bin", 1);
	cr_assert_eq(run("download", "1658434 -o /nonexistent/out --dry-run", &out, &err), 0, "%s\n%s", out,
	             err);
	cr_expect(strstr(out, "/api/render/handle/queryTaskInfo/v2 {\"taskIds\":[1658434]}") != NULL, "%s",
	          out);
	cr_expect(strstr(out, "would run: rayvision_transmitter -E <engine>") != NULL, "%s", out);
	cr_expect(strstr(out, "-T download_path -L /nonexistent/out -R <output of task 1658434>") != NULL,
	          "%s", out);
	cr_expect_eq(count("", NULL), 0);
	cr_expect_eq(access("/nonexistent/out", F_OK), -1);
	free(out);
	free(err);
}

Test(submit, every_farm_command_has_help_with_its_exit_codes)
{
	static const char *const cmds[] = {"submit", "status", "stop", "start", "abort", "download"};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
		char *out = NULL, *args = NULL;
		cr_assert(asprintf(&args, "%s --help", cmds[i]) > 0);
		cr_expect_eq(tst_run(args, &out, NULL), 0, "%s", cmds[i]);
		cr_expect(strstr(out, "exit codes:") != NULL && strstr(out, "RAYVISION_API_KEY") != NULL,
		          "%s", out);
		free(out);
		free(args);
	}
}

Test(submit, a_transmitter_that_never_reads_its_input_is_fine_and_its_status_counts)
{
	char *out = NULL, *err = NULL;
	cr_assert_eq(submit("--transmitter /bin/false", &out, &err), 7, "%s\n%s", out, err);
	cr_expect(strstr(err, "/bin/false exited with status 1") != NULL, "%s", err);
	free(out);
	free(err);
	cr_assert_eq(submit("--transmitter /bin/true", &out, &err), 0, "%s\n%s", out, err);
	cr_expect_eq(count("/createTask", NULL), 1);
	free(out);
	free(err);
}

Test(submit, the_transmitters_error_output_is_shown)
{
	char *out = NULL, *err = NULL;
	setenv("FAKE_TRANSMITTER_EXIT", "4", 1);
	cr_assert_eq(submit("--transmitter " TRANSMITTER, &out, &err), 7, "%s\n%s", out, err);
	cr_expect(strstr(out, "transfer: transfer failed: injected") != NULL, "%s", out);
	free(out);
	free(err);
}

Test(submit, a_transmitter_that_is_not_executable_is_named)
{
	char *out = NULL, *err = NULL, *args = NULL, *path = tst_join(task, "task.json");
	cr_assert(asprintf(&args, "--transmitter '%s'", path) > 0);
	cr_assert_eq(submit(args, &out, &err), 7, "%s\n%s", out, err);
	cr_expect(strstr(err, "is not an executable file") != NULL, "%s", err);
	free(args);
	free(path);
	free(out);
	free(err);
}

/* ---- transport: TLS and proxies ---------------------------------------------------------------- */

/* Restart the farm on HTTPS with a self-signed certificate for 127.0.0.1. */
static void start_tls_farm(void)
{
	char *cmd = NULL, *cert = tst_join(tmp, "cert.pem"), *key = tst_join(tmp, "key.pem");
	cr_assert(asprintf(&cmd,
	                   "openssl req -x509 -newkey rsa:2048 -nodes -keyout '%s' -out '%s' -days 1 "
	                   "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1",
	                   key, cert) > 0);
	cr_assert_eq(system(cmd), 0, "openssl could not make a certificate");
	stop_farm();
	const char *extra[] = {"--tls-cert", cert, "--tls-key", key, NULL};
	start_farm_with("https", extra);
	free(cmd);
	free(cert);
	free(key);
}

Test(submit, a_self_signed_certificate_is_refused)
{
	char *out = NULL, *err = NULL;
	start_tls_farm();
	cr_assert_eq(submit("--no-transfer --retries 1", &out, &err), 6, "%s\n%s", out, err);
	cr_expect(strstr(err, "certificate") != NULL, "%s", err);
	cr_expect_eq(count("", NULL), 0);
	free(out);
	free(err);
}

Test(submit, insecure_skips_the_certificate_check_with_a_warning)
{
	char *out = NULL, *err = NULL;
	start_tls_farm();
	cr_assert_eq(submit("--no-transfer --insecure", &out, &err), 0, "%s\n%s", out, err);
	cr_expect(strstr(err, "warning: TLS certificate checks are off") != NULL, "%s", err);
	cr_expect_eq(count("/submit/task", "ok"), 1);
	expect_no_secret(out);
	expect_no_secret(err);
	free(out);
	free(err);
}

Test(submit, the_proxy_variables_are_honoured)
{
	char *out = NULL, *err = NULL;
	/* Nothing listens on port 1: going through this proxy must fail, and no request arrives. */
	setenv("http_proxy", "http://127.0.0.1:1", 1);
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	cr_assert_eq(submit("--no-transfer --retries 2", &out, &err), 6, "%s\n%s", out, err);
	cr_expect_eq(count("", NULL), 0);
	free(out);
	free(err);
	setenv("no_proxy", "127.0.0.1", 1);
	cr_assert_eq(submit("--no-transfer", &out, &err), 0, "%s\n%s", out, err);
	free(out);
	free(err);
}

Test(submit, platform_and_language_flags_reach_every_request)
{
	char *out = NULL, *err = NULL;
	cr_assert_eq(submit("--no-transfer --platform 6 --english", &out, &err), 0, "%s\n%s", out, err);
	cJSON *all = requests();
	const cJSON *e;
	int n = 0;
	cJSON_ArrayForEach(e, all)
	{
		const cJSON *h = cJSON_GetObjectItem(e, "headers");
		cr_expect_str_eq(field(h, "platform"), "6");
		cr_expect_str_eq(field(h, "languageFlag"), "1");
		cr_expect_str_eq(field(h, "channel"), "4");
		cr_expect_str_eq(field(h, "version"), "2.0.0");
		n++;
	}
	cr_expect_gt(n, 5);
	cr_expect(strstr(field(cJSON_GetArrayItem(all, 0), "body"), "\"language\":1") != NULL);
	cJSON_Delete(all);
	free(out);
	free(err);
}
