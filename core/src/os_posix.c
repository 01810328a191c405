/* The platform layer for Linux and macOS (see os.h; the portable part is os_common.c). */
#define _XOPEN_SOURCE 700 /* realpath() */
#ifdef __linux__
#define _GNU_SOURCE /* sync_file_range() */
#elif defined(__APPLE__)
#define _DARWIN_C_SOURCE /* RTLD_NOLOAD and RTLD_NODELETE, hidden by _POSIX_C_SOURCE */
#endif
#include "os.h"
#include "ctx.h"
#include "sp/paths.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static int os_fail(sp_ctx *ctx, const char *what, const char *path, int err)
{
	int code = (err == ENOENT || err == ENOTDIR) ? SP_ENOTFOUND : SP_EIO;
	if (err == ENOMEM)
		code = SP_ENOMEM;
	return sp_ctx_error(ctx, code, "%s '%s': %s", what, path, strerror(err));
}

int sp_os_stat(sp_ctx *ctx, const char *path, sp_os_stat_info *out)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return os_fail(ctx, "stat", path, errno);
	out->is_dir = S_ISDIR(st.st_mode) ? 1 : 0;
	out->size = (uint64_t)st.st_size;
	out->mtime = (int64_t)st.st_mtime;
	return 0;
}

int sp__os_read_dir(sp_ctx *ctx, const char *dir, sp_strvec *names)
{
	DIR *d = opendir(dir);
	int error = 0;
	if (!d)
		return os_fail(ctx, "cannot list folder", dir, errno);
	for (;;) {
		struct dirent *e;
		errno = 0;
		e = readdir(d);
		if (!e) {
			if (errno != 0)
				error = os_fail(ctx, "cannot list folder", dir, errno);
			break;
		}
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (sp_strvec_push(names, e->d_name) < 0) {
			error = sp__oom(ctx);
			break;
		}
	}
	closedir(d);
	return error;
}

