#include "scene_impl.h"
#include "ctx.h"
#include "os.h"
#include "sp/paths.h"
#include "sp/tips.h"
#include "task_keys.h"

#include <stdarg.h>
#include <stdio.h>

/* The farm's task_info keys, in the order the vendor SDK writes them. */
static const char *const task_keys[] = {SP_TASK_KEYS(SP_TASK_KEY_NAME) NULL};
static const char *const task_defaults[] = {"",  "",      "",      "",  "",  "",  "",    "2", "4",
                                            "1", "0",     "1",     "0", "0", "1", "000", "2", "259200",
                                            "0", "43200", "block", "1", "0", "3", "64",  "2", ""};

const char *const *sp__task_keys(void)
{
	return task_keys;
}
const char *sp__task_default(size_t i)
{
	return task_defaults[i];
}

const char *sp__app_cg_id(sp_app app)
{
	switch (app) {
	case SP_APP_MAYA:
		return "2000";
	case SP_APP_HOUDINI:
		return "2004";
	case SP_APP_CLARISSE:
		return "2013";
	}
	return "";
}

const char *sp__app_name(sp_app app)
{
	switch (app) {
	case SP_APP_MAYA:
		return "Maya";
	case SP_APP_HOUDINI:
		return "Houdini";
	case SP_APP_CLARISSE:
		return "Clarisse";
	}
	return "";
}

static int task_key_index(const char *key)
{
	for (size_t i = 0; task_keys[i]; i++)
		if (strcmp(task_keys[i], key) == 0)
			return (int)i;
	return -1;
}

static int set_string(sp_ctx *ctx, char **slot, const char *value)
{
	char *copy = sp__strdup(value ? value : "");
	if (!copy)
		return sp__oom(ctx);
	sp__free(*slot);
	*slot = copy;
	return 0;
}

int sp_scene_new(sp_scene **out, sp_ctx *ctx, sp_app app, const char *scene_path)
{
	sp_scene *scene = NULL;
	sp_buf abs = SP_BUF_INIT;
	int error;
	if (!out || !ctx || !scene_path || !*scene_path)
		return sp_ctx_error(ctx, SP_EUSER, "a scene needs a context and a path");
	*out = NULL;
	scene = sp__calloc(1, sizeof(*scene));
	if (!scene)
		return sp__oom(ctx);
	scene->ctx = ctx;
	scene->app = app;
	error = sp_os_absolute(ctx, &abs, scene_path);
	if (error < 0)
		goto done;
	error = SP_ENOMEM;
	scene->path = sp__strdup(sp_buf_cstr(&abs));
	scene->task_values = sp__calloc(sizeof(task_defaults) / sizeof(*task_defaults), sizeof(char *));
	if (!scene->path || !scene->task_values || sp_map_new(&scene->tips) < 0)
		goto done;
	for (size_t i = 0; task_keys[i]; i++)
		if (!(scene->task_values[i] = sp__strdup(task_defaults[i])))
			goto done;
	if ((error = sp_scene_set_task_value(scene, "input_cg_file", scene->path)) < 0 ||
	    (error = sp_scene_set_task_value(scene, "cg_id", sp__app_cg_id(app))) < 0)
		goto done;
	sp__scene_hash_start(scene);
	*out = scene;
	scene = NULL;
	error = 0;
done:
	if (error == SP_ENOMEM)
		sp__oom(ctx);
	sp_buf_dispose(&abs);
	sp_scene_free(scene);
	return error;
}

static void unit_free(sp_unit *unit)
{
	if (!unit)
		return;
	for (size_t i = 0; i < unit->child_count; i++)
		unit_free(unit->children[i]);
	sp__free(unit->children);
	sp__free(unit->name);
	sp_frames_free(unit->frames);
	sp_strvec_dispose(&unit->prop_keys);
	sp_strvec_dispose(&unit->prop_values);
	sp_strvec_dispose(&unit->cameras);
	sp__free(unit->camera_renderable);
	sp__free(unit);
}

/* A reference's strings are one block that starts with its path (copy_strings). */
static void fileref_dispose(sp_fileref *ref)
{
	sp__free((char *)(uintptr_t)ref->path);
}

static void free_strvec(void *v)
{
	sp_strvec_dispose(v);
	sp__free(v);
}

