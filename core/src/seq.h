/*
 * Sequence and tile tokens in file paths, and their expansion over the file
 * system with a cache that lists each folder once.
 *
 * Tokens (matched with PCRE2):
 *   tiles:  <UDIM> <udim> <UVTILE> <uvtile> <tile> u<U>_v<V> _u<U>_v<V> <u> <v>
 *           %(UDIM)d  $U $V  (V-Ray style $2U etc. when written so)
 *   frames: <f> <F> <Frame> <frame> # runs (####) %0Nd / %d  $F $F2..$F9 ${F} ${F4} $FF
 */
#ifndef SP_SEQ_H
#define SP_SEQ_H

#include "util.h"
#include "sp/frames.h"

enum { SP_SEQ_HAS_FRAME = 1, SP_SEQ_HAS_TILE = 2 };

/* Which token kinds `path` holds (SP_SEQ_* bits), 0 for a plain path. */
unsigned sp_seq_tokens(const char *path);

typedef struct sp_dircache sp_dircache;
int sp_dircache_new(sp_dircache **out, sp_ctx *ctx);
void sp_dircache_free(sp_dircache *dc);

/*
 * Sorted entry names of `dir` (absolute, normalised), listed at most once per
 * cache.  *names_out is borrowed from the cache.  SP_ENOTFOUND when the folder
 * does not exist (remembered too).
 */
int sp_dircache_list(const sp_strvec **names_out, sp_dircache *dc, const char *dir);

/* Number of folders actually listed so far (for tests and benchmarks). */
size_t sp_dircache_listed(const sp_dircache *dc);

/* Compiled name patterns the cache keeps now: at most SP_SEQ_MAX_PATTERNS (for tests). */
#define SP_SEQ_MAX_PATTERNS 512
size_t sp_dircache_patterns(const sp_dircache *dc);

/*
 * Expand the tokens of `path` (absolute, normalised) that `kinds` allows
 * (SP_SEQ_* bits) into the real files that exist, appended to `out` as full
 * paths in sorted order.  Tokens may appear in the file name only; a token in
 * a folder part is matched literally.  When `frames` is non-NULL, a frame
 * token only matches numbers in `frames` (negative frames included:
 * "-0005" for #### is -5).  Returns 0 (possibly with nothing appended) or an
 * error.  `tile_count`/`frame_count` are not reported: callers count `out`.
 */
int sp_seq_expand(sp_dircache *dc, const char *path, unsigned kinds, const sp_frames *frames, sp_strvec *out);

#endif
