/* sceneprobe add-info: add custom keys under additional_info in a task folder's task.json. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *out)
{
	fputs(
	    "usage: sceneprobe add-info DIR KEY=VALUE...\n\n"
	    "Sets KEY to the string VALUE under additional_info in DIR/task.json; the object is created\n"
	    "at the end of the file on first use, and an existing KEY keeps its place.  Every pair is\n"
	    "checked before anything is written, and each change replaces task.json in one step, so it is\n"
	    "never left half-written.  To change the farm's own task_info keys, use 'sceneprobe set'.\n\n"
	    "exit codes: 0 done; 2 usage; 3 DIR or its task.json missing or corrupt; 4 task.json could not\n"
	    "be written\n",
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
			cli_error("add-info: unknown option '%s' (see 'sceneprobe add-info --help')", a);
			return EXIT_USAGE;
		} else if (positional++ == 0) {
			*dir = a;
		} else {
			pairs[(*npairs)++] = argv[i];
		}
	}
	if (!*dir || *npairs == 0) {
		cli_error(
		    "add-info: expected DIR and at least one KEY=VALUE (see 'sceneprobe add-info --help')");
		return EXIT_USAGE;
	}
	return -1;
}

/* Split every pair in place at its first "="; the key may not be empty. */
static int split_pairs(char **pairs, int npairs)
{
	int status = EXIT_DONE;
	for (int i = 0; i < npairs; i++) {
		char *eq = strchr(pairs[i], '=');
		if (!eq || eq == pairs[i]) {
			cli_error("add-info: expected KEY=VALUE, got '%s'", pairs[i]);
			status = EXIT_USAGE;
			continue;
		}
		*eq = '\0';
	}
	return status;
}

int cmd_add_info(int argc, char **argv)
{
	sp_ctx *ctx = NULL;
	const char *dir;
	char **pairs = argc > 0 ? calloc((size_t)argc, sizeof(*pairs)) : NULL;
	int npairs, status;
	if (!pairs) {
		cli_error("out of memory");
		return EXIT_OUTPUT;
	}
	status = parse_args(argc, argv, &dir, pairs, &npairs);
	if (status >= 0)
		goto done;
	status = split_pairs(pairs, npairs);
	if (status == EXIT_DONE)
		status = check_dir(dir, "task.json");
	if (status == EXIT_DONE && sp_ctx_new(&ctx, NULL) < 0) {
		cli_error("out of memory");
		status = EXIT_OUTPUT;
	}
	for (int i = 0; i < npairs && status == EXIT_DONE; i++) {
		const char *key = pairs[i], *value = key + strlen(key) + 1;
		if (sp_taskdir_add_info(ctx, dir, key, value) < 0) {
			cli_error("%s", sp_ctx_last_error(ctx));
			status = exit_for(sp_ctx_last_code(ctx));
		}
	}
done:
	sp_ctx_free(ctx);
	free(pairs);
	return status;
}
