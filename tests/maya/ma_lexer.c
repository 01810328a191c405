/* The streaming .ma statement reader: strings, escapes, comments, line numbers, limits. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ma_lexer.h"
#include "support.h"

static sp_ctx *ctx;
static char *dir;
static ma_lexer lx;

static void setup(void)
{
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	dir = tst_mkdtemp();
}

static void teardown(void)
{
	ma_lexer_close(&lx);
	sp_ctx_free(ctx);
	tst_rmtree(dir);
	free(dir);
}

TestSuite(ma_lexer, .init = setup, .fini = teardown);

/* Write `text` (len bytes, or strlen) as a.ma and open it. */
static int open_text(const char *text, size_t len, int require_header)
{
	char *path = tst_join(dir, "a.ma");
	int rc;
	tst_write(dir, "a.ma", text, len);
	rc = ma_lexer_open(&lx, ctx, path, require_header);
	free(path);
	return rc;
}

static size_t next(const ma_token **t)
{
	size_t n = 0;
	int rc = ma_lexer_next(&lx, t, &n);
	cr_assert_eq(rc, 1, "expected a statement, got %d (%s)", rc, sp_ctx_last_error(ctx));
	return n;
}

static void expect_end(void)
{
	const ma_token *t;
	size_t n;
	cr_assert_eq(ma_lexer_next(&lx, &t, &n), 0, "%s", sp_ctx_last_error(ctx));
}

Test(ma_lexer, keeps_semicolons_and_slashes_inside_strings)
{
	const ma_token *t;
	cr_assert_eq(open_text("//Maya ASCII 2020 scene\n"
	                       "setAttr \".b\" -type \"string\" \"a;b // not a comment; c\";\n"
	                       "connectAttr \"//srv/x.y\" \"b.c\";\n",
	                       (size_t)-1, 1),
	             0);
	cr_assert_str_eq(lx.header, "//Maya ASCII 2020 scene");
	cr_assert_eq(next(&t), 5);
	cr_assert_str_eq(t[0].ptr, "setAttr");
	cr_assert_eq(t[0].quoted, 0);
	cr_assert_str_eq(t[1].ptr, ".b");
	cr_assert(t[1].quoted);
	cr_assert_str_eq(t[4].ptr, "a;b // not a comment; c");
	cr_assert_eq(lx.stmt_line, 2);
	cr_assert_eq(next(&t), 3);
	cr_assert_str_eq(t[1].ptr, "//srv/x.y");
	cr_assert_eq(lx.stmt_line, 3);
	expect_end();
}

Test(ma_lexer, unescapes_quotes_backslashes_and_newlines)
{
	const ma_token *t;
	cr_assert_eq(open_text("//Maya ASCII 2020 scene\nfileInfo \"osv\" \"a\\\"b\\\\c\\nd\\te\\q\";\n",
	                       (size_t)-1, 1),
	             0);
	cr_assert_eq(next(&t), 3);
	cr_assert_str_eq(t[2].ptr, "a\"b\\c\nd\te\\q");
	cr_assert_eq(t[2].len, strlen("a\"b\\c\nd\te\\q"));
	expect_end();
}

Test(ma_lexer, skips_comments_only_at_token_start)
{
	const ma_token *t;
	cr_assert_eq(open_text("//Maya ASCII 2020 scene\n// a comment; with a semicolon\n"
	                       "requires maya \"2020\"; // trailing; comment\n"
	                       "a//b c;\n// End of a.ma\n",
	                       (size_t)-1, 1),
	             0);
	cr_assert_eq(next(&t), 3);
	cr_assert_str_eq(t[2].ptr, "2020");
	cr_assert_eq(lx.stmt_line, 3);
	cr_assert_eq(next(&t), 2);
	cr_assert_str_eq(t[0].ptr, "a//b");
	cr_assert_eq(lx.stmt_line, 4);
	expect_end();
}

