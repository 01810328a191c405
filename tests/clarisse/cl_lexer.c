/* The .project reader: events for every construct, limits, CRLF, long lines, truncation. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cl_lexer.h"
#include "support.h"

static sp_ctx *ctx;
static char *dir;

static void setup(void)
{
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	dir = tst_mkdtemp();
}

static void teardown(void)
{
	sp_ctx_free(ctx);
	tst_rmtree(dir);
	free(dir);
}

TestSuite(cl_lexer, .init = setup, .fini = teardown);

/* Every event written as text: "open Class label @line", "attr name [v1] [v2]...", "meta name=value",
 * "close". */
typedef struct {
	sp_buf log;
	size_t longest; /* longest value seen */
} transcript;

static int t_open(void *p, const char *cls, const char *label, uint64_t line)
{
	transcript *t = p;
	return sp_buf_printf(&t->log, "open %s%s%s @%llu\n", cls, label ? " " : "", label ? label : "",
	                     (unsigned long long)line);
}

static int t_close(void *p, uint64_t line)
{
	transcript *t = p;
	return sp_buf_printf(&t->log, "close @%llu\n", (unsigned long long)line);
}

static int t_attr(void *p, const char *name, const cl_value *v, size_t n, uint64_t line)
{
	transcript *t = p;
	int error = sp_buf_printf(&t->log, "attr %s", name);
	for (size_t i = 0; i < n && error == 0; i++) {
		if (strlen(v[i].text) > t->longest)
			t->longest = strlen(v[i].text);
		error = strlen(v[i].text) > 200
		            ? sp_buf_printf(&t->log, " <%zu chars>", strlen(v[i].text))
		            : sp_buf_printf(&t->log, v[i].quoted ? " \"%s\"" : " %s", v[i].text);
	}
	return error == 0 ? sp_buf_printf(&t->log, " @%llu\n", (unsigned long long)line) : error;
}

static int t_meta(void *p, const char *name, const char *value, uint64_t line)
{
	transcript *t = p;
	return sp_buf_printf(&t->log, "meta %s=%s @%llu\n", name, value, (unsigned long long)line);
}

static transcript tr;
static const cl_events events = {&tr, t_open, t_close, t_attr, t_meta, NULL};

static int parse(const char *text)
{
	sp_buf_clear(&tr.log);
	tr.longest = 0;
	return cl_parse_mem(ctx, "t.project", text, strlen(text), &events);
}

static void parse_ok(const char *text, const char *expected)
{
	int rc = parse(text);
	cr_assert_eq(rc, 0, "rc %d: %s", rc, sp_ctx_last_error(ctx));
	cr_assert_str_eq(sp_buf_cstr(&tr.log), expected);
	sp_buf_dispose(&tr.log);
}

Test(cl_lexer, reads_header_blocks_labels_and_attributes)
{
	parse_ok("#Isotropix_Serial_Version 1.2\n"
	         "\n"
	         "#Isotropix_Clarisse_Version 4\n"
	         "comment \"Rollback to version 2\"\n"
	         "Context \"scene\" {\n"
	         "    #created 1455809270\n"
	         "    CameraPerspective {\n"
	         "        name \"camera\"\n"
	         "        translate 33.3 7.99 -0.48\n"
	         "        private\n"
	         "    }\n"
	         "}\n",
	         "meta Isotropix_Serial_Version=1.2 @1\n"
	         "meta Isotropix_Clarisse_Version=4 @3\n"
	         "attr comment \"Rollback to version 2\" @4\n"
	         "open Context scene @5\n"
	         "meta created=1455809270 @6\n"
	         "open CameraPerspective @7\n"
	         "attr name \"camera\" @8\n"
	         "attr translate 33.3 7.99 -0.48 @9\n"
	         "attr private @10\n"
	         "close @11\n"
	         "close @12\n");
}

Test(cl_lexer, unescapes_quoted_strings_and_keeps_unknown_escapes)
{
	parse_ok("a \"C:\\\\tex\\\\wood.png\" \"say \\\"hi\\\"\" \"tab\\tend\" \"\\q\"\n",
	         "attr a \"C:\\tex\\wood.png\" \"say \"hi\"\" \"tab\tend\" \"\\q\" @1\n");
}

