/* cJSON helpers: UTF-8-safe strings and rendering to an sp_buf. */
#ifndef SP_JSON_H
#define SP_JSON_H

#include "util.h"

#include <cjson/cJSON.h>

/*
 * A JSON string from bytes that may not be UTF-8 (Maya files in codesets
 * 1252, 936, 932 keep their bytes): valid UTF-8 is kept as is, any other
 * byte is read as Windows-1252 so the output is always valid UTF-8.
 */
cJSON *sp__json_string(const char *s);
/* Bytes as valid UTF-8 (see sp__json_string) into `out`, cleared first. */
int sp__utf8_sanitize(sp_buf *out, const char *s);
/* Add `item` under `key` (made valid UTF-8); the item is freed on failure. */
int sp__json_add_item(cJSON *obj, const char *key, cJSON *item);
/* Add `s` under `key` as a string; 0 or SP_ENOMEM. */
int sp__json_add_str(cJSON *obj, const char *key, const char *s);
int sp__json_push_str(cJSON *arr, const char *s);
/* Render with tabs and a final newline into `out` (cleared first). */
int sp__json_render(sp_buf *out, const cJSON *root);

#endif
