/* sceneprobe batch end to end, and a big scene analysed under a memory limit (it streams). */
#define _GNU_SOURCE
#include "support.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *tmp;
static void setup(void)
{
	tmp = tst_mkdtemp();
}
static void teardown(void)
{
	tst_rmtree(tmp);
	free(tmp);
}
TestSuite(batch_cli, .init = setup, .fini = teardown);

/* A clean scene: one layer, a camera, a renderer, one texture that exists. */
static const char good_scene[] = "//Maya ASCII 2023 scene\n"
                                 "requires maya \"2023\";\n"
                                 "requires \"mtoa\" \"5.2.1\";\n"
                                 "createNode transform -s -n \"persp\";\n"
                                 "createNode camera -s -n \"perspShape\" -p \"persp\";\n"
                                 "createNode file -n \"file1\";\n"
                                 "\tsetAttr \".ftn\" -type \"string\" \"%s\";\n"
                                 "createNode renderLayerManager -n \"renderLayerManager\";\n"
                                 "createNode renderLayer -n \"defaultRenderLayer\";\n"
                                 "\tsetAttr \".g\" yes;\n"
                                 "select -ne :defaultRenderGlobals;\n"
                                 "\tsetAttr \".ren\" -type \"string\" \"arnold\";\n"
                                 "\tsetAttr \".an\" yes;\n"
                                 "\tsetAttr \".fs\" 1;\n"
                                 "\tsetAttr \".ef\" 12;\n"
                                 "select -ne :defaultResolution;\n"
                                 "\tsetAttr \".w\" 1280;\n"
                                 "\tsetAttr \".h\" 720;\n"
                                 "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n";

/* dir/name holding good_scene with `texture` as its file texture. */
static void write_scene(const char *name, const char *texture)
{
	char *text = NULL;
	cr_assert(asprintf(&text, good_scene, texture) > 0);
	tst_write(tmp, name, text, (size_t)-1);
	free(text);
}

static int batch(const char *args, char **out, char **err)
{
	char *cmd = NULL;
	int rc;
	cr_assert(asprintf(&cmd, "batch -o '%s/out' %s", tmp, args) > 0);
	rc = tst_run(cmd, out, err);
	free(cmd);
	return rc;
}

static cJSON *read_summary(void)
{
	char *path = tst_join(tmp, "out/batch.json");
	char *text = tst_read(path, NULL);
	cJSON *doc;
	cr_assert_not_null(text, "no batch.json");
	doc = cJSON_Parse(text);
	cr_assert_not_null(doc, "batch.json is not JSON: %s", text);
	free(text);
	free(path);
	return doc;
}

static const char *scene_field(const cJSON *doc, int i, const char *key)
{
	const cJSON *s = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "scenes"), i);
	const cJSON *v = cJSON_GetObjectItem(s, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int has_file(const char *dir, const char *name)
{
	char *d = tst_join(tmp, dir), *p = tst_join(d, name);
	struct stat st;
	int ok = stat(p, &st) == 0;
	free(d);
	free(p);
	return ok;
}

Test(batch_cli, good_missing_and_corrupt_scenes_are_each_reported_and_the_good_one_is_written)
{
	char *out = NULL, *err = NULL, *args = NULL;
	cJSON *doc;
	write_scene("in/a_good.ma", "tex/wood.png");
	tst_write(tmp, "in/tex/wood.png", "png", (size_t)-1);
	/* cut inside a statement: the reader says SP_ECORRUPT */
	tst_write(tmp, "in/b_cut.ma",
	          "//Maya ASCII 2023 scene\ncreateNode file -n \"f\";\n\tsetAttr \".ftn\" -ty", (size_t)-1);
	cr_assert(asprintf(&args, "-j 2 '%s/in' '%s/in/c_missing.ma'", tmp, tmp) > 0);
	cr_assert_eq(batch(args, &out, &err), 3, "%s%s", out, err);
	doc = read_summary();
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "scenes")), 3);
	cr_assert_eq(cJSON_GetObjectItem(doc, "failed")->valueint, 2);
	cr_assert_eq(cJSON_GetObjectItem(doc, "ok")->valueint, 1);
	/* in the order given: the folder's scenes sorted, then the named one */
	cr_assert(strstr(scene_field(doc, 0, "scene"), "a_good.ma"));
	cr_assert_str_eq(scene_field(doc, 0, "status"), "ok");
	cr_assert_str_eq(scene_field(doc, 1, "status"), "failed");
	cr_assert(strstr(scene_field(doc, 1, "error"), "b_cut.ma"), "%s", scene_field(doc, 1, "error"));
	cr_assert_str_eq(scene_field(doc, 2, "status"), "failed");
	cr_assert(strstr(scene_field(doc, 2, "error"), "c_missing.ma"), "%s", scene_field(doc, 2, "error"));
	cr_assert(cJSON_IsObject(
	    cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "scenes"), 0), "summary")));
	cr_assert(has_file("out/a_good", "task.json") && has_file("out/a_good", "upload.json"));
	cr_assert(has_file("out/a_good", "asset.json") && has_file("out/a_good", "tips.json"));
	cr_assert(!has_file("out/c_missing", "task.json"));
	/* the table names every scene */
	cr_assert(strstr(out, "a_good.ma") && strstr(out, "b_cut.ma") && strstr(out, "c_missing.ma"), "%s",
	          out);
	cr_assert(strstr(out, "1 clean, 0 with error tips, 2 failed"), "%s", out);
	cJSON_Delete(doc);
	free(args);
	free(out);
	free(err);
}

