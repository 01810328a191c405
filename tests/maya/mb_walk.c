/*
 * Round-trip parity: the same small scene written as .ma text and as .mb
 * chunks (tests/maya/mb_writer.c, per scene-formats.md §2) must give the
 * same analysis: task.json, tips.json, upload.json and every declared file
 * with its kind, flags, node and attribute.  Scene paths are the only
 * difference allowed (the extension), and the line of a file reference,
 * which .mb files do not have.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sp_maya.h>

#include "mb_writer.h"
#include "mb_analysis.h"
#include "support.h"

static char *dir;

static void setup(void)
{
	dir = tst_mkdtemp();
}

static void teardown(void)
{
	tst_rmtree(dir);
	free(dir);
}

TestSuite(mb_walk, .init = setup, .fini = teardown);

/* Each occurrence of `from` in `s` replaced by `to` (malloc'd; `s` is freed). */
static char *replace_all(char *s, const char *from, const char *to)
{
	size_t nf = strlen(from), nt = strlen(to), count = 0;
	char *out, *o;
	const char *p;
	for (p = strstr(s, from); p; p = strstr(p + nf, from))
		count++;
	out = malloc(strlen(s) + count * nt + 1);
	cr_assert_not_null(out);
	o = out;
	for (p = s;;) {
		const char *hit = strstr(p, from);
		size_t n = hit ? (size_t)(hit - p) : strlen(p);
		memcpy(o, p, n);
		o += n;
		if (!hit)
			break;
		memcpy(o, to, nt);
		o += nt;
		p = hit + nf;
	}
	*o = '\0';
	free(s);
	return out;
}

/*
 * Read and analyse `name` (under dir); everything the farm would get, as
 * text, with the scene's own extension written ".M" so .ma and .mb compare.
 */
static char *analysis(const char *name)
{
	char *out = mbt_analysis(dir, name);
	out = replace_all(out, ".ma\"", ".M\"");
	out = replace_all(out, ".mb\"", ".M\"");
	out = replace_all(out, ".ma ", ".M ");
	out = replace_all(out, ".mb ", ".M ");
	out = replace_all(out, ".ma\n", ".M\n");
	return replace_all(out, ".mb\n", ".M\n");
}

static void assert_same(const char *ma, const char *mb)
{
	char *a = analysis(ma), *b = analysis(mb);
	cr_assert_str_eq(b, a, "%s and %s differ", mb, ma);
	free(a);
	free(b);
}

/* ---- scene 1: layers, cameras, render settings, files --------------------------------- */

#define TICKS_PER_SECOND 141120000LL
#define PAL_FRAME        (TICKS_PER_SECOND / 25)

static const char scene1_ma[] =
    "//Maya ASCII 2020 scene\n"
    "//Name: shot.ma\n"
    "requires maya \"2020\";\n"
    "requires -nodeType \"aiStandIn\" \"mtoa\" \"4.0.0\";\n"
    "requires \"stereoCamera\" \"10.0\";\n"
    "currentUnit -l centimeter -a degree -t pal;\n"
    "createNode transform -s -n \"persp\";\n"
    "createNode camera -s -n \"perspShape\" -p \"persp\";\n"
    "\tsetAttr -k off \".v\" no;\n"
    "createNode transform -s -n \"top\";\n"
    "createNode camera -s -n \"topShape\" -p \"top\";\n"
    "\tsetAttr \".rnd\" no;\n"
    "createNode transform -n \"shotCam\";\n"
    "createNode camera -n \"shotCamShape\" -p \"shotCam\";\n"
    "createNode renderLayerManager -n \"renderLayerManager\";\n"
    "createNode renderLayer -n \"defaultRenderLayer\";\n"
    "\tsetAttr \".g\" yes;\n"
    "createNode renderLayer -n \"beauty\";\n"
    "\tsetAttr \".adjs[0].val\" no;\n"
    "createNode renderLayer -n \"hidden\";\n"
    "\tsetAttr \".rndr\" no;\n"
    "createNode file -n \"wood\";\n"
    "\tsetAttr \".ftn\" -type \"string\" \"tex/wood.1001.png\";\n"
    "\tsetAttr \".uvt\" 3;\n"
    "createNode place2dTexture -n \"place2dTexture1\";\n"
    "createNode aiStandIn -n \"treeShape\" -p \"shotCam\";\n"
    "\tsetAttr \".dso\" -type \"string\" \"proxies/tree.0001.ass\";\n"
    "\tsetAttr \".ufe\" yes;\n"
    "createNode script -n \"sceneConfigurationScriptNode\";\n"
    "\tsetAttr \".b\" -type \"string\" \"playbackOptions -min 1 -max 24 -file \\\"x.abc\\\"\";\n"
    "createNode polyCube -n \"polyCube1\";\n"
    "\tsetAttr \".note\" -type \"string\" \"caches/cube.abc\";\n"
    "\tsetAttr \".label\" -type \"string\" \"not a path\";\n"
    "select -ne :time1;\n"
    "\tsetAttr \".o\" 12;\n"
    "select -ne :defaultRenderGlobals;\n"
    "\tsetAttr \".ren\" -type \"string\" \"arnold\";\n"
    "\tsetAttr \".outf\" 51;\n"
    "\tsetAttr \".imfkey\" -type \"string\" \"exr\";\n"
    "\tsetAttr \".an\" yes;\n"
    "\tsetAttr -k on \".fs\";\n"
    "\tsetAttr \".fs\" 101;\n"
    "\tsetAttr \".ef\" 148;\n"
    "\tsetAttr \".bfs\" 2;\n"
    "\tsetAttr \".ifp\" -type \"string\" \"<Scene>/<RenderLayer>\";\n"
    "select -ne :defaultResolution;\n"
    "\tsetAttr \".w\" 1920;\n"
    "\tsetAttr \".h\" 1080;\n"
    "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n"
    "connectAttr \"renderLayerManager.rlmi[1]\" \"beauty.rlid\";\n"
    "connectAttr \"renderLayerManager.rlmi[2]\" \"hidden.rlid\";\n"
    "connectAttr \"shotCamShape.rnd\" \"beauty.adjs[0].plg\";\n"
    "connectAttr \"place2dTexture1.o\" \"wood.uv\";\n";

