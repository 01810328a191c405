/*
 * HTTP POST over libcurl.  Certificate and host checks stay on unless the
 * caller asks otherwise; libcurl reads the proxy variables itself.  Nothing
 * here logs headers: they carry the signature.
 */
#include "http.h"

#include <curl/curl.h>
#include <stdio.h>

typedef struct {
	sp_buf *body;
	int too_big;
} sink;

static size_t on_data(char *data, size_t size, size_t n, void *userdata)
{
	sink *s = userdata;
	size_t len = size * n;
	if (len > SP_HTTP_MAX_REPLY - s->body->size) {
		s->too_big = 1;
		return 0;
	}
	return sp_buf_put(s->body, data, len) < 0 ? 0 : len;
}

static int set_options(CURL *h, const sp__http_request *req, struct curl_slist *headers, sink *s,
                       char *errbuf)
{
	CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                                        \
	do {                                                                                                 \
		if (rc == CURLE_OK)                                                                          \
			rc = curl_easy_setopt(h, opt, val);                                                  \
	} while (0)
	SET(CURLOPT_URL, req->url);
	SET(CURLOPT_POST, 1L);
	SET(CURLOPT_POSTFIELDS, req->body);
	SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	SET(CURLOPT_HTTPHEADER, headers);
	SET(CURLOPT_WRITEFUNCTION, on_data);
	SET(CURLOPT_WRITEDATA, s);
	SET(CURLOPT_ERRORBUFFER, errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT_MS, req->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, req->timeout_ms);
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_SSL_VERIFYPEER, req->insecure ? 0L : 1L);
	SET(CURLOPT_SSL_VERIFYHOST, req->insecure ? 0L : 2L);
	SET(CURLOPT_USERAGENT, "sceneprobe/" SP_VERSION_STRING);
#undef SET
	return rc == CURLE_OK ? 0 : -1;
}

int sp__http_post(sp__http_reply *out, sp_ctx *ctx, const sp__http_request *req)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *headers = NULL;
	sink s = {&out->body, 0};
	CURL *h = NULL;
	CURLcode rc;
	int error = 0;

	out->status = 0;
	sp_buf_clear(&out->body);
	for (size_t i = 0; i < req->header_count; i++) {
		struct curl_slist *grown = curl_slist_append(headers, req->headers[i]);
		if (!grown) {
			error = sp__oom(ctx);
			goto done;
		}
		headers = grown;
	}
	h = curl_easy_init();
	if (!h || set_options(h, req, headers, &s, errbuf) < 0) {
		error = sp_ctx_error(ctx, SP_ENET, "cannot set up an HTTP request (libcurl lacks a feature)");
		goto done;
	}
	rc = curl_easy_perform(h);
	if (s.too_big) {
		error = sp_ctx_error(ctx, SP_ETOOBIG, "%s: the answer is larger than %u MB", req->url,
		                     SP_HTTP_MAX_REPLY >> 20);
	} else if (rc != CURLE_OK) {
		error = sp_ctx_error(ctx, SP_ENET, "%s: %s", req->url,
		                     errbuf[0] ? errbuf : curl_easy_strerror(rc));
	} else {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	}
done:
	curl_easy_cleanup(h);
	curl_slist_free_all(headers);
	return error;
}

void sp__http_reply_dispose(sp__http_reply *reply)
{
	if (reply)
		sp_buf_dispose(&reply->body);
}

/* ---- the richer request (ShotGrid: PUT of a file range, multipart forms, an ETag) ---- */

typedef struct {
	FILE *f;
	uint64_t left;
	int failed;
} file_source;

/* Feed the upload from disk, never more than the range asked for. */
static size_t on_read(char *buf, size_t size, size_t n, void *userdata)
{
	file_source *src = userdata;
	size_t want = size * n, got;
	if ((uint64_t)want > src->left)
		want = (size_t)src->left;
	if (want == 0)
		return 0;
	got = fread(buf, 1, want, src->f);
	if (got < want) {
		src->failed = 1;
		return CURL_READFUNC_ABORT;
	}
	src->left -= got;
	return got;
}

typedef struct {
	const char *name;
	sp_buf *out;
	int failed;
} header_sink;

static size_t on_header(char *data, size_t size, size_t n, void *userdata)
{
	header_sink *hs = userdata;
	size_t len = size * n, nl = hs->name ? strlen(hs->name) : 0;
	if (nl == 0 || len <= nl || data[nl] != ':' || sp__strncasecmp(data, hs->name, nl) != 0)
		return len;
	const char *v = data + nl + 1;
	size_t vlen = len - nl - 1;
	while (vlen && (*v == ' ' || *v == '\t')) {
		v++;
		vlen--;
	}
	while (vlen && sp__isspace((unsigned char)v[vlen - 1]))
		vlen--;
	sp_buf_clear(hs->out);
	if (sp_buf_put(hs->out, v, vlen) < 0)
		hs->failed = 1;
	return len;
}

static int add_form(CURL *h, curl_mime **mime_out, const sp__http_request_ex *req)
{
	curl_mime *mime = curl_mime_init(h);
	*mime_out = mime;
	if (!mime)
		return -1;
	for (size_t i = 0; i < req->part_count; i++) {
		const sp__http_form_part *p = &req->parts[i];
		curl_mimepart *part = curl_mime_addpart(mime);
		if (!part || curl_mime_name(part, p->name) != CURLE_OK)
			return -1;
		if (p->file_path) {
			/* curl reads the file while sending: a big movie never sits in memory. */
			if (curl_mime_filedata(part, p->file_path) != CURLE_OK ||
			    (p->file_name && curl_mime_filename(part, p->file_name) != CURLE_OK))
				return -1;
		} else if (curl_mime_data(part, p->value ? p->value : "", CURL_ZERO_TERMINATED) != CURLE_OK) {
			return -1;
		}
	}
	return curl_easy_setopt(h, CURLOPT_MIMEPOST, mime) == CURLE_OK ? 0 : -1;
}

