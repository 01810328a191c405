/*
 * Frame ranges: "1-10", "1-10[2]", "1-10x2", "1-10:2", "1,3,5-9",
 * negative frames ("-10--2x2") and comma-separated lists of those.
 * Written back as "start-end[step]" joined by ",".
 */
#ifndef SP_FRAMES_H
#define SP_FRAMES_H

#include "common.h"

SP_BEGIN_DECL

typedef struct {
	int64_t start;
	int64_t end;  /**< inclusive; end >= start */
	int64_t step; /**< >= 1 */
} sp_frame_range;

/** An ordered list of frame ranges, kept as given (not merged or sorted). */
typedef struct sp_frames sp_frames;

SP_EXTERN(int) sp_frames_new(sp_frames **out, sp_ctx *ctx) SP_MUST_CHECK;
SP_EXTERN(void) sp_frames_free(sp_frames *frames);
SP_EXTERN(int) sp_frames_copy(sp_frames **out, sp_ctx *ctx, const sp_frames *src) SP_MUST_CHECK;

/**
 * Parse `text`.  On a syntax error returns SP_EUSER with a message naming the
 * 1-based character position ("frames '1-x': expected a number at position 3").
 * Empty text, a step < 1 or end < start are errors.
 */
SP_EXTERN(int) sp_frames_parse(sp_frames **out, sp_ctx *ctx, const char *text) SP_MUST_CHECK;

/** Append a range.  step < 1 or end < start: SP_EUSER. */
SP_EXTERN(int) sp_frames_add(sp_frames *frames, int64_t start, int64_t end, int64_t step) SP_MUST_CHECK;
/** Append every range of `src`. */
SP_EXTERN(int) sp_frames_append(sp_frames *frames, const sp_frames *src) SP_MUST_CHECK;

SP_EXTERN(size_t) sp_frames_range_count(const sp_frames *frames);
/** The i-th range, NULL past the end.  Borrowed. */
SP_EXTERN(const sp_frame_range *) sp_frames_range_at(const sp_frames *frames, size_t i);
/** 1 when `frame` is rendered by one of the ranges, else 0. */
SP_EXTERN(int) sp_frames_contains(const sp_frames *frames, int64_t frame);
/** Frames in all ranges, summed range by range (overlaps count twice); saturates at INT64_MAX. */
SP_EXTERN(int64_t) sp_frames_count(const sp_frames *frames);

/** Append "start-end[step]" for each range, joined by ",", to `out`. */
SP_EXTERN(int) sp_frames_format(sp_buf *out, const sp_frames *frames) SP_MUST_CHECK;

/**
 * pre_frames: three 0/1 flags (first, middle, last frame first), optionally
 * ":" and a custom frame list, e.g. "100", "000:1,3-4[1]".
 * `custom_out` receives NULL when there is no custom list (may itself be NULL
 * when the caller only validates).
 */
SP_EXTERN(int)
sp_pre_frames_parse(int flags_out[3], sp_frames **custom_out, sp_ctx *ctx, const char *text) SP_MUST_CHECK;
SP_EXTERN(int) sp_pre_frames_format(sp_buf *out, const int flags[3], const sp_frames *custom) SP_MUST_CHECK;

SP_END_DECL

#endif
