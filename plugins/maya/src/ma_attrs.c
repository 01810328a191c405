#include "ma_attrs.h"

/*
 * Node type -> path attributes.  Short names are what Maya writes; long
 * names appear in long-flag files and in Render Setup overrides.  Sources:
 * path-attributes.md §1 (rows marked seen where the corpus has them).
 */
static const ma_path_attr path_table[] = {
    {"file", "ftn", "fileTextureName", SP_REF_TEXTURE, MA_PF_FILE_NODE},
    {"psdFileTex", "ftn", "fileTextureName", SP_REF_TEXTURE, MA_PF_FILE_NODE},
    {"movie", "ftn", "fileTextureName", SP_REF_TEXTURE, 0},
    {"AlembicNode", "fn", "abc_File", SP_REF_CACHE, 0},
    {"AlembicNode", "fns", "abc_layerFiles", SP_REF_CACHE, MA_PF_ARRAY},
    {"gpuCache", "cfn", "cacheFileName", SP_REF_CACHE, 0},
    {"aiStandIn", "dso", "dso", SP_REF_PROXY, MA_PF_FRAME_EXT},
    {"aiImage", "filename", "filename", SP_REF_TEXTURE, MA_PF_FRAME_EXT},
    {"aiVolume", "filename", "filename", SP_REF_VOLUME, MA_PF_FRAME_EXT},
    {"aiPhotometricLight", "ai_filename", "aiFilename", SP_REF_LIGHT, 0},
    {"aiMaterialx", "filename", "filename", SP_REF_OTHER, 0},
    {"aiIncludeGraph", "filename", "filename", SP_REF_OTHER, 0},
    {"imagePlane", "imn", "imageName", SP_REF_TEXTURE, MA_PF_FILE_NODE},
    {"audio", "f", "filename", SP_REF_AUDIO, 0},
    {"cacheFile", "cp", "cachePath", SP_REF_CACHE, MA_PF_CACHEFILE},
    {"dynGlobals", "cd", "cacheDirectory", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"colorManagementGlobals", "cfp", "configFilePath", SP_REF_CONFIG, MA_PF_OCIO},
    {"assemblyReference", "def", "definition", SP_REF_SCENE, 0},
    {"OpenVDBRead", "file", "VdbFilePath", SP_REF_VOLUME, 0},
    {"BE_VDBRead", "file", "VdbFilePath", SP_REF_VOLUME, 0},
    {"mentalrayIblShape", "tx", "texture", SP_REF_TEXTURE, 0},
    {"mentalrayTexture", "ftn", "fileTextureName", SP_REF_TEXTURE, 0},
    {"RedshiftProxyMesh", "fn", "fileName", SP_REF_PROXY, MA_PF_FRAME_EXT},
    {"RedshiftVolumeShape", "fn", "fileName", SP_REF_VOLUME, MA_PF_FRAME_EXT},
    {"RedshiftDomeLight", "tex0", "tex0", SP_REF_TEXTURE, 0},
    {"RedshiftDomeLight", "tex1", "tex1", SP_REF_TEXTURE, 0},
    {"RedshiftNormalMap", "tex0", "tex0", SP_REF_TEXTURE, 0},
    {"RedshiftIESLight", "profile", "profile", SP_REF_LIGHT, 0},
    {"RedshiftEnvironment", "tex0", "tex0", SP_REF_TEXTURE, 0},
    {"RedshiftEnvironment", "tex1", "tex1", SP_REF_TEXTURE, 0},
    {"RedshiftEnvironment", "tex2", "tex2", SP_REF_TEXTURE, 0},
    {"RedshiftEnvironment", "tex3", "tex3", SP_REF_TEXTURE, 0},
    {"RedshiftEnvironment", "tex4", "tex4", SP_REF_TEXTURE, 0},
    {"RedshiftCameraMap", "tex0", "tex0", SP_REF_TEXTURE, 0},
    {"RedshiftLightGobo", "tex0", "tex0", SP_REF_TEXTURE, 0},
    {"RedshiftSprite", "tex0", "tex0", SP_REF_TEXTURE, 0},
    {"VRayMesh", "fn", "fileName", SP_REF_PROXY, 0},
    {"VRayProxy", "fn", "fileName", SP_REF_PROXY, 0},
    {"VRayVolumeGrid", "if", "inFile", SP_REF_VOLUME, 0},
    {"VRayVolumeGrid", "inPath", "inPath", SP_REF_VOLUME, 0},
    {"VRayScene", "FilePath", "FilePath", SP_REF_PROXY, 0},
    {"VRayLightIESShape", "iesFile", "iesFile", SP_REF_LIGHT, 0},
    {"VRayPtex", "ptexFile", "ptexFile", SP_REF_TEXTURE, 0},
    {"PxrTexture", "filename", "filename", SP_REF_TEXTURE, 0},
    {"PxrPtexture", "filename", "filename", SP_REF_TEXTURE, 0},
    {"PxrBump", "filename", "filename", SP_REF_TEXTURE, 0},
    {"PxrNormalMap", "filename", "filename", SP_REF_TEXTURE, 0},
    {"PxrMultiTexture", "filename0", "filename0", SP_REF_TEXTURE, 0},
    {"PxrMultiTexture", "filename1", "filename1", SP_REF_TEXTURE, 0},
    {"PxrMultiTexture", "filename2", "filename2", SP_REF_TEXTURE, 0},
    {"PxrMultiTexture", "filename3", "filename3", SP_REF_TEXTURE, 0},
    {"PxrMultiTexture", "filename4", "filename4", SP_REF_TEXTURE, 0},
    {"PxrMultiTexture", "filename5", "filename5", SP_REF_TEXTURE, 0},
    {"PxrMultiTexture", "filename6", "filename6", SP_REF_TEXTURE, 0},
    {"PxrMultiTexture", "filename7", "filename7", SP_REF_TEXTURE, 0},
    {"PxrMultiTexture", "filename8", "filename8", SP_REF_TEXTURE, 0},
    {"PxrMultiTexture", "filename9", "filename9", SP_REF_TEXTURE, 0},
    {"PxrDomeLight", "lightColorMap", "lightColorMap", SP_REF_LIGHT, 0},
    {"PxrRectLight", "lightColorMap", "lightColorMap", SP_REF_LIGHT, 0},
    {"PxrRectLight", "iesProfile", "iesProfile", SP_REF_LIGHT, 0},
    {"PxrDiskLight", "iesProfile", "iesProfile", SP_REF_LIGHT, 0},
    {"PxrSphereLight", "iesProfile", "iesProfile", SP_REF_LIGHT, 0},
    {"PxrCookieLightFilter", "map", "map", SP_REF_LIGHT, 0},
    {"PxrGoboLightFilter", "map", "map", SP_REF_LIGHT, 0},
    {"RenderManArchive", "filename", "filename", SP_REF_PROXY, 0},
    {"rmanGlobals", "ocioConfigPath", "ocioConfigPath", SP_REF_CONFIG, 0},
    {"xgmPalette", "xfn", "xgFileName", SP_REF_OTHER, MA_PF_SCENE_DIR},
    {"xgmPalette", "xbf", "xgBaseFile", SP_REF_OTHER, MA_PF_SCENE_DIR},
    {"pgYetiMaya", "cfn", "cacheFileName", SP_REF_CACHE, MA_PF_YETI},
    {"pgYetiMaya", "imageSearchPath", "imageSearchPath", SP_REF_TEXTURE, MA_PF_DIR | MA_PF_PATHLIST},
    {"mayaUsdProxyShape", "fp", "filePath", SP_REF_OTHER, 0},
    {"pxrUsdReferenceAssembly", "fp", "filePath", SP_REF_OTHER, 0},
    {"pxrUsdProxyShape", "fp", "filePath", SP_REF_OTHER, 0},
    {"AL_usdmaya_ProxyShape", "fp", "filePath", SP_REF_OTHER, 0},
    {"houdiniAsset", "otlFilePath", "otlFilePath", SP_REF_OTHER, 0},
};

