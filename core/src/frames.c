/*
 * Frame ranges: parsing, querying and writing "start-end[step]" lists, and the
 * pre_frames priority string ("000", "100:1,3-4[1]").
 */
#include "sp/frames.h"
#include "util.h"

struct sp_frames {
	sp_ctx *ctx;
	sp_frame_range *items;
	size_t count;
	size_t cap;
};

/* A hostile string cannot ask for more ranges than it has characters, but keep a hard cap too. */
#define SP_MAX_FRAME_RANGES ((size_t)1 << 20)

int sp_frames_new(sp_frames **out, sp_ctx *ctx)
{
	sp_frames *f;
	if (!out)
		return sp_ctx_error(ctx, SP_EUSER, "sp_frames_new needs an output pointer");
	*out = NULL;
	f = sp__calloc(1, sizeof(*f));
	if (!f)
		return sp__oom(ctx);
	f->ctx = ctx;
	*out = f;
	return 0;
}

void sp_frames_free(sp_frames *frames)
{
	if (!frames)
		return;
	sp__free(frames->items);
	sp__free(frames);
}

static int frames_push(sp_frames *f, int64_t start, int64_t end, int64_t step)
{
	if (f->count == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 4;
		sp_frame_range *items;
		if (f->count >= SP_MAX_FRAME_RANGES)
			return sp_ctx_error(f->ctx, SP_ETOOBIG, "frame list has more than %zu ranges",
			                    SP_MAX_FRAME_RANGES);
		items = sp__realloc(f->items, cap * sizeof(*items));
		if (!items)
			return sp__oom(f->ctx);
		f->items = items;
		f->cap = cap;
	}
	f->items[f->count].start = start;
	f->items[f->count].end = end;
	f->items[f->count].step = step;
	f->count++;
	return 0;
}

int sp_frames_add(sp_frames *frames, int64_t start, int64_t end, int64_t step)
{
	if (!frames)
		return SP_EUSER;
	if (step < 1)
		return sp_ctx_error(frames->ctx, SP_EUSER, "frame range %lld-%lld: step %lld is below 1",
		                    (long long)start, (long long)end, (long long)step);
	if (end < start)
		return sp_ctx_error(frames->ctx, SP_EUSER, "frame range %lld-%lld ends before it starts",
		                    (long long)start, (long long)end);
	return frames_push(frames, start, end, step);
}

int sp_frames_append(sp_frames *frames, const sp_frames *src)
{
	if (!frames || !src)
		return SP_EUSER;
	/* Read the count first: appending a list to itself must not loop forever. */
	size_t n = src->count;
	for (size_t i = 0; i < n; i++) {
		const sp_frame_range r = src->items[i];
		int error = frames_push(frames, r.start, r.end, r.step);
		if (error < 0)
			return error;
	}
	return 0;
}

int sp_frames_copy(sp_frames **out, sp_ctx *ctx, const sp_frames *src)
{
	sp_frames *f = NULL;
	int error;
	if (!out || !src)
		return sp_ctx_error(ctx, SP_EUSER, "sp_frames_copy needs an output and a source");
	*out = NULL;
	error = sp_frames_new(&f, ctx);
	if (error < 0)
		goto done;
	error = sp_frames_append(f, src);
	if (error < 0)
		goto done;
	*out = f;
	f = NULL;
done:
	sp_frames_free(f);
	return error;
}

size_t sp_frames_range_count(const sp_frames *frames)
{
	return frames ? frames->count : 0;
}

const sp_frame_range *sp_frames_range_at(const sp_frames *frames, size_t i)
{
	return frames && i < frames->count ? &frames->items[i] : NULL;
}

int sp_frames_contains(const sp_frames *frames, int64_t frame)
{
	if (!frames)
		return 0;
	for (size_t i = 0; i < frames->count; i++) {
		const sp_frame_range *r = &frames->items[i];
		/* Unsigned difference: end - start may exceed INT64_MAX for extreme ranges. */
		if (frame >= r->start && frame <= r->end &&
		    ((uint64_t)frame - (uint64_t)r->start) % (uint64_t)r->step == 0)
			return 1;
	}
	return 0;
}

/*
 * Frames rendered, summed over the ranges (each range's frames are distinct;
 * ranges are kept as given, so an overlap is counted in both).
 */
int64_t sp_frames_count(const sp_frames *frames)
{
	uint64_t total = 0;
	if (!frames)
		return 0;
	for (size_t i = 0; i < frames->count; i++) {
		const sp_frame_range *r = &frames->items[i];
		uint64_t gaps = ((uint64_t)r->end - (uint64_t)r->start) / (uint64_t)r->step;
		/* gaps + 1 wraps to 0 for the full int64 span, so compare before adding. */
		if (gaps >= (uint64_t)INT64_MAX - total)
			return INT64_MAX;
		total += gaps + 1;
	}
	return (int64_t)total;
}

int sp_frames_format(sp_buf *out, const sp_frames *frames)
{
	if (!out || !frames)
		return SP_EUSER;
	for (size_t i = 0; i < frames->count; i++) {
		const sp_frame_range *r = &frames->items[i];
		int error = sp_buf_printf(out, "%s%lld-%lld[%lld]", i ? "," : "", (long long)r->start,
		                          (long long)r->end, (long long)r->step);
		if (error < 0)
			return error;
	}
	return 0;
}

/* ---- parsing ------------------------------------------------------------------ */

