/*
 * Hostile task directories: the four task files written from the input, then
 * sp_taskdir_check, sp_taskdir_set, sp_taskdir_add_info and
 * sp_taskdir_add_upload on them.  Any code is fine; crashes, hangs and leaks
 * are findings.
 *
 * Input: task.json, upload.json, asset.json, tips.json and the set-switch
 * journal (.sceneprobe-set) in that order, separated by a line "--"; a file
 * whose part is missing is not written.
 */
#include <sceneprobe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char *const names[] = {"task.json", "upload.json", "asset.json", "tips.json", ".sceneprobe-set"};

static void on_problem(const char *file, const char *problem, void *payload)
{
	size_t *count = payload;
	*count += strlen(file) > 0 && strlen(problem) > 0;
}

static int write_part(const char *dir, const char *name, const unsigned char *p, size_t n)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!p) {
		(void)unlink(path);
		return 0;
	}
	if (!(f = fopen(path, "wb")))
		return -1;
	if (n && fwrite(p, 1, n, f) != n) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

static int write_parts(const char *dir, const unsigned char *data, size_t size)
{
	const unsigned char *p = data, *end = data + size;
	for (size_t i = 0; i < 5; i++) {
		const unsigned char *sep = NULL;
		for (const unsigned char *q = p; p && q + 4 <= end; q++)
			if (memcmp(q, "\n--\n", 4) == 0) {
				sep = q;
				break;
			}
		size_t n = !p ? 0 : sep ? (size_t)(sep - p) : (size_t)(end - p);
		if (write_part(dir, names[i], p, n) < 0)
			return -1;
		p = sep ? sep + 4 : NULL;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static char dir[64], upload[96];
	sp_ctx *ctx = NULL;
	size_t problems = 0;
	int rc;
	if (!dir[0]) {
		FILE *f;
		snprintf(dir, sizeof(dir), "/tmp/sp-fuzz-taskdir-%ld", (long)getpid());
		snprintf(upload, sizeof(upload), "/tmp/sp-fuzz-taskdir-%ld.src", (long)getpid());
		(void)mkdir(dir, 0700);
		if ((f = fopen(upload, "wb")) != NULL)
			fclose(f);
	}
	if (write_parts(dir, data, size) < 0 || sp_ctx_new(&ctx, NULL) < 0)
		goto done;
	rc = sp_taskdir_check(ctx, dir, on_problem, &problems);
	rc = sp_taskdir_set(ctx, dir, "test_frames", "1-10[2]");
	rc = sp_taskdir_set(ctx, dir, "frames_per_task", "2");
	rc = sp_taskdir_add_info(ctx, dir, "note", "fuzz");
	rc = sp_taskdir_add_upload(ctx, dir, upload);
	rc = sp_taskdir_check(ctx, dir, on_problem, &problems);
	(void)rc;
done:
	sp_ctx_free(ctx);
	return 0;
}
