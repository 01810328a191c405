/*
 * The Clarisse shim: reads .project files (the brace-tree text) and feeds
 * the core's scene model: the image nodes and their layers that render,
 * with frames, outputs and formats, and every file the render needs.
 */
#ifndef SP_CLARISSE_H
#define SP_CLARISSE_H

#include <sceneprobe.h>

SP_BEGIN_DECL

/** 1 when the first bytes look like a Clarisse project ("#Isotropix_Serial_Version"), else 0. */
SP_EXTERN(int) sp_clarisse_sniff(const unsigned char *head, size_t len);

typedef struct {
	unsigned int version;
} sp_clarisse_options;
#define SP_CLARISSE_OPTIONS_VERSION 1
#define SP_CLARISSE_OPTIONS_INIT                                                                             \
	{                                                                                                    \
		SP_CLARISSE_OPTIONS_VERSION                                                                  \
	}

/**
 * Read the project at sp_scene_path(scene) (created with SP_APP_CLARISSE)
 * and feed it.  Errors: SP_ENOTFOUND / SP_EIO, SP_ECORRUPT (file and line),
 * SP_EUNSUPPORTED.
 */
SP_EXTERN(int) sp_clarisse_read(sp_scene *scene, const sp_clarisse_options *opts) SP_MUST_CHECK;

SP_END_DECL

#endif
