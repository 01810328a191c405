/*
 * The render steps on top of the ShotGrid client: register an analysed task
 * folder as a Version (found again on a re-run, never duplicated), and
 * publish the frames and media back to it.
 */
#include "sg_client.h"
#include "json.h"
#include "os.h"
#include "sp/frames.h"
#include "sp/taskdir.h"

#include <stdio.h>

#define SG_MAX_TASK_JSON (64u * 1024u * 1024u)
/* Counting distinct frames walks the span; past this it sums the ranges instead. */
#define SG_MAX_FRAME_SPAN 10000000
#define SG_VERSION_ID_KEY "shotgrid_version_id"
#define SG_MOVIE_KEY      "shotgrid_movie"

/* What register takes from task.json. */
typedef struct {
	cJSON *root;
	sp_buf scene_stem;  /* "shot" for .../shot.ma */
	sp_buf frames_path; /* the default sg_path_to_frames, "" when unknown */
	sp_buf layers;      /* "beauty, spec" */
	sp_frames *frames;  /* every renderable range */
	sp_strvec ranges;   /* distinct frame strings */
	int64_t recorded_id;
} task_facts;

/* ---- task.json ---------------------------------------------------------------------------- */

static int load_task(cJSON **out, sp_ctx *ctx, const char *dir)
{
	sp_buf path = SP_BUF_INIT, text = SP_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f = NULL;
	int error = sp_buf_printf(&path, "%s/task.json", dir) < 0 ? sp__oom(ctx) : 0;
	if (error == 0 && !(f = sp_os_fopen_read(ctx, path.ptr)))
		error = sp_ctx_last_code(ctx) ? sp_ctx_last_code(ctx) : SP_ENOTFOUND;
	while (error == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (text.size + n > SG_MAX_TASK_JSON)
			error = sp_ctx_error(ctx, SP_ETOOBIG, "%s: larger than %u MB", path.ptr,
			                     SG_MAX_TASK_JSON >> 20);
		else if (sp_buf_put(&text, chunk, n) < 0)
			error = sp__oom(ctx);
	}
	if (error == 0) {
		*out = cJSON_ParseWithLength(sp_buf_cstr(&text), text.size);
		if (!cJSON_IsObject(*out)) {
			cJSON_Delete(*out);
			*out = NULL;
			error =
			    sp_ctx_error(ctx, SP_ECORRUPT,
			                 "%s: not a JSON object (run 'sceneprobe analyze' again)", path.ptr);
		}
	}
	if (f)
		fclose(f);
	sp_buf_dispose(&text);
	sp_buf_dispose(&path);
	return error;
}

static const char *str_at(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static int64_t recorded_version(const cJSON *root)
{
	const char *v = str_at(cJSON_GetObjectItemCaseSensitive(root, "additional_info"), SG_VERSION_ID_KEY);
	int64_t id = 0;
	return sp_parse_i64(v, strlen(v), &id) == 0 && id > 0 ? id : 0;
}

/* A renderable layer / ROP / image: its frames join the Version's range. */
static int add_renderable(task_facts *t, sp_ctx *ctx, const char *name, const char *frames)
{
	sp_frames *parsed = NULL;
	int error = 0;
	if (t->layers.size < 400 && sp_buf_printf(&t->layers, "%s%s", t->layers.size ? ", " : "", name) < 0)
		return sp__oom(ctx);
	if (!*frames)
		return 0;
	for (size_t i = 0; i < t->ranges.count; i++)
		if (strcmp(t->ranges.items[i], frames) == 0)
			return 0;
	error = sp_frames_parse(&parsed, ctx, frames);
	if (error == 0)
		error = sp_frames_append(t->frames, parsed);
	if (error == 0 && sp_strvec_push(&t->ranges, frames) < 0)
		error = sp__oom(ctx);
	sp_frames_free(parsed);
	return error;
}

/* Maya: <RenderLayer>, <Scene>, <Camera> of the image prefix, under the project's images folder. */
/* Expand Maya's <RenderLayer>, <Scene> and <Camera> tokens of an image prefix into `out`. */
static int expand_prefix(sp_buf *out, const char *prefix, const char *const values[3])
{
	static const char *const tokens[3] = {"<RenderLayer>", "<Scene>", "<Camera>"};
	int error = 0;
	for (const char *p = prefix; error == 0 && *p;) {
		size_t i = 0;
		while (i < 3 && strncmp(p, tokens[i], strlen(tokens[i])) != 0)
			i++;
		if (i < 3) {
			error = sp_buf_puts(out, values[i]);
			p += strlen(tokens[i]);
		} else {
			error = sp_buf_putc(out, *p++);
		}
	}
	return error;
}

/* The layer's images under the project's images folder (the scene's folder's when no project is known). */
static int maya_path(task_facts *t, sp_ctx *ctx, const char *layer, const cJSON *common)
{
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(t->root, "task_info");
	const char *prefix = str_at(common, "image_file_prefix"), *fmt = str_at(common, "image_format");
	const char *proj = str_at(info, "input_project_path"), *scene = str_at(info, "input_cg_file");
	const cJSON *cam = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(common, "render_camera"), 0);
	const char *slash = strrchr(scene, '/');
	/* The legacy default layer's images go to "masterLayer", as Maya names that folder. */
	const char *values[3] = {strcmp(layer, "defaultRenderLayer") == 0 ? "masterLayer" : layer,
	                         t->scene_stem.ptr, cJSON_IsString(cam) ? cam->valuestring : ""};
	int error = 0;
	if (*proj)
		error = sp_buf_printf(&t->frames_path, "%s/images/", proj);
	else if (slash)
		error = sp_buf_printf(&t->frames_path, "%.*s/images/", (int)(slash - scene), scene);
	if (error == 0)
		error = expand_prefix(&t->frames_path, *prefix ? prefix : "<Scene>", values);
	if (error == 0)
		error = sp_buf_printf(&t->frames_path, ".####.%s", *fmt ? fmt : "exr");
	return error < 0 ? sp__oom(ctx) : 0;
}

