/*
 * The platform layer for Windows (see os.h; the portable part is os_common.c).
 *
 * The core speaks UTF-8 with "/" separators; this file turns paths into
 * UTF-16 with "\" for the wide (W) calls, so names in any language work, and
 * adds the "\\?\" prefix to long absolute paths so MAX_PATH does not apply.
 * Failures set errno (see set_errno) so messages read as on POSIX.
 */
#include "os.h"
#include "ctx.h"
#include "sp/paths.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <aclapi.h>

#include <errno.h>
#include <stdio.h>
#include <wchar.h>

/* Longer paths get the "\\?\" prefix: folders are limited to MAX_PATH - 12 without it. */
#define LONG_PATH 240

static int set_errno(DWORD err)
{
	switch (err) {
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
	case ERROR_INVALID_NAME:
	case ERROR_BAD_NETPATH:
	case ERROR_BAD_NET_NAME:
	case ERROR_INVALID_DRIVE:
		errno = ENOENT;
		break;
	case ERROR_DIRECTORY:
		errno = ENOTDIR;
		break;
	case ERROR_ALREADY_EXISTS:
	case ERROR_FILE_EXISTS:
		errno = EEXIST;
		break;
	case ERROR_ACCESS_DENIED:
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION:
		errno = EACCES;
		break;
	case ERROR_DISK_FULL:
	case ERROR_HANDLE_DISK_FULL:
		errno = ENOSPC;
		break;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		errno = ENOMEM;
		break;
	default:
		errno = EIO;
		break;
	}
	return -1;
}

static int os_fail(sp_ctx *ctx, const char *what, const char *path, int err)
{
	int code = (err == ENOENT || err == ENOTDIR) ? SP_ENOTFOUND : SP_EIO;
	if (err == ENOMEM)
		code = SP_ENOMEM;
	return sp_ctx_error(ctx, code, "%s '%s': %s", what, path, strerror(err));
}

/* UTF-8 "/" path -> UTF-16 "\" path, with the long-path prefix where it helps; NULL with errno. */
static wchar_t *wide(const char *path)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, NULL, 0);
	size_t extra = 8; /* room for "\\?\UNC\" */
	wchar_t *w, *body;
	if (n <= 0) {
		errno = ENOENT; /* not UTF-8: no file can have this name */
		return NULL;
	}
	if (!(w = sp__calloc((size_t)n + extra, sizeof(wchar_t)))) {
		errno = ENOMEM;
		return NULL;
	}
	body = w + extra;
	MultiByteToWideChar(CP_UTF8, 0, path, -1, body, n);
	for (wchar_t *p = body; *p; p++)
		if (*p == L'/')
			*p = L'\\';
	if ((size_t)n < LONG_PATH || wcsncmp(body, L"\\\\?\\", 4) == 0) {
		memmove(w, body, (size_t)n * sizeof(wchar_t));
		return w;
	}
	if (body[0] == L'\\' && body[1] == L'\\') {
		/* \\server\share\x -> \\?\UNC\server\share\x */
		memcpy(body - 6, L"\\\\?\\UNC", 7 * sizeof(wchar_t));
		memmove(w, body - 6, ((size_t)n + 6) * sizeof(wchar_t));
	} else if (body[0] && body[1] == L':' && body[2] == L'\\') {
		memcpy(body - 4, L"\\\\?\\", 4 * sizeof(wchar_t));
		memmove(w, body - 4, ((size_t)n + 4) * sizeof(wchar_t));
	} else {
		memmove(w, body, (size_t)n * sizeof(wchar_t));
	}
	return w;
}

/* UTF-16 -> UTF-8 into out, "\\" turned to "/"; "\\?\\C:\\x" reads "C:/x", "\\?\\UNC\\srv\\x" "//srv/x". */
static int narrow(sp_buf *out, const wchar_t *w)
{
	const char *root = "";
	int n, error;
	char *s;
	if (wcsncmp(w, L"\\\\?\\UNC\\", 8) == 0) {
		w += 8;
		root = "//";
	} else if (wcsncmp(w, L"\\\\?\\", 4) == 0) {
		w += 4;
	}
	n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	if (n <= 0 || !(s = sp__malloc((size_t)n)))
		return SP_ENOMEM;
	WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
	for (char *p = s; *p; p++)
		if (*p == '\\')
			*p = '/';
	sp_buf_clear(out);
	error = sp_buf_puts(out, root) < 0 || sp_buf_puts(out, s) < 0 ? SP_ENOMEM : 0;
	sp__free(s);
	return error;
}

