/*
 * Operations on an existing task directory (task.json, upload.json,
 * asset.json, tips.json; the contract is spec/output-files.md): change a
 * modifiable task_info key, add custom info, add uploads, check the set.
 *
 * Every change re-reads the file, edits the parsed tree (cJSON keeps key
 * order, so untouched keys stay where they were) and writes it back through
 * a temporary file and a rename, so a file is never half-written.
 */
#include "json.h"
#include "os.h"
#include "util.h"
#include "sp/frames.h"
#include "sp/paths.h"
#include "sp/taskdir.h"
#include "task_keys.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

/* A task file is a few MB at most; a bigger one is not ours. */
#define SP_MAX_TASK_FILE (256u * 1024u * 1024u)
/* add-upload: folder depth and file count limits for one PATH. */
#define SP_MAX_UPLOAD_DEPTH 128
#define SP_MAX_UPLOAD_FILES 1000000u

/* ---- the modifiable keys ---------------------------------------------------- */

typedef enum {
	V_PRE_FRAMES, /* "100", "000:1,3-4[1]" */
	V_FRAMES,     /* a frame list */
	V_COUNT,      /* a non-negative integer */
	V_POSITIVE,   /* an integer >= 1 */
	V_FLAG,       /* "0" or "1" */
	V_STOP,       /* stop_after_test: "1" pause, "2" go on */
	V_TILES_TYPE, /* block or strip */
	V_PATH,       /* a non-empty path, "\" written as "/" */
	V_PATH_OPT    /* a path or "", "\" written as "/" */
} value_kind;

/* The farm SDK's list, in its order; sp_taskdir_modifiable_keys() returns the names. */
#define SP_MODIFIABLE_KEYS(X)                                                                                \
	X("pre_frames", V_PRE_FRAMES)                                                                        \
	X("input_cg_file", V_PATH)                                                                           \
	X("frames_per_task", V_POSITIVE)                                                                     \
	X("test_frames", V_FRAMES)                                                                           \
	X("job_stop_time", V_COUNT)                                                                          \
	X("task_stop_time", V_COUNT)                                                                         \
	X("time_out", V_COUNT)                                                                               \
	X("stop_after_test", V_STOP)                                                                         \
	X("tiles_type", V_TILES_TYPE)                                                                        \
	X("tiles", V_POSITIVE)                                                                               \
	X("is_layer_rendering", V_FLAG)                                                                      \
	X("is_distribute_render", V_FLAG)                                                                    \
	X("distribute_render_node", V_COUNT)                                                                 \
	X("input_project_path", V_PATH_OPT)                                                                  \
	X("render_layer_type", V_FLAG)                                                                       \
	X("os_name", V_FLAG)                                                                                 \
	X("ram", V_COUNT)                                                                                    \
	X("enable_layered", V_FLAG)

#define KEY_NAME(name, kind) name,
#define KEY_KIND(name, kind) kind,
static const char *const modifiable_names[] = {SP_MODIFIABLE_KEYS(KEY_NAME) NULL};
static const value_kind modifiable_kinds[] = {SP_MODIFIABLE_KEYS(KEY_KIND)};

/* task_info keys every task.json must have (the spec's table). */
static const char *const required_task_keys[] = {SP_TASK_KEYS(SP_TASK_KEY_NAME) NULL};

typedef enum { APP_UNKNOWN, APP_MAYA, APP_HOUDINI, APP_CLARISSE } app_kind;

static const struct {
	const char *id;
	const char *name;
	app_kind app;
} known_apps[] = {
    {"2000", "Maya", APP_MAYA},         {"2001", "3ds Max", APP_UNKNOWN}, {"2004", "Houdini", APP_HOUDINI},
    {"2005", "Cinema 4D", APP_UNKNOWN}, {"2007", "Blender", APP_UNKNOWN}, {"2013", "Clarisse", APP_CLARISSE},
    {"2016", "Katana", APP_UNKNOWN},
};
#define KNOWN_APP_COUNT (sizeof(known_apps) / sizeof(known_apps[0]))

const char *const *sp_taskdir_modifiable_keys(void)
{
	return modifiable_names;
}

static int modifiable_kind(const char *key, value_kind *out)
{
	for (size_t i = 0; modifiable_names[i]; i++) {
		if (strcmp(modifiable_names[i], key) == 0) {
			*out = modifiable_kinds[i];
			return 1;
		}
	}
	return 0;
}

static int is_count(const char *v)
{
	int64_t n;
	size_t len = strlen(v);
	for (size_t i = 0; i < len; i++)
		if (!sp__isdigit((unsigned char)v[i]))
			return 0;
	return len > 0 && sp_parse_i64(v, len, &n) == 0;
}

/*
 * Take the message a parser left on ctx as the reason for `why`, and clear
 * it so the caller's own message can be set.
 */
static int take_ctx_reason(sp_buf *why, sp_ctx *ctx, const char *lead)
{
	int error = sp_buf_printf(why, "%s%s", lead, sp_ctx_last_error(ctx));
	sp_ctx_clear_error(ctx);
	return error;
}

static int frames_reason(sp_buf *why, sp_ctx *ctx, value_kind kind, const char *value)
{
	sp_frames *frames = NULL;
	int flags[3];
	int error;
	sp_ctx_clear_error(ctx);
	if (kind == V_PRE_FRAMES)
		error = sp_pre_frames_parse(flags, NULL, ctx, value);
	else
		error = sp_frames_parse(&frames, ctx, value);
	sp_frames_free(frames);
	if (error == SP_ENOMEM)
		return error;
	if (error < 0)
		return take_ctx_reason(why, ctx, "is not valid: ") < 0 ? SP_ENOMEM : SP_EUSER;
	return 0;
}

/*
 * 0 when `value` suits `kind`; SP_EUSER with the reason appended to `why`
 * ("must be ..., got 'x'"); SP_ENOMEM.
 */
