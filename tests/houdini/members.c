/* Member syntaxes (.parm, .chn, .def, .init, .variables, .start) and variable / expression evaluation. */
#include "hu_eval.h"
#include "hu_store.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static hu_store st;
static sp_ctx *ctx;
static sp_buf out = SP_BUF_INIT;

static void setup(void)
{
	hu_store_init(&st);
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
}

static void teardown(void)
{
	hu_store_dispose(&st);
	sp_buf_dispose(&out);
	sp_ctx_free(ctx);
}

TestSuite(members, .init = setup, .fini = teardown);

static hu_node *node_with_parm(const char *path, const char *parm_text)
{
	int err;
	hu_node *n = hu_store_node(&st, path, 1, &err);
	cr_assert_not_null(n);
	cr_assert_eq(hu_parse_parm(n, parm_text, strlen(parm_text)), 0);
	return n;
}

Test(members, parm_quoted_strings_span_raw_newlines_and_unescape)
{
	hu_node *n = node_with_parm("/obj/py", "{\nversion 0.8\n"
	                                       "python\t[ 0\tlocks=0 ]\t(\t\"# menu\nnode = hou.pwd()\n"
	                                       "x = \\\"a\\\\b\\\"\"\t)\n"
	                                       "label\t[ 0\tlocks=0 ]\t(\t\"x = \\\"a\\\\b\\\"\"\t)\n"
	                                       "trange\t[ 0\tlocks=0 ]\t(\t\"off\"\t)\n}\n");
	/* a script is read past whole (its raw newlines end nothing) but not kept: no path or number is one
	 */
	cr_assert_not_null(hu_node_parm(n, "python"));
	cr_assert_str_eq(hu_node_value(n, "python", 0), "");
	cr_assert_str_eq(hu_node_value(n, "label", 0), "x = \"a\\b\"");
	cr_assert_str_eq(hu_node_value(n, "trange", 0), "off");
	cr_assert_eq(n->nparms, 3);
}

Test(members, parm_bare_words_unescape_quotes_inside_backticks)
{
	hu_node *n = node_with_parm(
	    "/out/geo", "{\nsopoutput\t[ 0\tlocks=0 ]\t(\t`chs(\\\"/obj/dust/file1/file\\\")`\t)\n"
	                "vm_picture\t[ 0\tlocks=0 ]\t(\t$HIP/render/image.$F4.jpg\t)\n}\n");
	cr_assert_str_eq(hu_node_value(n, "sopoutput", 0), "`chs(\"/obj/dust/file1/file\")`");
	cr_assert_str_eq(hu_node_value(n, "vm_picture", 0), "$HIP/render/image.$F4.jpg");
}

Test(members, parm_animated_components_keep_channel_and_cached_value)
{
	hu_node *n =
	    node_with_parm("/out/m", "{\nf\t[ 0\tlocks=0 ]\t(\t[ f1\t1001 ] \t[ f2\t1133 ] \t1\t)\n"
	                             "sopoutput\t[ 0\tlocks=0\tautoscope=1\tautosel=4294967295 ]\t(\t"
	                             "[ sopoutput\t/cg/tank/distrib.0.1081.bgeo.sc ] \t)\n"
	                             "renderer\t[ 0\tlocks=0 ]\t(\t[ renderer\t\"BRAY HdKarma\" ] \t)\n}\n");
	const hu_parm *f = hu_node_parm(n, "f");
	cr_assert_not_null(f);
	cr_assert_eq(f->ncomp, 3);
	cr_assert_str_eq(f->vals[0], "1001");
	cr_assert_str_eq(hu_parm_chan(f, 0), "f1");
	cr_assert_str_eq(f->vals[1], "1133");
	cr_assert_str_eq(hu_parm_chan(f, 1), "f2");
	cr_assert_str_eq(f->vals[2], "1");
	cr_assert_null(hu_parm_chan(f, 2));
	cr_assert_str_eq(hu_node_value(n, "sopoutput", 0), "/cg/tank/distrib.0.1081.bgeo.sc");
	cr_assert_str_eq(hu_node_value(n, "renderer", 0), "BRAY HdKarma");
}

Test(members, parm_with_zero_components_and_several_values)
{
	hu_node *n = node_with_parm("/obj/cam1",
	                            "{\nfile_spacer1\t[ 0\tlocks=0 ]\t(\t)\nres\t[ 0\tlocks=0 ]\t(\t1920\t"
	                            "1080\t)\ncamera\t[ 0\tlocks=0 ]\t(\t\"\"\t)\n}\n");
	cr_assert_not_null(hu_node_parm(n, "file_spacer1"));
	cr_assert_eq(hu_node_parm(n, "file_spacer1")->ncomp, 0);
	cr_assert_str_eq(hu_node_value(n, "res", 1), "1080");
	cr_assert_str_eq(hu_node_value(n, "camera", 0), "");
}

Test(members, parm_values_over_the_cap_are_dropped_not_kept)
{
	size_t big = HU_VALUE_MAX + 100;
	char *text = malloc(big + 64);
	hu_node *n;
	strcpy(text, "{\nscript\t[ 0\tlocks=0 ]\t(\t\"");
	memset(text + strlen(text), 'x', big);
	strcpy(text + 26 + big, "\"\t)\nnext\t[ 0\tlocks=0 ]\t(\tok\t)\n}\n");
	n = node_with_parm("/obj/s", text);
	cr_assert_str_eq(hu_node_value(n, "script", 0), "");
	cr_assert_str_eq(hu_node_value(n, "next", 0), "ok");
	free(text);
}

