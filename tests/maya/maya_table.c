/*
 * The file table of the Maya shim against path-attributes.md §1 and §2:
 * one small scene per plug-in family, each attribute written the way the
 * plug-in saves it, with the switch attributes that turn a value into a
 * sequence, a tile set, a folder, or nothing at all.
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

TST_WORLD_SUITE(maya_table, ctx, dir, scene);

#define HEAD                                                                                                 \
	"//Maya ASCII 2024 scene\n//Name: t.ma\nrequires maya \"2024\";\n"                                   \
	"currentUnit -l centimeter -a degree -t film;\n"

static void read_ok(const char *body)
{
	char *path = tst_join(dir, "t.ma");
	char *text = malloc(strlen(HEAD) + strlen(body) + 1);
	int rc;
	strcpy(text, HEAD);
	strcat(text, body);
	tst_write(dir, "t.ma", text, (size_t)-1);
	free(text);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	rc = sp_maya_read(scene, NULL);
	cr_assert_eq(rc, 0, "sp_maya_read: %d %s", rc, sp_ctx_last_error(ctx));
	free(path);
}

#define file(path) tst_file(scene, (path))

/* The one reference of `path`, checked for kind and attribute; returns its flags. */
static unsigned expect(const char *path, sp_ref_kind kind, const char *attr)
{
	const sp_fileref *f = file(path);
	cr_assert_not_null(f, "%s is not declared", path);
	cr_assert_eq(f->kind, kind, "%s: kind %d", path, (int)f->kind);
	cr_assert_str_eq(f->attr, attr, "%s", path);
	return f->flags;
}

Test(maya_table, v_ray_proxies_scenes_and_gi_maps)
{
	read_ok("createNode VRayMesh -n \"treeProxy\";\n"
	        "\tsetAttr \".fn\" -type \"string\" \"proxy/tree.vrmesh\";\n"
	        "createNode VRayScene -n \"city\";\n"
	        "\tsetAttr \".FilePath\" -type \"string\" \"scenes/city.vrscene\";\n"
	        "createNode VRayVolumeGrid -n \"smoke\";\n"
	        "\tsetAttr \".if\" -type \"string\" \"cache/smoke_####.vdb\";\n"
	        "createNode VRayLightIESShape -n \"iesShape\";\n"
	        "\tsetAttr \".iesFile\" -type \"string\" \"ies/spot.ies\";\n"
	        "select -ne :vraySettings;\n"
	        "\tsetAttr \".ifile\" -type \"string\" \"gi/shot.vrmap\";\n"
	        "\tsetAttr \".fnprx\" -type \"string\" \"out/<Layer>/<Scene>\";\n"
	        "\tsetAttr \".iasf\" -type \"string\" \"gi/autosave.vrmap\";\n"
	        "\tsetAttr \".cfile\" -type \"string\" \"\";\n");
	cr_assert_eq(expect("proxy/tree.vrmesh", SP_REF_PROXY, "fileName"), 0);
	expect("scenes/city.vrscene", SP_REF_PROXY, "FilePath");
	cr_assert_eq(expect("cache/smoke_####.vdb", SP_REF_VOLUME, "inFile"), SP_REF_FRAMES,
	             "# padding in a volume grid's path is a frame sequence");
	expect("ies/spot.ies", SP_REF_LIGHT, "iesFile");
	cr_assert_eq(expect("gi/shot.vrmap", SP_REF_CACHE, "imap_fileName"), SP_REF_OPTIONAL,
	             "read only in the \"from file\" GI mode");
	cr_assert_null(file("out/<Layer>/<Scene>"), "the image prefix is an output");
	cr_assert_null(file("gi/autosave.vrmap"), "an auto-save map is written by the render");
	cr_assert_eq(sp_scene_file_count(scene), 5);
}