void sp_scene_free(sp_scene *scene)
{
	if (!scene)
		return;
	sp__scene_hash_stop(scene);
	for (size_t i = 0; i < scene->unit_count; i++)
		unit_free(scene->units[i]);
	sp__free(scene->units);
	for (size_t i = 0; i < scene->ref_count; i++) {
		fileref_dispose(&scene->refs[i]);
		if (scene->results)
			sp__free(scene->results[i].resolved);
	}
	sp__free(scene->refs);
	sp__free(scene->results);
	for (size_t i = 0; scene->task_values && task_keys[i]; i++)
		sp__free(scene->task_values[i]);
	sp__free(scene->task_values);
	for (size_t i = 0; i < scene->asset_count; i++)
		sp__free(scene->assets[i].local);
	sp__free(scene->assets);
	sp_strvec_dispose(&scene->missing);
	sp_map_free(scene->tips, free_strvec);
	sp_strvec_dispose(&scene->plugin_names);
	sp_strvec_dispose(&scene->plugin_versions);
	sp_strvec_dispose(&scene->search_dirs);
	sp__free(scene->path);
	sp__free(scene->version);
	sp__free(scene->requested_version);
	sp__free(scene);
}

sp_ctx *sp_scene_ctx(const sp_scene *scene)
{
	return scene->ctx;
}
sp_app sp_scene_app(const sp_scene *scene)
{
	return scene->app;
}
const char *sp_scene_path(const sp_scene *scene)
{
	return scene->path;
}

int sp_scene_set_version(sp_scene *scene, const char *version)
{
	return set_string(scene->ctx, &scene->version, version);
}

const char *sp_scene_version(const sp_scene *scene)
{
	return scene->version ? scene->version : "";
}

int sp_scene_request_version(sp_scene *scene, const char *version)
{
	return set_string(scene->ctx, &scene->requested_version, version);
}

const char *sp__scene_effective_version(const sp_scene *scene)
{
	if (scene->requested_version && *scene->requested_version)
		return scene->requested_version;
	return sp_scene_version(scene);
}

int sp_scene_add_plugin(sp_scene *scene, const char *name, const char *version, int override)
{
	if (!name || !*name)
		return sp_ctx_error(scene->ctx, SP_EUSER, "a plug-in needs a name");
	for (size_t i = 0; i < scene->plugin_names.count; i++) {
		if (strcmp(scene->plugin_names.items[i], name) != 0)
			continue;
		if (!override)
			return 0;
		return set_string(scene->ctx, &scene->plugin_versions.items[i], version);
	}
	if (sp_strvec_push(&scene->plugin_names, name) < 0)
		return sp__oom(scene->ctx);
	if (sp_strvec_push(&scene->plugin_versions, version ? version : "") < 0) {
		sp__free(scene->plugin_names.items[--scene->plugin_names.count]);
		return sp__oom(scene->ctx);
	}
	return 0;
}

size_t sp_scene_plugin_count(const sp_scene *scene)
{
	return scene->plugin_names.count;
}

void sp_scene_plugin_at(const sp_scene *scene, size_t i, const char **name, const char **version)
{
	*name = i < scene->plugin_names.count ? scene->plugin_names.items[i] : NULL;
	*version = i < scene->plugin_versions.count ? scene->plugin_versions.items[i] : NULL;
}

int sp_scene_set_task_value(sp_scene *scene, const char *key, const char *value)
{
	int i = key ? task_key_index(key) : -1;
	if (i < 0)
		return sp_ctx_error(scene->ctx, SP_EUSER, "'%s' is not a task_info key",
		                    key ? key : "(null)");
	return set_string(scene->ctx, &scene->task_values[i], value);
}

const char *sp_scene_task_value(const sp_scene *scene, const char *key)
{
	int i = key ? task_key_index(key) : -1;
	return i < 0 ? NULL : scene->task_values[i];
}

int sp_scene_add_search_dir(sp_scene *scene, const char *dir)
{
	sp_buf norm = SP_BUF_INIT;
	int error = sp_path_normalize(&norm, dir);
	if (error == 0) {
		for (size_t i = 0; i < scene->search_dirs.count; i++)
			if (strcmp(scene->search_dirs.items[i], norm.ptr) == 0)
				goto done;
		error = sp_strvec_push(&scene->search_dirs, sp_buf_cstr(&norm));
	}
	if (error < 0)
		error = sp__oom(scene->ctx);
done:
	sp_buf_dispose(&norm);
	return error;
}

