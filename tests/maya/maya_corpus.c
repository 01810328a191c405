/*
 * Golden tests on real scenes of the shared corpus.  Every expected value
 * was read from the file itself with grep; the comment next to it names the
 * line.  The last test reads every .ma of the corpus.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sp_maya.h>

#include "support.h"

static sp_ctx *ctx;
static sp_scene *scene;

static void setup(void)
{
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	scene = NULL;
}

static void teardown(void)
{
	sp_scene_free(scene);
	sp_ctx_free(ctx);
}

TestSuite(maya_corpus, .init = setup, .fini = teardown, .timeout = 120);

typedef struct {
	const char *name;
	int renderable;
	const char *frames;
	const char *renderer;
	const char *width, *height;
	const char *format;
	const char *prefix;
	const char *cameras; /* renderable cameras, comma-joined, in file order */
} layer_expect;

typedef struct {
	const char *path, *node, *attr;
	uint64_t line;
	unsigned flags;
} file_expect;

static void read_corpus(const char *rel)
{
	char *path = tst_corpus(rel);
	int rc;
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	rc = sp_maya_read(scene, NULL);
	cr_assert_eq(rc, 0, "%s: %d %s", rel, rc, sp_ctx_last_error(ctx));
	free(path);
}

static void check_layers(const layer_expect *want, size_t count)
{
	cr_assert_eq(sp_scene_unit_count(scene), count, "units: %zu", sp_scene_unit_count(scene));
	for (size_t i = 0; i < count; i++) {
		sp_unit *u = sp_scene_unit_at(scene, i);
		sp_buf b = SP_BUF_INIT;
		char cams[512] = "";
		cr_assert_str_eq(sp_unit_name(u), want[i].name);
		cr_assert_eq(sp_unit_renderable(u), want[i].renderable, "%s", want[i].name);
		cr_assert_eq(sp_frames_format(&b, sp_unit_frames(u)), 0);
		cr_assert_str_eq(sp_buf_cstr(&b), want[i].frames, "%s", want[i].name);
		sp_buf_dispose(&b);
		cr_assert_str_eq(sp_unit_get(u, SP_PROP_RENDERER), want[i].renderer, "%s", want[i].name);
		cr_assert_str_eq(sp_unit_get(u, SP_PROP_WIDTH), want[i].width, "%s", want[i].name);
		cr_assert_str_eq(sp_unit_get(u, SP_PROP_HEIGHT), want[i].height, "%s", want[i].name);
		cr_assert_str_eq(sp_unit_get(u, SP_PROP_IMAGE_FORMAT), want[i].format, "%s", want[i].name);
		cr_assert_str_eq(sp_unit_get(u, SP_PROP_OUTPUT), want[i].prefix, "%s", want[i].name);
		cr_assert_str_eq(sp_unit_get(u, SP_PROP_DEFAULT_CAMERA), "1");
		for (size_t k = 0; k < sp_unit_camera_count(u); k++) {
			const char *c;
			int r;
			sp_unit_camera_at(u, k, &c, &r);
			if (!r)
				continue;
			if (cams[0])
				strncat(cams, ",", sizeof(cams) - strlen(cams) - 1);
			strncat(cams, c, sizeof(cams) - strlen(cams) - 1);
		}
		cr_assert_str_eq(cams, want[i].cameras, "%s", want[i].name);
	}
}

static void check_files(const file_expect *want, size_t count)
{
	cr_assert_eq(sp_scene_file_count(scene), count, "files: %zu", sp_scene_file_count(scene));
	for (size_t i = 0; i < count; i++) {
		const sp_fileref *f = sp_scene_file_at(scene, i);
		cr_assert_str_eq(f->path, want[i].path);
		cr_assert_str_eq(f->node, want[i].node, "%s", want[i].path);
		cr_assert_str_eq(f->attr, want[i].attr, "%s", want[i].path);
		cr_assert_eq(f->line, want[i].line, "%s: line %llu", want[i].path,
		             (unsigned long long)f->line);
		cr_assert_eq(f->flags, want[i].flags, "%s: flags %u", want[i].path, f->flags);
		cr_assert_null(f->source);
	}
}

