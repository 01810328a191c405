/*
 * Small helpers private to the Maya shim: allocation, growable arrays, a
 * string-keyed hash map and locale-free number parsing.  The shim sees only
 * the public headers of the core, so it keeps its own copies of these.
 */
#ifndef MA_UTIL_H
#define MA_UTIL_H

#include <sceneprobe.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *ma_malloc(size_t n);
void *ma_calloc(size_t n, size_t size);
void *ma_realloc(void *p, size_t n);
void ma_free(void *p);
char *ma_strdup(const char *s);
char *ma_strndup(const char *s, size_t n);

/* Make room for `need` elements of `elem` bytes in *items (capacity *cap). */
int ma_grow(void **items, size_t *cap, size_t need, size_t elem);

int ma_streq(const char *a, const char *b);
int ma_strcaseeq(const char *a, const char *b);
/* 1 when `s` ends with `suffix`, compared case-insensitively. */
int ma_ends_with_nocase(const char *s, const char *suffix);
/* What snprintf(out, cap, "%s%s", a, b) writes (cap > 0), without the format's cost: a name per node. */
void ma_join(char *out, size_t cap, const char *a, const char *b);

/* Decimal integer / floating number from the whole of `s`; 0 on success. */
int ma_parse_i64(const char *s, int64_t *out);
int ma_parse_double(const char *s, double *out);
/* Write `v` into out[size] with '.' as decimal point whatever the locale ("12", "-0.5"). */
void ma_format_double(char *out, size_t size, double v);
/* MEL booleans: yes/no, on/off, true/false, 1/0 (any number).  `dflt` when NULL or unknown. */
int ma_parse_bool(const char *s, int dflt);

/* 1 when `path` opens and reads as a file (folders do not). */
/* 1 when `path` opens and reads as a file, 0 when not, SP_ENOMEM when memory ran out. */
int ma_is_readable_file(const char *path);

/* A map from string keys (copied) to size_t values. */
/* A string -> number map; zero-initialised it is empty (the core's index is made on first set). */
typedef struct {
	sp_index *idx;
} ma_map;
#define MA_MAP_INIT                                                                                          \
	{                                                                                                    \
		NULL                                                                                         \
	}

int ma_map_set(ma_map *m, const char *key, size_t val);
/* 1 and *out when present, else 0. */
int ma_map_get(const ma_map *m, const char *key, size_t *out);
void ma_map_dispose(ma_map *m);

/* A vector of owned strings. */
typedef struct {
	char **items;
	size_t count;
	size_t cap;
} ma_strvec;
#define MA_STRVEC_INIT                                                                                       \
	{                                                                                                    \
		NULL, 0, 0                                                                                   \
	}

int ma_strvec_push(ma_strvec *v, const char *s);
int ma_strvec_has(const ma_strvec *v, const char *s);
void ma_strvec_dispose(ma_strvec *v);

/*
 * Memory handed out in pieces from large blocks and freed all at once: the
 * names and records of hundreds of thousands of nodes without a malloc (and
 * its overhead) each.
 */
typedef struct ma_arena_block ma_arena_block;
typedef struct {
	ma_arena_block *head;
	size_t used, size; /* of the head block */
} ma_arena;

/* `n` bytes aligned to `align` (the object's _Alignof, a power of two), zeroed, or NULL. */
void *ma_arena_alloc(ma_arena *a, size_t n, size_t align);
/* A copy of `s` (or of its first `n` bytes), or NULL. */
char *ma_arena_strdup(ma_arena *a, const char *s);
char *ma_arena_strndup(ma_arena *a, const char *s, size_t n);
void ma_arena_dispose(ma_arena *a);

/*
 * Strings kept once each (node types, attribute names): a scene repeats a few
 * hundred of them over hundreds of thousands of nodes.  Pointers into the set
 * stay valid until it is disposed.
 */
typedef struct {
	ma_strvec items;
	ma_map index; /* string -> position in items */
} ma_strset;

/* Position of `s` in the set, added when new: 0 or SP_ENOMEM. */
int ma_strset_add(ma_strset *set, const char *s, size_t *pos);
void ma_strset_dispose(ma_strset *set);

#endif
