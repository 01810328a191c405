/*
 * sceneprobe batch: analyse many scenes at once.
 *
 * Each scene is analysed by a child `sceneprobe analyze SCENE -o DIR/<name>
 * --json`, N at a time (default: one per core).  Children, not threads: one
 * reader that crashes or runs out of memory costs its own scene only, and
 * every task folder is byte for byte what a one-by-one analysis writes.  The
 * parent collects each child's JSON summary and error line, shows a progress
 * line on a terminal, prints a table in input order and writes
 * DIR/batch.json.
 */
#include "cmd.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS       256
#define MAX_DEPTH      32
#define MAX_CAPTURE    ((size_t)64 << 20) /* bytes kept of one child's output */
#define MAX_PASS       64                 /* analyze options passed through */
#define PROGRESS_EVERY 0.2                /* seconds between progress refreshes */

static const char usage_text[] =
    "usage: sceneprobe batch [-j N] -o DIR [-q] [--strict] [analyze options] SCENE|FOLDER...\n\n"
    "Analyses every SCENE, and every scene file below each FOLDER (.ma .mb .hip .hipnc .hiplc .project),\n"
    "N at a time (default: one per core), each into its own task folder DIR/<scene name> (a -2, -3...\n"
    "suffix when names repeat).  One bad scene never stops the others.  Shows a progress line on a\n"
    "terminal, prints a table at the end and writes DIR/batch.json (one entry per scene, in the order\n"
    "given, with the analysis summary that 'sceneprobe analyze --json' prints).\n\n"
    "  -j, --jobs N       analyses at a time (1 to 256)\n"
    "  -o DIR             the folder for the task folders and batch.json (created if needed)\n"
    "  -q, --quiet        no progress line and no table\n"
    "  --strict           a scene with any tip counts as not clean (as analyze --strict)\n"
    "  --software-version V, --project-name N, --project-dir DIR, --platform ID, --os windows|linux,\n"
    "  --plugin NAME=VERSION, --map FROM=TO, --env NAME=VALUE\n"
    "                     passed to every analysis (see 'sceneprobe analyze --help')\n\n"
    "exit codes: 0 every scene analysed without error tips; 1 some had error tips; 2 usage;\n"
    "3 some scene could not be analysed; 4 DIR or batch.json could not be written\n";

typedef struct {
	char *ptr;
	size_t len, cap;
} capture;

typedef enum { JOB_WAITING, JOB_RUNNING, JOB_DONE } job_state;

typedef struct {
	char *scene;
	char *task_dir;
	job_state state;
	pid_t pid;
	int fds[2]; /* the child's stdout and stderr, -1 once at end of file */
	capture out, err;
	int code; /* analyze's exit code, 128+signal when it died, 127 when it could not start */
	double started, seconds;
} job;

typedef struct {
	const char *out_dir;
	long jobs;
	int quiet, strict;
	const char *pass[MAX_PASS];
	size_t npass;
	char **inputs;
	size_t ninputs;
} batch_opts;

typedef struct {
	job *items;
	size_t count, cap;
} job_list;

