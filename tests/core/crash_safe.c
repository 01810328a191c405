/*
 * Crash-safe task directories: whatever step of sp_write_task_dir fails or
 * is killed, the folder holds the previous complete set or the new complete
 * set (once an interrupted switch has been completed, as every command on
 * the folder does first), never a mix and never a half-written file.
 */
#define _GNU_SOURCE
#include "support.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <sceneprobe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "os.h"

static const char *const names[4] = {"task.json", "upload.json", "asset.json", "tips.json"};

static char *tmp, *dir;
static sp_ctx *ctx;
static char *old_set[4], *new_set[4];

enum { HOOK_FAIL, HOOK_STOP };
typedef struct {
	int at;    /* the step (1-based) to act on; 0 never */
	int mode;  /* HOOK_FAIL or HOOK_STOP */
	int count; /* steps seen */
	char step[32];
} hook_state;

static int hook(const char *step, const char *path, void *payload)
{
	hook_state *h = payload;
	(void)path;
	if (++h->count != h->at)
		return 0;
	snprintf(h->step, sizeof(h->step), "%s", step);
	if (h->mode == HOOK_STOP)
		raise(SIGSTOP); /* the parent kills us here */
	return 1;
}

/* An analysed scene whose four files all differ with `tag`. */
static sp_scene *scene_for(sp_ctx *c, const char *tag)
{
	sp_scene *scene = NULL;
	sp_unit *u = NULL;
	sp_frames *f = NULL;
	sp_fileref ref = {0};
	char texture[64], gone[64];
	char *path = tst_join(tmp, "shot.ma");
	snprintf(texture, sizeof(texture), "tex/%s.png", tag);
	snprintf(gone, sizeof(gone), "tex/gone_%s.png", tag);
	tst_write(tmp, texture, tag, (size_t)-1);
	cr_assert_eq(sp_scene_new(&scene, c, SP_APP_MAYA, path), 0);
	free(path);
	cr_assert_eq(sp_frames_parse(&f, c, strcmp(tag, "old") == 0 ? "1-10" : "1-20[2]"), 0);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, tag), 0);
	cr_assert_eq(sp_unit_set_frames(u, f), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_RENDERER, "arnold"), 0);
	ref.kind = SP_REF_TEXTURE;
	ref.node = "file1";
	ref.attr = "fileTextureName";
	ref.path = texture;
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	ref.path = gone;
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	sp_frames_free(f);
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(c));
	return scene;
}

/* The four files of `d` (NULL for a missing one). */
static void read_set(char *out[4], const char *d)
{
	for (size_t i = 0; i < 4; i++) {
		char *p = tst_join(d, names[i]);
		out[i] = tst_read(p, NULL);
		free(p);
	}
}

static void free_set(char *set[4])
{
	for (size_t i = 0; i < 4; i++) {
		free(set[i]);
		set[i] = NULL;
	}
}

/* Write the set of `tag` into `d` with a fresh context and no hook. */
static void write_set(const char *d, const char *tag)
{
	sp_ctx *c = NULL;
	sp_scene *scene;
	cr_assert_eq(sp_ctx_new(&c, NULL), 0);
	scene = scene_for(c, tag);
	cr_assert_eq(sp_write_task_dir(scene, d), 0, "%s", sp_ctx_last_error(c));
	sp_scene_free(scene);
	sp_ctx_free(c);
}

static void setup(void)
{
	char *ref_old, *ref_new;
	tmp = tst_mkdtemp();
	dir = tst_join(tmp, "task");
	tst_write(tmp, "shot.ma", "//Maya ASCII 2023 scene\n", (size_t)-1);
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	ref_old = tst_join(tmp, "ref_old");
	ref_new = tst_join(tmp, "ref_new");
	write_set(ref_old, "old");
	write_set(ref_new, "new");
	read_set(old_set, ref_old);
	read_set(new_set, ref_new);
	for (size_t i = 0; i < 4; i++) {
		cr_assert_not_null(old_set[i]);
		cr_assert_not_null(new_set[i]);
		cr_assert_str_neq(old_set[i], new_set[i], "%s does not change between the sets", names[i]);
	}
	free(ref_old);
	free(ref_new);
}

static void teardown(void)
{
	chmod(dir, 0755);
	free_set(old_set);
	free_set(new_set);
	sp_ctx_free(ctx);
	tst_rmtree(tmp);
	free(tmp);
	free(dir);
}

TestSuite(crash_safe, .init = setup, .fini = teardown);