/* Legacy render layers: 11 layers with an override of fluidShape2.dos each (lines 429-482, 739-760). */
Test(maya_corpus, mtoa_test_0112_legacy_layers)
{
	/* .an is only flagged (-k on, line 673) so the current frame renders: time1 .o 1 (line 498);
	 * .ren arnold (574); .w/.h 160x120 (654-655); defaultArnoldDriver .ai_translator tif (164);
	 * .ifp (597); top/front/side .rnd no (38, 54, 71); defaultRenderLayer .rndr no (146). */
#define L0112(n)                                                                                             \
	{                                                                                                    \
		n, 1, "1-1[1]", "arnold", "160", "120", "tif", "testrender_<RenderLayer>", "perspShape"      \
	}
	static const layer_expect layers[] = {
	    {"defaultRenderLayer", 0, "1-1[1]", "arnold", "160", "120", "tif", "testrender_<RenderLayer>",
	     "perspShape"},
	    L0112("dropoff_off"),
	    L0112("dropoff_sphere"),
	    L0112("dropoff_cube"),
	    L0112("dropoff_cone"),
	    L0112("dropoff_doublecone"),
	    L0112("dropoff_x"),
	    L0112("dropoff_y"),
	    L0112("dropoff_z"),
	    L0112("dropoff_nx"),
	    L0112("dropoff_ny"),
	    L0112("dropoff_nz"),
	};
	read_corpus("maya_ascii/sebastienblor__arnold-usd__testsuite__test_0112__data__test.ma");
	cr_assert_str_eq(sp_scene_version(scene), "2017"); /* requires maya "2017" (line 5) */
	cr_assert_str_eq(sp_scene_task_value(scene, "render_layer_type"), "0");
	cr_assert_eq(sp_scene_plugin_count(scene), 2); /* mtoa, stereoCamera (lines 6-7) */
	check_layers(layers, sizeof(layers) / sizeof(layers[0]));
	check_files(NULL, 0);
}

/*
 * Render Setup (aws-deadline layers.ma): five layers owned through `rs_X.msg -> X.lrl` (lines 664-757).
 * Frames match the Deadline test's expected parameter_values.yaml (1-10, 1-10, 20-30, 1-10, 1-20):
 * absUniqueOverride startFrame/endFrame 1/10 (lines 286-296) and 20/30 (310-320), relUniqueOverride
 * endFrame2 +10 (layer 4) and startFrame2 +4 (notRenderableLayer).  rs_notRenderableLayer .rndr no
 * (line 397).  Renderer overrides: currentRenderer mayaHardware2 under layerFrameRange1's collection
 * (581-583, 858), currentRenderer1 mayaSoftware for renderSetupLayer4 (587-589, 861).  Width/height
 * 1920x1080 and prefix overrides (538-577).  Cameras: renderable absOverrides select |camera1..3
 * (470-520) and the persp collections' bool override without a value is false (435-460).  The
 * defaultRenderLayer and rs_layerDefaultFrames also carry a legacy cameraShape1.rnd adjustment of 0
 * (lines 176, 265, 657, 681), which Maya does not apply under Render Setup: the Deadline test, made by
 * switching layers in Maya and reading .renderable, lists camera1 in every layer (template.yaml:
 * masterLayer camera1+persp, layerDefaultFrames camera1, layerFrameRange1 camera1+persp,
 * renderSetupLayer2 camera1..3, renderSetupLayer4 camera1+persp), and so do we.
 */
