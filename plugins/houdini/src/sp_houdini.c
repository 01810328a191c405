/*
 * Entry points of the Houdini shim: stream the archive into the node store,
 * then feed the core's model (version, ROP units, file references, plug-ins).
 */
#include "sp_houdini.h"

#include "hu_archive.h"
#include "hu_takes.h"
#include "hu_walk.h"

#include <math.h>

typedef struct {
	hu_store st;
	hu_takes takes;
	hu_parm_scratch parm_scratch; /* every .parm member is read with it */
	sp_scene *scene;
	sp_ctx *ctx;
	size_t skipped_big;
	char net[512];   /* the network the previous .def was in, and whether it is a LOP one */
	uint32_t net_at; /* the store's position of the node at `net`, HU_NO_PARENT when not known */
	int net_known, net_lop;
} reader;

/*
 * 1 when `node` sits in a LOP network (/stage, or a lopnet anywhere): only
 * there are inputs kept, for the render settings upstream of a render ROP.
 */
static int in_lop_net(reader *r, const hu_node *node, const char *path)
{
	char base[128];
	const char *slash;
	const hu_node *p;
	size_t n;
	if (path[1] == 's' && strncmp(path, "/stage/", 7) == 0)
		return 1;
	/* a network's nodes come one after the other: look its type up once (by the store's link when
	 * there is one, else by the path) */
	if (r->net_known && node->parent != HU_NO_PARENT && node->parent == r->net_at)
		return r->net_lop;
	slash = strrchr(path, '/');
	n = slash ? (size_t)(slash - path) : 0;
	if (n == 0 || n >= sizeof(r->net))
		return 0;
	if (r->net_known && strncmp(r->net, path, n) == 0 && r->net[n] == '\0') {
		if (node->parent != HU_NO_PARENT)
			r->net_at = node->parent;
		return r->net_lop;
	}
	memcpy(r->net, path, n);
	r->net[n] = '\0';
	r->net_at = node->parent;
	p = hu_store_parent(&r->st, node, r->net);
	hu_base_type(p ? p->type : NULL, base, sizeof(base));
	r->net_known = 1;
	r->net_lop = strcmp(base, "lopnet") == 0;
	return r->net_lop;
}

/* 1 when `needle` occurs in the first `len` bytes of `head`. */
static int head_has(const unsigned char *head, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(head + i, needle, n) == 0)
			return 1;
	return 0;
}

int sp_houdini_sniff(const unsigned char *head, size_t len)
{
	hu_container c = hu_container_sniff(head, len);
	/* any e-mail starts with MIME-Version: an ASCII hip's boundary names Houdini
	 * (it starts near byte 60, so a short head cannot show it) */
	if (c == HU_CONT_MIME && len >= 128)
		return head_has(head, len, "HOUDINIMIMEBOUNDARY");
	return c != HU_CONT_UNKNOWN;
}

/* The node members read, by their suffix's first byte. */
typedef enum { M_NONE = 0, M_INIT, M_DEF, M_PARM, M_CHN, M_SPARE } member_kind;

/* The kind of the suffix s (n bytes, NUL-terminated), by its length first. */
static member_kind node_suffix_kind(const char *s, size_t n)
{
	switch (n) {
	case 3:
		return memcmp(s, "def", 3) == 0 ? M_DEF : memcmp(s, "chn", 3) == 0 ? M_CHN : M_NONE;
	case 4:
		return memcmp(s, "parm", 4) == 0 ? M_PARM : memcmp(s, "init", 4) == 0 ? M_INIT : M_NONE;
	case 12:
		return memcmp(s, "spareparmdef", 12) == 0 ? M_SPARE : M_NONE;
	default:
		return M_NONE;
	}
}

/*
 * The '.' before the suffix of a node member's name (len bytes) when the
 * suffix is one this reader reads (*kind), as hu_member_split would find it;
 * NULL for any other name.  A read suffix holds no '.' or '/', so its dot is
 * the name's last '.' after its last '/' exactly when it stands len - 4,
 * len - 5 or len - 13 bytes in: those three bytes are all there is to look at.
 */
