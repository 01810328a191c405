/* The node store and the parsers of .parm, .def, .init, .chn, .variables, .start and .OPlibraries. */
#include "hu_store.h"

#include <math.h>

/* ---- store ---------------------------------------------------------------- */

/* The node's extra part, made on first use; NULL when out of memory. */
static hu_node_extra *node_extra(hu_node *node)
{
	if (!node->extra)
		node->extra = hu_calloc(1, sizeof(*node->extra));
	return node->extra;
}

size_t hu_chans_room(size_t n)
{
	size_t room = 8; /* hu_grow's sizes: 8, then doubling */
	if (n == 0)
		return 0;
	while (room < n)
		room *= 2;
	return room;
}

void hu_store_init(hu_store *st)
{
	memset(st, 0, sizeof(st[0]));
	st->fps = 24;
	st->fstart = st->rfstart = 1;
	st->fend = st->rfend = 240;
}

static void node_dispose(hu_node *n)
{
	for (size_t i = 0; i < n->nchans; i++) {
		hu_free(n->chans[i].name);
		hu_free(n->chans[i].expr);
		hu_free(n->chans[i].str);
	}
	if (n->parms_heap)
		hu_free(n->parms); /* one block: the pointers, and without a store the records */
	hu_free(n->chans);
	if (n->extra) {
		hu_strvec_dispose(&n->extra->spare_files);
		hu_free(n->extra->inputs);
	}
	hu_free(n->extra);
	if (n->take)
		hu_free(n->take->items);
	hu_free(n->take);
}

void hu_store_dispose(hu_store *st)
{
	for (size_t i = 0; i < st->count; i++)
		node_dispose(hu_store_at(st, i));
	for (size_t i = 0; i < st->nslabs; i++)
		hu_free(st->slabs[i]);
	hu_free(st->slabs);
	hu_table_dispose(&st->index);
	hu_table_dispose(&st->type_index);
	hu_parm_pool_dispose(&st->parm_pool);
	hu_arena_dispose(&st->arena);
	hu_strvec_dispose(&st->types);
	hu_strvec_dispose(&st->var_names);
	hu_strvec_dispose(&st->var_values);
	hu_strvec_dispose(&st->libraries);
	memset(st, 0, sizeof(st[0]));
}

hu_node *hu_store_at(const hu_store *st, size_t i)
{
	return &st->slabs[i / HU_SLAB][i % HU_SLAB];
}

/* A slot for one more node: nodes live in fixed slabs, so growing never moves or copies them. */
static hu_node *store_new_node(hu_store *st)
{
	if (st->count == st->nslabs * HU_SLAB) {
		hu_node *slab;
		if (hu_grow((void **)&st->slabs, &st->slabs_cap, st->nslabs + 1, sizeof(*st->slabs)) < 0)
			return NULL;
		slab = hu_malloc(HU_SLAB * sizeof(*slab));
		if (!slab)
			return NULL;
		st->slabs[st->nslabs++] = slab;
	}
	return hu_store_at(st, st->count);
}

static const char *node_key(size_t i, const void *payload)
{
	return hu_store_at(payload, i)->path;
}

static const char *type_key(size_t i, const void *payload)
{
	const hu_store *st = payload;
	return st->types.items[i];
}

/*
 * The position of the node at the parent path of `path` when it is the node
 * the previous lookup found or one of its linked ancestors (the archive
 * lists a network's nodes after it, subnets depth first), else HU_NO_PARENT.
 */
static uint32_t linked_parent(const hu_store *st, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0, at = st->last;
	if (n == 0 || st->count == 0 || at >= st->count)
		return HU_NO_PARENT;
	for (int depth = 0; depth < 64; depth++) {
		const hu_node *cand = hu_store_at(st, at);
		if (strncmp(cand->path, path, n) == 0 && cand->path[n] == '\0')
			return (uint32_t)at;
		if (cand->parent == HU_NO_PARENT)
			break;
		at = cand->parent;
	}
	return HU_NO_PARENT;
}

const hu_node *hu_store_parent(const hu_store *st, const hu_node *node, const char *parent_path)
{
	if (node->parent != HU_NO_PARENT && node->parent < st->count)
		return hu_store_at(st, node->parent);
	return hu_store_find(st, parent_path);
}

hu_node *hu_store_node(hu_store *st, const char *path, int create, int *err)
{
	size_t at, len;
	uint32_t h;
	hu_node *n;
	*err = 0;
	/* a node's members come one after the other: .init, .def, .parm, .chn */
	if (st->count && st->last < st->count && strcmp(hu_store_at(st, st->last)->path, path) == 0)
		return hu_store_at(st, st->last);
	len = strlen(path);
	h = hu_table_hash_n(path, len);
	if (hu_table_get(&st->index, path, h, node_key, st, &at)) {
		st->last = at;
		return hu_store_at(st, at);
	}
	if (!create)
		return NULL;
	n = store_new_node(st);
	if (!n) {
		*err = SP_ENOMEM;
		return NULL;
	}
	memset(n, 0, sizeof(*n));
	n->parent = linked_parent(st, path);
	n->path = hu_arena_strndup(&st->arena, path, len);
	/* the node counts only once indexed: a failure leaves it outside the store */
	if (!n->path || hu_table_add(&st->index, h, st->count) < 0) {
		*err = SP_ENOMEM;
		return NULL;
	}
	st->last = st->count++;
	return n;
}

/* The store's copy of a node type: thousands of nodes share a few dozen types. */
const char *hu_store_intern(hu_store *st, const char *type, size_t n)
{
	char stack[256], *key;
	const char *out = NULL;
	uint32_t h;
	size_t at;
	for (size_t i = 0; i < sizeof(st->recent_types) / sizeof(*st->recent_types); i++) {
		const char *t = st->recent_types[i];
		/* (the first byte tells most types apart without a call) */
		if (t && (n == 0 || t[0] == type[0]) && strncmp(t, type, n) == 0 && t[n] == '\0' &&
		    memchr(type, '\0', n) == NULL)
			return t;
	}
	key = n < sizeof(stack) ? stack : hu_malloc(n + 1);
	if (!key)
		return NULL;
	memcpy(key, type, n);
	key[n] = '\0';
	h = hu_table_hash(key); /* (type may hold a NUL: the key ends there) */
	if (hu_table_get(&st->type_index, key, h, type_key, st, &at))
		out = st->types.items[at];
	else if (hu_strvec_push(&st->types, key) == 0) {
		if (hu_table_add(&st->type_index, h, st->types.count - 1) == 0)
			out = st->types.items[st->types.count - 1];
		else
			hu_free(st->types.items[--st->types.count]);
	}
	if (key != stack)
		hu_free(key);
	if (out) {
		st->recent_types[st->recent_next] = out;
		st->recent_next =
		    (st->recent_next + 1) % (sizeof(st->recent_types) / sizeof(*st->recent_types));
	}
	return out;
}

const hu_node *hu_store_find(const hu_store *st, const char *path)
{
	size_t at;
	return hu_table_get(&st->index, path, hu_table_hash(path), node_key, st, &at) ? hu_store_at(st, at)
	                                                                              : NULL;
}

