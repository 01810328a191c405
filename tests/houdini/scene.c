/* Whole scenes written by the tests, read through sp_houdini_read: ROP units, frames, outputs, files, tips.
 */
#define _GNU_SOURCE
#include "scene_impl.h"
#include "sp_houdini.h"
#include "support.h"
#include "testkit.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmp;
static sp_ctx *ctx;
static sp_scene *scene;

TST_WORLD_SUITE(scene, ctx, tmp, scene);

static int read_scene(const tk_bytes *b, const char *name, const sp_houdini_options *opts)
{
	char *path = tst_join(tmp, name);
	tst_write(tmp, name, b->p, b->n);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_HOUDINI, path), 0);
	free(path);
	return sp_houdini_read(scene, opts);
}

#define unit(name) tst_find_unit(scene, (name))

#define frames_of(u) tst_frames(u)

static const sp_fileref *file_for(const char *node, const char *attr)
{
	for (size_t i = 0; i < sp_scene_file_count(scene); i++) {
		const sp_fileref *r = sp_scene_file_at(scene, i);
		if (r->node && strcmp(r->node, node) == 0 && strcmp(r->attr, attr) == 0)
			return r;
	}
	return NULL;
}

/* 1 when a tip with `code` has a message containing every one of the given words. */
static int has_tip(int code, const char *w1, const char *w2)
{
	const sp_strvec *msgs = sp__scene_tip_messages(scene, code);
	for (size_t i = 0; msgs && i < msgs->count; i++)
		if (strstr(msgs->items[i], w1) && (!w2 || strstr(msgs->items[i], w2)))
			return 1;
	return 0;
}

static char *in_tmp(const char *rel)
{
	return tst_join(tmp, rel);
}

static void shot_scene(tk_bytes *b)
{
	static const char *const cam[] = {"res=1920\t1080", NULL};
	static const char *const beauty[] = {"trange=\"normal\"",
	                                     "f=[ f1\t1 ] \t[ f2\t240 ] \t2",
	                                     "camera=/obj/cam1",
	                                     "vm_picture=$HIP/render/$OS.$F4.exr",
	                                     "soho_diskfile=$HIP/ifd/$OS.ifd",
	                                     NULL};
	static const char *const bypassed[] = {"trange=\"off\"", "camera=/obj/cam1", "vm_picture=$HIP/b.exr",
	                                       NULL};
	static const char *const nocam[] = {"camera=/obj/missing_cam", "vm_picture=$HIP/n.exr", NULL};
	static const char *const preview[] = {"camera=/obj/cam1", "vm_picture=ip", NULL};
	static const char *const rs[] = {"trange=\"on\"", "f=10\t20\t1", "RS_renderCamera=../../obj/cam1",
	                                 "RS_outputFileNamePrefix=`chs(\\\"../beauty/vm_picture\\\")`", NULL};
	static const char *const wedge[] = {"camera=/obj/cam1", "picture=$HIP/w/$OS.`@wedgeindex`.$F4.exr",
	                                    NULL};
	static const char *const fetch[] = {"source=../beauty", NULL};
	static const char *const cache[] = {"trange=\"off\"", "sopoutput=$JOB/cache/$SEQ.$F4.bgeo.sc", NULL};
	static const char *const file1[] = {"filemode=\"read\"", "file=$HIP/geo/rock.$F4.bgeo.sc", NULL};
	static const char *const writer[] = {"filemode=\"write\"", "file=$HIP/geo/out.bgeo.sc", NULL};
	static const char *const abc[] = {"fileName=$HIP/abc/hero.abc", "notes=$HIP/docs/readme.txt", NULL};
	static const char *const font[] = {"file=\"Helvetica Bold\"", NULL};
	static const char *const pbr[] = {"basecolor_texture=$HIP/tex/wood.<UDIM>.rat",
	                                  "rough_texture=opdef:/Vop/thing?rough.rat",
	                                  "metallic_texture=temp:metal.rat",
	                                  "spare_path=$HIP/tex/extra/spec.%(UDIM)d.exr",
	                                  "scatter=default.pic",
	                                  NULL};
	static const char chn[] =
	    "{\n channel f1 {\n segment { length = 0 value = 1 1 expr = $FSTART }\n }\n"
	    " channel f2 {\n segment { length = 0 value = 240 240 expr = $FEND }\n }\n}\n";
	static const char zipped[] =
	    "{\nversion 0.8\nfile\t[ 0\tlocks=0 ]\t(\t$HIP/geo/zipped.$F4.bgeo.sc\t)\n}\n";
	tk_bytes gz = {0};
	tk_odc(b, ".start",
	       "fplayback -i on\ntcur 0\nfps 24\ntset 41.666666666666664 45.833333333333336\nframe 1\nfrange "
	       "1001 1100\n",
	       TK_STR);
	tk_odc(b, ".variables",
	       "set -g HIP = '/saved/elsewhere'\nset -g HIPNAME = 'old.hip'\nset -g JOB = '/saved/job'\n"
	       "set -g SEQ = 'sq01'\nset -g _HIP_SAVEVERSION = '20.5.410'\n",
	       TK_STR);
	tk_odc(b, ".OPdummydefs", "070707 an embedded header that must never be read as one", TK_STR);
	tk_odc_node(b, "obj/cam1", "cam", 0, cam);
	tk_odc_node(b, "out/beauty", "ifd", 0, beauty);
	tk_odc(b, "out/beauty.chn", chn, TK_STR);
	tk_odc_node(b, "out/bypassed", "ifd", 1, bypassed);
	tk_odc_node(b, "out/nocam", "ifd", 0, nocam);
	tk_odc_node(b, "out/preview", "ifd", 0, preview);
	tk_odc_node(b, "out/rs", "Redshift_ROP", 0, rs);
	tk_odc_node(b, "out/wedge_gl", "opengl", 0, wedge);
	tk_odc_node(b, "out/fetch1", "fetch", 0, fetch);
	tk_odc_node(b, "obj/geo1", "geo", 0, NULL);
	tk_odc_node(b, "obj/geo1/cache", "rop_geometry", 0, cache);
	tk_odc_node(b, "obj/geo1/file1", "file", 0, file1);
	tk_odc_node(b, "obj/geo1/writer", "file", 0, writer);
	tk_odc_node(b, "obj/geo1/abc", "alembic", 0, abc);
	tk_odc_node(b, "obj/geo1/font1", "font", 0, font);
	tk_odc_node(b, "mat/pbr", "principledshader::2.0", 0, pbr);
	/* a node whose .parm member Houdini wrote gzip-compressed: real deflate bytes */
	tk_odc(b, "obj/geo1/zipped.init", "type = file\n", TK_STR);
	tk_gzip(&gz, zipped, sizeof(zipped) - 1);
	tk_odc(b, "obj/geo1/zipped.parm", gz.p, gz.n);
	tk_free(&gz);
	tk_odc_end(b);
}