static int read_maya(task_facts *t, sp_ctx *ctx, const cJSON *render)
{
	const cJSON *layer;
	int error = 0;
	cJSON_ArrayForEach(layer, render)
	{
		const cJSON *common = cJSON_GetObjectItemCaseSensitive(layer, "common");
		if (error < 0 || strcmp(str_at(layer, "renderable"), "1") != 0 || !layer->string)
			continue;
		error = add_renderable(t, ctx, layer->string, str_at(common, "frames"));
		if (error == 0 && t->frames_path.size == 0)
			error = maya_path(t, ctx, layer->string, common);
	}
	return error;
}

static int read_houdini(task_facts *t, sp_ctx *ctx, const cJSON *rops)
{
	const cJSON *rop;
	int error = 0;
	cJSON_ArrayForEach(rop, rops)
	{
		if (error == 0 && strcmp(str_at(rop, "render"), "1") == 0)
			error = add_renderable(t, ctx, str_at(rop, "node"), str_at(rop, "frames"));
	}
	return error;
}

/* "exr16" -> "exr": the format name without its bit depth. */
static int clarisse_path(task_facts *t, sp_ctx *ctx, const cJSON *image)
{
	const char *out = str_at(image, "output"), *fmt = str_at(image, "format");
	size_t flen = strlen(fmt);
	while (flen && sp__isdigit((unsigned char)fmt[flen - 1]))
		flen--;
	if (!*out || t->frames_path.size)
		return 0;
	return sp_buf_printf(&t->frames_path, "%s.####.%.*s", out, (int)(flen ? flen : 3),
	                     flen ? fmt : "exr") < 0
	           ? sp__oom(ctx)
	           : 0;
}

static int read_clarisse_one(task_facts *t, sp_ctx *ctx, const cJSON *image)
{
	int error = 0;
	if (strcmp(str_at(image, "renderable"), "1") == 0) {
		error = add_renderable(t, ctx, str_at(image, "name"), str_at(image, "frames"));
		if (error == 0)
			error = clarisse_path(t, ctx, image);
	}
	return error;
}

static int read_clarisse(task_facts *t, sp_ctx *ctx, const cJSON *images)
{
	const cJSON *image, *layer;
	int error = 0;
	cJSON_ArrayForEach(image, images)
	{
		if (error == 0)
			error = read_clarisse_one(t, ctx, image);
		cJSON_ArrayForEach(layer, cJSON_GetObjectItemCaseSensitive(image, "layers"))
		{
			if (error == 0)
				error = read_clarisse_one(t, ctx, layer);
		}
	}
	return error;
}

