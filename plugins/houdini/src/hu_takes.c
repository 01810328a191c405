/* The .takes member and the take chain a ROP renders with (see hu_takes.h for the syntax). */
#include "hu_takes.h"

void hu_takes_init(hu_takes *t, hu_store *st)
{
	memset(t, 0, sizeof(*t));
	t->st = st;
	t->selected = SIZE_MAX;
}

static void takes_clear(hu_takes *t)
{
	for (size_t i = 0; i < t->nover; i++) {
		hu_free(t->overs[i].node);
		hu_free(t->overs[i].parm);
		hu_free(t->overs[i].held.parms);
	}
	hu_free(t->overs);
	hu_free(t->parents);
	hu_free(t->used);
	t->used = NULL;
	t->nused = t->used_cap = 0;
	hu_strvec_dispose(&t->names);
	hu_strvec_dispose(&t->strings);
	t->overs = NULL;
	t->parents = NULL;
	t->nover = t->over_cap = t->parents_cap = 0;
}

void hu_takes_dispose(hu_takes *t)
{
	if (t->st)
		(void)hu_takes_select(t, SIZE_MAX); /* the nodes must not point into freed overrides */
	takes_clear(t);
	memset(t, 0, sizeof(*t));
}

typedef struct {
	const char *p, *end;
} tcur;

/* A length-prefixed record at c: its body in [*body, *body + *n); 0 when the bytes are no record. */
static int read_record(tcur *c, const char **body, size_t *n)
{
	const unsigned char *u = (const unsigned char *)c->p;
	uint32_t len;
	if (c->end - c->p < 4 || u[0] != 0)
		return 0;
	len = ((uint32_t)u[1] << 16) | ((uint32_t)u[2] << 8) | u[3];
	if (len > (size_t)(c->end - c->p) - 4)
		return 0;
	*body = c->p + 4;
	*n = len;
	c->p += 4 + (size_t)len;
	return 1;
}

/* A decimal id at *p (then one space or the end), advancing; -1 when none. */
static int64_t read_id(const char **p, const char *end)
{
	char num[24];
	size_t n = 0;
	int64_t v;
	while (*p < end && **p >= '0' && **p <= '9' && n < sizeof(num) - 1)
		num[n++] = *(*p)++;
	num[n] = '\0';
	if (n == 0 || hu_parse_i64(num, &v) < 0)
		return -1;
	if (*p < end && **p == ' ')
		(*p)++;
	return v;
}

/* "s ID TEXT\n": string ID of the table (ids count up from 0; a gap leaves empty strings). */
static int string_record(hu_takes *t, const char *p, const char *end)
{
	int64_t id = read_id(&p, end);
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = (size_t)((nl ? nl : end) - p);
	if (id < 0 || id > HU_TAKE_OVER_MAX)
		return 0;
	while (t->strings.count < (size_t)id)
		if (hu_strvec_push(&t->strings, "") < 0)
			return SP_ENOMEM;
	if ((size_t)id < t->strings.count) {
		char *s = hu_strndup(p, n);
		if (!s)
			return SP_ENOMEM;
		hu_free(t->strings.items[id]);
		t->strings.items[id] = s;
		return 0;
	}
	return hu_strvec_pushn(&t->strings, p, n) < 0 ? SP_ENOMEM : 0;
}

static const char *string_at(const hu_takes *t, int64_t id)
{
	return id >= 0 && (size_t)id < t->strings.count ? t->strings.items[id] : NULL;
}

/* The value after a flag record's header: "on" / "off" and nothing else is understood. */
static void flag_value(hu_tover *o, const char *p, const char *end)
{
	size_t n = (size_t)(end - p);
	while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	if (strcmp(o->parm, ".flags.b") != 0)
		return; /* display, render, template...: nothing a ROP's job depends on */
	if (n == 2 && memcmp(p, "on", 2) == 0)
		o->bypass = 2;
	else if (n == 3 && memcmp(p, "off", 3) == 0)
		o->bypass = 1;
	else
		o->unread = 1;
}

/*
 * The parameter block of an override.  A component tied to a channel keeps
 * its saved value only: the channel's expression lives in the take, which
 * this reader does not evaluate, so it is unlinked and the override marked.
 */
