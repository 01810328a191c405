/*
 * Golden tests on the Maya binary scenes of the shared corpus.  Every
 * expected value was read from the chunks themselves with a throwaway IFF
 * dumper; the comment next to it gives the byte offset of the chunk header.
 * The last tests run every .mb through the command line.
 */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sp_maya.h>

#include "support.h"

static sp_ctx *ctx;
static sp_scene *scene;
static char logged[16384];

static void capture_log(sp_log_level level, const char *msg, void *payload)
{
	(void)level;
	(void)payload;
	if (strlen(logged) + strlen(msg) + 2 < sizeof(logged)) {
		strcat(logged, msg);
		strcat(logged, "\n");
	}
}

static void setup(void)
{
	sp_ctx_options o = SP_CTX_OPTIONS_INIT;
	o.log = capture_log;
	logged[0] = '\0';
	cr_assert_eq(sp_ctx_new(&ctx, &o), 0);
	scene = NULL;
}

static void teardown(void)
{
	sp_scene_free(scene);
	sp_ctx_free(ctx);
}

/* No Criterion timeout: its timer leaks under ASan. */
TestSuite(mb_corpus, .init = setup, .fini = teardown);

static void read_corpus(const char *name)
{
	char rel[512];
	char *path;
	int rc;
	snprintf(rel, sizeof(rel), "maya_binary/%s", name);
	path = tst_corpus(rel);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	rc = sp_maya_read(scene, NULL);
	cr_assert_eq(rc, 0, "%s: %d %s", name, rc, sp_ctx_last_error(ctx));
	free(path);
}

typedef struct {
	const char *renderer, *frames, *width, *height, *format, *prefix;
	const char *cameras; /* renderable cameras, comma-joined, in file order */
} unit_expect;

static void check_default_layer(const unit_expect *want)
{
	sp_unit *u;
	sp_buf b = SP_BUF_INIT;
	char cams[512] = "";
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	u = sp_scene_unit_at(scene, 0);
	cr_assert_str_eq(sp_unit_name(u), "defaultRenderLayer");
	cr_assert_eq(sp_frames_format(&b, sp_unit_frames(u)), 0);
	cr_assert_str_eq(sp_buf_cstr(&b), want->frames);
	sp_buf_dispose(&b);
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_RENDERER), want->renderer);
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_WIDTH), want->width);
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_HEIGHT), want->height);
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_IMAGE_FORMAT), want->format);
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_OUTPUT), want->prefix);
	for (size_t i = 0; i < sp_unit_camera_count(u); i++) {
		const char *cam;
		int renderable;
		sp_unit_camera_at(u, i, &cam, &renderable);
		if (!renderable)
			continue;
		if (cams[0])
			strcat(cams, ",");
		strcat(cams, cam);
	}
	cr_assert_str_eq(cams, want->cameras);
}

/* "name=version;..." in file order. */
static void check_plugins(const char *want)
{
	char got[1024] = "";
	for (size_t i = 0; i < sp_scene_plugin_count(scene); i++) {
		const char *name, *version;
		sp_scene_plugin_at(scene, i, &name, &version);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s=%s", i ? ";" : "", name,
		         version);
	}
	cr_assert_str_eq(got, want);
}

static void check_file(size_t i, const char *path, sp_ref_kind kind, const char *node, const char *attr)
{
	const sp_fileref *f;
	cr_assert_lt(i, sp_scene_file_count(scene));
	f = sp_scene_file_at(scene, i);
	cr_assert_str_eq(f->path, path);
	cr_assert_eq(f->kind, kind);
	cr_assert_str_eq(f->node, node);
	cr_assert_str_eq(f->attr, attr);
	cr_assert_eq(f->line, 0, "a binary file has no lines");
}