static int value_reason(sp_buf *why, sp_ctx *ctx, value_kind kind, const char *value)
{
	const char *need = NULL;
	switch (kind) {
	case V_PRE_FRAMES:
	case V_FRAMES:
		return frames_reason(why, ctx, kind, value);
	case V_COUNT:
		if (!is_count(value))
			need = "must be a non-negative integer";
		break;
	case V_POSITIVE:
		if (!is_count(value) || strspn(value, "0") == strlen(value))
			need = "must be a positive integer";
		break;
	case V_FLAG:
		if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0)
			need = "must be \"0\" or \"1\"";
		break;
	case V_STOP:
		if (strcmp(value, "1") != 0 && strcmp(value, "2") != 0)
			need = "must be \"1\" (pause after the priority frames) or \"2\" (go on)";
		break;
	case V_TILES_TYPE:
		if (strcmp(value, "block") != 0 && strcmp(value, "strip") != 0)
			need = "must be \"block\" or \"strip\"";
		break;
	case V_PATH:
		if (!*value)
			need = "must not be empty";
		break;
	case V_PATH_OPT:
		break;
	}
	if (!need)
		return 0;
	return sp_buf_printf(why, "%s, got '%s'", need, value) < 0 ? SP_ENOMEM : SP_EUSER;
}

int sp_taskdir_validate_value(sp_ctx *ctx, const char *key, const char *value)
{
	sp_buf why = SP_BUF_INIT;
	value_kind kind;
	int error;
	if (!ctx || !key || !value)
		return sp_ctx_error(ctx, SP_EUSER, "sp_taskdir_validate_value: NULL argument");
	if (!modifiable_kind(key, &kind))
		return sp_ctx_error(ctx, SP_EUSER,
		                    "task_info key '%s' cannot be changed; custom keys go under "
		                    "additional_info (sceneprobe add-info)",
		                    key);
	error = value_reason(&why, ctx, kind, value);
	if (error == SP_ENOMEM)
		error = sp__oom(ctx);
	else if (error < 0)
		error = sp_ctx_error(ctx, SP_EUSER, "task_info key '%s' %s", key, sp_buf_cstr(&why));
	sp_buf_dispose(&why);
	return error;
}

/* ---- reading and writing the files ---------------------------------------- */

static int file_path(sp_buf *out, const char *dir, const char *name)
{
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	sp_buf_clear(out);
	if (sp_buf_put(out, dir, len) < 0)
		return SP_ENOMEM;
	if (len > 0 && dir[len - 1] != '/')
		if (sp_buf_putc(out, '/') < 0)
			return SP_ENOMEM;
	return sp_buf_puts(out, name);
}

static int read_stream(sp_buf *out, sp_ctx *ctx, FILE *f, const char *path)
{
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->size + got > SP_MAX_TASK_FILE)
			return sp_ctx_error(ctx, SP_ETOOBIG, "%s: larger than %u bytes", path,
			                    SP_MAX_TASK_FILE);
		if (sp_buf_put(out, chunk, got) < 0)
			return sp__oom(ctx);
	}
	if (ferror(f))
		return sp_ctx_error(ctx, SP_EIO, "%s: read error", path);
	return sp_buf_put(out, "", 0) < 0 ? sp__oom(ctx) : 0; /* NUL-terminated even when empty */
}

/* The whole file; SP_ENOTFOUND when missing, SP_EIO, SP_ETOOBIG. */
static int read_whole(sp_buf *out, sp_ctx *ctx, const char *path)
{
	sp_os_stat_info st;
	FILE *f;
	int error = sp_os_stat(ctx, path, &st);
	if (error < 0)
		return error;
	if (st.is_dir)
		return sp_ctx_error(ctx, SP_EIO, "%s: is a folder, expected a file", path);
	if (st.size > SP_MAX_TASK_FILE)
		return sp_ctx_error(ctx, SP_ETOOBIG, "%s: larger than %u bytes", path, SP_MAX_TASK_FILE);
	f = sp_os_fopen_read(ctx, path);
	if (!f)
		return sp_ctx_last_code(ctx) < 0 ? sp_ctx_last_code(ctx)
		                                 : sp_ctx_error(ctx, SP_EIO, "%s: cannot open", path);
	sp_buf_clear(out);
	error = read_stream(out, ctx, f, path);
	fclose(f);
	return error;
}

/* 0 when a second parse of what failed at `end` succeeds (*out set) or points at a lack of memory. */
static int probe_parse(cJSON **out, const char *text, size_t len, const char *end)
{
	const char *again = NULL;
	void *room;
	*out = cJSON_ParseWithLengthOpts(text, len + 1, &again, 1);
	if (*out || again != end)
		return 0;
	room = len < SIZE_MAX / 4 - 65536 ? sp__malloc(len * 4 + 65536) : NULL;
	sp__free(room);
	return room != NULL;
}

/*
 * Parse `len` bytes at `text` (NUL-terminated at text[len]).  On a syntax
 * error *out is NULL and `why` gets the byte offset, line and column.
 */
static int parse_json(cJSON **out, sp_buf *why, const char *text, size_t len)
{
	const char *end = NULL;
	const char *nul = memchr(text, '\0', len);
	size_t off, line = 1, col = 1;
	*out = NULL;
	if (nul) {
		off = (size_t)(nul - text);
		return sp_buf_printf(why, "invalid JSON: NUL byte at byte %zu", off) < 0 ? SP_ENOMEM : 0;
	}
	/* Length includes the terminator: cJSON then rejects anything after the value. */
	*out = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
	if (*out)
		return 0;
	/*
	 * cJSON reports a failed allocation as bad syntax.  Bad syntax fails again at the same byte;
	 * a second parse that succeeds, stops elsewhere, or finds no memory left for a document
	 * of this size means memory ran out.
	 */
	if (!probe_parse(out, text, len, end))
		return *out ? 0 : SP_ENOMEM;
	off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
	for (size_t i = 0; i < off; i++) {
		col++;
		if (text[i] == '\n') {
			line++;
			col = 1;
		}
	}
	return sp_buf_printf(why, "invalid JSON at byte %zu (line %zu, column %zu)", off, line, col) < 0
	           ? SP_ENOMEM
	           : 0;
}

