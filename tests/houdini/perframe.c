/*
 * Outputs whose expressions read the frame: evaluated at every frame the
 * ROP renders when the expression is in the safe subset, else reported with
 * the node, the parameter and the expression (tip 60007).
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

TST_WORLD_SUITE(perframe, ctx, tmp, scene);

/* /out/comp1 writes `ch('../text/udim')` per frame; text's udim channel has `udim_expr`. */
static int read_udim_scene(const char *udim_expr, const char *f)
{
	static const char *const text[] = {"udim=[ udim\t1034 ]", "index=[ index\t15 ]", "cols=4", NULL};
	const char *comp[] = {"trange=\"on\"", f,
	                      "copoutput=$HIP/img/`chs('../outname')`.`ch('../text/udim')`.exr", NULL};
	static const char *const net[] = {"outname=udimtest", NULL};
	char chn[512], *path;
	tk_bytes b = {0};
	int error;
	snprintf(
	    chn, sizeof(chn),
	    "{\n    channel udim {\n      lefttype = extend\n      default = 1001\n      segment { length = "
	    "0 "
	    "value = 1001 1001 expr = %s }\n    }\n    channel index {\n      segment { length = 0 value = 0 "
	    "0 expr = $F-1 }\n    }\n}\n",
	    udim_expr);
	tk_odc(&b, ".start", "fps 24\ntcur 0\ntset 0 10\nframe 1\nfrange 1 240\n", TK_STR);
	tk_odc_node(&b, "obj/tpl", "subnet", 0, net);
	tk_odc_node(&b, "obj/tpl/text", "font", 0, text);
	tk_odc(&b, "obj/tpl/text.chn", chn, TK_STR);
	tk_odc_node(&b, "obj/tpl/comp1", "rop_comp", 0, comp);
	tk_odc_end(&b);
	path = tst_join(tmp, "udim.hip");
	tst_write(tmp, "udim.hip", b.p, b.n);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_HOUDINI, path), 0);
	free(path);
	tk_free(&b);
	error = sp_houdini_read(scene, NULL);
	cr_assert_eq(error, 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	return error;
}

static const char *prop(const char *key)
{
	return sp_unit_get(sp_scene_unit_at(scene, 0), key);
}

static char *img(const char *name)
{
	char rel[128];
	snprintf(rel, sizeof(rel), "img/%s", name);
	return tst_join(tmp, rel);
}

Test(perframe, a_channel_expression_of_the_frame_names_one_file_per_frame)
{
	char *first = img("udimtest.1001.exr"), *last = img("udimtest.1034.exr"),
	     *stale = img("udimtest.1034.exr");
	const char *outputs;
	read_udim_scene("\"1001 + ch('index')%ch('cols') + 10*floor(ch('index')/ch('cols'))\"", "f=1\t16\t1");
	cr_assert_str_eq(prop(SP_PROP_OUTPUT), first,
	                 "the first frame's file, not the value saved at frame 16");
	outputs = prop("outputs");
	cr_assert_not_null(outputs);
	cr_assert(strstr(outputs, last));
	cr_assert_not_null(strstr(outputs, "udimtest.1013.exr"));
	cr_assert_null(strstr(outputs, "udimtest.1005.exr"), "cols is 4: 1001-1004, 1011-1014, ...");
	cr_assert_null(sp__scene_tip_messages(scene, SP_TIP_UNRESOLVED_EXPRESSION));
	free(first);
	free(last);
	free(stale);
}

Test(perframe, a_file_per_frame_past_the_list_limit_is_said)
{
	const sp_strvec *tips;
	const char *outputs;
	size_t listed = 1;
	/* 200 frames, a file each: the list keeps the first 64 and a tip says so */
	read_udim_scene("\"1000 + $F\"", "f=1\t200\t1");
	outputs = prop("outputs");
	cr_assert_not_null(outputs);
	for (const char *p = outputs; (p = strchr(p, ';')) != NULL; p++)
		listed++;
	cr_assert_eq(listed, 64);
	tips = sp__scene_tip_messages(scene, SP_TIP_UNRESOLVED_EXPRESSION);
	cr_assert_not_null(tips);
	cr_assert_not_null(strstr(tips->items[0], "only the first 64"));
}

Test(perframe, one_frame_gives_one_output_and_no_list)
{
	char *want = img("udimtest.1023.exr"); /* index 10: 1001 + 10 % 4 + 10 * 2 */
	read_udim_scene("\"1001 + ch('index')%ch('cols') + 10*floor(ch('index')/ch('cols'))\"",
	                "f=11\t11\t1");
	cr_assert_str_eq(prop(SP_PROP_OUTPUT), want);
	cr_assert_null(prop("outputs"));
	free(want);
}