/* CGRU examples/maya/scene.mb: FOR4, Maya 2009, mental ray. */
Test(mb_corpus, cgru_for4_maya_2009_mental_ray)
{
	/* :defaultRenderGlobals (SLCT 0x86dc): ren "mentalRay" (0x86fc), outf 8.0 = jpg (0x8714),
	 * an 1.0 (0x872c), ifp "img" (0x876c), no fs/ef: Maya's 1-10.  top/front/side .rnd 0.0
	 * (0x400, 0x54c, 0x6bc); :time1 .o = 250 int32 ticks at 6000/s (0x855c), frame 1. */
	static const unit_expect want = {"mentalRay", "1-10[1]", "640", "480", "jpg", "img", "perspShape"};
	read_corpus("CGRU__cgru__examples__maya__scene.mb");
	cr_assert_str_eq(sp_scene_version(scene), "2009"); /* VERS 0x18 */
	check_plugins("Mayatomr=10.0.1.8m - 3.7.1.26 ");   /* PLUG 0x1a8: no type ids before 2014 */
	check_default_layer(&want);
	cr_assert_eq(sp_scene_file_count(scene), 0);
	/* mentalrayItemsList (form 0x64e0) has binary type 0x00102e40 that no PLUG names. */
	cr_assert(strstr(logged, "node 'mentalrayItemsList' has plug-in type id 0x00102e40"), "%s", logged);
}

/* Newtoniano20 idk.mb: FOR8, Maya 2024, TUNI 12fps, ticks at TDUR 141120000. */
Test(mb_corpus, newtoniano_idk_frames_in_ticks_at_12fps)
{
	/* TUNI "12fps" (0x118), TDUR "141120000" (0x148); :defaultRenderGlobals (SLCT 0x1bf18):
	 * ren arnold (0x1bf80), outf 51.0 (0x1bfb8) + imfkey "tif" (0x1bfd8), an 1.0 (0x1bff8),
	 * fs 11,760,000 ticks = frame 1 (0x1c018), ef 588,000,000 = frame 50 (0x1c038), ifp "2/IDK"
	 * (0x1c0c0). */
	static const unit_expect want = {"arnold", "1-50[1]", "960", "540", "tif", "2/IDK", "perspShape"};
	read_corpus("Newtoniano20__Autodesk-Maya-Projects__idk.mb");
	cr_assert_str_eq(sp_scene_version(scene), "2024");
	check_plugins("stereoCamera=10.0;mtoa=5.3.1.1");
	check_default_layer(&want);
	cr_assert_eq(sp_scene_file_count(scene), 0);
}

/* Newtoniano20 TextureTest.mb: three file nodes with a Windows path, HD resolution. */
Test(mb_corpus, newtoniano_texture_test_file_nodes)
{
	/* .w 1920.0 (0x11d08) .h 1080.0 (0x11d28); outf 51.0 (0x1149c) + imfkey "exr" (0x114bc); an
	 * only flagged (0x114f4): the current frame, :time1 .o 5,880,000 ticks = 1 at film (0x10630). */
	static const unit_expect want = {"arnold", "1-1[1]", "1920", "1080", "exr", "", "perspShape"};
	static const char tex[] = "C:/Users/Joelg/Desktop/Joel Garcia/6. Art/2. Blender/Textures/"
	                          "brown_mud_leaves_01_diff_8k.jpg";
	read_corpus("Newtoniano20__Autodesk-Maya-Projects__TextureTest.mb");
	cr_assert_str_eq(sp_scene_version(scene), "2024");
	check_plugins("bifrostGraph=2.7.0.0-202302170226-ac4d174;stereoCamera=10.0;mtoa=5.3.1.1");
	check_default_layer(&want);
	cr_assert_eq(sp_scene_file_count(scene), 3);
	check_file(0, tex, SP_REF_TEXTURE, "file1", "fileTextureName"); /* CREA 0x33b0, ftn 0x33d8 */
	check_file(1, tex, SP_REF_TEXTURE, "file2", "fileTextureName"); /* CREA 0x364c, ftn 0x3674 */
	check_file(2, tex, SP_REF_TEXTURE, "file3", "fileTextureName"); /* CREA 0xfe00, ftn 0xfe28 */
}

