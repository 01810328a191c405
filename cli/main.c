/* sceneprobe: the command line.  Only this tool prints; the library returns codes and messages. */
#include "cmd.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/*
 * A progress line for an analysis that takes more than a second: on stderr,
 * only when it is a terminal, refreshed in place and erased at the end.
 * While it runs stdout is fully buffered, so the summary never lands in the
 * middle of it; an error message erases it first.
 */
typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int running, stop, shown;
	struct timespec started;
} ticker;

static ticker progress = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
static char stdout_buffer[1 << 16];

/* With the lock held. */
static void ticker_erase(ticker *t)
{
	if (t->shown)
		fputs("\r\033[K", stderr);
	t->shown = 0;
}

/* With the lock held: wait `ms`, or less when told to stop. */
static void ticker_wait(ticker *t, long ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (!t->stop && pthread_cond_timedwait(&t->wake, &t->lock, &until) != ETIMEDOUT)
		;
}

static void *ticker_run(void *payload)
{
	static const char spin[] = "|/-\\";
	ticker *t = payload;
	unsigned n = 0;
	pthread_mutex_lock(&t->lock);
	ticker_wait(t, 1000);
	while (!t->stop) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		fprintf(stderr, "\r\033[Ksceneprobe: analysing %c %lld s", spin[n++ & 3],
		        (long long)(now.tv_sec - t->started.tv_sec));
		fflush(stderr);
		t->shown = 1;
		ticker_wait(t, 250);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

/* analyze on a terminal, unless -q or -v (its log lines go to stderr too). */
static int wants_ticker(int argc, char **argv)
{
	if (strcmp(argv[1], "analyze") != 0 || !isatty(STDERR_FILENO))
		return 0;
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0 ||
		    strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0 || cli_is_help(argv[i]))
			return 0;
	return 1;
}

static void ticker_start(ticker *t)
{
	clock_gettime(CLOCK_MONOTONIC, &t->started);
	setvbuf(stdout, stdout_buffer, _IOFBF, sizeof(stdout_buffer));
	t->running = pthread_create(&t->thread, NULL, ticker_run, t) == 0;
}

static void ticker_stop(ticker *t)
{
	if (!t->running)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = 1;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	ticker_erase(t);
	t->running = 0;
	fflush(stdout);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	pthread_mutex_lock(&progress.lock);
	ticker_erase(&progress);
	pthread_mutex_unlock(&progress.lock);
	fputs("sceneprobe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: sceneprobe <command> [options]\n\n"
	        "Prepares Maya, Houdini and Clarisse scenes for cloud rendering, without the application.\n\n"
	        "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'sceneprobe <command> --help' describes one command; 'sceneprobe --version' prints "
	             "the version.\n");
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
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++) {
		int code;
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		if (wants_ticker(argc, argv))
			ticker_start(&progress);
		code = commands[i].fn(argc - 1, argv + 1);
		ticker_stop(&progress);
		return code;
	}
	cli_error("unknown command '%s' (see 'sceneprobe --help')", argv[1]);
	return EXIT_USAGE;
}
