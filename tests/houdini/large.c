/* Big inputs, generated: the archive is streamed, big members are walked past, thousands of nodes. */
#define _GNU_SOURCE
#include "hu_archive.h"
#include "sp_houdini.h"
#include "support.h"
#include "testkit.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

TestSuite(large, .init = setup, .fini = teardown);

/* An odc header for a member of `size` bytes, written straight to the file. */
static void odc_header(FILE *f, const char *name, size_t size)
{
	fprintf(f, "070707000001000000000666000000000000000001000000%011o%06o%011lo", 01402012066u,
	        (unsigned)strlen(name) + 1, (unsigned long)size);
	fwrite(name, 1, strlen(name) + 1, f);
}

/* `size` bytes that look like nested archive headers over and over. */
static void fake_archive_bytes(FILE *f, size_t size)
{
	static const char chunk[] =
	    "070707000001000000000666000000000000000001000000140201206610000700000000236"
	    "obj/evil.parm\0HouNC\x1a"
	    "1033600baa0628caf1209a7e5953.start";
	size_t n = sizeof(chunk) - 1;
	for (size_t done = 0; done < size; done += n)
		fwrite(chunk, 1, size - done < n ? size - done : n, f);
}

Test(large, big_embedded_definitions_and_thousands_of_nodes_stream_through)
{
	char *path = tst_join(tmp, "big.hip");
	FILE *f = fopen(path, "wb");
	sp_scene *scene = NULL;
	tk_bytes parm = {0};
	static const char *const pairs[] = {"trange=\"normal\"", "f=1\t100\t1", "camera=/obj/cam1",
	                                    "vm_picture=$HIP/render/$OS.$F4.exr", NULL};
	size_t dummy = 40u * 1024 * 1024;
	cr_assert_not_null(f);
	tk_parm(&parm, pairs);
	odc_header(f, ".start", 20);
	fwrite("fps 24\nfrange 1 100\n", 1, 20, f);
	odc_header(f, ".OPdummydefs", dummy);
	fake_archive_bytes(f, dummy);
	for (int i = 0; i < 3000; i++) {
		char name[64];
		snprintf(name, sizeof(name), "out/m%d.init", i);
		odc_header(f, name, 11);
		fwrite("type = ifd\n", 1, 11, f);
		snprintf(name, sizeof(name), "out/m%d.parm", i);
		odc_header(f, name, parm.n);
		fwrite(parm.p, 1, parm.n, f);
	}
	odc_header(f, "TRAILER!!!", 0);
	fclose(f);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_HOUDINI, path), 0);
	cr_assert_eq(sp_houdini_read(scene, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_scene_unit_count(scene), 3000);
	cr_assert_str_eq(sp_unit_name(sp_scene_unit_at(scene, 2999)), "/out/m2999");
	sp_scene_free(scene);
	tk_free(&parm);
	free(path);
}

static int want_parm(const char *name, void *payload)
{
	(void)payload;
	return strstr(name, ".parm") != NULL;
}

static int count_member(const hu_member *m, void *payload)
{
	size_t *seen = payload;
	seen[0]++;
	if (!m->data)
		seen[1]++; /* over the cap: walked past, not kept */
	return 0;
}

Test(large, member_over_the_cap_is_walked_past_not_kept)
{
	char *path = tst_join(tmp, "huge.hip");
	FILE *f = fopen(path, "wb");
	size_t big = HU_MEMBER_MAX + 1024, seen[2] = {0, 0};
	char *block = calloc(1, 1 << 20);
	cr_assert_not_null(f);
	odc_header(f, "obj/huge.parm", big);
	for (size_t done = 0; done < big; done += 1 << 20)
		fwrite(block, 1, big - done < (1u << 20) ? big - done : (1u << 20), f);
	odc_header(f, "obj/next.parm", 4);
	fwrite("{\n}\n", 1, 4, f);
	odc_header(f, "TRAILER!!!", 0);
	fclose(f);
	cr_assert_eq(hu_archive_walk(NULL, ctx, path, want_parm, count_member, seen), 0, "%s",
	             sp_ctx_last_error(ctx));
	cr_assert_eq(seen[0], 2);
	cr_assert_eq(seen[1], 1);
	free(block);
	free(path);
}

Test(large, houlc_member_of_unknown_key_over_many_blocks_is_found_by_the_next_header)
{
	tk_bytes b = {0};
	size_t big = 5u * 1024 * 1024, seen[2] = {0, 0};
	char *data = malloc(big), *path = tst_join(tmp, "big.hiplc");
	/* text with magic-like bytes that are not valid headers: a name size past its NUL */
	for (size_t i = 0; i < big; i++)
		data[i] = "HouLC\x1a"
		          "1033600bff0628caf120deadbeef-"[i % 35];
	tk_hnc(&b, "HouLC", "obj/blob.parm", data, big);
	tk_hnc(&b, "HouLC", "obj/after.parm", "{\n}\n", TK_STR);
	tk_hnc_end(&b, "HouLC");
	tst_write(tmp, "big.hiplc", b.p, b.n);
	cr_assert_eq(hu_archive_walk(NULL, ctx, path, want_parm, count_member, seen), 0, "%s",
	             sp_ctx_last_error(ctx));
	cr_assert_eq(seen[0], 2);
	free(data);
	free(path);
	tk_free(&b);
}

typedef struct {
	size_t count;
	uint64_t offset; /* of the last member delivered */
	char data[32];
} past_seen;

static int record_past(const hu_member *m, void *payload)
{
	past_seen *s = payload;
	s->count++;
	s->offset = m->offset;
	snprintf(s->data, sizeof(s->data), "%s", m->data ? (const char *)m->data : "");
	return 0;
}

static int want_start(const char *name, void *payload)
{
	(void)payload;
	return strcmp(name, ".start") == 0;
}

/*
 * Offsets past 2 GB, where a `long` ends on Windows: a 2.1 GB member (sparse
 * on disk, so the test costs no space) is walked past by reading, never by a
 * seek, and the member after it comes with its 64-bit offset.
 */
Test(large, members_past_2_gb_are_found_with_their_64_bit_offsets, .timeout = 120)
{
	char *path = tst_join(tmp, "past4g.hip");
	FILE *f = fopen(path, "wb");
	uint64_t big = (1ull << 31) + 100ull * 1024 * 1024, start;
	past_seen s = {0};
	cr_assert_not_null(f);
	fprintf(f, "070707000001000000000666000000000000000001000000%011o%06o%011llo", 01402012066u, 13u,
	        (unsigned long long)big);
	fwrite(".OPdummydefs", 1, 13, f);
	cr_assert_eq(fflush(f), 0);
	cr_assert_eq(ftruncate(fileno(f), (off_t)(76 + 13 + big)), 0);
	cr_assert_eq(fseeko(f, 0, SEEK_END), 0);
	odc_header(f, ".start", 7);
	fwrite("fps 25\n", 1, 7, f);
	odc_header(f, "TRAILER!!!", 0);
	fclose(f);
	start = 76 + 13 + big + 76 + 7;
	cr_assert_eq(hu_archive_walk(NULL, ctx, path, want_start, record_past, &s), 0, "%s",
	             sp_ctx_last_error(ctx));
	cr_assert_eq(s.count, 1);
	cr_assert_eq(s.offset, start, "offset %llu, not %llu", (unsigned long long)s.offset,
	             (unsigned long long)start);
	cr_assert_str_eq(s.data, "fps 25\n");
	free(path);
}
