/*
 * The four task files and the summary, in the farm's shapes
 * (spec/output-files.md).  Every scalar in task.json is a string; key and
 * array order is fixed so two analyses of one scene are byte-identical.
 */
#include "scene_impl.h"
#include "json.h"
#include "os.h"
#include "sp/paths.h"
#include "sp/tips.h"
#include "sp/writers.h"

#include <stdio.h>

#define ADD_STR(obj, key, val)                                                                             \
	do {                                                                                               \
		if (sp__json_add_str((obj), (key), (val)) < 0)                                             \
			goto oom;                                                                          \
	} while (0)

static cJSON *add_object(cJSON *parent, const char *key)
{
	cJSON *o = cJSON_CreateObject();
	return sp__json_add_item(parent, key, o) == 0 ? o : NULL;
}

static cJSON *add_array(cJSON *parent, const char *key)
{
	cJSON *a = cJSON_CreateArray();
	return sp__json_add_item(parent, key, a) == 0 ? a : NULL;
}

static const char *prop_or(const sp_unit *u, const char *key, const char *fallback)
{
	const char *v = sp_unit_get(u, key);
	return v ? v : fallback;
}

static int frames_text(sp_buf *out, const sp_unit *u)
{
	sp_buf_clear(out);
	if (!u->frames)
		return sp_buf_puts(out, "");
	return sp_frames_format(out, u->frames);
}

static int add_cameras(cJSON *common, const sp_unit *u)
{
	cJSON *all = add_array(common, "all_camera"), *rend = add_array(common, "render_camera");
	if (!all || !rend)
		return SP_ENOMEM;
	for (size_t i = 0; i < u->cameras.count; i++) {
		if (sp__json_push_str(all, u->cameras.items[i]) < 0)
			return SP_ENOMEM;
		if (u->camera_renderable[i] && sp__json_push_str(rend, u->cameras.items[i]) < 0)
			return SP_ENOMEM;
	}
	return 0;
}

static int add_range_ends(cJSON *common, const sp_unit *u)
{
	char start[24] = "", end[24] = "", step[24] = "";
	const sp_frame_range *r = u->frames ? sp_frames_range_at(u->frames, 0) : NULL;
	if (r) {
		snprintf(start, sizeof(start), "%lld", (long long)r->start);
		snprintf(end, sizeof(end), "%lld", (long long)r->end);
		snprintf(step, sizeof(step), "%lld", (long long)r->step);
	}
	if (sp__json_add_str(common, "start", start) < 0 || sp__json_add_str(common, "end", end) < 0 ||
	    sp__json_add_str(common, "by_frame", step) < 0)
		return SP_ENOMEM;
	return 0;
}

/* Maya: one object per render layer, keyed by its name. */
static int write_maya_layer(cJSON *render, const sp_unit *u, sp_buf *tmp)
{
	cJSON *layer = add_object(render, u->name), *common;
	if (!layer)
		return SP_ENOMEM;
	ADD_STR(layer, "renderable", u->renderable ? "1" : "0");
	ADD_STR(layer, "is_default_camera", prop_or(u, SP_PROP_DEFAULT_CAMERA, "1"));
	ADD_STR(layer, "option", prop_or(u, SP_PROP_OPTION, ""));
	if (!add_object(layer, "env") || !(common = add_object(layer, "common")))
		return SP_ENOMEM;
	ADD_STR(common, "renderer", prop_or(u, SP_PROP_RENDERER, ""));
	if (add_range_ends(common, u) < 0 || frames_text(tmp, u) < 0)
		return SP_ENOMEM;
	ADD_STR(common, "frames", sp_buf_cstr(tmp));
	ADD_STR(common, "animation", prop_or(u, SP_PROP_ANIMATION, "True"));
	ADD_STR(common, "renumber_frames", prop_or(u, SP_PROP_RENUMBER, "False"));
	ADD_STR(common, "width", prop_or(u, SP_PROP_WIDTH, ""));
	ADD_STR(common, "height", prop_or(u, SP_PROP_HEIGHT, ""));
	ADD_STR(common, "image_format", prop_or(u, SP_PROP_IMAGE_FORMAT, ""));
	ADD_STR(common, "image_file_prefix", prop_or(u, SP_PROP_OUTPUT, ""));
	return add_cameras(common, u);
oom:
	return SP_ENOMEM;
}

