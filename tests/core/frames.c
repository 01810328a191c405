#include <criterion/criterion.h>
#include <string.h>

#include "sp/frames.h"

static sp_ctx *ctx;

static void setup(void)
{
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
}
static void teardown(void)
{
	sp_ctx_free(ctx);
}

TestSuite(frames, .init = setup, .fini = teardown);

/* Parse `text`, assert success, and return its formatted form (static buffer). */
static const char *roundtrip(const char *text)
{
	static char out[512];
	sp_frames *f = NULL;
	sp_buf b = SP_BUF_INIT;
	int rc = sp_frames_parse(&f, ctx, text);
	cr_assert_eq(rc, 0, "parse '%s': %d %s", text, rc, sp_ctx_last_error(ctx));
	cr_assert_eq(sp_frames_format(&b, f), 0);
	cr_assert_lt(b.size, sizeof(out));
	memcpy(out, sp_buf_cstr(&b), b.size + 1);
	sp_buf_dispose(&b);
	sp_frames_free(f);
	return out;
}

static void expect_error(const char *text, const char *message)
{
	sp_frames *f = (sp_frames *)&f; /* any non-NULL value: must be reset */
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_frames_parse(&f, ctx, text), SP_EUSER, "'%s' should be refused", text);
	cr_assert_null(f);
	cr_assert_eq(sp_ctx_last_code(ctx), SP_EUSER);
	cr_assert_str_eq(sp_ctx_last_error(ctx), message);
}

Test(frames, parses_a_plain_range_with_step_one)
{
	sp_frames *f = NULL;
	cr_assert_eq(sp_frames_parse(&f, ctx, "1-10"), 0);
	cr_assert_eq(sp_frames_range_count(f), 1);
	const sp_frame_range *r = sp_frames_range_at(f, 0);
	cr_assert_eq(r->start, 1);
	cr_assert_eq(r->end, 10);
	cr_assert_eq(r->step, 1);
	cr_assert_null(sp_frames_range_at(f, 1));
	cr_assert_eq(sp_frames_count(f), 10);
	sp_frames_free(f);
}

Test(frames, accepts_every_step_spelling)
{
	cr_assert_str_eq(roundtrip("1-10[2]"), "1-10[2]");
	cr_assert_str_eq(roundtrip("1-10x2"), "1-10[2]");
	cr_assert_str_eq(roundtrip("1-10X3"), "1-10[3]");
	cr_assert_str_eq(roundtrip("1-10:2"), "1-10[2]");
}

Test(frames, writes_a_single_frame_as_a_one_frame_range)
{
	cr_assert_str_eq(roundtrip("5"), "5-5[1]");
	cr_assert_str_eq(roundtrip("0"), "0-0[1]");
}

Test(frames, keeps_a_comma_list_in_the_order_given)
{
	cr_assert_str_eq(roundtrip("1,3,5-9"), "1-1[1],3-3[1],5-9[1]");
	cr_assert_str_eq(roundtrip("20-30,1-5[2]"), "20-30[1],1-5[2]");
}

Test(frames, tolerates_spaces_around_commas)
{
	cr_assert_str_eq(roundtrip(" 1 , 3-4 ,\t5-9x2 "), "1-1[1],3-4[1],5-9[2]");
}

Test(frames, parses_negative_ranges_with_x_step)
{
	sp_frames *f = NULL;
	cr_assert_str_eq(roundtrip("-10--2x2"), "-10--2[2]");
	cr_assert_eq(sp_frames_parse(&f, ctx, "-10--2x2"), 0);
	cr_assert_eq(sp_frames_count(f), 5);
	cr_assert(sp_frames_contains(f, -10));
	cr_assert(sp_frames_contains(f, -4));
	cr_assert(sp_frames_contains(f, -2));
	cr_assert_not(sp_frames_contains(f, -3));
	cr_assert_not(sp_frames_contains(f, 0));
	cr_assert_not(sp_frames_contains(f, -12));
	sp_frames_free(f);
}

