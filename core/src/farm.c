/*
 * The farm API client: signed POSTs with the farm's envelope, retries where a
 * retry can help, plain-language errors, credentials, task status and control.
 *
 * Secrets: the access key lives only in farm->access_key and the HMAC; it is
 * never formatted into a message, and headers (which carry the signature) are
 * never logged.  Request bodies never contain it.
 */
#include "farm.h"
#include "http.h"
#include "keyfile.h"
#include "os.h"
#include "sign.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <time.h>

#define SP_FARM_API_VERSION "2.0.0"
#define SP_FARM_CHANNEL     "4"
/* A credentials file is a few lines; anything bigger is not one. */
#define SP_MAX_CREDENTIALS_FILE (64u * 1024u)
/* Server messages are shown to people; cut pathological ones. */
#define SP_MAX_SERVER_MESSAGE 300
#define SP_MAX_ATTEMPTS_CAP   10

/* libcurl is loaded here (and stays), or by the first request of a client (http.h). */
int sp_net_init(sp_ctx *ctx)
{
	return sp__http_global_init(ctx);
}

void sp_net_shutdown(void)
{
	sp__http_global_cleanup();
}

/* ---- construction ------------------------------------------------------------ */

/* host[:port] of "scheme://host[:port][/]"; anything after the authority is refused. */
static int parse_url(sp_farm *farm, sp_ctx *ctx, const char *url)
{
	const char *host = NULL, *slash;
	size_t len = strlen(url);
	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	while (len > 0 && url[len - 1] == '/')
		len--;
	slash = host ? strchr(host, '/') : NULL;
	if (!host || !*host || *host == '/' || (slash && (size_t)(slash - url) < len) ||
	    strpbrk(host, "@?# ") != NULL)
		/* A URL with user info may hold a password: do not echo it. */
		return sp_ctx_error(ctx, SP_EUSER, "API URL '%s' is not of the form https://HOST[:PORT]",
		                    strchr(url, '@') ? "(with user info, not shown)" : url);
	farm->base_url = sp__strndup(url, len);
	/* HTTP clients leave a default port out of the Host header, and the farm signs what it sees. */
	size_t dlen = (size_t)(url + len - host);
	const char *def = host == url + 8 ? ":443" : ":80";
	if (dlen > strlen(def) && memcmp(host + dlen - strlen(def), def, strlen(def)) == 0)
		dlen -= strlen(def);
	farm->domain = sp__strndup(host, dlen);
	if (!farm->base_url || !farm->domain)
		return sp__oom(ctx);
	/* Plain HTTP is for a farm on this machine (tests, a local proxy); say so for anything else. */
	if (host == url + 7 && strncmp(host, "127.", 4) != 0 && strncmp(host, "localhost", 9) != 0 &&
	    strncmp(host, "[::1]", 5) != 0)
		sp_ctx_log(ctx, SP_LOG_WARN, "%s is plain HTTP: requests and answers travel unencrypted",
		           url);
	return 0;
}

static int copy_options(sp_farm *farm, sp_ctx *ctx, const sp_farm_options *o)
{
	if (!o->access_id || !*o->access_id || !o->access_key || !*o->access_key)
		return sp_ctx_error(ctx, SP_EUSER,
		                    "no farm credentials: set RAYVISION_API_ACCESS_ID and "
		                    "RAYVISION_API_KEY, or write them to the credentials file");
	farm->access_id = sp__strdup(o->access_id);
	farm->access_key = sp__strdup(o->access_key);
	farm->platform = sp__strdup(o->platform && *o->platform ? o->platform : "2");
	if (!farm->access_id || !farm->access_key || !farm->platform)
		return sp__oom(ctx);
	farm->connect_timeout_ms = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 15000;
	farm->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 120000;
	farm->max_attempts = o->max_attempts > 0 ? o->max_attempts : 4;
	if (farm->max_attempts > SP_MAX_ATTEMPTS_CAP)
		farm->max_attempts = SP_MAX_ATTEMPTS_CAP;
	farm->retry_delay_ms = o->retry_delay_ms > 0 ? o->retry_delay_ms : 1000;
	farm->insecure = o->insecure;
	farm->language = o->language ? 1 : 0;
	farm->dry_run = o->dry_run;
	farm->on_request = o->on_request;
	farm->request_payload = o->request_payload;
	return 0;
}

