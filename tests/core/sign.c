/*
 * Farm request signing: every test vector of spec/renderbus-api.md, flattening
 * rules, and the client around it (signed domain, dry runs, credentials).
 */
#include "farm.h"
#include "sign.h"
#include "support.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <sceneprobe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static sp_ctx *ctx;

static void open_ctx(void)
{
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
}
static void close_ctx(void)
{
	sp_ctx_free(ctx);
}

static cJSON *headers_of(const char *id, const char *platform, const char *ts, const char *nonce,
                         const char *version, const char *channel)
{
	cJSON *h = cJSON_CreateObject();
	cJSON_AddStringToObject(h, "accessId", id);
	cJSON_AddStringToObject(h, "channel", channel);
	cJSON_AddStringToObject(h, "platform", platform);
	cJSON_AddStringToObject(h, "UTCTimestamp", ts);
	cJSON_AddStringToObject(h, "nonce", nonce);
	cJSON_AddStringToObject(h, "version", version);
	return h;
}

/* The string to sign for `body_json` under the spec's SECRETEXAMPLE headers; caller frees. */
static char *example_string(const char *path, const char *body_json)
{
	cJSON *h = headers_of("AKIDEXAMPLE", "2", "1700000000", "123456", "2.0.0", "4");
	cJSON *body = cJSON_Parse(body_json);
	sp_buf s = SP_BUF_INIT;
	cr_assert_not_null(body);
	cr_assert_eq(sp__sign_string(&s, ctx, "task.renderbus.com", path, h, body), 0, "%s",
	             sp_ctx_last_error(ctx));
	cJSON_Delete(h);
	cJSON_Delete(body);
	char *copy = strdup(s.ptr);
	sp_buf_dispose(&s);
	return copy;
}

static void expect_signature(const char *key, const char *msg, const char *want)
{
	sp_buf sig = SP_BUF_INIT;
	cr_assert_eq(sp__hmac_sha256_b64(&sig, ctx, key, msg, strlen(msg)), 0);
	cr_expect_str_eq(sp_buf_cstr(&sig), want);
	sp_buf_dispose(&sig);
}

static void expect_example(const char *path, const char *body, const char *want)
{
	char *s = example_string(path, body);
	expect_signature("SECRETEXAMPLE", s, want);
	free(s);
}

TestSuite(sign, .init = open_ctx, .fini = close_ctx);

Test(sign, hmac_of_test_key_and_test_msg_matches_the_vector)
{
	expect_signature("test_key", "test_msg", "TC9wro8movj4HGMphrpEdES3oBdPsq+y+2tAt6kM/Tw=");
}

Test(sign, sdk_vector_sorts_upper_case_timestamp_first_and_merges_the_body)
{
	cJSON *h = headers_of("xxx", "2", "32166266", "1465", "dev", "4");
	cJSON *body = cJSON_Parse("{\"key\":\"value\"}");
	sp_buf s = SP_BUF_INIT;
	cr_assert_eq(sp__sign_string(&s, ctx, "tests.com", "api_url", h, body), 0);
	cr_expect_str_eq(s.ptr,
	                 "[POST]tests.com:api_url&UTCTimestamp=32166266&accessId=xxx&channel=4&key=value&"
	                 "nonce=1465&platform=2&version=dev");
	sp_buf_dispose(&s);
	cJSON_Delete(h);
	cJSON_Delete(body);
}

Test(sign, vendor_documentation_example_signature)
{
	expect_signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
	                 "[POST]task.renderbus.com:/api/render/common/queryPlatforms&UTCTimestamp=1535957371&"
	                 "accessId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&channel=7&nonce=11886&platform=1&"
	                 "version=1.0.0&zone=2",
	                 "6tvuz8bgDCz5vtS3amuMWVbOqzhaeWaOhNcWMqx9zcg=");
}

Test(sign, vendor_documentation_example_built_from_headers_and_body)
{
	cJSON *h =
	    headers_of("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "1", "1535957371", "11886", "1.0.0", "7");
	cJSON *body = cJSON_Parse("{\"zone\":2}");
	sp_buf s = SP_BUF_INIT;
	cr_assert_eq(
	    sp__sign_string(&s, ctx, "task.renderbus.com", "/api/render/common/queryPlatforms", h, body), 0);
	expect_signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", s.ptr,
	                 "6tvuz8bgDCz5vtS3amuMWVbOqzhaeWaOhNcWMqx9zcg=");
	sp_buf_dispose(&s);
	cJSON_Delete(h);
	cJSON_Delete(body);
}