static const char *default_option(sp_unit_kind kind)
{
	switch (kind) {
	case SP_UNIT_ROP: return "-1";
	case SP_UNIT_GEO: return "0";
	case SP_UNIT_SIM: return "1";
	default: return "";
	}
}

static int is_written_prop(const char *key, const char *const *skip)
{
	for (; *skip; skip++)
		if (strcmp(key, *skip) == 0)
			return 0;
	return 1;
}

/* The remaining unit properties, in the order the shim set them. */
static int add_other_props(cJSON *obj, const sp_unit *u, const char *const *skip)
{
	for (size_t i = 0; i < u->prop_keys.count; i++)
		if (is_written_prop(u->prop_keys.items[i], skip) &&
		    sp__json_add_str(obj, u->prop_keys.items[i], u->prop_values.items[i]) < 0)
			return SP_ENOMEM;
	return 0;
}

/* Houdini: {"node", "frames", "option", "render", ...} in one of three arrays. */
static int write_houdini_node(cJSON *arr, const sp_unit *u, sp_buf *tmp)
{
	static const char *const skip[] = {SP_PROP_OPTION, SP_PROP_NODE_TYPE, NULL};
	cJSON *node = cJSON_CreateObject();
	if (!node || !cJSON_AddItemToArray(arr, node)) {
		cJSON_Delete(node);
		return SP_ENOMEM;
	}
	ADD_STR(node, "node", u->name);
	if (frames_text(tmp, u) < 0)
		return SP_ENOMEM;
	ADD_STR(node, "frames", sp_buf_cstr(tmp));
	ADD_STR(node, "option", prop_or(u, SP_PROP_OPTION, default_option(u->kind)));
	ADD_STR(node, "render", u->renderable ? "1" : "0");
	return add_other_props(node, u, skip);
oom:
	return SP_ENOMEM;
}

/* Clarisse: {"name", "frames", "renderable", ...props, "layers": [...]}. */
static int write_clarisse_image(cJSON *arr, const sp_unit *u, sp_buf *tmp)
{
	static const char *const skip[] = {SP_PROP_NODE_TYPE, NULL};
	cJSON *img = cJSON_CreateObject(), *layers;
	if (!img || !cJSON_AddItemToArray(arr, img)) {
		cJSON_Delete(img);
		return SP_ENOMEM;
	}
	ADD_STR(img, "name", u->name);
	if (frames_text(tmp, u) < 0)
		return SP_ENOMEM;
	ADD_STR(img, "frames", sp_buf_cstr(tmp));
	ADD_STR(img, "renderable", u->renderable ? "1" : "0");
	if (add_other_props(img, u, skip) < 0)
		return SP_ENOMEM;
	if (u->kind != SP_UNIT_IMAGE)
		return 0;
	if (!(layers = add_array(img, "layers")))
		return SP_ENOMEM;
	for (size_t i = 0; i < u->child_count; i++)
		if (write_clarisse_image(layers, u->children[i], tmp) < 0)
			return SP_ENOMEM;
	return 0;
oom:
	return SP_ENOMEM;
}

static cJSON *scene_info_render(const sp_scene *scene)
{
	cJSON *render = cJSON_CreateObject(), *rop = NULL, *geo = NULL, *sim = NULL, *img = NULL;
	sp_buf tmp = SP_BUF_INIT;
	int error = render ? 0 : SP_ENOMEM;
	if (error == 0 && scene->app == SP_APP_HOUDINI) {
		rop = add_array(render, "rop_node");
		geo = add_array(render, "geo_node");
		sim = add_array(render, "distributedsim_node");
		error = rop && geo && sim ? 0 : SP_ENOMEM;
	} else if (error == 0 && scene->app == SP_APP_CLARISSE) {
		error = (img = add_array(render, "image_node")) ? 0 : SP_ENOMEM;
	}
	for (size_t i = 0; i < scene->unit_count && error == 0; i++) {
		const sp_unit *u = scene->units[i];
		switch (u->kind) {
		case SP_UNIT_LAYER: error = write_maya_layer(render, u, &tmp); break;
		case SP_UNIT_ROP: error = rop ? write_houdini_node(rop, u, &tmp) : 0; break;
		case SP_UNIT_GEO: error = geo ? write_houdini_node(geo, u, &tmp) : 0; break;
		case SP_UNIT_SIM: error = sim ? write_houdini_node(sim, u, &tmp) : 0; break;
		case SP_UNIT_IMAGE:
		case SP_UNIT_IMAGE_LAYER: error = img ? write_clarisse_image(img, u, &tmp) : 0; break;
		}
	}
	sp_buf_dispose(&tmp);
	if (error < 0) {
		cJSON_Delete(render);
		return NULL;
	}
	return render;
}

