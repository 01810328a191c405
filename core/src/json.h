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

/*
 * A JSON writer that appends text as it goes, without a cJSON tree: a
 * document of 100k entries costs its text, not a tree of small allocations
 * ten times that size.  The bytes are exactly what sp__json_render prints
 * for the same document (cJSON 1.7's formatted style: one object member per
 * line, indented by one tab per enclosing object or array; arrays on one line with
 * ", " between items; strings made valid UTF-8 as sp__json_string does).
 *
 * `key` is the member name inside an object and NULL at the root or inside
 * an array.  Errors are sticky, so a writer checks sp__jw_finish once.
 */
#define SP__JW_MAX_DEPTH 1000 /* as CJSON_NESTING_LIMIT: deeper is SP_ETOOBIG */

/* Where a streaming writer hands its text: 0 or a negative SP_E* code (kept as the writer's error). */
typedef int (*sp__jw_sink)(void *payload, const char *data, size_t len);

typedef struct {
	sp_buf *out;
	sp__jw_sink sink; /* when set, `out` is only a buffer: passed on in pieces of SP__JW_PIECE */
	void *sink_payload;
	unsigned depth; /* containers open: the indentation */
	unsigned char is_object[SP__JW_MAX_DEPTH];
	unsigned char has_items[SP__JW_MAX_DEPTH];
	int error; /* 0, SP_ENOMEM, SP_ETOOBIG (nested too deep), SP_EUSER (unbalanced) or the sink's */
} sp__jw;

/* Start a document at the end of `out` (not cleared). */
void sp__jw_init(sp__jw *jw, sp_buf *out);
/*
 * Start a document whose text goes to `sink` in pieces as it is written
 * (`buffer`, empty, holds at most about SP__JW_PIECE bytes at a time), so a
 * document costs a fixed amount of memory whatever its size.
 * sp__jw_finish passes on the rest.
 */
#define SP__JW_PIECE (32 * 1024)
void sp__jw_init_sink(sp__jw *jw, sp_buf *buffer, sp__jw_sink sink, void *payload);
void sp__jw_object(sp__jw *jw, const char *key);
void sp__jw_array(sp__jw *jw, const char *key);
/* Close the innermost object or array. */
void sp__jw_end(sp__jw *jw);
void sp__jw_str(sp__jw *jw, const char *key, const char *s); /* NULL writes "" */
void sp__jw_num(sp__jw *jw, const char *key, double v);
void sp__jw_bool(sp__jw *jw, const char *key, int v);
/* End the document with a newline (every container must be closed): 0 or the first error. */
int sp__jw_finish(sp__jw *jw);

#endif
