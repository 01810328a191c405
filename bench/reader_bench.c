/*
 * sp_reader_bench: a scene reader timed alone, for bench/run.py.
 *
 * Reads SCENE with the shim the command line would choose (parsing and
 * walking, declaring units and references to the model) and stops there:
 * no MD5 of the scene (the background hash sp_scene_new starts is stopped at
 * once), no file checks, no task files.  Prints what it declared, so a reader
 * that silently reads nothing does not look fast.  With --analyze it then
 * runs sp_scene_analyze (the hash inline, then resolution and file checks)
 * and prints the seconds each step took.  With --overlap the hash runs on its
 * thread as in `sceneprobe analyze`, and the CPU time of each thread is
 * printed: the parse and the checks hide behind the hash when the main
 * thread's time is the smaller, whatever else the machine is doing.  Built
 * with -DSP_BENCH=ON.
 *
 *     sp_reader_bench [--analyze | --overlap] SCENE...
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

static double thread_cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum { READ_ONLY, ANALYZE, OVERLAP };

static int read_scene(const char *path, int mode)
{
	const sp__reader *reader = NULL;
	sp__reader_options ro = {NULL};
	sp_ctx *ctx = NULL;
	sp_scene *scene = NULL;
	uint64_t line_sum = 0;
	double t0 = now_s(), t1, t2, c1, c2;
	int code = 1, analyze = mode != READ_ONLY;
	if (sp_ctx_new(&ctx, NULL) < 0 || sp__reader_for_file(&reader, ctx, path) < 0 ||
	    sp_scene_new(&scene, ctx, reader->app, path) < 0)
		goto done;
	if (mode != OVERLAP)
		sp__scene_hash_stop(scene);
	if (reader->read(scene, &ro) < 0)
		goto done;
	t1 = now_s();
	c1 = cpu_s();
	/* the hash thread is joined where upload.json would be written, as sp_write_task_dir does */
	if (analyze && (sp_scene_analyze(scene) < 0 || sp__scene_hash_join(scene) < 0))
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
	/* the hash thread has been joined: what the process used beyond this thread is the hash's */
	if (mode == OVERLAP)
		printf("overlap: main thread %.3f s cpu, hash thread %.3f s cpu, wall %.3f s\n",
		       thread_cpu_s(), cpu_s() - thread_cpu_s(), t2 - t0);
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
	int code = 0, mode = READ_ONLY, first = 1;
	if (argc > 1 && strcmp(argv[1], "--analyze") == 0)
		mode = ANALYZE, first = 2;
	else if (argc > 1 && strcmp(argv[1], "--overlap") == 0)
		mode = OVERLAP, first = 2;
	if (argc <= first) {
		fputs("usage: sp_reader_bench [--analyze | --overlap] SCENE...\n", stderr);
		return 2;
	}
	for (int i = first; i < argc; i++)
		code |= read_scene(argv[i], mode);
	return code;
}
