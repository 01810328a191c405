/*
 * One HTTP POST over libcurl; the farm client (farm.c) adds signing, envelopes and retries.
 *
 * libcurl is loaded at run time, by the first request a client sends, into
 * an sp__http the client owns (one per sp_farm or sp_sg): a run that never
 * talks to the network never loads it.
 */
#ifndef SP_HTTP_H
#define SP_HTTP_H

#include "util.h"

/* The libcurl functions, from the library as loaded for one client. */
typedef struct sp__http sp__http;

/*
 * Fill *slot (when still NULL) with libcurl's functions, loading the library
 * (sp__os_libcurl_names).  0 at once when *slot is already filled; SP_ENET
 * with a message naming the library tried and the system's reason when it
 * cannot be loaded or lacks a function.  libcurl's global set-up is not
 * done here (sp__http_global_init).
 */
int sp__http_open(sp__http **slot, sp_ctx *ctx);
/* The same from the first of `names` (NULL-terminated) that loads: for tests. */
int sp__http_open_from(sp__http **slot, sp_ctx *ctx, const char *const *names);
/* Let the library go (it stays mapped: it is pinned).  NULL is a no-op. */
void sp__http_free(sp__http *http);

/*
 * sp_net_init and sp_net_shutdown: curl_global_init in the loaded library
 * (which stays loaded for the rest of the process), and curl_global_cleanup
 * when libcurl is loaded (nothing otherwise).
 */
int sp__http_global_init(sp_ctx *ctx);
void sp__http_global_cleanup(void);

typedef struct {
	const char *url;
	const char *const *headers; /* "Name: value" lines */
	size_t header_count;
	const char *body;
	size_t body_len;
	long connect_timeout_ms;
	long timeout_ms;
	int insecure;
} sp__http_request;

typedef struct {
	long status; /* HTTP status, 0 when no answer */
	sp_buf body;
} sp__http_reply;

/*
 * Send `req` through `http` (from sp__http_open).  0 when an HTTP answer arrived (any status; the body is
 * capped at SP_HTTP_MAX_REPLY), SP_ENET for a transport failure (connect, timeout, reset, TLS) with the
 * reason, SP_ETOOBIG for an oversized answer.  Proxies come from the standard variables (http_proxy,
 * https_proxy, no_proxy), as libcurl reads them.
 */
int sp__http_post(sp__http_reply *out, const sp__http *http, sp_ctx *ctx, const sp__http_request *req);
void sp__http_reply_dispose(sp__http_reply *reply);

#define SP_HTTP_MAX_REPLY (64u * 1024u * 1024u)

/* ---- appended for the ShotGrid client: PUT, a file range as the body, forms, a reply header ---- */

/* One part of a multipart/form-data body: a text field, or a file (streamed from disk). */
typedef struct {
	const char *name;
	const char *value;     /* text field; NULL when file_path is set */
	const char *file_path; /* file part, read from disk while sending */
	const char *file_name; /* the part's filename; NULL: the base name of file_path */
} sp__http_form_part;

typedef struct {
	const char *method; /* "POST" or "PUT"; NULL: POST */
	const char *url;
	const char *const *headers; /* "Name: value" lines */
	size_t header_count;
	const char *body; /* in-memory body, ignored when upload_path or parts are set */
	size_t body_len;
	const char *upload_path; /* stream bytes [upload_offset, +upload_len) of this file as the body */
	uint64_t upload_offset;
	uint64_t upload_len;
	const sp__http_form_part *parts; /* multipart/form-data body */
	size_t part_count;
	const char *capture_header; /* the value of this reply header goes to header_out */
	sp_buf *header_out;
	int accept_gzip; /* 1: ask for a compressed answer, decoded by libcurl */
	long connect_timeout_ms;
	long timeout_ms;
	int insecure;
} sp__http_request_ex;

/* Like sp__http_post, for the richer request above; same codes (SP_EIO when the file cannot be read). */
int sp__http_send(sp__http_reply *out, const sp__http *http, sp_ctx *ctx, const sp__http_request_ex *req);

#endif
