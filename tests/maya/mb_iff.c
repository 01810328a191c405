/*
 * The .mb container on hostile bytes: sizes past their parent or the end of
 * the file, cuts at every byte, zero-sized groups, nesting past the cap,
 * absurd counts, flipped bytes; big chunks skipped by seeking (a sparse
 * 5 GB chunk), unknown chunks and types skipped, unnamed plug-in ids logged.
 */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sp_maya.h>

#include "mb_writer.h"
#include "support.h"

static sp_ctx *ctx;
static char *dir;
static sp_scene *scene;
static char logged[4096];

static void capture_log(sp_log_level level, const char *msg, void *payload)
{
	(void)level;
	(void)payload;
	if (strlen(logged) + strlen(msg) + 2 < sizeof(logged)) {
		strcat(logged, msg);
		strcat(logged, "\n");
	}
}

static void setup(void)
{
	sp_ctx_options o = SP_CTX_OPTIONS_INIT;
	o.log = capture_log;
	logged[0] = '\0';
	cr_assert_eq(sp_ctx_new(&ctx, &o), 0);
	dir = tst_mkdtemp();
	scene = NULL;
}

static void teardown(void)
{
	sp_scene_free(scene);
	sp_ctx_free(ctx);
	tst_rmtree(dir);
	free(dir);
}

/* No Criterion timeout: its timer leaks under ASan. */
TestSuite(mb_iff, .init = setup, .fini = teardown);

static int read_file(const char *name)
{
	char *path = tst_join(dir, name);
	sp_scene_free(scene);
	scene = NULL;
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	free(path);
	return sp_maya_read(scene, NULL);
}

static int read_bytes(const unsigned char *p, size_t n)
{
	tst_write(dir, "t.mb", (const char *)p, n);
	return read_file("t.mb");
}

static const char *error_text(void)
{
	return sp_ctx_last_error(ctx);
}

/* A small valid scene: HEAD, a file node, render globals, a connection. */
static void small_scene(mbw *w, int wide)
{
	mbw_init(w, wide);
	mbw_begin(w, "FOR", "Maya");
	mbw_begin(w, "FOR", "HEAD");
	mbw_text(w, "VERS", "2024");
	mbw_text(w, "TUNI", "film");
	mbw_text(w, "TDUR", "141120000");
	mbw_pair(w, "PLUG", "mtoa", "5.3.1.1");
	mbw_end(w);
	mbw_begin(w, "FOR", "RTFT");
	mbw_crea(w, 0, "file1", NULL, 1);
	mbw_attr_str(w, "ftn", "C:/tex/wood.png");
	mbw_end(w);
	mbw_begin(w, "FOR", "SLCT");
	mbw_leaf(w, "SLCT", ":defaultRenderGlobals", 21);
	mbw_attr_str(w, "ren", "arnold");
	mbw_end(w);
	mbw_begin(w, "LIS", "CONS");
	mbw_begin(w, "FOR", "CONN");
	mbw_connect(w, "a.b", "c.d");
	mbw_end(w);
	mbw_end(w);
	mbw_end(w);
}

static const char *renderer(void)
{
	cr_assert_gt(sp_scene_unit_count(scene), 0);
	return sp_unit_get(sp_scene_unit_at(scene, 0), SP_PROP_RENDERER);
}

static const sp_fileref *file_at(const char *path)
{
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		if (strcmp(sp_scene_file_at(scene, i)->path, path) == 0)
			return sp_scene_file_at(scene, i);
	return NULL;
}

Test(mb_iff, small_scene_reads_in_both_flavours)
{
	for (int wide = 0; wide <= 1; wide++) {
		mbw w;
		small_scene(&w, wide);
		cr_assert_eq(read_bytes(w.out.p, w.out.len), 0, "%s", error_text());
		cr_assert_str_eq(renderer(), "arnold");
		cr_assert_not_null(file_at("C:/tex/wood.png"));
		cr_assert_str_eq(sp_scene_version(scene), "2024");
		mbw_dispose(&w);
	}
}