Test(members, chn_keeps_the_single_segment_expression_and_drops_keyed_ones)
{
	static const char chn[] =
	    "{\n    channel f1 {\n      lefttype = extend\n      default = 1\n"
	    "      segment { length = 0 value = 1 1 expr = $FSTART }\n    }\n"
	    "    channel clampfirst {\n      segment { length = 0 expr = ch(\\\"f1\\\") }\n    }\n"
	    "    channel tx {\n      segment { length = 1 value = 0 1 }\n"
	    "      segment { length = 1 value = 1 2 }\n    }\n  }\n";
	int err;
	hu_node *n = hu_store_node(&st, "/out/r", 1, &err);
	cr_assert_eq(hu_parse_chn(n, chn, strlen(chn)), 0);
	cr_assert_str_eq(hu_node_chan_expr(n, "f1"), "$FSTART");
	cr_assert_str_eq(hu_node_chan_expr(n, "clampfirst"), "ch(\"f1\")");
	cr_assert_null(hu_node_chan_expr(n, "tx"));
}

Test(members, def_bypass_flag_and_init_type)
{
	static const char def[] =
	    "comment \"\"\nflags =  lock off model off bypass on display off render off\nend\n";
	static const char init[] = "type = filecache::2.0\nmatchesdef = 0\n";
	char base[64];
	int err;
	hu_node *n = hu_store_node(&st, "/obj/geo1/cache", 1, &err);
	hu_parse_def(n, def, strlen(def));
	cr_assert_eq(n->bypass, 1);
	cr_assert_eq(hu_parse_init(&st, n, init, strlen(init)), 0);
	cr_assert_str_eq(n->type, "filecache::2.0");
	hu_base_type(n->type, base, sizeof(base));
	cr_assert_str_eq(base, "filecache");
	hu_base_type("qLib::rop_tool_ql::1", base, sizeof(base));
	cr_assert_str_eq(base, "rop_tool_ql");
	hu_base_type("redshift::TextureSampler", base, sizeof(base));
	cr_assert_str_eq(base, "TextureSampler");
	hu_base_type("MOPS::Sop/Align::1.2", base, sizeof(base));
	cr_assert_str_eq(base, "Align");
}

Test(members, variables_and_start_members)
{
	static const char vars[] =
	    "set -g HIP = '/data/cgru/examples/houdini'\nset -g JOB = 'W:/Houdini INDIE/bin'\n"
	    "set -g _HIP_SAVEVERSION = '17.5.460'\nset -g EMPTY = ''\n";
	static const char start[] = "fplayback -i on -r off\ntcur 0.93333333333333335\nfps 30\ntset 0 10\n"
	                            "frange 1001 1100\nunitlength 1\n";
	cr_assert_eq(hu_parse_variables(&st, vars, strlen(vars)), 0);
	cr_assert_str_eq(hu_store_var(&st, "JOB"), "W:/Houdini INDIE/bin");
	cr_assert_str_eq(hu_store_var(&st, "_HIP_SAVEVERSION"), "17.5.460");
	cr_assert_str_eq(hu_store_var(&st, "EMPTY"), "");
	cr_assert_null(hu_store_var(&st, "NOPE"));
	hu_parse_start(&st, start, strlen(start));
	cr_assert_float_eq(st.fps, 30, 1e-9);
	cr_assert_float_eq(st.tcur, 0.93333333333333335, 1e-12);
	/* $FSTART/$FEND are the global range, tset 0 10 at 30 fps; frange is the playbar's */
	cr_assert_float_eq(st.fstart, 1, 1e-9);
	cr_assert_float_eq(st.fend, 300, 1e-9);
	cr_assert_float_eq(st.rfstart, 1001, 1e-9);
	cr_assert_float_eq(st.rfend, 1100, 1e-9);
}

Test(members, a_start_member_without_tset_takes_the_playbar_range)
{
	static const char start[] = "fps 25\nframe 1\nfrange 7 70\n";
	hu_parse_start(&st, start, strlen(start));
	cr_assert_float_eq(st.fstart, 7, 1e-9);
	cr_assert_float_eq(st.fend, 70, 1e-9);
}

Test(members, the_global_range_is_tset_start_and_end_in_seconds)
{
	/* Houdini writes the range 1001-1100 at 24 fps as tset 1000/24 1100/24 */
	static const char start[] = "fps 24\ntset 41.666666666666664 45.833333333333336\nfrange 1010 1020\n";
	hu_parse_start(&st, start, strlen(start));
	cr_assert_float_eq(st.fstart, 1001, 1e-9);
	cr_assert_float_eq(st.fend, 1100, 1e-9);
	cr_assert_float_eq(st.rfstart, 1010, 1e-9);
	cr_assert_float_eq(st.rfend, 1020, 1e-9);
}

Test(members, a_global_range_from_frame_0_ends_where_tset_ends)
{
	/* tws0002 main.hip: Houdini cached f2 = $FEND as 600 with these lines */
	static const char start[] = "fps 30\ntset -0.033333333333333333 20\nfrange 0 600\n";
	hu_parse_start(&st, start, strlen(start));
	cr_assert_float_eq(st.fstart, 0, 1e-9);
	cr_assert_float_eq(st.fend, 600, 1e-9);
}