Test(sign, create_task_lists_get_indexes_without_separator)
{
	char *s = example_string("/api/render/submit/createTask",
	                         "{\"count\":1,\"taskUserLevel\":50,\"labels\":[\"a\",\"b\"]}");
	cr_expect_str_eq(s,
	                 "[POST]task.renderbus.com:/api/render/submit/createTask&UTCTimestamp=1700000000&"
	                 "accessId=AKIDEXAMPLE&channel=4&count=1&labels0=a&labels1=b&nonce=123456&platform=2&"
	                 "taskUserLevel=50&version=2.0.0");
	free(s);
	expect_example("/api/render/submit/createTask",
	               "{\"count\":1,\"taskUserLevel\":50,\"labels\":[\"a\",\"b\"]}",
	               "EnFudboL9UjLV5o6shGuJclEpa6ZaK4O+ILFBjPqktw=");
}

Test(sign, query_task_info_with_an_integer_list)
{
	expect_example("/api/render/handle/queryTaskInfo/v2", "{\"taskIds\":[1658434]}",
	               "thfXHBS8IAufvKfbsG2Kl64y+vbHIerwZkhQ5MKAycE=");
}

Test(sign, submit_with_utf8_producer_is_signed_raw)
{
	expect_example("/api/render/submit/task",
	               "{\"taskId\":1658434,\"producer\":\"\xe5\xbc\xa0\xe4\xb8\x89\"}",
	               "i6WvfMYJXZJv2ElWo7G0kal4PPYHEaltcgBWlw0efKI=");
}

Test(sign, empty_body_signs_the_headers_only)
{
	expect_example("/api/render/setUp/queryUserProfile", "{}",
	               "kd9aOlfeNqolTU84th1442QydlKEnA4ZzVp+cP5hPLg=");
}

Test(sign, nested_objects_join_with_dots_and_empty_containers_vanish)
{
	char *s = example_string(
	    "/p", "{\"renderEnvs\":[{\"pluginIds\":[7,8,9],\"e\":{}}],\"z\":[],\"o\":{\"a\":{\"b\":\"c\"}}}");
	cr_expect(strstr(s, "&renderEnvs0.pluginIds0=7&renderEnvs0.pluginIds1=8&renderEnvs0.pluginIds2=9&") !=
	              NULL,
	          "%s", s);
	cr_expect(strstr(s, "&o.a.b=c&") != NULL, "%s", s);
	cr_expect(strstr(s, "z") == NULL, "%s", s);
	cr_expect(strstr(s, "renderEnvs0.e") == NULL, "%s", s);
	free(s);
}

Test(sign, a_body_key_replaces_the_header_of_the_same_name)
{
	char *s = example_string("/p", "{\"platform\":\"9\"}");
	cr_expect(strstr(s, "&platform=9&") != NULL, "%s", s);
	cr_expect(strstr(s, "platform=2") == NULL, "%s", s);
	free(s);
}

Test(sign, keys_sort_by_byte_not_by_pair_text)
{
	/* "a" < "a.b" < "a0" by key; sorting "key=value" text would put "a.b=" before "a=". */
	char *s = example_string("/p", "{\"a\":\"1\",\"b\":{\"x\":\"2\"},\"b0\":\"3\"}");
	cr_expect(strstr(s, "&a=1&accessId=") != NULL, "%s", s);
	cr_expect(strstr(s, "&b.x=2&b0=3&") != NULL, "%s", s);
	free(s);
}

Test(sign, booleans_nulls_and_fractions_are_refused)
{
	const char *bodies[] = {"{\"a\":true}", "{\"a\":null}", "{\"a\":1.5}", "{\"a\":[false]}"};
	for (size_t i = 0; i < sizeof(bodies) / sizeof(*bodies); i++) {
		cJSON *body = cJSON_Parse(bodies[i]);
		sp_buf s = SP_BUF_INIT;
		sp_ctx_clear_error(ctx);
		cr_expect_eq(sp__sign_string(&s, ctx, "d", "/p", NULL, body), SP_EUSER, "%s", bodies[i]);
		cr_expect(strstr(sp_ctx_last_error(ctx), "'a") != NULL, "%s", sp_ctx_last_error(ctx));
		sp_buf_dispose(&s);
		cJSON_Delete(body);
	}
}