/* Load dir/name as a JSON object for editing. */
static int load_object(cJSON **out, sp_ctx *ctx, const char *path)
{
	sp_buf text = SP_BUF_INIT, why = SP_BUF_INIT;
	cJSON *root = NULL;
	int error = read_whole(&text, ctx, path);
	if (error < 0)
		goto done;
	error = parse_json(&root, &why, text.ptr, text.size);
	if (error < 0) {
		error = sp__oom(ctx);
		goto done;
	}
	if (!root) {
		error = sp_ctx_error(ctx, SP_ECORRUPT, "%s: %s", path, sp_buf_cstr(&why));
		goto done;
	}
	if (!cJSON_IsObject(root)) {
		error = sp_ctx_error(ctx, SP_ECORRUPT, "%s: top level is not an object", path);
		goto done;
	}
	*out = root;
	root = NULL;
done:
	cJSON_Delete(root);
	sp_buf_dispose(&text);
	sp_buf_dispose(&why);
	return error;
}

/* Write `root` as dir/name (tabs, trailing newline) via a temporary file and a rename. */
static int save_object(sp_ctx *ctx, const char *dir, const char *name, const cJSON *root)
{
	sp_buf data = SP_BUF_INIT, tmp = SP_BUF_INIT, final = SP_BUF_INIT, prefix = SP_BUF_INIT;
	int error = 0;
	if (sp__json_render(&data, root) < 0 || file_path(&final, dir, name) < 0 ||
	    sp_buf_printf(&prefix, ".%s.", name) < 0) {
		error = sp__oom(ctx);
		goto done;
	}
	error = sp_os_write_temp(ctx, dir, prefix.ptr, data.ptr, data.size, &tmp);
	if (error < 0)
		goto done;
	error = sp_os_replace(ctx, tmp.ptr, final.ptr);
	if (error < 0)
		sp_os_remove_quiet(tmp.ptr);
done:
	sp_buf_dispose(&data);
	sp_buf_dispose(&tmp);
	sp_buf_dispose(&final);
	sp_buf_dispose(&prefix);
	return error;
}

/* Set obj[key] to the string `value`: replaced in place when present, appended otherwise. */
static int put_string(sp_ctx *ctx, cJSON *obj, const char *key, const char *value)
{
	cJSON *item = sp__json_string(value); /* bytes that are not UTF-8 are read as Windows-1252 */
	cJSON_bool ok;
	if (!item)
		return sp__oom(ctx);
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		ok = cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item);
	else
		ok = cJSON_AddItemToObject(obj, key, item);
	if (!ok) {
		cJSON_Delete(item);
		return sp__oom(ctx);
	}
	return 0;
}

/* The object root[key], created (appended) when absent; SP_ECORRUPT when it is something else. */
static int child_container(cJSON **out, sp_ctx *ctx, cJSON *root, const char *key, int array,
                           const char *path)
{
	cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
	if (item) {
		if (array ? !cJSON_IsArray(item) : !cJSON_IsObject(item))
			return sp_ctx_error(ctx, SP_ECORRUPT, "%s: '%s' is not %s", path, key,
			                    array ? "an array" : "an object");
		*out = item;
		return 0;
	}
	item = array ? cJSON_CreateArray() : cJSON_CreateObject();
	if (!item || !cJSON_AddItemToObject(root, key, item)) {
		cJSON_Delete(item);
		return sp__oom(ctx);
	}
	*out = item;
	return 0;
}

/* Forward slashes in the path-valued keys, as the spec writes input_cg_file. */
static int stored_value(char **out, const char *key, const char *value)
{
	value_kind kind = V_PATH_OPT;
	*out = sp__strdup(value);
	if (!*out)
		return SP_ENOMEM;
	if (modifiable_kind(key, &kind) && (kind == V_PATH || kind == V_PATH_OPT))
		for (char *p = *out; *p; p++)
			if (*p == '\\')
				*p = '/';
	return 0;
}

/* Load task.json, set section[key] = value, save. */
static int edit_task_json(sp_ctx *ctx, const char *dir, const char *section, int create, const char *key,
                          const char *value)
{
	sp_buf path = SP_BUF_INIT;
	cJSON *root = NULL, *obj = NULL;
	int error = file_path(&path, dir, "task.json") < 0 ? sp__oom(ctx) : 0;
	if (error == 0)
		error = sp_os_finish_set(ctx, dir); /* a set switch a crash interrupted completes first */
	if (error < 0)
		goto done;
	error = load_object(&root, ctx, path.ptr);
	if (error < 0)
		goto done;
	obj = cJSON_GetObjectItemCaseSensitive(root, section);
	if (!obj && !create) {
		error = sp_ctx_error(ctx, SP_ECORRUPT, "%s: no '%s' object", path.ptr, section);
		goto done;
	}
	error = child_container(&obj, ctx, root, section, 0, path.ptr);
	if (error < 0)
		goto done;
	error = put_string(ctx, obj, key, value);
	if (error < 0)
		goto done;
	error = save_object(ctx, dir, "task.json", root);
done:
	cJSON_Delete(root);
	sp_buf_dispose(&path);
	return error;
}

int sp_taskdir_set(sp_ctx *ctx, const char *dir, const char *key, const char *value)
{
	char *stored = NULL;
	int error;
	if (!ctx || !dir || !key || !value)
		return sp_ctx_error(ctx, SP_EUSER, "sp_taskdir_set: NULL argument");
	error = sp_taskdir_validate_value(ctx, key, value);
	if (error < 0)
		return error;
	if (stored_value(&stored, key, value) < 0)
		return sp__oom(ctx);
	error = edit_task_json(ctx, dir, "task_info", 0, key, stored);
	sp__free(stored);
	return error;
}

int sp_taskdir_add_info(sp_ctx *ctx, const char *dir, const char *key, const char *value)
{
	if (!ctx || !dir || !key || !value)
		return sp_ctx_error(ctx, SP_EUSER, "sp_taskdir_add_info: NULL argument");
	if (!*key)
		return sp_ctx_error(ctx, SP_EUSER, "additional_info key is empty");
	return edit_task_json(ctx, dir, "additional_info", 1, key, value);
}

/* ---- add-upload ----------------------------------------------------------------- */

typedef struct {
	uint64_t dev, ino;
} dir_id;

typedef struct {
	sp_ctx *ctx;
	sp_strvec *files;
	dir_id stack[SP_MAX_UPLOAD_DEPTH];
	size_t depth;
} walker;