Test(members, member_names_split_into_node_path_and_suffix)
{
	char path[64];
	const char *suffix = NULL;
	cr_assert(hu_member_split("obj/geo1.parm", path, sizeof(path), &suffix));
	cr_assert_str_eq(path, "/obj/geo1");
	cr_assert_str_eq(suffix, "parm");
	cr_assert(hu_member_split("out.def", path, sizeof(path), &suffix));
	cr_assert_str_eq(path, "/out");
	cr_assert_not(hu_member_split(".start", path, sizeof(path), &suffix));
	cr_assert_not(hu_member_split("TRAILER!!!", path, sizeof(path), &suffix));
	/* the suffix is after the last '.' of the last segment: dots in networks do not count */
	cr_assert(hu_member_split("obj/geo.v2/file1.chn", path, sizeof(path), &suffix));
	cr_assert_str_eq(path, "/obj/geo.v2/file1");
	cr_assert_str_eq(suffix, "chn");
	cr_assert(hu_member_split("obj/a.b.parm", path, sizeof(path), &suffix));
	cr_assert_str_eq(path, "/obj/a.b");
	cr_assert_str_eq(suffix, "parm");
	cr_assert_not(hu_member_split("obj/geo.v2/file1", path, sizeof(path), &suffix));
	cr_assert_not(hu_member_split("obj/geo1.", path, sizeof(path), &suffix));
	cr_assert_not(hu_member_split("obj/geo1.parm", path, 9, &suffix), "the path does not fit");
	cr_assert(hu_member_split("obj/geo1.parm", path, 10, &suffix));
	cr_assert_null(hu_member_dot("obj/x.y/z"));
	cr_assert_null(hu_member_dot(""));
}

/* ---- evaluation ---------------------------------------------------------------- */

static hu_env env_for(void)
{
	hu_env e;
	memset(&e, 0, sizeof(e));
	e.st = &st;
	e.ctx = ctx;
	e.hip = "/shots/sq01";
	e.hipfile = "/shots/sq01/light.hip";
	e.hipname = "light";
	e.job = "/jobs/show";
	e.current_frame = 12;
	return e;
}

static const char *expand(const hu_node *n, const char *text, int *unresolved)
{
	hu_env e = env_for();
	cr_assert_eq(hu_expand(&out, unresolved, &e, n, text), 0);
	return sp_buf_cstr(&out);
}

Test(members, variables_expand_and_frame_tokens_stay)
{
	int u;
	hu_node *n = node_with_parm("/out/beauty", "{\n}\n");
	static const char vars[] = "set -g HIP = '/old/saved/place'\nset -g SEQ = 'sq01'\n";
	cr_assert_eq(hu_parse_variables(&st, vars, strlen(vars)), 0);
	cr_assert_str_eq(expand(n, "$HIP/render/$HIPNAME.$OS.$F4.exr", &u),
	                 "/shots/sq01/render/light.beauty.$F4.exr");
	cr_assert_eq(u, 0);
	cr_assert_str_eq(expand(n, "${JOB}/cache/$SEQ/${F}.bgeo.sc", &u),
	                 "/jobs/show/cache/sq01/${F}.bgeo.sc");
	cr_assert_str_eq(expand(n, "$HIP/$HIPFILE:t.abc", &u), "/shots/sq01/light.hip.abc");
	cr_assert_str_eq(expand(n, "$HIP/$HIPFILE:r.abc", &u), "/shots/sq01//shots/sq01/light.abc");
	cr_assert_str_eq(expand(n, "$HIP/geo/$FF.$T.$SF.bgeo", &u), "/shots/sq01/geo/$FF.$T.$SF.bgeo");
	cr_assert_str_eq(expand(n, "$NOT_SET_ANYWHERE_42/x.exr", &u), "$NOT_SET_ANYWHERE_42/x.exr");
	cr_assert_str_eq(expand(n, "f$FSTART-$FEND", &u), "f1-240");
	cr_assert_str_eq(expand(n, "r${RFSTART}-$RFEND", &u), "r1-240");
}

Test(members, backticks_evaluate_chs_ch_and_padzero)
{
	int u;
	hu_node *rs =
	    node_with_parm("/out/Redshift_ROP1",
	                   "{\nRS_outputFileNamePrefix\t[ 0\tlocks=0 ]\t(\t$HIP/render/$OS.$F4.exr\t)\n"
	                   "vm_picture\t[ 0\tlocks=0 ]\t(\t`chs(\\\"RS_outputFileNamePrefix\\\")`\t)\n"
	                   "ver\t[ 0\tlocks=0 ]\t(\t7\t)\n}\n");
	hu_node *cache = node_with_parm(
	    "/obj/dust/file1", "{\nfile\t[ 0\tlocks=0 ]\t(\t$HIP/geo/dust.`padzero(4, $F)`.bgeo\t)\n}\n");
	cr_assert_str_eq(expand(rs, hu_node_value(rs, "vm_picture", 0), &u),
	                 "/shots/sq01/render/Redshift_ROP1.$F4.exr");
	cr_assert_eq(u, 0);
	cr_assert_str_eq(expand(rs, "$HIP/v`ch(\"ver\")`/`chs(\"/obj/dust/file1/file\")`", &u),
	                 "/shots/sq01/v7//shots/sq01/geo/dust.$F4.bgeo");
	cr_assert_eq(u, 0);
	cr_assert_str_eq(expand(cache, "`chs(\"../../../out/Redshift_ROP1/ver\")`", &u), "7");
	cr_assert_eq(u, 0);
}