static int parm_value(hu_tover *o, const char *p, const char *end)
{
	tcur c = {p, end};
	const char *body;
	size_t n;
	int error;
	if (!read_record(&c, &body, &n)) {
		o->unread = 1;
		return 0;
	}
	error = hu_parse_parm(&o->held, body, n);
	if (error < 0)
		return error;
	if (o->held.nparms == 0)
		o->unread = 1;
	for (size_t i = 0; i < o->held.nparms; i++)
		for (size_t k = 0; k < o->held.parms[i]->ncomp; k++)
			if (hu_parm_chan(o->held.parms[i], k)) {
				hu_parm_unlink(o->held.parms[i], k);
				o->animated = 1;
			}
	return 0;
}

/* "d NODE PARM\n" and its value: one override of the take being read. */
static int override_record(hu_takes *t, size_t take, const char *p, const char *end)
{
	int64_t node_id = read_id(&p, end), parm_id = read_id(&p, end);
	const char *node = string_at(t, node_id), *parm = string_at(t, parm_id);
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	hu_tover *o;
	if (!node || !parm || !*node || !nl)
		return 0;
	if (t->nover >= HU_TAKE_OVER_MAX) {
		t->truncated = 1;
		return 0;
	}
	if (hu_grow((void **)&t->overs, &t->over_cap, t->nover + 1, sizeof(*t->overs)) < 0)
		return SP_ENOMEM;
	o = &t->overs[t->nover];
	memset(o, 0, sizeof(*o));
	o->take = take;
	o->node = hu_strdup(node);
	o->parm = hu_strdup(parm);
	if (!o->node || !o->parm) {
		hu_free(o->node);
		hu_free(o->parm);
		return SP_ENOMEM;
	}
	t->nover++;
	if (parm[0] == '.')
		flag_value(o, nl + 1, end);
	else
		return parm_value(o, nl + 1, end);
	return 0;
}

/* The take stack: which take a new one is a kid of ("kids N" counts them, depth first). */
typedef struct {
	size_t take[64];
	int64_t left[64];
	size_t depth;
} kid_stack;

/* "take name NAME kids N": a new take, a kid of the nearest take still expecting kids. */
static int take_line(hu_takes *t, kid_stack *ks, const char *p, size_t n, size_t *take_out)
{
	const char *name = p + 10, *sp, *end = p + n;
	const char *kids;
	int64_t nkids = 0;
	size_t parent = SIZE_MAX;
	sp = memchr(name, ' ', (size_t)(end - name));
	if (!sp)
		sp = end;
	kids = sp;
	if (end - kids > 6 && memcmp(kids, " kids ", 6) == 0) {
		kids += 6;
		nkids = read_id(&kids, end);
	}
	while (ks->depth && ks->left[ks->depth - 1] <= 0)
		ks->depth--;
	if (ks->depth) {
		parent = ks->take[ks->depth - 1];
		ks->left[ks->depth - 1]--;
	}
	if (t->names.count >= HU_TAKES_MAX) {
		t->truncated = 1;
		return 1;
	}
	if (hu_grow((void **)&t->parents, &t->parents_cap, t->names.count + 1, sizeof(*t->parents)) < 0 ||
	    hu_strvec_pushn(&t->names, name, (size_t)(sp - name)) < 0)
		return SP_ENOMEM;
	t->parents[t->names.count - 1] = parent;
	*take_out = t->names.count - 1;
	if (nkids > 0 && ks->depth < sizeof(ks->take) / sizeof(*ks->take)) {
		ks->take[ks->depth] = *take_out;
		ks->left[ks->depth++] = nkids;
	}
	return 0;
}

static int read_takes(hu_takes *t, tcur *c)
{
	kid_stack ks;
	size_t take = SIZE_MAX;
	int error = 0;
	ks.depth = 0;
	while (c->p < c->end && error >= 0) {
		const char *body;
		size_t n;
		if (read_record(c, &body, &n)) {
			if (n > 2 && body[0] == 's' && body[1] == ' ')
				error = string_record(t, body + 2, body + n);
			else if (n > 2 && body[0] == 'd' && body[1] == ' ' && take != SIZE_MAX)
				error = override_record(t, take, body + 2, body + n);
			continue;
		}
		if ((unsigned char)c->p[0] == 0)
			break; /* a record cut short: the rest cannot be framed */
		body = c->p;
		n = (size_t)(c->end - c->p);
		if (memchr(body, '\n', n))
			n = (size_t)((const char *)memchr(body, '\n', n) - body);
		c->p += n + (c->p + n < c->end);
		if (n > 10 && memcmp(body, "take name ", 10) == 0) {
			error = take_line(t, &ks, body, n, &take);
			if (error == 1) /* too many takes: what was read so far stands */
				break;
		}
	}
	return error < 0 ? error : 0;
}

