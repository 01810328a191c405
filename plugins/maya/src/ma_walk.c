#include "ma_walk.h"
#include "ma_attrs.h"

/* Default nodes reached with `select -ne :name` carry no type in the file. */
static const char *default_node_type(const char *name)
{
	static const struct {
		const char *name, *type;
	} defaults[] = {
	    {"defaultRenderGlobals", "renderGlobals"},
	    {"defaultResolution", "resolution"},
	    {"time1", "time"},
	    {"defaultColorMgtGlobals", "colorManagementGlobals"},
	    {"defaultArnoldDriver", "aiAOVDriver"},
	    {"vraySettings", "VRaySettingsNode"},
	    {"redshiftOptions", "RedshiftOptions"},
	    {"defaultRenderLayer", "renderLayer"},
	    {"renderLayerManager", "renderLayerManager"},
	    {"rmanGlobals", "rmanGlobals"},
	};
	while (*name == ':')
		name++;
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		if (strcmp(defaults[i].name, name) == 0)
			return defaults[i].type;
	return "";
}

/*
 * On a node type of the file table, its path attributes and the switches
 * that change what they mean; never its bulk data (a `mesh` has a path
 * attribute, and megabytes of vertices the walk must skip unread).
 */
static int path_attr_wanted_uncached(const ma_node *n, const char *base)
{
	static const char *const switches[] = {"uvt", "ufe", "cn",          "fm",
	                                       "t",   "cfe", "ocioEnabled", "backPlateEnabled"};
	const char *canon = ma_attr_canon(base);
	size_t len;
	for (size_t i = 0; i < sizeof(switches) / sizeof(switches[0]); i++)
		if (strcmp(canon, switches[i]) == 0)
			return n->ti->rows != NULL;
	if (ma_node_path_attr(n, base))
		return 1;
	/* compound children such as .rep[0].rda name their row with the parent's short name */
	len = n->ti->nrows;
	for (const ma_path_attr *row = n->ti->rows; row && len--; row++)
		if (strchr(row->sname, '.') && strncmp(row->sname, base, strlen(base)) == 0 &&
		    row->sname[strlen(base)] == '.')
			return 1;
	return 0;
}

/* The answer depends on the type and the name up to its first '[' only: it is remembered per type. */
static int path_attr_wanted(const ma_node *n, const char *attr)
{
	char base[256];
	size_t len = strcspn(attr, "["), known;
	ma_type *ti = n->ti;
	int wanted;
	if (len >= sizeof(base))
		return 0;
	for (size_t k = 0; len > 0 && len < MA_TYPE_RECENT_LEN && k < MA_TYPE_RECENT; k++)
		if (ti->recent[k].len == len && memcmp(ti->recent[k].name, attr, len) == 0)
			return ti->recent[k].wanted;
	memcpy(base, attr, len);
	base[len] = '\0';
	if (ma_map_get(&ti->wanted, base, &known)) {
		wanted = (int)known;
	} else {
		wanted = path_attr_wanted_uncached(n, base);
		if (sp_index_count(ti->wanted.idx) < MA_TYPE_WANTED_MAX)
			(void)ma_map_set(&ti->wanted, base,
			                 (size_t)wanted); /* out of memory: asked again next time */
	}
	if (len > 0 && len < MA_TYPE_RECENT_LEN) {
		unsigned k = ti->recent_next++ % MA_TYPE_RECENT;
		memcpy(ti->recent[k].name, attr, len);
		ti->recent[k].len = (unsigned char)len;
		ti->recent[k].wanted = (unsigned char)wanted;
	}
	return wanted;
}

int ma_walk_attr_wanted(const ma_node *n, const char *attr)
{
	if (!n)
		return 0;
	if (*attr == '.')
		attr++;
	switch (n->ti->cls) {
	case MA_TYPE_CAMERA:
		return strcmp(ma_attr_canon(attr), "rnd") == 0;
	case MA_TYPE_TIME:
		return strcmp(ma_attr_canon(attr), "o") == 0;
	case MA_TYPE_YETI:
		if (strcmp(ma_attr_canon(attr), "fm") == 0)
			return 1;
		break;
	case MA_TYPE_SETTINGS:
	case MA_TYPE_LAYER:
		return 1;
	case MA_TYPE_PLAIN:
		break;
	}
	return (n->ti->rows && path_attr_wanted(n, attr)) || ma_node_has_uaf(n, attr);
}