Test(members, other_expressions_are_kept_and_reported_unresolved)
{
	int u;
	hu_node *n = node_with_parm("/tasks/topnet1/render/opengl", "{\n}\n");
	cr_assert_str_eq(expand(n, "$HIP/render/$OS.`@wedgeindex`.$F4.exr", &u),
	                 "/shots/sq01/render/opengl.`@wedgeindex`.$F4.exr");
	cr_assert_eq(u, 1);
	expand(n, "`pythonexprs(\"hou.pwd().name()\")`", &u);
	cr_assert_eq(u, 1);
	expand(n, "`chs(\"/obj/missing/file\")`", &u);
	cr_assert_eq(u, 1);
	expand(n, "$HIP/unterminated`chs(", &u);
	cr_assert_eq(u, 1);
}

Test(members, numbers_come_from_channel_expressions_then_cached_values)
{
	static const char chn[] =
	    "{\n channel f1 {\n segment { length = 0 value = 1 1 expr = $RFSTART }\n }\n"
	    " channel f2 {\n segment { length = 0 value = 240 240 expr = ch(\\\"../../len\\\") }\n }\n"
	    " channel f3 {\n segment { length = 0 expr = pythonexpr }\n }\n}\n";
	static const char start[] = "fps 24\nframe 1\nfrange 1001 1100\n";
	hu_node *rop = node_with_parm(
	    "/obj/net/ropnet1/m", "{\nf\t[ 0\tlocks=0 ]\t(\t[ f1\t1 ] \t[ f2\t240 ] \t[ f3\t2 ] \t)\n}\n");
	hu_env e;
	double d;
	(void)node_with_parm("/obj/net", "{\nlen\t[ 0\tlocks=0 ]\t(\t1050\t)\n}\n");
	cr_assert_eq(hu_parse_chn(rop, chn, strlen(chn)), 0);
	hu_parse_start(&st, start, strlen(start));
	e = env_for();
	cr_assert_eq(hu_eval_number(&d, &e, rop, "f", 0), 0);
	cr_assert_float_eq(d, 1001, 1e-9);
	cr_assert_eq(hu_eval_number(&d, &e, rop, "f", 1), 0);
	cr_assert_float_eq(d, 1050, 1e-9);
	cr_assert_eq(hu_eval_number(&d, &e, rop, "f", 2), 0); /* python: the cached value */
	cr_assert_float_eq(d, 2, 1e-9);
	cr_assert_eq(hu_eval_number(&d, &e, rop, "f2", 0), 0); /* channel name for component 2 */
	cr_assert_float_eq(d, 1050, 1e-9);
	cr_assert_neq(hu_eval_number(&d, &e, rop, "nope", 0), 0);
}

Test(members, chn_string_segment_over_several_lines_becomes_the_string_value)
{
	/* as saved in captainhammy/Houdini-Toolbox tests/nodes/data/test_parameters.hipnc, out/mantra1.chn */
	static const char chn[] =
	    "{\n    channel vm_picture {\n      lefttype = extend\n"
	    "      defaultString = \\\"$HIP/render/$HIPNAME.$OS.$F4.exr\\\"\n      flags = 0\n"
	    "      segment { options = {\t autoslope  ai ao }\n\n"
	    "\t length = 0 accel = 0.3 0.3 expr = \\\"$HIP/render/$HIPNAME.$OS.$F4.exr\\\" }\n"
	    "    }\n    channel scale {\n"
	    "      segment { length = 0 expr = \"1 / __import__('loputils').getMetersPerUnit(pwd())\" "
	    "language = python }\n    }\n  }\n";
	hu_node *n = node_with_parm(
	    "/out/mantra1",
	    "{\nvm_picture\t[ 8\tlocks=0\tautoscope=1 ]\t(\t[ vm_picture\t/home/g/r/x.mantra1.0001.exr ] "
	    "\t)\nscale\t[ 0\tlocks=0 ]\t(\t[ scale\t1 ] \t)\n}\n");
	cr_assert_eq(hu_parse_chn(n, chn, strlen(chn)), 0);
	cr_assert_str_eq(hu_node_value(n, "vm_picture", 0), "/home/g/r/x.mantra1.0001.exr");
	cr_assert_str_eq(hu_node_string(n, "vm_picture"), "$HIP/render/$HIPNAME.$OS.$F4.exr");
	cr_assert_null(hu_node_chan_expr(n, "scale"), "Python is not kept for evaluation");
	cr_assert_str_eq(hu_node_string(n, "scale"), "1");
}

Test(members, a_second_chn_member_for_the_same_node_replaces_the_expression)
{
	static const char a[] = "{\n channel f1 {\n segment { length = 0 expr = $FSTART }\n }\n}\n";
	static const char b[] = "    segment { length = 0 expr = $FEND }\n";
	int err;
	hu_node *n = hu_store_node(&st, "/out/twice", 1, &err);
	cr_assert_eq(hu_parse_chn(n, a, strlen(a)), 0);
	cr_assert_eq(hu_parse_chn(n, b, strlen(b)), 0);
	cr_assert_str_eq(hu_node_chan_expr(n, "f1"), "$FEND");
}

