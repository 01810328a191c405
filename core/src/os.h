/*
 * The platform layer: every file-system call the core makes goes through
 * here.  Paths are UTF-8 with "/" separators; only os_win32.c knows about
 * wide strings and drive letters.  os_posix.c implements it for Linux and
 * macOS, os_win32.c for Windows; os_common.c holds what is the same on both.
 */
#ifndef SP_OS_H
#define SP_OS_H

#include "util.h"

#include <stdio.h>

typedef struct {
	int is_dir;
	uint64_t size;
	int64_t mtime; /* seconds since the epoch */
} sp_os_stat_info;

/* 0, SP_ENOTFOUND when nothing is there, SP_EIO otherwise (message names the path). */
int sp_os_stat(sp_ctx *ctx, const char *path, sp_os_stat_info *out);

/* Names (not paths) of the entries of `dir`, sorted bytewise, without "." and "..". */
int sp_os_list_dir(sp_ctx *ctx, const char *dir, sp_strvec *names_out);

/* Create `dir` and its parents; an existing folder is fine. */
int sp_os_mkdir_p(sp_ctx *ctx, const char *dir);

/* Open for reading in binary mode; NULL with an error on ctx. */
FILE *sp_os_fopen_read(sp_ctx *ctx, const char *path);

/*
 * Write `len` bytes to a new temporary file in `dir` whose name starts with
 * `prefix`, flush and fsync it; the path goes to `tmp_path_out`.  On failure
 * nothing is left behind.
 */
int sp_os_write_temp(sp_ctx *ctx, const char *dir, const char *prefix, const char *data, size_t len,
                     sp_buf *tmp_path_out);

/*
 * A temporary file written in pieces, so a large document never has to be
 * whole in memory:
 *
 *     sp_os_tmp_open(&t, ctx, dir, ".task.json.");      (step "create")
 *     sp_os_tmp_write(t, piece, n) ...                  (buffered; "write" at each system write)
 *     sp_os_tmp_commit(t)  or  sp_os_tmp_commit_set(ts, n)   ("write", "sync", "close")
 *     ... sp_os_replace / sp_os_replace_set with sp_os_tmp_path(t) ...
 *     sp_os_tmp_free(t)    (a committed file stays)   or   sp_os_tmp_abort(t) (removed)
 *
 * Writes are buffered (64 KB), so small pieces cost no system call each.
 * Errors are sticky: after a failed write, later writes do nothing and
 * commit returns the first error.  A failed commit leaves the file for
 * sp_os_tmp_abort to remove.  The handle belongs to one thread.
 */
typedef struct sp_os_tmpfile sp_os_tmpfile;

/* A new, empty file in `dir` named `prefix` + a unique tail (mode 0644 on POSIX). */
int sp_os_tmp_open(sp_os_tmpfile **out, sp_ctx *ctx, const char *dir, const char *prefix);
/* Append `len` bytes: 0 or the (sticky) error, SP_EIO with the path. */
int sp_os_tmp_write(sp_os_tmpfile *t, const char *data, size_t len);
/* The file's path ("/" separators), valid until the handle is freed. */
const char *sp_os_tmp_path(const sp_os_tmpfile *t);
/* Flush, fsync and close the file; it keeps its name. */
int sp_os_tmp_commit(sp_os_tmpfile *t);
/*
 * Commit `n` files together: every buffer is flushed and the system asked to
 * start writing all of them back before the first fsync waits, so a set costs
 * about one round trip to the disk rather than one per file.  Stops at the
 * first error (the others are left for sp_os_tmp_abort).
 */
int sp_os_tmp_commit_set(sp_os_tmpfile *const *files, size_t n);
/* Close (when open) and remove the file, then free the handle.  NULL is a no-op. */
void sp_os_tmp_abort(sp_os_tmpfile *t);
/* Free the handle: a committed file stays on disk, one not committed is aborted.  NULL is a no-op. */
void sp_os_tmp_free(sp_os_tmpfile *t);

/* Atomically replace `final_path` with `tmp_path` (rename, then fsync the folder). */
int sp_os_replace(sp_ctx *ctx, const char *tmp_path, const char *final_path);

