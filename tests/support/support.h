/* Helpers shared by the Criterion test files. */
#ifndef SP_TEST_SUPPORT_H
#define SP_TEST_SUPPORT_H

#include <stddef.h>

#include <sceneprobe.h>

/* A fresh empty folder under $TMPDIR; removed by tst_rmtree. Returns a malloc'd path. */
char *tst_mkdtemp(void);
void tst_rmtree(const char *path);
/* Write `len` bytes (or strlen when len == (size_t)-1) to dir/name, creating parent folders. */
void tst_write(const char *dir, const char *name, const char *data, size_t len);
/* Whole file as a malloc'd NUL-terminated string, NULL if missing; size to *len if non-NULL. */
char *tst_read(const char *path, size_t *len);
/* malloc'd "a/b". */
char *tst_join(const char *a, const char *b);
/* Corpus file path (malloc'd): SP_CORPUS_DIR "/" rel. */
char *tst_corpus(const char *rel);

/*
 * Run the sceneprobe binary with `args` (a shell-quoted argument string),
 * capturing stdout and stderr (malloc'd, may be NULL pointers to skip).
 * Returns the exit code, or 128+signal when it died of a signal.
 */
int tst_run(const char *args, char **out, char **err);

/*
 * What a reader's tests hold around each test: a context, an empty folder and
 * a scene slot.  Open makes the first two (the scene starts NULL); close frees
 * all three and removes the folder.
 */
void tst_world_open(sp_ctx **ctx, char **dir, sp_scene **scene);
void tst_world_close(sp_ctx **ctx, char **dir, sp_scene **scene);

/* The unit named `name`, or NULL; tst_unit fails the test instead of returning NULL. */
sp_unit *tst_find_unit(const sp_scene *scene, const char *name);
sp_unit *tst_unit(const sp_scene *scene, const char *name);
/* The unit's frames as the task files write them ("1-10[1]"); a static buffer. */
const char *tst_frames(const sp_unit *u);
/* 1 or 0: the unit lists the camera, renderable or not; -1 when it does not list it. */
int tst_camera(const sp_unit *u, const char *name);
/* The file reference declared with `path` as written, or NULL. */
const sp_fileref *tst_file(const sp_scene *scene, const char *path);

/* A Criterion suite whose tests each get a fresh world in the file's own ctx, dir and scene. */
#define TST_WORLD_SUITE(suite, ctx, dir, scene)                                                              \
	static void suite##_setup(void)                                                                      \
	{                                                                                                    \
		tst_world_open(&(ctx), &(dir), &(scene));                                                    \
	}                                                                                                    \
	static void suite##_teardown(void)                                                                   \
	{                                                                                                    \
		tst_world_close(&(ctx), &(dir), &(scene));                                                   \
	}                                                                                                    \
	TestSuite(suite, .init = suite##_setup, .fini = suite##_teardown)

#endif