/*
 * File nodes of every padding length around the 64 KB read window's edges,
 * and a chunk bigger than the window: headers and paths that straddle a
 * window are read whole, in both flavours.
 */
Test(mb_iff, chunks_across_the_read_window_are_read_whole)
{
	for (int wide = 0; wide <= 1; wide++) {
		mbw w;
		char name[32], path[64];
		static unsigned char big[200 * 1024];
		int n = 0;
		mbw_init(&w, wide);
		mbw_begin(&w, "FOR", "Maya");
		mbw_begin(&w, "FOR", "HEAD");
		mbw_text(&w, "VERS", "2024");
		mbw_end(&w);
		while (w.out.len < 3 * 64 * 1024) {
			mbw_begin(&w, "FOR", "RTFT");
			snprintf(name, sizeof(name), "file%d", n);
			mbw_crea(&w, 0, name, NULL, 1);
			snprintf(path, sizeof(path), "C:/tex/window_%d_%.*s.png", n, n % 23,
			         "abcdefghijklmnopqrstuvw");
			mbw_attr_str(&w, "ftn", path);
			mbw_end(&w);
			if (n++ == 40)
				mbw_leaf(&w, "XTRA", big, sizeof(big)); /* read straight, past the window */
		}
		mbw_end(&w);
		cr_assert_eq(read_bytes(w.out.p, w.out.len), 0, "%s", error_text());
		for (int i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "C:/tex/window_%d_%.*s.png", i, i % 23,
			         "abcdefghijklmnopqrstuvw");
			cr_assert_not_null(file_at(path), "%s (wide %d)", path, wide);
		}
		mbw_dispose(&w);
	}
}

Test(mb_iff, cut_at_every_byte_is_corrupt_and_names_an_offset)
{
	for (int wide = 0; wide <= 1; wide++) {
		mbw w;
		small_scene(&w, wide);
		for (size_t n = 0; n < 4; n++)
			cr_assert_lt(read_bytes(w.out.p, n), 0, "cut at %zu",
			             n); /* not even a tag: no format */
		for (size_t n = 4; n < w.out.len; n++) {
			int rc = read_bytes(w.out.p, n);
			cr_assert_eq(rc, SP_ECORRUPT, "cut at %zu of %zu: %d %s", n, w.out.len, rc,
			             error_text());
			cr_assert(strstr(error_text(), "t.mb: byte "), "%s", error_text());
		}
		mbw_dispose(&w);
	}
}

Test(mb_iff, truncation_names_the_chunk_that_was_cut)
{
	mbw w;
	char want[64];
	size_t node;
	small_scene(&w, 1);
	/* The RTFT form follows the HEAD form: find it and cut 10 bytes into its payload. */
	node = (size_t)((unsigned char *)memmem(w.out.p, w.out.len, "RTFT", 4) - w.out.p) - 16;
	cr_assert_eq(read_bytes(w.out.p, node + 30), SP_ECORRUPT);
	snprintf(want, sizeof(want), "byte %zu: chunk 'FOR8' claims", node);
	cr_assert(strstr(error_text(), want), "%s", error_text());
	cr_assert(strstr(error_text(), "truncated"), "%s", error_text());
	mbw_dispose(&w);
}

Test(mb_iff, child_larger_than_its_parent_is_corrupt)
{
	mbw w;
	size_t crea;
	small_scene(&w, 1);
	crea = (size_t)((unsigned char *)memmem(w.out.p, w.out.len, "CREA", 4) - w.out.p);
	w.out.p[crea + 15] = 0x7f; /* the low byte of its 64-bit size */
	cr_assert_eq(read_bytes(w.out.p, w.out.len), SP_ECORRUPT);
	cr_assert(strstr(error_text(), "chunk 'CREA' claims 127 bytes but only"), "%s", error_text());
	{
		char want[32];
		snprintf(want, sizeof(want), "byte %zu:", crea);
		cr_assert(strstr(error_text(), want), "%s", error_text());
	}
	mbw_dispose(&w);
}