Test(members, nodes_never_move_as_the_store_grows_and_types_are_stored_once)
{
	static const char init[] = "type = filecache::2.0\nmatchesdef = 0\n";
	int err;
	char path[64];
	hu_node *first = hu_store_node(&st, "/obj/first", 1, &err), *n;
	cr_assert_not_null(first);
	cr_assert_eq(hu_parse_init(&st, first, init, strlen(init)), 0);
	/* past several slabs: a pointer taken early stays valid (parsers hold them while members stream) */
	for (int i = 0; i < 3 * HU_SLAB + 7; i++) {
		snprintf(path, sizeof(path), "/obj/n%d", i);
		n = hu_store_node(&st, path, 1, &err);
		cr_assert_not_null(n);
		cr_assert_eq(hu_parse_init(&st, n, init, strlen(init)), 0);
		cr_assert_eq(n->type, first->type, "one copy of the type name");
	}
	cr_assert_eq(hu_store_find(&st, "/obj/first"), first);
	cr_assert_str_eq(first->path, "/obj/first");
	cr_assert_str_eq(hu_store_find(&st, "/obj/n3000")->path, "/obj/n3000");
	cr_assert_eq(hu_store_at(&st, 0), first);
	cr_assert_eq(st.types.count, 1);
}

/* A parameter line two nodes save alike is kept once; any difference (value, channel, name) keeps its own. */
Test(members, parameter_records_are_shared_by_nodes_that_save_them_alike)
{
	static const char a[] =
	    "{\nversion 0.8\nt\t[ 0\tlocks=0 ]\t(\t0\t0\t0\t)\n"
	    "file\t[ 0\tlocks=0 ]\t(\t\"$HIP/a.abc\"\t)\nr\t[ 0\tlocks=0 ]\t(\t[ rx\t0 ]\t0\t)\n}\n";
	static const char b[] =
	    "{\nversion 0.8\nt\t[ 0\tlocks=0 ]\t(\t0\t0\t0\t)\n"
	    "file\t[ 0\tlocks=0 ]\t(\t\"$HIP/b.abc\"\t)\nr\t[ 0\tlocks=0 ]\t(\trx\t0\t0\t)\n"
	    "s\t[ 0\tlocks=0 ]\t(\t0\t0\t0\t)\n}\n";
	hu_parm_scratch scratch = HU_PARM_SCRATCH_INIT;
	int err;
	hu_node *n1 = hu_store_node(&st, "/obj/a", 1, &err), *n2 = hu_store_node(&st, "/obj/b", 1, &err);
	cr_assert_eq(hu_parse_parm_with(n1, &st, &scratch, a, strlen(a)), 0);
	cr_assert_eq(hu_parse_parm_with(n2, &st, &scratch, b, strlen(b)), 0);
	cr_assert_eq(hu_node_parm(n1, "t"), hu_node_parm(n2, "t"), "one record for the same line");
	cr_assert_neq(hu_node_parm(n1, "file"), hu_node_parm(n2, "file"));
	cr_assert_str_eq(hu_node_value(n1, "file", 0), "$HIP/a.abc");
	cr_assert_str_eq(hu_node_value(n2, "file", 0), "$HIP/b.abc");
	/* the same strings, once as a channel and a value, once as two values */
	cr_assert_neq(hu_node_parm(n1, "r"), hu_node_parm(n2, "r"));
	cr_assert_eq(hu_node_parm(n1, "r")->ncomp, 2);
	cr_assert_str_eq(hu_parm_chan(hu_node_parm(n1, "r"), 0), "rx");
	cr_assert_eq(hu_node_parm(n2, "r")->ncomp, 3);
	cr_assert_null(hu_parm_chan(hu_node_parm(n2, "r"), 0));
	cr_assert_str_eq(hu_node_value(n2, "r", 0), "rx");
	/* same values under another name */
	cr_assert_neq(hu_node_parm(n2, "s"), hu_node_parm(n2, "t"));
	cr_assert_str_eq(hu_node_parm(n2, "s")->name, "s");
	cr_assert_eq(st.parm_pool.count, 6);
	hu_parm_scratch_dispose(&scratch);
}

