/* One HTTP POST over libcurl; the farm client (farm.c) adds signing, envelopes and retries. */
#ifndef SP_HTTP_H
#define SP_HTTP_H

#include "util.h"

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
 * Send `req`.  0 when an HTTP answer arrived (any status; the body is capped
 * at SP_HTTP_MAX_REPLY), SP_ENET for a transport failure (connect, timeout,
 * reset, TLS) with the reason, SP_ETOOBIG for an oversized answer.  Proxies
 * come from the standard variables (http_proxy, https_proxy, no_proxy), as
 * libcurl reads them.
 */
int sp__http_post(sp__http_reply *out, sp_ctx *ctx, const sp__http_request *req);
void sp__http_reply_dispose(sp__http_reply *reply);

#define SP_HTTP_MAX_REPLY (64u * 1024u * 1024u)

#endif
