/*
 * Built-in node types of Maya binary files: the form type of a node is a
 * 4-character code, which is the node type's MTypeId (nodeType -typeId).
 * Where each row comes from:
 *   corpus - checked against the corpus (the CREA name Maya gives a new node
 *            of that type: "file1" under RTFT, "renderLayerManager" under
 *            RNLM...);
 *   cmdx   - the MTypeId table of Maya's built-in types in cmdx
 *            (github.com/mottosso/cmdx, cmdt.py at 0085e249), whose values
 *            agree with every corpus row above (RTFT, DCAM, RNDL, XFRM...);
 *   2012   - and the Maya 2012 type table of sansapp's .mb reader
 *            (github.com/agibli/sansapp, maya/modules/maya/2012/typeids.dat),
 *            which agrees with cmdx on every row marked so;
 *   devkit - the id a devkit plug-in gives its type (see the row).
 * Types the walk or the file table (ma_attrs.c, path-attributes.md §1) reads
 * come first; the rest name common nodes for messages.  Plug-in types are
 * binary ids resolved through the PLUG chunks instead; a few plug-in types
 * the file table needs are named here too, for the 2009/2013 files whose
 * PLUG chunks do not list their types.  An unknown code is skipped: the node
 * has no type, and only its path-looking strings count.
 */
#include "mb_walk.h"

static const struct {
	char code[5];
	const char *type;
} builtin_types[] = {
    {"DCAM", "camera"},                 /* corpus */
    {"RNDL", "renderLayer"},            /* corpus */
    {"RNLM", "renderLayerManager"},     /* corpus */
    {"RTFT", "file"},                   /* corpus */
    {"REFN", "reference"},              /* corpus */
    {"SCRP", "script"},                 /* corpus */
    {"PSDT", "psdFileTex"},             /* cmdx, 2012 */
    {"RTMV", "movie"},                  /* cmdx, 2012 */
    {"DIPL", "imagePlane"},             /* cmdx, 2012 */
    {"AUDI", "audio"},                  /* cmdx, 2012; libg3d's Maya chunk list too */
    {"CCHF", "cacheFile"},              /* cmdx, 2012 */
    {"YDGL", "dynGlobals"},             /* cmdx, 2012 */
    {"CMGB", "colorManagementGlobals"}, /* cmdx (a 2016 type: not in the 2012 table) */
    {"RGLB", "renderGlobals"},          /* cmdx, 2012; the corpus selects :defaultRenderGlobals instead */
    {"RLTN", "resolution"},             /* cmdx, 2012; likewise :defaultResolution */
    {"TIME", "time"},                   /* cmdx, 2012; likewise :time1 */
    {"XFRM", "transform"},
    {"DMSH", "mesh"},
    {"RPL2", "place2dTexture"},
    {"SHAD", "shadingEngine"},
    {"DMTI", "materialInfo"},
    {"RLAM", "lambert"},
    {"RBLN", "blinn"},
    {"RPHO", "phong"},
    {"STDS", "standardSurface"},
    {"RLLK", "lightLinker"},
    {"DPLM", "displayLayerManager"},
    {"DSPL", "displayLayer"},
    {"GPID", "groupId"},
    {"GRPP", "groupParts"},
    {"DIRL", "directionalLight"},
    {"POIT", "pointLight"},
    {"JOIN", "joint"},
    {"NCRV", "nurbsCurve"},
    {"BCRV", "bezierCurve"},
    {"OBST", "objectSet"},
    {"FSCL", "skinCluster"},
    {"PCUB", "polyCube"},
    {"PSPH", "polySphere"},
    {"PTOR", "polyTorus"},
    {"PCYL", "polyCylinder"},
    {"PCON", "polyCone"},
    {"PMES", "polyPlane"},
    {"TGEO", "transformGeometry"},
    {"RTOC", "ocean"},
    {"TMED", "timeEditor"},
    {"SDML", "shapeEditorManager"},
    {"PSDM", "poseInterpolatorManager"},
    {"NGEI", "nodeGraphEditorInfo"},
};

const char *mb_builtin_type(const unsigned char code[4])
{
	for (size_t i = 0; i < sizeof(builtin_types) / sizeof(builtin_types[0]); i++)
		if (memcmp(builtin_types[i].code, code, 4) == 0)
			return builtin_types[i].type;
	return NULL;
}

/*
 * Plug-in types the file table reads whose PLUG chunk may not name them:
 * the FOR4 files of Maya 2009/2013 list plug-ins without their node types.
 */
static const struct {
	uint32_t id;
	const char *type;
} plugin_types[] = {
    /* sceneAssembly (Maya 2013 on): AssemblyReference::id / AssemblyDefinition::id of the devkit's
     * sceneAssembly plug-in, which Maya ships as its reference implementation. */
    {0x580000b1u, "assemblyReference"},
    {0x580000b2u, "assemblyDefinition"},
};

const char *mb_known_plugin_type(const unsigned char code[4])
{
	uint32_t id = mb_be32(code);
	for (size_t i = 0; i < sizeof(plugin_types) / sizeof(plugin_types[0]); i++)
		if (plugin_types[i].id == id)
			return plugin_types[i].type;
	return NULL;
}

double mb_time_units(const char *unit)
{
	static const struct {
		const char *name;
		double per_second;
	} units[] = {
	    {"game", 15},      {"film", 24}, {"pal", 25},        {"ntsc", 30},
	    {"show", 48},      {"palf", 50}, {"ntscf", 60},      {"hour", 1.0 / 3600},
	    {"min", 1.0 / 60}, {"sec", 1},   {"millisec", 1000},
	};
	size_t n;
	double v;
	char num[32];
	if (!unit)
		return 0;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(units[i].name, unit) == 0)
			return units[i].per_second;
	/* "12fps", "23.976fps", "47.952fps"... */
	n = strlen(unit);
	if (n < 4 || n - 3 >= sizeof(num) || strcmp(unit + n - 3, "fps") != 0)
		return 0;
	memcpy(num, unit, n - 3);
	num[n - 3] = '\0';
	return ma_parse_double(num, &v) == 0 && v > 0 && v < 1e6 ? v : 0;
}