int hu_parse_takes(hu_takes *t, const char *data, size_t len)
{
	tcur c = {data, data + len};
	(void)hu_takes_select(t, SIZE_MAX);
	takes_clear(t);
	return read_takes(t, &c);
}

size_t hu_takes_find(const hu_takes *t, const char *name)
{
	for (size_t i = 0; name && i < t->names.count; i++)
		if (strcmp(t->names.items[i], name) == 0)
			return i;
	return SIZE_MAX;
}

size_t hu_takes_active(const hu_takes *t)
{
	size_t at = hu_takes_find(t, hu_store_var(t->st, "ACTIVETAKE"));
	if (at == SIZE_MAX)
		at = hu_takes_find(t, "Main");
	return at != SIZE_MAX || t->names.count == 0 ? at : 0;
}

size_t hu_takes_of_rop(const hu_takes *t, const hu_node *rop, const char **name_out)
{
	const char *v = hu_node_value(rop, "take", 0);
	if (!v || !*v || strcmp(v, "_current_") == 0) {
		size_t at = hu_takes_active(t);
		*name_out = at == SIZE_MAX ? "Main" : t->names.items[at];
		return at;
	}
	*name_out = v;
	return hu_takes_find(t, v);
}

/* Give every override of take `take` to its node, after the nearer takes' overrides. */
static int apply_take(hu_takes *t, size_t take)
{
	for (size_t i = 0; i < t->nover; i++) {
		hu_tover *o = &t->overs[i];
		int err;
		hu_node *n;
		if (o->take != take)
			continue;
		n = hu_store_node(t->st, o->node, 0, &err);
		if (!n)
			continue;
		if (!n->take && (n->take = hu_calloc(1, sizeof(*n->take))) == NULL)
			return SP_ENOMEM;
		if (o->bypass && !n->take->bypass)
			n->take->bypass = o->bypass;
		for (size_t k = 0; k < o->held.nparms; k++) {
			hu_take_view *v = n->take;
			if (hu_grow((void **)&v->items, &v->cap, v->count + 1, sizeof(*v->items)) < 0)
				return SP_ENOMEM;
			v->items[v->count++] = o->held.parms[k];
		}
	}
	return 0;
}

int hu_takes_select(hu_takes *t, size_t take)
{
	int error = 0;
	if (take == t->selected)
		return 0;
	for (size_t i = 0; i < t->nover; i++) {
		int err;
		hu_node *n = hu_store_node(t->st, t->overs[i].node, 0, &err);
		if (n && n->take) {
			n->take->count = 0;
			n->take->bypass = 0;
		}
	}
	t->selected = SIZE_MAX;
	if (take >= t->names.count)
		return 0;
	/* nearest take first: hu_node_parm takes the first match */
	for (size_t at = take, depth = 0; at < t->names.count && depth < HU_TAKES_MAX && error >= 0;
	     depth++) {
		error = apply_take(t, at);
		at = t->parents[at];
	}
	t->selected = take;
	return error;
}

const hu_tover *hu_takes_unapplied(const hu_takes *t, const hu_node *node)
{
	for (size_t at = t->selected, depth = 0; at < t->names.count && depth < HU_TAKES_MAX; depth++) {
		for (size_t i = 0; i < t->nover; i++) {
			const hu_tover *o = &t->overs[i];
			if (o->take == at && (o->animated || o->unread) && strcmp(o->node, node->path) == 0)
				return o;
		}
		at = t->parents[at];
	}
	return NULL;
}

int hu_takes_mark_used(hu_takes *t, size_t take)
{
	for (size_t i = 0; i < t->nused; i++)
		if (t->used[i] == take)
			return 0;
	if (hu_grow((void **)&t->used, &t->used_cap, t->nused + 1, sizeof(*t->used)) < 0)
		return SP_ENOMEM;
	t->used[t->nused++] = take;
	return 0;
}

int hu_takes_in_chain(const hu_takes *t, size_t leaf, size_t take)
{
	for (size_t at = leaf, depth = 0; at < t->names.count && depth < HU_TAKES_MAX; depth++) {
		if (at == take)
			return 1;
		at = t->parents[at];
	}
	return 0;
}