/*
 * Identity of a folder, so a symlink back to one of its ancestors is not
 * followed round and round.  0 when known; without it only the depth limit
 * stops a loop.
 */
static int folder_id(const char *path, dir_id *out)
{
	return sp_os_file_id(path, &out->dev, &out->ino);
}

static int walk_entry(walker *w, const char *path);

static int walk_folder(walker *w, const char *dir)
{
	sp_strvec names = SP_STRVEC_INIT;
	sp_buf child = SP_BUF_INIT;
	dir_id id = {0, 0};
	int error = 0, known = folder_id(dir, &id) == 0;
	if (w->depth >= SP_MAX_UPLOAD_DEPTH)
		return sp_ctx_error(w->ctx, SP_ETOOBIG, "%s: folders nested deeper than %d levels", dir,
		                    SP_MAX_UPLOAD_DEPTH);
	for (size_t i = 0; known && i < w->depth; i++) {
		if (w->stack[i].dev == id.dev && w->stack[i].ino == id.ino) {
			sp_ctx_log(w->ctx, SP_LOG_WARN, "%s: not followed, it leads back to a parent folder",
			           dir);
			return 0;
		}
	}
	error = sp_os_list_dir(w->ctx, dir, &names);
	if (error < 0)
		goto done;
	w->stack[w->depth++] = id;
	for (size_t i = 0; i < names.count && error == 0; i++) {
		error = file_path(&child, dir, names.items[i]) < 0 ? sp__oom(w->ctx) : 0;
		if (error == 0)
			error = walk_entry(w, child.ptr);
	}
	w->depth--;
done:
	sp_strvec_dispose(&names);
	sp_buf_dispose(&child);
	return error;
}

static int walk_entry(walker *w, const char *path)
{
	sp_os_stat_info st;
	int error = sp_os_stat(w->ctx, path, &st);
	if (error == SP_ENOTFOUND) {
		/* A dangling symlink inside a folder: nothing to upload. */
		sp_ctx_clear_error(w->ctx);
		sp_ctx_log(w->ctx, SP_LOG_WARN, "%s: skipped, it points nowhere", path);
		return 0;
	}
	if (error < 0)
		return error;
	if (st.is_dir)
		return walk_folder(w, path);
	if (w->files->count >= SP_MAX_UPLOAD_FILES)
		return sp_ctx_error(w->ctx, SP_ETOOBIG, "%s: more than %u files", path, SP_MAX_UPLOAD_FILES);
	return sp_strvec_push(w->files, path) < 0 ? sp__oom(w->ctx) : 0;
}

/* Dedupe keys of the `local` paths already in `asset`. */
static int existing_keys(sp_map *seen, sp_ctx *ctx, const cJSON *asset)
{
	sp_buf key = SP_BUF_INIT;
	const cJSON *entry;
	int error = 0;
	cJSON_ArrayForEach(entry, asset)
	{
		const char *local = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "local"));
		if (!local)
			continue;
		if (sp_path_dedupe_key(&key, local) < 0 || sp_map_set(seen, key.ptr, NULL, NULL) < 0) {
			error = sp__oom(ctx);
			break;
		}
	}
	sp_buf_dispose(&key);
	return error;
}

static int append_asset(sp_ctx *ctx, cJSON *asset, const char *local, const char *server)
{
	cJSON *entry = cJSON_CreateObject();
	if (!entry || sp__json_add_str(entry, "local", local) < 0 ||
	    sp__json_add_str(entry, "server", server) < 0 || !cJSON_AddItemToArray(asset, entry)) {
		cJSON_Delete(entry);
		return sp__oom(ctx);
	}
	return 0;
}

/* Append each file of `files` not yet in `asset`; *added_out counts them. */
static int add_files(size_t *added_out, sp_ctx *ctx, cJSON *asset, const sp_strvec *files)
{
	sp_map *seen = NULL;
	sp_buf key = SP_BUF_INIT, server = SP_BUF_INIT;
	int error = sp_map_new(&seen) < 0 ? sp__oom(ctx) : 0;
	*added_out = 0;
	if (error == 0)
		error = existing_keys(seen, ctx, asset);
	for (size_t i = 0; i < files->count && error == 0; i++) {
		const char *local = files->items[i];
		if (sp_path_dedupe_key(&key, local) < 0) {
			error = sp__oom(ctx);
			break;
		}
		if (sp_map_has(seen, key.ptr))
			continue;
		error = sp_path_to_server(&server, ctx, local);
		if (error == 0)
			error = append_asset(ctx, asset, local, server.ptr);
		if (error == 0)
			error = sp_map_set(seen, key.ptr, NULL, NULL) < 0 ? sp__oom(ctx) : 0;
		if (error == 0)
			(*added_out)++;
	}
	sp_map_free(seen, NULL);
	sp_buf_dispose(&key);
	sp_buf_dispose(&server);
	return error;
}

/* `path` made absolute and normalised; SP_ENOTFOUND naming it when nothing is there. */
static int upload_source(sp_buf *out, sp_os_stat_info *st, sp_ctx *ctx, const char *path)
{
	sp_buf abs = SP_BUF_INIT;
	int error = sp_os_absolute(ctx, &abs, path);
	if (error == 0 && sp_path_normalize(out, abs.ptr) < 0)
		error = sp__oom(ctx);
	if (error == 0)
		error = sp_os_stat(ctx, out->ptr, st);
	if (error == SP_ENOTFOUND) {
		sp_ctx_clear_error(ctx);
		error = sp_ctx_error(ctx, SP_ENOTFOUND, "%s: no such file or folder", path);
	}
	sp_buf_dispose(&abs);
	return error;
}