/* printf into a new string; NULL when out of memory. */
static char *fmt_alloc(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *fmt_alloc(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- options ------------------------------------------------------------------------------ */

static int is_pass_option(const char *a)
{
	static const char *const names[] = {
	    "--software-version", "--project-name", "--project-dir", "--platform", "--os",
	    "--plugin",           "--map",          "--env",         NULL};
	for (size_t i = 0; names[i]; i++) {
		size_t n = strlen(names[i]);
		if (strncmp(a, names[i], n) == 0 && (a[n] == '\0' || a[n] == '='))
			return a[n] == '=' ? 1 : 2; /* 2: the value is the next argument */
	}
	return 0;
}

static int add_pass(batch_opts *o, const char *arg)
{
	if (o->npass == MAX_PASS) {
		cli_error("batch: more than %d analyze options", MAX_PASS);
		return -1;
	}
	o->pass[o->npass++] = arg;
	return 0;
}

static int parse_jobs(batch_opts *o, const char *v)
{
	int64_t n = 0;
	if (cli_parse_count(v, MAX_JOBS, &n) < 0 || n < 1) {
		cli_error("-j expects a number of jobs from 1 to %d, got '%s'", MAX_JOBS, v);
		return -1;
	}
	o->jobs = (long)n;
	return 0;
}

/* One argument (and its value); 1 for help, 0 when taken, -1 on a usage error. */
static int parse_one(batch_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	int pass = is_pass_option(a);
	if (cli_is_help(a))
		return 1;
	if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
		o->quiet = 1;
	else if (strcmp(a, "--strict") == 0)
		o->strict = 1;
	else if (strncmp(a, "--jobs=", 7) == 0)
		return parse_jobs(o, a + 7);
	else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0 || strcmp(a, "-o") == 0) {
		if (*i + 1 >= argc) {
			cli_error("%s needs a value", a);
			return -1;
		}
		(*i)++;
		if (a[1] == 'o')
			o->out_dir = argv[*i];
		else
			return parse_jobs(o, argv[*i]);
	} else if (pass) {
		if (pass == 2 && *i + 1 >= argc) {
			cli_error("%s needs a value", a);
			return -1;
		}
		if (add_pass(o, a) < 0 || (pass == 2 && add_pass(o, argv[++*i]) < 0))
			return -1;
	} else if (a[0] == '-' && a[1] != '\0') {
		cli_error("unknown option '%s'", a);
		return -1;
	} else {
		o->inputs[o->ninputs++] = argv[*i];
	}
	return 0;
}

static int parse_options(batch_opts *o, int argc, char **argv)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = cores < 1 ? 1 : cores > MAX_JOBS ? MAX_JOBS : cores;
	for (int i = 1; i < argc; i++) {
		int rc = parse_one(o, argc, argv, &i);
		if (rc != 0)
			return rc;
	}
	if (!o->out_dir || !*o->out_dir) {
		cli_error("batch needs an output folder (-o DIR)");
		return -1;
	}
	if (o->ninputs == 0) {
		cli_error("batch needs at least one scene or folder");
		return -1;
	}
	return 0;
}

/* ---- the scene list ---------------------------------------------------------------------- */

static int has_scene_extension(const char *name)
{
	static const char *const exts[] = {".ma", ".mb", ".hip", ".hipnc", ".hiplc", ".project", NULL};
	const char *dot = strrchr(name, '.');
	if (!dot || dot == name)
		return 0;
	for (size_t i = 0; exts[i]; i++)
		if (strcasecmp(dot, exts[i]) == 0)
			return 1;
	return 0;
}

static int add_scene(job_list *list, const char *path)
{
	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 64;
		job *items = realloc(list->items, cap * sizeof(*items));
		if (!items)
			return -1;
		list->items = items;
		list->cap = cap;
	}
	memset(&list->items[list->count], 0, sizeof(job));
	list->items[list->count].fds[0] = list->items[list->count].fds[1] = -1;
	if (!(list->items[list->count].scene = strdup(path)))
		return -1;
	list->count++;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of `dir` (without . and ..), sorted so the scene order never depends on the file system. */
static int list_sorted(const char *dir, char ***names_out, size_t *count_out)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') /* ., .., and hidden folders such as .git */
			continue;
		if (n == cap) {
			char **grown = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof(*names));
			if (!grown)
				break;
			names = grown;
		}
		if (!(names[n] = strdup(e->d_name)))
			break;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	*names_out = names;
	*count_out = n;
	return 0;
}

static int walk_folder(job_list *list, const char *dir, unsigned depth)
{
	char **names = NULL;
	size_t n = 0;
	int error = 0;
	if (depth > MAX_DEPTH || list_sorted(dir, &names, &n) < 0)
		return 0; /* an unreadable folder below the one given holds no scenes we can read */
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		char *path = NULL;
		if (error == 0 && !(path = fmt_alloc("%s/%s", dir, names[i])))
			error = -1;
		else if (error == 0 && stat(path, &st) == 0)
			error = S_ISDIR(st.st_mode) ? walk_folder(list, path, depth + 1)
			        : S_ISREG(st.st_mode) && has_scene_extension(names[i]) ? add_scene(list, path)
			                                                               : 0;
		free(path);
		free(names[i]);
	}
	free(names);
	return error;
}

/* Scenes given by name are taken as they are (a missing one fails in its turn); folders are searched. */
static int collect_scenes(job_list *list, const batch_opts *o)
{
	for (size_t i = 0; i < o->ninputs; i++) {
		struct stat st;
		size_t before = list->count;
		const char *in = o->inputs[i];
		int error = stat(in, &st) == 0 && S_ISDIR(st.st_mode) ? walk_folder(list, in, 0)
		                                                      : add_scene(list, in);
		if (error < 0) {
			cli_error("out of memory");
			return -1;
		}
		if (list->count == before && stat(in, &st) == 0 && S_ISDIR(st.st_mode))
			fprintf(stderr, "sceneprobe: warning: no scene files in %s\n", in);
	}
	return 0;
}