Test(cl_lexer, keeps_multi_values_bare_words_and_empty_markers)
{
	parse_ok("materials \"project://default/material\" \"kubix_red_mat\"\n"
	         "rows_expand <empty>\n"
	         "attribute_groups \"Layer 1 3\" yes \"Ies\" no\n",
	         "attr materials \"project://default/material\" \"kubix_red_mat\" @1\n"
	         "attr rows_expand <empty> @2\n"
	         "attr attribute_groups \"Layer 1 3\" yes \"Ies\" no @3\n");
}

Test(cl_lexer, reads_animated_attribute_blocks)
{
	/* CGRU scene.project lines 65-74 */
	parse_ok("translate {\n"
	         "    value[] {\n"
	         "        fcurve {\n"
	         "            key 0 0.0 -1 0.0 0.0 0.0 -0.138875 0.0 0.138875 0.0 yes yes no yes\n"
	         "        }\n"
	         "    }\n"
	         "    value[1] 0.5\n"
	         "}\n",
	         "open translate @1\n"
	         "open value[] @2\n"
	         "open fcurve @3\n"
	         "attr key 0 0.0 -1 0.0 0.0 0.0 -0.138875 0.0 0.138875 0.0 yes yes no yes @4\n"
	         "close @5\nclose @6\n"
	         "attr value[1] 0.5 @7\n"
	         "close @8\n");
}

Test(cl_lexer, reads_braces_inside_one_line)
{
	parse_ok(
	    "user_data { __geometries__ { } __lights__ { } }\n"
	    "color { value 1 1 1 1  texture \"gradient1\" }\n",
	    "open user_data @1\nopen __geometries__ @1\nclose @1\nopen __lights__ @1\nclose @1\nclose @1\n"
	    "open color @2\nattr value 1 1 1 1 texture \"gradient1\" @2\nclose @2\n");
}

Test(cl_lexer, skips_top_level_hash_blocks_with_braces_in_strings)
{
	parse_ok("#Isotropix_Serial_Version 1.2\n"
	         "#preferences {\n"
	         "    categories { playblast { filename \"$CTEMP\\\\blast_#####\" } }\n"
	         "    odd \"}}}\"\n"
	         "    ui {\n"
	         "    }\n"
	         "}\n"
	         "Context \"scene\" {\n"
	         "}\n",
	         "meta Isotropix_Serial_Version=1.2 @1\nopen Context scene @8\nclose @9\n");
}

Test(cl_lexer, reads_crlf_lines)
{
	parse_ok("#Isotropix_Serial_Version 1.2\r\n\r\n#Isotropix_Clarisse_Version 5\r\n"
	         "Image {\r\n  name \"image\"\r\n}\r\n",
	         "meta Isotropix_Serial_Version=1.2 @1\nmeta Isotropix_Clarisse_Version=5 @3\n"
	         "open Image @4\nattr name \"image\" @5\nclose @6\n");
}

Test(cl_lexer, skips_a_byte_order_mark_before_the_header)
{
	parse_ok("\xEF\xBB\xBF#Isotropix_Serial_Version 1.2\n", "meta Isotropix_Serial_Version=1.2 @1\n");
}

Test(cl_lexer, truncated_block_is_corrupt_naming_the_lines)
{
	cr_assert_eq(parse("Context \"scene\" {\n  Image {\n    name \"image\"\n"), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "t.project:3:") != NULL, "%s", sp_ctx_last_error(ctx));
	cr_assert(strstr(sp_ctx_last_error(ctx), "line 2") != NULL, "%s", sp_ctx_last_error(ctx));
	sp_buf_dispose(&tr.log);
}

Test(cl_lexer, truncated_preferences_block_is_corrupt)
{
	cr_assert_eq(parse("#Isotropix_Serial_Version 1.2\n#preferences {\n  ui {\n"), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "line 2") != NULL, "%s", sp_ctx_last_error(ctx));
	sp_buf_dispose(&tr.log);
}

Test(cl_lexer, unterminated_string_is_corrupt_with_its_line)
{
	cr_assert_eq(parse("a 1\nname \"image\n"), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "t.project:2: unterminated string") != NULL, "%s",
	          sp_ctx_last_error(ctx));
	sp_buf_dispose(&tr.log);
}

Test(cl_lexer, stray_close_and_nameless_open_are_corrupt)
{
	cr_assert_eq(parse("a 1\n}\n"), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "t.project:2:") != NULL);
	sp_ctx_clear_error(ctx);
	cr_assert_eq(parse("{\n}\n"), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "t.project:1:") != NULL);
	sp_ctx_clear_error(ctx);
	sp_ctx_clear_error(ctx);
	cr_assert_eq(cl_parse_mem(ctx, "t.project", "a \"x\0y\"\n", 8, &events), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "NUL byte") != NULL);
	sp_buf_dispose(&tr.log);
}

