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

/*
 * Every document is written with the streaming JSON writer (json.h): the
 * text grows as the scene is walked, with no cJSON tree in between, so
 * writing 150k assets costs the bytes of the file, not a tree of 150k
 * objects.  The bytes are those cJSON_Print gave for the same document.
 */

static const char *prop_or(const sp_unit *u, const char *key, const char *fallback)
{
	const char *v = sp_unit_get(u, key);
	return v ? v : fallback;
}

/* The unit's frames as text ("" when it has none) under `key`. */
static void put_frames(sp__jw *jw, const char *key, const sp_unit *u, sp_buf *tmp)
{
	sp_buf_clear(tmp);
	if (u->frames && sp_frames_format(tmp, u->frames) < 0 && jw->error == 0)
		jw->error = SP_ENOMEM;
	sp__jw_str(jw, key, sp_buf_cstr(tmp));
}

static void put_cameras(sp__jw *jw, const char *all_key, const char *render_key, const sp_unit *u)
{
	sp__jw_array(jw, all_key);
	for (size_t i = 0; i < u->cameras.count; i++)
		sp__jw_str(jw, NULL, u->cameras.items[i]);
	sp__jw_end(jw);
	sp__jw_array(jw, render_key);
	for (size_t i = 0; i < u->cameras.count; i++)
		if (u->camera_renderable[i])
			sp__jw_str(jw, NULL, u->cameras.items[i]);
	sp__jw_end(jw);
}

static void put_range_ends(sp__jw *jw, const sp_unit *u)
{
	char start[24] = "", end[24] = "", step[24] = "";
	const sp_frame_range *r = u->frames ? sp_frames_range_at(u->frames, 0) : NULL;
	if (r) {
		snprintf(start, sizeof(start), "%lld", (long long)r->start);
		snprintf(end, sizeof(end), "%lld", (long long)r->end);
		snprintf(step, sizeof(step), "%lld", (long long)r->step);
	}
	sp__jw_str(jw, "start", start);
	sp__jw_str(jw, "end", end);
	sp__jw_str(jw, "by_frame", step);
}

/* Maya: one object per render layer, keyed by its name. */
static void write_maya_layer(sp__jw *jw, const sp_unit *u, sp_buf *tmp)
{
	sp__jw_object(jw, u->name);
	sp__jw_str(jw, "renderable", u->renderable ? "1" : "0");
	sp__jw_str(jw, "is_default_camera", prop_or(u, SP_PROP_DEFAULT_CAMERA, "1"));
	sp__jw_str(jw, "option", prop_or(u, SP_PROP_OPTION, ""));
	sp__jw_object(jw, "env");
	sp__jw_end(jw);
	sp__jw_object(jw, "common");
	sp__jw_str(jw, "renderer", prop_or(u, SP_PROP_RENDERER, ""));
	put_range_ends(jw, u);
	put_frames(jw, "frames", u, tmp);
	sp__jw_str(jw, "animation", prop_or(u, SP_PROP_ANIMATION, "True"));
	sp__jw_str(jw, "renumber_frames", prop_or(u, SP_PROP_RENUMBER, "False"));
	sp__jw_str(jw, "width", prop_or(u, SP_PROP_WIDTH, ""));
	sp__jw_str(jw, "height", prop_or(u, SP_PROP_HEIGHT, ""));
	sp__jw_str(jw, "image_format", prop_or(u, SP_PROP_IMAGE_FORMAT, ""));
	sp__jw_str(jw, "image_file_prefix", prop_or(u, SP_PROP_OUTPUT, ""));
	put_cameras(jw, "all_camera", "render_camera", u);
	sp__jw_end(jw);
	sp__jw_end(jw);
}

