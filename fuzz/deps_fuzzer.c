/*
 * Files that name more files (.ass, .ass.gz, .vrscene, .rib, .rlf, .xgen,
 * .usda, .usd, .ocio, .mtlx, .rs): any bytes, read through the analysis,
 * must give a result or an error code, never a crash, hang or leak.
 *
 * Byte 0 picks the format.  The rest is the first file, n0.<ext>, up to a
 * line "@@n1@@", after which come the bytes of n1.<ext>, a second file of
 * the same format that the first can name (and name back: cycles).  Both are
 * written to a scratch folder; for the "deflated" formats the bytes are
 * gzip-compressed first, so the readers behind the inflater see text.  A
 * minimal Maya scene (shot.ma, beside them) naming n0 is then analysed
 * through the public API.
 */
#define _GNU_SOURCE
#include <sceneprobe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const struct {
	const char *ext;
	int gzip; /* gzip the bytes before writing them */
} formats[] = {
    {".ass", 0},  {".ass.gz", 0}, {".ass.gz", 1}, {".vrscene", 0}, {".rib", 0},  {".rib", 1}, {".rlf", 0},
    {".xgen", 0}, {".usda", 0},   {".usd", 0},    {".ocio", 0},    {".mtlx", 0}, {".rs", 0},  {".rib.gz", 0},
};

#define N_FORMATS (sizeof(formats) / sizeof(formats[0]))
#define MARKER    "\n@@n1@@\n"

static char scratch[64];

static int write_file(const char *name, const unsigned char *data, size_t size, int gzip)
{
	unsigned char *z = NULL;
	FILE *f;
	int rc = 0;
	if (gzip) {
		z_stream zs;
		size_t cap = compressBound((uLong)size) + 64;
		memset(&zs, 0, sizeof(zs));
		if (!(z = malloc(cap)))
			return -1;
		if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
			free(z);
			return -1;
		}
		zs.next_in = (Bytef *)(uintptr_t)data;
		zs.avail_in = (uInt)size;
		zs.next_out = z;
		zs.avail_out = (uInt)cap;
		rc = deflate(&zs, Z_FINISH) == Z_STREAM_END ? 0 : -1;
		size = cap - zs.avail_out;
		deflateEnd(&zs);
		data = z;
	}
	if (rc == 0 && (f = fopen(name, "wb")) != NULL) {
		if (size && fwrite(data, 1, size, f) != size)
			rc = -1;
		if (fclose(f) != 0)
			rc = -1;
	} else {
		rc = -1;
	}
	free(z);
	return rc;
}

static void remove_scratch(void)
{
	char name[128];
	for (size_t i = 0; i < N_FORMATS; i++) {
		snprintf(name, sizeof(name), "%s/n0%s", scratch, formats[i].ext);
		unlink(name);
		snprintf(name, sizeof(name), "%s/n1%s", scratch, formats[i].ext);
		unlink(name);
	}
	snprintf(name, sizeof(name), "%s/shot.ma", scratch);
	unlink(name);
	rmdir(scratch);
}

/* n0 (and n1, or no n1) of the chosen format in the scratch folder; the path of n0 into `n0`. */
static int write_inputs(const unsigned char *data, size_t size, char *n0, size_t n0_size)
{
	size_t pick = data[0] % N_FORMATS, len0 = size - 1, mlen = strlen(MARKER);
	const unsigned char *rest = data + 1, *second = NULL;
	char n1[128];
	if (!scratch[0]) {
		snprintf(scratch, sizeof(scratch), "/tmp/sp-fuzz-deps-%ld", (long)getpid());
		if (!mkdtemp(strcat(scratch, "-XXXXXX"))) {
			scratch[0] = '\0';
			return -1;
		}
		atexit(remove_scratch);
		snprintf(n1, sizeof(n1), "%s/shot.ma", scratch);
		if (write_file(n1, (const unsigned char *)"//Maya ASCII 2023 scene\n", 24, 0) < 0)
			return -1;
	}
	for (size_t i = 0; i + mlen <= len0; i++) {
		if (memcmp(rest + i, MARKER, mlen) == 0) {
			second = rest + i + mlen;
			len0 = i;
			break;
		}
	}
	snprintf(n0, n0_size, "%s/n0%s", scratch, formats[pick].ext);
	snprintf(n1, sizeof(n1), "%s/n1%s", scratch, formats[pick].ext);
	for (size_t i = 0; i < N_FORMATS; i++) { /* no n0 or n1 left from another format's run */
		char old[128];
		snprintf(old, sizeof(old), "%s/n0%s", scratch, formats[i].ext);
		unlink(old);
		snprintf(old, sizeof(old), "%s/n1%s", scratch, formats[i].ext);
		unlink(old);
	}
	if (write_file(n0, rest, len0, formats[pick].gzip) < 0)
		return -1;
	if (second && write_file(n1, second, (size_t)(data + size - second), formats[pick].gzip) < 0)
		return -1;
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	sp_ctx *ctx = NULL;
	sp_scene *scene = NULL;
	sp_fileref ref = SP_FILEREF_INIT;
	char n0[128], maya[128];
	if (size < 1 || write_inputs(data, size, n0, sizeof(n0)) < 0)
		return 0;
	snprintf(maya, sizeof(maya), "%s/shot.ma", scratch);
	if (sp_ctx_new(&ctx, NULL) < 0)
		return 0;
	if (sp_scene_new(&scene, ctx, SP_APP_MAYA, maya) == 0) {
		ref.path = n0;
		ref.kind = SP_REF_PROXY;
		ref.node = "standIn1";
		ref.attr = "dso";
		if (sp_scene_add_file(scene, &ref) == 0) {
			int rc = sp_scene_analyze(scene); /* any code; no crash */
			(void)rc;
		}
	}
	sp_scene_free(scene);
	sp_ctx_free(ctx);
	return 0;
}
