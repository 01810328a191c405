/*
 * ShotGrid uploads.  With direct storage (the site's `info` says so): ask for
 * an upload link, PUT the file (in 20 MB parts, each read from disk and its
 * ETag kept, when larger), then link the upload to the entity.  Without it:
 * one multipart/form-data POST.  Every form carries the script credentials;
 * the PUTs to storage carry none.
 */
#include "sg_client.h"
#include "http.h"
#include "os.h"

#include <openssl/crypto.h>
#include <stdio.h>

/* The Python API's part size; a file of at most this many bytes goes in one PUT. */
#define SG_PART_SIZE 20000000ull
/* S3 allows 10,000 parts: 200 GB, beyond any movie. */
#define SG_MAX_PARTS      10000
#define SG_MAX_ETAGS_TEXT (SG_MAX_PARTS * 80u)

typedef struct {
	sp_sg *sg;
	const char *path;
	const char *filename;
	const char *upload_type; /* "Attachment" or "Thumbnail" */
	uint64_t size;
	sp_buf link_info; /* the whole answer of api_get_upload_link_info */
	sp_buf url;       /* line 2 of it */
	sp_buf timestamp; /* line 3 */
	sp_buf upload_id; /* line 5 */
} upload;

/* ---- forms ------------------------------------------------------------------------------- */

static int put_escaped(sp_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int error;
		if (sp__isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
			error = sp_buf_putc(out, (char)c);
		else
			error = sp_buf_printf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
		if (error < 0)
			return error;
	}
	return 0;
}

/* name=value&... from NULL-terminated pairs, then the credentials. */
static int form_body(sp_buf *out, const sp_sg *sg, const char *const *pairs)
{
	int error = 0;
	sp_buf_clear(out);
	for (size_t i = 0; error == 0 && pairs[i]; i += 2) {
		if (!pairs[i + 1])
			continue;
		error = sp_buf_printf(out, "%s%s=", out->size ? "&" : "", pairs[i]);
		if (error == 0)
			error = put_escaped(out, pairs[i + 1]);
	}
	if (error == 0)
		error = sp_buf_puts(out, "&script_name=");
	if (error == 0)
		error = put_escaped(out, sg->script);
	if (error == 0)
		error = sp_buf_puts(out, "&script_key=");
	if (error == 0)
		error = put_escaped(out, sg->key);
	if (error == 0 && sg->sudo) {
		error = sp_buf_puts(out, "&sudo_as_login=");
		if (error == 0)
			error = put_escaped(out, sg->sudo);
	}
	return error;
}

/* Repeat on 502/504, and on a lost answer when `resend_ok`; the final outcome on sg->ctx. */
static int send_retrying(sp__http_reply *reply, sp_sg *sg, const sp__http_request_ex *req, const char *what,
                         int resend_ok)
{
	sp_ctx *scratch = NULL;
	int error = sp_ctx_new(&scratch, NULL) < 0 ? sp__oom(sg->ctx) : 0;
	if (error == 0) /* libcurl is loaded by the first request (http.h) */
		error = sp__http_open(&sg->http, sg->ctx);
	for (int attempt = 1; error == 0; attempt++) {
		sp_ctx_clear_error(scratch);
		sp__sg_announce(sg, what, req->url, attempt);
		error = sp__http_send(reply, sg->http, scratch, req);
		int again = error == SP_ENET ? resend_ok
		                             : (error == 0 && (reply->status == 502 || reply->status == 504));
		if (again && attempt < sg->max_attempts) {
			sp_ctx_log(sg->ctx, SP_LOG_WARN, "%s: %s; retrying", what,
			           error ? sp_ctx_last_error(scratch) : "HTTP 502/504");
			sp__sg_backoff(sg, attempt);
			error = 0;
			continue;
		}
		if (error < 0)
			error = sp_ctx_error(sg->ctx, error, "%s: %s", what, sp_ctx_last_error(scratch));
		else if (reply->status < 200 || reply->status >= 300)
			error = sp_ctx_error(sg->ctx, reply->status == 503 ? SP_ENET : SP_EUSER,
			                     "%s: HTTP %ld from the site%s", what, reply->status,
			                     reply->status == 503 ? " (maintenance; try again later)" : "");
		break;
	}
	sp_ctx_free(scratch);
	return error;
}

