/* What set, add-info and add-upload share: their argument shape, the folder check, exit codes. */
#include "cmd.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int cli_taskdir_exit(int error)
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

int cli_check_task_dir(const char *dir, const char *name)
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
	f = sp_fopen_read(path);
	if (!f) {
		cli_error("%s: cannot be read", path);
		return EXIT_SCENE;
	}
	fclose(f);
	return EXIT_DONE;
}

int cli_parse_dir_items(int argc, char **argv, const char *cmd, const char *item, void (*usage)(FILE *),
                        const char **dir, char **items, int *count)
{
	int positional = 0, only_args = 0;
	*dir = NULL;
	*count = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_args && strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (!only_args && cli_is_help(a)) {
			usage(stdout);
			return EXIT_DONE;
		} else if (!only_args && a[0] == '-' && a[1] != '\0') {
			cli_error("%s: unknown option '%s' (see 'sceneprobe %s --help')", cmd, a, cmd);
			return EXIT_USAGE;
		} else if (positional++ == 0) {
			*dir = a;
		} else {
			items[(*count)++] = argv[i];
		}
	}
	if (!*dir || *count == 0) {
		cli_error("%s: expected DIR and at least one %s (see 'sceneprobe %s --help')", cmd, item,
		          cmd);
		return EXIT_USAGE;
	}
	return -1;
}