typedef enum { SET_OLD, SET_NEW, SET_MIXED } set_state;

static int same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Which set `dir` holds; every file must be whole (one set's bytes) whatever happened. */
static set_state state_of(const char *what)
{
	char *now[4];
	size_t olds = 0, news = 0;
	read_set(now, dir);
	for (size_t i = 0; i < 4; i++) {
		cr_assert(same(now[i], old_set[i]) || same(now[i], new_set[i]),
		          "%s: %s is missing or half written", what, names[i]);
		olds += same(now[i], old_set[i]);
		news += same(now[i], new_set[i]);
	}
	free_set(now);
	return olds == 4 ? SET_OLD : news == 4 ? SET_NEW : SET_MIXED;
}

/* Entries of `dir` other than the four files (temporary files, a journal); with `skip_temps`, hidden
 * temporary files ('.' + a task file's name + '.') are not counted: a killed writer cannot remove them. */
static size_t leftovers_but(int skip_temps)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL) {
		int known = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		            (skip_temps &&
		             strncmp(e->d_name, SP_OS_SET_JOURNAL ".", strlen(SP_OS_SET_JOURNAL) + 1) == 0);
		for (size_t i = 0; i < 4; i++) {
			size_t len = strlen(names[i]);
			known |= strcmp(e->d_name, names[i]) == 0;
			known |= skip_temps && e->d_name[0] == '.' &&
			         strncmp(e->d_name + 1, names[i], len) == 0 && e->d_name[len + 1] == '.';
		}
		n += !known;
	}
	closedir(d);
	return n;
}

static size_t leftovers(void)
{
	return leftovers_but(0);
}

static int has_journal(void)
{
	char *p = tst_join(dir, SP_OS_SET_JOURNAL);
	struct stat st;
	int there = stat(p, &st) == 0;
	free(p);
	return there;
}

/* After an interruption: a mixed folder always carries the journal, and completing it gives a whole set. */
static set_state settle(const char *what, int killed)
{
	set_state raw = state_of(what), done;
	if (raw == SET_MIXED)
		cr_assert(has_journal(), "%s: the files mix two sets and no journal says which counts", what);
	cr_assert_eq(sp_os_finish_set(ctx, dir), 0, "%s: %s", what, sp_ctx_last_error(ctx));
	done = state_of(what);
	cr_assert_neq(done, SET_MIXED, "%s: still mixed after the switch was completed", what);
	cr_assert_eq(leftovers_but(killed), 0, "%s: temporary files or the journal stayed behind", what);
	return done;
}

Test(crash_safe, a_failure_at_any_write_step_leaves_one_whole_set)
{
	size_t kept_old = 0, finished_new = 0;
	int step;
	for (step = 1; step < 200; step++) {
		hook_state h = {step, HOOK_FAIL, 0, ""};
		char what[64];
		sp_scene *scene;
		int rc;
		tst_rmtree(dir);
		write_set(dir, "old");
		scene = scene_for(ctx, "new");
		sp__os_set_io_hook(ctx, hook, &h);
		rc = sp_write_task_dir(scene, dir);
		sp__os_set_io_hook(ctx, NULL, NULL);
		sp_scene_free(scene);
		if (rc == 0) {
			cr_assert_lt(h.count, step, "the write succeeded although step %d failed", step);
			cr_assert_eq(state_of("success"), SET_NEW);
			cr_assert_eq(leftovers(), 0);
			break;
		}
		cr_assert_eq(rc, SP_EIO, "step %d (%s): %s", step, h.step, sp_ctx_last_error(ctx));
		snprintf(what, sizeof(what), "failure at step %d (%s)", step, h.step);
		sp_ctx_clear_error(ctx);
		if (settle(what, 0) == SET_OLD)
			kept_old++;
		else
			finished_new++;
	}
	cr_assert_lt(step, 200, "the write never got through");
	/* 4 temporary files (create, write, sync, close each), the journal's own 4 steps, its rename */
	cr_assert_eq(kept_old, 21, "%zu failures kept the old set", kept_old);
	cr_assert_eq(finished_new, 5, "%zu failures came after the commit", finished_new);
}

