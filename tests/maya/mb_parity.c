/*
 * Round-trip parity, scene by scene: each scene is one list of steps
 * (createNode, select, setAttr, addAttr, connectAttr, file -r) written twice,
 * as .ma statements and as .mb chunks (mb_writer.c, per scene-formats.md §2),
 * in the layout of each Maya generation (FOR4 2013 with int32 ticks and
 * 16-bit ATTR flags, FOR8 2022 with UUIDs and TDUR).  Both must give the same
 * analysis: task.json, tips.json, upload.json and every declared file.
 * Each scene also asserts what it is about, so a parity of two empty
 * answers cannot pass.
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

TestSuite(mb_parity, .init = setup, .fini = teardown);

/* ---- the analysis of a scene, as text ------------------------------------------------ */

/* "scene.ma" and "scene.mb" both written "scene.mX", so the two answers compare. */
static void unify_scene_name(char *s, const char *name)
{
	size_t n = strlen(name);
	for (char *p = strstr(s, name); p; p = strstr(p + n, name))
		p[n - 1] = 'X';
}

static char *analysis(const char *name)
{
	return mbt_analysis(dir, name);
}

/* ---- one scene description, two writers ------------------------------------------------ */

enum {
	END,
	PLUGIN,  /* a: name, b: version, c: "type1 type2" (ids d, d + 1...) */
	REF,     /* a: path, b: namespace, c: reference node, flags: deferred */
	NODE,    /* a: type, b: name, c: parent, flags: 1 shared; code: built-in code or NULL */
	SELECT,  /* a: name */
	STR,     /* a: attr, b: value */
	NUM,     /* a: attr, d: value */
	TIME,    /* a: attr, d: frames (film) */
	CMPD,    /* a: attr, d: first of three values d, d+1, d+2 */
	ADD_STR, /* a: long name, b: short name, c: parent compound or NULL */
	ADD_NUM, /* a: long name, b: short name, d: -dv */
	ADD_CPD, /* a: long name, b: short name, flags: children */
	CONNECT, /* a: source plug, b: destination plug */
};

typedef struct {
	int op;
	const char *a, *b, *c;
	double d;
	const char *code;
	int flags;
} step;

typedef struct {
	const char *version;
	int wide, uuid, ticks64;
} style;

/* FOR4 2013: no node types in PLUG; FOR8 2014: types, no UUID, int32 ticks; 2022: UUIDs, TDUR. */
static const style maya2013 = {"2013", 0, 0, 0}, maya2014 = {"2014", 1, 0, 0}, maya2022 = {"2022", 1, 1, 1};

#define TICKS_PER_SECOND 141120000LL

/* Word `i` of a space-separated list into out; 0 when there is none. */
static int nth_word(const char *list, size_t i, char *out, size_t size)
{
	const char *p = list;
	for (;;) {
		size_t n;
		while (*p == ' ')
			p++;
		if (!*p)
			return 0;
		n = strcspn(p, " ");
		if (i-- == 0) {
			snprintf(out, size, "%.*s", (int)n, p);
			return 1;
		}
		p += n;
	}
}

/* A MEL string literal. */
static void put_quoted(char **acc, const char *s)
{
	mbt_append(acc, "\"");
	for (; *s; s++) {
		char c[3] = {*s, 0, 0};
		if (*s == '"' || *s == '\\') {
			c[0] = '\\';
			c[1] = *s;
		} else if (*s == '\n') {
			c[0] = '\\';
			c[1] = 'n';
		}
		mbt_append(acc, c);
	}
	mbt_append(acc, "\"");
}

static void put_num(char **acc, double d)
{
	char num[64];
	snprintf(num, sizeof(num), "%.17g", d);
	mbt_append(acc, num);
}

