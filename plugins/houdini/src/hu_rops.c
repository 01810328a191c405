/* Render and cache ROPs: which node types, their output parameter, camera and frames. */
#include "hu_takes.h"
#include "hu_walk.h"

#include <math.h>
#include <stdio.h>

typedef struct {
	const char *type; /* base type (hu_base_type) */
	sp_unit_kind kind;
	int driver_only;    /* the same name is an importer outside ROP networks */
	const char *output; /* first non-empty of output, output2 */
	const char *output2;
	const char *camera;
} rop_def;

static const rop_def rop_defs[] = {
    {"ifd", SP_UNIT_ROP, 1, "vm_picture", NULL, "camera"},
    {"karma", SP_UNIT_ROP, 0, "picture", NULL, "camera"}, /* the /out ROP and the Solaris LOP alike */
    {"usdrender", SP_UNIT_ROP, 1, "outputimage", "lopoutput", "override_camera"},
    {"usdrender_rop", SP_UNIT_ROP, 0, "outputimage", "lopoutput", "override_camera"},
    {"arnold", SP_UNIT_ROP, 1, "ar_picture", NULL, "camera"},
    {"Redshift_ROP", SP_UNIT_ROP, 1, "RS_outputFileNamePrefix", NULL, "RS_renderCamera"},
    {"ris", SP_UNIT_ROP, 1, "ri_display_0", "ri_display", "camera"},
    {"vray_renderer", SP_UNIT_ROP, 1, "SettingsOutput_img_file_path", NULL, "render_camera"},
    {"Octane_ROP", SP_UNIT_ROP, 1, "HO_img_fileName", NULL, "HO_renderCamera"},
    {"opengl", SP_UNIT_ROP, 1, "picture", NULL, "camera"},
    {"baketexture", SP_UNIT_ROP, 1, "vm_uvoutputpicture1", NULL, NULL},
    {"comp", SP_UNIT_ROP, 1, "copoutput", NULL, NULL},
    {"rop_comp", SP_UNIT_ROP, 0, "copoutput", NULL, NULL},
    {"geometry", SP_UNIT_GEO, 1, "sopoutput", NULL, NULL},
    {"rop_geometry", SP_UNIT_GEO, 0, "sopoutput", NULL, NULL},
    {"filecache", SP_UNIT_GEO, 0, "file", NULL, NULL},
    {"alembic", SP_UNIT_GEO, 1, "filename", NULL, NULL},
    {"rop_alembic", SP_UNIT_GEO, 0, "filename", NULL, NULL},
    {"dopio", SP_UNIT_GEO, 0, "file", NULL, NULL},
    {"usd", SP_UNIT_GEO, 1, "lopoutput", NULL, NULL},
    {"usd_rop", SP_UNIT_GEO, 0, "lopoutput", NULL, NULL},
    {"usdexport", SP_UNIT_GEO, 0, "lopoutput", NULL, NULL},
    {"Redshift_Proxy_Output", SP_UNIT_GEO, 0, "RS_archive_file", NULL, NULL},
    {"filmboxfbx", SP_UNIT_GEO, 1, "sopoutput", NULL, NULL},
    {"rop_fbx", SP_UNIT_GEO, 0, "sopoutput", NULL, NULL},
    {"rop_vrayproxy", SP_UNIT_GEO, 0, "filepath", NULL, NULL},
    {"dop", SP_UNIT_GEO, 1, "dopoutput", NULL, NULL},
    {"rop_dop", SP_UNIT_GEO, 0, "dopoutput", NULL, NULL},
};

/* The parent path of `path` into `out` ("/out" for "/out/m1"); 0 at the root. */
static int parent_path(const char *path, char *out, size_t cap)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	if (n == 0 || n >= cap)
		return 0;
	memcpy(out, path, n);
	out[n] = '\0';
	return 1;
}

/*
 * 1 when the node sits in a ROP network: /out or a ropnet anywhere, possibly
 * through subnets inside them.
 */
static int in_driver_net(const hu_store *st, const hu_node *node)
{
	char parent[1024], base[128];
	for (int depth = 0; depth < 64 && parent_path(node->path, parent, sizeof(parent)); depth++) {
		const hu_node *p;
		if (strcmp(parent, "/out") == 0)
			return 1;
		p = hu_store_parent(st, node, parent);
		hu_base_type(p ? p->type : NULL, base, sizeof(base));
		if (strcmp(base, "ropnet") == 0)
			return 1;
		if (strcmp(base, "subnet") != 0 || !p)
			return 0;
		node = p;
	}
	return 0;
}

static const rop_def *rop_def_of(const hu_store *st, const hu_node *node)
{
	char base[128];
	if (!node->type)
		return NULL;
	hu_base_type(node->type, base, sizeof(base));
	for (size_t i = 0; i < sizeof(rop_defs) / sizeof(*rop_defs); i++)
		if (strcmp(rop_defs[i].type, base) == 0)
			return rop_defs[i].driver_only && !in_driver_net(st, node) ? NULL : &rop_defs[i];
	return NULL;
}

/* The output parameter in force for this node, or NULL. */
static const char *output_parm(const rop_def *def, const hu_node *node)
{
	const char *v;
	char base[128];
	hu_base_type(node->type, base, sizeof(base));
	if (strcmp(base, "Redshift_ROP") == 0 && hu_streq(hu_node_value(node, "RS_archive_enable", 0), "on"))
		return "RS_archive_file";
	v = hu_node_string(node, def->output);
	if ((!v || !*v) && def->output2)
		return def->output2;
	return def->output;
}

int hu_rop_reports(const hu_node *node, const char *parm)
{
	char base[128];
	hu_base_type(node->type, base, sizeof(base));
	for (size_t i = 0; i < sizeof(rop_defs) / sizeof(*rop_defs); i++)
		if (strcmp(rop_defs[i].type, base) == 0 && !rop_defs[i].driver_only)
			return strcmp(rop_defs[i].output, parm) == 0;
	return 0;
}