Test(cl_lexer, nesting_past_the_limit_is_refused)
{
	sp_buf text = SP_BUF_INIT;
	for (unsigned i = 0; i < CL_MAX_DEPTH + 1; i++)
		cr_assert_eq(sp_buf_puts(&text, "a {\n"), 0);
	cr_assert_eq(cl_parse_mem(ctx, "t.project", text.ptr, text.size, &events), SP_ETOOBIG);
	cr_assert(strstr(sp_ctx_last_error(ctx), "t.project:257:") != NULL, "%s", sp_ctx_last_error(ctx));
	sp_buf_clear(&text);
	sp_ctx_clear_error(ctx);
	for (unsigned i = 0; i < CL_MAX_DEPTH; i++)
		cr_assert_eq(sp_buf_puts(&text, "a {\n"), 0);
	for (unsigned i = 0; i < CL_MAX_DEPTH; i++)
		cr_assert_eq(sp_buf_puts(&text, "}\n"), 0);
	cr_assert_eq(cl_parse_mem(ctx, "t.project", text.ptr, text.size, &events), 0, "%s",
	             sp_ctx_last_error(ctx));
	sp_buf_dispose(&text);
	sp_buf_dispose(&tr.log);
}

/* A value over three read blocks long on one line, read from a file, then the lines after it. */
Test(cl_lexer, reads_lines_longer_than_the_read_block_from_a_file)
{
	size_t n = 3 * CL_READ_BLOCK + 1234;
	char *text = malloc(n + 200), *path, expected[200];
	size_t len;
	int rc;
	strcpy(text, "#Isotropix_Serial_Version 1.2\r\nbig \"");
	len = strlen(text);
	memset(text + len, 'x', n);
	len += n;
	strcpy(text + len, "\"\r\nafter 1\r\n");
	tst_write(dir, "long.project", text, (size_t)-1);
	path = tst_join(dir, "long.project");
	sp_buf_clear(&tr.log);
	tr.longest = 0;
	rc = cl_parse_file(ctx, path, &events);
	cr_assert_eq(rc, 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(tr.longest, n);
	snprintf(expected, sizeof(expected),
	         "meta Isotropix_Serial_Version=1.2 @1\nattr big <%zu chars> @2\nattr after 1 @3\n", n);
	cr_assert_str_eq(sp_buf_cstr(&tr.log), expected);
	free(path);
	free(text);
	sp_buf_dispose(&tr.log);
}

Test(cl_lexer, file_and_memory_reads_give_the_same_events_for_a_corpus_file)
{
	char *path = tst_corpus("clarisse/Isotropix__r2c__example_projects__kubix_demo.project");
	size_t len;
	char *text = tst_read(path, &len), *from_file;
	cr_assert_not_null(text);
	sp_buf_clear(&tr.log);
	cr_assert_eq(cl_parse_file(ctx, path, &events), 0, "%s", sp_ctx_last_error(ctx));
	from_file = strdup(sp_buf_cstr(&tr.log));
	sp_buf_clear(&tr.log);
	cr_assert_eq(cl_parse_mem(ctx, path, text, len, &events), 0);
	cr_assert_str_eq(sp_buf_cstr(&tr.log), from_file);
	/* the #preferences block (line 258 to the end) holds the 41,748-character lines: none reaches us */
	cr_assert_eq(strstr(from_file, "attribute_groups"), NULL);
	cr_assert_neq(strstr(from_file, "open KubixMaterial @"), NULL);
	free(from_file);
	free(text);
	free(path);
	sp_buf_dispose(&tr.log);
}

Test(cl_lexer, missing_file_is_not_found)
{
	char *path = tst_join(dir, "nope.project");
	cr_assert_eq(cl_parse_file(ctx, path, &events), SP_ENOTFOUND);
	free(path);
}

/* Answers "want" with yes only for attributes named "keep"; counts the questions. */
static size_t asked;
static int t_want(void *p, const char *name, uint64_t line)
{
	(void)p;
	(void)line;
	asked++;
	return strcmp(name, "keep") == 0;
}

Test(cl_lexer, bare_values_nobody_wants_are_stepped_over)
{
	static const cl_events want_events = {&tr, t_open, t_close, t_attr, t_meta, t_want};
	static const char text[] = "Item {\n"
	                           "    positions 1.5 0 2.25 -3 4e2\n"
	                           "    keep 1 2 3\n"
	                           "    label \"a.exr\" 7\n"
	                           "    anim { value[] { fcurve { key 1 0.5 key 2 0.25 } } }\n"
	                           "    rotate 0 0 90 }\n";
	int rc;
	sp_buf_clear(&tr.log);
	asked = 0;
	rc = cl_parse_mem(ctx, "t.project", text, strlen(text), &want_events);
	cr_assert_eq(rc, 0, "%s", sp_ctx_last_error(ctx));
	/* strings, blocks and wanted names keep their values; the braces after skipped words still count */
	cr_assert_str_eq(sp_buf_cstr(&tr.log), "open Item @1\n"
	                                       "attr keep 1 2 3 @3\n"
	                                       "attr label \"a.exr\" 7 @4\n"
	                                       "open anim @5\n"
	                                       "open value[] @5\n"
	                                       "open fcurve @5\n"
	                                       "close @5\n"
	                                       "close @5\n"
	                                       "close @5\n"
	                                       "close @6\n");
	/* asked for positions, keep, key and rotate: never for a line holding a string or opening a block */
	cr_assert_eq(asked, 4);
	sp_buf_dispose(&tr.log);
}

static int t_want_fails(void *p, const char *name, uint64_t line)
{
	(void)p;
	(void)name;
	return sp_ctx_error(ctx, SP_EUSER, "t.project:%llu: refused", (unsigned long long)line);
}

Test(cl_lexer, a_want_error_stops_the_read_with_its_code)
{
	static const cl_events err_events = {&tr, t_open, t_close, t_attr, t_meta, t_want_fails};
	static const char text[] = "Item {\n    name \"x\"\n    positions 1 2 3\n    more 4\n}\n";
	sp_buf_clear(&tr.log);
	cr_assert_eq(cl_parse_mem(ctx, "t.project", text, strlen(text), &err_events), SP_EUSER);
	cr_assert_str_eq(sp_ctx_last_error(ctx), "t.project:3: refused");
	cr_assert_str_eq(sp_buf_cstr(&tr.log), "open Item @1\nattr name \"x\" @2\n");
	sp_buf_dispose(&tr.log);
}

/* Answers "want" from a table the test changes between reads; counts the questions per name. */
static size_t asked_key, asked_other;
static int t_want_counting(void *p, const char *name, uint64_t line)
{
	(void)p;
	(void)line;
	if (strcmp(name, "key") == 0)
		asked_key++;
	else
		asked_other++;
	return strcmp(name, "keep") == 0;
}

Test(cl_lexer, a_want_answer_holds_until_the_next_brace)
{
	static const cl_events count_events = {&tr, t_open, t_close, t_attr, t_meta, t_want_counting};
	static const char text[] = "fcurve {\n"
	                           "    key 1 0.5 yes\n"
	                           "    key 2 0.25 no\n"
	                           "    value[1] 0.5\n"
	                           "    value[2] 0.5\n"
	                           "    key 3 1 yes\n"
	                           "    value[1] 0.5\n"
	                           "    keep 4\n"
	                           "    keep 5\n"
	                           "    key 4 0 no\n"
	                           "}\n"
	                           "fcurve {\n"
	                           "    key 1 0.5 yes\n"
	                           "}\n";
	sp_buf_clear(&tr.log);
	asked_key = asked_other = 0;
	cr_assert_eq(cl_parse_mem(ctx, "t.project", text, strlen(text), &count_events), 0, "%s",
	             sp_ctx_last_error(ctx));
	/* "key" once per block, value[1], value[2] and keep once each: four names fit between two braces */
	cr_assert_eq(asked_key, 2);
	cr_assert_eq(asked_other, 3);
	cr_assert_str_eq(sp_buf_cstr(&tr.log), "open fcurve @1\nattr keep 4 @8\nattr keep 5 @9\nclose @11\n"
	                                       "open fcurve @12\nclose @14\n");
	sp_buf_dispose(&tr.log);
}

Test(cl_lexer, a_skipped_line_is_read_when_a_string_brace_or_separator_follows_its_close)
{
	static const cl_events want_events = {&tr, t_open, t_close, t_attr, t_meta, t_want};
	static const char text[] = "a {\n"
	                           "    b {\n"
	                           "        key 1 } c { d 2 }\n"
	                           "    e {\n"
	                           "        key 1 } x/y.exr\n"
	                           "    key 1 2 } f \"s\"\n";
	sp_buf_clear(&tr.log);
	cr_assert_eq(cl_parse_mem(ctx, "t.project", text, strlen(text), &want_events), 0, "%s",
	             sp_ctx_last_error(ctx));
	/* "d 2" alone is stepped over: nothing after its '}' can be a path */
	cr_assert_str_eq(sp_buf_cstr(&tr.log), "open a @1\nopen b @2\n"
	                                       "attr key 1 @3\nclose @3\nopen c @3\nclose @3\n"
	                                       "open e @4\nattr key 1 @5\nclose @5\nattr x/y.exr @5\n"
	                                       "attr key 1 2 @6\nclose @6\nattr f \"s\" @6\n");
	sp_buf_dispose(&tr.log);
}

/* Lines cut by the read blocks, from memory as from a file: a NUL past the first block names its line. */
Test(cl_lexer, a_nul_byte_past_the_first_read_block_is_corrupt_with_its_line)
{
	sp_buf text = SP_BUF_INIT;
	char *path, expected[64];
	size_t lines = CL_READ_BLOCK / 18 * 2 + 5; /* past the second block */
	for (size_t i = 0; i < lines; i++)
		cr_assert_eq(sp_buf_puts(&text, "    key 1 0.5 yes\n"), 0);
	cr_assert_eq(sp_buf_put(&text, "x 1\0 2\n", 7), 0);
	snprintf(expected, sizeof(expected), ":%zu: NUL byte", lines + 1);
	cr_assert_eq(cl_parse_mem(ctx, "t.project", text.ptr, text.size, &events), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), expected) != NULL, "%s", sp_ctx_last_error(ctx));
	sp_ctx_clear_error(ctx);
	tst_write(dir, "nul.project", text.ptr, text.size);
	path = tst_join(dir, "nul.project");
	cr_assert_eq(cl_parse_file(ctx, path, &events), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), expected) != NULL, "%s", sp_ctx_last_error(ctx));
	free(path);
	sp_buf_dispose(&text);
	sp_buf_dispose(&tr.log);
}