Test(maya_table, redshift_textures_caches_and_the_back_plate_switch)
{
	read_ok("createNode RedshiftDomeLight -n \"domeShape\";\n"
	        "\tsetAttr \".tex0\" -type \"string\" \"hdr/sky.exr\";\n"
	        "\tsetAttr \".tex1\" -type \"string\" \"hdr/plate_off.exr\";\n"
	        "createNode RedshiftDomeLight -n \"dome2Shape\";\n"
	        "\taddAttr -ci true -sn \"backPlateEnabled\" -ln \"backPlateEnabled\" -at \"bool\";\n"
	        "\tsetAttr \".backPlateEnabled\" yes;\n"
	        "\tsetAttr \".tex1\" -type \"string\" \"hdr/plate_on.exr\";\n"
	        "createNode RedshiftBokeh -n \"bokeh\";\n"
	        "\tsetAttr \".dofBokehImage\" -type \"string\" \"lens/bokeh.png\";\n"
	        "createNode RedshiftNormalMap -n \"nrm\";\n"
	        "\tsetAttr \".tex0\" -type \"string\" \"tex/hull_n.<UDIM>.png\";\n"
	        "createNode RedshiftProxyMesh -n \"crowd\";\n"
	        "\tsetAttr \".fn\" -type \"string\" \"proxy/crowd.0012.rs\";\n"
	        "\tsetAttr \".useFrameExtension\" yes;\n"
	        "select -ne :redshiftOptions;\n"
	        "\tsetAttr \".irradianceCacheFilename\" -type \"string\" \"gi/irr.rsmap\";\n"
	        "\tsetAttr \".imageFilePrefix\" -type \"string\" \"rs/<Scene>\";\n");
	expect("hdr/sky.exr", SP_REF_TEXTURE, "tex0");
	cr_assert_null(file("hdr/plate_off.exr"), "the back plate is used only when enabled");
	expect("hdr/plate_on.exr", SP_REF_TEXTURE, "tex1");
	expect("lens/bokeh.png", SP_REF_TEXTURE, "dofBokehImage");
	cr_assert_eq(expect("tex/hull_n.<UDIM>.png", SP_REF_TEXTURE, "tex0"), SP_REF_TILES);
	cr_assert_eq(expect("proxy/crowd.<f>.rs", SP_REF_PROXY, "fileName"), SP_REF_FRAMES,
	             "useFrameExtension turns the frame digits into a sequence");
	cr_assert_eq(expect("gi/irr.rsmap", SP_REF_CACHE, "irradianceCacheFilename"), SP_REF_OPTIONAL);
	cr_assert_null(file("rs/<Scene>"));
}

Test(maya_table, renderman_lights_legacy_maps_and_ocio_switch)
{
	read_ok("createNode PxrStdEnvMapLight -n \"envShape\";\n"
	        "\tsetAttr \".rman__EnvMap\" -type \"string\" \"hdr/env.tex\";\n"
	        "createNode RMSGPSurface -n \"gp\";\n"
	        "\tsetAttr \".SurfaceMap\" -type \"string\" \"tex/albedo.tex\";\n"
	        "\tsetAttr \".DisplacementMap\" -type \"string\" \"tex/disp.tex\";\n"
	        "createNode PxrMultiTexture -n \"multi\";\n"
	        "\tsetAttr \".filename3\" -type \"string\" \"tex/layer3.tex\";\n"
	        "createNode PxrOSL -n \"osl\";\n"
	        "\tsetAttr \".shadername\" -type \"string\" \"shaders/noise.oso\";\n"
	        "createNode rmanImageFile -n \"img\";\n"
	        "\tsetAttr \".File\" -type \"string\" \"tex/legacy.tex\";\n"
	        "createNode rmanGlobals -s -n \"rmanGlobals\";\n"
	        "\tsetAttr \".ocioConfigPath\" -type \"string\" \"ocio/off.ocio\";\n"
	        "\tsetAttr \".ocioEnabled\" 0;\n"
	        "\tsetAttr \".imageFileFormat\" -type \"string\" \"<scene>_<layer>.<f4>.<ext>\";\n");
	expect("hdr/env.tex", SP_REF_LIGHT, "rman__EnvMap");
	expect("tex/albedo.tex", SP_REF_TEXTURE, "SurfaceMap");
	expect("tex/disp.tex", SP_REF_TEXTURE, "DisplacementMap");
	expect("tex/layer3.tex", SP_REF_TEXTURE, "filename3");
	expect("shaders/noise.oso", SP_REF_OTHER, "shadername");
	expect("tex/legacy.tex", SP_REF_TEXTURE, "File");
	cr_assert_null(file("ocio/off.ocio"), "RenderMan's OCIO config counts only when enabled");
	cr_assert_null(file("<scene>_<layer>.<f4>.<ext>"), "the image name is an output");
	cr_assert_eq(sp_scene_file_count(scene), 6);
}

