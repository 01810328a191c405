/* Builders for tiny Houdini archives written by the tests (cpio odc/newc, HouNC/HouLC, MIME). */
#ifndef HU_TESTKIT_H
#define HU_TESTKIT_H

#include <stddef.h>

typedef struct {
	char *p;
	size_t n, cap;
} tk_bytes;

#define TK_STR ((size_t)-1)

void tk_put(tk_bytes *b, const void *data, size_t len);
void tk_free(tk_bytes *b);

void tk_odc(tk_bytes *b, const char *name, const char *data, size_t len);
void tk_odc_end(tk_bytes *b);
void tk_newc(tk_bytes *b, const char *name, const char *data, size_t len);
void tk_newc_end(tk_bytes *b);
/* magic is "HouNC" or "HouLC"; known member names get their real key, others a junk one. */
void tk_hnc(tk_bytes *b, const char *magic, const char *name, const char *data, size_t len);
void tk_hnc_end(tk_bytes *b, const char *magic);

void tk_mime_begin(tk_bytes *b);
void tk_mime_text(tk_bytes *b, const char *name, const char *text);
/* Base64, one independently padded line per `line_bytes` input bytes, as Houdini writes it. */
void tk_mime_base64(tk_bytes *b, const char *name, const char *data, size_t len, size_t line_bytes);
void tk_mime_end(tk_bytes *b);

/* `len` bytes gzip-compressed with zlib (level 9, one gzip stream), appended to `out`. */
void tk_gzip(tk_bytes *out, const void *data, size_t len);

/* A minimal .parm member: "name\t[ 0\tlocks=0 ]\t(\tvalues\t)" lines from "name=values" pairs. */
void tk_parm(tk_bytes *b, const char *const *pairs);

/* A node's .init/.def/.parm members in odc form. */
void tk_odc_node(tk_bytes *b, const char *path, const char *type, int bypass, const char *const *parm_pairs);

#endif