/* t is the word `lit` (its length first: most words differ in it). */
#define TOKEN_IS(t, lit) ((t)->len == sizeof(lit) - 1 && memcmp((t)->ptr, lit, sizeof(lit) - 1) == 0)

static ma_decision filter_setattr(const ma_walk *w, const ma_token *t, size_t n)
{
	size_t a = 1;
	while (a < n && !t[a].quoted)
		a++;
	if (a >= n)
		return MA_UNDECIDED;
	/* asked once, when the attribute arrives: later calls come only while it was not wanted */
	if (n == a + 1)
		return ma_walk_attr_wanted(w->cur, t[a].ptr) ? MA_KEEP : MA_UNDECIDED;
	if (!TOKEN_IS(&t[a + 1], "-type"))
		return MA_SKIP;
	if (n == a + 2)
		return MA_UNDECIDED;
	if (TOKEN_IS(&t[a + 2], "string") || TOKEN_IS(&t[a + 2], "stringArray"))
		return MA_KEEP_SMALL; /* kept for the path-looking fallback only */
	return TOKEN_IS(&t[a + 2], "dataReferenceEdits") ? MA_KEEP : MA_SKIP;
}

/* The commands the walk reads besides setAttr (a scene has millions of statements). */
static int kept_command(const ma_token *t)
{
	return TOKEN_IS(t, "createNode") || TOKEN_IS(t, "connectAttr") || TOKEN_IS(t, "select") ||
	       TOKEN_IS(t, "addAttr") || TOKEN_IS(t, "file") || TOKEN_IS(t, "requires") ||
	       TOKEN_IS(t, "currentUnit") || TOKEN_IS(t, "workspace");
}

static ma_decision filter(const ma_token *t, size_t n, void *payload)
{
	if (t[0].quoted)
		return MA_SKIP;
	if (TOKEN_IS(&t[0], "setAttr"))
		return n == 1 ? MA_UNDECIDED : filter_setattr(payload, t, n);
	return kept_command(&t[0]) ? MA_KEEP : MA_SKIP;
}

/* Value of flag `f` (or its long spelling) among t[from..n), or NULL. */
static const char *flag_value(const ma_token *t, size_t n, const char *f, const char *lf)
{
	for (size_t i = 1; i + 1 < n; i++)
		if (!t[i].quoted && (strcmp(t[i].ptr, f) == 0 || (lf && strcmp(t[i].ptr, lf) == 0)))
			return t[i + 1].ptr;
	return NULL;
}

static int has_flag(const ma_token *t, size_t n, const char *f, const char *lf)
{
	for (size_t i = 1; i < n; i++)
		if (!t[i].quoted && (strcmp(t[i].ptr, f) == 0 || (lf && strcmp(t[i].ptr, lf) == 0)))
			return 1;
	return 0;
}

static int oom(ma_walk *w)
{
	return sp_ctx_error(w->ses->ctx, SP_ENOMEM, "out of memory");
}

int ma_walk_create(ma_walk *w, const char *name, const char *type, const char *parent, int shared,
                   uint64_t line)
{
	ma_node *node;
	if (ma_store_add(&node, &w->store, name, type) < 0)
		return oom(w);
	node->line = line;
	if (ma_node_set_shared(node, shared) < 0)
		return oom(w);
	if (parent && ma_store_set_parent(&w->store, node, parent) < 0)
		return oom(w);
	w->cur = node;
	return 0;
}

/* `createNode type [-n name] [-p parent] [-s] ...`: its flags read in one pass (a scene has many). */
static int on_create_node(ma_walk *w, const ma_token *t, size_t n)
{
	const char *name = NULL, *parent = NULL;
	int shared = 0;
	if (n < 2) {
		w->cur = NULL;
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		const char *f = t[i].ptr;
		if (t[i].quoted || f[0] != '-')
			continue;
		if (!name && i + 1 < n && (strcmp(f, "-n") == 0 || strcmp(f, "-name") == 0))
			name = t[i + 1].ptr;
		else if (!parent && i + 1 < n && (strcmp(f, "-p") == 0 || strcmp(f, "-parent") == 0))
			parent = t[i + 1].ptr;
		else if (strcmp(f, "-s") == 0 || strcmp(f, "-shared") == 0)
			shared = 1;
	}
	return ma_walk_create(w, name ? name : t[1].ptr, t[1].ptr, parent, shared, w->lx.stmt_line);
}