/* A node's lines are matched with the last node of its type, place by place; what differs is read. */
Test(members, lines_the_last_node_of_the_type_saved_alike_are_taken_whole)
{
	static const char init[] = "type = xform\nmatchesdef = 0\n";
	static const char a[] =
	    "{\nversion 0.8\nt\t[ 0\tlocks=0 ]\t(\t1\t2\t3\t)\n"
	    "file\t[ 0\tlocks=0 ]\t(\t\"$HIP/a.abc\"\t)\nr\t[ 0\tlocks=0 ]\t(\t[ rx\t5 ]\t0\t0\t)\n}\n";
	static const char b[] =
	    "{\nversion 0.8\nt\t[ 0\tlocks=0 ]\t(\t1\t2\t3\t)\n"
	    "file\t[ 0\tlocks=0 ]\t(\t\"$HIP/b.abc\"\t)\nr\t[ 0\tlocks=0 ]\t(\t[ rx\t5 ]\t0\t0\t)\n"
	    "s\t[ 0\tlocks=0 ]\t(\t1\t1\t1\t)\n}\n";
	/* the same first line, then one cut by the end of the member: read, not matched */
	static const char c[] =
	    "{\nversion 0.8\nt\t[ 0\tlocks=0 ]\t(\t1\t2\t3\t)\nfile\t[ 0\tlocks=0 ]\t(\t\"$HIP/b.abc\"";
	hu_parm_scratch scratch = HU_PARM_SCRATCH_INIT;
	int err;
	hu_node *n1 = hu_store_node(&st, "/obj/a", 1, &err), *n2 = hu_store_node(&st, "/obj/b", 1, &err),
	        *n3 = hu_store_node(&st, "/obj/c", 1, &err);
	hu_node *nodes[] = {n1, n2, n3};
	for (size_t i = 0; i < 3; i++)
		cr_assert_eq(hu_parse_init(&st, nodes[i], init, strlen(init)), 0);
	cr_assert_eq(hu_parse_parm_with(n1, &st, &scratch, a, strlen(a)), 0);
	cr_assert_eq(hu_parse_parm_with(n2, &st, &scratch, b, strlen(b)), 0);
	cr_assert_eq(hu_parse_parm_with(n3, &st, &scratch, c, strlen(c)), 0);
	cr_assert_eq(n2->nparms, 4);
	cr_assert_eq(hu_node_parm(n1, "t"), hu_node_parm(n2, "t"));
	cr_assert_eq(hu_node_parm(n1, "r"), hu_node_parm(n2, "r"));
	cr_assert_str_eq(hu_parm_chan(hu_node_parm(n2, "r"), 0), "rx");
	cr_assert_str_eq(hu_node_value(n2, "r", 0), "5");
	cr_assert_str_eq(hu_node_value(n1, "file", 0), "$HIP/a.abc");
	cr_assert_str_eq(hu_node_value(n2, "file", 0), "$HIP/b.abc");
	cr_assert_str_eq(hu_node_value(n2, "s", 2), "1");
	cr_assert_eq(n3->nparms, 2);
	cr_assert_eq(hu_node_parm(n3, "t"), hu_node_parm(n1, "t"));
	cr_assert_str_eq(hu_node_value(n3, "file", 0), "$HIP/b.abc");
	cr_assert_str_eq(hu_node_value(n3, "t", 1), "2");
	hu_parm_scratch_dispose(&scratch);
}

Test(members, parm_blocks_read_with_one_scratch_into_the_arena_keep_each_nodes_values)
{
	static const char a[] = "{\nversion 0.8\nfile\t[ 0\tlocks=0 ]\t(\t\"$HIP/a.$F4.bgeo.sc\"\t)\n"
	                        "t\t[ 0\tlocks=0 ]\t(\t[ t_x\t0.5 ]\t1\t2\t)\n}\n";
	static const char b[] = "{\nversion 0.8\nfile\t[ 0\tlocks=0 ]\t(\t\"/b.abc\"\t)\n}\n";
	static const char c[] = "{\nversion 0.8\nmode\t[ 0\tlocks=0 ]\t(\tread\t)\n}\n";
	hu_parm_scratch scratch = HU_PARM_SCRATCH_INIT;
	int err;
	hu_node *n1 = hu_store_node(&st, "/obj/a", 1, &err), *n2 = hu_store_node(&st, "/obj/b", 1, &err);
	cr_assert_eq(hu_parse_parm_with(n1, &st, &scratch, a, strlen(a)), 0);
	cr_assert_eq(hu_parse_parm_with(n2, &st, &scratch, b, strlen(b)), 0);
	/* the second member read with the same scratch leaves the first node's block as it was */
	cr_assert_eq(n1->nparms, 2);
	cr_assert_str_eq(hu_node_value(n1, "file", 0), "$HIP/a.$F4.bgeo.sc");
	cr_assert_str_eq(hu_parm_chan(hu_node_parm(n1, "t"), 0), "t_x");
	cr_assert_null(hu_parm_chan(hu_node_parm(n1, "t"), 1));
	cr_assert_str_eq(hu_node_value(n1, "t", 2), "2");
	cr_assert_eq(n2->nparms, 1);
	cr_assert_str_eq(hu_node_value(n2, "file", 0), "/b.abc");
	cr_assert_eq(n1->parms_heap, 0, "a store's first block lives in its arena");
	/* a second .parm member for a node (a damaged file) replaces the first, in a block of its own */
	cr_assert_eq(hu_parse_parm_with(n1, &st, &scratch, c, strlen(c)), 0);
	cr_assert_eq(n1->nparms, 1);
	cr_assert_null(hu_node_parm(n1, "file"));
	cr_assert_str_eq(hu_node_value(n1, "mode", 0), "read");
	cr_assert_eq(n1->parms_heap, 1);
	cr_assert_eq(hu_parse_parm_with(n1, &st, &scratch, a, strlen(a)), 0);
	cr_assert_str_eq(hu_node_value(n1, "file", 0), "$HIP/a.$F4.bgeo.sc");
	hu_parm_scratch_dispose(&scratch);
}