static int read_facts(task_facts *t, sp_ctx *ctx, const char *dir)
{
	const cJSON *render, *info;
	const char *scene, *base, *dot;
	int error = load_task(&t->root, ctx, dir);
	if (error == 0)
		error = sp_frames_new(&t->frames, ctx);
	if (error < 0)
		return error;
	info = cJSON_GetObjectItemCaseSensitive(t->root, "task_info");
	scene = str_at(info, "input_cg_file");
	base = strrchr(scene, '/') ? strrchr(scene, '/') + 1 : scene;
	dot = strrchr(base, '.');
	if (sp_buf_put(&t->scene_stem, base, dot && dot > base ? (size_t)(dot - base) : strlen(base)) < 0 ||
	    sp_buf_puts(&t->scene_stem, "") < 0)
		return sp__oom(ctx);
	t->recorded_id = recorded_version(t->root);
	render = cJSON_GetObjectItemCaseSensitive(t->root, "scene_info_render");
	if (cJSON_GetObjectItemCaseSensitive(render, "rop_node"))
		return read_houdini(t, ctx, cJSON_GetObjectItemCaseSensitive(render, "rop_node"));
	if (cJSON_GetObjectItemCaseSensitive(render, "image_node"))
		return read_clarisse(t, ctx, cJSON_GetObjectItemCaseSensitive(render, "image_node"));
	return read_maya(t, ctx, render);
}

static void facts_dispose(task_facts *t)
{
	cJSON_Delete(t->root);
	sp_buf_dispose(&t->scene_stem);
	sp_buf_dispose(&t->frames_path);
	sp_buf_dispose(&t->layers);
	sp_frames_free(t->frames);
	sp_strvec_dispose(&t->ranges);
}

/* First, last and the number of distinct frames rendered. */
static int frame_span(const sp_frames *frames, int64_t *first, int64_t *last, int64_t *count)
{
	size_t n = sp_frames_range_count(frames);
	if (n == 0)
		return -1;
	*first = INT64_MAX;
	*last = INT64_MIN;
	for (size_t i = 0; i < n; i++) {
		const sp_frame_range *r = sp_frames_range_at(frames, i);
		*first = r->start < *first ? r->start : *first;
		/* 1-240[2] ends on 239: the last frame the step reaches. */
		int64_t end = r->start + (r->end - r->start) / r->step * r->step;
		*last = end > *last ? end : *last;
	}
	if (n == 1 || *last - *first > SG_MAX_FRAME_SPAN) {
		*count = sp_frames_count(frames);
		return 0;
	}
	*count = 0;
	for (int64_t f = *first; f <= *last; f++)
		*count += sp_frames_contains(frames, f);
	return 0;
}

/* ---- the site's schema ----------------------------------------------------------------------- */

static const cJSON *valid_statuses(const cJSON *schema)
{
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(schema, "sg_status_list"), "properties");
	return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(props, "valid_values"),
	                                        "value");
}

static int status_listed(const cJSON *schema, const char *status)
{
	const cJSON *v;
	cJSON_ArrayForEach(v, valid_statuses(schema))
	{
		if (cJSON_IsString(v) && strcmp(v->valuestring, status) == 0)
			return 1;
	}
	return 0;
}

static int check_status(sp_sg *sg, const cJSON *schema, const char *status)
{
	const cJSON *valid = valid_statuses(schema), *v;
	sp_buf list = SP_BUF_INIT;
	int error;
	if (!cJSON_GetObjectItemCaseSensitive(schema, "sg_status_list"))
		return sp_ctx_error(sg->ctx, SP_EUSER,
		                    "the site's Version has no sg_status_list field: leave --status out");
	cJSON_ArrayForEach(v, valid)
	{
		if (cJSON_IsString(v) && strcmp(v->valuestring, status) == 0) {
			sp_buf_dispose(&list);
			return 0;
		}
		if (cJSON_IsString(v) &&
		    sp_buf_printf(&list, "%s%s", list.size ? ", " : "", v->valuestring) < 0) {
			sp_buf_dispose(&list);
			return sp__oom(sg->ctx);
		}
	}
	error = sp_ctx_error(sg->ctx, SP_EUSER, "'%s' is not a Version status on this site; valid codes: %s",
	                     status, list.size ? list.ptr : "(none listed)");
	sp_buf_dispose(&list);
	return error;
}

/* Drop the fields the site's Version lacks, saying so; the required ones must be there. */
static int keep_known_fields(sp_sg *sg, const cJSON *schema, cJSON *fields)
{
	cJSON *f = fields->child;
	while (f) {
		cJSON *next = f->next;
		if (!cJSON_GetObjectItemCaseSensitive(schema, f->string)) {
			if (strcmp(f->string, "code") == 0 || strcmp(f->string, "project") == 0 ||
			    strcmp(f->string, "entity") == 0)
				return sp_ctx_error(sg->ctx, SP_EUSER, "the site's Version has no '%s' field",
				                    f->string);
			sp_ctx_log(sg->ctx, SP_LOG_WARN, "the site's Version has no '%s' field: not set",
			           f->string);
			cJSON_Delete(cJSON_DetachItemViaPointer(fields, f));
		}
		f = next;
	}
	return 0;
}