int ma_walk_select(ma_walk *w, const char *name, uint64_t line)
{
	ma_node *node;
	if (ma_store_add(&node, &w->store, name, default_node_type(name)) < 0)
		return oom(w);
	if (!node->line)
		node->line = line;
	w->cur = node;
	return 0;
}

static int on_select(ma_walk *w, const ma_token *t, size_t n)
{
	const char *name = n >= 2 ? t[n - 1].ptr : NULL;
	if (!name || (!t[n - 1].quoted && name[0] == '-')) {
		w->cur = NULL;
		return 0;
	}
	return ma_walk_select(w, name, w->lx.stmt_line);
}

int ma_walk_set_element(ma_walk *w, const char *attr, size_t idx, const char *value, uint64_t line)
{
	char name[512];
	if (!w->cur || (!ma_walk_attr_wanted(w->cur, attr) && !ma_looks_like_path(value)))
		return 0; /* UI lists and the like: nothing to keep */
	snprintf(name, sizeof(name), "%.400s[%zu]", attr, idx);
	return ma_node_set(&w->store, w->cur, name, value, 1, line) < 0 ? oom(w) : 0;
}

static int set_array(ma_walk *w, const char *attr, const ma_token *t, size_t n, size_t v)
{
	size_t idx = 0;
	int error = 0;
	for (v++; error >= 0 && v < n; v++) /* the first value is the element count */
		if (t[v].quoted)
			error = ma_walk_set_element(w, attr, idx++, t[v].ptr, w->lx.stmt_line);
	return error;
}

/* `setAttr ".rlmi[1:5]" 1 2 3 4 5` sets each element. */
static int set_range(ma_walk *w, const char *attr, const ma_token *t, size_t n, size_t v)
{
	const char *open = strchr(attr, '['), *colon = strchr(attr, ':'), *close = strchr(attr, ']');
	char num[32], name[512];
	int64_t lo, hi;
	if (!open || !close || colon < open || colon > close || (size_t)(close - open) >= sizeof(num) ||
	    close[1] != '\0')
		return 0;
	memcpy(num, open + 1, (size_t)(colon - open - 1));
	num[colon - open - 1] = '\0';
	if (ma_parse_i64(num, &lo) < 0)
		return 0;
	memcpy(num, colon + 1, (size_t)(close - colon - 1));
	num[close - colon - 1] = '\0';
	if (ma_parse_i64(num, &hi) < 0 || hi < lo || hi - lo > 100000)
		return 0;
	for (int64_t i = lo; i <= hi && v < n; i++, v++) {
		snprintf(name, sizeof(name), "%.*s[%lld]", (int)(open - attr), attr, (long long)i);
		if (ma_node_set(&w->store, w->cur, name, t[v].ptr, 0, w->lx.stmt_line) < 0)
			return oom(w);
	}
	return 0;
}

static int on_set_attr(ma_walk *w, const ma_token *t, size_t n)
{
	size_t a = 1, v;
	const char *attr, *type = NULL, *value = NULL;
	int is_string = 0;
	while (a < n && !t[a].quoted)
		a++;
	if (!w->cur || a >= n)
		return 0;
	attr = t[a].ptr[0] == '.' ? t[a].ptr + 1 : t[a].ptr;
	v = a + 1;
	if (v + 1 < n && strcmp(t[v].ptr, "-type") == 0) {
		type = t[v + 1].ptr;
		v += 2;
	}
	if (type && strcmp(type, "stringArray") == 0)
		return set_array(w, attr, t, n, v);
	if (type && strcmp(type, "dataReferenceEdits") == 0)
		return ma_reference_edits(w, t, n, v);
	is_string = type && strcmp(type, "string") == 0;
	if (!type && strchr(attr, ':') && v + 1 < n)
		return set_range(w, attr, t, n, v);
	for (; v < n && !value; v++)
		if (!is_string || t[v].quoted)
			value = t[v].ptr;
	return ma_walk_set(w, attr, value, is_string, w->lx.stmt_line);
}

int ma_walk_set(ma_walk *w, const char *attr, const char *value, int is_string, uint64_t line)
{
	if (!w->cur)
		return 0;
	if (!value && !ma_walk_attr_wanted(w->cur, attr))
		return 0; /* `setAttr -k off ".v"` on a node of no interest: nothing to keep */
	if (is_string && value && !ma_walk_attr_wanted(w->cur, attr) && !ma_looks_like_path(value))
		return 0; /* a string of no interest: keep memory bounded */
	if (ma_node_set(&w->store, w->cur, attr, value, is_string, line) < 0)
		return oom(w);
	return 0;
}