Test(frames, parses_a_negative_single_frame_and_a_range_crossing_zero)
{
	sp_frames *f = NULL;
	cr_assert_str_eq(roundtrip("-5"), "-5--5[1]");
	cr_assert_str_eq(roundtrip("-5-5"), "-5-5[1]");
	cr_assert_eq(sp_frames_parse(&f, ctx, "-5-5"), 0);
	cr_assert_eq(sp_frames_count(f), 11);
	cr_assert(sp_frames_contains(f, 0));
	sp_frames_free(f);
}

Test(frames, contains_respects_the_step_from_the_range_start)
{
	sp_frames *f = NULL;
	cr_assert_eq(sp_frames_parse(&f, ctx, "3-20[5],100"), 0);
	int64_t yes[] = {3, 8, 13, 18, 100};
	int64_t no[] = {2, 4, 20, 23, 99, 101};
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		cr_assert(sp_frames_contains(f, yes[i]), "%lld", (long long)yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		cr_assert_not(sp_frames_contains(f, no[i]), "%lld", (long long)no[i]);
	cr_assert_eq(sp_frames_count(f), 5);
	sp_frames_free(f);
}

Test(frames, reports_the_position_of_a_missing_number)
{
	expect_error("1-x", "frames '1-x': expected a number at position 3");
	expect_error("1-", "frames '1-': expected a number at position 3");
	expect_error("1,,2", "frames '1,,2': expected a number at position 3");
	expect_error("1,", "frames '1,': expected a number at position 3");
	expect_error("1-10x", "frames '1-10x': expected a number at position 6");
}

Test(frames, reports_unexpected_characters)
{
	expect_error("1-10y", "frames '1-10y': unexpected character at position 5");
	expect_error("1-10[2", "frames '1-10[2': expected ']' at position 7");
	expect_error("1 2", "frames '1 2': unexpected character at position 3");
}

Test(frames, refuses_empty_text)
{
	expect_error("", "frames '': empty frame list at position 1");
	expect_error("   ", "frames '   ': empty frame list at position 4");
}

Test(frames, refuses_a_step_below_one_and_a_reversed_range)
{
	expect_error("1-10[0]", "frames '1-10[0]': step below 1 at position 1");
	expect_error("1,1-10x-2", "frames '1,1-10x-2': step below 1 at position 3");
	expect_error("10-1", "frames '10-1': range ends before it starts at position 1");
	expect_error("-2--10", "frames '-2--10': range ends before it starts at position 1");
}

Test(frames, refuses_numbers_that_overflow_int64)
{
	expect_error("1-99999999999999999999",
	             "frames '1-99999999999999999999': number out of range at position 3");
	expect_error("9223372036854775808",
	             "frames '9223372036854775808': number out of range at position 1");
	cr_assert_str_eq(roundtrip("-9223372036854775808-9223372036854775807"),
	                 "-9223372036854775808-9223372036854775807[1]");
}

Test(frames, count_saturates_on_huge_ranges)
{
	sp_frames *f = NULL;
	cr_assert_eq(sp_frames_parse(&f, ctx, "-9223372036854775808-9223372036854775807"), 0);
	cr_assert_eq(sp_frames_count(f), INT64_MAX);
	cr_assert(sp_frames_contains(f, INT64_MAX));
	cr_assert(sp_frames_contains(f, INT64_MIN));
	sp_frames_free(f);

	cr_assert_eq(sp_frames_parse(&f, ctx, "0-9223372036854775807,1-10"), 0);
	cr_assert_eq(sp_frames_count(f), INT64_MAX);
	sp_frames_free(f);

	cr_assert_eq(sp_frames_parse(&f, ctx, "-9223372036854775808-9223372036854775807[2]"), 0);
	cr_assert_eq(sp_frames_count(f), INT64_MAX); /* 2^63 frames */
	cr_assert(sp_frames_contains(f, INT64_MIN + 2));
	cr_assert_not(sp_frames_contains(f, INT64_MIN + 1));
	sp_frames_free(f);
}

Test(frames, count_sums_ranges_as_given)
{
	sp_frames *f = NULL;
	cr_assert_eq(sp_frames_parse(&f, ctx, "1-10[3],20,1-2"), 0);
	cr_assert_eq(sp_frames_count(f), 4 + 1 + 2);
	sp_frames_free(f);
}

Test(frames, add_validates_and_appends)
{
	sp_frames *f = NULL;
	sp_buf b = SP_BUF_INIT;
	cr_assert_eq(sp_frames_new(&f, ctx), 0);
	cr_assert_eq(sp_frames_range_count(f), 0);
	cr_assert_eq(sp_frames_count(f), 0);
	cr_assert_eq(sp_frames_add(f, 1, 5, 2), 0);
	cr_assert_eq(sp_frames_add(f, 5, 1, 1), SP_EUSER);
	cr_assert_eq(sp_frames_add(f, 1, 5, 0), SP_EUSER);
	cr_assert_eq(sp_frames_range_count(f), 1);
	cr_assert_eq(sp_frames_add(f, -3, -3, 1), 0);
	cr_assert_eq(sp_frames_format(&b, f), 0);
	cr_assert_str_eq(sp_buf_cstr(&b), "1-5[2],-3--3[1]");
	sp_buf_dispose(&b);
	sp_frames_free(f);
}

Test(frames, append_and_copy_duplicate_ranges)
{
	sp_frames *a = NULL, *b = NULL, *c = NULL;
	sp_buf out = SP_BUF_INIT;
	cr_assert_eq(sp_frames_parse(&a, ctx, "1-3"), 0);
	cr_assert_eq(sp_frames_parse(&b, ctx, "7,9-11[2]"), 0);
	cr_assert_eq(sp_frames_append(a, b), 0);
	cr_assert_eq(sp_frames_append(a, a), 0); /* self-append doubles once */
	cr_assert_eq(sp_frames_copy(&c, ctx, a), 0);
	sp_frames_free(a);
	cr_assert_eq(sp_frames_format(&out, c), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "1-3[1],7-7[1],9-11[2],1-3[1],7-7[1],9-11[2]");
	sp_buf_dispose(&out);
	sp_frames_free(b);
	sp_frames_free(c);
}

Test(frames, format_appends_to_existing_text)
{
	sp_frames *f = NULL;
	sp_buf b = SP_BUF_INIT;
	cr_assert_eq(sp_buf_sets(&b, "frames="), 0);
	cr_assert_eq(sp_frames_parse(&f, ctx, "1-2"), 0);
	cr_assert_eq(sp_frames_format(&b, f), 0);
	cr_assert_str_eq(sp_buf_cstr(&b), "frames=1-2[1]");
	sp_buf_dispose(&b);
	sp_frames_free(f);
}

Test(frames, free_accepts_null)
{
	sp_frames_free(NULL);
}

/* ---- pre_frames ---------------------------------------------------------------- */

Test(frames, pre_frames_parses_flags_only)
{
	int flags[3] = {9, 9, 9};
	sp_frames *custom = (sp_frames *)&custom;
	cr_assert_eq(sp_pre_frames_parse(flags, &custom, ctx, "100"), 0);
	cr_assert_eq(flags[0], 1);
	cr_assert_eq(flags[1], 0);
	cr_assert_eq(flags[2], 0);
	cr_assert_null(custom);
	cr_assert_eq(sp_pre_frames_parse(flags, &custom, ctx, "011"), 0);
	cr_assert_eq(flags[0], 0);
	cr_assert_eq(flags[1], 1);
	cr_assert_eq(flags[2], 1);
	cr_assert_null(custom);
}

Test(frames, pre_frames_parses_a_custom_list)
{
	int flags[3];
	sp_frames *custom = NULL;
	sp_buf b = SP_BUF_INIT;
	cr_assert_eq(sp_pre_frames_parse(flags, &custom, ctx, "000:1,3-4[1]"), 0);
	cr_assert_eq(flags[0] + flags[1] + flags[2], 0);
	cr_assert_not_null(custom);
	cr_assert_eq(sp_frames_range_count(custom), 2);
	cr_assert(sp_frames_contains(custom, 4));
	cr_assert_eq(sp_pre_frames_format(&b, flags, custom), 0);
	cr_assert_str_eq(sp_buf_cstr(&b), "000:1-1[1],3-4[1]");
	sp_buf_dispose(&b);
	sp_frames_free(custom);
}

Test(frames, pre_frames_validates_without_outputs)
{
	cr_assert_eq(sp_pre_frames_parse(NULL, NULL, ctx, "101:-5--1x2"), 0);
	cr_assert_eq(sp_pre_frames_parse(NULL, NULL, ctx, "101:"), SP_EUSER);
}

Test(frames, pre_frames_errors_name_the_position_in_the_whole_value)
{
	int flags[3];
	sp_frames *custom = NULL;
	cr_assert_eq(sp_pre_frames_parse(flags, &custom, ctx, "000:1-x"), SP_EUSER);
	cr_assert_null(custom);
	cr_assert_str_eq(sp_ctx_last_error(ctx), "pre_frames '000:1-x': expected a number at position 7");
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_pre_frames_parse(flags, &custom, ctx, "10"), SP_EUSER);
	cr_assert_str_eq(sp_ctx_last_error(ctx), "pre_frames '10': expected a 0/1 flag at position 3");
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_pre_frames_parse(flags, &custom, ctx, "020"), SP_EUSER);
	cr_assert_str_eq(sp_ctx_last_error(ctx), "pre_frames '020': expected a 0/1 flag at position 2");
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_pre_frames_parse(flags, &custom, ctx, "0001"), SP_EUSER);
	cr_assert_str_eq(sp_ctx_last_error(ctx),
	                 "pre_frames '0001': expected ':' before the custom frame list at position 4");
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_pre_frames_parse(flags, &custom, ctx, "000:"), SP_EUSER);
	cr_assert_str_eq(sp_ctx_last_error(ctx), "pre_frames '000:': empty frame list at position 5");
	cr_assert_null(custom);
}

