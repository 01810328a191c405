/* One sp_unit per render layer, with the render settings in force in it. */
#include "ma_layers.h"
#include "ma_attrs.h"

#include <math.h>
#include <stdio.h>

static int64_t round_frame(const char *v, int64_t dflt)
{
	double d;
	if (!v || ma_parse_double(v, &d) < 0 || !(d > -1e15 && d < 1e15))
		return dflt;
	return (int64_t)llround(d);
}

static const char *value_or(const char *v, const char *dflt)
{
	return v ? v : dflt;
}

/*
 * Frame values are stored in the `currentUnit -t` unit, which is the frame
 * rate itself for film/pal/ntsc/...: test_0169 (pal) stores `.ef 66` and
 * renders frames 1-66.  So the stored numbers are frame numbers.
 */
static int set_frames(sp_unit *unit, const ma_layer_eval *le, sp_ctx *ctx, int animation)
{
	sp_frames *frames = NULL;
	int64_t start, end, by;
	int error = sp_frames_new(&frames, ctx);
	if (error < 0)
		return error;
	if (animation) {
		const char *bfs = ma_layer_value(le, "defaultRenderGlobals", "bfs");
		start = round_frame(ma_layer_value(le, "defaultRenderGlobals", "fs"), 1);
		end = round_frame(ma_layer_value(le, "defaultRenderGlobals", "ef"), 10);
		by = round_frame(bfs ? bfs : ma_layer_value(le, "defaultRenderGlobals", "bf"), 1);
	} else {
		start = end = round_frame(ma_layer_value(le, "time1", "o"), 1);
		by = 1;
	}
	if (end < start)
		end = start;
	if (by < 1)
		by = 1;
	error = sp_frames_add(frames, start, end, by);
	if (error >= 0)
		error = sp_unit_set_frames(unit, frames);
	sp_frames_free(frames);
	return error;
}

/* V-Ray writes "exr (multichannel)", "exr (deep)": the extension is the first word. */
static const char *first_word(char *out, size_t size, const char *v)
{
	size_t n = strcspn(v, " (");
	if (n == 0 || n >= size)
		return v;
	memcpy(out, v, n);
	out[n] = '\0';
	return out;
}

/* MtoA names its drivers, not the files they write: "deepexr" writes .exr, "jpeg" writes .jpg. */
static const char *arnold_extension(const char *translator)
{
	if (translator && strcmp(translator, "deepexr") == 0)
		return "exr";
	if (translator && strcmp(translator, "jpeg") == 0)
		return "jpg";
	if (translator && strcmp(translator, "tiff") == 0)
		return "tif";
	return translator;
}

/*
 * The extension of the images: Arnold's driver translator (MtoA mirrors it
 * into .imfkey), V-Ray's own format string (it never reads .outf), the
 * Redshift enum, else Maya's .outf/.imfkey.  `buf` holds a trimmed copy.
 */
static const char *image_format(char *buf, size_t size, const ma_layer_eval *le, const char *renderer)
{
	const char *v = NULL;
	int64_t outf;
	if (strcmp(renderer, "arnold") == 0)
		v = arnold_extension(ma_layer_value(le, "defaultArnoldDriver", "ai_translator"));
	else if (strcmp(renderer, "vray") == 0)
		return first_word(buf, size, value_or(ma_layer_value(le, "vraySettings", "imgfs"), "png"));
	/* RenderMan 22+ (rmanGlobals) writes through its own displays, OpenEXR unless changed, never .outf */
	else if (strcmp(renderer, "renderman") == 0 && ma_store_find(&le->w->store, "rmanGlobals"))
		return "exr";
	else if (strcmp(renderer, "redshift") == 0 &&
	         ma_parse_i64(value_or(ma_layer_value(le, "redshiftOptions", "imageFormat"), ""), &outf) == 0)
		v = ma_redshift_format_name(outf);
	if (v && *v)
		return v;
	if (ma_parse_i64(value_or(ma_layer_value(le, "defaultRenderGlobals", "outf"), ""), &outf) == 0) {
		v = outf == 51 ? ma_layer_value(le, "defaultRenderGlobals", "imfkey")
		               : ma_image_format_name(outf);
		if (v && *v)
			return v;
	}
	/* Arnold's driver and Redshift default to OpenEXR, Maya Software to IFF. */
	return strcmp(renderer, "arnold") == 0 || strcmp(renderer, "redshift") == 0 ? "exr" : "iff";
}

/*
 * The image prefix the renderer uses: V-Ray keeps its own (vraySettings
 * .fileNamePrefix) and RenderMan 22+ its rmanGlobals .imageFileFormat;
 * Maya Software, Hardware 2.0, Arnold, Redshift and mental ray read
 * defaultRenderGlobals .imageFilePrefix.  Tokens (<Scene>, <RenderLayer>,
 * <Camera>, <RenderPass>, %s, %l, %c) are kept as written: the farm
 * expands them per layer and camera.
 */
