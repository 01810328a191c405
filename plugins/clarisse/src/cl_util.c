/* Small helpers private to the Clarisse shim. */
#include "cl_util.h"

void *cl_malloc(size_t n)
{
	return malloc(n ? n : 1);
}
void *cl_realloc(void *p, size_t n)
{
	return realloc(p, n ? n : 1);
}
void cl_free(void *p)
{
	free(p);
}

char *cl_strndup(const char *s, size_t n)
{
	char *d = cl_malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *cl_strdup(const char *s)
{
	return cl_strndup(s ? s : "", s ? strlen(s) : 0);
}

int cl_grow(void **items, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 8;
	void *p;
	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return SP_ENOMEM;
		n *= 2;
	}
	if (n > SIZE_MAX / elem)
		return SP_ENOMEM;
	p = cl_realloc(*items, n * elem);
	if (!p)
		return SP_ENOMEM;
	*items = p;
	*cap = n;
	return 0;
}

int cl_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int cl_strcaseeq(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	for (; *a && *b; a++, b++)
		if (lower((unsigned char)*a) != lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

int cl_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int cl_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && cl_strcaseeq(s + n - m, suffix);
}

/* Digits, an optional fraction and exponent; no locale, no strtod. */
int cl_parse_double(const char *s, double *out)
{
	return s ? sp_parse_double(s, strlen(s), out) : -1;
}

int cl_parse_bool(const char *s, int dflt)
{
	double d;
	if (!s)
		return dflt;
	if (cl_strcaseeq(s, "yes") || cl_strcaseeq(s, "true") || cl_strcaseeq(s, "on"))
		return 1;
	if (cl_strcaseeq(s, "no") || cl_strcaseeq(s, "false") || cl_strcaseeq(s, "off"))
		return 0;
	if (cl_parse_double(s, &d) == 0)
		return d != 0;
	return dflt;
}

int cl_strvec_push(cl_strvec *v, const char *s)
{
	char *d;
	if (cl_grow((void **)&v->items, &v->cap, v->count + 1, sizeof(*v->items)) < 0)
		return SP_ENOMEM;
	if (!(d = cl_strdup(s)))
		return SP_ENOMEM;
	v->items[v->count++] = d;
	return 0;
}

int cl_strvec_has(const cl_strvec *v, const char *s)
{
	for (size_t i = 0; i < v->count; i++)
		if (strcmp(v->items[i], s) == 0)
			return 1;
	return 0;
}

void cl_strvec_dispose(cl_strvec *v)
{
	for (size_t i = 0; i < v->count; i++)
		cl_free(v->items[i]);
	cl_free(v->items);
	v->items = NULL;
	v->count = v->cap = 0;
}

/* The core's platform layer: links resolved, "/" separators, UTF-8 names on Windows too. */
char *cl_realpath(const char *path)
{
	sp_buf real = SP_BUF_INIT;
	char *copy = path && sp_realpath(&real, path) == 0 ? cl_strdup(sp_buf_cstr(&real)) : NULL;
	sp_buf_dispose(&real);
	return copy;
}
