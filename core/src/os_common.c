/*
 * The parts of the platform layer (os.h) that are the same everywhere: the
 * test hook of the write path, creating folder chains, and replacing sets of
 * files through a journal.  They stand on the few primitives os_posix.c and
 * os_win32.c implement (the sp__os_* functions at the end of os.h).
 */
#include "os.h"
#include "ctx.h"
#include "sp/file.h"
#include "sp/paths.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>

void sp__os_set_io_hook(sp_ctx *ctx, int (*hook)(const char *step, const char *path, void *payload),
                        void *payload)
{
	if (!ctx)
		return;
	ctx->io_hook = hook;
	ctx->io_hook_payload = payload;
}

/* Non-zero when the test hook wants `step` to fail; errno is set as a full disk would. */
int sp__os_injected(sp_ctx *ctx, const char *step, const char *path)
{
	if (!ctx || !ctx->io_hook || !ctx->io_hook(step, path, ctx->io_hook_payload))
		return 0;
	errno = ENOSPC;
	return 1;
}

int sp_os_list_dir(sp_ctx *ctx, const char *dir, sp_strvec *names_out)
{
	sp_strvec names = SP_STRVEC_INIT;
	int error = sp__os_read_dir(ctx, dir, &names);
	if (error == 0)
		sp_strvec_sort(&names);
	/* Move the names over; on a failed push the rest are released with `names`. */
	for (size_t i = 0; i < names.count && error == 0; i++) {
		char *name = names.items[i];
		names.items[i] = NULL;
		if (sp_strvec_push_owned(names_out, name) < 0)
			error = sp__oom(ctx);
	}
	sp_strvec_dispose(&names);
	return error;
}

/* ---- temporary files written in pieces -------------------------------------------- */

#define TMP_BUFFER (64 * 1024)

struct sp_os_tmpfile {
	sp_ctx *ctx;
	intptr_t handle;
	int open;      /* the handle is still to be closed */
	int committed; /* flushed, synced and closed */
	int error;     /* the first error, sticky */
	sp_buf path;
	size_t used; /* bytes waiting in buf */
	char buf[TMP_BUFFER];
};

int sp_os_tmp_open(sp_os_tmpfile **out, sp_ctx *ctx, const char *dir, const char *prefix)
{
	sp_os_tmpfile *t;
	*out = NULL;
	if (!(t = sp__malloc(sizeof(*t))))
		return sp__oom(ctx);
	memset(t, 0, offsetof(sp_os_tmpfile, buf));
	t->ctx = ctx;
	if (sp__os_injected(ctx, "create", dir) ||
	    sp__os_tmp_create(&t->handle, dir, prefix, &t->path) != 0) {
		int error = errno == ENOMEM
		                ? sp__oom(ctx)
		                : sp_ctx_error(ctx, SP_EIO, "cannot create a temporary file in '%s': %s", dir,
		                               strerror(errno));
		sp_buf_dispose(&t->path);
		sp__free(t);
		return error;
	}
	t->open = 1;
	*out = t;
	return 0;
}

static int tmp_fail(sp_os_tmpfile *t, const char *what)
{
	if (t->error == 0)
		t->error =
		    sp_ctx_error(t->ctx, SP_EIO, "cannot %s '%s': %s", what, t->path.ptr, strerror(errno));
	return t->error;
}

/* Hand the buffered bytes to the system (one "write" step each time). */
static int tmp_flush(sp_os_tmpfile *t)
{
	if (t->error == 0 && (sp__os_injected(t->ctx, "write", t->path.ptr) ||
	                      sp__os_tmp_write(t->handle, t->buf, t->used) != 0))
		tmp_fail(t, "write");
	t->used = 0;
	return t->error;
}

int sp_os_tmp_write(sp_os_tmpfile *t, const char *data, size_t len)
{
	if (!t)
		return SP_EUSER;
	if (t->error || !t->open)
		return t->error ? t->error : sp_ctx_error(t->ctx, SP_EUSER, "'%s' is closed", t->path.ptr);
	while (len > 0 && t->error == 0) {
		size_t room = TMP_BUFFER - t->used, n = len < room ? len : room;
		memcpy(t->buf + t->used, data, n);
		t->used += n;
		data += n;
		len -= n;
		if (t->used == TMP_BUFFER)
			tmp_flush(t);
	}
	return t->error;
}