const hu_parm *hu_node_parm(const hu_node *node, const char *name)
{
	for (size_t i = 0; node && node->take && i < node->take->count; i++)
		if (strcmp(node->take->items[i]->name, name) == 0)
			return node->take->items[i];
	/* the first byte tells most names apart without a call */
	for (size_t i = 0; node && i < node->nparms; i++)
		if (node->parms[i]->name[0] == name[0] && strcmp(node->parms[i]->name, name) == 0)
			return node->parms[i];
	return NULL;
}

int hu_node_bypassed(const hu_node *node)
{
	return node->take && node->take->bypass ? node->take->bypass == 2 : node->bypass;
}

const char *hu_node_value(const hu_node *node, const char *name, size_t i)
{
	const hu_parm *p = hu_node_parm(node, name);
	return p && i < p->ncomp ? p->vals[i] : NULL;
}

const char *hu_node_string(const hu_node *node, const char *name)
{
	return hu_parm_string(node, hu_node_parm(node, name));
}

const char *hu_parm_string(const hu_node *node, const hu_parm *p)
{
	if (!p || p->ncomp == 0)
		return NULL;
	const char *chan = hu_parm_chan(p, 0);
	for (size_t i = 0; chan && i < node->nchans; i++)
		if (strcmp(node->chans[i].name, chan) == 0 && node->chans[i].str)
			return node->chans[i].str;
	return p->vals[0];
}

int hu_parm_opaque(const hu_node *node, const hu_parm *p)
{
	const char *chan = p && p->ncomp ? hu_parm_chan(p, 0) : NULL;
	for (size_t i = 0; chan && i < node->nchans; i++)
		if (strcmp(node->chans[i].name, chan) == 0)
			return node->chans[i].opaque;
	return 0;
}

const char *hu_node_chan_expr(const hu_node *node, const char *chan)
{
	for (size_t i = 0; node && i < node->nchans; i++)
		if (strcmp(node->chans[i].name, chan) == 0)
			return node->chans[i].expr;
	return NULL;
}

void hu_base_type(const char *type, char *out, size_t cap)
{
	const char *start = type, *end, *p;
	size_t n;
	out[0] = '\0';
	if (!type || cap == 0)
		return;
	/* "ns::name::version": the name is the part after the first "::" when a
	 * namespace is present, and the version is the last part when it starts with a digit */
	p = strstr(type, "::");
	if (p && !(p[2] >= '0' && p[2] <= '9'))
		start = p + 2;
	end = strstr(start, "::");
	if (!end)
		end = start + strlen(start);
	/* "Sop/file" style category prefixes inside namespaced names */
	for (p = start; p < end; p++)
		if (*p == '/')
			start = p + 1;
	n = (size_t)(end - start);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, start, n);
	out[n] = '\0';
}

const char *hu_node_name(const hu_node *node)
{
	const char *s = strrchr(node->path, '/');
	return s ? s + 1 : node->path;
}

const char *hu_store_var(const hu_store *st, const char *name)
{
	for (size_t i = st->var_names.count; i-- > 0;)
		if (strcmp(st->var_names.items[i], name) == 0)
			return st->var_values.items[i];
	return NULL;
}

const char *hu_member_dot(const char *member)
{
	/* from the end: a '.' met before any '/' is the last '.' after the last '/' */
	for (const char *p = member + strlen(member); p > member;) {
		p--;
		if (*p == '.')
			return p;
		if (*p == '/')
			return NULL;
	}
	return NULL;
}

int hu_member_path(const char *member, const char *dot, char *path, size_t cap)
{
	size_t n = (size_t)(dot - member);
	if (n + 2 > cap)
		return 0;
	path[0] = '/';
	memcpy(path + 1, member, n);
	path[n + 1] = '\0';
	return 1;
}

int hu_member_split(const char *member, char *path, size_t cap, const char **suffix_out)
{
	const char *dot = hu_member_dot(member);
	if (!dot || dot == member || dot[1] == '\0' || member[0] == '.' ||
	    !hu_member_path(member, dot, path, cap))
		return 0;
	*suffix_out = dot + 1;
	return 1;
}

/* ---- a cursor over member text -------------------------------------------------- */

typedef struct {
	const char *p, *end;
} cur;

static int at_end(const cur *c)
{
	return c->p >= c->end;
}

/* Space, tab, line feed and carriage return, by byte. */
static const unsigned char ws_byte[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1};

static void skip_ws(cur *c)
{
	const char *p = c->p;
	while (p < c->end && ws_byte[(unsigned char)*p])
		p++;
	c->p = p;
}

static void skip_line(cur *c)
{
	const char *nl = at_end(c) ? NULL : memchr(c->p, '\n', (size_t)(c->end - c->p));
	c->p = nl ? nl + 1 : c->end;
}

/*
 * The first of the bytes a, b and c in [p, end), else end; eight bytes at a
 * time, for long runs (scripts) that hold none of them.
 */
static const char *find_any3(const char *p, const char *end, char a, char b, char c)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	for (; end - p >= 8; p += 8) {
		uint64_t x, xa, xb, xc;
		memcpy(&x, p, 8);
		xa = x ^ ((unsigned char)a * ones);
		xb = x ^ ((unsigned char)b * ones);
		xc = x ^ ((unsigned char)c * ones);
		if ((((xa - ones) & ~xa) | ((xb - ones) & ~xb) | ((xc - ones) & ~xc)) & high)
			break; /* one of them is in these eight bytes */
	}
	for (; p < end; p++)
		if (*p == a || *p == b || *p == c)
			return p;
	return end;
}

/* What the .parm scanners stop at, by byte. */
enum { BARE_STOP = 1, BRACKET_STOP = 2, QUOTED_STOP = 4, NAME_STOP = 8 };
static const unsigned char byte_class[256] = {
    ['\t'] = BARE_STOP | NAME_STOP,
    ['\n'] = BARE_STOP | NAME_STOP,
    ['\r'] = BARE_STOP,
    ['\\'] = BARE_STOP | QUOTED_STOP,
    [' '] = BRACKET_STOP | NAME_STOP,
    [']'] = BRACKET_STOP,
    ['"'] = QUOTED_STOP,
};

/*
 * sp_buf_put for the .parm scanners' many short appends: straight into the
 * room the buffer already has (sp_buf.asize is what is allocated; the bytes
 * stay NUL-terminated as sp_buf_put leaves them), through the call when it
 * must grow.
 */
static int text_put(sp_buf *b, const char *p, size_t n)
{
	if (b->ptr && n < b->asize - b->size) {
		memcpy(b->ptr + b->size, p, n);
		b->size += n;
		b->ptr[b->size] = '\0';
		return 0;
	}
	return sp_buf_put(b, p, n) < 0 ? SP_ENOMEM : 0;
}

/*
 * Values are read straight into the end of a buffer: the value being built
 * starts at `start`.  Bytes past HU_VALUE_MAX of it are dropped (*over set).
 */
static int put_run(sp_buf *b, size_t start, const char *p, size_t n, int *over)
{
	size_t used = b->size - start, room = used >= HU_VALUE_MAX ? 0 : HU_VALUE_MAX - used;
	if (n > room) {
		*over = 1;
		n = room;
	}
	return n ? text_put(b, p, n) : 0;
}

