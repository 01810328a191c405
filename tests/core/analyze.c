#define _GNU_SOURCE
/* Analysis of declared references over real temporary trees, and the files written from it. */
#include "support.h"

#include <criterion/criterion.h>
#include <sceneprobe.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

static char *tmp;
static sp_ctx *ctx;
static sp_scene *scene;

static void setup(void)
{
	tmp = tst_mkdtemp();
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	tst_write(tmp, "proj/scenes/shot.ma", "//Maya ASCII 2023 scene\n", (size_t)-1);
	tst_write(tmp, "proj/sourceimages/wood.png", "png-bytes", (size_t)-1);
	tst_write(tmp, "proj/sourceimages/skin.1001.exr", "t1", (size_t)-1);
	tst_write(tmp, "proj/sourceimages/skin.1002.exr", "t22", (size_t)-1);
	tst_write(tmp, "proj/sourceimages/skin.1011.exr", "t333", (size_t)-1);
	for (int f = 1; f <= 5; f++) {
		char name[64];
		snprintf(name, sizeof(name), "proj/seq/fl.%04d.png", f);
		tst_write(tmp, name, "f", (size_t)-1);
	}
	char *path = tst_join(tmp, "proj/scenes/shot.ma");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0, "%s", sp_ctx_last_error(ctx));
	free(path);
}

static void teardown(void)
{
	sp_scene_free(scene);
	sp_ctx_free(ctx);
	tst_rmtree(tmp);
	free(tmp);
}

TestSuite(analyze, .init = setup, .fini = teardown);

static void add_ref(const char *path, sp_ref_kind kind, unsigned flags, const char *node)
{
	sp_fileref ref = SP_FILEREF_INIT;
	ref.path = path;
	ref.kind = kind;
	ref.flags = flags;
	ref.node = node;
	ref.attr = "fileTextureName";
	ref.line = 7;
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0, "%s", sp_ctx_last_error(ctx));
}

static void add_layer(const char *name, int renderable, const char *frames, int with_camera)
{
	sp_unit *u = NULL;
	sp_frames *f = NULL;
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, name), 0);
	sp_unit_set_renderable(u, renderable);
	cr_assert_eq(sp_frames_parse(&f, ctx, frames), 0);
	cr_assert_eq(sp_unit_set_frames(u, f), 0);
	sp_frames_free(f);
	cr_assert_eq(sp_unit_set(u, SP_PROP_RENDERER, "arnold"), 0);
	cr_assert_eq(sp_unit_add_camera(u, "perspShape", 0), 0);
	if (with_camera)
		cr_assert_eq(sp_unit_add_camera(u, "shotCamShape", 1), 0);
}

static int has_asset(const char *suffix)
{
	size_t n = strlen(suffix);
	for (size_t i = 0; i < sp_scene_asset_count(scene); i++) {
		const char *a = sp_scene_asset_at(scene, i);
		if (strlen(a) >= n && strcmp(a + strlen(a) - n, suffix) == 0)
			return 1;
	}
	return 0;
}

static char *tips_json(void)
{
	sp_buf b = SP_BUF_INIT;
	cr_assert_eq(sp_write_tips_json(&b, scene), 0);
	char *s = strdup(sp_buf_cstr(&b));
	sp_buf_dispose(&b);
	return s;
}

Test(analyze, resolves_relative_paths_against_search_dirs_then_the_scene_folder)
{
	char *src = tst_join(tmp, "proj/sourceimages");
	cr_assert_eq(sp_scene_add_search_dir(scene, src), 0);
	add_layer("defaultRenderLayer", 1, "1-5", 1);
	add_ref("wood.png", SP_REF_TEXTURE, 0, "file1");
	add_ref("../sourceimages/wood.png", SP_REF_TEXTURE, 0, "file2");
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(has_asset("/proj/sourceimages/wood.png"));
	/* two references, one file, plus the scene itself */
	cr_assert_eq(sp_scene_asset_count(scene), 2);
	cr_assert_eq(sp_scene_missing_count(scene), 0);
	cr_assert_eq(sp_scene_error_tip_count(scene), 0);
	free(src);
}

Test(analyze, expands_udim_tiles_to_the_real_files)
{
	char *pat = tst_join(tmp, "proj/sourceimages/skin.<UDIM>.exr");
	add_layer("defaultRenderLayer", 1, "1", 1);
	add_ref(pat, SP_REF_TEXTURE, SP_REF_TILES, "skinFile");
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(has_asset("skin.1001.exr") && has_asset("skin.1002.exr") && has_asset("skin.1011.exr"));
	cr_assert_eq(sp_scene_asset_count(scene), 4);
	cr_assert_eq(sp_scene_asset_bytes(scene) - 24 /* the scene */, 9);
	free(pat);
}

