/*
 * sceneprobe: common definitions shared by every public header.
 *
 * Every function that can fail returns 0 or a negative SP_E* code and
 * records a one-line message on the sp_ctx it was given; read it with
 * sp_ctx_last_error().  Outputs come first in the argument list.
 */
#ifndef SP_COMMON_H
#define SP_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define SP_BEGIN_DECL extern "C" {
#define SP_END_DECL   }
#else
#define SP_BEGIN_DECL
#define SP_END_DECL
#endif

#if defined(_WIN32) && defined(SP_BUILDING_DLL)
#define SP_EXTERN(type) __declspec(dllexport) type
#elif defined(__GNUC__)
#define SP_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define SP_EXTERN(type) type
#endif

#if defined(__GNUC__)
#define SP_MUST_CHECK __attribute__((warn_unused_result))
#if defined(__MINGW32__)
/* the library formats with the C99 printf MinGW gives under __USE_MINGW_ANSI_STDIO (%zu, %lld) */
#define SP_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#else
#define SP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#endif
#else
#define SP_MUST_CHECK
#define SP_PRINTF(f, a)
#endif

SP_BEGIN_DECL

/** Error codes.  Keep them few: callers act on the code, people read the message. */
typedef enum {
	SP_OK = 0,
	SP_ERROR = -1,        /**< generic failure */
	SP_ENOMEM = -2,       /**< out of memory */
	SP_ENOTFOUND = -3,    /**< a file, key or node does not exist */
	SP_ECORRUPT = -4,     /**< input bytes are malformed */
	SP_EUNSUPPORTED = -5, /**< a kind of input we have no reader for */
	SP_ETOOBIG = -6,      /**< a limit was exceeded */
	SP_EIO = -7,          /**< reading or writing the file system failed */
	SP_EUSER = -8,        /**< the caller's request is invalid (bad argument, refused key) */
	SP_ENET = -9,         /**< network failure */
	SP_EAUTH = -10        /**< credentials refused */
} sp_error_code;

/** Per-call context: last error, environment overrides, path maps, log sink. */
typedef struct sp_ctx sp_ctx;

typedef enum { SP_LOG_DEBUG, SP_LOG_INFO, SP_LOG_WARN } sp_log_level;
typedef void (*sp_log_fn)(sp_log_level level, const char *msg, void *payload);

typedef struct {
	unsigned int version;
	sp_log_fn log; /**< where verbose text goes; NULL drops it */
	void *log_payload;
} sp_ctx_options;
#define SP_CTX_OPTIONS_VERSION 1
#define SP_CTX_OPTIONS_INIT                                                                                  \
	{                                                                                                    \
		SP_CTX_OPTIONS_VERSION, NULL, NULL                                                           \
	}

/** Create a context.  @param opts may be NULL.  Free with sp_ctx_free(). */
SP_EXTERN(int) sp_ctx_new(sp_ctx **out, const sp_ctx_options *opts) SP_MUST_CHECK;
SP_EXTERN(void) sp_ctx_free(sp_ctx *ctx);

/** The message of the last failure on this context, "" if none.  Borrowed. */
SP_EXTERN(const char *) sp_ctx_last_error(const sp_ctx *ctx);
/** The code of the last failure on this context, 0 if none. */
SP_EXTERN(int) sp_ctx_last_code(const sp_ctx *ctx);
SP_EXTERN(void) sp_ctx_clear_error(sp_ctx *ctx);

/**
 * Record an error and return `code`.  The first message set since the last
 * clear wins, so the innermost reason survives as the error travels up.
 */
SP_EXTERN(int) sp_ctx_error(sp_ctx *ctx, int code, const char *fmt, ...) SP_PRINTF(3, 4);
/** Send a line to the log callback, if any. */
SP_EXTERN(void) sp_ctx_log(sp_ctx *ctx, sp_log_level level, const char *fmt, ...) SP_PRINTF(3, 4);

/**
 * Variable overrides used when expanding $VAR, ${VAR} and %VAR% in scene
 * paths.  An override wins over the process environment.
 */
SP_EXTERN(int) sp_ctx_set_env(sp_ctx *ctx, const char *name, const char *value) SP_MUST_CHECK;
/** Value of a variable: override first, then the process environment; NULL if unset. */
SP_EXTERN(const char *) sp_ctx_getenv(const sp_ctx *ctx, const char *name);

/**
 * A user path mapping: a scene path starting with `from` (compared after
 * separator normalisation, case-insensitively for Windows-style paths) is
 * rewritten to start with `to` before any file-system check.  Rules are tried
 * in the order added; the first match wins.
 */
SP_EXTERN(int) sp_ctx_add_path_map(sp_ctx *ctx, const char *from, const char *to) SP_MUST_CHECK;
SP_EXTERN(size_t) sp_ctx_path_map_count(const sp_ctx *ctx);
SP_EXTERN(void) sp_ctx_path_map_at(const sp_ctx *ctx, size_t i, const char **from, const char **to);

/** A growable byte buffer owned by the caller, its bytes owned by the library. */
typedef struct {
	char *ptr;    /**< NUL-terminated when size > 0 or after any successful put */
	size_t size;  /**< bytes used, not counting the terminator */
	size_t asize; /**< bytes allocated */
} sp_buf;
#define SP_BUF_INIT                                                                                          \
	{                                                                                                    \
		NULL, 0, 0                                                                                   \
	}

SP_EXTERN(int) sp_buf_put(sp_buf *buf, const char *data, size_t len) SP_MUST_CHECK;
SP_EXTERN(int) sp_buf_puts(sp_buf *buf, const char *str) SP_MUST_CHECK;
SP_EXTERN(int) sp_buf_putc(sp_buf *buf, char c) SP_MUST_CHECK;
SP_EXTERN(int) sp_buf_printf(sp_buf *buf, const char *fmt, ...) SP_PRINTF(2, 3) SP_MUST_CHECK;
SP_EXTERN(int) sp_buf_sets(sp_buf *buf, const char *str) SP_MUST_CHECK;
SP_EXTERN(void) sp_buf_clear(sp_buf *buf);
/** Release the bytes; the struct may be reused.  NULL is a no-op. */
SP_EXTERN(void) sp_buf_dispose(sp_buf *buf);
/** The buffer's text, "" when empty.  Borrowed. */
SP_EXTERN(const char *) sp_buf_cstr(const sp_buf *buf);

/** Library version, "MAJOR.MINOR.PATCH". */
SP_EXTERN(const char *) sp_version(void);

SP_END_DECL

#endif
