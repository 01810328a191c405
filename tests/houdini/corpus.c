/*
 * Golden expectations for Houdini corpus scenes.  Every expected value below
 * was read from the members themselves (extracted from the archive and read
 * as text); each test cites the members it comes from.  $HIP is the corpus
 * folder (where the file is now), never the folder saved in .variables.
 */
#define _GNU_SOURCE
#include "scene_impl.h"
#include "sp_houdini.h"
#include "support.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sp_ctx *ctx;
static sp_scene *scene;
static char hip[4096];

static void setup(void)
{
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
}

static void teardown(void)
{
	sp_scene_free(scene);
	scene = NULL;
	sp_ctx_free(ctx);
}

TestSuite(corpus, .init = setup, .fini = teardown);

static void open_corpus(const char *name)
{
	char *rel = NULL, *path;
	const char *slash;
	cr_assert(asprintf(&rel, "houdini/%s", name) > 0);
	path = tst_corpus(rel);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_HOUDINI, path), 0);
	cr_assert_eq(sp_houdini_read(scene, NULL), 0, "%s: %s", name, sp_ctx_last_error(ctx));
	slash = strrchr(sp_scene_path(scene), '/');
	snprintf(hip, sizeof(hip), "%.*s", (int)(slash - sp_scene_path(scene)), sp_scene_path(scene));
	free(rel);
	free(path);
}

/* $HIP + rel, in a rotating static buffer (several per assertion are fine). */
static const char *at_hip(const char *rel)
{
	static char bufs[4][8192];
	static int next;
	char *b = bufs[next++ % 4];
	size_t h = strlen(hip), r = strlen(rel);
	cr_assert_lt(h + r + 2, sizeof(bufs[0]));
	memcpy(b, hip, h);
	b[h] = '/';
	memcpy(b + h + 1, rel, r + 1);
	return b;
}

#define unit(name) tst_unit(scene, (name))

static int has_unit(const char *name)
{
	for (size_t i = 0; i < sp_scene_unit_count(scene); i++)
		if (strcmp(sp_unit_name(sp_scene_unit_at(scene, i)), name) == 0)
			return 1;
	return 0;
}

/* One ROP: kind, type, frames, output, camera (NULL: none set). */
static void expect_rop(const char *name, sp_unit_kind kind, const char *type, const char *frames,
                       const char *output, const char *camera)
{
	sp_unit *u = unit(name);
	sp_buf b = SP_BUF_INIT;
	cr_assert_eq(sp_unit_kind_of(u), kind, "%s kind", name);
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_NODE_TYPE), type, "%s type", name);
	cr_assert_eq(sp_frames_format(&b, sp_unit_frames(u)), 0);
	cr_assert_str_eq(sp_buf_cstr(&b), frames, "%s frames", name);
	sp_buf_dispose(&b);
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_OUTPUT), output, "%s output", name);
	if (camera)
		cr_assert_str_eq(sp_unit_get(u, "camera"), camera, "%s camera", name);
	else
		cr_assert_null(sp_unit_get(u, "camera"), "%s camera", name);
}

static void expect_res(const char *name, const char *w, const char *h)
{
	cr_assert_str_eq(sp_unit_get(unit(name), SP_PROP_WIDTH), w, "%s width", name);
	cr_assert_str_eq(sp_unit_get(unit(name), SP_PROP_HEIGHT), h, "%s height", name);
}

static const sp_fileref *file_for(const char *node, const char *attr)
{
	for (size_t i = 0; i < sp_scene_file_count(scene); i++) {
		const sp_fileref *r = sp_scene_file_at(scene, i);
		if (r->node && strcmp(r->node, node) == 0 && strcmp(r->attr, attr) == 0)
			return r;
	}
	cr_assert_fail("no file reference %s.%s", node ? node : "(scene)", attr);
	return NULL;
}

static int has_tip(int code, const char *w1, const char *w2)
{
	const sp_strvec *msgs = sp__scene_tip_messages(scene, code);
	for (size_t i = 0; msgs && i < msgs->count; i++)
		if (strstr(msgs->items[i], w1) && (!w2 || strstr(msgs->items[i], w2)))
			return 1;
	return 0;
}

