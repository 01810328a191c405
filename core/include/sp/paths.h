/*
 * Scene paths as data: Windows drive paths, UNC, POSIX and relative, with
 * either separator.  Nothing here touches the file system.
 */
#ifndef SP_PATHS_H
#define SP_PATHS_H

#include "common.h"

SP_BEGIN_DECL

typedef enum {
	SP_PATH_RELATIVE = 0, /**< "tex/a.png", "./a.png", "../a.png" */
	SP_PATH_DRIVE,        /**< "C:/x", "c:\\x" */
	SP_PATH_UNC,          /**< "//server/share/x", "\\\\server\\share\\x" */
	SP_PATH_POSIX         /**< "/mnt/x" */
} sp_path_kind;

SP_EXTERN(sp_path_kind) sp_path_kind_of(const char *path);
/** 1 for drive and UNC paths (compared case-insensitively), else 0. */
SP_EXTERN(int) sp_path_is_windows(const char *path);

/**
 * Normalise into `out` (cleared first): "\\" becomes "/", duplicate slashes
 * collapse (the leading "//" of UNC stays), "." segments go, ".." removes the
 * previous segment but never climbs above the root (drive, UNC share or "/");
 * a trailing "/" is dropped.  Relative paths keep leading ".." segments.
 */
SP_EXTERN(int) sp_path_normalize(sp_buf *out, const char *path) SP_MUST_CHECK;

/**
 * The farm's server path for an absolute local path (normalised first):
 * "E:/w/a.png" -> "/E/w/a.png", "//srv/share/a" -> "/srv/share/a",
 * "/mnt/a" -> "/mnt/a".  A relative path is SP_EUSER.
 */
SP_EXTERN(int) sp_path_to_server(sp_buf *out, sp_ctx *ctx, const char *local) SP_MUST_CHECK;

/** Key for deduplication: normalised, lower-cased when Windows-style. */
SP_EXTERN(int) sp_path_dedupe_key(sp_buf *out, const char *path) SP_MUST_CHECK;

/** Join `base` and relative `rel` with one "/" and normalise. */
SP_EXTERN(int) sp_path_join(sp_buf *out, const char *base, const char *rel) SP_MUST_CHECK;
/** Directory part of a normalised path ("a/b/c.ma" -> "a/b", "c.ma" -> "."). */
SP_EXTERN(int) sp_path_dirname(sp_buf *out, const char *path) SP_MUST_CHECK;

/**
 * Expand $VAR, ${VAR} and %VAR% from sp_ctx_getenv().  A variable with no
 * value is left as written and, when `unresolved` is non-NULL, its name is
 * appended there (names separated by ", ").  "$" followed by anything but a
 * name character is kept literally.  Frame tokens such as $F, $F4 are
 * variables too; callers that want them kept must pass `keep` names
 * (NULL-terminated list, may be NULL); a kept name is left untouched.
 */
SP_EXTERN(int)
sp_path_expand_vars(sp_buf *out, sp_ctx *ctx, const char *path, const char *const *keep,
                    sp_buf *unresolved) SP_MUST_CHECK;

/** Apply the context's --map rules (first match wins); copies unchanged when none match. */
SP_EXTERN(int) sp_path_apply_maps(sp_buf *out, const sp_ctx *ctx, const char *path) SP_MUST_CHECK;

SP_END_DECL

#endif
