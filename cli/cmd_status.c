/* sceneprobe status / stop / start / abort: follow and control tasks on the farm. */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CLI_MAX_TASKS 100

typedef struct {
	int64_t ids[CLI_MAX_TASKS];
	size_t count;
	int watch;
	long interval_s;
	cli_farm_args farm;
} status_args;

int cli_task_ids(int64_t *ids, size_t *count, const char *arg)
{
	int64_t id = 0;
	if (cli_parse_count(arg, INT64_C(9007199254740991), &id) < 0 || id < 1) {
		cli_error("'%s' is not a task id (a positive whole number)", arg);
		return EXIT_USAGE;
	}
	if (*count == CLI_MAX_TASKS) {
		cli_error("at most %d task ids at a time", CLI_MAX_TASKS);
		return EXIT_USAGE;
	}
	ids[(*count)++] = id;
	return EXIT_DONE;
}

static const char status_help[] =
    "usage: sceneprobe status TASK_ID... [--watch [--interval S]] [connection options]\n\n"
    "Prints each task's state and frames (done, failed, total), with the sub-tasks of a\n"
    "layered task indented below it.  --watch polls every S seconds (default 30) until every\n"
    "task has ended (stopped, done, abandoned or failed), printing the states when they change.\n\n";

static void usage(FILE *out, const char *name)
{
	const char *what = strcmp(name, "stop") == 0    ? "Stops"
	                   : strcmp(name, "start") == 0 ? "Starts again"
	                                                : "Abandons (gives up for good)";
	if (strcmp(name, "status") == 0)
		fputs(status_help, out);
	else
		fprintf(
		    out,
		    "usage: sceneprobe %s TASK_ID... [connection options]\n\n%s the tasks on the farm.\n\n",
		    name, what);
	fputs(cli_farm_help, out);
	fputs("\nexit codes: 0 done; 2 usage or no credentials; 5 the farm refused the request;\n"
	      "6 the farm could not be reached\n",
	      out);
}

static int parse_args(status_args *a, int argc, char **argv, int allow_watch)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		int rc;
		if (cli_is_help(o)) {
			usage(stdout, argv[0]);
			return EXIT_DONE;
		}
		if (o[0] != '-') {
			rc = cli_task_ids(a->ids, &a->count, o);
			if (rc != EXIT_DONE)
				return rc;
			continue;
		}
		if (allow_watch && strcmp(o, "--watch") == 0) {
			a->watch = 1;
			continue;
		}
		if (allow_watch && strcmp(o, "--interval") == 0) {
			int64_t n = 0;
			if (i + 1 >= argc || cli_parse_count(argv[i + 1], 3600, &n) < 0 || n < 1) {
				cli_error("--interval expects seconds from 1 to 3600");
				return EXIT_USAGE;
			}
			a->interval_s = (long)n;
			i++;
			continue;
		}
		rc = cli_farm_option(&a->farm, argc, argv, &i);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc == 0) {
			cli_error("%s: unknown option '%s' (see 'sceneprobe %s --help')", argv[0], o,
			          argv[0]);
			return EXIT_USAGE;
		}
	}
	if (a->count == 0) {
		cli_error("%s: expected at least one TASK_ID (see 'sceneprobe %s --help')", argv[0], argv[0]);
		return EXIT_USAGE;
	}
	return -1;
}

typedef struct {
	int pending; /* tasks (not sub-tasks) not in an end state */
	sp_buf text; /* what this poll prints */
	sp_buf line; /* the same for the tasks only, on one line (terminal progress) */
	int oom;
} poll_state;

static int describe(const sp_task_status *st, void *payload)
{
	poll_state *p = payload;
	const char *text = sp_task_status_text(st->status);
	char unknown[32];
	if (strcmp(text, "unknown") == 0) {
		snprintf(unknown, sizeof(unknown), "status %d", st->status);
		text = unknown;
	}
	if (st->parent_id == 0 && !sp_task_status_is_end(st->status))
		p->pending++;
	if (sp_buf_printf(&p->text, "%s%lld%s%s%s  %s  frames %lld done, %lld failed, %lld total%s%s\n",
	                  st->parent_id ? "  " : "", (long long)st->id, st->alias[0] ? " (" : "", st->alias,
	                  st->alias[0] ? ")" : "", text, (long long)st->done_frames,
	                  (long long)st->failed_frames, (long long)st->total_frames, st->name[0] ? "  " : "",
	                  st->name) < 0)
		p->oom = 1;
	if (st->parent_id == 0 &&
	    sp_buf_printf(&p->line, "%s%lld %s %lld/%lld", p->line.size ? " | " : "", (long long)st->id, text,
	                  (long long)st->done_frames, (long long)st->total_frames) < 0)
		p->oom = 1;
	return p->oom;
}