/* ---- lookups ------------------------------------------------------------------------------------ */

/* One condition [path, "is", value] appended to `filters` (value taken). */
static int cond(cJSON *filters, const char *path, cJSON *value)
{
	cJSON *c = cJSON_CreateArray();
	if (!c || !value || !cJSON_AddItemToArray(filters, c) ||
	    !cJSON_AddItemToArray(c, cJSON_CreateString(path)) ||
	    !cJSON_AddItemToArray(c, cJSON_CreateString("is")) || !cJSON_AddItemToArray(c, value)) {
		cJSON_Delete(value);
		return -1;
	}
	return 0;
}

/* The first `type` where field1 is value1 (and field2 is value2); *id_out 0 when none. */
static int find_id(int64_t *id_out, sp_sg *sg, const char *type, const char *f1, cJSON *v1, const char *f2,
                   cJSON *v2)
{
	static const char *const fields[] = {"id", NULL};
	cJSON *filters = cJSON_CreateArray(), *found = NULL;
	const cJSON *first;
	int error = 0;
	*id_out = 0;
	if (!filters || cond(filters, f1, v1) < 0 || (f2 && cond(filters, f2, v2) < 0))
		error = sp__oom(sg->ctx);
	else
		error = sp__sg_find_json(&found, sg, type, filters, fields, 2);
	if (error == 0 && cJSON_GetArraySize(found) > 1)
		sp_ctx_log(sg->ctx, SP_LOG_WARN, "more than one %s matches; using the first", type);
	first = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(found, 0), "id");
	if (error == 0 && cJSON_IsNumber(first))
		*id_out = (int64_t)first->valuedouble;
	cJSON_Delete(filters);
	cJSON_Delete(found);
	return error;
}

static int need_id(int64_t *id_out, sp_sg *sg, const char *type, const char *f1, cJSON *v1, const char *f2,
                   cJSON *v2, const char *what)
{
	int error = find_id(id_out, sg, type, f1, v1, f2, v2);
	if (error == 0 && *id_out == 0)
		error = sp_ctx_error(sg->ctx, SP_ENOTFOUND, "no active %s on the site", what);
	return error;
}

typedef struct {
	char type[64];
	const char *code;
} entity_ref;

static int parse_entity(entity_ref *e, sp_ctx *ctx, const char *text)
{
	const char *colon = text ? strchr(text, ':') : NULL;
	if (!colon || colon == text || !colon[1] || (size_t)(colon - text) >= sizeof(e->type))
		return sp_ctx_error(ctx, SP_EUSER, "entity '%s' is not of the form TYPE:CODE (Shot:sh010)",
		                    text ? text : "");
	memcpy(e->type, text, (size_t)(colon - text));
	e->type[colon - text] = '\0';
	e->code = colon + 1;
	return 0;
}

/* ---- register -------------------------------------------------------------------------------- */

typedef struct {
	sp_sg *sg;
	const sp_sg_register_options *o;
	sp_sg_register_result *res;
	entity_ref ent;
	int64_t user_id;
	task_facts t;
	cJSON *schema;
} reg;

static int resolve_links(reg *r)
{
	sp_sg *sg = r->sg;
	sp_buf what = SP_BUF_INIT;
	int error = parse_entity(&r->ent, sg->ctx, r->o->entity);
	if (error == 0 && sp_buf_printf(&what, "Project named '%s'", r->o->project) < 0)
		error = sp__oom(sg->ctx);
	if (error == 0)
		error = need_id(&r->res->project_id, sg, "Project", "name", cJSON_CreateString(r->o->project),
		                NULL, NULL, what.ptr);
	sp_buf_clear(&what);
	if (error == 0 &&
	    sp_buf_printf(&what, "%s '%s' in project '%s'", r->ent.type, r->ent.code, r->o->project) < 0)
		error = sp__oom(sg->ctx);
	if (error == 0)
		error = need_id(&r->res->entity_id, sg, r->ent.type, "code", cJSON_CreateString(r->ent.code),
		                "project", sp__sg_link("Project", r->res->project_id), what.ptr);
	sp_buf_clear(&what);
	if (error == 0 && r->o->task &&
	    sp_buf_printf(&what, "Task '%s' on %s '%s'", r->o->task, r->ent.type, r->ent.code) < 0)
		error = sp__oom(sg->ctx);
	if (error == 0 && r->o->task)
		error = need_id(&r->res->task_id, sg, "Task", "content", cJSON_CreateString(r->o->task),
		                "entity", sp__sg_link(r->ent.type, r->res->entity_id), what.ptr);
	sp_buf_clear(&what);
	if (error == 0 && r->o->user && sp_buf_printf(&what, "HumanUser with login '%s'", r->o->user) < 0)
		error = sp__oom(sg->ctx);
	if (error == 0 && r->o->user)
		error = need_id(&r->user_id, sg, "HumanUser", "login", cJSON_CreateString(r->o->user), NULL,
		                NULL, what.ptr);
	sp_buf_dispose(&what);
	return error;
}