Test(sign, negative_and_large_integers_print_in_decimal)
{
	char *s = example_string("/p", "{\"n\":-5,\"big\":4102444800000}");
	cr_expect(strstr(s, "&big=4102444800000&") != NULL, "%s", s);
	cr_expect(strstr(s, "&n=-5&") != NULL, "%s", s);
	free(s);
}

Test(sign, a_body_that_is_not_an_object_is_refused)
{
	cJSON *body = cJSON_Parse("[1,2]");
	sp_buf s = SP_BUF_INIT;
	cr_expect_eq(sp__sign_string(&s, ctx, "d", "/p", NULL, body), SP_EUSER);
	sp_buf_dispose(&s);
	cJSON_Delete(body);
}

Test(sign, sha256_hex_of_abc)
{
	char hex[65];
	cr_assert_eq(sp__sha256_hex(hex, "abc", 3), 0);
	cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* ---- the client around the signature: what it signs and which credentials it takes ---------- */

static void dry_request(const char *url, const char *body, int attempt, void *payload)
{
	(void)attempt;
	snprintf(payload, 512, "%s %s", url, body);
}

Test(sign, the_farm_url_must_be_scheme_host_and_port_only)
{
	static const char *const bad[] = {"task.renderbus.com", "ftp://x",       "https://",
	                                  "https://h/api",      "https://u:p@h", "https://h?x=1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		sp_farm_options o = SP_FARM_OPTIONS_INIT;
		sp_farm *farm = NULL;
		o.api_url = bad[i];
		o.access_id = "id";
		o.access_key = "key";
		sp_ctx_clear_error(ctx);
		cr_expect_eq(sp_farm_new(&farm, ctx, &o), SP_EUSER, "%s", bad[i]);
		cr_expect_null(farm);
		cr_expect(strstr(sp_ctx_last_error(ctx), "u:p@") == NULL, "%s", sp_ctx_last_error(ctx));
	}
}

Test(sign, a_dry_run_reports_the_request_and_answers_null)
{
	sp_farm_options o = SP_FARM_OPTIONS_INIT;
	sp_farm *farm = NULL;
	sp_buf data = SP_BUF_INIT;
	char seen[512] = "";
	o.api_url = "https://task.foxrenderfarm.com:8443/";
	o.access_id = "id";
	o.access_key = "key";
	o.dry_run = 1;
	o.on_request = dry_request;
	o.request_payload = seen;
	cr_assert_eq(sp_farm_new(&farm, ctx, &o), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_farm_call(&data, farm, "/api/render/common/queryPlatforms", "{\"zone\": 2}"), 0);
	cr_expect_str_eq(seen,
	                 "https://task.foxrenderfarm.com:8443/api/render/common/queryPlatforms {\"zone\":2}");
	cr_expect_str_eq(sp_buf_cstr(&data), "null");
	cr_expect_eq(sp_farm_attempts(farm), 1);
	cr_expect_eq(sp_farm_call(&data, farm, "/p", "[1]"), SP_EUSER);
	sp_buf_dispose(&data);
	sp_farm_free(farm);
}

Test(sign, missing_credentials_are_refused_before_any_request)
{
	sp_farm_options o = SP_FARM_OPTIONS_INIT;
	sp_farm *farm = NULL;
	o.access_id = "id";
	cr_expect_eq(sp_farm_new(&farm, ctx, &o), SP_EUSER);
	cr_expect(strstr(sp_ctx_last_error(ctx), "RAYVISION_API_KEY") != NULL, "%s", sp_ctx_last_error(ctx));
}

Test(sign, credentials_come_from_flags_then_environment_then_a_private_file)
{
	char *dir = tst_mkdtemp();
	char *file = tst_join(dir, "sceneprobe/credentials");
	sp_buf id = SP_BUF_INIT, key = SP_BUF_INIT, url = SP_BUF_INIT, plat = SP_BUF_INIT;
	tst_write(
	    dir, "sceneprobe/credentials",
	    "# farm\naccess_id = FILEID\n access_key=FILEKEY \napi_url = https://task.foxrenderfarm.com\n"
	    "bogus line\nplatform = 6\n",
	    (size_t)-1);
	chmod(file, 0600);
	cr_assert_eq(sp_ctx_set_env(ctx, "XDG_CONFIG_HOME", dir), 0);
	cr_assert_eq(sp_ctx_set_env(ctx, "RAYVISION_API_ACCESS_ID", "ENVID"), 0);
	cr_assert_eq(sp_buf_sets(&key, "FLAGKEY"), 0);
	cr_assert_eq(sp_farm_load_credentials(&id, &key, &url, &plat, ctx, NULL), 0, "%s",
	             sp_ctx_last_error(ctx));
	cr_expect_str_eq(sp_buf_cstr(&id), "ENVID");
	cr_expect_str_eq(sp_buf_cstr(&key), "FLAGKEY");
	cr_expect_str_eq(sp_buf_cstr(&url), "https://task.foxrenderfarm.com");
	cr_expect_str_eq(sp_buf_cstr(&plat), "6");

	sp_buf_clear(&key);
	cr_assert_eq(sp_farm_load_credentials(&id, &key, NULL, NULL, ctx, NULL), 0);
	cr_expect_str_eq(sp_buf_cstr(&key), "FILEKEY");

	chmod(file, 0640);
	sp_buf_clear(&key);
	cr_expect_eq(sp_farm_load_credentials(&id, &key, NULL, NULL, ctx, NULL), SP_EAUTH);
	cr_expect(strstr(sp_ctx_last_error(ctx), "chmod 600") != NULL, "%s", sp_ctx_last_error(ctx));
	cr_expect(strstr(sp_ctx_last_error(ctx), "FILEKEY") == NULL);
	cr_expect_eq(key.size, 0);

	sp_buf_dispose(&id);
	sp_buf_dispose(&key);
	sp_buf_dispose(&url);
	sp_buf_dispose(&plat);
	tst_rmtree(dir);
	free(file);
	free(dir);
}

Test(sign, no_credentials_file_is_not_an_error_but_a_named_missing_one_is)
{
	char *dir = tst_mkdtemp(), *missing = tst_join(dir, "nope");
	sp_buf id = SP_BUF_INIT, key = SP_BUF_INIT;
	cr_assert_eq(sp_ctx_set_env(ctx, "XDG_CONFIG_HOME", dir), 0);
	cr_expect_eq(sp_farm_load_credentials(&id, &key, NULL, NULL, ctx, NULL), 0);
	cr_expect_eq(sp_ctx_last_code(ctx), 0);
	cr_expect_eq(sp_farm_load_credentials(&id, &key, NULL, NULL, ctx, missing), SP_ENOTFOUND);
	sp_buf_dispose(&id);
	sp_buf_dispose(&key);
	tst_rmtree(dir);
	free(missing);
	free(dir);
}

Test(sign, task_status_texts_and_end_states_follow_the_spec)
{
	static const int ended[] = {10, 20, 23, 25, 30, 35, 45};
	static const int running[] = {0, 5, 8, 40, 50, 99};
	for (size_t i = 0; i < sizeof(ended) / sizeof(*ended); i++)
		cr_expect(sp_task_status_is_end(ended[i]), "%d", ended[i]);
	for (size_t i = 0; i < sizeof(running) / sizeof(*running); i++)
		cr_expect(!sp_task_status_is_end(running[i]), "%d", running[i]);
	cr_expect_str_eq(sp_task_status_text(30), "done with failed frames");
	cr_expect_str_eq(sp_task_status_text(99), "unknown");
}

Test(sign, the_signed_domain_is_host_and_port_without_a_default_port)
{
	static const char *const cases[][2] = {{"https://task.renderbus.com", "task.renderbus.com"},
	                                       {"https://task.renderbus.com:443/", "task.renderbus.com"},
	                                       {"https://task.renderbus.com:8443", "task.renderbus.com:8443"},
	                                       {"http://127.0.0.1:80", "127.0.0.1"},
	                                       {"http://127.0.0.1:4430", "127.0.0.1:4430"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		sp_farm_options o = SP_FARM_OPTIONS_INIT;
		sp_farm *farm = NULL;
		o.api_url = cases[i][0];
		o.access_id = "id";
		o.access_key = "key";
		cr_assert_eq(sp_farm_new(&farm, ctx, &o), 0, "%s", sp_ctx_last_error(ctx));
		cr_expect_str_eq(farm->domain, cases[i][1]);
		sp_farm_free(farm);
	}
}
