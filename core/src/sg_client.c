/*
 * The ShotGrid client: construction, credentials, and the api3 JSON calls
 * (info, read with paging, create, update, batch, schema_field_read).
 *
 * Secrets: the script key is copied into sg->key and from there only into
 * request bodies; bodies are never logged or handed to callbacks, and any
 * server text is redacted before it becomes a message.
 */
#include "sg_client.h"
#include "http.h"
#include "keyfile.h"
#include "os.h"

#include <openssl/crypto.h>
#include <stdio.h>

#define SG_MAX_CREDENTIALS_FILE (64u * 1024u)
#define SG_MAX_SERVER_MESSAGE   400
#define SG_MAX_ATTEMPTS_CAP     10
#define SG_PAGE_SIZE            500
/* 500 entities a page: far more than any render registration reads. */
#define SG_MAX_PAGES 2000

/* ---- construction ---------------------------------------------------------------------- */

static int parse_site(sp_sg *sg, sp_ctx *ctx, const char *url)
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
		return sp_ctx_error(ctx, SP_EUSER,
		                    "ShotGrid site '%s' is not of the form https://HOST[:PORT]",
		                    strchr(url, '@') ? "(with user info, not shown)" : url);
	sg->site = sp__strndup(url, len);
	if (!sg->site)
		return sp__oom(ctx);
	if (host == url + 7 && strncmp(host, "127.", 4) != 0 && strncmp(host, "localhost", 9) != 0 &&
	    strncmp(host, "[::1]", 5) != 0)
		sp_ctx_log(ctx, SP_LOG_WARN, "%s is plain HTTP: the script key would travel unencrypted",
		           sg->site);
	return 0;
}

static int copy_options(sp_sg *sg, sp_ctx *ctx, const sp_sg_options *o)
{
	if (!o->site_url || !*o->site_url)
		return sp_ctx_error(ctx, SP_EUSER,
		                    "no ShotGrid site: set SHOTGRID_URL, or url in the shotgrid config file");
	if (!o->script_name || !*o->script_name || !o->script_key || !*o->script_key)
		return sp_ctx_error(ctx, SP_EUSER,
		                    "no ShotGrid script credentials: set SHOTGRID_SCRIPT_NAME and "
		                    "SHOTGRID_SCRIPT_KEY, or write them to the shotgrid config file");
	sg->script = sp__strdup(o->script_name);
	sg->key = sp__strdup(o->script_key);
	sg->sudo = o->sudo_as_login && *o->sudo_as_login ? sp__strdup(o->sudo_as_login) : NULL;
	if (!sg->script || !sg->key || (o->sudo_as_login && *o->sudo_as_login && !sg->sudo))
		return sp__oom(ctx);
	sg->connect_timeout_ms = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 15000;
	sg->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 60000;
	sg->max_attempts = o->max_attempts > 0 ? o->max_attempts : 3;
	if (sg->max_attempts > SG_MAX_ATTEMPTS_CAP)
		sg->max_attempts = SG_MAX_ATTEMPTS_CAP;
	sg->retry_delay_ms = o->retry_delay_ms > 0 ? o->retry_delay_ms : 750;
	sg->insecure = o->insecure;
	sg->on_request = o->on_request;
	sg->request_payload = o->request_payload;
	return 0;
}

int sp_sg_new(sp_sg **out, sp_ctx *ctx, const sp_sg_options *opts)
{
	sp_sg *sg = NULL;
	int error;
	if (!out || !opts || opts->version != SP_SG_OPTIONS_VERSION)
		return sp_ctx_error(ctx, SP_EUSER, "sp_sg_new: missing or unknown options version");
	*out = NULL;
	sg = sp__calloc(1, sizeof(*sg));
	if (!sg)
		return sp__oom(ctx);
	sg->ctx = ctx;
	sg->transport = &sp__sg_api3;
	error = copy_options(sg, ctx, opts);
	if (error == 0)
		error = parse_site(sg, ctx, opts->site_url);
	if (error < 0) {
		sp_sg_free(sg);
		return error;
	}
	if (sg->insecure)
		sp_ctx_log(ctx, SP_LOG_WARN,
		           "TLS certificate checks are off (--insecure): anyone on the network path can read "
		           "the script key");
	*out = sg;
	return 0;
}

