#include "ma_layers.h"
#include "ma_attrs.h"

#include <math.h>
#include <stdio.h>

void ma_ovr_dispose(ma_ovr_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		ma_free(l->items[i].node);
		ma_free(l->items[i].attr);
		ma_free(l->items[i].value);
		ma_free(l->items[i].from);
	}
	ma_free(l->items);
	memset(l, 0, sizeof(*l));
}

int ma_ovr_push(ma_ovr_list *l, const char *node, const char *attr, const char *value, const char *from,
                uint64_t line)
{
	ma_ovr *o;
	if (ma_grow((void **)&l->items, &l->cap, l->count + 1, sizeof(ma_ovr)) < 0)
		return SP_ENOMEM;
	o = &l->items[l->count];
	memset(o, 0, sizeof(*o));
	while (*node == ':')
		node++;
	if (strrchr(node, '|'))
		node = strrchr(node, '|') + 1; /* "|persp|perspShape" plugs name the shape */
	o->node = ma_strdup(node);
	o->attr = ma_strdup(ma_attr_canon(attr));
	o->value = ma_strdup(value);
	o->from = ma_strdup(from);
	o->written = NULL;
	o->line = line;
	if (!o->node || !o->attr || !o->value || !o->from) {
		ma_free(o->node);
		ma_free(o->attr);
		ma_free(o->value);
		ma_free(o->from);
		return SP_ENOMEM;
	}
	l->count++;
	return 0;
}

static const char *list_value(const ma_ovr_list *l, const char *node, const char *canon)
{
	if (!l)
		return NULL;
	for (size_t i = l->count; i-- > 0;)
		if (strcmp(l->items[i].node, node) == 0 && strcmp(l->items[i].attr, canon) == 0)
			return l->items[i].value;
	return NULL;
}

const char *ma_layer_value(const ma_layer_eval *le, const char *node, const char *attr)
{
	const char *canon = ma_attr_canon(attr), *v;
	v = list_value(&le->own, node, canon);
	if (!v && !le->active)
		v = list_value(le->master, node, canon);
	if (!v)
		v = ma_node_value(ma_store_find(&le->w->store, node), canon);
	return v;
}

/* "adjs[3].plg" -> "adjs[3].val" in `out`; 0 when `attr` is no adjustment plug. */
static int adjustment_value_name(char *out, size_t size, const char *attr)
{
	size_t n = strlen(attr);
	if (strncmp(attr, "adjs[", 5) != 0 || n < 10 || strcmp(attr + n - 4, ".plg") != 0 || n + 1 > size)
		return 0;
	memcpy(out, attr, n - 3);
	memcpy(out + n - 3, "val", 4);
	return 1;
}

int ma_collect_adjustments(ma_ovr_list *out, const ma_store *st, const ma_node *layer)
{
	char name[256];
	for (size_t i = 0; i < st->nconn; i++) {
		const ma_conn *c = &st->conns[i];
		const ma_attr *val;
		if (strcmp(c->dst, layer->name) != 0 ||
		    !adjustment_value_name(name, sizeof(name), c->dst_attr))
			continue;
		val = ma_node_attr(layer, name);
		if (!val || !val->value)
			continue;
		if (ma_ovr_push(out, c->src, c->src_attr, val->value, layer->name, val->line) < 0)
			return SP_ENOMEM;
		out->items[out->count - 1].written = c->src_attr;
	}
	return 0;
}

/* The node wired as `<src>.<sattr>` into `<dst>.<dattr>` (a .pls or .sel plug), or NULL. */
static const ma_node *source_of(const ma_store *st, const ma_map *wires, const char *dst, const char *dattr,
                                const char *sattr)
{
	char key[512];
	size_t idx;
	snprintf(key, sizeof(key), "%s\n%s", dst, dattr);
	if (!ma_map_get(wires, key, &idx) || strcmp(st->conns[idx - 1].src_attr, sattr) != 0)
		return NULL;
	return ma_store_find(st, st->conns[idx - 1].src);
}

static int node_enabled(const ma_node *n)
{
	return ma_parse_bool(ma_node_value(n, "sen"), 1) && ma_parse_bool(ma_node_value(n, "en"), 1);
}

/*
 * Walk from an override up its parents (`parent.lit` -> `child.pls`) to its
 * layer.  Returns the layer, or NULL when a node on the way is disabled;
 * *coll receives the nearest collection that has a selector.
 */