#define AI_STAND_IN 0x00115b01u /* any id: the PLUG chunk names it */

static void plug_chunk(mbw *w, int with_types)
{
	mbw_bytes p = {0};
	mbw_put_str(&p, "mtoa");
	mbw_put_str(&p, "4.0.0");
	if (with_types) {
		mbw_put_str(&p, " -nodeType \"aiStandIn\"");
		mbw_put_str(&p, "aiStandIn");
		mbw_put_u32(&p, AI_STAND_IN);
	}
	mbw_leaf(w, "PLUG", p.p, p.len);
	free(p.p);
}

static void head(mbw *w, const char *version, const char *unit, int tdur, int with_types)
{
	mbw_begin(w, "FOR", "HEAD");
	mbw_text(w, "VERS", version);
	mbw_text(w, "UVER", "undef");
	mbw_text(w, "LUNI", "cm");
	mbw_text(w, "TUNI", unit);
	mbw_text(w, "AUNI", "deg");
	if (tdur)
		mbw_text(w, "TDUR", "141120000");
	mbw_pair(w, "FINF", "application", "maya");
	plug_chunk(w, with_types);
	mbw_pair(w, "PLUG", "stereoCamera", "10.0");
	mbw_end(w);
}

static void node(mbw *w, const char *code, unsigned flags, const char *name, const char *parent, int uuid)
{
	mbw_begin(w, "FOR", code);
	mbw_crea(w, flags, name, parent, uuid);
}

/* Time values: int64 ticks at TDUR per second (2016+), int32 at 6000 per second before. */
static void time_attr(mbw *w, const char *attr, int frames, int old)
{
	if (old)
		mbw_attr_ticks32(w, attr, frames * 6000 / 25);
	else
		mbw_attr_ticks64(w, attr, frames * PAL_FRAME);
}

/* How each Maya generation writes the file (scene-formats.md §2 and the corpus). */
typedef struct {
	const char *version;
	int wide;    /* FOR8 (2014 on) */
	int uuid;    /* CREA ends with a UUID (2016 on) */
	int tdur;    /* a TDUR chunk (2018 on in the corpus) */
	int ticks64; /* 8-byte time values */
} mb_style;

static const mb_style maya2013 = {"2013", 0, 0, 0, 0}, maya2014 = {"2014", 1, 0, 0, 0},
                      maya2017 = {"2017", 1, 1, 0, 1}, maya2020 = {"2020", 1, 1, 1, 1};