static void ma_plugins_and_refs(char **ma, const step *s, const style *st)
{
	char line[1024];
	snprintf(line, sizeof(line), "//Maya ASCII %s scene\n", st->version);
	mbt_append(ma, line);
	for (int pass = 0; pass < 2; pass++)
		for (const step *p = s; p->op != END; p++) {
			if (p->op != REF)
				continue;
			if (pass == 0)
				snprintf(line, sizeof(line), "file -rdi 1 -ns \"%s\" -rfn \"%s\" \"%s\";\n",
				         p->b, p->c, p->a);
			else
				snprintf(line, sizeof(line), "file -r -ns \"%s\"%s -rfn \"%s\" \"%s\";\n",
				         p->b, p->flags ? " -dr 1" : "", p->c, p->a);
			mbt_append(ma, line);
		}
	snprintf(line, sizeof(line), "requires maya \"%s\";\n", st->version);
	mbt_append(ma, line);
	for (const step *p = s; p->op != END; p++) {
		char word[128];
		if (p->op != PLUGIN)
			continue;
		mbt_append(ma, "requires ");
		for (size_t i = 0; nth_word(p->c, i, word, sizeof(word)); i++) {
			snprintf(line, sizeof(line), "-nodeType \"%s\" ", word);
			mbt_append(ma, line);
		}
		snprintf(line, sizeof(line), "\"%s\" \"%s\";\n", p->a, p->b);
		mbt_append(ma, line);
	}
	mbt_append(ma, "currentUnit -l centimeter -a degree -t film;\n");
}

static void write_ma(const char *name, const step *s, const style *st)
{
	char *ma = NULL, *conns = NULL, line[1024];
	ma_plugins_and_refs(&ma, s, st);
	for (const step *p = s; p->op != END; p++) {
		switch (p->op) {
		case NODE:
			snprintf(line, sizeof(line), "createNode %s%s -n \"%s\"", p->a,
			         p->flags & 1 ? " -s" : "", p->b);
			mbt_append(&ma, line);
			if (p->c) {
				mbt_append(&ma, " -p ");
				put_quoted(&ma, p->c);
			}
			mbt_append(&ma, ";\n");
			break;
		case SELECT:
			snprintf(line, sizeof(line), "select -ne :%s;\n", p->a);
			mbt_append(&ma, line);
			break;
		case STR:
			snprintf(line, sizeof(line), "\tsetAttr \".%s\" -type \"string\" ", p->a);
			mbt_append(&ma, line);
			put_quoted(&ma, p->b);
			mbt_append(&ma, ";\n");
			break;
		case NUM:
		case TIME:
			snprintf(line, sizeof(line), "\tsetAttr \".%s\" ", p->a);
			mbt_append(&ma, line);
			put_num(&ma, p->d);
			mbt_append(&ma, ";\n");
			break;
		case CMPD:
			snprintf(line, sizeof(line), "\tsetAttr \".%s\" %.17g %.17g %.17g;\n", p->a, p->d,
			         p->d + 1, p->d + 2);
			mbt_append(&ma, line);
			break;
		case ADD_STR:
			snprintf(line, sizeof(line),
			         "\taddAttr -ci true -sn \"%s\" -ln \"%s\" -dt \"string\"", p->b, p->a);
			mbt_append(&ma, line);
			if (p->c) {
				mbt_append(&ma, " -p ");
				put_quoted(&ma, p->c);
			}
			mbt_append(&ma, ";\n");
			break;
		case ADD_NUM:
			snprintf(line, sizeof(line),
			         "\taddAttr -ci true -sn \"%s\" -ln \"%s\" -dv %.17g -at \"double\";\n", p->b,
			         p->a, p->d);
			mbt_append(&ma, line);
			break;
		case ADD_CPD:
			snprintf(line, sizeof(line),
			         "\taddAttr -ci true -m -sn \"%s\" -ln \"%s\" -at \"compound\" -nc %d;\n",
			         p->b, p->a, p->flags);
			mbt_append(&ma, line);
			break;
		case CONNECT:
			snprintf(line, sizeof(line), "connectAttr \"%s\" \"%s\";\n", p->a, p->b);
			mbt_append(&conns, line);
			break;
		default:
			break;
		}
	}
	if (conns)
		mbt_append(&ma, conns);
	tst_write(dir, name, ma, (size_t)-1);
	free(ma);
	free(conns);
}

/* The plug-in id of `type`: the PLUG step listing it numbers its types from its id (d) up. */
static int plugin_id(const step *s, const char *type, uint32_t *out)
{
	char word[128];
	for (const step *p = s; p->op != END; p++)
		for (size_t i = 0; p->op == PLUGIN && nth_word(p->c, i, word, sizeof(word)); i++)
			if (strcmp(word, type) == 0) {
				*out = (uint32_t)p->d + (uint32_t)i;
				return 1;
			}
	return 0;
}

