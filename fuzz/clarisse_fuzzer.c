/*
 * Clarisse projects: any bytes through sp_clarisse_read (the brace-tree
 * lexer, the walk over contexts, images and layers, file references).  Any
 * code is fine; crashes, hangs and leaks are findings.
 */
#include <sceneprobe.h>
#include <sp_clarisse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int write_scratch(char *path, size_t cap, const unsigned char *data, size_t size)
{
	FILE *f;
	snprintf(path, cap, "/tmp/sp-fuzz-%ld.project", (long)getpid());
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
	(void)sp_clarisse_sniff(data, size);
	if (sp_scene_new(&scene, ctx, SP_APP_CLARISSE, path) == 0) {
		sp_clarisse_options opts = SP_CLARISSE_OPTIONS_INIT;
		int rc = sp_clarisse_read(scene, &opts);
		(void)rc;
	}
	sp_scene_free(scene);
	sp_ctx_free(ctx);
	return 0;
}
