#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seq.h"
#include "sp/scene.h"
#include "support.h"

static sp_ctx *ctx;
static sp_dircache *dc;
static char *root;
static sp_strvec found = SP_STRVEC_INIT;

static void setup(void)
{
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	cr_assert_eq(sp_dircache_new(&dc, ctx), 0);
	root = tst_mkdtemp();
}

static void teardown(void)
{
	sp_strvec_dispose(&found);
	sp_dircache_free(dc);
	tst_rmtree(root);
	free(root);
	sp_ctx_free(ctx);
}

TestSuite(seq, .init = setup, .fini = teardown);

/* Create empty files named in a NULL-terminated list under root/sub. */
static void touch(const char *sub, ...)
{
	va_list ap;
	va_start(ap, sub);
	for (const char *name = va_arg(ap, const char *); name; name = va_arg(ap, const char *)) {
		char *rel = tst_join(sub, name);
		tst_write(root, rel, "", 0);
		free(rel);
	}
	va_end(ap);
}

/* Expand root/rel and compare the names found (relative to root/sub) with a NULL-terminated list. */
static void expect(const char *rel, unsigned kinds, const char *frames_text, ...)
{
	sp_frames *frames = NULL;
	char *path = tst_join(root, rel);
	va_list ap;
	size_t i = 0;
	if (frames_text)
		cr_assert_eq(sp_frames_parse(&frames, ctx, frames_text), 0);
	sp_strvec_dispose(&found);
	int rc = sp_seq_expand(dc, path, kinds, frames, &found);
	cr_assert_eq(rc, 0, "expand %s: %s", rel, sp_ctx_last_error(ctx));
	va_start(ap, frames_text);
	for (const char *want = va_arg(ap, const char *); want; want = va_arg(ap, const char *), i++) {
		char *full = tst_join(root, want);
		cr_assert_lt(i, found.count, "%s: only %zu matches, %s missing", rel, found.count, want);
		cr_assert_str_eq(found.items[i], full, "%s: match %zu", rel, i);
		free(full);
	}
	va_end(ap);
	cr_assert_eq(found.count, i, "%s: %zu matches, expected %zu (extra: %s)", rel, found.count, i,
	             found.count > i ? found.items[i] : "");
	sp_frames_free(frames);
	free(path);
}

#define ALL (SP_SEQ_HAS_FRAME | SP_SEQ_HAS_TILE)

Test(seq, tokens_detects_tile_and_frame_tokens)
{
	cr_assert_eq(sp_seq_tokens("/t/a.exr"), 0);
	cr_assert_eq(sp_seq_tokens("/t/a.1001.exr"), 0);
	cr_assert_eq(sp_seq_tokens(""), 0);
	cr_assert_eq(sp_seq_tokens(NULL), 0);
	const char *tiles[] = {"a.<UDIM>.exr", "a.<udim>.exr",    "a.<UVTILE>.exr",
	                       "a<tile>.tx",   "a_u<U>_v<V>.png", "a.%(UDIM)d.exr",
	                       "u$U_v$V.exr",  "u$2U_v$2V.exr",   "a.<u>_<v>.png"};
	for (size_t i = 0; i < sizeof(tiles) / sizeof(*tiles); i++)
		cr_assert_eq(sp_seq_tokens(tiles[i]), SP_SEQ_HAS_TILE, "%s", tiles[i]);
	const char *frames[] = {"a.####.exr",    "a.#.exr",   "a.%04d.exr", "a.%d.exr",        "a.<f>.exr",
	                        "a.<Frame>.exr", "a.$F.exr",  "a.$F4.exr",  "a.${F4}.exr",     "a.${F}.exr",
	                        "a.$FF.exr",     "a.$4F.exr", "a.<F>.exr",  "a.$F_beauty.exr", "a.$F4_x.exr"};
	for (size_t i = 0; i < sizeof(frames) / sizeof(*frames); i++)
		cr_assert_eq(sp_seq_tokens(frames[i]), SP_SEQ_HAS_FRAME, "%s", frames[i]);
	cr_assert_eq(sp_seq_tokens("/t/a.<UDIM>.####.exr"), ALL);
	cr_assert_eq(sp_seq_tokens("u<U>_v<V>_<f>.exr"), ALL);
}