unsigned hu_ref_flags(const char *path)
{
	unsigned flags = 0;
	for (const char *p = path; *p; p++) {
		if (p[0] == '$' && p[1] == '{' && p[2] == 'F')
			flags |= SP_REF_FRAMES;
		if (p[0] == '$' && p[1] == 'F' &&
		    (p[2] == 'F' || (p[2] >= '0' && p[2] <= '9') ||
		     !((p[2] >= 'A' && p[2] <= 'Z') || (p[2] >= 'a' && p[2] <= 'z') || p[2] == '_')))
			flags |= SP_REF_FRAMES;
	}
	if (strstr(path, "<UDIM>") || strstr(path, "<udim>") || strstr(path, "%(UDIM)d"))
		flags |= SP_REF_TILES;
	return flags;
}

static int64_t round_frame(double d)
{
	if (!(d > -1e12 && d < 1e12))
		return 0;
	return (int64_t)llround(d);
}

/* A frame number as written: "12", "401.5", "0.25" (up to 4 decimals, no locale). */
static void put_frame_number(char *out, size_t cap, double d)
{
	int64_t scaled = round_frame(d * 10000);
	uint64_t u = (uint64_t)(scaled < 0 ? -scaled : scaled), whole = u / 10000, frac = u % 10000;
	char digits[8];
	int n = 4;
	digits[0] = (char)('0' + frac / 1000);
	digits[1] = (char)('0' + frac / 100 % 10);
	digits[2] = (char)('0' + frac / 10 % 10);
	digits[3] = (char)('0' + frac % 10);
	while (n > 0 && digits[n - 1] == '0')
		n--;
	digits[n] = '\0';
	snprintf(out, cap, "%s%llu%s%s", scaled < 0 ? "-" : "", (unsigned long long)whole, n ? "." : "",
	         digits);
}

/*
 * Houdini renders sub-frames (f1 0, step 0.5: 0, 0.5, 1...); the farm's range
 * holds whole frames.  Submit every whole frame the range spans, keep the
 * range as written in "subframes", and say so.
 */
static int subframe_tip(sp_scene *scene, sp_unit *unit, const hu_node *node, const double *v, int64_t start,
                        int64_t end)
{
	char a[40], b[40], c[40], text[160];
	put_frame_number(a, sizeof(a), v[0]);
	put_frame_number(b, sizeof(b), v[1]);
	put_frame_number(c, sizeof(c), v[2]);
	snprintf(text, sizeof(text), "%s-%s[%s]", a, b, c);
	if (sp_unit_set(unit, "subframes", text) < 0)
		return SP_ENOMEM;
	return sp_scene_add_tip(scene, SP_TIP_FRAMES_OUTSIDE_RANGE,
	                        "%s renders sub-frames %s; the farm's frame range holds whole frames only: "
	                        "%lld-%lld[1] is submitted",
	                        node->path, text, (long long)start, (long long)end);
}

static int is_whole(double d)
{
	return fabs(d - floor(d + 0.5)) < 1e-6;
}

/* trange "off" renders the current frame; "normal" / "on" the f1 f2 f3 range. */
static int set_frames(sp_scene *scene, sp_unit *unit, const hu_env *env, const hu_node *node)
{
	const char *trange = hu_node_value(node, "trange", 0);
	double v[3] = {env->current_frame, env->current_frame, 1};
	sp_frames *frames = NULL;
	int64_t start, end, step;
	int error, sub;
	if (trange && strcmp(trange, "off") != 0 && strcmp(trange, "0") != 0)
		for (size_t i = 0; i < 3; i++) {
			double d;
			if (hu_eval_number(&d, env, node, "f", i) == 0)
				v[i] = d;
		}
	sub = v[2] > 0 && v[1] > v[0] && (!is_whole(v[0]) || !is_whole(v[2]));
	start = sub ? round_frame(floor(v[0] + 1e-6)) : round_frame(v[0]);
	end = round_frame(floor(v[1] + 1e-6)); /* f2 400.5 renders up to frame 400 */
	step = sub ? 1 : round_frame(v[2]);
	if (end < start)
		end = start;
	if (step < 1)
		step = 1;
	error = sp_frames_new(&frames, sp_scene_ctx(scene));
	if (error >= 0)
		error = sp_frames_add(frames, start, end, step);
	if (error >= 0)
		error = sp_unit_set_frames(unit, frames);
	sp_frames_free(frames);
	if (error >= 0 && sub)
		error = subframe_tip(scene, unit, node, v, start, end);
	return error;
}