Test(scene, render_rop_frames_from_channels_output_camera_and_resolution)
{
	tk_bytes b = {0};
	char *want = in_tmp("render/beauty.$F4.exr");
	sp_unit *u;
	shot_scene(&b);
	cr_assert_eq(read_scene(&b, "shot.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_str_eq(sp_scene_version(scene), "20.5.410");
	u = unit("/out/beauty");
	cr_assert_not_null(u);
	cr_assert_eq(sp_unit_kind_of(u), SP_UNIT_ROP);
	cr_assert_eq(sp_unit_renderable(u), 1);
	cr_assert_str_eq(frames_of(u), "1001-1100[2]");
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_NODE_TYPE), "ifd");
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_OUTPUT), want); /* $HIP is where the file is now */
	cr_assert_str_eq(sp_unit_get(u, "camera"), "/obj/cam1");
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_WIDTH), "1920");
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_HEIGHT), "1080");
	cr_assert_eq(sp_unit_camera_count(u), 1);
	free(want);
	tk_free(&b);
}

Test(scene, bypassed_missing_camera_viewer_and_fetch_rops)
{
	tk_bytes b = {0};
	char *want = in_tmp("render/beauty.$F4.exr");
	sp_unit *u;
	shot_scene(&b);
	cr_assert_eq(read_scene(&b, "shot.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	u = unit("/out/bypassed");
	cr_assert_not_null(u);
	cr_assert_eq(sp_unit_renderable(u), 0);
	cr_assert_str_eq(frames_of(u), "1-1[1]"); /* trange off: the current frame, tcur 0 at 24 fps */
	cr_assert_not_null(unit("/out/nocam"));
	cr_assert(has_tip(SP_TIP_HOUDINI_CAMERA, "/out/nocam", "/obj/missing_cam"));
	cr_assert_not(has_tip(SP_TIP_HOUDINI_CAMERA, "/out/beauty", NULL));
	cr_assert_null(unit("/out/preview"), "an 'ip' output renders to a viewer, not a farm job");
	u = unit("/out/fetch1");
	cr_assert_not_null(u);
	cr_assert_str_eq(sp_unit_get(u, "source"), "/out/beauty");
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_NODE_TYPE), "ifd");
	cr_assert_str_eq(frames_of(u), "1001-1100[2]");
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_OUTPUT), want);
	free(want);
	tk_free(&b);
}

Test(scene, backtick_outputs_resolve_or_are_reported)
{
	tk_bytes b = {0};
	char *want = in_tmp("render/beauty.$F4.exr");
	sp_unit *u;
	shot_scene(&b);
	cr_assert_eq(read_scene(&b, "shot.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	u = unit("/out/rs");
	cr_assert_not_null(u);
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_OUTPUT), want); /* chs() to another ROP, $OS of that ROP */
	cr_assert_str_eq(sp_unit_get(u, "camera"), "../../obj/cam1");
	cr_assert_eq(sp_unit_camera_count(u), 1, "a relative camera path resolves from the ROP");
	cr_assert_str_eq(frames_of(u), "10-20[1]");
	u = unit("/out/wedge_gl");
	cr_assert_not_null(u);
	cr_assert(strstr(sp_unit_get(u, SP_PROP_OUTPUT), "`@wedgeindex`") != NULL);
	cr_assert(has_tip(SP_TIP_UNRESOLVED_EXPRESSION, "/out/wedge_gl", "picture"));
	free(want);
	tk_free(&b);
}

Test(scene, cache_rop_uses_job_from_the_environment_over_the_file)
{
	tk_bytes b = {0};
	sp_unit *u;
	shot_scene(&b);
	cr_assert_eq(sp_ctx_set_env(ctx, "JOB", "/farm/job"), 0);
	cr_assert_eq(read_scene(&b, "shot.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	u = unit("/obj/geo1/cache");
	cr_assert_not_null(u);
	cr_assert_eq(sp_unit_kind_of(u), SP_UNIT_GEO);
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_OUTPUT), "/farm/job/cache/sq01.$F4.bgeo.sc");
	cr_assert_str_eq(frames_of(u), "1-1[1]");
	tk_free(&b);
}