/* ---- units ------------------------------------------------------------------ */

static int unit_new(sp_unit **out, sp_scene *scene, sp_unit_kind kind, const char *name)
{
	sp_unit *unit;
	if (!name || !*name)
		return sp_ctx_error(scene->ctx, SP_EUSER, "a render unit needs a name");
	unit = sp__calloc(1, sizeof(*unit));
	if (!unit || !(unit->name = sp__strdup(name))) {
		sp__free(unit);
		return sp__oom(scene->ctx);
	}
	unit->scene = scene;
	unit->kind = kind;
	unit->renderable = 1;
	*out = unit;
	return 0;
}

static int push_unit(sp_ctx *ctx, sp_unit ***items, size_t *count, size_t *cap, sp_unit *unit)
{
	if (*count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		sp_unit **p = sp__realloc(*items, ncap * sizeof(*p));
		if (!p)
			return sp__oom(ctx);
		*items = p;
		*cap = ncap;
	}
	(*items)[(*count)++] = unit;
	return 0;
}

int sp_scene_add_unit(sp_unit **out, sp_scene *scene, sp_unit_kind kind, const char *name)
{
	sp_unit *unit = NULL;
	int error;
	for (size_t i = 0; name && i < scene->unit_count; i++)
		if (scene->units[i]->kind == kind && strcmp(scene->units[i]->name, name) == 0)
			return sp_ctx_error(scene->ctx, SP_EUSER, "render unit '%s' declared twice", name);
	if ((error = unit_new(&unit, scene, kind, name)) < 0)
		return error;
	if ((error = push_unit(scene->ctx, &scene->units, &scene->unit_count, &scene->unit_cap, unit)) < 0) {
		unit_free(unit);
		return error;
	}
	if (out)
		*out = unit;
	return 0;
}

int sp_unit_add_child(sp_unit **out, sp_unit *parent, sp_unit_kind kind, const char *name)
{
	sp_unit *unit = NULL;
	int error = unit_new(&unit, parent->scene, kind, name);
	if (error < 0)
		return error;
	error =
	    push_unit(parent->scene->ctx, &parent->children, &parent->child_count, &parent->child_cap, unit);
	if (error < 0) {
		unit_free(unit);
		return error;
	}
	if (out)
		*out = unit;
	return 0;
}

size_t sp_scene_unit_count(const sp_scene *scene)
{
	return scene->unit_count;
}
sp_unit *sp_scene_unit_at(const sp_scene *scene, size_t i)
{
	return i < scene->unit_count ? scene->units[i] : NULL;
}
size_t sp_unit_child_count(const sp_unit *unit)
{
	return unit->child_count;
}
sp_unit *sp_unit_child_at(const sp_unit *unit, size_t i)
{
	return i < unit->child_count ? unit->children[i] : NULL;
}
const char *sp_unit_name(const sp_unit *unit)
{
	return unit->name;
}
sp_unit_kind sp_unit_kind_of(const sp_unit *unit)
{
	return unit->kind;
}
void sp_unit_set_renderable(sp_unit *unit, int renderable)
{
	unit->renderable = renderable != 0;
}
int sp_unit_renderable(const sp_unit *unit)
{
	return unit->renderable;
}
const sp_frames *sp_unit_frames(const sp_unit *unit)
{
	return unit->frames;
}

int sp_unit_set_frames(sp_unit *unit, const sp_frames *frames)
{
	sp_frames *copy = NULL;
	if (frames) {
		int error = sp_frames_copy(&copy, unit->scene->ctx, frames);
		if (error < 0)
			return error;
	}
	sp_frames_free(unit->frames);
	unit->frames = copy;
	return 0;
}

int sp_unit_set(sp_unit *unit, const char *key, const char *value)
{
	sp_ctx *ctx = unit->scene->ctx;
	if (!key || !*key)
		return sp_ctx_error(ctx, SP_EUSER, "a unit property needs a key");
	for (size_t i = 0; i < unit->prop_keys.count; i++)
		if (strcmp(unit->prop_keys.items[i], key) == 0)
			return set_string(ctx, &unit->prop_values.items[i], value);
	if (sp_strvec_push(&unit->prop_keys, key) < 0)
		return sp__oom(ctx);
	if (sp_strvec_push(&unit->prop_values, value ? value : "") < 0) {
		sp__free(unit->prop_keys.items[--unit->prop_keys.count]);
		return sp__oom(ctx);
	}
	return 0;
}