static const char *node_member_dot(const char *name, size_t len, member_kind *kind)
{
	static const size_t suffix_lens[] = {4, 3, 12};
	for (size_t i = 0; i < sizeof(suffix_lens) / sizeof(*suffix_lens); i++) {
		size_t n = suffix_lens[i];
		const char *dot = name + len - n - 1;
		if (len < n + 2 || *dot != '.')
			continue;
		*kind = node_suffix_kind(dot + 1, n);
		if (*kind == M_NONE)
			continue; /* ("x..def": the '.' 5 bytes in is not the last) */
		/* (a name starting with '.' is the scene's own; the path must fit hu_member_split's buffer)
		 */
		if (name[0] == '.' || (size_t)(dot - name) + 2 > HU_NAME_MAX + 2)
			return NULL;
		return dot;
	}
	return NULL;
}

static int want_member(const char *name, void *payload)
{
	member_kind kind;
	(void)payload;
	if (name[0] == '.')
		return strcmp(name, ".start") == 0 || strcmp(name, ".variables") == 0 ||
		       strcmp(name, ".OPlibraries") == 0 || strcmp(name, ".takes") == 0;
	return node_member_dot(name, strlen(name), &kind) != NULL;
}

static int node_member(reader *r, const hu_member *m, const char *data)
{
	char path[HU_NAME_MAX + 2];
	member_kind kind = M_NONE;
	const char *dot = node_member_dot(m->name, m->name_len, &kind);
	hu_node *node;
	int error;
	/* "obj/geo1.parm": the node "/obj/geo1" */
	if (!dot || !hu_member_path(m->name, dot, path, sizeof(path)))
		return 0;
	node = hu_store_node(&r->st, path, 1, &error);
	if (!node)
		return sp_ctx_error(r->ctx, error, "out of memory");
	switch (kind) {
	case M_INIT:
		error = hu_parse_init(&r->st, node, data, m->len);
		break;
	case M_DEF:
		hu_parse_def(node, data, m->len);
		if (in_lop_net(r, node, path))
			error = hu_parse_def_inputs(node, data, m->len);
		break;
	case M_CHN:
		error = hu_parse_chn(node, data, m->len);
		break;
	case M_SPARE:
		error = hu_parse_spareparmdef(node, data, m->len);
		break;
	case M_PARM:
	case M_NONE: /* (only wanted members come here) */
		error = hu_parse_parm_with(node, &r->st, &r->parm_scratch, data, m->len);
		break;
	}
	return error < 0 ? sp_ctx_error(r->ctx, error, "out of memory") : 0;
}

static int on_member(const hu_member *m, void *payload)
{
	reader *r = payload;
	const char *data = (const char *)m->data;
	int error = 0;
	if (!data) {
		r->skipped_big++;
		sp_ctx_log(r->ctx, SP_LOG_WARN, "%s: member '%s' (%llu bytes) is too large to read",
		           sp_scene_path(r->scene), m->name, (unsigned long long)m->size);
		return 0;
	}
	if (m->name[0] != '.') /* node members; the scene's own start with a dot */
		return node_member(r, m, data);
	if (strcmp(m->name, ".start") == 0)
		hu_parse_start(&r->st, data, m->len);
	else if (strcmp(m->name, ".variables") == 0)
		error = hu_parse_variables(&r->st, data, m->len);
	else if (strcmp(m->name, ".OPlibraries") == 0)
		error = hu_parse_libraries(&r->st, data, m->len);
	else if (strcmp(m->name, ".takes") == 0)
		error = hu_parse_takes(&r->takes, data, m->len);
	else
		return node_member(r, m, data);
	return error < 0 ? sp_ctx_error(r->ctx, error, "out of memory") : 0;
}