static void mb_head(mbw *w, const step *s, const style *st)
{
	mbw_begin(w, "FOR", "HEAD");
	mbw_text(w, "VERS", st->version);
	mbw_text(w, "UVER", "undef");
	mbw_text(w, "LUNI", "cm");
	mbw_text(w, "TUNI", "film");
	mbw_text(w, "AUNI", "deg");
	if (st->ticks64)
		mbw_text(w, "TDUR", "141120000");
	for (const step *p = s; p->op != END; p++) {
		mbw_bytes b = {0};
		char word[128];
		if (p->op != PLUGIN)
			continue;
		mbw_put_str(&b, p->a);
		mbw_put_str(&b, p->b);
		if (st->wide) { /* the FOR4 generations list no node types */
			mbw_put_str(&b, " -nodeType ...");
			for (size_t i = 0; nth_word(p->c, i, word, sizeof(word)); i++) {
				mbw_put_str(&b, word);
				mbw_put_u32(&b, (uint32_t)p->d + (uint32_t)i);
			}
		}
		mbw_leaf(w, "PLUG", b.p, b.len);
		free(b.p);
	}
	mbw_end(w);
	for (int depth = 1; depth >= 0; depth--)
		for (const step *p = s; p->op != END; p++)
			if (p->op == REF)
				mbw_reference(w, p->a, p->b, p->c, depth, p->flags);
}

static void mb_node(mbw *w, const step *s, const step *p, const style *st)
{
	uint32_t id;
	unsigned flags = (unsigned)(p->flags & 1) | (p->c ? 0x04u : 0u);
	if (p->code)
		mbw_begin(w, "FOR", p->code);
	else {
		cr_assert(plugin_id(s, p->a, &id), "no code for %s", p->a);
		mbw_begin_id(w, "FOR", id);
	}
	mbw_crea(w, flags, p->b, p->c, st->uuid);
}

static void mb_step(mbw *w, const step *p, const style *st)
{
	mbw_attrdef d = {0};
	double v[3] = {p->d, p->d + 1, p->d + 2};
	switch (p->op) {
	case STR:
		mbw_attr_str(w, p->a, p->b);
		break;
	case NUM:
		mbw_attr_dble(w, p->a, p->d);
		break;
	case TIME:
		if (st->ticks64)
			mbw_attr_ticks64(w, p->a, (int64_t)p->d * (TICKS_PER_SECOND / 24));
		else
			mbw_attr_ticks32(w, p->a, (int32_t)p->d * 250);
		break;
	case CMPD:
		mbw_attr_cmpd(w, p->a, v, 3);
		break;
	case ADD_STR:
		d = (mbw_attrdef){"aTYP", p->c ? 0x60u : 0x40u, "STR ", p->a, p->b, p->c, 0, 0};
		mbw_attr_def(w, &d);
		break;
	case ADD_NUM:
		d = (mbw_attrdef){"aDBL", 0x4eu, NULL, p->a, p->b, NULL, 0, p->d};
		mbw_attr_def(w, &d);
		break;
	case ADD_CPD:
		d = (mbw_attrdef){"aCPD", 0x51u, "CMPD", p->a, p->b, NULL, (uint32_t)p->flags, 0};
		mbw_attr_def(w, &d);
		break;
	default:
		break;
	}
}

static void write_mb(const char *name, const step *s, const style *st)
{
	mbw w;
	int open = 0;
	mbw_init(&w, st->wide);
	mbw_begin(&w, "FOR", "Maya");
	mb_head(&w, s, st);
	for (const step *p = s; p->op != END; p++) {
		if ((p->op == NODE || p->op == SELECT) && open)
			mbw_end(&w);
		if (p->op == NODE) {
			mb_node(&w, s, p, st);
			open = 1;
		} else if (p->op == SELECT) {
			char sel[256];
			snprintf(sel, sizeof(sel), ":%s", p->a);
			mbw_begin(&w, "FOR", "SLCT");
			mbw_leaf(&w, "SLCT", sel, strlen(sel)); /* without a NUL, as Maya writes it */
			open = 1;
		} else if (p->op != CONNECT) {
			mb_step(&w, p, st);
		}
	}
	if (open)
		mbw_end(&w);
	mbw_begin(&w, "LIS", "CONS");
	mbw_begin(&w, "FOR", "CONN");
	for (const step *p = s; p->op != END; p++)
		if (p->op == CONNECT)
			mbw_connect(&w, p->a, p->b);
	mbw_end(&w);
	mbw_end(&w);
	mbw_begin(&w, "FOR", "HEAD");
	mbw_text(&w, "OBJN", "1");
	mbw_text(&w, "INCL", "undef(");
	mbw_end(&w);
	mbw_end(&w);
	mbw_save(&w, dir, name);
	mbw_dispose(&w);
}