Test(maya_table, arnold_nodes_with_tokens_and_frame_extension)
{
	read_ok("createNode aiImage -n \"img\";\n"
	        "\tsetAttr \".filename\" -type \"string\" \"tex/skin.<udim>.tx\";\n"
	        "createNode aiStandIn -n \"standInShape\";\n"
	        "\tsetAttr \".dso\" -type \"string\" \"ass/crowd.0101.ass\";\n"
	        "\tsetAttr \".useFrameExtension\" yes;\n"
	        "createNode aiVolume -n \"volShape\";\n"
	        "\tsetAttr \".filename\" -type \"string\" \"vdb/fire.####.vdb\";\n"
	        "createNode aiMaterialx -n \"mtlx\";\n"
	        "\tsetAttr \".filename\" -type \"string\" \"looks/hero.mtlx\";\n"
	        "createNode aiPhotometricLight -n \"photoShape\";\n"
	        "\tsetAttr \".ai_filename\" -type \"string\" \"ies/down.ies\";\n"
	        "select -ne :defaultArnoldDriver;\n"
	        "\tsetAttr \".prefix\" -type \"string\" \"beauty/<RenderLayer>.exr\";\n");
	cr_assert_eq(expect("tex/skin.<udim>.tx", SP_REF_TEXTURE, "filename"), SP_REF_TILES,
	             "<udim> in an aiImage name is a tile set without any tiling mode");
	cr_assert_eq(expect("ass/crowd.<f>.ass", SP_REF_PROXY, "dso"), SP_REF_FRAMES);
	cr_assert_eq(expect("vdb/fire.####.vdb", SP_REF_VOLUME, "filename"), SP_REF_FRAMES);
	expect("looks/hero.mtlx", SP_REF_OTHER, "filename");
	expect("ies/down.ies", SP_REF_LIGHT, "aiFilename");
	cr_assert_null(file("beauty/<RenderLayer>.exr"), "a driver's prefix is an output");
}

Test(maya_table, yeti_xgen_golaem_and_miarmy_lists_and_folders)
{
	read_ok("createNode pgYetiMaya -n \"furShape\";\n"
	        "\tsetAttr \".groomFileName\" -type \"string\" \"groom/hero.grm\";\n"
	        "\tsetAttr \".imageSearchPath\" -type \"string\" \"/srv/tex;/srv/tex2\";\n"
	        "createNode xgmPalette -n \"hair\";\n"
	        "\tsetAttr \".xfn\" -type \"string\" \"t__hair.xgen\";\n"
	        "\tsetAttr \".xdf\" -type \"string\" \"d/a.xgd;d/b.xgd\";\n"
	        "createNode CrowdManagerNode -n \"crowdManager\";\n"
	        "\tsetAttr \".characterFiles\" -type \"string\" \"chars/man.gcha;chars/woman.gcha\";\n"
	        "createNode SimulationCacheProxy -n \"simProxy\";\n"
	        "\tsetAttr \".inputCacheDir\" -type \"string\" \"cache/golaem\";\n"
	        "\tsetAttr \".inputCacheName\" -type \"string\" \"shot010\";\n"
	        "createNode McdGlobal -n \"McdGlobal1\";\n"
	        "\tsetAttr \".outMD2Folder\" -type \"string\" \"miarmy/agents\";\n");
	expect("groom/hero.grm", SP_REF_OTHER, "groomFileName");
	cr_assert_eq(expect("/srv/tex2", SP_REF_TEXTURE, "imageSearchPath"),
	             SP_REF_DIRECTORY | SP_REF_OPTIONAL);
	expect("t__hair.xgen", SP_REF_OTHER, "xgFileName");
	cr_assert_eq(expect("d/a.xgd", SP_REF_OTHER, "xgDeltaFiles"), 0, "a delta list names files");
	expect("d/b.xgd", SP_REF_OTHER, "xgDeltaFiles");
	expect("chars/man.gcha", SP_REF_OTHER, "characterFiles");
	expect("chars/woman.gcha", SP_REF_OTHER, "characterFiles");
	cr_assert_eq(expect("cache/golaem", SP_REF_CACHE, "inputCacheDir"), SP_REF_DIRECTORY);
	cr_assert_null(file("shot010"), "a cache name is no path");
	cr_assert_eq(expect("miarmy/agents", SP_REF_CACHE, "outMD2Folder"),
	             SP_REF_DIRECTORY | SP_REF_OPTIONAL);
}

