#include "hu_util.h"

void *hu_malloc(size_t n)
{
	return malloc(n ? n : 1);
}

void *hu_calloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size ? size : 1);
}

void *hu_realloc(void *p, size_t n)
{
	return realloc(p, n ? n : 1);
}

void hu_free(void *p)
{
	free(p);
}

char *hu_strndup(const char *s, size_t n)
{
	char *p = hu_malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *hu_strdup(const char *s)
{
	return s ? hu_strndup(s, strlen(s)) : NULL;
}

int hu_grow(void **items, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *p;
	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return SP_ENOMEM;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elem)
		return SP_ENOMEM;
	p = hu_realloc(*items, ncap * elem);
	if (!p)
		return SP_ENOMEM;
	*items = p;
	*cap = ncap;
	return 0;
}

int hu_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

int hu_starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int hu_ends_with_nocase(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	if (n < m)
		return 0;
	s += n - m;
	for (; *s; s++, suffix++)
		if (lower((unsigned char)*s) != lower((unsigned char)*suffix))
			return 0;
	return 1;
}

int hu_parse_i64(const char *s, int64_t *out)
{
	return s ? sp_parse_i64(s, strlen(s), out) : -1;
}

int hu_parse_double(const char *s, double *out)
{
	return s ? sp_parse_double(s, strlen(s), out) : -1;
}

int hu_map_set(hu_map *m, const char *key, size_t val)
{
	if (!m->idx && sp_index_new(&m->idx) < 0)
		return SP_ENOMEM;
	return sp_index_set(m->idx, key, val);
}

int hu_map_get(const hu_map *m, const char *key, size_t *out)
{
	return sp_index_get(m->idx, key, out);
}

void hu_map_dispose(hu_map *m)
{
	sp_index_free(m->idx);
	m->idx = NULL;
}

int hu_strvec_pushn(hu_strvec *v, const char *s, size_t n)
{
	char *copy;
	int error = hu_grow((void **)&v->items, &v->cap, v->count + 1, sizeof(*v->items));
	if (error < 0)
		return error;
	copy = hu_strndup(s, n);
	if (!copy)
		return SP_ENOMEM;
	v->items[v->count++] = copy;
	return 0;
}

int hu_strvec_push(hu_strvec *v, const char *s)
{
	return hu_strvec_pushn(v, s, strlen(s));
}

void hu_strvec_dispose(hu_strvec *v)
{
	for (size_t i = 0; i < v->count; i++)
		hu_free(v->items[i]);
	hu_free(v->items);
	memset(v, 0, sizeof(*v));
}

/* ---- arena ---------------------------------------------------------------- */

#define ARENA_CHUNK (64u * 1024u)
#define ARENA_ALIGN 16u

struct hu_chunk {
	hu_chunk *next;
	size_t used, cap; /* bytes of data[] */
	union {
		void *p;
		size_t z;
		double d;
		long double ld;
	} data[]; /* aligned for anything a block holds */
};

/* n bytes at a multiple of `align` (a power of two up to ARENA_ALIGN) from the chunk's data. */
static void *arena_take(hu_arena *a, size_t n, size_t align)
{
	hu_chunk *c = a->head;
	unsigned char *p;
	size_t at;
	if (n > SIZE_MAX / 2)
		return NULL;
	n = n ? n : 1;
	at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || at > c->cap || c->cap - at < n) {
		/* a block bigger than a quarter chunk gets a chunk of its own, behind the current one */
		size_t cap = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;
		hu_chunk *nc = hu_malloc(sizeof(*nc) + cap);
		if (!nc)
			return NULL;
		nc->used = 0;
		nc->cap = cap;
		if (c && cap != ARENA_CHUNK) {
			nc->next = c->next;
			c->next = nc;
		} else {
			nc->next = c;
			a->head = nc;
		}
		c = nc;
		at = 0;
	}
	p = (unsigned char *)c->data + at;
	c->used = at + n;
	return p;
}

void *hu_arena_alloc(hu_arena *a, size_t n)
{
	return arena_take(a, n, ARENA_ALIGN);
}

char *hu_arena_strndup(hu_arena *a, const char *s, size_t n)
{
	char *p = n < SIZE_MAX ? arena_take(a, n + 1, 1) : NULL; /* text needs no alignment */
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void hu_arena_dispose(hu_arena *a)
{
	while (a->head) {
		hu_chunk *next = a->head->next;
		hu_free(a->head);
		a->head = next;
	}
}

/* ---- table ---------------------------------------------------------------- */

uint32_t hu_table_hash(const char *key)
{
	return hu_table_hash_n(key, strlen(key));
}

/*
 * Eight bytes a step, each step a multiply and a shift, then a full mix
 * (splitmix64's finaliser), so the slot index (low bits) and the Bloom bits
 * (high bits of a remix) both depend on every byte.  The words are read in
 * the machine's byte order: hashes are never stored or compared across runs.
 */
uint32_t hu_table_hash_n(const char *key, size_t n)
{
	const unsigned char *p = (const unsigned char *)key;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
		h ^= h >> 31;
	}
	w = 0;
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)p[i] << (8 * i);
	h = (h ^ w) * 0x94d049bb133111ebull;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return (uint32_t)(h ^ (h >> 32));
}

