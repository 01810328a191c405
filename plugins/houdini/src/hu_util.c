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

static size_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

static int map_rehash(hu_map *m, size_t ncap)
{
	char **keys = hu_calloc(ncap, sizeof(*keys));
	size_t *vals = hu_calloc(ncap, sizeof(*vals));
	if (!keys || !vals) {
		hu_free(keys);
		hu_free(vals);
		return SP_ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;
		if (!m->keys[i])
			continue;
		j = hash_str(m->keys[i]) & (ncap - 1);
		while (keys[j])
			j = (j + 1) & (ncap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	hu_free(m->keys);
	hu_free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = ncap;
	return 0;
}

int hu_map_set(hu_map *m, const char *key, size_t val)
{
	size_t j;
	if ((m->count + 1) * 2 > m->cap) {
		int error = map_rehash(m, m->cap ? m->cap * 2 : 64);
		if (error < 0)
			return error;
	}
	j = hash_str(key) & (m->cap - 1);
	while (m->keys[j] && strcmp(m->keys[j], key) != 0)
		j = (j + 1) & (m->cap - 1);
	if (!m->keys[j]) {
		m->keys[j] = hu_strdup(key);
		if (!m->keys[j])
			return SP_ENOMEM;
		m->count++;
	}
	m->vals[j] = val;
	return 0;
}

int hu_map_get(const hu_map *m, const char *key, size_t *out)
{
	size_t j;
	if (!m->cap)
		return 0;
	j = hash_str(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (strcmp(m->keys[j], key) == 0) {
			*out = m->vals[j];
			return 1;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return 0;
}

void hu_map_dispose(hu_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		hu_free(m->keys[i]);
	hu_free(m->keys);
	hu_free(m->vals);
	memset(m, 0, sizeof(*m));
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