static void write_scene1(const char *name, const mb_style *style)
{
	int old = !style->ticks64, uuid = style->uuid;
	const char *version = style->version;
	mbw w;
	mbw_init(&w, style->wide);
	mbw_begin(&w, "FOR", "Maya");
	head(&w, version, "pal", style->tdur, 1);
	node(&w, "XFRM", 0x0d, "persp", NULL, uuid);
	mbw_end(&w);
	node(&w, "DCAM", 0x05, "perspShape", "persp", uuid);
	mbw_attr_dble(&w, "v", 0);
	mbw_end(&w);
	node(&w, "XFRM", 0x0d, "top", NULL, uuid);
	mbw_end(&w);
	node(&w, "DCAM", 0x05, "topShape", "top", uuid);
	mbw_attr_dble(&w, "rnd", 0);
	mbw_end(&w);
	node(&w, "XFRM", 0x0c, "shotCam", NULL, uuid);
	mbw_end(&w);
	node(&w, "DCAM", 0x04, "shotCamShape", "shotCam", uuid);
	mbw_end(&w);
	node(&w, "RNLM", 0, "renderLayerManager", NULL, uuid);
	mbw_end(&w);
	node(&w, "RNDL", 0, "defaultRenderLayer", NULL, uuid);
	mbw_attr_dble(&w, "g", 1);
	mbw_end(&w);
	node(&w, "RNDL", 0, "beauty", NULL, uuid);
	mbw_attr_dble(&w, "adjs[0].val", 0);
	mbw_end(&w);
	node(&w, "RNDL", 0, "hidden", NULL, uuid);
	mbw_attr_dble(&w, "rndr", 0);
	mbw_end(&w);
	node(&w, "RTFT", 0, "wood", NULL, uuid);
	mbw_attr_str(&w, "ftn", "tex/wood.1001.png");
	mbw_attr_dble(&w, "uvt", 3);
	mbw_end(&w);
	node(&w, "RPL2", 0, "place2dTexture1", NULL, uuid);
	mbw_end(&w);
	mbw_begin_id(&w, "FOR", AI_STAND_IN);
	mbw_crea(&w, 0x04, "treeShape", "shotCam", uuid);
	mbw_attr_str(&w, "dso", "proxies/tree.0001.ass");
	mbw_attr_dble(&w, "ufe", 1);
	mbw_end(&w);
	node(&w, "SCRP", 0, "sceneConfigurationScriptNode", NULL, uuid);
	mbw_attr_str(&w, "b", "playbackOptions -min 1 -max 24 -file \"x.abc\"");
	mbw_end(&w);
	node(&w, "PCUB", 0, "polyCube1", NULL, uuid);
	mbw_attr_str(&w, "note", "caches/cube.abc");
	mbw_attr_str(&w, "label", "not a path");
	mbw_leaf(&w, "MESH", "\0\0\0\0\0\0\0\0\0\0\0", 11); /* unknown to the walk: skipped */
	mbw_end(&w);
	mbw_begin(&w, "FOR", "SLCT");
	mbw_leaf(&w, "SLCT", ":time1", 6); /* Maya writes this one without a NUL */
	time_attr(&w, "o", 12, old);
	mbw_end(&w);
	mbw_begin(&w, "FOR", "SLCT");
	mbw_leaf(&w, "SLCT", ":defaultRenderGlobals", 21);
	mbw_attr_str(&w, "ren", "arnold");
	mbw_attr_dble(&w, "outf", 51);
	mbw_attr_str(&w, "imfkey", "exr");
	mbw_attr_dble(&w, "an", 1);
	mbw_attr_flag(&w, "fs");
	time_attr(&w, "fs", 101, old);
	time_attr(&w, "ef", 148, old);
	time_attr(&w, "bfs", 2, old);
	mbw_attr_str(&w, "ifp", "<Scene>/<RenderLayer>");
	mbw_end(&w);
	mbw_begin(&w, "FOR", "SLCT");
	mbw_leaf(&w, "SLCT", ":defaultResolution", 18);
	mbw_attr_dble(&w, "w", 1920);
	mbw_attr_dble(&w, "h", 1080);
	mbw_end(&w);
	mbw_begin(&w, "LIS", "CONS");
	mbw_begin(&w, "FOR", "CONN");
	mbw_connect(&w, "renderLayerManager.rlmi[0]", "defaultRenderLayer.rlid");
	mbw_connect(&w, "renderLayerManager.rlmi[1]", "beauty.rlid");
	mbw_connect(&w, "renderLayerManager.rlmi[2]", "hidden.rlid");
	mbw_connect(&w, "shotCamShape.rnd", "beauty.adjs[0].plg");
	mbw_connect(&w, "place2dTexture1.o", "wood.uv");
	mbw_end(&w);
	mbw_end(&w);
	mbw_begin(&w, "FOR", "HEAD");
	mbw_text(&w, "OBJN", "16");
	mbw_text(&w, "INCL", "undef(");
	mbw_end(&w);
	mbw_end(&w);
	mbw_save(&w, dir, name);
	mbw_dispose(&w);
}