Test(crash_safe, a_folder_that_turned_read_only_keeps_the_old_set)
{
	sp_scene *scene = scene_for(ctx, "new");
	pid_t pid;
	int status;
	write_set(dir, "old");
	cr_assert_eq(chmod(tmp, 0755), 0);
	cr_assert_eq(chmod(dir, 0555), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		/* no assertion in here: root writes into read-only folders, so it drops to nobody first */
		if (geteuid() == 0 && setuid(65534) != 0)
			_exit(100);
		_exit(-sp_write_task_dir(scene, dir));
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	sp_scene_free(scene);
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), -SP_EIO, "exit %d", WEXITSTATUS(status));
	cr_assert_eq(chmod(dir, 0755), 0);
	cr_assert_eq(state_of("read-only folder"), SET_OLD);
	cr_assert_eq(leftovers(), 0);
}

Test(crash_safe, a_process_killed_between_any_two_steps_leaves_one_whole_set)
{
	size_t kept_old = 0, finished_new = 0;
	int step;
	for (step = 1; step < 200; step++) {
		hook_state h = {step, HOOK_STOP, 0, ""};
		sp_scene *scene;
		char what[64];
		int status;
		pid_t pid;
		tst_rmtree(dir);
		write_set(dir, "old");
		scene = scene_for(ctx, "new");
		pid = fork();
		cr_assert_geq(pid, 0);
		if (pid == 0) {
			/* no assertion in here: the child only writes */
			sp__os_set_io_hook(ctx, hook, &h);
			_exit(-sp_write_task_dir(scene, dir));
		}
		cr_assert_eq(waitpid(pid, &status, WUNTRACED), pid);
		sp_scene_free(scene);
		if (WIFEXITED(status)) {
			/* fewer steps than `step`: the write went through */
			cr_assert_eq(WEXITSTATUS(status), 0);
			cr_assert_eq(state_of("success"), SET_NEW);
			break;
		}
		cr_assert(WIFSTOPPED(status));
		cr_assert_eq(kill(pid, SIGKILL), 0);
		cr_assert_eq(waitpid(pid, &status, 0), pid);
		cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		snprintf(what, sizeof(what), "kill before step %d", step);
		if (settle(what, 1) == SET_OLD)
			kept_old++;
		else
			finished_new++;
	}
	cr_assert_lt(step, 200, "the write never got through");
	cr_assert_eq(kept_old, 21, "%zu kills kept the old set", kept_old);
	cr_assert_eq(finished_new, 5, "%zu kills came after the commit", finished_new);
}

Test(crash_safe, the_next_command_on_the_folder_completes_an_interrupted_switch)
{
	hook_state h = {0, HOOK_FAIL, 0, ""};
	sp_scene *scene;
	write_set(dir, "old");
	/* count the steps, then fail the third rename: two files are new, two are old */
	scene = scene_for(ctx, "new");
	sp__os_set_io_hook(ctx, hook, &h);
	cr_assert_eq(sp_write_task_dir(scene, dir), 0);
	tst_rmtree(dir);
	write_set(dir, "old");
	h.at = h.count - 2; /* renames come last: journal, task, upload, asset, tips, remove-journal */
	h.count = 0;
	cr_assert_eq(sp_write_task_dir(scene, dir), SP_EIO);
	sp__os_set_io_hook(ctx, NULL, NULL);
	sp_ctx_clear_error(ctx);
	cr_assert_str_eq(h.step, "rename");
	cr_assert_eq(state_of("third rename failed"), SET_MIXED);
	cr_assert(has_journal());
	cr_assert_eq(sp_taskdir_set(ctx, dir, "frames_per_task", "2"), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_not(has_journal());
	/* task.json now carries the edit; the other three are the new set's */
	{
		char *now[4];
		read_set(now, dir);
		cr_assert_not_null(strstr(now[0], "\"frames_per_task\":\t\"2\""), "%s", now[0]);
		for (size_t i = 1; i < 4; i++)
			cr_assert_str_eq(now[i], new_set[i], "%s", names[i]);
		free_set(now);
	}
	sp_scene_free(scene);
}

Test(crash_safe, a_journal_naming_paths_outside_the_folder_renames_nothing)
{
	char *outside = tst_join(tmp, "victim");
	write_set(dir, "old");
	tst_write(tmp, "victim", "keep me", (size_t)-1);
	tst_write(dir, SP_OS_SET_JOURNAL, ".task.json.AAAAAA\ttask.json\n../victim\tasset.json\n",
	          (size_t)-1);
	tst_write(dir, ".task.json.AAAAAA", "{}", (size_t)-1);
	cr_assert_eq(sp_os_finish_set(ctx, dir), SP_ECORRUPT);
	cr_assert_eq(state_of("hostile journal"), SET_OLD);
	{
		char *v = tst_read(outside, NULL);
		cr_assert_str_eq(v, "keep me");
		free(v);
	}
	free(outside);
}