Test(seq, tokens_ignores_lookalikes)
{
	const char *plain[] = {"$FOO/a.exr",     "$Fx.exr",  "$F4x.exr",   "$F12.exr",
	                       "$USER/a.exr",    "a.%s.exr", "a.%4d.exr",  "a.<udim.exr",
	                       "a.<frames>.exr", "100%.exr", "${FOO}.exr", "$HIP/a.exr"};
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++)
		cr_assert_eq(sp_seq_tokens(plain[i]), 0, "%s", plain[i]);
}

Test(seq, expands_a_udim_set_from_1001)
{
	touch("tex", "a.1001.exr", "a.1002.exr", "a.1011.exr", "a.1000.exr", "a.0999.exr", "a.10011.exr",
	      "a.2001.exr", "b.1001.exr", "a.1001.exr.bak", "A.1003.exr", NULL);
	expect("tex/a.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "tex/a.1001.exr", "tex/a.1002.exr",
	       "tex/a.1011.exr", NULL);
	expect("tex/a.<udim>.exr", ALL, NULL, "tex/a.1001.exr", "tex/a.1002.exr", "tex/a.1011.exr", NULL);
	expect("tex/a.%(UDIM)d.exr", SP_SEQ_HAS_TILE, NULL, "tex/a.1001.exr", "tex/a.1002.exr",
	       "tex/a.1011.exr", NULL);
	/* A frame filter does not apply to tiles. */
	expect("tex/a.<UDIM>.exr", SP_SEQ_HAS_TILE, "1", "tex/a.1001.exr", "tex/a.1002.exr", "tex/a.1011.exr",
	       NULL);
}

Test(seq, expands_hash_sequences_with_and_without_a_frame_filter)
{
	touch("r", "img.0001.exr", "img.0002.exr", "img.0003.exr", "img.0010.exr", "img.001.exr",
	      "img.12345.exr", "img.-0002.exr", "img.abcd.exr", "img.0004.exr.tmp", NULL);
	expect("r/img.####.exr", SP_SEQ_HAS_FRAME, NULL, "r/img.-0002.exr", "r/img.0001.exr",
	       "r/img.0002.exr", "r/img.0003.exr", "r/img.0010.exr", "r/img.12345.exr", NULL);
	expect("r/img.####.exr", SP_SEQ_HAS_FRAME, "1-3,10", "r/img.0001.exr", "r/img.0002.exr",
	       "r/img.0003.exr", "r/img.0010.exr", NULL);
	expect("r/img.####.exr", SP_SEQ_HAS_FRAME, "2-100[2]", "r/img.0002.exr", "r/img.0010.exr", NULL);
	expect("r/img.####.exr", SP_SEQ_HAS_FRAME, "500-600", NULL);
	/* A single # means any width. */
	expect("r/img.#.exr", SP_SEQ_HAS_FRAME, "1", "r/img.0001.exr", "r/img.001.exr", NULL);
}

Test(seq, expands_negative_frames)
{
	touch("n", "f.-0005.exr", "f.-0001.exr", "f.0000.exr", "f.0001.exr", "f.-005.exr", "p.-005.exr",
	      "p.-0006.exr", "p.0007.exr", NULL);
	expect("n/f.####.exr", SP_SEQ_HAS_FRAME, "-10--2", "n/f.-0005.exr", "n/f.-005.exr", NULL);
	expect("n/f.####.exr", SP_SEQ_HAS_FRAME, "-1-0", "n/f.-0001.exr", "n/f.0000.exr", NULL);
	expect("n/p.%04d.exr", SP_SEQ_HAS_FRAME, "-6--5", "n/p.-0006.exr", "n/p.-005.exr", NULL);
}

Test(seq, expands_printf_frame_tokens)
{
	touch("p", "s.0001.png", "s.0002.png", "s.01.png", "s.1.png", "s.x.png", NULL);
	expect("p/s.%04d.png", SP_SEQ_HAS_FRAME, NULL, "p/s.0001.png", "p/s.0002.png", NULL);
	expect("p/s.%02d.png", SP_SEQ_HAS_FRAME, "1", "p/s.0001.png", "p/s.01.png", NULL);
	expect("p/s.%d.png", SP_SEQ_HAS_FRAME, "1", "p/s.0001.png", "p/s.01.png", "p/s.1.png", NULL);
}