const char *sp_os_tmp_path(const sp_os_tmpfile *t)
{
	return t ? t->path.ptr : NULL;
}

static int tmp_close(sp_os_tmpfile *t)
{
	int injected = sp__os_injected(t->ctx, "close", t->path.ptr);
	int saved = errno;
	int rc = sp__os_tmp_close(t->handle);
	t->open = 0;
	if (injected)
		errno = saved;
	if ((injected || rc != 0) && t->error == 0)
		tmp_fail(t, "write");
	return t->error;
}

int sp_os_tmp_commit_set(sp_os_tmpfile *const *files, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		sp_os_tmpfile *t = files[i];
		if (!t || !t->open || t->committed)
			return t ? sp_ctx_error(t->ctx, SP_EUSER, "'%s' is closed", t->path.ptr) : SP_EUSER;
		if (t->error)
			return t->error;
	}
	/* all the data to the system first, and its writeback started, before any fsync waits */
	for (i = 0; i < n; i++) {
		if (tmp_flush(files[i]) < 0)
			return files[i]->error;
		sp__os_tmp_start_sync(files[i]->handle);
	}
	for (i = 0; i < n; i++) {
		sp_os_tmpfile *t = files[i];
		if (sp__os_injected(t->ctx, "sync", t->path.ptr) || sp__os_tmp_sync(t->handle) != 0)
			return tmp_fail(t, "write");
	}
	for (i = 0; i < n; i++) {
		if (tmp_close(files[i]) < 0)
			return files[i]->error;
		files[i]->committed = 1;
	}
	return 0;
}

int sp_os_tmp_commit(sp_os_tmpfile *t)
{
	return sp_os_tmp_commit_set(&t, 1);
}

void sp_os_tmp_abort(sp_os_tmpfile *t)
{
	if (!t)
		return;
	if (t->open)
		(void)sp__os_tmp_close(t->handle);
	sp_os_remove_quiet(t->path.ptr);
	sp_buf_dispose(&t->path);
	sp__free(t);
}

void sp_os_tmp_free(sp_os_tmpfile *t)
{
	if (!t)
		return;
	if (!t->committed) {
		sp_os_tmp_abort(t);
		return;
	}
	sp_buf_dispose(&t->path);
	sp__free(t);
}

int sp_os_write_temp(sp_ctx *ctx, const char *dir, const char *prefix, const char *data, size_t len,
                     sp_buf *tmp_path_out)
{
	sp_os_tmpfile *t = NULL;
	int error = sp_os_tmp_open(&t, ctx, dir, prefix);
	if (error == 0)
		error = sp_os_tmp_write(t, data, len);
	if (error == 0)
		error = sp_os_tmp_commit(t);
	if (error == 0) {
		sp_buf_clear(tmp_path_out);
		if (sp_buf_puts(tmp_path_out, t->path.ptr) < 0)
			error = sp__oom(ctx);
	}
	if (error < 0)
		sp_os_tmp_abort(t);
	else
		sp_os_tmp_free(t);
	return error;
}

static int mkdir_one(sp_ctx *ctx, const char *path)
{
	sp_os_stat_info st;
	if (sp__os_mkdir_one(path) == 0)
		return 0;
	if (errno == EEXIST && sp_os_stat(ctx, path, &st) == 0 && st.is_dir)
		return 0;
	if (errno == EEXIST)
		return sp_ctx_error(ctx, SP_EIO, "cannot create folder '%s': a file is in the way", path);
	return sp_ctx_error(ctx, SP_EIO, "cannot create folder '%s': %s", path, strerror(errno));
}

int sp_os_mkdir_p(sp_ctx *ctx, const char *dir)
{
	char *path = sp__strdup(dir);
	int error = 0;
	if (!path)
		return sp__oom(ctx);
	/* Create each prefix that ends at a separator after the root ("/", "C:/", "//server/share/"). */
	for (char *p = path + sp__os_root_length(path); *p && error == 0; p++) {
		if (*p != '/' || p == path || p[-1] == '/')
			continue;
		*p = '\0';
		error = mkdir_one(ctx, path);
		*p = '/';
	}
	if (error == 0 && *path)
		error = mkdir_one(ctx, path);
	sp__free(path);
	return error;
}