Test(ma_lexer, joins_continuation_lines_and_counts_lines)
{
	const ma_token *t;
	cr_assert_eq(open_text("//Maya ASCII 2026 scene\n"
	                       "file -rdi 1 -ns \"Rock\" -rfn \"RockRN\" -op \"v=0;\" -typ \"mayaAscii\"\n"
	                       "\t\t \"C:/assets//Rock.ma\";\n"
	                       "requires -nodeType \"aiOptions\"\n\t\t \"mtoa\" \"5.5.3\";\n",
	                       (size_t)-1, 1),
	             0);
	cr_assert_eq(next(&t), 12);
	cr_assert_str_eq(t[11].ptr, "C:/assets//Rock.ma");
	cr_assert_str_eq(t[8].ptr, "v=0;");
	cr_assert_eq(lx.stmt_line, 2);
	cr_assert_eq(next(&t), 5);
	cr_assert_eq(lx.stmt_line, 4);
	cr_assert_eq(lx.line, 5); /* the newline after the ";" is not read yet */
	expect_end();
}

Test(ma_lexer, accepts_crlf_line_ends)
{
	const ma_token *t;
	cr_assert_eq(
	    open_text(
	        "//Maya ASCII 2020 scene\r\ncreateNode file -n \"f1\";\r\n\tsetAttr \".ftn\"\r\n\t\t-type "
	        "\"string\" \"a.png\";\r\n",
	        (size_t)-1, 1),
	    0);
	cr_assert_str_eq(lx.header, "//Maya ASCII 2020 scene");
	cr_assert_eq(next(&t), 4);
	cr_assert_str_eq(t[3].ptr, "f1");
	cr_assert_eq(next(&t), 5);
	cr_assert_str_eq(t[4].ptr, "a.png");
	cr_assert_str_eq(t[3].ptr, "string");
	cr_assert_eq(lx.stmt_line, 3);
	expect_end();
}

/* A 1 MB line crosses many 64 KB blocks; kept whole, its tokens are intact. */
Test(ma_lexer, reads_a_one_megabyte_line)
{
	size_t count = 300000, len;
	char *text = malloc(count * 6 + 128), *p;
	const ma_token *t;
	size_t n;
	p = text + sprintf(text, "//Maya ASCII 2020 scene\nsetAttr \".vt\" -type \"Int32Array\" %zu", count);
	for (size_t i = 0; i < count; i++)
		p += sprintf(p, " %zu", i % 1000);
	p += sprintf(p, ";\nselect -ne :time1;\n");
	len = (size_t)(p - text);
	cr_assert_gt(len, 1000000);
	cr_assert_eq(open_text(text, len, 1), 0);
	n = next(&t);
	cr_assert_eq(n, count + 5);
	cr_assert_str_eq(t[n - 1].ptr, "999");
	cr_assert_str_eq(t[5 + 123456].ptr, "456");
	cr_assert_eq(next(&t), 3);
	cr_assert_eq(lx.stmt_line, 3);
	expect_end();
	free(text);
}

static ma_decision drop_set_attr(const ma_token *t, size_t n, void *payload)
{
	(void)n;
	(*(int *)payload)++;
	return strcmp(t[0].ptr, "setAttr") == 0 ? MA_SKIP : MA_KEEP;
}

/* Dropped statements are scanned without being copied, yet lines and quotes are still followed. */
Test(ma_lexer, filter_drops_statements_and_keeps_line_numbers)
{
	int calls = 0;
	const ma_token *t;
	cr_assert_eq(open_text("//Maya ASCII 2020 scene\n"
	                       "setAttr \".a\" -type \"string\" \"x;\\\"y;\n still; inside\" 1 2\n 3;\n"
	                       "createNode mesh -n \"m\";\n",
	                       (size_t)-1, 1),
	             0);
	lx.filter = drop_set_attr;
	lx.filter_payload = &calls;
	cr_assert_eq(next(&t), 4);
	cr_assert_str_eq(t[0].ptr, "createNode");
	cr_assert_str_eq(t[3].ptr, "m");
	cr_assert_eq(lx.stmt_line, 5);
	cr_assert_eq(calls, 2, "asked once per statement head, got %d", calls);
	cr_assert_eq(lx.buf_cap < 4096, 1);
	expect_end();
}

