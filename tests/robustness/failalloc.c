/*
 * An LD_PRELOAD library that makes allocations fail, for alloc_failure.py.
 *
 *   SP_FAIL_ALLOC=N        the Nth allocation (malloc, calloc, realloc) fails, counted from 1
 *   SP_FAIL_ALLOC_ALL=1    ... and every one after it (memory stays exhausted)
 *   SP_FAIL_ALLOC_COUNT=1  print "allocations: K" on stderr at exit
 *
 * glibc's own __libc_* entry points do the real work, so nothing here needs
 * dlsym (which allocates).  A test helper only: it is never linked into the product.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

/* Process-wide by nature: this library stands in for the allocator itself. */
static long fail_at = -2, fail_all, allocations;

static int should_fail(void)
{
	if (fail_at == -2) {
		const char *at = getenv("SP_FAIL_ALLOC"), *all = getenv("SP_FAIL_ALLOC_ALL");
		fail_at = at ? strtol(at, NULL, 10) : -1;
		fail_all = all && *all == '1';
	}
	allocations++;
	if (fail_at > 0 && (allocations == fail_at || (fail_all && allocations > fail_at))) {
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *malloc(size_t n)
{
	return should_fail() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	return should_fail() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	return should_fail() ? NULL : __libc_realloc(p, n);
}

__attribute__((destructor)) static void report(void)
{
	char line[64];
	int len;
	if (!getenv("SP_FAIL_ALLOC_COUNT"))
		return;
	len = snprintf(line, sizeof(line), "allocations: %ld\n", allocations);
	if (len > 0)
		(void)!write(2, line, (size_t)len);
}