void sp_sg_free(sp_sg *sg)
{
	if (!sg)
		return;
	if (sg->key) {
		OPENSSL_cleanse(sg->key, strlen(sg->key));
		sp__free(sg->key);
	}
	sp__free(sg->script);
	sp__free(sg->sudo);
	sp__free(sg->site);
	cJSON_Delete(sg->info);
	sp__http_free(sg->http);
	sp__free(sg);
}

int sp_sg_error_code(const sp_sg *sg)
{
	return sg ? sg->error_code : 0;
}

/* ---- credentials --------------------------------------------------------------------------- */

static int fill_from_env(sp_buf *dst, const sp_ctx *ctx, const char *name)
{
	const char *v = sp_ctx_getenv(ctx, name);
	return sp__fill_if_empty(dst, v, v ? strlen(v) : 0);
}

static int parse_config(sp_ctx *ctx, const char *text, sp_buf *url, sp_buf *name, sp_buf *key)
{
	static const char *const keys[] = {"url", "script_name", "script_key", NULL};
	sp_buf *const slots[] = {url, name, key};
	return sp__keyfile_parse(ctx, text, keys, slots);
}

int sp_sg_load_credentials(sp_buf *url, sp_buf *script_name, sp_buf *script_key, sp_ctx *ctx,
                           const char *config_path)
{
	sp_buf path = SP_BUF_INIT, text = SP_BUF_INIT;
	int error = 0, had_error = sp_ctx_last_code(ctx) != 0;

	if (fill_from_env(url, ctx, "SHOTGRID_URL") < 0 ||
	    fill_from_env(script_name, ctx, "SHOTGRID_SCRIPT_NAME") < 0 ||
	    fill_from_env(script_key, ctx, "SHOTGRID_SCRIPT_KEY") < 0)
		return sp__oom(ctx);
	if (config_path) {
		error = sp_buf_puts(&path, config_path) < 0 ? sp__oom(ctx) : 0;
	} else {
		error = sp_os_config_dir(ctx, &path);
		if (error == 0 && sp_buf_puts(&path, "/sceneprobe/shotgrid") < 0)
			error = sp__oom(ctx);
		if (error == SP_ENOTFOUND)
			goto quiet;
	}
	if (error < 0)
		goto done;
	error = sp_os_check_private(ctx, path.ptr);
	if (error == SP_ENOTFOUND && !config_path)
		goto quiet;
	if (error == 0)
		error = sp__keyfile_read(&text, ctx, path.ptr, SG_MAX_CREDENTIALS_FILE, "config file");
	if (error == 0)
		error = parse_config(ctx, sp_buf_cstr(&text), url, script_name, script_key);
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

/* ---- helpers shared with the upload and render code ----------------------------------------- */

void sp__sg_announce(sp_sg *sg, const char *what, const char *url, int attempt)
{
	if (sg->on_request)
		sg->on_request(what, url, attempt, sg->request_payload);
}

int sp__sg_redact(sp_buf *out, const sp_sg *sg, const char *text)
{
	size_t klen = sg->key ? strlen(sg->key) : 0;
	sp_buf_clear(out);
	while (*text) {
		const char *hit = klen ? strstr(text, sg->key) : NULL;
		size_t n = hit ? (size_t)(hit - text) : strlen(text);
		if (sp_buf_put(out, text, n) < 0 || (hit && sp_buf_puts(out, "***") < 0))
			return SP_ENOMEM;
		text += n + (hit ? klen : 0);
	}
	return sp_buf_puts(out, "") < 0 ? SP_ENOMEM : 0;
}

void sp__sg_backoff(const sp_sg *sg, int attempt)
{
	sp_os_sleep_ms(sg->retry_delay_ms * attempt);
}

cJSON *sp__sg_link(const char *type, int64_t id)
{
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddStringToObject(o, "type", type) ||
	    !cJSON_AddNumberToObject(o, "id", (double)id)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* ---- the api3 transport ------------------------------------------------------------------------ */

static cJSON *auth_object(const sp_sg *sg)
{
	cJSON *a = cJSON_CreateObject();
	if (!a || !cJSON_AddStringToObject(a, "script_name", sg->script) ||
	    !cJSON_AddStringToObject(a, "script_key", sg->key) ||
	    (sg->sudo && !cJSON_AddStringToObject(a, "sudo_as_login", sg->sudo))) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* {"method_name": m, "params": [auth, payload]}; `info` goes without auth. */
static int envelope(char **out, sp_sg *sg, const char *method, const cJSON *payload)
{
	cJSON *env = cJSON_CreateObject(), *params = NULL, *auth = NULL, *copy = NULL;
	int ok = env && cJSON_AddStringToObject(env, "method_name", method) &&
	         (params = cJSON_AddArrayToObject(env, "params")) != NULL;
	if (ok && strcmp(method, "info") != 0) {
		auth = auth_object(sg);
		ok = auth && cJSON_AddItemToArray(params, auth);
		if (!ok)
			cJSON_Delete(auth);
	}
	if (ok && payload) {
		copy = cJSON_Duplicate(payload, 1);
		ok = copy && cJSON_AddItemToArray(params, copy);
		if (!ok)
			cJSON_Delete(copy);
	}
	*out = ok ? cJSON_PrintUnformatted(env) : NULL;
	cJSON_Delete(env);
	return *out ? 0 : sp__oom(sg->ctx);
}

/* Calls that change nothing can be sent again after a lost answer; a create could duplicate. */
static int is_read_only(const char *method)
{
	return strcmp(method, "info") == 0 || strcmp(method, "read") == 0 ||
	       strncmp(method, "schema_", 7) == 0;
}

static const char *hint_for(const char *msg, int code)
{
	if (code == 102)
		return "check SHOTGRID_SCRIPT_NAME and SHOTGRID_SCRIPT_KEY (the Script entity's application "
		       "key in the site's Scripts page), and that the script is active";
	if (strstr(msg, "CRUD ERROR #6") || strstr(msg, "LocalStorage") || strstr(msg, "Local Storage"))
		return "no Local File Storage root on the site matches this path: add one covering it in "
		       "Site "
		       "Preferences > File Management, or use a path under an existing root";
	if (strstr(msg, "sudo"))
		return "the script needs the 'sudo' permission, and --user/sudo_as_login an existing active "
		       "login";
	if (strstr(msg, "status"))
		return "use one of the status codes the site lists for this field (sceneprobe checks them "
		       "first when it can)";
	if (strstr(msg, "field") || strstr(msg, "does not exist"))
		return "the site's schema lacks this field or entity type: create it in ShotGrid or leave "
		       "the option out";
	return NULL;
}

static int exception_error(sp_sg *sg, const char *method, const cJSON *reply)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(reply, "message");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(reply, "error_code");
	sp_buf msg = SP_BUF_INIT;
	int code = cJSON_IsNumber(c) ? c->valueint : 0;
	const char *hint;
	int error;
	if (sp__sg_redact(&msg, sg, cJSON_IsString(m) ? m->valuestring : "(no message)") < 0)
		return sp__oom(sg->ctx);
	/* One line: a server message with line breaks would break the log. */
	for (char *p = msg.ptr; p && *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	sg->error_code = code;
	hint = hint_for(msg.ptr, code);
	error = sp_ctx_error(sg->ctx, code == 102 ? SP_EAUTH : SP_EUSER,
	                     "ShotGrid refused %s (error %d): %.*s%s%s", method, code, SG_MAX_SERVER_MESSAGE,
	                     msg.ptr, hint ? "; " : "", hint ? hint : "");
	sp_buf_dispose(&msg);
	return error;
}

static int http_error(sp_sg *sg, const char *method, long status)
{
	if (status == 503)
		return sp_ctx_error(
		    sg->ctx, SP_ENET,
		    "%s: ShotGrid answered %s with HTTP 503: the site is in maintenance; try again "
		    "later",
		    sg->site, method);
	return sp_ctx_error(sg->ctx, SP_ENET, "%s/api3/json: ShotGrid answered %s with HTTP %ld%s", sg->site,
	                    method, status,
	                    status == 404 ? "; is SHOTGRID_URL the site's address (https://NAME.shotgrid."
	                                    "autodesk.com)?"
	                                  : "");
}

/* HTTP 200: results, or the exception form. */
static int decode_reply(cJSON **results_out, sp_sg *sg, const char *method, const sp__http_reply *reply)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(sp_buf_cstr(&reply->body), reply->body.size, &end, 0);
	cJSON *results;
	int error = 0;
	if (!cJSON_IsObject(root)) {
		error = sp_ctx_error(sg->ctx, SP_ECORRUPT, "%s/api3/json: the answer to %s is not JSON",
		                     sg->site, method);
		goto done;
	}
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "exception"))) {
		error = exception_error(sg, method, root);
		goto done;
	}
	results = cJSON_DetachItemFromObjectCaseSensitive(root, "results");
	if (!results && strcmp(method, "info") == 0) {
		/* Some sites answer info unwrapped. */
		results = root;
		root = NULL;
	}
	if (!results) {
		error = sp_ctx_error(sg->ctx, SP_ECORRUPT, "%s/api3/json: the answer to %s has no results",
		                     sg->site, method);
		goto done;
	}
	*results_out = results;