Test(ma_lexer, unterminated_string_is_corrupt_with_its_line)
{
	const ma_token *t;
	size_t n;
	cr_assert_eq(
	    open_text("//Maya ASCII 2020 scene\ncreateNode file;\n\tsetAttr \".ftn\" -type \"string\" "
	              "\"C:/tex/a.png;\n\n",
	              (size_t)-1, 1),
	    0);
	cr_assert_eq(next(&t), 2);
	cr_assert_eq(ma_lexer_next(&lx, &t, &n), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "a.ma:3: unterminated string"), "%s",
	          sp_ctx_last_error(ctx));
}

/* The string's own line, not the last string read before it, when its statement was dropped at a word. */
Test(ma_lexer, unterminated_string_after_a_dropped_word_is_reported_at_its_line)
{
	int calls = 0;
	const ma_token *t;
	size_t n;
	cr_assert_eq(
	    open_text("//Maya ASCII 2020 scene\ncreateNode file -n \"f\";\n\nsetAttr\"abc\n", (size_t)-1, 1),
	    0);
	lx.filter = drop_set_attr;
	lx.filter_payload = &calls;
	cr_assert_eq(ma_lexer_next(&lx, &t, &n), 1);
	cr_assert_eq(ma_lexer_next(&lx, &t, &n), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "a.ma:4: unterminated string"), "%s",
	          sp_ctx_last_error(ctx));
}

Test(ma_lexer, unterminated_string_in_a_dropped_statement_is_corrupt)
{
	int calls = 0;
	const ma_token *t;
	size_t n;
	cr_assert_eq(
	    open_text("//Maya ASCII 2020 scene\n\nsetAttr \".b\" -type \"string\" \"abc\n", (size_t)-1, 1),
	    0);
	lx.filter = drop_set_attr;
	lx.filter_payload = &calls;
	cr_assert_eq(ma_lexer_next(&lx, &t, &n), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "a.ma:3:"), "%s", sp_ctx_last_error(ctx));
}

Test(ma_lexer, truncated_statement_is_corrupt)
{
	const ma_token *t;
	size_t n;
	cr_assert_eq(
	    open_text("//Maya ASCII 2020 scene\nrequires maya \"2020\";\nsetAttr \".w\" 64", (size_t)-1, 1),
	    0);
	cr_assert_eq(next(&t), 3);
	cr_assert_eq(ma_lexer_next(&lx, &t, &n), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "a.ma:3: statement not terminated"), "%s",
	          sp_ctx_last_error(ctx));
}

Test(ma_lexer, binary_garbage_is_corrupt)
{
	static const char garbage[] = "\x7f"
	                              "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0junk";
	cr_assert_eq(open_text(garbage, sizeof(garbage) - 1, 1), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "a.ma:1:"), "%s", sp_ctx_last_error(ctx));
}

Test(ma_lexer, text_without_header_is_unsupported)
{
	cr_assert_eq(open_text("createNode file;\n", (size_t)-1, 1), SP_EUNSUPPORTED);
}

Test(ma_lexer, missing_file_is_not_found)
{
	char *path = tst_join(dir, "none.ma");
	cr_assert_eq(ma_lexer_open(&lx, ctx, path, 1), SP_ENOTFOUND);
	free(path);
}

Test(ma_lexer, statement_past_the_cap_is_too_big)
{
	char text[256];
	const ma_token *t;
	size_t n;
	snprintf(text, sizeof(text),
	         "//Maya ASCII 2020 scene\nselect -ne :a;\n\nsetAttr \".b\" -type \"string\" \"%s\";\n",
	         "0123456789012345678901234567890123456789");
	cr_assert_eq(open_text(text, (size_t)-1, 1), 0);
	lx.max_statement = 32;
	cr_assert_eq(next(&t), 3);
	cr_assert_eq(ma_lexer_next(&lx, &t, &n), SP_ETOOBIG);
	cr_assert(strstr(sp_ctx_last_error(ctx), "a.ma:4: statement longer than 32 bytes"), "%s",
	          sp_ctx_last_error(ctx));
}

