/*
 * sp_reader_bench: a scene reader timed alone, for bench/run.py.
 *
 * Reads SCENE with the shim the command line would choose (parsing and
 * walking, declaring units and references to the model) and stops there:
 * no MD5 of the scene (the background hash sp_scene_new starts is stopped at
 * once), no file checks, no task files.  Prints what it declared, so a reader
 * that silently reads nothing does not look fast.  Built with -DSP_BENCH=ON.
 *
 *     sp_reader_bench SCENE
 */
#include "dispatch.h"
#include "scene_impl.h"

#include <stdio.h>

static int read_scene(const char *path)
{
	const sp__reader *reader = NULL;
	sp__reader_options ro = {NULL};
	sp_ctx *ctx = NULL;
	sp_scene *scene = NULL;
	uint64_t line_sum = 0;
	int code = 1;
	if (sp_ctx_new(&ctx, NULL) < 0 || sp__reader_for_file(&reader, ctx, path) < 0 ||
	    sp_scene_new(&scene, ctx, reader->app, path) < 0)
		goto done;
	sp__scene_hash_stop(scene);
	if (reader->read(scene, &ro) < 0)
		goto done;
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		line_sum += sp_scene_file_at(scene, i)->line;
	/* the sum of the references' lines tells a lexer that miscounts lines from one that does not */
	printf("%s: %s reader, %zu units, %zu file references, line sum %llu\n", path, reader->name,
	       sp_scene_unit_count(scene), sp_scene_file_count(scene), (unsigned long long)line_sum);
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
	int code = 0;
	if (argc < 2) {
		fputs("usage: sp_reader_bench SCENE...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		code |= read_scene(argv[i]);
	return code;
}