static int on_add_attr(ma_walk *w, const ma_token *t, size_t n)
{
	const char *sn = flag_value(t, n, "-sn", "-shortName");
	const char *ln = flag_value(t, n, "-ln", "-longName");
	const char *dv = flag_value(t, n, "-dv", "-defaultValue");
	if (!w->cur)
		return 0;
	if (has_flag(t, n, "-uaf", "-usedAsFilename")) {
		if ((sn && ma_node_add_uaf(w->cur, sn) < 0) || (ln && ma_node_add_uaf(w->cur, ln) < 0))
			return oom(w);
	}
	/* Render Setup overrides declare their value attribute; unset, it holds the declared default. */
	if ((ma_streq(sn, "atv") || ma_streq(ln, "attrValue")) && flag_value(t, n, "-at", "-attributeType") &&
	    !ma_node_attr(w->cur, "atv")) {
		if (ma_node_set(&w->store, w->cur, "atv", dv ? dv : "0", 0, w->lx.stmt_line) < 0)
			return oom(w);
	}
	return 0;
}

/* The stored node a plug ("node.attr") names, or NULL; *oom set when a long name could not be copied. */
static const ma_node *plug_node(const ma_store *st, const char *plug, int *oom)
{
	char buf[256], *name = buf;
	const ma_node *n;
	size_t len;
	while (*plug == ':')
		plug++;
	len = strcspn(plug, ".");
	if (len >= sizeof(buf) && !(name = ma_malloc(len + 1))) {
		*oom = 1;
		return NULL;
	}
	memcpy(name, plug, len);
	name[len] = '\0';
	n = ma_store_find(st, name);
	if (name != buf)
		ma_free(name);
	return n;
}

int ma_walk_connect(ma_walk *w, const char *src_plug, const char *dst_plug)
{
	if (!strstr(dst_plug, ".adjs[")) {
		int oom_hit = 0;
		const ma_node *src = plug_node(&w->store, src_plug, &oom_hit);
		const ma_node *dst = plug_node(&w->store, dst_plug, &oom_hit);
		if (oom_hit)
			return oom(w);
		if (!(src && src->ti->cls == MA_TYPE_LAYER) && !(dst && dst->ti->cls == MA_TYPE_LAYER))
			return 0;
	}
	return ma_store_connect(&w->store, src_plug, dst_plug) < 0 ? oom(w) : 0;
}

static int on_connect(ma_walk *w, const ma_token *t, size_t n)
{
	const char *plugs[2] = {NULL, NULL};
	size_t k = 0;
	for (size_t i = 1; i < n && k < 2; i++)
		if (t[i].quoted)
			plugs[k++] = t[i].ptr;
	return k < 2 ? 0 : ma_walk_connect(w, plugs[0], plugs[1]);
}

/* A file referenced twice is written "rig.ma{1}": the copy number is no part of the path. */
static size_t copy_number_start(const char *path)
{
	size_t n = strlen(path), i;
	if (n < 3 || path[n - 1] != '}')
		return n;
	for (i = n - 1; i > 0 && path[i - 1] >= '0' && path[i - 1] <= '9'; i--)
		;
	return i > 1 && i < n - 1 && path[i - 1] == '{' ? i - 1 : n;
}

int ma_walk_add_reference(ma_walk *w, const char *path, const char *ns, const char *rfn, int depth,
                          int loaded, uint64_t line)
{
	ma_refstmt *r;
	if (ma_grow((void **)&w->refs, &w->ref_cap, w->nref + 1, sizeof(ma_refstmt)) < 0)
		return oom(w);
	r = &w->refs[w->nref];
	memset(r, 0, sizeof(*r));
	r->depth = loaded ? 0 : depth < 1 ? 1 : depth > 1000 ? 1000 : depth;
	r->loaded = loaded;
	r->line = line;
	r->path = ma_strndup(path, copy_number_start(path));
	r->ns = ma_strdup(ns);
	r->rfn = ma_strdup(rfn);
	w->nref++;
	return r->path && (!ns || r->ns) && (!rfn || r->rfn) ? 0 : oom(w);
}