done:
	cJSON_Delete(root);
	return error;
}

/* 1 when the attempt may be repeated: 502/504 always, a lost answer only for read-only calls. */
static int retryable(const char *method, int error, long status)
{
	if (error == SP_ENET)
		return is_read_only(method);
	return error == 0 && (status == 502 || status == 504);
}

static int api3_call(cJSON **results_out, sp_sg *sg, const char *method, const cJSON *payload)
{
	static const char *const headers[] = {"Content-Type: application/json; charset=utf-8",
	                                      "Accept: application/json"};
	sp__http_reply reply = {0, SP_BUF_INIT};
	sp_buf url = SP_BUF_INIT;
	sp_ctx *scratch = NULL;
	char *body = NULL;
	int error, attempt = 0;

	error = envelope(&body, sg, method, payload);
	if (error == 0 &&
	    (sp_buf_printf(&url, "%s/api3/json", sg->site) < 0 || sp_ctx_new(&scratch, NULL) < 0))
		error = sp__oom(sg->ctx);
	if (error == 0) /* libcurl is loaded by the first request (http.h) */
		error = sp__http_open(&sg->http, sg->ctx);
	while (error == 0) {
		sp__http_request_ex req = {"POST",
		                           url.ptr,
		                           headers,
		                           2,
		                           body,
		                           strlen(body),
		                           NULL,
		                           0,
		                           0,
		                           NULL,
		                           0,
		                           NULL,
		                           NULL,
		                           1,
		                           sg->connect_timeout_ms,
		                           sg->timeout_ms,
		                           sg->insecure};
		attempt++;
		sp_ctx_clear_error(scratch);
		sp__sg_announce(sg, method, url.ptr, attempt);
		error = sp__http_send(&reply, sg->http, scratch, &req);
		if (retryable(method, error, reply.status) && attempt < sg->max_attempts) {
			sp_ctx_log(sg->ctx, SP_LOG_WARN, "%s: %s; retrying", method,
			           error ? sp_ctx_last_error(scratch) : "HTTP 502/504 from the site");
			sp__sg_backoff(sg, attempt);
			error = 0;
			continue;
		}
		if (error < 0)
			error = sp_ctx_error(
			    sg->ctx, error, "%s%s", sp_ctx_last_error(scratch),
			    is_read_only(method) ? "" : " (not sent again: it may have been applied)");
		else if (reply.status != 200)
			error = http_error(sg, method, reply.status);
		else
			error = decode_reply(results_out, sg, method, &reply);
		break;
	}
	if (body) {
		OPENSSL_cleanse(body, strlen(body));
		cJSON_free(body);
	}
	sp_ctx_free(scratch);
	sp__http_reply_dispose(&reply);
	sp_buf_dispose(&url);
	return error;
}