int sp_taskdir_add_upload(sp_ctx *ctx, const char *dir, const char *path)
{
	sp_buf local = SP_BUF_INIT, upath = SP_BUF_INIT;
	sp_strvec files = SP_STRVEC_INIT;
	sp_os_stat_info st;
	walker *w = NULL;
	cJSON *root = NULL, *asset = NULL;
	size_t added = 0;
	int error;
	if (!ctx || !dir || !path)
		return sp_ctx_error(ctx, SP_EUSER, "sp_taskdir_add_upload: NULL argument");
	error = upload_source(&local, &st, ctx, path);
	if (error < 0)
		goto done;
	error = file_path(&upath, dir, "upload.json") < 0 ? sp__oom(ctx) : 0;
	if (error == 0)
		error = sp_os_finish_set(ctx, dir);
	if (error == 0)
		error = load_object(&root, ctx, upath.ptr);
	if (error == 0)
		error = child_container(&asset, ctx, root, "asset", 1, upath.ptr);
	if (error < 0)
		goto done;
	w = sp__calloc(1, sizeof(*w));
	if (!w) {
		error = sp__oom(ctx);
		goto done;
	}
	w->ctx = ctx;
	w->files = &files;
	error = st.is_dir ? walk_folder(w, local.ptr) : walk_entry(w, local.ptr);
	if (error == 0)
		error = add_files(&added, ctx, asset, &files);
	if (error == 0 && added > 0)
		error = save_object(ctx, dir, "upload.json", root);
	if (error == 0)
		sp_ctx_log(ctx, SP_LOG_INFO, "%s: %zu file%s added, %zu already listed", upath.ptr, added,
		           added == 1 ? "" : "s", files.count - added);
done:
	cJSON_Delete(root);
	sp__free(w);
	sp_strvec_dispose(&files);
	sp_buf_dispose(&local);
	sp_buf_dispose(&upath);
	return error;
}

/* ---- check ----------------------------------------------------------------------- */

typedef struct {
	sp_ctx *ctx;
	const char *dir;
	sp_problem_fn cb;
	void *payload;
	const char *file; /* the file being checked */
	size_t count;
	int error; /* SP_ENOMEM once an allocation failed */
} checker;

static void problem(checker *c, const char *fmt, ...) SP_PRINTF(2, 3);
static void problem(checker *c, const char *fmt, ...)
{
	va_list ap;
	char small[512];
	char *msg = small;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		msg = sp__malloc((size_t)n + 1);
		if (!msg) {
			c->error = SP_ENOMEM;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	/* One line each: keys and values from the files may hold newlines. */
	for (char *q = msg; *q; q++)
		if (*q == '\n' || *q == '\r')
			*q = ' ';
	c->count++;
	c->cb(c->file, msg, c->payload);
	if (msg != small)
		sp__free(msg);
}

static const char *type_name(const cJSON *item)
{
	if (cJSON_IsNumber(item))
		return "a number";
	if (cJSON_IsBool(item))
		return "a boolean";
	if (cJSON_IsNull(item))
		return "null";
	if (cJSON_IsString(item))
		return "a string";
	if (cJSON_IsArray(item))
		return "an array";
	if (cJSON_IsObject(item))
		return "an object";
	return "an invalid value";
}

/* A JSON path being built: "task_info.plugins", "rop_node[2].frames". */
static void path_truncate(sp_buf *path, size_t len)
{
	path->size = len;
	if (path->ptr)
		path->ptr[len] = '\0';
}

static int path_key(sp_buf *path, const char *key)
{
	if (path->size > 0 && sp_buf_putc(path, '.') < 0)
		return SP_ENOMEM;
	return sp_buf_puts(path, key ? key : "");
}

static int path_index(sp_buf *path, int i)
{
	return sp_buf_printf(path, "[%d]", i);
}

/* Report every scalar below `item` that is not a string.  cJSON caps nesting at 1000. */
static void check_scalars(checker *c, const cJSON *item, sp_buf *path)
{
	size_t mark = path->size;
	const cJSON *child;
	int i = 0;
	if (cJSON_IsString(item))
		return;
	if (!cJSON_IsArray(item) && !cJSON_IsObject(item)) {
		problem(c, "%s is %s, expected a string", sp_buf_cstr(path), type_name(item));
		return;
	}
	cJSON_ArrayForEach(child, item)
	{
		int error = cJSON_IsArray(item) ? path_index(path, i++) : path_key(path, child->string);
		if (error < 0) {
			c->error = SP_ENOMEM;
			return;
		}
		check_scalars(c, child, path);
		path_truncate(path, mark);
	}
}

/* item is an object; otherwise report it ("X is missing" / "X is a number, expected an object"). */
static int expect_type(checker *c, const cJSON *item, const char *path, int array)
{
	if (array ? cJSON_IsArray(item) : cJSON_IsObject(item))
		return 1;
	if (!item)
		problem(c, "%s is missing", path);
	else
		problem(c, "%s is %s, expected %s", path, type_name(item), array ? "an array" : "an object");
	return 0;
}

/* A string member obj[key]; reports when missing.  Non-strings were reported by check_scalars. */
static const char *expect_string(checker *c, const cJSON *obj, const char *key, const char *path)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!item) {
		problem(c, "%s%s%s is missing", path, *path ? "." : "", key);
		return NULL;
	}
	return cJSON_GetStringValue(item);
}

/* Read and parse one file; NULL (after a problem or an error) when unusable. */
static cJSON *check_load(checker *c, const char *name)
{
	sp_buf path = SP_BUF_INIT, text = SP_BUF_INIT, why = SP_BUF_INIT;
	cJSON *root = NULL;
	int error;
	c->file = name;
	if (file_path(&path, c->dir, name) < 0) {
		c->error = SP_ENOMEM;
		goto done;
	}
	sp_ctx_clear_error(c->ctx);
	error = read_whole(&text, c->ctx, path.ptr);
	if (error == SP_ENOMEM)
		c->error = error;
	else if (error == SP_ENOTFOUND)
		problem(c, "file is missing");
	else if (error < 0)
		problem(c, "cannot be read: %s", sp_ctx_last_error(c->ctx));
	sp_ctx_clear_error(c->ctx);
	if (error < 0)
		goto done;
	if (parse_json(&root, &why, text.ptr, text.size) < 0)
		c->error = SP_ENOMEM;
	else if (!root)
		problem(c, "%s", sp_buf_cstr(&why));
	else if (!cJSON_IsObject(root))
		problem(c, "top level is %s, expected an object", type_name(root));
	if (root && !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		root = NULL;
	}
done:
	sp_buf_dispose(&path);
	sp_buf_dispose(&text);
	sp_buf_dispose(&why);
	return root;
}

/* -- task.json -- */

