/* sp_maya_read on small scenes written for each case: layers, overrides, frames, files, references, project.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sp_maya.h>

#include "ma_walk.h"
#include "support.h"

static sp_ctx *ctx;
static char *dir;
static sp_scene *scene;

TST_WORLD_SUITE(maya_read, ctx, dir, scene);

#define HEAD                                                                                                 \
	"//Maya ASCII 2020 scene\n//Name: t.ma\nrequires maya \"2020\";\ncurrentUnit -l centimeter -a "      \
	"degree -t film;\n"

/* Write dir/name and read it with `opts`; returns sp_maya_read's code. */
static int read_at(const char *name, const char *text, const sp_maya_options *opts)
{
	char *path = tst_join(dir, name);
	int rc;
	if (text)
		tst_write(dir, name, text, (size_t)-1);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	rc = sp_maya_read(scene, opts);
	free(path);
	return rc;
}

static void read_ok(const char *text)
{
	int rc = read_at("t.ma", text, NULL);
	cr_assert_eq(rc, 0, "sp_maya_read: %d %s", rc, sp_ctx_last_error(ctx));
}

#define unit(name) tst_unit(scene, (name))

#define frames(u) tst_frames(u)

#define camera(u, name) tst_camera((u), (name))

#define file(path) tst_file(scene, (path))

static const char legacy_scene[] =
    HEAD "createNode transform -s -n \"persp\";\n"
         "createNode camera -s -n \"perspShape\" -p \"persp\";\n"
         "\tsetAttr -k off \".v\" no;\n"
         "createNode transform -s -n \"top\";\n"
         "createNode camera -s -n \"topShape\" -p \"top\";\n"
         "\tsetAttr \".rnd\" no;\n"
         "createNode transform -n \"shot\";\n"
         "createNode camera -n \"shotShape\" -p \"shot\";\n"
         "\tsetAttr \".rnd\" no;\n"
         "createNode file -n \"file1\";\n"
         "\tsetAttr \".ftn\" -type \"string\" \"tex/base.png\";\n"
         "createNode renderLayerManager -n \"renderLayerManager\";\n"
         "\tsetAttr -s 4 \".rlmi[1:2]\"  1 2;\n"
         "createNode renderLayer -n \"defaultRenderLayer\";\n"
         "\tsetAttr \".g\" yes;\n"
         "\tsetAttr \".adjs[0].val\" 24;\n"
         "createNode renderLayer -n \"beauty\";\n"
         "\tsetAttr \".adjs[0].val\" 48;\n"
         "\tsetAttr \".adjs[1].val\" 1920;\n"
         "\tsetAttr \".adjs[2].val\" yes;\n"
         "\tsetAttr \".adjs[3].val\" -type \"string\" \"tex/beauty_only.png\";\n"
         "\tsetAttr \".adjs[4].val\" -type \"string\" \"vray\";\n"
         "createNode renderLayer -n \"hidden\";\n"
         "\tsetAttr \".rndr\" no;\n"
         "createNode renderLayer -n \"orphan\";\n"
         "select -ne :time1;\n\tsetAttr \".o\" 5;\n"
         "select -ne :defaultRenderGlobals;\n"
         "\tsetAttr \".ren\" -type \"string\" \"arnold\";\n"
         "\tsetAttr -k on \".fs\";\n"
         "\tsetAttr \".ef\" 24;\n"
         "\tsetAttr \".an\" yes;\n"
         "\tsetAttr \".ifp\" -type \"string\" \"<RenderLayer>/<Scene>.exr\";\n"
         "select -ne :defaultResolution;\n"
         "\tsetAttr -av \".w\" 1280;\n\tsetAttr \".h\" 720;\n"
         "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
         "connectAttr \"renderLayerManager.rlmi[1]\" \"beauty.rlid\";\n"
         "connectAttr \"renderLayerManager.rlmi[2]\" \"hidden.rlid\";\n"
         "connectAttr \":defaultRenderGlobals.ef\" \"defaultRenderLayer.adjs[0].plg\";\n"
         "connectAttr \":defaultRenderGlobals.ef\" \"beauty.adjs[0].plg\";\n"
         "connectAttr \":defaultResolution.w\" \"beauty.adjs[1].plg\";\n"
         "connectAttr \"|shot|shotShape.rnd\" \"beauty.adjs[2].plg\";\n"
         "connectAttr \"file1.ftn\" \"beauty.adjs[3].plg\";\n"
         "connectAttr \"defaultRenderGlobals.ren\" \"beauty.adjs[4].plg\";\n"
         "// End of t.ma\n";