/* POST a urlencoded form to site + path; the reply text must start with "1". */
static int post_form(sp_buf *text_out, sp_sg *sg, const char *path, const char *const *pairs, int resend_ok)
{
	static const char *const headers[] = {"Content-Type: application/x-www-form-urlencoded"};
	sp__http_reply reply = {0, SP_BUF_INIT};
	sp_buf body = SP_BUF_INIT, url = SP_BUF_INIT, shown = SP_BUF_INIT;
	int error = form_body(&body, sg, pairs) < 0 || sp_buf_printf(&url, "%s%s", sg->site, path) < 0
	                ? sp__oom(sg->ctx)
	                : 0;
	if (error == 0) {
		sp__http_request_ex req = {"POST",
		                           url.ptr,
		                           headers,
		                           1,
		                           body.ptr,
		                           body.size,
		                           NULL,
		                           0,
		                           0,
		                           NULL,
		                           0,
		                           NULL,
		                           NULL,
		                           0,
		                           sg->connect_timeout_ms,
		                           sg->timeout_ms,
		                           sg->insecure};
		error = send_retrying(&reply, sg, &req, path, resend_ok);
	}
	if (error == 0 && (reply.body.size == 0 || reply.body.ptr[0] != '1')) {
		if (sp__sg_redact(&shown, sg, sp_buf_cstr(&reply.body)) < 0)
			error = sp__oom(sg->ctx);
		else
			error = sp_ctx_error(sg->ctx, SP_EUSER, "ShotGrid refused %s: \"%.200s\"", path,
			                     sp_buf_cstr(&shown));
	}
	if (error == 0) {
		sp_buf_clear(text_out);
		if (sp_buf_put(text_out, reply.body.ptr, reply.body.size) < 0)
			error = sp__oom(sg->ctx);
	}
	if (body.ptr)
		OPENSSL_cleanse(body.ptr, body.size);
	sp_buf_dispose(&body);
	sp_buf_dispose(&url);
	sp_buf_dispose(&shown);
	sp__http_reply_dispose(&reply);
	return error;
}

/* The n-th (0-based) line of `text` into `out`, without its end of line. */
static int nth_line(sp_buf *out, const char *text, int n)
{
	for (int i = 0; i < n && text; i++) {
		text = strchr(text, '\n');
		text = text ? text + 1 : NULL;
	}
	if (!text)
		return -1;
	size_t len = strcspn(text, "\r\n");
	sp_buf_clear(out);
	return len == 0 || sp_buf_put(out, text, len) < 0 ? -1 : 0;
}

/* "1:<id>" (or "1") to the id. */
static int attachment_id(int64_t *out, const sp_buf *text)
{
	const char *colon = strchr(sp_buf_cstr(text), ':');
	*out = 0;
	if (!colon)
		return 0;
	return sp_parse_i64(colon + 1, strcspn(colon + 1, "\r\n \t"), out) == 0 ? 0 : -1;
}

/* ---- direct storage ---------------------------------------------------------------------------- */

static const char *content_type(const char *path)
{
	static const char *const map[] = {
	    ".mov", "video/quicktime", ".mp4", "video/mp4",   ".jpg", "image/jpeg", ".jpeg", "image/jpeg",
	    ".png", "image/png",       ".exr", "image/x-exr", ".gif", "image/gif",  NULL};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && map[i]; i += 2)
		if (sp__strcasecmp(dot, map[i]) == 0)
			return map[i + 1];
	return "application/octet-stream";
}