Test(analyze, keeps_only_rendered_frames_of_a_sequence_and_reports_gaps)
{
	char *pat = tst_join(tmp, "proj/seq/fl.####.png");
	add_layer("defaultRenderLayer", 1, "2-7", 1);
	add_ref(pat, SP_REF_TEXTURE, SP_REF_FRAMES, "flicker");
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(!has_asset("fl.0001.png"));
	cr_assert(has_asset("fl.0002.png") && has_asset("fl.0005.png"));
	cr_assert_eq(sp_scene_asset_count(scene), 5);
	char *tips = tips_json();
	cr_assert(strstr(tips, "\"60008\"") && strstr(tips, "4 of 6 frames"), "%s", tips);
	free(tips);
	free(pat);
}

Test(analyze, counts_frames_of_overlapping_layers_once_for_every_sequence)
{
	char *pat = tst_join(tmp, "proj/seq/fl.####.png");
	char *other = tst_join(tmp, "proj/seq/fl.%04d.png");
	add_layer("defaultRenderLayer", 1, "2-7", 1);
	add_layer("fx", 1, "5-9", 1);
	add_ref(pat, SP_REF_TEXTURE, SP_REF_FRAMES, "flicker");
	add_ref(other, SP_REF_TEXTURE, SP_REF_FRAMES, "flicker2");
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	char *tips = tips_json();
	/* frames 2-9 once each, whichever sequence asks */
	cr_assert(strstr(tips, "flicker.fileTextureName: 4 of 8 frames") &&
	              strstr(tips, "flicker2.fileTextureName: 4 of 8 frames"),
	          "%s", tips);
	free(tips);
	free(other);
	free(pat);
}

Test(analyze, uploads_every_file_below_a_folder_reference)
{
	char *dir = tst_join(tmp, "proj/xgen");
	tst_write(tmp, "proj/xgen/desc/paint/a.ptx", "a", (size_t)-1);
	tst_write(tmp, "proj/xgen/desc/paint/b.ptx", "bb", (size_t)-1);
	add_layer("defaultRenderLayer", 1, "1", 1);
	add_ref(dir, SP_REF_TEXTURE, SP_REF_DIRECTORY, "xgen1");
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(has_asset("desc/paint/a.ptx") && has_asset("desc/paint/b.ptx"));
	cr_assert_eq(sp_scene_asset_count(scene), 3);
	free(dir);
}

/* A path that came out as "/" (map('/') in an XGen file) must not upload the whole disk. */
Test(analyze, does_not_walk_a_folder_reference_to_the_root_of_a_disk)
{
	add_layer("defaultRenderLayer", 1, "1", 1);
	add_ref("/", SP_REF_TEXTURE, SP_REF_DIRECTORY, "xgen1");
	add_ref("C:/", SP_REF_TEXTURE, SP_REF_DIRECTORY | SP_REF_OPTIONAL, "xgen2");
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_scene_asset_count(scene), 1); /* the scene itself */
	char *tips = tips_json();
	cr_assert(strstr(tips, "\"60016\"") &&
	              strstr(tips, "xgen1.fileTextureName: / is the root of a disk or share"),
	          "%s", tips);
	free(tips);
}

/* Links that loop ("X11 -> .") end at the folder limits, with a tip, instead of walking forever. */
Test(analyze, stops_at_the_folder_limits_when_links_loop)
{
	char *dir = tst_join(tmp, "proj/loop"), *a = tst_join(tmp, "proj/loop/a"),
	     *b = tst_join(tmp, "proj/loop/b");
	tst_write(tmp, "proj/loop/f.ptx", "f", (size_t)-1);
	cr_assert_eq(symlink(".", a), 0);
	cr_assert_eq(symlink(".", b), 0);
	add_layer("defaultRenderLayer", 1, "1", 1);
	add_ref(dir, SP_REF_TEXTURE, SP_REF_DIRECTORY, "xgen1");
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(has_asset("proj/loop/f.ptx"));
	char *tips = tips_json();
	cr_assert(strstr(tips, "\"60016\"") && strstr(tips, "(or links that loop)"), "%s", tips);
	free(tips);
	free(dir);
	free(a);
	free(b);
}

Test(analyze, reports_missing_files_with_the_code_for_their_kind)
{
	add_layer("defaultRenderLayer", 1, "1", 1);
	add_ref("/nowhere/a.png", SP_REF_TEXTURE, 0, "file1");
	add_ref("/nowhere/b.abc", SP_REF_CACHE, 0, "abc1");
	add_ref("/nowhere/c.vdb", SP_REF_VOLUME, 0, "vol1");
	add_ref("/nowhere/d.png", SP_REF_TEXTURE, SP_REF_OPTIONAL, "opt1");
	cr_assert_eq(sp_scene_analyze(scene), 0);
	char *tips = tips_json();
	cr_assert(strstr(tips, "\"10012\"") && strstr(tips, "file1.fileTextureName: /nowhere/a.png"), "%s",
	          tips);
	cr_assert(strstr(tips, "\"10018\"") && strstr(tips, "\"10028\"") && strstr(tips, "\"60010\""), "%s",
	          tips);
	cr_assert_eq(sp_scene_missing_count(scene), 4);
	cr_assert_eq(sp_scene_error_tip_count(scene), 3);
	free(tips);
}