Test(members, parameters_without_channels_read_none_and_animated_ones_keep_theirs)
{
	static const char a[] = "{\nversion 0.8\n"
	                        "r\t[ 0\tlocks=0 ]\t(\t1\t2\t3\t4\t)\n"
	                        "t\t[ 0\tlocks=0 ]\t(\t0\t[ ty\t5 ]\t[ tz\t6 ]\t)\n"
	                        "s\t[ 0\tlocks=0 ]\t(\t7\t)\n"
	                        "p\t[ 0\tlocks=0 ]\t(\t[ px\t8 ]\t)\n}\n";
	hu_node *n = node_with_parm("/obj/anim", a);
	const hu_parm *r = hu_node_parm(n, "r"), *t = hu_node_parm(n, "t"), *sp = hu_node_parm(n, "s"),
	              *p = hu_node_parm(n, "p");
	cr_assert_eq(r->ncomp, 4);
	for (size_t i = 0; i < 4; i++) {
		char want[2] = {(char)('1' + i), '\0'};
		cr_assert_str_eq(r->vals[i], want);
		cr_assert_null(hu_parm_chan(r, i));
	}
	cr_assert_str_eq(t->vals[0], "0");
	cr_assert_null(hu_parm_chan(t, 0));
	cr_assert_str_eq(hu_parm_chan(t, 1), "ty");
	cr_assert_str_eq(t->vals[1], "5");
	cr_assert_str_eq(hu_parm_chan(t, 2), "tz");
	cr_assert_str_eq(t->vals[2], "6");
	cr_assert_str_eq(sp->vals[0], "7");
	cr_assert_null(hu_parm_chan(sp, 0));
	cr_assert_str_eq(hu_parm_chan(p, 0), "px");
	cr_assert_str_eq(p->vals[0], "8");
}

Test(members, a_node_keeps_every_channel_past_the_first_growth_steps)
{
	sp_buf chn = SP_BUF_INIT;
	int err;
	hu_node *n = hu_store_node(&st, "/obj/many", 1, &err);
	char name[16];
	cr_assert_eq(sp_buf_puts(&chn, "{\n"), 0);
	for (int i = 0; i < 40; i++)
		cr_assert_eq(sp_buf_printf(&chn,
		                           "    channel c%d {\n      lefttype = extend\n      default = %d\n"
		                           "      segment { length = 0 expr = $F*%d }\n    }\n",
		                           i, i, i),
		             0);
	cr_assert_eq(sp_buf_puts(&chn, "  }\n"), 0);
	cr_assert_eq(hu_parse_chn(n, chn.ptr, chn.size), 0);
	cr_assert_eq(n->nchans, 40);
	for (int i = 0; i < 40; i++) {
		char want[32];
		snprintf(name, sizeof(name), "c%d", i);
		snprintf(want, sizeof(want), "$F*%d", i);
		cr_assert_str_eq(hu_node_chan_expr(n, name), want, "%s", name);
	}
	sp_buf_dispose(&chn);
}

Test(members, node_types_are_stored_once_however_the_nodes_mix_them)
{
	static const char *const types[] = {"xform",  "attribwrangle", "file", "null",
	                                    "subnet", "Sop/file",      "xfor", "xformx"};
	const char *first[8] = {NULL};
	for (int i = 0; i < 200; i++) {
		size_t t = (size_t)(i * 5 + i / 7) % 8;
		const char *got = hu_store_intern(&st, types[t], strlen(types[t]));
		cr_assert_not_null(got);
		cr_assert_str_eq(got, types[t]);
		if (!first[t])
			first[t] = got;
		cr_assert_eq(got, first[t], "one copy of %s", types[t]);
	}
	cr_assert_eq(st.types.count, 8);
	/* the first n bytes of a longer text are their own type */
	cr_assert_str_eq(hu_store_intern(&st, "xformextra", 5), "xform");
	cr_assert_eq(hu_store_intern(&st, "xformextra", 5), first[0]);
	cr_assert_eq(st.types.count, 8);
}

Test(members, the_node_index_finds_every_path_and_only_those)
{
	int err;
	char path[64];
	for (int i = 0; i < 5000; i++) {
		snprintf(path, sizeof(path), "/obj/geo%d/subnet%d/node%d", i % 97, i % 7, i);
		cr_assert_not_null(hu_store_node(&st, path, 1, &err));
		/* found at once (before the index files it away), and so is one made a while ago */
		cr_assert_eq(hu_store_find(&st, path), hu_store_at(&st, (size_t)i), "%s", path);
		snprintf(path, sizeof(path), "/obj/geo%d/subnet%d/node%d", (i / 2) % 97, (i / 2) % 7, i / 2);
		cr_assert_eq(hu_store_find(&st, path), hu_store_at(&st, (size_t)(i / 2)), "%s", path);
	}
	cr_assert_eq(st.count, 5000);
	for (int i = 0; i < 5000; i++) {
		snprintf(path, sizeof(path), "/obj/geo%d/subnet%d/node%d", i % 97, i % 7, i);
		cr_assert_eq(hu_store_find(&st, path), hu_store_at(&st, (size_t)i), "%s", path);
		/* asked again it is the same node, not a new one */
		cr_assert_eq(hu_store_node(&st, path, 1, &err), hu_store_at(&st, (size_t)i));
		snprintf(path, sizeof(path), "/obj/geo%d/subnet%d/node%d", i % 97, (i + 1) % 7, i);
		cr_assert_null(hu_store_find(&st, path), "%s", path);
	}
	cr_assert_eq(st.count, 5000);
	cr_assert_null(hu_store_node(&st, "/obj/none", 0, &err));
	cr_assert_eq(err, 0);
}

