/*
 * Houdini scene containers: cpio odc (070707) and newc (070701), the
 * Apprentice / Indie form (HouNC / HouLC headers with obfuscated sizes) and
 * the MIME "ASCII hip".  The archive is streamed in blocks and members are
 * handed over one at a time; only the members the caller wants are kept in
 * memory, and only until the callback returns.  Members whose data is gzip
 * are inflated on the way (any container, any name).
 */
#ifndef HU_ARCHIVE_H
#define HU_ARCHIVE_H

#include "hu_util.h"

typedef enum {
	HU_CONT_UNKNOWN = 0,
	HU_CONT_ODC,
	HU_CONT_NEWC,
	HU_CONT_HOUNC,
	HU_CONT_HOULC,
	HU_CONT_MIME
} hu_container;

/* The container the first bytes announce, HU_CONT_UNKNOWN if none. */
hu_container hu_container_sniff(const unsigned char *head, size_t len);
const char *hu_container_name(hu_container c);

/* Members larger than this are walked past without being kept. */
#define HU_MEMBER_MAX (64u * 1024u * 1024u)
#define HU_NAME_MAX   4096
/*
 * What the gzip members of one scene may inflate to, together: this much
 * plus HU_INFLATE_RATIO times the bytes of the file read so far.  Text
 * deflates 5 to 20 times; a bomb over 1000 times.  Past it the walk stops
 * with SP_ETOOBIG naming the member.
 */
#define HU_INFLATE_BASE  (256u * 1024u * 1024u)
#define HU_INFLATE_RATIO 64u

typedef struct {
	const char *name;          /* NUL-terminated */
	size_t name_len;           /* strlen(name) */
	uint64_t offset;           /* file offset of the member's data (first body byte for MIME) */
	uint64_t size;             /* data bytes (decoded bytes for MIME base64 parts) */
	const unsigned char *data; /* NUL-terminated, only during the callback; NULL past HU_MEMBER_MAX */
	size_t len;                /* bytes at data (inflated bytes for a gzip member) */
	int gzip;                  /* 1 when the member's data was gzip and `data` holds it inflated */
} hu_member;

/* 1 when the member's data should be read and handed to the callback. */
typedef int (*hu_want_fn)(const char *name, void *payload);
/* Called for each wanted member, in archive order; a negative return stops the walk. */
typedef int (*hu_member_fn)(const hu_member *member, void *payload);

/*
 * Walk the archive at `path`.  A member claiming more bytes than the file
 * holds is SP_ECORRUPT naming the file, the member and its header offset; so
 * is an archive that ends before its trailer, and a wanted member whose gzip
 * data is bad or cut.  SP_ETOOBIG when the gzip members inflate past the
 * HU_INFLATE_* limit.  SP_ENOTFOUND / SP_EIO when the file cannot be read,
 * SP_EUNSUPPORTED when it is no Houdini container.  `container_out` may be
 * NULL.  A wanted name is also found with ".gz" appended (the callback sees
 * it without).
 */
int hu_archive_walk(hu_container *container_out, sp_ctx *ctx, const char *path, hu_want_fn want,
                    hu_member_fn cb, void *payload);

/* The obfuscation key of a HouNC/HouLC member's size field, 1 when known. */
int hu_hnc_known_key(const char *name, uint32_t *key_out);

#endif