Test(frames, pre_frames_format_without_custom_list)
{
	int flags[3] = {0, 1, 1};
	sp_buf b = SP_BUF_INIT;
	sp_frames *empty = NULL;
	cr_assert_eq(sp_pre_frames_format(&b, flags, NULL), 0);
	cr_assert_str_eq(sp_buf_cstr(&b), "011");
	sp_buf_clear(&b);
	cr_assert_eq(sp_frames_new(&empty, ctx), 0);
	cr_assert_eq(sp_pre_frames_format(&b, flags, empty), 0);
	cr_assert_str_eq(sp_buf_cstr(&b), "011");
	sp_buf_dispose(&b);
	sp_frames_free(empty);
}

Test(frames, pre_frames_round_trips_through_format)
{
	const char *inputs[] = {"000", "100", "111", "010:1-1[1]", "001:-10--2[2],5-5[1]"};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(*inputs); i++) {
		int flags[3];
		sp_frames *custom = NULL;
		sp_buf b = SP_BUF_INIT;
		cr_assert_eq(sp_pre_frames_parse(flags, &custom, ctx, inputs[i]), 0, "%s", inputs[i]);
		cr_assert_eq(sp_pre_frames_format(&b, flags, custom), 0);
		cr_assert_str_eq(sp_buf_cstr(&b), inputs[i]);
		sp_buf_dispose(&b);
		sp_frames_free(custom);
	}
}