int sp__os_realpath(sp_buf *out, const char *path)
{
	char *real = realpath(path, NULL);
	int error;
	if (!real)
		return -1;
	sp_buf_clear(out);
	error = sp_buf_puts(out, real);
	free(real);
	if (error < 0) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

FILE *sp__os_fopen(const char *path)
{
	return fopen(path, "rb");
}

FILE *sp_os_fopen_read(sp_ctx *ctx, const char *path)
{
	FILE *f = sp__os_fopen(path);
	if (!f)
		os_fail(ctx, "cannot open", path, errno);
	return f;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* ---- temporary files (sp_os_tmp_* in os_common.c) ------------------------------------ */

int sp__os_tmp_create(intptr_t *handle_out, const char *dir, const char *prefix, sp_buf *path)
{
	size_t dlen = strlen(dir);
	int fd;
	sp_buf_clear(path);
	if (sp_buf_printf(path, "%s%s%sXXXXXX", dir, dlen && dir[dlen - 1] == '/' ? "" : "/", prefix) < 0) {
		errno = ENOMEM;
		return -1;
	}
	if ((fd = mkstemp(path->ptr)) < 0)
		return -1;
	/* mkstemp makes 0600 files; task files are read by other farm tools. */
	if (fchmod(fd, 0644) != 0) {
		int err = errno;
		close(fd);
		unlink(path->ptr);
		errno = err;
		return -1;
	}
	*handle_out = (intptr_t)fd;
	return 0;
}

int sp__os_tmp_write(intptr_t handle, const char *data, size_t len)
{
	return write_all((int)handle, data, len);
}

void sp__os_tmp_start_sync(intptr_t handle)
{
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
	/* start writeback now; the fsync that follows only waits for it */
	(void)sync_file_range((int)handle, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
	(void)handle;
#endif
}

int sp__os_tmp_sync(intptr_t handle)
{
	int rc;
	while ((rc = fsync((int)handle)) != 0 && errno == EINTR)
		;
	return rc;
}

int sp__os_tmp_close(intptr_t handle)
{
	return close((int)handle);
}

/* ---- primitives for os_common.c ------------------------------------------------------ */

size_t sp__os_root_length(const char *path)
{
	return path[0] == '/' ? 1 : 0;
}

int sp__os_mkdir_one(const char *path)
{
	return mkdir(path, 0777);
}

int sp__os_rename(const char *from, const char *to)
{
	return rename(from, to);
}

int sp__os_unlink(const char *path)
{
	return unlink(path);
}

int sp__os_lexists(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0)
		return 1;
	return errno == ENOENT ? 0 : -1;
}

void sp__os_sync_folder(const char *dir)
{
	/* Make new directory entries durable; some file systems refuse fsync on folders. */
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

int sp_os_file_id(const char *path, uint64_t *dev_out, uint64_t *ino_out)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	*dev_out = (uint64_t)st.st_dev;
	*ino_out = (uint64_t)st.st_ino;
	return 0;
}

void sp_os_remove_quiet(const char *path)
{
	if (path)
		(void)unlink(path);
}

int sp_os_getcwd(sp_ctx *ctx, sp_buf *out)
{
	size_t cap = 256;
	char *buf = NULL;
	for (;;) {
		char *grown = sp__realloc(buf, cap);
		if (!grown) {
			sp__free(buf);
			return sp__oom(ctx);
		}
		buf = grown;
		if (getcwd(buf, cap))
			break;
		if (errno != ERANGE || cap > ((size_t)1 << 20)) {
			int err = errno;
			sp__free(buf);
			return sp_ctx_error(ctx, SP_EIO, "cannot read the current folder: %s", strerror(err));
		}
		cap *= 2;
	}
	sp_buf_clear(out);
	int error = sp_buf_puts(out, buf);
	sp__free(buf);
	return error < 0 ? sp__oom(ctx) : 0;
}

int sp_os_home_dir(sp_ctx *ctx, sp_buf *out)
{
	const char *home = sp_ctx_getenv(ctx, "HOME");
	struct passwd pw, *found = NULL;
	char buf[4096];
	if (!home || !*home) {
		int rc = getpwuid_r(getuid(), &pw, buf, sizeof(buf), &found);
		if (rc != 0 || !found || !found->pw_dir || !*found->pw_dir)
			return sp_ctx_error(ctx, SP_ENOTFOUND,
			                    "cannot find the home folder: HOME is unset and "
			                    "the user database has no entry");
		home = found->pw_dir;
	}
	sp_buf_clear(out);
	return sp_buf_puts(out, home) < 0 ? sp__oom(ctx) : 0;
}

long sp_os_pid(void)
{
	return (long)getpid();
}

int sp_os_absolute(sp_ctx *ctx, sp_buf *out, const char *path)
{
	sp_buf joined = SP_BUF_INIT;
	int error = 0;
	if (path[0] != '/') {
		error = sp_os_getcwd(ctx, &joined);
		if (error < 0)
			goto done;
		if (*path && sp_buf_printf(&joined, "/%s", path) < 0)
			error = sp__oom(ctx);
	} else if (sp_buf_puts(&joined, path) < 0) {
		error = sp__oom(ctx);
	}
	if (error == 0 && sp_path_normalize(out, joined.ptr) < 0)
		error = sp__oom(ctx);
done:
	sp_buf_dispose(&joined);
	return error;
}

/* ---- appended for the farm client (submit) ------------------------------------------ */

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

int sp_os_config_dir(sp_ctx *ctx, sp_buf *out)
{
	const char *xdg = sp_ctx_getenv(ctx, "XDG_CONFIG_HOME");
	int error;
	/* The XDG rules ignore a relative value. */
	if (xdg && xdg[0] == '/') {
		sp_buf_clear(out);
		return sp_buf_puts(out, xdg) < 0 ? sp__oom(ctx) : 0;
	}
	error = sp_os_home_dir(ctx, out);
	if (error == 0 && sp_buf_puts(out, "/.config") < 0)
		error = sp__oom(ctx);
	return error;
}

int sp_os_check_private(sp_ctx *ctx, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return os_fail(ctx, "cannot read", path, errno);
	if (!S_ISREG(st.st_mode))
		return sp_ctx_error(ctx, SP_EAUTH, "'%s' is not a regular file", path);
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		return sp_ctx_error(ctx, SP_EAUTH,
		                    "'%s' holds a secret but other users can read it (mode %03o); "
		                    "run 'chmod 600 %s'",
		                    path, (unsigned)(st.st_mode & 0777), path);
	return 0;
}

int sp_os_is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int sp_os_find_program(sp_ctx *ctx, const char *name, sp_buf *out)
{
	const char *path = sp_ctx_getenv(ctx, "PATH");
	sp_buf cand = SP_BUF_INIT;
	if (strchr(name, '/')) {
		sp_buf_clear(out);
		if (!sp_os_is_executable(name))
			return sp_ctx_error(ctx, SP_ENOTFOUND, "'%s' is not an executable file", name);
		return sp_buf_puts(out, name) < 0 ? sp__oom(ctx) : 0;
	}
	for (const char *p = path ? path : ""; *p;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		sp_buf_clear(&cand);
		if (sp_buf_put(&cand, len ? p : ".", len ? len : 1) < 0 ||
		    sp_buf_printf(&cand, "/%s", name) < 0) {
			sp_buf_dispose(&cand);
			return sp__oom(ctx);
		}
		if (sp_os_is_executable(cand.ptr)) {
			sp_buf_clear(out);
			int error = sp_buf_puts(out, cand.ptr) < 0 ? sp__oom(ctx) : 0;
			sp_buf_dispose(&cand);
			return error;
		}
		p += len + (end ? 1 : 0);
	}
	sp_buf_dispose(&cand);
	return sp_ctx_error(ctx, SP_ENOTFOUND, "'%s' is not on PATH", name);
}

/* Every pipe end is close-on-exec: the child keeps only the copies dup2 makes on 0, 1 and 2. */
static int spawn_child(pid_t *pid, sp_ctx *ctx, const char *const *argv, int in_fd, int out_fd)
{
	posix_spawn_file_actions_t fa;
	int rc;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return sp__oom(ctx);
	rc = posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, out_fd, 2);
	/* posix_spawn takes char *const[]; it does not write through them. */
	if (rc == 0)
		rc = posix_spawn(pid, argv[0], &fa, NULL, (char *const *)(uintptr_t)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return sp_ctx_error(ctx, SP_ENOTFOUND, "cannot run '%s': %s", argv[0], strerror(rc));
	return 0;
}

static int make_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return -1;
	if (fcntl(fds[0], F_SETFD, FD_CLOEXEC) != 0 || fcntl(fds[1], F_SETFD, FD_CLOEXEC) != 0)
		return -1;
	return 0;
}

static int wait_child(pid_t pid)
{
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 127;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 127;
}

int sp_os_run(sp_ctx *ctx, const char *const *argv, sp_os_line_fn cb, void *payload, int *exit_out)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1}, error = 0;
	char buf[SP_OS_MAX_LINE + 1];
	size_t have = 0;
	pid_t pid = 0;

	if (make_pipe(in) != 0 || make_pipe(out) != 0) {
		error = sp_ctx_error(ctx, SP_EIO, "cannot create a pipe: %s", strerror(errno));
		goto done;
	}
	/*
	 * The vendor's tool asks for confirmation; the SDK answers with "echo y|".
	 * Written before the child exists, while we hold the read end, so the
	 * write can neither block nor raise SIGPIPE if the child never reads.
	 */
	if (write_all(in[1], "y\n", 2) != 0) {
		error = sp_ctx_error(ctx, SP_EIO, "cannot write to a pipe: %s", strerror(errno));
		goto done;
	}
	close(in[1]);
	in[1] = -1;
	error = spawn_child(&pid, ctx, argv, in[0], out[1]);
	if (error < 0)
		goto done;
	close(out[1]);
	out[1] = -1;
	for (;;) {
		ssize_t n = read(out[0], buf + have, SP_OS_MAX_LINE - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have = sp__os_emit_lines(buf, have + (size_t)n, 0, cb, payload);
	}
	sp__os_emit_lines(buf, have, 1, cb, payload);
	*exit_out = wait_child(pid);
done:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	return error;
}