Test(batch_cli, exit_code_is_zero_only_when_every_scene_is_clean)
{
	char *args = NULL;
	write_scene("in/one.ma", "tex/wood.png");
	write_scene("in/two.ma", "tex/wood.png");
	tst_write(tmp, "in/tex/wood.png", "png", (size_t)-1);
	cr_assert(asprintf(&args, "-q '%s/in'", tmp) > 0);
	cr_assert_eq(batch(args, NULL, NULL), 0);
	/* a missing texture is an error tip: the batch still runs through, and says so */
	write_scene("in/three.ma", "tex/gone.png");
	cr_assert_eq(batch(args, NULL, NULL), 1);
	cJSON *doc = read_summary();
	cr_assert_eq(cJSON_GetObjectItem(doc, "tips")->valueint, 1);
	/* one.ma, three.ma, two.ma: names sorted within a folder */
	cr_assert(strstr(scene_field(doc, 1, "scene"), "three.ma"));
	cr_assert_str_eq(scene_field(doc, 1, "status"), "tips");
	cr_assert_str_eq(scene_field(doc, 2, "status"), "ok");
	cJSON_Delete(doc);
	free(args);
}

/* The four task files of a batch equal those of one analysis per scene, byte for byte. */
Test(batch_cli, task_folders_are_the_same_as_analysing_one_by_one)
{
	static const char *const files[] = {"task.json", "upload.json", "asset.json", "tips.json"};
	static const char *const scenes[] = {"s1", "s2", "s3", "s4", "s5"};
	char *args = NULL;
	for (size_t i = 0; i < 5; i++) {
		char name[32];
		snprintf(name, sizeof(name), "in/%s.ma", scenes[i]);
		write_scene(name, i % 2 ? "tex/wood.png" : "tex/gone.<UDIM>.exr");
	}
	tst_write(tmp, "in/tex/wood.png", "png", (size_t)-1);
	cr_assert(asprintf(&args, "-j 3 -q --os linux '%s/in'", tmp) > 0);
	cr_assert_eq(batch(args, NULL, NULL), 1);
	free(args);
	for (size_t i = 0; i < 5; i++) {
		cr_assert(asprintf(&args, "analyze '%s/in/%s.ma' -o '%s/one/%s' -q --os linux", tmp,
		                   scenes[i], tmp, scenes[i]) > 0);
		tst_run(args, NULL, NULL);
		free(args);
		for (size_t k = 0; k < 4; k++) {
			char *a = NULL, *b = NULL, *ta, *tb;
			cr_assert(asprintf(&a, "%s/out/%s/%s", tmp, scenes[i], files[k]) > 0);
			cr_assert(asprintf(&b, "%s/one/%s/%s", tmp, scenes[i], files[k]) > 0);
			ta = tst_read(a, NULL);
			tb = tst_read(b, NULL);
			cr_assert(ta && tb, "%s or %s is missing", a, b);
			cr_assert_str_eq(ta, tb, "%s differs from %s", a, b);
			free(ta);
			free(tb);
			free(a);
			free(b);
		}
	}
}

Test(batch_cli, scenes_with_the_same_name_get_numbered_task_folders)
{
	char *args = NULL;
	write_scene("x/shot.ma", "tex/wood.png");
	write_scene("y/shot.ma", "tex/wood.png");
	write_scene("z/shot.ma", "tex/wood.png");
	cr_assert(asprintf(&args, "-q '%s/x' '%s/y' '%s/z'", tmp, tmp, tmp) > 0);
	batch(args, NULL, NULL);
	cr_assert(has_file("out/shot", "task.json"));
	cr_assert(has_file("out/shot-2", "task.json"));
	cr_assert(has_file("out/shot-3", "task.json"));
	cJSON *doc = read_summary();
	cr_assert(strstr(scene_field(doc, 1, "scene"), "/y/shot.ma"));
	cr_assert(strstr(scene_field(doc, 1, "task_dir"), "/out/shot-2"));
	cJSON_Delete(doc);
	free(args);
}