Test(cl_lexer, reads_lines_longer_than_the_read_block_from_memory)
{
	size_t n = CL_READ_BLOCK + 150 * 1024;
	sp_buf text = SP_BUF_INIT;
	cr_assert_eq(sp_buf_puts(&text, "big 1"), 0);
	for (size_t i = 0; i < n / 8; i++)
		cr_assert_eq(sp_buf_puts(&text, " 2.5 -1\t"), 0);
	cr_assert_eq(sp_buf_puts(&text, "\"a b\"\r\n\t  after \"x\"   \r\n  \r\n"), 0);
	sp_buf_clear(&tr.log);
	tr.longest = 0;
	cr_assert_eq(cl_parse_mem(ctx, "t.project", text.ptr, text.size, &events), 0, "%s",
	             sp_ctx_last_error(ctx));
	/* 1 + 2 values per 8 bytes + the string */
	cr_assert_eq(strncmp(sp_buf_cstr(&tr.log), "attr big 1 2.5 -1 2.5", 21), 0);
	cr_assert(strstr(sp_buf_cstr(&tr.log), " 2.5 -1 \"a b\" @1\nattr after \"x\" @2\n") != NULL);
	sp_buf_dispose(&text);
	sp_buf_dispose(&tr.log);
}

/* Lines under a name already answered are stepped over before they are split off: the same events. */
Test(cl_lexer, known_unwanted_lines_skip_like_any_other_line)
{
	static const cl_events want_events = {&tr, t_open, t_close, t_attr, t_meta, t_want};
	static const char text[] = "fcurve {\n"
	                           "    key 1 2\n"
	                           "    key 3 4\r\n"
	                           "    key\r\n"
	                           "    key 6 \"s\"\n"
	                           "\tkey 7 /a.exr\n"
	                           "    key 9 } keep 1\n"
	                           "keep 2 {\n"
	                           "  keep 3\n"
	                           "}";
	sp_buf_clear(&tr.log);
	asked = 0;
	cr_assert_eq(cl_parse_mem(ctx, "t.project", text, strlen(text), &want_events), 0, "%s",
	             sp_ctx_last_error(ctx));
	cr_assert_str_eq(sp_buf_cstr(&tr.log), "open fcurve @1\nattr key @4\nattr key 6 \"s\" @5\n"
	                                       "attr key 7 /a.exr @6\nclose @7\nattr keep 1 @7\n"
	                                       "open keep 2 @8\nattr keep 3 @9\nclose @10\n");
	cr_assert_eq(asked, 3);
	sp_buf_dispose(&tr.log);
}