static const char *default_option(sp_unit_kind kind)
{
	switch (kind) {
	case SP_UNIT_ROP:
		return "-1";
	case SP_UNIT_GEO:
		return "0";
	case SP_UNIT_SIM:
		return "1";
	default:
		return "";
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
static void put_other_props(sp__jw *jw, const sp_unit *u, const char *const *skip)
{
	for (size_t i = 0; i < u->prop_keys.count; i++)
		if (is_written_prop(u->prop_keys.items[i], skip))
			sp__jw_str(jw, u->prop_keys.items[i], u->prop_values.items[i]);
}

/* Houdini: {"node", "frames", "option", "render", ...} in one of three arrays. */
static void write_houdini_node(sp__jw *jw, const sp_unit *u, sp_buf *tmp)
{
	static const char *const skip[] = {SP_PROP_OPTION, SP_PROP_NODE_TYPE, NULL};
	sp__jw_object(jw, NULL);
	sp__jw_str(jw, "node", u->name);
	put_frames(jw, "frames", u, tmp);
	sp__jw_str(jw, "option", prop_or(u, SP_PROP_OPTION, default_option(u->kind)));
	sp__jw_str(jw, "render", u->renderable ? "1" : "0");
	put_other_props(jw, u, skip);
	sp__jw_end(jw);
}

/* Clarisse: {"name", "frames", "renderable", ...props, "layers": [...]}. */
static void write_clarisse_image(sp__jw *jw, const sp_unit *u, sp_buf *tmp)
{
	static const char *const skip[] = {SP_PROP_NODE_TYPE, NULL};
	sp__jw_object(jw, NULL);
	sp__jw_str(jw, "name", u->name);
	put_frames(jw, "frames", u, tmp);
	sp__jw_str(jw, "renderable", u->renderable ? "1" : "0");
	put_other_props(jw, u, skip);
	if (u->kind == SP_UNIT_IMAGE) {
		sp__jw_array(jw, "layers");
		for (size_t i = 0; i < u->child_count; i++)
			write_clarisse_image(jw, u->children[i], tmp);
		sp__jw_end(jw);
	}
	sp__jw_end(jw);
}

/* The units of the kinds in [first, last] as one array under `key`, in the scene's order. */
static void write_unit_array(sp__jw *jw, const char *key, const sp_scene *scene, sp_unit_kind first,
                             sp_unit_kind last, sp_buf *tmp)
{
	sp__jw_array(jw, key);
	for (size_t i = 0; i < scene->unit_count; i++) {
		const sp_unit *u = scene->units[i];
		if (u->kind < first || u->kind > last)
			continue;
		if (scene->app == SP_APP_HOUDINI)
			write_houdini_node(jw, u, tmp);
		else
			write_clarisse_image(jw, u, tmp);
	}
	sp__jw_end(jw);
}

/*
 * scene_info_render: Houdini's three node arrays or Clarisse's image array
 * come first (the farm reads them by name), then one object per render layer.
 */
static void write_scene_info_render(sp__jw *jw, const char *key, const sp_scene *scene, sp_buf *tmp)
{
	sp__jw_object(jw, key);
	if (scene->app == SP_APP_HOUDINI) {
		write_unit_array(jw, "rop_node", scene, SP_UNIT_ROP, SP_UNIT_ROP, tmp);
		write_unit_array(jw, "geo_node", scene, SP_UNIT_GEO, SP_UNIT_GEO, tmp);
		write_unit_array(jw, "distributedsim_node", scene, SP_UNIT_SIM, SP_UNIT_SIM, tmp);
	} else if (scene->app == SP_APP_CLARISSE) {
		write_unit_array(jw, "image_node", scene, SP_UNIT_IMAGE, SP_UNIT_IMAGE_LAYER, tmp);
	}
	for (size_t i = 0; i < scene->unit_count; i++)
		if (scene->units[i]->kind == SP_UNIT_LAYER)
			write_maya_layer(jw, scene->units[i], tmp);
	sp__jw_end(jw);
}

static void write_plugins(sp__jw *jw, const sp_scene *scene)
{
	sp__jw_object(jw, "plugins");
	for (size_t i = 0; i < scene->plugin_names.count; i++)
		sp__jw_str(jw, scene->plugin_names.items[i], scene->plugin_versions.items[i]);
	sp__jw_end(jw);
}

static int finish(const sp_scene *scene, sp__jw *jw, int error)
{
	int jw_error = sp__jw_finish(jw);
	if (error == 0)
		error = jw_error;
	if (error == SP_ENOMEM)
		return sp__oom(scene->ctx);
	if (error == SP_ETOOBIG)
		return sp_ctx_error(scene->ctx, error, "%s: the document nests deeper than %d levels",
		                    scene->path, SP__JW_MAX_DEPTH);
	if (error == SP_EUSER)
		return sp_ctx_error(scene->ctx, error, "%s: unbalanced JSON document", scene->path);
	return error;
}

static int require_analysed(const sp_scene *scene)
{
	if (!scene)
		return SP_EUSER;
	if (!scene->analyzed)
		return sp_ctx_error(scene->ctx, SP_EUSER, "the scene must be analysed before it is written");
	return 0;
}

/* Clear `out` and start a document in it, after checking the scene. */
static int start(sp__jw *jw, sp_buf *out, const sp_scene *scene)
{
	int error = require_analysed(scene);
	if (error < 0)
		return error;
	if (!out)
		return sp_ctx_error(scene->ctx, SP_EUSER, "no output buffer");
	sp_buf_clear(out);
	sp__jw_init(jw, out);
	sp__jw_object(jw, NULL);
	return 0;
}

static int task_body(sp__jw *jw, const sp_scene *scene)
{
	const char *const *keys = sp__task_keys();
	sp_buf tmp = SP_BUF_INIT;
	sp__jw_object(jw, "task_info");
	for (size_t i = 0; keys[i]; i++)
		sp__jw_str(jw, keys[i], scene->task_values[i]);
	sp__jw_end(jw);
	sp__jw_object(jw, "software_config");
	sp__jw_str(jw, "cg_name", sp__app_name(scene->app));
	sp__jw_str(jw, "cg_version", sp__scene_effective_version(scene));
	write_plugins(jw, scene);
	sp__jw_end(jw);
	/* the farm reads both names; they hold the same document */
	write_scene_info_render(jw, "scene_info_render", scene, &tmp);
	write_scene_info_render(jw, "scene_info", scene, &tmp);
	sp_buf_dispose(&tmp);
	return 0;
}

static int put_upload_entry(sp__jw *jw, sp_buf *server, sp_ctx *ctx, const char *local, const char *hash)
{
	int error = sp_path_to_server(server, ctx, local);
	if (error < 0)
		return error;
	sp__jw_object(jw, NULL);
	sp__jw_str(jw, "local", local);
	sp__jw_str(jw, "server", sp_buf_cstr(server));
	if (hash)
		sp__jw_str(jw, "hash", hash);
	sp__jw_end(jw);
	return 0;
}

/* upload.json needs the scene's MD5: the hash thread is joined here. */
static int upload_body(sp__jw *jw, const sp_scene *scene)
{
	sp_buf server = SP_BUF_INIT;
	int error = sp__scene_hash_join(scene);
	if (error < 0)
		return error;
	sp__jw_array(jw, "scene");
	error = put_upload_entry(jw, &server, scene->ctx, scene->path, sp__scene_md5(scene));
	sp__jw_end(jw);
	sp__jw_array(jw, "asset");
	for (size_t i = 0; i < scene->asset_count && error == 0 && jw->error == 0; i++)
		error = put_upload_entry(jw, &server, scene->ctx, scene->assets[i].local, NULL);
	sp__jw_end(jw);
	sp_buf_dispose(&server);
	return error;
}

static const char *ref_kind_name(sp_ref_kind kind)
{
	switch (kind) {
	case SP_REF_TEXTURE:
		return "texture";
	case SP_REF_SCENE:
		return "scene";
	case SP_REF_CACHE:
		return "cache";
	case SP_REF_PROXY:
		return "proxy";
	case SP_REF_VOLUME:
		return "volume";
	case SP_REF_LIGHT:
		return "light";
	case SP_REF_CONFIG:
		return "config";
	case SP_REF_AUDIO:
		return "audio";
	case SP_REF_OTHER:
		return "other";
	}
	return "other";
}

static void put_reference(sp__jw *jw, const sp_scene *scene, size_t i)
{
	const sp_fileref *ref = &scene->refs[i];
	const sp_ref_result *res = &scene->results[i];
	sp__jw_object(jw, NULL);
	sp__jw_str(jw, "path", ref->path);
	sp__jw_str(jw, "resolved", res->resolved);
	sp__jw_str(jw, "kind", ref_kind_name(ref->kind));
	sp__jw_str(jw, "node", ref->node);
	sp__jw_str(jw, "attr", ref->attr);
	sp__jw_str(jw, "source", ref->source ? ref->source : scene->path);
	sp__jw_num(jw, "line", (double)ref->line);
	sp__jw_num(jw, "files", (double)res->files);
	sp__jw_num(jw, "bytes", (double)res->bytes);
	sp__jw_num(jw, "missing", (double)res->missing);
	sp__jw_end(jw);
}

static int asset_body(sp__jw *jw, const sp_scene *scene)
{
	sp__jw_array(jw, "asset");
	for (size_t i = 0; i < scene->asset_count && jw->error == 0; i++)
		sp__jw_str(jw, NULL, scene->assets[i].local);
	sp__jw_end(jw);
	sp__jw_array(jw, "missing");
	for (size_t i = 0; i < scene->missing.count && jw->error == 0; i++)
		sp__jw_str(jw, NULL, scene->missing.items[i]);
	sp__jw_end(jw);
	sp__jw_array(jw, "references");
	for (size_t i = 0; i < scene->ref_count && jw->error == 0; i++)
		put_reference(jw, scene, i);
	sp__jw_end(jw);
	return 0;
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

static void put_messages(sp__jw *jw, const char *key, const sp_strvec *msgs)
{
	sp__jw_array(jw, key);
	for (size_t j = 0; msgs && j < msgs->count; j++)
		sp__jw_str(jw, NULL, msgs->items[j]);
	sp__jw_end(jw);
}

static int tips_body(sp__jw *jw, const sp_scene *scene)
{
	int *codes = NULL;
	size_t count = 0;
	int error = tip_codes(scene, &codes, &count);
	for (size_t i = 0; i < count && error == 0; i++) {
		char key[16];
		snprintf(key, sizeof(key), "%d", codes[i]);
		put_messages(jw, key, sp__scene_tip_messages(scene, codes[i]));
	}
	sp__free(codes);
	return error;
}

/*
 * A document: `body` writes the members of its root object.  Rendered into
 * a buffer (sp_write_*_json) or streamed to a temporary file (the task dir).
 */
typedef int (*body_fn)(sp__jw *jw, const sp_scene *scene);

static int render(sp_buf *out, const sp_scene *scene, body_fn body)
{
	sp__jw jw;
	int error = start(&jw, out, scene);
	if (error < 0)
		return error;
	error = body(&jw, scene);
	sp__jw_end(&jw);
	return finish(scene, &jw, error);
}

int sp_write_task_json(sp_buf *out, const sp_scene *scene)
{
	return render(out, scene, task_body);
}

int sp_write_upload_json(sp_buf *out, const sp_scene *scene)
{
	return render(out, scene, upload_body);
}

int sp_write_asset_json(sp_buf *out, const sp_scene *scene)
{
	return render(out, scene, asset_body);
}

int sp_write_tips_json(sp_buf *out, const sp_scene *scene)
{
	return render(out, scene, tips_body);
}

/* ---- summary ------------------------------------------------------------------ */

static const char *unit_kind_name(sp_unit_kind kind)
{
	switch (kind) {
	case SP_UNIT_LAYER:
		return "render_layer";
	case SP_UNIT_ROP:
		return "render_node";
	case SP_UNIT_GEO:
		return "cache_node";
	case SP_UNIT_SIM:
		return "simulation_node";
	case SP_UNIT_IMAGE:
		return "image";
	case SP_UNIT_IMAGE_LAYER:
		return "image_layer";
	}
	return "unit";
}

static void put_summary_unit(sp__jw *jw, const sp_unit *u, sp_buf *tmp)
{
	static const char *const none[] = {NULL};
	sp__jw_object(jw, NULL);
	sp__jw_str(jw, "name", u->name);
	sp__jw_str(jw, "kind", unit_kind_name(u->kind));
	sp__jw_bool(jw, "renderable", u->renderable);
	put_frames(jw, "frames", u, tmp);
	put_cameras(jw, "cameras", "render_cameras", u);
	put_other_props(jw, u, none);
	if (u->child_count > 0) {
		sp__jw_array(jw, "layers");
		for (size_t i = 0; i < u->child_count; i++)
			put_summary_unit(jw, u->children[i], tmp);
		sp__jw_end(jw);
	}
	sp__jw_end(jw);
}

static int put_summary_tips(sp__jw *jw, const sp_scene *scene)
{
	int *codes = NULL;
	size_t count = 0;
	int error = tip_codes(scene, &codes, &count);
	sp__jw_array(jw, "tips");
	for (size_t i = 0; i < count && error == 0; i++) {
		sp__jw_object(jw, NULL);
		sp__jw_num(jw, "code", codes[i]);
		sp__jw_str(jw, "severity", sp_tip_severity_name(sp_tip_severity_of(codes[i])));
		sp__jw_str(jw, "title", sp_tip_title(codes[i]));
		put_messages(jw, "messages", sp__scene_tip_messages(scene, codes[i]));
		sp__jw_end(jw);
	}
	sp__jw_end(jw);
	sp__free(codes);
	return error;
}

static void put_summary_assets(sp__jw *jw, const sp_scene *scene)
{
	sp__jw_object(jw, "assets");
	sp__jw_num(jw, "found", (double)scene->asset_count);
	sp__jw_num(jw, "missing", (double)scene->missing.count);
	sp__jw_num(jw, "bytes", (double)scene->asset_bytes);
	sp__jw_num(jw, "references", (double)scene->ref_count);
	sp__jw_end(jw);
	sp__jw_array(jw, "missing");
	for (size_t i = 0; i < scene->missing.count && jw->error == 0; i++)
		sp__jw_str(jw, NULL, scene->missing.items[i]);
	sp__jw_end(jw);
}

int sp_write_summary_json(sp_buf *out, const sp_scene *scene, const char *task_dir)
{
	sp_buf tmp = SP_BUF_INIT;
	sp__jw jw;
	int error = start(&jw, out, scene);
	if (error < 0)
		return error;
	sp__jw_str(&jw, "scene", scene->path);
	sp__jw_str(&jw, "application", sp__app_name(scene->app));
	sp__jw_str(&jw, "version", sp__scene_effective_version(scene));
	sp__jw_str(&jw, "scene_version", sp_scene_version(scene));
	write_plugins(&jw, scene);
	sp__jw_array(&jw, "units");
	for (size_t i = 0; i < scene->unit_count; i++)
		put_summary_unit(&jw, scene->units[i], &tmp);
	sp__jw_end(&jw);
	put_summary_assets(&jw, scene);
	error = put_summary_tips(&jw, scene);
	if (task_dir)
		sp__jw_str(&jw, "task_dir", task_dir);
	sp__jw_end(&jw);
	sp_buf_dispose(&tmp);
	return finish(scene, &jw, error);
}

/* ---- the task directory ------------------------------------------------------------ */

static const char *const task_files[4] = {"task.json", "upload.json", "asset.json", "tips.json"};

static int to_tmpfile(void *payload, const char *data, size_t len)
{
	return sp_os_tmp_write(payload, data, len);
}

/* Stream document `which` into a new temporary file of `dir`, not yet committed. */
static int write_doc(sp_os_tmpfile **out, const sp_scene *scene, const char *dir, size_t which)
{
	static const body_fn bodies[4] = {task_body, upload_body, asset_body, tips_body};
	sp_buf piece = SP_BUF_INIT;
	char prefix[32];
	sp__jw jw;
	int error;
	snprintf(prefix, sizeof(prefix), ".%s.", task_files[which]);
	if ((error = sp_os_tmp_open(out, scene->ctx, dir, prefix)) < 0)
		return error;
	sp__jw_init_sink(&jw, &piece, to_tmpfile, *out);
	sp__jw_object(&jw, NULL);
	error = bodies[which](&jw, scene);
	sp__jw_end(&jw);
	error = finish(scene, &jw, error);
	sp_buf_dispose(&piece);
	return error;
}

/*
 * The four files change together: each is streamed to a temporary file
 * (task.json, asset.json and tips.json first, while the scene's hash may
 * still be running; upload.json, which needs it, last), the four are
 * fsynced together, then sp_os_replace_set commits a journal and renames
 * them.  A failure before the commit leaves the previous set; a crash after
 * it leaves the journal, and the next command on the folder (another
 * analyze, check, set, add-upload, add-info) completes the set.
 */
int sp_write_task_dir(const sp_scene *scene, const char *dir)
{
	static const size_t order[4] = {0, 2, 3, 1}; /* upload.json last: it waits for the hash */
	sp_os_tmpfile *files[4] = {NULL, NULL, NULL, NULL};
	const char *tmp_paths[4];
	int committed = 0;
	int error = require_analysed(scene);
	if (error == 0)
		error = sp_os_mkdir_p(scene->ctx, dir);
	/* an earlier run killed while switching sets finishes first, so sets never mix */
	if (error == 0)
		error = sp_os_finish_set(scene->ctx, dir);
	for (size_t k = 0; k < 4 && error == 0; k++)
		error = write_doc(&files[order[k]], scene, dir, order[k]);
	if (error == 0)
		error = sp_os_tmp_commit_set(files, 4);
	for (size_t i = 0; i < 4 && error == 0; i++)
		tmp_paths[i] = sp_os_tmp_path(files[i]);
	if (error == 0)
		error = sp_os_replace_set(scene->ctx, dir, tmp_paths, task_files, 4, &committed);
	for (size_t i = 0; i < 4; i++) {
		/* once committed, the temporary files left belong to the journal */
		if (committed)
			sp_os_tmp_free(files[i]);
		else
			sp_os_tmp_abort(files[i]);
	}
	return error;
}
