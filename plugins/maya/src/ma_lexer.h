/*
 * Streaming statement reader for Maya ASCII (and the MEL subset of
 * workspace.mel).  The file is read in 64 KB blocks and never whole.  A
 * statement ends at a ';' outside double quotes; strings are unescaped into
 * one reusable buffer and every token is a NUL-terminated slice of it.
 *
 * A filter callback sees the tokens of a statement as they complete and may
 * drop the rest of it: the lexer then only scans for the closing ';' without
 * copying, which is how mesh arrays of hundreds of MB pass quickly.
 */
#ifndef MA_LEXER_H
#define MA_LEXER_H

#include "ma_util.h"

#include <stdio.h>

#define MA_LEXER_CHUNK     (64u * 1024u)
#define MA_MAX_STATEMENT   ((size_t)256 * 1024 * 1024)
#define MA_SMALL_STATEMENT ((size_t)256 * 1024)

typedef struct {
	const char *ptr; /* NUL-terminated, borrowed from the lexer until the next call */
	size_t len;
	int quoted; /* 1 for a "string" (already unescaped) */
} ma_token;

/*
 * MA_KEEP_SMALL keeps a statement only while it stays under small_limit
 * bytes: a long string on a node of no interest is then dropped, not
 * buffered (no path is that long).
 */
typedef enum { MA_KEEP = 0, MA_SKIP = 1, MA_UNDECIDED = 2, MA_KEEP_SMALL = 3 } ma_decision;

/* Called after each completed token while undecided; `toks` are valid for the call only. */
typedef ma_decision (*ma_filter_fn)(const ma_token *toks, size_t count, void *payload);

typedef struct {
	size_t off, len;
	int quoted;
} ma_tokpos;

typedef struct {
	sp_ctx *ctx;
	FILE *fp;
	char *path; /* for messages */
	unsigned char *chunk;
	size_t chunk_len, chunk_pos;
	int eof;
	char *buf; /* statement bytes, tokens NUL-separated */
	size_t buf_len, buf_cap;
	ma_tokpos *pos;
	size_t npos, pos_cap;
	ma_token *toks;
	size_t tok_cap;
	size_t toks_built;     /* toks[0..toks_built) are up to date for the statement... */
	const char *toks_base; /* ...while buf stays where it was */
	uint64_t line;         /* current 1-based line */
	uint64_t stmt_line;    /* line where the last statement started */
	size_t max_statement;  /* bytes kept for one statement (MA_MAX_STATEMENT) */
	size_t small_limit;    /* bytes kept for an MA_KEEP_SMALL statement (MA_SMALL_STATEMENT) */
	int small, dropped;    /* the statement is MA_KEEP_SMALL / went past small_limit */
	ma_filter_fn filter;
	void *filter_payload;
	char header[160]; /* first line when it starts with "//" */
	int codeset;      /* the header's //Codeset: number (932, 936...), 0 if none */
} ma_lexer;

/*
 * Open `path`.  With `require_header`, the file must start with the
 * Maya ASCII header: NUL bytes in the first KB are SP_ECORRUPT, other text is
 * SP_EUNSUPPORTED.  Missing file: SP_ENOTFOUND; read error: SP_EIO.
 * ma_lexer_close must be called whatever the result.
 */
int ma_lexer_open(ma_lexer *lx, sp_ctx *ctx, const char *path, int require_header);
void ma_lexer_close(ma_lexer *lx);

/*
 * Next kept statement: 1 with the tokens and their count set, 0 at end of file, or a
 * negative code (SP_ECORRUPT for an unterminated string or statement at end
 * of file, SP_ETOOBIG past max_statement, SP_EIO).
 */
int ma_lexer_next(ma_lexer *lx, const ma_token **toks, size_t *count);

#endif
