/*
 * Fetching a task's output through the transmitter, as the vendor SDK does:
 * one "-T download_path" run per output folder (a layered task's sub-tasks
 * each have their own), from the output storage.
 */
#include "os.h"
#include "transfer.h"

#include <stdio.h>

typedef struct {
	sp_strvec names;   /* outputFileName of each (sub-)task to fetch */
	sp_strvec ended;   /* "1" or "0", parallel to names */
	size_t unfinished; /* (sub-)tasks not ended */
	int oom;
} outputs;

static int collect(const sp_task_status *st, void *payload)
{
	outputs *o = payload;
	int end = sp_task_status_is_end(st->status);
	/* A layered task's output is its sub-tasks'. */
	if (st->layered)
		return 0;
	if (!end)
		o->unfinished++;
	if (!st->name[0])
		return 0;
	if (sp_strvec_push(&o->names, st->name) < 0 || sp_strvec_push(&o->ended, end ? "1" : "0") < 0)
		o->oom = 1;
	return o->oom;
}

static int user_id(char *out, size_t size, sp_farm *farm)
{
	cJSON *data = NULL;
	int error = sp__farm_call_json(&data, farm, "/api/render/setUp/queryUserProfile", NULL);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(data, "userId");
	if (cJSON_IsNumber(id))
		snprintf(out, size, "%lld", (long long)id->valuedouble);
	else if (cJSON_IsString(id))
		snprintf(out, size, "%s", id->valuestring);
	else
		snprintf(out, size, "%s", farm->dry_run ? "<user id>" : "");
	if (error == 0 && !*out)
		error = sp_ctx_error(farm->ctx, SP_ECORRUPT, "the farm's user profile has no userId");
	cJSON_Delete(data);
	return error;
}

static int fetch(sp_farm *farm, const sp_download_options *o, const char *exe, const sp__transfer_line *t,
                 const char *uid, const char *local, const char *remote)
{
	char speed[32];
	snprintf(speed, sizeof(speed), "%ld", o->max_speed_kb > 0 ? o->max_speed_kb : 1048576L);
	const char *argv[] = {exe,           "-E", t->engine, "-H", t->server,       "-P", t->port, "-S",
	                      t->output_bid, "-U", uid,       "-T", "download_path", "-L", local,   "-R",
	                      remote,        "-r", "2",       "-K", "true",          "-s", speed,   "-C",
	                      "None",        "-p", "0",       NULL};
	return sp__run_transmitter(farm, argv, o->on_output, o->output_payload);
}

static int fetch_all(sp_download_result *out, sp_farm *farm, const sp_download_options *o,
                     const outputs *list, const char *local)
{
	sp__transfer_line t;
	sp_buf exe = SP_BUF_INIT;
	char uid[64];
	int error = sp__find_transmitter(&exe, farm, o->transmitter, NULL);
	/* A dry run shows the command line even before the transmitter is installed. */
	if (error == SP_ENOTFOUND && farm->dry_run) {
		sp_ctx_clear_error(farm->ctx);
		error = sp_buf_sets(&exe, SP_TRANSMITTER) < 0 ? sp__oom(farm->ctx) : 0;
	}
	if (error == 0)
		error = sp__transfer_config(&t, farm, o->engine);
	if (error == 0)
		error = user_id(uid, sizeof(uid), farm);
	for (size_t i = 0; i < list->names.count && error == 0; i++) {
		if (o->only_finished && strcmp(list->ended.items[i], "1") != 0)
			continue;
		error = fetch(farm, o, exe.ptr, &t, uid, local, list->names.items[i]);
		if (error == 0)
			out->downloaded++;
	}
	sp_buf_dispose(&exe);
	return error;
}

static int wanted(const outputs *list, const sp_download_options *o)
{
	for (size_t i = 0; i < list->names.count; i++)
		if (!o->only_finished || strcmp(list->ended.items[i], "1") == 0)
			return 1;
	return 0;
}

int sp_download_run(sp_download_result *out, sp_farm *farm, const int64_t *ids, size_t count,
                    const sp_download_options *opts)
{
	outputs list = {SP_STRVEC_INIT, SP_STRVEC_INIT, 0, 0};
	sp_buf local = SP_BUF_INIT;
	int error;
	if (!out || !farm || !opts || opts->version != SP_DOWNLOAD_OPTIONS_VERSION || !opts->local_dir ||
	    count == 0)
		return sp_ctx_error(farm ? farm->ctx : NULL, SP_EUSER,
		                    "sp_download_run: missing argument or unknown options version");
	memset(out, 0, sizeof(*out));
	error = sp_os_absolute(farm->ctx, &local, opts->local_dir);
	if (error == 0)
		error = sp_farm_task_status(farm, ids, count, collect, &list);
	/* A dry run has no answers: show one placeholder run per task. */
	for (size_t i = 0; error == 0 && farm->dry_run && i < count; i++) {
		char name[64];
		snprintf(name, sizeof(name), "<output of task %lld>", (long long)ids[i]);
		if (sp_strvec_push(&list.names, name) < 0 || sp_strvec_push(&list.ended, "1") < 0)
			list.oom = 1;
	}
	if (error == 0 && list.oom)
		error = sp__oom(farm->ctx);
	out->unfinished = list.unfinished;
	if (error == 0 && wanted(&list, opts) && !farm->dry_run)
		error = sp_os_mkdir_p(farm->ctx, local.ptr);
	if (error == 0 && wanted(&list, opts))
		error = fetch_all(out, farm, opts, &list, local.ptr);
	sp_strvec_dispose(&list.names);
	sp_strvec_dispose(&list.ended);
	sp_buf_dispose(&local);
	return error;
}