/* ---- task folder names ------------------------------------------------------------------- */

static char *scene_stem(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!*base)
		return strdup("scene");
	return strndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

typedef struct {
	char *name;
	size_t index;
} named;

static int cmp_named(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->index < y->index ? -1 : x->index > y->index;
}

/* Repeats of a stem get -2, -3... in input order; 1 when a name is still not unique, -1 out of memory. */
static int suffix_repeats(named *v, size_t n)
{
	size_t first = 0, k = 2;
	qsort(v, n, sizeof(*v), cmp_named);
	for (size_t i = 1; i < n; i++) {
		char *name = NULL;
		if (strcmp(v[i].name, v[first].name) != 0) {
			first = i; /* the first of a group keeps its stem, the others are compared with it */
			k = 2;
			continue;
		}
		if (!(name = fmt_alloc("%s-%zu", v[first].name, k++)))
			return -1;
		free(v[i].name);
		v[i].name = name;
	}
	qsort(v, n, sizeof(*v), cmp_named);
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i].name, v[i - 1].name) == 0)
			return 1;
	return 0;
}

static int name_task_dirs(job_list *list, const char *out_dir)
{
	named *v = calloc(list->count ? list->count : 1, sizeof(*v));
	int error = v ? 0 : -1, clash = 0;
	for (size_t i = 0; i < list->count && error == 0; i++) {
		v[i].index = i;
		error = (v[i].name = scene_stem(list->items[i].scene)) ? 0 : -1;
	}
	if (error == 0)
		clash = suffix_repeats(v, list->count);
	error = clash < 0 ? -1 : error;
	for (size_t i = 0; i < list->count && error == 0; i++) {
		job *j = &list->items[v[i].index];
		/* a scene named like another's suffixed name: number them all instead */
		j->task_dir = clash ? fmt_alloc("%s/%06zu-%s", out_dir, v[i].index + 1, v[i].name)
		                    : fmt_alloc("%s/%s", out_dir, v[i].name);
		error = j->task_dir ? 0 : -1;
	}
	for (size_t i = 0; v && i < list->count; i++)
		free(v[i].name);
	free(v);
	return error;
}

/* ---- running the analyses ------------------------------------------------------------------ */

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The child: its output to the pipes, then this very program as `sceneprobe analyze`. */
static void exec_analyze(const job *j, const batch_opts *o, int out_fd, int err_fd)
{
	const char *argv[MAX_PASS + 10];
	size_t n = 0;
	argv[n++] = "sceneprobe";
	argv[n++] = "analyze";
	argv[n++] = j->scene;
	argv[n++] = "-o";
	argv[n++] = j->task_dir;
	argv[n++] = "--json";
	if (o->strict)
		argv[n++] = "--strict";
	for (size_t i = 0; i < o->npass; i++)
		argv[n++] = o->pass[i];
	argv[n] = NULL;
	if (dup2(out_fd, STDOUT_FILENO) < 0 || dup2(err_fd, STDERR_FILENO) < 0)
		_exit(127);
	/* execv takes char *const[]; the strings are not written to */
	execv("/proc/self/exe", (char *const *)(uintptr_t)argv);
	execvp("sceneprobe", (char *const *)(uintptr_t)argv);
	dprintf(STDERR_FILENO, "sceneprobe: cannot run sceneprobe analyze: %s\n", strerror(errno));
	_exit(127);
}

