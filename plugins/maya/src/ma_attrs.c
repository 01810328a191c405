#include "ma_attrs.h"

/*
 * Node type -> path attributes.  Short names are what Maya writes; long
 * names appear in long-flag files and in Render Setup overrides.  Sources:
 * path-attributes.md §1 (rows marked seen where the corpus has them).
 */
static const ma_path_attr path_table[] = {
    /* 1.1 Maya built-ins and Autodesk plug-ins */
    {"file", "ftn", "fileTextureName", SP_REF_TEXTURE, MA_PF_FILE_NODE},
    {"file", "euvt", "explicitUvTiles", SP_REF_TEXTURE, 0}, /* .euvt[i].<name>: uvTilingMode 4 */
    {"psdFileTex", "ftn", "fileTextureName", SP_REF_TEXTURE, MA_PF_FILE_NODE},
    {"movie", "ftn", "fileTextureName", SP_REF_TEXTURE, 0}, /* one file holds every frame */
    {"imagePlane", "imn", "imageName", SP_REF_TEXTURE, MA_PF_FILE_NODE | MA_PF_MOVIE_TYPE},
    {"audio", "f", "filename", SP_REF_AUDIO, MA_PF_OPTIONAL}, /* sound for playblasts: no renderer reads it */
    {"cacheFile", "cp", "cachePath", SP_REF_CACHE, MA_PF_CACHEFILE},
    {"diskCache", "cn", "cacheName", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"dynGlobals", "cd", "cacheDirectory", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"gpuCache", "cfn", "cacheFileName", SP_REF_CACHE, 0},
    {"AlembicNode", "fn", "abc_File", SP_REF_CACHE, 0},
    {"AlembicNode", "fns", "abc_layerFiles", SP_REF_CACHE, MA_PF_ARRAY},
    {"colorManagementGlobals", "cfp", "configFilePath", SP_REF_CONFIG, MA_PF_OCIO},
    {"assemblyReference", "def", "definition", SP_REF_SCENE, 0},
    {"assemblyDefinition", "rep.rda", "representations.repData", SP_REF_SCENE, 0}, /* .rep[i].rda */
    {"brush", "imn", "imageName", SP_REF_TEXTURE, 0},
    {"brush", "lim", "leafImage", SP_REF_TEXTURE, 0},
    {"brush", "fim", "flowerImage", SP_REF_TEXTURE, 0},
    {"dx11Shader", "shader", "shader", SP_REF_OTHER, 0},
    {"GLSLShader", "shader", "shader", SP_REF_OTHER, 0},
    {"mentalrayTexture", "ftn", "fileTextureName", SP_REF_TEXTURE, 0},
    {"mentalrayIblShape", "tx", "texture", SP_REF_TEXTURE, MA_PF_FRAME_EXT},
    {"mentalrayOptions", "finalGatherFilename", "finalGatherFilename", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"mentalrayOptions", "photonMapFilename", "photonMapFilename", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"mentalrayOptions", "finalGatherMergeFiles", "finalGatherMergeFiles", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"mentalrayLightProfile", "fileName", "fileName", SP_REF_LIGHT, 0},
    {"mesh", "miProxyFile", "miProxyFile", SP_REF_PROXY, 0},
    {"mip_binaryproxy", "object_filename", "object_filename", SP_REF_PROXY, 0},
    {"xgen_ptex_lookup", "fileName", "fileName", SP_REF_TEXTURE, 0},
    {"OpenVDBRead", "file", "VdbFilePath", SP_REF_VOLUME, 0},
    /* 1.2 Arnold */
    {"aiStandIn", "dso", "dso", SP_REF_PROXY, MA_PF_FRAME_EXT},
    {"aiImage", "filename", "filename", SP_REF_TEXTURE, MA_PF_FRAME_EXT},
    {"aiVolume", "filename", "filename", SP_REF_VOLUME, MA_PF_FRAME_EXT},
    {"aiVolume", "dso", "dso", SP_REF_VOLUME, MA_PF_FRAME_EXT},
    {"aiPhotometricLight", "ai_filename", "aiFilename", SP_REF_LIGHT, 0},
    {"aiMaterialx", "filename", "filename", SP_REF_OTHER, 0},
    {"aiMaterialx", "search_path", "search_path", SP_REF_OTHER, MA_PF_DIR | MA_PF_PATHLIST},
    {"aiIncludeGraph", "filename", "filename", SP_REF_OTHER, 0},
    /* 1.3 V-Ray: GI maps are read only in a "from file" mode, so missing ones are no error */
    {"VRayMesh", "fn", "fileName", SP_REF_PROXY, 0},
    {"VRayMesh", "materialAssignmentsFile", "materialAssignmentsFile", SP_REF_OTHER, 0},
    {"VRayProxy", "fn", "fileName", SP_REF_PROXY, 0},
    {"VRayScene", "FilePath", "FilePath", SP_REF_PROXY, 0},
    {"VRayScene", "parameterOverrideFilePath", "parameterOverrideFilePath", SP_REF_OTHER, 0},
    {"VRayVolumeGrid", "if", "inFile", SP_REF_VOLUME, 0},
    {"VRayVolumeGrid", "inPath", "inPath", SP_REF_VOLUME, 0},
    {"VRaySettingsNode", "ifile", "imap_fileName", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"VRaySettingsNode", "ifile2", "imap_fileName2", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"VRaySettingsNode", "fnm", "fileName", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"VRaySettingsNode", "lcfnm", "lc_fileName", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"VRaySettingsNode", "pmfile", "pmap_file", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"VRaySettingsNode", "pmfile2", "pmap_file2", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"VRaySettingsNode", "cfile", "causticsFile", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"VRaySettingsNode", "cfile2", "causticsFile2", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"VRaySettingsNode", "shr_file_name", "shr_file_name", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"VRayLightIESShape", "iesFile", "iesFile", SP_REF_LIGHT, 0},
    {"VRayPtex", "ptexFile", "ptexFile", SP_REF_TEXTURE, 0},
    {"VRayTexOSL", "fileName", "fileName", SP_REF_OTHER, 0},
    {"VRayMtlOSL", "fileName", "fileName", SP_REF_OTHER, 0},
    {"VRayTexGLSL", "fileName", "fileName", SP_REF_OTHER, 0},
    {"VRayMtlGLSL", "fileName", "fileName", SP_REF_OTHER, 0},
    {"VRayVRmatMtl", "fileName", "fileName", SP_REF_OTHER, 0},
    {"VRayMtlMDL", "filename", "filename", SP_REF_OTHER, 0},
    {"VRayScannedMtl", "file", "file", SP_REF_TEXTURE, 0},
    {"VRayTexOCIO", "ocioConfigFile", "ocioConfigFile", SP_REF_CONFIG, 0},
    {"VRaySimbiont", "file", "file", SP_REF_TEXTURE, 0},
    /* 1.4 Redshift */
    {"RedshiftProxyMesh", "fn", "fileName", SP_REF_PROXY, MA_PF_FRAME_EXT},
    {"RedshiftVolumeShape", "fn", "fileName", SP_REF_VOLUME, MA_PF_FRAME_EXT},
    {"RedshiftDomeLight", "tex0", "tex0", SP_REF_TEXTURE, 0},
    {"RedshiftDomeLight", "tex1", "tex1", SP_REF_TEXTURE, MA_PF_BACKPLATE},
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
    {"RedshiftBokeh", "dofBokehImage", "dofBokehImage", SP_REF_TEXTURE, 0},
    {"RedshiftLensDistortion", "LDimage", "LDimage", SP_REF_TEXTURE, 0},
    {"RedshiftDisplacement", "texMap", "texMap", SP_REF_TEXTURE, 0},
    /* GI caches: read in "load" mode, written in "rebuild" mode; counted only when they exist */
    {"RedshiftOptions", "irradianceCacheFilename", "irradianceCacheFilename", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"RedshiftOptions", "irradiancePointCloudFilename", "irradiancePointCloudFilename", SP_REF_CACHE,
     MA_PF_OPTIONAL},
    {"RedshiftOptions", "photonFilename", "photonFilename", SP_REF_CACHE, MA_PF_OPTIONAL},
    {"RedshiftOptions", "subsurfaceScatteringFilename", "subsurfaceScatteringFilename", SP_REF_CACHE,
     MA_PF_OPTIONAL},
    {"RedshiftPostEffects", "clrMgmtOcioFilename", "clrMgmtOcioFilename", SP_REF_CONFIG, 0},
    {"RedshiftPostEffects", "lutFilename", "lutFilename", SP_REF_CONFIG, 0},
    /* 1.5 RenderMan (long name = short name) */
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
    {"PxrLayeredTexture", "maskTexture", "maskTexture", SP_REF_TEXTURE, 0},
    {"PxrLayeredTexture", "filename", "filename", SP_REF_TEXTURE, 0},
    {"PxrProjectionLayer", "channelsFilenames", "channelsFilenames", SP_REF_TEXTURE, 0},
    {"PxrProjectionLayer", "filename", "filename", SP_REF_TEXTURE, 0},
    {"PxrOSL", "shadername", "shadername", SP_REF_OTHER, 0},
    {"PxrVisualizer", "matCap", "matCap", SP_REF_TEXTURE, 0},
    {"PxrDomeLight", "lightColorMap", "lightColorMap", SP_REF_LIGHT, 0},
    {"PxrRectLight", "lightColorMap", "lightColorMap", SP_REF_LIGHT, 0},
    {"PxrRectLight", "iesProfile", "iesProfile", SP_REF_LIGHT, 0},
    {"PxrDiskLight", "iesProfile", "iesProfile", SP_REF_LIGHT, 0},
    {"PxrSphereLight", "iesProfile", "iesProfile", SP_REF_LIGHT, 0},
    {"PxrCookieLightFilter", "map", "map", SP_REF_LIGHT, 0},
    {"PxrGoboLightFilter", "map", "map", SP_REF_LIGHT, 0},
    {"PxrGobo", "map", "map", SP_REF_LIGHT, 0},
    {"PxrStdEnvMapLight", "rman__EnvMap", "rman__EnvMap", SP_REF_LIGHT, 0},
    {"RMSEnvLight", "rman__EnvMap", "rman__EnvMap", SP_REF_LIGHT, 0},
    {"PxrStdAreaLight", "profileMap", "profileMap", SP_REF_LIGHT, 0},
    {"PxrStdAreaLight", "rman__EmissionMap", "rman__EmissionMap", SP_REF_LIGHT, 0},
    {"PxrStdAreaLight", "iesProfile", "iesProfile", SP_REF_LIGHT, 0},
    {"PxrStdAreaLight", "barnDoorMap", "barnDoorMap", SP_REF_LIGHT, 0},
    {"RMSAreaLight", "mapname", "mapname", SP_REF_LIGHT, 0},
    {"RMSGeoAreaLight", "profilemap", "profilemap", SP_REF_LIGHT, 0},
    {"RMSGeoAreaLight", "iesprofile", "iesprofile", SP_REF_LIGHT, 0},
    {"RMSGeoAreaLight", "lightcolormap", "lightcolormap", SP_REF_LIGHT, 0},
    {"RMSGeoAreaLight", "barnDoorMap", "barnDoorMap", SP_REF_LIGHT, 0},
    {"RMSGeoLightBlocker", "Map", "Map", SP_REF_LIGHT, 0},
    {"RMSLightBlocker", "Map", "Map", SP_REF_LIGHT, 0},
    {"RMSCausticLight", "causticPhotonMap", "causticPhotonMap", SP_REF_CACHE, MA_PF_OPTIONAL},
#define RMS_MAPS(t)                                                                                          \
	{t, "SurfaceMap", "SurfaceMap", SP_REF_TEXTURE, 0},                                                  \
	    {t, "SpecularMap", "SpecularMap", SP_REF_TEXTURE, 0},                                            \
	    {t, "SpecularMapB", "SpecularMapB", SP_REF_TEXTURE, 0},                                          \
	    {t, "RoughnessMap", "RoughnessMap", SP_REF_TEXTURE, 0},                                          \
	    {t, "MaskMap", "MaskMap", SP_REF_TEXTURE, 0},                                                    \
	{                                                                                                    \
		t, "DisplacementMap", "DisplacementMap", SP_REF_TEXTURE, 0                                   \
	}
    RMS_MAPS("RMSGPSurface"),
    RMS_MAPS("RMSMatte"),
    RMS_MAPS("RMSGlass"),
    RMS_MAPS("RMSOcean"),
#undef RMS_MAPS
    {"RenderManArchive", "filename", "filename", SP_REF_PROXY, 0},
    {"rmanImageFile", "File", "File", SP_REF_TEXTURE, 0},
    {"rmanTexture3d", "File", "File", SP_REF_CACHE, 0},
    {"rmanGlobals", "ocioConfigPath", "ocioConfigPath", SP_REF_CONFIG, MA_PF_RMAN_OCIO},
    /* 1.6 Yeti */
    {"pgYetiMaya", "cfn", "cacheFileName", SP_REF_CACHE, MA_PF_YETI},
    {"pgYetiMaya", "groomFileName", "groomFileName", SP_REF_OTHER, 0},
    {"pgYetiMaya", "imageSearchPath", "imageSearchPath", SP_REF_TEXTURE, MA_PF_DIR | MA_PF_PATHLIST},
    {"pgYetiMayaShape", "liveABCFilename", "liveABCFilename", SP_REF_CACHE, 0},
    /* 1.7 XGen */
    {"xgmPalette", "xfn", "xgFileName", SP_REF_OTHER, MA_PF_SCENE_DIR},
    {"xgmPalette", "xbf", "xgBaseFile", SP_REF_OTHER, MA_PF_SCENE_DIR},
    {"xgmPalette", "xdf", "xgDeltaFiles", SP_REF_OTHER, MA_PF_SCENE_DIR | MA_PF_PATHLIST},
    {"xgmSplineCache", "fileName", "fileName", SP_REF_CACHE, 0},
    {"xgmCurveToSpline", "fileName", "fileName", SP_REF_CACHE, 0},
    {"igmDescription", "xuvDir", "xuvDir", SP_REF_OTHER, MA_PF_DIR},
    {"igmDescription", "path", "path", SP_REF_OTHER, MA_PF_DIR},
    /* 1.8 Golaem: export folders are written by an export and read back at render */
    {"CrowdManagerNode", "escod", "escod", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"CrowdManagerNode", "efbxod", "efbxod", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"CrowdManagerNode", "eabcod", "eabcod", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"CrowdManagerNode", "eribod", "eribod", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"CrowdManagerNode", "emrod", "emrod", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"CrowdManagerNode", "evrod", "evrod", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"CrowdManagerNode", "eassod", "eassod", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"CrowdManagerNode", "cam", "cam", SP_REF_OTHER, MA_PF_OPTIONAL},
    {"CrowdManagerNode", "characterFiles", "characterFiles", SP_REF_OTHER, MA_PF_PATHLIST},
    {"CrowdProxyVRay", "cacheFileDir", "cacheFileDir", SP_REF_CACHE, MA_PF_DIR},
    {"CrowdProxyVRay", "camFilePath", "camFilePath", SP_REF_OTHER, 0},
    {"SimulationCacheProxy", "inputCacheDir", "inputCacheDir", SP_REF_CACHE, MA_PF_DIR},
    {"SimulationCacheProxy", "characterFiles", "characterFiles", SP_REF_OTHER, MA_PF_PATHLIST},
    {"SimulationCacheProxy", "layoutFile", "layoutFile", SP_REF_OTHER, 0},
    {"SimulationCacheProxy", "sourceTerrainFile", "sourceTerrainFile", SP_REF_OTHER, 0},
    {"SimulationCacheProxy", "destinationTerrainFile", "destinationTerrainFile", SP_REF_OTHER, 0},
    {"SimulationCacheProxyManager", "destinationTerrainFile", "destinationTerrainFile", SP_REF_OTHER, 0},
    {"SimulationCacheProxyManager", "skinningShaderFile", "skinningShaderFile", SP_REF_OTHER, 0},
    {"CrowdEntityTypeNode", "characterFile", "characterFile", SP_REF_OTHER, 0},
    {"CharacterMakerLocator", "currentFile", "currentFile", SP_REF_OTHER, 0},
    {"TerrainLocator", "navMeshFile", "navMeshFile", SP_REF_OTHER, 0},
    /* 1.9 Miarmy: agent folders written by an export and read back at render */
    {"McdGlobal", "outMD2Folder", "outMD2Folder", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"McdGlobal", "outputFolder", "outputFolder", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"McdGlobal", "outputRSFolder", "outputRSFolder", SP_REF_PROXY, MA_PF_DIR | MA_PF_OPTIONAL},
    {"McdGlobal", "outputVRFolder", "outputVRFolder", SP_REF_PROXY, MA_PF_DIR | MA_PF_OPTIONAL},
    {"McdGlobal", "out_arfd", "out_arfd", SP_REF_PROXY, MA_PF_DIR | MA_PF_OPTIONAL},
    /* 1.10 Bifrost, MASH, Ornatrix and other caches */
    {"BifMeshImportNode", "bifMeshDirectory", "bifMeshDirectory", SP_REF_CACHE, MA_PF_DIR},
    {"bifrostContainer", "liquidCachePath", "liquidCachePath", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"bifrostContainer", "solidCachePath", "solidCachePath", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"bifrostContainer", "foamCachePath", "foamCachePath", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"bifrostContainer", "liquidmeshCachePath", "liquidmeshCachePath", SP_REF_CACHE,
     MA_PF_DIR | MA_PF_OPTIONAL},
    {"bifrostContainer", "guideCachePath", "guideCachePath", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"BE_VDBRead", "file", "VdbFilePath", SP_REF_VOLUME, 0},
    {"BE_VDBArnoldRender", "volumePath", "volumePath", SP_REF_VOLUME, 0},
    {"MASH_Audio", "filename", "filename", SP_REF_AUDIO, 0},
    {"BakedHairNode", "sourceFilePath1", "sourceFilePath1", SP_REF_CACHE, 0},
    {"ExocortexAlembicXform", "fileName", "fileName", SP_REF_CACHE, 0},
    {"ExocortexAlembicFile", "fileName", "fileName", SP_REF_CACHE, 0},
    {"RealflowMesh", "Path", "Path", SP_REF_CACHE, 0},
    {"ffxDyna", "output_path", "output_path", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"ffxDyna", "wavelet_output_path", "wavelet_output_path", SP_REF_CACHE, MA_PF_DIR | MA_PF_OPTIONAL},
    {"ffxDyna", "postprocess_output_path", "postprocess_output_path", SP_REF_CACHE,
     MA_PF_DIR | MA_PF_OPTIONAL},
    /* 1.11 USD, Houdini Engine, Substance, Octane, 3Delight, MayaMan */
    {"mayaUsdProxyShape", "fp", "filePath", SP_REF_OTHER, 0},
    {"pxrUsdReferenceAssembly", "fp", "filePath", SP_REF_OTHER, 0},
    {"pxrUsdProxyShape", "fp", "filePath", SP_REF_OTHER, 0},
    {"AL_usdmaya_ProxyShape", "fp", "filePath", SP_REF_OTHER, 0},
    {"houdiniAsset", "otlFilePath", "otlFilePath", SP_REF_OTHER, 0},
    {"substanceNode", "substanceFile", "substanceFile", SP_REF_TEXTURE, 0},
    {"substance", "substanceFile", "substanceFile", SP_REF_TEXTURE, 0},
    {"octaneImageTexture", "File", "File", SP_REF_TEXTURE, 0},
    {"octaneFloatImageTexture", "File", "File", SP_REF_TEXTURE, 0},
    {"octaneAlphaImageTexture", "File", "File", SP_REF_TEXTURE, 0},
    {"octaneImageTilesTexture", "File", "File", SP_REF_TEXTURE, 0},
    {"octaneOslTexture", "octOslFile", "octOslFile", SP_REF_OTHER, 0},
    {"octaneOslGeometry", "octOslFile", "octOslFile", SP_REF_OTHER, 0},
    {"delightRenderPass", "shaderPath", "shaderPath", SP_REF_OTHER, MA_PF_DIR | MA_PF_PATHLIST},
    {"delightRenderPass", "texturePath", "texturePath", SP_REF_TEXTURE, MA_PF_DIR | MA_PF_PATHLIST},
    {"delightRenderPass", "proceduralPath", "proceduralPath", SP_REF_OTHER, MA_PF_DIR | MA_PF_PATHLIST},
    {"delightRenderPass", "archivePath", "archivePath", SP_REF_OTHER, MA_PF_DIR | MA_PF_PATHLIST},
    {"dlOpenVDBShape", "filename", "filename", SP_REF_VOLUME, 0},
    {"MayaManNugget", "txcache", "txcache", SP_REF_TEXTURE, MA_PF_DIR | MA_PF_OPTIONAL},
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
    {"RedshiftOptions", "*"},
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
    {"VRaySettingsNode", "*"}, /* render settings: the table rows above are its only inputs */
    {"mentalrayOptions", "*"},
    {"renderGlobals", "*"},
    {"rmanGlobals", "*"},
    {"rmanBakingGlobals", "*"},
    {"RenderManBakingGlobals", "*"},
    {"aiAOVDriver", "*"},
    {"MayaManNugget", "*"},
    {"reference", "*"},   /* .fn[i] is a history of names; the live path is the `file` statement */
    {"script", "*"},      /* MEL source, not paths */
    {"renderLayer", "*"}, /* override values are handled with their plug */
};