static int put(sp_buf *b, size_t start, char ch, int *over)
{
	return put_run(b, start, &ch, 1, over);
}

/* A double-quoted string: raw newlines are part of it; \" \\ \n \t are escapes. */
static int read_quoted(cur *c, sp_buf *b, size_t start, int *over)
{
	int error = 0;
	c->p++;
	while (!at_end(c) && *c->p != '"' && error == 0) {
		const char *run = c->p;
		char ch;
		/* the plain bytes up to the next quote or escape go in at once */
		while (c->p < c->end && !(byte_class[(unsigned char)*c->p] & QUOTED_STOP))
			c->p++;
		if (c->p > run) {
			error = put_run(b, start, run, (size_t)(c->p - run), over);
			continue;
		}
		ch = *c->p++; /* a backslash */
		if (!at_end(c)) {
			ch = *c->p++;
			ch = ch == 'n' ? '\n' : ch == 't' ? '\t' : ch;
		}
		error = put(b, start, ch, over);
	}
	if (!at_end(c))
		c->p++;
	return error;
}

/* A byte read_bare looks at one by one; the others are copied in runs. */
static int bare_special(char ch, int in_bracket)
{
	return (byte_class[(unsigned char)ch] & (in_bracket ? BARE_STOP | BRACKET_STOP : BARE_STOP)) != 0;
}

/* A bare word up to a tab or newline (inside "[ ... ]" also up to " ]"); \" and \\ unescaped. */
static int read_bare(cur *c, sp_buf *b, size_t start, int in_bracket, int *over)
{
	int error = 0;
	while (!at_end(c) && *c->p != '\t' && *c->p != '\n' && *c->p != '\r' && error == 0) {
		const char *run = c->p;
		char ch;
		while (c->p < c->end && !bare_special(*c->p, in_bracket))
			c->p++;
		if (c->p > run) {
			error = put_run(b, start, run, (size_t)(c->p - run), over);
			continue;
		}
		ch = *c->p;
		if (in_bracket && ch == ' ' && c->p + 1 < c->end && c->p[1] == ']')
			break;
		if (in_bracket && ch == ']' && b->size == start)
			break;
		if (ch == '\\' && c->p + 1 < c->end && (c->p[1] == '"' || c->p[1] == '\\'))
			ch = *++c->p;
		c->p++;
		error = put(b, start, ch, over);
	}
	return error;
}

/* A value appended to b from its current end. */
static int read_value(cur *c, sp_buf *b, int in_bracket, int *over)
{
	size_t start = b->size;
	*over = 0;
	if (!at_end(c) && *c->p == '"')
		return read_quoted(c, b, start, over);
	return read_bare(c, b, start, in_bracket, over);
}

/* ---- .parm ------------------------------------------------------------------------ */

/* n bytes and a NUL, in one step when the buffer has the room. */
static int text_put_str(sp_buf *b, const char *p, size_t n)
{
	if (b->ptr && n + 1 < b->asize - b->size) {
		memcpy(b->ptr + b->size, p, n);
		b->ptr[b->size + n] = '\0';
		b->size += n + 1;
		b->ptr[b->size] = '\0';
		return 0;
	}
	if (text_put(b, p, n) < 0 || text_put(b, "", 1) < 0)
		return SP_ENOMEM;
	return 0;
}

static int scratch_str(hu_parm_scratch *s, const char *str, size_t len, size_t *off)
{
	*off = s->text.size;
	return text_put_str(&s->text, str, len);
}

/*
 * The component whose value was just read into text from `start` (its
 * channel name at `chan`, SIZE_MAX for none).  Values with a line break are
 * scripts (Python, VEX snippets, notes), never a path or a number anything
 * reads: they are kept empty so a scene's memory does not grow with its
 * code; so are values cut at HU_VALUE_MAX.
 */
static int scratch_push(hu_parm_scratch *s, size_t start, int over, size_t chan)
{
	int error = hu_grow((void **)&s->comps, &s->comps_cap, 2 * (s->ncomps + 1), sizeof(*s->comps));
	if (error < 0)
		return error;
	if (over || memchr(s->text.ptr + start, '\n', s->text.size - start))
		s->text.size = start;
	if (text_put(&s->text, "", 1) < 0)
		return SP_ENOMEM;
	s->comps[2 * s->ncomps] = start;
	s->comps[2 * s->ncomps + 1] = chan;
	s->ncomps++;
	s->parms[s->nparms].ncomp++;
	return 0;
}

void hu_parm_scratch_dispose(hu_parm_scratch *s)
{
	sp_buf_dispose(&s->text);
	hu_free(s->parms);
	hu_free(s->comps);
	s->parms = NULL;
	s->comps = NULL;
	s->nparms = s->parms_cap = s->ncomps = s->comps_cap = 0;
}

/* 1 when a component of parameter record r follows a channel. */
static int rec_animated(const hu_parm_scratch *s, const hu_parm_rec *r)
{
	for (size_t c = 0; c < r->ncomp; c++)
		if (s->comps[2 * (r->first + c) + 1] != SIZE_MAX)
			return 1;
	return 0;
}

/* Where record r's strings end in the scratch's text: where the next record's start. */
static size_t rec_end(const hu_parm_scratch *s, size_t i)
{
	return i + 1 < s->nparms ? s->parms[i + 1].name : s->text.size;
}

/* Pointer slots record r needs: a value per component, and a channel per component when animated. */
static size_t rec_slots(const hu_parm_rec *r, int animated)
{
	return animated ? 2 * r->ncomp : r->ncomp;
}

/* Record i of the scratch made at `at`: [hu_parm][slots][its strings]; returns the hu_parm. */
static hu_parm *rec_put(char *at, const hu_parm_scratch *s, size_t i, int animated)
{
	const hu_parm_rec *r = &s->parms[i];
	hu_parm *p = (hu_parm *)(void *)at;
	char **slots = (char **)(void *)(at + sizeof(hu_parm));
	char *text = at + sizeof(hu_parm) + rec_slots(r, animated) * sizeof(char *);
	p->size = (uint32_t)(rec_end(s, i) - r->name);
	memcpy(text, s->text.ptr + r->name, p->size);
	p->name = text;
	p->ncomp = (uint32_t)r->ncomp;
	p->animated = (uint32_t)animated;
	p->vals = slots;
	for (size_t c = 0; c < r->ncomp; c++) {
		const size_t *o = &s->comps[2 * (r->first + c)];
		p->vals[c] = text + (o[0] - r->name);
		if (animated)
			p->vals[r->ncomp + c] = o[1] == SIZE_MAX ? NULL : text + (o[1] - r->name);
	}
	return p;
}

static size_t rec_size(const hu_parm_scratch *s, size_t i, int animated)
{
	const hu_parm_rec *r = &s->parms[i];
	size_t n = sizeof(hu_parm) + rec_slots(r, animated) * sizeof(char *) + (rec_end(s, i) - r->name);
	return (n + sizeof(void *) - 1) & ~(sizeof(void *) - 1); /* the next record's pointers stay aligned */
}

