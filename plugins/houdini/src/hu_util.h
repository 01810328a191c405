/*
 * Small helpers private to the Houdini shim: allocation, growable arrays,
 * a string-keyed map and locale-free number parsing.  The shim sees only
 * the core's public headers, so it keeps its own copies of these.
 */
#ifndef HU_UTIL_H
#define HU_UTIL_H

#include <sceneprobe.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *hu_malloc(size_t n);
void *hu_calloc(size_t n, size_t size);
void *hu_realloc(void *p, size_t n);
void hu_free(void *p);
char *hu_strdup(const char *s);
char *hu_strndup(const char *s, size_t n);

/* Make room for `need` elements of `elem` bytes in *items (capacity *cap). */
int hu_grow(void **items, size_t *cap, size_t need, size_t elem);

int hu_streq(const char *a, const char *b);
int hu_starts_with(const char *s, const char *prefix);
int hu_ends_with_nocase(const char *s, const char *suffix);

/* Decimal integer / floating number from the whole of `s`; 0 on success, -1 otherwise. */
int hu_parse_i64(const char *s, int64_t *out);
int hu_parse_double(const char *s, double *out);

/* A map from string keys (copied) to size_t values (open addressing). */
/* A string -> number map; zero-initialised it is empty (the core's index is made on first set). */
typedef struct {
	sp_index *idx;
} hu_map;
#define HU_MAP_INIT                                                                                          \
	{                                                                                                    \
		NULL                                                                                         \
	}

int hu_map_set(hu_map *m, const char *key, size_t val);
/* 1 and *out when present, else 0. */
int hu_map_get(const hu_map *m, const char *key, size_t *out);
void hu_map_dispose(hu_map *m);

/*
 * A bump allocator for many small blocks that live as long as their owner
 * (the node store's paths, parameter pointers and records): no per-block header, no
 * per-block free.  Blocks are aligned for pointers and size_t.
 */
typedef struct hu_chunk hu_chunk;
typedef struct {
	hu_chunk *head;
} hu_arena;

void *hu_arena_alloc(hu_arena *a, size_t n);
char *hu_arena_strndup(hu_arena *a, const char *s, size_t n);
void hu_arena_dispose(hu_arena *a);

/*
 * A hash table of positions 0..2^32-2 whose keys live elsewhere (node
 * paths, type names): `key_of(i, payload)` gives position i's key.  Each
 * slot keeps 32 bits of its key's hash, so a probe reads another key only
 * when the hashes agree.  Zero-initialised it is empty.
 *
 * A new node's path is looked up once, to learn it is new, and then added:
 * two visits to a random slot of a table larger than the caches.  A small
 * Bloom filter (16 bits per key) answers most of those lookups, and new
 * entries wait in `pending` to be put in the table HU_TABLE_PENDING at a
 * time, whose loads the processor overlaps.
 */
#define HU_TABLE_PENDING 128
typedef const char *(*hu_key_fn)(size_t i, const void *payload);
typedef struct {
	uint64_t *slots; /* hash << 32 | (position + 1); 0 is empty */
	size_t nslots, count;
	uint64_t pending[HU_TABLE_PENDING]; /* entries as in slots, not there yet */
	size_t npending;
	uint64_t *bloom; /* nbloom words; a key sets 3 bits of one word */
	size_t nbloom;
} hu_table;

uint32_t hu_table_hash(const char *key);
/* The same for a key of n bytes (no NUL among them): hu_table_hash_n(k, strlen(k)) == hu_table_hash(k). */
uint32_t hu_table_hash_n(const char *key, size_t n);
/* 1 and *out when `key` (with hash h) is present, else 0. */
int hu_table_get(const hu_table *t, const char *key, uint32_t h, hu_key_fn key_of, const void *payload,
                 size_t *out);
/* Add position i under hash h (the caller knows the key is absent); SP_ENOMEM. */
int hu_table_add(hu_table *t, uint32_t h, size_t i);
void hu_table_dispose(hu_table *t);

/* A vector of owned strings. */
typedef struct {
	char **items;
	size_t count;
	size_t cap;
} hu_strvec;
#define HU_STRVEC_INIT                                                                                       \
	{                                                                                                    \
		NULL, 0, 0                                                                                   \
	}

int hu_strvec_push(hu_strvec *v, const char *s);
int hu_strvec_pushn(hu_strvec *v, const char *s, size_t n);
void hu_strvec_dispose(hu_strvec *v);

#endif