/* A pipe whose ends no other child inherits (this process runs no other threads). */
static int cloexec_pipe(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static void start_job(job *j, const batch_opts *o)
{
	int out[2] = {-1, -1}, err[2] = {-1, -1};
	j->started = now_s();
	j->state = JOB_RUNNING;
	if (cloexec_pipe(out) < 0 || cloexec_pipe(err) < 0 || (j->pid = fork()) < 0) {
		cli_error("%s: cannot start an analysis: %s", j->scene, strerror(errno));
		close_fd(&out[0]);
		close_fd(&out[1]);
		close_fd(&err[0]);
		close_fd(&err[1]);
		j->code = 127;
		j->state = JOB_DONE;
		return;
	}
	if (j->pid == 0)
		exec_analyze(j, o, out[1], err[1]);
	close(out[1]);
	close(err[1]);
	j->fds[0] = out[0];
	j->fds[1] = err[0];
}

static int capture_read(capture *c, int fd)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof(chunk));
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
	if (n == 0)
		return 0;
	if (c->len + (size_t)n + 1 > c->cap && c->len + (size_t)n < MAX_CAPTURE) {
		size_t cap = c->cap ? c->cap : 4096;
		char *grown;
		while (cap < c->len + (size_t)n + 1)
			cap *= 2;
		if ((grown = realloc(c->ptr, cap)) != NULL) {
			c->ptr = grown;
			c->cap = cap;
		}
	}
	if (c->len + (size_t)n + 1 <= c->cap) {
		memcpy(c->ptr + c->len, chunk, (size_t)n);
		c->len += (size_t)n;
		c->ptr[c->len] = '\0';
	}
	return 1; /* past the cap the rest is read and dropped, so the child never blocks */
}

static void finish_job(job *j)
{
	int status = 0;
	while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
		;
	j->code = WIFEXITED(status)     ? WEXITSTATUS(status)
	          : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
	                                : 127;
	j->seconds = now_s() - j->started;
	j->state = JOB_DONE;
}

/* Wait up to `timeout_ms` for output of the running jobs; reap those whose pipes both closed. */
static size_t pump(job_list *list, int timeout_ms)
{
	struct pollfd pfd[2 * MAX_JOBS];
	job *owner[2 * MAX_JOBS];
	size_t n = 0, finished = 0;
	for (size_t i = 0; i < list->count && n < 2 * MAX_JOBS; i++)
		for (int k = 0; k < 2 && list->items[i].state == JOB_RUNNING; k++)
			if (list->items[i].fds[k] >= 0) {
				pfd[n].fd = list->items[i].fds[k];
				pfd[n].events = POLLIN;
				owner[n++] = &list->items[i];
			}
	if (n > 0 && poll(pfd, (nfds_t)n, timeout_ms) > 0)
		for (size_t i = 0; i < n; i++) {
			job *j = owner[i];
			int k = pfd[i].fd == j->fds[0] ? 0 : 1;
			if (pfd[i].revents && !capture_read(k == 0 ? &j->out : &j->err, pfd[i].fd))
				close_fd(&j->fds[k]);
		}
	for (size_t i = 0; i < list->count; i++) {
		job *j = &list->items[i];
		if (j->state == JOB_RUNNING && j->fds[0] < 0 && j->fds[1] < 0) {
			finish_job(j);
			finished++;
		}
	}
	return finished;
}

typedef struct {
	size_t done, failed, tips, running;
	double started, last_shown;
	int shown;
} progress;

static int job_failed(const job *j)
{
	return j->code != EXIT_DONE && j->code != EXIT_TIPS;
}

static void show_progress(progress *p, size_t total, int force)
{
	double t = now_s(), rate;
	if (!force && t - p->last_shown < PROGRESS_EVERY)
		return;
	rate = t > p->started ? (double)p->done / (t - p->started) : 0.0;
	fprintf(stderr,
	        "\r\033[Ksceneprobe: batch: %zu of %zu scenes, %zu running, %zu failed, %.1f scenes/s",
	        p->done, total, p->running, p->failed, rate);
	fflush(stderr);
	p->last_shown = t;
	p->shown = 1;
}

static void run_all(job_list *list, const batch_opts *o, progress *p)
{
	size_t next = 0;
	int tty = !o->quiet && isatty(STDERR_FILENO);
	p->started = now_s();
	while (p->done < list->count) {
		while (p->running < (size_t)o->jobs && next < list->count) {
			start_job(&list->items[next++], o);
			p->running++;
		}
		pump(list, tty ? 100 : 1000);
		p->done = p->failed = p->tips = p->running = 0;
		for (size_t i = 0; i < next; i++) {
			const job *j = &list->items[i];
			p->running += j->state == JOB_RUNNING;
			p->done += j->state == JOB_DONE;
			p->failed += j->state == JOB_DONE && job_failed(j);
			p->tips += j->state == JOB_DONE && j->code == EXIT_TIPS;
		}
		if (tty)
			show_progress(p, list->count, 0);
	}
	if (p->shown)
		fputs("\r\033[K", stderr);
}

/* ---- reporting ------------------------------------------------------------------------------ */