/* Write `s` as sub/scene.ma and sub/scene.mb in style `st`; the analyses must match.  Returns the .mb one. */
static char *assert_parity(const char *sub, const step *s, const style *st)
{
	char ma[256], mb[256], *a, *b;
	snprintf(ma, sizeof(ma), "%s/scene.ma", sub);
	snprintf(mb, sizeof(mb), "%s/scene.mb", sub);
	write_ma(ma, s, st);
	write_mb(mb, s, st);
	a = analysis(ma);
	b = analysis(mb);
	unify_scene_name(a, "scene.ma");
	unify_scene_name(b, "scene.mb");
	cr_assert_str_eq(b, a, "%s: the .mb and .ma analyses differ", sub);
	free(a);
	return b;
}

static void assert_has(const char *text, const char *what)
{
	cr_assert(strstr(text, what), "'%s' missing from:\n%s", what, text);
}

/* ---- render globals of each renderer ----------------------------------------------------- */

#define COMMON_GLOBALS(renderer)                                                                             \
	{SELECT, "defaultRenderGlobals", NULL, NULL, 0, NULL, 0}, {STR, "ren", renderer, NULL, 0, NULL, 0},  \
	    {NUM, "an", NULL, NULL, 1, NULL, 0}, {TIME, "fs", NULL, NULL, 5, NULL, 0},                       \
	    {TIME, "ef", NULL, NULL, 9, NULL, 0}, {SELECT, "defaultResolution", NULL, NULL, 0, NULL, 0},     \
	    {NUM, "w", NULL, NULL, 1280, NULL, 0},                                                           \
	{                                                                                                    \
		NUM, "h", NULL, NULL, 720, NULL, 0                                                           \
	}

static const step arnold_scene[] = {
    {PLUGIN, "mtoa", "5.0.0", "aiOptions aiAOVDriver aiAOVFilter", 0x00115c00, NULL, 0},
    {NODE, "aiOptions", "defaultArnoldRenderOptions", NULL, 0, NULL, 1},
    {ADD_STR, "ARV_options", "ARV_options", NULL, 0, NULL, 0},
    {STR, "ARV_options", "Test Resolution=100%;Camera=perspShape", NULL, 0, NULL, 0},
    {NODE, "aiAOVDriver", "defaultArnoldDriver", NULL, 0, NULL, 1},
    {STR, "ai_translator", "tif", NULL, 0, NULL, 0},
    {STR, "prefix", "renders/<Scene>/<RenderLayer>", NULL, 0, NULL, 0},
    COMMON_GLOBALS("arnold"),
    {END, NULL, NULL, NULL, 0, NULL, 0},
};

static const step vray_scene[] = {
    {PLUGIN, "vrayformaya", "6", "VRaySettingsNode", 0x0010f200, NULL, 0},
    {NODE, "VRaySettingsNode", "vraySettings", NULL, 0, NULL, 1},
    {STR, "imgfs", "jpg", NULL, 0, NULL, 0},
    {STR, "fnprx", "out/<Layer>", NULL, 0, NULL, 0},
    COMMON_GLOBALS("vray"),
    {END, NULL, NULL, NULL, 0, NULL, 0},
};

static const step redshift_scene[] = {
    {PLUGIN, "redshift4maya", "3.5.0", "RedshiftOptions", 0x00128500, NULL, 0},
    {NODE, "RedshiftOptions", "redshiftOptions", NULL, 0, NULL, 1},
    {NUM, "imageFormat", NULL, NULL, 2, NULL, 0},
    {STR, "imageFilePrefix", "rs/<Scene>", NULL, 0, NULL, 0},
    COMMON_GLOBALS("redshift"),
    {END, NULL, NULL, NULL, 0, NULL, 0},
};

