#define _GNU_SOURCE
/* Files that name more files (.ass, .vrscene, .rib, .xgen, .usda, .ocio, .mtlx), followed by the analysis. */
#include "support.h"

#include <criterion/criterion.h>
#include <sceneprobe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "deps.h"

static char *tmp;
static sp_ctx *ctx;
static sp_scene *scene;

static void setup(void)
{
	sp_unit *u = NULL;
	sp_frames *f = NULL;
	tmp = tst_mkdtemp();
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	tst_write(tmp, "proj/scenes/shot.ma", "//Maya ASCII 2023 scene\n", (size_t)-1);
	char *path = tst_join(tmp, "proj/scenes/shot.ma");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0, "%s", sp_ctx_last_error(ctx));
	free(path);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, "defaultRenderLayer"), 0);
	cr_assert_eq(sp_frames_parse(&f, ctx, "1-3"), 0);
	cr_assert_eq(sp_unit_set_frames(u, f), 0);
	sp_frames_free(f);
	cr_assert_eq(sp_unit_set(u, SP_PROP_RENDERER, "arnold"), 0);
	cr_assert_eq(sp_unit_add_camera(u, "shotCamShape", 1), 0);
}

static void teardown(void)
{
	sp_scene_free(scene);
	sp_ctx_free(ctx);
	tst_rmtree(tmp);
	free(tmp);
}

TestSuite(deps, .init = setup, .fini = teardown);

static void put(const char *rel, const char *text)
{
	tst_write(tmp, rel, text, (size_t)-1);
}

/* The scene names `rel` (under the temporary folder) as a node attribute would. */
static void scene_names(const char *rel, sp_ref_kind kind, unsigned flags)
{
	sp_fileref ref = SP_FILEREF_INIT;
	char *path = tst_join(tmp, rel);
	ref.path = path;
	ref.kind = kind;
	ref.flags = flags;
	ref.node = "standIn1";
	ref.attr = "dso";
	ref.line = 3;
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0, "%s", sp_ctx_last_error(ctx));
	free(path);
}