static void write_ma(const char *name, const char *text, const char *version)
{
	char *copy = strdup(text);
	copy = replace_all(copy, "2020", version);
	tst_write(dir, name, copy, (size_t)-1);
	free(copy);
}

Test(mb_walk, for8_scene_analyses_like_its_ma)
{
	write_ma("shot.ma", scene1_ma, "2020");
	write_scene1("shot.mb", &maya2020);
	assert_same("shot.ma", "shot.mb");
}

Test(mb_walk, parity_is_no_accident_a_changed_value_shows)
{
	char *a, *b;
	write_ma("shot.ma", scene1_ma, "2020");
	write_scene1("shot.mb", &maya2020);
	tst_write(dir, "other.ma", scene1_ma, (size_t)-1);
	a = analysis("shot.mb");
	cr_assert(strstr(a, "\"frames\":\t\"101-148[2]\""), "%s", a);
	cr_assert(strstr(a, "tex/wood.<UDIM>.png"), "%s", a);
	cr_assert(strstr(a, "proxies/tree.<f>.ass"), "%s", a);
	cr_assert(strstr(a, "file caches/cube.abc kind=3"), "%s", a);
	cr_assert_null(strstr(a, "x.abc"), "a script's MEL is no path");
	write_ma("shot.ma", scene1_ma, "2020");
	{
		char *t = replace_all(strdup(scene1_ma), "setAttr \".ef\" 148", "setAttr \".ef\" 147");
		tst_write(dir, "shot.ma", t, (size_t)-1);
		free(t);
	}
	b = analysis("shot.ma");
	cr_assert_str_neq(a, b);
	free(a);
	free(b);
}

Test(mb_walk, for4_scene_with_int32_ticks_analyses_like_its_ma)
{
	write_ma("old.ma", scene1_ma, "2013");
	write_scene1("old.mb", &maya2013);
	assert_same("old.ma", "old.mb");
}

Test(mb_walk, for8_without_tdur_reads_int32_ticks_like_maya_2014)
{
	write_ma("s14.ma", scene1_ma, "2014");
	write_scene1("s14.mb", &maya2014);
	assert_same("s14.ma", "s14.mb");
}

Test(mb_walk, int64_ticks_without_tdur_count_141120000_per_second)
{
	write_ma("s17.ma", scene1_ma, "2017");
	write_scene1("s17.mb", &maya2017);
	assert_same("s17.ma", "s17.mb");
}

/* ---- scene 2: references across formats ------------------------------------------------ */

static const char child_ma[] = "//Maya ASCII 2020 scene\n"
                               "requires maya \"2020\";\n"
                               "requires \"mtoa\" \"4.0.0\";\n"
                               "currentUnit -l centimeter -a degree -t film;\n"
                               "createNode transform -n \"propCam\";\n"
                               "createNode camera -n \"propCamShape\" -p \"propCam\";\n"
                               "createNode file -n \"bark\";\n"
                               "\tsetAttr \".ftn\" -type \"string\" \"textures/bark.exr\";\n"
                               "createNode renderLayer -n \"childLayer\";\n";

static void write_child_mb(const char *name)
{
	mbw w;
	mbw_init(&w, 1);
	mbw_begin(&w, "FOR", "Maya");
	mbw_begin(&w, "FOR", "HEAD");
	mbw_text(&w, "VERS", "2020");
	mbw_text(&w, "TUNI", "film");
	mbw_text(&w, "TDUR", "141120000");
	mbw_pair(&w, "PLUG", "mtoa", "4.0.0");
	mbw_end(&w);
	node(&w, "XFRM", 0x0c, "propCam", NULL, 1);
	mbw_end(&w);
	node(&w, "DCAM", 0x04, "propCamShape", "propCam", 1);
	mbw_end(&w);
	node(&w, "RTFT", 0, "bark", NULL, 1);
	mbw_attr_str(&w, "ftn", "textures/bark.exr");
	mbw_end(&w);
	node(&w, "RNDL", 0, "childLayer", NULL, 1);
	mbw_end(&w);
	mbw_end(&w);
	mbw_save(&w, dir, name);
	mbw_dispose(&w);
}