Test(cl_lexer, a_nul_byte_in_a_known_unwanted_line_is_corrupt)
{
	static const cl_events want_events = {&tr, t_open, t_close, t_attr, t_meta, t_want};
	static const char text[] = "fcurve {\n    key 1 2\n    key 3\0 4\n}\n";
	sp_buf_clear(&tr.log);
	cr_assert_eq(cl_parse_mem(ctx, "t.project", text, sizeof(text) - 1, &want_events), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "t.project:3: NUL byte") != NULL, "%s",
	          sp_ctx_last_error(ctx));
	sp_buf_dispose(&tr.log);
}

Test(cl_lexer, lone_closing_braces_close_blocks_with_their_line_numbers)
{
	cr_assert_eq(parse("a {\n b {\n\t}  \r\n    }\n}\n"), SP_ECORRUPT);
	cr_assert_str_eq(sp_buf_cstr(&tr.log), "open a @1\nopen b @2\nclose @3\nclose @4\n");
	cr_assert(strstr(sp_ctx_last_error(ctx), "t.project:5: '}' closes no block") != NULL, "%s",
	          sp_ctx_last_error(ctx));
	sp_buf_dispose(&tr.log);
}

/* A kept answer is for a whole word: "kee" says nothing about "keep". */
Test(cl_lexer, a_kept_answer_covers_only_the_same_word)
{
	static const cl_events want_events = {&tr, t_open, t_close, t_attr, t_meta, t_want};
	static const char text[] = "fcurve {\n    kee 1\n    keep 5\n    kee 2\n    key{ }\n    ke 3\n}\n";
	sp_buf_clear(&tr.log);
	asked = 0;
	cr_assert_eq(cl_parse_mem(ctx, "t.project", text, strlen(text), &want_events), 0, "%s",
	             sp_ctx_last_error(ctx));
	cr_assert_str_eq(sp_buf_cstr(&tr.log),
	                 "open fcurve @1\nattr keep 5 @3\nopen key @5\nclose @5\nclose @7\n");
	cr_assert_eq(asked, 3);
	sp_buf_dispose(&tr.log);
}

