/*
 * The four files byte for byte against golden copies.  The scene lives in a
 * temporary folder, so its path is replaced by @TMP@ before comparing.
 * Houdini and Clarisse shapes are built through the same feed API.
 */
#include "support.h"

#include <criterion/criterion.h>
#include <sceneprobe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmp;
static sp_ctx *ctx;
static sp_scene *scene;

static void setup(void)
{
	tmp = tst_mkdtemp();
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
}

static void teardown(void)
{
	sp_scene_free(scene);
	sp_ctx_free(ctx);
	tst_rmtree(tmp);
	free(tmp);
}

TestSuite(writers, .init = setup, .fini = teardown);

static char *replace_all(const char *text, const char *from, const char *to)
{
	size_t lf = strlen(from), lt = strlen(to), n = 0;
	for (const char *p = strstr(text, from); p; p = strstr(p + lf, from))
		n++;
	char *out = malloc(strlen(text) + n * lt + 1), *o = out;
	for (const char *p = text, *q; (q = strstr(p, from)); p = q + lf) {
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		memcpy(o, to, lt);
		o += lt;
		text = q + lf;
	}
	strcpy(o, text);
	return out;
}

static void check_golden(int (*writer)(sp_buf *, const sp_scene *), const char *golden)
{
	sp_buf b = SP_BUF_INIT;
	cr_assert_eq(writer(&b, scene), 0, "%s", sp_ctx_last_error(ctx));
	char *got = replace_all(sp_buf_cstr(&b), tmp, "@TMP@");
	char *path = tst_join(SP_SOURCE_DIR "/tests/core/golden", golden);
	char *want = tst_read(path, NULL);
	if (getenv("SP_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "wb");
		fputs(got, f);
		fclose(f);
	} else {
		cr_assert_not_null(want, "golden file %s is missing", path);
		cr_assert_str_eq(got, want, "%s differs:\n%s", golden, got);
	}
	free(want);
	free(path);
	free(got);
	sp_buf_dispose(&b);
}

static sp_frames *frames(const char *text)
{
	sp_frames *f = NULL;
	cr_assert_eq(sp_frames_parse(&f, ctx, text), 0);
	return f;
}

static void maya_scene(void)
{
	sp_unit *u = NULL;
	sp_fileref ref = SP_FILEREF_INIT;
	sp_frames *f = frames("1-10");
	tst_write(tmp, "shot.ma", "//Maya ASCII 2023 scene\n", (size_t)-1);
	tst_write(tmp, "tex/b.png", "bb", (size_t)-1);
	tst_write(tmp, "tex/a.1001.exr", "a1", (size_t)-1);
	tst_write(tmp, "tex/a.1002.exr", "a22", (size_t)-1);
	tst_write(tmp, "tex/caf\xc3\xa9.png", "c", (size_t)-1);
	char *path = tst_join(tmp, "shot.ma");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	free(path);
	cr_assert_eq(sp_scene_set_version(scene, "2023"), 0);
	cr_assert_eq(sp_scene_add_plugin(scene, "mtoa", "5.2.1", 0), 0);
	cr_assert_eq(sp_scene_add_plugin(scene, "stereoCamera", "10.0", 0), 0);
	cr_assert_eq(sp_scene_add_plugin(scene, "mtoa", "9.9", 0), 0); /* first version kept */
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, "defaultRenderLayer"), 0);
	cr_assert_eq(sp_unit_set_frames(u, f), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_RENDERER, "arnold"), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_WIDTH, "1920"), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_HEIGHT, "1080"), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_IMAGE_FORMAT, "exr"), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_OUTPUT, "<RenderLayer>/<Scene>"), 0);
	cr_assert_eq(sp_unit_add_camera(u, "perspShape", 0), 0);
	cr_assert_eq(sp_unit_add_camera(u, "shotCamShape", 1), 0);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, "beauty"), 0);
	sp_unit_set_renderable(u, 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_RENDERER, "arnold"), 0);
	ref.kind = SP_REF_TEXTURE;
	ref.node = "file1";
	ref.attr = "fileTextureName";
	ref.line = 42;
	ref.path = "tex/b.png";
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	ref.path = "tex/a.<UDIM>.exr";
	ref.flags = SP_REF_TILES;
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	ref.path = "tex/caf\xc3\xa9.png";
	ref.flags = 0;
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	ref.path = "tex/gone.png";
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	sp_frames_free(f);
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
}

