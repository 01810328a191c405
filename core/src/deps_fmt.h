/*
 * What the nested-format readers (deps_*.c) share: a bounded line reader
 * over a file they never hold whole, and one way to declare a file they
 * found named (path-attributes.md §4).  deps.c decides which reader a file
 * gets and keeps the once-per-analysis and depth guards.
 */
#ifndef SP_DEPS_FMT_H
#define SP_DEPS_FMT_H

#include "scene_impl.h"
#include "util.h"

#include <stdio.h>

/* A line longer than this is handed over in pieces (`continued` set on all but the first). */
#define SP_DEPS_MAX_LINE (1u << 20)
/* A path longer than this is not a path but garbage. */
#define SP_DEPS_MAX_PATH 4096
/* References declared from one nested file; past it the rest of the file is skipped. */
#define SP_DEPS_MAX_REFS 100000
/* Bytes a gzip-compressed file (.ass.gz, gzip RIB) may inflate to; past it the rest is not read. */
#define SP_DEPS_MAX_INFLATED (4ull << 30)

typedef struct sp__deps_gz sp__deps_gz;

typedef struct {
	FILE *f;
	char *chunk; /* read-ahead, SP_DEPS_CHUNK bytes */
	size_t pos, len;
	int eof;
	sp_buf line;     /* the current line without its end-of-line, NUL-terminated */
	uint64_t lineno; /* 1-based number of the current line */
	int continued;   /* the current piece continues the previous one's line */
	int split;       /* the previous piece stopped at the cap, not at an end of line */
	int failed;      /* SP_EIO, SP_ECORRUPT (gzip), SP_ETOOBIG (inflated past the cap) or SP_ENOMEM */
	sp__deps_gz *gz; /* set while the bytes are inflated from gzip */
	uint64_t max_inflated; /* SP_DEPS_MAX_INFLATED unless lowered (tests) */
} sp__deps_lines;

/* One nested file being read: where it is and what it declared. */
typedef struct {
	sp_scene *scene;
	sp_ctx *ctx;
	const char *path; /* absolute, normalised */
	const char *dir;  /* its folder: relative names resolve here first */
	size_t declared;
	int full; /* SP_DEPS_MAX_REFS reached: readers stop */
	sp__deps_lines lines;
} sp__deps_file;

/* Read the next line (or piece of one).  1 when there is one, 0 at the end or after a failure. */
int sp__deps_next_line(sp__deps_file *df);

/*
 * The text of the "..." string at `p` (without the quotes; an unterminated
 * one runs to `end`) into `text` and `len`; returns where the string ends.
 */
const char *sp__deps_quoted(const char *p, const char *end, const char **text, size_t *len);

/*
 * Declare `path` (`len` bytes, not NUL-terminated; quotes and surrounding
 * blanks already removed) as needed by the render.  Values that cannot be
 * paths (empty, control bytes, too long) are skipped.  Frame and tile
 * tokens set SP_REF_FRAMES / SP_REF_TILES.  A relative name is tried in
 * each folder of `search` (may be NULL) and then next to the nested file:
 * the first where it exists becomes the reference's base.  `kind` 0 means
 * guess from the extension.  Returns 0 or SP_ENOMEM.
 */
int sp__deps_declare(sp__deps_file *df, const char *path, size_t len, sp_ref_kind kind, unsigned flags,
                     const char *node, const char *attr, uint64_t line, const sp_strvec *search);

/*
 * Split a search-path value into folders appended to `out`, each resolved
 * against the nested file's folder when relative, with variables expanded
 * (an unset one drops the folder).  `seps` lists the separators; ':' is
 * not one after a lone drive letter.
 */
int sp__deps_add_search(sp__deps_file *df, sp_strvec *out, const char *value, size_t len, const char *seps);

/* An info tip naming the nested file and line: what was not read and why. */
int sp__deps_note(sp__deps_file *df, int code, uint64_t line, const char *why);

/* Helpers for the scanners. */
int sp__deps_xml_decode(sp_buf *out, const char *p,
                        size_t len);                    /* &quot; &amp; &lt; &gt; &apos; &#34; &#39; */
int sp__deps_ext_is(const char *path, const char *ext); /* case-insensitive suffix */
void sp__deps_trim(const char **p, size_t *len);        /* blanks at both ends */
int sp__deps_word_is(const char *p, size_t len, const char *word);

/* The readers, one per format: 0 or SP_ENOMEM; bad bytes end a reader quietly. */
int sp__deps_read_ass(sp__deps_file *df);
int sp__deps_read_vrscene(sp__deps_file *df);
int sp__deps_read_rib(sp__deps_file *df, int xml_escaped);
int sp__deps_read_xgen(sp__deps_file *df);
int sp__deps_read_usda(sp__deps_file *df);
int sp__deps_read_ocio(sp__deps_file *df);
int sp__deps_read_mtlx(sp__deps_file *df);
int sp__deps_read_rs(sp__deps_file *df); /* binary: a scan for path-like text */

#endif
