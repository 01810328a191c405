/*
 * Small "key = value" files (the farm and ShotGrid credentials): read whole
 * with a size cap, and fill the caller's buffers for the keys it names.
 */
#ifndef SP_KEYFILE_H
#define SP_KEYFILE_H

#include "util.h"

/* Append `len` bytes of `v` to `dst` unless dst is NULL or already has a value. */
int sp__fill_if_empty(sp_buf *dst, const char *v, size_t len);

/* Read `path` into `out`; past `max` bytes SP_ETOOBIG naming the file as a `what`. */
int sp__keyfile_read(sp_buf *out, sp_ctx *ctx, const char *path, size_t max, const char *what);

/*
 * For each "key = value" line of `text` (spaces trimmed, lines without '=' or
 * starting with '#' skipped) whose key is keys[i] (NULL-terminated), fill
 * slots[i] with the value if it is still empty.
 */
int sp__keyfile_parse(sp_ctx *ctx, const char *text, const char *const *keys, sp_buf *const *slots);

#endif
