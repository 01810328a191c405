/* Internals of the farm client shared by farm.c, submit.c and tasks.c. */
#ifndef SP_FARM_H
#define SP_FARM_H

#include "util.h"
#include "sp/submit.h"

#include <cjson/cJSON.h>

struct sp_farm {
	sp_ctx *ctx;
	char *base_url; /* scheme://host[:port], no trailing slash */
	char *domain;   /* host[:port]: the signed domain */
	char *access_id;
	char *access_key;
	char *platform;
	long connect_timeout_ms;
	long timeout_ms;
	long retry_delay_ms;
	int max_attempts;
	int insecure;
	int language;
	int dry_run;
	sp_farm_request_fn on_request;
	void *request_payload;
	int server_code;       /* of the last answer */
	int attempts;          /* of the last call */
	struct sp__http *http; /* libcurl, loaded by the first request that goes out (http.h) */
};

sp_ctx *sp__farm_ctx(sp_farm *farm);

/* sp_farm_call with cJSON in and out; *data_out is the parsed data (a JSON null in a dry run). */
int sp__farm_call_json(cJSON **data_out, sp_farm *farm, const char *path, const cJSON *body);

#endif