static const step renderman_scene[] = {
    {PLUGIN, "RenderMan_for_Maya.py", "24.4", "rmanGlobals", 0x00104000, NULL, 0},
    {NODE, "rmanGlobals", "rmanGlobals", NULL, 0, NULL, 1},
    {STR, "imageFileFormat", "<scene>.<f4>.<ext>", NULL, 0, NULL, 0},
    {STR, "imageOutputDir", "<ws>/images/<scene>", NULL, 0, NULL, 0},
    {STR, "ocioConfigPath", "config/studio.ocio", NULL, 0, NULL, 0},
    COMMON_GLOBALS("renderman"),
    {END, NULL, NULL, NULL, 0, NULL, 0},
};

Test(mb_parity, render_globals_of_every_renderer_read_alike)
{
	static const struct {
		const char *name;
		const step *scene;
		const char *format;
	} cases[] = {
	    {"arnold", arnold_scene, "\"tif\""},
	    {"vray", vray_scene, "\"jpg\""},
	    {"redshift", redshift_scene, "\"png\""},
	    {"renderman", renderman_scene, "\"exr\""}, /* RfM 22+ displays default to OpenEXR */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int old = 0; old < 2; old++) {
			char sub[64], renderer[64], *b;
			snprintf(sub, sizeof(sub), "%s%d", cases[i].name, old);
			/* plug-in types need the PLUG names of 2014 on: Maya 2013 files cannot name them */
			b = assert_parity(sub, cases[i].scene, old ? &maya2014 : &maya2022);
			snprintf(renderer, sizeof(renderer), "\"%s\"", cases[i].name);
			assert_has(b, renderer);
			assert_has(b, cases[i].format);
			assert_has(b, "\"5-9[1]\"");
			assert_has(b, "1280");
			free(b);
		}
	}
}

/* ---- the file table: built-in types named by their codes, sequences and UDIMs -------------- */

static const step files_scene[] = {
    {PLUGIN, "sceneAssembly", "1.0", "assemblyReference assemblyDefinition", 0x580000b1, NULL, 0},
    {NODE, "file", "seq", NULL, 0, "RTFT", 0},
    {STR, "ftn", "plates/shot.0012.exr", NULL, 0, NULL, 0},
    {NUM, "ufe", NULL, NULL, 1, NULL, 0},
    {NODE, "psdFileTex", "paint", NULL, 0, "PSDT", 0},
    {STR, "ftn", "tex/paint.1001.psd", NULL, 0, NULL, 0},
    {NUM, "uvt", NULL, NULL, 3, NULL, 0},
    {NODE, "movie", "clip", NULL, 0, "RTMV", 0},
    {STR, "ftn", "ref/clip.mov", NULL, 0, NULL, 0},
    {NODE, "transform", "imagePlane1", NULL, 0, "XFRM", 0},
    {NODE, "imagePlane", "imagePlaneShape1", "imagePlane1", 0, "DIPL", 0},
    {STR, "imn", "bg/plate.0001.jpg", NULL, 0, NULL, 0},
    {NUM, "ufe", NULL, NULL, 1, NULL, 0},
    {NODE, "audio", "dialog", NULL, 0, "AUDI", 0},
    {STR, "f", "sound/dialog.wav", NULL, 0, NULL, 0},
    {NODE, "cacheFile", "clothCache1", NULL, 0, "CCHF", 0},
    {STR, "cp", "cache/cloth", NULL, 0, NULL, 0},
    {STR, "cn", "clothShape", NULL, 0, NULL, 0},
    {NODE, "dynGlobals", "dynGlobals1", NULL, 0, "YDGL", 0},
    {STR, "cd", "cache/particles", NULL, 0, NULL, 0},
    {NODE, "colorManagementGlobals", "shotColorMgt", NULL, 0, "CMGB", 0},
    {NUM, "cfe", NULL, NULL, 1, NULL, 0},
    {STR, "cfp", "ocio/show.ocio", NULL, 0, NULL, 0},
    {NODE, "assemblyReference", "treeAR", NULL, 0, NULL, 0},
    {STR, "def", "assets/tree_AD.ma", NULL, 0, NULL, 0},
    {NODE, "mesh", "groundShape", NULL, 0, "DMSH", 0},
    {CMPD, "covm[0]", NULL, NULL, 0, NULL, 0},
    {SELECT, "defaultRenderGlobals", NULL, NULL, 0, NULL, 0},
    {STR, "ren", "arnold", NULL, 0, NULL, 0},
    {END, NULL, NULL, NULL, 0, NULL, 0},
};

