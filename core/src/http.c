/*
 * HTTP POST over libcurl.  Certificate and host checks stay on unless the
 * caller asks otherwise; libcurl reads the proxy variables itself.  Nothing
 * here logs headers: they carry the signature.
 *
 * libcurl is not linked: it brings TLS, Kerberos, LDAP, ssh and HTTP/2 with
 * it (some 36 shared objects), and loading them cost every run, even
 * `sceneprobe --version` or an analysis, about 2.5 ms.  Its library is
 * loaded when a client first sends (sp__http_open) and its functions are
 * called through the table below; its headers still give the types and
 * constants.  A direct call to a curl_* function would not link.
 */
#include "http.h"
#include "os.h"

#include <curl/curl.h>
#include <stdio.h>

typedef CURLcode (*global_init_fn)(long flags);
typedef void (*global_cleanup_fn)(void);
typedef CURL *(*easy_init_fn)(void);
typedef CURLcode (*easy_setopt_fn)(CURL *h, CURLoption opt, ...);
typedef CURLcode (*easy_perform_fn)(CURL *h);
typedef CURLcode (*easy_getinfo_fn)(CURL *h, CURLINFO info, ...);
typedef void (*easy_cleanup_fn)(CURL *h);
typedef const char *(*easy_strerror_fn)(CURLcode rc);
typedef struct curl_slist *(*slist_append_fn)(struct curl_slist *list, const char *line);
typedef void (*slist_free_all_fn)(struct curl_slist *list);
typedef curl_mime *(*mime_init_fn)(CURL *h);
typedef curl_mimepart *(*mime_addpart_fn)(curl_mime *mime);
typedef CURLcode (*mime_text_fn)(curl_mimepart *part, const char *text); /* name, filedata, filename */
typedef CURLcode (*mime_data_fn)(curl_mimepart *part, const char *data, size_t len);
typedef void (*mime_free_fn)(curl_mime *mime);

/* The libcurl functions this file calls, found in the library one client loaded. */
struct sp__http {
	sp_os_lib *lib;
	global_init_fn global_init;
	easy_init_fn easy_init;
	easy_setopt_fn easy_setopt;
	easy_perform_fn easy_perform;
	easy_getinfo_fn easy_getinfo;
	easy_cleanup_fn easy_cleanup;
	easy_strerror_fn easy_strerror;
	slist_append_fn slist_append;
	slist_free_all_fn slist_free_all;
	mime_init_fn mime_init;
	mime_addpart_fn mime_addpart;
	mime_text_fn mime_name;
	mime_text_fn mime_filedata;
	mime_text_fn mime_filename;
	mime_data_fn mime_data;
	mime_free_fn mime_free;
};

/* Load the first of `names` that loads; the first failure's reason stays on `why`. */
static int load_library(sp_os_lib **out, sp_ctx *why, const char *const *names, int flags)
{
	int error = SP_ENOTFOUND;
	for (size_t i = 0; names[i] && error < 0; i++)
		error = sp__os_dlopen(out, why, names[i], flags);
	return error;
}

/* What sp__os_dlsym found for `symbol`, or NULL once any lookup failed (the first reason on ctx). */
static sp_os_fn lookup(int *error, sp_ctx *ctx, sp_os_lib *lib, const char *symbol)
{
	sp_os_fn fn = NULL;
	if (*error == 0)
		*error = sp__os_dlsym(&fn, ctx, lib, symbol);
	return fn;
}