Test(perframe, an_expression_outside_the_safe_subset_is_reported_with_node_parameter_and_expression)
{
	const sp_strvec *tips;
	read_udim_scene("\"1001 + rand($F) * 10\"", "f=1\t16\t1");
	tips = sp__scene_tip_messages(scene, SP_TIP_UNRESOLVED_EXPRESSION);
	cr_assert_not_null(tips);
	cr_assert_eq(tips->count, 1);
	cr_assert_not_null(strstr(tips->items[0], "/obj/tpl/comp1"));
	cr_assert_not_null(strstr(tips->items[0], "copoutput"));
	cr_assert_not_null(strstr(tips->items[0], "/obj/tpl/text"));
	cr_assert_not_null(strstr(tips->items[0], "rand($F) * 10"));
	cr_assert_null(prop("outputs"));
}

Test(perframe, a_constant_expression_replaces_the_saved_value)
{
	char *want = img("udimtest.1042.exr");
	read_udim_scene("\"(1000 + 2 * 3) * 1 + max(36, 2) - -0\"", "f=1\t16\t1");
	cr_assert_str_eq(prop(SP_PROP_OUTPUT), want);
	cr_assert_null(prop("outputs"), "the same file at every frame");
	free(want);
}

static const sp_unit *read_rop_with_f(const char *f)
{
	static const char *const cam[] = {"res=640\t480", NULL};
	const char *rop[] = {"trange=\"normal\"", f, "camera=/obj/cam1", "vm_picture=$HIP/r/$OS.$F4.exr",
	                     NULL};
	tk_bytes b = {0};
	char *path = tst_join(tmp, "sub.hip");
	tk_odc(&b, ".start", "fps 24\ntcur 0\ntset 0 10\nframe 1\nfrange 1 240\n", TK_STR);
	tk_odc_node(&b, "obj/cam1", "cam", 0, cam);
	tk_odc_node(&b, "out/m", "ifd", 0, rop);
	tk_odc_end(&b);
	tst_write(tmp, "sub.hip", b.p, b.n);
	tk_free(&b);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_HOUDINI, path), 0);
	free(path);
	cr_assert_eq(sp_houdini_read(scene, NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	return sp_scene_unit_at(scene, 0);
}

static int has_subframe_tip(const char *words)
{
	const sp_strvec *msgs = sp__scene_tip_messages(scene, SP_TIP_FRAMES_OUTSIDE_RANGE);
	return msgs && msgs->count == 1 && strstr(msgs->items[0], words) != NULL;
}

Test(perframe, sub_frame_steps_are_kept_as_written_and_reported)
{
	sp_buf text = SP_BUF_INIT;
	const sp_unit *u = read_rop_with_f("f=[ f1\t0 ] \t401.5\t0.5");
	cr_assert_eq(sp_frames_format(&text, sp_unit_frames(u)), 0);
	cr_assert_str_eq(sp_buf_cstr(&text), "0-401[1]", "every whole frame the sub-frames span");
	cr_assert_str_eq(sp_unit_get(u, "subframes"), "0-401.5[0.5]");
	cr_assert(has_subframe_tip("/out/m renders sub-frames 0-401.5[0.5]"));
	sp_buf_dispose(&text);
}

Test(perframe, whole_steps_and_a_fractional_end_are_no_sub_frames)
{
	sp_buf text = SP_BUF_INIT;
	const sp_unit *u = read_rop_with_f("f=0\t400.5\t5");
	cr_assert_eq(sp_frames_format(&text, sp_unit_frames(u)), 0);
	cr_assert_str_eq(sp_buf_cstr(&text), "0-400[5]", "Houdini renders up to f2, never past it");
	cr_assert_null(sp_unit_get(u, "subframes"));
	cr_assert_null(sp__scene_tip_messages(scene, SP_TIP_FRAMES_OUTSIDE_RANGE));
	sp_buf_dispose(&text);
}

Test(perframe, a_fractional_start_renders_sub_frames_too)
{
	const sp_unit *u = read_rop_with_f("f=-2.25\t3\t1");
	cr_assert_str_eq(sp_unit_get(u, "subframes"), "-2.25-3[1]");
	cr_assert(has_subframe_tip("-3-3[1] is submitted"));
}