static void reference_chunk(mbw *w, const char *tag, const char *path, int depth)
{
	mbw_bytes p = {0};
	if (depth)
		mbw_put_u32(&p, (uint32_t)depth);
	mbw_put_str(&p, path);
	mbw_put_str(&p, "prop");
	mbw_put(&p, depth ? "\x01\x00" : "\x01\x01", 2);
	mbw_put_str(&p, "propRN");
	mbw_put(&p, "\0\0\0", 3);
	mbw_put_str(&p, "v=0");
	mbw_put_str(&p, "mayaAscii");
	mbw_begin(w, "FOR", tag);
	mbw_leaf(w, tag, p.p, p.len);
	mbw_end(w);
	free(p.p);
}

static void write_parent_mb(const char *name, const char *child)
{
	mbw w;
	mbw_init(&w, 1);
	mbw_begin(&w, "FOR", "Maya");
	mbw_begin(&w, "FOR", "HEAD");
	mbw_text(&w, "VERS", "2020");
	mbw_text(&w, "TUNI", "film");
	mbw_text(&w, "TDUR", "141120000");
	mbw_end(&w);
	reference_chunk(&w, "FRDI", child, 1);
	reference_chunk(&w, "FREF", child, 0);
	node(&w, "REFN", 0x10, "propRN", NULL, 1);
	mbw_end(&w);
	node(&w, "RNDL", 0, "defaultRenderLayer", NULL, 1);
	mbw_end(&w);
	mbw_end(&w);
	mbw_save(&w, dir, name);
	mbw_dispose(&w);
}

static void write_parent_ma(const char *name, const char *child)
{
	char text[1024];
	snprintf(text, sizeof(text),
	         "//Maya ASCII 2020 scene\n"
	         "file -rdi 1 -ns \"prop\" -rfn \"propRN\" -op \"v=0\" -typ \"mayaAscii\" \"%s\";\n"
	         "file -r -ns \"prop\" -dr 1 -rfn \"propRN\" -op \"v=0\" -typ \"mayaAscii\" \"%s\";\n"
	         "requires maya \"2020\";\n"
	         "currentUnit -l centimeter -a degree -t film;\n"
	         "createNode reference -n \"propRN\";\n"
	         "createNode renderLayer -n \"defaultRenderLayer\";\n",
	         child, child);
	tst_write(dir, name, text, (size_t)-1);
}

Test(mb_walk, ma_scene_reads_its_mb_reference_like_an_ma_one)
{
	tst_write(dir, "a/prop.ma", child_ma, (size_t)-1);
	write_child_mb("b/prop.mb");
	write_parent_ma("a/scene.ma", "prop.ma");
	write_parent_ma("b/scene.ma", "prop.mb");
	{
		char *a = analysis("a/scene.ma"), *b = analysis("b/scene.ma");
		a = replace_all(a, "/a/", "/x/");
		b = replace_all(b, "/b/", "/x/");
		cr_assert_str_eq(b, a);
		cr_assert(strstr(b, "file textures/bark.exr kind=1 flags=0 node=prop:bark"), "%s", b);
		cr_assert(strstr(b, "prop:propCamShape"), "%s", b);
		free(a);
		free(b);
	}
}

Test(mb_walk, mb_scene_reads_its_ma_and_mb_references)
{
	tst_write(dir, "a/prop.ma", child_ma, (size_t)-1);
	write_child_mb("b/prop.mb");
	write_parent_ma("a/scene.ma", "prop.ma");
	write_parent_mb("b/scene.mb", "prop.mb");
	tst_write(dir, "c/prop.ma", child_ma, (size_t)-1);
	write_parent_mb("c/scene.mb", "prop.ma");
	{
		char *a = analysis("a/scene.ma"), *b = analysis("b/scene.mb"), *c = analysis("c/scene.mb");
		a = replace_all(a, "/a/", "/x/");
		b = replace_all(b, "/b/", "/x/");
		c = replace_all(c, "/c/", "/x/");
		cr_assert_str_eq(b, a);
		cr_assert_str_eq(c, a);
		free(a);
		free(b);
		free(c);
	}
}

Test(mb_walk, mb_reference_cycle_is_a_tip_not_a_loop)
{
	char *a;
	write_parent_mb("loop.mb", "loop.mb");
	a = analysis("loop.mb");
	cr_assert(strstr(a, "reference cycle"), "%s", a);
	cr_assert_null(strstr(a, ":0:"), "no line number for a binary file: %s", a);
	free(a);
}

/* ---- scene 3: reference edits (.ma dataReferenceEdits, .mb REFE) ------------------------ */