static int find_functions(sp__http *t, sp_ctx *ctx)
{
	int error = 0;
	t->global_init = (global_init_fn)lookup(&error, ctx, t->lib, "curl_global_init");
	t->easy_init = (easy_init_fn)lookup(&error, ctx, t->lib, "curl_easy_init");
	t->easy_setopt = (easy_setopt_fn)lookup(&error, ctx, t->lib, "curl_easy_setopt");
	t->easy_perform = (easy_perform_fn)lookup(&error, ctx, t->lib, "curl_easy_perform");
	t->easy_getinfo = (easy_getinfo_fn)lookup(&error, ctx, t->lib, "curl_easy_getinfo");
	t->easy_cleanup = (easy_cleanup_fn)lookup(&error, ctx, t->lib, "curl_easy_cleanup");
	t->easy_strerror = (easy_strerror_fn)lookup(&error, ctx, t->lib, "curl_easy_strerror");
	t->slist_append = (slist_append_fn)lookup(&error, ctx, t->lib, "curl_slist_append");
	t->slist_free_all = (slist_free_all_fn)lookup(&error, ctx, t->lib, "curl_slist_free_all");
	t->mime_init = (mime_init_fn)lookup(&error, ctx, t->lib, "curl_mime_init");
	t->mime_addpart = (mime_addpart_fn)lookup(&error, ctx, t->lib, "curl_mime_addpart");
	t->mime_name = (mime_text_fn)lookup(&error, ctx, t->lib, "curl_mime_name");
	t->mime_filedata = (mime_text_fn)lookup(&error, ctx, t->lib, "curl_mime_filedata");
	t->mime_filename = (mime_text_fn)lookup(&error, ctx, t->lib, "curl_mime_filename");
	t->mime_data = (mime_data_fn)lookup(&error, ctx, t->lib, "curl_mime_data");
	t->mime_free = (mime_free_fn)lookup(&error, ctx, t->lib, "curl_mime_free");
	return error;
}

int sp__http_open_from(sp__http **slot, sp_ctx *ctx, const char *const *names)
{
	sp_ctx *why = NULL;
	sp__http *t = NULL;
	int error;

	if (*slot)
		return 0;
	if (sp_ctx_new(&why, NULL) < 0 || !(t = sp__calloc(1, sizeof(*t)))) {
		error = sp__oom(ctx);
		goto done;
	}
	/* Pinned: libcurl's global state, OpenSSL's and their threads' must outlive any one client. */
	error = load_library(&t->lib, why, names, SP_OS_LIB_PIN);
	if (error == 0)
		error = find_functions(t, why);
	if (error < 0) {
		error =
		    sp_ctx_error(ctx, SP_ENET,
		                 "libcurl (7.85 or later), which the farm and ShotGrid clients send through, "
		                 "cannot be used: %s",
		                 sp_ctx_last_error(why));
		goto done;
	}
	*slot = t;
	t = NULL;
done:
	sp__http_free(t);
	sp_ctx_free(why);
	return error;
}

int sp__http_open(sp__http **slot, sp_ctx *ctx)
{
	return sp__http_open_from(slot, ctx, sp__os_libcurl_names());
}

void sp__http_free(sp__http *http)
{
	if (!http)
		return;
	sp__os_dlclose(http->lib);
	sp__free(http);
}

int sp__http_global_init(sp_ctx *ctx)
{
	sp__http *http = NULL;
	CURLcode rc;
	int error = sp__http_open(&http, ctx);
	if (error < 0)
		return error;
	/* libcurl counts init/cleanup pairs itself and (7.84+) makes them thread-safe.  The library is
	 * pinned, so the state this sets up stays when `http` lets it go. */
	rc = http->global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK)
		error = sp_ctx_error(ctx, SP_ENET, "cannot initialise libcurl: %s", http->easy_strerror(rc));
	sp__http_free(http);
	return error;
}

void sp__http_global_cleanup(void)
{
	const char *const *names = sp__os_libcurl_names();
	sp_os_lib *lib = NULL;
	sp_os_fn fn = NULL;
	/* Only a library already there: without one, no init happened and nothing is to be undone. */
	if (load_library(&lib, NULL, names, SP_OS_LIB_LOADED_ONLY) < 0)
		return;
	if (sp__os_dlsym(&fn, NULL, lib, "curl_global_cleanup") == 0)
		((void (*)(void))fn)();
	sp__os_dlclose(lib);
}

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