static const char *const task_sections[] = {"task_info",  "software_config", "scene_info_render",
                                            "scene_info", "additional_info", NULL};

static int section_index(const char *key)
{
	for (int i = 0; key && task_sections[i]; i++)
		if (strcmp(task_sections[i], key) == 0)
			return i;
	return -1;
}

/* Top-level keys: the four in order, then additional_info; nothing else, nothing twice. */
static void check_task_top(checker *c, const cJSON *root)
{
	int seen[5] = {0, 0, 0, 0, 0}, last = -1, out_of_order = 0;
	const cJSON *child;
	cJSON_ArrayForEach(child, root)
	{
		int i = section_index(child->string);
		if (i < 0) {
			problem(c, "unexpected top-level key '%s'", child->string ? child->string : "");
			continue;
		}
		if (seen[i]++) {
			problem(c, "top-level key '%s' appears twice", child->string);
			continue;
		}
		if (i < last)
			out_of_order = 1;
		last = i;
	}
	for (int i = 0; i < 4; i++)
		if (!seen[i])
			problem(c, "%s is missing", task_sections[i]);
	if (out_of_order)
		problem(c, "top-level keys are out of order, expected task_info, software_config, "
		           "scene_info_render, scene_info (then additional_info)");
}

static app_kind app_of_id(const char *id)
{
	for (size_t i = 0; id && i < KNOWN_APP_COUNT; i++)
		if (strcmp(known_apps[i].id, id) == 0)
			return known_apps[i].app;
	return APP_UNKNOWN;
}

static int is_known_id(const char *id)
{
	for (size_t i = 0; id && i < KNOWN_APP_COUNT; i++)
		if (strcmp(known_apps[i].id, id) == 0)
			return 1;
	return 0;
}

static int is_task_key(const char *key)
{
	value_kind kind;
	for (size_t i = 0; required_task_keys[i]; i++)
		if (strcmp(required_task_keys[i], key) == 0)
			return 1;
	return modifiable_kind(key, &kind);
}

static void check_task_values(checker *c, const cJSON *info)
{
	sp_buf why = SP_BUF_INIT;
	for (size_t i = 0; modifiable_names[i] && c->error == 0; i++) {
		const char *v =
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(info, modifiable_names[i]));
		int error;
		if (!v)
			continue;
		sp_buf_clear(&why);
		error = value_reason(&why, c->ctx, modifiable_kinds[i], v);
		if (error == SP_ENOMEM)
			c->error = error;
		else if (error < 0)
			problem(c, "task_info.%s %s", modifiable_names[i], sp_buf_cstr(&why));
		else if ((modifiable_kinds[i] == V_PATH || modifiable_kinds[i] == V_PATH_OPT) &&
		         strchr(v, '\\'))
			problem(c, "task_info.%s '%s' has backslashes, expected forward slashes",
			        modifiable_names[i], v);
	}
	sp_buf_dispose(&why);
}

static void check_task_info(checker *c, const cJSON *info)
{
	const cJSON *child;
	const char *cg_id;
	sp_map *keys = NULL;
	if (!cJSON_IsObject(info))
		return;
	if (sp_map_new(&keys) < 0) {
		c->error = SP_ENOMEM;
		return;
	}
	cJSON_ArrayForEach(child, info)
	{
		const char *k = child->string ? child->string : "";
		if (sp_map_has(keys, k))
			problem(c, "task_info.%s appears twice", k);
		else if (sp_map_set(keys, k, NULL, NULL) < 0)
			c->error = SP_ENOMEM;
		if (!is_task_key(k))
			problem(c, "task_info.%s is not a farm key; custom keys go under additional_info", k);
	}
	sp_map_free(keys, NULL);
	for (size_t i = 0; required_task_keys[i]; i++)
		if (!cJSON_GetObjectItemCaseSensitive(info, required_task_keys[i]))
			problem(c, "task_info.%s is missing", required_task_keys[i]);
	cg_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(info, "cg_id"));
	if (cg_id && !is_known_id(cg_id))
		problem(c,
		        "task_info.cg_id '%s' is not a known application id (2000 Maya, 2001 3ds Max, "
		        "2004 Houdini, 2005 Cinema 4D, 2007 Blender, 2013 Clarisse, 2016 Katana)",
		        cg_id);
	check_task_values(c, info);
}

static void check_software(checker *c, const cJSON *sw, const char *cg_id)
{
	const char *name;
	if (!cJSON_IsObject(sw))
		return;
	name = expect_string(c, sw, "cg_name", "software_config");
	(void)expect_string(c, sw, "cg_version", "software_config");
	expect_type(c, cJSON_GetObjectItemCaseSensitive(sw, "plugins"), "software_config.plugins", 0);
	for (size_t i = 0; name && cg_id && i < KNOWN_APP_COUNT; i++)
		if (strcmp(known_apps[i].id, cg_id) == 0 && strcmp(known_apps[i].name, name) != 0)
			problem(c, "software_config.cg_name '%s' does not match task_info.cg_id '%s' (%s)",
			        name, cg_id, known_apps[i].name);
}

/* obj.frames must be present and parse; `path` names obj. */
static void check_frames_at(checker *c, const cJSON *obj, sp_buf *path)
{
	sp_buf why = SP_BUF_INIT;
	const char *frames;
	int error;
	if (path_key(path, "frames") < 0) {
		c->error = SP_ENOMEM;
		return;
	}
	frames = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, "frames"));
	if (!cJSON_GetObjectItemCaseSensitive(obj, "frames"))
		problem(c, "%s is missing", path->ptr);
	if (!frames || !*frames) /* empty: the unit renders no frames */
		goto done;
	error = value_reason(&why, c->ctx, V_FRAMES, frames);
	if (error == SP_ENOMEM)
		c->error = error;
	else if (error < 0)
		problem(c, "%s %s", path->ptr, sp_buf_cstr(&why));
done:
	sp_buf_dispose(&why);
}