Test(mb_parity, file_table_types_sequences_and_udims_read_alike)
{
	for (int old = 0; old < 2; old++) {
		char *b =
		    assert_parity(old ? "files2013" : "files2022", files_scene, old ? &maya2013 : &maya2022);
		assert_has(b, "file plates/shot.<f>.exr kind=1");
		assert_has(b, "tex/paint.<UDIM>.psd");
		assert_has(b, "node=clip attr=fileTextureName");
		assert_has(b, "node=imagePlaneShape1");
		assert_has(b, "file sound/dialog.wav kind=");
		assert_has(b, "cache/cloth/clothShape.xml");
		assert_has(b, "node=dynGlobals1 attr=cacheDirectory");
		assert_has(b, "node=shotColorMgt attr=configFilePath");
		assert_has(b, "node=treeAR attr=definition");
		free(b);
	}
}

/* ---- dynamic attributes (ATTR): values, compounds, Render Setup's attrValue default ------- */

static const step dynamic_scene[] = {
    {PLUGIN, "renderSetup.py", "1.0",
     "renderSetup renderSetupLayer renderSettingsCollection simpleSelector absOverride", 0x58000371, NULL, 0},
    {NODE, "transform", "pipelineData", NULL, 0, "XFRM", 0},
    {ADD_STR, "cachePath", "cachePath", NULL, 0, NULL, 0},
    {STR, "cachePath", "caches/hero_sim.abc", NULL, 0, NULL, 0},
    {ADD_STR, "note", "note", NULL, 0, NULL, 0},
    {STR, "note", "approved by sup", NULL, 0, NULL, 0},
    {ADD_CPD, "stringOptions", "stringOptions", NULL, 0, NULL, 2},
    {ADD_STR, "name", "name", "stringOptions", 0, NULL, 0},
    {ADD_STR, "value", "value", "stringOptions", 0, NULL, 0},
    {STR, "stringOptions[0].name", "light map", NULL, 0, NULL, 0},
    {STR, "stringOptions[0].value", "maps/bake.0001.exr", NULL, 0, NULL, 0},
    {NODE, "renderLayerManager", "renderLayerManager", NULL, 0, "RNLM", 0},
    {NODE, "renderLayer", "defaultRenderLayer", NULL, 0, "RNDL", 0},
    {NODE, "renderSetup", "renderSetup", NULL, 0, NULL, 0},
    {NODE, "renderSetupLayer", "wide", NULL, 0, NULL, 0},
    {NODE, "renderLayer", "rs_wide", NULL, 0, "RNDL", 0},
    {NODE, "renderSettingsCollection", "RenderSettingsCollection", NULL, 0, NULL, 0},
    {NODE, "simpleSelector", "RenderSettingsCollectionSelector", NULL, 0, NULL, 0},
    {STR, "ssl", "defaultResolution", NULL, 0, NULL, 0},
    {NODE, "absOverride", "width", NULL, 0, NULL, 0},
    {ADD_NUM, "attrValue", "atv", NULL, 2048, NULL, 0},
    {STR, "atr", "width", NULL, 0, NULL, 0},
    {SELECT, "defaultRenderGlobals", NULL, NULL, 0, NULL, 0},
    {ADD_STR, "farmNote", "farmNote", NULL, 0, NULL, 0},
    {STR, "farmNote", "scripts/post_render.py", NULL, 0, NULL, 0},
    {STR, "ren", "arnold", NULL, 0, NULL, 0},
    {SELECT, "defaultResolution", NULL, NULL, 0, NULL, 0},
    {NUM, "w", NULL, NULL, 960, NULL, 0},
    {CONNECT, "renderLayerManager.rlmi[0]", "defaultRenderLayer.rlid", NULL, 0, NULL, 0},
    {CONNECT, "renderLayerManager.rlmi[1]", "rs_wide.rlid", NULL, 0, NULL, 0},
    {CONNECT, "rs_wide.msg", "wide.lrl", NULL, 0, NULL, 0},
    {CONNECT, "renderSetup.lit", "wide.pls", NULL, 0, NULL, 0},
    {CONNECT, "wide.lit", "RenderSettingsCollection.pls", NULL, 0, NULL, 0},
    {CONNECT, "RenderSettingsCollectionSelector.c", "RenderSettingsCollection.sel", NULL, 0, NULL, 0},
    {CONNECT, "RenderSettingsCollection.lit", "width.pls", NULL, 0, NULL, 0},
    {END, NULL, NULL, NULL, 0, NULL, 0},
};