static int rename_step(sp_ctx *ctx, const char *from, const char *to)
{
	if (sp__os_injected(ctx, "rename", to) || sp__os_rename(from, to) != 0)
		return sp_ctx_error(ctx, SP_EIO, "cannot rename '%s' to '%s': %s", from, to, strerror(errno));
	return 0;
}

int sp_os_replace(sp_ctx *ctx, const char *tmp_path, const char *final_path)
{
	sp_buf dir = SP_BUF_INIT;
	int error = rename_step(ctx, tmp_path, final_path);
	if (error < 0)
		return error;
	if (sp_path_dirname(&dir, final_path) < 0)
		return sp__oom(ctx);
	sp__os_sync_folder(dir.ptr);
	sp_buf_dispose(&dir);
	return 0;
}

/* ---- sets of files replaced together ------------------------------------------------- */

/* A journal entry names a file inside the folder: no separator, not "." or "..", not empty. */
static int plain_name(const char *s, size_t n)
{
	if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == '\\' || s[i] == '\0')
			return 0;
	return 1;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int join_dir(sp_buf *out, const char *dir, const char *name, size_t n)
{
	size_t dlen = strlen(dir);
	sp_buf_clear(out);
	if (sp_buf_puts(out, dir) < 0 || (dlen && dir[dlen - 1] != '/' && sp_buf_puts(out, "/") < 0) ||
	    sp_buf_put(out, name, n) < 0 || sp_buf_puts(out, "") < 0)
		return -1;
	return 0;
}

/* "tmp<TAB>final<LF>" per file, plain names only. */
static int journal_text(sp_buf *out, const char *const *tmp_paths, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *t = base_name(tmp_paths[i]);
		if (!plain_name(t, strlen(t)) || !plain_name(names[i], strlen(names[i])))
			return SP_EUSER;
		if (sp_buf_printf(out, "%s\t%s\n", t, names[i]) < 0)
			return SP_ENOMEM;
	}
	return 0;
}

int sp_os_replace_set(sp_ctx *ctx, const char *dir, const char *const *tmp_paths, const char *const *names,
                      size_t n, int *committed_out)
{
	sp_buf text = SP_BUF_INIT, tmp = SP_BUF_INIT, journal = SP_BUF_INIT;
	int error = journal_text(&text, tmp_paths, names, n);
	*committed_out = 0;
	if (error == SP_EUSER)
		error = sp_ctx_error(ctx, SP_EUSER, "set of files in '%s' names a path, not a file", dir);
	else if (error < 0 || join_dir(&journal, dir, SP_OS_SET_JOURNAL, strlen(SP_OS_SET_JOURNAL)) < 0)
		error = sp__oom(ctx);
	if (error == 0)
		error = sp_os_write_temp(ctx, dir, SP_OS_SET_JOURNAL ".", text.ptr, text.size, &tmp);
	if (error < 0)
		goto done;
	/* The commit point: once the journal has its name, the new set is the one that counts. */
	if ((error = rename_step(ctx, tmp.ptr, journal.ptr)) < 0) {
		sp_os_remove_quiet(tmp.ptr);
		goto done;
	}
	*committed_out = 1;
	sp__os_sync_folder(dir);
	error = sp_os_finish_set(ctx, dir);
done:
	sp_buf_dispose(&text);
	sp_buf_dispose(&tmp);
	sp_buf_dispose(&journal);
	return error;
}

/* 1 when a journal line is "tmp<TAB>final" with two plain names. */
static int valid_entry(const char *line, size_t n)
{
	const char *tab = memchr(line, '\t', n);
	return tab && plain_name(line, (size_t)(tab - line)) &&
	       plain_name(tab + 1, n - (size_t)(tab + 1 - line));
}

/* Rename the temporary file of one journal line, when it is still there. */
static int finish_entry(sp_ctx *ctx, const char *dir, const char *line, size_t n, sp_buf *from, sp_buf *to)
{
	const char *tab = memchr(line, '\t', n);
	if (join_dir(from, dir, line, (size_t)(tab - line)) < 0 ||
	    join_dir(to, dir, tab + 1, n - (size_t)(tab + 1 - line)) < 0)
		return sp__oom(ctx);
	if (sp__os_lexists(from->ptr) == 0)
		return 0; /* renamed before the interruption */
	return rename_step(ctx, from->ptr, to->ptr);
}

