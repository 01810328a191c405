/*
 * Render layers, frames, cameras and outputs as Maya evaluates them:
 * legacy layers with their adjustments, Render Setup layers with their
 * collections and overrides, time units, animation off, and the image
 * prefix each renderer reads.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sp_maya.h>

#include "support.h"

static sp_ctx *ctx;
static char *dir;
static sp_scene *scene;

TST_WORLD_SUITE(maya_layers, ctx, dir, scene);

static void read_at(const char *name, const char *text)
{
	char *path = tst_join(dir, name);
	int rc;
	tst_write(dir, name, text, (size_t)-1);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	rc = sp_maya_read(scene, NULL);
	cr_assert_eq(rc, 0, "sp_maya_read: %d %s", rc, sp_ctx_last_error(ctx));
	free(path);
}

#define unit(name) tst_unit(scene, (name))

#define frames(u) tst_frames(u)

#define camera(u, name) tst_camera((u), (name))

#define CAMERAS                                                                                              \
	"createNode transform -s -n \"persp\";\n"                                                            \
	"createNode camera -s -n \"perspShape\" -p \"persp\";\n"                                             \
	"\tsetAttr -k off \".v\" no;\n"                                                                      \
	"\tsetAttr \".rnd\" no;\n"                                                                           \
	"createNode transform -n \"shotCam\";\n"                                                             \
	"createNode camera -n \"shotCamShape\" -p \"shotCam\";\n"                                            \
	"createNode transform -n \"witness\";\n"                                                             \
	"createNode camera -n \"witnessShape\" -p \"witness\";\n"                                            \
	"\tsetAttr \".rnd\" no;\n"

/* Render Setup as Maya 2022 writes it: the master layer off, two layers, overrides in collections. */
static const char render_setup_scene[] =
    "//Maya ASCII 2022 scene\n//Name: rs.ma\nrequires maya \"2022\";\n"
    "requires \"renderSetup.py\" \"1.0\";\n"
    "currentUnit -l centimeter -a degree -t ntsc;\n" CAMERAS
    "createNode renderLayerManager -n \"renderLayerManager\";\n"
    "\tsetAttr -s 3 \".rlmi[1:2]\"  1 2;\n"
    "createNode renderLayer -n \"defaultRenderLayer\";\n"
    "\tsetAttr \".g\" yes;\n"
    "\tsetAttr \".rndr\" no;\n"
    "createNode renderSetup -n \"renderSetup\";\n"
    "createNode renderSetupLayer -n \"beauty\";\n"
    "createNode renderLayer -n \"rs_beauty\";\n"
    "\tsetAttr \".do\" 1;\n"
    "createNode renderSettingsCollection -n \"RenderSettingsCollection\";\n"
    "createNode simpleSelector -n \"RenderSettingsCollectionSelector\";\n"
    "\tsetAttr \".ssl\" -type \"string\" "
    "\"defaultRenderGlobals\\ndefaultResolution\\ndefaultArnoldDriver\";\n"
    "createNode absUniqueOverride -n \"width\";\n"
    "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -dv 640 -at \"long\";\n"
    "\tsetAttr \".atr\" -type \"string\" \"width\";\n"
    "\tsetAttr \".tgName\" -type \"string\" \"defaultResolution\";\n"
    "\tsetAttr \".atv\" 3840;\n"
    "createNode absUniqueOverride -n \"endFrame\";\n"
    "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -at \"time\";\n"
    "\tsetAttr \".atr\" -type \"string\" \"endFrame\";\n"
    "\tsetAttr \".tgName\" -type \"string\" \"defaultRenderGlobals\";\n"
    "\tsetAttr \".atv\" 1100;\n"
    "createNode absUniqueOverride -n \"prefix\";\n"
    "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -dt \"string\";\n"
    "\tsetAttr \".atr\" -type \"string\" \"imageFilePrefix\";\n"
    "\tsetAttr \".tgName\" -type \"string\" \"defaultRenderGlobals\";\n"
    "\tsetAttr \".atv\" -type \"string\" \"beauty/<Scene>_<Camera>\";\n"
    "createNode collection -n \"witnessCol\";\n"
    "createNode simpleSelector -n \"witnessColSelector\";\n"
    "\tsetAttr \".ssl\" -type \"string\" \"|witness|witnessShape\";\n"
    "\tsetAttr \".tf\" 2;\n"
    "createNode absOverride -n \"renderable\";\n"
    "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -min 0 -max 1 -at \"bool\";\n"
    "\tsetAttr \".atr\" -type \"string\" \"renderable\";\n"
    "\tsetAttr \".atv\" yes;\n"
    "createNode collection -n \"shotCol\";\n"
    "createNode simpleSelector -n \"shotColSelector\";\n"
    "\tsetAttr \".ssl\" -type \"string\" \"|shotCam\";\n"
    "createNode absOverride -n \"renderable1\";\n"
    "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -min 0 -max 1 -at \"bool\";\n"
    "\tsetAttr \".atr\" -type \"string\" \"renderable\";\n"
    "createNode renderSetupLayer -n \"fx\";\n"
    "createNode renderLayer -n \"rs_fx\";\n"
    "\tsetAttr \".do\" 2;\n"
    "\tsetAttr \".rndr\" no;\n"
    "createNode collection -n \"offCol\";\n"
    "\tsetAttr \".sen\" no;\n"
    "createNode simpleSelector -n \"offColSelector\";\n"
    "\tsetAttr \".ssl\" -type \"string\" \"|witness\";\n"
    "createNode absOverride -n \"renderable2\";\n"
    "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -min 0 -max 1 -at \"bool\";\n"
    "\tsetAttr \".atr\" -type \"string\" \"renderable\";\n"
    "\tsetAttr \".atv\" yes;\n"
    "select -ne :time1;\n\tsetAttr \".o\" 1001;\n"
    "select -ne :defaultRenderGlobals;\n"
    "\tsetAttr \".ren\" -type \"string\" \"arnold\";\n"
    "\tsetAttr \".an\" yes;\n"
    "\tsetAttr \".fs\" 1001;\n"
    "\tsetAttr \".ef\" 1050;\n"
    "\tsetAttr \".ifp\" -type \"string\" \"<RenderLayer>/<Scene>\";\n"
    "select -ne :defaultResolution;\n"
    "\tsetAttr \".w\" 1920;\n\tsetAttr \".h\" 1080;\n"
    "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
    "connectAttr \"renderLayerManager.rlmi[1]\" \"rs_beauty.rlid\";\n"
    "connectAttr \"renderLayerManager.rlmi[2]\" \"rs_fx.rlid\";\n"
    "connectAttr \"rs_beauty.msg\" \"beauty.lrl\";\n"
    "connectAttr \"renderSetup.lit\" \"beauty.pls\";\n"
    "connectAttr \"rs_fx.msg\" \"fx.lrl\";\n"
    "connectAttr \"renderSetup.lit\" \"fx.pls\";\n"
    "connectAttr \"RenderSettingsCollectionSelector.c\" \"RenderSettingsCollection.sel\";\n"
    "connectAttr \"beauty.lit\" \"RenderSettingsCollection.pls\";\n"
    "connectAttr \"RenderSettingsCollection.lit\" \"width.pls\";\n"
    "connectAttr \"RenderSettingsCollection.lit\" \"endFrame.pls\";\n"
    "connectAttr \"RenderSettingsCollection.lit\" \"prefix.pls\";\n"
    "connectAttr \"witnessColSelector.c\" \"witnessCol.sel\";\n"
    "connectAttr \"beauty.lit\" \"witnessCol.pls\";\n"
    "connectAttr \"witnessCol.lit\" \"renderable.pls\";\n"
    "connectAttr \"shotColSelector.c\" \"shotCol.sel\";\n"
    "connectAttr \"beauty.lit\" \"shotCol.pls\";\n"
    "connectAttr \"shotCol.lit\" \"renderable1.pls\";\n"
    "connectAttr \"offColSelector.c\" \"offCol.sel\";\n"
    "connectAttr \"fx.lit\" \"offCol.pls\";\n"
    "connectAttr \"offCol.lit\" \"renderable2.pls\";\n";

