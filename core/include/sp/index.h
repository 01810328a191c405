/*
 * A string -> number index, for readers that look nodes and attributes up by
 * name (hundreds of thousands of them in a production scene).
 */
#ifndef SP_INDEX_H
#define SP_INDEX_H

#include "common.h"

SP_BEGIN_DECL

typedef struct sp_index sp_index;

/** An empty index; free with sp_index_free(). */
SP_EXTERN(int) sp_index_new(sp_index **out) SP_MUST_CHECK;
/** NULL is a no-op. */
SP_EXTERN(void) sp_index_free(sp_index *idx);
/** Map `key` (copied) to `value`, replacing an earlier value.  0 or SP_ENOMEM. */
SP_EXTERN(int) sp_index_set(sp_index *idx, const char *key, size_t value) SP_MUST_CHECK;
/** 1 and the value in *out when `key` is present, else 0.  A NULL index is empty. */
SP_EXTERN(int) sp_index_get(const sp_index *idx, const char *key, size_t *out);
SP_EXTERN(size_t) sp_index_count(const sp_index *idx);

SP_END_DECL

#endif