/* Newtoniano20 AnimationTest.mb: the one corpus file with a reference (FRDI + FREF). */
Test(mb_corpus, newtoniano_animation_test_reference)
{
	/* FRDI (0x35c): depth 1, path, ns "Gwen_rig_v01", rfn "Gwen_rig_v01RN"; FREF (0x408) the
	 * same path, loaded; REFN form 0x12a4.  :time1 .o 705,600,000 ticks (0x26f30) = frame 120;
	 * ren "arnold" (0x27cc0); an, fs, ef only flagged. */
	static const unit_expect want = {"arnold", "120-120[1]", "960", "540", "exr", "", "perspShape"};
	read_corpus("Newtoniano20__Autodesk-Maya-Projects__AnimationTest.mb");
	cr_assert_str_eq(sp_scene_version(scene), "2024");
	check_plugins("stereoCamera=10.0;mtoa=5.3.0");
	check_default_layer(&want);
	cr_assert_eq(sp_scene_file_count(scene), 1);
	check_file(0, "C:/Users/Joelg/Desktop/Joel Garcia/6. Art/4. 3D Design/GWEN/Gwen_rig_v01.ma",
	           SP_REF_SCENE, "Gwen_rig_v01RN", "file");
}

/* LEDAfterBurners dock.mb: Maya 2024, one file node. */
Test(mb_corpus, led_dock_file_texture)
{
	/* ren "arnold" (0x0fa914); file1 .ftn (0xf4884); :time1 .o 5,880,000 ticks (0xfa2b8). */
	static const unit_expect want = {"arnold", "1-1[1]", "960", "540", "exr", "", "perspShape"};
	read_corpus("LEDAfterBurners__DAGV1200__dock.mb");
	cr_assert_str_eq(sp_scene_version(scene), "2024");
	check_plugins("stereoCamera=10.0;mtoa=5.3.1.1");
	check_default_layer(&want);
	cr_assert_eq(sp_scene_file_count(scene), 1);
	check_file(0, "C:/Users/11028973/Downloads/quarry_cloudy_4k.exr", SP_REF_TEXTURE, "file1",
	           "fileTextureName");
}

/* kellyme213 Flicker test.mb: VERS 2018ff09, a RenderMan node type named by PLUG. */
Test(mb_corpus, kellyme_flicker_plugin_types_from_plug)
{
	/* VERS "2018ff09" (0x28); PLUG (0x258) maps PxrRectLight to 0x00101267, the form type of
	 * PxrRectLightShape (0x14e4); ren "arnold" (0xeeec). */
	static const unit_expect want = {"arnold", "1-1[1]", "960", "540", "exr", "", "perspShape"};
	read_corpus("kellyme213__Flicker__test.mb");
	cr_assert_str_eq(sp_scene_version(scene), "2018");
	check_plugins("RenderMan_for_Maya.py=22.4 @ 1946009;mtoa=3.1.2.1");
	check_default_layer(&want);
	cr_assert_null(strstr(logged, "00101267"), "PLUG names it: %s", logged);
}

/* aws-deadline scene_file_to_reference.mb: the current frame far from 1. */
Test(mb_corpus, deadline_reference_scene_current_frame)
{
	/* :time1 .o 3,157,560,000 ticks (0xc818) = frame 537 at film. */
	static const unit_expect want = {"arnold", "537-537[1]", "960", "540", "exr", "", "perspShape"};
	read_corpus("aws-deadline__deadline-cloud-for-maya__job_bundle_output_tests__cube__scene__"
	            "scene_file_to_reference.mb");
	cr_assert_str_eq(sp_scene_version(scene), "2023");
	check_plugins("stereoCamera=10.0;mtoa=5.1.0");
	check_default_layer(&want);
}

/* rarietta Stitch-Meshes S.mb: FOR8 of Maya 2014 (no UUIDs, no TDUR), no camera at all. */
Test(mb_corpus, rarietta_maya_2014_without_cameras)
{
	/* :time1 .o 250 int32 ticks (0x38ec) = frame 1; no PLUG; 28 CREA, no DCAM. */
	static const unit_expect want = {"mayaSoftware", "1-1[1]", "640", "480", "iff", "", ""};
	read_corpus("rarietta__Stitch-Meshes__MayaFiles__S.mb");
	cr_assert_str_eq(sp_scene_version(scene), "2014");
	check_plugins("");
	check_default_layer(&want);
}

static int has_sanitizer_report(const char *err)
{
	return err && (strstr(err, "Sanitizer") || strstr(err, "runtime error:"));
}

