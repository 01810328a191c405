/*
 * A tiny Maya binary (.mb) writer for the tests, chunk by chunk as
 * scene-formats.md §2 describes the container: FOR4 (8-byte headers, leaf
 * data padded to 4) or FOR8 (16-byte headers with 4 reserved bytes, padded
 * to 8 from each chunk's data start; group sizes never padded).
 */
#ifndef MB_WRITER_H
#define MB_WRITER_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	unsigned char *p;
	size_t len, cap;
} mbw_bytes;

typedef struct {
	mbw_bytes out;
	int wide;
	size_t open[64]; /* offsets of the headers of the groups still open */
	int depth;
	unsigned char reserved[4]; /* what FOR8 headers carry in their 4 ignored bytes */
} mbw;

void mbw_init(mbw *w, int wide);
void mbw_dispose(mbw *w);

/* Open a group ("FOR8", "LIS4"... the size suffix follows the flavour when tag is "FOR"/"LIS") with its form
 * type. */
void mbw_begin(mbw *w, const char *tag, const char *form);
/* The same with a binary form type (a plug-in node id). */
void mbw_begin_id(mbw *w, const char *tag, uint32_t id);
void mbw_end(mbw *w);
/* A leaf chunk with its data, padded. */
void mbw_leaf(mbw *w, const char *tag, const void *data, size_t n);

/* Payload builders. */
void mbw_put(mbw_bytes *b, const void *data, size_t n);
void mbw_put_str(mbw_bytes *b, const char *s); /* with its NUL */
void mbw_put_u8(mbw_bytes *b, unsigned v);
void mbw_put_u32(mbw_bytes *b, uint32_t v);
void mbw_put_u64(mbw_bytes *b, uint64_t v);
void mbw_put_double(mbw_bytes *b, double v);

/* Leaves of a node form, in Maya's layouts. */
void mbw_text(mbw *w, const char *tag, const char *text); /* VERS, TUNI, SLCT...: text + NUL */
void mbw_pair(mbw *w, const char *tag, const char *a, const char *b);
/* CREA: flags, name, parent (NULL: none), then a 16-byte UUID when uuid != 0. */
void mbw_crea(mbw *w, unsigned flags, const char *name, const char *parent, int uuid);
void mbw_attr_str(mbw *w, const char *attr, const char *value);
void mbw_attr_dble(mbw *w, const char *attr, double v);
void mbw_attr_ticks64(mbw *w, const char *attr, int64_t ticks);
void mbw_attr_ticks32(mbw *w, const char *attr, int32_t ticks);
void mbw_attr_flag(mbw *w, const char *attr);
void mbw_attr_strs(mbw *w, const char *attr, const char *const *items, size_t count);
void mbw_connect(mbw *w, const char *src, const char *dst);
/* CMPD: a compound's child values as 8-byte doubles. */
void mbw_attr_cmpd(mbw *w, const char *attr, const double *values, size_t count);
/* CMPD of `setAttr -s count`: flag '(' and the element count, no values. */
void mbw_attr_cmpd_size(mbw *w, const char *attr, uint32_t count);

/*
 * ATTR (addAttr) in the layout of the corpus files (mb_attrdef.c): kind
 * ("aTYP" for -dt, "aBOL"/"aDBL"... for -at), flags (u16 in FOR4, u32 in
 * FOR8; 0x20 when a parent follows), one type tag ("STR ", or NULL for a
 * number, written as 4 zero bytes), the names, the parent, then for numbers
 * `u32 0, min, max, "DBLE" default`.
 */
typedef struct {
	const char *kind;
	uint32_t flags;
	const char *type_tag;
	const char *ln, *sn, *parent;
	uint32_t children; /* aCPD */
	double dv;
} mbw_attrdef;
void mbw_attr_def(mbw *w, const mbw_attrdef *d);

/* FRDI (depth > 0) or FREF (depth 0) in its own form; `deferred` is FREF's second flag byte. */
void mbw_reference(mbw *w, const char *path, const char *ns, const char *rfn, int depth, int deferred);

/* Write the bytes to dir/name. */
void mbw_save(const mbw *w, const char *dir, const char *name);

#endif