static int get_link_info(upload *u, int multipart)
{
	const char *pairs[] = {"upload_type", u->upload_type,     "filename",
	                       u->filename,   "multipart_upload", multipart ? "True" : "False",
	                       NULL};
	int error = post_form(&u->link_info, u->sg, "/upload/api_get_upload_link_info", pairs, 1);
	if (error == 0 &&
	    (nth_line(&u->url, u->link_info.ptr, 1) < 0 || nth_line(&u->timestamp, u->link_info.ptr, 2) < 0 ||
	     nth_line(&u->upload_id, u->link_info.ptr, 4) < 0))
		error = sp_ctx_error(u->sg->ctx, SP_ECORRUPT,
		                     "%s/upload/api_get_upload_link_info: expected five lines (status, URL, "
		                     "timestamp, type, id)",
		                     u->sg->site);
	return error;
}

/* PUT bytes [offset, +len) of the file to `url`; the ETag to `etag` when asked. */
static int put_range(upload *u, const char *url, uint64_t offset, uint64_t len, sp_buf *etag,
                     const char *what)
{
	sp__http_reply reply = {0, SP_BUF_INIT};
	sp_buf ct = SP_BUF_INIT;
	int error =
	    sp_buf_printf(&ct, "Content-Type: %s", content_type(u->path)) < 0 ? sp__oom(u->sg->ctx) : 0;
	if (error == 0) {
		const char *headers[] = {ct.ptr};
		sp__http_request_ex req = {"PUT",
		                           url,
		                           headers,
		                           1,
		                           NULL,
		                           0,
		                           u->path,
		                           offset,
		                           len,
		                           NULL,
		                           0,
		                           "ETag",
		                           etag,
		                           0,
		                           u->sg->connect_timeout_ms,
		                           u->sg->timeout_ms * 10,
		                           u->sg->insecure};
		error = send_retrying(&reply, u->sg, &req, what, 1);
	}
	if (error == 0 && etag && etag->size == 0)
		error =
		    sp_ctx_error(u->sg->ctx, SP_ECORRUPT, "%s: the storage answered without an ETag", what);
	sp_buf_dispose(&ct);
	sp__http_reply_dispose(&reply);
	return error;
}

static int put_part(upload *u, int part, sp_buf *etags)
{
	char number[24], what[64];
	sp_buf answer = SP_BUF_INIT, part_url = SP_BUF_INIT, etag = SP_BUF_INIT;
	uint64_t offset = (uint64_t)(part - 1) * SG_PART_SIZE;
	uint64_t len = u->size - offset < SG_PART_SIZE ? u->size - offset : SG_PART_SIZE;
	snprintf(number, sizeof(number), "%d", part);
	snprintf(what, sizeof(what), "PUT part %d", part);
	const char *pairs[] = {"upload_type", u->upload_type,   "filename",  u->filename,
	                       "timestamp",   u->timestamp.ptr, "upload_id", u->upload_id.ptr,
	                       "part_number", number,           NULL};
	int error = post_form(&answer, u->sg, "/upload/api_get_upload_link_for_part", pairs, 1);
	if (error == 0 && nth_line(&part_url, answer.ptr, 1) < 0)
		error = sp_ctx_error(u->sg->ctx, SP_ECORRUPT,
		                     "api_get_upload_link_for_part: no URL for part %d", part);
	if (error == 0)
		error = put_range(u, part_url.ptr, offset, len, &etag, what);
	if (error == 0 && (etags->size + etag.size + 1 > SG_MAX_ETAGS_TEXT ||
	                   sp_buf_printf(etags, "%s%s", etags->size ? "," : "", etag.ptr) < 0))
		error = sp__oom(u->sg->ctx);
	sp_buf_dispose(&answer);
	sp_buf_dispose(&part_url);
	sp_buf_dispose(&etag);
	return error;
}