static const char edits_ma[] =
    "//Maya ASCII 2022 scene\n"
    "file -rdi 1 -ns \"prop\" -rfn \"propRN\" \"rig.ma\";\n"
    "file -r -ns \"prop\" -dr 1 -rfn \"propRN\" \"rig.ma\";\n"
    "requires maya \"2022\";\n"
    "currentUnit -l centimeter -a degree -t film;\n"
    "createNode reference -n \"propRN\";\n"
    "\tsetAttr \".ed\" -type \"dataReferenceEdits\" \n\t\t\"propRN\"\n\t\t\"propRN\" 0\n"
    "\t\t2 \"rig:file1\" \"fileTextureName\" \" -type \\\"string\\\" \\\"C:/tex/skin.png\\\"\"\n"
    "\t\t2 \"rig:file1\" \"colorSpace\" \" -type \\\"string\\\" \\\"sRGB\\\"\"\n"
    "\t\t2 \"rig:GEO\" \"visibility\" \" 1\";\n";

static void edit(mbw_bytes *p, const char *node_name, const char *attr, const char *args)
{
	mbw_put_u32(p, 2);
	mbw_put_str(p, node_name);
	mbw_put_str(p, attr);
	mbw_put_str(p, args);
}

/* REFE as Newtoniano20 AnimationTest.mb (0x1f18) lays it out: `ed\0 propRN\0`, a header, the records. */
static void write_edits_mb(const char *name)
{
	mbw w;
	mbw_bytes p = {0};
	mbw_init(&w, 1);
	mbw_begin(&w, "FOR", "Maya");
	mbw_begin(&w, "FOR", "HEAD");
	mbw_text(&w, "VERS", "2022");
	mbw_text(&w, "TUNI", "film");
	mbw_text(&w, "TDUR", "141120000");
	mbw_end(&w);
	reference_chunk(&w, "FRDI", "rig.ma", 1);
	reference_chunk(&w, "FREF", "rig.ma", 0);
	node(&w, "REFN", 0x10, "propRN", NULL, 1);
	mbw_put_str(&p, "ed");
	mbw_put_u8(&p, 0x20);
	mbw_put_str(&p, "propRN");
	mbw_put(&p, "\0\0\0\x01", 4);
	mbw_put_str(&p, "propRN");
	mbw_put(&p, "\0\0\0\0\0\0\0\0\0\0\0\x03", 12);
	edit(&p, "rig:file1", "fileTextureName", " -type \"string\" \"C:/tex/skin.png\"");
	edit(&p, "rig:file1", "colorSpace", " -type \"string\" \"sRGB\"");
	edit(&p, "rig:GEO", "visibility", " 1");
	mbw_leaf(&w, "REFE", p.p, p.len);
	free(p.p);
	mbw_end(&w);
	mbw_end(&w);
	mbw_save(&w, dir, name);
	mbw_dispose(&w);
}

Test(mb_walk, reference_edits_declare_the_same_paths)
{
	char *a;
	tst_write(dir, "e.ma", edits_ma, (size_t)-1);
	write_edits_mb("e.mb");
	assert_same("e.ma", "e.mb");
	a = analysis("e.mb");
	cr_assert(strstr(a, "file C:/tex/skin.png kind=1 flags=0 node=rig:file1 attr=fileTextureName"), "%s",
	          a);
	free(a);
}

/* ---- scene 4: Render Setup, its node types named by the PLUG of renderSetup.py ----------- */

static const char render_setup_ma[] =
    "//Maya ASCII 2020 scene\n"
    "requires maya \"2020\";\n"
    "requires -nodeType \"renderSetupLayer\" -nodeType \"renderSetup\" -nodeType \"collection\" "
    "-nodeType \"simpleSelector\" \"renderSetup.py\" \"1.0\";\n"
    "currentUnit -l centimeter -a degree -t film;\n"
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
    "\tsetAttr \".atr\" -type \"string\" \"startFrame\";\n"
    "\tsetAttr \".tgName\" -type \"string\" \"defaultRenderGlobals\";\n"
    "\tsetAttr \".atv\" 101;\n"
    "createNode relUniqueOverride -n \"endFrame\";\n"
    "\tsetAttr \".atr\" -type \"string\" \"endFrame\";\n"
    "\tsetAttr \".tgName\" -type \"string\" \"defaultRenderGlobals\";\n"
    "\tsetAttr \".mul\" 1;\n\tsetAttr \".ofs\" 100;\n"
    "createNode absOverride -n \"disabledWidth\";\n"
    "\tsetAttr \".sen\" no;\n"
    "\tsetAttr \".atr\" -type \"string\" \"width\";\n"
    "\tsetAttr \".atv\" 4096;\n"
    "createNode collection -n \"_hero_col\";\n"
    "createNode simpleSelector -n \"_hero_colSelector\";\n"
    "\tsetAttr \".ssl\" -type \"string\" \"|hero|heroShape\";\n"
    "createNode absOverride -n \"renderable\";\n"
    "\tsetAttr \".atr\" -type \"string\" \"renderable\";\n"
    "\tsetAttr \".atv\" yes;\n"
    "createNode collection -n \"_persp_col\";\n"
    "createNode simpleSelector -n \"_persp_colSelector\";\n"
    "\tsetAttr \".pat\" -type \"string\" \"pers*\";\n"
    "createNode absOverride -n \"renderable1\";\n"
    "\tsetAttr \".atr\" -type \"string\" \"renderable\";\n"
    "\tsetAttr \".atv\" no;\n"
    "select -ne :defaultRenderGlobals;\n"
    "\tsetAttr \".ren\" -type \"string\" \"redshift\";\n"
    "\tsetAttr \".an\" yes;\n";