static int add_number(cJSON *o, const char *k, int64_t v)
{
	return cJSON_AddNumberToObject(o, k, (double)v) ? 0 : -1;
}

static int add_link(cJSON *o, const char *k, const char *type, int64_t id)
{
	cJSON *l = sp__sg_link(type, id);
	if (!l || !cJSON_AddItemToObject(o, k, l)) {
		cJSON_Delete(l);
		return -1;
	}
	return 0;
}

static int description(sp_buf *out, const reg *r)
{
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(r->t.root, "task_info");
	const char *task = str_at(info, "task_id");
	return sp_buf_printf(out, "Render of %s (layers: %s)%s%s", str_at(info, "input_cg_file"),
	                     r->t.layers.size ? r->t.layers.ptr : "none", *task ? "; farm task " : "", task);
}

static int version_fields(cJSON **out, reg *r, int creating)
{
	sp_buf desc = SP_BUF_INIT;
	const char *frames_path = r->o->frames_path ? r->o->frames_path : r->t.frames_path.ptr;
	const char *status = r->o->status;
	int64_t first, last, count;
	cJSON *f = cJSON_CreateObject();
	int ok = f && description(&desc, r) == 0;
	/* A new Version starts pending review, when the site has that stock code. */
	if (creating && !status && status_listed(r->schema, "rev"))
		status = "rev";
	ok = ok && cJSON_AddStringToObject(f, "code", r->res->code) &&
	     add_link(f, "entity", r->ent.type, r->res->entity_id) == 0 &&
	     cJSON_AddStringToObject(f, "description", desc.ptr);
	if (ok && creating)
		ok = add_link(f, "project", "Project", r->res->project_id) == 0;
	if (ok && r->res->task_id)
		ok = add_link(f, "sg_task", "Task", r->res->task_id) == 0;
	if (ok && r->user_id)
		ok = add_link(f, "user", "HumanUser", r->user_id) == 0;
	if (ok && frames_path && *frames_path)
		ok = cJSON_AddStringToObject(f, "sg_path_to_frames", frames_path) != NULL;
	if (ok && status)
		ok = cJSON_AddStringToObject(f, "sg_status_list", status) != NULL;
	if (ok && frame_span(r->t.frames, &first, &last, &count) == 0) {
		snprintf(r->res->frame_range, sizeof(r->res->frame_range), "%lld-%lld", (long long)first,
		         (long long)last);
		ok = add_number(f, "sg_first_frame", first) == 0 &&
		     add_number(f, "sg_last_frame", last) == 0 && add_number(f, "frame_count", count) == 0 &&
		     cJSON_AddStringToObject(f, "frame_range", r->res->frame_range);
	}
	sp_buf_dispose(&desc);
	if (!ok) {
		cJSON_Delete(f);
		return sp__oom(r->sg->ctx);
	}
	*out = f;
	return keep_known_fields(r->sg, r->schema, f);
}

/* The Version this folder already has: the recorded id if it still exists, else project + entity + code. */
static int existing_version(int64_t *id_out, reg *r)
{
	int error = 0;
	*id_out = 0;
	if (r->t.recorded_id > 0)
		error = find_id(id_out, r->sg, "Version", "id", cJSON_CreateNumber((double)r->t.recorded_id),
		                NULL, NULL);
	if (error == 0 && *id_out == 0) {
		cJSON *filters = cJSON_CreateArray(), *found = NULL;
		static const char *const fields[] = {"id", NULL};
		if (!filters || cond(filters, "project", sp__sg_link("Project", r->res->project_id)) < 0 ||
		    cond(filters, "entity", sp__sg_link(r->ent.type, r->res->entity_id)) < 0 ||
		    cond(filters, "code", cJSON_CreateString(r->res->code)) < 0)
			error = sp__oom(r->sg->ctx);
		else
			error = sp__sg_find_json(&found, r->sg, "Version", filters, fields, 1);
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(found, 0), "id");
		if (error == 0 && cJSON_IsNumber(id))
			*id_out = (int64_t)id->valuedouble;
		cJSON_Delete(filters);
		cJSON_Delete(found);
	}
	return error;
}