Test(maya_read, evaluates_legacy_layers_with_their_overrides)
{
	sp_unit *def, *beauty, *hidden;
	read_ok(legacy_scene);
	cr_assert_str_eq(sp_scene_version(scene), "2020");
	cr_assert_str_eq(sp_scene_task_value(scene, "render_layer_type"), "0");
	cr_assert_eq(sp_scene_unit_count(scene), 3, "orphan is attached to no manager");
	def = sp_scene_unit_at(scene, 0);
	cr_assert_str_eq(sp_unit_name(def), "defaultRenderLayer");
	cr_assert_eq(sp_unit_renderable(def), 1);
	cr_assert_str_eq(frames(def), "1-24[1]");
	cr_assert_str_eq(sp_unit_get(def, SP_PROP_RENDERER), "arnold");
	cr_assert_str_eq(sp_unit_get(def, SP_PROP_WIDTH), "1280");
	cr_assert_str_eq(sp_unit_get(def, SP_PROP_HEIGHT), "720");
	cr_assert_str_eq(sp_unit_get(def, SP_PROP_IMAGE_FORMAT), "exr");
	cr_assert_str_eq(sp_unit_get(def, SP_PROP_OUTPUT), "<RenderLayer>/<Scene>.exr");
	cr_assert_str_eq(sp_unit_get(def, SP_PROP_ANIMATION), "True");
	cr_assert_str_eq(sp_unit_get(def, SP_PROP_RENUMBER), "False");
	cr_assert_str_eq(sp_unit_get(def, SP_PROP_DEFAULT_CAMERA), "1");
	cr_assert_eq(camera(def, "perspShape"), 1);
	cr_assert_eq(camera(def, "topShape"), 0);
	cr_assert_eq(camera(def, "shotShape"), 0);

	beauty = unit("beauty");
	cr_assert_eq(sp_unit_renderable(beauty), 1);
	cr_assert_str_eq(frames(beauty), "1-48[1]");
	cr_assert_str_eq(sp_unit_get(beauty, SP_PROP_WIDTH), "1920");
	cr_assert_str_eq(sp_unit_get(beauty, SP_PROP_HEIGHT), "720");
	cr_assert_str_eq(sp_unit_get(beauty, SP_PROP_RENDERER), "vray");
	cr_assert_str_eq(sp_unit_get(beauty, SP_PROP_IMAGE_FORMAT), "png");
	cr_assert_eq(camera(beauty, "shotShape"), 1);

	hidden = unit("hidden");
	cr_assert_eq(sp_unit_renderable(hidden), 0);
	cr_assert_str_eq(frames(hidden), "1-24[1]", "the master value stored on defaultRenderLayer");
	cr_assert_str_eq(sp_unit_get(hidden, SP_PROP_RENDERER), "arnold");
}

Test(maya_read, declares_path_values_of_layer_overrides)
{
	const sp_fileref *f;
	read_ok(legacy_scene);
	f = file("tex/base.png");
	cr_assert_not_null(f);
	cr_assert_str_eq(f->node, "file1");
	cr_assert_str_eq(f->attr, "fileTextureName");
	cr_assert_eq(f->line, 15);
	cr_assert_eq(f->kind, SP_REF_TEXTURE);
	cr_assert_null(f->source);
	f = file("tex/beauty_only.png");
	cr_assert_not_null(f, "the texture swapped in the beauty layer only");
	cr_assert_str_eq(f->node, "file1");
	cr_assert_eq(f->line, 25);
	cr_assert_null(file("<RenderLayer>/<Scene>.exr"), "the image prefix is an output");
}

static const char render_setup_scene[] =
    HEAD "requires -nodeType \"renderSetupLayer\" \"renderSetup.py\" \"1.0\";\n"
         "createNode transform -s -n \"persp\";\n"
         "createNode camera -s -n \"perspShape\" -p \"persp\";\n"
         "createNode transform -n \"hero\";\n"
         "createNode camera -n \"heroShape\" -p \"hero\";\n"
         "\tsetAttr \".rnd\" no;\n"
         "createNode renderLayerManager -n \"renderLayerManager\";\n"
         "createNode renderLayer -n \"defaultRenderLayer\";\n"
         "createNode renderSetup -n \"renderSetup\";\n"
         "createNode renderSetupLayer -n \"shot\";\n"
         "createNode renderLayer -n \"rs_shot\";\n"
         "createNode renderSetupLayer -n \"off\";\n"
         "createNode renderLayer -n \"rs_off\";\n"
         "\tsetAttr \".rndr\" no;\n"
         "createNode renderSettingsCollection -n \"RenderSettingsCollection\";\n"
         "createNode simpleSelector -n \"RenderSettingsCollectionSelector\";\n"
         "\tsetAttr \".ssl\" -type \"string\" \"defaultRenderGlobals\\ndefaultResolution\";\n"
         "createNode absUniqueOverride -n \"startFrame\";\n"
         "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -at \"time\";\n"
         "\tsetAttr \".atr\" -type \"string\" \"startFrame\";\n"
         "\tsetAttr \".tgName\" -type \"string\" \"defaultRenderGlobals\";\n"
         "\tsetAttr \".atv\" 101;\n"
         "createNode relUniqueOverride -n \"endFrame\";\n"
         "\tsetAttr \".atr\" -type \"string\" \"endFrame\";\n"
         "\tsetAttr \".tgName\" -type \"string\" \"defaultRenderGlobals\";\n"
         "\tsetAttr \".mul\" 1;\n\tsetAttr \".ofs\" 100;\n"
         "createNode absOverride -n \"disabledWidth\";\n"
         "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -at \"long\";\n"
         "\tsetAttr \".sen\" no;\n"
         "\tsetAttr \".atr\" -type \"string\" \"width\";\n"
         "\tsetAttr \".atv\" 4096;\n"
         "createNode collection -n \"_hero_heroShape_col\";\n"
         "createNode simpleSelector -n \"_hero_heroShape_colSelector\";\n"
         "\tsetAttr \".ssl\" -type \"string\" \"|hero|heroShape\";\n"
         "createNode absOverride -n \"renderable\";\n"
         "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -min 0 -max 1 -at \"bool\";\n"
         "\tsetAttr \".atr\" -type \"string\" \"renderable\";\n"
         "\tsetAttr \".atv\" yes;\n"
         "createNode collection -n \"_persp_col\";\n"
         "createNode simpleSelector -n \"_persp_colSelector\";\n"
         "\tsetAttr \".pat\" -type \"string\" \"pers*\";\n"
         "createNode absOverride -n \"renderable1\";\n"
         "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -min 0 -max 1 -at \"bool\";\n"
         "\tsetAttr \".atr\" -type \"string\" \"renderable\";\n"
         "select -ne :defaultRenderGlobals;\n"
         "\tsetAttr \".ren\" -type \"string\" \"redshift\";\n"
         "\tsetAttr \".an\" yes;\n"
         "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
         "connectAttr \"renderLayerManager.rlmi[1]\" \"rs_shot.rlid\";\n"
         "connectAttr \"renderLayerManager.rlmi[2]\" \"rs_off.rlid\";\n"
         "connectAttr \"rs_shot.msg\" \"shot.lrl\";\n"
         "connectAttr \"rs_off.msg\" \"off.lrl\";\n"
         "connectAttr \"renderSetup.lit\" \"shot.pls\";\n"
         "connectAttr \"shot.lit\" \"RenderSettingsCollection.pls\";\n"
         "connectAttr \"RenderSettingsCollectionSelector.c\" \"RenderSettingsCollection.sel\";\n"
         "connectAttr \"RenderSettingsCollection.lit\" \"startFrame.pls\";\n"
         "connectAttr \"RenderSettingsCollection.lit\" \"endFrame.pls\";\n"
         "connectAttr \"RenderSettingsCollection.lit\" \"disabledWidth.pls\";\n"
         "connectAttr \"shot.lit\" \"_hero_heroShape_col.pls\";\n"
         "connectAttr \"_hero_heroShape_colSelector.c\" \"_hero_heroShape_col.sel\";\n"
         "connectAttr \"_hero_heroShape_col.lit\" \"renderable.pls\";\n"
         "connectAttr \"shot.lit\" \"_persp_col.pls\";\n"
         "connectAttr \"_persp_colSelector.c\" \"_persp_col.sel\";\n"
         "connectAttr \"_persp_col.lit\" \"renderable1.pls\";\n";

