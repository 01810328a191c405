/* sceneprobe set: change modifiable task_info keys in a task folder's task.json. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *out)
{
	const char *const *keys = sp_taskdir_modifiable_keys();
	fputs("usage: sceneprobe set DIR KEY=VALUE...\n\n"
	      "Changes task_info keys in DIR/task.json.  Only the keys the farm lets a user change are\n"
	      "accepted; custom keys go under additional_info (sceneprobe add-info).  Every pair is checked\n"
	      "before anything is written, and each change replaces task.json in one step, so it is never\n"
	      "left half-written.\n\n"
	      "keys:",
	      out);
	for (size_t i = 0; keys[i]; i++)
		fprintf(out, "%s%s", i % 6 == 0 ? "\n  " : " ", keys[i]);
	fputs(
	    "\n\nvalues: pre_frames as \"100\" or \"000:1,3-4[1]\"; test_frames a frame list (\"1-10[1]\");\n"
	    "flags and os_name \"0\" or \"1\"; stop_after_test \"1\" or \"2\"; tiles_type block or strip;\n"
	    "frames_per_task and tiles positive integers; the times (seconds), distribute_render_node\n"
	    "and ram non-negative integers.\n\n"
	    "exit codes: 0 done; 2 usage, refused key or bad value; 3 DIR or its task.json missing or\n"
	    "corrupt; 4 task.json could not be written\n",
	    out);
}

static int exit_for(int error)
{
	switch (error) {
	case SP_EUSER:
		return EXIT_USAGE;
	case SP_ENOTFOUND:
	case SP_ECORRUPT:
	case SP_ETOOBIG:
		return EXIT_SCENE;
	default:
		return EXIT_OUTPUT;
	}
}

/* DIR must be a folder holding a readable `name`; reading errors are EXIT_SCENE, not EXIT_OUTPUT. */
static int check_dir(const char *dir, const char *name)
{
	struct stat st;
	char path[4096];
	FILE *f;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		cli_error("%s: no such folder", dir);
		return EXIT_SCENE;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
		cli_error("%s: path too long", dir);
		return EXIT_USAGE;
	}
	f = fopen(path, "rb");
	if (!f) {
		cli_error("%s: cannot be read", path);
		return EXIT_SCENE;
	}
	fclose(f);
	return EXIT_DONE;
}

/*
 * DIR and the pairs (options: -h, --).  Returns -1 to go on, or the exit
 * status to stop with (EXIT_DONE after --help).
 */
static int parse_args(int argc, char **argv, const char **dir, char **pairs, int *npairs)
{
	int positional = 0, only_args = 0;
	*dir = NULL;
	*npairs = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_args && strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (!only_args && cli_is_help(a)) {
			usage(stdout);
			return EXIT_DONE;
		} else if (!only_args && a[0] == '-' && a[1] != '\0') {
			cli_error("set: unknown option '%s' (see 'sceneprobe set --help')", a);
			return EXIT_USAGE;
		} else if (positional++ == 0) {
			*dir = a;
		} else {
			pairs[(*npairs)++] = argv[i];
		}
	}
	if (!*dir || *npairs == 0) {
		cli_error("set: expected DIR and at least one KEY=VALUE (see 'sceneprobe set --help')");
		return EXIT_USAGE;
	}
	return -1;
}

/* Split every pair and validate it; report every bad one before giving up. */
static int validate_pairs(sp_ctx *ctx, char **pairs, int npairs)
{
	int status = EXIT_DONE;
	for (int i = 0; i < npairs; i++) {
		char *eq = strchr(pairs[i], '=');
		if (!eq || eq == pairs[i]) {
			cli_error("set: expected KEY=VALUE, got '%s'", pairs[i]);
			status = EXIT_USAGE;
			continue;
		}
		*eq = '\0';
		sp_ctx_clear_error(ctx);
		if (sp_taskdir_validate_value(ctx, pairs[i], eq + 1) < 0) {
			cli_error("%s", sp_ctx_last_error(ctx));
			if (status == EXIT_DONE)
				status = exit_for(sp_ctx_last_code(ctx));
		}
	}
	return status;
}

int cmd_set(int argc, char **argv)
{
	sp_ctx *ctx = NULL;
	const char *dir;
	char **pairs = NULL;
	int npairs, status;
	pairs = argc > 0 ? calloc((size_t)argc, sizeof(*pairs)) : NULL;
	if (!pairs) {
		cli_error("out of memory");
		return EXIT_OUTPUT;
	}
	status = parse_args(argc, argv, &dir, pairs, &npairs);
	if (status >= 0)
		goto done;
	if (sp_ctx_new(&ctx, NULL) < 0) {
		cli_error("out of memory");
		status = EXIT_OUTPUT;
		goto done;
	}
	status = validate_pairs(ctx, pairs, npairs);
	if (status == EXIT_DONE)
		status = check_dir(dir, "task.json");
	for (int i = 0; i < npairs && status == EXIT_DONE; i++) {
		const char *key = pairs[i], *value = key + strlen(key) + 1;
		sp_ctx_clear_error(ctx);
		if (sp_taskdir_set(ctx, dir, key, value) < 0) {
			cli_error("%s", sp_ctx_last_error(ctx));
			status = exit_for(sp_ctx_last_code(ctx));
		}
	}
done:
	sp_ctx_free(ctx);
	free(pairs);
	return status;
}