/*
 * Long/short spellings of attributes the walk reads by name, sorted by long
 * name in strcmp order: ma_attr_canon bisects it (it runs for most setAttrs).
 */
static const struct {
	const char *sname, *lname;
} alias_table[] = {
    {"file", "VdbFilePath"},
    {"fn", "abc_File"},
    {"fns", "abc_layerFiles"},
    {"ai_filename", "aiFilename"},
    {"ai_translator", "aiTranslator"},
    {"an", "animation"},
    {"atv", "attrValue"},
    {"atr", "attribute"},
    {"bf", "byFrame"},
    {"bfs", "byFrameStep"},
    {"cd", "cacheDirectory"},
    {"cfn", "cacheFileName"},
    {"cn", "cacheName"},
    {"cp", "cachePath"},
    {"cfile", "causticsFile"},
    {"cfile2", "causticsFile2"},
    {"cfe", "configFileEnabled"},
    {"cfp", "configFilePath"},
    {"ren", "currentRenderer"},
    {"def", "definition"},
    {"en", "enabled"},
    {"ef", "endFrame"},
    {"euvt", "explicitUvTiles"},
    {"fm", "fileMode"},
    {"fn", "fileName"},
    {"fnprx", "fileNamePrefix"},
    {"fp", "filePath"},
    {"ftn", "fileTextureName"},
    {"f", "filename"},
    {"fim", "flowerImage"},
    {"fe", "frameExtension"},
    {"fo", "frameOffset"},
    {"h", "height"},
    {"ifp", "imageFilePrefix"},
    {"outf", "imageFormat"},
    {"imgfs", "imageFormatStr"},
    {"imn", "imageName"},
    {"ifile", "imap_fileName"},
    {"ifile2", "imap_fileName2"},
    {"imfkey", "imfPluginKey"},
    {"if", "inFile"},
    {"lcfnm", "lc_fileName"},
    {"lim", "leafImage"},
    {"mdx", "modifyExtension"},
    {"mul", "multiply"},
    {"ofs", "offset"},
    {"o", "outTime"},
    {"pat", "pattern"},
    {"pmfile", "pmap_file"},
    {"pmfile2", "pmap_file2"},
    {"rnd", "renderable"},
    {"rnm", "renumberFrames"},
    {"sen", "selfEnabled"},
    {"fs", "startFrame"},
    {"ssl", "staticSelection"},
    {"tgName", "targetNodeName"},
    {"tx", "texture"},
    {"t", "type"},
    {"ufe", "useFrameExtension"},
    {"uvt", "uvTilingMode"},
    {"v", "visibility"},
    {"w", "width"},
    {"xbf", "xgBaseFile"},
    {"xdf", "xgDeltaFiles"},
    {"xfn", "xgFileName"},
};