static const char *status_of(const job *j)
{
	return j->code == EXIT_DONE ? "ok" : j->code == EXIT_TIPS ? "tips" : "failed";
}

/* The child's last stderr line without the program prefix, or a description of how it ended. */
static char *error_line(const job *j)
{
	char *end, *start;
	if (j->err.len > 0) {
		end = j->err.ptr + j->err.len;
		while (end > j->err.ptr && (end[-1] == '\n' || end[-1] == '\r'))
			end--;
		start = end;
		while (start > j->err.ptr && start[-1] != '\n')
			start--;
		if (strncmp(start, "sceneprobe: ", 12) == 0)
			start += 12;
		if (end > start)
			return strndup(start, (size_t)(end - start));
	}
	if (j->code > 128)
		return fmt_alloc("the analysis died of signal %d", j->code - 128);
	return fmt_alloc("the analysis exited with code %d", j->code);
}

static cJSON *job_json(const job *j)
{
	cJSON *o = cJSON_CreateObject(), *summary = NULL;
	char *err = job_failed(j) ? error_line(j) : NULL;
	if (j->out.len > 0)
		summary = cJSON_ParseWithLengthOpts(j->out.ptr, j->out.len, NULL, 0);
	if (!o || !cJSON_AddStringToObject(o, "scene", j->scene) ||
	    !cJSON_AddStringToObject(o, "task_dir", j->task_dir) ||
	    !cJSON_AddStringToObject(o, "status", status_of(j)) ||
	    !cJSON_AddNumberToObject(o, "exit_code", j->code) ||
	    !cJSON_AddNumberToObject(o, "seconds", (double)(long long)(j->seconds * 1000.0) / 1000.0) ||
	    !(err ? cJSON_AddStringToObject(o, "error", err) : cJSON_AddNullToObject(o, "error"))) {
		cJSON_Delete(summary);
		summary = NULL;
		cJSON_Delete(o);
		o = NULL;
	}
	if (o)
		cJSON_AddItemToObject(o, "summary", summary ? summary : cJSON_CreateNull());
	free(err);
	return o;
}

static int write_summary_file(const job_list *list, const batch_opts *o, const progress *p, double seconds)
{
	cJSON *root = cJSON_CreateObject(), *scenes = cJSON_AddArrayToObject(root, "scenes");
	char *text = NULL, *path = NULL, *tmp = NULL;
	int error = -1;
	FILE *f = NULL;
	for (size_t i = 0; scenes && i < list->count; i++) {
		cJSON *item = job_json(&list->items[i]);
		if (!item)
			goto done;
		cJSON_AddItemToArray(scenes, item);
	}
	if (!scenes || !cJSON_AddNumberToObject(root, "count", (double)list->count) ||
	    !cJSON_AddNumberToObject(root, "ok", (double)(p->done - p->failed - p->tips)) ||
	    !cJSON_AddNumberToObject(root, "tips", (double)p->tips) ||
	    !cJSON_AddNumberToObject(root, "failed", (double)p->failed) ||
	    !cJSON_AddNumberToObject(root, "jobs", (double)o->jobs) ||
	    !cJSON_AddNumberToObject(root, "seconds", (double)(long long)(seconds * 1000.0) / 1000.0) ||
	    !(text = cJSON_Print(root)) || !(path = fmt_alloc("%s/batch.json", o->out_dir)) ||
	    !(tmp = fmt_alloc("%s/.batch.json.%ld", o->out_dir, (long)getpid())))
		goto done;
	/* written aside and renamed, so a reader never sees half a file */
	if (!(f = fopen(tmp, "w")) || fputs(text, f) < 0 || fputc('\n', f) < 0)
		goto done;
	error = fclose(f) == 0 && rename(tmp, path) == 0 ? 0 : -1;
	f = NULL;
done:
	if (f)
		fclose(f);
	if (error < 0)
		cli_error("%s/batch.json: cannot write it: %s", o->out_dir, strerror(errno));
	if (error < 0 && tmp)
		unlink(tmp);
	cJSON_Delete(root);
	free(text);
	free(path);
	free(tmp);
	return error;
}