Test(mb_iff, huge_sizes_are_corrupt_not_allocations)
{
	static const unsigned char b[] = "FOR8\0\0\0\0\0\0\0\0\0\0\0\x24Maya"
	                                 "FOR8\0\0\0\0\xff\xff\xff\xff\xff\xff\xff\xf0HEAD";
	cr_assert_eq(read_bytes(b, sizeof(b) - 1), SP_ECORRUPT);
	cr_assert(strstr(error_text(), "byte 20: chunk 'FOR8' claims"), "%s", error_text());
}

Test(mb_iff, zero_sized_group_is_corrupt)
{
	static const unsigned char b[] = "FOR4\0\0\0\x0cMaya"
	                                 "FOR4\0\0\0\0";
	cr_assert_eq(read_bytes(b, sizeof(b) - 1), SP_ECORRUPT);
	cr_assert(strstr(error_text(), "byte 12: group 'FOR4' of 0 bytes has no room for its form type"),
	          "%s", error_text());
}

Test(mb_iff, nesting_past_the_cap_is_corrupt)
{
	mbw w;
	mbw_init(&w, 0);
	mbw_begin(&w, "FOR", "Maya");
	for (int i = 0; i < 40; i++)
		mbw_begin(&w, "FOR", "NEST");
	for (int i = 0; i < 40; i++)
		mbw_end(&w);
	mbw_end(&w);
	cr_assert_eq(read_bytes(w.out.p, w.out.len), SP_ECORRUPT);
	cr_assert(strstr(error_text(), "nested more than 32 deep"), "%s", error_text());
	mbw_dispose(&w);
}

Test(mb_iff, not_a_maya_form_or_too_short_is_corrupt)
{
	cr_assert_eq(read_bytes((const unsigned char *)"FOR4\0\0\0\x04Mayb", 12), SP_ECORRUPT);
	cr_assert(strstr(error_text(), "byte 8: form type is not 'Maya'"), "%s", error_text());
	cr_assert_eq(read_bytes((const unsigned char *)"FOR8\0\0\0\0\0\0", 10), SP_ECORRUPT);
	cr_assert(strstr(error_text(), "byte 0: too short"), "%s", error_text());
}

static void node_with(mbw *w, const char *tag, const void *payload, size_t n)
{
	mbw_init(w, 1);
	mbw_begin(w, "FOR", "Maya");
	mbw_begin(w, "FOR", "RTFT");
	mbw_crea(w, 0, "file1", NULL, 0);
	mbw_leaf(w, tag, payload, n);
	mbw_end(w);
	mbw_end(w);
}

Test(mb_iff, absurd_string_array_count_is_corrupt)
{
	mbw w;
	node_with(&w, "STR#",
	          "ftn\0 \x7f\xff\xff\xff"
	          "a\0",
	          11);
	cr_assert_eq(read_bytes(w.out.p, w.out.len), SP_ECORRUPT);
	cr_assert(strstr(error_text(), "'ftn' claims 2147483647 strings in 2 bytes"), "%s", error_text());
	mbw_dispose(&w);
	node_with(&w, "STR#",
	          "ftn\0 \0\0\0\x02"
	          "a\0b",
	          12);
	cr_assert_eq(read_bytes(w.out.p, w.out.len), SP_ECORRUPT);
	cr_assert(strstr(error_text(), "'ftn' ends inside string 1 of 2"), "%s", error_text());
	mbw_dispose(&w);
}