Test(mb_parity, dynamic_attributes_and_their_values_read_alike)
{
	for (int old = 0; old < 2; old++) {
		char *b =
		    assert_parity(old ? "dyn2014" : "dyn2022", dynamic_scene, old ? &maya2014 : &maya2022);
		assert_has(b, "file caches/hero_sim.abc kind=3 flags=0 node=pipelineData attr=cachePath");
		assert_has(b, "file maps/bake.0001.exr");
		assert_has(b,
		           "\"width\":\t\"2048\"");   /* the rs_wide layer: the override's declared default */
		assert_has(b, "\"width\":\t\"960\""); /* the master layer */
		cr_assert_null(strstr(b, "approved by sup"));
		free(b);
	}
}

/* The same declarations in a FOR4 file, whose ATTR flags are 16 bits. */
Test(mb_parity, dynamic_attributes_of_a_for4_file_read_alike)
{
	step s[sizeof(dynamic_scene) / sizeof(dynamic_scene[0])];
	size_t n = 0;
	char *b;
	for (const step *p = dynamic_scene; p->op != END && n < 11; p++)
		if (p->op != PLUGIN)
			s[n++] = *p; /* pipelineData and its attributes */
	s[n] = (step){END, NULL, NULL, NULL, 0, NULL, 0};
	b = assert_parity("dyn2013", s, &maya2013);
	assert_has(b, "file caches/hero_sim.abc kind=3 flags=0 node=pipelineData attr=cachePath");
	assert_has(b, "file maps/bake.0001.exr");
	free(b);
}

Test(mb_parity, render_setup_value_falls_back_to_the_declared_default_only_while_unset)
{
	step s[sizeof(dynamic_scene) / sizeof(dynamic_scene[0]) + 1];
	char *b;
	size_t n = 0;
	for (const step *p = dynamic_scene; p->op != END; p++) {
		s[n++] = *p;
		if (p->op == ADD_NUM)
			s[n++] = (step){NUM, "atv", NULL, NULL, 3000, NULL, 0};
	}
	s[n] = (step){END, NULL, NULL, NULL, 0, NULL, 0};
	b = assert_parity("dynset", s, &maya2022);
	assert_has(b, "\"width\":\t\"3000\"");
	cr_assert_null(strstr(b, "\"width\":\t\"2048\""), "%s", b);
	free(b);
}

/* ---- legacy render layers: adjustments of render globals and cameras -------------------- */