/* A count from the child's summary ("assets"."found"), or -1 when it has none. */
static double summary_number(const cJSON *summary, const char *group, const char *key)
{
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(summary, group);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(g, key);
	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static size_t error_tips(const cJSON *summary)
{
	const cJSON *tip;
	size_t n = 0;
	cJSON_ArrayForEach(tip, cJSON_GetObjectItemCaseSensitive(summary, "tips"))
	{
		const cJSON *sev = cJSON_GetObjectItemCaseSensitive(tip, "severity");
		n += cJSON_IsString(sev) && strcmp(sev->valuestring, "error") == 0;
	}
	return n;
}

static void print_row(const job *j)
{
	cJSON *summary = j->out.len ? cJSON_ParseWithLengthOpts(j->out.ptr, j->out.len, NULL, 0) : NULL;
	char *err = job_failed(j) ? error_line(j) : NULL;
	if (summary)
		printf("%-7s %6zu %7.0f %8.0f %8.2f  %s\n", status_of(j), error_tips(summary),
		       summary_number(summary, "assets", "found"),
		       summary_number(summary, "assets", "missing"), j->seconds, j->scene);
	else if (err && strncmp(err, j->scene, strlen(j->scene)) == 0)
		printf("%-7s %6s %7s %8s %8.2f  %s\n", status_of(j), "-", "-", "-", j->seconds, err);
	else
		printf("%-7s %6s %7s %8s %8.2f  %s: %s\n", status_of(j), "-", "-", "-", j->seconds, j->scene,
		       err ? err : "failed");
	cJSON_Delete(summary);
	free(err);
}

static void print_table(const job_list *list, const batch_opts *o, const progress *p, double seconds)
{
	printf("%-7s %6s %7s %8s %8s  %s\n", "STATUS", "ERRORS", "FILES", "MISSING", "SECONDS", "SCENE");
	for (size_t i = 0; i < list->count; i++)
		print_row(&list->items[i]);
	printf("\n%zu scenes in %.1f s (%.1f scenes/s, %ld at a time): %zu clean, %zu with error tips, %zu "
	       "failed\n"
	       "task folders and batch.json in %s\n",
	       list->count, seconds, seconds > 0 ? (double)list->count / seconds : 0.0, o->jobs,
	       p->done - p->failed - p->tips, p->tips, p->failed, o->out_dir);
}

static void jobs_dispose(job_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].scene);
		free(list->items[i].task_dir);
		free(list->items[i].out.ptr);
		free(list->items[i].err.ptr);
	}
	free(list->items);
}

static int make_dirs(const char *dir)
{
	char *p = strdup(dir);
	int error = p ? 0 : -1;
	for (char *s = p ? p + 1 : NULL; s && *s && error == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		error = mkdir(p, 0777) == 0 || errno == EEXIST ? 0 : -1;
		*s = '/';
	}
	if (error == 0 && mkdir(p, 0777) < 0 && errno != EEXIST)
		error = -1;
	free(p);
	return error;
}

static int run_batch(const batch_opts *o)
{
	job_list list = {NULL, 0, 0};
	progress p;
	double started = now_s();
	int code = EXIT_USAGE;
	memset(&p, 0, sizeof(p));
	if (collect_scenes(&list, o) < 0)
		goto done;
	code = EXIT_OUTPUT;
	if (make_dirs(o->out_dir) < 0) {
		cli_error("%s: cannot create the folder: %s", o->out_dir, strerror(errno));
		goto done;
	}
	if (name_task_dirs(&list, o->out_dir) < 0) {
		cli_error("out of memory");
		goto done;
	}
	run_all(&list, o, &p);
	if (!o->quiet)
		print_table(&list, o, &p, now_s() - started);
	if (write_summary_file(&list, o, &p, now_s() - started) < 0)
		goto done;
	code = p.failed ? EXIT_SCENE : p.tips ? EXIT_TIPS : EXIT_DONE;
done:
	jobs_dispose(&list);
	return code;
}

int cmd_batch(int argc, char **argv)
{
	batch_opts o;
	int rc, code;
	memset(&o, 0, sizeof(o));
	if (!(o.inputs = calloc((size_t)argc, sizeof(*o.inputs)))) {
		cli_error("out of memory");
		return EXIT_USAGE;
	}
	rc = parse_options(&o, argc, argv);
	if (rc == 1) {
		fputs(usage_text, stdout);
		code = EXIT_DONE;
	} else if (rc < 0) {
		fputs("(see 'sceneprobe batch --help')\n", stderr);
		code = EXIT_USAGE;
	} else {
		code = run_batch(&o);
	}
	free(o.inputs);
	return code;
}