const char *sp_unit_get(const sp_unit *unit, const char *key)
{
	for (size_t i = 0; i < unit->prop_keys.count; i++)
		if (strcmp(unit->prop_keys.items[i], key) == 0)
			return unit->prop_values.items[i];
	return NULL;
}

size_t sp_unit_prop_count(const sp_unit *unit)
{
	return unit->prop_keys.count;
}

void sp_unit_prop_at(const sp_unit *unit, size_t i, const char **key, const char **value)
{
	*key = i < unit->prop_keys.count ? unit->prop_keys.items[i] : NULL;
	*value = i < unit->prop_values.count ? unit->prop_values.items[i] : NULL;
}

int sp_unit_add_camera(sp_unit *unit, const char *camera, int renderable)
{
	sp_ctx *ctx = unit->scene->ctx;
	if (!camera || !*camera)
		return sp_ctx_error(ctx, SP_EUSER, "a camera needs a name");
	for (size_t i = 0; i < unit->cameras.count; i++) {
		if (strcmp(unit->cameras.items[i], camera) == 0) {
			unit->camera_renderable[i] = renderable != 0;
			return 0;
		}
	}
	unsigned char *flags = sp__realloc(unit->camera_renderable, unit->cameras.count + 1);
	if (!flags)
		return sp__oom(ctx);
	unit->camera_renderable = flags;
	if (sp_strvec_push(&unit->cameras, camera) < 0)
		return sp__oom(ctx);
	flags[unit->cameras.count - 1] = renderable != 0;
	return 0;
}

size_t sp_unit_camera_count(const sp_unit *unit)
{
	return unit->cameras.count;
}

void sp_unit_camera_at(const sp_unit *unit, size_t i, const char **camera, int *renderable)
{
	*camera = i < unit->cameras.count ? unit->cameras.items[i] : NULL;
	*renderable = i < unit->cameras.count ? unit->camera_renderable[i] : 0;
}

/* ---- file references --------------------------------------------------------- */

/*
 * The strings of `ref` copied into `copy`, back to back in one block that
 * starts with the path: a scene holds hundreds of thousands of references,
 * and one allocation each instead of three to five is a tenth of the
 * reader's allocations.
 */
static int copy_strings(sp_fileref *copy, const sp_fileref *ref)
{
	const char *const from[] = {ref->path, ref->node, ref->attr, ref->source, ref->base};
	const char **to[] = {&copy->path, &copy->node, &copy->attr, &copy->source, &copy->base};
	size_t len[5], total = 0;
	char *block;
	for (size_t i = 0; i < 5; i++) {
		len[i] = from[i] ? strlen(from[i]) + 1 : 0;
		total += len[i];
	}
	block = sp__malloc(total);
	if (!block)
		return SP_ENOMEM;
	for (size_t i = 0; i < 5; i++) {
		*to[i] = from[i] ? memcpy(block, from[i], len[i]) : NULL;
		block += len[i];
	}
	return 0;
}

static int grow_refs(sp_scene *scene)
{
	if (scene->ref_count < scene->ref_cap)
		return 0;
	size_t cap = scene->ref_cap ? scene->ref_cap * 2 : 32;
	sp_fileref *refs = sp__realloc(scene->refs, cap * sizeof(*refs));
	if (!refs)
		return SP_ENOMEM;
	scene->refs = refs;
	/* results exist from analysis on (sp__scene_results_ready): a reader's peak does not carry them */
	if (scene->results) {
		sp_ref_result *results = sp__realloc(scene->results, cap * sizeof(*results));
		if (!results)
			return SP_ENOMEM;
		scene->results = results;
	}
	scene->ref_cap = cap;
	return 0;
}

int sp__scene_results_ready(sp_scene *scene)
{
	if (scene->results)
		return 0;
	scene->results = sp__calloc(scene->ref_cap ? scene->ref_cap : 1, sizeof(*scene->results));
	return scene->results ? 0 : SP_ENOMEM;
}