/* Attributes that name outputs (path-attributes.md §2); "*" matches any node type. */
static const struct {
	const char *type, *attr;
} output_table[] = {
    {"renderGlobals", "ifp"},
    {"VRaySettingsNode", "fnprx"},
    {"VRaySettingsNode", "iasf"},
    {"VRaySettingsNode", "iasf2"},
    {"VRaySettingsNode", "asf"},
    {"VRaySettingsNode", "lcasf"},
    {"VRaySettingsNode", "pmasf"},
    {"VRaySettingsNode", "pmasf2"},
    {"VRaySettingsNode", "casf"},
    {"VRaySettingsNode", "casf2"},
    {"VRaySettingsNode", "mSceneName"},
    {"RedshiftOptions", "imageFilePrefix"},
    {"RedshiftOptions", "irradianceCacheFilename"},
    {"RedshiftOptions", "irradiancePointCloudFilename"},
    {"RedshiftOptions", "photonFilename"},
    {"RedshiftOptions", "subsurfaceScatteringFilename"},
    {"aiAOVDriver", "prefix"},
    {"rmanGlobals", "imageOutputDir"},
    {"rmanGlobals", "imageFileFormat"},
    {"rmanGlobals", "ribOutputDir"},
    {"rmanGlobals", "ribFileFormat"},
    {"rmanBakingGlobals", "bakingImageFileFormat"},
    {"PxrBakeTexture", "*"},
    {"PxrBakePointCloud", "*"},
    {"delightRenderPass", "layerDefaultFilename"},
    {"delightRenderPass", "displayFilenames"},
    {"delightRenderPass", "ribFilename"},
    {"delightRenderPass", "statisticsFile"},
    {"delightRenderPass", "pointCloudFile"},
    {"MayaManNugget", "imgod"},
    {"MayaManNugget", "ribdir"},
    {"pgYetiMaya", "outputCacheFileName"},
    {"OpenVDBWrite", "*"},
    {"reference", "*"},   /* .fn[i] is a history of names; the live path is the `file` statement */
    {"script", "*"},      /* MEL source, not paths */
    {"renderLayer", "*"}, /* override values are handled with their plug */
};

