#include "hu_eval.h"

#include <math.h>

#define EVAL_DEPTH 8
/* References one evaluation may follow in all: each may hold several, and a scene can nest them. */
#define EVAL_WORK  4096
#define EXPAND_MAX (64 * 1024)

static int expand_at(sp_buf *out, int *unresolved, const hu_env *env, const hu_node *node, const char *text,
                     int depth, size_t *work);
static int number_at(double *out, const hu_env *env, const hu_node *node, const char *parm, size_t comp,
                     int depth, size_t *work);

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* ---- references ------------------------------------------------------------ */

static int parent_len(const char *path, size_t len)
{
	while (len > 0 && path[len - 1] != '/')
		len--;
	return (int)(len > 1 ? len - 1 : (len == 1 ? 1 : 0));
}

const hu_node *hu_resolve_ref(const hu_env *env, const hu_node *node, const char *ref, char *parm, size_t cap)
{
	char path[1024];
	const char *slash = strrchr(ref, '/'), *seg;
	size_t len = 0;
	if (!slash) {
		if (strlen(ref) >= cap)
			return NULL;
		strcpy(parm, ref);
		return node;
	}
	if (strlen(slash + 1) >= cap || !node)
		return NULL;
	strcpy(parm, slash + 1);
	if (ref[0] != '/') {
		len = strlen(node->path);
		if (len >= sizeof(path))
			return NULL;
		memcpy(path, node->path, len);
	}
	for (seg = ref; seg < slash;) {
		const char *e = memchr(seg, '/', (size_t)(slash - seg));
		size_t n;
		if (!e)
			e = slash;
		n = (size_t)(e - seg);
		if (n == 2 && seg[0] == '.' && seg[1] == '.')
			len = (size_t)parent_len(path, len);
		else if (n > 0 && !(n == 1 && seg[0] == '.')) {
			if (len + n + 2 >= sizeof(path))
				return NULL;
			if (len == 0 || path[len - 1] != '/')
				path[len++] = '/';
			memcpy(path + len, seg, n);
			len += n;
		}
		seg = e + 1;
	}
	if (len == 0)
		path[len++] = '/';
	path[len] = '\0';
	return hu_store_find(env->st, path);
}

/* `fn("ref")` or `fn('ref')` as the whole of `expr`: the ref, copied. */
static int call_arg(const char *expr, const char *fn, char *arg, size_t cap)
{
	size_t n = strlen(fn), m;
	char q;
	if (strncmp(expr, fn, n) != 0 || expr[n] != '(')
		return 0;
	expr += n + 1;
	while (*expr == ' ')
		expr++;
	q = *expr;
	if (q != '"' && q != '\'')
		return 0;
	expr++;
	m = 0;
	while (expr[m] && expr[m] != q)
		m++;
	if (expr[m] != q || m >= cap)
		return 0;
	memcpy(arg, expr, m);
	arg[m] = '\0';
	expr += m + 1;
	while (*expr == ' ')
		expr++;
	return strcmp(expr, ")") == 0;
}

/* ---- numbers ------------------------------------------------------------------ */

/*
 * $FSTART / $FEND (the global animation range) and $RFSTART / $RFEND (the
 * playbar's range), bare or braced.
 */
static int range_var(const char *expr, double *out, const hu_env *env)
{
	static const char *const names[] = {"FSTART", "FEND", "RFSTART", "RFEND"};
	const double values[] = {env->st->fstart, env->st->fend, env->st->rfstart, env->st->rfend};
	size_t n = strlen(expr);
	if (expr[0] == '$')
		expr++, n--;
	if (n > 2 && expr[0] == '{' && expr[n - 1] == '}')
		expr++, n -= 2;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		if (strlen(names[i]) == n && strncmp(expr, names[i], n) == 0) {
			*out = values[i];
			return 1;
		}
	}
	return 0;
}

/* A recursive-descent reader of the arithmetic subset; any other text fails the whole expression. */
typedef struct {
	const char *p;
	const hu_env *env;
	const hu_node *node;
	int depth, bad;
	size_t *work; /* shared by the whole evaluation (EVAL_WORK) */
} arith;

static double arith_sum(arith *a);

static void arith_ws(arith *a)
{
	while (*a->p == ' ' || *a->p == '\t')
		a->p++;
}

static int arith_take(arith *a, char c)
{
	arith_ws(a);
	if (*a->p != c)
		return 0;
	a->p++;
	return 1;
}

