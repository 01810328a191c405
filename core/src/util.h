/* Internal helpers shared by core sources: allocation, string vectors, maps. */
#ifndef SP_UTIL_H
#define SP_UTIL_H

#include "sp/common.h"
#include "sp/text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* One allocator for the library; a place to hook failure injection later. */
void *sp__malloc(size_t n);
void *sp__calloc(size_t n, size_t size);
void *sp__realloc(void *p, size_t n);
void sp__free(void *p);
char *sp__strdup(const char *s);
char *sp__strndup(const char *s, size_t n);

/* Set an out-of-memory error on ctx and return SP_ENOMEM. */
int sp__oom(sp_ctx *ctx);

/* A vector of owned NUL-terminated strings. */
typedef struct {
	char **items;
	size_t count;
	size_t cap;
} sp_strvec;
#define SP_STRVEC_INIT                                                                                       \
	{                                                                                                    \
		NULL, 0, 0                                                                                   \
	}

int sp_strvec_push(sp_strvec *v, const char *s);            /* copies s */
int sp_strvec_pushn(sp_strvec *v, const char *s, size_t n); /* copies n bytes */
int sp_strvec_push_owned(sp_strvec *v, char *s);            /* takes s */
void sp_strvec_sort(sp_strvec *v);                          /* byte order */
void sp_strvec_clear(sp_strvec *v);                         /* free items, keep capacity */
void sp_strvec_dispose(sp_strvec *v);

/*
 * An open-addressing hash map from string keys (copied) to void* values.
 * Iteration order is insertion order (keys are also kept in a vector), so
 * output built from it is stable.
 */
typedef struct sp_map sp_map;
int sp_map_new(sp_map **out);
void sp_map_free(sp_map *m, void (*free_value)(void *));
/* Insert or replace; `old_out` (may be NULL) receives the replaced value. */
int sp_map_set(sp_map *m, const char *key, void *value, void **old_out);
void *sp_map_get(const sp_map *m, const char *key);
int sp_map_has(const sp_map *m, const char *key);
size_t sp_map_count(const sp_map *m);
/* i-th key and value in insertion order. */
const char *sp_map_key_at(const sp_map *m, size_t i);
void *sp_map_value_at(const sp_map *m, size_t i);

/* Locale-free ASCII helpers. */
static inline int sp__isdigit(int c)
{
	return c >= '0' && c <= '9';
}
static inline int sp__isalpha(int c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}
static inline int sp__isalnum(int c)
{
	return sp__isdigit(c) || sp__isalpha(c);
}
static inline int sp__isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline int sp__tolower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}
int sp__strcasecmp(const char *a, const char *b);
int sp__strncasecmp(const char *a, const char *b, size_t n);
/* Numbers: sp_parse_i64 / sp_parse_double, public in sp/text.h. */
/* Format a double the way task files want it: integers without ".0". */
int sp__format_number(sp_buf *out, double v);

/* Room for `extra` more bytes (and the NUL) in one allocation, for a buffer about to be filled
 * piecewise; the buffer is NUL-terminated as it stands. */
int sp__buf_reserve(sp_buf *buf, size_t extra);

#endif