static int put_multipart(upload *u)
{
	sp_buf etags = SP_BUF_INIT, answer = SP_BUF_INIT;
	uint64_t parts = (u->size + SG_PART_SIZE - 1) / SG_PART_SIZE;
	int error = 0;
	if (parts > SG_MAX_PARTS)
		return sp_ctx_error(u->sg->ctx, SP_ETOOBIG, "%s: larger than %d parts of %llu bytes", u->path,
		                    SG_MAX_PARTS, (unsigned long long)SG_PART_SIZE);
	for (int part = 1; error == 0 && (uint64_t)part <= parts; part++)
		error = put_part(u, part, &etags);
	if (error == 0) {
		const char *pairs[] = {"upload_type", u->upload_type,   "filename",  u->filename,
		                       "timestamp",   u->timestamp.ptr, "upload_id", u->upload_id.ptr,
		                       "etags",       etags.ptr,        NULL};
		error = post_form(&answer, u->sg, "/upload/api_complete_multipart_upload", pairs, 1);
	}
	sp_buf_dispose(&etags);
	sp_buf_dispose(&answer);
	return error;
}

static int upload_direct(int64_t *id_out, upload *u, const char *type, const char *entity_id,
                         const char *field, const char *display)
{
	sp_buf answer = SP_BUF_INIT;
	int multipart = u->size > SG_PART_SIZE;
	int error = get_link_info(u, multipart);
	if (error == 0)
		error =
		    multipart ? put_multipart(u) : put_range(u, u->url.ptr, 0, u->size, NULL, "PUT upload");
	if (error == 0) {
		const char *pairs[] = {"entity_type",
		                       type,
		                       "entity_id",
		                       entity_id,
		                       "upload_link_info",
		                       u->link_info.ptr,
		                       "field_name",
		                       field,
		                       "display_name",
		                       display,
		                       NULL};
		/* Linking creates the Attachment: not sent again after a lost answer. */
		error = post_form(&answer, u->sg, "/upload/api_link_file", pairs, 0);
	}
	if (error == 0 && attachment_id(id_out, &answer) < 0)
		error = sp_ctx_error(u->sg->ctx, SP_ECORRUPT, "api_link_file: the answer is not 1:<id>");
	sp_buf_dispose(&answer);
	return error;
}

/* ---- one form POST (sites without direct storage) ------------------------------------------------ */

static int upload_form(int64_t *id_out, upload *u, const char *type, const char *entity_id, const char *field,
                       const char *display)
{
	sp__http_reply reply = {0, SP_BUF_INIT};
	sp_buf url = SP_BUF_INIT, shown = SP_BUF_INIT;
	sp_sg *sg = u->sg;
	const char *path = field ? "/upload/upload_file" : "/upload/publish_thumbnail";
	sp__http_form_part parts[] = {
	    {"entity_type", type, NULL, NULL},
	    {"entity_id", entity_id, NULL, NULL},
	    {"script_name", sg->script, NULL, NULL},
	    {"script_key", sg->key, NULL, NULL},
	    {"field_name", field, NULL, NULL},
	    {"display_name", display, NULL, NULL},
	    {"sudo_as_login", sg->sudo, NULL, NULL},
	    {field ? "file" : "thumb_image", NULL, u->path, u->filename},
	};
	/* Leave out the parts that do not apply: no field for a thumbnail, no sudo. */
	sp__http_form_part used[8];
	size_t n = 0;
	for (size_t i = 0; i < 8; i++)
		if (parts[i].value || parts[i].file_path)
			used[n++] = parts[i];
	int error = sp_buf_printf(&url, "%s%s", sg->site, path) < 0 ? sp__oom(sg->ctx) : 0;
	if (error == 0) {
		sp__http_request_ex req = {"POST",
		                           url.ptr,
		                           NULL,
		                           0,
		                           NULL,
		                           0,
		                           NULL,
		                           0,
		                           0,
		                           used,
		                           n,
		                           NULL,
		                           NULL,
		                           0,
		                           sg->connect_timeout_ms,
		                           sg->timeout_ms * 10,
		                           sg->insecure};
		error = send_retrying(&reply, sg, &req, path, 0);
	}
	if (error == 0 && (reply.body.size == 0 || reply.body.ptr[0] != '1')) {
		error = sp__sg_redact(&shown, sg, sp_buf_cstr(&reply.body)) < 0
		            ? sp__oom(sg->ctx)
		            : sp_ctx_error(sg->ctx, SP_EUSER, "ShotGrid refused %s: \"%.200s\"", path,
		                           sp_buf_cstr(&shown));
	}
	if (error == 0 && attachment_id(id_out, &reply.body) < 0)
		error = sp_ctx_error(sg->ctx, SP_ECORRUPT, "%s: the answer is not 1:<id>", path);
	sp_buf_dispose(&url);
	sp_buf_dispose(&shown);
	sp__http_reply_dispose(&reply);
	return error;
}