Test(maya_table, built_in_switches_movie_planes_explicit_tiles_and_assembly_data)
{
	read_ok("createNode imagePlane -n \"plateShape\";\n"
	        "\tsetAttr \".imn\" -type \"string\" \"plates/bg.0101.jpg\";\n"
	        "\tsetAttr \".ufe\" yes;\n"
	        "createNode imagePlane -n \"movieShape\";\n"
	        "\tsetAttr \".t\" 2;\n"
	        "\tsetAttr \".imn\" -type \"string\" \"plates/ref_v002.mov\";\n"
	        "\tsetAttr \".ufe\" yes;\n"
	        "createNode file -n \"tiles\";\n"
	        "\tsetAttr \".ftn\" -type \"string\" \"tex/left.png\";\n"
	        "\tsetAttr \".uvt\" 4;\n"
	        "\tsetAttr \".euvt[0].euvn\" -type \"string\" \"tex/left.png\";\n"
	        "\tsetAttr \".euvt[1].euvn\" -type \"string\" \"tex/right.png\";\n"
	        "createNode assemblyDefinition -n \"treeAD\";\n"
	        "\tsetAttr \".rep[0].rna\" -type \"string\" \"Cache\";\n"
	        "\tsetAttr \".rep[0].rla\" -type \"string\" \"Cache\";\n"
	        "\tsetAttr \".rep[0].rda\" -type \"string\" \"caches/tree.abc\";\n"
	        "createNode delightRenderPass -n \"pass\";\n"
	        "\tsetAttr \".texturePath\" -type \"string\" \"@:/srv/dl_tex\";\n"
	        "\tsetAttr \".layerDefaultFilename\" -type \"string\" \"3delight/<scene>/x.<ext>\";\n"
	        "createNode audio -n \"dialog\";\n"
	        "\tsetAttr \".f\" -type \"string\" \"sound/dialog.wav\";\n"
	        "createNode octaneImageTexture -n \"oct\";\n"
	        "\tsetAttr \".File\" -type \"string\" \"tex/octane.png\";\n");
	cr_assert_eq(expect("plates/bg.<f>.jpg", SP_REF_TEXTURE, "imageName"), SP_REF_FRAMES);
	cr_assert_eq(expect("plates/ref_v002.mov", SP_REF_TEXTURE, "imageName"), 0,
	             "a movie plane (type 2) is one file, whatever useFrameExtension says");
	expect("tex/left.png", SP_REF_TEXTURE, "fileTextureName");
	expect("tex/right.png", SP_REF_TEXTURE, "explicitUvTiles");
	expect("caches/tree.abc", SP_REF_SCENE, "representations.repData");
	cr_assert_null(file("Cache"), "a representation's name and label are no paths");
	cr_assert_eq(expect("/srv/dl_tex", SP_REF_TEXTURE, "texturePath"),
	             SP_REF_DIRECTORY | SP_REF_OPTIONAL);
	cr_assert_null(file("@"), "'@' is 3Delight's default search list");
	cr_assert_null(file("3delight/<scene>/x.<ext>"), "3Delight's image name is an output");
	expect("tex/octane.png", SP_REF_TEXTURE, "File");
	cr_assert_eq(expect("sound/dialog.wav", SP_REF_AUDIO, "filename"), SP_REF_OPTIONAL,
	             "no renderer reads a sound track: a missing one stops no render");
}