int sp_farm_new(sp_farm **out, sp_ctx *ctx, const sp_farm_options *opts)
{
	sp_farm *farm = NULL;
	int error;
	if (!out || !opts || opts->version != SP_FARM_OPTIONS_VERSION)
		return sp_ctx_error(ctx, SP_EUSER, "sp_farm_new: missing or unknown options version");
	*out = NULL;
	farm = sp__calloc(1, sizeof(*farm));
	if (!farm)
		return sp__oom(ctx);
	farm->ctx = ctx;
	error = copy_options(farm, ctx, opts);
	if (error == 0)
		error = parse_url(farm, ctx,
		                  opts->api_url && *opts->api_url ? opts->api_url : SP_FARM_DEFAULT_URL);
	if (error < 0) {
		sp_farm_free(farm);
		return error;
	}
	if (farm->insecure)
		sp_ctx_log(ctx, SP_LOG_WARN,
		           "TLS certificate checks are off (--insecure): anyone on the network "
		           "path can read and change the requests");
	*out = farm;
	return 0;
}

void sp_farm_free(sp_farm *farm)
{
	if (!farm)
		return;
	if (farm->access_key) {
		OPENSSL_cleanse(farm->access_key, strlen(farm->access_key));
		sp__free(farm->access_key);
	}
	sp__free(farm->access_id);
	sp__free(farm->platform);
	sp__http_free(farm->http);
	sp__free(farm->base_url);
	sp__free(farm->domain);
	sp__free(farm);
}

int sp_farm_is_dry_run(const sp_farm *farm)
{
	return farm ? farm->dry_run : 0;
}
int sp_farm_server_code(const sp_farm *farm)
{
	return farm ? farm->server_code : 0;
}
int sp_farm_attempts(const sp_farm *farm)
{
	return farm ? farm->attempts : 0;
}
sp_ctx *sp__farm_ctx(sp_farm *farm)
{
	return farm->ctx;
}

/* ---- credentials ---------------------------------------------------------------- */

static int parse_credentials(sp_ctx *ctx, const char *text, sp_buf *id, sp_buf *key, sp_buf *url,
                             sp_buf *plat)
{
	static const char *const keys[] = {"access_id", "access_key", "api_url", "platform", NULL};
	sp_buf *const slots[] = {id, key, url, plat};
	return sp__keyfile_parse(ctx, text, keys, slots);
}

int sp_farm_load_credentials(sp_buf *access_id, sp_buf *access_key, sp_buf *api_url, sp_buf *platform,
                             sp_ctx *ctx, const char *config_path)
{
	const char *env_id = sp_ctx_getenv(ctx, "RAYVISION_API_ACCESS_ID");
	const char *env_key = sp_ctx_getenv(ctx, "RAYVISION_API_KEY");
	sp_buf path = SP_BUF_INIT, text = SP_BUF_INIT;
	int error = 0, had_error = sp_ctx_last_code(ctx) != 0;

	if (sp__fill_if_empty(access_id, env_id ? env_id : "", env_id ? strlen(env_id) : 0) < 0 ||
	    sp__fill_if_empty(access_key, env_key ? env_key : "", env_key ? strlen(env_key) : 0) < 0)
		return sp__oom(ctx);
	if (config_path) {
		error = sp_buf_puts(&path, config_path) < 0 ? sp__oom(ctx) : 0;
	} else {
		error = sp_os_config_dir(ctx, &path);
		if (error == 0 && sp_buf_puts(&path, "/sceneprobe/credentials") < 0)
			error = sp__oom(ctx);
		/* No home folder: only the environment counts. */
		if (error == SP_ENOTFOUND)
			goto quiet;
	}
	if (error < 0)
		goto done;
	error = sp_os_check_private(ctx, path.ptr);
	if (error == SP_ENOTFOUND && !config_path)
		goto quiet;
	if (error == 0)
		error = sp__keyfile_read(&text, ctx, path.ptr, SP_MAX_CREDENTIALS_FILE, "credentials file");
	if (error == 0)
		error = parse_credentials(ctx, sp_buf_cstr(&text), access_id, access_key, api_url, platform);
	goto done;
quiet:
	error = 0;
	if (!had_error)
		sp_ctx_clear_error(ctx);
done:
	if (text.ptr)
		OPENSSL_cleanse(text.ptr, text.size);
	sp_buf_dispose(&text);
	sp_buf_dispose(&path);
	return error;
}

/* ---- one call ------------------------------------------------------------------ */

