#include "ma_store.h"

/* What a node holds outside the arena. */
static void node_free(ma_node *n)
{
	ma_node_extra *x = n->x;
	if (!x)
		return;
	for (size_t i = 0; i < x->nattr; i++)
		ma_free(x->attrs[i].value);
	ma_free(x->attrs);
	if (x->uaf)
		ma_strvec_dispose(x->uaf);
	ma_free(x->uaf);
	ma_map_dispose(&x->index);
	ma_free(x);
}

static ma_node_extra *node_extra(ma_node *n)
{
	if (!n->x)
		n->x = ma_calloc(1, sizeof(*n->x));
	return n->x;
}

static ma_type *type_new(const char *name)
{
	ma_type *t = ma_calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->rows = ma_path_attrs_of(name, &t->nrows);
	t->cls = ma_type_class_of(name);
	if (t->nrows) {
		t->canon = ma_malloc(t->nrows * sizeof(*t->canon));
		if (!t->canon) {
			ma_free(t);
			return NULL;
		}
		for (size_t i = 0; i < t->nrows; i++)
			t->canon[i] = ma_attr_canon(t->rows[i].sname);
	}
	return t;
}

static void type_free(ma_type *t)
{
	if (t) {
		ma_free(t->canon);
		ma_map_dispose(&t->wanted);
	}
	ma_free(t);
}

void ma_store_dispose(ma_store *st)
{
	for (size_t i = 0; i < st->nnode; i++)
		node_free(st->nodes[i]);
	ma_free(st->nodes);
	ma_free(st->by_name);
	ma_arena_dispose(&st->arena);
	for (size_t i = 0; i < st->types.items.count && i < st->type_info_cap; i++)
		type_free(st->type_info[i]);
	ma_strset_dispose(&st->types);
	ma_free(st->type_info);
	ma_strset_dispose(&st->attr_names);
	for (size_t i = 0; i < st->nconn; i++) {
		ma_free(st->conns[i].src);
		ma_free(st->conns[i].src_attr);
		ma_free(st->conns[i].dst);
		ma_free(st->conns[i].dst_attr);
	}
	ma_free(st->conns);
	memset(st, 0, sizeof(*st));
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot holding `name`, or the empty slot where it would go. */
static ma_name_slot *name_slot(const ma_store *st, const char *name, uint32_t hash)
{
	size_t mask = st->nslot - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		ma_name_slot *s = &st->by_name[i];
		if (!s->node || (s->hash == hash && strcmp(st->nodes[s->node - 1]->name, name) == 0))
			return s;
	}
}

static ma_node *find_exact(const ma_store *st, const char *name)
{
	const ma_name_slot *s;
	if (!st->nslot)
		return NULL;
	s = name_slot(st, name, name_hash(name));
	return s->node ? st->nodes[s->node - 1] : NULL;
}

ma_node *ma_store_find(const ma_store *st, const char *name)
{
	ma_node *n;
	const char *bar;
	if (!name)
		return NULL;
	while (*name == ':')
		name++;
	n = find_exact(st, name);
	if (n)
		return n;
	bar = strrchr(name, '|');
	return bar ? find_exact(st, bar + 1) : NULL;
}

/* Room for one more name with the table at most half full. */
static int grow_names(ma_store *st)
{
	size_t n = st->nslot ? st->nslot * 2 : 1024;
	ma_name_slot *slots;
	if (st->nnode + 1 <= st->nslot / 2)
		return 0;
	if (n > SIZE_MAX / sizeof(*slots))
		return SP_ENOMEM;
	slots = ma_calloc(n, sizeof(*slots));
	if (!slots)
		return SP_ENOMEM;
	for (size_t i = 0; i < st->nslot; i++) {
		const ma_name_slot *s = &st->by_name[i];
		size_t j = s->hash & (n - 1);
		if (!s->node)
			continue;
		while (slots[j].node)
			j = (j + 1) & (n - 1);
		slots[j] = *s;
	}
	ma_free(st->by_name);
	st->by_name = slots;
	st->nslot = n;
	return 0;
}

