/*
 * The .project brace-tree reader: one streaming pass over the text, read in
 * blocks (never the whole file), turned into open / close / attribute /
 * metadata events.
 *
 *   ClassName {              -> open("ClassName", NULL)
 *   Context "scene" {        -> open("Context", "scene")
 *   name "camera"            -> attr("name", ["camera"])
 *   translate 0.0 1 3        -> attr("translate", ["0.0", "1", "3"])
 *   #version 0.9             -> meta("version", "0.9")
 *   }                        -> close()
 *
 * Quoted values are unescaped ("\\" -> "\", "\"" -> '"', "\n", "\t").  A
 * block whose header starts with '#' (the top-level "#preferences" UI
 * block) is skipped by counting braces outside quotes, without building
 * tokens.  Lines may end in LF or CRLF and be of any length up to
 * CL_MAX_LINE.
 */
#ifndef CL_LEXER_H
#define CL_LEXER_H

#include "cl_util.h"

#define CL_MAX_LINE   ((size_t)64 * 1024 * 1024)
#define CL_MAX_DEPTH  256u
#define CL_READ_BLOCK ((size_t)256 * 1024) /* bytes read at a time; longer lines are carried over */

typedef struct {
	const char *text; /* NUL-terminated, unescaped; valid during the callback */
	size_t len;       /* strlen(text) */
	int quoted;
} cl_value;

typedef struct {
	void *payload;
	/* A block opens: its class (or attribute) name and the optional label. */
	int (*open)(void *payload, const char *cls, const char *label, uint64_t line);
	int (*close)(void *payload, uint64_t line);
	/* An attribute line; `n` may be 0 ("private" alone). */
	int (*attr)(void *payload, const char *name, const cl_value *values, size_t n, uint64_t line);
	/* A '#' line that opens no block: the header at the top, metadata inside blocks. */
	int (*meta)(void *payload, const char *name, const char *value, uint64_t line);
	/*
	 * Optional.  Asked for an attribute whose values are bare words only
	 * (numbers, yes/no): 0 to step over the line up to its next '}' with no
	 * attr event, 1 for the event with its values, or an error.  An answer
	 * holds for that name until the next open or close (the reader asks once
	 * per name in between).  NULL: every attribute is delivered.
	 */
	int (*want)(void *payload, const char *name, uint64_t line);
} cl_events;

/*
 * Read the file at `path`.  Errors: SP_ENOTFOUND / SP_EIO (cannot open or
 * read), SP_ECORRUPT (message "file:line: reason"), SP_ETOOBIG (a line past
 * CL_MAX_LINE, nesting past CL_MAX_DEPTH), or what a callback returned.
 */
int cl_parse_file(sp_ctx *ctx, const char *path, const cl_events *ev);
/* The same over bytes in memory; `name` is used in messages. */
int cl_parse_mem(sp_ctx *ctx, const char *name, const char *data, size_t len, const cl_events *ev);

#endif