/* Long/short spellings of attributes the walk reads by name. */
static const struct {
	const char *sname, *lname;
} alias_table[] = {
    {"ren", "currentRenderer"},
    {"fs", "startFrame"},
    {"ef", "endFrame"},
    {"bfs", "byFrameStep"},
    {"bf", "byFrame"},
    {"an", "animation"},
    {"outf", "imageFormat"},
    {"imfkey", "imfPluginKey"},
    {"ifp", "imageFilePrefix"},
    {"mdx", "modifyExtension"},
    {"rnm", "renumberFrames"},
    {"w", "width"},
    {"h", "height"},
    {"rnd", "renderable"},
    {"o", "outTime"},
    {"v", "visibility"},
    {"ai_translator", "aiTranslator"},
    {"imgfs", "imageFormatStr"},
    {"atr", "attribute"},
    {"atv", "attrValue"},
    {"sen", "selfEnabled"},
    {"en", "enabled"},
    {"ssl", "staticSelection"},
    {"pat", "pattern"},
    {"mul", "multiply"},
    {"ofs", "offset"},
    {"tgName", "targetNodeName"},
    {"ftn", "fileTextureName"},
    {"uvt", "uvTilingMode"},
    {"ufe", "useFrameExtension"},
    {"fn", "abc_File"},
    {"fn", "fileName"},
    {"fns", "abc_layerFiles"},
    {"cfn", "cacheFileName"},
    {"imn", "imageName"},
    {"f", "filename"},
    {"cp", "cachePath"},
    {"cn", "cacheName"},
    {"cd", "cacheDirectory"},
    {"cfp", "configFilePath"},
    {"cfe", "configFileEnabled"},
    {"def", "definition"},
    {"file", "VdbFilePath"},
    {"tx", "texture"},
    {"if", "inFile"},
    {"xfn", "xgFileName"},
    {"xbf", "xgBaseFile"},
    {"fp", "filePath"},
    {"ai_filename", "aiFilename"},
    {"fm", "fileMode"},
};

static const char *const path_exts[] = {
    ".exr", ".tif",    ".tiff", ".tx",     ".tex",     ".png",  ".jpg", ".jpeg", ".hdr",     ".tga",
    ".bmp", ".psd",    ".dds",  ".iff",    ".vdb",     ".abc",  ".usd", ".usda", ".usdc",    ".usdz",
    ".ass", ".ass.gz", ".rs",   ".vrmesh", ".vrscene", ".fbx",  ".obj", ".bgeo", ".bgeo.sc", ".ma",
    ".mb",  ".xgen",   ".ptx",  ".ies",    ".ocio",    ".mtlx", ".osl", ".oso",  ".mov",     ".mp4",
    ".wav", ".mc",     ".mcx",  ".gif",    ".rat",     ".hdri",
};

