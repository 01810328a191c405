/*
 * Limits of the Houdini member parsers and the expression evaluator:
 * references that loop, expansions that grow, values past the kept size.
 * Each must end with a bounded answer, never a stack overflow or a hang.
 */
#include "hu_eval.h"
#include "hu_store.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
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

TestSuite(hu_limits, .init = setup, .fini = teardown);

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
	e.current_frame = 1;
	return e;
}

static hu_node *node_with(const char *path, const char *parm, const char *chn)
{
	int err = 0;
	hu_node *n = hu_store_node(&st, path, 1, &err);
	cr_assert_not_null(n);
	if (parm)
		cr_assert_eq(hu_parse_parm(n, parm, strlen(parm)), 0);
	if (chn)
		cr_assert_eq(hu_parse_chn(n, chn, strlen(chn)), 0);
	return n;
}

Test(hu_limits, a_string_parameter_that_refers_to_itself_is_unresolved)
{
	hu_env e = env_for();
	int unresolved = 0;
	hu_node *n =
	    node_with("/out/m", "{\npicture\t[ 0\tlocks=0 ]\t(\t`chs(\\\"picture\\\")`/x.exr\t)\n}\n", NULL);
	cr_assert_eq(hu_expand(&out, &unresolved, &e, n, hu_node_string(n, "picture")), 0);
	cr_assert_eq(unresolved, 1, "expanded to '%s'", sp_buf_cstr(&out));
}

Test(hu_limits, two_parameters_that_refer_to_each_other_end_unresolved)
{
	hu_env e = env_for();
	int unresolved = 0;
	hu_node *a =
	    node_with("/out/a", "{\npicture\t[ 0\tlocks=0 ]\t(\t`chs(\\\"../b/picture\\\")`\t)\n}\n", NULL);
	(void)node_with("/out/b", "{\npicture\t[ 0\tlocks=0 ]\t(\t`chs(\\\"../a/picture\\\")`\t)\n}\n", NULL);
	cr_assert_eq(hu_expand(&out, &unresolved, &e, a, hu_node_string(a, "picture")), 0);
	cr_assert_eq(unresolved, 1, "expanded to '%s'", sp_buf_cstr(&out));
}

Test(hu_limits, a_frame_channel_that_refers_to_itself_is_not_a_number)
{
	hu_env e = env_for();
	double d = 0;
	hu_node *n = node_with("/out/m", "{\nf\t[ 0\tlocks=0 ]\t(\t[ f1\t1 ] \t1\t1\t)\n}\n",
	                       "{\n channel f1 {\n segment { length = 0 expr = ch(\\\"f1\\\") }\n }\n}\n");
	/* either the cached value or "not a number"; what matters is that it returns */
	int rc = hu_eval_number(&d, &e, n, "f", 0);
	cr_assert(rc == 0 || rc == -1);
	if (rc == 0)
		cr_assert_float_eq(d, 1, 1e-9);
}

Test(hu_limits, an_expansion_that_doubles_at_every_level_stays_bounded)
{
	hu_env e = env_for();
	int unresolved = 0;
	char parm[4096];
	hu_node *n;
	size_t len = 0;
	len += (size_t)snprintf(parm + len, sizeof(parm) - len, "{\n");
	/* p0 holds text; each p<i> holds p<i-1> twice: 2^20 copies if nothing stopped it */
	len +=
	    (size_t)snprintf(parm + len, sizeof(parm) - len, "p0\t[ 0\tlocks=0 ]\t(\t0123456789abcdef\t)\n");
	for (int i = 1; i <= 20; i++)
		len += (size_t)snprintf(parm + len, sizeof(parm) - len,
		                        "p%d\t[ 0\tlocks=0 ]\t(\t`chs(\\\"p%d\\\")``chs(\\\"p%d\\\")`\t)\n",
		                        i, i - 1, i - 1);
	snprintf(parm + len, sizeof(parm) - len, "}\n");
	n = node_with("/out/m", parm, NULL);
	cr_assert_eq(hu_expand(&out, &unresolved, &e, n, hu_node_string(n, "p20")), 0);
	cr_assert_leq(out.size, (size_t)1024 * 1024, "expansion grew to %zu bytes", out.size);
}

/* Each level refers to itself eight times: 8^8 evaluations to the depth limit if nothing shared a budget. */
Test(hu_limits, a_string_parameter_that_refers_to_itself_many_times_ends_unresolved_at_once, .timeout = 5)
{
	hu_env e = env_for();
	int unresolved = 0;
	char parm[1024];
	size_t len = (size_t)snprintf(parm, sizeof(parm), "{\npicture\t[ 0\tlocks=0 ]\t(\t");
	for (int i = 0; i < 8; i++)
		len += (size_t)snprintf(parm + len, sizeof(parm) - len, "`chs(\\\"picture\\\")`/");
	snprintf(parm + len, sizeof(parm) - len, "x.exr\t)\n}\n");
	hu_node *n = node_with("/out/m", parm, NULL);
	cr_assert_eq(hu_expand(&out, &unresolved, &e, n, hu_node_string(n, "picture")), 0);
	cr_assert_eq(unresolved, 1);
}

Test(hu_limits, values_past_the_kept_size_are_dropped_not_truncated)
{
	size_t big = HU_VALUE_MAX * 4;
	char *parm = malloc(big + 64);
	hu_node *n;
	cr_assert_not_null(parm);
	strcpy(parm, "{\nscript\t[ 0\tlocks=0 ]\t(\t\"");
	memset(parm + strlen(parm), 'x', big);
	strcpy(parm + strlen("{\nscript\t[ 0\tlocks=0 ]\t(\t\"") + big,
	       "\"\t)\nafter\t[ 0\tlocks=0 ]\t(\tok\t)\n}\n");
	n = node_with("/obj/py", parm, NULL);
	cr_assert(hu_node_value(n, "script", 0) == NULL ||
	          strlen(hu_node_value(n, "script", 0)) <= HU_VALUE_MAX);
	cr_assert_str_eq(hu_node_value(n, "after", 0), "ok");
	free(parm);
}
