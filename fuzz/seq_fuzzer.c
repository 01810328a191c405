/*
 * Sequence and tile tokens: sp_seq_tokens and sp_seq_expand over a scratch
 * folder of frame and tile files made once per process.
 *
 * Input: byte 0 picks the token kinds, then a line with a frame range (empty
 * for none), then the file name pattern (which may hold sub-folders).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sceneprobe.h>

#include "seq.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char *const files[] = {
    "img.0001.exr", "img.0002.exr", "img.1001.exr",     "img.-0005.exr",    "img.12345.exr", "img.exr",
    "tex.1001.tif", "tex.1002.tif", "tex.1011.tif",     "tex_u1_v1.tif",    "tex_u2_v1.tif", "tex.u1_v1.png",
    "a1b2.txt",     "f1.jpg",       "f10.jpg",          "f0010.jpg",        "%04d.exr",      "####.exr",
    "<UDIM>.exr",   "$F4.exr",      "sub/img.0001.exr", "sub/img.0002.exr", "sub/x.1001.tx", NULL};

/* The scratch folder, made on the first call; its name only depends on the pid. */
static const char *scratch_dir(void)
{
	static char dir[64];
	char path[192];
	if (dir[0])
		return dir;
	snprintf(dir, sizeof(dir), "/tmp/sp-fuzz-seq-%ld", (long)getpid());
	(void)mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/sub", dir);
	(void)mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/empty", dir);
	(void)mkdir(path, 0700);
	for (size_t i = 0; files[i]; i++) {
		FILE *f;
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if ((f = fopen(path, "wb")) != NULL)
			fclose(f);
	}
	return dir;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	sp_ctx *ctx = NULL;
	sp_dircache *dc = NULL;
	sp_frames *frames = NULL;
	sp_strvec found = SP_STRVEC_INIT;
	sp_buf path = SP_BUF_INIT, raw = SP_BUF_INIT;
	const char *nl;
	char *text = NULL;
	unsigned kinds;
	if (size < 1 || !(text = malloc(size)))
		return 0;
	kinds = data[0] & 3u;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (sp_ctx_new(&ctx, NULL) < 0 || sp_dircache_new(&dc, ctx) < 0)
		goto done;
	(void)sp_seq_tokens(text);
	nl = strchr(text, '\n');
	if (nl) {
		text[nl - text] = '\0';
		if (text[0] && sp_frames_parse(&frames, ctx, text) < 0)
			frames = NULL;
		nl++;
	} else {
		nl = text;
	}
	if (sp_buf_puts(&raw, scratch_dir()) < 0 || sp_buf_puts(&raw, "/") < 0 || sp_buf_puts(&raw, nl) < 0 ||
	    sp_path_normalize(&path, raw.ptr) < 0)
		goto done;
	(void)sp_seq_tokens(path.ptr);
	(void)sp_seq_expand(dc, path.ptr, kinds, frames, &found);
	/* a second expansion comes from the cache and must agree */
	if (found.count) {
		size_t first = found.count;
		sp_strvec_clear(&found);
		if (sp_seq_expand(dc, path.ptr, kinds, frames, &found) == 0 && found.count != first)
			abort();
	}
done:
	sp_strvec_dispose(&found);
	sp_frames_free(frames);
	sp_dircache_free(dc);
	sp_buf_dispose(&path);
	sp_buf_dispose(&raw);
	sp_ctx_free(ctx);
	free(text);
	return 0;
}
