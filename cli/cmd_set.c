/* sceneprobe set: change modifiable task_info keys in a task folder's task.json. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
				status = cli_taskdir_exit(sp_ctx_last_code(ctx));
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
	status = cli_parse_dir_items(argc, argv, "set", "KEY=VALUE", usage, &dir, pairs, &npairs);
	if (status >= 0)
		goto done;
	if (sp_ctx_new(&ctx, NULL) < 0) {
		cli_error("out of memory");
		status = EXIT_OUTPUT;
		goto done;
	}
	status = validate_pairs(ctx, pairs, npairs);
	if (status == EXIT_DONE)
		status = cli_check_task_dir(dir, "task.json");
	for (int i = 0; i < npairs && status == EXIT_DONE; i++) {
		const char *key = pairs[i], *value = key + strlen(key) + 1;
		sp_ctx_clear_error(ctx);
		if (sp_taskdir_set(ctx, dir, key, value) < 0) {
			cli_error("%s", sp_ctx_last_error(ctx));
			status = cli_taskdir_exit(sp_ctx_last_code(ctx));
		}
	}
done:
	sp_ctx_free(ctx);
	free(pairs);
	return status;
}