Test(maya_read, evaluates_render_setup_layers)
{
	sp_unit *def, *shot, *off;
	read_ok(render_setup_scene);
	cr_assert_str_eq(sp_scene_task_value(scene, "render_layer_type"), "1");
	cr_assert_eq(sp_scene_unit_count(scene), 3);
	def = sp_scene_unit_at(scene, 0);
	cr_assert_str_eq(sp_unit_name(def), "masterLayer"); /* Render Setup names the default layer so */
	cr_assert_str_eq(frames(def), "1-10[1]", "Maya's defaults: start 1, end 10");
	cr_assert_eq(camera(def, "heroShape"), 0);
	cr_assert_eq(camera(def, "perspShape"), 1);
	cr_assert_str_eq(sp_unit_get(def, SP_PROP_IMAGE_FORMAT), "exr");
	/* the file sets no width: Maya 2015 and later default to 960 x 540 */
	cr_assert_str_eq(sp_unit_get(def, SP_PROP_WIDTH), "960");

	shot = unit("shot");
	cr_assert_eq(sp_unit_renderable(shot), 1);
	cr_assert_str_eq(frames(shot), "101-110[1]", "absolute start, end = default 10 + offset 100");
	cr_assert_eq(camera(shot, "heroShape"), 1, "renderable override on the hero camera");
	cr_assert_eq(camera(shot, "perspShape"), 0, "an unset bool override value is false");
	cr_assert_str_eq(sp_unit_get(shot, SP_PROP_WIDTH), "960", "a self-disabled override is ignored");
	cr_assert_str_eq(sp_unit_get(shot, SP_PROP_RENDERER), "redshift");

	off = unit("off");
	cr_assert_eq(sp_unit_renderable(off), 0);
	cr_assert_str_eq(frames(off), "1-10[1]");
}

Test(maya_read, renders_the_current_frame_when_animation_is_off)
{
	read_ok(HEAD "select -ne :time1;\n\tsetAttr \".o\" 37;\n"
	             "select -ne :defaultRenderGlobals;\n\tsetAttr \".fs\" 1;\n\tsetAttr \".ef\" 100;\n");
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	cr_assert_str_eq(sp_unit_name(sp_scene_unit_at(scene, 0)), "defaultRenderLayer");
	cr_assert_str_eq(frames(sp_scene_unit_at(scene, 0)), "37-37[1]");
	cr_assert_str_eq(sp_unit_get(sp_scene_unit_at(scene, 0), SP_PROP_ANIMATION), "False");
	cr_assert_str_eq(sp_unit_get(sp_scene_unit_at(scene, 0), SP_PROP_RENDERER), "mayaSoftware");
	cr_assert_str_eq(sp_unit_get(sp_scene_unit_at(scene, 0), SP_PROP_IMAGE_FORMAT), "iff");
}

Test(maya_read, uses_by_frame_and_image_format_enum)
{
	read_ok(HEAD "select -ne :defaultRenderGlobals;\n\tsetAttr \".an\" yes;\n\tsetAttr \".fs\" 10;\n"
	             "\tsetAttr \".ef\" 50;\n\tsetAttr \".bfs\" 5;\n\tsetAttr \".outf\" 32;\n\tsetAttr "
	             "\".mdx\" yes;\n");
	cr_assert_str_eq(frames(sp_scene_unit_at(scene, 0)), "10-50[5]");
	cr_assert_str_eq(sp_unit_get(sp_scene_unit_at(scene, 0), SP_PROP_IMAGE_FORMAT), "png");
	cr_assert_str_eq(sp_unit_get(sp_scene_unit_at(scene, 0), SP_PROP_RENUMBER), "True");
}