static void analyze(void)
{
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int has_asset(const char *suffix)
{
	for (size_t i = 0; i < sp_scene_asset_count(scene); i++)
		if (ends_with(sp_scene_asset_at(scene, i), suffix))
			return 1;
	return 0;
}

static int has_missing(const char *suffix)
{
	for (size_t i = 0; i < sp_scene_missing_count(scene); i++)
		if (ends_with(sp_scene_missing_at(scene, i), suffix))
			return 1;
	return 0;
}

/* The reference declared with `path` as written, or NULL. */
static const sp_fileref *declared(const char *path)
{
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		if (strcmp(sp_scene_file_at(scene, i)->path, path) == 0)
			return sp_scene_file_at(scene, i);
	return NULL;
}

static size_t declared_count(const char *path)
{
	size_t n = 0;
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		n += strcmp(sp_scene_file_at(scene, i)->path, path) == 0;
	return n;
}

static char *tips_json(void)
{
	sp_buf b = SP_BUF_INIT;
	cr_assert_eq(sp_write_tips_json(&b, scene), 0);
	char *s = strdup(sp_buf_cstr(&b));
	sp_buf_dispose(&b);
	return s;
}

static int tips_contain(const char *text)
{
	char *s = tips_json();
	int found = strstr(s, text) != NULL;
	free(s);
	return found;
}

static void assert_ref(const char *path, sp_ref_kind kind, unsigned flags, const char *source_suffix,
                       uint64_t line, const char *node, const char *attr)
{
	const sp_fileref *r = declared(path);
	cr_assert_not_null(r, "%s was not declared", path);
	cr_assert_eq(r->kind, kind, "%s: kind %d", path, (int)r->kind);
	cr_assert_eq(r->flags, flags, "%s: flags %u", path, r->flags);
	cr_assert(r->source && ends_with(r->source, source_suffix), "%s: source %s", path, r->source);
	cr_assert_eq(r->line, line, "%s: line %llu", path, (unsigned long long)r->line);
	cr_assert_str_eq(r->node, node);
	cr_assert_str_eq(r->attr, attr);
}

/* ---- gzip ------------------------------------------------------------------------ */

/* `text` (strlen when len is (size_t)-1) as `members` gzip members, malloc'd; its size to *out_len. */
static unsigned char *gzip_bytes(const char *text, size_t len, int members, size_t *out_len)
{
	size_t cap, used = 0;
	unsigned char *out;
	if (len == (size_t)-1)
		len = strlen(text);
	cap = (size_t)members * (compressBound((uLong)len) + 64) + 64;
	out = malloc(cap);
	cr_assert_not_null(out);
	for (int m = 0; m < members; m++) {
		size_t from = len * (size_t)m / (size_t)members, to = len * (size_t)(m + 1) / (size_t)members;
		z_stream zs;
		memset(&zs, 0, sizeof(zs));
		cr_assert_eq(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
		zs.next_in = (Bytef *)(uintptr_t)(text + from);
		zs.avail_in = (uInt)(to - from);
		zs.next_out = out + used;
		zs.avail_out = (uInt)(cap - used);
		cr_assert_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
		used = cap - zs.avail_out;
		deflateEnd(&zs);
	}
	*out_len = used;
	return out;
}

static void put_gzip(const char *rel, const char *text, size_t len, int members)
{
	size_t n;
	unsigned char *z = gzip_bytes(text, len, members, &n);
	tst_write(tmp, rel, (const char *)z, n);
	free(z);
}

/* ---- Arnold .ass ------------------------------------------------------------------- */

static const char ass_text[] = "### exported: Mon Jan  6 10:00:00 2025\n"
                               "options\n"
                               "{\n"
                               " texture_searchpath \"[TEXROOT];../tex\"\n"
                               " procedural_searchpath \"../ass\"\n"
                               "}\n"
                               "\n"
                               "image\n"
                               "{\n"
                               " filename \"walls/plaster_<udim>.tx\"\n"
                               " name wallColor\n"
                               "}\n"
                               "procedural\n"
                               "{\n"
                               " name chairProxy\n"
                               "\tfilename \"props/chair.ass\"\n"
                               "}\n"
                               "photometric_light { name spot filename \"lights/spot.ies\" }\n"
                               "driver_exr\n"
                               "{\n"
                               " name out\n"
                               " filename \"renders/beauty.exr\"\n"
                               "}\n"
                               "include \"common.ass\"\n";

Test(deps, ass_declares_what_its_nodes_name_with_search_paths_and_follows_procedurals)
{
	put("proj/ass/scene.ass", ass_text);
	put("proj/tex/walls/plaster_1001.tx", "t1");
	put("proj/tex/walls/plaster_1002.tx", "t22");
	put("proj/ass/props/chair.ass", "volume\n{\n name smoke\n filename \"smoke.vdb\"\n}\n");
	put("proj/ass/props/smoke.vdb", "vdb");
	put("proj/ass/common.ass", "# nothing here\n");
	scene_names("proj/ass/scene.ass", SP_REF_PROXY, 0);
	analyze();

	assert_ref("walls/plaster_<udim>.tx", SP_REF_TEXTURE, SP_REF_TILES, "/proj/ass/scene.ass", 10,
	           "wallColor", "filename");
	assert_ref("props/chair.ass", SP_REF_PROXY, 0, "/proj/ass/scene.ass", 16, "chairProxy", "filename");
	assert_ref("lights/spot.ies", SP_REF_LIGHT, 0, "/proj/ass/scene.ass", 18, "spot", "filename");
	assert_ref("smoke.vdb", SP_REF_VOLUME, 0, "/proj/ass/props/chair.ass", 4, "smoke", "filename");
	assert_ref("common.ass", SP_REF_SCENE, 0, "/proj/ass/scene.ass", 24, "include", "include");
	/* the driver writes its filename: an output is never an input */
	cr_assert_null(declared("renders/beauty.exr"));
	/* tiles found through the texture search path, the nested .ass and its volume */
	cr_assert(has_asset("/proj/tex/walls/plaster_1001.tx") &&
	          has_asset("/proj/tex/walls/plaster_1002.tx"));
	cr_assert(has_asset("/proj/ass/props/chair.ass") && has_asset("/proj/ass/props/smoke.vdb"));
	cr_assert(has_asset("/proj/ass/common.ass"));
	/* the IES profile is missing: a missing-file tip like any other, naming the node */
	cr_assert_eq(sp_scene_missing_count(scene), 1);
	cr_assert(has_missing("/proj/ass/lights/spot.ies"));
	cr_assert(tips_contain("\"10012\"") && tips_contain("spot.filename"));
	cr_assert(tips_contain("\"60002\""), "[TEXROOT] has no value: an unresolved-variable tip");
}

Test(deps, ass_search_path_variables_resolve_from_the_context)
{
	char *root = tst_join(tmp, "textures_root");
	cr_assert_eq(sp_ctx_set_env(ctx, "TEXROOT", root), 0);
	put("proj/ass/scene.ass", ass_text);
	put("textures_root/walls/plaster_1001.tx", "t1");
	scene_names("proj/ass/scene.ass", SP_REF_PROXY, 0);
	analyze();
	cr_assert(has_asset("/textures_root/walls/plaster_1001.tx"));
	const sp_fileref *r = declared("walls/plaster_<udim>.tx");
	cr_assert_not_null(r);
	cr_assert_str_eq(r->base, root);
	free(root);
}

Test(deps, ass_xgen_procedural_data_names_the_collection_and_the_geometry)
{
	put("proj/ass/hair.ass", "xgen_procedural\n{\n name hairShape\n data \"-debug 1 -file "
	                         "collections/hair.xgen -palette hair -geom cache/body.abc -frame 1\"\n}\n");
	put("proj/ass/collections/hair.xgen", "FileVersion 18\n");
	put("proj/ass/cache/body.abc", "abc");
	scene_names("proj/ass/hair.ass", SP_REF_PROXY, 0);
	analyze();
	assert_ref("collections/hair.xgen", SP_REF_OTHER, 0, "/proj/ass/hair.ass", 4, "hairShape",
	           "data -file");
	assert_ref("cache/body.abc", SP_REF_CACHE, 0, "/proj/ass/hair.ass", 4, "hairShape", "data -geom");
	cr_assert(has_asset("/proj/ass/collections/hair.xgen") && has_asset("/proj/ass/cache/body.abc"));
	cr_assert_eq(sp_scene_missing_count(scene), 0);
}

/* ---- guards: cycles, depth, hostile bytes ------------------------------------------- */

Test(deps, a_cycle_of_includes_reads_each_file_once_and_says_so)
{
	put("proj/a.ass", "include \"b.ass\"\nimage { name ta filename \"ta.tx\" }\n");
	put("proj/b.ass", "include \"a.ass\"\ninclude \"b.ass\"\nimage { name tb filename \"tb.tx\" }\n");
	put("proj/ta.tx", "a");
	put("proj/tb.tx", "b");
	scene_names("proj/a.ass", SP_REF_PROXY, 0);
	analyze();
	cr_assert_eq(declared_count("ta.tx"), 1);
	cr_assert_eq(declared_count("tb.tx"), 1);
	cr_assert_eq(declared_count("a.ass"), 1);
	cr_assert(has_asset("/proj/ta.tx") && has_asset("/proj/tb.tx"));
	cr_assert(tips_contain("\"60009\""));
	cr_assert_eq(sp_scene_missing_count(scene), 0);
}

Test(deps, a_file_reached_twice_without_a_cycle_is_read_once_and_no_cycle_is_reported)
{
	put("proj/a.ass", "include \"shared.ass\"\ninclude \"b.ass\"\n");
	put("proj/b.ass", "include \"shared.ass\"\n");
	put("proj/shared.ass", "image { name t filename \"t.tx\" }\n");
	put("proj/t.tx", "t");
	scene_names("proj/a.ass", SP_REF_PROXY, 0);
	analyze();
	cr_assert_eq(declared_count("t.tx"), 1);
	cr_assert_not(tips_contain("\"60009\""));
}

Test(deps, nesting_stops_at_sixteen_files_deep)
{
	char name[64], text[128];
	for (int i = 0; i < 24; i++) {
		snprintf(name, sizeof(name), "proj/chain/n%02d.ass", i);
		snprintf(text, sizeof(text), "include \"n%02d.ass\"\n", i + 1);
		put(name, text);
	}
	scene_names("proj/chain/n00.ass", SP_REF_PROXY, 0);
	analyze();
	/* n00 is 1 deep ... n15 is 16 deep and names n16, which is not read */
	cr_assert_not_null(declared("n16.ass"));
	cr_assert_null(declared("n17.ass"));
	cr_assert(tips_contain("\"60009\"") && tips_contain("n16.ass is nested 17 files deep"));
}

/* ---- V-Ray .vrscene -------------------------------------------------------------------- */

Test(deps, vrscene_declares_plugin_files_animated_values_and_includes)
{
	put("proj/vr/shot.vrscene",
	    "#include \"lights_common.vrscene\"\n"
	    "// BitmapBuffer commented { file=\"no.exr\"; }\n"
	    "/* a block comment\n"
	    "   GeomMeshFile gone { file=\"gone.vrmesh\"; } */\n"
	    "BitmapBuffer bmp_floor {\n"
	    "  color_space=1;\n"
	    "  file=\"textures/floor_<UDIM>.exr\";\n"
	    "}\n"
	    "GeomMeshFile mesh_tree { file=\"proxies/tree_a.vrmesh\"; flip_axis=0; }\n"
	    "TexOSL osl1 {\n"
	    "  shader_file=interpolate((1, \"shaders/a.osl\"), (2, \"shaders/b.osl\"));\n"
	    "}\n"
	    "SettingsOutput out { img_file=\"render/beauty.exr\"; }\n");
	put("proj/vr/lights_common.vrscene", "LightIES ies1 {\n  ies_file=\"ies/spot.ies\";\n}\n");
	put("proj/vr/textures/floor_1001.exr", "1");
	put("proj/vr/proxies/tree_a.vrmesh", "m");
	put("proj/vr/shaders/a.osl", "a");
	put("proj/vr/shaders/b.osl", "b");
	put("proj/vr/ies/spot.ies", "i");
	scene_names("proj/vr/shot.vrscene", SP_REF_PROXY, 0);
	analyze();
	assert_ref("lights_common.vrscene", SP_REF_SCENE, 0, "/vr/shot.vrscene", 1, "#include", "path");
	assert_ref("textures/floor_<UDIM>.exr", SP_REF_TEXTURE, SP_REF_TILES, "/vr/shot.vrscene", 7,
	           "bmp_floor", "file");
	assert_ref("proxies/tree_a.vrmesh", SP_REF_PROXY, 0, "/vr/shot.vrscene", 9, "mesh_tree", "file");
	assert_ref("shaders/b.osl", SP_REF_OTHER, 0, "/vr/shot.vrscene", 11, "osl1", "shader_file");
	assert_ref("ies/spot.ies", SP_REF_LIGHT, 0, "/vr/lights_common.vrscene", 2, "ies1", "ies_file");
	cr_assert_null(declared("no.exr"));
	cr_assert_null(declared("gone.vrmesh"));
	cr_assert_null(declared("render/beauty.exr"));
	cr_assert(has_asset("floor_1001.exr") && has_asset("tree_a.vrmesh") && has_asset("a.osl") &&
	          has_asset("b.osl") && has_asset("spot.ies") && has_asset("lights_common.vrscene"));
	cr_assert_eq(sp_scene_missing_count(scene), 0);
}

/* ---- RenderMan .rib / .rlf ------------------------------------------------------------- */

Test(deps, rib_declares_textures_archives_and_lights_but_not_displays)
{
	put("proj/rib/shot.rib",
	    "##RenderMan RIB\n"
	    "Option \"searchpath\" \"string texture\" [\"../tex:@\"]\n"
	    "Display \"renders/beauty.exr\" \"openexr\" \"rgba\"\n"
	    "Pattern \"PxrTexture\" \"woodTex\" \"string filename\" [\"oak.tex\"] \"int linearize\" [1]\n"
	    "Procedural2 \"DelayedReadArchive2\" \"SimpleBound\" \"string filename\" [\"props/lamp.rib\"]\n"
	    "  \"float[6] bound\" [-1 1 0 2 -1 1]\n"
	    "Light \"PxrDomeLight\" \"dome\" \"string lightColorMap\" [\"sky.<UDIM>.tex\"]\n"
	    "Light \"PxrRectLight\" \"rect\" \"uniform string iesProfile\" \"ies/rect.ies\"\n"
	    "Procedural \"DelayedReadArchive\" [\"props/old.rib\"] [-1 1 -1 1 -1 1]\n"
	    "Pattern \"PxrMayaFile\" \"f1\" \"string fileTextureName\" [\"stdout\"]\n"
	    "# ReadArchive \"commented.rib\"\n");
	put("proj/tex/oak.tex", "t");
	put("proj/tex/sky.1001.tex", "s");
	put("proj/rib/props/lamp.rib", "AttributeBegin\nReadArchive \"bulb.rib\"\nAttributeEnd\n");
	put("proj/rib/props/bulb.rib", "# empty\n");
	put("proj/rib/props/old.rib", "");
	put("proj/rib/ies/rect.ies", "i");
	scene_names("proj/rib/shot.rib", SP_REF_PROXY, 0);
	analyze();
	assert_ref("oak.tex", SP_REF_TEXTURE, 0, "/rib/shot.rib", 4, "woodTex", "filename");
	assert_ref("props/lamp.rib", SP_REF_PROXY, 0, "/rib/shot.rib", 5, "Procedural2", "filename");
	assert_ref("sky.<UDIM>.tex", SP_REF_TEXTURE, SP_REF_TILES, "/rib/shot.rib", 7, "dome",
	           "lightColorMap");
	assert_ref("ies/rect.ies", SP_REF_LIGHT, 0, "/rib/shot.rib", 8, "rect", "iesProfile");
	assert_ref("props/old.rib", SP_REF_PROXY, 0, "/rib/shot.rib", 9, "Procedural", "DelayedReadArchive");
	assert_ref("bulb.rib", SP_REF_PROXY, 0, "/rib/props/lamp.rib", 2, "ReadArchive", "ReadArchive");
	cr_assert_null(declared("renders/beauty.exr"));
	cr_assert_null(declared("stdout"));
	cr_assert_null(declared("commented.rib"));
	cr_assert(has_asset("/proj/tex/oak.tex") && has_asset("/proj/tex/sky.1001.tex"));
	cr_assert(has_asset("/proj/rib/props/bulb.rib") && has_asset("/proj/rib/ies/rect.ies"));
	cr_assert_eq(sp_scene_missing_count(scene), 0);
}

Test(deps, rlf_payloads_are_read_as_rib_after_decoding_xml_entities)
{
	put("proj/rib/job/job.job.rlf",
	    "<?xml version=\"1.0\"?>\n<RenderManLookFile>\n <Payload>\n"
	    "  Pattern &quot;PxrTexture&quot; &quot;skin&quot; &quot;string filename&quot; "
	    "[&quot;maps/skin&amp;co.tex&quot;]\n"
	    " </Payload>\n</RenderManLookFile>\n");
	put("proj/rib/job/maps/skin&co.tex", "t");
	scene_names("proj/rib/job/job.job.rlf", SP_REF_OTHER, 0);
	analyze();
	assert_ref("maps/skin&co.tex", SP_REF_TEXTURE, 0, "/job/job.job.rlf", 4, "skin", "filename");
	cr_assert(has_asset("/proj/rib/job/maps/skin&co.tex"));
}

Test(deps, binary_rib_and_gzip_usda_are_leaves_with_an_info_tip)
{
	static const char binary[] = "\x90\x01\x00\x05Light\x00\x00\xff\xfe\x01\x02\x03";
	size_t n;
	/* USD reads no gzip layer: the bytes are not followed */
	unsigned char *z = gzip_bytes("#usda 1.0\n(\n subLayers = [@a.usda@]\n)\n", (size_t)-1, 1, &n);
	tst_write(tmp, "proj/usd/packed.usda", (const char *)z, n);
	free(z);
	tst_write(tmp, "proj/rib/bin.rib", binary, sizeof(binary) - 1);
	scene_names("proj/usd/packed.usda", SP_REF_SCENE, 0);
	scene_names("proj/rib/bin.rib", SP_REF_PROXY, 0);
	analyze();
	cr_assert(has_asset("packed.usda") && has_asset("bin.rib"));
	cr_assert_eq(sp_scene_file_count(scene), 2);
	cr_assert(tips_contain("\"60006\"") && tips_contain("gzip-compressed") &&
	          tips_contain("binary, not text"));
}

/* ---- USD .usda ------------------------------------------------------------------------- */

Test(deps, usda_declares_asset_paths_relative_to_their_layer_and_skips_strings_and_comments)
{
	put("proj/usd/shot.usda", "#usda 1.0\n"
	                          "(\n"
	                          "    doc = \"\"\"mail art@studio.com @not/a/path.usd@\n"
	                          "    still @quoted.usd@ \"\"\"\n"
	                          "    subLayers = [@./lighting.usda@, @../shared/set.usdc@]\n"
	                          ")\n"
	                          "# @commented.usd@\n"
	                          "def Xform \"table\" (\n"
	                          "    prepend references = @assets/table.usd@</table>\n"
	                          "    payload = @@@assets/odd@name.usdc@@@\n"
	                          ")\n"
	                          "{\n"
	                          "    string note = \"see @inline.usd@\"\n"
	                          "    asset remote = @omniverse://server/lib/a.usd@\n"
	                          "    clips = {\n"
	                          "        dictionary default = {\n"
	                          "            asset manifestAssetPath = @clips/manifest.usda@\n"
	                          "            string templateAssetPath = \"clips/anim.###.usd\"\n"
	                          "        }\n"
	                          "    }\n"
	                          "}\n"
	                          "def Shader \"oakTex\"\n"
	                          "{\n"
	                          "    uniform token info:id = \"UsdUVTexture\"\n"
	                          "    asset inputs:file = @textures/oak.<UDIM>.exr@\n"
	                          "}\n");
	put("proj/usd/lighting.usda",
	    "#usda 1.0\ndef DomeLight \"sky\" { asset inputs:texture:file = @hdri/sky.exr@ }\n");
	put("proj/usd/hdri/sky.exr", "h");
	put("proj/shared/set.usdc", "PXR-USDC\x01\x02");
	put("proj/usd/assets/table.usd", "PXR-USDC binary crate @hidden.usd@");
	put("proj/usd/assets/odd@name.usdc", "c");
	put("proj/usd/clips/manifest.usda", "#usda 1.0\n");
	put("proj/usd/clips/anim.001.usd", "#usda 1.0\n");
	put("proj/usd/clips/anim.002.usd", "#usda 1.0\ndef \"x\" { asset a = @frame2_only.exr@ }\n");
	put("proj/usd/clips/frame2_only.exr", "f");
	put("proj/usd/textures/oak.1001.exr", "o");
	scene_names("proj/usd/shot.usda", SP_REF_SCENE, 0);
	analyze();
	assert_ref("./lighting.usda", SP_REF_SCENE, 0, "/usd/shot.usda", 5, "(layer)", "subLayers");
	assert_ref("../shared/set.usdc", SP_REF_SCENE, 0, "/usd/shot.usda", 5, "(layer)", "subLayers");
	assert_ref("assets/table.usd", SP_REF_SCENE, 0, "/usd/shot.usda", 9, "table", "references");
	assert_ref("assets/odd@name.usdc", SP_REF_SCENE, 0, "/usd/shot.usda", 10, "table", "payload");
	assert_ref("clips/manifest.usda", SP_REF_SCENE, 0, "/usd/shot.usda", 17, "table",
	           "manifestAssetPath");
	assert_ref("clips/anim.###.usd", SP_REF_SCENE, SP_REF_FRAMES, "/usd/shot.usda", 18, "table",
	           "templateAssetPath");
	assert_ref("textures/oak.<UDIM>.exr", SP_REF_TEXTURE, SP_REF_TILES, "/usd/shot.usda", 25, "oakTex",
	           "inputs:file");
	assert_ref("hdri/sky.exr", SP_REF_TEXTURE, 0, "/usd/lighting.usda", 2, "sky", "inputs:texture:file");
	assert_ref("frame2_only.exr", SP_REF_TEXTURE, 0, "/usd/clips/anim.002.usd", 2, "x", "a");
	cr_assert_null(declared("not/a/path.usd"));
	cr_assert_null(declared("quoted.usd"));
	cr_assert_null(declared("commented.usd"));
	cr_assert_null(declared("inline.usd"));
	cr_assert_null(declared("hidden.usd"), "a crate .usd is a leaf");
	cr_assert_null(declared("omniverse://server/lib/a.usd"), "a URL is served, not uploaded");
	cr_assert(has_asset("/proj/shared/set.usdc") && has_asset("/proj/usd/hdri/sky.exr"));
	cr_assert(has_asset("/proj/usd/clips/anim.001.usd") && has_asset("/proj/usd/clips/anim.002.usd"));
	cr_assert(has_asset("/proj/usd/textures/oak.1001.exr") && has_asset("/clips/frame2_only.exr"));
	cr_assert_eq(sp_scene_missing_count(scene), 0);
}

/* ---- MaterialX .mtlx --------------------------------------------------------------------- */

Test(deps, mtlx_declares_filename_inputs_behind_their_fileprefix_and_follows_includes)
{
	put("proj/mx/look.mtlx", "<?xml version=\"1.0\"?>\n"
	                         "<materialx version=\"1.38\" fileprefix=\"textures/\">\n"
	                         "  <xi:include href=\"lib/studio_nodes.mtlx\" />\n"
	                         "  <!-- <input name=\"c\" type=\"filename\" value=\"commented.png\"/> -->\n"
	                         "  <image name=\"albedo\" type=\"color3\">\n"
	                         "    <input name=\"file\" type=\"filename\" value=\"oak_<UDIM>.png\" />\n"
	                         "  </image>\n"
	                         "  <nodegraph name=\"ng\" fileprefix=\"/abs/maps/\">\n"
	                         "    <tiledimage name=\"rough\" type=\"float\">\n"
	                         "      <parameter name=\"file\"\n"
	                         "                 type=\"filename\" value=\"rough&amp;co.exr\"/>\n"
	                         "      <input name=\"label\" type=\"string\" value=\"not_a_file.png\"/>\n"
	                         "    </tiledimage>\n"
	                         "  </nodegraph>\n"
	                         "  <image name=\"spec\" type=\"float\">\n"
	                         "    <input name=\"file\" type=\"filename\" value=\"spec.png\"/>\n"
	                         "  </image>\n"
	                         "</materialx>\n");
	put("proj/mx/lib/studio_nodes.mtlx",
	    "<materialx><image name=\"n\"><input name=\"file\" type=\"filename\" "
	    "value=\"../noise.exr\"/></image></materialx>");
	put("proj/mx/noise.exr", "n");
	put("proj/mx/textures/oak_1001.png", "o");
	put("proj/mx/textures/spec.png", "s");
	scene_names("proj/mx/look.mtlx", SP_REF_OTHER, 0);
	analyze();
	assert_ref("lib/studio_nodes.mtlx", SP_REF_OTHER, 0, "/mx/look.mtlx", 3, "xi:include", "href");
	assert_ref("textures/oak_<UDIM>.png", SP_REF_TEXTURE, SP_REF_TILES, "/mx/look.mtlx", 6, "albedo",
	           "file");
	assert_ref("/abs/maps/rough&co.exr", SP_REF_TEXTURE, 0, "/mx/look.mtlx", 10, "rough", "file");
	assert_ref("textures/spec.png", SP_REF_TEXTURE, 0, "/mx/look.mtlx", 16, "spec", "file");
	assert_ref("../noise.exr", SP_REF_TEXTURE, 0, "/mx/lib/studio_nodes.mtlx", 1, "n", "file");
	cr_assert_null(declared("textures/commented.png"));
	cr_assert_null(declared("textures/not_a_file.png"));
	cr_assert(has_asset("/proj/mx/textures/oak_1001.png") && has_asset("/proj/mx/textures/spec.png"));
	cr_assert(has_asset("/proj/mx/noise.exr") && has_asset("/proj/mx/lib/studio_nodes.mtlx"));
	cr_assert_eq(sp_scene_missing_count(scene), 1);
	cr_assert(has_missing("/abs/maps/rough&co.exr"));
}

/* ---- OCIO configs ---------------------------------------------------------------------- */

Test(deps, ocio_declares_file_transform_sources_found_along_its_search_path)
{
	put("proj/color/config.ocio", "ocio_profile_version: 2\n"
	                              "# search_path: nowhere\n"
	                              "colorspaces:\n"
	                              "  - !<ColorSpace>\n"
	                              "    name: camera_log\n"
	                              "    from_scene_reference: !<FileTransform> {src: cam_to_aces.spi1d, "
	                              "interpolation: linear}\n"
	                              "  - !<ColorSpace>\n"
	                              "    name: \"film\"\n"
	                              "    to_scene_reference: !<GroupTransform>\n"
	                              "      children:\n"
	                              "        - !<FileTransform>\n"
	                              "          src: \"film.cube\"\n"
	                              "search_path: [luts, ../shared/luts]\n");
	put("proj/color/luts/cam_to_aces.spi1d", "lut");
	put("proj/shared/luts/film.cube", "cube");
	scene_names("proj/color/config.ocio", SP_REF_CONFIG, 0);
	analyze();
	assert_ref("cam_to_aces.spi1d", SP_REF_CONFIG, 0, "/color/config.ocio", 6, "camera_log", "src");
	assert_ref("film.cube", SP_REF_CONFIG, 0, "/color/config.ocio", 12, "film", "src");
	cr_assert(has_asset("/proj/color/luts/cam_to_aces.spi1d") &&
	          has_asset("/proj/shared/luts/film.cube"));
	cr_assert_eq(sp_scene_missing_count(scene), 0);
	cr_assert_eq(sp_scene_file_count(scene), 3, "no folder is shipped when every source is known");
}

Test(deps, ocio_v1_search_path_string_and_a_context_variable_ship_the_lut_folders)
{
	put("proj/color/v1.ocio", "ocio_profile_version: 1\n"
	                          "search_path: luts:grades\n"
	                          "looks:\n"
	                          "  - !<Look>\n"
	                          "    name: shot_grade\n"
	                          "    process_space: ACEScct\n"
	                          "    transform: !<FileTransform> {src: $SHOT.cdl, cccid: grade_a}\n");
	put("proj/color/grades/sh010.cdl", "cdl");
	put("proj/color/grades/sh020.cdl", "cdl2");
	put("proj/color/luts/x.spi3d", "x");
	scene_names("proj/color/v1.ocio", SP_REF_CONFIG, 0);
	analyze();
	/* SHOT has no value here: the look's file cannot be named, so it is optional... */
	const sp_fileref *r = declared("$SHOT.cdl");
	cr_assert_not_null(r);
	cr_assert_eq(r->flags, SP_REF_OPTIONAL);
	cr_assert(tips_contain("\"60002\"") && tips_contain("SHOT"));
	cr_assert_not(tips_contain("\"10012\""));
	/* both folders of the search path are shipped, each marked as a folder and optional */
	size_t folders = 0;
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		if (sp_scene_file_at(scene, i)->flags == (SP_REF_DIRECTORY | SP_REF_OPTIONAL))
			folders++;
	cr_assert_eq(folders, 2);
	cr_assert(has_asset("/proj/color/grades/sh010.cdl") && has_asset("/proj/color/grades/sh020.cdl"));
	cr_assert(has_asset("/proj/color/luts/x.spi3d"));
}

Test(deps, ocio_search_folders_that_hold_the_config_are_not_shipped_whole)
{
	put("proj/color/v1.ocio", "search_path: .:..:grades\n"
	                          "looks:\n  - !<Look>\n    name: g\n"
	                          "    transform: !<FileTransform> {src: $SHOT.cdl}\n");
	put("proj/color/grades/sh010.cdl", "cdl");
	put("proj/other/big.bin", "everything beside the config");
	scene_names("proj/color/v1.ocio", SP_REF_CONFIG, 0);
	analyze();
	/* "." and ".." would ship the config's folder and its parent: only grades goes */
	size_t folders = 0;
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		if (sp_scene_file_at(scene, i)->flags == (SP_REF_DIRECTORY | SP_REF_OPTIONAL))
			folders++;
	cr_assert_eq(folders, 1);
	cr_assert(has_asset("/proj/color/grades/sh010.cdl"));
	cr_assert_not(has_asset("/proj/other/big.bin"));
}

Test(deps, ocio_source_with_a_context_variable_the_user_set_is_one_file)
{
	put("proj/color/v1.ocio",
	    "search_path: luts:grades\n"
	    "looks:\n  - !<Look>\n    name: g\n    transform: !<FileTransform> {src: $SHOT.cdl}\n");
	put("proj/color/grades/sh010.cdl", "cdl");
	put("proj/color/grades/sh020.cdl", "cdl2");
	cr_assert_eq(sp_ctx_set_env(ctx, "SHOT", "sh010"), 0);
	scene_names("proj/color/v1.ocio", SP_REF_CONFIG, 0);
	analyze();
	const sp_fileref *r = declared("$SHOT.cdl");
	cr_assert_not_null(r);
	cr_assert(ends_with(r->base, "/proj/color/grades"), "base %s", r->base);
	cr_assert(has_asset("/proj/color/grades/sh010.cdl"));
	cr_assert_not(has_asset("/proj/color/grades/sh020.cdl"));
	cr_assert_eq(sp_scene_file_count(scene), 2);
	cr_assert_eq(sp_scene_missing_count(scene), 0);
}

/* ---- XGen .xgen ----------------------------------------------------------------------- */

static const char xgen_text[] = "# XGen Collection File\n"
                                "#\n"
                                "FileVersion 18\n"
                                "\n"
                                "Palette\n"
                                "\tname\t\t\thair_coll\n"
                                "\txgDataPath\t\t${PROJECT}xgen/collections/hair_coll\n"
                                "\txgProjectPath\t\t%s/\n"
                                "\tendAttrs\n"
                                "\n"
                                "Description\n"
                                "\tname\t\t\thairDesc\n"
                                "\tendAttrs\n"
                                "\n"
                                "SplinePrimitive\n"
                                "\tuseCache\t\ttrue\n"
                                "\tcacheFileName\t\t${PROJECT}cache/guides_v003.abc\n"
                                "\tlength\t\t\t$a=map('${DESC}/paintmaps/length');#0.5\n"
                                "\tendAttrs\n"
                                "\n"
                                "SplinePrimitive\n"
                                "\tuseCache\t\tfalse\n"
                                "\tcacheFileName\t\t${PROJECT}cache/unused.abc\n"
                                "\tendAttrs\n"
                                "\n"
                                "MeshCutFXModule\n"
                                "\tname\t\t\tcut1\n"
                                "\tactive\t\t\ttrue\n"
                                "\tmeshFile\t\t${PROJECT}cache/cutter.abc\n"
                                "\tendAttrs\n"
                                "\n"
                                "ArchivePrimitive\n"
                                "\tfiles\t\t\t#ArchiveGroup 0 name=\"rocks\" files=\"archives/rock_a.abc\" "
                                "\"archives/rock_b.ass\"\n"
                                "\tendAttrs\n";

Test(deps, xgen_declares_enabled_caches_cut_meshes_archives_and_paint_map_folders)
{
	char text[2048];
	char *proj = tst_join(tmp, "proj");
	snprintf(text, sizeof(text), xgen_text, proj);
	put("proj/scenes/shot__hair_coll.xgen", text);
	put("proj/scenes/shot__hair_coll.abc", "patches");
	put("proj/cache/guides_v003.abc", "g");
	put("proj/cache/cutter.abc", "c");
	put("proj/xgen/collections/hair_coll/hairDesc/paintmaps/length/pSphere.ptx", "p");
	put("proj/xgen/collections/hair_coll/hairDesc/paintmaps/length/sub/pCube.ptx", "pp");
	put("proj/scenes/archives/rock_a.abc", "a");
	put("proj/scenes/archives/rock_b.ass", "image { name r filename \"rock.tx\" }\n");
	put("proj/scenes/archives/rock.tx", "r");
	scene_names("proj/scenes/shot__hair_coll.xgen", SP_REF_OTHER, 0);
	analyze();

	char *cache = tst_join(proj, "cache/guides_v003.abc"), *maps = NULL;
	cr_assert(asprintf(&maps, "%s/xgen/collections/hair_coll/hairDesc/paintmaps/length", proj) > 0);
	assert_ref(cache, SP_REF_CACHE, 0, "/shot__hair_coll.xgen", 17, "SplinePrimitive", "cacheFileName");
	assert_ref(maps, SP_REF_TEXTURE, SP_REF_DIRECTORY, "/shot__hair_coll.xgen", 18, "SplinePrimitive",
	           "map");
	assert_ref("shot__hair_coll.abc", SP_REF_CACHE, SP_REF_OPTIONAL, "/shot__hair_coll.xgen", 0,
	           "(collection)", "patches");
	assert_ref("archives/rock_a.abc", SP_REF_CACHE, 0, "/shot__hair_coll.xgen", 33, "ArchivePrimitive",
	           "files");
	cr_assert_not_null(declared("archives/rock_b.ass"));
	cr_assert_not_null(declared("rock.tx"), "an archive .ass is followed too");
	cr_assert(has_asset("/proj/cache/guides_v003.abc") && has_asset("/proj/cache/cutter.abc"));
	cr_assert(has_asset("/paintmaps/length/pSphere.ptx") && has_asset("/paintmaps/length/sub/pCube.ptx"));
	cr_assert(has_asset("/proj/scenes/shot__hair_coll.abc") &&
	          has_asset("/proj/scenes/archives/rock.tx"));
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		cr_assert_null(strstr(sp_scene_file_at(scene, i)->path, "unused.abc"), "useCache is false");
	const sp_fileref *cut = NULL;
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		if (ends_with(sp_scene_file_at(scene, i)->path, "cache/cutter.abc"))
			cut = sp_scene_file_at(scene, i);
	cr_assert_not_null(cut);
	cr_assert_str_eq(cut->node, "cut1");
	cr_assert_eq(sp_scene_missing_count(scene), 0);
	free(cache);
	free(maps);
	free(proj);
}

/* ---- hostile input: cut files, garbage, huge lines ------------------------------------ */

/* Analyse a fresh scene that names tmp/`rel` only; the analysis must succeed whatever the bytes. */
static void analyze_alone(const char *rel)
{
	sp_ctx *c = NULL;
	sp_scene *s = NULL;
	sp_fileref ref = SP_FILEREF_INIT;
	char *scene_path = tst_join(tmp, "proj/scenes/shot.ma"), *path = tst_join(tmp, rel);
	cr_assert_eq(sp_ctx_new(&c, NULL), 0);
	cr_assert_eq(sp_scene_new(&s, c, SP_APP_MAYA, scene_path), 0);
	ref.path = path;
	ref.kind = SP_REF_PROXY;
	cr_assert_eq(sp_scene_add_file(s, &ref), 0);
	cr_assert_eq(sp_scene_analyze(s), 0, "%s: %s", rel, sp_ctx_last_error(c));
	sp_scene_free(s);
	sp_ctx_free(c);
	free(scene_path);
	free(path);
}

static const char *const samples[][2] = {
    {"cut/a.ass", ass_text},
    {"cut/a.vrscene", "#include \"x.vrscene\"\nBitmapBuffer b { file=interpolate((1,\"t.exr\")); }\n"
                      "/* open comment\n"},
    {"cut/a.rib", "Option \"searchpath\" \"string texture\" [\"a:b\"]\nPattern \"PxrTexture\" \"t\" \"string "
                  "filename\" [\"t.tex\"]\nReadArchive \"x.rib\"\n"},
    {"cut/a.usda", "#usda 1.0\n(\n subLayers = [@a.usda@, @@@b@.usda@@@]\n doc = \"\"\"x @y@\n\"\"\"\n)\n"
                   "def \"p\" { asset a = @t.exr@ string templateAssetPath = \"c.###.usd\" }\n"},
    {"cut/a.ocio", "search_path:\n  - luts\n  - \"more\"\ncolorspaces:\n  - name: a\n    from_reference: "
                   "!<FileTransform> {src: \"x.spi1d\"}\n"},
    {"cut/a.mtlx",
     "<?xml?><materialx fileprefix=\"t/\"><!-- c --><image name=\"i\"><input name=\"file\" "
     "type=\"filename\" value=\"a&amp;b.png\"/></image><xi:include href=\"x.mtlx\"/></materialx>"},
    {"cut/a.xgen",
     "Palette\n\txgDataPath\t${PROJECT}d\n\txgProjectPath\t/p/\n\tendAttrs\nDescription\n\tname\td\n"
     "\tendAttrs\nSplinePrimitive\n\tuseCache\ttrue\n\tcacheFileName\tx.abc\n\tv\tmap('${DESC}/m')\n"},
};

Test(deps, every_reader_survives_its_sample_cut_short_anywhere)
{
	for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
		size_t len = strlen(samples[s][1]);
		for (size_t cut = 0; cut <= len; cut += 1 + len / 40) {
			tst_write(tmp, samples[s][0], samples[s][1], cut);
			analyze_alone(samples[s][0]);
		}
	}
}

static unsigned next_random(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fffu;
}

Test(deps, binary_garbage_and_printable_noise_are_read_safely_by_every_reader)
{
	static const char *const exts[] = {".ass", ".vrscene", ".rib",  ".rlf",  ".usda",
	                                   ".usd", ".ocio",    ".mtlx", ".xgen", ".rs"};
	size_t n = 256 * 1024;
	char *bytes = malloc(n), name[64];
	unsigned state = 20261123u;
	cr_assert_not_null(bytes);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < n; i++) {
			unsigned v = next_random(&state);
			/* round 1: only the characters the scanners care about, and newlines */
			bytes[i] =
			    round == 0 ? (char)(v & 0xff) : "@\"'{}[]<>=;:#$/\\ \n\tabc.-()&!?"[v % 30];
		}
		if (round == 0)
			bytes[0] = 'x'; /* not gzip */
		for (size_t e = 0; e < sizeof(exts) / sizeof(exts[0]); e++) {
			snprintf(name, sizeof(name), "noise/r%d%s", round, exts[e]);
			tst_write(tmp, name, bytes, n);
			analyze_alone(name);
		}
	}
	free(bytes);
	/* the binary round is refused up front with a tip */
	put("noise/bin.usda", "#usda 1.0\n\x01\x02\x03\x04\x05\x06\x00\x07");
	scene_names("noise/bin.usda", SP_REF_SCENE, 0);
	analyze();
	cr_assert(tips_contain("\"60006\"") && tips_contain("binary, not text"));
}