/* Point the node at its type as the store keeps it, with what the file table and the walk make of it. */
static int set_type(ma_store *st, ma_node *n, const char *type)
{
	size_t pos, known = st->types.items.count;
	for (size_t i = 0; i < sizeof(st->recent_types) / sizeof(*st->recent_types); i++)
		if (st->recent_types[i] && strcmp(st->recent_types[i]->name, type) == 0) {
			n->ti = st->recent_types[i];
			return 0;
		}
	if (ma_strset_add(&st->types, type, &pos) < 0)
		return SP_ENOMEM;
	if (pos >= st->type_info_cap) {
		size_t cap = st->type_info_cap;
		if (ma_grow((void **)&st->type_info, &st->type_info_cap, pos + 1, sizeof(ma_type *)) < 0)
			return SP_ENOMEM;
		memset(st->type_info + cap, 0, (st->type_info_cap - cap) * sizeof(ma_type *));
	}
	if (pos >= known || !st->type_info[pos]) /* new (or its info was lost to a failed allocation) */
		st->type_info[pos] = type_new(type);
	if (!st->type_info[pos])
		return SP_ENOMEM;
	st->type_info[pos]->name = st->types.items.items[pos];
	n->ti = st->type_info[pos];
	st->recent_types[st->recent_next++ % (sizeof(st->recent_types) / sizeof(*st->recent_types))] = n->ti;
	return 0;
}

int ma_store_add(ma_node **out, ma_store *st, const char *name, const char *type)
{
	ma_node *n;
	ma_name_slot *slot;
	const char *bar;
	uint32_t hash;
	while (*name == ':')
		name++;
	/* the table grows first, so the slot looked up stays the one a new node takes */
	if (st->nnode >= UINT32_MAX - 1)
		return SP_ETOOBIG;
	if (grow_names(st) < 0)
		return SP_ENOMEM;
	hash = name_hash(name);
	slot = name_slot(st, name, hash);
	n = slot->node ? st->nodes[slot->node - 1] : NULL;
	if (!n && (bar = strrchr(name, '|')) != NULL) /* as ma_store_find: a DAG path by its last part */
		n = find_exact(st, bar + 1);
	if (n) {
		if (!n->ti->name[0] && type[0] && set_type(st, n, type) < 0)
			return SP_ENOMEM;
		*out = n;
		return 0;
	}
	if (ma_grow((void **)&st->nodes, &st->node_cap, st->nnode + 1, sizeof(ma_node *)) < 0)
		return SP_ENOMEM;
	n = ma_arena_alloc(&st->arena, sizeof(*n), _Alignof(ma_node)); /* (not max_align_t: 8 bytes a node) */
	if (!n || !(n->name = ma_arena_strdup(&st->arena, name)) || set_type(st, n, type) < 0)
		return SP_ENOMEM; /* what the arena gave stays there until the store goes */
	st->nodes[st->nnode++] = n;
	slot->node = (uint32_t)st->nnode;
	slot->hash = hash;
	*out = n;
	return 0;
}

int ma_store_set_parent(ma_store *st, ma_node *node, const char *parent)
{
	const ma_node *known;
	if (node->parent)
		return 0;
	if (*parent == ':')
		parent++;
	/* most parents are named as the node they are: its name is shared, not copied */
	known = find_exact(st, parent);
	node->parent = known ? known->name : ma_arena_strdup(&st->arena, parent);
	return node->parent ? 0 : SP_ENOMEM;
}

int ma_node_set_shared(ma_node *node, int shared)
{
	ma_node_extra *x = shared ? node_extra(node) : node->x;
	if (shared && !x)
		return SP_ENOMEM;
	if (x)
		x->shared = shared;
	return 0;
}

int ma_node_add_uaf(ma_node *node, const char *attr)
{
	ma_node_extra *x = node_extra(node);
	if (!x || (!x->uaf && !(x->uaf = ma_calloc(1, sizeof(*x->uaf)))))
		return SP_ENOMEM;
	return ma_strvec_push(x->uaf, attr);
}

int ma_node_has_uaf(const ma_node *node, const char *attr)
{
	return node->x && node->x->uaf && attr && ma_strvec_has(node->x->uaf, attr);
}

/* Past this many attributes a node gets a hash index: lookups stay O(1) on layers with thousands of .adjs. */
#define MA_ATTR_INDEX_FROM 32

static int index_attr(ma_node_extra *x)
{
	size_t from = x->index.idx ? x->nattr - 1 : 0;
	if (x->nattr < MA_ATTR_INDEX_FROM)
		return 0;
	for (size_t i = from; i < x->nattr; i++)
		if (ma_map_set(&x->index, x->attrs[i].name, i) < 0)
			return SP_ENOMEM;
	return 0;
}