static const char *image_prefix(const ma_layer_eval *le, const char *renderer)
{
	const char *v = NULL;
	if (strcmp(renderer, "vray") == 0)
		v = ma_layer_value(le, "vraySettings", "fnprx");
	else if (strcmp(renderer, "renderman") == 0)
		v = value_or(ma_layer_value(le, "rmanGlobals", "imageFileFormat"),
		             "<scene>_<layer>_<camera>_<aov>.<f4>.<ext>"); /* RfM 22+'s default */
	return v ? v : value_or(ma_layer_value(le, "defaultRenderGlobals", "ifp"), "");
}

static int set_props(sp_unit *unit, const ma_layer_eval *le, sp_ctx *ctx)
{
	const char *drg = "defaultRenderGlobals";
	const char *renderer = value_or(ma_layer_value(le, drg, "ren"), "mayaSoftware");
	const char *rnm = ma_layer_value(le, drg, "mdx");
	int animation = ma_parse_bool(ma_layer_value(le, drg, "an"), 0);
	char w[32], h[32], fmt[64];
	double dw, dh;
	int error;
	/* V-Ray renders at the size of its own settings node (its Common tab edits .wi/.he) */
	int vray_size = strcmp(renderer, "vray") == 0 && ma_layer_value(le, "vraySettings", "wi");
	const char *res = vray_size ? "vraySettings" : "defaultResolution";
	ma_default_resolution(le->w, &dw, &dh);
	snprintf(w, sizeof(w), "%lld",
	         (long long)round_frame(ma_layer_value(le, res, vray_size ? "wi" : "w"), (int64_t)dw));
	snprintf(h, sizeof(h), "%lld",
	         (long long)round_frame(ma_layer_value(le, res, vray_size ? "he" : "h"), (int64_t)dh));
	if (!rnm)
		rnm = ma_layer_value(le, drg, "rnm");
	if ((error = set_frames(unit, le, ctx, animation)) < 0 ||
	    (error = sp_unit_set(unit, SP_PROP_RENDERER, renderer)) < 0 ||
	    (error = sp_unit_set(unit, SP_PROP_WIDTH, w)) < 0 ||
	    (error = sp_unit_set(unit, SP_PROP_HEIGHT, h)) < 0 ||
	    (error = sp_unit_set(unit, SP_PROP_IMAGE_FORMAT, image_format(fmt, sizeof(fmt), le, renderer))) <
	        0 ||
	    (error = sp_unit_set(unit, SP_PROP_OUTPUT, image_prefix(le, renderer))) < 0 ||
	    (error = sp_unit_set(unit, SP_PROP_ANIMATION, animation ? "True" : "False")) < 0 ||
	    (error = sp_unit_set(unit, SP_PROP_RENUMBER, ma_parse_bool(rnm, 0) ? "True" : "False")) < 0)
		return error;
	return sp_unit_set(unit, SP_PROP_DEFAULT_CAMERA, "1");
}

/*
 * The scene's own renderLayerManager.  Imported scenes bring managers of
 * their own ("renderLayerManager1", "shot_v01_renderLayerManager") with
 * their default layers; Maya offers only the main manager's layers (the
 * Deadline submitter filters on it the same way), so those are no units.
 */
static const ma_node *main_manager(const ma_store *st)
{
	const ma_node *m = ma_store_find(st, "renderLayerManager");
	for (size_t i = 0; i < st->nconn; i++) { /* the manager that lists defaultRenderLayer */
		const ma_conn *c = &st->conns[i];
		const ma_node *src;
		if (strcmp(c->dst, "defaultRenderLayer") != 0 || strcmp(c->dst_attr, "rlid") != 0)
			continue;
		src = ma_store_find(st, c->src);
		if (src && strcmp(src->ti->name, "renderLayerManager") == 0)
			return src;
	}
	if (m && strcmp(m->ti->name, "renderLayerManager") == 0)
		return m;
	for (size_t i = 0; i < st->nnode; i++)
		if (strcmp(st->nodes[i]->ti->name, "renderLayerManager") == 0)
			return st->nodes[i];
	return NULL;
}

/* A renderLayer is a unit when the main manager lists it (`mgr.rlmi[n]` -> `layer.rlid`). */
static int attached(const ma_store *st, const ma_node *mgr, const ma_node *layer)
{
	for (size_t i = 0; mgr && i < st->nconn; i++) {
		const ma_conn *c = &st->conns[i];
		if (strcmp(c->dst, layer->name) == 0 && strcmp(c->dst_attr, "rlid") == 0 &&
		    strncmp(c->src_attr, "rlmi", 4) == 0 && ma_store_find(st, c->src) == mgr)
			return 1;
	}
	return 0;
}

/* The renderSetupLayer that owns legacy layer `rs_X` (`rs_X.msg` -> `X.lrl`), or NULL. */
static const ma_node *owner_rs_layer(const ma_store *st, const ma_node *layer)
{
	for (size_t i = 0; i < st->nconn; i++) {
		const ma_conn *c = &st->conns[i];
		const ma_node *dst;
		if (strcmp(c->src, layer->name) != 0 || strcmp(c->src_attr, "msg") != 0 ||
		    strcmp(c->dst_attr, "lrl") != 0)
			continue;
		dst = ma_store_find(st, c->dst);
		if (dst && strcmp(dst->ti->name, "renderSetupLayer") == 0)
			return dst;
	}
	return NULL;
}