/*
 * 1 when the kept record p reads as scratch record r: the same strings
 * (name, values, channels) and, when animated, the same components with a
 * channel ("[ rx 0 ] 0" and "rx 0 0" hold the same strings).
 */
static int rec_equal(const hu_parm *p, const hu_parm_scratch *s, const hu_parm_rec *r, size_t size,
                     int animated)
{
	if (p->size != size || p->ncomp != r->ncomp || (int)p->animated != animated ||
	    memcmp(p->name, s->text.ptr + r->name, size) != 0)
		return 0;
	for (size_t c = 0; animated && c < r->ncomp; c++)
		if ((s->comps[2 * (r->first + c) + 1] == SIZE_MAX) != (p->vals[r->ncomp + c] == NULL))
			return 0;
	return 1;
}

static int pool_grow(hu_parm_pool *pool)
{
	size_t n = pool->nslots ? 2 * pool->nslots : 1024;
	uint64_t *slots = hu_calloc(n, sizeof(*slots));
	if (!slots)
		return SP_ENOMEM;
	for (size_t i = 0; i < pool->nslots; i++) {
		size_t k = (size_t)(pool->slots[i] >> 32) & (n - 1);
		if (!pool->slots[i])
			continue;
		while (slots[k])
			k = (k + 1) & (n - 1);
		slots[k] = pool->slots[i];
	}
	hu_free(pool->slots);
	pool->slots = slots;
	pool->nslots = n;
	return 0;
}

/*
 * The store's record for scratch record i, made when the scene has none
 * like it yet.  Nodes of a type mostly keep their defaults, so a big
 * network holds each parameter line a few times over, not once per node.
 */
static hu_parm *pool_record(hu_store *st, const hu_parm_scratch *s, size_t i, hu_parm *guess)
{
	hu_parm_pool *pool = &st->parm_pool;
	const hu_parm_rec *r = &s->parms[i];
	size_t size = rec_end(s, i) - r->name, k;
	int animated = rec_animated(s, r);
	uint32_t h;
	char *at;
	if (guess && rec_equal(guess, s, r, size, animated))
		return guess;
	h = hu_table_hash_n(s->text.ptr + r->name, size) ^ (uint32_t)r->ncomp ^ (uint32_t)animated;
	if (2 * (pool->count + 1) > pool->nslots && pool_grow(pool) < 0)
		return NULL;
	for (k = h & (pool->nslots - 1); pool->slots[k]; k = (k + 1) & (pool->nslots - 1)) {
		hu_parm *p = pool->recs[(uint32_t)pool->slots[k] - 1];
		if ((uint32_t)(pool->slots[k] >> 32) == h && rec_equal(p, s, r, size, animated))
			return p;
	}
	if (pool->count + 1 >= UINT32_MAX ||
	    hu_grow((void **)&pool->recs, &pool->recs_cap, pool->count + 1, sizeof(*pool->recs)) < 0 ||
	    !(at = hu_arena_alloc(&st->arena, rec_size(s, i, animated))))
		return NULL;
	pool->recs[pool->count] = rec_put(at, s, i, animated);
	pool->slots[k] = (uint64_t)h << 32 | (uint64_t)(pool->count + 1);
	return pool->recs[pool->count++];
}

void hu_parm_pool_dispose(hu_parm_pool *pool)
{
	for (size_t k = 0; k < HU_POOL_RECENT; k++) {
		sp_buf_dispose(&pool->recent[k].raw);
		hu_free(pool->recent[k].spans);
	}
	hu_free(pool->slots);
	hu_free(pool->recs);
	memset(pool, 0, sizeof(*pool));
}

/* The recent[] entry of the type, NULL when none. */
static struct hu_recent_parms *recent_of(hu_parm_pool *pool, const char *type)
{
	for (size_t k = 0; type && k < HU_POOL_RECENT; k++)
		if (pool->recent[k].type == type)
			return &pool->recent[k];
	return NULL;
}

/* Members bigger than this are not kept to be matched against the next node's. */
#define RECENT_RAW_MAX (64u * 1024u)

/*
 * Remember the node's parameters as its type's last: the records, and the
 * member's text with where each record's line lies in it.
 */
static void recent_keep(hu_parm_pool *pool, const hu_node *node, const hu_parm_scratch *s, const char *data,
                        size_t len)
{
	struct hu_recent_parms *rp = recent_of(pool, node->type);
	if (!rp) {
		pool->recent_next = (pool->recent_next + 1) % HU_POOL_RECENT;
		rp = &pool->recent[pool->recent_next];
	}
	rp->type = node->type;
	rp->parms = node->parms;
	rp->nparms = node->nparms;
	sp_buf_clear(&rp->raw);
	if (len > RECENT_RAW_MAX || sp_buf_put(&rp->raw, data, len) < 0 ||
	    hu_grow((void **)&rp->spans, &rp->spans_cap, 2 * s->nparms, sizeof(*rp->spans)) < 0) {
		rp->nparms = 0; /* (out of memory: only the sharing is lost) */
		return;
	}
	for (size_t i = 0; i < s->nparms; i++) {
		rp->spans[2 * i] = s->parms[i].raw;
		rp->spans[2 * i + 1] = s->parms[i].raw_len;
	}
}

/*
 * The member's parameters for the node: pointers to the store's records,
 * or without a store one block of the node's own: [pointers][records].
 */
static int parms_pack(hu_node *node, hu_store *st, const hu_parm_scratch *s)
{
	size_t head = s->nparms * sizeof(hu_parm *), size = head;
	hu_parm **parms;
	struct hu_recent_parms *recent = st ? recent_of(&st->parm_pool, node->type) : NULL;
	/* a store's node takes its pointers from the arena; a second .parm member (only in a damaged
	 * file) gets a block of its own, so repeating it cannot grow the arena */
	int heap = !st || node->parms;
	if (s->nparms == 0)
		return 0;
	if (!st)
		for (size_t i = 0; i < s->nparms; i++)
			size += rec_size(s, i, rec_animated(s, &s->parms[i]));
	parms = heap ? hu_malloc(size) : hu_arena_alloc(&st->arena, size);
	if (!parms)
		return SP_ENOMEM;
	for (size_t i = 0, at = head; i < s->nparms; i++) {
		int animated = st ? 0 : rec_animated(s, &s->parms[i]);
		if (s->parms[i].done)
			parms[i] = s->parms[i].done;
		else if (st)
			parms[i] =
			    pool_record(st, s, i, recent && i < recent->nparms ? recent->parms[i] : NULL);
		else
			parms[i] = rec_put((char *)parms + at, s, i, animated);
		if (!parms[i]) {
			if (heap)
				hu_free(parms);
			return SP_ENOMEM;
		}
		if (!st)
			at += rec_size(s, i, animated);
	}
	/* a second .parm member for a node (only in a damaged file) replaces the first */
	if (node->parms_heap)
		hu_free(node->parms);
	node->parms = parms;
	node->nparms = (uint32_t)s->nparms;
	node->parms_heap = (unsigned char)heap;
	return 0;
}

const char *hu_parm_chan(const hu_parm *p, size_t i)
{
	return p->animated && i < p->ncomp ? p->vals[p->ncomp + i] : NULL;
}