Test(maya_table, any_uaf_attribute_is_a_path_and_outputs_never_are)
{
	read_ok("createNode transform -n \"pipe\";\n"
	        "\taddAttr -ci true -uaf -sn \"simCache\" -ln \"simulationCachePath\" -dt \"string\";\n"
	        "\tsetAttr \".simCache\" -type \"string\" \"sim/cloth\";\n"
	        "createNode pgYetiMaya -n \"furOut\";\n"
	        "\tsetAttr \".outputCacheFileName\" -type \"string\" \"fur/out.%04d.fur\";\n"
	        "createNode OpenVDBWrite -n \"vdbOut\";\n"
	        "\tsetAttr \".file\" -type \"string\" \"vdb/written.vdb\";\n"
	        "createNode PxrBakeTexture -n \"bake\";\n"
	        "\tsetAttr \".filename\" -type \"string\" \"bake/out.tex\";\n");
	expect("sim/cloth", SP_REF_TEXTURE, "simCache");
	cr_assert_null(file("fur/out.%04d.fur"));
	cr_assert_null(file("vdb/written.vdb"));
	cr_assert_null(file("bake/out.tex"));
	cr_assert_eq(sp_scene_file_count(scene), 1);
}

static int has_asset(const char *rel)
{
	char *want = tst_join(dir, rel);
	int found = 0;
	for (size_t i = 0; i < sp_scene_asset_count(scene); i++)
		found |= strcmp(sp_scene_asset_at(scene, i), want) == 0;
	free(want);
	return found;
}

Test(maya_table, a_geometry_cache_brings_its_per_frame_data)
{
	tst_write(dir, "cache/cloth/clothShape.xml",
	          "<?xml version=\"1.0\"?>\n<Autodesk_Cache_File>\n"
	          "  <cacheType Type=\"OneFilePerFrame\" Format=\"mcc\"/>\n"
	          "  <time Range=\"250-10000\"/>\n</Autodesk_Cache_File>\n",
	          (size_t)-1);
	tst_write(dir, "cache/hair/hairShape.xml",
	          "<Autodesk_Cache_File><cacheType Type=\"OneFile\" Format=\"mcx\"/></Autodesk_Cache_File>",
	          (size_t)-1);
	tst_write(dir, "cache/hair/hairShape.mcx", "FOR8", 4);
	tst_write(dir, "cache/cloth/clothShapeFrame1.mc", "FOR4", 4);
	tst_write(dir, "cache/cloth/clothShapeFrame2.mc", "FOR4", 4);
	tst_write(dir, "cache/cloth/clothShapeFrame3.mc", "FOR4", 4);
	tst_write(dir, "cache/cloth/clothShapeFrame40.mc", "FOR4", 4);
	read_ok("createNode cacheFile -n \"clothCache1\";\n"
	        "\tsetAttr \".cn\" -type \"string\" \"clothShape\";\n"
	        "\tsetAttr \".cp\" -type \"string\" \"cache/cloth\";\n"
	        "createNode cacheFile -n \"hairCache1\";\n"
	        "\tsetAttr \".cn\" -type \"string\" \"hairShape\";\n"
	        "\tsetAttr \".cp\" -type \"string\" \"cache/hair\";\n"
	        "createNode cacheFile -n \"goneCache1\";\n"
	        "\tsetAttr \".cn\" -type \"string\" \"gone\";\n"
	        "\tsetAttr \".cp\" -type \"string\" \"cache/gone\";\n"
	        "select -ne :defaultRenderGlobals;\n"
	        "\tsetAttr \".an\" yes;\n\tsetAttr \".fs\" 1;\n\tsetAttr \".ef\" 3;\n");
	cr_assert_eq(expect("cache/cloth/clothShape.xml", SP_REF_CACHE, "cachePath"), 0);
	cr_assert_eq(expect("cache/cloth/clothShapeFrame<f>.mc", SP_REF_CACHE, "cachePath"), SP_REF_FRAMES,
	             "the description says one file per frame, in the mcc format");
	cr_assert_eq(expect("cache/hair/hairShape.mcx", SP_REF_CACHE, "cachePath"), 0);
	expect("cache/gone/gone.xml", SP_REF_CACHE, "cachePath");
	cr_assert_eq(sp_scene_file_count(scene), 5, "nothing is guessed for a cache without its description");
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(has_asset("cache/cloth/clothShape.xml"));
	cr_assert(has_asset("cache/cloth/clothShapeFrame1.mc"));
	cr_assert(has_asset("cache/cloth/clothShapeFrame3.mc"));
	cr_assert_not(has_asset("cache/cloth/clothShapeFrame40.mc"), "frame 40 is not rendered");
	cr_assert(has_asset("cache/hair/hairShape.mcx"));
	cr_assert_eq(sp_scene_missing_count(scene), 1, "only the cache without a description");
}