static int add_software_config(cJSON *root, const sp_scene *scene)
{
	cJSON *sw = add_object(root, "software_config"), *plugins;
	if (!sw)
		return SP_ENOMEM;
	ADD_STR(sw, "cg_name", sp__app_name(scene->app));
	ADD_STR(sw, "cg_version", sp__scene_effective_version(scene));
	if (!(plugins = add_object(sw, "plugins")))
		return SP_ENOMEM;
	for (size_t i = 0; i < scene->plugin_names.count; i++)
		ADD_STR(plugins, scene->plugin_names.items[i], scene->plugin_versions.items[i]);
	return 0;
oom:
	return SP_ENOMEM;
}

static int add_task_info(cJSON *root, const sp_scene *scene)
{
	const char *const *keys = sp__task_keys();
	cJSON *info = add_object(root, "task_info");
	if (!info)
		return SP_ENOMEM;
	for (size_t i = 0; keys[i]; i++)
		ADD_STR(info, keys[i], scene->task_values[i]);
	return 0;
oom:
	return SP_ENOMEM;
}

static int add_scene_info(cJSON *root, const sp_scene *scene)
{
	cJSON *render = scene_info_render(scene), *copy;
	if (!render)
		return SP_ENOMEM;
	if (!cJSON_AddItemToObject(root, "scene_info_render", render)) {
		cJSON_Delete(render);
		return SP_ENOMEM;
	}
	if (!(copy = cJSON_Duplicate(render, 1)) || !cJSON_AddItemToObject(root, "scene_info", copy)) {
		cJSON_Delete(copy);
		return SP_ENOMEM;
	}
	return 0;
}

static int finish(sp_buf *out, const sp_scene *scene, cJSON *root, int error)
{
	if (error == 0 && !root)
		error = SP_ENOMEM;
	if (error == 0)
		error = sp__json_render(out, root);
	cJSON_Delete(root);
	return error == SP_ENOMEM ? sp__oom(scene->ctx) : error;
}

static int require_analysed(const sp_scene *scene)
{
	if (!scene)
		return SP_EUSER;
	if (!scene->analyzed)
		return sp_ctx_error(scene->ctx, SP_EUSER, "the scene must be analysed before it is written");
	return 0;
}

int sp_write_task_json(sp_buf *out, const sp_scene *scene)
{
	cJSON *root;
	int error = require_analysed(scene);
	if (error < 0)
		return error;
	root = cJSON_CreateObject();
	if (root && (error = add_task_info(root, scene)) == 0 && (error = add_software_config(root, scene)) == 0)
		error = add_scene_info(root, scene);
	return finish(out, scene, root, error);
}

static int add_upload_entry(cJSON *arr, sp_ctx *ctx, const char *local, const char *hash)
{
	sp_buf server = SP_BUF_INIT;
	cJSON *entry = cJSON_CreateObject();
	int error = entry && cJSON_AddItemToArray(arr, entry) ? 0 : SP_ENOMEM;
	if (error < 0)
		cJSON_Delete(entry);
	if (error == 0)
		error = sp_path_to_server(&server, ctx, local);
	if (error == 0)
		error = sp__json_add_str(entry, "local", local);
	if (error == 0)
		error = sp__json_add_str(entry, "server", sp_buf_cstr(&server));
	if (error == 0 && hash)
		error = sp__json_add_str(entry, "hash", hash);
	sp_buf_dispose(&server);
	return error;
}