/* Create; when the answer is lost the create may have committed, so look before reporting. */
static int create_version(reg *r, const cJSON *fields)
{
	int error = sp__sg_create_json(&r->res->version_id, r->sg, "Version", fields);
	if (error == SP_ENET) {
		int64_t id = 0;
		sp_buf why = SP_BUF_INIT;
		if (sp_buf_puts(&why, sp_ctx_last_error(r->sg->ctx)) < 0)
			return sp__oom(r->sg->ctx);
		sp_ctx_clear_error(r->sg->ctx);
		if (existing_version(&id, r) == 0 && id > 0) {
			sp_ctx_log(r->sg->ctx, SP_LOG_WARN,
			           "the answer to create Version was lost; Version %lld was made",
			           (long long)id);
			r->res->version_id = id;
			error = 0;
		} else {
			sp_ctx_clear_error(r->sg->ctx);
			error = sp_ctx_error(r->sg->ctx, SP_ENET, "%s", why.ptr);
		}
		sp_buf_dispose(&why);
	}
	if (error == 0)
		r->res->created = 1;
	return error;
}

static int register_version(reg *r, const char *dir)
{
	cJSON *fields = NULL;
	char id_text[24];
	int64_t id = 0;
	int error = existing_version(&id, r);
	if (error == 0)
		error = version_fields(&fields, r, id == 0);
	if (error == 0 && id > 0) {
		r->res->version_id = id;
		error = sp__sg_update_json(r->sg, "Version", id, fields);
	} else if (error == 0) {
		error = create_version(r, fields);
	}
	cJSON_Delete(fields);
	if (error < 0)
		return error;
	snprintf(id_text, sizeof(id_text), "%lld", (long long)r->res->version_id);
	if (r->t.recorded_id == r->res->version_id)
		return 0;
	error = sp_taskdir_add_info(r->sg->ctx, dir, SG_VERSION_ID_KEY, id_text);
	if (error < 0)
		sp_ctx_log(r->sg->ctx, SP_LOG_WARN, "Version %s exists but task.json does not record it",
		           id_text);
	return error;
}

int sp_sg_register(sp_sg_register_result *out, sp_sg *sg, const char *dir, const sp_sg_register_options *opts)
{
	reg r;
	int error;
	if (!out || !sg || !dir || !opts || opts->version != SP_SG_REGISTER_OPTIONS_VERSION)
		return sg ? sp_ctx_error(sg->ctx, SP_EUSER, "sp_sg_register: bad arguments") : SP_EUSER;
	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.sg = sg;
	r.o = opts;
	r.res = out;
	if (!opts->project || !*opts->project || !opts->entity)
		return sp_ctx_error(sg->ctx, SP_EUSER, "register needs a project and an entity (Shot:sh010)");
	error = read_facts(&r.t, sg->ctx, dir);
	if (error == 0)
		snprintf(out->code, sizeof(out->code), "%s",
		         opts->code && *opts->code ? opts->code : r.t.scene_stem.ptr);
	if (error == 0 && !out->code[0])
		error = sp_ctx_error(sg->ctx, SP_EUSER,
		                     "%s/task.json names no scene: give the Version a --code", dir);
	if (error == 0)
		error = resolve_links(&r);
	if (error == 0)
		error = sp__sg_schema_json(&r.schema, sg, "Version", NULL, out->project_id);
	if (error == 0 && opts->status)
		error = check_status(sg, r.schema, opts->status);
	if (error == 0 && !opts->frames_path && r.t.frames_path.size == 0)
		sp_ctx_log(sg->ctx, SP_LOG_WARN,
		           "task.json gives no output path: sg_path_to_frames not set (use --frames-path)");
	if (error == 0)
		error = register_version(&r, dir);
	cJSON_Delete(r.schema);
	facts_dispose(&r.t);
	return error;
}

/* ---- publish ----------------------------------------------------------------------------------- */

static int thumbnail_state(int *ready_out, sp_sg *sg, int64_t id)
{
	static const char *const fields[] = {"id", "image", NULL};
	cJSON *filters = cJSON_CreateArray(), *found = NULL;
	int error = 0;
	if (!filters || cond(filters, "id", cJSON_CreateNumber((double)id)) < 0)
		error = sp__oom(sg->ctx);
	else
		error = sp__sg_find_json(&found, sg, "Version", filters, fields, 1);
	const cJSON *image = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(found, 0), "image");
	*ready_out = cJSON_IsString(image) && !strstr(image->valuestring, "/images/status/transient/");
	cJSON_Delete(filters);
	cJSON_Delete(found);
	return error;
}