Test(mb_corpus, every_corpus_mb_analyses_through_the_command_line)
{
	char *folder = tst_corpus("maya_binary"), *out = tst_mkdtemp();
	DIR *d = opendir(folder);
	struct dirent *e;
	size_t files = 0;
	cr_assert_not_null(d, "%s", folder);
	while ((e = readdir(d)) != NULL) {
		char args[4096], *err = NULL, *head;
		size_t n = strlen(e->d_name), len = 0;
		int rc;
		if (n < 3 || strcmp(e->d_name + n - 3, ".mb") != 0)
			continue;
		snprintf(args, sizeof(args), "analyze '%s/%s' -o '%s/%zu' -q", folder, e->d_name, out, files);
		rc = tst_run(args, NULL, &err);
		snprintf(args, sizeof(args), "%s/%s", folder, e->d_name);
		head = tst_read(args, &len);
		cr_assert_not_null(head);
		if (len > 23 && strncmp(head, "version https://git-lfs", 23) == 0)
			cr_assert(rc == 3 && strstr(err, "Git LFS pointer"), "%s: %d %s", e->d_name, rc, err);
		else
			cr_assert(rc == 0 || rc == 1, "%s: exit %d: %s", e->d_name, rc, err ? err : "");
		cr_assert(!has_sanitizer_report(err), "%s: %s", e->d_name, err);
		free(head);
		free(err);
		files++;
	}
	closedir(d);
	cr_assert_geq(files, 15, "the corpus has 15 .mb files");
	tst_rmtree(out);
	free(out);
	free(folder);
}

Test(mb_corpus, cut_or_lfs_mb_exits_3_with_the_reason)
{
	char *dir = tst_mkdtemp(), *src = tst_corpus("maya_binary/kingmax__cppMaya__test.mb"), *err = NULL;
	char *data, args[1024];
	size_t len = 0;
	data = tst_read(src, &len);
	cr_assert_not_null(data);
	tst_write(dir, "cut.mb", data, len / 2);
	snprintf(args, sizeof(args), "analyze '%s/cut.mb' -o '%s/out' -q", dir, dir);
	cr_assert_eq(tst_run(args, NULL, &err), 3, "%s", err);
	cr_assert(strstr(err, "cut.mb: byte ") && strstr(err, "truncated"), "%s", err);
	free(err);
	tst_write(dir, "lfs.mb", "version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 58236\n",
	          (size_t)-1);
	snprintf(args, sizeof(args), "analyze '%s/lfs.mb' -o '%s/out2' -q", dir, dir);
	cr_assert_eq(tst_run(args, NULL, &err), 3, "%s", err);
	cr_assert(strstr(err, "Git LFS pointer"), "%s", err);
	free(err);
	free(data);
	free(src);
	tst_rmtree(dir);
	free(dir);
}

/* A real file whose ATTR declaration claims 2^31 types: exit 3, naming that chunk's byte offset. */
Test(mb_corpus, corrupt_attr_declaration_exits_3_at_its_offset)
{
	char *dir = tst_mkdtemp(),
	     *src = tst_corpus("maya_binary/Newtoniano20__Autodesk-Maya-Projects__idk.mb");
	char *err = NULL, *data, *hit, args[1024], at[64];
	size_t len = 0, off;
	data = tst_read(src, &len);
	cr_assert_not_null(data);
	hit = memmem(data, len, "aENM", 4); /* volumeLightDir on :defaultLightSet */
	cr_assert_not_null(hit);
	off = (size_t)(hit - data) - 16; /* its FOR8 chunk header */
	cr_assert_eq(memcmp(data + off, "ATTR", 4), 0);
	memcpy(hit + 8, "\x7f\xff\xff\xff", 4); /* after the kind and the 32-bit flags: the type count */
	tst_write(dir, "attr.mb", data, len);
	snprintf(args, sizeof(args), "analyze '%s/attr.mb' -o '%s/out' -q", dir, dir);
	cr_assert_eq(tst_run(args, NULL, &err), 3, "%s", err);
	snprintf(at, sizeof(at), "attr.mb: byte %zu: ATTR declares 2147483647 types", off);
	cr_assert(strstr(err, at), "%s: %s", at, err);
	free(err);
	free(data);
	free(src);
	tst_rmtree(dir);
	free(dir);
}
