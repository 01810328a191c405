#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>

void *sp__malloc(size_t n)
{
	return malloc(n ? n : 1);
}
void *sp__calloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size ? size : 1);
}
void *sp__realloc(void *p, size_t n)
{
	return realloc(p, n ? n : 1);
}
void sp__free(void *p)
{
	free(p);
}

char *sp__strndup(const char *s, size_t n)
{
	char *d = sp__malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *sp__strdup(const char *s)
{
	return s ? sp__strndup(s, strlen(s)) : NULL;
}

int sp__oom(sp_ctx *ctx)
{
	return sp_ctx_error(ctx, SP_ENOMEM, "out of memory");
}

static int strvec_grow(sp_strvec *v)
{
	if (v->count < v->cap)
		return 0;
	size_t cap = v->cap ? v->cap * 2 : 8;
	char **items = sp__realloc(v->items, cap * sizeof(*items));
	if (!items)
		return SP_ENOMEM;
	v->items = items;
	v->cap = cap;
	return 0;
}

int sp_strvec_push_owned(sp_strvec *v, char *s)
{
	if (!s || strvec_grow(v) < 0) {
		sp__free(s);
		return SP_ENOMEM;
	}
	v->items[v->count++] = s;
	return 0;
}

int sp_strvec_pushn(sp_strvec *v, const char *s, size_t n)
{
	return sp_strvec_push_owned(v, sp__strndup(s, n));
}
int sp_strvec_push(sp_strvec *v, const char *s)
{
	return sp_strvec_pushn(v, s, strlen(s));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}
void sp_strvec_sort(sp_strvec *v)
{
	if (v->count > 1)
		qsort(v->items, v->count, sizeof(*v->items), cmp_str);
}

void sp_strvec_clear(sp_strvec *v)
{
	for (size_t i = 0; i < v->count; i++)
		sp__free(v->items[i]);
	v->count = 0;
}

void sp_strvec_dispose(sp_strvec *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->count; i++)
		sp__free(v->items[i]);
	sp__free(v->items);
	v->items = NULL;
	v->count = v->cap = 0;
}

/* ---- map ------------------------------------------------------------------ */

struct sp_map {
	size_t *slots; /* index + 1 into keys/values, 0 = empty */
	size_t nslots; /* power of two */
	char **keys;
	void **values;
	size_t count;
	size_t cap;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int sp_map_new(sp_map **out)
{
	sp_map *m = sp__calloc(1, sizeof(*m));
	if (!m)
		return SP_ENOMEM;
	m->nslots = 16;
	m->slots = sp__calloc(m->nslots, sizeof(*m->slots));
	if (!m->slots) {
		sp__free(m);
		return SP_ENOMEM;
	}
	*out = m;
	return 0;
}

void sp_map_free(sp_map *m, void (*free_value)(void *))
{
	if (!m)
		return;
	for (size_t i = 0; i < m->count; i++) {
		sp__free(m->keys[i]);
		if (free_value)
			free_value(m->values[i]);
	}
	sp__free(m->keys);
	sp__free(m->values);
	sp__free(m->slots);
	sp__free(m);
}

static size_t *find_slot(const sp_map *m, const char *key)
{
	size_t mask = m->nslots - 1;
	for (size_t i = (size_t)hash_str(key) & mask;; i = (i + 1) & mask) {
		size_t *slot = &m->slots[i];
		if (*slot == 0 || strcmp(m->keys[*slot - 1], key) == 0)
			return slot;
	}
}

static int rehash(sp_map *m)
{
	size_t n = m->nslots * 2;
	size_t *slots = sp__calloc(n, sizeof(*slots));
	if (!slots)
		return SP_ENOMEM;
	sp__free(m->slots);
	m->slots = slots;
	m->nslots = n;
	for (size_t i = 0; i < m->count; i++)
		*find_slot(m, m->keys[i]) = i + 1;
	return 0;
}

static int grow_entries(sp_map *m)
{
	if (m->count < m->cap)
		return 0;
	size_t cap = m->cap ? m->cap * 2 : 16;
	char **keys = sp__realloc(m->keys, cap * sizeof(*keys));
	if (!keys)
		return SP_ENOMEM;
	m->keys = keys;
	void **values = sp__realloc(m->values, cap * sizeof(*values));
	if (!values)
		return SP_ENOMEM;
	m->values = values;
	m->cap = cap;
	return 0;
}

int sp_map_set(sp_map *m, const char *key, void *value, void **old_out)
{
	size_t *slot = find_slot(m, key);
	if (old_out)
		*old_out = NULL;
	if (*slot) {
		if (old_out)
			*old_out = m->values[*slot - 1];
		m->values[*slot - 1] = value;
		return 0;
	}
	if (grow_entries(m) < 0)
		return SP_ENOMEM;
	char *k = sp__strdup(key);
	if (!k)
		return SP_ENOMEM;
	m->keys[m->count] = k;
	m->values[m->count] = value;
	m->count++;
	*slot = m->count;
	if (m->count * 2 > m->nslots && rehash(m) < 0)
		return SP_ENOMEM; /* entry is stored; the table is still consistent */
	return 0;
}

void *sp_map_get(const sp_map *m, const char *key)
{
	size_t *slot = find_slot(m, key);
	return *slot ? m->values[*slot - 1] : NULL;
}

int sp_map_has(const sp_map *m, const char *key)
{
	return *find_slot(m, key) != 0;
}
size_t sp_map_count(const sp_map *m)
{
	return m ? m->count : 0;
}
const char *sp_map_key_at(const sp_map *m, size_t i)
{
	return i < m->count ? m->keys[i] : NULL;
}
void *sp_map_value_at(const sp_map *m, size_t i)
{
	return i < m->count ? m->values[i] : NULL;
}

/* ---- ASCII and numbers -------------------------------------------------------- */

int sp__strncasecmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int ca = sp__tolower((unsigned char)a[i]), cb = sp__tolower((unsigned char)b[i]);
		if (ca != cb || ca == 0)
			return ca - cb;
	}
	return 0;
}