Test(writers, maya_task_json_matches_golden) { maya_scene(); check_golden(sp_write_task_json, "maya_task.json"); }
Test(writers, maya_upload_json_matches_golden) { maya_scene(); check_golden(sp_write_upload_json, "maya_upload.json"); }
Test(writers, maya_asset_json_matches_golden) { maya_scene(); check_golden(sp_write_asset_json, "maya_asset.json"); }
Test(writers, maya_tips_json_matches_golden) { maya_scene(); check_golden(sp_write_tips_json, "maya_tips.json"); }

static void houdini_scene(void)
{
	sp_unit *u = NULL;
	sp_frames *f = frames("1-240");
	tst_write(tmp, "shot.hip", "070707", (size_t)-1);
	char *path = tst_join(tmp, "shot.hip");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_HOUDINI, path), 0);
	free(path);
	cr_assert_eq(sp_scene_set_version(scene, "19.5.368"), 0);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_ROP, "/out/mantra1"), 0);
	cr_assert_eq(sp_unit_set_frames(u, f), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_WIDTH, "1920"), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_HEIGHT, "1080"), 0);
	cr_assert_eq(sp_unit_set(u, "camera", "/obj/cam1"), 0);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_GEO, "/out/geometry1"), 0);
	cr_assert_eq(sp_unit_set_frames(u, f), 0);
	sp_unit_set_renderable(u, 0);
	sp_frames_free(f);
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
}

Test(writers, houdini_task_json_matches_golden) { houdini_scene(); check_golden(sp_write_task_json, "houdini_task.json"); }

static void clarisse_scene(void)
{
	sp_unit *img = NULL, *layer = NULL;
	sp_frames *f = frames("0-50");
	tst_write(tmp, "shot.project", "#Isotropix_Serial_Version 1.2\n", (size_t)-1);
	char *path = tst_join(tmp, "shot.project");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_CLARISSE, path), 0);
	free(path);
	cr_assert_eq(sp_scene_add_unit(&img, scene, SP_UNIT_IMAGE, "project://scene/cam02"), 0);
	cr_assert_eq(sp_unit_set_frames(img, f), 0);
	sp_unit_set_renderable(img, 0);
	cr_assert_eq(sp_unit_set(img, "output", "D:/temp/cam02"), 0);
	cr_assert_eq(sp_unit_set(img, "format", "exr16"), 0);
	cr_assert_eq(sp_unit_add_child(&layer, img, SP_UNIT_IMAGE_LAYER, "project://scene/cam02.cam02_layer02"), 0);
	cr_assert_eq(sp_unit_set_frames(layer, f), 0);
	cr_assert_eq(sp_unit_set(layer, "output", "D:/temp/cam02_layer02"), 0);
	sp_frames_free(f);
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
}

Test(writers, clarisse_task_json_matches_golden) { clarisse_scene(); check_golden(sp_write_task_json, "clarisse_task.json"); }

Test(writers, two_analyses_are_byte_identical)
{
	sp_buf a = SP_BUF_INIT, b = SP_BUF_INIT;
	maya_scene();
	cr_assert_eq(sp_write_asset_json(&a, scene), 0);
	sp_scene_free(scene);
	scene = NULL;
	maya_scene();
	cr_assert_eq(sp_write_asset_json(&b, scene), 0);
	cr_assert_str_eq(a.ptr, b.ptr);
	sp_buf_dispose(&a);
	sp_buf_dispose(&b);
}

Test(writers, bytes_that_are_not_utf8_are_written_as_windows_1252)
{
	sp_unit *u = NULL;
	sp_buf out = SP_BUF_INIT;
	tst_write(tmp, "s.ma", "x", (size_t)-1);
	char *path = tst_join(tmp, "s.ma");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	free(path);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, "caf\xe9\x80"), 0);
	cr_assert_eq(sp_scene_analyze(scene), 0);
	cr_assert_eq(sp_write_task_json(&out, scene), 0);
	cr_assert(strstr(out.ptr, "\"caf\xc3\xa9\xe2\x82\xac\"") != NULL, "%s", out.ptr);
	sp_buf_dispose(&out);
}