static int wait_thumbnail(sp_sg_publish_result *out, sp_sg *sg, const sp_sg_publish_options *o)
{
	long interval = o->poll_interval_ms > 0 ? o->poll_interval_ms : 2000, waited = 0;
	int error = 0;
	/* Bounded by the caller's wait: at most wait / interval + 1 reads. */
	while (error == 0) {
		error = thumbnail_state(&out->thumbnail_ready, sg, out->version_id);
		if (error < 0 || out->thumbnail_ready || waited >= o->wait_thumbnail_s * 1000)
			break;
		sp_os_sleep_ms(interval);
		waited += interval;
	}
	if (error == 0 && !out->thumbnail_ready)
		sp_ctx_log(sg->ctx, SP_LOG_WARN,
		           "the thumbnail of Version %lld is still being processed after %ld s",
		           (long long)out->version_id, o->wait_thumbnail_s);
	return error;
}

static int publish_fields(sp_sg *sg, const sp_sg_publish_options *o, int64_t project_id, int64_t id)
{
	cJSON *schema = NULL, *f = cJSON_CreateObject();
	sp_buf movie = SP_BUF_INIT;
	int error = f ? 0 : sp__oom(sg->ctx);
	if (error == 0 && o->movie)
		error = sp_os_absolute(sg->ctx, &movie, o->movie);
	if (error == 0 &&
	    ((o->frames_path && !cJSON_AddStringToObject(f, "sg_path_to_frames", o->frames_path)) ||
	     (o->status && !cJSON_AddStringToObject(f, "sg_status_list", o->status)) ||
	     (o->movie && !cJSON_AddStringToObject(f, "sg_path_to_movie", movie.ptr))))
		error = sp__oom(sg->ctx);
	if (error == 0 && f->child)
		error = sp__sg_schema_json(&schema, sg, "Version", NULL, project_id);
	if (error == 0 && f->child && o->status)
		error = check_status(sg, schema, o->status);
	if (error == 0 && f->child)
		error = keep_known_fields(sg, schema, f);
	if (error == 0 && f->child)
		error = sp__sg_update_json(sg, "Version", id, f);
	sp_buf_dispose(&movie);
	cJSON_Delete(schema);
	cJSON_Delete(f);
	return error;
}

/* The Version recorded in task.json and its project, checked on the site. */
static int recorded_on_site(int64_t *id_out, int64_t *project_out, sp_sg *sg, const char *dir)
{
	static const char *const fields[] = {"id", "project", NULL};
	cJSON *root = NULL, *filters = cJSON_CreateArray(), *found = NULL;
	int error = filters ? load_task(&root, sg->ctx, dir) : sp__oom(sg->ctx);
	*id_out = error == 0 ? recorded_version(root) : 0;
	if (error == 0 && *id_out == 0)
		error = sp_ctx_error(
		    sg->ctx, SP_ENOTFOUND,
		    "%s/task.json records no ShotGrid Version: run 'sceneprobe shotgrid register' first",
		    dir);
	if (error == 0 && cond(filters, "id", cJSON_CreateNumber((double)*id_out)) < 0)
		error = sp__oom(sg->ctx);
	if (error == 0)
		error = sp__sg_find_json(&found, sg, "Version", filters, fields, 1);
	if (error == 0 && cJSON_GetArraySize(found) == 0)
		error = sp_ctx_error(
		    sg->ctx, SP_ENOTFOUND,
		    "Version %lld recorded in %s/task.json is not on the site (retired?): register again",
		    (long long)*id_out, dir);
	const cJSON *pid = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(found, 0), "project"), "id");
	*project_out = cJSON_IsNumber(pid) ? (int64_t)pid->valuedouble : 0;
	cJSON_Delete(found);
	cJSON_Delete(filters);
	cJSON_Delete(root);
	return error;
}

/* "size:mtime:absolute path": what identifies the movie file we uploaded. */
static int movie_signature(sp_buf *out, sp_ctx *ctx, const char *movie)
{
	sp_os_stat_info st;
	sp_buf abs = SP_BUF_INIT;
	int error = sp_os_stat(ctx, movie, &st);
	if (error == 0)
		error = sp_os_absolute(ctx, &abs, movie);
	if (error == 0 &&
	    sp_buf_printf(out, "%llu:%lld:%s", (unsigned long long)st.size, (long long)st.mtime, abs.ptr) < 0)
		error = sp__oom(ctx);
	sp_buf_dispose(&abs);
	return error;
}