/*
 * Replace `n` files of `dir` as one set: tmp_paths[i] (temporary files made
 * by sp_os_write_temp in `dir`) become dir/names[i].  Renames of several
 * files cannot be one atomic step, so a journal is committed first: the file
 * SP_OS_SET_JOURNAL in `dir`, listing every pair, written to a temporary
 * file, fsynced and renamed into place.  Then the files are renamed and the
 * journal removed.
 *
 * A failure before the journal is in place leaves the old set (the caller
 * removes its temporary files).  Once the journal is in place the new set is
 * decided: a failure or a crash during the renames leaves the journal, and
 * sp_os_finish_set (called by everything in the core that reads or writes a
 * task directory) completes the renames.  After an error the caller must
 * not remove temporary files: *committed_out tells whether the journal went
 * in (1, the temporary files now belong to it) or not (0).
 */
int sp_os_replace_set(sp_ctx *ctx, const char *dir, const char *const *tmp_paths, const char *const *names,
                      size_t n, int *committed_out);

/*
 * Complete a set replacement that a crash or an error interrupted: when
 * `dir` holds a journal, rename each listed temporary file that still
 * exists to its final name, then remove the journal.  0 when there was
 * nothing to do.  Journal entries must be plain names inside `dir` (no
 * separator, not "." or ".."); a journal naming anything else is
 * SP_ECORRUPT and nothing is renamed.
 */
int sp_os_finish_set(sp_ctx *ctx, const char *dir);

#define SP_OS_SET_JOURNAL ".sceneprobe-set"

/*
 * Test hook for the write path: `hook` is called before each step that
 * can fail on a real disk ("create", "write", "sync" and "close" of a
 * temporary file, "journal", "rename", "remove-journal") with the path
 * involved; a non-zero return makes that step fail with SP_EIO as if the
 * disk had refused it.  Lives on the context (no global state); NULL
 * turns it off.  Only tests call this.
 */
void sp__os_set_io_hook(sp_ctx *ctx, int (*hook)(const char *step, const char *path, void *payload),
                        void *payload);

/*
 * A file's identity (device and inode, or volume serial and file index),
 * following symlinks: two paths naming one folder get the same id.
 * 0, or -1 when it cannot be had.
 */
int sp_os_file_id(const char *path, uint64_t *dev_out, uint64_t *ino_out);

/* Remove a file, ignoring errors (cleanup paths). */
void sp_os_remove_quiet(const char *path);

/* Current directory, the user's home, the process id. */
int sp_os_getcwd(sp_ctx *ctx, sp_buf *out);
int sp_os_home_dir(sp_ctx *ctx, sp_buf *out);
long sp_os_pid(void);

/* Make `path` absolute against the current directory (no symlink resolution), "/" separators. */
int sp_os_absolute(sp_ctx *ctx, sp_buf *out, const char *path);

/* ---- appended for the farm client (submit) ------------------------------------------ */

/* The user's configuration folder ($XDG_CONFIG_HOME, else ~/.config; %APPDATA% on Windows). */
int sp_os_config_dir(sp_ctx *ctx, sp_buf *out);

/*
 * 0 when `path` is a regular file only its owner can read or write;
 * SP_ENOTFOUND when it does not exist; SP_EAUTH (message names the path and
 * the fix) when other users can read or write it.
 */
int sp_os_check_private(sp_ctx *ctx, const char *path);

/* The first executable `name` in the folders of $PATH (sp_ctx_getenv); SP_ENOTFOUND if none. */
int sp_os_find_program(sp_ctx *ctx, const char *name, sp_buf *out);

/* 1 when `path` names an executable regular file. */
int sp_os_is_executable(const char *path);

/* Called with each line (without the end of line) a child prints; `\r` also ends a line. */
typedef void (*sp_os_line_fn)(const char *line, void *payload);

/*
 * Run argv[0] with `argv` (NULL-terminated; no shell), stdin fed "y\n" then
 * closed, stdout and stderr merged and passed line by line to `cb`.  The exit
 * status goes to `exit_out` (128+signal when killed).  An error only when
 * the program could not be started.
 */
int sp_os_run(sp_ctx *ctx, const char *const *argv, sp_os_line_fn cb, void *payload, int *exit_out);

/* Sleep for `ms` milliseconds (interrupted sleeps resume). */
void sp_os_sleep_ms(long ms);