/* ---- the choice ------------------------------------------------------------------------------------ */

static int list_has(const cJSON *v, const char *field)
{
	const cJSON *e;
	if (cJSON_IsString(v))
		return strcmp(v->valuestring, "*") == 0;
	if (cJSON_IsTrue(v))
		return 1;
	cJSON_ArrayForEach(e, v)
	{
		if (cJSON_IsString(e) &&
		    (strcmp(e->valuestring, field) == 0 || strcmp(e->valuestring, "*") == 0))
			return 1;
	}
	return 0;
}

/* As the Python API decides: direct uploads on, and this entity's field (or "*") among the enabled types. */
static int uses_direct_storage(const cJSON *info, const char *type, const char *field)
{
	const cJSON *types = cJSON_GetObjectItemCaseSensitive(info, "s3_enabled_upload_types");
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(info, "s3_direct_uploads_enabled")))
		return 0;
	return list_has(cJSON_GetObjectItemCaseSensitive(types, type), field) ||
	       list_has(cJSON_GetObjectItemCaseSensitive(types, "*"), field);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int sp_sg_upload(int64_t *id_out, sp_sg *sg, const char *type, int64_t id, const char *path,
                 const char *field_name, const char *display_name)
{
	upload u = {sg,         path,        NULL,        field_name ? "Attachment" : "Thumbnail",
	            0,          SP_BUF_INIT, SP_BUF_INIT, SP_BUF_INIT,
	            SP_BUF_INIT};
	const cJSON *info = NULL;
	sp_os_stat_info st;
	char entity_id[24];
	int error;
	if (!id_out || !sg || !type || !path)
		return SP_EUSER;
	*id_out = 0;
	u.filename = base_name(path);
	snprintf(entity_id, sizeof(entity_id), "%lld", (long long)id);
	error = sp_os_stat(sg->ctx, path, &st);
	if (error == 0 && st.is_dir)
		error = sp_ctx_error(sg->ctx, SP_EUSER, "'%s' is a folder, not a file to upload", path);
	if (error == 0)
		error = sp__sg_info(&info, sg);
	if (error < 0)
		goto done;
	u.size = st.size;
	if (uses_direct_storage(info, type, field_name ? field_name : "thumb_image"))
		error = upload_direct(id_out, &u, type, entity_id, field_name,
		                      display_name ? display_name : u.filename);
	else
		error = upload_form(id_out, &u, type, entity_id, field_name,
		                    display_name ? display_name : u.filename);
done:
	sp_buf_dispose(&u.link_info);
	sp_buf_dispose(&u.url);
	sp_buf_dispose(&u.timestamp);
	sp_buf_dispose(&u.upload_id);
	return error;
}

int sp__sg_direct_storage(sp_sg *sg, const char *type, const char *field)
{
	return sg->info ? uses_direct_storage(sg->info, type, field ? field : "thumb_image") : 0;
}