int sp_write_upload_json(sp_buf *out, const sp_scene *scene)
{
	cJSON *root, *scenes, *assets;
	int error = require_analysed(scene);
	if (error < 0)
		return error;
	root = cJSON_CreateObject();
	if (!root || !(scenes = add_array(root, "scene")) || !(assets = add_array(root, "asset")))
		return finish(out, scene, root, SP_ENOMEM);
	error = add_upload_entry(scenes, scene->ctx, scene->path, scene->scene_md5);
	for (size_t i = 0; i < scene->asset_count && error == 0; i++)
		error = add_upload_entry(assets, scene->ctx, scene->assets[i].local, NULL);
	return finish(out, scene, root, error);
}

static const char *ref_kind_name(sp_ref_kind kind)
{
	switch (kind) {
	case SP_REF_TEXTURE: return "texture";
	case SP_REF_SCENE: return "scene";
	case SP_REF_CACHE: return "cache";
	case SP_REF_PROXY: return "proxy";
	case SP_REF_VOLUME: return "volume";
	case SP_REF_LIGHT: return "light";
	case SP_REF_CONFIG: return "config";
	case SP_REF_AUDIO: return "audio";
	case SP_REF_OTHER: return "other";
	}
	return "other";
}

static int add_number(cJSON *obj, const char *key, double v)
{
	cJSON *n = cJSON_CreateNumber(v);
	if (!n || !cJSON_AddItemToObject(obj, key, n)) {
		cJSON_Delete(n);
		return SP_ENOMEM;
	}
	return 0;
}

static int add_reference(cJSON *arr, const sp_scene *scene, size_t i)
{
	const sp_fileref *ref = &scene->refs[i];
	const sp_ref_result *res = &scene->results[i];
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddItemToArray(arr, o)) {
		cJSON_Delete(o);
		return SP_ENOMEM;
	}
	ADD_STR(o, "path", ref->path);
	ADD_STR(o, "resolved", res->resolved ? res->resolved : "");
	ADD_STR(o, "kind", ref_kind_name(ref->kind));
	ADD_STR(o, "node", ref->node ? ref->node : "");
	ADD_STR(o, "attr", ref->attr ? ref->attr : "");
	ADD_STR(o, "source", ref->source ? ref->source : scene->path);
	if (add_number(o, "line", (double)ref->line) < 0 || add_number(o, "files", (double)res->files) < 0 ||
	    add_number(o, "bytes", (double)res->bytes) < 0 || add_number(o, "missing", (double)res->missing) < 0)
		return SP_ENOMEM;
	return 0;
oom:
	return SP_ENOMEM;
}

int sp_write_asset_json(sp_buf *out, const sp_scene *scene)
{
	cJSON *root, *assets, *missing, *refs;
	int error = require_analysed(scene);
	if (error < 0)
		return error;
	root = cJSON_CreateObject();
	if (!root || !(assets = add_array(root, "asset")) || !(missing = add_array(root, "missing")) ||
	    !(refs = add_array(root, "references")))
		return finish(out, scene, root, SP_ENOMEM);
	for (size_t i = 0; i < scene->asset_count && error == 0; i++)
		error = sp__json_push_str(assets, scene->assets[i].local);
	for (size_t i = 0; i < scene->missing.count && error == 0; i++)
		error = sp__json_push_str(missing, scene->missing.items[i]);
	for (size_t i = 0; i < scene->ref_count && error == 0; i++)
		error = add_reference(refs, scene, i);
	return finish(out, scene, root, error);
}

static int tip_codes(const sp_scene *scene, int **codes_out, size_t *count_out)
{
	size_t max = sp_map_count(scene->tips);
	int *codes = sp__calloc(max ? max : 1, sizeof(int));
	if (!codes)
		return SP_ENOMEM;
	*count_out = sp__scene_tip_codes(scene, codes, max);
	*codes_out = codes;
	return 0;
}