/* Point lists past a few hundred bytes are searched another way: the same lines are skipped or read. */
Test(cl_lexer, long_unwanted_lines_are_skipped_unless_a_path_or_string_follows)
{
	static const cl_events want_events = {&tr, t_open, t_close, t_attr, t_meta, t_want};
	sp_buf text = SP_BUF_INIT;
	const char *log;
	cr_assert_eq(sp_buf_puts(&text, "a {\n    pts"), 0);
	for (int i = 0; i < 200; i++)
		cr_assert_eq(sp_buf_puts(&text, " 1.5"), 0);
	cr_assert_eq(sp_buf_puts(&text, "\n    pts2"), 0);
	for (int i = 0; i < 200; i++)
		cr_assert_eq(sp_buf_puts(&text, " 2"), 0);
	cr_assert_eq(sp_buf_puts(&text, " x/y.exr\n    pts3"), 0);
	for (int i = 0; i < 200; i++)
		cr_assert_eq(sp_buf_puts(&text, " 3"), 0);
	cr_assert_eq(sp_buf_puts(&text, " } b"), 0);
	for (int i = 0; i < 200; i++)
		cr_assert_eq(sp_buf_puts(&text, " 4"), 0);
	cr_assert_eq(sp_buf_puts(&text, "\nc"), 0);
	for (int i = 0; i < 200; i++)
		cr_assert_eq(sp_buf_puts(&text, " 5"), 0);
	cr_assert_eq(sp_buf_puts(&text, " \"s\"\n"), 0);
	sp_buf_clear(&tr.log);
	asked = 0;
	cr_assert_eq(cl_parse_mem(ctx, "t.project", text.ptr, text.size, &want_events), 0, "%s",
	             sp_ctx_last_error(ctx));
	log = sp_buf_cstr(&tr.log);
	cr_assert_eq(strncmp(log, "open a @1\nattr pts2 2 2 ", 24), 0, "%s", log);
	cr_assert(strstr(log, " 2 x/y.exr @3\nclose @4\nattr c 5 5 ") != NULL, "%s", log);
	cr_assert(strstr(log, " 5 \"s\" @5\n") != NULL);
	cr_assert_eq(strstr(log, "pts3"), NULL);
	cr_assert_eq(asked, 3); /* pts, pts3 and b */
	sp_buf_dispose(&text);
	sp_buf_dispose(&tr.log);
}