Test(mb_iff, unterminated_names_are_corrupt)
{
	mbw w;
	mbw_init(&w, 1);
	mbw_begin(&w, "FOR", "Maya");
	mbw_begin(&w, "FOR", "RTFT");
	mbw_leaf(&w, "CREA",
	         "\x00"
	         "file1",
	         6);
	mbw_end(&w);
	mbw_end(&w);
	cr_assert_eq(read_bytes(w.out.p, w.out.len), SP_ECORRUPT);
	cr_assert(strstr(error_text(), "CREA chunk without a node name"), "%s", error_text());
	mbw_dispose(&w);
	node_with(&w, "STR ", "ftn", 3);
	cr_assert_eq(read_bytes(w.out.p, w.out.len), SP_ECORRUPT);
	cr_assert(strstr(error_text(), "'STR ' chunk without an attribute name"), "%s", error_text());
	mbw_dispose(&w);
}

/* The byte offset of the first chunk tagged `tag` in w's bytes, as the message names it. */
static char *offset_of(const mbw *w, const char *tag)
{
	const unsigned char *hit = memmem(w->out.p, w->out.len, tag, 4);
	char *text = malloc(32);
	cr_assert_not_null(hit);
	snprintf(text, 32, "byte %zu:", (size_t)(hit - w->out.p));
	return text;
}

Test(mb_iff, attr_declaring_absurd_type_counts_is_corrupt_at_its_offset)
{
	static const unsigned char decl[] = "aTYP\0\xf8\x20\x40\x7f\xff\xff\xffSTR dss\0dss\0";
	mbw w;
	char *at;
	node_with(&w, "ATTR", decl, sizeof(decl) - 1);
	at = offset_of(&w, "ATTR");
	cr_assert_eq(read_bytes(w.out.p, w.out.len), SP_ECORRUPT);
	cr_assert(strstr(error_text(), at), "%s: %s", at, error_text());
	cr_assert(strstr(error_text(), "ATTR declares 2147483647 types in 12 bytes"), "%s", error_text());
	free(at);
	mbw_dispose(&w);
}

Test(mb_iff, attr_without_terminated_names_is_corrupt)
{
	static const unsigned char decl[] = "aTYP\0\xf8\x20\x40\0\0\0\x01STR defaultSurfaceShader";
	mbw w;
	node_with(&w, "ATTR", decl, sizeof(decl) - 1);
	cr_assert_eq(read_bytes(w.out.p, w.out.len), SP_ECORRUPT);
	cr_assert(strstr(error_text(), "ATTR chunk without a long and a short name"), "%s", error_text());
	mbw_dispose(&w);
}

Test(mb_iff, attr_of_unknown_kind_or_cut_before_its_names_is_skipped)
{
	static const struct {
		const char *p;
		size_t n;
	} decls[] = {
	    {"\x01\x02\x03\x04\0\0\0\0", 8}, /* not a kind: skipped whole */
	    {"aTYP", 4},                     /* no flags */
	    {"aCPD\0\0\0\x51\0\0", 10},      /* no child count */
	    {"aBOL\0\xf8\0\x4e\0\0", 10},    /* no type count */
	};
	for (size_t i = 0; i < sizeof(decls) / sizeof(decls[0]); i++) {
		mbw w;
		node_with(&w, "ATTR", decls[i].p, decls[i].n);
		cr_assert_eq(read_bytes(w.out.p, w.out.len), 0, "%zu: %s", i, error_text());
		mbw_dispose(&w);
	}
}