void hu_parm_unlink(hu_parm *p, size_t i)
{
	if (p->animated && i < p->ncomp)
		p->vals[p->ncomp + i] = NULL;
}

/* One animated component "[ chan value ]"; c is at '['. */
static int read_animated(cur *c, hu_parm_scratch *s)
{
	const char *name;
	size_t chan, start;
	int over = 0, error;
	c->p++;
	while (!at_end(c) && *c->p == ' ')
		c->p++;
	name = c->p;
	while (!at_end(c) && *c->p != '\t' && *c->p != ' ' && *c->p != '\n')
		c->p++;
	error = scratch_str(s, name, (size_t)(c->p - name), &chan);
	if (error < 0)
		return error;
	while (!at_end(c) && (*c->p == '\t' || *c->p == ' '))
		c->p++;
	start = s->text.size;
	error = read_value(c, &s->text, 1, &over);
	if (error < 0)
		return error;
	while (!at_end(c) && *c->p != ']' && *c->p != '\n')
		c->p++;
	if (!at_end(c) && *c->p == ']')
		c->p++;
	return scratch_push(s, start, over, chan);
}

/* The first '"', '\\' or line feed in [p, end), else end: most strings are short; scripts are not. */
static const char *find_quoted_stop(const char *p, const char *end)
{
	for (const char *q = end - p > 16 ? p + 16 : end; p < q; p++)
		if (byte_class[(unsigned char)*p] & QUOTED_STOP || *p == '\n')
			return p;
	return find_any3(p, end, '"', '\\', '\n');
}

/*
 * The closing quote of the quoted string whose text starts at `start`, from
 * p on, NULL when it has none: the first '"' after an even run of
 * backslashes (each backslash takes the byte after it).
 */
static const char *closing_quote(const char *start, const char *p, const char *end)
{
	for (;;) {
		const char *q = memchr(p, '"', (size_t)(end - p)), *b;
		if (!q)
			return NULL;
		for (b = q; b > start && b[-1] == '\\'; b--)
			;
		if (((q - b) & 1) == 0)
			return q;
		p = q + 1;
	}
}

/*
 * The closing quote of the quoted string whose text starts at p, NULL when
 * it has none.  *nl when its text holds a line break (raw or "\\n"),
 * *escaped when it holds any escape.
 */
static const char *quoted_end(const char *p, const char *end, int *nl, int *escaped)
{
	const char *start = p;
	for (;;) {
		if (*nl && *escaped)
			return closing_quote(start, p, end);
		p = find_quoted_stop(p, end);
		if (p == end || (*p == '\\' && p + 1 == end))
			return NULL;
		if (*p == '"')
			return p;
		if (*p == '\n') {
			*nl = 1;
			p++;
			continue;
		}
		*escaped = 1;
		if (p[1] == 'n')
			*nl = 1;
		p += 2;
	}
}

/*
 * The common component in one step: a bare word up to its tab or line end,
 * or a quoted string with no escape, of at most HU_VALUE_MAX bytes, kept as
 * read_value and scratch_push keep it; or a quoted string holding a line
 * break, which they keep empty.  1 when
 * it was one (c is past it), 0 when the general path must read it; nothing
 * is kept then.  Neither the buffer nor the array grows here.
 */
static int plain_component(cur *c, hu_parm_scratch *s)
{
	const char *p = c->p, *v, *next;
	size_t n;
	if (*p == '"') {
		int nl = 0, escaped = 0;
		v = p + 1;
		p = quoted_end(v, c->end, &nl, &escaped);
		if (!p || (escaped && !nl))
			return 0;
		next = p + 1;
		if (nl) /* a script: kept empty, whatever its length */
			p = v;
	} else {
		v = p;
		while (p < c->end && !(byte_class[(unsigned char)*p] & BARE_STOP))
			p++;
		if (p < c->end && *p == '\\')
			return 0;
		next = p;
	}
	n = (size_t)(p - v);
	if (n > HU_VALUE_MAX || 2 * (s->ncomps + 1) > s->comps_cap || !s->text.ptr ||
	    n + 1 >= s->text.asize - s->text.size)
		return 0;
	s->comps[2 * s->ncomps] = s->text.size;
	s->comps[2 * s->ncomps + 1] = SIZE_MAX;
	s->ncomps++;
	s->parms[s->nparms].ncomp++;
	memcpy(s->text.ptr + s->text.size, v, n);
	s->text.ptr[s->text.size + n] = '\0';
	s->text.size += n + 1;
	s->text.ptr[s->text.size] = '\0';
	c->p = next;
	return 1;
}

/* The values up to ')'; *closed when the ')' ended them (not the end of the member). */
static int read_components(cur *c, hu_parm_scratch *s, int *closed)
{
	int error = 0, over;
	*closed = 0;
	while (error == 0) {
		size_t start;
		skip_ws(c);
		if (at_end(c) || *c->p == ')') {
			*closed = !at_end(c);
			break;
		}
		if (*c->p == '[' && c->p + 1 < c->end && (c->p[1] == ' ' || c->p[1] == '\t')) {
			error = read_animated(c, s);
			continue;
		}
		if (plain_component(c, s))
			continue;
		start = s->text.size;
		error = read_value(c, &s->text, 0, &over);
		if (error == 0)
			error = scratch_push(s, start, over, SIZE_MAX);
	}
	if (!at_end(c))
		c->p++;
	return error;
}

/* The flags almost every parameter has, compared 8 bytes at a time. */
static const char plain_flags[] = "[ 0\tlocks=0 ]";

static int flags_plain(const char *p)
{
	uint64_t a, b, x, y;
	memcpy(&a, p, 8);
	memcpy(&b, p + sizeof(plain_flags) - 9, 8);
	memcpy(&x, plain_flags, 8);
	memcpy(&y, plain_flags + sizeof(plain_flags) - 9, 8);
	return a == x && b == y;
}

/* "name\t[ flags ]\t(\tv0\tv1\t)"; c is at the name, `data` where the member starts. */
static int read_parm_line(cur *c, hu_parm_scratch *s, const char *data)
{
	const char *name = c->p;
	size_t text_mark = s->text.size, comps_mark = s->ncomps;
	hu_parm_rec *r;
	int error, closed;
	while (!at_end(c) && !(byte_class[(unsigned char)*c->p] & NAME_STOP))
		c->p++;
	if (c->p == name || at_end(c) || *c->p == '\n') {
		skip_line(c);
		return 0;
	}
	if (s->nparms + 1 > s->parms_cap &&
	    (error = hu_grow((void **)&s->parms, &s->parms_cap, s->nparms + 1, sizeof(*s->parms))) < 0)
		return error;
	r = &s->parms[s->nparms];
	r->first = s->ncomps;
	r->ncomp = 0;
	r->done = NULL;
	error = scratch_str(s, name, (size_t)(c->p - name), &r->name);
	if (error < 0)
		return error;
	skip_ws(c);
	if (c->end - c->p >= (ptrdiff_t)sizeof(plain_flags) - 1 && flags_plain(c->p))
		c->p += sizeof(plain_flags) - 2; /* at its ']' */
	else if (!at_end(c) && *c->p == '[')     /* flags */
		while (!at_end(c) && *c->p != ']' && *c->p != '\n')
			c->p++;
	while (!at_end(c) && *c->p != '(' && *c->p != '\n')
		c->p++;
	if (at_end(c) || *c->p != '(') { /* no values: forget the name */
		s->text.size = text_mark;
		s->ncomps = comps_mark;
		skip_line(c);
		return 0;
	}
	c->p++;
	error = read_components(c, s, &closed);
	/* a line closed by its ')' reads the same wherever its bytes appear: the next node may match it */
	r->raw = (size_t)(name - data);
	r->raw_len = closed ? (size_t)(c->p - name) : 0;
	if (error == 0)
		s->nparms++;
	return error;
}

