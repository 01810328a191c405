/*
 * sceneprobe submit: take an analysed task folder to a submitted farm task.
 * Also the connection options shared by every farm command.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLI_MAX_LABELS     64
#define CLI_MAX_SHOWN_BODY 400

const char cli_farm_help[] =
    "connection:\n"
    "  --api-url URL        the farm API (default " SP_FARM_DEFAULT_URL "; international accounts:\n"
    "                       " SP_FARM_INTERNATIONAL_URL ")\n"
    "  --platform N         the farm platform id (default 2)\n"
    "  --access-id ID       the API access id (default $RAYVISION_API_ACCESS_ID, then the config file)\n"
    "  --access-key KEY     the API key (default $RAYVISION_API_KEY, then the config file); prefer\n"
    "                       those: other users can see a command line\n"
    "  --config FILE        credentials file (default ~/.config/sceneprobe/credentials with lines\n"
    "                       access_id = ... and access_key = ..., readable only by you)\n"
    "  --timeout S          seconds for one request (default 120); --connect-timeout S (default 15)\n"
    "  --retries N          attempts for a request that failed in transit or got HTTP 5xx (default 4)\n"
    "  --retry-delay MS     first pause between attempts, doubled each time, jittered (default 1000)\n"
    "  --insecure           do not check the server's TLS certificate (never on a real network)\n"
    "  --english            ask the farm for messages in English\n"
    "  -v, --verbose        print each request (never the key or the signature)\n";

int cli_parse_count(const char *s, int64_t max, int64_t *out)
{
	int64_t v = 0;
	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (max - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

static int long_value(long *out, const char *opt, const char *v, long min, long max)
{
	int64_t n = 0;
	if (cli_parse_count(v, max, &n) < 0 || n < min) {
		cli_error("%s expects a whole number from %ld to %ld", opt, min, max);
		return -1;
	}
	*out = (long)n;
	return 0;
}

/* The value of option argv[*i], or NULL (with a message) when it is the last word. */
static const char *value_of(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		cli_error("%s expects a value", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

static int string_option(const char **dst, int argc, char **argv, int *i)
{
	const char *v = value_of(argc, argv, i);
	if (!v)
		return -1;
	*dst = v;
	return 1;
}

static int number_option(long *dst, int argc, char **argv, int *i, long min, long max)
{
	const char *opt = argv[*i], *v = value_of(argc, argv, i);
	if (!v || long_value(dst, opt, v, min, max) < 0)
		return -1;
	return 1;
}

int cli_farm_option(cli_farm_args *a, int argc, char **argv, int *i)
{
	const char *o = argv[*i];
	long n = 0;
	if (strcmp(o, "--api-url") == 0)
		return string_option(&a->api_url, argc, argv, i);
	if (strcmp(o, "--access-id") == 0)
		return string_option(&a->access_id, argc, argv, i);
	if (strcmp(o, "--access-key") == 0)
		return string_option(&a->access_key, argc, argv, i);
	if (strcmp(o, "--platform") == 0)
		return string_option(&a->platform, argc, argv, i);
	if (strcmp(o, "--config") == 0)
		return string_option(&a->config, argc, argv, i);
	if (strcmp(o, "--timeout") == 0)
		return number_option(&a->timeout_s, argc, argv, i, 1, 86400);
	if (strcmp(o, "--connect-timeout") == 0)
		return number_option(&a->connect_timeout_s, argc, argv, i, 1, 3600);
	if (strcmp(o, "--retry-delay") == 0)
		return number_option(&a->retry_delay_ms, argc, argv, i, 1, 600000);
	if (strcmp(o, "--retries") == 0) {
		int rc = number_option(&n, argc, argv, i, 1, 10);
		a->retries = (int)n;
		return rc;
	}
	if (strcmp(o, "--insecure") == 0)
		a->insecure = 1;
	else if (strcmp(o, "--english") == 0)
		a->english = 1;
	else if (strcmp(o, "-v") == 0 || strcmp(o, "--verbose") == 0)
		a->verbose = 1;
	else
		return 0;
	return 1;
}

static void log_line(sp_log_level level, const char *msg, void *payload)
{
	const cli_farm_args *a = payload;
	if (level == SP_LOG_WARN)
		fprintf(stderr, "sceneprobe: warning: %s\n", msg);
	else if (a->verbose)
		fprintf(stderr, "sceneprobe: %s\n", msg);
}

static void show_request(const char *url, const char *body, int attempt, void *payload)
{
	const cli_farm_args *a = payload;
	size_t len = strlen(body);
	if (!a->dry_run && !a->verbose)
		return;
	/* Requests go to stdout in a dry run (they are its output), to stderr otherwise. */
	fprintf(a->dry_run ? stdout : stderr, "%sPOST %s%s %.*s%s\n", a->dry_run ? "" : "sceneprobe: ", url,
	        attempt > 1 ? " (again)" : "", CLI_MAX_SHOWN_BODY, body,
	        len > CLI_MAX_SHOWN_BODY ? "..." : "");
}

static void farm_options(sp_farm_options *fo, const cli_farm_args *a, const sp_buf *id, const sp_buf *key,
                         const sp_buf *url, const sp_buf *plat)
{
	fo->api_url = url->size ? url->ptr : NULL;
	fo->access_id = id->ptr;
	fo->access_key = key->ptr;
	fo->platform = plat->size ? plat->ptr : NULL;
	fo->timeout_ms = a->timeout_s * 1000;
	fo->connect_timeout_ms = a->connect_timeout_s * 1000;
	fo->max_attempts = a->retries;
	fo->retry_delay_ms = a->retry_delay_ms;
	fo->insecure = a->insecure;
	fo->language = a->english;
	fo->dry_run = a->dry_run;
	fo->on_request = show_request;
	fo->request_payload = (void *)(uintptr_t)a;
	if (a->dry_run && (!id->size || !key->size)) {
		/* A dry run sends nothing, so it may run without credentials. */
		fo->access_id = "<access id>";
		fo->access_key = "<none>";
	}
}

int cli_farm_open(sp_ctx **ctx_out, sp_farm **farm_out, const cli_farm_args *a)
{
	sp_ctx_options co = SP_CTX_OPTIONS_INIT;
	sp_farm_options fo = SP_FARM_OPTIONS_INIT;
	sp_buf id = SP_BUF_INIT, key = SP_BUF_INIT, url = SP_BUF_INIT, plat = SP_BUF_INIT;
	int status = EXIT_DONE;
	*farm_out = NULL;
	co.log = log_line;
	co.log_payload = (void *)(uintptr_t)a;
	if (sp_ctx_new(ctx_out, &co) < 0) {
		cli_error("out of memory");
		return EXIT_OUTPUT;
	}
	/* Flags first: sp_farm_load_credentials fills only what is still empty. */
	if ((a->access_id && sp_buf_puts(&id, a->access_id) < 0) ||
	    (a->access_key && sp_buf_puts(&key, a->access_key) < 0) ||
	    (a->api_url && sp_buf_puts(&url, a->api_url) < 0) ||
	    (a->platform && sp_buf_puts(&plat, a->platform) < 0) ||
	    sp_farm_load_credentials(&id, &key, &url, &plat, *ctx_out, a->config) < 0 ||
	    sp_net_init(*ctx_out) < 0) {
		cli_error("%s", sp_ctx_last_error(*ctx_out));
		status = EXIT_USAGE;
		goto done;
	}
	farm_options(&fo, a, &id, &key, &url, &plat);
	if (sp_farm_new(farm_out, *ctx_out, &fo) < 0) {
		cli_error("%s", sp_ctx_last_error(*ctx_out));
		sp_net_shutdown();
		status = EXIT_USAGE;
	}
done:
	sp_buf_dispose(&id);
	if (key.ptr)
		memset(key.ptr, 0, key.size);
	sp_buf_dispose(&key);
	sp_buf_dispose(&url);
	sp_buf_dispose(&plat);
	return status;
}

void cli_farm_close(sp_ctx *ctx, sp_farm *farm)
{
	if (farm) {
		sp_farm_free(farm);
		sp_net_shutdown();
	}
	sp_ctx_free(ctx);
}

int cli_farm_fail(sp_ctx *ctx, const sp_farm *farm, int error)
{
	int code = sp_farm_server_code(farm);
	cli_error("%s", sp_ctx_last_error(ctx));
	if (code != 0 && code != 200)
		return EXIT_REJECTED;
	switch (error) {
	case SP_ENET:
		return EXIT_NETWORK;
	case SP_EUSER:
		return EXIT_USAGE;
	case SP_ENOTFOUND:
	case SP_ECORRUPT:
	case SP_ETOOBIG:
		return EXIT_SCENE;
	case SP_EAUTH:
		return EXIT_REJECTED;
	default:
		return EXIT_OUTPUT;
	}
}

/* ---- submit ----------------------------------------------------------------------------- */

typedef struct {
	const char *dir;
	const char *labels[CLI_MAX_LABELS];
	size_t label_count;
	const char *producer, *transmitter, *engine;
	long level, interval_s, max_speed;
	int force, no_transfer, wait;
	cli_farm_args farm;
	int shotgrid; /* --shotgrid: the words after it are 'shotgrid register' options */
	int sg_argc;
	char **sg_argv;
} submit_args;

static void usage(FILE *out)
{
	fputs("usage: sceneprobe submit DIR [options]\n\n"
	      "Sends the analysed task folder DIR to the farm: asks the farm which codes in tips.json are\n"
	      "errors (and stops on them), creates the task (or reuses the task_id in task.json), writes\n"
	      "task_id, user_id and project_id into task.json, uploads the four task files, hands\n"
	      "upload.json to the vendor's transmitter for the assets, and submits.  What is done is\n"
	      "recorded in DIR/.sceneprobe-submit.json, so running it again after a failure carries on\n"
	      "where it stopped and never creates a second task; to send the folder as a new task, empty\n"
	      "task_info.task_id first.\n\n"
	      "  --label L            a task label (repeatable)\n"
	      "  --producer NAME      the producer shown on the farm\n"
	      "  --level 50|60        task priority level (default 50)\n"
	      "  --force              submit even when tips.json holds error codes\n"
	      "  --dry-run            print every request it would send (no secrets) and send none\n"
	      "  --no-transfer        skip the asset transfer (the assets reach the farm another way)\n"
	      "  --transmitter PATH   the vendor's rayvision_transmitter (default $RAYVISION_TRANSMITTER,\n"
	      "                       then PATH)\n"
	      "  --engine NAME        aspera or raysyncproxy (default: the farm's default engine)\n"
	      "  --max-speed KB       transfer speed limit in KB/s (default 1048576)\n"
	      "  --wait               follow the task until it ends; --interval S between polls (default "
	      "30)\n"
	      "  --shotgrid ...       then register the render as a ShotGrid Version: every word after it\n"
	      "                       is a 'sceneprobe shotgrid register' option (--project, --entity, "
	      "...)\n\n",
	      out);
	fputs(cli_farm_help, out);
	fputs(
	    "\nexit codes: 0 submitted; 1 error tips (use --force); 2 usage or no credentials; 3 DIR or a\n"
	    "task file missing or corrupt; 4 task.json could not be written; 5 the farm refused a request;\n"
	    "6 the farm could not be reached; 7 the asset transfer failed\n",
	    out);
}

static int submit_option(submit_args *a, int argc, char **argv, int *i)
{
	const char *o = argv[*i];
	if (strcmp(o, "--label") == 0) {
		if (a->label_count == CLI_MAX_LABELS) {
			cli_error("submit: at most %d labels", CLI_MAX_LABELS);
			return -1;
		}
		return string_option(&a->labels[a->label_count++], argc, argv, i);
	}
	if (strcmp(o, "--producer") == 0)
		return string_option(&a->producer, argc, argv, i);
	if (strcmp(o, "--transmitter") == 0)
		return string_option(&a->transmitter, argc, argv, i);
	if (strcmp(o, "--engine") == 0)
		return string_option(&a->engine, argc, argv, i);
	if (strcmp(o, "--level") == 0) {
		int rc = number_option(&a->level, argc, argv, i, 50, 60);
		if (rc == 1 && a->level != 50 && a->level != 60) {
			cli_error("--level expects 50 or 60");
			return -1;
		}
		return rc;
	}
	if (strcmp(o, "--interval") == 0)
		return number_option(&a->interval_s, argc, argv, i, 1, 3600);
	if (strcmp(o, "--max-speed") == 0)
		return number_option(&a->max_speed, argc, argv, i, 1, 1L << 30);
	if (strcmp(o, "--force") == 0)
		a->force = 1;
	else if (strcmp(o, "--dry-run") == 0)
		a->farm.dry_run = 1;
	else if (strcmp(o, "--no-transfer") == 0)
		a->no_transfer = 1;
	else if (strcmp(o, "--wait") == 0)
		a->wait = 1;
	else
		return cli_farm_option(&a->farm, argc, argv, i);
	return 1;
}

static int parse_args(submit_args *a, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		int rc;
		if (strcmp(argv[i], "--shotgrid") == 0) {
			a->shotgrid = 1;
			a->sg_argc = argc - i - 1;
			a->sg_argv = argv + i + 1;
			break;
		}
		if (cli_is_help(argv[i])) {
			usage(stdout);
			return EXIT_DONE;
		}
		if (argv[i][0] != '-' || argv[i][1] == '\0') {
			if (a->dir) {
				cli_error("submit: one DIR only (see 'sceneprobe submit --help')");
				return EXIT_USAGE;
			}
			a->dir = argv[i];
			continue;
		}
		rc = submit_option(a, argc, argv, &i);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc == 0) {
			cli_error("submit: unknown option '%s' (see 'sceneprobe submit --help')", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!a->dir) {
		cli_error("submit: expected DIR (see 'sceneprobe submit --help')");
		return EXIT_USAGE;
	}
	/* Bad ShotGrid options stop us before anything is sent. */
	if (a->shotgrid)
		return cli_shotgrid_register_after(a->dir, a->sg_argc, a->sg_argv, 0);
	return -1;
}

static void print_output(const char *line, void *payload)
{
	(void)payload;
	printf("%s\n", line);
	fflush(stdout);
}

static int exit_for(sp_ctx *ctx, const sp_farm *farm, const sp_submit_result *res, int error)
{
	/* Error tips are our refusal (the farm answered 200), not the farm's. */
	if (res->step == SP_SUBMIT_STEP_TIPS && error == SP_EUSER && sp_farm_server_code(farm) == 200) {
		cli_error("%s", sp_ctx_last_error(ctx));
		return EXIT_TIPS;
	}
	if (res->step == SP_SUBMIT_STEP_TRANSFER && (error == SP_EIO || error == SP_ENOTFOUND)) {
		cli_error("%s", sp_ctx_last_error(ctx));
		return EXIT_TRANSFER;
	}
	if (res->step == SP_SUBMIT_STEP_CREATE && error == SP_EIO) {
		cli_error("%s", sp_ctx_last_error(ctx));
		return EXIT_OUTPUT;
	}
	return cli_farm_fail(ctx, farm, error);
}

static void submit_options(sp_submit_options *so, const submit_args *a)
{
	so->labels = a->labels;
	so->label_count = a->label_count;
	so->producer = a->producer;
	so->level = (int)a->level;
	so->force = a->force;
	so->no_transfer = a->no_transfer;
	so->transmitter = a->transmitter;
	so->engine = a->engine;
	so->max_speed_kb = a->max_speed;
	so->on_output = print_output;
}

int cmd_submit(int argc, char **argv)
{
	submit_args a;
	sp_submit_options so = SP_SUBMIT_OPTIONS_INIT;
	sp_submit_result res;
	sp_ctx *ctx = NULL;
	sp_farm *farm = NULL;
	int status, error;

	memset(&a, 0, sizeof(a));
	status = parse_args(&a, argc, argv);
	if (status >= 0)
		return status;
	status = cli_farm_open(&ctx, &farm, &a.farm);
	if (status != EXIT_DONE)
		goto done;
	submit_options(&so, &a);
	error = sp_submit_run(&res, farm, a.dir, &so);
	if (error < 0) {
		status = exit_for(ctx, farm, &res, error);
		if (res.created && res.step == SP_SUBMIT_STEP_CREATE && status == EXIT_OUTPUT)
			cli_error("task %lld was created but task.json could not record it: put \"task_id\": "
			          "\"%lld\" into its task_info before running submit again, or a second task "
			          "is made",
			          (long long)res.task_id, (long long)res.task_id);
		else if (res.task_id > 0)
			cli_error(
			    "task %lld is not submitted yet; run 'sceneprobe submit %s' again to carry on",
			    (long long)res.task_id, a.dir);
		goto done;
	}
	if (a.farm.dry_run) {
		printf("dry run: nothing was sent\n");
	} else {
		printf("%s task %lld%s%s%s\n", res.already_submitted ? "already submitted:" : "submitted",
		       (long long)res.task_id, res.alias[0] ? " (alias " : "", res.alias,
		       res.alias[0] ? ")" : "");
		fflush(stdout);
	}
	if (a.shotgrid && !a.farm.dry_run) {
		status = cli_shotgrid_register_after(a.dir, a.sg_argc, a.sg_argv, 1);
		if (status != EXIT_DONE)
			cli_error("task %lld is submitted; run 'sceneprobe shotgrid register %s ...' to "
			          "register it",
			          (long long)res.task_id, a.dir);
	}
	if (a.wait && !a.farm.dry_run && status == EXIT_DONE)
		status = cli_watch(ctx, farm, &res.task_id, 1, a.interval_s > 0 ? a.interval_s : 30);
done:
	cli_farm_close(ctx, farm);
	return status;
}