/*
 * cpio odc, 17.5.460 (.variables _HIP_SAVEVERSION).  out/mantra_jpg.parm: trange "off",
 * camera /obj/cam1, vm_picture $HIP/render/image.$F4.jpg; .start tcur 0 -> frame 1;
 * obj/cam1.parm res 640 480.  obj/ropnet_test/m_in_ropnet.parm vm_picture
 * $HIP/render/ropnet.$F4.jpg.  out/geo_cache.parm sopoutput `chs("/obj/dust/file1/file")`,
 * obj/dust/file1.parm file render/cache.$F4.bgeo.  img/comp1/image_F4_exr.parm filename
 * $HIP/render/image.$F4.exr (then format options).
 */
Test(corpus, cgru_scene_hip)
{
	const sp_fileref *r;
	open_corpus("CGRU__cgru__examples__houdini__scene.hip");
	cr_assert_str_eq(sp_scene_version(scene), "17.5.460");
	cr_assert_eq(sp_scene_unit_count(scene), 12);
	expect_rop("/out/mantra_jpg", SP_UNIT_ROP, "ifd", "1-1[1]", at_hip("render/image.$F4.jpg"),
	           "/obj/cam1");
	expect_res("/out/mantra_jpg", "640", "480");
	expect_rop("/obj/ropnet_test/m_in_ropnet", SP_UNIT_ROP, "ifd", "1-1[1]",
	           at_hip("render/ropnet.$F4.jpg"), "/obj/cam1");
	expect_rop("/out/geo_cache", SP_UNIT_GEO, "geometry", "1-1[1]", "render/cache.$F4.bgeo", NULL);
	expect_rop("/out/convert", SP_UNIT_ROP, "comp", "1-1[1]", at_hip("render/image.$F4.jpg"), NULL);
	r = file_for("/img/comp1/image_F4_exr", "filename");
	cr_assert_str_eq(r->path, at_hip("render/image.$F4.exr"));
	cr_assert_eq(r->flags & SP_REF_FRAMES, SP_REF_FRAMES);
	r = file_for("/obj/dust/file1", "file");
	cr_assert_str_eq(r->path, "render/cache.$F4.bgeo");
	cr_assert_eq(r->kind, SP_REF_CACHE);
}

/*
 * cpio odc, 19.5.368.  .start frange 1 60; out/smoke_mantra.parm trange "normal", f [ f1 1 ]
 * [ f2 240 ] 1 with .chn f1 = $FSTART, f2 = $FEND, camera /obj/render_cam (res 1280 720),
 * vm_picture $HIP/render/$OS.$F4.exr.  out/comp1.parm trange "on", f 1 240 1, copoutput
 * $HIP/render/$HIPNAME.$OS.$F4.exr.  tasks/topnet1/render/opengl.parm picture
 * $HIP/render/$OS.`@wedgeindex`.$F4.exr (a PDG attribute).
 */
Test(corpus, cgru_pdg_hip)
{
	open_corpus("CGRU__cgru__examples__houdini__pdg.hip");
	cr_assert_str_eq(sp_scene_version(scene), "19.5.368");
	expect_rop("/out/smoke_mantra", SP_UNIT_ROP, "ifd", "1-60[1]", at_hip("render/smoke_mantra.$F4.exr"),
	           "/obj/render_cam");
	expect_res("/out/smoke_mantra", "1280", "720");
	expect_rop("/out/comp1", SP_UNIT_ROP, "comp", "1-240[1]",
	           at_hip("render/CGRU__cgru__examples__houdini__pdg.comp1.$F4.exr"), NULL);
	cr_assert(has_tip(SP_TIP_UNRESOLVED_EXPRESSION, "/tasks/topnet1/render/opengl:", "picture"));
	cr_assert(has_tip(SP_TIP_UNRESOLVED_EXPRESSION, "/obj/smoke_import/import_pyrofields", "file"));
}

/*
 * cpio odc, 11.0.581.  obj/geo1/rop_geometry1.parm trange "off", sopoutput $HIP/fog.geo;
 * out/mantra1.parm vm_picture ip (a viewer render: no farm unit).
 */
Test(corpus, cgru_sqp_3dcoat_start_hip)
{
	open_corpus("CGRU__cgru__plugins__houdini__SQP_3dcoat__start.hip");
	cr_assert_str_eq(sp_scene_version(scene), "11.0.581");
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	expect_rop("/obj/geo1/rop_geometry1", SP_UNIT_GEO, "rop_geometry", "1-1[1]", at_hip("fog.geo"), NULL);
	cr_assert_not(has_unit("/out/mantra1"));
}