/* $HIP is where the file is now, not where it was saved. */
static int setup_env(hu_env *env, sp_buf *hip, sp_buf *hipname, reader *r, const sp_houdini_options *opts)
{
	const char *path = sp_scene_path(r->scene), *slash = strrchr(path, '/'), *dot;
	const char *name = slash ? slash + 1 : path;
	memset(env, 0, sizeof(*env));
	env->st = &r->st;
	env->takes = &r->takes;
	env->ctx = r->ctx;
	env->hipfile = path;
	if (sp_buf_put(hip, path, slash ? (size_t)(slash - path) : 0) < 0 || sp_buf_puts(hip, "") < 0)
		return SP_ENOMEM;
	if (hip->size == 0 && slash && sp_buf_puts(hip, "/") < 0)
		return SP_ENOMEM;
	dot = strrchr(name, '.');
	if (sp_buf_put(hipname, name, dot && dot != name ? (size_t)(dot - name) : strlen(name)) < 0 ||
	    sp_buf_puts(hipname, "") < 0)
		return SP_ENOMEM;
	env->hip = sp_buf_cstr(hip);
	env->hipname = sp_buf_cstr(hipname);
	/* $JOB: the caller's value, then the environment (or --env), then the saved one */
	env->job = opts && opts->job ? opts->job : sp_ctx_getenv(r->ctx, "JOB");
	if (!env->job)
		env->job = hu_store_var(&r->st, "JOB");
	env->current_frame = floor(r->st.tcur * r->st.fps + 1 + 0.5);
	return 0;
}

static int feed(reader *r, const sp_houdini_options *opts)
{
	sp_buf hip = SP_BUF_INIT, hipname = SP_BUF_INIT;
	hu_env env;
	const char *version = hu_store_var(&r->st, "_HIP_SAVEVERSION");
	int error = setup_env(&env, &hip, &hipname, r, opts);
	if (error < 0)
		error = sp_ctx_error(r->ctx, error, "out of memory");
	if (error >= 0 && version && *version)
		error = sp_scene_set_version(r->scene, version);
	if (error >= 0 && r->takes.truncated)
		sp_ctx_log(r->ctx, SP_LOG_WARN, "%s: .takes holds more takes or overrides than are read",
		           sp_scene_path(r->scene));
	if (error >= 0)
		error = hu_walk_rops(r->scene, &env);
	/* files are read as the scene shows them: with the active take */
	if (error >= 0)
		error = hu_takes_select(&r->takes, hu_takes_active(&r->takes)) < 0
		            ? sp_ctx_error(r->ctx, SP_ENOMEM, "out of memory")
		            : 0;
	if (error >= 0)
		error = hu_walk_files(r->scene, &env);
	if (error >= 0)
		error = hu_walk_take_files(r->scene, &env);
	if (error >= 0)
		error = hu_check_outputs(r->scene);
	if (error >= 0)
		error = hu_add_plugins(r->scene, &r->st);
	sp_buf_dispose(&hip);
	sp_buf_dispose(&hipname);
	return error;
}

int sp_houdini_read(sp_scene *scene, const sp_houdini_options *opts)
{
	reader r;
	int error;
	if (!scene)
		return SP_EUSER;
	memset(&r, 0, sizeof(r));
	hu_store_init(&r.st);
	hu_takes_init(&r.takes, &r.st);
	r.scene = scene;
	r.ctx = sp_scene_ctx(scene);
	if (opts && opts->version != SP_HOUDINI_OPTIONS_VERSION) {
		error = sp_ctx_error(r.ctx, SP_EUSER, "sp_houdini_options version %u is not supported",
		                     opts->version);
		goto done;
	}
	error = hu_archive_walk(NULL, r.ctx, sp_scene_path(scene), want_member, on_member, &r);
	if (error >= 0)
		error = feed(&r, opts);
done:
	hu_takes_dispose(&r.takes);
	hu_store_dispose(&r.st);
	hu_parm_scratch_dispose(&r.parm_scratch);
	return error < 0 ? error : 0;
}