int sp_write_tips_json(sp_buf *out, const sp_scene *scene)
{
	cJSON *root;
	int *codes = NULL;
	size_t count = 0;
	int error = require_analysed(scene);
	if (error < 0)
		return error;
	root = cJSON_CreateObject();
	error = root ? tip_codes(scene, &codes, &count) : SP_ENOMEM;
	for (size_t i = 0; i < count && error == 0; i++) {
		char key[16];
		const sp_strvec *msgs = sp__scene_tip_messages(scene, codes[i]);
		cJSON *arr;
		snprintf(key, sizeof(key), "%d", codes[i]);
		if (!(arr = add_array(root, key)))
			error = SP_ENOMEM;
		for (size_t j = 0; msgs && j < msgs->count && error == 0; j++)
			error = sp__json_push_str(arr, msgs->items[j]);
	}
	sp__free(codes);
	return finish(out, scene, root, error);
}

/* ---- summary ------------------------------------------------------------------ */

static const char *unit_kind_name(sp_unit_kind kind)
{
	switch (kind) {
	case SP_UNIT_LAYER: return "render_layer";
	case SP_UNIT_ROP: return "render_node";
	case SP_UNIT_GEO: return "cache_node";
	case SP_UNIT_SIM: return "simulation_node";
	case SP_UNIT_IMAGE: return "image";
	case SP_UNIT_IMAGE_LAYER: return "image_layer";
	}
	return "unit";
}

static int add_summary_unit(cJSON *arr, const sp_unit *u, sp_buf *tmp)
{
	static const char *const none[] = {NULL};
	cJSON *o = cJSON_CreateObject(), *cams, *rcams, *children;
	if (!o || !cJSON_AddItemToArray(arr, o)) {
		cJSON_Delete(o);
		return SP_ENOMEM;
	}
	ADD_STR(o, "name", u->name);
	ADD_STR(o, "kind", unit_kind_name(u->kind));
	if (!cJSON_AddBoolToObject(o, "renderable", u->renderable) || frames_text(tmp, u) < 0)
		return SP_ENOMEM;
	ADD_STR(o, "frames", sp_buf_cstr(tmp));
	if (!(cams = add_array(o, "cameras")) || !(rcams = add_array(o, "render_cameras")))
		return SP_ENOMEM;
	for (size_t i = 0; i < u->cameras.count; i++)
		if (sp__json_push_str(cams, u->cameras.items[i]) < 0 ||
		    (u->camera_renderable[i] && sp__json_push_str(rcams, u->cameras.items[i]) < 0))
			return SP_ENOMEM;
	if (add_other_props(o, u, none) < 0)
		return SP_ENOMEM;
	if (u->child_count == 0)
		return 0;
	if (!(children = add_array(o, "layers")))
		return SP_ENOMEM;
	for (size_t i = 0; i < u->child_count; i++)
		if (add_summary_unit(children, u->children[i], tmp) < 0)
			return SP_ENOMEM;
	return 0;
oom:
	return SP_ENOMEM;
}

static int add_summary_tips(cJSON *root, const sp_scene *scene)
{
	cJSON *arr = add_array(root, "tips");
	int *codes = NULL;
	size_t count = 0;
	int error = arr ? tip_codes(scene, &codes, &count) : SP_ENOMEM;
	for (size_t i = 0; i < count && error == 0; i++) {
		const sp_strvec *msgs = sp__scene_tip_messages(scene, codes[i]);
		cJSON *tip = cJSON_CreateObject(), *list = NULL;
		if (!tip || !cJSON_AddItemToArray(arr, tip)) {
			cJSON_Delete(tip);
			error = SP_ENOMEM;
			break;
		}
		if (add_number(tip, "code", codes[i]) < 0 ||
		    sp__json_add_str(tip, "severity", sp_tip_severity_name(sp_tip_severity_of(codes[i]))) < 0 ||
		    sp__json_add_str(tip, "title", sp_tip_title(codes[i])) < 0 || !(list = add_array(tip, "messages")))
			error = SP_ENOMEM;
		for (size_t j = 0; msgs && j < msgs->count && error == 0; j++)
			error = sp__json_push_str(list, msgs->items[j]);
	}
	sp__free(codes);
	return error;
}