Test(deps, a_line_longer_than_the_reader_holds_does_not_hide_the_lines_after_it)
{
	size_t big = 3 * 1024 * 1024;
	char *text = malloc(big + 256);
	cr_assert_not_null(text);
	memset(text, 'a', big);
	text[0] = '"'; /* an unterminated string as long as the line */
	strcpy(text + big, "\nimage\n{\n name t\n filename \"t.tx\"\n}\n");
	put("huge/a.ass", text);
	memcpy(text, "<tag a=\"", 8); /* an XML tag longer than any real one */
	strcpy(text + big,
	       "\">\n<image name=\"i\"><input name=\"file\" type=\"filename\" value=\"m.png\"/></image>\n");
	put("huge/a.mtlx", text);
	free(text);
	put("huge/t.tx", "t");
	put("huge/m.png", "m");
	scene_names("huge/a.ass", SP_REF_PROXY, 0);
	scene_names("huge/a.mtlx", SP_REF_OTHER, 0);
	analyze();
	assert_ref("t.tx", SP_REF_TEXTURE, 0, "/huge/a.ass", 5, "t", "filename");
	assert_ref("m.png", SP_REF_TEXTURE, 0, "/huge/a.mtlx", 2, "i", "file");
	cr_assert(has_asset("/huge/t.tx") && has_asset("/huge/m.png"));
}

