/*
 * Small helpers private to the Clarisse shim: allocation, owned string
 * vectors and locale-free number parsing.  The shim sees only the public
 * headers of the core, so it keeps its own copies of these.
 */
#ifndef CL_UTIL_H
#define CL_UTIL_H

#include <sceneprobe.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *cl_malloc(size_t n);
void *cl_realloc(void *p, size_t n);
void cl_free(void *p);
char *cl_strdup(const char *s);
char *cl_strndup(const char *s, size_t n);

/* Make room for `need` elements of `elem` bytes in *items (capacity *cap). 0 or SP_ENOMEM. */
int cl_grow(void **items, size_t *cap, size_t need, size_t elem);

int cl_streq(const char *a, const char *b);
int cl_strcaseeq(const char *a, const char *b);
int cl_starts_with(const char *s, const char *prefix);
int cl_ends_with(const char *s, const char *suffix);

/* A decimal number from the whole of `s` ("10", "-3", "2.0", "1e2"); 0 on success. */
int cl_parse_double(const char *s, double *out);
/* Clarisse booleans: yes/no, true/false, on/off, numbers.  `dflt` when NULL or unknown. */
int cl_parse_bool(const char *s, int dflt);

/* The absolute real path (links resolved) of an existing file or folder, NULL otherwise; cl_free it. */
char *cl_realpath(const char *path);

/* A vector of owned strings. */
typedef struct {
	char **items;
	size_t count;
	size_t cap;
} cl_strvec;
#define CL_STRVEC_INIT                                                                                       \
	{                                                                                                    \
		NULL, 0, 0                                                                                   \
	}

int cl_strvec_push(cl_strvec *v, const char *s);
int cl_strvec_has(const cl_strvec *v, const char *s);
void cl_strvec_dispose(cl_strvec *v);

#endif
