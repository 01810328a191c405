/*
 * The truncation sweep: every corpus scene (Maya ASCII and binary, Houdini,
 * Clarisse) cut at a dozen offsets and with random bytes flipped (fixed
 * seed), each run through `sceneprobe analyze`.  Every run must exit 0, 1 or
 * 3 (never a signal, never a sanitizer report) within a time bound.  Under
 * the sanitizer build the children report with exit code 86, so an ASan,
 * UBSan or LSan finding can never pass for "done with error tips" (1).
 */
#define _GNU_SOURCE
#include "support.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUN_BOUND_S    60 /* one run, under ASan, on a machine shared with other jobs */
#define CUTS           12
#define FLIPS          3
#define FLIPPED_BYTES  8
#define SANITIZER_EXIT 86

typedef struct {
	char *dir;      /* scratch folder (tmpfs when there is one: the task files are fsynced) */
	char *failures; /* one line per bad run */
	size_t nfail, runs;
	double slowest;
	char slowest_name[256];
} sweep;

static char *scratch_dir(void)
{
	char tmpl[] = "/dev/shm/sp-trunc-XXXXXX";
	struct stat st;
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && mkdtemp(tmpl))
		return strdup(tmpl);
	return tst_mkdtemp();
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void note_failure(sweep *s, const char *what, const char *detail)
{
	char *line = NULL, *joined = NULL;
	s->nfail++;
	if (s->nfail > 20)
		return;
	cr_assert(asprintf(&line, "  %s: %s\n", what, detail) > 0);
	cr_assert(asprintf(&joined, "%s%s", s->failures ? s->failures : "", line) > 0);
	free(line);
	free(s->failures);
	s->failures = joined;
}

static void child_exec(const char *scene, const char *out, const char *err, const char *outdir)
{
	int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600),
	    e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int in = open("/dev/null", O_RDONLY);
	if (o < 0 || e < 0 || in < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
		_exit(120);
	setenv("ASAN_OPTIONS", "exitcode=86:detect_leaks=1:allocator_may_return_null=1", 1);
	setenv("UBSAN_OPTIONS", "exitcode=86:halt_on_error=1:print_stacktrace=1", 1);
	setenv("LSAN_OPTIONS", "exitcode=86", 1);
	execl(SP_BINARY, SP_BINARY, "analyze", scene, "-q", "-o", outdir, (char *)NULL);
	_exit(121);
}

/* Run analyze on `scene`: the exit code, 128+signal, or -1 past the time bound (the child is killed). */
static int run_bounded(const sweep *s, const char *scene, double *secs)
{
	char *out = tst_join(s->dir, "stdout"), *err = tst_join(s->dir, "stderr"),
	     *outdir = tst_join(s->dir, "task");
	double start = now_s();
	int status = 0, code;
	pid_t pid = fork(), w;
	cr_assert(pid >= 0);
	if (pid == 0)
		child_exec(scene, out, err, outdir);
	while ((w = waitpid(pid, &status, WNOHANG)) == 0 && now_s() - start < RUN_BOUND_S)
		usleep(2000);
	if (w == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		code = -1;
	} else {
		cr_assert_eq(w, pid);
		code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	}
	*secs = now_s() - start;
	free(out);
	free(err);
	free(outdir);
	return code;
}

/* The first line of the child's stderr that names a sanitizer, else NULL (malloc'd). */
static char *sanitizer_line(const sweep *s)
{
	char *path = tst_join(s->dir, "stderr"), *text = tst_read(path, NULL), *hit = NULL, *found = NULL;
	free(path);
	if (!text)
		return NULL;
	if ((hit = strstr(text, "Sanitizer")) != NULL || (hit = strstr(text, "runtime error:")) != NULL) {
		size_t n = strcspn(hit, "\n");
		found = strndup(hit, n > 200 ? 200 : n);
	}
	free(text);
	return found;
}