int sp_scene_add_file(sp_scene *scene, const sp_fileref *ref)
{
	sp_fileref copy;
	if (!ref || !ref->path)
		return sp_ctx_error(scene->ctx, SP_EUSER, "a file reference needs a path");
	if (!*ref->path)
		return 0;
	if (scene->analyzed)
		return sp_ctx_error(scene->ctx, SP_EUSER, "files cannot be added after analysis");
	memset(&copy, 0, sizeof(copy));
	copy.version = SP_FILEREF_VERSION;
	copy.kind = ref->kind;
	copy.flags = ref->flags;
	copy.line = ref->line;
	if (grow_refs(scene) < 0 || copy_strings(&copy, ref) < 0)
		return sp__oom(scene->ctx);
	scene->refs[scene->ref_count] = copy;
	if (scene->results)
		memset(&scene->results[scene->ref_count], 0, sizeof(sp_ref_result));
	scene->ref_count++;
	return 0;
}

size_t sp_scene_file_count(const sp_scene *scene)
{
	return scene->ref_count;
}

const sp_fileref *sp_scene_file_at(const sp_scene *scene, size_t i)
{
	return i < scene->ref_count ? &scene->refs[i] : NULL;
}

/* ---- tips ---------------------------------------------------------------------- */

static int add_tip_message(sp_scene *scene, int code, const char *msg)
{
	char key[16];
	sp_strvec *list;
	snprintf(key, sizeof(key), "%d", code);
	list = sp_map_get(scene->tips, key);
	if (!list) {
		list = sp__calloc(1, sizeof(*list));
		if (!list || sp_map_set(scene->tips, key, list, NULL) < 0) {
			sp__free(list);
			return sp__oom(scene->ctx);
		}
	}
	if (sp_strvec_push(list, msg) < 0)
		return sp__oom(scene->ctx);
	scene->tip_messages++;
	return 0;
}

int sp_scene_add_tip(sp_scene *scene, int code, const char *fmt, ...)
{
	char *msg;
	va_list ap;
	int n, error;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return sp_ctx_error(scene->ctx, SP_ERROR, "bad tip format");
	if (!(msg = sp__malloc((size_t)n + 1)))
		return sp__oom(scene->ctx);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	error = add_tip_message(scene, code, msg);
	sp__free(msg);
	return error;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

size_t sp__scene_tip_codes(const sp_scene *scene, int *codes, size_t max)
{
	size_t n = sp_map_count(scene->tips);
	size_t k = 0;
	for (size_t i = 0; i < n && k < max; i++) {
		int64_t code;
		const char *key = sp_map_key_at(scene->tips, i);
		if (sp_parse_i64(key, strlen(key), &code) == 0)
			codes[k++] = (int)code;
	}
	qsort(codes, k, sizeof(*codes), cmp_int);
	return k;
}

const sp_strvec *sp__scene_tip_messages(const sp_scene *scene, int code)
{
	char key[16];
	snprintf(key, sizeof(key), "%d", code);
	return sp_map_get(scene->tips, key);
}

size_t sp_scene_tip_count(const sp_scene *scene)
{
	return scene->tip_messages;
}

size_t sp_scene_error_tip_count(const sp_scene *scene)
{
	size_t n = 0;
	for (size_t i = 0; i < sp_map_count(scene->tips); i++) {
		int64_t code;
		const char *key = sp_map_key_at(scene->tips, i);
		const sp_strvec *list = sp_map_value_at(scene->tips, i);
		if (sp_parse_i64(key, strlen(key), &code) == 0 &&
		    sp_tip_severity_of((int)code) == SP_TIP_ERROR)
			n += list->count;
	}
	return n;
}

size_t sp_scene_asset_count(const sp_scene *scene)
{
	return scene->asset_count;
}
const char *sp_scene_asset_at(const sp_scene *scene, size_t i)
{
	return i < scene->asset_count ? scene->assets[i].local : NULL;
}
size_t sp_scene_missing_count(const sp_scene *scene)
{
	return scene->missing.count;
}
const char *sp_scene_missing_at(const sp_scene *scene, size_t i)
{
	return i < scene->missing.count ? scene->missing.items[i] : NULL;
}
uint64_t sp_scene_asset_bytes(const sp_scene *scene)
{
	return scene->asset_bytes;
}