Test(maya_corpus, deadline_render_setup_layers)
{
	static const layer_expect layers[] = {
	    {"masterLayer", 1, "1-10[1]", "arnold", "960", "540", "exr", "", "perspShape,cameraShape1"},
	    {"layerFrameRange1", 1, "1-10[1]", "mayaHardware2", "960", "540", "exr", "",
	     "perspShape,cameraShape1"},
	    {"renderSetupLayer2", 1, "20-30[1]", "arnold", "960", "540", "exr", "",
	     "cameraShape1,cameraShape2,cameraShape3"},
	    {"layerDefaultFrames", 1, "1-10[1]", "arnold", "960", "540", "exr", "layer_specific_file_prefix_",
	     "cameraShape1"},
	    {"renderSetupLayer4", 1, "1-20[1]", "mayaSoftware", "1920", "1080", "exr", "",
	     "perspShape,cameraShape1"},
	    {"notRenderableLayer", 0, "5-10[1]", "arnold", "1920", "1080", "exr", "image_file_prefix_",
	     "perspShape,cameraShape1"},
	};
	/* The reference is listed by -rdi (line 5) and -r (line 8); .ifp "" (line 620). */
	static const file_expect files[] = {
	    {"D:/deadline-clients/deadline-cloud-for-maya/job_bundle_output_tests/layers/scene/"
	     "scene_file_to_reference.mb",
	     "scene_file_to_referenceRN", "file", 5, 0},
	};
	read_corpus(
	    "maya_ascii/aws-deadline__deadline-cloud-for-maya__job_bundle_output_tests__layers__scene__"
	    "layers.ma");
	cr_assert_str_eq(sp_scene_version(scene), "2023");
	cr_assert_str_eq(sp_scene_task_value(scene, "render_layer_type"), "1");
	check_layers(layers, sizeof(layers) / sizeof(layers[0]));
	check_files(files, 1);
}

/* MtoA test_0251: one Render Setup layer; the master layer is not renderable (.rndr no, line 1276). */
Test(maya_corpus, mtoa_test_0251_render_setup_layer)
{
	/* .ren arnold, .outf 51 / .imfkey tif, .ifp (1553-1556); .w/.h 160x120 (1558-1559); no .an. */
	static const layer_expect layers[] = {
	    {"masterLayer", 0, "1-1[1]", "arnold", "160", "120", "tif", "testrender_<RenderLayer>",
	     "perspShape"},
	    {"renderSetupLayer1", 1, "1-1[1]", "arnold", "160", "120", "tif", "testrender_<RenderLayer>",
	     "perspShape"},
	};
	read_corpus("maya_ascii/sebastienblor__arnold-usd__testsuite__test_0251__data__test.ma");
	cr_assert_str_eq(sp_scene_version(scene), "2018"); /* requires maya "2018ff09" */
	cr_assert_str_eq(sp_scene_task_value(scene, "render_layer_type"), "1");
	check_layers(layers, 2);
	check_files(NULL, 0);
}

/* ElaraFX test_5071: 30 -rdi lines (5-34) name 16 distinct files; nested ones repeat object.ma. */
Test(maya_corpus, elara_test_5071_references)
{
#define R5071(f, rfn, line)                                                                                  \
	{                                                                                                    \
		"D:/Projects/2014/osl/testCase//test_5071/data/" f, rfn, "file", line, SP_REF_PROJECT        \
	}
	static const file_expect files[] = {
	    R5071("test.ma", "testRN", 5),
	    R5071("object.ma", "test:objectRN", 6),
	    R5071("lineColor.ma", "test:lineColorRN", 7),
	    R5071("fillerColor.ma", "test:fillerColorRN", 9),
	    R5071("uWidth.ma", "test:uWidthRN", 11),
	    R5071("vWidth.ma", "test:vWidthRN", 13),
	    R5071("contrast.ma", "test:contrastRN", 15),
	    R5071("defaultColor.ma", "test:defaultColorRN", 17),
	    R5071("colorGain.ma", "test:colorGainRN", 19),
	    R5071("colorOffset.ma", "test:colorOffsetRN", 21),
	    R5071("alphaGain.ma", "test:alphaGainRN", 23),
	    R5071("alphaOffset.ma", "test:alphaOffsetRN", 25),
	    R5071("alphaIsLuminance.ma", "test:alphaIsLuminanceRN", 27),
	    R5071("filter.ma", "test:filterRN", 29),
	    R5071("filterOffset.ma", "test:filterOffsetRN", 31),
	    R5071("invert.ma", "test:invertRN", 33),
	};
	/* time1 .o 1 (3369); .ren _3delight, .outf 32 png, .ifp (3391-3394); 320x240 (3396-3397);
	 * every default camera has .rnd no (lines 54, 67, 80, 94). */
	static const layer_expect layers[] = {
	    {"defaultRenderLayer", 1, "1-1[1]", "_3delight", "320", "240", "png", "test_mentalray", ""},
	};
	read_corpus("maya_ascii/ElaraFX__ElaraShader__automationtest__test_5071__data__test_3delight.ma");
	cr_assert_str_eq(sp_scene_version(scene), "2013");
	check_layers(layers, 1);
	check_files(files, sizeof(files) / sizeof(files[0]));
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		cr_assert_eq(sp_scene_file_at(scene, i)->kind, SP_REF_SCENE);
}