/* The Bloom word and bits of hash h: a remix of h, apart from the slot index (its low bits). */
static uint64_t bloom_bits(uint32_t h, size_t nbloom, size_t *word)
{
	uint64_t x = (uint64_t)h * 0x9e3779b97f4a7c15ull;
	*word = (size_t)(x >> 40) & (nbloom - 1);
	return (1ull << (x & 63)) | (1ull << ((x >> 6) & 63)) | (1ull << ((x >> 12) & 63));
}

static int bloom_maybe(const hu_table *t, uint32_t h)
{
	size_t w;
	uint64_t bits = bloom_bits(h, t->nbloom, &w);
	return (t->bloom[w] & bits) == bits;
}

static void bloom_set(uint64_t *bloom, size_t nbloom, uint32_t h)
{
	size_t w;
	uint64_t bits = bloom_bits(h, nbloom, &w);
	bloom[w] |= bits;
}

static int entry_is(uint64_t s, const char *key, uint32_t h, hu_key_fn key_of, const void *payload,
                    size_t *out)
{
	if ((uint32_t)(s >> 32) != h || strcmp(key_of((size_t)(uint32_t)s - 1, payload), key) != 0)
		return 0;
	*out = (size_t)(uint32_t)s - 1;
	return 1;
}

int hu_table_get(const hu_table *t, const char *key, uint32_t h, hu_key_fn key_of, const void *payload,
                 size_t *out)
{
	size_t mask = t->nslots - 1;
	if (t->count + t->npending == 0 || !bloom_maybe(t, h))
		return 0;
	for (size_t k = 0; k < t->npending; k++)
		if (entry_is(t->pending[k], key, h, key_of, payload, out))
			return 1;
	for (size_t i = h & mask; t->nslots; i = (i + 1) & mask) {
		uint64_t s = t->slots[i];
		if (s == 0)
			return 0;
		if (entry_is(s, key, h, key_of, payload, out))
			return 1;
	}
	return 0;
}

static void table_put(uint64_t *slots, size_t nslots, uint64_t s)
{
	size_t mask = nslots - 1;
	size_t i = (uint32_t)(s >> 32) & mask;
	while (slots[i])
		i = (i + 1) & mask;
	slots[i] = s;
}

/* Room in the table for `need` entries, at most half full, so probes stay short and a miss ends at an empty
 * slot. */
static int table_reserve(hu_table *t, size_t need)
{
	size_t n = t->nslots ? t->nslots : 64;
	uint64_t *slots;
	while (need * 2 > n) {
		if (n > SIZE_MAX / 2 / sizeof(*slots))
			return SP_ENOMEM;
		n *= 2;
	}
	if (n == t->nslots)
		return 0;
	slots = hu_calloc(n, sizeof(*slots));
	if (!slots)
		return SP_ENOMEM;
	for (size_t k = 0; k < t->nslots; k++)
		if (t->slots[k])
			table_put(slots, n, t->slots[k]);
	hu_free(t->slots);
	t->slots = slots;
	t->nslots = n;
	return 0;
}

/* The pending entries into the table, all at once. */
static int table_flush(hu_table *t)
{
	int error = table_reserve(t, t->count + t->npending);
	if (error < 0)
		return error;
	for (size_t k = 0; k < t->npending; k++)
		table_put(t->slots, t->nslots, t->pending[k]);
	t->count += t->npending;
	t->npending = 0;
	return 0;
}

/* A Bloom filter of 16 bits per key for `need` keys, rebuilt from every entry when it grows. */
static int bloom_reserve(hu_table *t, size_t need)
{
	size_t n = t->nbloom ? t->nbloom : 64;
	uint64_t *bloom;
	while (need > n * 4) {
		if (n > SIZE_MAX / 2 / sizeof(*bloom))
			return SP_ENOMEM;
		n *= 2;
	}
	if (n == t->nbloom)
		return 0;
	bloom = hu_calloc(n, sizeof(*bloom));
	if (!bloom)
		return SP_ENOMEM;
	for (size_t k = 0; k < t->nslots; k++)
		if (t->slots[k])
			bloom_set(bloom, n, (uint32_t)(t->slots[k] >> 32));
	for (size_t k = 0; k < t->npending; k++)
		bloom_set(bloom, n, (uint32_t)(t->pending[k] >> 32));
	hu_free(t->bloom);
	t->bloom = bloom;
	t->nbloom = n;
	return 0;
}

int hu_table_add(hu_table *t, uint32_t h, size_t i)
{
	int error;
	if (i >= UINT32_MAX - 1)
		return SP_ENOMEM; /* positions are 32 bits: far more nodes than any file holds */
	error = t->npending == HU_TABLE_PENDING ? table_flush(t) : 0;
	if (error == 0)
		error = bloom_reserve(t, t->count + t->npending + 1);
	if (error < 0)
		return error;
	bloom_set(t->bloom, t->nbloom, h);
	t->pending[t->npending++] = (uint64_t)h << 32 | (uint64_t)(i + 1);
	return 0;
}

void hu_table_dispose(hu_table *t)
{
	hu_free(t->slots);
	hu_free(t->bloom);
	memset(t, 0, sizeof(*t));
}