const char *ma_attr_canon(const char *name)
{
	for (size_t i = 0; i < sizeof(alias_table) / sizeof(alias_table[0]); i++)
		if (name[0] == alias_table[i].lname[0] && strcmp(name, alias_table[i].lname) == 0)
			return alias_table[i].sname;
	return name;
}

const ma_path_attr *ma_path_attrs_of(const char *type, size_t *count)
{
	size_t n = sizeof(path_table) / sizeof(path_table[0]);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(path_table[i].type, type) != 0)
			continue;
		*count = 0;
		while (i + *count < n && strcmp(path_table[i + *count].type, type) == 0)
			(*count)++;
		return &path_table[i];
	}
	*count = 0;
	return NULL;
}

const ma_path_attr *ma_path_attr_find(const char *type, const char *attr)
{
	size_t n;
	const ma_path_attr *rows = ma_path_attrs_of(type, &n);
	const char *canon = ma_attr_canon(attr);
	for (size_t i = 0; i < n; i++)
		if (strcmp(ma_attr_canon(rows[i].sname), canon) == 0 || strcmp(rows[i].lname, attr) == 0)
			return &rows[i];
	return NULL;
}

const ma_path_attr *ma_path_attr_any(const char *attr)
{
	const char *canon = ma_attr_canon(attr);
	for (size_t i = 0; i < sizeof(path_table) / sizeof(path_table[0]); i++)
		if (strcmp(path_table[i].lname, attr) == 0 ||
		    strcmp(ma_attr_canon(path_table[i].sname), canon) == 0)
			return &path_table[i];
	return NULL;
}

int ma_is_output_attr(const char *type, const char *attr)
{
	const char *canon = ma_attr_canon(attr);
	for (size_t i = 0; i < sizeof(output_table) / sizeof(output_table[0]); i++) {
		if (strcmp(output_table[i].type, type) != 0)
			continue;
		if (strcmp(output_table[i].attr, "*") == 0 || strcmp(output_table[i].attr, attr) == 0 ||
		    strcmp(ma_attr_canon(output_table[i].attr), canon) == 0)
			return 1;
	}
	return 0;
}

int ma_looks_like_path(const char *value)
{
	size_t len = strlen(value);
	const char *dot;
	if (len < 3 || len > 4096 || strchr(value, '\n'))
		return 0;
	for (size_t i = 0; i < sizeof(path_exts) / sizeof(path_exts[0]); i++) {
		if (!ma_ends_with_nocase(value, path_exts[i]))
			continue;
		dot = value + len - strlen(path_exts[i]);
		if (dot > value && dot[-1] != '/' && dot[-1] != '\\')
			return 1;
	}
	return 0;
}

/*
 * Maya's imageFormat enum (the -en list Render Setup writes for the
 * imageFormat override in layers.ma: "GIF:SoftImage:RLA:Tiff:Tiff16:SGI:
 * Alias PIX:Maya IFF:JPEG:EPS:Maya16 IFF:Quantel=12:SGI16:Targa=19:Windows
 * Bitmap..."), written as the extensions the farm expects.
 */
const char *ma_image_format_name(int64_t outf)
{
	static const struct {
		int v;
		const char *name;
	} fmts[] = {
	    {0, "gif"},  {1, "si"},   {2, "rla"},  {3, "tif"},  {4, "tif"},  {5, "sgi"},
	    {6, "als"},  {7, "iff"},  {8, "jpg"},  {9, "eps"},  {10, "iff"}, {11, "cin"},
	    {12, "yuv"}, {13, "sgi"}, {19, "tga"}, {20, "bmp"}, {22, "mov"}, {23, "mov"},
	    {31, "psd"}, {32, "png"}, {35, "dds"}, {36, "psd"}, {40, "exr"}, {51, NULL},
	};
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (fmts[i].v == outf)
			return fmts[i].name;
	return NULL;
}

/* redshiftOptions.imageFormat (Redshift's own enum; unverified in the corpus, which leaves it unset). */
const char *ma_redshift_format_name(int64_t v)
{
	static const char *const names[] = {"iff", "exr", "png", "tga", "jpg", "tif"};
	return v >= 0 && v < 6 ? names[v] : NULL;
}