/* Print a poll: the whole table when it changed, or on a terminal one progress line until the end. */
static void show_poll(const poll_state *p, sp_buf *last, int *on_line)
{
	int tty = last && isatty(STDOUT_FILENO);
	if (tty && p->pending > 0) {
		printf("\r%s\033[K", sp_buf_cstr(&p->line));
		*on_line = 1;
	} else if (!last || strcmp(sp_buf_cstr(last), sp_buf_cstr(&p->text)) != 0 || tty) {
		if (*on_line)
			putchar('\n');
		*on_line = 0;
		fputs(sp_buf_cstr(&p->text), stdout);
	}
	fflush(stdout);
}

/* Query once and show it; `last` (NULL for a single query) holds what a watch showed before. */
static int poll_once(sp_ctx *ctx, sp_farm *farm, const int64_t *ids, size_t count, int *pending, sp_buf *last,
                     int *on_line)
{
	poll_state p = {0, SP_BUF_INIT, SP_BUF_INIT, 0};
	int error = sp_farm_task_status(farm, ids, count, describe, &p), status = EXIT_DONE;
	if (error < 0) {
		if (*on_line)
			putchar('\n');
		status = cli_farm_fail(ctx, farm, error);
	} else if (p.oom) {
		cli_error("out of memory");
		status = EXIT_OUTPUT;
	} else {
		show_poll(&p, last, on_line);
		if (last && sp_buf_sets(last, sp_buf_cstr(&p.text)) < 0)
			status = EXIT_OUTPUT;
		*pending = p.pending;
	}
	sp_buf_dispose(&p.text);
	sp_buf_dispose(&p.line);
	return status;
}

void cli_sleep_s(long seconds)
{
	struct timespec ts = {(time_t)seconds, 0};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int cli_watch(sp_ctx *ctx, sp_farm *farm, const int64_t *ids, size_t count, long interval_s)
{
	sp_buf last = SP_BUF_INIT;
	int pending = 1, status = EXIT_DONE, on_line = 0;
	while (status == EXIT_DONE && pending > 0) {
		status = poll_once(ctx, farm, ids, count, &pending, &last, &on_line);
		if (status == EXIT_DONE && pending > 0)
			cli_sleep_s(interval_s);
	}
	sp_buf_dispose(&last);
	return status;
}

int cmd_status(int argc, char **argv)
{
	status_args a;
	sp_ctx *ctx = NULL;
	sp_farm *farm = NULL;
	int status, pending = 0, on_line = 0;
	memset(&a, 0, sizeof(a));
	status = parse_args(&a, argc, argv, 1);
	if (status >= 0)
		return status;
	status = cli_farm_open(&ctx, &farm, &a.farm);
	if (status == EXIT_DONE)
		status = a.watch ? cli_watch(ctx, farm, a.ids, a.count, a.interval_s > 0 ? a.interval_s : 30)
		                 : poll_once(ctx, farm, a.ids, a.count, &pending, NULL, &on_line);
	cli_farm_close(ctx, farm);
	return status;
}

static int control(int argc, char **argv, sp_task_action action, const char *done)
{
	status_args a;
	sp_ctx *ctx = NULL;
	sp_farm *farm = NULL;
	int status, error;
	memset(&a, 0, sizeof(a));
	status = parse_args(&a, argc, argv, 0);
	if (status >= 0)
		return status;
	status = cli_farm_open(&ctx, &farm, &a.farm);
	if (status == EXIT_DONE) {
		error = sp_farm_task_action(farm, action, a.ids, a.count);
		if (error < 0) {
			status = cli_farm_fail(ctx, farm, error);
		} else {
			for (size_t i = 0; i < a.count; i++)
				printf("%s task %lld\n", done, (long long)a.ids[i]);
		}
	}
	cli_farm_close(ctx, farm);
	return status;
}

int cmd_stop(int argc, char **argv)
{
	return control(argc, argv, SP_TASK_STOP, "stopped");
}
int cmd_start(int argc, char **argv)
{
	return control(argc, argv, SP_TASK_START, "started");
}
int cmd_abort(int argc, char **argv)
{
	return control(argc, argv, SP_TASK_ABANDON, "abandoned");
}