Test(batch_cli, bad_command_lines_are_usage_errors)
{
	char *err = NULL;
	cr_assert_eq(tst_run("batch somewhere.ma", NULL, &err), 2);
	cr_assert(strstr(err, "-o DIR"), "%s", err);
	free(err);
	cr_assert_eq(batch("-j 0 x.ma", NULL, &err), 2);
	cr_assert(strstr(err, "-j"), "%s", err);
	free(err);
	cr_assert_eq(batch("", NULL, &err), 2);
	free(err);
	cr_assert_eq(batch("--frobnicate x.ma", NULL, &err), 2);
	free(err);
}

Test(batch_cli, an_empty_folder_is_a_warning_and_an_empty_batch)
{
	char *args = NULL, *err = NULL;
	tst_write(tmp, "empty/readme.txt", "no scenes here", (size_t)-1);
	cr_assert(asprintf(&args, "-q '%s/empty'", tmp) > 0);
	cr_assert_eq(batch(args, NULL, &err), 0);
	cr_assert(strstr(err, "no scene files"), "%s", err);
	cJSON *doc = read_summary();
	cr_assert_eq(cJSON_GetObjectItem(doc, "count")->valueint, 0);
	cJSON_Delete(doc);
	free(args);
	free(err);
}

/* ---- progress on a terminal -------------------------------------------------------------------- */

/* Run `sceneprobe <args>` on a pseudo-terminal (script(1)); its output, or NULL when script is missing. */
static char *run_on_terminal(const char *args, double *seconds)
{
	char *cmd = NULL, *log = tst_join(tmp, "terminal.log"), *out;
	struct timespec a, b;
	if (system("command -v script >/dev/null 2>&1") != 0) {
		free(log);
		return NULL;
	}
	cr_assert(asprintf(&cmd, "script -qec \"'%s' %s\" /dev/null > '%s' 2>&1 < /dev/null", SP_BINARY, args,
	                   log) > 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	cr_assert_neq(system(cmd), -1);
	clock_gettime(CLOCK_MONOTONIC, &b);
	*seconds = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	out = tst_read(log, NULL);
	free(cmd);
	free(log);
	return out;
}

Test(batch_cli, a_terminal_gets_a_progress_line_that_is_erased_before_the_table)
{
	char *args = NULL, *out;
	double seconds = 0;
	write_scene("in/one.ma", "tex/wood.png");
	write_scene("in/two.ma", "tex/wood.png");
	cr_assert(asprintf(&args, "batch -o '%s/out' '%s/in'", tmp, tmp) > 0);
	if (!(out = run_on_terminal(args, &seconds)))
		cr_skip_test("script(1) is not installed");
	cr_assert(strstr(out, "sceneprobe: batch: "), "%s", out);
	cr_assert(strstr(out, "scenes/s"), "%s", out);
	/* erased: what follows the last progress text starts with the erase sequence, then the table */
	cr_assert(strstr(out, "\r\033[KSTATUS"), "%s", out);
	free(out);
	free(args);
	/* not a terminal: no progress line at all */
	char *err = NULL;
	cr_assert(asprintf(&args, "'%s/in'", tmp) > 0);
	batch(args, NULL, &err);
	cr_assert_null(strstr(err ? err : "", "batch: "), "%s", err);
	free(err);
	free(args);
}

/* ---- it still streams ------------------------------------------------------------------------ */

#if defined(__SANITIZE_ADDRESS__)
#define SP_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SP_UNDER_ASAN 1
#endif
#endif

/*
 * A Maya ASCII scene of at least `mb` MB: a texture, a render layer, and
 * mesh statements with long vertex arrays, as production scenes are.
 */
static void write_big_scene(const char *path, size_t mb)
{
	FILE *f = fopen(path, "w");
	size_t target = mb << 20, written = 0;
	cr_assert_not_null(f);
	fprintf(
	    f, "//Maya ASCII 2023 scene\nrequires maya \"2023\";\n"
	       "createNode transform -s -n \"persp\";\ncreateNode camera -s -n \"perspShape\" -p \"persp\";\n"
	       "createNode file -n \"file1\";\n\tsetAttr \".ftn\" -type \"string\" \"tex/wood.png\";\n");
	for (unsigned n = 0; written < target; n++) {
		written += (size_t)fprintf(
		    f, "createNode mesh -n \"geoShape%u\";\n\tsetAttr -s 30000 \".vt[0:29999]\"", n);
		for (unsigned i = 0; i < 30000; i += 3)
			written += (size_t)fprintf(f, "\n\t\t%u.125 -%u.5 0.%06u %u.25 %u.75 -0.%06u %u 1 -1",
			                           i, n, i, i + 1, n, i + 1, i + 2);
		written += (size_t)fprintf(f, ";\n");
	}
	fprintf(f, "createNode renderLayerManager -n \"renderLayerManager\";\n"
	           "createNode renderLayer -n \"defaultRenderLayer\";\n\tsetAttr \".g\" yes;\n"
	           "select -ne :defaultRenderGlobals;\n\tsetAttr \".ren\" -type \"string\" \"arnold\";\n"
	           "connectAttr \"renderLayerManager.rlmi[0]\" \"defaultRenderLayer.rlid\";\n");
	cr_assert_eq(fclose(f), 0);
}

/* The MD5 of a file, in hex, computed here independently of the program under test. */
static void file_md5(const char *path, char hex[33])
{
	unsigned char digest[EVP_MAX_MD_SIZE], *buf = malloc(1 << 20);
	unsigned int len = 0;
	size_t n;
	FILE *f = fopen(path, "rb");
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	cr_assert(f && md && buf && EVP_DigestInit_ex(md, EVP_md5(), NULL));
	while ((n = fread(buf, 1, 1 << 20, f)) > 0)
		cr_assert(EVP_DigestUpdate(md, buf, n));
	cr_assert(EVP_DigestFinal_ex(md, digest, &len) && len == 16);
	for (unsigned i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	EVP_MD_CTX_free(md);
	fclose(f);
	free(buf);
}

/* upload.json's hash of the scene itself. */
static char *scene_hash_in(const char *task_dir)
{
	char *path = tst_join(task_dir, "upload.json"), *text = tst_read(path, NULL), *hash;
	cJSON *doc = text ? cJSON_Parse(text) : NULL;
	const cJSON *h =
	    cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "scene"), 0), "hash");
	cr_assert(cJSON_IsString(h), "no scene hash in %s", path);
	hash = strdup(h->valuestring);
	cJSON_Delete(doc);
	free(text);
	free(path);
	return hash;
}