static const char *const path_exts[] = {
    ".exr",   ".tif",    ".tiff", ".tx",     ".tex",     ".png",   ".jpg",   ".jpeg", ".hdr",     ".tga",
    ".bmp",   ".psd",    ".dds",  ".iff",    ".vdb",     ".abc",   ".usd",   ".usda", ".usdc",    ".usdz",
    ".ass",   ".ass.gz", ".rs",   ".vrmesh", ".vrscene", ".fbx",   ".obj",   ".bgeo", ".bgeo.sc", ".ma",
    ".mb",    ".xgen",   ".ptx",  ".ies",    ".ocio",    ".mtlx",  ".osl",   ".oso",  ".mov",     ".mp4",
    ".wav",   ".mc",     ".mcx",  ".gif",    ".rat",     ".hdri",  ".sbsar", ".gcha", ".gscl",    ".fur",
    ".vrmat", ".vrscan", ".mdl",  ".rib",    ".ptex",    ".prt",   ".bif",   ".mcc",  ".cube",    ".spi1d",
    ".spi3d", ".cdl",    ".3dl",  ".hda",    ".otl",     ".hdanc", ".f3d",   ".aur",  ".ifl",     ".avi",
    ".ogsfx", ".xgd",    ".gmd",  ".tex.gz", ".bgeo.gz", ".xpd",   ".sgi",   ".pic",  ".jp2",     ".webp",
};

