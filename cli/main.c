/* sceneprobe: the command line.  Only this tool prints; the library returns codes and messages. */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} commands[] = {
	{"analyze", cmd_analyze, "analyse a scene and write the four task files"},
	{"batch", cmd_batch, "analyse many scenes in parallel, one task folder each"},
	{"set", cmd_set, "change modifiable task_info keys of a task folder"},
	{"add-info", cmd_add_info, "add custom keys under additional_info"},
	{"add-upload", cmd_add_upload, "add files or folders to upload.json"},
	{"check", cmd_check, "check a task folder against the farm's rules"},
	{"submit", cmd_submit, "send an analysed task folder to the farm"},
	{"status", cmd_status, "show the progress of tasks on the farm"},
	{"stop", cmd_stop, "stop tasks on the farm"},
	{"start", cmd_start, "start stopped tasks again"},
	{"abort", cmd_abort, "abandon tasks on the farm"},
	{"download", cmd_download, "fetch the output of finished tasks"},
	{"shotgrid", cmd_shotgrid, "register a render as a ShotGrid Version, publish media back"},
};

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("sceneprobe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_is_help(const char *arg) { return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0; }

static void usage(FILE *out)
{
	fprintf(out, "usage: sceneprobe <command> [options]\n\n"
	             "Prepares Maya, Houdini and Clarisse scenes for cloud rendering, without the application.\n\n"
	             "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'sceneprobe <command> --help' describes one command; 'sceneprobe --version' prints the version.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (cli_is_help(argv[1])) {
		usage(stdout);
		return EXIT_DONE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("sceneprobe %s\n", sp_version());
		return EXIT_DONE;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	cli_error("unknown command '%s' (see 'sceneprobe --help')", argv[1]);
	return EXIT_USAGE;
}