/* maya-usd SimpleDisplacement: 40 file nodes (lines 6108-6396), no tiling mode, so no patterns. */
Test(maya_corpus, maya_usd_simple_displacement_file_nodes)
{
	static const uint64_t lines[40] = {
	    6108, 6115, 6123, 6130, 6138, 6145, 6153, 6159, 6167, 6174, 6182, 6189, 6197, 6204,
	    6212, 6219, 6227, 6233, 6241, 6248, 6256, 6263, 6271, 6278, 6286, 6293, 6301, 6307,
	    6315, 6322, 6330, 6337, 6345, 6352, 6360, 6367, 6375, 6381, 6389, 6396,
	};
	static const char *const tex[4] = {"../textures/RGBA.png", "../textures/RGB.png",
	                                   "../textures/MonoA.png", "../textures/Mono.png"};
	static const layer_expect layers[] = {
	    /* No render globals written: Maya's defaults; time1 .o 1 (6482). */
	    {"defaultRenderLayer", 1, "1-1[1]", "mayaSoftware", "960", "540", "iff", "", "perspShape"},
	};
	file_expect files[40];
	char names[40][8];
	for (int i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "file%d", i + 1);
		files[i] = (file_expect){tex[i / 10], names[i], "fileTextureName", lines[i], 0};
	}
	read_corpus("maya_ascii/Autodesk__maya-usd__test__lib__usd__translators__UsdExportDisplacementTest__"
	            "SimpleDisplacement.ma");
	check_layers(layers, 1);
	check_files(files, 40);
}

/* A Windows drive path with Maya's project join "Maya//sourceimages" (line 216). */
Test(maya_corpus, essentials_windows_project_path)
{
	/* .an yes, .ef 1 (363-364), fs default 1; arnold, .outf 51 exr (360-362); perspShape .rnd no (25). */
	static const layer_expect layers[] = {
	    {"defaultRenderLayer", 1, "1-1[1]", "arnold", "960", "540", "exr", "", "RenderCamShape"},
	};
	static const file_expect files[] = {
	    {"C:/Essentials/DAGV1100and1200/Maya//sourceimages/WoodGrain.png", "file1", "fileTextureName",
	     216, SP_REF_PROJECT},
	};
	read_corpus(
	    "maya_ascii/playerslayer234__Essentials__DAGV1100and1200__Maya__assets__Lighting_Render_Test.ma");
	cr_assert_str_eq(sp_scene_version(scene), "2025"); /* requires maya "2025ff03" */
	check_layers(layers, 1);
	check_files(files, 1);
	cr_assert_eq(sp_scene_file_at(scene, 0)->kind, SP_REF_TEXTURE);
}

/* Maya 4.0: the shared "globalRender" layer (line 505) is attached to no manager and is no unit. */
Test(maya_corpus, kingmax_clock_maya_4)
{
	static const layer_expect layers[] = {
	    {"defaultRenderLayer", 1, "1-1[1]", "mayaSoftware", "640", "480", "iff", "", "perspShape"},
	};
	read_corpus("maya_ascii/kingmax__cppMaya__vol1_src_ref__Scenes__Clock.ma");
	cr_assert_str_eq(sp_scene_version(scene), "4.0");
	cr_assert_eq(sp_scene_plugin_count(scene), 0);
	check_layers(layers, 1);
	check_files(NULL, 0);
}