Test(maya_layers, render_setup_layers_apply_their_overrides_each)
{
	sp_unit *master, *beauty, *fx;
	read_at("rs.ma", render_setup_scene);
	cr_assert_str_eq(sp_scene_task_value(scene, "render_layer_type"), "1");
	cr_assert_eq(sp_scene_unit_count(scene), 3);
	master = unit("masterLayer");
	cr_assert_eq(sp_unit_renderable(master), 0, "the master layer is switched off (.rndr no)");
	cr_assert_str_eq(frames(master), "1001-1050[1]", "ntsc frames are stored as frames");
	cr_assert_str_eq(sp_unit_get(master, SP_PROP_WIDTH), "1920");
	cr_assert_str_eq(sp_unit_get(master, SP_PROP_OUTPUT), "<RenderLayer>/<Scene>");
	cr_assert_eq(camera(master, "shotCamShape"), 1);
	cr_assert_eq(camera(master, "witnessShape"), 0);
	cr_assert_eq(camera(master, "perspShape"), 0);

	beauty = unit("beauty");
	cr_assert_eq(sp_unit_renderable(beauty), 1);
	cr_assert_str_eq(frames(beauty), "1001-1100[1]");
	cr_assert_str_eq(sp_unit_get(beauty, SP_PROP_WIDTH), "3840");
	cr_assert_str_eq(sp_unit_get(beauty, SP_PROP_HEIGHT), "1080");
	cr_assert_str_eq(sp_unit_get(beauty, SP_PROP_OUTPUT), "beauty/<Scene>_<Camera>");
	cr_assert_eq(camera(beauty, "witnessShape"), 1, "the collection switches the witness camera on");
	cr_assert_eq(
	    camera(beauty, "shotCamShape"), 0,
	    "an override without a value holds its declared default (off), picked by the DAG parent");

	fx = unit("fx");
	cr_assert_eq(sp_unit_renderable(fx), 0);
	cr_assert_str_eq(frames(fx), "1001-1050[1]");
	cr_assert_eq(camera(fx, "witnessShape"), 0, "a disabled collection changes nothing");
	cr_assert_eq(camera(fx, "shotCamShape"), 1);
}

