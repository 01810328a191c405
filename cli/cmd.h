/* The sceneprobe command line: one file per subcommand, one exit-code table. */
#ifndef SP_CLI_CMD_H
#define SP_CLI_CMD_H

#include <sceneprobe.h>
#include <stdio.h>

/* Exit codes, shared by every subcommand. */
enum {
	EXIT_DONE = 0,     /* done, no error tips */
	EXIT_TIPS = 1,     /* done, error tips (or any tip with --strict); check found problems */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_SCENE = 3,    /* scene missing, unreadable, corrupt or unsupported */
	EXIT_OUTPUT = 4,   /* outputs could not be written */
	EXIT_REJECTED = 5, /* the farm refused a request (its code and message are printed) */
	EXIT_NETWORK = 6,  /* the farm could not be reached, even after the retries */
	EXIT_TRANSFER = 7  /* the asset transfer failed (transmitter missing or it failed) */
};

/* Each subcommand gets argv with argv[0] = its own name. */
int cmd_analyze(int argc, char **argv);
/* Many scenes at once, each analysed by a child `sceneprobe analyze` (cmd_batch.c). */
int cmd_batch(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_add_info(int argc, char **argv);
int cmd_add_upload(int argc, char **argv);
int cmd_check(int argc, char **argv);

/* The human-readable analysis summary on stdout. */
void print_summary(const sp_scene *scene, const char *task_dir);

/* set, add-info, add-upload: exit code for a task-folder error code. */
int cli_taskdir_exit(int error);
/* DIR must be a folder holding a readable `name`; EXIT_DONE, or the exit code after a message. */
int cli_check_task_dir(const char *dir, const char *name);
/*
 * "CMD DIR ITEM..." with -h and --: fills dir and items (room for argc).  Returns -1 to go on, or
 * the exit code to stop with (EXIT_DONE after --help).
 */
int cli_parse_dir_items(int argc, char **argv, const char *cmd, const char *item, void (*usage)(FILE *),
                        const char **dir, char **items, int *count);

/* Print "sceneprobe: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* 1 when argv[i] is -h or --help. */
int cli_is_help(const char *arg);

/* ---- the farm commands (submit, status, stop, start, abort) ---------------------------------- */
int cmd_submit(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_start(int argc, char **argv);
int cmd_abort(int argc, char **argv);
int cmd_download(int argc, char **argv);

/* Connection options shared by the farm commands (cmd_submit.c). */
typedef struct {
	const char *api_url, *access_id, *access_key, *platform, *config;
	long timeout_s, connect_timeout_s, retry_delay_ms;
	int retries, insecure, verbose, dry_run, english;
} cli_farm_args;
/* Help text for the options above. */
extern const char cli_farm_help[];
/* 1 when argv[*i] was a connection option (advancing *i past its value), 0 if not, -1 on a usage error. */
int cli_farm_option(cli_farm_args *a, int argc, char **argv, int *i);
/* The context (with a log sink on stderr) and the client; an exit code on failure, EXIT_DONE on success. */
int cli_farm_open(sp_ctx **ctx_out, sp_farm **farm_out, const cli_farm_args *a);
void cli_farm_close(sp_ctx *ctx, sp_farm *farm);
/* Print the context's error and choose the exit code for a farm failure. */
int cli_farm_fail(sp_ctx *ctx, const sp_farm *farm, int error);
/* A whole number of ASCII digits from 0 to max (no sign, no spaces); 0 or -1. */
int cli_parse_count(const char *s, int64_t max, int64_t *out);
/* Task ids from argv (positive integers); an exit code on a bad one. */
int cli_task_ids(int64_t *ids, size_t *count, const char *arg);
/* Sleep `seconds`, resuming after signals that do not end the program. */
void cli_sleep_s(long seconds);
/* Poll the tasks every `interval_s` until each reaches an end state, printing progress. */
int cli_watch(sp_ctx *ctx, sp_farm *farm, const int64_t *ids, size_t count, long interval_s);

/* ---- ShotGrid: register a render as a Version, publish media back (cmd_shotgrid.c) ---------------- */
int cmd_shotgrid(int argc, char **argv);
/* submit --shotgrid: check (run 0) or run (run 1) register with `argv` for `dir`; -1 when checked fine. */
int cli_shotgrid_register_after(const char *dir, int argc, char **argv, int run);

#endif