Test(maya_read, turns_a_udim_tile_into_a_pattern)
{
	const sp_fileref *f;
	read_ok(
	    HEAD
	    "createNode file -n \"udim\";\n\tsetAttr \".ftn\" -type \"string\" "
	    "\"D:/tex/skin_v002.1001.png\";\n"
	    "\tsetAttr \".uvt\" 3;\n"
	    "createNode file -n \"zbrush\";\n\tsetAttr \".ftn\" -type \"string\" \"tex/skin_u0_v0.exr\";\n"
	    "\tsetAttr \".uvt\" 1;\n"
	    "createNode file -n \"plain\";\n\tsetAttr \".ftn\" -type \"string\" \"tex/v1001.png\";\n");
	f = file("D:/tex/skin_v002.<UDIM>.png");
	cr_assert_not_null(f);
	cr_assert(f->flags & SP_REF_TILES);
	cr_assert_not(f->flags & SP_REF_FRAMES);
	cr_assert_str_eq(f->node, "udim");
	f = file("tex/skin_u<U>_v<V>.exr");
	cr_assert_not_null(f);
	cr_assert(f->flags & SP_REF_TILES);
	f = file("tex/v1001.png");
	cr_assert_not_null(f, "no tiling mode: the digits stay");
	cr_assert_eq(f->flags & (SP_REF_TILES | SP_REF_FRAMES), 0);
}

Test(maya_read, turns_a_frame_extension_into_a_sequence)
{
	const sp_fileref *f;
	read_ok(HEAD
	        "createNode file -n \"seq\";\n\tsetAttr \".ftn\" -type \"string\" \"seq/img_v3.0012.exr\";\n"
	        "\tsetAttr \".ufe\" yes;\n"
	        "createNode aiStandIn -n \"standInShape\";\n\tsetAttr \".dso\" -type \"string\" "
	        "\"./cache/fx.0101.ass\";\n"
	        "\tsetAttr \".useFrameExtension\" yes;\n");
	f = file("seq/img_v3.<f>.exr");
	cr_assert_not_null(f);
	cr_assert(f->flags & SP_REF_FRAMES);
	f = file("./cache/fx.<f>.ass");
	cr_assert_not_null(f);
	cr_assert_eq(f->kind, SP_REF_PROXY);
	cr_assert_str_eq(f->attr, "dso");
}

Test(maya_read, finds_table_uaf_and_path_like_attributes_but_no_outputs)
{
	read_ok(
	    HEAD
	    "createNode AlembicNode -n \"abc\";\n\tsetAttr \".fn\" -type \"string\" \"C:/cache/a.abc\";\n"
	    "\tsetAttr \".fns\" -type \"stringArray\" 2 \"C:/cache/a.abc\" \"C:/cache/b.abc\";\n"
	    "createNode cacheFile -n \"cf\";\n\tsetAttr \".cp\" -type \"string\" \"cache/nCache\";\n"
	    "\tsetAttr \".cn\" -type \"string\" \"clothShape1\";\n"
	    "createNode ShaderfxShader -n \"sfx\";\n"
	    "\taddAttr -ci true -uaf -sn \"DiffuseTexture\" -ln \"DiffuseTexture\" -dt \"string\";\n"
	    "\tsetAttr \".DiffuseTexture\" -type \"string\" \"sfx/diffuse\";\n"
	    "createNode unknownPluginNode -n \"u\";\n\tsetAttr \".someFile\" -type \"string\" \"x/y.vdb\";\n"
	    "\tsetAttr \".label\" -type \"string\" \"not a path\";\n"
	    "createNode VRaySettingsNode -s -n \"vraySettings\";\n"
	    "\tsetAttr \".fnprx\" -type \"string\" \"out/beauty.exr\";\n"
	    "createNode colorManagementGlobals -s -n \"defaultColorMgtGlobals\";\n"
	    "\tsetAttr \".cfe\" yes;\n"
	    "\tsetAttr \".cfp\" -type \"string\" \"<MAYA_RESOURCES>/OCIO-configs/config.ocio\";\n"
	    "createNode gpuCache -n \"g\";\n\tsetAttr \".cfn\" -type \"string\" \"C:/proj//cache/g.abc\";\n");
	cr_assert_not_null(file("C:/cache/a.abc"));
	cr_assert_str_eq(file("C:/cache/a.abc")->attr, "abc_File");
	cr_assert_not_null(file("C:/cache/b.abc"));
	cr_assert_eq(file("C:/cache/b.abc")->kind, SP_REF_CACHE);
	cr_assert_not_null(file("cache/nCache/clothShape1.xml"));
	cr_assert_not_null(file("sfx/diffuse"), "a -uaf attribute is a path whatever its value");
	cr_assert_str_eq(file("sfx/diffuse")->attr, "DiffuseTexture");
	cr_assert_not_null(file("x/y.vdb"));
	cr_assert_eq(file("x/y.vdb")->kind, SP_REF_VOLUME);
	cr_assert_null(file("out/beauty.exr"), "V-Ray's prefix is an output");
	cr_assert_null(file("<MAYA_RESOURCES>/OCIO-configs/config.ocio"),
	               "Maya's own OCIO config ships with Maya");
	cr_assert_not_null(file("C:/proj//cache/g.abc"));
	cr_assert(file("C:/proj//cache/g.abc")->flags & SP_REF_PROJECT);
	cr_assert_eq(sp_scene_file_count(scene), 7);
}

