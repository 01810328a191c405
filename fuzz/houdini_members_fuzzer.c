/*
 * Houdini member syntaxes without a container: the .parm, .chn, .init, .def,
 * .spareparmdef, .variables, .start and .OPlibraries parsers, then the
 * expander and the number evaluator over every parameter they stored.
 *
 * Input: members separated by a line "%%"; each member's first byte picks the
 * parser ('0'..'7', modulo; 'T' for .takes) and the node (member index modulo
 * three, so ch() references between nodes resolve).  The evaluation runs as
 * saved and then under each of the first takes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hu_eval.h"
#include "hu_store.h"
#include "hu_takes.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char *const node_paths[] = {"/obj/geo1", "/obj/geo1/file1", "/out/mantra1"};

static int parse_member(hu_store *st, hu_takes *takes, unsigned idx, const char *p, size_t n)
{
	int error = 0;
	unsigned kind = n ? (unsigned char)p[0] % 8u : 0u;
	int is_takes = n && p[0] == 'T';
	hu_node *node = hu_store_node(st, node_paths[idx % 3], 1, &error);
	char *copy;
	if (!node)
		return -1;
	if (n) {
		p++;
		n--;
	}
	/* the archive reader hands every member over NUL-terminated */
	if (!(copy = malloc(n + 1)))
		return -1;
	memcpy(copy, p, n);
	copy[n] = '\0';
	if (is_takes) {
		error = hu_parse_takes(takes, copy, n);
		free(copy);
		return error;
	}
	switch (kind) {
	case 0:
		error = hu_parse_parm(node, copy, n);
		break;
	case 1:
		error = hu_parse_chn(node, copy, n);
		break;
	case 2:
		error = hu_parse_init(st, node, copy, n);
		break;
	case 3:
		hu_parse_def(node, copy, n);
		error = hu_parse_def_inputs(node, copy, n);
		for (size_t i = 0; hu_node_input(node, i); i++)
			;
		break;
	case 4:
		error = hu_parse_spareparmdef(node, copy, n);
		break;
	case 5:
		error = hu_parse_variables(st, copy, n);
		break;
	case 6:
		hu_parse_start(st, copy, n);
		break;
	default:
		error = hu_parse_libraries(st, copy, n);
		break;
	}
	free(copy);
	return error;
}

static void evaluate(sp_ctx *ctx, const hu_store *st, hu_takes *takes)
{
	hu_env env;
	hu_trace trace;
	sp_buf out = SP_BUF_INIT;
	memset(&env, 0, sizeof(env));
	memset(&trace, 0, sizeof(trace));
	env.trace = &trace;
	env.takes = takes;
	env.st = st;
	env.ctx = ctx;
	env.hip = "/tmp/hip";
	env.hipfile = "/tmp/hip/scene.hip";
	env.hipname = "scene";
	env.job = hu_store_var(st, "JOB");
	env.current_frame = isfinite(st->tcur * st->fps) ? floor(st->tcur * st->fps + 1.5) : 1;
	for (size_t i = 0; i < st->count; i++) {
		const hu_node *node = hu_store_at(st, i);
		char base[256];
		if (node->type)
			hu_base_type(node->type, base, sizeof(base));
		if (takes->names.count) {
			const char *name;
			(void)hu_takes_of_rop(takes, node, &name);
			(void)hu_takes_unapplied(takes, node);
			(void)hu_node_bypassed(node);
		}
		for (size_t j = 0; j < node->nparms; j++) {
			const hu_parm *parm = node->parms[j];
			const char *s = hu_parm_string(node, parm);
			int unresolved = 0;
			double d;
			if (s) {
				sp_buf_clear(&out);
				(void)hu_expand(&out, &unresolved, &env, node, s);
			}
			for (size_t c = 0; c < parm->ncomp && c < 4; c++)
				(void)hu_eval_number(&d, &env, node, parm->name, c);
		}
	}
	sp_buf_dispose(&out);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	sp_ctx *ctx = NULL;
	hu_store st;
	hu_takes takes;
	unsigned idx = 0;
	hu_store_init(&st);
	hu_takes_init(&takes, &st);
	if (sp_ctx_new(&ctx, NULL) < 0)
		return 0;
	while (p <= end && idx < 64) {
		const char *sep = NULL;
		for (const char *q = p; q + 4 <= end; q++)
			if (memcmp(q, "\n%%\n", 4) == 0) {
				sep = q;
				break;
			}
		size_t n = sep ? (size_t)(sep - p) : (size_t)(end - p);
		if (parse_member(&st, &takes, idx++, p, n) < 0)
			goto done;
		if (!sep)
			break;
		p = sep + 4;
	}
	evaluate(ctx, &st, &takes);
	for (size_t t = 0; t < takes.names.count && t < 8; t++)
		if (hu_takes_select(&takes, t) == 0)
			evaluate(ctx, &st, &takes);
done:
	hu_takes_dispose(&takes);
	hu_store_dispose(&st);
	sp_ctx_free(ctx);
	return 0;
}