Test(maya_table, the_udim_tile_is_the_four_digit_number_not_a_later_version)
{
	read_ok("createNode file -n \"hull\";\n"
	        "\tsetAttr \".ftn\" -type \"string\" \"tex/hull_1001_v002.png\";\n"
	        "\tsetAttr \".uvt\" 3;\n"
	        "createNode file -n \"deck\";\n"
	        "\tsetAttr \".ftn\" -type \"string\" \"tex/v3/deck.1012.exr\";\n"
	        "\tsetAttr \".uvt\" 3;\n"
	        "createNode file -n \"flat\";\n"
	        "\tsetAttr \".ftn\" -type \"string\" \"tex/flat_0200.png\";\n"
	        "\tsetAttr \".uvt\" 3;\n");
	cr_assert_eq(expect("tex/hull_<UDIM>_v002.png", SP_REF_TEXTURE, "fileTextureName"), SP_REF_TILES);
	cr_assert_eq(expect("tex/v3/deck.<UDIM>.exr", SP_REF_TEXTURE, "fileTextureName"), SP_REF_TILES);
	cr_assert_eq(expect("tex/flat_0200.png", SP_REF_TEXTURE, "fileTextureName"), 0, "0200 is no tile");
}

Test(maya_table, an_xgen_collection_is_looked_up_beside_the_scene_first)
{
	tst_write(dir, "workspace.mel", "workspace -fr \"scene\" \"scenes\";\n", (size_t)-1);
	tst_write(dir, "t__hair.xgen", "stale copy at the project root", (size_t)-1);
	tst_write(dir, "scenes/t__hair.xgen", "the collection saved with the scene", (size_t)-1);
	{
		char *path = tst_join(dir, "scenes/t.ma");
		char *want = tst_join(dir, "scenes/t__hair.xgen");
		int found = 0;
		tst_write(dir, "scenes/t.ma",
		          HEAD "createNode xgmPalette -n \"hair\";\n"
		               "\tsetAttr \".xfn\" -type \"string\" \"t__hair.xgen\";\n",
		          (size_t)-1);
		cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
		cr_assert_eq(sp_maya_read(scene, NULL), 0);
		cr_assert_eq(sp_scene_analyze(scene), 0);
		for (size_t i = 0; i < sp_scene_asset_count(scene); i++)
			found |= strcmp(sp_scene_asset_at(scene, i), want) == 0;
		cr_assert(found, "the scene's own folder wins over the project root for XGen");
		free(path);
		free(want);
	}
}