/*
 * HouNC, 18.5.563.  out/mantra1.parm trange "off", camera /obj/cam1, override_camerares
 * "on" with res_fraction 0.5 of obj/cam1 res 1280 720, vm_picture
 * $HIP/render/$HIPNAME.$OS.$F4.exr; out/opengl1.parm picture ip.
 */
Test(corpus, efv0804_wedger_hipnc)
{
	open_corpus("EFV0804__houdini_pdg_wedger_tool__test.hipnc");
	cr_assert_str_eq(sp_scene_version(scene), "18.5.563");
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	expect_rop("/out/mantra1", SP_UNIT_ROP, "ifd", "1-1[1]",
	           at_hip("render/EFV0804__houdini_pdg_wedger_tool__test.mantra1.$F4.exr"), "/obj/cam1");
	expect_res("/out/mantra1", "640", "360");
}

/*
 * HouNC, 18.0.562.  out/mantra1.parm vm_picture is a string channel ([ vm_picture <cached
 * frame-1 path> ]) whose out/mantra1.chn segment expr is "$HIP/render/$HIPNAME.$OS.$F4.exr";
 * camera /obj/cam1 but obj/ holds only geo1 -> tip 50002.
 */
Test(corpus, houdini_toolbox_test_parameters_hipnc)
{
	open_corpus("captainhammy__Houdini-Toolbox__tests__nodes__data__test_parameters.hipnc");
	cr_assert_str_eq(sp_scene_version(scene), "18.0.562");
	expect_rop(
	    "/out/mantra1", SP_UNIT_ROP, "ifd", "1-1[1]",
	    at_hip(
	        "render/captainhammy__Houdini-Toolbox__tests__nodes__data__test_parameters.mantra1.$F4.exr"),
	    "/obj/cam1");
	cr_assert(has_tip(SP_TIP_HOUDINI_CAMERA, "/out/mantra1", "/obj/cam1"));
}

/*
 * MIME "ASCII hip", 18.0.391.  out/baketexture1.parm trange "off", vm_uvoutputpicture1
 * $HIP/render/building.exr; obj/source/alembic1.parm fileName
 * C:/Users/moonshine/Downloads/ShanghaiCity.v69.abc; out/mantra_ipr camera /obj/cam1, absent.
 */
Test(corpus, elishahung_mime_hip)
{
	const sp_fileref *r;
	open_corpus("elishahung__houdini-git-structure__test.hip");
	cr_assert_str_eq(sp_scene_version(scene), "18.0.391");
	expect_rop("/out/baketexture1", SP_UNIT_ROP, "baketexture::3.0", "1-1[1]",
	           at_hip("render/building.exr"), NULL);
	r = file_for("/obj/source/alembic1", "fileName");
	cr_assert_str_eq(r->path, "C:/Users/moonshine/Downloads/ShanghaiCity.v69.abc");
	cr_assert_eq(r->kind, SP_REF_CACHE);
	cr_assert(has_tip(SP_TIP_HOUDINI_CAMERA, "/out/mantra_ipr", NULL));
}

/*
 * cpio odc, 12.1.207.  out/test_grid.parm camera /obj/camera (res 1024 1024), vm_picture
 * /mnt/Work/Work/qLab/tmp/super_light_grid.exr; .OPlibraries
 * $JOB/Work/qLab/qLib-gadfly/otls/experimental/super_light_ql_OBJ.otl with JOB = '/home/mate'.
 */
Test(corpus, qlib_super_light_hip)
{
	const sp_fileref *r;
	cr_assert_eq(sp_ctx_set_env(ctx, "JOB", "/projects/qlib"), 0);
	open_corpus("qLab__qLib__examples__super_light_ql_OBJ.hip");
	cr_assert_str_eq(sp_scene_version(scene), "12.1.207");
	expect_rop("/out/test_grid", SP_UNIT_ROP, "ifd", "1-1[1]",
	           "/mnt/Work/Work/qLab/tmp/super_light_grid.exr", "/obj/camera");
	expect_res("/out/test_grid", "1024", "1024");
	expect_rop("/out/test", SP_UNIT_ROP, "ifd", "1-1[1]", "/mnt/Work/Work/qLab/tmp/super_light_fast.exr",
	           "/obj/camera");
	r = NULL;
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		if (strcmp(sp_scene_file_at(scene, i)->attr, "OPlibraries") == 0)
			r = sp_scene_file_at(scene, i);
	cr_assert_not_null(r);
	/* $JOB from the environment wins over the saved '/home/mate' */
	cr_assert_str_eq(r->path,
	                 "/projects/qlib/Work/qLab/qLib-gadfly/otls/experimental/super_light_ql_OBJ.otl");
	cr_assert_null(r->node);
}