Test(maya_read, accepts_long_flag_files)
{
	read_ok(
	    "//Maya ASCII 2011 scene\nrequires maya \"2011\";\n"
	    "currentUnit -linear centimeter -angle degree -time film;\n"
	    "createNode transform -shared -name \"persp\";\n"
	    "createNode camera -shared -name \"perspShape\" -parent \"persp\";\n"
	    "\tsetAttr -keyable off \".renderable\" no;\n"
	    "createNode file -name \"f\";\n\tsetAttr \".fileTextureName\" -type \"string\" \"a.tif\";\n"
	    "select -ne :defaultRenderGlobals;\n\tsetAttr \".currentRenderer\" -type \"string\" \"arnold\";\n"
	    "\tsetAttr \".animation\" yes;\n\tsetAttr \".endFrame\" 30;\n");
	cr_assert_str_eq(sp_scene_version(scene), "2011");
	cr_assert_eq(camera(sp_scene_unit_at(scene, 0), "perspShape"), 0);
	cr_assert_str_eq(frames(sp_scene_unit_at(scene, 0)), "1-30[1]");
	cr_assert_str_eq(sp_unit_get(sp_scene_unit_at(scene, 0), SP_PROP_RENDERER), "arnold");
	cr_assert_not_null(file("a.tif"));
}

Test(maya_read, reads_plugins_and_spells_versions_like_the_farm)
{
	char *v;
	read_ok("//Maya ASCII 2016R2 scene\nrequires maya \"2016R2\";\n"
	        "requires -nodeType \"aiOptions\" -nodeType \"aiAOV\"\n\t\t \"mtoa\" \"1.4.2.1\";\n"
	        "requires \"stereoCamera\" \"10.0\";\nrequires \"stereoCamera\" \"10.0\";\n"
	        "requires -nodeType \"mentalrayFramebuffer\" \"Mayatomr\" \"2016.0 - 3.13.1.10 \";\n");
	cr_assert_str_eq(sp_scene_version(scene), "2016.5");
	cr_assert_eq(sp_scene_plugin_count(scene), 3);
	for (size_t i = 0; i < 3; i++) {
		const char *n, *ver;
		sp_scene_plugin_at(scene, i, &n, &ver);
		if (strcmp(n, "Mayatomr") == 0)
			cr_assert_str_eq(ver, "2016.0 - 3.13.1.10 ");
		else if (strcmp(n, "mtoa") == 0)
			cr_assert_str_eq(ver, "1.4.2.1");
		else
			cr_assert_str_eq(n, "stereoCamera");
	}
	v = ma_farm_version("2018ff09");
	cr_assert_str_eq(v, "2018");
	free(v);
	v = ma_farm_version("2011 x64");
	cr_assert_str_eq(v, "2011");
	free(v);
	v = ma_farm_version("2016 Extension 2");
	cr_assert_str_eq(v, "2016.5");
	free(v);
	v = ma_farm_version("4.0");
	cr_assert_str_eq(v, "4.0");
	free(v);
}

Test(maya_read, prefers_requires_over_the_header_version)
{
	read_ok("//Maya ASCII 2025ff01 scene\nrequires maya \"2016\";\n");
	cr_assert_str_eq(sp_scene_version(scene), "2016");
}

Test(maya_read, binary_scene_goes_to_the_binary_reader)
{
	static const char mb[] = "FOR8\0\0\0\0\0\0\0\x40\0\0\0\0Maya";
	tst_write(dir, "b.mb", mb, sizeof(mb) - 1);
	/* The form claims far more than the 20 bytes there are: cut where its first child should be. */
	cr_assert_eq(read_at("b.mb", NULL, NULL), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "b.mb: byte 20: file ends"), "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_maya_sniff((const unsigned char *)mb, sizeof(mb) - 1), SP_MAYA_BINARY);
	cr_assert_eq(sp_maya_sniff((const unsigned char *)"FOR4\0\0\0\x10Maya", 12), SP_MAYA_BINARY);
	cr_assert_eq(sp_maya_sniff((const unsigned char *)"//Maya ASCII 2020", 17), SP_MAYA_ASCII);
	cr_assert_eq(sp_maya_sniff((const unsigned char *)"hello", 5), SP_MAYA_NOT);
}

Test(maya_read, corrupt_scene_names_file_and_line)
{
	cr_assert_eq(read_at("t.ma",
	                     HEAD "createNode file -n \"f\";\n\tsetAttr \".ftn\" -type \"string\" \"a.png;\n",
	                     NULL),
	             SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "t.ma:6: unterminated string"), "%s",
	          sp_ctx_last_error(ctx));
}