/* Legacy layers: one per renderer, the V-Ray one with its own prefix overridden in the layer. */
static const char legacy_scene[] =
    "//Maya ASCII 2018 scene\n//Name: legacy.ma\nrequires maya \"2018\";\n"
    "currentUnit -l centimeter -a degree -t film;\n" CAMERAS
    "createNode renderLayerManager -n \"renderLayerManager\";\n"
    "\tsetAttr -s 2 \".rlmi[1]\"  1;\n"
    "createNode renderLayer -n \"defaultRenderLayer\";\n"
    "\tsetAttr \".g\" yes;\n"
    "\tsetAttr \".adjs[0].val\" -type \"string\" \"vray\";\n"
    "createNode renderLayer -n \"vrayLayer\";\n"
    "\tsetAttr \".adjs[0].val\" -type \"string\" \"vray\";\n"
    "\tsetAttr \".adjs[1].val\" -type \"string\" \"layer/<Layer>\";\n"
    "\tsetAttr \".adjs[2].val\" -type \"string\" \"exr (multichannel)\";\n"
    "\tsetAttr \".adjs[3].val\" 1;\n"
    "\tsetAttr \".adjs[4].val\" no;\n"
    "createNode VRaySettingsNode -s -n \"vraySettings\";\n"
    "\tsetAttr \".fnprx\" -type \"string\" \"master/<Scene>\";\n"
    "\tsetAttr \".imgfs\" -type \"string\" \"jpg\";\n"
    "select -ne :defaultRenderGlobals;\n"
    "\tsetAttr \".ren\" -type \"string\" \"mayaSoftware\";\n"
    "\tsetAttr \".an\" yes;\n"
    "\tsetAttr \".fs\" 1;\n\tsetAttr \".ef\" 48;\n\tsetAttr \".bfs\" 2;\n"
    "\tsetAttr \".ifp\" -type \"string\" \"maya/%s_%l_%c\";\n"
    "\tsetAttr \".outf\" 32;\n"
    "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
    "connectAttr \"renderLayerManager.rlmi[1]\" \"vrayLayer.rlid\";\n"
    "connectAttr \":defaultRenderGlobals.ren\" \"defaultRenderLayer.adjs[0].plg\";\n"
    "connectAttr \":defaultRenderGlobals.ren\" \"vrayLayer.adjs[0].plg\";\n"
    "connectAttr \"vraySettings.fnprx\" \"vrayLayer.adjs[1].plg\";\n"
    "connectAttr \"vraySettings.imgfs\" \"vrayLayer.adjs[2].plg\";\n"
    "connectAttr \"|witness|witnessShape.rnd\" \"vrayLayer.adjs[3].plg\";\n"
    "connectAttr \"|shotCam|shotCamShape.rnd\" \"vrayLayer.adjs[4].plg\";\n";