static double arith_fail(arith *a)
{
	a->bad = 1;
	return 0;
}

static double arith_number(arith *a)
{
	char num[64];
	size_t n = 0;
	double d;
	while (((*a->p >= '0' && *a->p <= '9') || *a->p == '.' || *a->p == 'e' || *a->p == 'E' ||
	        ((*a->p == '-' || *a->p == '+') && n && (num[n - 1] == 'e' || num[n - 1] == 'E'))) &&
	       n < sizeof(num) - 1)
		num[n++] = *a->p++;
	num[n] = '\0';
	return hu_parse_double(num, &d) == 0 ? d : arith_fail(a);
}

static int frame_used(const hu_env *env)
{
	if (env->trace)
		env->trace->used_frame = 1;
	return 1;
}

/* $NAME or ${NAME}: the frame, the ranges, $FPS, or a numeric `set -g` variable. */
static double arith_var(arith *a)
{
	char name[64];
	size_t n = 0;
	int braced = *++a->p == '{';
	const char *v;
	double d;
	a->p += braced;
	while (is_name_char(*a->p) && n < sizeof(name) - 1)
		name[n++] = *a->p++;
	name[n] = '\0';
	if (braced && *a->p != '}')
		return arith_fail(a); /* never step past the end of the text */
	a->p += braced;
	if (range_var(name, &d, a->env))
		return d;
	if ((strcmp(name, "F") == 0 || strcmp(name, "FF") == 0) && frame_used(a->env))
		return a->env->current_frame;
	if (strcmp(name, "T") == 0 && frame_used(a->env))
		return a->env->st->fps > 0 ? (a->env->current_frame - 1) / a->env->st->fps : 0;
	if (strcmp(name, "FPS") == 0)
		return a->env->st->fps;
	v = hu_store_var(a->env->st, name);
	return v && hu_parse_double(v, &d) == 0 ? d : arith_fail(a);
}

/* ch("ref"): the number another parameter evaluates to. */
static double arith_ch(arith *a)
{
	char arg[512], parm[256], q;
	size_t n = 0;
	const hu_node *target;
	double d;
	arith_ws(a);
	q = *a->p;
	if (q != '"' && q != '\'')
		return arith_fail(a);
	a->p++;
	while (*a->p && *a->p != q && n < sizeof(arg) - 1)
		arg[n++] = *a->p++;
	arg[n] = '\0';
	if (*a->p != q || !arith_take(a, q) || !arith_take(a, ')'))
		return arith_fail(a);
	target = hu_resolve_ref(a->env, a->node, arg, parm, sizeof(parm));
	if (!target || number_at(&d, a->env, target, parm, 0, a->depth + 1, a->work) < 0)
		return arith_fail(a);
	return d;
}

static double apply_fn(arith *a, const char *fn, const double *v, size_t n)
{
	static const char *const one[] = {"floor", "ceil", "int", "round", "abs"};
	for (size_t i = 0; i < sizeof(one) / sizeof(*one) && n == 1; i++)
		if (strcmp(fn, one[i]) == 0)
			switch (i) {
			case 0:
				return floor(v[0]);
			case 1:
				return ceil(v[0]);
			case 2:
				return trunc(v[0]);
			case 3:
				return floor(v[0] + 0.5);
			default:
				return fabs(v[0]);
			}
	if (n == 2 && strcmp(fn, "min") == 0)
		return v[0] < v[1] ? v[0] : v[1];
	if (n == 2 && strcmp(fn, "max") == 0)
		return v[0] > v[1] ? v[0] : v[1];
	return arith_fail(a);
}

/* name(args): ch() or one of the arithmetic functions. */
static double arith_call(arith *a)
{
	char fn[16];
	size_t n = 0, nargs = 0;
	double v[2];
	while (is_name_char(*a->p) && n < sizeof(fn) - 1)
		fn[n++] = *a->p++;
	fn[n] = '\0';
	if (!arith_take(a, '('))
		return arith_fail(a);
	if (strcmp(fn, "ch") == 0)
		return arith_ch(a);
	do {
		double d = arith_sum(a);
		if (nargs < 2)
			v[nargs] = d;
		nargs++;
	} while (!a->bad && arith_take(a, ','));
	if (!arith_take(a, ')'))
		return arith_fail(a);
	return apply_fn(a, fn, v, nargs);
}