/*
 * cpio odc, 19.0.531.  out/Redshift_ROP1.parm RS_renderCamera /obj/cam1,
 * RS_outputFileNamePrefix $HIP/render/$HIPNAME.$OS.$F4.exr, trange "off";
 * obj/build_instances/sphere_proxy (Redshift_Proxy_Output) RS_archive_file $HIP/$OS.rs;
 * obj/render/redshift_packedProxySOP1.parm RS_proxy_file $HIP/sphere_proxy.rs.
 */
Test(corpus, mops_redshift_proxy_hip)
{
	const sp_fileref *r;
	const char *name, *version;
	open_corpus("toadstorm__MOPS__examples__mops_redshift_proxy.hip");
	cr_assert_str_eq(sp_scene_version(scene), "19.0.531");
	expect_rop("/out/Redshift_ROP1", SP_UNIT_ROP, "Redshift_ROP", "1-1[1]",
	           at_hip("render/toadstorm__MOPS__examples__mops_redshift_proxy.Redshift_ROP1.$F4.exr"),
	           "/obj/cam1");
	expect_rop("/obj/build_instances/sphere_proxy", SP_UNIT_GEO, "Redshift_Proxy_Output", "1-1[1]",
	           at_hip("sphere_proxy.rs"), NULL);
	cr_assert_not(has_unit("/out/Redshift_IPR1"));
	r = file_for("/obj/render/redshift_packedProxySOP1", "RS_proxy_file");
	cr_assert_str_eq(r->path, at_hip("sphere_proxy.rs"));
	cr_assert_eq(r->kind, SP_REF_PROXY);
	cr_assert_eq(sp_scene_plugin_count(scene), 1);
	sp_scene_plugin_at(scene, 0, &name, &version);
	cr_assert_str_eq(name, "redshift");
	/* out/Redshift_ROP1.parm: redshidt_plugin_version ( 3 0 66 ) */
	cr_assert_str_eq(version, "3.0.66");
}

/*
 * cpio odc, 18.5.596.  obj/animate_balls/wires_cache.parm (filecache) trange "normal",
 * f [ f1 1 ] [ f2 240 ] 1 ($FSTART / $FEND, frange 1 240), loadfromdisk "on",
 * file $HIP/geo/$OS.$F.bgeo.sc: the cache is written by the unit and read when loading.
 */
Test(corpus, mops_coil_torus_hip)
{
	const sp_fileref *r;
	open_corpus("toadstorm__MOPS__examples__coil_torus.hip");
	cr_assert_str_eq(sp_scene_version(scene), "18.5.596");
	expect_rop("/obj/animate_balls/wires_cache", SP_UNIT_GEO, "filecache", "1-240[1]",
	           at_hip("geo/wires_cache.$F.bgeo.sc"), NULL);
	r = file_for("/obj/animate_balls/wires_cache", "file");
	cr_assert_str_eq(r->path, at_hip("geo/wires_cache.$F.bgeo.sc"));
	cr_assert_eq(r->flags & SP_REF_FRAMES, SP_REF_FRAMES);
}

/*
 * HouLC, 20.5.654, a Solaris scene with no ROP.  stage/domelight1.parm
 * xn__inputstexturefile_r3ah W:/git/hdr_cal/new_BLUE_sphere.exr (its
 * xn__inputstexturefile_control_shbh "set" is a mode, not a file).
 */
Test(corpus, hdr_cal_hiplc)
{
	const sp_fileref *r;
	open_corpus("mexxmillion__hdr_cal__test.hiplc");
	cr_assert_str_eq(sp_scene_version(scene), "20.5.654");
	cr_assert_eq(sp_scene_unit_count(scene), 0);
	r = file_for("/stage/domelight1", "xn__inputstexturefile_r3ah");
	cr_assert_str_eq(r->path, "W:/git/hdr_cal/new_BLUE_sphere.exr");
	cr_assert_eq(r->kind, SP_REF_TEXTURE);
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		cr_assert_null(strstr(sp_scene_file_at(scene, i)->attr, "_control_"));
}

/*
 * cpio odc, 12.5.497.  obj/SHOT_pyro_out/import_pyrofields.parm (dopio) trange "on",
 * f [ f1 -20 ] [ f2 80 ] 1 with .chn ch("../../SHOT_HUB/wrangex") / wrangey, parms that
 * obj/SHOT_HUB.parm does not hold: the cached -20 and 80 stand.  file has
 * `chs("../shot")`, and obj/SHOT_pyro_out's shot is `chs(chs("S")+"/shot")`: unresolved.
 */
