#include <criterion/criterion.h>
#include <string.h>

#include "sp/paths.h"

static sp_ctx *ctx;
static sp_buf out = SP_BUF_INIT;

static void setup(void)
{
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
}
static void teardown(void)
{
	sp_buf_dispose(&out);
	sp_ctx_free(ctx);
}

TestSuite(paths, .init = setup, .fini = teardown);

#define NORM(in, want)                                                                                       \
	do {                                                                                                 \
		cr_assert_eq(sp_path_normalize(&out, in), 0);                                                \
		cr_assert_str_eq(sp_buf_cstr(&out), want, "normalize(\"%s\")", in);                          \
	} while (0)

#define SERVER(in, want)                                                                                     \
	do {                                                                                                 \
		int rc_ = sp_path_to_server(&out, ctx, in);                                                  \
		cr_assert_eq(rc_, 0, "to_server(\"%s\"): %s", in, sp_ctx_last_error(ctx));                   \
		cr_assert_str_eq(sp_buf_cstr(&out), want, "to_server(\"%s\")", in);                          \
	} while (0)

Test(paths, classifies_drive_unc_posix_and_relative_paths)
{
	cr_assert_eq(sp_path_kind_of("C:/x"), SP_PATH_DRIVE);
	cr_assert_eq(sp_path_kind_of("c:\\x"), SP_PATH_DRIVE);
	cr_assert_eq(sp_path_kind_of("C:"), SP_PATH_DRIVE);
	cr_assert_eq(sp_path_kind_of("C:relative"), SP_PATH_DRIVE);
	cr_assert_eq(sp_path_kind_of("//server/share/x"), SP_PATH_UNC);
	cr_assert_eq(sp_path_kind_of("\\\\server\\share\\x"), SP_PATH_UNC);
	cr_assert_eq(sp_path_kind_of("\\/server"), SP_PATH_UNC);
	cr_assert_eq(sp_path_kind_of("/mnt/x"), SP_PATH_POSIX);
	cr_assert_eq(sp_path_kind_of("\\mnt\\x"), SP_PATH_POSIX);
	cr_assert_eq(sp_path_kind_of("//"), SP_PATH_POSIX);
	cr_assert_eq(sp_path_kind_of("///x"), SP_PATH_POSIX);
	cr_assert_eq(sp_path_kind_of("tex/a.png"), SP_PATH_RELATIVE);
	cr_assert_eq(sp_path_kind_of("./a.png"), SP_PATH_RELATIVE);
	cr_assert_eq(sp_path_kind_of("../a.png"), SP_PATH_RELATIVE);
	cr_assert_eq(sp_path_kind_of(""), SP_PATH_RELATIVE);
	cr_assert_eq(sp_path_kind_of(NULL), SP_PATH_RELATIVE);
	cr_assert_eq(sp_path_kind_of("1:/x"), SP_PATH_RELATIVE);
	cr_assert_eq(sp_path_kind_of("$HIP/x"), SP_PATH_RELATIVE);
}

Test(paths, is_windows_only_for_drive_and_unc)
{
	cr_assert(sp_path_is_windows("D:/proj"));
	cr_assert(sp_path_is_windows("\\\\srv\\share"));
	cr_assert_not(sp_path_is_windows("/mnt/proj"));
	cr_assert_not(sp_path_is_windows("proj/a"));
	cr_assert_not(sp_path_is_windows(""));
}

Test(paths, normalize_converts_backslashes_and_collapses_slashes)
{
	NORM("C:\\work\\\\tex//a.png", "C:/work/tex/a.png");
	NORM("/mnt//proj///a.png", "/mnt/proj/a.png");
	NORM("tex\\a.png", "tex/a.png");
	NORM("\\\\srv\\share\\\\a.png", "//srv/share/a.png");
}

Test(paths, normalize_drops_dot_segments_and_trailing_slashes)
{
	NORM("C:/work/./tex/./a.png", "C:/work/tex/a.png");
	NORM("/mnt/proj/", "/mnt/proj");
	NORM("/mnt/proj/.", "/mnt/proj");
	NORM("tex/", "tex");
	NORM("./a.png", "a.png");
	NORM(".", ".");
	NORM("./", ".");
	NORM("a/..", ".");
}