/* A scene with every chunk the reader decodes field by field: ATTR, CMPD, FRDI/FREF, REFE-less refs. */
static void declaration_scene(mbw *w, int wide)
{
	static const double v[3] = {1, 2, 3};
	mbw_attrdef typed = {"aTYP", 0x40, "STR ", "cachePath", "cp", NULL, 0, 0};
	mbw_attrdef number = {"aDBL", 0x4e, NULL, "attrValue", "atv", NULL, 0, 2048};
	mbw_attrdef compound = {"aCPD", 0x51, "CMPD", "opts", "opts", NULL, 2, 0};
	mbw_attrdef child = {"aTYP", 0x60, "STR ", "name", "name", "opts", 0, 0};
	mbw_init(w, wide);
	mbw_begin(w, "FOR", "Maya");
	mbw_begin(w, "FOR", "HEAD");
	mbw_text(w, "VERS", wide ? "2022" : "2013");
	mbw_end(w);
	mbw_reference(w, "rig.ma", "rig", "rigRN", 1, 0);
	mbw_reference(w, "rig.ma", "rig", "rigRN", 0, 1);
	mbw_begin(w, "FOR", "XFRM");
	mbw_crea(w, 0, "data", NULL, wide);
	mbw_attr_def(w, &typed);
	mbw_attr_str(w, "cp", "caches/a.abc");
	mbw_attr_def(w, &number);
	mbw_attr_def(w, &compound);
	mbw_attr_def(w, &child);
	mbw_attr_str(w, "opts[0].name", "maps/b.exr");
	mbw_attr_cmpd(w, "covm[0]", v, 3);
	mbw_attr_cmpd_size(w, "kbd", 0);
	mbw_end(w);
	mbw_begin(w, "FOR", "SLCT");
	mbw_leaf(w, "SLCT", ":defaultRenderGlobals", 21);
	mbw_attr_def(w, &typed);
	mbw_attr_cmpd(w, "rlmi[1:3]", v, 3);
	mbw_end(w);
	mbw_end(w);
}

Test(mb_iff, declarations_cut_or_flipped_never_crash)
{
	uint64_t seed = 0x2545f4914f6cdd1dull;
	for (int wide = 0; wide < 2; wide++) {
		mbw w;
		declaration_scene(&w, wide);
		cr_assert_eq(read_bytes(w.out.p, w.out.len), 0, "%s", error_text());
		cr_assert_not_null(file_at("caches/a.abc"));
		cr_assert_not_null(file_at("maps/b.exr"));
		for (size_t cut = 4; cut < w.out.len; cut++) { /* under 4 bytes: no format at all */
			int rc = read_bytes(w.out.p, cut);
			cr_assert_eq(rc, SP_ECORRUPT, "cut at %zu: %d", cut, rc);
			cr_assert(strstr(error_text(), "byte "), "%s", error_text());
		}
		for (int run = 0; run < 300; run++) {
			unsigned char *copy = malloc(w.out.len);
			int rc;
			memcpy(copy, w.out.p, w.out.len);
			for (int k = 0; k < 3; k++) {
				seed = seed * 6364136223846793005ull + 1442695040888963407ull;
				copy[(seed >> 33) % w.out.len] ^= (unsigned char)(1u << ((seed >> 20) % 8));
			}
			rc = read_bytes(copy, w.out.len);
			cr_assert(rc == 0 || rc == SP_ECORRUPT, "run %d: %d %s", run, rc, error_text());
			free(copy);
		}
		mbw_dispose(&w);
	}
}

Test(mb_iff, flipped_bytes_never_crash)
{
	mbw w;
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	small_scene(&w, 1);
	for (int run = 0; run < 300; run++) {
		unsigned char *copy = malloc(w.out.len);
		int rc;
		memcpy(copy, w.out.p, w.out.len);
		for (int k = 0; k < 4; k++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			copy[(seed >> 33) % w.out.len] ^= (unsigned char)(1u << ((seed >> 20) % 8));
		}
		rc = read_bytes(copy, w.out.len);
		cr_assert(rc == 0 || rc == SP_ECORRUPT, "run %d: %d %s", run, rc, error_text());
		free(copy);
	}
	mbw_dispose(&w);
}