static int layer_renderable(const ma_node *layer)
{
	const char *v = ma_node_value(layer, "rndr");
	return ma_parse_bool(v ? v : ma_node_value(layer, "rnd"), 1);
}

/*
 * The layer current when the file was saved (renderLayerManager .crl holds
 * its id, matched through .rlmi[n] -> layer.rlid; absent = the default
 * layer).  Maya keeps that layer's values in the plugs themselves, and its
 * own adjustment values are stale until it is switched away from.
 */
static const ma_node *active_layer(const ma_store *st)
{
	const ma_node *mgr = ma_store_find(st, "renderLayerManager");
	const char *crl = ma_node_value(mgr, "crl");
	char plug[64];
	if (!mgr || !crl || strcmp(crl, "0") == 0)
		return ma_store_find(st, "defaultRenderLayer");
	for (size_t i = 0; i < ma_node_nattr(mgr); i++) {
		const ma_attr *a = ma_node_attr_at(mgr, i);
		if (strncmp(a->name, "rlmi[", 5) != 0 || !a->value || strcmp(a->value, crl) != 0)
			continue;
		snprintf(plug, sizeof(plug), "%.40s", a->name);
		for (size_t k = 0; k < st->nconn; k++)
			if (strcmp(st->conns[k].src, mgr->name) == 0 &&
			    strcmp(st->conns[k].src_attr, plug) == 0 &&
			    strcmp(st->conns[k].dst_attr, "rlid") == 0)
				return ma_store_find(st, st->conns[k].dst);
	}
	return NULL;
}

/*
 * The name a user sees: a Render Setup layer's own (not its "rs_" legacy
 * node), and under Render Setup the default layer is "masterLayer".
 */
static const char *layer_name(const ma_layer_eval *le, const ma_node *layer)
{
	if (le->rs_layer)
		return le->rs_layer->name;
	if (le->rs->render_setup && (!layer || strcmp(layer->name, "defaultRenderLayer") == 0))
		return "masterLayer";
	return layer ? layer->name : "defaultRenderLayer";
}

static int feed_layer(ma_walk *w, const ma_rs_index *rs, const ma_node *layer, const ma_ovr_list *master)
{
	ma_layer_eval le;
	sp_unit *unit = NULL;
	int error;
	memset(&le, 0, sizeof(le));
	le.w = w;
	le.rs = rs;
	le.layer = layer;
	le.master = master;
	le.rs_layer = layer ? owner_rs_layer(&w->store, layer) : NULL;
	le.active = layer && layer == active_layer(&w->store);
	error = sp_scene_add_unit(&unit, w->ses->scene, SP_UNIT_LAYER, layer_name(&le, layer));
	if (error >= 0 && layer && !le.active && !rs->render_setup)
		error = ma_collect_adjustments(&le.own, &w->store, layer);
	if (error >= 0)
		error = ma_collect_rs_overrides(&le);
	if (error >= 0) {
		sp_unit_set_renderable(unit, layer ? layer_renderable(layer) : 1);
		error = set_props(unit, &le, w->ses->ctx);
	}
	if (error >= 0)
		error = ma_feed_layer_cameras(unit, &le);
	if (error >= 0)
		error = ma_note_foreign_cameras(unit, &le);
	if (error >= 0)
		error = ma_feed_override_files(w, &le.own);
	if (error >= 0)
		error = ma_feed_foreign_override_files(w, &le);
	ma_ovr_dispose(&le.own);
	return error;
}

static int has_type(const ma_store *st, const char *type)
{
	size_t pos;
	return ma_map_get(&st->types.index, type, &pos); /* every type of a stored node, each once */
}

int ma_feed_layers(ma_walk *w)
{
	const ma_store *st = &w->store;
	const ma_node *def = ma_store_find(st, "defaultRenderLayer");
	ma_ovr_list master = {NULL, 0, 0};
	const ma_node *mgr = main_manager(st);
	ma_rs_index rs;
	int error = ma_rs_index_build(&rs, st);
	rs.render_setup = has_type(st, "renderSetupLayer");
	if (error >= 0)
		error =
		    sp_scene_set_task_value(w->ses->scene, "render_layer_type", rs.render_setup ? "1" : "0");
	if (error >= 0 && def && def != active_layer(st) && !rs.render_setup)
		error = ma_collect_adjustments(&master, st, def);
	if (error >= 0)
		error = feed_layer(w, &rs, def, &master);
	for (size_t i = 0; error >= 0 && i < st->nnode; i++) {
		const ma_node *n = st->nodes[i];
		if (n == def || n->ti->cls != MA_TYPE_LAYER || strcmp(n->ti->name, "renderLayer") != 0 ||
		    !attached(st, mgr, n))
			continue;
		error = feed_layer(w, &rs, n, &master);
	}
	ma_ovr_dispose(&master);
	ma_rs_index_dispose(&rs);
	return error == SP_ENOMEM ? sp_ctx_error(w->ses->ctx, SP_ENOMEM, "out of memory") : error;
}
