/*
 * Replays fuzz inputs without libFuzzer: every file named on the command
 * line, or inside a folder named there, goes through LLVMFuzzerTestOneInput
 * once.  Registered as a test so every input that ever crashed stays fixed,
 * and every input that was once slow stays fast: an input that takes longer
 * than SP_REPLAY_MAX_SECONDS (default 2; a sanitizer build on a loaded
 * machine takes a tenth of that for the slowest) fails the run.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static double max_seconds = 2, slowest;
static char slowest_path[4096] = "none";

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;
	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    !(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	double t0 = now(), took;
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	took = now() - t0;
	free(buf);
	if (took > slowest) {
		slowest = took;
		snprintf(slowest_path, sizeof(slowest_path), "%s", path);
	}
	return 0;
}

static int run_path(const char *path, size_t *count)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	if (stat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d)) != NULL) {
		char child[4096];
		if (e->d_name[0] == '.')
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
		if (run_path(child, count) < 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	const char *limit = getenv("SP_REPLAY_MAX_SECONDS");
	if (limit && strtod(limit, NULL) > 0)
		max_seconds = strtod(limit, NULL);
	for (int i = 1; i < argc; i++) {
		if (run_path(argv[i], &count) < 0) {
			fprintf(stderr, "cannot read %s\n", argv[i]);
			return 1;
		}
	}
	printf("%zu inputs replayed; the slowest took %.3f s (%s)\n", count, slowest, slowest_path);
	if (slowest > max_seconds) {
		fprintf(stderr, "%s took %.3f s, more than %.1f s\n", slowest_path, slowest, max_seconds);
		return 1;
	}
	return 0;
}
