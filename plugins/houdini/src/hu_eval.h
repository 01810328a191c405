/*
 * Variables and the safe subset of expressions in parameter values: $HIP
 * (the scene's real folder), $HIPNAME, $HIPFILE, $JOB, `set -g` variables,
 * $OS, $FSTART/$FEND, environment variables, and backticks holding chs(),
 * ch() or padzero(N, $F).  Frame tokens ($F, $F4, ${F4}, $FF, $T, $SF, $ST)
 * are kept for the core's sequence expander.  Anything else is reported as
 * unresolved, never guessed.
 */
#ifndef HU_EVAL_H
#define HU_EVAL_H

#include "hu_store.h"

struct hu_takes;

/*
 * What an evaluation leaned on, for a caller that asks (hu_env.trace): the
 * frame, or a channel expression outside the safe subset whose saved value
 * stood in for it (the first one met).
 */
typedef struct {
	int used_frame;
	const hu_node *stale_node;
	const char *stale_chan, *stale_expr;
} hu_trace;

typedef struct {
	const hu_store *st;
	struct hu_takes *takes; /* the scene's takes; the ROP walk selects each ROP's (hu_takes.h) */
	sp_ctx *ctx;
	const char *hip;     /* the scene's real folder */
	const char *hipfile; /* the scene's real path */
	const char *hipname; /* file name without the extension */
	const char *job;
	double current_frame;
	hu_trace *trace; /* NULL, or filled by hu_expand / hu_eval_number */
} hu_env;

/*
 * Expand `text` as seen from `node` into `out`.  *unresolved_out receives 1
 * when a backtick expression could not be evaluated (its text is kept).
 */
int hu_expand(sp_buf *out, int *unresolved_out, const hu_env *env, const hu_node *node, const char *text);

/*
 * The number component `comp` of parameter `parm` evaluates to, through its
 * channel expression when it is in the safe subset (numbers, $F, $FF, $T,
 * $FPS, $FSTART/$FEND/$RFSTART/$RFEND, numeric `set -g` variables, ch(),
 * + - * / % and parentheses, floor ceil int round abs min max), else its
 * cached value.  0 on success, -1 when it is not a number.
 */
int hu_eval_number(double *out, const hu_env *env, const hu_node *node, const char *parm, size_t comp);

/*
 * After hu_expand: 1 with the name of the first $VAR that is still in `text`
 * and is no frame token (so nothing gave it a value), else 0.
 */
int hu_first_unset_var(const char *text, char *name, size_t cap);

/* Resolve "../x/parm", "parm" or "/obj/a/parm" against `node`: the node and the parm name. */
const hu_node *hu_resolve_ref(const hu_env *env, const hu_node *node, const char *ref, char *parm,
                              size_t cap);

#endif