Test(seq, expands_houdini_frame_variables)
{
	touch("h", "render.0001.exr", "render.0002.exr", "render.1.exr", "render.0001.5.exr",
	      "beauty.0003_diffuse.exr", NULL);
	expect("h/render.$F4.exr", SP_SEQ_HAS_FRAME, NULL, "h/render.0001.exr", "h/render.0002.exr", NULL);
	expect("h/render.${F4}.exr", SP_SEQ_HAS_FRAME, "2", "h/render.0002.exr", NULL);
	expect("h/render.$F.exr", SP_SEQ_HAS_FRAME, "1", "h/render.0001.exr", "h/render.1.exr", NULL);
	expect("h/render.$4F.exr", SP_SEQ_HAS_FRAME, "1", "h/render.0001.exr", NULL);
	expect("h/beauty.$F4_diffuse.exr", SP_SEQ_HAS_FRAME, NULL, "h/beauty.0003_diffuse.exr", NULL);
	expect("h/render.$FF.exr", SP_SEQ_HAS_FRAME, "1", "h/render.0001.5.exr", "h/render.0001.exr",
	       "h/render.1.exr", NULL);
}

Test(seq, expands_maya_and_redshift_frame_tokens)
{
	touch("m", "c.7.abc", "c.0008.abc", "gi.0012.irradiance", NULL);
	expect("m/c.<f>.abc", SP_SEQ_HAS_FRAME, NULL, "m/c.0008.abc", "m/c.7.abc", NULL);
	expect("m/gi.<Frame>.irradiance", SP_SEQ_HAS_FRAME, "12", "m/gi.0012.irradiance", NULL);
	expect("m/gi.<frame>.irradiance", SP_SEQ_HAS_FRAME, "13", NULL);
}

Test(seq, expands_mudbox_zbrush_and_vray_tiles)
{
	touch("t", "tex_u1_v1.png", "tex_u2_v1.png", "tex_u10_v3.png", "tex_ux_v1.png", "tex_u1_v1.tif",
	      "tex.u1_v2.png", "tex_u01_v02.png", NULL);
	expect("t/tex_u<U>_v<V>.png", SP_SEQ_HAS_TILE, NULL, "t/tex_u01_v02.png", "t/tex_u10_v3.png",
	       "t/tex_u1_v1.png", "t/tex_u2_v1.png", NULL);
	expect("t/tex_<UVTILE>.png", SP_SEQ_HAS_TILE, NULL, "t/tex_u01_v02.png", "t/tex_u10_v3.png",
	       "t/tex_u1_v1.png", "t/tex_u2_v1.png", NULL);
	expect("t/tex<tile>.png", SP_SEQ_HAS_TILE, NULL, "t/tex_u01_v02.png", "t/tex_u10_v3.png",
	       "t/tex_u1_v1.png", "t/tex_u2_v1.png", NULL);
	expect("t/tex_u$U_v$V.png", SP_SEQ_HAS_TILE, NULL, "t/tex_u01_v02.png", "t/tex_u10_v3.png",
	       "t/tex_u1_v1.png", "t/tex_u2_v1.png", NULL);
	expect("t/tex_u$2U_v$2V.png", SP_SEQ_HAS_TILE, NULL, "t/tex_u01_v02.png", NULL);
}

