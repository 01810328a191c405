/*
 * Takes: a ROP renders with the take its `take` parameter names (or the
 * active take), whose overrides and its parents' replace the saved values.
 * The .takes members here are written in the binary record form Houdini
 * writes (4-byte big-endian length, then the record).
 */
#define _GNU_SOURCE
#include "scene_impl.h"
#include "sp_houdini.h"
#include "support.h"
#include "testkit.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmp;
static sp_ctx *ctx;
static sp_scene *scene;

TST_WORLD_SUITE(takes, ctx, tmp, scene);

/* One record: its length (big-endian, 4 bytes) then the text. */
static void rec(tk_bytes *b, const char *text, size_t n)
{
	unsigned char len[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
	                        (unsigned char)n};
	tk_put(b, len, 4);
	tk_put(b, text, n);
}

static void rec_s(tk_bytes *b, const char *text)
{
	rec(b, text, strlen(text));
}

/* "d NODE PARM\n" and a nested .parm block holding `line` ("name\t[ 0\tlocks=0 ]\t(\t...\t)"). */
static void override(tk_bytes *b, int node, int parm, const char *line)
{
	tk_bytes body = {0}, block = {0};
	char head[64];
	snprintf(head, sizeof(head), "d %d %d\n", node, parm);
	tk_put(&block, "{\nversion 0.8\n", 14);
	tk_put(&block, line, strlen(line));
	tk_put(&block, "\n}\n", 3);
	tk_put(&body, head, strlen(head));
	rec(&body, block.p, block.n);
	rec(b, body.p, body.n);
	tk_free(&body);
	tk_free(&block);
}

static void flag(tk_bytes *b, int node, int parm, const char *value)
{
	char text[64];
	snprintf(text, sizeof(text), "d %d %d\n%s\n", node, parm, value);
	rec_s(b, text);
}

static void text(tk_bytes *b, const char *line)
{
	tk_put(b, line, strlen(line));
}

/*
 * Main (kids 2) -> pass_a (kids 1) -> pass_a_hero (kids 0); Main -> pass_b.
 * /out/m1 renders pass_b; /out/m2 the active take (pass_a_hero); /out/m3 a
 * take the file does not hold; /out/m4 pass_b, where its frames are animated.
 */
static void takes_member(tk_bytes *t)
{
	text(t, "HoudiniTakeFile 1.0\ntake name Main kids 2\n");
	rec_s(t, "s 0 /out/m1\n");
	rec_s(t, "s 1 vm_picture\n");
	override(t, 0, 1, "vm_picture\t[ 0\tlocks=0 ]\t(\tip\t)");
	rec_s(t, "s 2 trange\n");
	override(t, 0, 2, "trange\t[ 0\tlocks=0 ]\t(\t\"off\"\t)");
	rec_s(t, "s 3 /out/m2\n");
	rec_s(t, "s 4 .flags.b\n");
	flag(t, 3, 4, "off");
	rec_s(t, "e\n");
	text(t, "take name pass_a kids 1\n");
	flag(t, 3, 4, "on");
	rec_s(t, "s 5 /obj/geo1/file1\n");
	rec_s(t, "s 6 file\n");
	rec_s(t, "e\n");
	text(t, "take name pass_a_hero kids 0\n");
	override(t, 3, 1, "vm_picture\t[ 0\tlocks=0 ]\t(\t$HIP/hero/$OS.$F4.exr\t)");
	override(t, 5, 6, "file\t[ 0\tlocks=0 ]\t(\t$HIP/geo/hero_take.bgeo.sc\t)");
	rec_s(t, "e\n");
	text(t, "take name pass_b kids 0\n");
	override(t, 0, 1, "vm_picture\t[ 0\tlocks=0 ]\t(\t$HIP/b/$OS.$F4.exr\t)");
	override(t, 0, 2, "trange\t[ 0\tlocks=0 ]\t(\t\"on\"\t)");
	rec_s(t, "s 7 f\n");
	override(t, 0, 7, "f\t[ 0\tlocks=0 ]\t(\t5\t10\t1\t)");
	rec_s(t, "s 8 camera\n");
	override(t, 0, 8, "camera\t[ 0\tlocks=0 ]\t(\t/obj/cam2\t)");
	rec_s(t, "s 9 /out/m4\n");
	override(t, 9, 7, "f\t[ 0\tlocks=0 ]\t(\t[ f1\t7 ] \t9\t1\t)");
	override(t, 5, 6, "file\t[ 0\tlocks=0 ]\t(\t$HIP/geo/pass_b.bgeo.sc\t)");
	rec_s(t, "e\n");
}

