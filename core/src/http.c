/*
 * HTTP POST over libcurl.  Certificate and host checks stay on unless the
 * caller asks otherwise; libcurl reads the proxy variables itself.  Nothing
 * here logs headers: they carry the signature.
 */
#include "http.h"

#include <curl/curl.h>

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