static int set_body_ex(CURL *h, const sp__http_request_ex *req, file_source *src, curl_mime **mime)
{
	CURLcode rc = CURLE_OK;
	if (req->parts)
		return add_form(h, mime, req);
	if (req->upload_path) {
		rc = curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(h, CURLOPT_READDATA, src);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)req->upload_len);
	} else {
		rc = curl_easy_setopt(h, CURLOPT_POST, 1L);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body ? req->body : "");
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	}
	/* A method other than the one libcurl picked (PUT of a form, POST of a file). */
	if (rc == CURLE_OK && req->method && strcmp(req->method, req->upload_path ? "PUT" : "POST") != 0)
		rc = curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
	return rc == CURLE_OK ? 0 : -1;
}

static int set_options_ex(CURL *h, const sp__http_request_ex *req, struct curl_slist *headers, sink *s,
                          header_sink *hs, char *errbuf)
{
	CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                                        \
	do {                                                                                                 \
		if (rc == CURLE_OK)                                                                          \
			rc = curl_easy_setopt(h, opt, val);                                                  \
	} while (0)
	SET(CURLOPT_URL, req->url);
	SET(CURLOPT_HTTPHEADER, headers);
	SET(CURLOPT_WRITEFUNCTION, on_data);
	SET(CURLOPT_WRITEDATA, s);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, hs);
	SET(CURLOPT_ERRORBUFFER, errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT_MS, req->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, req->timeout_ms);
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_SSL_VERIFYPEER, req->insecure ? 0L : 1L);
	SET(CURLOPT_SSL_VERIFYHOST, req->insecure ? 0L : 2L);
	SET(CURLOPT_USERAGENT, "sceneprobe/" SP_VERSION_STRING);
	if (req->accept_gzip)
		SET(CURLOPT_ACCEPT_ENCODING, "");
#undef SET
	return rc == CURLE_OK ? 0 : -1;
}

static int header_list(struct curl_slist **out, sp_ctx *ctx, const sp__http_request_ex *req)
{
	for (size_t i = 0; i < req->header_count; i++) {
		struct curl_slist *grown = curl_slist_append(*out, req->headers[i]);
		if (!grown)
			return sp__oom(ctx);
		*out = grown;
	}
	/* No "Expect: 100-continue" pause before a body: every server we talk to takes it at once. */
	if (req->upload_path || req->parts) {
		struct curl_slist *grown = curl_slist_append(*out, "Expect:");
		if (!grown)
			return sp__oom(ctx);
		*out = grown;
	}
	return 0;
}

static int open_source(file_source *src, sp_ctx *ctx, const sp__http_request_ex *req)
{
	if (!req->upload_path)
		return 0;
	src->f = fopen(req->upload_path, "rb");
	if (!src->f || fseeko(src->f, (off_t)req->upload_offset, SEEK_SET) != 0)
		return sp_ctx_error(ctx, SP_EIO, "cannot read '%s'", req->upload_path);
	src->left = req->upload_len;
	return 0;
}

static int outcome_ex(sp__http_reply *out, sp_ctx *ctx, CURL *h, const sp__http_request_ex *req, CURLcode rc,
                      const sink *s, const file_source *src, const header_sink *hs, const char *errbuf)
{
	if (src->failed)
		return sp_ctx_error(ctx, SP_EIO, "'%s' became shorter while it was being sent", req->upload_path);
	if (hs->failed)
		return sp__oom(ctx);
	if (s->too_big)
		return sp_ctx_error(ctx, SP_ETOOBIG, "%s: the answer is larger than %u MB", req->url,
		                    SP_HTTP_MAX_REPLY >> 20);
	if (rc == CURLE_READ_ERROR && req->parts)
		return sp_ctx_error(ctx, SP_EIO, "%s: a file of the form cannot be read", req->url);
	if (rc != CURLE_OK)
		return sp_ctx_error(ctx, SP_ENET, "%s: %s", req->url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	return 0;
}

int sp__http_send(sp__http_reply *out, sp_ctx *ctx, const sp__http_request_ex *req)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *headers = NULL;
	sink s = {&out->body, 0};
	sp_buf scratch = SP_BUF_INIT;
	header_sink hs = {req->capture_header, req->header_out ? req->header_out : &scratch, 0};
	file_source src = {NULL, 0, 0};
	curl_mime *mime = NULL;
	CURL *h = NULL;
	int error;

	out->status = 0;
	sp_buf_clear(&out->body);
	sp_buf_clear(hs.out);
	error = header_list(&headers, ctx, req);
	if (error == 0)
		error = open_source(&src, ctx, req);
	if (error < 0)
		goto done;
	h = curl_easy_init();
	if (!h || set_options_ex(h, req, headers, &s, &hs, errbuf) < 0 || set_body_ex(h, req, &src, &mime) < 0) {
		error = sp_ctx_error(ctx, SP_ENET, "cannot set up an HTTP request (libcurl lacks a feature)");
		goto done;
	}
	error = outcome_ex(out, ctx, h, req, curl_easy_perform(h), &s, &src, &hs, errbuf);
done:
	curl_easy_cleanup(h);
	curl_mime_free(mime);
	curl_slist_free_all(headers);
	if (src.f)
		fclose(src.f);
	sp_buf_dispose(&scratch);
	return error;
}
