/*
 * Options of the whole-operation API, given as one JSON object so that a new
 * option never changes the ABI.  Every reader names the key in its message.
 */
#ifndef SP_LIB_OPTIONS_H
#define SP_LIB_OPTIONS_H

#include <sceneprobe.h>

#include <cjson/cJSON.h>

/* Parse `json` (NULL or "" gives an empty object); SP_EUSER for bad JSON or a key not in `known`. */
int sp__opts_parse(cJSON **out, sp_ctx *ctx, const char *json, const char *const *known);

/* A string option; *out stays as it was when the key is absent or null. */
int sp__opts_string(const char **out, sp_ctx *ctx, const cJSON *opts, const char *key);
/* A string, or a whole number written as text (platform ids), into `out`; absent leaves it empty. */
int sp__opts_text(sp_buf *out, sp_ctx *ctx, const cJSON *opts, const char *key);
/* true/false (or 0/1); *out stays as it was when absent. */
int sp__opts_bool(int *out, sp_ctx *ctx, const cJSON *opts, const char *key);
/* A whole number from min to max; *out stays as it was when absent. */
int sp__opts_long(long *out, sp_ctx *ctx, const cJSON *opts, const char *key, long min, long max);

/*
 * NAME=VALUE pairs, in order, from an object {NAME: VALUE}, an array of
 * "NAME=VALUE" strings or an array of [NAME, VALUE] pairs.  `cb` returns 0
 * or an error, which stops the walk and is returned.
 */
typedef int (*sp__pair_fn)(const char *name, const char *value, void *payload);
int sp__opts_pairs(sp_ctx *ctx, const cJSON *opts, const char *key, sp__pair_fn cb, void *payload);

#endif