/* Run `sceneprobe analyze` with an address-space limit (0: none); its exit code and peak RSS in KB. */
static int analyze_limited(const char *scene, const char *out_dir, rlim_t limit, long *rss_kb)
{
	struct rusage ru;
	int status = 0;
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = {limit, limit};
		if (limit && setrlimit(RLIMIT_AS, &rl) < 0)
			_exit(120);
		if (!freopen("/dev/null", "w", stdout))
			_exit(121);
		execl(SP_BINARY, SP_BINARY, "analyze", scene, "-o", out_dir, "-q", (char *)NULL);
		_exit(122);
	}
	cr_assert_eq(wait4(pid, &status, 0, &ru), pid);
	*rss_kb = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Test(batch_cli, a_200_mb_scene_is_analysed_in_bounded_memory, .timeout = 0)
{
	char *scene = tst_join(tmp, "big.ma"), *out = tst_join(tmp, "task");
	struct stat st;
	long rss = 0;
	int rc;
	tst_write(tmp, "tex/wood.png", "png", (size_t)-1);
	write_big_scene(scene, 200);
	cr_assert_eq(stat(scene, &st), 0);
	cr_assert_geq(st.st_size, 200 << 20);
#ifdef SP_UNDER_ASAN
	/* AddressSanitizer reserves terabytes of address space: no RLIMIT_AS, only the peak RSS */
	rc = analyze_limited(scene, out, 0, &rss);
	cr_assert_lt(rss, 150 * 1024, "peak RSS %ld KB", rss);
#else
	/* room for the program, its libraries and two threads, but not for the scene */
	rc = analyze_limited(scene, out, (rlim_t)160 << 20, &rss);
	cr_assert_lt(rss, 100 * 1024, "peak RSS %ld KB", rss);
#endif
	cr_assert_eq(rc, 0, "analyze exited %d", rc);
	/* the hash taken on its own thread while the scene was parsed is the file's */
	char md5[33], *written = scene_hash_in(out);
	file_md5(scene, md5);
	cr_assert_str_eq(written, md5);
	free(written);

	/* A long analysis on a terminal says it is working after a second, then erases that line. */
	char *args = NULL, *term;
	double seconds = 0;
	cr_assert(asprintf(&args, "analyze '%s' -o '%s'", scene, out) > 0);
	if ((term = run_on_terminal(args, &seconds)) != NULL) {
		const char *shown = strstr(term, "sceneprobe: analysing");
		if (seconds > 1.5)
			cr_assert(shown, "%.1f s without a progress line: %s", seconds, term);
		if (shown) {
			cr_assert_geq(seconds, 1.0, "a progress line before a second had passed");
			cr_assert(strstr(term, "\r\033[KMaya 2023"),
			          "the summary does not follow an erased line: %s", term);
		}
		cr_assert(strstr(term, "Maya 2023"), "%s", term);
		free(term);
	}
	free(args);
	free(scene);
	free(out);
}