static const char *const rs_links[][2] = {
    {"renderLayerManager.rlmi[0]", "defaultRenderLayer.rlid"},
    {"renderLayerManager.rlmi[1]", "rs_shot.rlid"},
    {"renderLayerManager.rlmi[2]", "rs_off.rlid"},
    {"rs_shot.msg", "shot.lrl"},
    {"rs_off.msg", "off.lrl"},
    {"renderSetup.lit", "shot.pls"},
    {"shot.lit", "RenderSettingsCollection.pls"},
    {"RenderSettingsCollectionSelector.c", "RenderSettingsCollection.sel"},
    {"RenderSettingsCollection.lit", "startFrame.pls"},
    {"RenderSettingsCollection.lit", "endFrame.pls"},
    {"RenderSettingsCollection.lit", "disabledWidth.pls"},
    {"shot.lit", "_hero_col.pls"},
    {"_hero_colSelector.c", "_hero_col.sel"},
    {"_hero_col.lit", "renderable.pls"},
    {"shot.lit", "_persp_col.pls"},
    {"_persp_colSelector.c", "_persp_col.sel"},
    {"_persp_col.lit", "renderable1.pls"},
};

/* Render Setup types are renderSetup.py's: binary ids that the PLUG chunk names. */
static const char *const rs_types[] = {"renderSetup",    "renderSetupLayer",  "renderSettingsCollection",
                                       "simpleSelector", "absUniqueOverride", "relUniqueOverride",
                                       "absOverride",    "collection"};

static void rs_node(mbw *w, const char *type, const char *name)
{
	for (size_t i = 0; i < sizeof(rs_types) / sizeof(rs_types[0]); i++)
		if (strcmp(rs_types[i], type) == 0)
			mbw_begin_id(w, "FOR", 0x58000370u + (uint32_t)i);
	mbw_crea(w, 0, name, NULL, 1);
}

static void override_attrs(mbw *w, const char *attr, const char *target)
{
	mbw_attr_str(w, "atr", attr);
	if (target)
		mbw_attr_str(w, "tgName", target);
}