const sp__sg_transport sp__sg_api3 = {"api3", api3_call};

/* ---- calls ---------------------------------------------------------------------------------------- */

int sp__sg_call_json(cJSON **results_out, sp_sg *sg, const char *method, const cJSON *payload)
{
	*results_out = NULL;
	sg->error_code = 0;
	return sg->transport->call(results_out, sg, method, payload);
}

int sp_sg_call(sp_buf *results_out, sp_sg *sg, const char *method_name, const char *payload_json)
{
	cJSON *payload = NULL, *results = NULL;
	char *text = NULL;
	int error = 0;
	if (!sg || !results_out || !method_name)
		return SP_EUSER;
	if (payload_json) {
		payload = cJSON_Parse(payload_json);
		if (!payload)
			return sp_ctx_error(sg->ctx, SP_EUSER, "the payload for %s is not JSON", method_name);
	}
	error = sp__sg_call_json(&results, sg, method_name, payload);
	if (error == 0) {
		text = cJSON_PrintUnformatted(results);
		sp_buf_clear(results_out);
		if (!text || sp_buf_puts(results_out, text) < 0)
			error = sp__oom(sg->ctx);
	}
	cJSON_free(text);
	cJSON_Delete(results);
	cJSON_Delete(payload);
	return error;
}

int sp__sg_info(const cJSON **out, sp_sg *sg)
{
	int error = 0;
	if (!sg->info)
		error = sp__sg_call_json(&sg->info, sg, "info", NULL);
	*out = sg->info;
	return error;
}