Test(analyze, maps_windows_paths_and_expands_variables_before_checking)
{
	char *root = tst_join(tmp, "proj");
	cr_assert_eq(sp_ctx_add_path_map(ctx, "D:/work/proj", root), 0);
	cr_assert_eq(sp_ctx_set_env(ctx, "TEXROOT", "D:/work/proj/sourceimages"), 0);
	add_layer("defaultRenderLayer", 1, "1", 1);
	add_ref("${TEXROOT}\\wood.png", SP_REF_TEXTURE, 0, "file1");
	add_ref("d:\\WORK\\proj\\sourceimages\\wood.png", SP_REF_TEXTURE, 0, "file2");
	add_ref("$UNSET_VARIABLE_X/a.png", SP_REF_TEXTURE, 0, "file3");
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(has_asset("/proj/sourceimages/wood.png"));
	char *tips = tips_json();
	cr_assert(strstr(tips, "\"60002\"") && strstr(tips, "UNSET_VARIABLE_X"), "%s", tips);
	/* a path whose variable has no value is reported as written, not as an unresolved relative path */
	cr_assert_null(strstr(tips, "\"60003\""), "%s", tips);
	cr_assert_str_eq(sp_scene_missing_at(scene, 0), "$UNSET_VARIABLE_X/a.png");
	free(tips);
	free(root);
}

Test(analyze, tries_the_project_relative_tail_of_a_double_slash_join)
{
	char *src = tst_join(tmp, "proj");
	cr_assert_eq(sp_scene_add_search_dir(scene, src), 0);
	add_layer("defaultRenderLayer", 1, "1", 1);
	add_ref("C:/Users/someone/maya/projects/old//sourceimages/wood.png", SP_REF_TEXTURE, SP_REF_PROJECT,
	        "f");
	cr_assert_eq(sp_scene_analyze(scene), 0);
	cr_assert(has_asset("/proj/sourceimages/wood.png"));
	cr_assert_eq(sp_scene_missing_count(scene), 0);
	free(src);
}

Test(analyze, flags_layers_without_camera_or_renderer_and_scenes_that_render_nothing)
{
	sp_unit *u = NULL;
	add_layer("defaultRenderLayer", 0, "1", 1);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, "noCam"), 0);
	sp_unit_set_renderable(u, 0);
	cr_assert_eq(sp_scene_analyze(scene), 0);
	char *tips = tips_json();
	cr_assert(strstr(tips, "\"60001\""), "%s", tips);
	cr_assert_null(strstr(tips, "\"15006\""), "non-renderable layers need no camera: %s", tips);
	free(tips);
}

Test(analyze, warns_when_the_requested_version_differs)
{
	sp_unit *u = NULL;
	cr_assert_eq(sp_scene_set_version(scene, "2023"), 0);
	cr_assert_eq(sp_scene_request_version(scene, "2024"), 0);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, "defaultRenderLayer"), 0);
	cr_assert_eq(sp_scene_analyze(scene), 0);
	char *tips = tips_json();
	cr_assert(strstr(tips, "\"15013\"") && strstr(tips, "\"15006\"") && strstr(tips, "\"15005\""), "%s",
	          tips);
	free(tips);
}

Test(analyze, writes_a_complete_task_folder_and_replaces_it_whole)
{
	char *dir = tst_join(tmp, "out/task");
	add_layer("defaultRenderLayer", 1, "1-3", 1);
	add_ref("/nowhere/a.png", SP_REF_TEXTURE, 0, "file1");
	cr_assert_eq(sp_scene_analyze(scene), 0);
	cr_assert_eq(sp_write_task_dir(scene, dir), 0, "%s", sp_ctx_last_error(ctx));
	const char *names[] = {"task.json", "upload.json", "asset.json", "tips.json"};
	for (int i = 0; i < 4; i++) {
		char *p = tst_join(dir, names[i]);
		char *text = tst_read(p, NULL);
		cr_assert_not_null(text, "%s missing", names[i]);
		free(text);
		free(p);
	}
	char *upload_path = tst_join(dir, "upload.json");
	char *upload = tst_read(upload_path, NULL);
	cr_assert(strstr(upload, "\"hash\":\t\"") != NULL, "%s", upload);
	free(upload);
	free(upload_path);
	/* no temporary files remain */
	char *cmd = NULL;
	cr_assert(asprintf(&cmd, "test $(ls -A '%s' | wc -l) -eq 4", dir) > 0);
	cr_assert_eq(system(cmd), 0);
	free(cmd);
	free(dir);
}

Test(analyze, refuses_to_write_before_analysis)
{
	sp_buf b = SP_BUF_INIT;
	cr_assert_eq(sp_write_task_json(&b, scene), SP_EUSER);
	cr_assert(strstr(sp_ctx_last_error(ctx), "analysed") != NULL);
	sp_buf_dispose(&b);
}