Test(mb_iff, unknown_chunks_and_node_types_are_skipped)
{
	mbw w;
	mbw_init(&w, 1);
	mbw_begin(&w, "FOR", "Maya");
	mbw_leaf(&w, "ZZZZ", "junk", 4);
	mbw_begin(&w, "FOR", "QQQQ");
	mbw_crea(&w, 0, "thing1", NULL, 1);
	mbw_leaf(&w, "WHAT", "\1\2\3", 3);
	mbw_attr_str(&w, "cache", "caches/thing.abc");
	mbw_end(&w);
	mbw_begin(&w, "CAT", "XXXX");
	mbw_end(&w);
	mbw_end(&w);
	tst_write(dir, "u.mb", (const char *)w.out.p, w.out.len);
	cr_assert_eq(read_file("u.mb"), 0, "%s", error_text());
	cr_assert_not_null(file_at("caches/thing.abc"), "a path-looking string counts on any node");
	cr_assert_null(strstr(logged, "thing1"), "printable codes are built-in types, not plug-in ids: %s",
	               logged);
	mbw_dispose(&w);
}

Test(mb_iff, unnamed_plugin_type_is_logged_once_by_id)
{
	mbw w;
	mbw_init(&w, 0);
	mbw_begin(&w, "FOR", "Maya");
	mbw_begin(&w, "FOR", "HEAD");
	mbw_text(&w, "VERS", "2009");
	mbw_pair(&w, "PLUG", "Mayatomr", "10.0.1.8m - 3.7.1.26 ");
	mbw_end(&w);
	for (int i = 0; i < 2; i++) {
		mbw_begin_id(&w, "FOR", 0x00102e42u);
		mbw_crea(&w, 1, i ? "Draft" : "miDefaultOptions", NULL, 0);
		mbw_end(&w);
	}
	mbw_end(&w);
	tst_write(dir, "p.mb", (const char *)w.out.p, w.out.len);
	cr_assert_eq(read_file("p.mb"), 0, "%s", error_text());
	cr_assert(strstr(logged, "node 'miDefaultOptions' has plug-in type id 0x00102e42"), "%s", logged);
	cr_assert_null(strstr(logged, "'Draft'"), "one message per id: %s", logged);
	mbw_dispose(&w);
}

Test(mb_iff, long_strings_are_read_whole_where_the_walk_wants_them)
{
	mbw w;
	char *prefix = malloc(20001), *path = malloc(9001);
	memset(prefix, 'p', 20000);
	prefix[20000] = '\0';
	memset(path, 'd', 9000);
	memcpy(path + 8996, ".png", 5);
	mbw_init(&w, 1);
	mbw_begin(&w, "FOR", "Maya");
	mbw_begin(&w, "FOR", "SLCT");
	mbw_leaf(&w, "SLCT", ":defaultRenderGlobals", 21);
	mbw_attr_str(&w, "ifp", prefix);
	mbw_end(&w);
	mbw_begin(&w, "FOR", "PCUB");
	mbw_crea(&w, 0, "polyCube1", NULL, 1);
	mbw_attr_str(&w, "note", path);
	mbw_end(&w);
	mbw_end(&w);
	tst_write(dir, "l.mb", (const char *)w.out.p, w.out.len);
	cr_assert_eq(read_file("l.mb"), 0, "%s", error_text());
	cr_assert_str_eq(sp_unit_get(sp_scene_unit_at(scene, 0), SP_PROP_OUTPUT), prefix);
	cr_assert_eq(sp_scene_file_count(scene), 0, "no path is 9000 bytes long: skipped unread");
	mbw_dispose(&w);
	free(prefix);
	free(path);
}

