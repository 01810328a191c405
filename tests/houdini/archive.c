/* Containers: cpio odc and newc, HouNC / HouLC with obfuscated sizes, MIME text; truncation and corruption.
 */
#define _GNU_SOURCE
#include "hu_archive.h"
#include "sp_houdini.h"
#include "support.h"
#include "testkit.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmp;
static sp_ctx *ctx;

static void setup(void)
{
	tmp = tst_mkdtemp();
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
}

static void teardown(void)
{
	sp_ctx_free(ctx);
	tst_rmtree(tmp);
	free(tmp);
}

TestSuite(archive, .init = setup, .fini = teardown);

/* What the walk saw: names, offsets, sizes and data of the wanted members. */
typedef struct {
	char names[64][128];
	char data[64][256];
	uint64_t offsets[64], sizes[64];
	size_t lens[64];
	uint64_t sums[64]; /* FNV-1a of all the data, to compare whole members */
	int have_data[64], gzip[64];
	size_t count;
	const char *only; /* when set, the one member wanted */
} seen_t;

static int want_all(const char *name, void *payload)
{
	seen_t *s = payload;
	return !s->only || strcmp(s->only, name) == 0;
}

static uint64_t fnv(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; p && i < len; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}

static int record(const hu_member *m, void *payload)
{
	seen_t *s = payload;
	cr_assert_lt(s->count, 64);
	snprintf(s->names[s->count], sizeof(s->names[0]), "%s", m->name);
	snprintf(s->data[s->count], sizeof(s->data[0]), "%.*s", (int)(m->len < 255 ? m->len : 255),
	         m->data ? (const char *)m->data : "");
	s->offsets[s->count] = m->offset;
	s->sizes[s->count] = m->size;
	s->have_data[s->count] = m->data != NULL;
	s->lens[s->count] = m->len;
	s->gzip[s->count] = m->gzip;
	s->sums[s->count] = fnv(m->data, m->len);
	s->count++;
	return 0;
}

static int walk(const tk_bytes *b, seen_t *seen, hu_container *kind)
{
	char *path = tst_join(tmp, "scene.hip");
	int error;
	tst_write(tmp, "scene.hip", b->p, b->n);
	error = hu_archive_walk(kind, ctx, path, want_all, record, seen);
	free(path);
	return error;
}