static int64_t unix_seconds(FILETIME ft)
{
	uint64_t t = ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
	/* FILETIME counts 100 ns steps from 1601-01-01 */
	return (int64_t)(t / 10000000u) - INT64_C(11644473600);
}

int sp_os_stat(sp_ctx *ctx, const char *path, sp_os_stat_info *out)
{
	WIN32_FILE_ATTRIBUTE_DATA data;
	wchar_t *w = wide(path);
	BOOL ok = w && GetFileAttributesExW(w, GetFileExInfoStandard, &data);
	if (w && !ok)
		set_errno(GetLastError());
	sp__free(w);
	if (!ok)
		return os_fail(ctx, "stat", path, errno);
	out->is_dir = (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ? 1 : 0;
	out->size = out->is_dir ? 0 : (((uint64_t)data.nFileSizeHigh << 32) | data.nFileSizeLow);
	out->mtime = unix_seconds(data.ftLastWriteTime);
	return 0;
}

int sp__os_read_dir(sp_ctx *ctx, const char *dir, sp_strvec *names)
{
	sp_buf pattern = SP_BUF_INIT, name = SP_BUF_INIT;
	WIN32_FIND_DATAW fd;
	HANDLE h = INVALID_HANDLE_VALUE;
	wchar_t *w = NULL;
	size_t dlen = strlen(dir);
	int error = 0;

	if (sp_buf_printf(&pattern, "%s%s*", dir, dlen && dir[dlen - 1] == '/' ? "" : "/") < 0)
		return sp__oom(ctx);
	if (!(w = wide(pattern.ptr))) {
		error = os_fail(ctx, "cannot list folder", dir, errno);
		goto done;
	}
	h = FindFirstFileExW(w, FindExInfoBasic, &fd, FindExSearchNameMatch, NULL, FIND_FIRST_EX_LARGE_FETCH);
	if (h == INVALID_HANDLE_VALUE) {
		set_errno(GetLastError());
		error = os_fail(ctx, "cannot list folder", dir, errno);
		goto done;
	}
	do {
		if (wcscmp(fd.cFileName, L".") == 0 || wcscmp(fd.cFileName, L"..") == 0)
			continue;
		if (narrow(&name, fd.cFileName) < 0 || sp_strvec_push(names, name.ptr) < 0)
			error = sp__oom(ctx);
	} while (error == 0 && FindNextFileW(h, &fd));
	if (error == 0 && GetLastError() != ERROR_NO_MORE_FILES) {
		set_errno(GetLastError());
		error = os_fail(ctx, "cannot list folder", dir, errno);
	}
done:
	if (h != INVALID_HANDLE_VALUE)
		FindClose(h);
	sp__free(w);
	sp_buf_dispose(&pattern);
	sp_buf_dispose(&name);
	return error;
}

int sp__os_realpath(sp_buf *out, const char *path)
{
	wchar_t *w = wide(path), *real = NULL;
	HANDLE h;
	DWORD n;
	int rc = -1;
	if (!w)
		return -1;
	/* the final path of the opened file is the one with every link followed */
	h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
	                FILE_FLAG_BACKUP_SEMANTICS, NULL);
	sp__free(w);
	if (h == INVALID_HANDLE_VALUE)
		return set_errno(GetLastError());
	n = GetFinalPathNameByHandleW(h, NULL, 0, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
	if (n == 0)
		set_errno(GetLastError());
	else if (!(real = sp__calloc(n + 1, sizeof(wchar_t))))
		errno = ENOMEM;
	else if (GetFinalPathNameByHandleW(h, real, n + 1, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS) == 0)
		set_errno(GetLastError());
	else if (narrow(out, real) < 0)
		errno = ENOMEM;
	else
		rc = 0;
	sp__free(real);
	CloseHandle(h);
	return rc;
}

FILE *sp__os_fopen(const char *path)
{
	wchar_t *w = wide(path);
	FILE *f = w ? _wfopen(w, L"rb") : NULL;
	sp__free(w);
	return f;
}

FILE *sp_os_fopen_read(sp_ctx *ctx, const char *path)
{
	FILE *f = sp__os_fopen(path);
	if (!f)
		os_fail(ctx, "cannot open", path, errno);
	return f;
}

static int write_all(HANDLE h, const char *data, size_t len)
{
	while (len > 0) {
		DWORD chunk = len > (1u << 30) ? (1u << 30) : (DWORD)len, done = 0;
		if (!WriteFile(h, data, chunk, &done, NULL) || done == 0)
			return set_errno(GetLastError());
		data += done;
		len -= done;
	}
	return 0;
}

/* A new file in dir named prefix + a unique tail; INVALID_HANDLE_VALUE with errno on failure. */
static HANDLE create_unique(const char *dir, const char *prefix, sp_buf *path)
{
	size_t dlen = strlen(dir);
	DWORD seed = GetTickCount() ^ (GetCurrentProcessId() << 16);
	for (unsigned attempt = 0; attempt < 1000; attempt++) {
		wchar_t *w;
		HANDLE h;
		sp_buf_clear(path);
		if (sp_buf_printf(path, "%s%s%s%08lx", dir, dlen && dir[dlen - 1] == '/' ? "" : "/", prefix,
		                  (unsigned long)(seed + attempt * 2654435761u)) < 0) {
			errno = ENOMEM;
			return INVALID_HANDLE_VALUE;
		}
		if (!(w = wide(path->ptr)))
			return INVALID_HANDLE_VALUE;
		h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
		DWORD err = GetLastError();
		sp__free(w);
		if (h != INVALID_HANDLE_VALUE)
			return h;
		if (err != ERROR_FILE_EXISTS && err != ERROR_ALREADY_EXISTS) {
			set_errno(err);
			return INVALID_HANDLE_VALUE;
		}
	}
	errno = EEXIST;
	return INVALID_HANDLE_VALUE;
}

/* ---- temporary files (sp_os_tmp_* in os_common.c) ------------------------------------ */

int sp__os_tmp_create(intptr_t *handle_out, const char *dir, const char *prefix, sp_buf *path)
{
	HANDLE h = create_unique(dir, prefix, path);
	if (h == INVALID_HANDLE_VALUE)
		return -1;
	*handle_out = (intptr_t)h;
	return 0;
}

int sp__os_tmp_write(intptr_t handle, const char *data, size_t len)
{
	return write_all((HANDLE)handle, data, len);
}

void sp__os_tmp_start_sync(intptr_t handle)
{
	(void)handle; /* Windows has no writeback without waiting; FlushFileBuffers does both */
}

int sp__os_tmp_sync(intptr_t handle)
{
	return FlushFileBuffers((HANDLE)handle) ? 0 : set_errno(GetLastError());
}

int sp__os_tmp_close(intptr_t handle)
{
	return CloseHandle((HANDLE)handle) ? 0 : set_errno(GetLastError());
}

/* ---- primitives for os_common.c ------------------------------------------------------ */

size_t sp__os_root_length(const char *path)
{
	if (((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')) && path[1] == ':')
		return path[2] == '/' ? 3 : 2;
	if (path[0] == '/' && path[1] == '/') {
		/* "//server/share/": neither part can be created */
		const char *p = path + 2;
		for (int part = 0; part < 2 && *p; part++) {
			while (*p && *p != '/')
				p++;
			if (*p == '/')
				p++;
		}
		return (size_t)(p - path);
	}
	return path[0] == '/' ? 1 : 0;
}

int sp__os_mkdir_one(const char *path)
{
	wchar_t *w = wide(path);
	int rc = 0;
	if (!w)
		return -1;
	if (!CreateDirectoryW(w, NULL))
		rc = set_errno(GetLastError());
	sp__free(w);
	return rc;
}

int sp__os_rename(const char *from, const char *to)
{
	wchar_t *wf = wide(from), *wt = wf ? wide(to) : NULL;
	int rc = 0;
	if (!wf || !wt)
		rc = -1;
	/* WRITE_THROUGH: the call returns once the move is on disk, which is what the journal needs */
	else if (!MoveFileExW(wf, wt, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
		rc = set_errno(GetLastError());
	sp__free(wf);
	sp__free(wt);
	return rc;
}

int sp__os_unlink(const char *path)
{
	wchar_t *w = wide(path);
	int rc = 0;
	if (!w)
		return -1;
	if (!DeleteFileW(w))
		rc = set_errno(GetLastError());
	sp__free(w);
	return rc;
}

int sp__os_lexists(const char *path)
{
	wchar_t *w = wide(path);
	DWORD attr, err;
	if (!w)
		return errno == ENOENT ? 0 : -1;
	attr = GetFileAttributesW(w);
	err = GetLastError();
	sp__free(w);
	if (attr != INVALID_FILE_ATTRIBUTES)
		return 1;
	return (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND) ? 0 : -1;
}

void sp__os_sync_folder(const char *dir)
{
	/* Nothing to do: MoveFileExW with MOVEFILE_WRITE_THROUGH already made the entry durable. */
	(void)dir;
}

int sp_os_file_id(const char *path, uint64_t *dev_out, uint64_t *ino_out)
{
	BY_HANDLE_FILE_INFORMATION info;
	wchar_t *w = wide(path);
	HANDLE h;
	int rc = -1;
	if (!w)
		return -1;
	/* BACKUP_SEMANTICS lets a folder be opened; no access rights are asked for */
	h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
	                FILE_FLAG_BACKUP_SEMANTICS, NULL);
	sp__free(w);
	if (h == INVALID_HANDLE_VALUE)
		return -1;
	if (GetFileInformationByHandle(h, &info)) {
		*dev_out = info.dwVolumeSerialNumber;
		*ino_out = ((uint64_t)info.nFileIndexHigh << 32) | info.nFileIndexLow;
		rc = 0;
	}
	CloseHandle(h);
	return rc;
}

void sp_os_remove_quiet(const char *path)
{
	if (path)
		(void)sp__os_unlink(path);
}

int sp_os_getcwd(sp_ctx *ctx, sp_buf *out)
{
	DWORD n = GetCurrentDirectoryW(0, NULL);
	wchar_t *w;
	int error;
	if (n == 0)
		return sp_ctx_error(ctx, SP_EIO, "cannot read the current folder (error %lu)",
		                    (unsigned long)GetLastError());
	if (!(w = sp__calloc(n + 1, sizeof(wchar_t))))
		return sp__oom(ctx);
	GetCurrentDirectoryW(n + 1, w);
	error = narrow(out, w) < 0 ? sp__oom(ctx) : 0;
	sp__free(w);
	return error;
}

int sp_os_home_dir(sp_ctx *ctx, sp_buf *out)
{
	const char *profile = sp_ctx_getenv(ctx, "USERPROFILE");
	const char *drive = sp_ctx_getenv(ctx, "HOMEDRIVE"), *rest = sp_ctx_getenv(ctx, "HOMEPATH");
	sp_buf_clear(out);
	if (profile && *profile)
		return sp_path_normalize(out, profile) < 0 ? sp__oom(ctx) : 0;
	if (drive && *drive && rest && *rest) {
		sp_buf joined = SP_BUF_INIT;
		int error =
		    sp_buf_printf(&joined, "%s%s", drive, rest) < 0 || sp_path_normalize(out, joined.ptr) < 0
		        ? sp__oom(ctx)
		        : 0;
		sp_buf_dispose(&joined);
		return error;
	}
	return sp_ctx_error(ctx, SP_ENOTFOUND, "cannot find the home folder: USERPROFILE is unset");
}

long sp_os_pid(void)
{
	return (long)GetCurrentProcessId();
}

int sp_os_absolute(sp_ctx *ctx, sp_buf *out, const char *path)
{
	sp_buf joined = SP_BUF_INIT;
	size_t root = sp__os_root_length(path);
	int error = 0;
	if (root >= 3 || (path[0] == '/' && path[1] == '/')) {
		/* "C:/x" or "//server/share/x": already absolute */
		error = sp_buf_puts(&joined, path) < 0 ? sp__oom(ctx) : 0;
	} else if (root == 2) {
		/* "C:x" is relative to drive C's current folder; the drive's root is the honest guess */
		error = sp_buf_printf(&joined, "%.2s/%s", path, path + 2) < 0 ? sp__oom(ctx) : 0;
	} else if ((error = sp_os_getcwd(ctx, &joined)) == 0) {
		if (path[0] == '/') {
			/* rooted on the current drive: keep "C:" of the current folder */
			char drive[3] = {joined.size >= 2 && joined.ptr[1] == ':' ? joined.ptr[0] : '\0', ':',
			                 '\0'};
			sp_buf_clear(&joined);
			if ((drive[0] && sp_buf_puts(&joined, drive) < 0) || sp_buf_puts(&joined, path) < 0)
				error = sp__oom(ctx);
		} else if (*path && sp_buf_printf(&joined, "/%s", path) < 0) {
			error = sp__oom(ctx);
		}
	}
	if (error == 0 && sp_path_normalize(out, joined.ptr) < 0)
		error = sp__oom(ctx);
	sp_buf_dispose(&joined);
	return error;
}

/* ---- for the farm client (submit) ---------------------------------------------------- */

int sp_os_config_dir(sp_ctx *ctx, sp_buf *out)
{
	const char *appdata = sp_ctx_getenv(ctx, "APPDATA");
	int error;
	if (appdata && *appdata) {
		sp_buf_clear(out);
		return sp_path_normalize(out, appdata) < 0 ? sp__oom(ctx) : 0;
	}
	error = sp_os_home_dir(ctx, out);
	if (error == 0 && sp_buf_puts(out, "/AppData/Roaming") < 0)
		error = sp__oom(ctx);
	return error;
}

/* 1 when the ACE gives rights to everyone, all users or all signed-in users. */
static int ace_is_public(ACE_HEADER *ace)
{
	static const WELL_KNOWN_SID_TYPE everyone[] = {WinWorldSid, WinBuiltinUsersSid,
	                                               WinAuthenticatedUserSid};
	BYTE sid[SECURITY_MAX_SID_SIZE];
	PSID who;
	if (ace->AceType != ACCESS_ALLOWED_ACE_TYPE)
		return 0;
	who = (PSID) & ((ACCESS_ALLOWED_ACE *)ace)->SidStart;
	for (size_t i = 0; i < sizeof(everyone) / sizeof(everyone[0]); i++) {
		DWORD size = sizeof(sid);
		if (CreateWellKnownSid(everyone[i], NULL, sid, &size) && EqualSid(who, sid))
			return 1;
	}
	return 0;
}

int sp_os_check_private(sp_ctx *ctx, const char *path)
{
	sp_os_stat_info st;
	PSECURITY_DESCRIPTOR sd = NULL;
	PACL dacl = NULL;
	wchar_t *w;
	int error = sp_os_stat(ctx, path, &st), shared = 0;
	if (error < 0)
		return error;
	if (st.is_dir)
		return sp_ctx_error(ctx, SP_EAUTH, "'%s' is not a regular file", path);
	if (!(w = wide(path)))
		return sp__oom(ctx);
	if (GetNamedSecurityInfoW(w, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, &dacl, NULL,
	                          &sd) != ERROR_SUCCESS) {
		sp__free(w);
		return sp_ctx_error(ctx, SP_EIO, "cannot read the permissions of '%s'", path);
	}
	/* no DACL at all means full access for everyone */
	shared = dacl == NULL;
	for (DWORD i = 0; dacl && !shared && i < dacl->AceCount; i++) {
		void *ace;
		if (GetAce(dacl, i, &ace) && ace_is_public(ace))
			shared = 1;
	}
	LocalFree(sd);
	sp__free(w);
	if (shared)
		return sp_ctx_error(
		    ctx, SP_EAUTH,
		    "'%s' holds a secret but other users can read it; keep it in your "
		    "profile folder or remove the Users and Everyone entries from its permissions",
		    path);
	return 0;
}

static int has_run_extension(const char *path)
{
	static const char *const exts[] = {".exe", ".com", ".bat", ".cmd"};
	size_t n = strlen(path);
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (n > 4 && _stricmp(path + n - 4, exts[i]) == 0)
			return 1;
	return 0;
}

int sp_os_is_executable(const char *path)
{
	sp_os_stat_info st;
	return has_run_extension(path) && sp_os_stat(NULL, path, &st) == 0 && !st.is_dir;
}

/* dir/name, then dir/name.exe when name has no extension of its own. */
static int try_program(const char *dir, size_t dlen, const char *name, sp_buf *cand)
{
	for (int with_exe = 0; with_exe < 2; with_exe++) {
		sp_buf_clear(cand);
		if ((dlen && (sp_buf_put(cand, dir, dlen) < 0 || sp_buf_puts(cand, "/") < 0)) ||
		    sp_buf_puts(cand, name) < 0 || (with_exe && sp_buf_puts(cand, ".exe") < 0))
			return SP_ENOMEM;
		for (char *p = cand->ptr; *p; p++)
			if (*p == '\\')
				*p = '/';
		if (sp_os_is_executable(cand->ptr))
			return 1;
	}
	return 0;
}

int sp_os_find_program(sp_ctx *ctx, const char *name, sp_buf *out)
{
	const char *path = sp_ctx_getenv(ctx, "PATH");
	sp_buf cand = SP_BUF_INIT;
	int found = 0;
	if (strchr(name, '/') || strchr(name, '\\')) {
		found = try_program("", 0, name, &cand);
	} else {
		for (const char *p = path ? path : ""; *p && found == 0;) {
			const char *end = strchr(p, ';');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (len)
				found = try_program(p, len, name, &cand);
			p += len + (end ? 1 : 0);
		}
	}
	if (found == 1) {
		sp_buf_clear(out);
		found = sp_buf_puts(out, cand.ptr) < 0 ? SP_ENOMEM : 1;
	}
	sp_buf_dispose(&cand);
	if (found < 0)
		return sp__oom(ctx);
	return found ? 0 : sp_ctx_error(ctx, SP_ENOTFOUND, "'%s' is not on PATH", name);
}

/* Quote one argument the way CommandLineToArgvW and the C runtime read it back. */
static int quote_arg(sp_buf *cmd, const char *arg)
{
	size_t slashes = 0;
	if (*arg && !strpbrk(arg, " \t\n\v\""))
		return sp_buf_puts(cmd, arg);
	if (sp_buf_puts(cmd, "\"") < 0)
		return SP_ENOMEM;
	for (const char *p = arg;; p++) {
		if (*p == '\\') {
			slashes++;
			continue;
		}
		/* backslashes are literal unless they precede a quote or the closing quote */
		size_t times = (*p == '"' || *p == '\0') ? slashes * 2 : slashes;
		for (size_t i = 0; i < times; i++)
			if (sp_buf_puts(cmd, "\\") < 0)
				return SP_ENOMEM;
		slashes = 0;
		if (*p == '\0')
			break;
		if ((*p == '"' && sp_buf_puts(cmd, "\\") < 0) || sp_buf_put(cmd, p, 1) < 0)
			return SP_ENOMEM;
	}
	return sp_buf_puts(cmd, "\"");
}

static wchar_t *command_line(const char *const *argv)
{
	sp_buf cmd = SP_BUF_INIT;
	wchar_t *w = NULL;
	int n, error = 0;
	sp_buf name = SP_BUF_INIT;
	/* programs read their own name from the command line, and cmd.exe takes "/w..." in it for a switch */
	error = sp_buf_sets(&name, argv[0]) < 0 ? SP_ENOMEM : 0;
	for (char *p = name.ptr; error == 0 && *p; p++)
		if (*p == '/')
			*p = '\\';
	if (error == 0)
		error = quote_arg(&cmd, name.ptr) < 0 ? SP_ENOMEM : 0;
	for (size_t i = 1; argv[i] && error == 0; i++)
		error = sp_buf_puts(&cmd, " ") < 0 || quote_arg(&cmd, argv[i]) < 0 ? SP_ENOMEM : 0;
	sp_buf_dispose(&name);
	n = error ? 0 : MultiByteToWideChar(CP_UTF8, 0, cmd.ptr ? cmd.ptr : "", -1, NULL, 0);
	if (n > 0 && (w = sp__calloc((size_t)n, sizeof(wchar_t))))
		MultiByteToWideChar(CP_UTF8, 0, cmd.ptr ? cmd.ptr : "", -1, w, n);
	sp_buf_dispose(&cmd);
	return w;
}

/* A pipe whose `keep` end stays in this process (not inherited by the child). */
static int make_pipe(HANDLE *read_end, HANDLE *write_end, int keep_write)
{
	SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
	if (!CreatePipe(read_end, write_end, &sa, 0))
		return -1;
	return SetHandleInformation(keep_write ? *write_end : *read_end, HANDLE_FLAG_INHERIT, 0) ? 0 : -1;
}

static void close_handle(HANDLE *h)
{
	if (*h) {
		CloseHandle(*h);
		*h = NULL;
	}
}

int sp_os_run(sp_ctx *ctx, const char *const *argv, sp_os_line_fn cb, void *payload, int *exit_out)
{
	HANDLE in_r = NULL, in_w = NULL, out_r = NULL, out_w = NULL;
	STARTUPINFOW si;
	PROCESS_INFORMATION pi;
	char buf[SP_OS_MAX_LINE + 1];
	size_t have = 0;
	DWORD n, code = 127;
	wchar_t *cmd = command_line(argv), *app = NULL;
	int error = 0;

	if (!cmd)
		return sp__oom(ctx);
	if (make_pipe(&in_r, &in_w, 1) != 0 || make_pipe(&out_r, &out_w, 0) != 0) {
		error = sp_ctx_error(ctx, SP_EIO, "cannot create a pipe (error %lu)",
		                     (unsigned long)GetLastError());
		goto done;
	}
	/* the vendor's tool asks for confirmation; the SDK answers with "echo y|" */
	if (!WriteFile(in_w, "y\n", 2, &n, NULL)) {
		error = sp_ctx_error(ctx, SP_EIO, "cannot write to a pipe (error %lu)",
		                     (unsigned long)GetLastError());
		goto done;
	}
	close_handle(&in_w);
	memset(&si, 0, sizeof(si));
	si.cb = sizeof(si);
	si.dwFlags = STARTF_USESTDHANDLES;
	si.hStdInput = in_r;
	si.hStdOutput = out_w;
	si.hStdError = out_w;
	if (!(app = wide(argv[0])) ||
	    !CreateProcessW(app, cmd, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
		error = sp_ctx_error(ctx, SP_ENOTFOUND, "cannot run '%s' (error %lu)", argv[0],
		                     (unsigned long)GetLastError());
		goto done;
	}
	close_handle(&in_r);
	close_handle(&out_w); /* so ReadFile ends when the child exits */
	while (ReadFile(out_r, buf + have, (DWORD)(SP_OS_MAX_LINE - have), &n, NULL) && n > 0)
		have = sp__os_emit_lines(buf, have + n, 0, cb, payload);
	sp__os_emit_lines(buf, have, 1, cb, payload);
	WaitForSingleObject(pi.hProcess, INFINITE);
	if (!GetExitCodeProcess(pi.hProcess, &code))
		code = 127;
	*exit_out = (int)code;
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
done:
	close_handle(&in_r);
	close_handle(&in_w);
	close_handle(&out_r);
	close_handle(&out_w);
	sp__free(cmd);
	sp__free(app);
	return error;
}

void sp_os_sleep_ms(long ms)
{
	if (ms > 0)
		Sleep((DWORD)ms);
}

/* ---- shared libraries loaded at run time ------------------------------------------------------- */

/* The system's text for `err` in UTF-8, without the trailing end of line. */
static void system_message(char *buf, size_t cap, DWORD err)
{
	wchar_t w[256];
	DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, err, 0, w,
	                         (DWORD)(sizeof(w) / sizeof(w[0])), NULL);
	int len;
	buf[0] = '\0';
	if (n > 0)
		len = WideCharToMultiByte(CP_UTF8, 0, w, (int)n, buf, (int)cap - 1, NULL, NULL);
	else
		len = snprintf(buf, cap, "error %lu", (unsigned long)err);
	if (len < 0 || (size_t)len >= cap)
		len = (int)cap - 1;
	buf[len] = '\0';
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
		buf[--len] = '\0';
}

static int lib_fail(sp_ctx *ctx, const char *what, const char *name, DWORD err)
{
	char why[512];
	system_message(why, sizeof(why), err);
	return sp_ctx_error(ctx, SP_ENOTFOUND, "%s %s: %s", what, name, why);
}

/* `name` (a bare file name) from the folder of the module this code is linked into, or NULL. */
static HMODULE load_beside_module(const wchar_t *name)
{
	HMODULE self = NULL, h;
	wchar_t *path;
	DWORD cap = 1024, n;
	size_t dir, len = wcslen(name);
	if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
	                            GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
	                        (LPCWSTR)(const void *)&load_beside_module, &self))
		return NULL;
	for (;;) {
		path = sp__malloc(((size_t)cap + len + 1) * sizeof(wchar_t));
		if (!path)
			return NULL;
		n = GetModuleFileNameW(self, path, cap);
		if (n > 0 && n < cap)
			break;
		sp__free(path);
		if (n == 0 || cap >= 32768)
			return NULL;
		cap *= 2;
	}
	for (dir = n; dir > 0 && path[dir - 1] != L'\\' && path[dir - 1] != L'/'; dir--)
		;
	memcpy(path + dir, name, (len + 1) * sizeof(wchar_t));
	/* the DLL's own dependencies are then looked for beside it too */
	h = LoadLibraryExW(path, NULL, LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
	sp__free(path);
	return h;
}

static HMODULE load_library(const wchar_t *w, int flags)
{
	HMODULE h = NULL;
	if (flags & SP_OS_LIB_LOADED_ONLY) {
		/* Takes a reference, like LoadLibraryW, so sp__os_dlclose stays balanced. */
		if (!GetModuleHandleExW(0, w, &h))
			h = NULL;
		return h;
	}
	/* Beside the module that holds this code (sceneprobe.dll inside an application, or
	 * sceneprobe.exe), where the package puts its DLLs; then the program's folder, System32
	 * and added folders.  Never the current folder (a scene's) or PATH: a DLL of the same
	 * name there must not be loaded. */
	h = load_beside_module(w);
	if (!h)
		h = LoadLibraryExW(w, NULL, LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
	return h;
}

int sp__os_dlopen(sp_os_lib **out, sp_ctx *ctx, const char *name, int flags)
{
	wchar_t *w = wide(name);
	HMODULE h, pinned;
	DWORD err;
	*out = NULL;
	if (!w)
		return errno == ENOMEM ? sp__oom(ctx)
		                       : sp_ctx_error(ctx, SP_ENOTFOUND, "cannot load %s: not UTF-8", name);
	h = load_library(w, flags);
	err = GetLastError();
	if (h && (flags & SP_OS_LIB_PIN))
		(void)GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_PIN, w, &pinned);
	sp__free(w);
	if (!h)
		return lib_fail(ctx, "cannot load", name, err);
	*out = (sp_os_lib *)h;
	return 0;
}

int sp__os_dlsym(sp_os_fn *out, sp_ctx *ctx, sp_os_lib *lib, const char *symbol)
{
	FARPROC p = GetProcAddress((HMODULE)lib, symbol);
	*out = NULL;
	if (!p)
		return lib_fail(ctx, "symbol", symbol, GetLastError());
	*out = (sp_os_fn)p;
	return 0;
}

void sp__os_dlclose(sp_os_lib *lib)
{
	if (lib)
		(void)FreeLibrary((HMODULE)lib);
}

const char *const *sp__os_libcurl_names(void)
{
	/* curl's own Windows builds name it libcurl-4.dll (x64: libcurl-x64.dll); vcpkg and CMake builds
	 * libcurl.dll. */
	static const char *const names[] = {"libcurl-4.dll", "libcurl-x64.dll", "libcurl.dll", NULL};
	return names;
}