static void check_variant(sweep *s, const char *name, const char *what, const unsigned char *data, size_t len)
{
	char *scene = tst_join(s->dir, name), *label = NULL, *san;
	double secs = 0;
	int code;
	tst_write(s->dir, name, (const char *)data, len);
	code = run_bounded(s, scene, &secs);
	s->runs++;
	if (secs > s->slowest) {
		s->slowest = secs;
		snprintf(s->slowest_name, sizeof(s->slowest_name), "%s %s", name, what);
	}
	cr_assert(asprintf(&label, "%s %s", name, what) > 0);
	san = sanitizer_line(s);
	if (code == -1)
		note_failure(s, label, "no answer within the time bound");
	else if (san)
		note_failure(s, label, san);
	else if (code != 0 && code != 1 && code != 3) {
		char detail[64];
		snprintf(detail, sizeof(detail), "exit code %d", code);
		note_failure(s, label, detail);
	}
	free(san);
	free(label);
	unlink(scene);
	free(scene);
}

static uint64_t next_rand(uint64_t *state)
{
	/* xorshift64*: a fixed seed makes every run flip the same bytes */
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ull;
}

static void sweep_file(sweep *s, const char *path, const char *name, uint64_t seed)
{
	size_t len = 0, prev = (size_t)-1;
	unsigned char *data = (unsigned char *)tst_read(path, &len), *copy;
	const size_t cut_at[CUTS] = {0,       1,       16,      64,          512,         len / 8,
	                             len / 4, len / 3, len / 2, 2 * len / 3, 7 * len / 8, len - 1};
	char what[64];
	cr_assert_not_null(data, "cannot read %s", path);
	for (size_t i = 0; i < CUTS; i++) {
		size_t at = cut_at[i] < len ? cut_at[i] : len;
		if (at == prev)
			continue;
		prev = at;
		snprintf(what, sizeof(what), "cut at %zu of %zu", at, len);
		check_variant(s, name, what, data, at);
	}
	copy = malloc(len ? len : 1);
	cr_assert_not_null(copy);
	for (size_t f = 0; f < FLIPS && len > 0; f++) {
		/* the first variant flips bytes in the headers, the others anywhere */
		size_t span = f == 0 && len > 4096 ? 4096 : len;
		memcpy(copy, data, len);
		for (size_t k = 0; k < FLIPPED_BYTES; k++)
			copy[next_rand(&seed) % span] ^= (unsigned char)(1u + next_rand(&seed) % 255u);
		snprintf(what, sizeof(what), "flip set %zu", f);
		check_variant(s, name, what, copy, len);
	}
	free(copy);
	free(data);
}

static void sweep_kind(const char *kind)
{
	char *folder = tst_corpus(kind);
	DIR *d = opendir(folder);
	struct dirent *e;
	sweep s = {0};
	uint64_t seed = 0x5eed5eed12345678ull;
	double start = now_s();
	size_t files = 0;
	if (!d) {
		free(folder);
		cr_skip_test("no corpus folder %s", kind);
	}
	s.dir = scratch_dir();
	while ((e = readdir(d)) != NULL) {
		char *path;
		if (e->d_name[0] == '.')
			continue;
		path = tst_join(folder, e->d_name);
		sweep_file(&s, path, e->d_name, seed + files++);
		free(path);
	}
	closedir(d);
	cr_log_info("%s: %zu files, %zu runs in %.1f s, slowest %.2f s (%s)", kind, files, s.runs,
	            now_s() - start, s.slowest, s.slowest_name);
	tst_rmtree(s.dir);
	free(s.dir);
	free(folder);
	cr_assert_gt(files, 0, "no scene in the corpus folder %s", kind);
	cr_assert_eq(s.nfail, 0, "%zu of %zu %s runs went wrong:\n%s", s.nfail, s.runs, kind,
	             s.failures ? s.failures : "");
	free(s.failures);
}

/* No Criterion timeout: the bound is per run, and Criterion's timer leaks under ASan. */
TestSuite(truncation_cli);

Test(truncation_cli, maya_ascii_scenes_cut_or_flipped_exit_cleanly)
{
	sweep_kind("maya_ascii");
}
Test(truncation_cli, maya_binary_scenes_cut_or_flipped_exit_cleanly)
{
	sweep_kind("maya_binary");
}
Test(truncation_cli, houdini_scenes_cut_or_flipped_exit_cleanly)
{
	sweep_kind("houdini");
}
Test(truncation_cli, clarisse_projects_cut_or_flipped_exit_cleanly)
{
	sweep_kind("clarisse");
}