static double arith_unary(arith *a)
{
	double d;
	arith_ws(a);
	if (a->bad || a->depth > EVAL_DEPTH * 8)
		return arith_fail(a);
	if (*a->p == '-' || *a->p == '+') {
		int neg = *a->p++ == '-';
		a->depth++;
		d = arith_unary(a);
		a->depth--;
		return neg ? -d : d;
	}
	if (*a->p == '(') {
		a->p++;
		a->depth++;
		d = arith_sum(a);
		a->depth--;
		return arith_take(a, ')') ? d : arith_fail(a);
	}
	if ((*a->p >= '0' && *a->p <= '9') || *a->p == '.')
		return arith_number(a);
	if (*a->p == '$')
		return arith_var(a);
	if ((*a->p >= 'a' && *a->p <= 'z') || (*a->p >= 'A' && *a->p <= 'Z'))
		return arith_call(a);
	return arith_fail(a);
}

static double arith_product(arith *a)
{
	double d = arith_unary(a);
	for (;;) {
		char op;
		double r;
		arith_ws(a);
		op = *a->p;
		if (a->bad || (op != '*' && op != '/' && op != '%'))
			return d;
		a->p++;
		r = arith_unary(a);
		if (op == '*')
			d *= r;
		else if (r == 0)
			return arith_fail(a); /* Houdini gives 0; a path built on it would be a guess */
		else
			d = op == '/' ? d / r : fmod(d, r);
	}
}

static double arith_sum(arith *a)
{
	double d = arith_product(a);
	for (;;) {
		char op;
		arith_ws(a);
		op = *a->p;
		if (a->bad || (op != '+' && op != '-'))
			return d;
		a->p++;
		d = op == '+' ? d + arith_product(a) : d - arith_product(a);
	}
}