static int print_to(sp_buf *out, sp_ctx *ctx, const cJSON *v)
{
	char *text = cJSON_PrintUnformatted(v);
	int error = 0;
	sp_buf_clear(out);
	if (!text || sp_buf_puts(out, text) < 0)
		error = sp__oom(ctx);
	cJSON_free(text);
	return error;
}

int sp_sg_info(sp_buf *out, sp_sg *sg)
{
	const cJSON *info = NULL;
	int error = sp__sg_info(&info, sg);
	return error < 0 ? error : print_to(out, sg->ctx, info);
}

/* [field, relation, value...] lists to api3 conditions; an object is taken as given. */
static cJSON *filters_object(const cJSON *filters)
{
	cJSON *obj, *conds;
	const cJSON *f;
	if (cJSON_IsObject(filters))
		return cJSON_Duplicate(filters, 1);
	obj = cJSON_CreateObject();
	if (!obj || !cJSON_AddStringToObject(obj, "logical_operator", "and") ||
	    !(conds = cJSON_AddArrayToObject(obj, "conditions")))
		goto fail;
	cJSON_ArrayForEach(f, filters)
	{
		cJSON *c = cJSON_CreateObject(), *values;
		const cJSON *path = cJSON_GetArrayItem(f, 0), *rel = cJSON_GetArrayItem(f, 1);
		if (!c || !cJSON_AddItemToArray(conds, c) || !cJSON_IsString(path) || !cJSON_IsString(rel) ||
		    !cJSON_AddStringToObject(c, "path", path->valuestring) ||
		    !cJSON_AddStringToObject(c, "relation", rel->valuestring) ||
		    !(values = cJSON_AddArrayToObject(c, "values")))
			goto fail;
		for (const cJSON *v = rel->next; v; v = v->next)
			if (!cJSON_AddItemToArray(values, cJSON_Duplicate(v, 1)))
				goto fail;
	}
	return obj;
fail:
	cJSON_Delete(obj);
	return NULL;
}

static cJSON *read_payload(const char *type, const cJSON *filters, const char *const *fields, int page)
{
	cJSON *p = cJSON_CreateObject(), *rf, *paging, *f = filters_object(filters);
	if (!p || !f || !cJSON_AddStringToObject(p, "type", type) ||
	    !(rf = cJSON_AddArrayToObject(p, "return_fields")))
		goto fail;
	for (size_t i = 0; fields && fields[i]; i++)
		if (!cJSON_AddItemToArray(rf, cJSON_CreateString(fields[i])))
			goto fail;
	cJSON_AddItemToObject(p, "filters", f);
	f = NULL;
	if (!cJSON_AddStringToObject(p, "return_only", "active") ||
	    !(paging = cJSON_AddObjectToObject(p, "paging")) ||
	    !cJSON_AddNumberToObject(paging, "entities_per_page", SG_PAGE_SIZE) ||
	    !cJSON_AddNumberToObject(paging, "current_page", page) ||
	    !cJSON_AddTrueToObject(p, "api_return_image_urls") ||
	    !cJSON_AddTrueToObject(p, "return_paging_info_without_counts"))
		goto fail;
	return p;
fail:
	cJSON_Delete(f);
	cJSON_Delete(p);
	return NULL;
}