Test(deps, a_nested_file_that_cannot_be_read_and_a_missing_one_get_tips)
{
	put("proj/a.usda", "#usda 1.0\n(subLayers = [@missing.usda@, @locked.usda@])\n");
	put("proj/locked.usda", "#usda 1.0\n");
	char *locked = tst_join(tmp, "proj/locked.usda");
	cr_assert_eq(chmod(locked, 0), 0);
	scene_names("proj/a.usda", SP_REF_SCENE, 0);
	analyze();
	cr_assert(has_missing("/proj/missing.usda"));
	cr_assert(tips_contain("\"10012\"") && tips_contain("missing.usda"));
	if (access(locked, R_OK) != 0) /* root reads anything */
		cr_assert(tips_contain("\"60006\"") && tips_contain("cannot be opened"));
	free(locked);
}

Test(deps, a_file_that_names_too_many_files_is_cut_short_with_a_tip)
{
	FILE *f;
	char *path = tst_join(tmp, "many/a.usda");
	put("many/a.usda", "");
	put("many/t.exr", "t");
	cr_assert_not_null(f = fopen(path, "w"));
	fputs("#usda 1.0\n", f);
	for (int i = 0; i < 100010; i++)
		fputs("asset a = @t.exr@\n", f);
	fclose(f);
	free(path);
	scene_names("many/a.usda", SP_REF_SCENE, 0);
	analyze();
	cr_assert_eq(declared_count("t.exr"), 100000);
	cr_assert(tips_contain("names too many files"));
	cr_assert(has_asset("/many/t.exr"));
}