int sp__strcasecmp(const char *a, const char *b)
{
	return sp__strncasecmp(a, b, (size_t)-1);
}

int sp_parse_i64(const char *p, size_t len, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	uint64_t v = 0;
	if (!p)
		return -1;
	if (i < len && (p[i] == '-' || p[i] == '+'))
		neg = p[i++] == '-';
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (!sp__isdigit((unsigned char)p[i]))
			return -1;
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX + (uint64_t)neg)
		return -1;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

static double pow10i(int e)
{
	double r = 1, b = 10;
	int n = e < 0 ? -e : e;
	while (n) {
		if (n & 1)
			r *= b;
		b *= b;
		n >>= 1;
	}
	return e < 0 ? 1 / r : r;
}

/* Digits are accumulated as an integer and scaled once: no locale, no strtod. */
int sp_parse_double(const char *p, size_t len, double *out)
{
	const char *end = p + len;
	int neg = 0, digits = 0, exp = 0, eneg = 0, e = 0;
	double mant = 0;
	if (!p || !len)
		return -1;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; p < end && sp__isdigit((unsigned char)*p); p++, digits++)
		mant = mant * 10 + (*p - '0');
	if (p < end && *p == '.')
		for (p++; p < end && sp__isdigit((unsigned char)*p); p++, digits++, exp--)
			mant = mant * 10 + (*p - '0');
	if (!digits)
		return -1;
	if (p < end && (*p == 'e' || *p == 'E')) {
		if (++p < end && (*p == '-' || *p == '+'))
			eneg = *p++ == '-';
		if (p == end || !sp__isdigit((unsigned char)*p))
			return -1;
		for (; p < end && sp__isdigit((unsigned char)*p); p++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
		exp += eneg ? -e : e;
	}
	if (p != end)
		return -1;
	*out = (neg ? -mant : mant) * pow10i(exp);
	return 0;
}

int sp__format_number(sp_buf *out, double v)
{
	if (isfinite(v) && v == floor(v) && fabs(v) < 9e15)
		return sp_buf_printf(out, "%lld", (long long)v);
	/* %g honours LC_NUMERIC; replace a locale comma so output stays portable. */
	size_t start = out->size;
	int error = sp_buf_printf(out, "%.10g", v);
	for (size_t i = start; error == 0 && i < out->size; i++)
		if (out->ptr[i] == ',')
			out->ptr[i] = '.';
	return error;
}