/* A 5 GB chunk, sparse on disk: its 64-bit size is honoured and it is skipped by seeking, not read. */
Test(mb_iff, five_gigabyte_chunk_is_skipped_by_seeking)
{
	const uint64_t big = 5ull * 1024 * 1024 * 1024;
	mbw head, tail;
	char *path = tst_join(dir, "big.mb");
	FILE *fp;
	clock_t start;
	/* Maya { RTFT { CREA, MESH (5 GB) , STR ftn } } written around a hole. */
	mbw_init(&head, 1);
	mbw_begin(&head, "FOR", "Maya");
	mbw_begin(&head, "FOR", "RTFT");
	mbw_crea(&head, 0, "file1", NULL, 1);
	mbw_init(&tail, 1);
	mbw_attr_str(&tail, "ftn", "after/the/mesh.png");
	{
		unsigned char mesh[16] = "MESH";
		uint64_t total_rtft = 4 + (head.out.len - head.open[1] - 20) + 16 + big + tail.out.len;
		for (int i = 0; i < 8; i++) {
			mesh[8 + i] = (unsigned char)(big >> (56 - 8 * i));
			head.out.p[head.open[1] + 8 + i] = (unsigned char)(total_rtft >> (56 - 8 * i));
			head.out.p[8 + i] = (unsigned char)((total_rtft + 16 + 4) >> (56 - 8 * i));
		}
		fp = fopen(path, "wb");
		cr_assert_not_null(fp);
		cr_assert_eq(fwrite(head.out.p, 1, head.out.len, fp), head.out.len);
		cr_assert_eq(fwrite(mesh, 1, 16, fp), 16);
		if (fseeko(fp, (off_t)big, SEEK_CUR) != 0) {
			fclose(fp);
			cr_skip_test("no room for a sparse 5 GB file here");
		}
		cr_assert_eq(fwrite(tail.out.p, 1, tail.out.len, fp), tail.out.len);
		cr_assert_eq(fclose(fp), 0);
	}
	start = clock();
	cr_assert_eq(read_file("big.mb"), 0, "%s", error_text());
	cr_assert_not_null(file_at("after/the/mesh.png"));
	cr_assert_lt((double)(clock() - start) / CLOCKS_PER_SEC, 2.0, "the 5 GB were read, not skipped");
	head.depth = tail.depth = 0;
	mbw_dispose(&head);
	mbw_dispose(&tail);
	free(path);
}

/* Production-like shape: 100k mesh nodes with their data, a file node every 1000; read in seconds. */
Test(mb_iff, reads_a_large_scene_of_many_small_chunks_quickly)
{
	static unsigned char mesh[600];
	struct timespec t0, t1;
	double seconds;
	char name[64], path[64];
	mbw w;
	mbw_init(&w, 1);
	mbw_begin(&w, "FOR", "Maya");
	mbw_begin(&w, "FOR", "HEAD");
	mbw_text(&w, "VERS", "2024");
	mbw_end(&w);
	memset(mesh, 0x11, sizeof(mesh));
	for (int i = 0; i < 100000; i++) {
		snprintf(name, sizeof(name), "mesh%dShape", i);
		mbw_begin(&w, "FOR", "DMSH");
		mbw_crea(&w, 0x04, name, "group1", 1);
		mbw_attr_dble(&w, "v", 1);
		mbw_attr_str(&w, "dcc", "Ambient+Diffuse");
		mbw_leaf(&w, "MESH", mesh, sizeof(mesh));
		mbw_end(&w);
		if (i % 1000 == 0) {
			snprintf(name, sizeof(name), "file%d", i);
			snprintf(path, sizeof(path), "tex/t%d.png", i);
			mbw_begin(&w, "FOR", "RTFT");
			mbw_crea(&w, 0, name, NULL, 1);
			mbw_attr_str(&w, "ftn", path);
			mbw_end(&w);
		}
	}
	mbw_end(&w);
	tst_write(dir, "big.mb", (const char *)w.out.p, w.out.len);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(read_file("big.mb"), 0, "%s", error_text());
	clock_gettime(CLOCK_MONOTONIC, &t1);
	seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_assert_eq(sp_scene_file_count(scene), 100);
	cr_assert_not_null(file_at("tex/t99000.png"));
	cr_assert_lt(seconds, 30.0, "%zu bytes took %.1f s", w.out.len, seconds);
	cr_log_info("%zu bytes of .mb read in %.2f s", w.out.len, seconds);
	mbw_dispose(&w);
}