/*
 * The parameter at c when its line is, byte for byte, the one the last
 * node of the type saved at the same place: its record, taken whole (nodes
 * of a type save the same lines in the same order, mostly defaults).
 * 1 when it was (c is past it), 0 when the line must be read.
 */
static int reuse_line(cur *c, hu_parm_scratch *s, const struct hu_recent_parms *rp, const char *data)
{
	size_t k = s->nparms, at, n;
	hu_parm_rec *r;
	if (!rp || k >= rp->nparms || !(n = rp->spans[2 * k + 1]) || (size_t)(c->end - c->p) < n)
		return 0;
	at = rp->spans[2 * k];
	if (memcmp(c->p, rp->raw.ptr + at, n) != 0 ||
	    (k + 1 > s->parms_cap &&
	     hu_grow((void **)&s->parms, &s->parms_cap, k + 1, sizeof(*s->parms)) < 0))
		return 0;
	r = &s->parms[k];
	r->name = s->text.size; /* (no strings of its own: the previous record's end where it starts) */
	r->first = s->ncomps;
	r->ncomp = 0;
	r->raw = (size_t)(c->p - data);
	r->raw_len = n;
	r->done = rp->parms[k];
	s->nparms++;
	c->p += n;
	return 1;
}

int hu_parse_parm_with(hu_node *node, hu_store *st, hu_parm_scratch *s, const char *data, size_t len)
{
	cur c = {data, data + len};
	int error = 0;
	const struct hu_recent_parms *rp = st ? recent_of(&st->parm_pool, node->type) : NULL;
	sp_buf_clear(&s->text);
	s->nparms = s->ncomps = 0;
	while (error == 0) {
		skip_ws(&c);
		if (at_end(&c))
			break;
		/* (a matched line starts with a parameter's name: never '{', '}' or "version ") */
		if (reuse_line(&c, s, rp, data))
			continue;
		if (*c.p == '{' || *c.p == '}' || (c.end - c.p > 8 && memcmp(c.p, "version ", 8) == 0)) {
			skip_line(&c);
			continue;
		}
		error = read_parm_line(&c, s, data);
	}
	if (error == 0)
		error = parms_pack(node, st, s);
	/* (a member with no parameters leaves the node's as they were: nothing to remember) */
	if (error == 0 && st && node->type && s->nparms && !node->parms_heap)
		recent_keep(&st->parm_pool, node, s, data, len);
	/* a scratch that grew for a huge member is not kept at that size */
	if (s->text.asize > HU_SCRATCH_KEEP || s->parms_cap * sizeof(*s->parms) > HU_SCRATCH_KEEP ||
	    s->comps_cap * sizeof(*s->comps) > HU_SCRATCH_KEEP)
		hu_parm_scratch_dispose(s);
	return error;
}

int hu_parse_parm(hu_node *node, const char *data, size_t len)
{
	hu_parm_scratch s = HU_PARM_SCRATCH_INIT;
	int error = hu_parse_parm_with(node, NULL, &s, data, len);
	hu_parm_scratch_dispose(&s);
	return error;
}

/* ---- .def / .init ------------------------------------------------------------------- */

/*
 * The first line of member text starting with `key`, where it lies: the rest
 * of the line after `key`, at most cap - 1 bytes, up to a NUL if it holds one
 * (with `to_nul`; else the caller sees to the NUL).
 */
static int find_line_span(const char *data, size_t len, const char *key, size_t cap, int to_nul,
                          const char **out, size_t *n_out)
{
	size_t klen = strlen(key);
	const char *p = data, *end = data + len;
	/* jump from one occurrence of the key's first byte to the next, keeping those that start a line */
	while (p < end) {
		const char *q = memchr(p, key[0], (size_t)(end - p)), *nl, *nul;
		size_t n;
		if (!q)
			break;
		p = q + 1;
		if ((q != data && q[-1] != '\n') || (size_t)(end - q) < klen || memcmp(q, key, klen) != 0)
			continue;
		nl = memchr(q, '\n', (size_t)(end - q));
		n = (size_t)((nl ? nl : end) - q) - klen;
		if (n >= cap)
			n = cap - 1;
		nul = to_nul ? memchr(q + klen, '\0', n) : NULL;
		*out = q + klen;
		*n_out = nul ? (size_t)(nul - (q + klen)) : n;
		return 1;
	}
	return 0;
}

/* A line of member text starting with `key`, copied (without key) to a bounded buffer. */
static int find_line(const char *data, size_t len, const char *key, char *out, size_t cap)
{
	const char *line;
	size_t n;
	if (!find_line_span(data, len, key, cap, 0, &line, &n))
		return 0;
	memcpy(out, line, n);
	out[n] = '\0';
	return 1;
}

/* The first `needle` (nlen bytes, its byte `rare` seldom seen) in the n bytes at p, NULL when none. */
static const char *span_find(const char *p, size_t n, const char *needle, size_t nlen, size_t rare)
{
	const char *q, *last;
	if (n < nlen)
		return NULL;
	last = p + (n - nlen) + rare; /* where the rare byte of the last possible match lies */
	for (q = p + rare; q <= last; q++) {
		q = memchr(q, needle[rare], (size_t)(last - q) + 1);
		if (!q)
			return NULL;
		if (memcmp(q - rare, needle, nlen) == 0)
			return q - rare;
	}
	return NULL;
}

void hu_parse_def(hu_node *node, const char *data, size_t len)
{
	const char *line;
	size_t n;
	/* " bypass on" in the flags line (its first 1023 bytes, up to any NUL), found by its 'b' */
	if (find_line_span(data, len, "flags =", 1024, 1, &line, &n))
		node->bypass = span_find(line, n, " bypass on", 10, 1) != NULL;
}

/* The lines of block `name` ("inputs\n{\n...\n}"): [*start, *end) between the braces; 0 when absent. */
static int def_block(const char *data, size_t len, const char *name, const char **start, const char **end)
{
	size_t n = strlen(name);
	const char *p = data, *stop = data + len;
	while (p < stop) {
		const char *nl = memchr(p, '\n', (size_t)(stop - p)), *le = nl ? nl : stop;
		if ((size_t)(le - p) == n && memcmp(p, name, n) == 0 && nl && stop - (nl + 1) >= 2 &&
		    nl[1] == '{' && nl[2] == '\n') {
			const char *close;
			*start = nl + 3;
			for (close = *start; close < stop; close++)
				if (*close == '}' && (close == *start || close[-1] == '\n'))
					break;
			*end = close;
			return 1;
		}
		p = le + 1;
	}
	return 0;
}