Test(ma_lexer, mel_without_header_is_read_when_not_required)
{
	const ma_token *t;
	cr_assert_eq(
	    open_text("//Maya 2020 Project Definition\n\nworkspace -fr \"sourceImages\" \"sourceimages\";\n",
	              (size_t)-1, 0),
	    0);
	cr_assert_eq(next(&t), 4);
	cr_assert_str_eq(t[3].ptr, "sourceimages");
	expect_end();
}

/* `head`, `pad` bytes of 'x', then `tail`: a scene whose tail starts where a test needs it. */
static char *padded(const char *head, size_t pad, const char *tail, size_t *len)
{
	size_t h = strlen(head), n = strlen(tail);
	char *text = malloc(h + pad + n + 1);
	cr_assert_not_null(text);
	memcpy(text, head, h);
	memset(text + h, 'x', pad);
	memcpy(text + h + pad, tail, n + 1);
	*len = h + pad + n;
	return text;
}

/* An escape split across two 64 KB blocks, kept and dropped. */
static void escape_at_block_boundary(int drop)
{
	static const char head[] = "//Maya ASCII 2020 scene\nsetAttr \".b\" -type \"string\" \"";
	size_t pad = MA_LEXER_CHUNK - 1 - (sizeof(head) - 1), len;
	/* the backslash is the last byte of the first block, the quote it escapes the first of the next */
	char *text = padded(head, pad, "\\\"; still inside\";\ncreateNode file -n \"after\";\n", &len);
	int calls = 0;
	const ma_token *t;
	cr_assert_eq(text[MA_LEXER_CHUNK - 1], '\\');
	cr_assert_eq(open_text(text, len, 1), 0);
	if (drop) {
		lx.filter = drop_set_attr;
		lx.filter_payload = &calls;
	} else {
		cr_assert_eq(next(&t), 5);
		cr_assert_eq(t[4].len, pad + strlen("\"; still inside"));
		cr_assert_str_eq(t[4].ptr + pad, "\"; still inside");
	}
	cr_assert_eq(next(&t), 4);
	cr_assert_str_eq(t[3].ptr, "after");
	cr_assert_eq(lx.stmt_line, 3);
	expect_end();
	free(text);
}

Test(ma_lexer, escape_split_across_blocks_is_kept_whole)
{
	escape_at_block_boundary(0);
}
Test(ma_lexer, escape_split_across_blocks_is_skipped_whole)
{
	escape_at_block_boundary(1);
}

static ma_decision drop_foo(const ma_token *t, size_t n, void *payload)
{
	(void)n;
	(void)payload;
	return t[0].len == 3 && memcmp(t[0].ptr, "foo", 3) == 0 ? MA_SKIP : MA_KEEP;
}

/*
 * A one-word statement dropped at its ';', the word ending the first block:
 * the next statement's first token is its own (the filter and the caller
 * once saw the dropped word's length on it).
 */
Test(ma_lexer, word_dropped_at_block_end_leaves_the_next_statement_whole)
{
	static const char head[] =
	    "//Maya ASCII 2020 scene\n"
	    "createNode transform -n \"a name long enough to leave room in the buffer\";\n//";
	size_t pad = MA_LEXER_CHUNK - (sizeof(head) - 1) - strlen("\nfoo"), len;
	char *text = padded(head, pad, "\nfoo;\ncreateNode file -n \"after\";\n", &len);
	const ma_token *t;
	cr_assert_eq(memcmp(text + MA_LEXER_CHUNK - 3, "foo;", 4), 0);
	cr_assert_eq(open_text(text, len, 1), 0);
	lx.filter = drop_foo;
	cr_assert_eq(next(&t), 4);
	cr_assert_str_eq(t[1].ptr, "transform");
	cr_assert_eq(next(&t), 4);
	cr_assert_eq(t[0].len, strlen("createNode"));
	cr_assert_str_eq(t[0].ptr, "createNode");
	cr_assert_str_eq(t[3].ptr, "after");
	cr_assert_eq(lx.stmt_line, 5);
	expect_end();
	free(text);
}