Test(maya_read, reads_references_recursively_and_stops_at_cycles)
{
	const sp_fileref *f;
	char *b = tst_join(dir, "assets/b.ma");
	tst_write(dir, "assets/b.ma",
	          "//Maya ASCII 2020 scene\nfile -rdi 1 -ns \"a\" -rfn \"aRN\" \"../t.ma\";\n"
	          "file -r -ns \"a\" -dr 1 -rfn \"aRN\" \"../t.ma\";\n"
	          "requires \"mtoa\" \"4.0\";\n"
	          "createNode transform -n \"cam\";\ncreateNode camera -n \"camShape\" -p \"cam\";\n"
	          "createNode renderLayer -n \"childLayer\";\n"
	          "createNode file -n \"wood\";\n\tsetAttr \".ftn\" -type \"string\" \"wood.jpg\";\n",
	          (size_t)-1);
	tst_write(dir, "assets/broken.ma",
	          "//Maya ASCII 2020 scene\ncreateNode file -n \"x\";\n\tsetAttr \".ftn\" \"", (size_t)-1);
	tst_write(dir, "assets/bin.mb", "FOR4\0\0\0\x10Maya", 12);
	/* The scene's -rdi 2 line says b.ma's own reference is loaded too. */
	read_ok(HEAD "file -rdi 1 -ns \"b\" -rfn \"bRN\" \"assets/b.ma\";\n"
	             "file -rdi 2 -ns \"a\" -rfn \"b:aRN\" \"../t.ma\";\n"
	             "file -rdi 1 -ns \"br\" -rfn \"brRN\" \"assets/broken.ma\";\n"
	             "file -rdi 1 -ns \"bin\" -rfn \"binRN\" -typ \"mayaBinary\" \"assets/bin.mb\";\n"
	             "file -r -ns \"b\" -dr 1 -rfn \"bRN\" \"assets/b.ma\";\n"
	             "file -r -ns \"br\" -rfn \"brRN\" \"assets/broken.ma\";\n"
	             "file -r -ns \"bin\" -rfn \"binRN\" -typ \"mayaBinary\" \"assets/bin.mb\";\n");
	f = file("assets/b.ma");
	cr_assert_not_null(f);
	cr_assert_eq(f->kind, SP_REF_SCENE);
	cr_assert_str_eq(f->node, "bRN");
	cr_assert_eq(f->line, 5, "the -rdi line declares it first");
	cr_assert_not_null(file("assets/bin.mb"));
	f = file("wood.jpg");
	cr_assert_not_null(f, "files of the referenced scene count");
	cr_assert_str_eq(f->source, b);
	cr_assert_str_eq(f->node, "b:wood");
	cr_assert_eq(f->line, 9);
	cr_assert_not_null(file("../t.ma"), "the child's own reference is declared too");
	cr_assert_str_eq(file("../t.ma")->source, b, "by the child, relative to the child's folder");
	cr_assert_eq(sp_scene_unit_count(scene), 1, "a referenced scene's layers are not units");
	cr_assert_eq(camera(sp_scene_unit_at(scene, 0), "b:camShape"), 1);
	cr_assert_eq(sp_scene_plugin_count(scene), 1);
	/* b.ma -> t.ma is a cycle; broken.ma and the cut bin.mb are corrupt: one tip each. */
	cr_assert_eq(sp_scene_tip_count(scene), 3);
	free(b);
}

Test(maya_read, stops_at_the_reference_depth_limit)
{
	sp_maya_options o = SP_MAYA_OPTIONS_INIT;
	tst_write(dir, "c1.ma", "//Maya ASCII 2020 scene\nfile -r -rfn \"c2RN\" \"c2.ma\";\n", (size_t)-1);
	tst_write(dir, "c2.ma", "//Maya ASCII 2020 scene\nfile -r -rfn \"c3RN\" \"c3.ma\";\n", (size_t)-1);
	tst_write(dir, "c3.ma",
	          "//Maya ASCII 2020 scene\ncreateNode file -n \"deep\";\n"
	          "\tsetAttr \".ftn\" -type \"string\" \"deep.png\";\n",
	          (size_t)-1);
	o.max_reference_depth = 2;
	cr_assert_eq(read_at("t.ma", HEAD "file -r -rfn \"c1RN\" \"c1.ma\";\n", &o), 0);
	cr_assert_not_null(file("c3.ma"));
	cr_assert_null(file("deep.png"), "c3.ma is past the depth limit");
	cr_assert_eq(sp_scene_tip_count(scene), 1);
}

Test(maya_read, uses_the_project_and_its_file_rules)
{
	char *proj = tst_join(dir, "proj");
	int rc;
	tst_write(dir, "proj/workspace.mel",
	          "//Maya 2020 Project Definition\n\nworkspace -fr \"scene\" \"scenes\";\n"
	          "workspace -fr \"sourceImages\" \"sourceimages\";\nworkspace -fr \"alembicCache\" "
	          "\"cache/alembic\";\n",
	          (size_t)-1);
	tst_write(dir, "proj/sourceimages/wall.png", "png", (size_t)-1);
	tst_write(dir, "proj/cache/alembic/rock.abc", "abc", (size_t)-1);
	tst_write(dir, "proj/scenes/asset.ma",
	          "//Maya ASCII 2020 scene\ncreateNode file -n \"n\";\n\tsetAttr \".ftn\" -type \"string\" "
	          "\"wall.png\";\n",
	          (size_t)-1);
	tst_write(dir, "proj/scenes/shots/s.ma",
	          HEAD "file -r -rfn \"assetRN\" \"D:/elsewhere/proj//scenes/asset.ma\";\n"
	               "createNode gpuCache -n \"g\";\n\tsetAttr \".cfn\" -type \"string\" \"rock.abc\";\n",
	          (size_t)-1);
	rc = read_at("proj/scenes/shots/s.ma", NULL, NULL);
	cr_assert_eq(rc, 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_str_eq(sp_scene_task_value(scene, "input_project_path"), proj);
	cr_assert_not_null(file("wall.png"), "the project-relative reference was found and read");
	cr_assert(file("D:/elsewhere/proj//scenes/asset.ma")->flags & SP_REF_PROJECT);
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_scene_missing_count(scene), 0, "missing: %s",
	             sp_scene_missing_count(scene) ? sp_scene_missing_at(scene, 0) : "");
	free(proj);
}