static unsigned long random_below(unsigned long n)
{
	unsigned char b[4];
	unsigned long v;
	if (RAND_bytes(b, sizeof(b)) != 1)
		return (unsigned long)time(NULL) % n;
	v = ((unsigned long)b[0] << 24) | ((unsigned long)b[1] << 16) | ((unsigned long)b[2] << 8) | b[3];
	return v % n;
}

/* The signed headers of one attempt; a new timestamp and nonce every time. */
static cJSON *signed_headers(const sp_farm *farm, long long ts)
{
	char ts_text[32], nonce[16];
	cJSON *h = cJSON_CreateObject();
	snprintf(ts_text, sizeof(ts_text), "%lld", ts);
	snprintf(nonce, sizeof(nonce), "%lu", 100000 + random_below(900000));
	if (!h || !cJSON_AddStringToObject(h, "accessId", farm->access_id) ||
	    !cJSON_AddStringToObject(h, "channel", SP_FARM_CHANNEL) ||
	    !cJSON_AddStringToObject(h, "platform", farm->platform) ||
	    !cJSON_AddStringToObject(h, "UTCTimestamp", ts_text) ||
	    !cJSON_AddStringToObject(h, "nonce", nonce) ||
	    !cJSON_AddStringToObject(h, "version", SP_FARM_API_VERSION)) {
		cJSON_Delete(h);
		return NULL;
	}
	return h;
}

static int header_lines(sp_strvec *lines, sp_ctx *ctx, const cJSON *h, const char *signature, int language)
{
	for (const cJSON *c = h->child; c; c = c->next) {
		sp_buf line = SP_BUF_INIT;
		if (sp_buf_printf(&line, "%s: %s", c->string, c->valuestring) < 0 ||
		    sp_strvec_push_owned(lines, line.ptr) < 0) {
			sp_buf_dispose(&line);
			return sp__oom(ctx);
		}
	}
	if (sp_strvec_push(lines, "Content-Type: application/json") < 0 ||
	    sp_strvec_push(lines, language ? "languageFlag: 1" : "languageFlag: 0") < 0)
		return sp__oom(ctx);
	sp_buf sig = SP_BUF_INIT;
	int error = sp_buf_printf(&sig, "signature: %s", signature) < 0 ? sp__oom(ctx) : 0;
	if (error == 0 && sp_strvec_push_owned(lines, sig.ptr) < 0)
		error = sp__oom(ctx);
	if (error < 0)
		sp_buf_dispose(&sig);
	return error;
}

static void cleanse_lines(sp_strvec *lines)
{
	for (size_t i = 0; i < lines->count; i++)
		OPENSSL_cleanse(lines->items[i], strlen(lines->items[i]));
	sp_strvec_dispose(lines);
}

/* Sign and send one attempt; `scratch` collects a transport failure's message. */
static int send_once(sp__http_reply *reply, sp_farm *farm, sp_ctx *scratch, const char *path,
                     const cJSON *body, const char *body_text, long long *ts_out)
{
	sp_ctx *ctx = farm->ctx;
	sp_buf to_sign = SP_BUF_INIT, sig = SP_BUF_INIT, url = SP_BUF_INIT;
	sp_strvec lines = SP_STRVEC_INIT;
	cJSON *h = NULL;
	int error;

	*ts_out = (long long)time(NULL);
	h = signed_headers(farm, *ts_out);
	if (!h) {
		error = sp__oom(ctx);
		goto done;
	}
	error = sp__sign_string(&to_sign, ctx, farm->domain, path, h, body);
	if (error == 0)
		error = sp__hmac_sha256_b64(&sig, ctx, farm->access_key, to_sign.ptr, to_sign.size);
	if (error == 0)
		error = header_lines(&lines, ctx, h, sig.ptr, farm->language);
	if (error == 0 && sp_buf_printf(&url, "%s%s", farm->base_url, path) < 0)
		error = sp__oom(ctx);
	if (error < 0)
		goto done;
	if (farm->on_request)
		farm->on_request(url.ptr, body_text, farm->attempts, farm->request_payload);
	if (farm->dry_run)
		goto done;
	/* libcurl is loaded by the first request that goes out: a dry run never needs it. */
	error = sp__http_open(&farm->http, ctx);
	if (error < 0)
		goto done;
	sp__http_request req = {
	    url.ptr,           (const char *const *)lines.items, lines.count,      body_text,
	    strlen(body_text), farm->connect_timeout_ms,         farm->timeout_ms, farm->insecure};
	error = sp__http_post(reply, farm->http, scratch, &req);
done:
	if (sig.ptr)
		OPENSSL_cleanse(sig.ptr, sig.size);
	cleanse_lines(&lines);
	cJSON_Delete(h);
	sp_buf_dispose(&to_sign);
	sp_buf_dispose(&sig);
	sp_buf_dispose(&url);
	return error;
}

