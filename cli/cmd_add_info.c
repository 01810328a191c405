/* sceneprobe add-info: add custom keys under additional_info in a task folder's task.json. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	status = cli_parse_dir_items(argc, argv, "add-info", "KEY=VALUE", usage, &dir, pairs, &npairs);
	if (status >= 0)
		goto done;
	status = split_pairs(pairs, npairs);
	if (status == EXIT_DONE)
		status = cli_check_task_dir(dir, "task.json");
	if (status == EXIT_DONE && sp_ctx_new(&ctx, NULL) < 0) {
		cli_error("out of memory");
		status = EXIT_OUTPUT;
	}
	for (int i = 0; i < npairs && status == EXIT_DONE; i++) {
		const char *key = pairs[i], *value = key + strlen(key) + 1;
		if (sp_taskdir_add_info(ctx, dir, key, value) < 0) {
			cli_error("%s", sp_ctx_last_error(ctx));
			status = cli_taskdir_exit(sp_ctx_last_code(ctx));
		}
	}
done:
	sp_ctx_free(ctx);
	free(pairs);
	return status;
}