Test(maya_read, explicit_project_dir_wins)
{
	sp_maya_options o = SP_MAYA_OPTIONS_INIT;
	char *proj = tst_join(dir, "elsewhere");
	o.project_dir = proj;
	cr_assert_eq(read_at("t.ma", HEAD, &o), 0);
	cr_assert_str_eq(sp_scene_task_value(scene, "input_project_path"), proj);
	free(proj);
}

Test(maya_read, declares_paths_set_by_reference_edits)
{
	const sp_fileref *f;
	read_ok(HEAD
	        "file -rdi 1 -ns \"rig\" -rfn \"rigRN\" \"rig.ma\";\n"
	        "createNode reference -n \"rigRN\";\n"
	        "\tsetAttr \".fn[0]\" -type \"string\" \"C:/old/rig.ma\";\n"
	        "\tsetAttr \".ed\" -type \"dataReferenceEdits\" \n\t\t\"rigRN\"\n\t\t\"rigRN\" 0\n"
	        "\t\t2 \"rig:file1\" \"fileTextureName\" \" -type \\\"string\\\" \\\"C:/tex/skin.png\\\"\"\n"
	        "\t\t2 \"rig:file1\" \"colorSpace\" \" -type \\\"string\\\" \\\"sRGB\\\"\"\n"
	        "\t\t2 \"rig:GEO\" \"visibility\" \" 1\";\n"
	        "lockNode -l 1 ;\n");
	f = file("C:/tex/skin.png");
	cr_assert_not_null(f);
	cr_assert_str_eq(f->node, "rig:file1");
	cr_assert_str_eq(f->attr, "fileTextureName");
	cr_assert_eq(f->line, 8);
	cr_assert_null(file("C:/old/rig.ma"), "a reference node's name history is no dependency");
	cr_assert_eq(sp_scene_file_count(scene), 2);
}

/* Bulk mesh data is scanned, not copied: 64 MB of vertices read in well under the time limit. */
Test(maya_read, reads_a_large_mesh_scene_quickly)
{
	char *path = tst_join(dir, "big.ma");
	FILE *fp = fopen(path, "wb");
	char row[1024];
	struct timespec t0, t1;
	double seconds;
	size_t n = 0;
	cr_assert_not_null(fp);
	fputs(HEAD, fp);
	for (int i = 0; i < 16; i++)
		n += (size_t)snprintf(row + n, sizeof(row) - n, " %d.%06d", i, i * 7919 % 1000000);
	for (int m = 0; m < 64; m++) {
		fprintf(fp, "createNode mesh -n \"m%dShape\";\n\tsetAttr -s 40000 \".vt[0:39999]\"", m);
		for (int k = 0; k < 1024 * 1024 / (int)n; k++)
			fprintf(fp, "\n\t\t%s", row);
		fprintf(fp, ";\n\tsetAttr \".uvst[0].uvsn\" -type \"string\" \"map1\";\n");
		fprintf(fp,
		        "createNode file -n \"tex%d\";\n\tsetAttr \".ftn\" -type \"string\" \"t/%d.png\";\n",
		        m, m);
	}
	fclose(fp);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(read_at("big.ma", NULL, NULL), 0, "%s", sp_ctx_last_error(ctx));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_assert_eq(sp_scene_file_count(scene), 64);
	cr_assert_not_null(file("t/63.png"));
	cr_assert_lt(seconds, 5.0, "64 MB took %.2f s", seconds);
	cr_log_info("64 MB scene read in %.3f s", seconds);
	free(path);
}

Test(maya_read, missing_scene_is_not_found)
{
	cr_assert_eq(read_at("none.ma", NULL, NULL), SP_ENOTFOUND);
	cr_assert(strstr(sp_ctx_last_error(ctx), "none.ma"), "%s", sp_ctx_last_error(ctx));
}

Test(maya_read, declares_a_texture_swapped_by_a_render_setup_override)
{
	const sp_fileref *f;
	read_ok(HEAD "createNode file -n \"wall\";\n\tsetAttr \".ftn\" -type \"string\" \"tex/grey.png\";\n"
	             "createNode file -n \"floor\";\n\tsetAttr \".ftn\" -type \"string\" \"tex/floor.png\";\n"
	             "createNode renderLayerManager -n \"renderLayerManager\";\n"
	             "createNode renderLayer -n \"defaultRenderLayer\";\n"
	             "createNode renderSetupLayer -n \"red\";\n"
	             "createNode renderLayer -n \"rs_red\";\n"
	             "createNode collection -n \"walls\";\n"
	             "createNode simpleSelector -n \"wallsSelector\";\n"
	             "\tsetAttr \".pat\" -type \"string\" \"wa*\";\n"
	             "createNode absOverride -n \"fileTextureName\";\n"
	             "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -dt \"string\";\n"
	             "\tsetAttr \".atr\" -type \"string\" \"fileTextureName\";\n"
	             "\tsetAttr \".atv\" -type \"string\" \"tex/red.png\";\n"
	             "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
	             "connectAttr \"renderLayerManager.rlmi[1]\" \"rs_red.rlid\";\n"
	             "connectAttr \"rs_red.msg\" \"red.lrl\";\n"
	             "connectAttr \"red.lit\" \"walls.pls\";\n"
	             "connectAttr \"wallsSelector.c\" \"walls.sel\";\n"
	             "connectAttr \"walls.lit\" \"fileTextureName.pls\";\n");
	cr_assert_eq(sp_scene_unit_count(scene), 2);
	f = file("tex/red.png");
	cr_assert_not_null(f, "the layer's texture");
	cr_assert_str_eq(f->node, "wall");
	cr_assert_str_eq(f->attr, "fileTextureName");
	cr_assert_eq(f->line, 19);
	cr_assert_not_null(file("tex/grey.png"));
	cr_assert_not_null(file("tex/floor.png"));
	cr_assert_eq(sp_scene_file_count(scene), 3, "the floor is not selected by \"wa*\"");
}