/* ---- Redshift proxies and per-object tokens ------------------------------------------- */

Test(deps, redshift_proxy_bytes_are_scanned_for_drive_unc_and_parent_relative_paths)
{
	static const char rs[] = "Redshift Proxy\x00\x01\x02\x10"
	                         "C:\\proj\\tex\\wood.exr\x00\xff\x07"
	                         "\x03../maps/rel.png\x00"
	                         "//server/share/lib/grid.<UDIM>.tx\x00"
	                         "just words.txt no anchor\x00"
	                         "D:/no/extension/here\x00";
	char *proj = tst_join(tmp, "proj");
	cr_assert_eq(sp_ctx_add_path_map(ctx, "C:/proj", proj), 0);
	tst_write(tmp, "proj/px/tree.rs", rs, sizeof(rs) - 1);
	put("proj/tex/wood.exr", "w");
	put("proj/maps/rel.png", "r");
	scene_names("proj/px/tree.rs", SP_REF_PROXY, 0);
	analyze();
	assert_ref("C:\\proj\\tex\\wood.exr", SP_REF_TEXTURE, 0, "/px/tree.rs", 0, "(proxy)", "path");
	assert_ref("../maps/rel.png", SP_REF_TEXTURE, 0, "/px/tree.rs", 0, "(proxy)", "path");
	assert_ref("//server/share/lib/grid.<UDIM>.tx", SP_REF_TEXTURE, SP_REF_TILES, "/px/tree.rs", 0,
	           "(proxy)", "path");
	cr_assert_eq(sp_scene_file_count(scene), 4);
	cr_assert(has_asset("/proj/tex/wood.exr") && has_asset("/proj/maps/rel.png"));
	free(proj);
}