void sp_os_sleep_ms(long ms)
{
	struct timespec ts, rem;
	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &rem) != 0 && errno == EINTR)
		ts = rem;
}

/* ---- shared libraries loaded at run time ------------------------------------------------------- */

#include <dlfcn.h>

int sp__os_dlopen(sp_os_lib **out, sp_ctx *ctx, const char *name, int flags)
{
	int mode = RTLD_NOW | RTLD_LOCAL;
	void *h;
	if (flags & SP_OS_LIB_LOADED_ONLY)
		mode |= RTLD_NOLOAD;
	if (flags & SP_OS_LIB_PIN)
		mode |= RTLD_NODELETE;
	*out = NULL;
	h = dlopen(name, mode);
	if (!h) {
		const char *why = dlerror();
		return sp_ctx_error(ctx, SP_ENOTFOUND, "cannot load %s: %s", name,
		                    why                               ? why
		                    : (flags & SP_OS_LIB_LOADED_ONLY) ? "not loaded"
		                                                      : "unknown reason");
	}
	*out = (sp_os_lib *)h;
	return 0;
}

int sp__os_dlsym(sp_os_fn *out, sp_ctx *ctx, sp_os_lib *lib, const char *symbol)
{
	void *p;
	const char *why;
	(void)dlerror(); /* a NULL address is only an error when dlerror() says so */
	p = dlsym(lib, symbol);
	why = dlerror();
	*out = NULL;
	if (!p || why)
		return sp_ctx_error(ctx, SP_ENOTFOUND, "symbol %s: %s", symbol, why ? why : "null address");
	/* POSIX guarantees a function's address survives the trip through void *. */
	*out = (sp_os_fn)p;
	return 0;
}

void sp__os_dlclose(sp_os_lib *lib)
{
	if (lib)
		(void)dlclose(lib);
}

const char *const *sp__os_libcurl_names(void)
{
#ifdef __APPLE__
	static const char *const names[] = {"libcurl.4.dylib", NULL};
#else
	static const char *const names[] = {"libcurl.so.4", NULL};
#endif
	return names;
}