static const ma_node *override_layer(const ma_store *st, const ma_map *wires, const ma_node *ovr,
                                     const ma_node **coll, const ma_node **sel)
{
	const ma_node *n = ovr;
	*coll = *sel = NULL;
	for (int depth = 0; n && depth < 64; depth++) {
		if (!node_enabled(n))
			return NULL;
		if (strcmp(n->ti->name, "renderSetupLayer") == 0)
			return n;
		if (!*sel && n != ovr) {
			*sel = source_of(st, wires, n->name, "sel", "c");
			if (*sel)
				*coll = n;
			else if (!*coll && strstr(n->ti->name, "ettingsCollection"))
				*coll = n;
		}
		n = source_of(st, wires, n->name, "pls", "lit");
	}
	return NULL;
}

/*
 * Glob with '*' and '?' over the whole name.  Iterative, backtracking only to
 * the last '*', so a hostile pattern costs at most len(pat) * len(s) steps.
 */
static int glob_match(const char *pat, const char *s)
{
	const char *star = NULL, *retry = NULL;
	while (*s) {
		if (*pat == '*') {
			star = pat++;
			retry = s;
		} else if (*pat == '?' || *pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++retry;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

/* 1 when `name` is listed in a selector's static selection (DAG paths compared by last part). */
static int in_selection(const char *ssl, const char *name)
{
	size_t n = strlen(name);
	const char *p = ssl;
	while (p && *p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *last = p;
		for (const char *q = p; q < p + len; q++)
			if (*q == '|')
				last = q + 1;
		if ((size_t)(p + len - last) == n && memcmp(last, name, n) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

static int pattern_match(const char *pat, const char *name)
{
	char one[256];
	while (pat && *pat) {
		size_t len = strcspn(pat, " ;,");
		if (len > 0 && len < sizeof(one)) {
			memcpy(one, pat, len);
			one[len] = '\0';
			if (glob_match(one, name))
				return 1;
		}
		pat += len;
		pat += strspn(pat, " ;,");
	}
	return 0;
}

/* A node is selected when it or one of its DAG parents is named by the selector. */
static int selected(const ma_store *st, const ma_node *sel, const ma_node *n)
{
	const char *ssl = ma_node_value(sel, "ssl"), *pat = ma_node_value(sel, "pat");
	for (int depth = 0; n && depth < 64; depth++) {
		if ((ssl && in_selection(ssl, n->name)) || (pat && pattern_match(pat, n->name)))
			return 1;
		n = n->parent ? ma_store_find(st, n->parent) : NULL;
	}
	return 0;
}

static const char *const render_settings_nodes[] = {"defaultRenderGlobals", "defaultResolution",
                                                    "defaultArnoldDriver", "vraySettings", "redshiftOptions"};

static int is_settings_node(const char *name)
{
	for (size_t i = 0; i < sizeof(render_settings_nodes) / sizeof(render_settings_nodes[0]); i++)
		if (strcmp(render_settings_nodes[i], name) == 0)
			return 1;
	return 0;
}

/* Default values of the settings a relative override may scale when the file leaves them unset. */
static double setting_default(const ma_walk *w, const char *canon)
{
	double width, height;
	ma_default_resolution(w, &width, &height);
	if (strcmp(canon, "ef") == 0)
		return 10;
	if (strcmp(canon, "w") == 0)
		return width;
	if (strcmp(canon, "h") == 0)
		return height;
	return strcmp(canon, "fs") == 0 || strcmp(canon, "bfs") == 0 || strcmp(canon, "bf") == 0 ? 1 : 0;
}

static int apply_one(ma_layer_eval *le, const ma_node *ovr, const char *target, const char *attr)
{
	const char *value = ma_node_value(ovr, "atv");
	char num[64];
	if (strstr(ovr->ti->name, "rel")) {
		double base, mul = 1, ofs = 0;
		const char *cur = ma_layer_value(le, target, attr);
		if (!cur || ma_parse_double(cur, &base) < 0)
			base = setting_default(le->w, ma_attr_canon(attr));
		if (ma_parse_double(ma_node_value(ovr, "mul"), &mul) < 0)
			mul = 1;
		if (ma_parse_double(ma_node_value(ovr, "ofs"), &ofs) < 0)
			ofs = 0;
		ma_format_double(num, sizeof(num), base * mul + ofs);
		value = num;
	}
	if (!value)
		return 0;
	if (ma_ovr_push(&le->own, target, attr, value, ovr->name,
	                ma_node_attr(ovr, "atv") ? ma_node_attr(ovr, "atv")->line : ovr->line) < 0)
		return SP_ENOMEM;
	le->own.items[le->own.count - 1].written = ma_node_value(ovr, "atr");
	return 0;
}

/*
 * Only values the layer evaluation or the file table reads are worth
 * keeping: a "*" collection in a large scene would otherwise copy one
 * override per node.
 */
static int target_matters(const ma_node *n, const char *attr, int path_attr)
{
	if (n->ti->cls == MA_TYPE_CAMERA || is_settings_node(n->name) || ma_node_has_uaf(n, attr))
		return 1;
	return path_attr && ma_node_path_attr(n, attr) != NULL;
}

/* Targets: .tgName of unique overrides, else every stored node the collection's selector picks. */
static int apply_override(ma_layer_eval *le, const ma_node *ovr, const ma_node *coll, const ma_node *sel)
{
	const ma_store *st = &le->w->store;
	const char *attr = ma_node_value(ovr, "atr"), *tg = ma_node_value(ovr, "tgName");
	int settings = coll && strstr(coll->ti->name, "ettingsCollection") != NULL, path_attr;
	if (!attr)
		return 0;
	path_attr = ma_path_attr_any(attr) != NULL; /* once per override, not per node */
	if (tg && *tg)
		return apply_one(le, ovr, tg, attr);
	for (size_t i = 0; i < le->rs->ntarget; i++) {
		const ma_node *n = le->rs->targets[i];
		int hit;
		if (!target_matters(n, attr, path_attr))
			continue;
		hit = sel ? selected(st, sel, n) : 0;
		if (!hit && settings && !(sel && ma_node_value(sel, "ssl")))
			hit = is_settings_node(n->name);
		if (hit) {
			int error = apply_one(le, ovr, n->name, attr);
			if (error < 0)
				return error;
		}
	}
	return 0;
}

int ma_collect_rs_overrides(ma_layer_eval *le)
{
	if (!le->rs_layer)
		return 0;
	for (size_t i = 0; i < le->rs->noverride; i++) {
		const ma_rs_override *o = &le->rs->overrides[i];
		int error;
		if (o->layer != le->rs_layer)
			continue;
		error = apply_override(le, o->node, o->coll, o->sel);
		if (error < 0)
			return error;
	}
	return 0;
}

static int index_target(ma_rs_index *ix, const ma_node *n)
{
	if (ma_grow((void **)&ix->targets, &ix->target_cap, ix->ntarget + 1, sizeof(*ix->targets)) < 0)
		return SP_ENOMEM;
	ix->targets[ix->ntarget++] = n;
	return 0;
}

static int index_override(ma_rs_index *ix, const ma_store *st, const ma_node *n)
{
	ma_rs_override *o;
	if (ma_grow((void **)&ix->overrides, &ix->override_cap, ix->noverride + 1, sizeof(*ix->overrides)) <
	    0)
		return SP_ENOMEM;
	o = &ix->overrides[ix->noverride++];
	o->node = n;
	o->layer = override_layer(st, &ix->wires, n, &o->coll, &o->sel);
	return 0;
}

static int index_wires(ma_rs_index *ix, const ma_store *st)
{
	char key[512];
	size_t dummy;
	for (size_t i = 0; i < st->nconn; i++) {
		const ma_conn *c = &st->conns[i];
		if (strcmp(c->dst_attr, "pls") != 0 && strcmp(c->dst_attr, "sel") != 0)
			continue;
		snprintf(key, sizeof(key), "%s\n%s", c->dst, c->dst_attr);
		if (!ma_map_get(&ix->wires, key, &dummy) && ma_map_set(&ix->wires, key, i + 1) < 0)
			return SP_ENOMEM;
	}
	return 0;
}

int ma_rs_index_build(ma_rs_index *ix, const ma_store *st)
{
	int error;
	memset(ix, 0, sizeof(*ix));
	error = index_wires(ix, st);
	for (size_t i = 0; error >= 0 && i < st->nnode; i++) {
		const ma_node *n = st->nodes[i];
		if (n->ti->cls == MA_TYPE_LAYER &&
		    (strstr(n->ti->name, "Override") || strstr(n->ti->name, "override")))
			error = index_override(ix, st, n);
		else if (n->ti->rows || (n->x && n->x->uaf) || n->ti->cls == MA_TYPE_CAMERA ||
		         is_settings_node(n->name))
			error = index_target(ix, n);
	}
	return error;
}

void ma_rs_index_dispose(ma_rs_index *ix)
{
	ma_free(ix->overrides);
	ma_free(ix->targets);
	ma_map_dispose(&ix->wires);
	memset(ix, 0, sizeof(*ix));
}
