/*
 * sp_reader_bench: a scene reader timed alone, for bench/run.py.
 *
 * Reads SCENE with the shim the command line would choose (parsing and
 * walking, declaring units and references to the model) and stops there:
 * no MD5 of the scene (the background hash sp_scene_new starts is stopped at
 * once), no file checks, no task files.  Prints what it declared, so a reader
 * that silently reads nothing does not look fast.  With --analyze it then
 * runs sp_scene_analyze (the hash inline, then resolution and file checks)
 * and prints the seconds each step took.  Built with -DSP_BENCH=ON.
 *
 *     sp_reader_bench [--analyze] SCENE...
 */
#include "dispatch.h"
#include "scene_impl.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of the whole process: on a shared machine they move less than wall times. */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_scene(const char *path, int analyze)
{
	const sp__reader *reader = NULL;
	sp__reader_options ro = {NULL};
	sp_ctx *ctx = NULL;
	sp_scene *scene = NULL;
	uint64_t line_sum = 0;
	double t0 = now_s(), t1, t2, c1, c2;
	int code = 1;
	if (sp_ctx_new(&ctx, NULL) < 0 || sp__reader_for_file(&reader, ctx, path) < 0 ||
	    sp_scene_new(&scene, ctx, reader->app, path) < 0)
		goto done;
	sp__scene_hash_stop(scene);
	if (reader->read(scene, &ro) < 0)
		goto done;
	t1 = now_s();
	c1 = cpu_s();
	if (analyze && sp_scene_analyze(scene) < 0)
		goto done;
	t2 = now_s();
	c2 = cpu_s();
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		line_sum += sp_scene_file_at(scene, i)->line;
	/* the sum of the references' lines tells a lexer that miscounts lines from one that does not */
	printf("%s: %s reader, %zu units, %zu file references, line sum %llu\n", path, reader->name,
	       sp_scene_unit_count(scene), sp_scene_file_count(scene), (unsigned long long)line_sum);
	printf("read %.3f s\n", t1 - t0);
	if (analyze)
		printf("analyse %.3f s (cpu %.3f s): %zu files found, %zu missing\n", t2 - t1, c2 - c1,
		       sp_scene_asset_count(scene), sp_scene_missing_count(scene));
	code = 0;
done:
	if (code != 0)
		fprintf(stderr, "sp_reader_bench: %s\n", ctx ? sp_ctx_last_error(ctx) : "out of memory");
	sp_scene_free(scene);
	sp_ctx_free(ctx);
	return code;
}

int main(int argc, char **argv)
{
	int code = 0, analyze = argc > 1 && strcmp(argv[1], "--analyze") == 0;
	if (argc < 2 + analyze) {
		fputs("usage: sp_reader_bench [--analyze] SCENE...\n", stderr);
		return 2;
	}
	for (int i = 1 + analyze; i < argc; i++)
		code |= read_scene(argv[i], analyze);
	return code;
}
