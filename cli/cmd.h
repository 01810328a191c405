/* The sceneprobe command line: one file per subcommand, one exit-code table. */
#ifndef SP_CLI_CMD_H
#define SP_CLI_CMD_H

#include <sceneprobe.h>

/* Exit codes, shared by every subcommand. */
enum {
	EXIT_DONE = 0,       /* done, no error tips */
	EXIT_TIPS = 1,       /* done, error tips (or any tip with --strict); check found problems */
	EXIT_USAGE = 2,      /* bad command line */
	EXIT_SCENE = 3,      /* scene missing, unreadable, corrupt or unsupported */
	EXIT_OUTPUT = 4      /* outputs could not be written */
};

/* Each subcommand gets argv with argv[0] = its own name. */
int cmd_analyze(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_add_info(int argc, char **argv);
int cmd_add_upload(int argc, char **argv);
int cmd_check(int argc, char **argv);

/* The human-readable analysis summary on stdout. */
void print_summary(const sp_scene *scene, const char *task_dir);

/* Print "sceneprobe: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* 1 when argv[i] is -h or --help. */
int cli_is_help(const char *arg);

#endif
