#define _GNU_SOURCE
#include "testkit.h"

#include "hu_archive.h"

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

void tk_put(tk_bytes *b, const void *data, size_t len)
{
	if (b->n + len + 1 > b->cap) {
		b->cap = (b->n + len + 1) * 2;
		b->p = realloc(b->p, b->cap);
		cr_assert_not_null(b->p);
	}
	memcpy(b->p + b->n, data, len);
	b->n += len;
	b->p[b->n] = '\0';
}

void tk_free(tk_bytes *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static void putf(tk_bytes *b, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	cr_assert(vasprintf(&s, fmt, ap) >= 0);
	va_end(ap);
	tk_put(b, s, strlen(s));
	free(s);
}

void tk_gzip(tk_bytes *out, const void *data, size_t len)
{
	z_stream z;
	unsigned char chunk[65536];
	int ret;
	memset(&z, 0, sizeof(z));
	cr_assert_eq(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		ret = deflate(&z, Z_FINISH);
		cr_assert(ret == Z_OK || ret == Z_STREAM_END || ret == Z_BUF_ERROR);
		tk_put(out, chunk, sizeof(chunk) - z.avail_out);
	} while (ret != Z_STREAM_END);
	deflateEnd(&z);
}

void tk_odc(tk_bytes *b, const char *name, const char *data, size_t len)
{
	if (len == TK_STR)
		len = strlen(data);
	putf(b, "070707000001000000000666000000000000000001000000%011o%06o%011o", 01402012066u,
	     (unsigned)strlen(name) + 1, (unsigned)len);
	tk_put(b, name, strlen(name) + 1);
	tk_put(b, data, len);
}

void tk_odc_end(tk_bytes *b)
{
	tk_odc(b, "TRAILER!!!", "", 0);
}

static void pad4(tk_bytes *b)
{
	while (b->n % 4)
		tk_put(b, "", 1);
}

void tk_newc(tk_bytes *b, const char *name, const char *data, size_t len)
{
	if (len == TK_STR)
		len = strlen(data);
	putf(b, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 0u, 0100644u, 0u, 0u, 1u,
	     0x5f000000u, (unsigned)len, 0u, 0u, 0u, 0u, (unsigned)strlen(name) + 1, 0u);
	tk_put(b, name, strlen(name) + 1);
	pad4(b);
	tk_put(b, data, len);
	pad4(b);
}

void tk_newc_end(tk_bytes *b)
{
	tk_newc(b, "TRAILER!!!", "", 0);
}

void tk_hnc(tk_bytes *b, const char *magic, const char *name, const char *data, size_t len)
{
	uint32_t key = 0x5a5a1234u; /* any value: the reader finds unknown sizes from the next header */
	if (len == TK_STR)
		len = strlen(data);
	(void)hu_hnc_known_key(name, &key);
	putf(b,
	     "%s\x1a"
	     "1033600b%02x0628caf120%08x",
	     magic, (unsigned)((strlen(name) + 1) ^ 0xad), (unsigned)(len ^ key));
	tk_put(b, name, strlen(name) + 1);
	tk_put(b, data, len);
}

void tk_hnc_end(tk_bytes *b, const char *magic)
{
	tk_hnc(b, magic,
	       strcmp(magic, "HouNC") == 0 ? "NON_COMMERCIAL_FILE!!!" : "LIMITED_COMMERCIAL_FILE!!!", "", 0);
}

#define TK_BOUNDARY "HOUDINIMIMEBOUNDARY0xD3ADD339-0x00000F49-0x56B122C9-0x00000001HOUDINIMIMEBOUNDARY"

void tk_mime_begin(tk_bytes *b)
{
	putf(b, "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"%s\"\n\n", TK_BOUNDARY);
}

void tk_mime_text(tk_bytes *b, const char *name, const char *text)
{
	putf(b, "--%s\nContent-Disposition: attachment; filename=\"%s\"\nContent-Type: text/plain\n\n%s\n",
	     TK_BOUNDARY, name, text);
}

void tk_mime_base64(tk_bytes *b, const char *name, const char *data, size_t len, size_t line_bytes)
{
	unsigned char out[4096];
	putf(
	    b,
	    "--%s\nContent-Disposition: attachment; filename=\"%s\"\nContent-Type: application/octet-stream\n"
	    "Content-Transfer-Encoding: base64\n\n",
	    TK_BOUNDARY, name);
	for (size_t i = 0; i < len; i += line_bytes) {
		size_t n = len - i < line_bytes ? len - i : line_bytes;
		int got = EVP_EncodeBlock(out, (const unsigned char *)data + i, (int)n);
		tk_put(b, out, (size_t)got);
		tk_put(b, "\n", 1);
	}
	tk_put(b, "\n", 1);
}

void tk_mime_end(tk_bytes *b)
{
	putf(b, "--%s--\n", TK_BOUNDARY);
}

void tk_parm(tk_bytes *b, const char *const *pairs)
{
	tk_put(b, "{\nversion 0.8\n", 14);
	for (size_t i = 0; pairs && pairs[i]; i++) {
		const char *eq = strchr(pairs[i], '=');
		cr_assert_not_null(eq);
		putf(b, "%.*s\t[ 0\tlocks=0 ]\t(\t%s\t)\n", (int)(eq - pairs[i]), pairs[i], eq + 1);
	}
	tk_put(b, "}\n", 2);
}

void tk_odc_node(tk_bytes *b, const char *path, const char *type, int bypass, const char *const *parm_pairs)
{
	tk_bytes parm = {0};
	char *name = NULL, *text = NULL;
	cr_assert(asprintf(&name, "%s.init", path) > 0);
	cr_assert(asprintf(&text, "type = %s\nmatchesdef = 0\n", type) > 0);
	tk_odc(b, name, text, TK_STR);
	free(name);
	free(text);
	cr_assert(asprintf(&name, "%s.def", path) > 0);
	cr_assert(
	    asprintf(&text,
	             "comment \"\"\nposition 0 0\nflags =  lock off model off template off bypass %s display "
	             "off render off\nend\n",
	             bypass ? "on" : "off") > 0);
	tk_odc(b, name, text, TK_STR);
	free(name);
	free(text);
	tk_parm(&parm, parm_pairs);
	cr_assert(asprintf(&name, "%s.parm", path) > 0);
	tk_odc(b, name, parm.p, parm.n);
	free(name);
	tk_free(&parm);
}
