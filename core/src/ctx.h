#ifndef SP_CTX_INTERNAL_H
#define SP_CTX_INTERNAL_H

#include "util.h"

#ifndef SP_VERSION_STRING
#define SP_VERSION_STRING "0.1.0"
#endif

struct sp_ctx {
	int code;
	char message[1024];
	sp_log_fn log;
	void *log_payload;
	sp_map *env; /* name -> char* overrides */
	sp_strvec map_from;
	sp_strvec map_to;
	/* Test hook of the task-file write path (sp__os_set_io_hook in os.h); NULL in production. */
	int (*io_hook)(const char *step, const char *path, void *payload);
	void *io_hook_payload;
};

#endif