static void check_maya_frames(checker *c, const cJSON *render, sp_buf *path)
{
	size_t mark = path->size;
	const cJSON *layer;
	cJSON_ArrayForEach(layer, render)
	{
		const cJSON *common = cJSON_GetObjectItemCaseSensitive(layer, "common");
		if (path_key(path, layer->string) < 0 || path_key(path, "common") < 0) {
			c->error = SP_ENOMEM;
			return;
		}
		if (cJSON_IsObject(layer) && expect_type(c, common, path->ptr, 0))
			check_frames_at(c, common, path);
		else if (!cJSON_IsObject(layer))
			problem(c, "scene_info_render.%s is %s, expected an object", layer->string,
			        type_name(layer));
		path_truncate(path, mark);
	}
}

/* Each object of render[list] has frames; `layers` names a nested list to check too (or NULL). */
static void check_node_list(checker *c, const cJSON *parent, const char *list, const char *layers,
                            sp_buf *path, int required)
{
	size_t mark = path->size, item_mark;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(parent, list), *node;
	int i = 0;
	if (path_key(path, list) < 0) {
		c->error = SP_ENOMEM;
		return;
	}
	if ((arr || required) && expect_type(c, arr, path->ptr, 1)) {
		item_mark = path->size;
		cJSON_ArrayForEach(node, arr)
		{
			if (path_index(path, i++) < 0) {
				c->error = SP_ENOMEM;
				break;
			}
			if (expect_type(c, node, path->ptr, 0)) {
				if (layers)
					check_node_list(c, node, layers, NULL, path, 0);
				check_frames_at(c, node, path);
			}
			path_truncate(path, item_mark);
		}
	}
	path_truncate(path, mark);
}

static app_kind app_of_task(const cJSON *render, const char *cg_id)
{
	app_kind app = app_of_id(cg_id);
	if (app != APP_UNKNOWN || is_known_id(cg_id))
		return app;
	if (cJSON_GetObjectItemCaseSensitive(render, "image_node"))
		return APP_CLARISSE;
	if (cJSON_GetObjectItemCaseSensitive(render, "rop_node") ||
	    cJSON_GetObjectItemCaseSensitive(render, "geo_node"))
		return APP_HOUDINI;
	return APP_UNKNOWN;
}

static void check_render_frames(checker *c, const cJSON *render, const char *cg_id)
{
	sp_buf path = SP_BUF_INIT;
	if (!cJSON_IsObject(render))
		return;
	if (sp_buf_sets(&path, "scene_info_render") < 0) {
		c->error = SP_ENOMEM;
		return;
	}
	switch (app_of_task(render, cg_id)) {
	case APP_MAYA:
		check_maya_frames(c, render, &path);
		break;
	case APP_HOUDINI:
		check_node_list(c, render, "rop_node", NULL, &path, 1);
		check_node_list(c, render, "geo_node", NULL, &path, 1);
		check_node_list(c, render, "distributedsim_node", NULL, &path, 0);
		break;
	case APP_CLARISSE:
		check_node_list(c, render, "image_node", "layers", &path, 1);
		break;
	case APP_UNKNOWN:
		break;
	}
	sp_buf_dispose(&path);
}

static void check_task(checker *c)
{
	cJSON *root = check_load(c, "task.json");
	const cJSON *info, *render, *copy;
	const char *cg_id;
	if (!root)
		return;
	check_task_top(c, root);
	for (int i = 0; task_sections[i]; i++) {
		const cJSON *section = cJSON_GetObjectItemCaseSensitive(root, task_sections[i]);
		sp_buf path = SP_BUF_INIT;
		if (!section || !expect_type(c, section, task_sections[i], 0))
			continue;
		if (sp_buf_sets(&path, task_sections[i]) < 0)
			c->error = SP_ENOMEM;
		else
			check_scalars(c, section, &path);
		sp_buf_dispose(&path);
	}
	info = cJSON_GetObjectItemCaseSensitive(root, "task_info");
	render = cJSON_GetObjectItemCaseSensitive(root, "scene_info_render");
	copy = cJSON_GetObjectItemCaseSensitive(root, "scene_info");
	cg_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(info, "cg_id"));
	check_task_info(c, info);
	check_software(c, cJSON_GetObjectItemCaseSensitive(root, "software_config"), cg_id);
	check_render_frames(c, render, cg_id);
	if (cJSON_IsObject(render) && cJSON_IsObject(copy) && !cJSON_Compare(render, copy, 1))
		problem(c, "scene_info differs from scene_info_render (it should be an identical copy)");
	cJSON_Delete(root);
}

/* -- upload.json -- */

static int is_md5_hex(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!sp__isdigit((unsigned char)s[n]) && !(s[n] >= 'a' && s[n] <= 'f'))
			return 0;
	return n == 32;
}

/* server must equal the rule's mapping of local. */
static void check_server(checker *c, const char *where, const char *local, const char *server)
{
	sp_buf expect = SP_BUF_INIT;
	int error;
	sp_ctx_clear_error(c->ctx);
	error = sp_path_to_server(&expect, c->ctx, local);
	if (error == SP_ENOMEM)
		c->error = error;
	else if (error < 0)
		problem(c, "%s.local '%s' has no server path: %s", where, local, sp_ctx_last_error(c->ctx));
	else if (strcmp(expect.ptr, server) != 0)
		problem(c, "%s.server '%s' does not match local '%s' (expected '%s')", where, server, local,
		        expect.ptr);
	sp_ctx_clear_error(c->ctx);
	sp_buf_dispose(&expect);
}

/* The local file must exist (after the context's path maps) and be a file. */
static void check_exists(checker *c, const char *where, const char *local)
{
	sp_buf mapped = SP_BUF_INIT;
	sp_os_stat_info st;
	int error;
	if (sp_path_apply_maps(&mapped, c->ctx, local) < 0) {
		c->error = SP_ENOMEM;
		return;
	}
	sp_ctx_clear_error(c->ctx);
	error = sp_os_stat(c->ctx, mapped.ptr, &st);
	if (error == SP_ENOTFOUND)
		problem(c, "%s.local '%s' does not exist", where, local);
	else if (error < 0)
		problem(c, "%s.local '%s' cannot be read: %s", where, local, sp_ctx_last_error(c->ctx));
	else if (st.is_dir)
		problem(c, "%s.local '%s' is a folder, expected a file", where, local);
	sp_ctx_clear_error(c->ctx);
	sp_buf_dispose(&mapped);
}