Test(deps, a_per_object_attr_token_is_an_expression_tip_not_a_missing_file)
{
	put("proj/a.ass", "image\n{\n name perObj\n filename \"tex/<attr:color default:red>.tx\"\n}\n");
	scene_names("proj/a.ass", SP_REF_PROXY, 0);
	analyze();
	cr_assert_eq(sp_scene_file_count(scene), 1);
	cr_assert_eq(sp_scene_missing_count(scene), 0);
	cr_assert(tips_contain("\"60007\"") && tips_contain("perObj.filename"));
}

/* ---- sequences and the missing-file codes of each application ------------------------ */

Test(deps, every_frame_of_a_nested_file_sequence_is_read)
{
	char name[64], text[128];
	for (int f = 1; f <= 3; f++) {
		snprintf(name, sizeof(name), "proj/seq/chair.%04d.ass", f);
		snprintf(text, sizeof(text), "image\n{\n name t\n filename \"tex/frame_%d.tx\"\n}\n", f);
		put(name, text);
		snprintf(name, sizeof(name), "proj/seq/tex/frame_%d.tx", f);
		put(name, "t");
	}
	put("proj/seq/chair.0009.ass", "image\n{\n name t\n filename \"tex/not_rendered.tx\"\n}\n");
	scene_names("proj/seq/chair.####.ass", SP_REF_PROXY, SP_REF_FRAMES);
	analyze();
	cr_assert(has_asset("/tex/frame_1.tx") && has_asset("/tex/frame_2.tx") &&
	          has_asset("/tex/frame_3.tx"));
	cr_assert_null(declared("tex/not_rendered.tx"), "frame 9 is not rendered: its file is not read");
	cr_assert_eq(sp_scene_missing_count(scene), 0);
}

Test(deps, nested_missing_files_get_the_code_of_the_application_and_the_file_kind)
{
	sp_scene *hip = NULL;
	sp_fileref ref = SP_FILEREF_INIT;
	char *hip_path = tst_join(tmp, "proj/shot.hip"), *usda = tst_join(tmp, "proj/a.usda");
	put("proj/shot.hip", "hip");
	put("proj/a.usda",
	    "#usda 1.0\ndef \"geo\" { asset file = @cache/gone.abc@ asset v = @vol/gone.vdb@ }\n");
	/* Maya: an Alembic cache and a VDB have codes of their own */
	scene_names("proj/a.usda", SP_REF_SCENE, 0);
	analyze();
	cr_assert(tips_contain("\"10018\"") && tips_contain("\"10028\""));
	/* Houdini: one code for every missing file */
	cr_assert_eq(sp_scene_new(&hip, ctx, SP_APP_HOUDINI, hip_path), 0);
	ref.path = usda;
	ref.kind = SP_REF_SCENE;
	cr_assert_eq(sp_scene_add_file(hip, &ref), 0);
	cr_assert_eq(sp_scene_analyze(hip), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_scene_missing_count(hip), 2);
	sp_buf b = SP_BUF_INIT;
	cr_assert_eq(sp_write_tips_json(&b, hip), 0);
	cr_assert(strstr(sp_buf_cstr(&b), "\"50001\"") && strstr(sp_buf_cstr(&b), "geo.file"));
	sp_buf_dispose(&b);
	sp_scene_free(hip);
	free(hip_path);
	free(usda);
}

Test(deps, ocio_environment_defaults_fill_context_variables_the_user_did_not_set)
{
	put("proj/color/v2.ocio", "ocio_profile_version: 2\n"
	                          "environment:\n"
	                          "  SHOT: sh020\n"
	                          "  SEQ: \"sq01\"\n"
	                          "search_path: grades\n"
	                          "looks:\n"
	                          "  - !<Look>\n"
	                          "    name: shot_grade\n"
	                          "    transform: !<FileTransform> {src: ${SEQ}/$SHOT.cdl}\n"
	                          "  - !<Look>\n"
	                          "    name: seq_grade\n"
	                          "    transform: !<FileTransform> {src: $SEQ.cdl}\n");
	put("proj/color/grades/sq01/sh010.cdl", "user's shot");
	put("proj/color/grades/sq01/sh020.cdl", "default shot");
	put("proj/color/grades/sq01.cdl", "seq");
	cr_assert_eq(sp_ctx_set_env(ctx, "SHOT", "sh010"), 0);
	scene_names("proj/color/v2.ocio", SP_REF_CONFIG, 0);
	analyze();
	/* SHOT is set by the user and stays for the analysis; SEQ takes the config's default */
	assert_ref("sq01/$SHOT.cdl", SP_REF_CONFIG, 0, "/color/v2.ocio", 9, "shot_grade", "src");
	assert_ref("sq01.cdl", SP_REF_CONFIG, 0, "/color/v2.ocio", 12, "seq_grade", "src");
	cr_assert(has_asset("/grades/sq01/sh010.cdl") && has_asset("/grades/sq01.cdl"));
	cr_assert_not(has_asset("/grades/sq01/sh020.cdl"),
	              "every variable has a value: no folder is shipped");
	cr_assert_eq(sp_scene_missing_count(scene), 0);
}

Test(deps, a_drive_relative_tile_name_is_checked_as_written_not_expanded)
{
	put("proj/a.usda", "#usda 1.0\ndef \"p\" { asset a = @t:<UDIM>.exr@ }\n");
	scene_names("proj/a.usda", SP_REF_SCENE, 0);
	analyze();
	assert_ref("t:<UDIM>.exr", SP_REF_TEXTURE, 0, "/proj/a.usda", 2, "p", "a");
	cr_assert_eq(sp_scene_missing_count(scene), 1);
}

/* ---- gzip-compressed .ass.gz and RIB ----------------------------------------------- */

Test(deps, ass_gz_is_inflated_and_read_like_the_plain_ass)
{
	put_gzip("proj/ass/scene.ass.gz", ass_text, (size_t)-1, 1);
	put("proj/tex/walls/plaster_1001.tx", "t1");
	put("proj/ass/props/chair.ass", "volume\n{\n name smoke\n filename \"smoke.vdb\"\n}\n");
	put("proj/ass/props/smoke.vdb", "vdb");
	put("proj/ass/common.ass", "# nothing here\n");
	scene_names("proj/ass/scene.ass.gz", SP_REF_PROXY, 0);
	analyze();
	assert_ref("walls/plaster_<udim>.tx", SP_REF_TEXTURE, SP_REF_TILES, "/proj/ass/scene.ass.gz", 10,
	           "wallColor", "filename");
	assert_ref("props/chair.ass", SP_REF_PROXY, 0, "/proj/ass/scene.ass.gz", 16, "chairProxy",
	           "filename");
	assert_ref("smoke.vdb", SP_REF_VOLUME, 0, "/proj/ass/props/chair.ass", 4, "smoke", "filename");
	cr_assert(has_asset("/proj/tex/walls/plaster_1001.tx") && has_asset("/proj/ass/props/smoke.vdb"));
	cr_assert_not(tips_contain("gzip"));
}