int hu_parse_def_inputs(hu_node *node, const char *data, size_t len)
{
	const char *p, *end;
	sp_buf names = SP_BUF_INIT;
	int error = 0;
	if (!def_block(data, len, "inputs", &p, &end) && !def_block(data, len, "inputsNamed3", &p, &end))
		return 0;
	while (p < end && error == 0) { /* "<index> \t<name> <output> <flags>" */
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end, *name;
		while (p < le && *p >= '0' && *p <= '9')
			p++;
		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		for (name = p; p < le && *p != ' ' && *p != '\t' && *p != '\r'; p++)
			;
		if (p > name &&
		    (sp_buf_put(&names, name, (size_t)(p - name)) < 0 || sp_buf_putc(&names, '\0') < 0))
			error = SP_ENOMEM;
		p = le + 1;
	}
	if (error == 0 && names.size) {
		hu_node_extra *x = node_extra(node);
		char *inputs = x ? hu_malloc(names.size + 1) : NULL;
		if (!inputs)
			error = SP_ENOMEM;
		else {
			memcpy(inputs, names.ptr, names.size);
			inputs[names.size] = '\0';
			hu_free(x->inputs);
			x->inputs = inputs;
		}
	}
	sp_buf_dispose(&names);
	return error;
}

const char *hu_node_input(const hu_node *node, size_t i)
{
	const char *p = node->extra ? node->extra->inputs : NULL;
	for (; p && *p; p += strlen(p) + 1)
		if (i-- == 0)
			return p;
	return NULL;
}

int hu_parse_init(hu_store *st, hu_node *node, const char *data, size_t len)
{
	const char *b, *e;
	size_t n;
	/* the type as the first 511 bytes of its line show it, trimmed */
	if (!find_line_span(data, len, "type =", 512, 1, &b, &n))
		return 0;
	for (e = b + n; b < e && (*b == ' ' || *b == '\t'); b++)
		;
	for (; e > b && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t'); e--)
		;
	node->type = hu_store_intern(st, b, (size_t)(e - b));
	return node->type ? 0 : SP_ENOMEM;
}

/* ---- .chn ------------------------------------------------------------------------------- */

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return hu_strndup(s, n);
}

/* The end of a segment block starting at p ("segment {"): braces balance again, quotes skipped. */
static const char *segment_end(const char *p, const char *end)
{
	int depth = 0, quoted = 0;
	for (; p < end; p++) {
		if (*p == '\\' && p + 1 < end) {
			if (p[1] == '"')
				quoted = !quoted;
			p++;
		} else if (*p == '"') {
			quoted = !quoted;
		} else if (!quoted && *p == '{') {
			depth++;
		} else if (!quoted && *p == '}' && --depth == 0) {
			return p + 1;
		}
	}
	return end;
}

/* A string written \"...\" in the channel text, unescaped; NULL when the expression is not one. */
static char *string_literal(const char *e, size_t n)
{
	sp_buf b = SP_BUF_INIT;
	char *out;
	size_t i;
	if (n < 4 || e[0] != '\\' || e[1] != '"')
		return NULL;
	for (i = 2; i + 1 < n && !(e[i] == '\\' && e[i + 1] == '"'); i++) {
		if (e[i] == '\\' && e[i + 1] == '\\')
			i++;
		if (sp_buf_putc(&b, e[i]) < 0) {
			sp_buf_dispose(&b);
			return NULL;
		}
	}
	if (i + 1 >= n) {
		sp_buf_dispose(&b);
		return NULL;
	}
	out = hu_strdup(sp_buf_cstr(&b));
	sp_buf_dispose(&b);
	return out;
}

/* "`expr`": an hscript expression read the way a backtick in a string parameter is. */
static char *backticked(const char *expr)
{
	size_t n = strlen(expr);
	char *s = hu_malloc(n + 3);
	if (!s)
		return NULL;
	s[0] = '`';
	memcpy(s + 1, expr, n);
	s[n + 1] = '`';
	s[n + 2] = '\0';
	return s;
}

static void unescape_quotes(char *s)
{
	char *w = s;
	for (; *s; s++) {
		if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
			s++;
		*w++ = *s;
	}
	*w = '\0';
}

/*
 * "segment { length = 0 value = 1 1 expr = $FSTART }", possibly over several
 * lines: the expression after "expr = " up to "language = ..." or the closing
 * brace.  Python expressions are not kept: nothing here evaluates them.
 */
static int segment_expr(hu_chan *ch, const char *seg, size_t n)
{
	const char *e = NULL, *stop;
	size_t m;
	/* a second .chn member for the same node (only in a damaged file) replaces the first */
	hu_free(ch->expr);
	hu_free(ch->str);
	ch->expr = NULL;
	ch->str = NULL;
	ch->opaque = 0;
	for (size_t i = 0; i + 7 <= n; i++)
		if (memcmp(seg + i, "expr = ", 7) == 0) {
			e = seg + i + 7;
			break;
		}
	if (!e)
		return 0;
	m = n - (size_t)(e - seg);
	for (size_t i = 0; i + 11 <= m; i++)
		if (memcmp(e + i, "language = ", 11) == 0) {
			if (m - i >= 17 && memcmp(e + i + 11, "python", 6) == 0) {
				ch->opaque = 1;
				return 0;
			}
			m = i;
			break;
		}
	while (m && (e[m - 1] == ' ' || e[m - 1] == '\r' || e[m - 1] == '\n' || e[m - 1] == '\t'))
		m--;
	if (m && e[m - 1] == '}')
		m--;
	stop = e + m;
	while (stop > e && (stop[-1] == ' ' || stop[-1] == '\t'))
		stop--;
	ch->str = string_literal(e, (size_t)(stop - e));
	ch->expr = trim_dup(e, (size_t)(stop - e));
	if (!ch->expr)
		return SP_ENOMEM;
	unescape_quotes(ch->expr);
	if (!ch->str && ch->expr[0] && !strchr(ch->expr, '`')) {
		ch->str = backticked(ch->expr);
		if (!ch->str)
			return SP_ENOMEM;
	}
	return 0;
}

static int chn_add(hu_node *node, const char *name, size_t n)
{
	size_t room = hu_chans_room(node->nchans);
	int error = node->nchans == UINT32_MAX ? SP_ENOMEM
	                                       : hu_grow((void **)&node->chans, &room,
	                                                 (size_t)node->nchans + 1, sizeof(*node->chans));
	if (error < 0)
		return error;
	memset(&node->chans[node->nchans], 0, sizeof(*node->chans));
	node->chans[node->nchans].name = hu_strndup(name, n);
	if (!node->chans[node->nchans].name)
		return SP_ENOMEM;
	node->nchans++;
	return 0;
}

/* Keyframes: the value between keys is not known here, only the one saved at the file's frame. */
static void chan_clear(hu_chan *ch)
{
	hu_free(ch->expr);
	hu_free(ch->str);
	ch->expr = NULL;
	ch->str = NULL;
	ch->opaque = 1;
}