/* No two assets may share a dedupe key; `seen` maps key -> index + 1. */
static void check_duplicate(checker *c, sp_map *seen, const char *where, const char *local, int i)
{
	sp_buf key = SP_BUF_INIT;
	void *first;
	if (sp_path_dedupe_key(&key, local) < 0) {
		c->error = SP_ENOMEM;
		return;
	}
	first = sp_map_get(seen, key.ptr);
	if (first)
		problem(c, "%s.local '%s' duplicates asset[%d]", where, local, (int)((uintptr_t)first - 1));
	else if (sp_map_set(seen, key.ptr, (void *)(uintptr_t)(i + 1), NULL) < 0)
		c->error = SP_ENOMEM;
	sp_buf_dispose(&key);
}

static void check_upload_entries(checker *c, const cJSON *arr, const char *list, sp_map *seen)
{
	char where[64];
	const cJSON *entry;
	int i = 0;
	cJSON_ArrayForEach(entry, arr)
	{
		const char *local, *server, *hash = NULL;
		snprintf(where, sizeof(where), "%s[%d]", list, i);
		if (!expect_type(c, entry, where, 0)) {
			i++;
			continue;
		}
		local = expect_string(c, entry, "local", where);
		server = expect_string(c, entry, "server", where);
		if (!seen)
			hash = expect_string(c, entry, "hash", where);
		if (hash && !is_md5_hex(hash))
			problem(c, "%s.hash '%s' is not 32 lowercase hex digits", where, hash);
		if (local && server)
			check_server(c, where, local, server);
		if (local && seen) {
			check_exists(c, where, local);
			check_duplicate(c, seen, where, local, i);
		}
		i++;
	}
}

/* Every scene file is uploaded as an asset too. */
static void check_scene_in_assets(checker *c, const cJSON *scene, const sp_map *seen)
{
	sp_buf key = SP_BUF_INIT;
	const cJSON *entry;
	int i = 0;
	cJSON_ArrayForEach(entry, scene)
	{
		const char *local = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "local"));
		if (local && sp_path_dedupe_key(&key, local) < 0)
			c->error = SP_ENOMEM;
		else if (local && !sp_map_has(seen, key.ptr))
			problem(c, "scene[%d].local '%s' is not in the asset list", i, local);
		i++;
	}
	sp_buf_dispose(&key);
}

static void check_upload(checker *c)
{
	cJSON *root = check_load(c, "upload.json");
	const cJSON *scene, *asset;
	sp_map *seen = NULL;
	sp_buf path = SP_BUF_INIT;
	if (!root)
		return;
	check_scalars(c, root, &path);
	scene = cJSON_GetObjectItemCaseSensitive(root, "scene");
	asset = cJSON_GetObjectItemCaseSensitive(root, "asset");
	if (expect_type(c, scene, "scene", 1)) {
		check_upload_entries(c, scene, "scene", NULL);
		if (cJSON_GetArraySize(scene) == 0)
			problem(c, "scene is empty, expected the scene file with its hash");
	}
	if (expect_type(c, asset, "asset", 1)) {
		if (sp_map_new(&seen) < 0)
			c->error = SP_ENOMEM;
		else
			check_upload_entries(c, asset, "asset", seen);
		if (seen && cJSON_IsArray(scene))
			check_scene_in_assets(c, scene, seen);
	}
	sp_map_free(seen, NULL);
	sp_buf_dispose(&path);
	cJSON_Delete(root);
}

/* -- asset.json, tips.json -- */

/* root[key] is an array of strings. */
static void check_string_list(checker *c, const cJSON *list, const char *name)
{
	const cJSON *item;
	int i = 0;
	if (!expect_type(c, list, name, 1))
		return;
	cJSON_ArrayForEach(item, list)
	{
		if (!cJSON_IsString(item))
			problem(c, "%s[%d] is %s, expected a string", name, i, type_name(item));
		i++;
	}
}

static void check_asset(checker *c)
{
	cJSON *root = check_load(c, "asset.json");
	const cJSON *refs;
	if (!root)
		return;
	check_string_list(c, cJSON_GetObjectItemCaseSensitive(root, "asset"), "asset");
	check_string_list(c, cJSON_GetObjectItemCaseSensitive(root, "missing"), "missing");
	refs = cJSON_GetObjectItemCaseSensitive(root, "references");
	if (refs)
		expect_type(c, refs, "references", 1);
	cJSON_Delete(root);
}

static void check_tips(checker *c)
{
	cJSON *root = check_load(c, "tips.json");
	const cJSON *code;
	if (!root)
		return;
	cJSON_ArrayForEach(code, root)
	{
		const char *name = code->string ? code->string : "";
		if (!cJSON_IsArray(code))
			problem(c, "'%s' is %s, expected an array of strings", name, type_name(code));
		else
			check_string_list(c, code, name);
	}
	cJSON_Delete(root);
}

int sp_taskdir_check(sp_ctx *ctx, const char *dir, sp_problem_fn cb, void *payload)
{
	checker c = {ctx, dir, cb, payload, NULL, 0, 0};
	sp_os_stat_info st;
	int error;
	if (!ctx || !dir || !cb)
		return sp_ctx_error(ctx, SP_EUSER, "sp_taskdir_check: NULL argument");
	error = sp_os_stat(ctx, dir, &st);
	if (error == SP_ENOTFOUND) {
		sp_ctx_clear_error(ctx);
		return sp_ctx_error(ctx, SP_ENOTFOUND, "%s: no such folder", dir);
	}
	if (error < 0)
		return error;
	if (!st.is_dir)
		return sp_ctx_error(ctx, SP_ENOTFOUND, "%s: not a folder", dir);
	error = sp_os_finish_set(ctx, dir);
	if (error < 0)
		return error;
	check_task(&c);
	if (c.error == 0)
		check_upload(&c);
	if (c.error == 0)
		check_asset(&c);
	if (c.error == 0)
		check_tips(&c);
	sp_ctx_clear_error(ctx);
	if (c.error < 0)
		return sp__oom(ctx);
	if (c.count > 0)
		return sp_ctx_error(ctx, SP_ECORRUPT, "%s: %zu problem%s found", dir, c.count,
		                    c.count == 1 ? "" : "s");
	return 0;
}
