/*
 * Scene readers: any bytes, through the reader the first bytes select, must
 * give a result or an error code, never a crash, hang or leak.  The readers
 * take a path, so each input is written to one scratch file first.
 */
#define _GNU_SOURCE
#include <sceneprobe.h>
#include <sp_maya.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* mb_fuzzer.c includes this file with ".mb": the reader is the same, the name says the format */
#ifndef SP_FUZZ_SCENE_EXT
#define SP_FUZZ_SCENE_EXT ".ma"
#endif

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static char scratch[64];

static int write_scratch(const unsigned char *data, size_t size)
{
	FILE *f;
	if (!scratch[0])
		snprintf(scratch, sizeof(scratch), "/tmp/sp-fuzz-%ld" SP_FUZZ_SCENE_EXT, (long)getpid());
	if (!(f = fopen(scratch, "wb")))
		return -1;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	sp_ctx *ctx = NULL;
	sp_scene *scene = NULL;
	if (write_scratch(data, size) < 0 || sp_ctx_new(&ctx, NULL) < 0)
		return 0;
	if (sp_maya_sniff(data, size) != SP_MAYA_NOT &&
	    sp_scene_new(&scene, ctx, SP_APP_MAYA, scratch) == 0) {
		sp_maya_options opts = SP_MAYA_OPTIONS_INIT;
		opts.project_dir = "/nonexistent-project";
		int rc = sp_maya_read(scene, &opts); /* any code; no crash */
		(void)rc;
	}
	sp_scene_free(scene);
	sp_ctx_free(ctx);
	return 0;
}