Test(maya_layers, each_renderer_names_its_images_in_each_layer)
{
	sp_unit *master, *vray;
	read_at("legacy.ma", legacy_scene);
	master = unit("defaultRenderLayer");
	/* The scene was saved in the master layer: its plugs hold its own values (mayaSoftware). */
	cr_assert_str_eq(sp_unit_get(master, SP_PROP_RENDERER), "mayaSoftware");
	cr_assert_str_eq(sp_unit_get(master, SP_PROP_OUTPUT), "maya/%s_%l_%c",
	                 "Maya's short tokens are kept as written");
	cr_assert_str_eq(sp_unit_get(master, SP_PROP_IMAGE_FORMAT), "png");
	cr_assert_str_eq(frames(master), "1-48[2]");

	vray = unit("vrayLayer");
	cr_assert_str_eq(sp_unit_get(vray, SP_PROP_RENDERER), "vray");
	cr_assert_str_eq(sp_unit_get(vray, SP_PROP_OUTPUT), "layer/<Layer>",
	                 "V-Ray reads its own prefix, overridden in this layer");
	cr_assert_str_eq(sp_unit_get(vray, SP_PROP_IMAGE_FORMAT), "exr");
	cr_assert_eq(camera(vray, "witnessShape"), 1);
	cr_assert_eq(camera(vray, "shotCamShape"), 0);
	cr_assert_eq(camera(master, "shotCamShape"), 1);
}

Test(maya_layers, animation_off_renders_the_current_frame_in_any_time_unit)
{
	read_at("still.ma", "//Maya ASCII 2020 scene\nrequires maya \"2020\";\n"
	                    "currentUnit -l centimeter -a degree -t 48fps;\n" CAMERAS
	                    "select -ne :time1;\n\tsetAttr \".o\" 212;\n"
	                    "select -ne :defaultRenderGlobals;\n"
	                    "\tsetAttr \".fs\" 100;\n\tsetAttr \".ef\" 300;\n");
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	cr_assert_str_eq(frames(unit("defaultRenderLayer")), "212-212[1]");
	cr_assert_str_eq(sp_unit_get(unit("defaultRenderLayer"), SP_PROP_ANIMATION), "False");
	cr_assert_str_eq(sp_unit_get(unit("defaultRenderLayer"), SP_PROP_RENDERER), "mayaSoftware",
	                 "an unset renderer is Maya Software, Maya's default");
}

Test(maya_layers, layers_of_a_referenced_scene_are_not_units)
{
	tst_write(dir, "lighting.ma",
	          "//Maya ASCII 2022 scene\nrequires maya \"2022\";\n"
	          "createNode renderLayerManager -n \"renderLayerManager\";\n"
	          "createNode renderLayer -n \"defaultRenderLayer\";\n"
	          "createNode renderLayer -n \"keyLight\";\n"
	          "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
	          "connectAttr \"renderLayerManager.rlmi[1]\" \"keyLight.rlid\";\n",
	          (size_t)-1);
	read_at("shot.ma", "//Maya ASCII 2022 scene\n"
	                   "file -rdi 1 -ns \"lgt\" -rfn \"lgtRN\" \"lighting.ma\";\n"
	                   "file -r -ns \"lgt\" -dr 1 -rfn \"lgtRN\" \"lighting.ma\";\n"
	                   "requires maya \"2022\";\n" CAMERAS
	                   "createNode renderLayerManager -n \"renderLayerManager\";\n"
	                   "createNode renderLayer -n \"defaultRenderLayer\";\n"
	                   "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n");
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	cr_assert_str_eq(sp_unit_name(sp_scene_unit_at(scene, 0)), "defaultRenderLayer");
}

Test(maya_layers, renderman_names_images_with_its_own_format_string)
{
	read_at("rman.ma", "//Maya ASCII 2022 scene\nrequires maya \"2022\";\n"
	                   "requires -nodeType \"rmanGlobals\" \"RenderMan_for_Maya.py\" \"24.4\";\n" CAMERAS
	                   "select -ne :defaultRenderGlobals;\n"
	                   "\tsetAttr \".ren\" -type \"string\" \"renderman\";\n"
	                   "\tsetAttr \".ifp\" -type \"string\" \"ignored/<Scene>\";\n");
	cr_assert_str_eq(sp_unit_get(unit("defaultRenderLayer"), SP_PROP_OUTPUT),
	                 "<scene>_<layer>_<camera>_<aov>.<f4>.<ext>",
	                 "RenderMan 22+ ignores .imageFilePrefix");
}

