/* sceneprobe check: check a task folder's four files against the farm's rules. */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fputs("usage: sceneprobe check DIR [--map FROM=TO]...\n\n"
	      "Checks task.json, upload.json, asset.json and tips.json in DIR: each present and valid JSON,\n"
	      "task.json's sections in order with every value a string, the required task_info keys, a\n"
	      "known cg_id, frame lists that parse, and every upload entry existing, listed once and mapped\n"
	      "to its server path by the farm's rule.  Prints each problem as 'FILE: problem', then a "
	      "count.\n\n"
	      "  --map FROM=TO   look for upload files starting with FROM under TO instead (repeatable),\n"
	      "                  e.g. to check on Linux a folder made on Windows\n\n"
	      "exit codes: 0 no problems; 1 problems found; 2 usage; 3 DIR missing or not a folder;\n"
	      "4 the check could not run\n",
	      out);
}

static void print_problem(const char *file, const char *problem, void *payload)
{
	size_t *count = payload;
	(*count)++;
	printf("%s: %s\n", file, problem);
}

static int add_map(sp_ctx *ctx, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char from[4096];
	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(from)) {
		cli_error("check: --map expects FROM=TO, got '%s'", arg);
		return EXIT_USAGE;
	}
	memcpy(from, arg, (size_t)(eq - arg));
	from[eq - arg] = '\0';
	if (sp_ctx_add_path_map(ctx, from, eq + 1) < 0) {
		cli_error("%s", sp_ctx_last_error(ctx));
		return EXIT_USAGE;
	}
	return EXIT_DONE;
}

/*
 * DIR and the options.  Returns -1 to go on, or the exit status to stop with
 * (EXIT_DONE after --help).
 */
static int parse_args(sp_ctx *ctx, int argc, char **argv, const char **dir)
{
	int only_args = 0, status;
	*dir = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_args && strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (!only_args && cli_is_help(a)) {
			usage(stdout);
			return EXIT_DONE;
		} else if (!only_args && (strcmp(a, "--map") == 0 || strncmp(a, "--map=", 6) == 0)) {
			const char *v = a[5] == '=' ? a + 6 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v) {
				cli_error("check: --map needs FROM=TO");
				return EXIT_USAGE;
			}
			status = add_map(ctx, v);
			if (status != EXIT_DONE)
				return status;
		} else if (!only_args && a[0] == '-' && a[1] != '\0') {
			cli_error("check: unknown option '%s' (see 'sceneprobe check --help')", a);
			return EXIT_USAGE;
		} else if (!*dir) {
			*dir = a;
		} else {
			cli_error("check: one DIR only, got '%s' too", a);
			return EXIT_USAGE;
		}
	}
	if (!*dir) {
		cli_error("check: expected DIR (see 'sceneprobe check --help')");
		return EXIT_USAGE;
	}
	return -1;
}

int cmd_check(int argc, char **argv)
{
	sp_ctx *ctx = NULL;
	const char *dir;
	size_t count = 0;
	int status, error;
	if (sp_ctx_new(&ctx, NULL) < 0) {
		cli_error("out of memory");
		return EXIT_OUTPUT;
	}
	status = parse_args(ctx, argc, argv, &dir);
	if (status >= 0)
		goto done;
	error = sp_taskdir_check(ctx, dir, print_problem, &count);
	if (error == 0 || error == SP_ECORRUPT) {
		printf("%zu problem%s in %s\n", count, count == 1 ? "" : "s", dir);
		status = error == 0 ? EXIT_DONE : EXIT_TIPS;
	} else {
		cli_error("%s", sp_ctx_last_error(ctx));
		status = error == SP_ENOTFOUND ? EXIT_SCENE : EXIT_OUTPUT;
	}
done:
	sp_ctx_free(ctx);
	return status;
}
