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