int hu_parse_chn(hu_node *node, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	int segments = 0, error = 0;
	while (p < end && error == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		if (le - p > 8 && memcmp(p, "channel ", 8) == 0) {
			const char *n = p + 8, *ne = n;
			while (ne < le && *ne != ' ' && *ne != '{')
				ne++;
			error = chn_add(node, n, (size_t)(ne - n));
			segments = 0;
		} else if (le - p > 9 && memcmp(p, "segment {", 9) == 0 && node->nchans > 0) {
			hu_chan *ch = &node->chans[node->nchans - 1];
			const char *se = segment_end(p, end);
			if (++segments == 1)
				error = segment_expr(ch, p, (size_t)(se - p));
			else /* keyed animation: the cached value stands */
				chan_clear(ch);
			le = memchr(se, '\n', (size_t)(end - se));
			if (!le)
				le = end;
		}
		p = le + 1;
	}
	return error;
}

/* ---- .spareparmdef --------------------------------------------------------------------- */

/*
 * The word after `key` on the first line in [p, end) that starts with it
 * (after indentation), quotes stripped, copied; 0 when absent.  Only a line's
 * first word is a key: "label \"Output type to use\"" holds no type.
 */
static int block_word(const char *p, const char *end, const char *key, char *out, size_t cap)
{
	size_t klen = strlen(key), n = 0;
	while (p < end) {
		const char *le = memchr(p, '\n', (size_t)(end - p));
		if (!le)
			le = end;
		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(le - p) > klen && memcmp(p, key, klen) == 0 &&
		    (p[klen] == ' ' || p[klen] == '\t')) {
			p += klen;
			while (p < le && (*p == ' ' || *p == '\t' || *p == '"'))
				p++;
			while (p + n < le && p[n] != '"' && p[n] != ' ' && p[n] != '\r')
				n++;
			if (n == 0 || n >= cap)
				return 0;
			memcpy(out, p, n);
			out[n] = '\0';
			return 1;
		}
		p = le + 1;
	}
	return 0;
}

/* The '}' that closes the block whose '{' is the first brace from p (braces balance), else end. */
static const char *block_end(const char *p, const char *end)
{
	int depth = 0;
	for (; p < end; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && --depth == 0)
			return p;
	}
	return end;
}

/* One "parm {" block at p (nested blocks excluded): its name and type, kept when it names a file to read. */
static int spare_block(hu_node *node, const char *p, const char *end)
{
	static const char write_mode[] = "\"filechooser_mode\" \"write\"";
	char name[256], type[32], entry[260];
	const char *inner = p + 5, *stop, *close;
	/* name and type come before any nested block such as parmtag { }: up to the first brace */
	stop = memchr(inner + 1, '{', (size_t)(end - inner - 1));
	if (!stop)
		stop = end;
	close = memchr(inner + 1, '}', (size_t)(stop - inner - 1));
	if (close)
		stop = close;
	if (!block_word(inner, stop, "name", name, sizeof(name)) ||
	    !block_word(inner, stop, "type", type, sizeof(type)))
		return 0;
	if (strcmp(type, "file") != 0 && strcmp(type, "image") != 0 && strcmp(type, "geometry") != 0)
		return 0;
	close = block_end(inner, end);
	/* written by the node: an output */
	if (span_find(inner, (size_t)(close - inner), write_mode, sizeof(write_mode) - 1, 1))
		return 0;
	entry[0] = type[0];
	memcpy(entry + 1, name, strlen(name) + 1);
	if (!node_extra(node))
		return SP_ENOMEM;
	return hu_strvec_push(&node->extra->spare_files, entry);
}

int hu_parse_spareparmdef(hu_node *node, const char *data, size_t len)
{
	const char *p = data, *end = data + len, *hit;
	int error = 0;
	/* "parm {" as a word: not the end of "multiparm {" */
	while (error == 0 && (hit = span_find(p, (size_t)(end - p), "parm {", 6, 5)) != NULL) {
		if (hit == data || hit[-1] == ' ' || hit[-1] == '\t' || hit[-1] == '\n')
			error = spare_block(node, hit, end);
		p = hit + 6;
	}
	return error;
}

/* ---- .variables / .start / .OPlibraries --------------------------------------------------- */

static int parse_set(hu_store *st, const char *p, const char *le)
{
	const char *name, *eq, *v, *ve;
	int error;
	name = p + 7; /* "set -g " */
	eq = name;
	while (eq < le && *eq != ' ' && *eq != '=')
		eq++;
	if (eq == name)
		return 0;
	v = eq;
	while (v < le && (*v == ' ' || *v == '='))
		v++;
	ve = le;
	while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
		ve--;
	if (ve - v >= 2 && *v == '\'' && ve[-1] == '\'') {
		v++;
		ve--;
	}
	error = hu_strvec_pushn(&st->var_names, name, (size_t)(eq - name));
	if (error == 0)
		error = hu_strvec_pushn(&st->var_values, v, (size_t)(ve - v));
	return error;
}

int hu_parse_variables(hu_store *st, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	int error = 0;
	while (p < end && error == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (le - p > 7 && memcmp(p, "set -g ", 7) == 0)
			error = parse_set(st, p, le);
		p = le + 1;
	}
	return error;
}

static void start_number(const char *data, size_t len, const char *key, size_t field, double *out)
{
	char line[256], *s = line, *tok;
	double d;
	if (!find_line(data, len, key, line, sizeof(line)))
		return;
	for (size_t i = 0; i <= field; i++) {
		while (*s == ' ')
			s++;
		tok = s;
		while (*s && *s != ' ' && *s != '\r')
			s++;
		if (i == field) {
			*s = '\0';
			if (hu_parse_double(tok, &d) == 0)
				*out = d;
		}
	}
}

void hu_parse_start(hu_store *st, const char *data, size_t len)
{
	double tstart = NAN, tend = NAN;
	start_number(data, len, "fps ", 0, &st->fps);
	start_number(data, len, "tcur ", 0, &st->tcur);
	start_number(data, len, "frange ", 0, &st->rfstart);
	start_number(data, len, "frange ", 1, &st->rfend);
	/*
	 * "tset START END" (seconds) is the global range, which $FSTART and $FEND
	 * name: frame START*fps+1 to END*fps, so "tset 0 10" at 24 fps is 1 to 240
	 * and "tset -0.0333 20" at 30 fps is 0 to 600 (a hip caching f2 = $FEND as
	 * 600 shows it).  "frange" is only the playbar's ($RFSTART/$RFEND).  A file
	 * without tset keeps the playbar.
	 */
	start_number(data, len, "tset ", 0, &tstart);
	start_number(data, len, "tset ", 1, &tend);
	if (isfinite(tstart) && isfinite(tend) && st->fps > 0 && fabs(tstart) < 1e9 && fabs(tend) < 1e9) {
		st->fstart = floor(tstart * st->fps + 0.5) + 1;
		st->fend = floor(tend * st->fps + 0.5);
	} else {
		st->fstart = st->rfstart;
		st->fend = st->rfend;
	}
}

int hu_parse_libraries(hu_store *st, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	int error = 0;
	while (p < end && error == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		while (le > p && (le[-1] == '\r' || le[-1] == ' '))
			le--;
		if (le > p)
			error = hu_strvec_pushn(&st->libraries, p, (size_t)(le - p));
		p = (nl ? nl : end) + 1;
	}
	return error;
}
