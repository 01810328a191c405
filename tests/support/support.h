/* Helpers shared by the Criterion test files. */
#ifndef SP_TEST_SUPPORT_H
#define SP_TEST_SUPPORT_H

#include <stddef.h>

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

#endif