static int set_int_prop(sp_unit *unit, const char *key, double d)
{
	char tmp[32];
	int64_t v = round_frame(d);
	size_t n = sizeof(tmp) - 1;
	uint64_t u = (uint64_t)(v < 0 ? -v : v);
	tmp[n] = '\0';
	do {
		tmp[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u && n > 1);
	if (v < 0)
		tmp[--n] = '-';
	return sp_unit_set(unit, key, tmp + n);
}

/*
 * Resolution: the camera's res, unless the ROP overrides it: with a specific
 * size, or a fraction of the camera's.  Mantra and Karma write
 * override_camerares / res_fraction ("specific" or "0.5") / res_override;
 * Redshift RS_overrideCameraRes / RS_overrideResScale / RS_overrideRes.
 */
static const struct {
	const char *toggle, *fraction, *res;
} res_overrides[] = {
    {"override_camerares", "res_fraction", "res_override"},
    {"RS_overrideCameraRes", "RS_overrideResScale", "RS_overrideRes"},
};

static int set_resolution(sp_unit *unit, const hu_env *env, const hu_node *rop, const hu_node *cam)
{
	double w, h, scale = 1;
	int error = 0;
	const hu_node *src = cam;
	const char *parm = "res";
	for (size_t i = 0; i < sizeof(res_overrides) / sizeof(*res_overrides); i++) {
		const char *on = hu_node_value(rop, res_overrides[i].toggle, 0);
		const char *fraction = hu_node_value(rop, res_overrides[i].fraction, 0);
		if (!on || (strcmp(on, "on") != 0 && strcmp(on, "1") != 0))
			continue;
		if (fraction && hu_parse_double(fraction, &scale) == 0 && scale > 0 && scale <= 100)
			break; /* a fraction of the camera's size */
		scale = 1;
		src = rop;
		parm = res_overrides[i].res;
		break;
	}
	if (!src)
		return 0;
	if (hu_eval_number(&w, env, src, parm, 0) == 0 && hu_eval_number(&h, env, src, parm, 1) == 0) {
		w *= scale;
		h *= scale;
		error = set_int_prop(unit, SP_PROP_WIDTH, w);
		if (error >= 0)
			error = set_int_prop(unit, SP_PROP_HEIGHT, h);
	}
	return error;
}

/* The node a path parameter names, absolute or relative to `from`. */
static const hu_node *find_node(const hu_env *env, const hu_node *from, const char *path)
{
	char ref[1100], parm[8];
	size_t n = strlen(path);
	if (path[0] == '/')
		return hu_store_find(env->st, path);
	if (n + 3 >= sizeof(ref))
		return NULL;
	memcpy(ref, path, n);
	memcpy(ref + n, "/x", 3);
	return hu_resolve_ref(env, from, ref, parm, sizeof(parm));
}

/* 1 for the USD render ROPs (/out and LOP): their images come from render settings on the stage. */
static int is_usd_render(const hu_node *node)
{
	char base[128];
	hu_base_type(node->type, base, sizeof(base));
	return strcmp(base, "usdrender") == 0 || strcmp(base, "usdrender_rop") == 0;
}

/* The node named `name` next to `node` (an input: a sibling). */
static const hu_node *sibling(const hu_env *env, const hu_node *node, const char *name)
{
	char path[1100];
	const char *slash = strrchr(node->path, '/');
	size_t n = slash ? (size_t)(slash - node->path) : 0;
	if (n + strlen(name) + 2 > sizeof(path))
		return NULL;
	memcpy(path, node->path, n);
	path[n] = '/';
	strcpy(path + n + 1, name);
	return hu_store_find(env->st, path);
}

/*
 * The render settings a USD render ROP renders with: the closest LOP up its
 * input chain (input 0 first, breadth first) that names an image --
 * Karma Render Settings' `picture`, a Render Product's `productName`, a
 * Karma LOP's `picture`.  The /out ROP starts from the LOP its `loppath`
 * names.  NULL when the file holds none (the settings may come from a USD
 * layer on disk).
 */
static const hu_node *render_settings(const hu_env *env, const hu_node *rop, const char **parm_out)
{
	static const struct {
		const char *type, *parm;
	} settings[] = {{"karmarenderproperties", "picture"},
	                {"karmarendersettings", "picture"},
	                {"renderproduct", "productName"},
	                {"karma", "picture"}};
	const hu_node *queue[64];
	size_t head = 0, tail = 0;
	char base[128];
	hu_base_type(rop->type, base, sizeof(base));
	if (strcmp(base, "usdrender") == 0) {
		const char *lop = hu_node_string(rop, "loppath");
		queue[tail] = lop && *lop ? find_node(env, rop, lop) : NULL;
		tail += queue[tail] != NULL;
	} else {
		queue[tail++] = rop;
	}
	while (head < tail) {
		const hu_node *n = queue[head++], *in;
		const char *name, *v;
		hu_base_type(n->type, base, sizeof(base));
		for (size_t i = 0; n != rop && i < sizeof(settings) / sizeof(*settings); i++)
			if (strcmp(base, settings[i].type) == 0 &&
			    (v = hu_node_string(n, settings[i].parm)) && *v) {
				*parm_out = settings[i].parm;
				return n;
			}
		for (size_t i = 0; (name = hu_node_input(n, i)) != NULL && tail < 64; i++) {
			size_t k = 0;
			in = sibling(env, n, name);
			while (k < tail && queue[k] != in)
				k++;
			if (in && k == tail)
				queue[tail++] = in;
		}
	}
	return NULL;
}

static int set_camera(sp_scene *scene, sp_unit *unit, const hu_env *env, const rop_def *def,
                      const hu_node *node)
{
	sp_buf cam = SP_BUF_INIT;
	const hu_node *camnode = NULL;
	const char *raw;
	int unresolved = 0, error = 0, usd_prim;
	if (!def->camera)
		return set_resolution(unit, env, node, NULL);
	raw = hu_node_string(node, def->camera);
	if ((!raw || !*raw) && is_usd_render(node)) { /* no override: the render settings' camera */
		const char *parm;
		const hu_node *s = render_settings(env, node, &parm);
		raw = s ? hu_node_string(s, "camera") : NULL;
	}
	if (raw && *raw)
		error = hu_expand(&cam, &unresolved, env, node, raw);
	if (error >= 0 && unresolved)
		error = sp_scene_add_tip(scene, SP_TIP_UNRESOLVED_EXPRESSION,
		                         "%s: parameter %s: expression not evaluated in '%s'", node->path,
		                         def->camera, raw);
	if (error < 0)
		goto done;
	/* in Solaris the camera is a USD prim path of the stage, which the file does not hold */
	usd_prim = is_usd_render(node) || (strcmp(def->type, "karma") == 0 && !in_driver_net(env->st, node));
	if (cam.size) {
		camnode = usd_prim ? NULL : find_node(env, node, cam.ptr);
		error = sp_unit_set(unit, "camera", cam.ptr);
		if (error >= 0 && (camnode || usd_prim))
			error = sp_unit_add_camera(unit, cam.ptr, 1);
	}
	if (error >= 0 && !camnode && !usd_prim && def->kind == SP_UNIT_ROP && raw)
		error = sp_scene_add_tip(scene, SP_TIP_HOUDINI_CAMERA, "%s: camera '%s' does not exist",
		                         node->path, cam.size ? cam.ptr : "");
	if (error >= 0)
		error = set_resolution(unit, env, node, camnode);
done:
	sp_buf_dispose(&cam);
	return error;
}

/* A toggle's value: "on"/"1" or "off"/"0"; `dflt` when the parm is absent or reads otherwise. */
static int toggle_on(const hu_node *node, const char *parm, int dflt)
{
	const char *v = hu_node_value(node, parm, 0);
	if (v && (strcmp(v, "on") == 0 || strcmp(v, "1") == 0))
		return 1;
	if (v && (strcmp(v, "off") == 0 || strcmp(v, "0") == 0))
		return 0;
	return dflt;
}

/* File Cache's file type menu: ".bgeo.sc" (item 0) or ".vdb" (item 1), or a token naming the extension. */
static int put_filecache_ext(sp_buf *raw, const char *type)
{
	if (!type || !*type || strcmp(type, "0") == 0 || strcmp(type, "bgeo.sc") == 0 ||
	    strcmp(type, "bgeosc") == 0 || strcmp(type, "bgeo") == 0)
		return sp_buf_puts(raw, ".bgeo.sc");
	if (strcmp(type, "1") == 0 || strcmp(type, "vdb") == 0)
		return sp_buf_puts(raw, ".vdb");
	return sp_buf_printf(raw, "%s%s", type[0] == '.' ? "" : ".", type);
}

/* `name` expanded on its own: "$OS" then "_v3" must not read as one variable "$OS_v3". */
static int put_expanded(sp_buf *raw, const hu_env *env, const hu_node *node, const char *text)
{
	sp_buf part = SP_BUF_INIT;
	int unresolved = 0, error = hu_expand(&part, &unresolved, env, node, text);
	if (error >= 0)
		error = sp_buf_puts(raw, sp_buf_cstr(&part));
	sp_buf_dispose(&part);
	return error;
}

int hu_filecache_path(sp_buf *raw, const hu_env *env, const hu_node *node)
{
	char base[128], ver[32] = "";
	const char *method, *dir, *name;
	double version;
	int error;
	/* the base type is part of the type: most nodes are told apart without cutting it out */
	if (!node->type || !strstr(node->type, "filecache"))
		return 0;
	hu_base_type(node->type, base, sizeof(base));
	if (strcmp(base, "filecache") != 0)
		return 0;
	method = hu_node_value(node, "filemethod", 0);
	dir = hu_node_string(node, "basedir");
	if (method ? strcmp(method, "constructed") != 0 && strcmp(method, "0") != 0 : !dir)
		return 0; /* "explicit", or File Cache 1.0, which has only `file` */
	name = hu_node_string(node, "basename");
	if (!name || !*name)
		name = "$OS";
	if (toggle_on(node, "enableversion", 1) && hu_eval_number(&version, env, node, "version", 0) == 0 &&
	    version > -1e9 && version < 1e9)
		snprintf(ver, sizeof(ver), "%lld", (long long)llround(version));
	sp_buf_clear(raw);
	error = put_expanded(raw, env, node, dir ? dir : "$HIP/geo");
	if (error >= 0)
		error = sp_buf_putc(raw, '/');
	if (error >= 0)
		error = put_expanded(raw, env, node, name);
	if (error >= 0 && ver[0])
		error = sp_buf_printf(raw, "/v%s", ver);
	if (error >= 0)
		error = sp_buf_putc(raw, '/');
	if (error >= 0)
		error = put_expanded(raw, env, node, name);
	if (error >= 0 && ver[0])
		error = sp_buf_printf(raw, "_v%s", ver);
	if (error >= 0 && toggle_on(node, "timedependent", 1))
		error = sp_buf_puts(raw, ".$F4");
	if (error >= 0)
		error = put_filecache_ext(raw, hu_node_value(node, "filetype", 0));
	return error < 0 ? SP_ENOMEM : 1;
}

/* The most frames an output path is evaluated at, and the most distinct paths listed. */
#define OUTPUT_EVAL_FRAMES 20000
#define OUTPUT_DISTINCT    64

/* Add `path` to the ';'-separated list unless it is there; 1 when the list is full. */
static int add_distinct(sp_buf *list, size_t *count, const char *path)
{
	size_t n = strlen(path);
	for (const char *p = list->ptr; p && *p;) {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		if (len == n && memcmp(p, path, n) == 0)
			return 0;
		p += len + (semi != NULL);
	}
	if (*count == OUTPUT_DISTINCT)
		return 1;
	(*count)++;
	if ((list->size && sp_buf_putc(list, ';') < 0) || sp_buf_puts(list, path) < 0)
		return SP_ENOMEM;
	return 0;
}

/*
 * An output whose expressions read the frame (a channel with $F in it) names
 * a file per frame: evaluate it at every frame the unit renders.  One path
 * for all: that path.  Several: the first frame's is the output, and every
 * distinct one is listed in "outputs".
 */
static int output_per_frame(sp_buf *list, const sp_unit *unit, const hu_env *env, const hu_node *node,
                            const char *raw, sp_buf *out, int *cut_out)
{
	const sp_frames *frames = sp_unit_frames(unit);
	sp_buf one = SP_BUF_INIT, first = SP_BUF_INIT;
	hu_env at = *env;
	size_t distinct = 0, evaluated = 0;
	int error = 0, unresolved = 0, full = 0;
	at.trace = NULL;
	for (size_t r = 0; frames && r < sp_frames_range_count(frames) && error >= 0 && !full; r++) {
		const sp_frame_range *fr = sp_frames_range_at(frames, r);
		for (int64_t f = fr->start; f <= fr->end && error >= 0 && !full;
		     f += fr->step > 0 ? fr->step : 1) {
			if (evaluated++ == OUTPUT_EVAL_FRAMES) {
				full = 1;
				break;
			}
			at.current_frame = (double)f;
			error = hu_expand(&one, &unresolved, &at, node, raw);
			if (error >= 0 && !first.size)
				error = sp_buf_puts(&first, sp_buf_cstr(&one));
			if (error >= 0)
				error = add_distinct(list, &distinct, sp_buf_cstr(&one));
			full = error == 1;
		}
	}
	if (error >= 0 && first.size) {
		sp_buf_clear(out);
		error = sp_buf_puts(out, sp_buf_cstr(&first));
	}
	if (error >= 0 && distinct < 2)
		sp_buf_clear(list);
	*cut_out = full && distinct >= 2;
	sp_buf_dispose(&one);
	sp_buf_dispose(&first);
	return error < 0 ? error : 0;
}

/* The tips for an output that could not be read whole: Python or keys, backticks, stale channels, variables.
 */
static int output_tips(sp_scene *scene, int constructed, const hu_node *node, const char *parm,
                       const char *raw, const sp_buf *out, int unresolved, const hu_trace *tr)
{
	char var[128];
	/* a constructed File Cache path is built from parts: its `file` parm's channel does not count */
	if (!constructed && hu_parm_opaque(node, hu_node_parm(node, parm)))
		return sp_scene_add_tip(
		    scene, SP_TIP_UNRESOLVED_EXPRESSION,
		    "%s: parameter %s follows a Python expression or keyframes, not evaluated: "
		    "the value saved at the file's frame ('%s') is used",
		    node->path, parm, raw);
	if (unresolved)
		return sp_scene_add_tip(scene, SP_TIP_UNRESOLVED_EXPRESSION,
		                        "%s: parameter %s: expression not evaluated in '%s'", node->path,
		                        parm, raw);
	if (!constructed && tr->stale_expr)
		return sp_scene_add_tip(scene, SP_TIP_UNRESOLVED_EXPRESSION,
		                        "%s: parameter %s reads channel %s of %s, whose expression %s is not "
		                        "evaluated: its value saved at one frame is used for every frame",
		                        node->path, parm, tr->stale_chan, tr->stale_node->path,
		                        tr->stale_expr);
	if (hu_first_unset_var(sp_buf_cstr(out), var, sizeof(var)))
		return sp_scene_add_tip(scene, SP_TIP_UNRESOLVED_VARIABLE,
		                        "%s: parameter %s: $%s has no value in '%s'", node->path, parm, var,
		                        sp_buf_cstr(out));
	return 0;
}

static int set_output(sp_scene *scene, sp_unit *unit, const hu_env *env, const rop_def *def,
                      const hu_node *node)
{
	sp_buf out = SP_BUF_INIT, built = SP_BUF_INIT, list = SP_BUF_INIT;
	const char *parm = output_parm(def, node), *raw = hu_node_string(node, parm), *v;
	const hu_node *settings;
	hu_trace tr;
	hu_env traced = *env;
	int unresolved = 0, cut = 0, error = hu_filecache_path(&built, env, node);
	memset(&tr, 0, sizeof(tr));
	traced.trace = &tr;
	if (error == 1)
		raw = sp_buf_cstr(&built);
	/* no Output Image override: the image the render settings upstream name, evaluated there */
	v = hu_node_string(node, def->output);
	if (is_usd_render(node) && (!v || !*v) && (settings = render_settings(env, node, &parm)) != NULL) {
		node = settings;
		raw = hu_node_string(node, parm);
	}
	if (error < 0 || !raw || !*raw) {
		sp_buf_dispose(&built);
		return error < 0 ? sp_ctx_error(env->ctx, error, "out of memory") : 0;
	}
	error = hu_expand(&out, &unresolved, &traced, node, raw);
	if (error >= 0 && !unresolved && !tr.stale_expr && tr.used_frame)
		error = output_per_frame(&list, unit, env, node, raw, &out, &cut);
	if (error >= 0)
		error = sp_unit_set(unit, SP_PROP_OUTPUT, sp_buf_cstr(&out));
	if (error >= 0 && list.size)
		error = sp_unit_set(unit, "outputs", sp_buf_cstr(&list));
	if (error >= 0)
		error = output_tips(scene, built.size != 0, node, parm, raw, &out, unresolved, &tr);
	if (error >= 0 && cut)
		error =
		    sp_scene_add_tip(scene, SP_TIP_UNRESOLVED_EXPRESSION,
		                     "%s: parameter %s names another file at many frames: only the first %d "
		                     "are listed in outputs",
		                     node->path, parm, OUTPUT_DISTINCT);
	sp_buf_dispose(&out);
	sp_buf_dispose(&built);
	sp_buf_dispose(&list);
	return error == SP_ENOMEM ? sp_ctx_error(env->ctx, error, "out of memory") : error;
}

/* "ip" / "md" send the image to a viewer: an interactive node, not a farm job. */
static int is_interactive(const rop_def *def, const hu_node *node)
{
	const char *v = hu_node_string(node, def->output);
	return def->kind == SP_UNIT_ROP && v && (strcmp(v, "ip") == 0 || strcmp(v, "md") == 0);
}

/* An image path a render can save to: not empty, not a bare folder. */
static int usable_output(const char *v)
{
	size_t n = v ? strlen(v) : 0;
	return n > 0 && v[n - 1] != '/' && v[n - 1] != '\\';
}

static int add_rop(sp_scene *scene, const hu_env *env, const hu_node *node, const hu_node *src,
                   const rop_def *def)
{
	sp_unit *unit = NULL;
	int error = sp_scene_add_unit(&unit, scene, def->kind, node->path);
	if (error < 0)
		return error;
	sp_unit_set_renderable(unit, !hu_node_bypassed(node) && !hu_node_bypassed(src));
	error = sp_unit_set(unit, SP_PROP_NODE_TYPE, src->type);
	if (error >= 0 && src != node)
		error = sp_unit_set(unit, "source", src->path);
	if (error >= 0)
		error = set_frames(scene, unit, env, src);
	if (error >= 0)
		error = set_output(scene, unit, env, def, src);
	if (error >= 0 && def->kind == SP_UNIT_ROP && !usable_output(sp_unit_get(unit, SP_PROP_OUTPUT)) &&
	    hu_parm_opaque(src, hu_node_parm(src, output_parm(def, src))))
		/* a Python expression names the image: unknown here, not empty */
		error = sp_scene_add_tip(scene, SP_TIP_UNRESOLVED_EXPRESSION,
		                         "%s: parameter %s follows a Python expression or keyframes, not "
		                         "evaluated: where the images go is not known",
		                         node->path, output_parm(def, src));
	else if (error >= 0 && def->kind == SP_UNIT_ROP && !usable_output(sp_unit_get(unit, SP_PROP_OUTPUT)))
		error = sp_scene_add_tip(scene, SP_TIP_BAD_OUTPUT_PATH, "%s: parameter %s saves to '%s'",
		                         node->path, output_parm(def, src),
		                         sp_unit_get(unit, SP_PROP_OUTPUT) ? sp_unit_get(unit, SP_PROP_OUTPUT)
		                                                           : "");
	if (error >= 0)
		error = set_camera(scene, unit, env, def, src);
	return error;
}

/* A fetch ROP renders its source: follow `source` (through other fetches, a few deep). */
/*
 * The node a fetch names.  A cache SOP (dopio, filecache) renders through a
 * ROP inside it that the file may not hold ("import_pyrofields/render"):
 * then the SOP itself is the source.
 */
static const hu_node *fetched_node(const hu_env *env, const hu_node *fetch, const char *src)
{
	char parent[1024];
	const hu_node *n = find_node(env, fetch, src), *p;
	if (n || src[0] != '/' || !parent_path(src, parent, sizeof(parent)))
		return n;
	p = hu_store_find(env->st, parent);
	return p && rop_def_of(env->st, p) && rop_def_of(env->st, p)->kind == SP_UNIT_GEO ? p : NULL;
}

static const hu_node *fetch_source(const hu_env *env, const hu_node *node)
{
	for (int depth = 0; depth < 8 && node; depth++) {
		char base[128];
		const char *src;
		hu_base_type(node->type, base, sizeof(base));
		if (strcmp(base, "fetch") != 0)
			return node;
		src = hu_node_string(node, "source");
		if (!src || !*src)
			return NULL;
		node = fetched_node(env, node, src);
	}
	return NULL;
}

/* ROP-network nodes that neither render nor cache themselves: no unit, no tip. */
static int is_utility_rop(const char *base)
{
	static const char *const names[] = {
	    "null",    "merge",        "batch",        "wedge",     "switch",       "subnet",
	    "shell",   "ropnet",       "afanasy",      "hq_render", "hq_sim",       "deadline",
	    "tractor", "Redshift_IPR", "frankenstein", "python",    "labs::lopnet", NULL};
	for (size_t i = 0; names[i]; i++)
		if (strcmp(names[i], base) == 0)
			return 1;
	return strstr(base, "ipr") != NULL || strstr(base, "IPR") != NULL;
}

/*
 * in_driver_net for a run of siblings: the answer depends on the parent
 * only, and the archive lists a network's nodes one after the other.
 */
typedef struct {
	char parent[1024];
	uint32_t parent_at; /* the store's position of the node at `parent`, HU_NO_PARENT when not known */
	int known, in_net;
} net_cache;

static int in_driver_net_cached(net_cache *c, const hu_store *st, const hu_node *node)
{
	const char *slash;
	size_t n;
	/* a node the store linked to its parent names the parent by position: no path to compare */
	if (c->known && node->parent != HU_NO_PARENT && node->parent == c->parent_at)
		return c->in_net;
	slash = strrchr(node->path, '/');
	n = slash ? (size_t)(slash - node->path) : 0;
	if (n >= sizeof(c->parent))
		return in_driver_net(st, node);
	if (c->known && strncmp(c->parent, node->path, n) == 0 && c->parent[n] == '\0') {
		if (node->parent != HU_NO_PARENT)
			c->parent_at = node->parent;
		return c->in_net;
	}
	memcpy(c->parent, node->path, n);
	c->parent[n] = '\0';
	c->parent_at = node->parent;
	c->known = 1;
	c->in_net = in_driver_net(st, node);
	return c->in_net;
}

/*
 * What the ROP walk asks of a node type, for the last few types: its base
 * type, its entry in rop_defs (before the ROP-network test) and whether it is
 * a utility ROP.  A network mixes a handful of types node after node.
 */
#define ROP_TYPE_CACHE 64
#define ROP_TYPE_PROBE 4 /* slots a type may sit in: its own and the next three */
typedef struct {
	const char *type; /* interned: the pointer names the type */
	int known, utility;
	const rop_def *def;
	char base[128];
} rop_type;

static const rop_type *rop_type_of(rop_type *cache, const char *type)
{
	size_t at = (size_t)(((uint64_t)(uintptr_t)type * 0x9e3779b97f4a7c15ull) >> 58) % ROP_TYPE_CACHE;
	rop_type *t = &cache[at];
	/* the type's slot, else the first free one after it, else its own slot is reused */
	for (size_t k = 0; k < ROP_TYPE_PROBE; k++) {
		rop_type *c = &cache[(at + k) % ROP_TYPE_CACHE];
		if (c->known && c->type == type)
			return c;
		if (!c->known) {
			t = c;
			break;
		}
	}
	t->known = 1;
	t->type = type;
	t->def = NULL;
	hu_base_type(type, t->base, sizeof(t->base));
	for (size_t i = 0; i < sizeof(rop_defs) / sizeof(*rop_defs) && !t->def; i++)
		if (strcmp(rop_defs[i].type, t->base) == 0)
			t->def = &rop_defs[i];
	t->utility = is_utility_rop(t->base);
	return t;
}

/* A ROP-network node the analyser cannot read: say so rather than drop it silently. */
static int unknown_rop(sp_scene *scene, const hu_env *env, const hu_node *node, const rop_type *rt,
                       net_cache *nets)
{
	const char *src;
	if (strcmp(rt->base, "fetch") == 0) {
		if (!in_driver_net_cached(nets, env->st, node))
			return 0;
		src = hu_node_string(node, "source");
		return sp_scene_add_tip(scene, SP_TIP_UNKNOWN_NODE_TYPE,
		                        "%s fetches '%s', which is no render or cache node this file holds "
		                        "(it may sit inside a locked asset)",
		                        node->path, src ? src : "");
	}
	if (rt->utility || !in_driver_net_cached(nets, env->st, node))
		return 0;
	return sp_scene_add_tip(scene, SP_TIP_UNKNOWN_NODE_TYPE,
	                        "%s has type %s, not known as a render or cache node: it is not submitted",
	                        node->path, node->type);
}

/*
 * Show the nodes as the take `src` renders with (its `take` parameter, read
 * as the active take shows it).  A take the file does not hold is said, and
 * the active take's values are used.
 */
static int select_rop_take(sp_scene *scene, const hu_env *env, const hu_node *node, const hu_node *src)
{
	hu_takes *t = env->takes;
	const char *name;
	size_t take;
	int error;
	if (!t || t->names.count == 0)
		return 0;
	error = hu_takes_select(t, hu_takes_active(t));
	if (error < 0)
		return sp_ctx_error(env->ctx, error, "out of memory");
	take = hu_takes_of_rop(t, src, &name);
	if (take == SIZE_MAX)
		return sp_scene_add_tip(scene, SP_TIP_UNRESOLVED_EXPRESSION,
		                        "%s: renders with take '%s', which the file does not hold: its "
		                        "parameters are read as the active take has them",
		                        node->path, name);
	error = hu_takes_select(t, take);
	if (error >= 0 && !hu_node_bypassed(node) && !hu_node_bypassed(src))
		error = hu_takes_mark_used(t, take);
	return error < 0 ? sp_ctx_error(env->ctx, error, "out of memory") : 0;
}

/* An override of the ROP in its take chain that only Houdini can apply: say which. */
static int take_unapplied_tip(sp_scene *scene, const hu_env *env, const hu_node *node, const hu_node *src)
{
	const hu_tover *o = env->takes ? hu_takes_unapplied(env->takes, src) : NULL;
	const hu_takes *t = env->takes;
	if (!o)
		return 0;
	return sp_scene_add_tip(scene, SP_TIP_UNRESOLVED_EXPRESSION,
	                        o->animated ? "%s: take '%s' animates parameter %s of %s: its value saved "
	                                      "at one frame is used"
	                                    : "%s: take '%s' overrides %s of %s in a form not read here: "
	                                      "the saved value is used",
	                        node->path, t->names.items[o->take], o->parm, src->path);
}

int hu_walk_rops(sp_scene *scene, const hu_env *env)
{
	const hu_store *st = env->st;
	net_cache nets;
	rop_type *types = hu_calloc(ROP_TYPE_CACHE, sizeof(*types));
	int error = types ? 0 : sp_ctx_error(env->ctx, SP_ENOMEM, "out of memory");
	nets.known = 0;
	for (size_t i = 0; i < st->count && error >= 0; i++) {
		const hu_node *node = hu_store_at(st, i), *src = node;
		const rop_type *rt;
		const rop_def *def;
		if (!node->type)
			continue;
		rt = rop_type_of(types, node->type);
		if (strcmp(rt->base, "fetch") == 0 && in_driver_net_cached(&nets, st, node))
			src = fetch_source(env, node);
		/* rop_def_of, with the type's entry found once */
		if (src == node)
			def = rt->def && rt->def->driver_only && !in_driver_net_cached(&nets, st, node)
			          ? NULL
			          : rt->def;
		else
			def = src ? rop_def_of(st, src) : NULL;
		if (!def) {
			error = unknown_rop(scene, env, node, rt, &nets);
			continue;
		}
		error = select_rop_take(scene, env, node, src);
		if (error < 0 || is_interactive(def, src))
			continue;
		error = add_rop(scene, env, node, src, def);
		if (error >= 0)
			error = take_unapplied_tip(scene, env, node, src);
	}
	hu_free(types);
	return error;
}

/* Longest path the pattern comparison below takes; longer ones must be equal. */
#define PATTERN_MAX 1024
#define WILD        256 /* a frame or tile token: one or more digits */

/* Length of the frame or tile token at p ($F, $F4, ${F4}, $FF, <UDIM>, %(UDIM)d), 0 when none. */
static size_t token_len(const char *p)
{
	static const char *const tiles[] = {"<UDIM>", "<udim>", "%(UDIM)d", "${F}", "$FF"};
	size_t n = 0;
	if (*p != '$' && *p != '<' && *p != '%')
		return 0;
	for (size_t i = 0; i < sizeof(tiles) / sizeof(*tiles); i++)
		if (strncmp(p, tiles[i], strlen(tiles[i])) == 0)
			return strlen(tiles[i]);
	if (p[0] == '$' && p[1] == '{' && p[2] == 'F') {
		for (n = 3; p[n] >= '0' && p[n] <= '9'; n++)
			;
		return p[n] == '}' ? n + 1 : 0;
	}
	if (p[0] != '$' || p[1] != 'F')
		return 0;
	for (n = 2; p[n] >= '0' && p[n] <= '9'; n++)
		;
	return (p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z') || p[n] == '_' ? 0 : n;
}

/* The pattern as symbols: bytes ('\\' read as '/') and WILD for tokens; its length, or SIZE_MAX. */
static size_t pattern_symbols(const char *path, int *out)
{
	size_t n = 0;
	while (*path) {
		size_t t = token_len(path);
		if (n == PATTERN_MAX)
			return SIZE_MAX;
		if (t) {
			out[n++] = WILD;
			path += t;
		} else {
			out[n++] = *path == '\\' ? '/' : (unsigned char)*path;
			path++;
		}
	}
	return n;
}

static int is_digit_symbol(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * 1 when a file name can match both patterns: a token stands for one or
 * more digits (a negative frame's '-' aside).  Reachability over pairs of
 * positions, row by row.
 */
static int patterns_meet(const int *a, size_t na, const int *b, size_t nb, unsigned char *reach)
{
	size_t w = nb + 1;
	memset(reach, 0, (na + 1) * w);
	reach[0] = 1;
	for (size_t i = 0; i <= na; i++)
		for (size_t j = 0; j <= nb; j++) {
			int x = i < na ? a[i] : -1, y = j < nb ? b[j] : -1;
			if (!reach[i * w + j] || (i == na && j == nb))
				continue;
			if (x == WILD && y == WILD) {
				reach[(i + 1) * w + j + 1] = reach[(i + 1) * w + j] = reach[i * w + j + 1] =
				    1;
			} else if (x == WILD && is_digit_symbol(y)) {
				reach[i * w + j + 1] = reach[(i + 1) * w + j + 1] = 1;
			} else if (y == WILD && is_digit_symbol(x)) {
				reach[(i + 1) * w + j] = reach[(i + 1) * w + j + 1] = 1;
			} else if (x >= 0 && x == y) {
				reach[(i + 1) * w + j + 1] = 1;
			}
		}
	return reach[na * w + nb];
}

static int same_byte(char a, char b)
{
	return a == b || ((a == '/' || a == '\\') && (b == '/' || b == '\\'));
}

/* The literal head and tail lengths of a path and its length, measured once for many comparisons. */
typedef struct {
	const char *path;
	size_t head, tail, len;
} path_ends;

/*
 * The literal head (bytes before the first frame or tile token, the whole
 * length when none) and tail (bytes after the last token) in one pass,
 * token_len asked only where a token can start.
 */
static void measure_ends(path_ends *e, const char *path)
{
	size_t n = strlen(path), head = n, tail = n;
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		size_t t;
		if (path[i] != '$' && path[i] != '<' && path[i] != '%')
			continue;
		t = token_len(path + i);
		if (!t)
			continue;
		if (!found)
			head = i;
		found = 1;
		tail = n - i - t;
		i += t - 1;
	}
	e->path = path;
	e->head = head;
	e->tail = tail;
	e->len = n;
}

/* Cheap first test: the literal text before the first token and after the last must agree. */
static int ends_agree(const path_ends *ea, const path_ends *eb)
{
	const char *a = ea->path, *b = eb->path;
	size_t ha = ea->head, hb = eb->head, ta = ea->tail, tb = eb->tail, la = ea->len, lb = eb->len;
	for (size_t i = 0; i < (ha < hb ? ha : hb); i++)
		if (!same_byte(a[i], b[i]))
			return 0;
	for (size_t i = 1; i <= (ta < tb ? ta : tb); i++)
		if (!same_byte(a[la - i], b[lb - i]))
			return 0;
	return 1;
}

/*
 * 1 when the file `out` writes can be a file `ref` reads (a folder reference: anything below it).
 * `re` is ref's path measured, or NULL to measure it here.
 */
static int may_be_same_file(const path_ends *oe, const sp_fileref *ref, const path_ends *re)
{
	const char *out = oe->path;
	int *a = NULL, *b = NULL;
	unsigned char *reach = NULL;
	size_t na, nb, n;
	path_ends here;
	int meet;
	if (!re) {
		measure_ends(&here, ref->path);
		re = &here;
	}
	n = re->len;
	if (ref->flags & SP_REF_DIRECTORY)
		return strncmp(out, ref->path, n) == 0 && (out[n] == '/' || out[n] == '\\');
	if (strcmp(out, ref->path) == 0)
		return 1;
	if (!ends_agree(oe, re))
		return 0;
	a = hu_malloc(2 * PATTERN_MAX * sizeof(int));
	if (!a)
		return 0; /* out of memory: no warning rather than a wrong one */
	b = a + PATTERN_MAX;
	na = pattern_symbols(out, a);
	nb = pattern_symbols(ref->path, b);
	reach = na != SIZE_MAX && nb != SIZE_MAX ? hu_malloc((na + 1) * (nb + 1)) : NULL;
	meet = reach ? patterns_meet(a, na, b, nb, reach) : 0;
	hu_free(reach);
	hu_free(a);
	return meet;
}

/* The node a unit reads from: its fetch source, else itself. */
static const char *unit_node(const sp_unit *u)
{
	const char *src = sp_unit_get(u, "source");
	return src ? src : sp_unit_name(u);
}

int hu_check_outputs(sp_scene *scene)
{
	size_t nfiles = sp_scene_file_count(scene);
	/* every file's literal ends, measured once for all the ROPs (none when memory is short) */
	path_ends *ends = nfiles ? hu_malloc(nfiles * sizeof(*ends)) : NULL;
	int error = 0;
	for (size_t k = 0; ends && k < nfiles; k++)
		measure_ends(&ends[k], sp_scene_file_at(scene, k)->path);
	for (size_t i = 0; i < sp_scene_unit_count(scene) && error >= 0; i++) {
		const sp_unit *u = sp_scene_unit_at(scene, i);
		const char *out = sp_unit_get(u, SP_PROP_OUTPUT), *src;
		path_ends oe;
		if (!out || !*out || !sp_unit_renderable(u)) /* a bypassed ROP writes nothing */
			continue;
		measure_ends(&oe, out);
		src = unit_node(u);
		for (size_t k = 0; k < nfiles; k++) {
			const sp_fileref *r = sp_scene_file_at(scene, k);
			if ((r->node && strcmp(r->node, src) == 0) ||
			    !may_be_same_file(&oe, r, ends ? &ends[k] : NULL))
				continue;
			error =
			    sp_scene_add_tip(scene, SP_TIP_OUTPUT_IS_INPUT, "%s writes %s, which %s.%s reads",
			                     sp_unit_name(u), out, r->node ? r->node : "the scene", r->attr);
			break;
		}
	}
	hu_free(ends);
	return error;
}