Test(scene, job_option_wins_and_saved_job_is_the_fallback)
{
	tk_bytes b = {0};
	sp_houdini_options o = SP_HOUDINI_OPTIONS_INIT;
	shot_scene(&b);
	o.job = "/opt/job";
	cr_assert_eq(read_scene(&b, "shot.hip", &o), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_str_eq(sp_unit_get(unit("/obj/geo1/cache"), SP_PROP_OUTPUT),
	                 "/opt/job/cache/sq01.$F4.bgeo.sc");
	sp_scene_free(scene);
	scene = NULL;
	if (!getenv("JOB")) {
		cr_assert_eq(read_scene(&b, "shot2.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
		cr_assert_str_eq(sp_unit_get(unit("/obj/geo1/cache"), SP_PROP_OUTPUT),
		                 "/saved/job/cache/sq01.$F4.bgeo.sc");
	}
	tk_free(&b);
}

Test(scene, input_files_from_the_table_and_the_extension_rule)
{
	tk_bytes b = {0};
	char *rock = in_tmp("geo/rock.$F4.bgeo.sc"), *wood = in_tmp("tex/wood.<UDIM>.rat");
	char *spec = in_tmp("tex/extra/spec.%(UDIM)d.exr"), *hero = in_tmp("abc/hero.abc");
	const sp_fileref *r;
	shot_scene(&b);
	cr_assert_eq(read_scene(&b, "shot.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	r = file_for("/obj/geo1/file1", "file");
	cr_assert_not_null(r);
	cr_assert_str_eq(r->path, rock);
	cr_assert_eq(r->kind, SP_REF_CACHE);
	cr_assert_eq(r->flags & (SP_REF_FRAMES | SP_REF_TILES), SP_REF_FRAMES);
	cr_assert_str_eq(r->source, sp_scene_path(scene));
	r = file_for("/mat/pbr", "basecolor_texture");
	cr_assert_not_null(r);
	cr_assert_str_eq(r->path, wood);
	cr_assert_eq(r->kind, SP_REF_TEXTURE);
	cr_assert_eq(r->flags & (SP_REF_FRAMES | SP_REF_TILES), SP_REF_TILES);
	r = file_for("/mat/pbr", "spare_path"); /* not in the table: found by its extension */
	cr_assert_not_null(r);
	cr_assert_str_eq(r->path, spec);
	cr_assert_eq(r->flags & SP_REF_TILES, SP_REF_TILES);
	r = file_for("/obj/geo1/abc", "fileName");
	cr_assert_not_null(r);
	cr_assert_str_eq(r->path, hero);
	cr_assert_null(file_for("/obj/geo1/abc", "notes"));
	cr_assert_null(file_for("/mat/pbr", "rough_texture"), "opdef: is inside an HDA");
	cr_assert_null(file_for("/mat/pbr", "metallic_texture"), "temp: is the render's temp folder");
	cr_assert_null(file_for("/mat/pbr", "scatter"), "a bundled default file");
	cr_assert_null(file_for("/obj/geo1/writer", "file"), "a file SOP in write mode is an output");
	cr_assert_null(file_for("/obj/geo1/font1", "file"), "a font name is not a file");
	cr_assert_null(file_for("/out/beauty", "vm_picture"), "ROP outputs are never inputs");
	cr_assert_null(file_for("/out/beauty", "soho_diskfile"));
	cr_assert_null(file_for("/obj/geo1/cache", "sopoutput"));
	free(rock);
	free(wood);
	free(spec);
	free(hero);
	tk_free(&b);
}

Test(scene, plugins_from_node_types_and_gzip_members_read)
{
	tk_bytes b = {0};
	const char *name, *version;
	const sp_fileref *r;
	char *want = in_tmp("geo/zipped.$F4.bgeo.sc");
	shot_scene(&b);
	cr_assert_eq(read_scene(&b, "shot.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_scene_plugin_count(scene), 1);
	sp_scene_plugin_at(scene, 0, &name, &version);
	cr_assert_str_eq(name, "redshift");
	/* the compressed .parm was inflated and read like any other */
	r = file_for("/obj/geo1/zipped", "file");
	cr_assert_not_null(r);
	cr_assert_str_eq(r->path, want);
	cr_assert(r->flags & SP_REF_FRAMES);
	cr_assert_null(sp__scene_tip_messages(scene, SP_TIP_REFERENCE_NOT_READ));
	free(want);
	tk_free(&b);
}

/* Apprentice file whose .OPdummydefs holds a complete archive with an /out ROP of its own. */
Test(scene, hounc_nested_archive_members_never_become_nodes)
{
	static const char *const m1[] = {"vm_picture=$HIP/r/$OS.$F4.exr", "camera=/obj/cam1", NULL};
	tk_bytes b = {0}, inner = {0}, node = {0};
	sp_unit *u;
	tk_hnc(&inner, "HouNC", "out/ghost.init", "type = ifd\n", TK_STR);
	tk_hnc(&inner, "HouNC", "out/ghost.parm", "{\nvm_picture\t[ 0\tlocks=0 ]\t(\t/ghost.exr\t)\n}\n",
	       TK_STR);
	tk_hnc_end(&inner, "HouNC");
	tk_hnc(&b, "HouNC", ".start", "fps 24\ntcur 1\nfrange 1 48\n", TK_STR);
	tk_hnc(&b, "HouNC", ".variables", "set -g _HIP_SAVEVERSION = '19.5.303'\n", TK_STR);
	tk_hnc(&b, "HouNC", ".OPdummydefs", inner.p, inner.n);
	tk_hnc(&b, "HouNC", "out/m1.init", "type = ifd\n", TK_STR);
	tk_parm(&node, m1);
	tk_hnc(&b, "HouNC", "out/m1.parm", node.p, node.n);
	tk_hnc_end(&b, "HouNC");
	cr_assert_eq(read_scene(&b, "learn.hipnc", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_str_eq(sp_scene_version(scene), "19.5.303");
	cr_assert_null(unit("/out/ghost"));
	u = unit("/out/m1");
	cr_assert_not_null(u);
	cr_assert_str_eq(frames_of(u), "25-25[1]"); /* tcur 1 s at 24 fps is frame 25 */
	cr_assert(has_tip(SP_TIP_HOUDINI_CAMERA, "/out/m1", "/obj/cam1"));
	tk_free(&inner);
	tk_free(&node);
	tk_free(&b);
}

Test(scene, mime_text_hip_is_read_like_cpio)
{
	static const char *const m1[] = {"trange=\"normal\"", "f=1\t5\t1", "picture=$HIP/gl/$HIPNAME.$F4.png",
	                                 NULL};
	tk_bytes b = {0}, parm = {0};
	char *want = in_tmp("gl/ascii.$F4.png");
	sp_unit *u;
	tk_parm(&parm, m1);
	tk_mime_begin(&b);
	tk_mime_text(&b, ".start", "fps 24\ntcur 0\nfrange 1 240\n");
	tk_mime_text(&b, ".variables", "set -g _HIP_SAVEVERSION = '18.0.391'\n");
	tk_mime_base64(&b, ".OPdummydefs", "INDX\0\0\0binary", 14, 8);
	tk_mime_text(&b, "out/gl.init", "type = opengl\nmatchesdef = 0\n");
	tk_mime_text(&b, "out/gl.parm", parm.p);
	tk_mime_end(&b);
	cr_assert_eq(read_scene(&b, "ascii.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_str_eq(sp_scene_version(scene), "18.0.391");
	u = unit("/out/gl");
	cr_assert_not_null(u);
	cr_assert_str_eq(frames_of(u), "1-5[1]");
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_OUTPUT), want);
	free(want);
	tk_free(&parm);
	tk_free(&b);
}

Test(scene, corrupt_archive_fails_with_the_member_and_offset)
{
	tk_bytes b = {0};
	shot_scene(&b);
	b.n = 400; /* cut inside .variables or the dummy defs */
	cr_assert_eq(read_scene(&b, "cut.hip", NULL), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "offset") != NULL, "%s", sp_ctx_last_error(ctx));
	cr_assert(strstr(sp_ctx_last_error(ctx), "cut.hip") != NULL, "%s", sp_ctx_last_error(ctx));
	tk_free(&b);
}

/* Spare parameters typed file/image/geometry in .spareparmdef are inputs even without a folder part. */
Test(scene, spare_parameters_typed_as_files_are_inputs)
{
	static const char spare[] =
	    "    group {\n        name    \"stdswitcher3\"\n"
	    "        parm {\n            name    \"vm_background\"\n            label   \"Background\"\n"
	    "            type    image\n            default { \"\" }\n"
	    "            parmtag { \"filechooser_mode\" \"read\" }\n        }\n"
	    "        parm {\n            name    \"bake_out\"\n            type    file\n"
	    "            parmtag { \"filechooser_mode\" \"write\" }\n        }\n"
	    "        parm {\n            name    \"label\"\n            type    string\n        }\n"
	    "        multiparm {\n            name    \"layers\"\n"
	    "            parm {\n                name    \"layerfile#\"\n                type    geometry\n"
	    "            }\n        }\n    }\n";
	static const char *const parms[] = {"vm_background=plate.jpg",
	                                    "bake_out=baked.exr",
	                                    "label=notes.txt.jpg",
	                                    "layers=2",
	                                    "layerfile1=$HIP/geo/a.bgeo",
	                                    "layerfile2=b.abc",
	                                    NULL};
	tk_bytes b = {0};
	char *a = in_tmp("geo/a.bgeo");
	const sp_fileref *r;
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc_node(&b, "obj/cam1", "cam", 0, parms);
	tk_odc(&b, "obj/cam1.spareparmdef", spare, TK_STR);
	tk_odc_end(&b);
	cr_assert_eq(read_scene(&b, "spare.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	r = file_for("/obj/cam1", "vm_background");
	cr_assert_not_null(r);
	cr_assert_str_eq(r->path, "plate.jpg");
	cr_assert_eq(r->kind, SP_REF_TEXTURE);
	cr_assert_null(file_for("/obj/cam1", "bake_out"), "a write-mode file chooser names an output");
	cr_assert_null(file_for("/obj/cam1", "label"), "a string parameter without a folder is not a file");
	r = file_for("/obj/cam1", "layerfile1");
	cr_assert_not_null(r);
	cr_assert_str_eq(r->path, a);
	r = file_for("/obj/cam1", "layerfile2");
	cr_assert_not_null(r);
	cr_assert_eq(r->kind, SP_REF_CACHE);
	free(a);
	tk_free(&b);
}

/* Only a line's first word is a key: a label with "type " or "name " in it names nothing. */
Test(scene, spare_parameter_keys_are_read_at_line_starts_only)
{
	static const char spare[] = "    parm {\n        name    \"plate\"\n"
	                            "        label   \"Plate name or type of file\"\n"
	                            "        type    image\n        default { \"\" }\n    }\n"
	                            "    parm {\n        name    \"notes\"\n"
	                            "        label   \"Notes type file\"\n        type    string\n    }\n";
	static const char *const parms[] = {"plate=plate.jpg", "notes=notes.txt.jpg", NULL};
	tk_bytes b = {0};
	const sp_fileref *r;
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc_node(&b, "obj/cam1", "cam", 0, parms);
	tk_odc(&b, "obj/cam1.spareparmdef", spare, TK_STR);
	tk_odc_end(&b);
	cr_assert_eq(read_scene(&b, "spare_keys.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	r = file_for("/obj/cam1", "plate");
	cr_assert_not_null(r, "the image parameter whose label says 'type of' is an input");
	cr_assert_str_eq(r->path, "plate.jpg");
	cr_assert_eq(r->kind, SP_REF_TEXTURE);
	cr_assert_null(file_for("/obj/cam1", "notes"), "a string parameter is not typed by its label");
	tk_free(&b);
}

Test(scene, folder_only_output_and_output_read_back_are_reported)
{
	static const char *const folder[] = {"camera=/obj/cam1", "vm_picture=$HIP/render/", NULL};
	static const char *const cache[] = {"sopoutput=$HIP/geo/sim.$F4.bgeo.sc", NULL};
	static const char *const reader[] = {"file=$HIP/geo/sim.$F4.bgeo.sc", NULL};
	static const char *const old[] = {"sopoutput=$HIP/geo/old.$F4.bgeo.sc", NULL};
	static const char *const cam[] = {"res=640\t480", NULL};
	tk_bytes b = {0};
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc_node(&b, "obj/cam1", "cam", 0, cam);
	tk_odc_node(&b, "out/folder_only", "ifd", 0, folder);
	tk_odc_node(&b, "out/sim_cache", "geometry", 0, cache);
	tk_odc_node(&b, "out/old_cache", "geometry", 1, old);
	tk_odc_node(&b, "obj/geo1/file1", "file", 0, reader);
	tk_odc_end(&b);
	cr_assert_eq(read_scene(&b, "loop.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(has_tip(SP_TIP_BAD_OUTPUT_PATH, "/out/folder_only", "vm_picture"));
	cr_assert_not(has_tip(SP_TIP_BAD_OUTPUT_PATH, "/out/sim_cache", NULL));
	cr_assert(has_tip(SP_TIP_OUTPUT_IS_INPUT, "/out/sim_cache", "/obj/geo1/file1.file"));
	cr_assert_not(has_tip(SP_TIP_OUTPUT_IS_INPUT, "/out/old_cache", NULL),
	              "a bypassed ROP writes nothing");
	/* the cache is written by an enabled ROP of the job: not having it yet is no error */
	const sp_fileref *r = file_for("/obj/geo1/file1", "file");
	cr_assert_not_null(r);
	cr_assert(r->flags & SP_REF_OPTIONAL);
	tk_free(&b);
}

Test(scene, an_output_is_an_input_only_when_the_two_patterns_can_name_one_file)
{
	static const char *const writer[] = {"sopoutput=$HIP/cache/CloudA.$F4.vdb", NULL};
	static const char *const other[] = {"file=$HIP/cache/CloudM.$F4.vdb", NULL};
	static const char *const one_frame[] = {"file=$HIP/cache/CloudA.0012.vdb", NULL};
	static const char *const braced[] = {"file=$HIP/cache/CloudA.${F4}.vdb", NULL};
	static const char *const word[] = {"file=$HIP/cache/CloudA.final.vdb", NULL};
	tk_bytes b = {0};
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc_node(&b, "out/cloud", "geometry", 0, writer);
	tk_odc_node(&b, "obj/geo1/other", "file", 0, other);
	tk_odc_node(&b, "obj/geo1/word", "file", 0, word);
	tk_odc_end(&b);
	cr_assert_eq(read_scene(&b, "folder.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_null(sp__scene_tip_messages(scene, SP_TIP_OUTPUT_IS_INPUT),
	               "files that only share the cache folder are no conflict");
	sp_scene_free(scene);
	scene = NULL;
	for (int k = 0; k < 2; k++) {
		b.n = 0;
		tk_odc(&b, ".start", "fps 24\n", TK_STR);
		tk_odc_node(&b, "out/cloud", "geometry", 0, writer);
		tk_odc_node(&b, "obj/geo1/reader", "file", 0, k ? braced : one_frame);
		tk_odc_end(&b);
		cr_assert_eq(read_scene(&b, "same.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
		cr_assert(has_tip(SP_TIP_OUTPUT_IS_INPUT, "/out/cloud", "/obj/geo1/reader.file"));
		sp_scene_free(scene);
		scene = NULL;
	}
	tk_free(&b);
}

Test(scene, a_cache_whose_writer_is_bypassed_is_a_required_input)
{
	static const char *const cache[] = {"sopoutput=$HIP/geo/sim.$F4.bgeo.sc", NULL};
	static const char *const reader[] = {"file=$HIP/geo/sim.$F4.bgeo.sc", NULL};
	tk_bytes b = {0};
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc_node(&b, "out/sim_cache", "geometry", 1, cache);
	tk_odc_node(&b, "obj/geo1/file1", "file", 0, reader);
	tk_odc_end(&b);
	cr_assert_eq(read_scene(&b, "bypassed.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	const sp_fileref *r = file_for("/obj/geo1/file1", "file");
	cr_assert_not_null(r);
	cr_assert_not(r->flags & SP_REF_OPTIONAL, "nothing in the job writes it");
	tk_free(&b);
}

Test(scene, rop_resolution_overrides_the_camera)
{
	static const char *const cam[] = {"res=1920\t1080", NULL};
	static const char *const specific[] = {"camera=/obj/cam1",          "vm_picture=$HIP/a.exr",
	                                       "override_camerares=\"on\"", "res_fraction=specific",
	                                       "res_override=2048\t858",    NULL};
	static const char *const off[] = {"camera=/obj/cam1",           "vm_picture=$HIP/b.exr",
	                                  "override_camerares=\"off\"", "res_fraction=specific",
	                                  "res_override=2048\t858",     NULL};
	static const char *const rs[] = {"RS_renderCamera=/obj/cam1",   "RS_outputFileNamePrefix=$HIP/c.exr",
	                                 "RS_overrideCameraRes=\"on\"", "RS_overrideResScale=\"0.25\"",
	                                 "RS_overrideRes=100\t100",     NULL};
	tk_bytes b = {0};
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc_node(&b, "obj/cam1", "cam", 0, cam);
	tk_odc_node(&b, "out/specific", "ifd", 0, specific);
	tk_odc_node(&b, "out/off", "ifd", 0, off);
	tk_odc_node(&b, "out/rs", "Redshift_ROP", 0, rs);
	tk_odc_end(&b);
	cr_assert_eq(read_scene(&b, "res.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_str_eq(sp_unit_get(unit("/out/specific"), SP_PROP_WIDTH), "2048");
	cr_assert_str_eq(sp_unit_get(unit("/out/specific"), SP_PROP_HEIGHT), "858");
	cr_assert_str_eq(sp_unit_get(unit("/out/off"), SP_PROP_WIDTH), "1920");
	cr_assert_str_eq(sp_unit_get(unit("/out/rs"), SP_PROP_WIDTH), "480");
	cr_assert_str_eq(sp_unit_get(unit("/out/rs"), SP_PROP_HEIGHT), "270");
	tk_free(&b);
}

Test(scene, rop_networks_reach_through_subnets_and_solaris_karma_renders)
{
	static const char *const m[] = {"camera=/obj/cam1", "vm_picture=$HIP/sub.$F4.exr", NULL};
	static const char *const abc_sop[] = {"fileName=$HIP/in.abc", NULL};
	static const char *const abc_rop[] = {"filename=$HIP/out.abc", "trange=\"normal\"", "f=1\t10\t1",
	                                      NULL};
	static const char *const karma[] = {"camera=/cameras/shot", "picture=$HIP/karma/$OS.$F4.exr", NULL};
	tk_bytes b = {0};
	char *abc = in_tmp("in.abc");
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc_node(&b, "obj/cam1", "cam", 0, NULL);
	tk_odc_node(&b, "out/sub1", "subnet", 0, NULL);
	tk_odc_node(&b, "out/sub1/m", "ifd", 0, m);
	tk_odc_node(&b, "out/sub1/abc_out", "alembic", 0, abc_rop);
	tk_odc_node(&b, "obj/geo1", "geo", 0, NULL);
	tk_odc_node(&b, "obj/geo1/sub", "subnet", 0, NULL);
	tk_odc_node(&b, "obj/geo1/sub/alembic1", "alembic", 0, abc_sop);
	tk_odc_node(&b, "stage", "lopnet", 0, NULL);
	tk_odc_node(&b, "stage/karma1", "karma", 0, karma);
	tk_odc_end(&b);
	cr_assert_eq(read_scene(&b, "nets.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_not_null(unit("/out/sub1/m"));
	cr_assert_not_null(unit("/out/sub1/abc_out"));
	cr_assert_eq(sp_unit_kind_of(unit("/out/sub1/abc_out")), SP_UNIT_GEO);
	cr_assert_null(unit("/obj/geo1/sub/alembic1"), "the Alembic SOP reads, it does not write");
	cr_assert_str_eq(file_for("/obj/geo1/sub/alembic1", "fileName")->path, abc);
	cr_assert_not_null(unit("/stage/karma1"));
	cr_assert_str_eq(sp_unit_get(unit("/stage/karma1"), "camera"), "/cameras/shot");
	cr_assert_not(has_tip(SP_TIP_HOUDINI_CAMERA, "/stage/karma1", NULL), "a USD prim path is not a node");
	free(abc);
	tk_free(&b);
}

Test(scene, unknown_rop_types_and_dangling_fetches_are_reported_not_submitted)
{
	static const char *const tool[] = {"trange=\"normal\"", "f=1\t10\t1", NULL};
	static const char *const fetch[] = {"source=/obj/asset1/RENDER", NULL};
	tk_bytes b = {0};
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc_node(&b, "out/tool", "studio::rop_magic::2", 0, tool);
	tk_odc_node(&b, "out/null1", "null", 0, NULL);
	tk_odc_node(&b, "out/fetch_locked", "fetch", 0, fetch);
	tk_odc_node(&b, "obj/geo1", "geo", 0, NULL);
	tk_odc_node(&b, "obj/geo1/mystery", "studio::sop_magic::1", 0, tool);
	tk_odc_end(&b);
	cr_assert_eq(read_scene(&b, "unknown.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_scene_unit_count(scene), 0);
	cr_assert(has_tip(SP_TIP_UNKNOWN_NODE_TYPE, "/out/tool", "studio::rop_magic::2"));
	cr_assert(has_tip(SP_TIP_UNKNOWN_NODE_TYPE, "/out/fetch_locked", "/obj/asset1/RENDER"));
	cr_assert_not(has_tip(SP_TIP_UNKNOWN_NODE_TYPE, "/out/null1", NULL));
	cr_assert_not(has_tip(SP_TIP_UNKNOWN_NODE_TYPE, "/obj/geo1/mystery", NULL),
	              "only ROP networks are checked");
	tk_free(&b);
}

Test(scene, output_with_a_variable_nothing_sets_is_reported)
{
	static const char *const m[] = {"camera=/obj/cam1", "vm_picture=$RENDER_ROOT_NOT_SET_9/$OS.$F4.exr",
	                                NULL};
	static const char *const ok[] = {"camera=/obj/cam1", "vm_picture=$HIP/$OS.${F4}.exr", NULL};
	tk_bytes b = {0};
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc_node(&b, "obj/cam1", "cam", 0, NULL);
	tk_odc_node(&b, "out/m", "ifd", 0, m);
	tk_odc_node(&b, "out/ok", "ifd", 0, ok);
	tk_odc_end(&b);
	cr_assert_eq(read_scene(&b, "vars.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_str_eq(sp_unit_get(unit("/out/m"), SP_PROP_OUTPUT), "$RENDER_ROOT_NOT_SET_9/m.$F4.exr");
	cr_assert(has_tip(SP_TIP_UNRESOLVED_VARIABLE, "/out/m", "RENDER_ROOT_NOT_SET_9"));
	cr_assert_not(has_tip(SP_TIP_UNRESOLVED_VARIABLE, "/out/ok", NULL));
	tk_free(&b);
}

/* ---- File Cache: constructed paths ---------------------------------------------------------- */

static void filecache_scene(tk_bytes *b)
{
	/* version driven by a channel that reads another node's parameter */
	static const char *const fc1[] = {"filemethod=\"constructed\"",
	                                  "basedir=$HIP/cache",
	                                  "basename=$OS",
	                                  "enableversion=\"on\"",
	                                  "version=[ version\t1 ] ",
	                                  "timedependent=\"on\"",
	                                  "filetype=\"bgeo.sc\"",
	                                  "file=$HIP/geo/stale.$F.bgeo.sc",
	                                  "loadfromdisk=\"off\"",
	                                  "trange=\"normal\"",
	                                  "f=1\t10\t1",
	                                  NULL};
	static const char fc1_chn[] =
	    "{\n channel version {\n segment { length = 0 expr = ch(\\\"../ctl/ver\\\") }\n }\n}\n";
	static const char *const ctl[] = {"ver=7", NULL};
	static const char *const fc2[] = {"filemethod=\"constructed\"",
	                                  "basedir=$JOB/sim",
	                                  "basename=smoke",
	                                  "enableversion=\"off\"",
	                                  "version=4",
	                                  "timedependent=\"off\"",
	                                  "filetype=\"vdb\"",
	                                  "file=$HIP/stale.vdb",
	                                  "loadfromdisk=\"on\"",
	                                  "trange=\"off\"",
	                                  NULL};
	static const char *const fc3[] = {"filemethod=\"explicit\"", "basedir=$HIP/cache", "basename=$OS",
	                                  "file=$HIP/geo/explicit.$F4.bgeo.sc", NULL};
	static const char *const fc4[] = {"loadfromdisk=\"off\"", "file=$HIP/geo/$OS.$F.bgeo.sc", NULL};
	tk_odc(b, ".start", "fplayback -i on\ntcur 0\nfps 24\nfrange 1 100\n", TK_STR);
	tk_odc(b, ".variables", "set -g JOB = '/proj/x'\nset -g _HIP_SAVEVERSION = '20.5.410'\n", TK_STR);
	tk_odc_node(b, "obj/geo1", "geo", 0, NULL);
	tk_odc_node(b, "obj/geo1/ctl", "null", 0, ctl);
	tk_odc_node(b, "obj/geo1/fc1", "filecache::2.0", 0, fc1);
	tk_odc(b, "obj/geo1/fc1.chn", fc1_chn, TK_STR);
	tk_odc_node(b, "obj/geo1/fc2", "filecache::2.0", 0, fc2);
	tk_odc_node(b, "obj/geo1/fc3", "filecache::2.0", 0, fc3);
	tk_odc_node(b, "obj/geo1/fc4", "filecache", 0, fc4);
	tk_odc_end(b);
}

Test(scene, constructed_filecache_writes_basedir_basename_version_frame_paths)
{
	tk_bytes b = {0};
	char *fc1 = in_tmp("cache/fc1/v7/fc1_v7.$F4.bgeo.sc"), *fc3 = in_tmp("geo/explicit.$F4.bgeo.sc");
	char *fc4 = in_tmp("geo/fc4.$F.bgeo.sc");
	filecache_scene(&b);
	cr_assert_eq(read_scene(&b, "fc.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_not_null(unit("/obj/geo1/fc1"));
	cr_assert_eq(sp_unit_kind_of(unit("/obj/geo1/fc1")), SP_UNIT_GEO);
	cr_assert_str_eq(sp_unit_get(unit("/obj/geo1/fc1"), SP_PROP_OUTPUT), fc1);
	cr_assert_str_eq(frames_of(unit("/obj/geo1/fc1")), "1-10[1]");
	/* versioning and time dependency off, a .vdb file type, $JOB from the file */
	if (!getenv("JOB"))
		cr_assert_str_eq(sp_unit_get(unit("/obj/geo1/fc2"), SP_PROP_OUTPUT),
		                 "/proj/x/sim/smoke/smoke.vdb");
	/* explicit 2.0 and the 1.0 node write `file` as it is */
	cr_assert_str_eq(sp_unit_get(unit("/obj/geo1/fc3"), SP_PROP_OUTPUT), fc3);
	cr_assert_str_eq(sp_unit_get(unit("/obj/geo1/fc4"), SP_PROP_OUTPUT), fc4);
	free(fc1);
	free(fc3);
	free(fc4);
	tk_free(&b);
}

Test(scene, constructed_filecache_loading_from_disk_reads_the_constructed_path_not_the_stale_file)
{
	tk_bytes b = {0};
	const sp_fileref *r;
	filecache_scene(&b);
	cr_assert_eq(sp_ctx_set_env(ctx, "JOB", "/farm/job"), 0);
	cr_assert_eq(read_scene(&b, "fc.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	r = file_for("/obj/geo1/fc2", "file");
	cr_assert_not_null(r);
	cr_assert_str_eq(r->path, "/farm/job/sim/smoke/smoke.vdb");
	/* the node's own cache ROP writes it: the farm makes it before it is read */
	cr_assert(r->flags & SP_REF_OPTIONAL);
	/* writers (load from disk off) declare no input */
	cr_assert_null(file_for("/obj/geo1/fc1", "file"));
	cr_assert_null(file_for("/obj/geo1/fc4", "file"));
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		cr_assert_null(strstr(sp_scene_file_at(scene, i)->path, "stale"), "%s",
		               sp_scene_file_at(scene, i)->path);
	tk_free(&b);
}

/* ---- channel-driven strings: evaluated when hscript, reported when Python or keyed ------------ */

static void expr_scene(tk_bytes *b)
{
	static const char *const cam[] = {"res=640\t480", NULL};
	static const char *const ctl[] = {"path=$HIP/render/$OS.$F4.exr", NULL};
	static const char *const py[] = {"camera=/obj/cam1",
	                                 "vm_picture=[ vm_picture\t/saved/render/py.0001.exr ] ", NULL};
	static const char py_chn[] =
	    "{\n    channel vm_picture {\n      lefttype = extend\n      flags = 0\n"
	    "      segment { length = 0 expr = \"hou.pwd().name() + '.exr'\" language = "
	    "python }\n    }\n}\n";
	static const char *const hs[] = {"camera=`chs(\\\"../nowhere/cam\\\")`",
	                                 "vm_picture=[ vm_picture\t/saved/ctl.0001.exr ] ", NULL};
	static const char hs_chn[] =
	    "{\n    channel vm_picture {\n      flags = 0\n"
	    "      segment { length = 0 expr = chs(\\\"../../obj/ctl/path\\\") }\n    }\n}\n";
	static const char *const keyed[] = {"file=[ file\t/saved/geo/a.0001.bgeo ] ", NULL};
	static const char keyed_chn[] =
	    "{\n    channel file {\n"
	    "      segment { length = 10 value = 0 0 expr = \\\"$HIP/a.bgeo\\\" }\n"
	    "      segment { length = 10 value = 0 0 expr = \\\"$HIP/b.bgeo\\\" }\n"
	    "    }\n}\n";
	tk_odc(b, ".start", "fplayback -i on\ntcur 0\nfps 24\nfrange 1 10\n", TK_STR);
	tk_odc(b, ".variables", "set -g _HIP_SAVEVERSION = '20.5.410'\n", TK_STR);
	tk_odc_node(b, "obj/cam1", "cam", 0, cam);
	tk_odc_node(b, "obj/ctl", "null", 0, ctl);
	tk_odc_node(b, "obj/geo1", "geo", 0, NULL);
	tk_odc_node(b, "obj/geo1/file1", "file", 0, keyed);
	tk_odc(b, "obj/geo1/file1.chn", keyed_chn, TK_STR);
	tk_odc_node(b, "out/py", "ifd", 0, py);
	tk_odc(b, "out/py.chn", py_chn, TK_STR);
	tk_odc_node(b, "out/hs", "ifd", 0, hs);
	tk_odc(b, "out/hs.chn", hs_chn, TK_STR);
	tk_odc_end(b);
}

Test(scene, an_hscript_channel_on_an_output_is_evaluated_not_its_saved_frame)
{
	tk_bytes b = {0};
	char *want = in_tmp("render/ctl.$F4.exr");
	expr_scene(&b);
	cr_assert_eq(read_scene(&b, "expr.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	/* chs() evaluates the target parameter where it lives: $OS is the null's name */
	cr_assert_str_eq(sp_unit_get(unit("/out/hs"), SP_PROP_OUTPUT), want);
	free(want);
	tk_free(&b);
}

Test(scene, python_and_keyed_channels_are_reported_naming_node_and_parameter)
{
	tk_bytes b = {0};
	expr_scene(&b);
	cr_assert_eq(read_scene(&b, "expr.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	/* the output keeps what Houdini saved, and says so */
	cr_assert_str_eq(sp_unit_get(unit("/out/py"), SP_PROP_OUTPUT), "/saved/render/py.0001.exr");
	cr_assert(has_tip(SP_TIP_UNRESOLVED_EXPRESSION, "/out/py: parameter vm_picture", "Python"));
	/* an input whose path changes between keys is not declared from one frame's value */
	cr_assert_null(file_for("/obj/geo1/file1", "file"));
	cr_assert(has_tip(SP_TIP_UNRESOLVED_EXPRESSION, "/obj/geo1/file1: parameter file",
	                  "/saved/geo/a.0001.bgeo"));
	/* a camera the file names through an expression that cannot be evaluated */
	cr_assert(has_tip(SP_TIP_UNRESOLVED_EXPRESSION, "/out/hs: parameter camera", "nowhere"));
	tk_free(&b);
}

/* ---- gzip members through the command line ------------------------------------------------------ */

static void gzip_scene(tk_bytes *b, int cut)
{
	static const char parm[] =
	    "{\nversion 0.8\ntrange\t[ 0\tlocks=0 ]\t(\t\"normal\"\t)\n"
	    "f\t[ 0\tlocks=0 ]\t(\t1\t24\t1\t)\ncamera\t[ 0\tlocks=0 ]\t(\t/obj/cam1\t)\n"
	    "vm_picture\t[ 0\tlocks=0 ]\t(\t$HIP/render/$OS.$F4.exr\t)\n}\n";
	static const char cam[] = "{\nversion 0.8\nres\t[ 0\tlocks=0 ]\t(\t1920\t1080\t)\n}\n";
	tk_bytes gz = {0};
	tk_odc(b, ".start", "fplayback -i on\ntcur 0\nfps 24\nframe 1\nfrange 1 24\n", TK_STR);
	tk_odc(b, "obj/cam1.init", "type = cam\n", TK_STR);
	tk_gzip(&gz, cam, sizeof(cam) - 1);
	tk_odc(b, "obj/cam1.parm", gz.p, gz.n);
	tk_odc(b, "out/mantra1.init", "type = ifd\n", TK_STR);
	gz.n = 0;
	tk_gzip(&gz, parm, sizeof(parm) - 1);
	tk_odc(b, "out/mantra1.parm", gz.p, cut ? gz.n / 2 : gz.n);
	tk_odc_end(b);
	tk_free(&gz);
}

Test(scene, gzip_members_analyse_through_the_command_line_and_a_cut_one_exits_3_naming_it)
{
	tk_bytes good = {0}, bad = {0};
	char *args = NULL, *err = NULL, *task, *text;
	cJSON *doc, *rop;
	gzip_scene(&good, 0);
	gzip_scene(&bad, 1);
	tst_write(tmp, "zipped.hip", good.p, good.n);
	tst_write(tmp, "cut.hip", bad.p, bad.n);
	cr_assert(asprintf(&args, "analyze '%s/zipped.hip' -o '%s/out' -q", tmp, tmp) > 0);
	cr_assert_eq(tst_run(args, NULL, &err), 0, "%s", err ? err : "");
	task = in_tmp("out/task.json");
	text = tst_read(task, NULL);
	cr_assert_not_null(text);
	doc = cJSON_Parse(text);
	rop = cJSON_GetArrayItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "scene_info_render"), "rop_node"), 0);
	cr_assert_not_null(rop, "%s", text);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(rop, "camera")), "/obj/cam1");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(rop, "width")), "1920");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(rop, "frames")), "1-24[1]");
	cJSON_Delete(doc);
	free(text);
	free(task);
	free(args);
	free(err);
	err = NULL;
	cr_assert(asprintf(&args, "analyze '%s/cut.hip' -o '%s/out2' -q", tmp, tmp) > 0);
	cr_assert_eq(tst_run(args, NULL, &err), 3);
	cr_assert(err && strstr(err, "out/mantra1.parm") && strstr(err, "gzip"), "%s", err ? err : "");
	free(args);
	free(err);
	tk_free(&good);
	tk_free(&bad);
}

/* ---- Solaris: a USD render ROP renders the image its render settings upstream name --------------- */

/* A LOP node: .init, a .def whose "inputs" block wires `input` (NULL: none) to input 0, and .parm. */
static void lop_node(tk_bytes *b, const char *path, const char *type, const char *input,
                     const char *const *pairs)
{
	tk_bytes parm = {0};
	char *name = NULL, *text = NULL;
	cr_assert(asprintf(&name, "%s.init", path) > 0);
	cr_assert(asprintf(&text, "type = %s\nmatchesdef = 0\n", type) > 0);
	tk_odc(b, name, text, TK_STR);
	free(name);
	free(text);
	cr_assert(asprintf(&name, "%s.def", path) > 0);
	cr_assert(asprintf(&text,
	                   "comment \"\"\nflags =  lock off bypass off display off\n"
	                   "inputsNamed3\n{\n%s%s%s}\ninputs\n{\n%s%s%s}\nstat\n{\n  create 1\n}\nend\n",
	                   input ? "0 \t" : "", input ? input : "", input ? " 1 1 \"input1\"\n" : "",
	                   input ? "0 \t" : "", input ? input : "", input ? " 0 1\n" : "") > 0);
	tk_odc(b, name, text, TK_STR);
	free(name);
	free(text);
	tk_parm(&parm, pairs);
	cr_assert(asprintf(&name, "%s.parm", path) > 0);
	tk_odc(b, name, parm.p, parm.n);
	free(name);
	tk_free(&parm);
}

static void solaris_scene(tk_bytes *b)
{
	static const char *const sphere[] = {"type=\"polymesh\"", NULL};
	static const char *const settings[] = {"picture=$HIP/render/$OS.$F4.exr", "camera=/cameras/shotcam",
	                                       NULL};
	static const char *const product[] = {"productName=$HIP/render/$OS.$F4.exr", NULL};
	static const char *const rop1[] = {"trange=\"normal\"", "f=1\t10\t1", "outputimage=\"\"",
	                                   "lopoutput=$HIP/usd/$OS.usd", NULL};
	static const char *const rop2[] = {"trange=\"normal\"", "f=1\t10\t1",
	                                   "outputimage=$HIP/over/$OS.$F4.exr", "lopoutput=$HIP/usd/$OS.usd",
	                                   NULL};
	static const char *const rop3[] = {"outputimage=\"\"", "lopoutput=$HIP/usd/$OS.usd", NULL};
	static const char *const usd1[] = {"trange=\"off\"", "loppath=/stage/rs1", "outputimage=\"\"",
	                                   "override_camera=\"\"", NULL};
	tk_odc(b, ".start", "fplayback -i on\ntcur 0\nfps 24\nfrange 1 10\n", TK_STR);
	tk_odc(b, ".variables", "set -g _HIP_SAVEVERSION = '20.5.410'\n", TK_STR);
	lop_node(b, "stage/sphere1", "sphere", NULL, sphere);
	lop_node(b, "stage/prod1", "renderproduct", "sphere1", product);
	lop_node(b, "stage/rs1", "karmarenderproperties", "prod1", settings);
	lop_node(b, "stage/rop1", "usdrender_rop", "rs1", rop1);
	lop_node(b, "stage/rop2", "usdrender_rop", "rs1", rop2);
	lop_node(b, "stage/rop3", "usdrender_rop", "sphere1", rop3);
	tk_odc_node(b, "out/usd1", "usdrender", 0, usd1);
	tk_odc_end(b);
}

Test(scene, usd_render_rops_render_the_image_their_render_settings_name)
{
	tk_bytes b = {0};
	char *rs1 = in_tmp("render/rs1.$F4.exr"), *over = in_tmp("over/rop2.$F4.exr"),
	     *usd = in_tmp("usd/rop3.usd");
	solaris_scene(&b);
	cr_assert_eq(read_scene(&b, "solaris.hip", NULL), 0, "%s", sp_ctx_last_error(ctx));
	/* no override: Karma Render Settings' picture, evaluated on that node ($OS is rs1), and its camera */
	cr_assert_str_eq(sp_unit_get(unit("/stage/rop1"), SP_PROP_OUTPUT), rs1);
	cr_assert_str_eq(sp_unit_get(unit("/stage/rop1"), "camera"), "/cameras/shotcam");
	cr_assert_str_eq(frames_of(unit("/stage/rop1")), "1-10[1]");
	/* an Output Image override wins */
	cr_assert_str_eq(sp_unit_get(unit("/stage/rop2"), SP_PROP_OUTPUT), over);
	/* no settings in the file: the USD file the ROP writes is what it makes */
	cr_assert_str_eq(sp_unit_get(unit("/stage/rop3"), SP_PROP_OUTPUT), usd);
	/* the /out USD Render ROP starts from the LOP it names; its camera is a USD prim path, not a node */
	cr_assert_str_eq(sp_unit_get(unit("/out/usd1"), SP_PROP_OUTPUT), rs1);
	cr_assert_str_eq(sp_unit_get(unit("/out/usd1"), "camera"), "/cameras/shotcam");
	cr_assert_not(has_tip(SP_TIP_HOUDINI_CAMERA, "/out/usd1", NULL));
	/* the images the render settings and the render product name are outputs, never inputs */
	cr_assert_null(file_for("/stage/rs1", "picture"));
	cr_assert_null(file_for("/stage/prod1", "productName"));
	cr_assert_null(sp__scene_tip_messages(scene, SP_TIP_OUTPUT_IS_INPUT));
	free(rs1);
	free(over);
	free(usd);
	tk_free(&b);
}
