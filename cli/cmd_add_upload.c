/* sceneprobe add-upload: add files or whole folders to a task folder's upload.json. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *out)
{
	fputs(
	    "usage: sceneprobe add-upload DIR PATH...\n\n"
	    "Adds each PATH (a file, or every file below a folder) to the asset list of DIR/upload.json,\n"
	    "as an absolute local path and its server path.  Files already listed are skipped (paths are\n"
	    "compared after normalising; Windows paths without regard to case).  Symbolic links are\n"
	    "followed, but never back into a folder being walked.  Every PATH must exist before anything\n"
	    "is written; upload.json is replaced in one step per PATH.\n\n"
	    "exit codes: 0 done; 2 usage; 3 DIR, its upload.json or a PATH missing, unreadable or corrupt;\n"
	    "4 upload.json could not be written\n",
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
 * DIR and the paths (options: -h, --).  Returns -1 to go on, or the exit
 * status to stop with (EXIT_DONE after --help).
 */
static int parse_args(int argc, char **argv, const char **dir, const char **paths, int *npaths)
{
	int positional = 0, only_args = 0;
	*dir = NULL;
	*npaths = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_args && strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (!only_args && cli_is_help(a)) {
			usage(stdout);
			return EXIT_DONE;
		} else if (!only_args && a[0] == '-' && a[1] != '\0') {
			cli_error("add-upload: unknown option '%s' (see 'sceneprobe add-upload --help')", a);
			return EXIT_USAGE;
		} else if (positional++ == 0) {
			*dir = a;
		} else {
			paths[(*npaths)++] = a;
		}
	}
	if (!*dir || *npaths == 0) {
		cli_error(
		    "add-upload: expected DIR and at least one PATH (see 'sceneprobe add-upload --help')");
		return EXIT_USAGE;
	}
	return -1;
}

/* Every PATH must exist before anything is written; report each missing one. */
static int check_paths(const char **paths, int npaths)
{
	int status = EXIT_DONE;
	for (int i = 0; i < npaths; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			cli_error("%s: no such file or folder", paths[i]);
			status = EXIT_SCENE;
		}
	}
	return status;
}

/* The library's "N files added" goes to stdout, warnings (skipped links) to stderr. */
static void print_log(sp_log_level level, const char *msg, void *payload)
{
	(void)payload;
	if (level == SP_LOG_INFO)
		printf("%s\n", msg);
	else if (level == SP_LOG_WARN)
		cli_error("warning: %s", msg);
}

int cmd_add_upload(int argc, char **argv)
{
	sp_ctx_options opts = SP_CTX_OPTIONS_INIT;
	sp_ctx *ctx = NULL;
	const char *dir;
	const char **paths = argc > 0 ? calloc((size_t)argc, sizeof(*paths)) : NULL;
	int npaths, status;
	if (!paths) {
		cli_error("out of memory");
		return EXIT_OUTPUT;
	}
	status = parse_args(argc, argv, &dir, paths, &npaths);
	if (status >= 0)
		goto done;
	status = check_dir(dir, "upload.json");
	if (status == EXIT_DONE)
		status = check_paths(paths, npaths);
	opts.log = print_log;
	if (status == EXIT_DONE && sp_ctx_new(&ctx, &opts) < 0) {
		cli_error("out of memory");
		status = EXIT_OUTPUT;
	}
	for (int i = 0; i < npaths && status == EXIT_DONE; i++) {
		if (sp_taskdir_add_upload(ctx, dir, paths[i]) < 0) {
			cli_error("%s", sp_ctx_last_error(ctx));
			status = exit_for(sp_ctx_last_code(ctx));
		}
	}
done:
	sp_ctx_free(ctx);
	free(paths);
	return status;
}