/* Move the page's entities into `all`; *more_out when the site says another page follows. */
static int take_page(cJSON *all, int *more_out, sp_sg *sg, cJSON *results, size_t limit)
{
	cJSON *ents = cJSON_GetObjectItemCaseSensitive(results, "entities");
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(results, "paging_info");
	if (!cJSON_IsArray(ents))
		return sp_ctx_error(sg->ctx, SP_ECORRUPT, "%s: a read answer without entities", sg->site);
	while (ents->child && (limit == 0 || (size_t)cJSON_GetArraySize(all) < limit))
		cJSON_AddItemToArray(all, cJSON_DetachItemViaPointer(ents, ents->child));
	*more_out = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(info, "has_next_page")) &&
	            (limit == 0 || (size_t)cJSON_GetArraySize(all) < limit);
	return 0;
}

int sp__sg_find_json(cJSON **out, sp_sg *sg, const char *type, const cJSON *filters,
                     const char *const *fields, size_t limit)
{
	cJSON *all = cJSON_CreateArray();
	int error = all ? 0 : sp__oom(sg->ctx), more = 1;
	for (int page = 1; error == 0 && more; page++) {
		cJSON *payload = NULL, *results = NULL;
		if (page > SG_MAX_PAGES) {
			error = sp_ctx_error(sg->ctx, SP_ETOOBIG, "reading %s: more than %d pages", type,
			                     SG_MAX_PAGES);
			break;
		}
		payload = read_payload(type, filters, fields, page);
		error = payload ? sp__sg_call_json(&results, sg, "read", payload) : sp__oom(sg->ctx);
		if (error == 0)
			error = take_page(all, &more, sg, results, limit);
		cJSON_Delete(results);
		cJSON_Delete(payload);
	}
	if (error < 0) {
		cJSON_Delete(all);
		all = NULL;
	}
	*out = all;
	return error;
}

static int parse_arg(cJSON **out, sp_sg *sg, const char *text, const char *what, int want_object)
{
	*out = text ? cJSON_Parse(text) : (want_object ? cJSON_CreateObject() : cJSON_CreateArray());
	if (!*out || (want_object ? !cJSON_IsObject(*out) : !cJSON_IsArray(*out) && !cJSON_IsObject(*out))) {
		cJSON_Delete(*out);
		*out = NULL;
		return sp_ctx_error(sg->ctx, SP_EUSER, "%s is not a JSON %s", what,
		                    want_object ? "object" : "array");
	}
	return 0;
}

int sp_sg_find(sp_buf *out, sp_sg *sg, const char *type, const char *filters_json, const char *fields_json,
               size_t limit)
{
	cJSON *filters = NULL, *fields = NULL, *found = NULL;
	sp_strvec names = SP_STRVEC_INIT;
	const char **list = NULL;
	const cJSON *f;
	int error = parse_arg(&filters, sg, filters_json, "the filters", 0);
	if (error == 0)
		error = parse_arg(&fields, sg, fields_json, "the fields", 0);
	if (error == 0 && sp_strvec_push(&names, "id") < 0)
		error = sp__oom(sg->ctx);
	cJSON_ArrayForEach(f, fields)
	{
		if (error == 0 && cJSON_IsString(f) && strcmp(f->valuestring, "id") != 0 &&
		    sp_strvec_push(&names, f->valuestring) < 0)
			error = sp__oom(sg->ctx);
	}
	/* The field list is NULL-terminated. */
	if (error == 0 && !(list = sp__calloc(names.count + 1, sizeof(*list))))
		error = sp__oom(sg->ctx);
	for (size_t i = 0; error == 0 && i < names.count; i++)
		list[i] = names.items[i];
	if (error == 0)
		error = sp__sg_find_json(&found, sg, type, filters, list, limit);
	sp__free(list);
	if (error == 0)
		error = print_to(out, sg->ctx, found);
	cJSON_Delete(found);
	cJSON_Delete(fields);
	cJSON_Delete(filters);
	sp_strvec_dispose(&names);
	return error;
}

/* {"a": 1} to [{"field_name": "a", "value": 1}]. */
static cJSON *field_list(const cJSON *fields)
{
	cJSON *list = cJSON_CreateArray();
	const cJSON *f;
	cJSON_ArrayForEach(f, fields)
	{
		cJSON *e = cJSON_CreateObject();
		if (!e || !cJSON_AddItemToArray(list, e) ||
		    !cJSON_AddStringToObject(e, "field_name", f->string) ||
		    !cJSON_AddItemToObject(e, "value", cJSON_Duplicate(f, 1))) {
			cJSON_Delete(list);
			return NULL;
		}
	}
	return list;
}