/* In Shift-JIS "表" is 0x95 0x5C: its second byte is no backslash, so the quote after it ends the string. */
static void shift_jis_trail_byte(int drop)
{
	static const char text[] = "//Maya ASCII 2019 scene\n//Name: jp.ma\n//Codeset: 932\n"
	                           "setAttr \".ftn\" -type \"string\" \"C:/tex/\x95\x5C\";\n"
	                           "createNode file -n \"next\";\n";
	int calls = 0;
	const ma_token *t;
	cr_assert_eq(open_text(text, sizeof(text) - 1, 1), 0);
	cr_assert_eq(lx.codeset, 932);
	if (drop) {
		lx.filter = drop_set_attr;
		lx.filter_payload = &calls;
	} else {
		cr_assert_eq(next(&t), 5);
		cr_assert_str_eq(t[4].ptr, "C:/tex/\x95\x5C");
	}
	cr_assert_eq(next(&t), 4);
	cr_assert_str_eq(t[3].ptr, "next");
	cr_assert_eq(lx.stmt_line, 5);
	expect_end();
}

Test(ma_lexer, shift_jis_trail_byte_is_no_escape)
{
	shift_jis_trail_byte(0);
}
Test(ma_lexer, shift_jis_trail_byte_is_no_escape_when_skipping)
{
	shift_jis_trail_byte(1);
}

Test(ma_lexer, high_bytes_are_opaque_without_a_double_byte_codeset)
{
	static const char text[] = "//Maya ASCII 2019 scene\n//Codeset: 1252\n"
	                           "fileInfo \"x\" \"caf\xe9\\\\\";\n";
	const ma_token *t;
	cr_assert_eq(open_text(text, sizeof(text) - 1, 1), 0);
	cr_assert_eq(lx.codeset, 1252);
	cr_assert_eq(next(&t), 3);
	cr_assert_str_eq(t[2].ptr, "caf\xe9\\");
	expect_end();
}

static ma_decision keep_small(const ma_token *t, size_t n, void *payload)
{
	(void)t;
	(void)n;
	(void)payload;
	return MA_KEEP_SMALL;
}

/* A small-kept statement that outgrows its limit is dropped wherever the limit falls, and nothing after it is
 * lost. */
Test(ma_lexer, long_small_kept_statements_are_dropped)
{
	const ma_token *t;
	size_t big = 300000;
	char *text = malloc(big + 512), *p = text;
	p += sprintf(p, "//Maya ASCII 2020 scene\nsetAttr \".a\" -type \"string\" \"short\";\n"
	                "setAttr \".b\" -type \"string\" \"");
	for (size_t i = 0; i < big; i++)
		*p++ = i % 7 == 6 ? '\\' : i % 7 == 0 && i ? 'n' : 'x'; /* escapes all along */
	p += sprintf(p, "\\\";x\" 1 2;\nsetAttr \".c\" -type \"string\" \"tail\";\n");
	cr_assert_eq(open_text(text, (size_t)(p - text), 1), 0);
	lx.filter = keep_small;
	lx.small_limit = 1000;
	cr_assert_eq(next(&t), 5);
	cr_assert_str_eq(t[4].ptr, "short");
	cr_assert_eq(next(&t), 5, "the long statement is skipped whole");
	cr_assert_str_eq(t[4].ptr, "tail");
	cr_assert_eq(lx.stmt_line, 4);
	cr_assert_lt(lx.buf_cap, 4096, "buffer grew to %zu", lx.buf_cap);
	expect_end();
	free(text);
}

Test(ma_lexer, small_kept_statement_ending_at_the_limit_is_dropped)
{
	const ma_token *t;
	cr_assert_eq(open_text("//Maya ASCII 2020 scene\nsetAttr \".b\" -type \"string\" \"abcdefghij\" k;\n"
	                       "select -ne :time1;\n",
	                       (size_t)-1, 1),
	             0);
	lx.filter = keep_small;
	/* 36 bytes hold every token up to "k"; its terminator, written when ';' ends it, passes 37 */
	lx.small_limit = 37;
	cr_assert_eq(next(&t), 3);
	cr_assert_str_eq(t[0].ptr, "select");
	expect_end();
}