/* A shot camera published in its own file, referenced by the scene and switched per layer there. */
static void write_camera_publish(void)
{
	tst_write(dir, "cam.ma",
	          "//Maya ASCII 2022 scene\nrequires maya \"2022\";\n"
	          "createNode transform -n \"shotCam\";\n"
	          "createNode camera -n \"shotCamShape\" -p \"shotCam\";\n"
	          "createNode transform -n \"techCam\";\n"
	          "createNode camera -n \"techCamShape\" -p \"techCam\";\n"
	          "\tsetAttr \".rnd\" no;\n",
	          (size_t)-1);
}

#define CAM_REF                                                                                              \
	"file -rdi 1 -ns \"cam\" -rfn \"camRN\" \"cam.ma\";\n"                                               \
	"file -r -ns \"cam\" -dr 1 -rfn \"camRN\" \"cam.ma\";\n"

Test(maya_layers, legacy_layers_and_reference_edits_switch_referenced_cameras)
{
	sp_unit *master, *tech;
	write_camera_publish();
	read_at("shot.ma", "//Maya ASCII 2018 scene\n" CAM_REF "requires maya \"2018\";\n" CAMERAS
	                   "createNode reference -n \"camRN\";\n"
	                   "\tsetAttr \".ed\" -type \"dataReferenceEdits\" \"camRN\" \"camRN\" 0 \"camRN\" 1 "
	                   "2 \"cam:shotCamShape\" \"renderable\" \" 0\";\n"
	                   "createNode renderLayerManager -n \"renderLayerManager\";\n"
	                   "createNode renderLayer -n \"defaultRenderLayer\";\n"
	                   "createNode renderLayer -n \"techLayer\";\n"
	                   "\tsetAttr \".adjs[0].val\" yes;\n"
	                   "\tsetAttr \".adjs[1].val\" yes;\n"
	                   "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
	                   "connectAttr \"renderLayerManager.rlmi[1]\" \"techLayer.rlid\";\n"
	                   "connectAttr \"|cam:techCam|cam:techCamShape.rnd\" \"techLayer.adjs[0].plg\";\n"
	                   "connectAttr \"cam:shotCamShape.rnd\" \"techLayer.adjs[1].plg\";\n");
	master = unit("defaultRenderLayer");
	cr_assert_eq(camera(master, "cam:shotCamShape"), 0, "the scene's reference edit switched it off");
	cr_assert_eq(camera(master, "cam:techCamShape"), 0, "off in its own file");
	tech = unit("techLayer");
	cr_assert_eq(camera(tech, "cam:techCamShape"), 1, "the layer's adjustment switches it on");
	cr_assert_eq(camera(tech, "cam:shotCamShape"), 1);
}

Test(maya_layers, render_setup_collections_switch_referenced_cameras)
{
	sp_unit *master, *beauty;
	write_camera_publish();
	read_at("shot.ma",
	        "//Maya ASCII 2022 scene\n" CAM_REF "requires maya \"2022\";\n" CAMERAS
	        "createNode renderLayerManager -n \"renderLayerManager\";\n"
	        "createNode renderLayer -n \"defaultRenderLayer\";\n"
	        "createNode renderSetup -n \"renderSetup\";\n"
	        "createNode renderSetupLayer -n \"beauty\";\n"
	        "createNode renderLayer -n \"rs_beauty\";\n"
	        "createNode collection -n \"camCol\";\n"
	        "createNode simpleSelector -n \"camColSelector\";\n"
	        "\tsetAttr \".ssl\" -type \"string\" \"|cam:techCam\\n|cam:shotCam|cam:shotCamShape\";\n"
	        "createNode absOverride -n \"techOn\";\n"
	        "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -min 0 -max 1 -at \"bool\";\n"
	        "\tsetAttr \".atr\" -type \"string\" \"renderable\";\n"
	        "\tsetAttr \".atv\" yes;\n"
	        "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
	        "connectAttr \"renderLayerManager.rlmi[1]\" \"rs_beauty.rlid\";\n"
	        "connectAttr \"rs_beauty.msg\" \"beauty.lrl\";\n"
	        "connectAttr \"renderSetup.lit\" \"beauty.pls\";\n"
	        "connectAttr \"camColSelector.c\" \"camCol.sel\";\n"
	        "connectAttr \"beauty.lit\" \"camCol.pls\";\n"
	        "connectAttr \"camCol.lit\" \"techOn.pls\";\n");
	master = unit("masterLayer");
	cr_assert_eq(camera(master, "cam:techCamShape"), 0);
	cr_assert_eq(camera(master, "cam:shotCamShape"), 1);
	beauty = unit("beauty");
	cr_assert_eq(camera(beauty, "cam:techCamShape"), 1, "selected through its transform");
	cr_assert_eq(camera(beauty, "cam:shotCamShape"), 1);
}

