/*
 * The Maya shim: reads .ma and .mb scenes and feeds the core's
 * scene model: software and plug-ins, render layers with their overrides
 * applied, cameras, and every file the render needs.
 */
#ifndef SP_MAYA_H
#define SP_MAYA_H

#include <sceneprobe.h>

SP_BEGIN_DECL

typedef enum { SP_MAYA_NOT = 0, SP_MAYA_ASCII = 1, SP_MAYA_BINARY = 2 } sp_maya_kind;

/** What the first bytes of a file say: "//Maya ASCII" or an IFF FOR4/FOR8 ... "Maya" header. */
SP_EXTERN(sp_maya_kind) sp_maya_sniff(const unsigned char *head, size_t len);

typedef struct {
	unsigned int version;
	const char
	    *project_dir; /**< Maya project (folder of workspace.mel); NULL = search upwards from the scene */
	unsigned int max_reference_depth; /**< 0 = default (16) */
} sp_maya_options;
#define SP_MAYA_OPTIONS_VERSION 1
#define SP_MAYA_OPTIONS_INIT                                                                                 \
	{                                                                                                    \
		SP_MAYA_OPTIONS_VERSION, NULL, 0                                                             \
	}

/**
 * Read the scene at sp_scene_path(scene) and feed `scene` (created with
 * SP_APP_MAYA).  Referenced scenes are read recursively and contribute their
 * files.  Errors: SP_ENOTFOUND / SP_EIO (file), SP_ECORRUPT (message names
 * the file and the line or byte offset), SP_EUNSUPPORTED (not a Maya scene).
 */
SP_EXTERN(int) sp_maya_read(sp_scene *scene, const sp_maya_options *opts) SP_MUST_CHECK;

SP_END_DECL

#endif
