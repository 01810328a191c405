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

/* Every PATH must exist before anything is written; report each missing one. */
static int check_paths(char **paths, int npaths)
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
	char **paths = argc > 0 ? calloc((size_t)argc, sizeof(*paths)) : NULL;
	int npaths, status;
	if (!paths) {
		cli_error("out of memory");
		return EXIT_OUTPUT;
	}
	status = cli_parse_dir_items(argc, argv, "add-upload", "PATH", usage, &dir, paths, &npaths);
	if (status >= 0)
		goto done;
	status = cli_check_task_dir(dir, "upload.json");
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
			status = cli_taskdir_exit(sp_ctx_last_code(ctx));
		}
	}
done:
	sp_ctx_free(ctx);
	free(paths);
	return status;
}