/*
 * ---- primitives: each platform file implements these for os_common.c ----
 * On failure they return -1 with errno set (os_win32.c maps the system's
 * error codes: ENOENT, EEXIST, EACCES, ENOSPC, else EIO).
 */

/* The length of the root of an absolute path ("/" 1, "C:/" 3, "//server/share/" its length), else 0. */
size_t sp__os_root_length(const char *path);
FILE *sp__os_fopen(const char *path); /* for reading, binary */
/* realpath(): the real path of an existing file or folder, "/" separators; 0 or -1 with errno. */
int sp__os_realpath(sp_buf *out, const char *path);
/* Append the names in `dir` (not "." and "..") in the system's order; an error names the folder. */
int sp__os_read_dir(sp_ctx *ctx, const char *dir, sp_strvec *names);
int sp__os_mkdir_one(const char *path);              /* errno EEXIST when anything is there */
int sp__os_rename(const char *from, const char *to); /* replaces `to` when it exists */
int sp__os_unlink(const char *path);
/* 1 when something is at `path` (symlinks not followed), 0 when nothing is, -1 when it cannot tell. */
int sp__os_lexists(const char *path);
/* Make the entries just renamed into `dir` durable, where the system allows it. */
void sp__os_sync_folder(const char *dir);
/*
 * For sp_os_run: pass the complete lines of buf[0..len) to cb and keep the
 * rest at the start of buf (the new length is returned); `final` passes the
 * rest too.  buf has room for SP_OS_MAX_LINE + 1 bytes; a full buffer with
 * no line end is passed as a line.
 */
#define SP_OS_MAX_LINE 4096 /* a transmitter line longer than this is cut; progress lines are short */
size_t sp__os_emit_lines(char *buf, size_t len, int final, sp_os_line_fn cb, void *payload);
/*
 * Temporary files (for sp_os_tmp_*): a system handle (file descriptor or
 * HANDLE) in an intptr_t.  create makes a new file in `dir` named `prefix` +
 * a unique tail and puts its path in `path`; start_sync asks the system to
 * begin writing the file back without waiting (may do nothing).
 */
int sp__os_tmp_create(intptr_t *handle_out, const char *dir, const char *prefix, sp_buf *path);
int sp__os_tmp_write(intptr_t handle, const char *data, size_t len);
void sp__os_tmp_start_sync(intptr_t handle);
int sp__os_tmp_sync(intptr_t handle);
int sp__os_tmp_close(intptr_t handle);
/* Non-zero when the test hook (sp__os_set_io_hook) wants `step` to fail; errno is then ENOSPC. */
int sp__os_injected(sp_ctx *ctx, const char *step, const char *path);

/* ---- shared libraries loaded at run time (libcurl: only when a network client first needs it) ---- */

/* A loaded library: a dlopen() handle on POSIX, an HMODULE on Windows. */
typedef struct sp_os_lib sp_os_lib;
/* What sp__os_dlsym finds: cast it to the symbol's real type before calling it. */
typedef void (*sp_os_fn)(void);

/*
 * Flags of sp__os_dlopen.  LOADED_ONLY: only a library this process already
 * has loaded (nothing new is loaded).  PIN: never unloaded, even after its
 * last sp__os_dlclose, for libraries with process-wide state or threads
 * (libcurl's global init, OpenSSL's).
 */
#define SP_OS_LIB_LOADED_ONLY 1
#define SP_OS_LIB_PIN         2

/*
 * Load the shared library `name` (a file name, looked up the system's way, or
 * a path), or take another reference to it when it is already loaded.
 * 0, or SP_ENOTFOUND with a message naming `name` and the system's reason
 * (dlerror(), GetLastError()); ctx may be NULL when no message is wanted.
 */
int sp__os_dlopen(sp_os_lib **out, sp_ctx *ctx, const char *name, int flags);
/* The address of `symbol` in `lib`: 0, or SP_ENOTFOUND naming the symbol and the system's reason. */
int sp__os_dlsym(sp_os_fn *out, sp_ctx *ctx, sp_os_lib *lib, const char *symbol);
/* Drop the reference sp__os_dlopen took (a pinned library stays mapped).  NULL is a no-op. */
void sp__os_dlclose(sp_os_lib *lib);
/* The file names libcurl (ABI 4: libcurl 7 and 8) has on this system, most likely first; NULL-terminated. */
const char *const *sp__os_libcurl_names(void);

#endif