/* The index of the attribute whose canonical name is `canon`, or -1. */
static ptrdiff_t canon_index(const ma_node *node, const char *canon)
{
	const ma_node_extra *x = node ? node->x : NULL;
	if (!x)
		return -1;
	if (x->index.idx) {
		size_t idx;
		return ma_map_get(&x->index, canon, &idx) ? (ptrdiff_t)idx : -1;
	}
	for (size_t i = x->nattr; i-- > 0;)
		if (strcmp(x->attrs[i].name, canon) == 0)
			return (ptrdiff_t)i;
	return -1;
}

static ptrdiff_t attr_index(const ma_node *node, const char *name)
{
	return node && node->x ? canon_index(node, ma_attr_canon(name)) : -1;
}

const ma_attr *ma_node_attr(const ma_node *node, const char *name)
{
	ptrdiff_t i = attr_index(node, name);
	return i < 0 ? NULL : &node->x->attrs[i];
}

const char *ma_node_value(const ma_node *node, const char *name)
{
	const ma_attr *a = ma_node_attr(node, name);
	return a ? a->value : NULL;
}

const ma_path_attr *ma_node_path_attr(const ma_node *node, const char *attr)
{
	const ma_type *t = node->ti;
	const char *canon;
	if (!t->rows)
		return NULL;
	canon = ma_attr_canon(attr);
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->canon[i], canon) == 0 || strcmp(t->rows[i].lname, attr) == 0)
			return &t->rows[i];
	return NULL;
}

/* Room for one more attribute: most nodes the walk keeps have one or two. */
static int grow_attrs(ma_node_extra *x)
{
	if (x->attr_cap == 0) {
		x->attrs = ma_malloc(2 * sizeof(ma_attr));
		if (!x->attrs)
			return SP_ENOMEM;
		x->attr_cap = 2;
		return 0;
	}
	return ma_grow((void **)&x->attrs, &x->attr_cap, x->nattr + 1, sizeof(ma_attr));
}

int ma_node_set(ma_store *st, ma_node *node, const char *written, const char *value, int is_string,
                uint64_t line)
{
	const char *canon = ma_attr_canon(written);
	ptrdiff_t idx = canon_index(node, canon);
	ma_attr *a = idx < 0 ? NULL : &node->x->attrs[idx];
	ma_node_extra *x;
	size_t name_pos, written_pos;
	char *v = NULL;
	if (value) {
		v = ma_strdup(value);
		if (!v)
			return SP_ENOMEM;
	}
	if (!a) {
		if (ma_strset_add(&st->attr_names, canon, &name_pos) < 0 ||
		    ma_strset_add(&st->attr_names, written, &written_pos) < 0 || !(x = node_extra(node)) ||
		    grow_attrs(x) < 0) {
			ma_free(v);
			return SP_ENOMEM;
		}
		a = &x->attrs[x->nattr];
		memset(a, 0, sizeof(*a));
		a->name = st->attr_names.items.items[name_pos];
		a->written = st->attr_names.items.items[written_pos];
		x->nattr++;
		if (index_attr(x) < 0) {
			ma_free(v);
			return SP_ENOMEM;
		}
	}
	if (!v)
		return 0; /* a flag-only setAttr keeps what was there */
	ma_free(a->value);
	a->value = v;
	a->is_string = is_string;
	a->line = line;
	return 0;
}

int ma_split_plug(char **node_out, char **attr_out, const char *plug)
{
	const char *dot;
	while (*plug == ':')
		plug++;
	dot = strchr(plug, '.');
	*node_out = dot ? ma_strndup(plug, (size_t)(dot - plug)) : ma_strdup(plug);
	*attr_out = ma_strdup(dot ? dot + 1 : "");
	if (!*node_out || !*attr_out) {
		ma_free(*node_out);
		ma_free(*attr_out);
		*node_out = *attr_out = NULL;
		return SP_ENOMEM;
	}
	return 0;
}

int ma_store_connect(ma_store *st, const char *src_plug, const char *dst_plug)
{
	ma_conn c = {NULL, NULL, NULL, NULL};
	if (ma_grow((void **)&st->conns, &st->conn_cap, st->nconn + 1, sizeof(ma_conn)) < 0)
		return SP_ENOMEM;
	if (ma_split_plug(&c.src, &c.src_attr, src_plug) < 0)
		return SP_ENOMEM;
	if (ma_split_plug(&c.dst, &c.dst_attr, dst_plug) < 0) {
		ma_free(c.src);
		ma_free(c.src_attr);
		return SP_ENOMEM;
	}
	st->conns[st->nconn++] = c;
	return 0;
}
