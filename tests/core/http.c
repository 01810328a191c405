/*
 * The HTTP layer loads libcurl at run time (core/src/http.c): not before a
 * client sends, once per client, and a library that cannot be loaded is an
 * error naming it, never a crash.  The requests themselves are covered by the
 * farm and ShotGrid tests against their fake servers.
 */
#include "farm.h"
#include "http.h"
#include "os.h"
#include "support.h"

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

TestSuite(http, .init = open_ctx, .fini = close_ctx);

/* 1 when this process has libcurl loaded (each test runs in a process of its own). */
static int libcurl_loaded(void)
{
	const char *const *names = sp__os_libcurl_names();
	for (size_t i = 0; names[i]; i++) {
		sp_os_lib *lib = NULL;
		if (sp__os_dlopen(&lib, NULL, names[i], SP_OS_LIB_LOADED_ONLY) == 0) {
			sp__os_dlclose(lib);
			return 1;
		}
	}
	return 0;
}

Test(http, libcurl_is_loaded_by_the_first_open_and_only_once_per_client)
{
	sp__http *http = NULL, *first;
	cr_assert_not(libcurl_loaded(), "the test program must not link libcurl");
	cr_assert_eq(sp__http_open(&http, ctx), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_not_null(http);
	cr_expect(libcurl_loaded());
	first = http;
	cr_expect_eq(sp__http_open(&http, ctx), 0);
	cr_expect_eq(http, first, "an open client is not loaded again");
	sp__http_free(http);
	sp__http_free(NULL);
}

Test(http, a_library_that_cannot_be_loaded_is_a_network_error_naming_it)
{
	static const char *const names[] = {"libcurl-sceneprobe-missing.so.4", "libcurl-sceneprobe-gone.so",
	                                    NULL};
	sp__http *http = NULL;
	cr_assert_eq(sp__http_open_from(&http, ctx, names), SP_ENET);
	cr_expect_null(http);
	const char *msg = sp_ctx_last_error(ctx);
	cr_expect(strstr(msg, "libcurl") != NULL, "%s", msg);
	cr_expect(strstr(msg, "cannot load libcurl-sceneprobe-missing.so.4: ") != NULL, "%s", msg);
#ifdef __linux__
	/* dlerror()'s own words follow */
	cr_expect(strstr(msg, "cannot open shared object file") != NULL, "%s", msg);
#endif
	cr_expect_not(libcurl_loaded());
}

#ifdef __linux__
Test(http, a_library_without_libcurls_functions_is_refused_naming_the_first_missing_one)
{
	static const char *const names[] = {"libz.so.1", NULL};
	sp__http *http = NULL;
	cr_assert_eq(sp__http_open_from(&http, ctx, names), SP_ENET);
	cr_expect_null(http);
	cr_expect(strstr(sp_ctx_last_error(ctx), "curl_global_init") != NULL, "%s", sp_ctx_last_error(ctx));
}
#endif

Test(http, a_request_without_a_loaded_library_is_refused)
{
	sp__http_reply reply = {0, SP_BUF_INIT};
	sp__http_request req = {"http://127.0.0.1:9/", NULL, 0, "{}", 2, 1000, 1000, 0};
	cr_expect_eq(sp__http_post(&reply, NULL, ctx, &req), SP_EUSER);
	cr_expect_eq(reply.status, 0);
	sp__http_reply_dispose(&reply);
}

Test(http, a_refused_connection_is_a_network_error_with_libcurls_reason)
{
	sp__http *http = NULL;
	sp__http_reply reply = {0, SP_BUF_INIT};
	/* Port 9 (discard) on this machine: nothing listens there in a test environment. */
	sp__http_request req = {"http://127.0.0.1:9/api", NULL, 0, "{}", 2, 2000, 2000, 0};
	cr_assert_eq(sp__http_open(&http, ctx), 0, "%s", sp_ctx_last_error(ctx));
	cr_expect_eq(sp__http_post(&reply, http, ctx, &req), SP_ENET);
	cr_expect(strstr(sp_ctx_last_error(ctx), "http://127.0.0.1:9/api: ") != NULL, "%s",
	          sp_ctx_last_error(ctx));
	cr_expect_eq(reply.status, 0);
	sp__http_reply_dispose(&reply);
	sp__http_free(http);
}

Test(http, a_dry_run_of_the_farm_client_never_loads_libcurl)
{
	sp_farm_options o = SP_FARM_OPTIONS_INIT;
	sp_farm *farm = NULL;
	sp_buf data = SP_BUF_INIT;
	o.api_url = "https://task.foxrenderfarm.com";
	o.access_id = "id";
	o.access_key = "key";
	o.dry_run = 1;
	cr_assert_eq(sp_farm_new(&farm, ctx, &o), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_farm_call(&data, farm, "/api/render/common/queryPlatforms", "{\"zone\": 2}"), 0);
	cr_expect_str_eq(sp_buf_cstr(&data), "null");
	cr_expect_null(farm->http);
	cr_expect_not(libcurl_loaded());
	sp_buf_dispose(&data);
	sp_farm_free(farm);
}

Test(http, net_init_loads_libcurl_and_shutdown_without_init_loads_nothing)
{
	sp_net_shutdown(); /* nothing was initialised: nothing to undo, nothing loaded */
	cr_expect_not(libcurl_loaded());
	cr_assert_eq(sp_net_init(ctx), 0, "%s", sp_ctx_last_error(ctx));
	cr_expect(libcurl_loaded(), "libcurl stays loaded between sp_net_init and sp_net_shutdown");
	/* nested pairs are counted by libcurl */
	cr_assert_eq(sp_net_init(ctx), 0, "%s", sp_ctx_last_error(ctx));
	sp_net_shutdown();
	sp_net_shutdown();
}