const char *ma_attr_canon(const char *name)
{
	size_t lo = 0, hi = sizeof(alias_table) / sizeof(alias_table[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(name, alias_table[mid].lname);
		if (cmp == 0)
			return alias_table[mid].sname;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return name;
}

int ma_attr_alias_at(size_t i, const char **sname, const char **lname)
{
	if (i >= sizeof(alias_table) / sizeof(alias_table[0]))
		return 0;
	*sname = alias_table[i].sname;
	*lname = alias_table[i].lname;
	return 1;
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
	if (len < 3 || len > 4096 || !strchr(value, '.') || strchr(value, '\n'))
		return 0; /* every extension starts with a '.' */
	for (size_t i = 0; i < sizeof(path_exts) / sizeof(path_exts[0]); i++) {
		size_t n = strlen(path_exts[i]);
		const char *dot;
		if (n >= len)
			continue;
		dot = value + len - n;
		if (*dot != '.' || !ma_strcaseeq(dot, path_exts[i]))
			continue;
		if (dot[-1] != '/' && dot[-1] != '\\')
			return 1;
	}
	return 0;
}

/*
 * Maya's imageFormat enum (the -en list Render Setup writes for the
 * imageFormat override in layers.ma: "GIF:SoftImage:RLA:Tiff:Tiff16:SGI:
 * Alias PIX:Maya IFF:JPEG:EPS:Maya16 IFF:Quantel=12:SGI16:Targa=19:Windows
 * Bitmap:SGI Movie:Quicktime:AVI..."), written as the extensions the farm expects.
 */
const char *ma_image_format_name(int64_t outf)
{
	static const struct {
		int v;
		const char *name;
	} fmts[] = {
	    {0, "gif"},  {1, "si"},   {2, "rla"},  {3, "tif"},  {4, "tif"},  {5, "sgi"},
	    {6, "als"},  {7, "iff"},  {8, "jpg"},  {9, "eps"},  {10, "iff"}, {11, "cin"},
	    {12, "yuv"}, {13, "sgi"}, {19, "tga"}, {20, "bmp"}, {22, "mov"}, {23, "avi"},
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

/* Layers and Render Setup: the layer evaluation follows their wiring. */
static int is_layer_type(const char *type)
{
	return strncmp(type, "renderLayer", 11) == 0 || strncmp(type, "renderSetup", 11) == 0 ||
	       strstr(type, "ollection") || strstr(type, "verride") || strstr(type, "elector");
}

ma_type_class ma_type_class_of(const char *type)
{
	static const char *const settings[] = {
	    "renderGlobals",          "resolution", "aiAOVDriver", "VRaySettingsNode", "RedshiftOptions",
	    "colorManagementGlobals", "rmanGlobals"};
	if (strcmp(type, "camera") == 0)
		return MA_TYPE_CAMERA;
	if (strcmp(type, "time") == 0)
		return MA_TYPE_TIME;
	if (strcmp(type, "pgYetiMaya") == 0)
		return MA_TYPE_YETI;
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (strcmp(type, settings[i]) == 0)
			return MA_TYPE_SETTINGS;
	return is_layer_type(type) ? MA_TYPE_LAYER : MA_TYPE_PLAIN;
}