static const step legacy_layers_scene[] = {
    {NODE, "transform", "persp", NULL, 0, "XFRM", 1},
    {NODE, "camera", "perspShape", "persp", 0, "DCAM", 1},
    {NODE, "transform", "shotCam", NULL, 0, "XFRM", 0},
    {NODE, "camera", "shotCamShape", "shotCam", 0, "DCAM", 0},
    {NUM, "rnd", NULL, NULL, 0, NULL, 0},
    {NODE, "renderLayerManager", "renderLayerManager", NULL, 0, "RNLM", 0},
    {NODE, "renderLayer", "defaultRenderLayer", NULL, 0, "RNDL", 0},
    {NUM, "g", NULL, NULL, 1, NULL, 0},
    {NUM, "adjs[0].val", NULL, NULL, 0, NULL, 0},
    {NODE, "renderLayer", "fx", NULL, 0, "RNDL", 0},
    {NUM, "adjs[0].val", NULL, NULL, 1, NULL, 0},
    {NUM, "adjs[1].val", NULL, NULL, 1001, NULL, 0},
    {NUM, "adjs[2].val", NULL, NULL, 1010, NULL, 0},
    {NODE, "renderLayer", "off", NULL, 0, "RNDL", 0},
    {NUM, "rndr", NULL, NULL, 0, NULL, 0},
    {SELECT, "defaultRenderGlobals", NULL, NULL, 0, NULL, 0},
    {STR, "ren", "mayaHardware2", NULL, 0, NULL, 0},
    {NUM, "outf", NULL, NULL, 32, NULL, 0},
    {NUM, "an", NULL, NULL, 1, NULL, 0},
    {TIME, "fs", NULL, NULL, 1, NULL, 0},
    {TIME, "ef", NULL, NULL, 24, NULL, 0},
    {CONNECT, "renderLayerManager.rlmi[0]", "defaultRenderLayer.rlid", NULL, 0, NULL, 0},
    {CONNECT, "renderLayerManager.rlmi[1]", "fx.rlid", NULL, 0, NULL, 0},
    {CONNECT, "renderLayerManager.rlmi[2]", "off.rlid", NULL, 0, NULL, 0},
    {CONNECT, "shotCamShape.rnd", "defaultRenderLayer.adjs[0].plg", NULL, 0, NULL, 0},
    {CONNECT, "shotCamShape.rnd", "fx.adjs[0].plg", NULL, 0, NULL, 0},
    {CONNECT, "defaultRenderGlobals.fs", "fx.adjs[1].plg", NULL, 0, NULL, 0},
    {CONNECT, "defaultRenderGlobals.ef", "fx.adjs[2].plg", NULL, 0, NULL, 0},
    {END, NULL, NULL, NULL, 0, NULL, 0},
};

Test(mb_parity, legacy_layers_with_adjusted_frames_and_cameras_read_alike)
{
	static const style *styles[] = {&maya2013, &maya2014, &maya2022};
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
		char sub[32], *b;
		snprintf(sub, sizeof(sub), "legacy%s", styles[i]->version);
		b = assert_parity(sub, legacy_layers_scene, styles[i]);
		assert_has(b, "\"frames\":\t\"1001-1010[1]\""); /* fx */
		assert_has(b, "\"frames\":\t\"1-24[1]\"");      /* the master layer */
		assert_has(b, "\"png\"");
		assert_has(b, "shotCamShape");
		free(b);
	}
}

/* ---- references, deferred or not ---------------------------------------------------------- */

static const step refs_scene[] = {
    {REF, "assets/chair.ma", "chair", "chairRN", 0, NULL, 1},
    {REF, "assets/lamp.ma", "lamp", "lampRN", 0, NULL, 0},
    {NODE, "reference", "chairRN", NULL, 0, "REFN", 0},
    {NODE, "reference", "lampRN", NULL, 0, "REFN", 0},
    {SELECT, "defaultRenderGlobals", NULL, NULL, 0, NULL, 0},
    {STR, "ren", "arnold", NULL, 0, NULL, 0},
    {END, NULL, NULL, NULL, 0, NULL, 0},
};

static const char chair_ma[] = "//Maya ASCII 2022 scene\n"
                               "requires maya \"2022\";\n"
                               "createNode file -n \"wood\";\n"
                               "\tsetAttr \".ftn\" -type \"string\" \"tex/wood.exr\";\n";

static const char lamp_ma[] = "//Maya ASCII 2022 scene\n"
                              "requires maya \"2022\";\n"
                              "createNode file -n \"shade\";\n"
                              "\tsetAttr \".ftn\" -type \"string\" \"tex/shade.<UDIM>.tx\";\n";

Test(mb_parity, deferred_and_loaded_references_read_alike)
{
	for (int old = 0; old < 2; old++) {
		const char *sub = old ? "refs2013" : "refs2022";
		char path[128], *b;
		snprintf(path, sizeof(path), "%s/assets/chair.ma", sub);
		tst_write(dir, path, chair_ma, (size_t)-1);
		snprintf(path, sizeof(path), "%s/assets/lamp.ma", sub);
		tst_write(dir, path, lamp_ma, (size_t)-1);
		b = assert_parity(sub, refs_scene, old ? &maya2013 : &maya2022);
		assert_has(b, "file assets/chair.ma kind=");
		assert_has(b, "node=chair:wood attr=fileTextureName"); /* the deferred one is read like `file
		                                                          -r -dr 1` */
		assert_has(b, "node=lamp:shade attr=fileTextureName");
		free(b);
	}
}