Test(corpus, qlib_shot_multiple_shots_hip)
{
	open_corpus("qLab__qLib__examples__workflow__shot_ql_multiple_shots.hip");
	cr_assert_str_eq(sp_scene_version(scene), "12.5.497");
	expect_rop("/obj/SHOT_pyro_out/import_pyrofields", SP_UNIT_GEO, "dopio", "-20-80[1]",
	           at_hip("tmp--sim/pyro_`chs(\"../shot\")`_$F4.bgeo.gz"), NULL);
	cr_assert(has_tip(SP_TIP_UNRESOLVED_EXPRESSION, "/obj/SHOT_pyro_out/import_pyrofields", "file"));
	/* obj/SHOT_CACHE_PYRO/fetch1.parm source /obj/SHOT_pyro_out/import_pyrofields/render: the
	 * ROP inside the dopio asset, which the file does not hold, so the dopio is the source */
	cr_assert_str_eq(sp_unit_get(unit("/obj/SHOT_CACHE_PYRO/fetch1"), "source"),
	                 "/obj/SHOT_pyro_out/import_pyrofields");
	cr_assert_eq(sp_unit_kind_of(unit("/obj/SHOT_CACHE_PYRO/fetch1")), SP_UNIT_GEO);
}

/*
 * cpio odc, 12.5.497.  The out members: qLib::rop_tool_ql::1 (x5) and ifd mantra1 whose
 * vm_picture is ip; obj/RENDER is a ropnet with five more rop_tool_ql nodes.
 */
Test(corpus, qlib_rop_tool_hip)
{
	open_corpus("qLab__qLib__examples__rop_tool_ql_ROP.hip");
	cr_assert_str_eq(sp_scene_version(scene), "12.5.497");
	cr_assert_eq(sp_scene_unit_count(scene), 0);
	cr_assert(has_tip(SP_TIP_UNKNOWN_NODE_TYPE, "/out/render_this_range", "qLib::rop_tool_ql::1"));
	cr_assert(has_tip(SP_TIP_UNKNOWN_NODE_TYPE, "/obj/RENDER/caches_init", NULL));
}

/* Every corpus hip through the command line: exit 0 or 1 and four JSON files with the Houdini node lists. */
Test(corpus, every_hip_analyses_through_the_command_line, .timeout = 600)
{
	char *dir = tst_corpus("houdini"), *tmp = tst_mkdtemp();
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL) {
		char *args = NULL, *out = NULL, *err = NULL, *task = NULL, *text;
		cJSON *doc, *render;
		int rc;
		size_t len = strlen(e->d_name);
		if (!(len > 4 && strcmp(e->d_name + len - 4, ".hip") == 0) &&
		    !(len > 6 && (strcmp(e->d_name + len - 6, ".hipnc") == 0 ||
		                  strcmp(e->d_name + len - 6, ".hiplc") == 0)))
			continue;
		cr_assert(asprintf(&args, "analyze '%s/%s' -o '%s/%d' -q", dir, e->d_name, tmp, n) > 0);
		rc = tst_run(args, &out, &err);
		cr_assert(rc == 0 || rc == 1, "%s: exit %d: %s", e->d_name, rc, err);
		cr_assert(err == NULL || strstr(err, "Sanitizer") == NULL, "%s: %s", e->d_name, err);
		cr_assert(asprintf(&task, "%s/%d/task.json", tmp, n) > 0);
		text = tst_read(task, NULL);
		cr_assert_not_null(text, "%s: no task.json", e->d_name);
		doc = cJSON_Parse(text);
		cr_assert_not_null(doc, "%s: task.json is not JSON", e->d_name);
		render = cJSON_GetObjectItem(doc, "scene_info_render");
		cr_assert(cJSON_IsArray(cJSON_GetObjectItem(render, "rop_node")), "%s", e->d_name);
		cr_assert(cJSON_IsArray(cJSON_GetObjectItem(render, "geo_node")), "%s", e->d_name);
		cJSON_Delete(doc);
		free(text);
		free(task);
		free(args);
		free(out);
		free(err);
		n++;
	}
	closedir(d);
	cr_assert_geq(n, 28, "only %d hips found", n);
	tst_rmtree(tmp);
	free(tmp);
	free(dir);
}
