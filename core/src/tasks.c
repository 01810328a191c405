/* Following and controlling tasks on the farm: status (with layer sub-tasks), stop, start, abandon. */
#include "farm.h"

static const struct {
	int code;
	const char *text;
	int end;
} statuses[] = {
    {0, "waiting", 0},
    {5, "rendering", 0},
    {8, "preprocessing", 0},
    {10, "stopped", 1},
    {20, "stopped (arrears)", 1},
    {23, "stopped (timeout)", 1},
    {25, "done", 1},
    {30, "done with failed frames", 1},
    {35, "abandoned", 1},
    {40, "priority frames done", 0},
    {45, "failed", 1},
    {50, "analysing", 0},
};

const char *sp_task_status_text(int status)
{
	for (size_t i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
		if (statuses[i].code == status)
			return statuses[i].text;
	return "unknown";
}

int sp_task_status_is_end(int status)
{
	for (size_t i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
		if (statuses[i].code == status)
			return statuses[i].end;
	return 0;
}

static int64_t num(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	int64_t out = 0;
	if (cJSON_IsNumber(v))
		return (int64_t)v->valuedouble;
	if (cJSON_IsString(v) && sp_parse_i64(v->valuestring, strlen(v->valuestring), &out) == 0)
		return out;
	return 0;
}

static const char *str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static int report(const cJSON *item, int64_t parent, sp_task_status_fn cb, void *payload)
{
	sp_task_status st;
	st.id = num(item, "id");
	st.parent_id = parent;
	st.alias = str(item, "taskAlias");
	st.name = str(item, "outputFileName");
	st.status = (int)num(item, "taskStatus");
	st.total_frames = num(item, "totalFrames");
	st.done_frames = num(item, "doneFrames");
	st.failed_frames = num(item, "failedFrames");
	st.layered = num(item, "isOpen") == 1;
	return cb(&st, payload);
}

static cJSON *ids_body(const int64_t *ids, size_t count)
{
	cJSON *body = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(body, "taskIds");
	for (size_t i = 0; list && i < count; i++)
		if (!cJSON_AddItemToArray(list, cJSON_CreateNumber((double)ids[i])))
			list = NULL;
	if (!list) {
		cJSON_Delete(body);
		return NULL;
	}
	return body;
}

int sp_farm_task_status(sp_farm *farm, const int64_t *ids, size_t count, sp_task_status_fn cb, void *payload)
{
	cJSON *body = ids_body(ids, count), *data = NULL;
	int error = body ? 0 : sp__oom(farm->ctx), stop = 0;
	if (error == 0)
		error = sp__farm_call_json(&data, farm, "/api/render/handle/queryTaskInfo/v2", body);
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(data, "items");
	for (const cJSON *it = cJSON_IsArray(items) ? items->child : NULL; it && error == 0 && !stop;
	     it = it->next) {
		const cJSON *subs = cJSON_GetObjectItemCaseSensitive(it, "respRenderingTaskList");
		stop = report(it, 0, cb, payload);
		for (const cJSON *s = cJSON_IsArray(subs) ? subs->child : NULL; s && !stop; s = s->next)
			stop = report(s, num(it, "id"), cb, payload);
	}
	cJSON_Delete(data);
	cJSON_Delete(body);
	return error;
}

int sp_farm_task_action(sp_farm *farm, sp_task_action action, const int64_t *ids, size_t count)
{
	static const char *const paths[] = {"/api/rendering/task/renderingTask/stopTask",
	                                    "/api/rendering/task/renderingTask/startTask",
	                                    "/api/render/handle/abandonTask"};
	cJSON *body = NULL, *data = NULL;
	int error;
	if ((unsigned)action >= sizeof(paths) / sizeof(*paths) || count == 0)
		return sp_ctx_error(farm->ctx, SP_EUSER,
		                    "sp_farm_task_action: unknown action or no task ids");
	body = ids_body(ids, count);
	error = body ? sp__farm_call_json(&data, farm, paths[action], body) : sp__oom(farm->ctx);
	cJSON_Delete(data);
	cJSON_Delete(body);
	return error;
}