Test(maya_layers, an_arnold_driver_is_named_by_the_extension_it_writes)
{
	read_at("deep.ma", "//Maya ASCII 2022 scene\nrequires maya \"2022\";\n" CAMERAS
	                   "createNode aiAOVDriver -s -n \"defaultArnoldDriver\";\n"
	                   "\tsetAttr \".ai_translator\" -type \"string\" \"deepexr\";\n"
	                   "select -ne :defaultRenderGlobals;\n"
	                   "\tsetAttr \".ren\" -type \"string\" \"arnold\";\n");
	cr_assert_str_eq(sp_unit_get(unit("defaultRenderLayer"), SP_PROP_IMAGE_FORMAT), "exr");
}

Test(maya_layers, a_render_setup_override_swaps_a_texture_of_a_referenced_shader)
{
	const sp_fileref *f = NULL;
	tst_write(dir, "lookdev.ma",
	          "//Maya ASCII 2022 scene\nrequires maya \"2022\";\n"
	          "createNode file -n \"hull\";\n\tsetAttr \".ftn\" -type \"string\" \"tex/hull.png\";\n",
	          (size_t)-1);
	read_at("shot.ma", "//Maya ASCII 2022 scene\n"
	                   "file -rdi 1 -ns \"lookdev\" -rfn \"lookdevRN\" \"lookdev.ma\";\n"
	                   "file -r -ns \"lookdev\" -dr 1 -rfn \"lookdevRN\" \"lookdev.ma\";\n"
	                   "requires maya \"2022\";\n" CAMERAS
	                   "createNode renderLayerManager -n \"renderLayerManager\";\n"
	                   "createNode renderLayer -n \"defaultRenderLayer\";\n"
	                   "createNode renderSetup -n \"renderSetup\";\n"
	                   "createNode renderSetupLayer -n \"damaged\";\n"
	                   "createNode renderLayer -n \"rs_damaged\";\n"
	                   "createNode collection -n \"texCol\";\n"
	                   "createNode simpleSelector -n \"texColSelector\";\n"
	                   "\tsetAttr \".ssl\" -type \"string\" \"lookdev:hull\";\n"
	                   "createNode absOverride -n \"swap\";\n"
	                   "\taddAttr -ci true -sn \"atv\" -ln \"attrValue\" -dt \"string\";\n"
	                   "\tsetAttr \".atr\" -type \"string\" \"fileTextureName\";\n"
	                   "\tsetAttr \".atv\" -type \"string\" \"tex/hull_damaged.png\";\n"
	                   "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
	                   "connectAttr \"renderLayerManager.rlmi[1]\" \"rs_damaged.rlid\";\n"
	                   "connectAttr \"rs_damaged.msg\" \"damaged.lrl\";\n"
	                   "connectAttr \"renderSetup.lit\" \"damaged.pls\";\n"
	                   "connectAttr \"texColSelector.c\" \"texCol.sel\";\n"
	                   "connectAttr \"damaged.lit\" \"texCol.pls\";\n"
	                   "connectAttr \"texCol.lit\" \"swap.pls\";\n");
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		if (strcmp(sp_scene_file_at(scene, i)->path, "tex/hull_damaged.png") == 0)
			f = sp_scene_file_at(scene, i);
	cr_assert_not_null(f, "the texture the damaged layer renders with");
	cr_assert_str_eq(f->node, "lookdev:hull");
	cr_assert_str_eq(f->attr, "fileTextureName");
	cr_assert_eq(f->line, 25, "the line of the override value");
}
