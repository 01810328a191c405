#include "hu_eval.h"

#include <math.h>

#define EVAL_DEPTH 8
#define EXPAND_MAX (64 * 1024)

static int expand_at(sp_buf *out, int *unresolved, const hu_env *env, const hu_node *node, const char *text,
                     int depth);
static int number_at(double *out, const hu_env *env, const hu_node *node, const char *parm, size_t comp,
                     int depth);

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

static int number_expr(double *out, const hu_env *env, const hu_node *node, const char *expr, int depth)
{
	char arg[512], parm[256];
	const hu_node *target;
	if (depth > EVAL_DEPTH)
		return -1;
	if (range_var(expr, out, env))
		return 0;
	else if (strcmp(expr, "$F") == 0 || strcmp(expr, "$FF") == 0)
		*out = env->current_frame;
	else if (strcmp(expr, "$FPS") == 0)
		*out = env->st->fps;
	else if (hu_parse_double(expr, out) == 0)
		return 0;
	else if (call_arg(expr, "ch", arg, sizeof(arg)) &&
	         (target = hu_resolve_ref(env, node, arg, parm, sizeof(parm))) != NULL)
		return number_at(out, env, target, parm, 0, depth + 1);
	else
		return -1;
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
                     int depth)
{
	const hu_parm *p = hu_node_parm(node, parm);
	const char *expr;
	char base[256];
	size_t c;
	if (depth > EVAL_DEPTH)
		return -1;
	if (!p) {
		if (comp == 0 && split_channel(parm, base, sizeof(base), &c))
			return number_at(out, env, node, base, c, depth + 1);
		return -1;
	}
	if (comp >= p->ncomp)
		return -1;
	if (p->chans[comp] && (expr = hu_node_chan_expr(node, p->chans[comp])) != NULL &&
	    number_expr(out, env, node, expr, depth + 1) == 0)
		return 0;
	return hu_parse_double(p->vals[comp], out);
}

int hu_eval_number(double *out, const hu_env *env, const hu_node *node, const char *parm, size_t comp)
{
	return number_at(out, env, node, parm, comp, 0);
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

static int backtick(sp_buf *out, const hu_env *env, const hu_node *node, const char *expr, int depth)
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
		error = expand_at(out, &unresolved, env, target, v, depth + 1);
		return error < 0 ? error : unresolved;
	}
	if (call_arg(expr, "ch", arg, sizeof(arg))) {
		target = hu_resolve_ref(env, node, arg, parm, sizeof(parm));
		if (!target || number_at(&d, env, target, parm, 0, depth + 1) < 0 || d != floor(d))
			return 1;
		return put_int(out, d);
	}
	if (strncmp(expr, "padzero(", 8) == 0)
		return padzero_frame(out, expr + 8);
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
                     int depth)
{
	const char *p = text;
	int error = 0;
	if (depth > EVAL_DEPTH) {
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
			error = backtick(out, env, node, expr, depth);
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
			error = sp_buf_putc(out, *p++);
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
	return expand_at(out, unresolved_out, env, node, text, 0);
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