Test(seq, escapes_regex_metacharacters_in_literal_parts)
{
	touch("x", "a+b(1).1001.exr", "aab(1).1001.exr", "a+b(1)x1001.exr", "a+b1.1001.exr",
	      "a+b(1).1002.exr", "[x]^$|{2}.0001.exr", "[x]^$|{2}X0001.exr", "back\\slash.0001.exr", NULL);
	expect("x/a+b(1).<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "x/a+b(1).1001.exr", "x/a+b(1).1002.exr", NULL);
	expect("x/[x]^$|{2}.####.exr", SP_SEQ_HAS_FRAME, NULL, "x/[x]^$|{2}.0001.exr", NULL);
	expect("x/back\\slash.####.exr", SP_SEQ_HAS_FRAME, NULL, "x/back\\slash.0001.exr", NULL);
}

Test(seq, matches_case_sensitively_and_keeps_non_ascii_bytes)
{
	touch("c", "Tex.1001.exr", "tex.1002.exr", "\xc3\xa9t\xc3\xa9.1001.exr", "\xc3\xa9t\xc3\xa9.1002.exr",
	      NULL);
	expect("c/tex.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "c/tex.1002.exr", NULL);
	expect("c/TEX.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, NULL);
	expect("c/\xc3\xa9t\xc3\xa9.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "c/\xc3\xa9t\xc3\xa9.1001.exr",
	       "c/\xc3\xa9t\xc3\xa9.1002.exr", NULL);
}

Test(seq, only_expands_the_kinds_asked_for)
{
	touch("k", "a.1001.####.exr", "a.1001.0001.exr", "a.<UDIM>.0001.exr", NULL);
	expect("k/a.<UDIM>.####.exr", SP_SEQ_HAS_TILE, NULL, "k/a.1001.####.exr", NULL);
	expect("k/a.<UDIM>.####.exr", SP_SEQ_HAS_FRAME, NULL, "k/a.<UDIM>.0001.exr", NULL);
	expect("k/a.<UDIM>.####.exr", ALL, NULL, "k/a.1001.0001.exr", NULL);
	expect("k/a.<UDIM>.####.exr", 0, NULL, NULL);
}

Test(seq, combines_tile_and_frame_tokens_with_a_filter)
{
	touch("uf", "s_u1_v1_3.exr", "s_u1_v1_4.exr", "s_u2_v1_3.exr", NULL);
	expect("uf/s_u<U>_v<V>_<f>.exr", ALL, "3", "uf/s_u1_v1_3.exr", "uf/s_u2_v1_3.exr", NULL);
}

Test(seq, a_plain_name_is_found_only_when_it_exists)
{
	touch("plain", "a.exr", "a.exrx", NULL);
	expect("plain/a.exr", ALL, NULL, "plain/a.exr", NULL);
	expect("plain/b.exr", ALL, NULL, NULL);
	/* Tokens of a kind not asked for are plain text. */
	expect("plain/a.####.exr", SP_SEQ_HAS_TILE, NULL, NULL);
}

Test(seq, tokens_in_folder_names_match_literally)
{
	touch("v####", "a.0001.exr", NULL);
	touch("v0001", "a.0001.exr", NULL);
	expect("v####/a.####.exr", SP_SEQ_HAS_FRAME, NULL, "v####/a.0001.exr", NULL);
}

Test(seq, appends_after_existing_entries_in_sorted_order)
{
	touch("o", "z.1003.exr", "z.1001.exr", "z.1002.exr", NULL);
	char *path = tst_join(root, "o/z.<UDIM>.exr");
	cr_assert_eq(sp_strvec_push(&found, "first"), 0);
	cr_assert_eq(sp_seq_expand(dc, path, SP_SEQ_HAS_TILE, NULL, &found), 0);
	cr_assert_eq(found.count, 4);
	cr_assert_str_eq(found.items[0], "first");
	for (size_t i = 2; i < found.count; i++)
		cr_assert_lt(strcmp(found.items[i - 1], found.items[i]), 0);
	free(path);
}

Test(seq, lists_a_folder_once_for_many_patterns)
{
	touch("once", "a.1001.exr", "b.0001.exr", "c.exr", NULL);
	touch("other", "d.exr", NULL);
	cr_assert_eq(sp_dircache_listed(dc), 0);
	for (int round = 0; round < 3; round++) {
		expect("once/a.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "once/a.1001.exr", NULL);
		expect("once/b.####.exr", SP_SEQ_HAS_FRAME, "1", "once/b.0001.exr", NULL);
		expect("once/c.exr", 0, NULL, "once/c.exr", NULL);
		expect("once/gone.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, NULL);
	}
	cr_assert_eq(sp_dircache_listed(dc), 1);
	expect("other/d.exr", 0, NULL, "other/d.exr", NULL);
	cr_assert_eq(sp_dircache_listed(dc), 2);

	/* The cache answers from memory: a file added later is not seen. */
	touch("once", "a.1002.exr", NULL);
	expect("once/a.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "once/a.1001.exr", NULL);
	cr_assert_eq(sp_dircache_listed(dc), 2);
}

Test(seq, a_missing_folder_yields_nothing_and_no_error)
{
	cr_assert_eq(sp_ctx_last_code(ctx), 0);
	expect("missing/a.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, NULL);
	expect("missing/b.####.exr", SP_SEQ_HAS_FRAME, NULL, NULL);
	cr_assert_eq(sp_ctx_last_code(ctx), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_dircache_listed(dc), 1);
}

Test(seq, dircache_list_returns_sorted_names_and_remembers_absence)
{
	const sp_strvec *names = NULL;
	char *dir = tst_join(root, "l");
	char *missing = tst_join(root, "nope");
	touch("l", "b", "a", "C", NULL);
	cr_assert_eq(sp_dircache_list(&names, dc, dir), 0);
	cr_assert_eq(names->count, 3);
	cr_assert_str_eq(names->items[0], "C");
	cr_assert_str_eq(names->items[1], "a");
	cr_assert_str_eq(names->items[2], "b");
	const sp_strvec *again = NULL;
	cr_assert_eq(sp_dircache_list(&again, dc, dir), 0);
	cr_assert_eq(again, names);

	cr_assert_eq(sp_dircache_list(&names, dc, missing), SP_ENOTFOUND);
	cr_assert_null(names);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), missing));
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_dircache_list(&names, dc, missing), SP_ENOTFOUND);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), missing));
	cr_assert_eq(sp_dircache_listed(dc), 2);
	free(dir);
	free(missing);
}