static void take_scene(tk_bytes *b, const char *active)
{
	static const char *const cam[] = {"res=640\t480", NULL};
	static const char *const cam2[] = {"res=1280\t720", NULL};
	static const char *const m1[] = {"take=pass_b", "trange=\"off\"", "camera=/obj/cam1", "vm_picture=ip",
	                                 NULL};
	static const char *const m2[] = {"take=_current_", "camera=/obj/cam1", "vm_picture=$HIP/saved.exr",
	                                 NULL};
	static const char *const m3[] = {"take=nosuch", "camera=/obj/cam1", "vm_picture=$HIP/m3.exr", NULL};
	static const char *const m4[] = {
	    "take=pass_b", "trange=\"on\"", "f=1\t2\t1", "camera=/obj/cam1", "vm_picture=$HIP/m4.$F4.exr",
	    NULL};
	static const char *const file1[] = {"filemode=\"read\"", "file=$HIP/geo/saved.bgeo.sc", NULL};
	char vars[256];
	tk_bytes t = {0};
	snprintf(vars, sizeof(vars), "set -g _HIP_SAVEVERSION = '15.0.244'\nset -g ACTIVETAKE = '%s'\n",
	         active);
	tk_odc(b, ".start", "fps 24\ntcur 0\ntset 0 10\nframe 1\nfrange 1 240\n", TK_STR);
	tk_odc(b, ".variables", vars, TK_STR);
	tk_odc_node(b, "obj/cam1", "cam", 0, cam);
	tk_odc_node(b, "obj/cam2", "cam", 0, cam2);
	tk_odc_node(b, "out/m1", "ifd", 0, m1);
	tk_odc_node(b, "out/m2", "ifd", 0, m2);
	tk_odc_node(b, "out/m3", "ifd", 0, m3);
	tk_odc_node(b, "out/m4", "ifd", 0, m4);
	tk_odc_node(b, "obj/geo1", "geo", 0, NULL);
	tk_odc_node(b, "obj/geo1/file1", "file", 0, file1);
	takes_member(&t);
	tk_odc(b, ".takes", t.p, t.n);
	tk_free(&t);
	tk_odc_end(b);
}

static int read_scene(const tk_bytes *b)
{
	char *path = tst_join(tmp, "takes.hip");
	tst_write(tmp, "takes.hip", b->p, b->n);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_HOUDINI, path), 0);
	free(path);
	return sp_houdini_read(scene, NULL);
}

#define unit(name) tst_find_unit(scene, (name))

#define frames_of(u) tst_frames(u)

static int has_tip(int code, const char *w1, const char *w2)
{
	const sp_strvec *msgs = sp__scene_tip_messages(scene, code);
	for (size_t i = 0; msgs && i < msgs->count; i++)
		if (strstr(msgs->items[i], w1) && (!w2 || strstr(msgs->items[i], w2)))
			return 1;
	return 0;
}

static int has_file(const char *node, const char *suffix)
{
	for (size_t i = 0; i < sp_scene_file_count(scene); i++) {
		const sp_fileref *r = sp_scene_file_at(scene, i);
		size_t n = strlen(r->path), m = strlen(suffix);
		if (r->node && strcmp(r->node, node) == 0 && n >= m && strcmp(r->path + n - m, suffix) == 0)
			return 1;
	}
	return 0;
}

Test(takes, a_rop_renders_the_output_frames_and_camera_of_the_take_it_names)
{
	tk_bytes b = {0};
	char *want = tst_join(tmp, "b/m1.$F4.exr");
	sp_unit *u;
	take_scene(&b, "pass_a_hero");
	cr_assert_eq(read_scene(&b), 0, "%s", sp_ctx_last_error(ctx));
	u = unit("/out/m1");
	cr_assert_not_null(u, "saved as a viewer render, the take writes files");
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_OUTPUT), want);
	cr_assert_str_eq(frames_of(u), "5-10[1]");
	cr_assert_str_eq(sp_unit_get(u, "camera"), "/obj/cam2");
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_WIDTH), "1280");
	cr_assert_eq(sp_unit_renderable(u), 1);
	free(want);
	tk_free(&b);
}

Test(takes, current_means_the_active_take_with_its_parents_overrides_and_bypass_flag)
{
	tk_bytes b = {0};
	char *want = tst_join(tmp, "hero/m2.$F4.exr");
	sp_unit *u;
	take_scene(&b, "pass_a_hero");
	cr_assert_eq(read_scene(&b), 0, "%s", sp_ctx_last_error(ctx));
	u = unit("/out/m2");
	cr_assert_not_null(u);
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_OUTPUT), want);
	cr_assert_eq(sp_unit_renderable(u), 0, "pass_a, the parent take, bypasses it");
	/* the file table reads the active take's value, not the saved one */
	cr_assert(has_file("/obj/geo1/file1", "geo/hero_take.bgeo.sc"));
	cr_assert_not(has_file("/obj/geo1/file1", "geo/saved.bgeo.sc"));
	/* /out/m1 renders pass_b, which loads another file */
	cr_assert(has_file("/obj/geo1/file1", "geo/pass_b.bgeo.sc"));
	free(want);
	tk_free(&b);
}