typedef struct {
	sp_ctx *ctx;
	const char *what;  /* "frames" or "pre_frames": names the value in messages */
	const char *text;  /* start of the part being parsed; positions count from here */
	const char *p;     /* cursor */
	size_t base;       /* 0-based offset of `text` inside `shown` */
	const char *shown; /* the whole value, quoted in messages */
} frame_parser;

static int parse_fail(frame_parser *fp, const char *why)
{
	size_t pos = (size_t)(fp->p - fp->text) + fp->base + 1;
	return sp_ctx_error(fp->ctx, SP_EUSER, "%s '%s': %s at position %zu", fp->what, fp->shown, why, pos);
}

static void skip_blanks(frame_parser *fp)
{
	while (*fp->p == ' ' || *fp->p == '\t')
		fp->p++;
}

static int parse_number(frame_parser *fp, int64_t *out)
{
	const char *start = fp->p, *q = fp->p;
	if (*q == '-' || *q == '+')
		q++;
	if (!sp__isdigit((unsigned char)*q))
		return parse_fail(fp, "expected a number");
	while (sp__isdigit((unsigned char)*q))
		q++;
	if (sp_parse_i64(start, (size_t)(q - start), out) < 0)
		return parse_fail(fp, "number out of range");
	fp->p = q;
	return 0;
}

static int parse_step(frame_parser *fp, int64_t *step)
{
	char open = *fp->p;
	int error;
	if (open != '[' && open != 'x' && open != 'X' && open != ':')
		return 0;
	fp->p++;
	error = parse_number(fp, step);
	if (error < 0)
		return error;
	if (open == '[') {
		if (*fp->p != ']')
			return parse_fail(fp, "expected ']'");
		fp->p++;
	}
	return 0;
}

static int parse_range(frame_parser *fp, sp_frames *frames)
{
	const char *range_start;
	int64_t start, end, step = 1;
	int error;

	skip_blanks(fp);
	range_start = fp->p;
	error = parse_number(fp, &start);
	if (error < 0)
		return error;
	end = start;
	if (*fp->p == '-') {
		fp->p++;
		error = parse_number(fp, &end);
		if (error < 0)
			return error;
	}
	error = parse_step(fp, &step);
	if (error < 0)
		return error;
	if (step < 1 || end < start) {
		fp->p = range_start;
		return parse_fail(fp, step < 1 ? "step below 1" : "range ends before it starts");
	}
	skip_blanks(fp);
	return frames_push(frames, start, end, step);
}

static int parse_list(frame_parser *fp, sp_frames *frames)
{
	const char *q = fp->p;
	while (*q == ' ' || *q == '\t')
		q++;
	if (*q == '\0') {
		fp->p = q;
		return parse_fail(fp, "empty frame list");
	}
	for (;;) {
		int error = parse_range(fp, frames);
		if (error < 0)
			return error;
		if (*fp->p == '\0')
			return 0;
		if (*fp->p != ',')
			return parse_fail(fp, "unexpected character");
		fp->p++;
	}
}

int sp_frames_parse(sp_frames **out, sp_ctx *ctx, const char *text)
{
	sp_frames *frames = NULL;
	frame_parser fp = {ctx, "frames", text, text, 0, text};
	int error;
	if (!out || !text)
		return sp_ctx_error(ctx, SP_EUSER, "sp_frames_parse needs an output and a text");
	*out = NULL;
	error = sp_frames_new(&frames, ctx);
	if (error < 0)
		goto done;
	error = parse_list(&fp, frames);
	if (error < 0)
		goto done;
	*out = frames;
	frames = NULL;
done:
	sp_frames_free(frames);
	return error;
}

int sp_pre_frames_parse(int flags_out[3], sp_frames **custom_out, sp_ctx *ctx, const char *text)
{
	sp_frames *custom = NULL;
	frame_parser fp = {ctx, "pre_frames", text, text, 0, text};
	int flags[3];
	int error = 0;

	if (custom_out)
		*custom_out = NULL;
	if (!text)
		return sp_ctx_error(ctx, SP_EUSER, "sp_pre_frames_parse needs a text");
	for (int i = 0; i < 3; i++, fp.p++) {
		if (*fp.p != '0' && *fp.p != '1')
			return parse_fail(&fp, "expected a 0/1 flag");
		flags[i] = *fp.p - '0';
	}
	if (*fp.p != '\0') {
		if (*fp.p != ':')
			return parse_fail(&fp, "expected ':' before the custom frame list");
		fp.p++;
		/* Report positions inside the whole pre_frames value, not the list alone. */
		fp.base = (size_t)(fp.p - text);
		fp.text = fp.p;
		error = sp_frames_new(&custom, ctx);
		if (error < 0)
			goto done;
		error = parse_list(&fp, custom);
		if (error < 0)
			goto done;
	}
	if (flags_out)
		memcpy(flags_out, flags, sizeof(flags));
	if (custom_out) {
		*custom_out = custom;
		custom = NULL;
	}
done:
	sp_frames_free(custom);
	return error;
}

int sp_pre_frames_format(sp_buf *out, const int flags[3], const sp_frames *custom)
{
	int error;
	if (!out || !flags)
		return SP_EUSER;
	error =
	    sp_buf_printf(out, "%c%c%c", flags[0] ? '1' : '0', flags[1] ? '1' : '0', flags[2] ? '1' : '0');
	if (error < 0 || !custom || custom->count == 0)
		return error;
	error = sp_buf_putc(out, ':');
	if (error < 0)
		return error;
	return sp_frames_format(out, custom);
}