/* A RIB of many lines, the archive it names on the last one: inflated in many chunks. */
static char *long_rib(size_t comment_lines, size_t *len)
{
	static const char tail[] = "ReadArchive \"sets/far.rib\"\n";
	size_t n = comment_lines * 40 + sizeof(tail);
	char *text = malloc(n), *p = text;
	cr_assert_not_null(text);
	for (size_t i = 0; i < comment_lines; i++)
		p += snprintf(p, 41, "# filler line %024zu\n", i);
	memcpy(p, tail, sizeof(tail));
	*len = (size_t)(p - text) + sizeof(tail) - 1;
	return text;
}

Test(deps, gzip_rib_is_sniffed_by_its_bytes_and_read_across_members_and_chunks)
{
	size_t len;
	char *text = long_rib(20000, &len); /* ~800 KB inflated, more than a dozen reader chunks */
	put_gzip("proj/rib/packed.rib", text, len, 3);
	put_gzip("proj/rib/other.rib.gz", "Pattern \"PxrTexture\" \"t\" \"string filename\" [\"oak.tex\"]\n",
	         (size_t)-1, 1);
	put("proj/rib/sets/far.rib", "##RenderMan RIB\n");
	put("proj/rib/oak.tex", "tex");
	scene_names("proj/rib/packed.rib", SP_REF_PROXY, 0);
	scene_names("proj/rib/other.rib.gz", SP_REF_PROXY, 0);
	analyze();
	assert_ref("sets/far.rib", SP_REF_PROXY, 0, "/proj/rib/packed.rib", 20001, "ReadArchive",
	           "ReadArchive");
	assert_ref("oak.tex", SP_REF_TEXTURE, 0, "/proj/rib/other.rib.gz", 1, "t", "filename");
	cr_assert(has_asset("/proj/rib/sets/far.rib") && has_asset("/proj/rib/oak.tex"));
	cr_assert_not(tips_contain("gzip"));
	free(text);
}

Test(deps, corrupt_and_truncated_gzip_are_a_tip_naming_the_file_and_keep_what_was_read)
{
	size_t len, zlen;
	char *text = long_rib(20000, &len);
	unsigned char *z;
	/* a texture on line 1, then the long RIB: cut the compressed bytes in half */
	char *both = malloc(len + 128);
	cr_assert_not_null(both);
	int head = snprintf(both, 128, "Pattern \"PxrTexture\" \"t\" \"string filename\" [\"early.tex\"]\n");
	memcpy(both + head, text, len);
	z = gzip_bytes(both, (size_t)head + len, 1, &zlen);
	tst_write(tmp, "proj/rib/cut.rib", (const char *)z, zlen / 2);
	/* the same bytes with the deflate data overwritten past the header */
	memset(z + 10, 0xff, 32);
	tst_write(tmp, "proj/rib/bad.ass.gz", (const char *)z, zlen);
	/* a gzip header and nothing else */
	tst_write(tmp, "proj/rib/stub.rib", "\x1f\x8b", 2);
	scene_names("proj/rib/cut.rib", SP_REF_PROXY, 0);
	scene_names("proj/rib/bad.ass.gz", SP_REF_PROXY, 0);
	scene_names("proj/rib/stub.rib", SP_REF_PROXY, 0);
	analyze();
	cr_assert_not_null(declared("early.tex"), "the lines before the cut are read");
	cr_assert_null(declared("sets/far.rib"), "the line after the cut is not");
	char *tips = tips_json();
	cr_assert(strstr(tips, "cut.rib: corrupt gzip data after line") &&
	              strstr(tips, "ends before its stream does"),
	          "%s", tips);
	cr_assert(strstr(tips, "bad.ass.gz: corrupt gzip data after line 0"), "%s", tips);
	cr_assert(strstr(tips, "stub.rib: corrupt gzip data after line 0"), "%s", tips);
	free(tips);
	free(z);
	free(both);
	free(text);
}