Test(paths, normalize_resolves_dot_dot_without_climbing_above_the_root)
{
	NORM("C:/work/tex/../a.png", "C:/work/a.png");
	NORM("C:/../../a.png", "C:/a.png");
	NORM("C:/work/../..", "C:/");
	NORM("/mnt/../../x", "/x");
	NORM("/..", "/");
	NORM("//srv/share/../../a.png", "//srv/share/a.png");
	NORM("//srv/share/x/..", "//srv/share");
}

Test(paths, normalize_keeps_leading_dot_dot_of_relative_paths)
{
	NORM("../a.png", "../a.png");
	NORM("../../tex/../a.png", "../../a.png");
	NORM("a/../../b", "../b");
	NORM("./../x", "../x");
}

Test(paths, normalize_handles_roots_and_degenerate_input)
{
	NORM("", "");
	NORM("/", "/");
	NORM("\\", "/");
	NORM("//", "/");
	NORM("///mnt//x", "/mnt/x");
	NORM("C:", "C:");
	NORM("C:/", "C:/");
	NORM("C:\\", "C:/");
	NORM("c:relative\\x", "c:relative/x");
	NORM("C:..\\x", "C:../x");
	NORM("//srv", "//srv");
	NORM("//srv/", "//srv");
	NORM("//srv/share/", "//srv/share");
}

Test(paths, normalize_never_turns_a_relative_path_into_a_drive_path)
{
	NORM("./d:x", "./d:x");
	NORM("a/../d:x/y", "./d:x/y");
	cr_assert_eq(sp_path_kind_of("./d:x"), SP_PATH_RELATIVE);
	NORM("./d:x", "./d:x");
	cr_assert_eq(sp_path_to_server(&out, ctx, "./d:x"), SP_EUSER);
}

Test(paths, normalize_keeps_non_ascii_bytes)
{
	NORM("D:\\projets\\t\xc3\xa9l\xc3\xa9\\\xe5\xbd\xb1.png",
	     "D:/projets/t\xc3\xa9l\xc3\xa9/\xe5\xbd\xb1.png");
}

Test(paths, normalize_unwraps_win32_long_path_prefixes)
{
	NORM("\\\\?\\C:\\work\\a.png", "C:/work/a.png");
	NORM("\\\\?\\UNC\\srv\\share\\a.png", "//srv/share/a.png");
	cr_assert_eq(sp_path_kind_of("\\\\?\\C:\\work"), SP_PATH_DRIVE);
	cr_assert_eq(sp_path_kind_of("\\\\?\\UNC\\srv\\share"), SP_PATH_UNC);
}

Test(paths, normalize_may_write_over_its_input)
{
	cr_assert_eq(sp_buf_sets(&out, "C:\\a\\..\\b"), 0);
	cr_assert_eq(sp_path_normalize(&out, out.ptr), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "C:/b");
}

Test(paths, to_server_follows_the_spec_examples)
{
	SERVER("E:\\work\\a.png", "/E/work/a.png");
	SERVER("e:/work/a.png", "/e/work/a.png");
	SERVER("E:/w/a.png", "/E/w/a.png");
	SERVER("\\\\srv\\share\\a.png", "/srv/share/a.png");
	SERVER("//srv/share/a", "/srv/share/a");
	SERVER("/mnt/proj/a.png", "/mnt/proj/a.png");
	SERVER("/mnt/a", "/mnt/a");
	SERVER("D:/proj/shot.ma", "/D/proj/shot.ma");
}

Test(paths, to_server_normalises_first_and_never_climbs_above_slash)
{
	SERVER("E:\\work\\..\\..\\..\\a.png", "/E/a.png");
	SERVER("/mnt/./x/../../../a.png", "/a.png");
	SERVER("\\\\srv\\share\\..\\..\\a.png", "/srv/share/a.png");
	SERVER("E:/", "/E");
	SERVER("E:\\", "/E");
	SERVER("/", "/");
	SERVER("//", "/");
	SERVER("D:\\t\xc3\xa9l\xc3\xa9\\a b.png", "/D/t\xc3\xa9l\xc3\xa9/a b.png");
}