static int number_expr(double *out, const hu_env *env, const hu_node *node, const char *expr, int depth,
                       size_t *work)
{
	arith a;
	double d;
	size_t n = strlen(expr);
	if (depth > EVAL_DEPTH)
		return -1;
	/* .chn quotes an expression with spaces in it: "1001 + ch('index')" */
	if (n >= 2 && expr[0] == '"' && expr[n - 1] == '"' && !memchr(expr + 1, '"', n - 2)) {
		char *inner = hu_strndup(expr + 1, n - 2);
		int r = inner ? number_expr(out, env, node, inner, depth + 1, work) : -1;
		hu_free(inner);
		return r;
	}
	a.p = expr;
	a.env = env;
	a.node = node;
	a.depth = depth;
	a.work = work;
	a.bad = 0;
	d = arith_sum(&a);
	arith_ws(&a);
	if (a.bad || *a.p != '\0' || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

/* 1 when channel `name` of the node is keyed or Python: its value changes in ways not read here. */
static int chan_opaque(const hu_node *node, const char *name)
{
	for (size_t i = 0; i < node->nchans; i++)
		if (strcmp(node->chans[i].name, name) == 0)
			return node->chans[i].opaque;
	return 0;
}

/* "f1" -> ("f", 0), "tx" -> ("t", 0): the component a channel name stands for. */
static int split_channel(const char *name, char *base, size_t cap, size_t *comp)
{
	static const char *const sets[] = {"123", "xyz", "rgb", "uvw"};
	size_t n = strlen(name);
	if (n < 2 || n > cap)
		return 0;
	for (size_t s = 0; s < 4; s++) {
		const char *at = strchr(sets[s], name[n - 1]);
		if (at) {
			memcpy(base, name, n - 1);
			base[n - 1] = '\0';
			*comp = (size_t)(at - sets[s]);
			return 1;
		}
	}
	return 0;
}

static int number_at(double *out, const hu_env *env, const hu_node *node, const char *parm, size_t comp,
                     int depth, size_t *work)
{
	const hu_parm *p = hu_node_parm(node, parm);
	const char *expr, *chan;
	char base[256];
	size_t c;
	if (depth > EVAL_DEPTH || ++*work > EVAL_WORK)
		return -1;
	if (!p) {
		if (comp == 0 && split_channel(parm, base, sizeof(base), &c))
			return number_at(out, env, node, base, c, depth + 1, work);
		return -1;
	}
	if (comp >= p->ncomp)
		return -1;
	chan = hu_parm_chan(p, comp);
	if (chan && (expr = hu_node_chan_expr(node, chan)) != NULL) {
		if (number_expr(out, env, node, expr, depth + 1, work) == 0)
			return 0;
		if (env->trace && !env->trace->stale_expr) { /* the saved value stands in: say which */
			env->trace->stale_node = node;
			env->trace->stale_chan = chan;
			env->trace->stale_expr = expr;
		}
	} else if (chan && env->trace && !env->trace->stale_expr && chan_opaque(node, chan)) {
		env->trace->stale_node = node;
		env->trace->stale_chan = chan;
		env->trace->stale_expr = "(Python or keyframes)";
	}
	return hu_parse_double(p->vals[comp], out);
}

int hu_eval_number(double *out, const hu_env *env, const hu_node *node, const char *parm, size_t comp)
{
	size_t work = 0;
	return number_at(out, env, node, parm, comp, 0, &work);
}

/* ---- variables ------------------------------------------------------------------ */

static int is_frame_var(const char *name)
{
	if (strcmp(name, "F") == 0 || strcmp(name, "FF") == 0 || strcmp(name, "T") == 0 ||
	    strcmp(name, "SF") == 0 || strcmp(name, "ST") == 0)
		return 1;
	if (name[0] != 'F' || !name[1])
		return 0;
	for (const char *p = name + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

static int put_int(sp_buf *out, double d)
{
	char tmp[32];
	size_t n = 0;
	uint64_t v;
	int neg = d < 0;
	v = (uint64_t)llround(neg ? -d : d);
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < sizeof(tmp) - 1);
	if (neg && sp_buf_putc(out, '-') < 0)
		return SP_ENOMEM;
	while (n)
		if (sp_buf_putc(out, tmp[--n]) < 0)
			return SP_ENOMEM;
	return 0;
}

/* The value of variable `name`, NULL when unknown (the token is then kept). */
static const char *var_value(const hu_env *env, const hu_node *node, const char *name)
{
	const char *v;
	if (strcmp(name, "HIP") == 0)
		return env->hip;
	if (strcmp(name, "HIPFILE") == 0)
		return env->hipfile;
	if (strcmp(name, "HIPNAME") == 0)
		return env->hipname;
	if (strcmp(name, "JOB") == 0)
		return env->job;
	if (strcmp(name, "OS") == 0)
		return node ? hu_node_name(node) : NULL;
	v = hu_store_var(env->st, name);
	if (v)
		return v;
	return sp_ctx_getenv(env->ctx, name);
}

/* Apply a :r :t :h :e modifier to `v` (length n). */
static int put_modified(sp_buf *out, const char *v, char mod)
{
	const char *slash = strrchr(v, '/'), *tail = slash ? slash + 1 : v;
	const char *dot = strrchr(tail, '.');
	switch (mod) {
	case 'r':
		return sp_buf_put(out, v, dot ? (size_t)(dot - v) : strlen(v));
	case 'e':
		return dot ? sp_buf_puts(out, dot + 1) : 0;
	case 't':
		return sp_buf_puts(out, tail);
	case 'h':
		return sp_buf_put(out, v, slash ? (size_t)(slash - v) : 0);
	default:
		return sp_buf_puts(out, v);
	}
}

/* A $NAME or ${NAME} token at *pp; advances past it. */
static int expand_var(sp_buf *out, const hu_env *env, const hu_node *node, const char **pp)
{
	const char *p = *pp + 1, *start, *v;
	char name[128];
	int braced = *p == '{';
	size_t n;
	double range;
	if (braced)
		p++;
	start = p;
	while (is_name_char(*p))
		p++;
	n = (size_t)(p - start);
	if (n == 0 || n >= sizeof(name) || (braced && *p != '}')) {
		*pp += 1;
		return sp_buf_putc(out, '$');
	}
	memcpy(name, start, n);
	name[n] = '\0';
	if (braced)
		p++;
	if (range_var(name, &range, env)) {
		*pp = p;
		return put_int(out, range);
	}
	v = is_frame_var(name) ? NULL : var_value(env, node, name);
	if (!v) { /* frame tokens and unknown names stay for the core */
		int error = sp_buf_put(out, *pp, (size_t)(p - *pp));
		*pp = p;
		return error;
	}
	if (p[0] == ':' && strchr("rteh", p[1]) && p[1] && !is_name_char(p[2])) {
		*pp = p + 2;
		return put_modified(out, v, p[1]);
	}
	*pp = p;
	return sp_buf_puts(out, v);
}

/* ---- backticks -------------------------------------------------------------------- */

/* `padzero(4, $F)` is the frame padded to 4 digits: the $F4 token.  1 when not that form. */
static int padzero_frame(sp_buf *out, const char *args)
{
	int width;
	while (*args == ' ')
		args++;
	if (*args < '1' || *args > '9')
		return 1;
	width = *args++ - '0';
	while (*args == ' ' || *args == ',')
		args++;
	if (strcmp(args, "$F)") != 0 && strcmp(args, "$F )") != 0)
		return 1;
	return sp_buf_printf(out, "$F%d", width) < 0 ? SP_ENOMEM : 0;
}

/* `fn(...)` as the whole of expr: the text between the parentheses in [*inner, *inner + *n). */
static int unwrap(const char *expr, const char *fn, const char **inner, size_t *n)
{
	size_t k = strlen(fn), len = strlen(expr);
	if (strncmp(expr, fn, k) != 0 || expr[k] != '(' || len < k + 2 || expr[len - 1] != ')')
		return 0;
	*inner = expr + k + 1;
	*n = len - k - 2;
	while (*n && **inner == ' ')
		(*inner)++, (*n)--;
	while (*n && (*inner)[*n - 1] == ' ')
		(*n)--;
	return 1;
}

/* `rel` (a node path, absolute or relative) seen from the node at `base`, normalised into out. */
static int join_node_path(const char *base, const char *rel, size_t rn, char *out, size_t cap)
{
	size_t len = 0;
	const char *seg = rel, *end = rel + rn;
	if (rn == 0 || rn >= cap)
		return 0;
	if (rel[0] != '/') {
		len = strlen(base);
		if (len >= cap)
			return 0;
		memcpy(out, base, len);
	}
	while (seg < end) {
		const char *e = memchr(seg, '/', (size_t)(end - seg));
		size_t n = (size_t)((e ? e : end) - seg);
		if (n == 2 && seg[0] == '.' && seg[1] == '.')
			len = (size_t)parent_len(out, len);
		else if (n > 0 && !(n == 1 && seg[0] == '.')) {
			if (len + n + 2 >= cap)
				return 0;
			if (len == 0 || out[len - 1] != '/')
				out[len++] = '/';
			memcpy(out + len, seg, n);
			len += n;
		}
		seg = e ? e + 1 : end;
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	return 1;
}

/*
 * A node-path argument of opname() / opfullpath(): a quoted path, or
 * chsop('parm'), the path a parameter holds, seen from the parameter's node.
 * The full path into out; 0 when the argument is neither.
 */
static int node_path_arg(char *out, size_t cap, const hu_env *env, const hu_node *node, const char *arg,
                         size_t n)
{
	char ref[512], parm[256];
	const char *inner, *v;
	size_t m;
	const hu_node *target;
	if (n >= 2 && (arg[0] == '\'' || arg[0] == '"') && arg[n - 1] == arg[0])
		return !memchr(arg + 1, arg[0], n - 2) &&
		       join_node_path(node->path, arg + 1, n - 2, out, cap);
	if (n >= sizeof(ref))
		return 0;
	memcpy(ref, arg, n);
	ref[n] = '\0';
	if (!unwrap(ref, "chsop", &inner, &m) || m < 2 || (inner[0] != '\'' && inner[0] != '"') ||
	    inner[m - 1] != inner[0] || m - 2 >= sizeof(parm))
		return 0;
	memmove(ref, inner + 1, m - 2);
	ref[m - 2] = '\0';
	target = hu_resolve_ref(env, node, ref, parm, sizeof(parm));
	v = target ? hu_node_string(target, parm) : NULL;
	if (!v || !*v || strchr(v, '`') || strchr(v, '$'))
		return 0;
	return join_node_path(target->path, v, strlen(v), out, cap);
}

/* opname(P), opfullpath(P), chsop('parm'): node names and paths; 1 when expr is none of them. */
static int node_function(sp_buf *out, const hu_env *env, const hu_node *node, const char *expr)
{
	char path[1024];
	const char *inner;
	size_t n;
	int name = unwrap(expr, "opname", &inner, &n);
	if (!name && !unwrap(expr, "opfullpath", &inner, &n)) {
		inner = expr; /* chsop('parm') alone is the path the parm names */
		n = strlen(expr);
		if (strncmp(expr, "chsop(", 6) != 0)
			return 1;
	}
	if (!node || !node_path_arg(path, sizeof(path), env, node, inner, n))
		return 1;
	if (name)
		return sp_buf_puts(out, strcmp(path, "/") == 0 ? "/" : strrchr(path, '/') + 1) < 0 ? SP_ENOMEM
		                                                                                   : 0;
	return sp_buf_puts(out, path) < 0 ? SP_ENOMEM : 0;
}

static int backtick(sp_buf *out, const hu_env *env, const hu_node *node, const char *expr, int depth,
                    size_t *work)
{
	char arg[512], parm[256];
	const hu_node *target;
	const char *v;
	double d;
	int unresolved = 0, error;
	if (call_arg(expr, "chs", arg, sizeof(arg))) {
		target = hu_resolve_ref(env, node, arg, parm, sizeof(parm));
		v = target ? hu_node_value(target, parm, 0) : NULL;
		if (!v)
			return 1;
		error = expand_at(out, &unresolved, env, target, v, depth + 1, work);
		return error < 0 ? error : unresolved;
	}
	if (call_arg(expr, "ch", arg, sizeof(arg))) {
		target = hu_resolve_ref(env, node, arg, parm, sizeof(parm));
		if (!target || number_at(&d, env, target, parm, 0, depth + 1, work) < 0 || d != floor(d))
			return 1;
		return put_int(out, d);
	}
	if (strncmp(expr, "padzero(", 8) == 0)
		return padzero_frame(out, expr + 8);
	if (strncmp(expr, "op", 2) == 0 || strncmp(expr, "chsop(", 6) == 0)
		return node_function(out, env, node, expr);
	if (expr[0] == '$' && (is_name_char(expr[1]) || expr[1] == '{')) {
		const char *p = expr;
		size_t before = out->size;
		error = expand_var(out, env, node, &p);
		if (error < 0)
			return error;
		if (*p == '\0')
			return 0;
		out->size = before;
		if (out->ptr)
			out->ptr[before] = '\0';
	}
	return 1;
}

static int expand_at(sp_buf *out, int *unresolved, const hu_env *env, const hu_node *node, const char *text,
                     int depth, size_t *work)
{
	const char *p = text;
	int error = 0;
	if (depth > EVAL_DEPTH || ++*work > EVAL_WORK) {
		*unresolved = 1;
		return sp_buf_puts(out, text);
	}
	while (*p && error >= 0) {
		if (out->size > EXPAND_MAX) {
			*unresolved = 1;
			break;
		}
		if (*p == '`') {
			const char *end = strchr(p + 1, '`');
			char *expr;
			size_t before = out->size;
			if (!end) {
				*unresolved = 1;
				error = sp_buf_puts(out, p);
				break;
			}
			expr = hu_strndup(p + 1, (size_t)(end - p - 1));
			if (!expr)
				return SP_ENOMEM;
			error = backtick(out, env, node, expr, depth, work);
			hu_free(expr);
			if (error == 1) { /* not evaluated: keep the text, say so */
				*unresolved = 1;
				out->size = before;
				error = sp_buf_put(out, p, (size_t)(end - p + 1));
			}
			p = end + 1;
		} else if (*p == '$') {
			error = expand_var(out, env, node, &p);
		} else {
			/* the plain bytes up to the next '`' or '$' at once, stopping one past
			 * EXPAND_MAX as a byte at a time would */
			const char *q = p + 1;
			size_t n, room = EXPAND_MAX + 1 - out->size;
			while (*q && *q != '`' && *q != '$')
				q++;
			n = (size_t)(q - p) < room ? (size_t)(q - p) : room;
			error = sp_buf_put(out, p, n);
			p += n;
		}
	}
	return error < 0 ? SP_ENOMEM : 0;
}

int hu_expand(sp_buf *out, int *unresolved_out, const hu_env *env, const hu_node *node, const char *text)
{
	sp_buf_clear(out);
	*unresolved_out = 0;
	if (sp_buf_puts(out, "") < 0)
		return SP_ENOMEM;
	size_t work = 0;
	return expand_at(out, unresolved_out, env, node, text, 0, &work);
}

int hu_first_unset_var(const char *text, char *name, size_t cap)
{
	for (const char *p = text; *p; p++) {
		const char *start;
		size_t n;
		if (*p != '$')
			continue;
		start = p + 1 + (p[1] == '{');
		for (n = 0; is_name_char(start[n]); n++)
			;
		if (n == 0 || n >= cap)
			continue;
		memcpy(name, start, n);
		name[n] = '\0';
		if (!is_frame_var(name) && !(name[0] >= '0' && name[0] <= '9'))
			return 1;
	}
	return 0;
}