static const char *hint_for(int code)
{
	switch (code) {
	case 600:
		return "the farm refused a parameter's value";
	case 601:
		return "a required parameter is missing: this client and the farm's API disagree, please "
		       "report it";
	case 602:
		return "the farm does not accept these credentials: check RAYVISION_API_ACCESS_ID and "
		       "RAYVISION_API_KEY (or the credentials file) and that API access is on for the "
		       "account";
	case 603:
		return "the farm calls the request illegal";
	case 605:
		return "the account may not do this (a sub-account, or a feature not enabled)";
	case 608:
		return "the account belongs to the other region: use --api-url " SP_FARM_INTERNATIONAL_URL
		       " for Fox Renderfarm accounts, " SP_FARM_DEFAULT_URL " for Renderbus ones";
	case 611:
		return "the signature does not match: the access key does not belong to the access id "
		       "(check RAYVISION_API_KEY), or something between here and the farm changed the "
		       "request";
	default:
		return NULL;
	}
}

static int code_error(int code)
{
	return (code == 602 || code == 605 || code == 610 || code == 611) ? SP_EAUTH : SP_EUSER;
}

/* An envelope with code != 200: the server's code and message plus a hint. */
static int refused(sp_farm *farm, const char *path, const cJSON *env, int code, long long sent_ts)
{
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(env, "message");
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(env, "serverTime");
	const char *text = cJSON_IsString(msg) ? msg->valuestring : "";
	const char *hint = hint_for(code);
	char skew[200] = "";
	farm->server_code = code;
	if (code == 610) {
		if (cJSON_IsNumber(st)) {
			long long d = sent_ts - (long long)(st->valuedouble / 1000.0);
			snprintf(skew, sizeof(skew), "this computer's clock is %lld s %s the farm's",
			         d < 0 ? -d : d, d < 0 ? "behind" : "ahead of");
		} else {
			snprintf(skew, sizeof(skew), "this computer's clock differs from the farm's");
		}
		return sp_ctx_error(farm->ctx, SP_EAUTH,
		                    "farm refused %s: code 610 \"%.*s\": the signature expired because %s; "
		                    "set the clock (NTP) and retry",
		                    path, SP_MAX_SERVER_MESSAGE, text, skew);
	}
	return sp_ctx_error(farm->ctx, code_error(code), "farm refused %s: code %d \"%.*s\"%s%s", path, code,
	                    SP_MAX_SERVER_MESSAGE, text, hint ? ": " : "", hint ? hint : "");
}

/* 0 with data, a refusal, or SP_ECORRUPT when the answer is not the farm's envelope. */
static int read_envelope(sp_buf *data_out, sp_farm *farm, const char *path, const sp__http_reply *reply,
                         long long sent_ts)
{
	const char *end = NULL;
	cJSON *env = cJSON_ParseWithLengthOpts(sp_buf_cstr(&reply->body), reply->body.size, &end, 0);
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(env, "code");
	const cJSON *result = cJSON_GetObjectItemCaseSensitive(env, "result");
	int error = 0;
	char *text = NULL;
	if (!cJSON_IsObject(env) || !cJSON_IsNumber(code)) {
		error = sp_ctx_error(farm->ctx, reply->status == 200 ? SP_ECORRUPT : SP_ENET,
		                     "%s%s: the answer (HTTP %ld) is not the farm's JSON envelope%s",
		                     farm->base_url, path, reply->status,
		                     reply->status == 404 ? "; is --api-url the farm's address?" : "");
		goto done;
	}
	if (code->valueint != 200 || cJSON_IsFalse(result)) {
		error = refused(farm, path, env, code->valueint == 200 ? 603 : code->valueint, sent_ts);
		goto done;
	}
	farm->server_code = 200;
	text = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(env, "data"));
	sp_buf_clear(data_out);
	if (sp_buf_puts(data_out, text ? text : "null") < 0)
		error = sp__oom(farm->ctx);
done:
	cJSON_free(text);
	cJSON_Delete(env);
	return error;
}

static long backoff_ms(const sp_farm *farm, int attempt)
{
	long d = farm->retry_delay_ms;
	for (int i = 1; i < attempt && d < 60000; i++)
		d *= 2;
	/* Full jitter around the delay: [d/2, 3d/2), so many clients do not retry in step. */
	return d / 2 + (long)random_below((unsigned long)(d > 0 ? d : 1));
}