/* The id of the Attachment in the Version's sg_uploaded_movie, 0 when empty. */
static int current_movie(int64_t *id_out, sp_sg *sg, int64_t version_id)
{
	static const char *const fields[] = {"id", "sg_uploaded_movie", NULL};
	cJSON *filters = cJSON_CreateArray(), *found = NULL;
	int error = 0;
	*id_out = 0;
	if (!filters || cond(filters, "id", cJSON_CreateNumber((double)version_id)) < 0)
		error = sp__oom(sg->ctx);
	else
		error = sp__sg_find_json(&found, sg, "Version", filters, fields, 1);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(found, 0), "sg_uploaded_movie"), "id");
	if (error == 0 && cJSON_IsNumber(id))
		*id_out = (int64_t)id->valuedouble;
	cJSON_Delete(filters);
	cJSON_Delete(found);
	return error;
}

/* 1 in *same_out when task.json records this very file as the Version's movie, and the Version still has it.
 */
static int movie_already_there(int *same_out, int64_t *id_out, sp_sg *sg, const char *dir, int64_t version_id,
                               const char *signature)
{
	cJSON *root = NULL;
	const char *rec, *colon;
	int64_t rec_id = 0, now_id = 0;
	int error = load_task(&root, sg->ctx, dir);
	*same_out = 0;
	rec =
	    error == 0 ? str_at(cJSON_GetObjectItemCaseSensitive(root, "additional_info"), SG_MOVIE_KEY) : "";
	colon = strchr(rec, ':');
	if (error == 0 && colon && strcmp(colon + 1, signature) == 0 &&
	    sp_parse_i64(rec, (size_t)(colon - rec), &rec_id) == 0 && rec_id > 0) {
		error = current_movie(&now_id, sg, version_id);
		*same_out = error == 0 && now_id == rec_id;
		*id_out = rec_id;
	}
	cJSON_Delete(root);
	return error;
}

static int publish_movie(sp_sg_publish_result *out, sp_sg *sg, const char *dir,
                         const sp_sg_publish_options *o)
{
	sp_buf sig = SP_BUF_INIT, value = SP_BUF_INIT;
	int error = movie_signature(&sig, sg->ctx, o->movie), same = 0;
	if (error == 0 && !o->force_upload)
		error =
		    movie_already_there(&same, &out->movie_attachment_id, sg, dir, out->version_id, sig.ptr);
	if (error == 0 && same) {
		sp_ctx_log(sg->ctx, SP_LOG_INFO,
		           "Version %lld already has this movie (attachment %lld): not sent again",
		           (long long)out->version_id, (long long)out->movie_attachment_id);
		out->movie_unchanged = 1;
	} else if (error == 0) {
		error = sp_sg_upload(&out->movie_attachment_id, sg, "Version", out->version_id, o->movie,
		                     "sg_uploaded_movie", NULL);
		if (error == 0 &&
		    sp_buf_printf(&value, "%lld:%s", (long long)out->movie_attachment_id, sig.ptr) < 0)
			error = sp__oom(sg->ctx);
		if (error == 0)
			error = sp_taskdir_add_info(sg->ctx, dir, SG_MOVIE_KEY, value.ptr);
	}
	sp_buf_dispose(&sig);
	sp_buf_dispose(&value);
	return error;
}

int sp_sg_publish(sp_sg_publish_result *out, sp_sg *sg, const char *dir, const sp_sg_publish_options *o)
{
	int64_t project_id = 0, thumb = 0;
	int error;
	if (!out || !sg || !dir || !o || o->version != SP_SG_PUBLISH_OPTIONS_VERSION)
		return sg ? sp_ctx_error(sg->ctx, SP_EUSER, "sp_sg_publish: bad arguments") : SP_EUSER;
	memset(out, 0, sizeof(*out));
	error = recorded_on_site(&out->version_id, &project_id, sg, dir);
	if (error == 0)
		error = publish_fields(sg, o, project_id, out->version_id);
	if (error == 0 && o->movie)
		error = publish_movie(out, sg, dir, o);
	if (error == 0 && o->thumbnail)
		error = sp_sg_upload(&thumb, sg, "Version", out->version_id, o->thumbnail, NULL, NULL);
	if (error == 0 && (o->movie || o->thumbnail))
		out->direct_storage =
		    sp__sg_direct_storage(sg, "Version", o->movie ? "sg_uploaded_movie" : NULL);
	if (error == 0 && o->wait_thumbnail_s > 0 && (o->movie || o->thumbnail))
		error = wait_thumbnail(out, sg, o);
	return error;
}