/* SLiB mental ray test room: ${SLiBLib} paths kept as written for the core to expand. */
Test(maya_corpus, slib_mental_ray_room_env_var_paths)
{
	/* time1 .o 0 (2403); .ren mentalRay, .outf 51 exr (2503-2508); 512x512 (2586-2587). */
	static const layer_expect layers[] = {
	    {"defaultRenderLayer", 1, "0-0[1]", "mentalRay", "512", "512", "exr", "", "renderCamShape"},
	};
	static const file_expect files[] = {
	    {"${SLiBLib}/scene/BG_grey.png", "imagePlaneShape1", "imageName", 240, 0},
	    {"${SLiBLib}/scene/TestRoom.hdr", "mentalrayIblShape1", "texture", 1892, 0},
	    {"${SLiBLib}/scene/Checker.tga", "mRay_CheckerRoom_File01", "fileTextureName", 2283, 0},
	    {"${SLiBLib}//scene/Checker.tga", "mRay_CheckerBall_File01", "fileTextureName", 2300,
	     SP_REF_PROJECT},
	    {"${SLiBLib}/scene/mentalRay_logo.png", "mRay_Logo_File01", "fileTextureName", 2322, 0},
	};
	read_corpus(
	    "maya_ascii/alexanderrichtertd__plex__software__maya__plugins__SLiB__lib__scene__mentalRay_"
	    "SLiB_ShaderTestRoom_hdri.ma");
	cr_assert_str_eq(sp_scene_version(scene), "2015");
	check_layers(layers, 1);
	check_files(files, 5);
}

/* SLiB Proxy.ma: one RedshiftProxyMesh .fn (line 113); no camera in the file. */
Test(maya_corpus, slib_redshift_proxy)
{
	static const layer_expect layers[] = {
	    /* .ren redshift (155), no redshiftOptions: exr; time1 .o 1 (116). */
	    {"defaultRenderLayer", 1, "1-1[1]", "redshift", "960", "540", "exr", "", ""},
	};
	static const file_expect files[] = {
	    {"G:/_3D Projects//stool.rs", "redshiftProxy1", "fileName", 113, SP_REF_PROJECT},
	};
	const char *name, *version;
	read_corpus(
	    "maya_ascii/alexanderrichtertd__plex__software__maya__plugins__SLiB__lib__objects__Assets__"
	    "Proxy__Proxy.ma");
	cr_assert_str_eq(sp_scene_version(scene), "2016"); /* "2016ff07" (line 5) */
	cr_assert_eq(sp_scene_plugin_count(scene), 1);
	sp_scene_plugin_at(scene, 0, &name, &version);
	cr_assert_str_eq(name, "redshift4maya"); /* line 6 */
	cr_assert_str_eq(version, "1.2.82");
	check_layers(layers, 1);
	check_files(files, 1);
	cr_assert_eq(sp_scene_file_at(scene, 0)->kind, SP_REF_PROXY);
}

/* MtoA test_0004: long-flag syntax (-shared -name, .renderable, .currentRenderer, select -noExpand). */
Test(maya_corpus, mtoa_test_0004_long_flags)
{
	/* .outTime 1 (434); .currentRenderer arnold, .imageFormat 51 / .imfPluginKey tif, .imageFilePrefix
	 * (448-451); .width/.height 160x120 (453-454); top/front/side .renderable no (140, 207, 275). */
	static const layer_expect layers[] = {
	    {"defaultRenderLayer", 1, "1-1[1]", "arnold", "160", "120", "tif", "testrender", "perspShape"},
	};
	read_corpus("maya_ascii/sebastienblor__arnold-usd__testsuite__test_0004__data__test.ma");
	cr_assert_str_eq(sp_scene_version(scene), "2011");
	check_layers(layers, 1);
	check_files(NULL, 0);
}

/* Every .ma of the corpus reads without error (and, in the sanitizer build, without a report). */
Test(maya_corpus, reads_every_corpus_scene)
{
	char *folder = tst_corpus("maya_ascii");
	DIR *d = opendir(folder);
	struct dirent *e;
	size_t count = 0;
	cr_assert_not_null(d, "%s", folder);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char *path;
		sp_scene *s = NULL;
		int rc;
		if (n < 3 || strcmp(e->d_name + n - 3, ".ma") != 0)
			continue;
		path = tst_join(folder, e->d_name);
		cr_assert_eq(sp_scene_new(&s, ctx, SP_APP_MAYA, path), 0);
		rc = sp_maya_read(s, NULL);
		cr_expect_eq(rc, 0, "%s: %d %s", e->d_name, rc, sp_ctx_last_error(ctx));
		cr_expect_geq(sp_scene_unit_count(s), 1, "%s", e->d_name);
		cr_expect_not_null(sp_scene_version(s), "%s", e->d_name);
		sp_scene_free(s);
		free(path);
		count++;
	}
	closedir(d);
	free(folder);
	cr_assert_geq(count, 70, "only %zu scenes", count);
}