Test(maya_read, drops_the_copy_number_of_a_repeated_reference)
{
	read_ok(HEAD "file -rdi 1 -ns \"a\" -rfn \"aRN\" \"props/chair.ma\";\n"
	             "file -rdi 1 -ns \"b\" -rfn \"bRN\" \"props/chair.ma{1}\";\n"
	             "file -r -ns \"a\" -dr 1 -rfn \"aRN\" \"props/chair.ma\";\n"
	             "file -r -ns \"b\" -dr 1 -rfn \"bRN\" \"props/chair.ma{1}\";\n");
	cr_assert_eq(sp_scene_file_count(scene), 1);
	cr_assert_str_eq(sp_scene_file_at(scene, 0)->path, "props/chair.ma");
}

Test(maya_read, keeps_only_path_like_elements_of_other_string_arrays)
{
	read_ok(
	    HEAD
	    "createNode hardwareRenderingGlobals -s -n \"hardwareRenderingGlobals\";\n"
	    "\tsetAttr \".otfna\" -type \"stringArray\" 3 \"NURBS Curves\" \"Polygons\" \"UI\"  ;\n"
	    "createNode someCacheNode -n \"c\";\n"
	    "\tsetAttr \".inputs\" -type \"stringArray\" 2 \"label\" \"D:/cache/part.0001.bgeo.sc\"  ;\n");
	cr_assert_eq(sp_scene_file_count(scene), 1);
	cr_assert_str_eq(sp_scene_file_at(scene, 0)->path, "D:/cache/part.0001.bgeo.sc");
	cr_assert_str_eq(sp_scene_file_at(scene, 0)->attr, "inputs[1]");
	cr_assert_eq(sp_scene_file_at(scene, 0)->kind, SP_REF_CACHE);
}

Test(maya_read, a_folder_named_like_a_reference_is_not_read)
{
	tst_write(dir, "sets/room.ma/keep", "", (size_t)-1); /* room.ma is a folder */
	read_ok(HEAD "file -r -rfn \"roomRN\" \"sets/room.ma\";\nfile -r -rfn \"emptyRN\" \"\";\n");
	cr_assert_not_null(file("sets/room.ma"));
	cr_assert_eq(sp_scene_file_count(scene), 1);
	cr_assert_eq(sp_scene_tip_count(scene), 0);
}

/* Imported scenes keep their own managers and default layers; only the main manager's layers render. */
Test(maya_read, layers_of_imported_managers_are_no_units)
{
	read_ok(HEAD
	        "createNode renderLayerManager -n \"renderLayerManager\";\n"
	        "createNode renderLayer -n \"defaultRenderLayer\";\n"
	        "createNode renderLayer -n \"fg\";\n"
	        "createNode renderLayerManager -n \"shot_v01_renderLayerManager\";\n"
	        "createNode renderLayer -n \"shot_v01_defaultRenderLayer\";\n"
	        "createNode renderLayer -n \"shot_v01_bg\";\n"
	        "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
	        "connectAttr \"renderLayerManager.rlmi[1]\" \"fg.rlid\";\n"
	        "connectAttr \"shot_v01_renderLayerManager.rlmi[0]\" \"shot_v01_defaultRenderLayer.rlid\";\n"
	        "connectAttr \"shot_v01_renderLayerManager.rlmi[1]\" \"shot_v01_bg.rlid\";\n");
	cr_assert_eq(sp_scene_unit_count(scene), 2);
	cr_assert_str_eq(sp_unit_name(sp_scene_unit_at(scene, 0)), "defaultRenderLayer");
	cr_assert_str_eq(sp_unit_name(sp_scene_unit_at(scene, 1)), "fg");
}

/* A selector pattern full of stars must not take exponential time. */
Test(maya_read, hostile_selector_pattern_is_matched_quickly, .timeout = 10)
{
	read_ok(
	    HEAD
	    "createNode transform -n "
	    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\";\n"
	    "createNode camera -n "
	    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaShape\" -p "
	    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\";\n"
	    "createNode renderLayerManager -n \"renderLayerManager\";\n"
	    "createNode renderLayer -n \"defaultRenderLayer\";\n"
	    "createNode renderSetupLayer -n \"L\";\ncreateNode renderLayer -n \"rs_L\";\n"
	    "createNode collection -n \"c\";\ncreateNode simpleSelector -n \"s\";\n"
	    "\tsetAttr \".pat\" -type \"string\" \"*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\";\n"
	    "createNode absOverride -n \"o\";\n\tsetAttr \".atr\" -type \"string\" \"renderable\";\n"
	    "\tsetAttr \".atv\" no;\n"
	    "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
	    "connectAttr \"renderLayerManager.rlmi[1]\" \"rs_L.rlid\";\n"
	    "connectAttr \"rs_L.msg\" \"L.lrl\";\nconnectAttr \"L.lit\" \"c.pls\";\n"
	    "connectAttr \"s.c\" \"c.sel\";\nconnectAttr \"c.lit\" \"o.pls\";\n");
	cr_assert_eq(sp_scene_unit_count(scene), 2);
	cr_assert_eq(
	    camera(unit("L"), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaShape"), 1,
	    "the pattern ends in b: nothing matches");
}
