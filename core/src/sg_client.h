/* Internals of the ShotGrid client shared by sg_client.c, sg_upload.c and sg_render.c. */
#ifndef SP_SG_CLIENT_H
#define SP_SG_CLIENT_H

#include "util.h"
#include "sp/shotgrid.h"

#include <cjson/cJSON.h>

/*
 * The protocol behind the client: api3 JSON today.  A REST v1 transport
 * would fill the same table (its own auth, paths and error form).
 */
typedef struct {
	const char *name;
	/* One call: `payload` may be NULL (info); *results_out gets the parsed results. */
	int (*call)(cJSON **results_out, sp_sg *sg, const char *method, const cJSON *payload);
} sp__sg_transport;

extern const sp__sg_transport sp__sg_api3;

struct sp_sg {
	sp_ctx *ctx;
	const sp__sg_transport *transport;
	char *site;   /* scheme://host[:port], no trailing slash */
	char *script; /* script_name */
	char *key;    /* script_key: only ever put into request bodies and forms */
	char *sudo;   /* sudo_as_login or NULL */
	long connect_timeout_ms;
	long timeout_ms;
	long retry_delay_ms;
	int max_attempts;
	int insecure;
	sp_sg_request_fn on_request;
	void *request_payload;
	int error_code;        /* of the last exception answer */
	cJSON *info;           /* cached `info` results */
	struct sp__http *http; /* libcurl, loaded by the first request that goes out (http.h) */
};

/* The call through the transport, with cJSON in and out. */
int sp__sg_call_json(cJSON **results_out, sp_sg *sg, const char *method, const cJSON *payload);
/* The cached `info` results (borrowed). */
int sp__sg_info(const cJSON **out, sp_sg *sg);
/* Build an entity link {"type": type, "id": id}. */
cJSON *sp__sg_link(const char *type, int64_t id);
/* Read entities of `type` where every (field, value) of `conds` ("is"; a NULL-terminated list of pairs)
 * holds. */
int sp__sg_find_json(cJSON **out, sp_sg *sg, const char *type, const cJSON *filters,
                     const char *const *fields, size_t limit);
/* Create with `fields` (an object); the id to *id_out. */
int sp__sg_create_json(int64_t *id_out, sp_sg *sg, const char *type, const cJSON *fields);
int sp__sg_update_json(sp_sg *sg, const char *type, int64_t id, const cJSON *fields);
int sp__sg_schema_json(cJSON **out, sp_sg *sg, const char *type, const char *field_name, int64_t project_id);
/* Say a request is about to go out (no secrets: the call and the URL). */
void sp__sg_announce(sp_sg *sg, const char *what, const char *url, int attempt);
/* Copy `text` into `out` with every occurrence of the script key replaced by "***". */
int sp__sg_redact(sp_buf *out, const sp_sg *sg, const char *text);
/* Pause before attempt `attempt` + 1: retry_delay_ms x attempt, as the Python API does. */
void sp__sg_backoff(const sp_sg *sg, int attempt);
/* 1 when uploads to `type`'s `field` (NULL: the thumbnail) go through direct storage; needs info read. */
int sp__sg_direct_storage(sp_sg *sg, const char *type, const char *field);

#endif
