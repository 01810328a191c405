/*
 * The Houdini shim: reads .hip / .hipnc / .hiplc scenes (every container:
 * cpio odc/newc, the Apprentice and Indie headers, the MIME text form) and
 * feeds the core's scene model: the ROPs that render or cache, with frames,
 * outputs and cameras, and every file the render needs.
 */
#ifndef SP_HOUDINI_H
#define SP_HOUDINI_H

#include <sceneprobe.h>

SP_BEGIN_DECL

/** 1 when the first bytes look like a Houdini scene (any container), else 0. */
SP_EXTERN(int) sp_houdini_sniff(const unsigned char *head, size_t len);

typedef struct {
	unsigned int version;
	const char *job; /**< value for $JOB, overriding the saved one (the environment's JOB wins over the
	                    file too) */
} sp_houdini_options;
#define SP_HOUDINI_OPTIONS_VERSION 1
#define SP_HOUDINI_OPTIONS_INIT                                                                              \
	{                                                                                                    \
		SP_HOUDINI_OPTIONS_VERSION, NULL                                                             \
	}

/**
 * Read the scene at sp_scene_path(scene) (created with SP_APP_HOUDINI) and
 * feed it.  Errors: SP_ENOTFOUND / SP_EIO, SP_ECORRUPT (message names the
 * file, the member and the offset or line), SP_EUNSUPPORTED.
 */
SP_EXTERN(int) sp_houdini_read(sp_scene *scene, const sp_houdini_options *opts) SP_MUST_CHECK;

SP_END_DECL

#endif