Test(members, a_nodes_parent_is_found_whether_it_came_before_or_after_it)
{
	int err;
	hu_node *obj = hu_store_node(&st, "/obj", 1, &err);
	hu_node *geo = hu_store_node(&st, "/obj/geo1", 1, &err);
	hu_node *sub = hu_store_node(&st, "/obj/geo1/subnet1", 1, &err);
	hu_node *deep = hu_store_node(&st, "/obj/geo1/subnet1/file1", 1, &err);
	/* back up two levels: the parent is an ancestor of the node before */
	hu_node *geo_child = hu_store_node(&st, "/obj/geo1/xform1", 1, &err);
	/* a child listed before its network (a damaged or hand-made archive) */
	hu_node *early = hu_store_node(&st, "/out/late/mantra1", 1, &err), *late;
	cr_assert_not_null(early);
	cr_assert_null(hu_store_parent(&st, early, "/out/late"));
	late = hu_store_node(&st, "/out/late", 1, &err);
	cr_assert_eq(hu_store_parent(&st, early, "/out/late"), late, "found by its path once it exists");
	cr_assert_eq(hu_store_parent(&st, geo, "/obj"), obj);
	cr_assert_eq(hu_store_parent(&st, sub, "/obj/geo1"), geo);
	cr_assert_eq(hu_store_parent(&st, deep, "/obj/geo1/subnet1"), sub);
	cr_assert_eq(hu_store_parent(&st, geo_child, "/obj/geo1"), geo);
	cr_assert_null(hu_store_parent(&st, obj, ""));
}

Test(members, backticks_name_nodes_with_opname_opfullpath_and_chsop)
{
	int u;
	hu_node *rop = node_with_parm("/out/mantra1", "{\n}\n");
	hu_node *io =
	    node_with_parm("/obj/smoke/import", "{\ndoppath\t[ 0\tlocks=0 ]\t(\t/obj/AutoDopNetwork\t)\n"
	                                        "rel\t[ 0\tlocks=0 ]\t(\t../cam_rig/shotcam\t)\n}\n");
	cr_assert_str_eq(expand(rop, "$HIP/images/`opname('.')`.$F4.exr", &u),
	                 "/shots/sq01/images/mantra1.$F4.exr");
	cr_assert_eq(u, 0);
	cr_assert_str_eq(expand(io, "`opname(\"..\")`/`opfullpath('./RENDER')`", &u),
	                 "smoke//obj/smoke/import/RENDER");
	cr_assert_eq(u, 0);
	cr_assert_str_eq(expand(io, "$HIP/sim--`opname(chsop('doppath'))`/$OS", &u),
	                 "/shots/sq01/sim--AutoDopNetwork/import");
	cr_assert_eq(u, 0);
	cr_assert_str_eq(expand(io, "`opfullpath(chsop(\"rel\"))`|`chsop('rel')`", &u),
	                 "/obj/smoke/cam_rig/shotcam|/obj/smoke/cam_rig/shotcam");
	cr_assert_eq(u, 0);
	expand(io, "`opname(chsop('missing'))`", &u);
	cr_assert_eq(u, 1, "a parameter the node does not have is not guessed");
	expand(io, "`opname(chs('doppath'))`", &u);
	cr_assert_eq(u, 1);
}

Test(members, channel_arithmetic_reads_the_frame_and_other_parameters)
{
	static const char chn[] =
	    "{\n channel udim {\n segment { length = 0 value = 1034 1034 expr = \"1001 + "
	    "ch('index')%ch('cols') + "
	    "10*floor(ch('index')/ch('cols'))\" }\n }\n"
	    " channel index {\n segment { length = 0 expr = $F-1 }\n }\n"
	    " channel bad {\n segment { length = 0 expr = \"1 / (ch('cols') - 4)\" }\n }\n"
	    " channel fn {\n segment { length = 0 expr = \"max(ceil(2.2), -round(-1.6)) * abs(-2) + int(2.9) "
	    "+ min(1, 0)\" }\n }\n}\n";
	hu_node *n = node_with_parm("/obj/text", "{\nudim\t[ 0\tlocks=0 ]\t(\t[ udim\t1034 ] \t)\n"
	                                         "index\t[ 0\tlocks=0 ]\t(\t[ index\t15 ] \t)\n"
	                                         "cols\t[ 0\tlocks=0 ]\t(\t4\t)\n"
	                                         "bad\t[ 0\tlocks=0 ]\t(\t[ bad\t9 ] \t)\n"
	                                         "fn\t[ 0\tlocks=0 ]\t(\t[ fn\t0 ] \t)\n}\n");
	hu_trace tr;
	hu_env e = env_for();
	double d;
	memset(&tr, 0, sizeof(tr));
	e.trace = &tr;
	cr_assert_eq(hu_parse_chn(n, chn, strlen(chn)), 0);
	e.current_frame = 7; /* index 6: 1001 + 2 + 10 */
	cr_assert_eq(hu_eval_number(&d, &e, n, "udim", 0), 0);
	cr_assert_float_eq(d, 1013, 1e-9);
	cr_assert_eq(tr.used_frame, 1);
	cr_assert_null(tr.stale_expr);
	cr_assert_eq(hu_eval_number(&d, &e, n, "fn", 0), 0);
	cr_assert_float_eq(d, 3 * 2 + 2 + 0, 1e-9);
	cr_assert_eq(hu_eval_number(&d, &e, n, "bad", 0), 0, "a division by zero: the saved value");
	cr_assert_float_eq(d, 9, 1e-9);
	cr_assert_not_null(tr.stale_expr);
	cr_assert_str_eq(tr.stale_chan, "bad");
}