static int add_summary_assets(cJSON *root, const sp_scene *scene)
{
	cJSON *a = add_object(root, "assets"), *missing;
	if (!a || add_number(a, "found", (double)scene->asset_count) < 0 ||
	    add_number(a, "missing", (double)scene->missing.count) < 0 ||
	    add_number(a, "bytes", (double)scene->asset_bytes) < 0 ||
	    add_number(a, "references", (double)scene->ref_count) < 0 || !(missing = add_array(root, "missing")))
		return SP_ENOMEM;
	for (size_t i = 0; i < scene->missing.count; i++)
		if (sp__json_push_str(missing, scene->missing.items[i]) < 0)
			return SP_ENOMEM;
	return 0;
}

int sp_write_summary_json(sp_buf *out, const sp_scene *scene, const char *task_dir)
{
	cJSON *root, *plugins, *units;
	sp_buf tmp = SP_BUF_INIT;
	int error = require_analysed(scene);
	if (error < 0)
		return error;
	root = cJSON_CreateObject();
	if (!root)
		return finish(out, scene, root, SP_ENOMEM);
	ADD_STR(root, "scene", scene->path);
	ADD_STR(root, "application", sp__app_name(scene->app));
	ADD_STR(root, "version", sp__scene_effective_version(scene));
	ADD_STR(root, "scene_version", sp_scene_version(scene));
	if (!(plugins = add_object(root, "plugins")))
		goto oom;
	for (size_t i = 0; i < scene->plugin_names.count; i++)
		ADD_STR(plugins, scene->plugin_names.items[i], scene->plugin_versions.items[i]);
	if (!(units = add_array(root, "units")))
		goto oom;
	for (size_t i = 0; i < scene->unit_count && error == 0; i++)
		error = add_summary_unit(units, scene->units[i], &tmp);
	if (error == 0)
		error = add_summary_assets(root, scene);
	if (error == 0)
		error = add_summary_tips(root, scene);
	if (error == 0 && task_dir)
		error = sp__json_add_str(root, "task_dir", task_dir);
	sp_buf_dispose(&tmp);
	return finish(out, scene, root, error);
oom:
	sp_buf_dispose(&tmp);
	return finish(out, scene, root, SP_ENOMEM);
}

/* ---- the task directory ------------------------------------------------------------ */

static const char *const task_files[4] = {"task.json", "upload.json", "asset.json", "tips.json"};

/*
 * The four files change together: each is rendered and written to a
 * temporary file (fsynced) first, then sp_os_replace_set commits a journal
 * and renames them.  A failure before the commit leaves the previous set; a
 * crash after it leaves the journal, and the next command on the folder
 * (another analyze, check, set, add-upload, add-info) completes the set.
 */
int sp_write_task_dir(const sp_scene *scene, const char *dir)
{
	typedef int (*writer_fn)(sp_buf *, const sp_scene *);
	static const writer_fn writers[4] = {sp_write_task_json, sp_write_upload_json, sp_write_asset_json,
	                                     sp_write_tips_json};
	sp_buf text = SP_BUF_INIT, tmp[4] = {SP_BUF_INIT, SP_BUF_INIT, SP_BUF_INIT, SP_BUF_INIT};
	const char *tmp_paths[4];
	size_t written = 0;
	int committed = 0;
	int error = require_analysed(scene);
	if (error == 0)
		error = sp_os_mkdir_p(scene->ctx, dir);
	/* an earlier run killed while switching sets finishes first, so sets never mix */
	if (error == 0)
		error = sp_os_finish_set(scene->ctx, dir);
	for (; written < 4 && error == 0; written++) {
		char prefix[32];
		snprintf(prefix, sizeof(prefix), ".%s.", task_files[written]);
		if ((error = writers[written](&text, scene)) == 0)
			error = sp_os_write_temp(scene->ctx, dir, prefix, text.ptr, text.size, &tmp[written]);
		tmp_paths[written] = tmp[written].ptr;
	}
	if (error == 0)
		error = sp_os_replace_set(scene->ctx, dir, tmp_paths, task_files, 4, &committed);
	for (size_t i = 0; i < 4; i++) {
		/* once committed, the temporary files left belong to the journal */
		if (tmp[i].size && !committed)
			sp_os_remove_quiet(tmp[i].ptr);
		sp_buf_dispose(&tmp[i]);
	}
	sp_buf_dispose(&text);
	return error;
}
