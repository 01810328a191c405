/* Farm request signing: every test vector of spec/renderbus-api.md, plus flattening rules. */
#include "sign.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <sceneprobe.h>
#include <string.h>

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
