/*
 * Streaming reader for the IFF container of Maya binary scenes (.mb):
 * FOR4 (8-byte chunk headers, 32-bit sizes, leaf data padded to 4) and FOR8
 * (16-byte headers with 4 ignored bytes, 64-bit sizes, padded to 8), both
 * big-endian.  The file is read with fread and fseeko, chunk by chunk, and
 * never whole: a chunk nobody needs is skipped by seeking, so a scene of
 * several GB costs only the chunks the walk reads.
 *
 * Every size is checked against the chunk that encloses it before it is
 * used; an error names the file and the byte offset of the bad chunk.
 */
#ifndef MB_IFF_H
#define MB_IFF_H

#include "ma_util.h"

#include <stdio.h>

/* Groups nest Maya > node form > ...; real files go 3 deep (LIS CONS > FOR CONN > CWFL). */
#define MB_MAX_DEPTH 32

typedef struct {
	unsigned char tag[4];
	unsigned char form[4]; /* form type of a group (FORx/LISx/CATx/PROx), else zero */
	int group;
	uint64_t off;  /* where the chunk header starts */
	uint64_t data; /* first payload byte (after the form type for a group) */
	uint64_t size; /* payload bytes (without the form type for a group) */
	uint64_t end;  /* first byte after the chunk and its padding */
} mb_chunk;

typedef struct {
	sp_ctx *ctx;
	const char *path;  /* for messages, borrowed */
	FILE *fp;          /* unbuffered: the window below is its buffer */
	int wide;          /* FOR8 */
	uint64_t pos;      /* file offset of fp */
	uint64_t file_end; /* end of the top-level form */
	unsigned char *buf;
	size_t buf_cap;
	/*
	 * The bytes of the file from win_off on (win_len of them): chunk headers
	 * and small chunks are copied from here, so walking the chunks costs a
	 * read call per window, not a stdio call per header.
	 */
	unsigned char *win;
	uint64_t win_off;
	size_t win_len;
} mb_iff;

/*
 * Open `path` and read the top-level header, which must be FOR4 or FOR8 with
 * form type "Maya" and fit the file (else SP_ECORRUPT).  `top` receives the
 * top-level form.  Missing file: SP_ENOTFOUND; read errors: SP_EIO.
 * mb_iff_close must be called whatever the result.
 */
int mb_iff_open(mb_iff *r, sp_ctx *ctx, const char *path, mb_chunk *top);
void mb_iff_close(mb_iff *r);

/*
 * The next child of the group whose payload ends at `end`, starting at
 * `*at`: 1 and `out` filled (and *at moved past it), 0 when the group is
 * done, or SP_ECORRUPT when its header does not fit the group.
 */
int mb_iff_next(mb_iff *r, uint64_t *at, uint64_t end, mb_chunk *out);

/*
 * The first min(size, max) payload bytes of leaf `c`; `*data` is valid until
 * the next call.  The buffer is shared and reused.
 */
int mb_iff_read(mb_iff *r, const mb_chunk *c, size_t max, const unsigned char **data, size_t *len);

/* Record "FILE: byte OFF: <message>" as SP_ECORRUPT on the context and return SP_ECORRUPT. */
int mb_iff_corrupt(mb_iff *r, uint64_t off, const char *fmt, ...) SP_PRINTF(3, 4);

/* A cursor over a chunk payload: every read checks what is left. */
typedef struct {
	const unsigned char *p;
	size_t left;
} mb_cur;

/* A NUL-terminated string at the cursor (borrowed); -1 when no NUL is left. */
int mb_cur_str(mb_cur *c, const char **out);
int mb_cur_u8(mb_cur *c, unsigned *out);
int mb_cur_u32(mb_cur *c, uint32_t *out);
int mb_cur_u64(mb_cur *c, uint64_t *out);

uint32_t mb_be32(const unsigned char *p);
uint64_t mb_be64(const unsigned char *p);

#endif