Test(paths, to_server_refuses_relative_paths)
{
	const char *bad[] = {"tex/a.png", "./a.png", "../a.png", "", "C:", "C:relative"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		cr_assert_eq(sp_buf_sets(&out, "untouched"), 0);
		sp_ctx_clear_error(ctx);
		cr_assert_eq(sp_path_to_server(&out, ctx, bad[i]), SP_EUSER, "'%s'", bad[i]);
		cr_assert_str_eq(sp_buf_cstr(&out), "untouched");
		cr_assert_not_null(strstr(sp_ctx_last_error(ctx), "relative"), "%s", sp_ctx_last_error(ctx));
	}
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_path_to_server(&out, ctx, "tex/a.png"), SP_EUSER);
	cr_assert_str_eq(sp_ctx_last_error(ctx), "path 'tex/a.png' is relative and has no server path");
}

Test(paths, dedupe_key_folds_case_only_for_windows_paths)
{
	sp_buf other = SP_BUF_INIT;
	cr_assert_eq(sp_path_dedupe_key(&out, "D:\\Proj\\Tex\\A.PNG"), 0);
	cr_assert_eq(sp_path_dedupe_key(&other, "d:/proj/./tex//a.png"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "d:/proj/tex/a.png");
	cr_assert_str_eq(sp_buf_cstr(&out), sp_buf_cstr(&other));

	cr_assert_eq(sp_path_dedupe_key(&out, "\\\\SRV\\Share\\A.png"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "//srv/share/a.png");

	cr_assert_eq(sp_path_dedupe_key(&out, "/mnt/Proj/A.png"), 0);
	cr_assert_eq(sp_path_dedupe_key(&other, "/mnt/proj/a.png"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "/mnt/Proj/A.png");
	cr_assert_str_neq(sp_buf_cstr(&out), sp_buf_cstr(&other));

	cr_assert_eq(sp_path_dedupe_key(&out, "tex/../Tex/A.png"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "Tex/A.png");

	/* Non-ASCII bytes are not case-folded (and not corrupted). */
	cr_assert_eq(sp_path_dedupe_key(&out, "C:/\xc3\x89t\xc3\xa9.PNG"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "c:/\xc3\x89t\xc3\xa9.png");
	sp_buf_dispose(&other);
}

Test(paths, join_adds_one_slash_and_normalises)
{
	cr_assert_eq(sp_path_join(&out, "D:\\proj\\", "tex\\a.png"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "D:/proj/tex/a.png");
	cr_assert_eq(sp_path_join(&out, "/mnt/proj/scenes", "../tex/./a.png"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "/mnt/proj/tex/a.png");
	cr_assert_eq(sp_path_join(&out, "/mnt", "../../../a"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "/a");
	cr_assert_eq(sp_path_join(&out, "a", "b"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "a/b");
	cr_assert_eq(sp_path_join(&out, "/", "b"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "/b");
	cr_assert_eq(sp_path_join(&out, "C:/", "b"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "C:/b");
	cr_assert_eq(sp_path_join(&out, "//srv/share", "b"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "//srv/share/b");
}

Test(paths, join_with_an_empty_side_normalises_the_other)
{
	cr_assert_eq(sp_path_join(&out, "", "tex//a.png"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "tex/a.png");
	cr_assert_eq(sp_path_join(&out, "C:\\proj\\", ""), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "C:/proj");
	cr_assert_eq(sp_path_join(&out, "", ""), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "");
}

Test(paths, join_with_an_absolute_rel_returns_rel)
{
	cr_assert_eq(sp_path_join(&out, "/mnt/proj", "E:\\tex\\a.png"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "E:/tex/a.png");
	cr_assert_eq(sp_path_join(&out, "D:/proj", "/abs/a"), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "/abs/a");
}

Test(paths, dirname_returns_the_folder_or_the_root)
{
	struct {
		const char *in, *want;
	} cases[] = {
	    {"a/b/c.ma", "a/b"},
	    {"c.ma", "."},
	    {"", "."},
	    {"../c.ma", ".."},
	    {"/mnt/proj/c.ma", "/mnt/proj"},
	    {"/c.ma", "/"},
	    {"/", "/"},
	    {"C:\\proj\\c.ma", "C:/proj"},
	    {"C:/c.ma", "C:/"},
	    {"C:/", "C:/"},
	    {"C:c.ma", "C:"},
	    {"//srv/share/a/c.ma", "//srv/share/a"},
	    {"//srv/share/c.ma", "//srv/share"},
	    {"//srv/share", "//srv/share"},
	    {"/mnt/proj/", "/mnt"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		cr_assert_eq(sp_path_dirname(&out, cases[i].in), 0);
		cr_assert_str_eq(sp_buf_cstr(&out), cases[i].want, "dirname(\"%s\")", cases[i].in);
	}
}

/* ---- variables ----------------------------------------------------------------------- */

static void expand(const char *in, const char *const *keep, sp_buf *unresolved, const char *want)
{
	int rc = sp_path_expand_vars(&out, ctx, in, keep, unresolved);
	cr_assert_eq(rc, 0, "expand(\"%s\"): %s", in, sp_ctx_last_error(ctx));
	cr_assert_str_eq(sp_buf_cstr(&out), want, "expand(\"%s\")", in);
}

Test(paths, expand_vars_reads_all_three_syntaxes)
{
	cr_assert_eq(sp_ctx_set_env(ctx, "JOB", "/mnt/job"), 0);
	cr_assert_eq(sp_ctx_set_env(ctx, "SLiBLib", "D:/lib"), 0);
	cr_assert_eq(sp_ctx_set_env(ctx, "ROOT", "E:\\root"), 0);
	expand("$JOB/tex/a.png", NULL, NULL, "/mnt/job/tex/a.png");
	expand("${SLiBLib}/news.jpg", NULL, NULL, "D:/lib/news.jpg");
	expand("%ROOT%\\a.png", NULL, NULL, "E:\\root\\a.png");
	expand("$JOB$JOB", NULL, NULL, "/mnt/job/mnt/job");
	expand("${JOB}_v2", NULL, NULL, "/mnt/job_v2");
}

Test(paths, expand_vars_prefers_overrides_to_the_process_environment)
{
	cr_assert_eq(setenv("SP_TEST_PATHS_VAR", "from-env", 1), 0);
	expand("$SP_TEST_PATHS_VAR", NULL, NULL, "from-env");
	cr_assert_eq(sp_ctx_set_env(ctx, "SP_TEST_PATHS_VAR", "override"), 0);
	expand("$SP_TEST_PATHS_VAR", NULL, NULL, "override");
	unsetenv("SP_TEST_PATHS_VAR");
}

Test(paths, expand_vars_leaves_unset_names_and_reports_each_once)
{
	sp_buf unresolved = SP_BUF_INIT;
	cr_assert_eq(sp_ctx_set_env(ctx, "HIP", "/h"), 0);
	unsetenv("SP_NOPE_A");
	unsetenv("SP_NOPE_B");
	expand("$SP_NOPE_A/${SP_NOPE_B}/%SP_NOPE_A%/$HIP", NULL, &unresolved,
	       "$SP_NOPE_A/${SP_NOPE_B}/%SP_NOPE_A%//h");
	cr_assert_str_eq(sp_buf_cstr(&unresolved), "SP_NOPE_A, SP_NOPE_B");
	/* The list is appended to, not replaced. */
	expand("$SP_NOPE_C", NULL, &unresolved, "$SP_NOPE_C");
	cr_assert_str_eq(sp_buf_cstr(&unresolved), "SP_NOPE_A, SP_NOPE_B, SP_NOPE_C");
	sp_buf_dispose(&unresolved);
	/* A NULL list is fine. */
	expand("$SP_NOPE_A", NULL, NULL, "$SP_NOPE_A");
}

Test(paths, expand_vars_keeps_dollar_and_percent_that_start_no_name)
{
	sp_buf unresolved = SP_BUF_INIT;
	expand("a$1.exr", NULL, &unresolved, "a$1.exr");
	expand("u$2U_v$2V.exr", NULL, &unresolved, "u$2U_v$2V.exr");
	expand("img.%04d.exr", NULL, &unresolved, "img.%04d.exr");
	expand("100%", NULL, &unresolved, "100%");
	expand("$", NULL, &unresolved, "$");
	expand("${", NULL, &unresolved, "${");
	expand("${unclosed", NULL, &unresolved, "${unclosed");
	expand("${not a name}", NULL, &unresolved, "${not a name}");
	expand("%(UDIM)d", NULL, &unresolved, "%(UDIM)d");
	expand("$$", NULL, &unresolved, "$$");
	cr_assert_str_eq(sp_buf_cstr(&unresolved), "");
	sp_buf_dispose(&unresolved);
}

Test(paths, expand_vars_leaves_kept_frame_tokens_untouched)
{
	static const char *const keep[] = {"F", "F4", NULL};
	sp_buf unresolved = SP_BUF_INIT;
	cr_assert_eq(sp_ctx_set_env(ctx, "HIP", "/proj"), 0);
	cr_assert_eq(sp_ctx_set_env(ctx, "F", "7"), 0); /* kept wins over a value */
	expand("$HIP/render/img.$F4.exr", keep, &unresolved, "/proj/render/img.$F4.exr");
	expand("$HIP/render/img.${F4}.$F.exr", keep, &unresolved, "/proj/render/img.${F4}.$F.exr");
	cr_assert_str_eq(sp_buf_cstr(&unresolved), "");
	sp_buf_dispose(&unresolved);
}

Test(paths, expand_vars_reads_a_digit_suffix_as_text_only_when_the_full_name_is_unknown)
{
	static const char *const keep_f[] = {"F", NULL};
	sp_buf unresolved = SP_BUF_INIT;
	unsetenv("F");
	unsetenv("F4");
	unsetenv("V2");
	/* Only "F" is kept: "$F4" is the kept "$F" followed by "4", so it survives too. */
	expand("img.$F4.exr", keep_f, &unresolved, "img.$F4.exr");
	cr_assert_str_eq(sp_buf_cstr(&unresolved), "");
	/* Defined F4 is used whole. */
	cr_assert_eq(sp_ctx_set_env(ctx, "F4", "0012"), 0);
	expand("img.$F4.exr", keep_f, &unresolved, "img.0012.exr");
	/* Only the stem V is defined: "$V2" is V's value then "2". */
	cr_assert_eq(sp_ctx_set_env(ctx, "V", "ver"), 0);
	expand("a_$V2.exr", NULL, &unresolved, "a_ver2.exr");
	/* A stem never applies inside braces. */
	expand("a_${V2}.exr", NULL, &unresolved, "a_${V2}.exr");
	cr_assert_str_eq(sp_buf_cstr(&unresolved), "V2");
	sp_buf_dispose(&unresolved);
}

Test(paths, expand_vars_ends_a_kept_name_at_an_underscore)
{
	static const char *const keep[] = {"F", "U", "V", NULL};
	sp_buf unresolved = SP_BUF_INIT;
	unsetenv("U_v");
	unsetenv("F_beauty");
	unsetenv("X_y");
	expand("tex_u$U_v$V.exr", keep, &unresolved, "tex_u$U_v$V.exr");
	expand("img.$F_beauty.exr", keep, &unresolved, "img.$F_beauty.exr");
	cr_assert_str_eq(sp_buf_cstr(&unresolved), "");
	/* Without a kept prefix the whole name is unresolved. */
	expand("$X_y.exr", keep, &unresolved, "$X_y.exr");
	cr_assert_str_eq(sp_buf_cstr(&unresolved), "X_y");
	sp_buf_dispose(&unresolved);
}

Test(paths, expand_vars_does_not_expand_inside_values)
{
	cr_assert_eq(sp_ctx_set_env(ctx, "A", "$B"), 0);
	cr_assert_eq(sp_ctx_set_env(ctx, "B", "bee"), 0);
	expand("x/$A/y", NULL, NULL, "x/$B/y");
}

Test(paths, expand_vars_treats_names_greedily)
{
	sp_buf unresolved = SP_BUF_INIT;
	unsetenv("HIPNAME");
	cr_assert_eq(sp_ctx_set_env(ctx, "HIP", "/proj"), 0);
	expand("$HIPNAME.hip", NULL, &unresolved, "$HIPNAME.hip");
	cr_assert_str_eq(sp_buf_cstr(&unresolved), "HIPNAME");
	expand("$HIP.hip", NULL, NULL, "/proj.hip");
	sp_buf_dispose(&unresolved);
}

Test(paths, expand_vars_keeps_non_ascii_bytes)
{
	cr_assert_eq(sp_ctx_set_env(ctx, "R", "/r\xc3\xa9"), 0);
	expand("$R/\xe5\xbd\xb1$.png", NULL, NULL, "/r\xc3\xa9/\xe5\xbd\xb1$.png");
}

/* ---- --map rules --------------------------------------------------------------------- */

static void mapped(const char *in, const char *want)
{
	cr_assert_eq(sp_path_apply_maps(&out, ctx, in), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), want, "map(\"%s\")", in);
}

Test(paths, apply_maps_copies_unchanged_without_rules)
{
	mapped("D:\\proj\\a.png", "D:\\proj\\a.png");
	mapped("", "");
}

Test(paths, apply_maps_rewrites_a_windows_prefix_case_insensitively)
{
	cr_assert_eq(sp_ctx_add_path_map(ctx, "D:\\Proj", "/mnt/proj"), 0);
	mapped("d:/proj/tex/a.png", "/mnt/proj/tex/a.png");
	mapped("D:\\PROJ\\tex\\..\\a.png", "/mnt/proj/a.png");
	mapped("D:/proj", "/mnt/proj");
	mapped("D:/proj/", "/mnt/proj");
}

Test(paths, apply_maps_matches_only_at_a_segment_boundary)
{
	cr_assert_eq(sp_ctx_add_path_map(ctx, "D:/proj", "/mnt/proj"), 0);
	mapped("D:/project2/a.png", "D:/project2/a.png");
	mapped("D:/pro", "D:/pro");
	mapped("D:/proj2", "D:/proj2");
}

Test(paths, apply_maps_is_case_sensitive_for_posix_rules)
{
	cr_assert_eq(sp_ctx_add_path_map(ctx, "/mnt/Proj", "//nas/proj"), 0);
	mapped("/mnt/proj/a.png", "/mnt/proj/a.png");
	mapped("/mnt/Proj/a.png", "//nas/proj/a.png");
}

Test(paths, apply_maps_uses_the_first_matching_rule)
{
	cr_assert_eq(sp_ctx_add_path_map(ctx, "D:/proj/tex", "/fast/tex"), 0);
	cr_assert_eq(sp_ctx_add_path_map(ctx, "D:/proj", "/mnt/proj"), 0);
	cr_assert_eq(sp_ctx_add_path_map(ctx, "D:/proj/tex", "/never"), 0);
	mapped("D:/proj/tex/a.png", "/fast/tex/a.png");
	mapped("D:/proj/geo/a.abc", "/mnt/proj/geo/a.abc");
	mapped("E:/proj/tex/a.png", "E:/proj/tex/a.png");
}

Test(paths, apply_maps_handles_unc_roots_and_trailing_separators)
{
	cr_assert_eq(sp_ctx_add_path_map(ctx, "\\\\SRV\\share\\", "Z:\\"), 0);
	cr_assert_eq(sp_ctx_add_path_map(ctx, "C:\\", "/c/"), 0);
	mapped("//srv/SHARE/a/b.png", "Z:/a/b.png");
	mapped("c:\\x\\y.png", "/c/x/y.png");
	mapped("//srv/share2/a.png", "//srv/share2/a.png");
}

Test(paths, apply_maps_to_an_empty_target_strips_the_prefix)
{
	cr_assert_eq(sp_ctx_add_path_map(ctx, "/mnt/proj", ""), 0);
	mapped("/mnt/proj/tex/a.png", "tex/a.png");
}

Test(paths, apply_maps_to_the_root_does_not_make_a_unc_path)
{
	cr_assert_eq(sp_ctx_add_path_map(ctx, "D:/proj", "/"), 0);
	mapped("D:/proj/tex/a.png", "/tex/a.png");
	mapped("D:/proj", "/");
}

Test(paths, apply_maps_may_write_over_its_input)
{
	cr_assert_eq(sp_ctx_add_path_map(ctx, "D:/proj", "/mnt/proj"), 0);
	cr_assert_eq(sp_buf_sets(&out, "D:/proj/a.png"), 0);
	cr_assert_eq(sp_path_apply_maps(&out, ctx, out.ptr), 0);
	cr_assert_str_eq(sp_buf_cstr(&out), "/mnt/proj/a.png");
}