int sp__sg_create_json(int64_t *id_out, sp_sg *sg, const char *type, const cJSON *fields)
{
	cJSON *p = cJSON_CreateObject(), *results = NULL, *rf;
	const cJSON *id;
	int error = 0;
	*id_out = 0;
	if (!p || !cJSON_AddStringToObject(p, "type", type) ||
	    !cJSON_AddItemToObject(p, "fields", field_list(fields)) ||
	    !(rf = cJSON_AddArrayToObject(p, "return_fields")) ||
	    !cJSON_AddItemToArray(rf, cJSON_CreateString("id")))
		error = sp__oom(sg->ctx);
	if (error == 0)
		error = sp__sg_call_json(&results, sg, "create", p);
	id = cJSON_GetObjectItemCaseSensitive(results, "id");
	if (error == 0 && !cJSON_IsNumber(id))
		error = sp_ctx_error(sg->ctx, SP_ECORRUPT, "%s: the answer to create %s has no id", sg->site,
		                     type);
	if (error == 0)
		*id_out = (int64_t)id->valuedouble;
	cJSON_Delete(results);
	cJSON_Delete(p);
	return error;
}

int sp_sg_create(int64_t *id_out, sp_sg *sg, const char *type, const char *fields_json)
{
	cJSON *fields = NULL;
	int error = parse_arg(&fields, sg, fields_json, "the fields", 1);
	if (error == 0)
		error = sp__sg_create_json(id_out, sg, type, fields);
	cJSON_Delete(fields);
	return error;
}

int sp__sg_update_json(sp_sg *sg, const char *type, int64_t id, const cJSON *fields)
{
	cJSON *p = cJSON_CreateObject(), *results = NULL;
	int error = 0;
	if (!p || !cJSON_AddStringToObject(p, "type", type) ||
	    !cJSON_AddNumberToObject(p, "id", (double)id) ||
	    !cJSON_AddItemToObject(p, "fields", field_list(fields)))
		error = sp__oom(sg->ctx);
	if (error == 0)
		error = sp__sg_call_json(&results, sg, "update", p);
	cJSON_Delete(results);
	cJSON_Delete(p);
	return error;
}

int sp_sg_update(sp_sg *sg, const char *type, int64_t id, const char *fields_json)
{
	cJSON *fields = NULL;
	int error = parse_arg(&fields, sg, fields_json, "the fields", 1);
	if (error == 0)
		error = sp__sg_update_json(sg, type, id, fields);
	cJSON_Delete(fields);
	return error;
}

int sp_sg_batch(sp_buf *out, sp_sg *sg, const char *requests_json)
{
	cJSON *reqs = cJSON_Parse(requests_json ? requests_json : ""), *results = NULL;
	int error = 0;
	if (!cJSON_IsArray(reqs))
		error = sp_ctx_error(sg->ctx, SP_EUSER, "a batch is a JSON array of requests");
	if (error == 0)
		error = sp__sg_call_json(&results, sg, "batch", reqs);
	if (error == 0)
		error = print_to(out, sg->ctx, results);
	cJSON_Delete(results);
	cJSON_Delete(reqs);
	return error;
}

int sp__sg_schema_json(cJSON **out, sp_sg *sg, const char *type, const char *field_name, int64_t project_id)
{
	cJSON *p = cJSON_CreateObject();
	int error = 0;
	*out = NULL;
	if (!p || !cJSON_AddStringToObject(p, "type", type) ||
	    (field_name && !cJSON_AddStringToObject(p, "field_name", field_name)) ||
	    (project_id > 0 && !cJSON_AddItemToObject(p, "project", sp__sg_link("Project", project_id))))
		error = sp__oom(sg->ctx);
	if (error == 0)
		error = sp__sg_call_json(out, sg, "schema_field_read", p);
	cJSON_Delete(p);
	return error;
}

int sp_sg_schema_field_read(sp_buf *out, sp_sg *sg, const char *type, const char *field_name,
                            int64_t project_id)
{
	cJSON *schema = NULL;
	int error = sp__sg_schema_json(&schema, sg, type, field_name, project_id);
	if (error == 0)
		error = print_to(out, sg->ctx, schema);
	cJSON_Delete(schema);
	return error;
}