static int set_options(const sp__http *http, CURL *h, const sp__http_request *req, struct curl_slist *headers,
                       sink *s, char *errbuf)
{
	CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                                        \
	do {                                                                                                 \
		if (rc == CURLE_OK)                                                                          \
			rc = http->easy_setopt(h, opt, val);                                                 \
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

int sp__http_post(sp__http_reply *out, const sp__http *http, sp_ctx *ctx, const sp__http_request *req)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *headers = NULL;
	sink s = {&out->body, 0};
	CURL *h = NULL;
	CURLcode rc;
	int error = 0;

	if (!http)
		return sp_ctx_error(ctx, SP_EUSER, "%s: no network library loaded (sp__http_open)", req->url);
	out->status = 0;
	sp_buf_clear(&out->body);
	for (size_t i = 0; i < req->header_count; i++) {
		struct curl_slist *grown = http->slist_append(headers, req->headers[i]);
		if (!grown) {
			error = sp__oom(ctx);
			goto done;
		}
		headers = grown;
	}
	h = http->easy_init();
	if (!h || set_options(http, h, req, headers, &s, errbuf) < 0) {
		error = sp_ctx_error(ctx, SP_ENET, "cannot set up an HTTP request (libcurl lacks a feature)");
		goto done;
	}
	rc = http->easy_perform(h);
	if (s.too_big) {
		error = sp_ctx_error(ctx, SP_ETOOBIG, "%s: the answer is larger than %u MB", req->url,
		                     SP_HTTP_MAX_REPLY >> 20);
	} else if (rc != CURLE_OK) {
		error = sp_ctx_error(ctx, SP_ENET, "%s: %s", req->url,
		                     errbuf[0] ? errbuf : http->easy_strerror(rc));
	} else {
		http->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	}
done:
	http->easy_cleanup(h);
	http->slist_free_all(headers);
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

static int add_form(const sp__http *http, CURL *h, curl_mime **mime_out, const sp__http_request_ex *req)
{
	curl_mime *mime = http->mime_init(h);
	*mime_out = mime;
	if (!mime)
		return -1;
	for (size_t i = 0; i < req->part_count; i++) {
		const sp__http_form_part *p = &req->parts[i];
		curl_mimepart *part = http->mime_addpart(mime);
		if (!part || http->mime_name(part, p->name) != CURLE_OK)
			return -1;
		if (p->file_path) {
			/* curl reads the file while sending: a big movie never sits in memory. */
			if (http->mime_filedata(part, p->file_path) != CURLE_OK ||
			    (p->file_name && http->mime_filename(part, p->file_name) != CURLE_OK))
				return -1;
		} else if (http->mime_data(part, p->value ? p->value : "", CURL_ZERO_TERMINATED) !=
		           CURLE_OK) {
			return -1;
		}
	}
	return http->easy_setopt(h, CURLOPT_MIMEPOST, mime) == CURLE_OK ? 0 : -1;
}

static int set_body_ex(const sp__http *http, CURL *h, const sp__http_request_ex *req, file_source *src,
                       curl_mime **mime)
{
	CURLcode rc = CURLE_OK;
	if (req->parts)
		return add_form(http, h, mime, req);
	if (req->upload_path) {
		rc = http->easy_setopt(h, CURLOPT_UPLOAD, 1L);
		if (rc == CURLE_OK)
			rc = http->easy_setopt(h, CURLOPT_READFUNCTION, on_read);
		if (rc == CURLE_OK)
			rc = http->easy_setopt(h, CURLOPT_READDATA, src);
		if (rc == CURLE_OK)
			rc = http->easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)req->upload_len);
	} else {
		rc = http->easy_setopt(h, CURLOPT_POST, 1L);
		if (rc == CURLE_OK)
			rc = http->easy_setopt(h, CURLOPT_POSTFIELDS, req->body ? req->body : "");
		if (rc == CURLE_OK)
			rc = http->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	}
	/* A method other than the one libcurl picked (PUT of a form, POST of a file). */
	if (rc == CURLE_OK && req->method && strcmp(req->method, req->upload_path ? "PUT" : "POST") != 0)
		rc = http->easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
	return rc == CURLE_OK ? 0 : -1;
}