static void write_render_setup_mb(const char *name)
{
	mbw w;
	mbw_bytes plug = {0};
	mbw_init(&w, 1);
	mbw_begin(&w, "FOR", "Maya");
	mbw_begin(&w, "FOR", "HEAD");
	mbw_text(&w, "VERS", "2020");
	mbw_text(&w, "TUNI", "film");
	mbw_text(&w, "TDUR", "141120000");
	mbw_put_str(&plug, "renderSetup.py");
	mbw_put_str(&plug, "1.0");
	mbw_put_str(&plug, " -nodeType \"renderSetupLayer\" -nodeType \"renderSetup\"");
	for (size_t i = 0; i < sizeof(rs_types) / sizeof(rs_types[0]); i++) {
		mbw_put_str(&plug, rs_types[i]);
		mbw_put_u32(&plug, 0x58000370u + (uint32_t)i);
	}
	mbw_leaf(&w, "PLUG", plug.p, plug.len);
	free(plug.p);
	mbw_end(&w);
	node(&w, "XFRM", 0x0d, "persp", NULL, 1);
	mbw_end(&w);
	node(&w, "DCAM", 0x05, "perspShape", "persp", 1);
	mbw_end(&w);
	node(&w, "XFRM", 0x0c, "hero", NULL, 1);
	mbw_end(&w);
	node(&w, "DCAM", 0x04, "heroShape", "hero", 1);
	mbw_attr_dble(&w, "rnd", 0);
	mbw_end(&w);
	node(&w, "RNLM", 0, "renderLayerManager", NULL, 1);
	mbw_end(&w);
	node(&w, "RNDL", 0, "defaultRenderLayer", NULL, 1);
	mbw_end(&w);
	rs_node(&w, "renderSetup", "renderSetup");
	mbw_end(&w);
	rs_node(&w, "renderSetupLayer", "shot");
	mbw_end(&w);
	node(&w, "RNDL", 0, "rs_shot", NULL, 1);
	mbw_end(&w);
	rs_node(&w, "renderSetupLayer", "off");
	mbw_end(&w);
	node(&w, "RNDL", 0, "rs_off", NULL, 1);
	mbw_attr_dble(&w, "rndr", 0);
	mbw_end(&w);
	rs_node(&w, "renderSettingsCollection", "RenderSettingsCollection");
	mbw_end(&w);
	rs_node(&w, "simpleSelector", "RenderSettingsCollectionSelector");
	mbw_attr_str(&w, "ssl", "defaultRenderGlobals\ndefaultResolution");
	mbw_end(&w);
	rs_node(&w, "absUniqueOverride", "startFrame");
	override_attrs(&w, "startFrame", "defaultRenderGlobals");
	mbw_attr_ticks64(&w, "atv", 101 * (TICKS_PER_SECOND / 24)); /* a time value: ticks */
	mbw_end(&w);
	rs_node(&w, "relUniqueOverride", "endFrame");
	override_attrs(&w, "endFrame", "defaultRenderGlobals");
	mbw_attr_dble(&w, "mul", 1);
	mbw_attr_dble(&w, "ofs", 100);
	mbw_end(&w);
	rs_node(&w, "absOverride", "disabledWidth");
	mbw_attr_dble(&w, "sen", 0);
	override_attrs(&w, "width", NULL);
	mbw_attr_dble(&w, "atv", 4096);
	mbw_end(&w);
	rs_node(&w, "collection", "_hero_col");
	mbw_end(&w);
	rs_node(&w, "simpleSelector", "_hero_colSelector");
	mbw_attr_str(&w, "ssl", "|hero|heroShape");
	mbw_end(&w);
	rs_node(&w, "absOverride", "renderable");
	override_attrs(&w, "renderable", NULL);
	mbw_attr_dble(&w, "atv", 1);
	mbw_end(&w);
	rs_node(&w, "collection", "_persp_col");
	mbw_end(&w);
	rs_node(&w, "simpleSelector", "_persp_colSelector");
	mbw_attr_str(&w, "pat", "pers*");
	mbw_end(&w);
	rs_node(&w, "absOverride", "renderable1");
	override_attrs(&w, "renderable", NULL);
	mbw_attr_dble(&w, "atv", 0);
	mbw_end(&w);
	mbw_begin(&w, "FOR", "SLCT");
	mbw_leaf(&w, "SLCT", ":defaultRenderGlobals", 21);
	mbw_attr_str(&w, "ren", "redshift");
	mbw_attr_dble(&w, "an", 1);
	mbw_end(&w);
	mbw_begin(&w, "LIS", "CONS");
	mbw_begin(&w, "FOR", "CONN");
	for (size_t i = 0; i < sizeof(rs_links) / sizeof(rs_links[0]); i++)
		mbw_connect(&w, rs_links[i][0], rs_links[i][1]);
	mbw_end(&w);
	mbw_end(&w);
	mbw_end(&w);
	mbw_save(&w, dir, name);
	mbw_dispose(&w);
}

Test(mb_walk, render_setup_layers_and_overrides_analyse_like_the_ma)
{
	char *text = NULL, *a;
	mbt_append(&text, render_setup_ma);
	for (size_t i = 0; i < sizeof(rs_links) / sizeof(rs_links[0]); i++) {
		char line[256];
		snprintf(line, sizeof(line), "connectAttr \"%s\" \"%s\";\n", rs_links[i][0], rs_links[i][1]);
		mbt_append(&text, line);
	}
	tst_write(dir, "rs.ma", text, (size_t)-1);
	free(text);
	write_render_setup_mb("rs.mb");
	assert_same("rs.ma", "rs.mb");
	a = analysis("rs.mb");
	cr_assert(strstr(a, "\"frames\":\t\"101-110[1]\""), "the shot layer's frames: %s", a);
	cr_assert(strstr(a, "\"render_layer_type\":\t\"1\""), "%s", a);
	free(a);
}