static int on_file(ma_walk *w, const ma_token *t, size_t n)
{
	const char *rdi = flag_value(t, n, "-rdi", "-referenceDepthInfo");
	int loaded = has_flag(t, n, "-r", "-reference");
	int64_t depth = 1;
	if ((!rdi && !loaded) || !t[n - 1].quoted)
		return 0;
	if (rdi && ma_parse_i64(rdi, &depth) < 0)
		depth = 1;
	depth = depth < 1 ? 1 : depth > 1000 ? 1000 : depth;
	return ma_walk_add_reference(w, t[n - 1].ptr, flag_value(t, n, "-ns", "-namespace"),
	                             flag_value(t, n, "-rfn", "-referenceNode"), (int)depth, loaded,
	                             w->lx.stmt_line);
}

static int on_requires(ma_walk *w, const ma_token *t, size_t n)
{
	const char *q[2] = {NULL, NULL};
	for (size_t i = n; i-- > 1;) {
		if (!t[i].quoted)
			continue;
		q[0] = q[1] ? t[i].ptr : q[0];
		if (!q[1])
			q[1] = t[i].ptr;
		if (q[0])
			break;
	}
	if (n >= 3 && strcmp(t[1].ptr, "maya") == 0 && q[1]) {
		ma_free(w->requires_version);
		w->requires_version = ma_strdup(q[1]);
		return w->requires_version ? 0 : oom(w);
	}
	if (!q[0] || !q[1] || !q[0][0])
		return 0;
	return sp_scene_add_plugin(w->ses->scene, q[0], q[1], 0);
}

static int on_current_unit(ma_walk *w, const ma_token *t, size_t n)
{
	const char *unit = flag_value(t, n, "-t", "-time");
	if (!unit)
		return 0;
	ma_free(w->time_unit);
	w->time_unit = ma_strdup(unit);
	return w->time_unit ? 0 : oom(w);
}

/* (the filter let through only these commands, spelled as TOKEN_IS matches them) */
static int dispatch(ma_walk *w, const ma_token *t, size_t n)
{
	if (TOKEN_IS(&t[0], "setAttr"))
		return on_set_attr(w, t, n);
	if (TOKEN_IS(&t[0], "createNode"))
		return on_create_node(w, t, n);
	if (TOKEN_IS(&t[0], "select"))
		return on_select(w, t, n);
	if (TOKEN_IS(&t[0], "addAttr"))
		return on_add_attr(w, t, n);
	if (TOKEN_IS(&t[0], "connectAttr"))
		return on_connect(w, t, n);
	if (TOKEN_IS(&t[0], "file"))
		return on_file(w, t, n);
	if (TOKEN_IS(&t[0], "requires"))
		return on_requires(w, t, n);
	if (TOKEN_IS(&t[0], "currentUnit"))
		return on_current_unit(w, t, n);
	return 0;
}

/* "//Maya ASCII 2017 scene" -> "2017". */
static int parse_header(ma_walk *w)
{
	const char *h = w->lx.header;
	const char *p = h + strlen("//Maya ASCII"), *end;
	if (strncmp(h, "//Maya ASCII", 12) != 0)
		return 0;
	while (*p == ' ')
		p++;
	end = strstr(p, " scene");
	if (!end)
		end = p + strlen(p);
	if (end == p)
		return 0;
	w->header_version = ma_strndup(p, (size_t)(end - p));
	return w->header_version ? 0 : oom(w);
}

int ma_walk_read(ma_walk *w)
{
	const ma_token *t;
	size_t n;
	int error = ma_lexer_open(&w->lx, w->ses->ctx, w->file, 1);
	if (error < 0)
		goto done;
	w->lx.filter = filter;
	w->lx.filter_payload = w;
	error = parse_header(w);
	while (error >= 0) {
		error = ma_lexer_next(&w->lx, &t, &n);
		if (error <= 0)
			break;
		error = dispatch(w, t, n);
	}
done:
	ma_lexer_close(&w->lx);
	return error < 0 ? error : 0;
}

void ma_walk_dispose(ma_walk *w)
{
	ma_store_dispose(&w->store);
	for (size_t i = 0; i < w->nref; i++) {
		ma_free(w->refs[i].path);
		ma_free(w->refs[i].ns);
		ma_free(w->refs[i].rfn);
	}
	ma_free(w->refs);
	ma_free(w->header_version);
	ma_free(w->requires_version);
	ma_free(w->time_unit);
	w->refs = NULL;
	w->nref = 0;
}