static int set_options_ex(const sp__http *http, CURL *h, const sp__http_request_ex *req,
                          struct curl_slist *headers, sink *s, header_sink *hs, char *errbuf)
{
	CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                                        \
	do {                                                                                                 \
		if (rc == CURLE_OK)                                                                          \
			rc = http->easy_setopt(h, opt, val);                                                 \
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

static int header_list(const sp__http *http, struct curl_slist **out, sp_ctx *ctx,
                       const sp__http_request_ex *req)
{
	for (size_t i = 0; i < req->header_count; i++) {
		struct curl_slist *grown = http->slist_append(*out, req->headers[i]);
		if (!grown)
			return sp__oom(ctx);
		*out = grown;
	}
	/* No "Expect: 100-continue" pause before a body: every server we talk to takes it at once. */
	if (req->upload_path || req->parts) {
		struct curl_slist *grown = http->slist_append(*out, "Expect:");
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
	src->f = sp_os_fopen_read(ctx, req->upload_path); /* UTF-8 names on Windows too */
	if (!src->f)
		return sp_ctx_last_code(ctx) < 0
		           ? sp_ctx_last_code(ctx)
		           : sp_ctx_error(ctx, SP_EIO, "cannot read '%s'", req->upload_path);
	if (fseeko(src->f, (off_t)req->upload_offset, SEEK_SET) != 0)
		return sp_ctx_error(ctx, SP_EIO, "cannot read '%s'", req->upload_path);
	src->left = req->upload_len;
	return 0;
}

static int outcome_ex(const sp__http *http, sp__http_reply *out, sp_ctx *ctx, CURL *h,
                      const sp__http_request_ex *req, CURLcode rc, const sink *s, const file_source *src,
                      const header_sink *hs, const char *errbuf)
{
	if (src->failed)
		return sp_ctx_error(ctx, SP_EIO, "'%s' became shorter while it was being sent",
		                    req->upload_path);
	if (hs->failed)
		return sp__oom(ctx);
	if (s->too_big)
		return sp_ctx_error(ctx, SP_ETOOBIG, "%s: the answer is larger than %u MB", req->url,
		                    SP_HTTP_MAX_REPLY >> 20);
	if (rc == CURLE_READ_ERROR && req->parts)
		return sp_ctx_error(ctx, SP_EIO, "%s: a file of the form cannot be read", req->url);
	if (rc != CURLE_OK)
		return sp_ctx_error(ctx, SP_ENET, "%s: %s", req->url,
		                    errbuf[0] ? errbuf : http->easy_strerror(rc));
	http->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	return 0;
}

int sp__http_send(sp__http_reply *out, const sp__http *http, sp_ctx *ctx, const sp__http_request_ex *req)
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

	if (!http)
		return sp_ctx_error(ctx, SP_EUSER, "%s: no network library loaded (sp__http_open)", req->url);
	out->status = 0;
	sp_buf_clear(&out->body);
	sp_buf_clear(hs.out);
	error = header_list(http, &headers, ctx, req);
	if (error == 0)
		error = open_source(&src, ctx, req);
	if (error < 0)
		goto done;
	h = http->easy_init();
	if (!h || set_options_ex(http, h, req, headers, &s, &hs, errbuf) < 0 ||
	    set_body_ex(http, h, req, &src, &mime) < 0) {
		error = sp_ctx_error(ctx, SP_ENET, "cannot set up an HTTP request (libcurl lacks a feature)");
		goto done;
	}
	error = outcome_ex(http, out, ctx, h, req, http->easy_perform(h), &s, &src, &hs, errbuf);
done:
	http->easy_cleanup(h);
	http->mime_free(mime);
	http->slist_free_all(headers);
	if (src.f)
		fclose(src.f);
	sp_buf_dispose(&scratch);
	return error;
}