Test(seq, keeps_an_earlier_error_on_the_context)
{
	sp_ctx_error(ctx, SP_ECORRUPT, "earlier problem");
	expect("missing/a.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, NULL);
	cr_assert_eq(sp_ctx_last_code(ctx), SP_ECORRUPT);
	cr_assert_str_eq(sp_ctx_last_error(ctx), "earlier problem");
}

Test(seq, a_path_without_a_folder_finds_nothing_and_is_no_error)
{
	/* drive-relative Windows paths ("t:" is the current folder of drive T:) and bare names */
	static const char *const paths[] = {"t:<UDIM>.exr", "t:shot.####.exr", "a.<UDIM>.exr",
	                                    "C:plate.%04d.dpx"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		cr_assert_eq(sp_seq_expand(dc, paths[i], ALL, NULL, &found), 0, "%s: %s", paths[i],
		             sp_ctx_last_error(ctx));
		cr_assert_eq(found.count, 0, "%s", paths[i]);
		cr_assert_eq(sp_ctx_last_code(ctx), 0, "%s: %s", paths[i], sp_ctx_last_error(ctx));
	}
	cr_assert_eq(sp_dircache_listed(dc), 0);
}

Test(seq, ignores_numbers_too_large_for_a_frame)
{
	touch("big", "f.99999999999999999999999.exr", "f.0001.exr", NULL);
	expect("big/f.####.exr", SP_SEQ_HAS_FRAME, NULL, "big/f.0001.exr", NULL);
}

/* A drive-relative tile or frame path in a scene: reported missing, and the analysis goes on. */
Test(seq, a_drive_relative_sequence_in_a_scene_is_missing_not_an_analysis_failure)
{
	static const char *const paths[] = {"t:<UDIM>.exr", "t:plate.####.exr", "t:still.exr"};
	sp_scene *scene = NULL;
	sp_fileref ref = {0};
	char *scene_path, *udim;
	tst_write(root, "shot.ma", "//Maya ASCII 2023 scene\n", (size_t)-1);
	touch("tex", "wood.1001.exr", NULL);
	scene_path = tst_join(root, "shot.ma");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, scene_path), 0, "%s", sp_ctx_last_error(ctx));
	ref.kind = SP_REF_TEXTURE;
	ref.node = "file1";
	ref.attr = "fileTextureName";
	ref.flags = SP_REF_TILES | SP_REF_FRAMES;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		ref.path = paths[i];
		cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	}
	ref.path = udim = tst_join(root, "tex/wood.<UDIM>.exr");
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	/* the three drive-relative paths are missing; the UDIM set is found */
	cr_assert_eq(sp_scene_missing_count(scene), 3, "%zu missing, first %s", sp_scene_missing_count(scene),
	             sp_scene_missing_count(scene) ? sp_scene_missing_at(scene, 0) : "");
	for (size_t i = 0; i < 3; i++)
		cr_assert_null(strstr(sp_scene_missing_at(scene, i), "wood"), "%s",
		               sp_scene_missing_at(scene, i));
	cr_assert_eq(sp_scene_asset_count(scene), 2, "%zu assets", sp_scene_asset_count(scene));
	sp_scene_free(scene);
	free(scene_path);
	free(udim);
}

/* ---- the literal prefix / suffix prefilter and the pattern cache ------------------------ */

