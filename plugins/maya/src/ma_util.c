#include "ma_util.h"

#include <errno.h>
#include <stdio.h>

void *ma_malloc(size_t n)
{
	return malloc(n ? n : 1);
}
void *ma_calloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size ? size : 1);
}
void *ma_realloc(void *p, size_t n)
{
	return realloc(p, n ? n : 1);
}
void ma_free(void *p)
{
	free(p);
}

char *ma_strndup(const char *s, size_t n)
{
	char *p = ma_malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ma_strdup(const char *s)
{
	return s ? ma_strndup(s, strlen(s)) : NULL;
}

int ma_grow(void **items, size_t *cap, size_t need, size_t elem)
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
	p = ma_realloc(*items, ncap * elem);
	if (!p)
		return SP_ENOMEM;
	*items = p;
	*cap = ncap;
	return 0;
}

int ma_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int ma_strcaseeq(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

void ma_join(char *out, size_t cap, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (na > cap - 1)
		na = cap - 1;
	if (nb > cap - 1 - na)
		nb = cap - 1 - na;
	memcpy(out, a, na);
	memcpy(out + na, b, nb);
	out[na + nb] = '\0';
}

int ma_ends_with_nocase(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && ma_strcaseeq(s + n - m, suffix);
}

int ma_parse_i64(const char *s, int64_t *out)
{
	return s ? sp_parse_i64(s, strlen(s), out) : -1;
}

int ma_parse_double(const char *s, double *out)
{
	return s ? sp_parse_double(s, strlen(s), out) : -1;
}

void ma_format_double(char *out, size_t size, double v)
{
	char frac[24];
	int neg = v < 0;
	double a = neg ? -v : v;
	unsigned long long whole, part;
	size_t n;
	if (!(a < 9e15)) { /* NaN, infinities and huge values have no frame meaning */
		snprintf(out, size, "0");
		return;
	}
	whole = (unsigned long long)a;
	part = (unsigned long long)((a - (double)whole) * 1e6 + 0.5);
	if (part >= 1000000) {
		whole++;
		part -= 1000000;
	}
	snprintf(frac, sizeof(frac), "%06llu", part);
	for (n = strlen(frac); n > 0 && frac[n - 1] == '0'; n--)
		frac[n - 1] = '\0';
	snprintf(out, size, "%s%llu%s%s", neg && (whole || part) ? "-" : "", whole, n ? "." : "", frac);
}

int ma_parse_bool(const char *s, int dflt)
{
	double d;
	if (!s)
		return dflt;
	if (ma_strcaseeq(s, "yes") || ma_strcaseeq(s, "on") || ma_strcaseeq(s, "true"))
		return 1;
	if (ma_strcaseeq(s, "no") || ma_strcaseeq(s, "off") || ma_strcaseeq(s, "false"))
		return 0;
	if (ma_parse_double(s, &d) == 0)
		return d != 0;
	return dflt;
}

int ma_is_readable_file(const char *path)
{
	FILE *fp = sp_fopen_read(path);
	int c, ok;
	if (!fp)
		return errno == ENOMEM ? SP_ENOMEM : 0;
	c = getc(fp); /* a folder opens on POSIX but fails to read */
	ok = !(c == EOF && ferror(fp));
	fclose(fp);
	return ok;
}

int ma_map_set(ma_map *m, const char *key, size_t val)
{
	if (!m->idx && sp_index_new(&m->idx) < 0)
		return SP_ENOMEM;
	return sp_index_set(m->idx, key, val);
}

int ma_map_get(const ma_map *m, const char *key, size_t *out)
{
	return sp_index_get(m->idx, key, out);
}

void ma_map_dispose(ma_map *m)
{
	sp_index_free(m->idx);
	m->idx = NULL;
}

int ma_strvec_push(ma_strvec *v, const char *s)
{
	char *copy;
	if (ma_grow((void **)&v->items, &v->cap, v->count + 1, sizeof(char *)) < 0)
		return SP_ENOMEM;
	copy = ma_strdup(s);
	if (!copy)
		return SP_ENOMEM;
	v->items[v->count++] = copy;
	return 0;
}

int ma_strvec_has(const ma_strvec *v, const char *s)
{
	for (size_t i = 0; i < v->count; i++)
		if (strcmp(v->items[i], s) == 0)
			return 1;
	return 0;
}

void ma_strvec_dispose(ma_strvec *v)
{
	for (size_t i = 0; i < v->count; i++)
		ma_free(v->items[i]);
	ma_free(v->items);
	memset(v, 0, sizeof(*v));
}

int ma_strset_add(ma_strset *set, const char *s, size_t *pos)
{
	if (ma_map_get(&set->index, s, pos))
		return 0;
	if (ma_strvec_push(&set->items, s) < 0)
		return SP_ENOMEM;
	*pos = set->items.count - 1;
	if (ma_map_set(&set->index, s, *pos) < 0) {
		ma_free(set->items.items[--set->items.count]);
		return SP_ENOMEM;
	}
	return 0;
}

void ma_strset_dispose(ma_strset *set)
{
	ma_strvec_dispose(&set->items);
	ma_map_dispose(&set->index);
}

#define MA_ARENA_BLOCK ((size_t)64 * 1024)

struct ma_arena_block {
	ma_arena_block *next;
	max_align_t data[]; /* aligned for any object */
};

/* `n` zeroed bytes at a multiple of `align` (a power of two up to max_align_t's). */
static void *arena_take(ma_arena *a, size_t n, size_t align)
{
	size_t at = (a->used + align - 1) / align * align;
	void *p;
	if (!a->head || at > a->size || n > a->size - at) {
		/* a piece larger than a quarter block gets a block of its own, behind the current one */
		size_t size = n > MA_ARENA_BLOCK / 4 ? n : MA_ARENA_BLOCK;
		ma_arena_block *b;
		if (size > SIZE_MAX - sizeof(ma_arena_block))
			return NULL;
		b = ma_malloc(sizeof(ma_arena_block) + size);
		if (!b)
			return NULL;
		if (size != MA_ARENA_BLOCK && a->head) {
			b->next = a->head->next;
			a->head->next = b;
			memset(b->data, 0, n);
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		a->size = size;
		at = 0;
	}
	p = (char *)a->head->data + at;
	a->used = at + n;
	memset(p, 0, n);
	return p;
}

void *ma_arena_alloc(ma_arena *a, size_t n, size_t align)
{
	return arena_take(a, n, align);
}

char *ma_arena_strndup(ma_arena *a, const char *s, size_t n)
{
	char *p;
	if (n == SIZE_MAX)
		return NULL;
	p = arena_take(a, n + 1, 1);
	if (p)
		memcpy(p, s, n);
	return p;
}

char *ma_arena_strdup(ma_arena *a, const char *s)
{
	return ma_arena_strndup(a, s, strlen(s));
}

void ma_arena_dispose(ma_arena *a)
{
	while (a->head) {
		ma_arena_block *next = a->head->next;
		ma_free(a->head);
		a->head = next;
	}
	a->used = a->size = 0;
}