Test(archive, odc_members_come_with_their_names_offsets_and_data)
{
	tk_bytes b = {0};
	seen_t s = {0};
	hu_container kind;
	tk_odc(&b, ".start", "fplayback -i on\nfps 24\n", TK_STR);
	tk_odc(&b, ".variables", "set -g HIP = '/x'\n", TK_STR);
	tk_odc(&b, "out/mantra1.init", "type = ifd\n", TK_STR);
	tk_odc_end(&b);
	cr_assert_eq(walk(&b, &s, &kind), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(kind, HU_CONT_ODC);
	cr_assert_eq(s.count, 3);
	cr_assert_str_eq(s.names[0], ".start");
	cr_assert_str_eq(s.data[0], "fplayback -i on\nfps 24\n");
	/* 76-byte header + ".start\0" */
	cr_assert_eq(s.offsets[0], 76 + 7);
	cr_assert_str_eq(s.names[2], "out/mantra1.init");
	cr_assert_str_eq(s.data[2], "type = ifd\n");
	cr_assert_eq(s.sizes[2], 11);
	tk_free(&b);
}

Test(archive, unwanted_members_are_skipped_by_size_and_not_delivered)
{
	tk_bytes b = {0};
	seen_t s = {0};
	tk_odc(&b, ".OPdummydefs", "070707 looks like a header but is data", TK_STR);
	tk_odc(&b, "obj/geo1.parm", "{\n}\n", TK_STR);
	tk_odc_end(&b);
	s.only = "obj/geo1.parm";
	cr_assert_eq(walk(&b, &s, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(s.count, 1);
	cr_assert_str_eq(s.names[0], "obj/geo1.parm");
	cr_assert_str_eq(s.data[0], "{\n}\n");
	tk_free(&b);
}

Test(archive, newc_members_are_read_across_their_padding)
{
	tk_bytes b = {0};
	seen_t s = {0};
	hu_container kind;
	tk_newc(&b, ".start", "fps 25\n", TK_STR);
	tk_newc(&b, "obj/a.init", "type = geo\n", TK_STR);
	tk_newc_end(&b);
	cr_assert_eq(walk(&b, &s, &kind), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(kind, HU_CONT_NEWC);
	cr_assert_eq(s.count, 2);
	cr_assert_str_eq(s.data[0], "fps 25\n");
	cr_assert_str_eq(s.names[1], "obj/a.init");
	cr_assert_str_eq(s.data[1], "type = geo\n");
	tk_free(&b);
}

/* The nested archive inside .OPdummydefs has its own trailer; only the decoded size gets past it. */
static void hnc_with_nested(tk_bytes *b, const char *magic)
{
	tk_bytes inner = {0};
	tk_hnc(&inner, magic, "Sop/thing", "INDX section", TK_STR);
	tk_hnc_end(&inner, magic);
	tk_put(&inner, "trailing HDA bytes", 18);
	tk_hnc(b, magic, ".start", "fps 24\nframe 1\n", TK_STR);
	tk_hnc(b, magic, ".variables", "set -g _HIP_SAVEVERSION = '20.5.278'\n", TK_STR);
	tk_hnc(b, magic, ".OPdummydefs", inner.p, inner.n);
	tk_hnc(b, magic, "obj/geo1.init", "type = geo\n", TK_STR);
	tk_hnc(b, magic, "obj/geo1.parm", "{\nversion 0.8\n}\n", TK_STR);
	tk_hnc_end(b, magic);
	tk_free(&inner);
}

Test(archive, hounc_sizes_are_decoded_and_nested_archives_do_not_end_the_walk)
{
	tk_bytes b = {0};
	seen_t s = {0};
	hu_container kind;
	hnc_with_nested(&b, "HouNC");
	cr_assert_eq(walk(&b, &s, &kind), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(kind, HU_CONT_HOUNC);
	cr_assert_eq(s.count, 5);
	cr_assert_str_eq(s.names[0], ".start");
	cr_assert_str_eq(s.data[0], "fps 24\nframe 1\n");
	cr_assert_str_eq(s.names[2], ".OPdummydefs");
	cr_assert_eq(s.sizes[2], 34 + 10 + 12 + 34 + 23 + 18);
	cr_assert_str_eq(s.names[3], "obj/geo1.init");
	cr_assert_str_eq(s.data[3], "type = geo\n");
	cr_assert_str_eq(s.names[4], "obj/geo1.parm");
	cr_assert_str_eq(s.data[4], "{\nversion 0.8\n}\n");
	tk_free(&b);
}

Test(archive, houlc_is_walked_like_hounc)
{
	tk_bytes b = {0};
	seen_t s = {0};
	hu_container kind;
	hnc_with_nested(&b, "HouLC");
	cr_assert_eq(walk(&b, &s, &kind), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(kind, HU_CONT_HOULC);
	cr_assert_eq(s.count, 5);
	cr_assert_str_eq(s.names[4], "obj/geo1.parm");
	tk_free(&b);
}

Test(archive, hounc_member_of_unknown_key_spanning_many_blocks_keeps_every_byte)
{
	tk_bytes b = {0};
	seen_t s = {0};
	size_t big = 300000;
	char *data = malloc(big);
	for (size_t i = 0; i < big; i++)
		data[i] = (char)('a' + i % 26);
	tk_hnc(&b, "HouNC", "obj/big.parm", data, big);
	tk_hnc(&b, "HouNC", "obj/after.init", "type = null\n", TK_STR);
	tk_hnc_end(&b, "HouNC");
	cr_assert_eq(walk(&b, &s, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(s.count, 2);
	cr_assert_eq(s.sizes[0], big);
	cr_assert_eq(strncmp(s.data[0], "abcdefghij", 10), 0);
	cr_assert_str_eq(s.data[1], "type = null\n");
	free(data);
	tk_free(&b);
}

Test(archive, mime_text_and_base64_parts_are_decoded)
{
	tk_bytes b = {0};
	seen_t s = {0};
	hu_container kind;
	static const char bin[] = "HoudiniTakeFile 1.0\ntake name Main kids 0\n\0\0\0\x02"
	                          "e\n";
	tk_mime_begin(&b);
	tk_mime_text(&b, ".start", "fplayback -i on\nfps 24\n");
	tk_mime_base64(&b, ".takes", bin, sizeof(bin) - 1, 16);
	tk_mime_text(&b, "out/mantra1.init", "type = ifd\nmatchesdef = 0\n");
	tk_mime_end(&b);
	cr_assert_eq(walk(&b, &s, &kind), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(kind, HU_CONT_MIME);
	cr_assert_eq(s.count, 3);
	cr_assert_str_eq(s.names[0], ".start");
	cr_assert_str_eq(s.data[0], "fplayback -i on\nfps 24\n");
	cr_assert_str_eq(s.names[1], ".takes");
	cr_assert_eq(s.sizes[1], sizeof(bin) - 1);
	cr_assert_str_eq(s.data[1], "HoudiniTakeFile 1.0\ntake name Main kids 0\n");
	cr_assert_str_eq(s.data[2], "type = ifd\nmatchesdef = 0\n");
	tk_free(&b);
}

static void assert_corrupt(const tk_bytes *b, const char *member, const char *offset_text)
{
	seen_t s = {0};
	int error = walk(b, &s, NULL);
	const char *msg = sp_ctx_last_error(ctx);
	cr_assert_eq(error, SP_ECORRUPT, "error %d: %s", error, msg);
	cr_assert(strstr(msg, member) != NULL, "'%s' not named in: %s", member, msg);
	cr_assert(strstr(msg, offset_text) != NULL, "'%s' not in: %s", offset_text, msg);
}

Test(archive, odc_cut_inside_a_member_is_corrupt_naming_member_and_offset)
{
	tk_bytes b = {0};
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc(&b, "obj/geo1.parm", "{\nversion 0.8\nfile\t[ 0\tlocks=0 ]\t(\tx.bgeo\t)\n}\n", TK_STR);
	tk_odc_end(&b);
	b.n -= 76 + 11 + 20; /* the trailer and the end of the .parm data */
	assert_corrupt(&b, "obj/geo1.parm", "offset 90");
	tk_free(&b);
}

Test(archive, odc_size_larger_than_the_file_is_corrupt)
{
	tk_bytes b = {0};
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc_end(&b);
	memcpy(b.p + 65, "77777777777", 11); /* filesize of .start */
	assert_corrupt(&b, ".start", "offset 0");
	cr_assert(strstr(sp_ctx_last_error(ctx), "claims") != NULL, "%s", sp_ctx_last_error(ctx));
	tk_free(&b);
}

Test(archive, odc_without_trailer_is_corrupt)
{
	tk_bytes b = {0};
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	assert_corrupt(&b, ".start", "ends before its trailer");
	tk_free(&b);
}

Test(archive, odc_garbage_header_is_corrupt)
{
	tk_bytes b = {0};
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc_end(&b);
	memcpy(b.p + 59, "0x0007", 6); /* name size no longer octal */
	assert_corrupt(&b, "bad cpio odc header", "offset 0");
	tk_free(&b);
}

Test(archive, hounc_known_key_size_past_the_end_is_corrupt)
{
	tk_bytes b = {0};
	tk_hnc(&b, "HouNC", ".start", "fps 24\n", TK_STR);
	tk_hnc(&b, "HouNC", ".variables", "set -g A = 'b'\n", TK_STR);
	tk_hnc_end(&b, "HouNC");
	memcpy(b.p + 26 + 34 + 7 + 7, "00000000", 8); /* .variables size field: decodes to the key itself */
	assert_corrupt(&b, ".variables", "offset 48");
	tk_free(&b);
}

Test(archive, hounc_cut_before_the_trailer_is_corrupt)
{
	tk_bytes b = {0};
	tk_hnc(&b, "HouNC", ".start", "fps 24\n", TK_STR);
	tk_hnc(&b, "HouNC", "obj/geo1.parm", "{\n}\n", TK_STR);
	tk_hnc_end(&b, "HouNC");
	b.n -= 34 + 23;
	assert_corrupt(&b, "obj/geo1.parm", "ends before its trailer");
	tk_free(&b);
}

Test(archive, mime_cut_inside_a_part_is_corrupt)
{
	tk_bytes b = {0};
	tk_mime_begin(&b);
	tk_mime_text(&b, ".start", "fps 24\n");
	tk_mime_text(&b, "obj/geo1.parm", "{\nversion 0.8\n}\n");
	b.n -= 3;
	assert_corrupt(&b, "obj/geo1.parm", "ends inside a part");
	tk_free(&b);
}

Test(archive, other_bytes_are_unsupported_and_a_missing_file_is_not_found)
{
	tk_bytes b = {0};
	seen_t s = {0};
	char *missing = tst_join(tmp, "nope.hip");
	tk_put(&b, "#include <hip/hip_runtime.h>\n", 29);
	cr_assert_eq(walk(&b, &s, NULL), SP_EUNSUPPORTED);
	cr_assert_eq(hu_archive_walk(NULL, ctx, missing, want_all, record, &s), SP_ENOTFOUND);
	free(missing);
	tk_free(&b);
}

Test(archive, mime_cut_inside_a_base64_part_is_corrupt_not_a_decoding_error)
{
	tk_bytes b = {0};
	static const char bin[] = "INDX binary section bytes that span several lines of base64";
	tk_mime_begin(&b);
	tk_mime_text(&b, ".start", "fps 24\n");
	tk_mime_base64(&b, ".OPdummydefs", bin, sizeof(bin) - 1, 12);
	tk_mime_end(&b);
	b.n = (size_t)(strstr(b.p, "Content-Transfer-Encoding: base64\n\n") - b.p) + 35 + 10;
	assert_corrupt(&b, ".OPdummydefs", "ends inside a part");
	tk_free(&b);
}

Test(archive, member_names_with_control_characters_are_corrupt_and_shown_safely)
{
	tk_bytes b = {0};
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc(&b, "obj/a\nb\x01.parm", "{\n}\n", TK_STR);
	tk_odc_end(&b);
	assert_corrupt(&b, "obj/a?b?.parm", "control characters");
	cr_assert_null(strchr(sp_ctx_last_error(ctx), '\n'));
	tk_free(&b);
}

/* record, and each member's data is NUL-terminated where the callback sees it */
static int record_terminated(const hu_member *m, void *payload)
{
	cr_assert(m->data == NULL || m->data[m->len] == '\0', "%s is not NUL-terminated", m->name);
	return record(m, payload);
}

Test(archive, members_across_read_blocks_and_at_the_end_of_the_file_arrive_whole_and_terminated)
{
	tk_bytes b = {0};
	char name[32], *body = malloc(5000), *path;
	seen_t s = {0};
	int error;
	cr_assert_not_null(body);
	/* 40 members of 1 to 5 KB: well past one 128 KB read block, with members straddling blocks */
	for (int i = 0; i < 40; i++) {
		size_t n = 1000 + (size_t)i * 97;
		for (size_t k = 0; k < n; k++)
			body[k] = (char)('a' + (i + k) % 26);
		snprintf(name, sizeof(name), "obj/n%d.parm", i);
		tk_odc(&b, name, body, n);
	}
	/* the last member ends the file: no trailer after it */
	tk_odc(&b, "obj/last.parm", "tail", TK_STR);
	path = tst_join(tmp, "scene.hip");
	tst_write(tmp, "scene.hip", b.p, b.n);
	error = hu_archive_walk(NULL, ctx, path, want_all, record_terminated, &s);
	cr_assert_eq(error, SP_ECORRUPT, "%s", sp_ctx_last_error(ctx));
	cr_assert(strstr(sp_ctx_last_error(ctx), "ends before its trailer") != NULL, "%s",
	          sp_ctx_last_error(ctx));
	cr_assert_eq(s.count, 41);
	for (int i = 0; i < 40; i++) {
		size_t n = 1000 + (size_t)i * 97;
		for (size_t k = 0; k < n; k++)
			body[k] = (char)('a' + (i + k) % 26);
		cr_assert_eq(s.lens[i], n);
		cr_assert_eq(s.sums[i], fnv(body, n), "member %d", i);
	}
	cr_assert_str_eq(s.data[40], "tail");
	free(path);
	free(body);
	tk_free(&b);
}

Test(archive, a_member_name_with_a_nul_inside_is_not_terminated_whatever_follows_it)
{
	tk_bytes b = {0};
	static const char hdr_name[] = "obj/geometry1\x01x\0y.parm"; /* a control byte, then a NUL */
	char header[80];
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	snprintf(header, sizeof(header), "070707%06o%06o%06o%06o%06o%06o%06o%011o%06o%011o", 0, 0, 0100666, 0,
	         0, 1, 0, 0, (unsigned)sizeof(hdr_name), 0u);
	tk_put(&b, header, strlen(header));
	tk_put(&b, hdr_name, sizeof(hdr_name));
	tk_odc_end(&b);
	assert_corrupt(&b, "obj/geometry1?x", "not NUL-terminated");
	tk_free(&b);
}

Test(archive, long_member_names_with_a_control_byte_anywhere_are_corrupt)
{
	static const char base[] = "obj/a_rather_long_network_name/with_a_node.parm";
	for (size_t at = 0; at + 5 < sizeof(base) - 1; at += 3) {
		tk_bytes b = {0};
		char name[sizeof(base)];
		memcpy(name, base, sizeof(base));
		name[at] = at % 2 ? '\x7f' : '\x1f';
		tk_odc(&b, ".start", "fps 24\n", TK_STR);
		tk_odc(&b, name, "{\n}\n", TK_STR);
		tk_odc_end(&b);
		assert_corrupt(&b, ".parm", "control characters");
		tk_free(&b);
	}
}

Test(archive, sniffing_knows_every_container_and_no_other_text)
{
	static const char mail[] =
	    "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"frontier\"\n\n"
	    "--frontier\nContent-Type: text/plain\n\nThis is a message with multiple parts.\n";
	tk_bytes b = {0};
	tk_mime_begin(&b);
	tk_mime_text(&b, ".start", "fps 24\n");
	cr_assert(sp_houdini_sniff((const unsigned char *)"070707000001", 12));
	cr_assert(sp_houdini_sniff((const unsigned char *)"070701000001", 12));
	cr_assert(sp_houdini_sniff((const unsigned char *)"HouNC\x1a"
	                                                  "1033600b",
	                           14));
	cr_assert(sp_houdini_sniff((const unsigned char *)"HouLC\x1a"
	                                                  "1033600b",
	                           14));
	cr_assert(sp_houdini_sniff((const unsigned char *)b.p, 64));
	cr_assert(sp_houdini_sniff((const unsigned char *)b.p, b.n));
	cr_assert_not(sp_houdini_sniff((const unsigned char *)mail, sizeof(mail) - 1));
	cr_assert_not(sp_houdini_sniff((const unsigned char *)"#include <hip/hip_runtime.h>", 28));
	cr_assert_not(sp_houdini_sniff((const unsigned char *)"0707", 4));
	tk_free(&b);
}

/* ---- gzip-compressed members ------------------------------------------------------- */

static const char parm_text[] = "{\nversion 0.8\nfile\t[ 0\tlocks=0 ]\t(\t$HIP/geo/rock.$F4.bgeo.sc\t)\n}\n";

/* A .parm text of `n` bytes that does not repeat much, so deflate output spans several blocks. */
static char *noisy_text(size_t n)
{
	char *t = malloc(n + 1);
	uint32_t x = 12345;
	cr_assert_not_null(t);
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		t[i] = (i % 61 == 60) ? '\n' : (char)('!' + (x >> 16) % 90);
	}
	t[n] = '\0';
	return t;
}

Test(archive, odc_gzip_member_is_inflated_whole_and_flagged)
{
	tk_bytes b = {0}, gz = {0};
	seen_t s = {0};
	size_t big = 400000; /* several 128 KiB read blocks of compressed bytes */
	char *text = noisy_text(big);
	tk_gzip(&gz, text, big);
	cr_assert_gt(gz.n, 200000);
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc(&b, "obj/geo1.parm", gz.p, gz.n);
	tk_odc(&b, "obj/geo1.init", "type = geo\n", TK_STR);
	tk_odc_end(&b);
	cr_assert_eq(walk(&b, &s, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(s.count, 3);
	cr_assert_str_eq(s.names[1], "obj/geo1.parm");
	cr_assert_eq(s.gzip[1], 1);
	cr_assert_eq(s.gzip[0], 0);
	cr_assert_eq(s.lens[1], big);
	cr_assert_eq(s.sums[1], fnv(text, big));
	cr_assert_eq(s.sizes[1], gz.n); /* the size in the archive is the compressed one */
	cr_assert_eq(s.offsets[1], 76 + 7 + 7 + 76 + 14);
	cr_assert_str_eq(s.data[2], "type = geo\n");
	free(text);
	tk_free(&gz);
	tk_free(&b);
}

/* Every container carries gzip members the same way: newc, HouNC (known and unknown key), HouLC, MIME. */
Test(archive, gzip_members_are_inflated_in_every_container)
{
	static const char vars[] = "set -g _HIP_SAVEVERSION = '20.5.410'\n";
	tk_bytes gz_parm = {0}, gz_vars = {0};
	tk_gzip(&gz_parm, parm_text, sizeof(parm_text) - 1);
	tk_gzip(&gz_vars, vars, sizeof(vars) - 1);
	for (int kind = 0; kind < 4; kind++) {
		tk_bytes b = {0};
		seen_t s = {0};
		const char *magic = kind == 1 ? "HouNC" : "HouLC";
		if (kind == 0) {
			tk_newc(&b, ".variables", gz_vars.p, gz_vars.n);
			tk_newc(&b, "obj/geo1.parm", gz_parm.p, gz_parm.n);
			tk_newc_end(&b);
		} else if (kind <= 2) {
			tk_hnc(&b, magic, ".variables", gz_vars.p, gz_vars.n); /* size from the key */
			tk_hnc(&b, magic, "obj/geo1.parm", gz_parm.p,
			       gz_parm.n); /* size from the next header */
			tk_hnc_end(&b, magic);
		} else {
			tk_mime_begin(&b);
			tk_mime_base64(&b, ".variables", gz_vars.p, gz_vars.n, 57);
			tk_mime_base64(&b, "obj/geo1.parm", gz_parm.p, gz_parm.n, 57);
			tk_mime_end(&b);
		}
		cr_assert_eq(walk(&b, &s, NULL), 0, "container %d: %s", kind, sp_ctx_last_error(ctx));
		cr_assert_eq(s.count, 2, "container %d", kind);
		cr_assert_str_eq(s.data[0], vars, "container %d", kind);
		cr_assert_str_eq(s.data[1], parm_text, "container %d", kind);
		cr_assert(s.gzip[0] && s.gzip[1], "container %d", kind);
		tk_free(&b);
	}
	tk_free(&gz_parm);
	tk_free(&gz_vars);
}

Test(archive, a_gz_suffixed_name_is_the_member_without_it_and_concatenated_streams_join)
{
	tk_bytes b = {0}, gz = {0};
	seen_t s = {0};
	/* gzip -c a b > ab.gz: two streams back to back decode to both */
	tk_gzip(&gz, "{\nversion 0.8\n", 14);
	tk_gzip(&gz, "}\n", 2);
	tk_put(&gz, "\0\0\0\0", 4); /* zero padding after the last stream, as tape tools leave it */
	tk_odc(&b, "obj/geo1.parm.gz", gz.p, gz.n);
	tk_odc_end(&b);
	s.only = "obj/geo1.parm";
	cr_assert_eq(walk(&b, &s, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(s.count, 1);
	cr_assert_str_eq(s.names[0], "obj/geo1.parm");
	cr_assert_str_eq(s.data[0], "{\nversion 0.8\n}\n");
	tk_free(&gz);
	tk_free(&b);
}

Test(archive, tiny_members_shorter_than_the_gzip_magic_stay_plain)
{
	tk_bytes b = {0};
	seen_t s = {0};
	tk_odc(&b, "obj/a.init", "", 0);
	tk_odc(&b, "obj/b.init", "\x1f\x8b", 2);
	tk_odc(&b, "obj/c.init", "x\n", TK_STR);
	tk_odc_end(&b);
	cr_assert_eq(walk(&b, &s, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(s.count, 3);
	cr_assert_eq(s.lens[0], 0);
	cr_assert_eq(s.lens[1], 2);
	cr_assert_eq(s.gzip[1], 0);
	cr_assert_str_eq(s.data[2], "x\n");
	tk_free(&b);
}

Test(archive, cut_gzip_data_in_a_wanted_member_is_corrupt_naming_it)
{
	tk_bytes b = {0}, gz = {0};
	tk_gzip(&gz, parm_text, sizeof(parm_text) - 1);
	tk_odc(&b, ".start", "fps 24\n", TK_STR);
	tk_odc(&b, "obj/geo1.parm", gz.p, gz.n - 12); /* the archive is whole, the gzip stream is not */
	tk_odc_end(&b);
	assert_corrupt(&b, "obj/geo1.parm", "gzip data ends early at offset 90");
	tk_free(&gz);
	tk_free(&b);
}

Test(archive, bad_deflate_bytes_are_corrupt_but_only_in_wanted_members)
{
	tk_bytes b = {0}, gz = {0};
	seen_t s = {0};
	tk_gzip(&gz, parm_text, sizeof(parm_text) - 1);
	for (size_t i = 10; i < gz.n - 8; i++) /* keep the gzip header, ruin the deflate blocks */
		gz.p[i] = (char)0xff;
	tk_odc(&b, "obj/geo1.userdata", gz.p, gz.n);
	tk_odc(&b, "obj/geo1.parm", gz.p, gz.n);
	tk_odc_end(&b);
	s.only = "obj/geo1.userdata";
	cr_assert_eq(walk(&b, &s, NULL), SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "bad gzip data") != NULL, "%s", sp_ctx_last_error(ctx));
	cr_assert(strstr(sp_ctx_last_error(ctx), "obj/geo1.userdata") != NULL, "%s", sp_ctx_last_error(ctx));
	memset(&s, 0, sizeof(s));
	s.only = ".start"; /* neither member wanted: walked past by size, never inflated */
	cr_assert_eq(walk(&b, &s, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(s.count, 0);
	tk_free(&gz);
	tk_free(&b);
}

Test(archive, a_member_inflating_past_the_member_limit_is_walked_past_like_a_big_plain_one)
{
	tk_bytes b = {0}, gz = {0};
	seen_t s = {0};
	size_t n = HU_MEMBER_MAX + 4096;
	char *zeros = calloc(1, n);
	cr_assert_not_null(zeros);
	tk_gzip(&gz, zeros, n);
	free(zeros);
	tk_odc(&b, "obj/huge.parm", gz.p, gz.n);
	tk_odc(&b, "obj/after.init", "type = null\n", TK_STR);
	tk_odc_end(&b);
	cr_assert_eq(walk(&b, &s, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(s.count, 2);
	cr_assert_eq(s.have_data[0], 0);
	cr_assert_eq(s.sizes[0], gz.n);
	cr_assert_str_eq(s.data[1], "type = null\n");
	tk_free(&gz);
	tk_free(&b);
}

/* A few kilobytes of deflate per member, each just under the member limit: the scene's total stops it. */
Test(archive, gzip_members_inflating_past_the_scene_limit_stop_the_walk_naming_the_member)
{
	tk_bytes b = {0}, gz = {0};
	seen_t s = {0};
	size_t n = HU_MEMBER_MAX - 4096, members = 0;
	char *zeros = calloc(1, n);
	cr_assert_not_null(zeros);
	tk_gzip(&gz, zeros, n);
	free(zeros);
	cr_assert_lt(gz.n, 100000); /* about 1000 to 1 */
	for (uint64_t total = 0; total <= HU_INFLATE_BASE + 2 * (uint64_t)HU_INFLATE_RATIO * b.n + n;
	     total += n) {
		char name[64];
		snprintf(name, sizeof(name), "obj/bomb%zu.parm", members++);
		tk_odc(&b, name, gz.p, gz.n);
	}
	tk_odc_end(&b);
	cr_assert_eq(walk(&b, &s, NULL), SP_ETOOBIG);
	cr_assert_lt(s.count, members); /* stopped before the last member */
	cr_assert(strstr(sp_ctx_last_error(ctx), "obj/bomb") != NULL, "%s", sp_ctx_last_error(ctx));
	cr_assert(strstr(sp_ctx_last_error(ctx), "inflates past") != NULL, "%s", sp_ctx_last_error(ctx));
	cr_assert_null(strchr(sp_ctx_last_error(ctx), '\n'));
	tk_free(&gz);
	tk_free(&b);
}