static int parse_body(cJSON **out, char **text_out, sp_ctx *ctx, const char *path, const char *body_json)
{
	*out = cJSON_Parse(body_json && *body_json ? body_json : "{}");
	if (!cJSON_IsObject(*out))
		return sp_ctx_error(ctx, SP_EUSER, "request body for %s is not a JSON object", path);
	*text_out = cJSON_PrintUnformatted(*out);
	return *text_out ? 0 : sp__oom(ctx);
}

/* A transport failure or an HTTP 5xx can go away by itself; its reason is left on `scratch`. */
static int is_transient(sp_farm *farm, sp_ctx *scratch, const sp__http_reply *reply, const char *path,
                        int error)
{
	if (error == SP_ENET)
		return sp_ctx_last_code(scratch) !=
		       0; /* else the failure was ours (signing), already on ctx */
	if (error == 0 && reply->status >= 500) {
		sp_ctx_error(scratch, SP_ENET, "%s%s: the farm answered HTTP %ld", farm->base_url, path,
		             reply->status);
		return 1;
	}
	return 0;
}

/* The outcome of the last attempt: the envelope's data or refusal, or the failure on `scratch`. */
static int finish(sp_buf *data_out, sp_farm *farm, sp_ctx *scratch, const sp__http_reply *reply,
                  const char *path, long long ts, int error)
{
	if (error == 0)
		return read_envelope(data_out, farm, path, reply, ts);
	if (sp_ctx_last_code(scratch) != 0)
		return sp_ctx_error(farm->ctx, error, "%s", sp_ctx_last_error(scratch));
	return error;
}

/* 0 after waiting for the next attempt, SP_ENET when the attempts are used up. */
static int wait_or_give_up(sp_farm *farm, sp_ctx *scratch)
{
	long wait;
	if (farm->attempts >= farm->max_attempts)
		return sp_ctx_error(farm->ctx, SP_ENET, "%s (gave up after %d attempts)",
		                    sp_ctx_last_error(scratch), farm->attempts);
	wait = backoff_ms(farm, farm->attempts);
	sp_ctx_log(farm->ctx, SP_LOG_WARN, "%s; retrying in %.1f s", sp_ctx_last_error(scratch),
	           (double)wait / 1000.0);
	sp_os_sleep_ms(wait);
	return 0;
}

int sp_farm_call(sp_buf *data_out, sp_farm *farm, const char *path, const char *body_json)
{
	sp__http_reply reply = {0, SP_BUF_INIT};
	sp_ctx *scratch = NULL;
	cJSON *body = NULL;
	char *text = NULL;
	long long ts = 0;
	int error;

	farm->server_code = 0;
	farm->attempts = 0;
	error = parse_body(&body, &text, farm->ctx, path, body_json);
	if (error == 0 && sp_ctx_new(&scratch, NULL) < 0)
		error = sp__oom(farm->ctx);
	/* Bounded: wait_or_give_up stops after max_attempts (at most SP_MAX_ATTEMPTS_CAP). */
	while (error == 0) {
		farm->attempts++;
		sp_ctx_clear_error(scratch);
		error = send_once(&reply, farm, scratch, path, body, text, &ts);
		if (error == 0 && farm->dry_run) {
			sp_buf_clear(data_out);
			error = sp_buf_puts(data_out, "null") < 0 ? sp__oom(farm->ctx) : 0;
			break;
		}
		if (!is_transient(farm, scratch, &reply, path, error)) {
			error = finish(data_out, farm, scratch, &reply, path, ts, error);
			break;
		}
		error = wait_or_give_up(farm, scratch);
	}
	sp_ctx_free(scratch);
	sp__http_reply_dispose(&reply);
	cJSON_free(text);
	cJSON_Delete(body);
	return error;
}

int sp__farm_call_json(cJSON **data_out, sp_farm *farm, const char *path, const cJSON *body)
{
	sp_buf data = SP_BUF_INIT;
	char *text = body ? cJSON_PrintUnformatted(body) : NULL;
	int error = (body && !text) ? sp__oom(farm->ctx) : 0;
	*data_out = NULL;
	if (error == 0)
		error = sp_farm_call(&data, farm, path, text);
	if (error == 0) {
		*data_out = cJSON_ParseWithLength(data.ptr, data.size);
		if (!*data_out)
			error = sp__oom(farm->ctx);
	}
	cJSON_free(text);
	sp_buf_dispose(&data);
	return error;
}