Test(seq, names_with_the_prefix_but_not_the_suffix_are_not_matched)
{
	touch("pf", "a.1001.exr", "a.1001.exr.bak", "a.1001.exr~", "a.1001.tif", "a.1002.EXR", "a.1002.exr",
	      "a.1003.xexr", NULL);
	expect("pf/a.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "pf/a.1001.exr", "pf/a.1002.exr", NULL);
}

Test(seq, names_with_the_suffix_but_not_the_prefix_are_not_matched)
{
	/* sorted around the prefix run: "A." and "_a." before it, "a_" and "b." after it, "a" inside */
	touch("sf", "A.1001.exr", "_a.1001.exr", "a.1001.exr", "a.1005.exr", "a1001.exr", "a_1001.exr",
	      "aa.1001.exr", "b.1001.exr", "ba.1001.exr", "z.", "z.1001", "z.1001.exr", NULL);
	expect("sf/a.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "sf/a.1001.exr", "sf/a.1005.exr", NULL);
	expect("sf/b.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "sf/b.1001.exr", NULL);
	/* the prefix is the last run of the listing, and a name equal to the prefix is too short */
	expect("sf/z.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "sf/z.1001.exr", NULL);
}

Test(seq, a_name_shorter_than_its_prefix_and_suffix_together_is_not_matched)
{
	/* "ab" + "ba": "aba" has both but they overlap; the regex is never asked */
	touch("ov", "aba", "abba", "ab1001ba", "ab1002ba", NULL);
	expect("ov/ab<UDIM>ba", SP_SEQ_HAS_TILE, NULL, "ov/ab1001ba", "ov/ab1002ba", NULL);
}

Test(seq, patterns_with_no_literal_prefix_or_suffix_scan_the_whole_listing)
{
	touch("np", "0001.exr", "0002.exr", "1001.exr", "1001.tif", "1002.exr", "a1001.exr", "x.0003.exr",
	      "tex.1001", "tex.1001.exr", NULL);
	expect("np/<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "np/1001.exr", "np/1002.exr", NULL);
	expect("np/####.exr", SP_SEQ_HAS_FRAME, NULL, "np/0001.exr", "np/0002.exr", "np/1001.exr",
	       "np/1002.exr", NULL);
	expect("np/####.exr", SP_SEQ_HAS_FRAME, "2-1001", "np/0002.exr", "np/1001.exr", NULL);
	/* no suffix: the name must end where the token does */
	expect("np/tex.<UDIM>", SP_SEQ_HAS_TILE, NULL, "np/tex.1001", NULL);
}

Test(seq, udim_and_frame_tokens_use_the_text_around_them_as_the_prefilter)
{
	touch("uf", "c.1001.0001.exr", "c.1001.0002.exr", "c.1002.0001.exr", "c.1002.0001.exr.tmp",
	      "c.1002.0001.tx", "c.x.0001.exr", "cc.1001.0001.exr", "d.1001.####.exr", "d.1001.0001.exr",
	      NULL);
	expect("uf/c.<UDIM>.####.exr", ALL, NULL, "uf/c.1001.0001.exr", "uf/c.1001.0002.exr",
	       "uf/c.1002.0001.exr", NULL);
	expect("uf/c.<UDIM>.####.exr", ALL, "1", "uf/c.1001.0001.exr", "uf/c.1002.0001.exr", NULL);
	/* a token left literal ("kinds" without frames) becomes part of the suffix */
	expect("uf/d.<UDIM>.####.exr", SP_SEQ_HAS_TILE, NULL, "uf/d.1001.####.exr", NULL);
}

Test(seq, the_pattern_cache_keeps_at_most_512_patterns_and_still_matches_after_a_reset)
{
	char rel[64], want[64];
	touch("cap", NULL);
	for (int i = 0; i < 600; i += 50) {
		snprintf(rel, sizeof(rel), "t%03d.1001.exr", i);
		touch("cap", rel, NULL);
	}
	size_t most = 0;
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 600; i++) {
			snprintf(rel, sizeof(rel), "cap/t%03d.<UDIM>.exr", i);
			snprintf(want, sizeof(want), "cap/t%03d.1001.exr", i);
			if (i % 50 == 0)
				expect(rel, SP_SEQ_HAS_TILE, NULL, want, NULL);
			else
				expect(rel, SP_SEQ_HAS_TILE, NULL, NULL);
			size_t kept = sp_dircache_patterns(dc);
			cr_assert_leq(kept, SP_SEQ_MAX_PATTERNS, "%zu patterns kept after %d", kept, i);
			if (kept > most)
				most = kept;
		}
	}
	cr_assert_eq(most, SP_SEQ_MAX_PATTERNS, "the cache fills up before it starts over");
	/* one listing however many patterns */
	cr_assert_eq(sp_dircache_listed(dc), 1);
	/* the same pattern twice in a row is compiled once */
	expect("cap/t000.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "cap/t000.1001.exr", NULL);
	size_t kept = sp_dircache_patterns(dc);
	expect("cap/t000.<UDIM>.exr", SP_SEQ_HAS_TILE, NULL, "cap/t000.1001.exr", NULL);
	cr_assert_eq(sp_dircache_patterns(dc), kept);
}
