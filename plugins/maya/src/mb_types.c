/*
 * Built-in node types of Maya binary files: the form type of a node is a
 * 4-character code.  Each row was checked against the corpus (the CREA name
 * Maya gives a new node of that type: "file1" under RTFT, "renderLayerManager"
 * under RNLM...) unless marked otherwise.  Types the walk or the file table
 * (ma_attrs.c) reads come first; the rest name common nodes for messages.
 * Plug-in types are binary ids resolved through the PLUG chunks instead.
 */
#include "mb_walk.h"

static const struct {
	char code[5];
	const char *type;
} builtin_types[] = {
    {"DCAM", "camera"},
    {"RNDL", "renderLayer"},
    {"RNLM", "renderLayerManager"},
    {"RTFT", "file"},
    {"REFN", "reference"},
    {"SCRP", "script"},
    {"AUDI", "audio"}, /* libg3d's Maya chunk list; no audio node in the corpus */
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