Test(takes, with_main_active_the_saved_and_main_values_stand)
{
	tk_bytes b = {0};
	char *want = tst_join(tmp, "saved.exr");
	sp_unit *u;
	take_scene(&b, "Main");
	cr_assert_eq(read_scene(&b), 0, "%s", sp_ctx_last_error(ctx));
	u = unit("/out/m2");
	cr_assert_not_null(u);
	cr_assert_str_eq(sp_unit_get(u, SP_PROP_OUTPUT), want);
	cr_assert_eq(sp_unit_renderable(u), 1);
	cr_assert(has_file("/obj/geo1/file1", "geo/saved.bgeo.sc"));
	cr_assert(has_file("/obj/geo1/file1", "geo/pass_b.bgeo.sc"));
	cr_assert_not(has_file("/obj/geo1/file1", "geo/hero_take.bgeo.sc"),
	              "no enabled ROP renders that take");
	/* m1 still renders pass_b whatever take is active */
	cr_assert_str_eq(frames_of(unit("/out/m1")), "5-10[1]");
	free(want);
	tk_free(&b);
}

Test(takes, a_missing_take_and_an_animated_override_are_reported)
{
	tk_bytes b = {0};
	sp_unit *u;
	take_scene(&b, "pass_a_hero");
	cr_assert_eq(read_scene(&b), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_not_null(unit("/out/m3"));
	cr_assert(has_tip(SP_TIP_UNRESOLVED_EXPRESSION, "/out/m3", "'nosuch'"));
	u = unit("/out/m4");
	cr_assert_not_null(u);
	cr_assert_str_eq(frames_of(u), "7-9[1]", "the take's saved values, not the node's");
	cr_assert(has_tip(SP_TIP_UNRESOLVED_EXPRESSION, "/out/m4", "animates parameter f"));
	cr_assert_not(has_tip(SP_TIP_UNRESOLVED_EXPRESSION, "/out/m1", NULL));
	tk_free(&b);
}

Test(takes, a_cut_takes_member_keeps_what_was_read)
{
	tk_bytes b = {0}, t = {0};
	static const char *const m1[] = {"take=pass_b", "vm_picture=$HIP/saved.exr", NULL};
	takes_member(&t);
	for (size_t cut = 0; cut < t.n; cut += 7) {
		b.n = 0;
		tk_odc(&b, ".variables", "set -g ACTIVETAKE = 'Main'\n", TK_STR);
		tk_odc_node(&b, "out/m1", "ifd", 0, m1);
		tk_odc(&b, ".takes", t.p, cut);
		tk_odc_end(&b);
		cr_assert_eq(read_scene(&b), 0, "cut at %zu: %s", cut, sp_ctx_last_error(ctx));
		sp_scene_free(scene);
		scene = NULL;
	}
	tk_free(&t);
	tk_free(&b);
}

Test(takes, an_apprentice_file_reads_its_takes_member_too)
{
	static const char *const m1[] = {"take=pass_b", "trange=\"off\"", "camera=/obj/cam1", "vm_picture=ip",
	                                 NULL};
	char *want = tst_join(tmp, "b/m1.$F4.exr");
	tk_bytes b = {0}, t = {0}, parm = {0};
	takes_member(&t);
	tk_parm(&parm, m1);
	tk_hnc(&b, "HouNC", ".variables", "set -g ACTIVETAKE = 'Main'\n", TK_STR);
	tk_hnc(&b, "HouNC", "obj/cam1.init", "type = cam\n", TK_STR);
	tk_hnc(&b, "HouNC", "out/m1.init", "type = ifd\n", TK_STR);
	tk_hnc(&b, "HouNC", "out/m1.parm", parm.p, parm.n);
	tk_hnc(&b, "HouNC", ".takes", t.p, t.n);
	tk_hnc_end(&b, "HouNC");
	cr_assert_eq(read_scene(&b), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_not_null(unit("/out/m1"));
	cr_assert_str_eq(sp_unit_get(unit("/out/m1"), SP_PROP_OUTPUT), want);
	cr_assert_str_eq(frames_of(unit("/out/m1")), "5-10[1]");
	free(want);
	tk_free(&t);
	tk_free(&parm);
	tk_free(&b);
}