Test(deps, a_gzip_file_inflating_past_the_limit_is_read_up_to_it_with_a_tip)
{
	size_t len;
	char *text = long_rib(60000, &len); /* ~2.4 MB inflated */
	char *path = tst_join(tmp, "proj/rib/huge.rib.gz");
	memcpy(text, "ReadArchive \"sets/near.rib\"\n", 28);
	put_gzip("proj/rib/huge.rib.gz", text, len, 1);
	cr_assert_eq(sp__deps_read_file(scene, path, 1u << 20), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_not_null(declared("sets/near.rib"));
	cr_assert_null(declared("sets/far.rib"));
	/* the default limit reads it whole */
	cr_assert_eq(sp__deps_read_file(scene, path, 0), 0);
	cr_assert_not_null(declared("sets/far.rib"));
	analyze(); /* the tips are written for an analysed scene */
	char *tips = tips_json();
	cr_assert(strstr(tips, "huge.rib.gz: inflates to more than 1 MiB (the limit) after line"), "%s",
	          tips);
	/* only the capped read left a tip */
	cr_assert_null(strstr(strstr(tips, "inflates to more than") + 1, "inflates to more than"));
	free(tips);
	free(path);
	free(text);
}

/* ---- review of §4: constructs production files use ---------------------------------- */

Test(deps, xgen_desc_is_found_in_whichever_data_path_folder_holds_the_description)
{
	char text[1024];
	char *proj = tst_join(tmp, "proj");
	snprintf(text, sizeof(text),
	         "FileVersion 18\n\nPalette\n\tname\t\t\tcoll\n"
	         "\txgDataPath\t\t${PROJECT}xgen/collections/coll ; ${NOT_SET}/x;${PROJECT}lib/xgen\n"
	         "\txgProjectPath\t\t%s/\n\tendAttrs\n\n"
	         "Description\n\tname\t\t\tfurDesc\n\tendAttrs\n\n"
	         "SplinePrimitive\n\tdensity\t\t\tmap('${DESC}/paintmaps/density')\n\tendAttrs\n\n"
	         "Description\n\tname\t\t\tnewDesc\n\tendAttrs\n\n"
	         "SplinePrimitive\n\tlength\t\t\tmap('${DESC}/paintmaps/length')\n\tendAttrs\n",
	         proj);
	put("proj/scenes/shot__coll.xgen", text);
	/* furDesc lives only in the second (library) folder; newDesc in none yet */
	put("proj/lib/xgen/furDesc/paintmaps/density/pSphere.ptx", "p");
	put("proj/xgen/collections/coll/otherDesc/keep", "k");
	scene_names("proj/scenes/shot__coll.xgen", SP_REF_OTHER, 0);
	analyze();
	char *lib = NULL, *first = NULL;
	cr_assert(asprintf(&lib, "%s/lib/xgen/furDesc/paintmaps/density", proj) > 0);
	cr_assert(asprintf(&first, "%s/xgen/collections/coll/newDesc/paintmaps/length", proj) > 0);
	assert_ref(lib, SP_REF_TEXTURE, SP_REF_DIRECTORY, "/shot__coll.xgen", 14, "SplinePrimitive", "map");
	assert_ref(first, SP_REF_TEXTURE, SP_REF_DIRECTORY, "/shot__coll.xgen", 22, "SplinePrimitive", "map");
	cr_assert(has_asset("/proj/lib/xgen/furDesc/paintmaps/density/pSphere.ptx"));
	free(lib);
	free(first);
	free(proj);
}

Test(deps, mtlx_filename_tokens_take_the_value_of_the_nearest_token_in_scope)
{
	put("proj/mx/tok.mtlx",
	    "<?xml version=\"1.0\"?>\n"
	    "<materialx version=\"1.38\">\n"
	    "  <token name=\"res\" type=\"string\" value=\"1k\"/>\n"
	    "  <nodegraph name=\"ng\" fileprefix=\"maps/\">\n"
	    "    <token name=\"res\" type=\"string\" value=\"4k\"/>\n"
	    "    <token name=\"look\" type=\"string\" value=\"dirty\"/>\n"
	    "    <image name=\"albedo\" type=\"color3\">\n"
	    "      <input name=\"file\" type=\"filename\" value=\"wood_[look]_[res].<UDIM>.png\"/>\n"
	    "    </image>\n"
	    "  </nodegraph>\n"
	    "  <image name=\"spec\" type=\"float\">\n"
	    "    <input name=\"file\" type=\"filename\" value=\"spec_[res]_[look].png\"/>\n"
	    "  </image>\n"
	    "</materialx>\n");
	put("proj/mx/maps/wood_dirty_4k.1001.png", "w");
	put("proj/mx/spec_1k_[look].png", "s");
	scene_names("proj/mx/tok.mtlx", SP_REF_OTHER, 0);
	analyze();
	assert_ref("maps/wood_dirty_4k.<UDIM>.png", SP_REF_TEXTURE, SP_REF_TILES, "/proj/mx/tok.mtlx", 8,
	           "albedo", "file");
	/* outside the nodegraph only the document's token is in scope; an unknown name stays as written */
	assert_ref("spec_1k_[look].png", SP_REF_TEXTURE, 0, "/proj/mx/tok.mtlx", 12, "spec", "file");
	cr_assert(has_asset("/proj/mx/maps/wood_dirty_4k.1001.png") &&
	          has_asset("/proj/mx/spec_1k_[look].png"));
	cr_assert_eq(sp_scene_missing_count(scene), 0);
}

Test(deps, rib_declares_openvdb_volumes_multi_textures_and_light_filter_maps)
{
	put("proj/rib/fx.rib",
	    "Volume \"blobbydso:impl_openvdb\" [-1 1 -1 1 -1 1] [0 0 0]\n"
	    "  \"constant string[2] blobbydso:stringargs\" [\"vdb/smoke.0001.vdb\" \"density\"]\n"
	    "Volume \"box\" [-1 1 -1 1 -1 1] [4 4 4] \"constant string[2] blobbydso:stringargs\" [\"no.vdb\" "
	    "\"x\"]\n"
	    "Pattern \"PxrMultiTexture\" \"multi\" \"string filename0\" [\"a.tex\"] \"string filename3\" "
	    "[\"b.tex\"]\n"
	    "  \"int filter\" [1]\n"
	    "LightFilter \"PxrCookieLightFilter\" \"cookie\" \"string map\" [\"gobo.tex\"]\n"
	    "Pattern \"PxrManifold2D\" \"m\" \"string map\" [\"not_a_map.tex\"]\n");
	put("proj/rib/vdb/smoke.0001.vdb", "v");
	put("proj/rib/a.tex", "a");
	put("proj/rib/b.tex", "b");
	put("proj/rib/gobo.tex", "g");
	scene_names("proj/rib/fx.rib", SP_REF_PROXY, 0);
	analyze();
	assert_ref("vdb/smoke.0001.vdb", SP_REF_VOLUME, 0, "/proj/rib/fx.rib", 2, "Volume",
	           "blobbydso:stringargs");
	assert_ref("a.tex", SP_REF_TEXTURE, 0, "/proj/rib/fx.rib", 4, "multi", "filename0");
	assert_ref("b.tex", SP_REF_TEXTURE, 0, "/proj/rib/fx.rib", 4, "multi", "filename3");
	assert_ref("gobo.tex", SP_REF_TEXTURE, 0, "/proj/rib/fx.rib", 6, "cookie", "map");
	cr_assert_null(declared("density"), "the grid name is not a file");
	cr_assert_null(declared("no.vdb"), "only the OpenVDB plug-in reads a file");
	cr_assert_null(declared("not_a_map.tex"), "map is a file only on a light filter");
	cr_assert(has_asset("/proj/rib/vdb/smoke.0001.vdb") && has_asset("/proj/rib/gobo.tex"));
	cr_assert_eq(sp_scene_missing_count(scene), 0);
}

Test(deps, ass_alembic_layers_array_and_implicit_volumes_name_files)
{
	put("proj/ass/layers.ass", "alembic\n"
	                           "{\n"
	                           " name charCache\n"
	                           " filename \"cache/body.abc\"\n"
	                           " layers 3 1 STRING \"cache/fix_a.abc\" \"cache/fix_b.abc\"\n"
	                           "  \"cache/fix_c.abc\"\n"
	                           " frame 1001\n"
	                           " objectpath \"/root/not_a_file.abc\"\n"
	                           "}\n"
	                           "volume_implicit\n"
	                           "{\n"
	                           " name sdf\n"
	                           " filename \"vdb/levelset.vdb\"\n"
	                           "}\n");
	put("proj/ass/cache/body.abc", "b");
	put("proj/ass/cache/fix_a.abc", "a");
	put("proj/ass/cache/fix_b.abc", "b");
	put("proj/ass/cache/fix_c.abc", "c");
	put("proj/ass/vdb/levelset.vdb", "v");
	scene_names("proj/ass/layers.ass", SP_REF_PROXY, 0);
	analyze();
	assert_ref("cache/body.abc", SP_REF_CACHE, 0, "/proj/ass/layers.ass", 4, "charCache", "filename");
	assert_ref("cache/fix_a.abc", SP_REF_CACHE, 0, "/proj/ass/layers.ass", 5, "charCache", "layers");
	assert_ref("cache/fix_b.abc", SP_REF_CACHE, 0, "/proj/ass/layers.ass", 5, "charCache", "layers");
	assert_ref("cache/fix_c.abc", SP_REF_CACHE, 0, "/proj/ass/layers.ass", 6, "charCache", "layers");
	assert_ref("vdb/levelset.vdb", SP_REF_VOLUME, 0, "/proj/ass/layers.ass", 13, "sdf", "filename");
	cr_assert_null(declared("/root/not_a_file.abc"));
	cr_assert_eq(sp_scene_missing_count(scene), 0);
}

Test(deps, usd_variant_payloads_are_declared_and_those_of_unselected_variants_are_optional)
{
	put("proj/usd/asset.usda", "#usda 1.0\n"
	                           "def Xform \"chair\" (\n"
	                           "    variants = {\n"
	                           "        string modelingVariant = \"hi\"\n"
	                           "    }\n"
	                           "    prepend variantSets = [\"modelingVariant\", \"look\"]\n"
	                           ")\n"
	                           "{\n"
	                           "    variantSet \"modelingVariant\" = {\n"
	                           "        \"hi\" (\n"
	                           "            prepend payload = @./geo/chair_hi.usdc@\n"
	                           "        ) {\n"
	                           "            asset info:tex = @tex/hi.exr@\n"
	                           "        }\n"
	                           "        \"lo\" (\n"
	                           "            prepend payload = @./geo/chair_lo.usdc@\n"
	                           "        ) {\n"
	                           "        }\n"
	                           "    }\n"
	                           "    variantSet \"look\" = {\n"
	                           "        \"red\" { asset inputs:file = @tex/red.exr@ }\n"
	                           "    }\n"
	                           "    asset inputs:file = @tex/base.exr@\n"
	                           "}\n");
	put("proj/usd/geo/chair_hi.usdc", "PXR-USDC");
	put("proj/usd/tex/hi.exr", "h");
	put("proj/usd/tex/red.exr", "r");
	put("proj/usd/tex/base.exr", "b");
	scene_names("proj/usd/asset.usda", SP_REF_SCENE, 0);
	analyze();
	assert_ref("./geo/chair_hi.usdc", SP_REF_SCENE, 0, "/proj/usd/asset.usda", 11, "chair", "payload");
	assert_ref("tex/hi.exr", SP_REF_TEXTURE, 0, "/proj/usd/asset.usda", 13, "chair", "info:tex");
	/* "lo" is not selected here: a stronger layer could pick it, so it is optional */
	assert_ref("./geo/chair_lo.usdc", SP_REF_SCENE, SP_REF_OPTIONAL, "/proj/usd/asset.usda", 16, "chair",
	           "payload");
	/* the layer selects nothing in "look": every variant is as needed as the rest */
	assert_ref("tex/red.exr", SP_REF_TEXTURE, 0, "/proj/usd/asset.usda", 21, "chair", "inputs:file");
	assert_ref("tex/base.exr", SP_REF_TEXTURE, 0, "/proj/usd/asset.usda", 23, "chair", "inputs:file");
	/* the missing lo payload gets the optional-file tip, not a missing-file one */
	cr_assert_eq(sp_scene_missing_count(scene), 1);
	cr_assert(has_missing("/proj/usd/geo/chair_lo.usdc"));
	cr_assert(tips_contain("\"60010\"") && !tips_contain("\"10012\""));
	cr_assert(has_asset("/proj/usd/geo/chair_hi.usdc") && has_asset("/proj/usd/tex/red.exr"));
}

Test(deps, vrscene_declares_phoenix_caches_ocio_configs_and_vrmat_materials)
{
	put("proj/vr/fx.vrscene",
	    "PhxShaderCache smoke_cache {\n"
	    "  cache_path=\"sim/smoke_####.aur\";\n"
	    "  play_speed=1;\n"
	    "}\n"
	    "TexOCIO ocio1 { config_file=\"color/config.ocio\"; mode=1; }\n"
	    "MtlVRmat vrmat1 { filename=\"mats/car_paint.vrmat\"; mtlname=\"paint\"; }\n");
	put("proj/vr/sim/smoke_0001.aur", "1");
	put("proj/vr/sim/smoke_0002.aur", "2");
	put("proj/vr/color/config.ocio", "ocio_profile_version: 2\n");
	put("proj/vr/mats/car_paint.vrmat", "<vismat/>");
	scene_names("proj/vr/fx.vrscene", SP_REF_PROXY, 0);
	analyze();
	assert_ref("sim/smoke_####.aur", SP_REF_CACHE, SP_REF_FRAMES, "/proj/vr/fx.vrscene", 2, "smoke_cache",
	           "cache_path");
	assert_ref("color/config.ocio", SP_REF_CONFIG, 0, "/proj/vr/fx.vrscene", 5, "ocio1", "config_file");
	assert_ref("mats/car_paint.vrmat", SP_REF_OTHER, 0, "/proj/vr/fx.vrscene", 6, "vrmat1", "filename");
	cr_assert_null(declared("paint"));
	cr_assert(has_asset("/proj/vr/sim/smoke_0001.aur") && has_asset("/proj/vr/sim/smoke_0002.aur"));
	cr_assert(has_asset("/proj/vr/color/config.ocio") && has_asset("/proj/vr/mats/car_paint.vrmat"));
}