static int finish_entries(sp_ctx *ctx, const char *dir, const sp_buf *text)
{
	sp_buf from = SP_BUF_INIT, to = SP_BUF_INIT;
	const char *end = text->ptr + text->size;
	int error = 0;
	/* Check every entry before renaming any, so a damaged journal changes nothing. */
	for (int pass = 0; pass < 2 && error == 0; pass++) {
		for (const char *p = text->ptr; p < end && error == 0;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
			size_t n = (size_t)(le - p);
			if (pass == 0 && !valid_entry(p, n))
				error = sp_ctx_error(ctx, SP_ECORRUPT,
				                     "%s/%s: entry '%.*s' is not a pair of file names", dir,
				                     SP_OS_SET_JOURNAL, (int)(n > 200 ? 200 : n), p);
			else if (pass == 1)
				error = finish_entry(ctx, dir, p, n, &from, &to);
			p = le + 1;
		}
	}
	sp_buf_dispose(&from);
	sp_buf_dispose(&to);
	return error;
}

int sp_os_finish_set(sp_ctx *ctx, const char *dir)
{
	sp_buf journal = SP_BUF_INIT, text = SP_BUF_INIT;
	FILE *f = NULL;
	char chunk[4096];
	size_t got;
	int error =
	    join_dir(&journal, dir, SP_OS_SET_JOURNAL, strlen(SP_OS_SET_JOURNAL)) < 0 ? sp__oom(ctx) : 0;
	if (error == 0 && !(f = sp__os_fopen(journal.ptr))) {
		if (errno != ENOENT && errno != ENOTDIR)
			error =
			    sp_ctx_error(ctx, SP_EIO, "cannot open '%s': %s", journal.ptr, strerror(errno));
		goto done; /* no journal: no interrupted set */
	}
	while (error == 0 && (got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (text.size + got > 64 * 1024)
			error =
			    sp_ctx_error(ctx, SP_ECORRUPT, "%s: larger than any set of files", journal.ptr);
		else if (sp_buf_put(&text, chunk, got) < 0)
			error = sp__oom(ctx);
	}
	if (error == 0 && ferror(f))
		error = sp_ctx_error(ctx, SP_EIO, "cannot read '%s': %s", journal.ptr, strerror(errno));
	if (error == 0 && text.size)
		error = finish_entries(ctx, dir, &text);
	if (error == 0)
		sp__os_sync_folder(dir);
	/* closed before the removal: Windows cannot delete a file that is still open */
	if (f) {
		fclose(f);
		f = NULL;
	}
	if (error == 0 &&
	    (sp__os_injected(ctx, "remove-journal", journal.ptr) || sp__os_unlink(journal.ptr) != 0))
		error = sp_ctx_error(ctx, SP_EIO, "cannot remove '%s': %s", journal.ptr, strerror(errno));
done:
	if (f)
		fclose(f);
	sp_buf_dispose(&journal);
	sp_buf_dispose(&text);
	return error;
}

/* Pass complete lines of `buf` to cb, keep the rest; a full buffer is flushed as a line. */
size_t sp__os_emit_lines(char *buf, size_t len, int final, sp_os_line_fn cb, void *payload)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '\n' && buf[i] != '\r')
			continue;
		buf[i] = '\0';
		if (i > start && cb)
			cb(buf + start, payload);
		start = i + 1;
	}
	if ((final || (start == 0 && len == SP_OS_MAX_LINE)) && start < len) {
		buf[len] = '\0';
		if (cb)
			cb(buf + start, payload);
		start = len;
	}
	memmove(buf, buf + start, len - start);
	return len - start;
}

FILE *sp_fopen_read(const char *path)
{
	return sp__os_fopen(path);
}

int sp_realpath(sp_buf *out, const char *path)
{
	if (!out || !path)
		return SP_EUSER;
	if (sp__os_realpath(out, path) == 0)
		return 0;
	if (errno == ENOMEM)
		return SP_ENOMEM;
	return errno == ENOENT || errno == ENOTDIR ? SP_ENOTFOUND : SP_EIO;
}
