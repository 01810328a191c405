/*
 * Houdini scenes: any bytes, in any container the first bytes announce (cpio
 * odc/newc, HouNC/HouLC, MIME), through sp_houdini_read.  Any code is fine;
 * crashes, hangs and leaks are findings.  The reader takes a path, so each
 * input is written to one scratch file first.
 */
#include <sceneprobe.h>
#include <sp_houdini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int write_scratch(char *path, size_t cap, const unsigned char *data, size_t size)
{
	FILE *f;
	snprintf(path, cap, "/tmp/sp-fuzz-%ld.hip", (long)getpid());
	if (!(f = fopen(path, "wb")))
		return -1;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char path[64];
	sp_ctx *ctx = NULL;
	sp_scene *scene = NULL;
	if (write_scratch(path, sizeof(path), data, size) < 0 || sp_ctx_new(&ctx, NULL) < 0)
		return 0;
	(void)sp_houdini_sniff(data, size);
	if (sp_scene_new(&scene, ctx, SP_APP_HOUDINI, path) == 0) {
		sp_houdini_options opts = SP_HOUDINI_OPTIONS_INIT;
		opts.job = "/nonexistent-job";
		int rc = sp_houdini_read(scene, &opts);
		(void)rc;
	}
	sp_scene_free(scene);
	sp_ctx_free(ctx);
	return 0;
}
