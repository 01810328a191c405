/* sceneprobe download: fetch the output of finished (sub-)tasks through the vendor's transmitter. */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#define CLI_MAX_TASKS 100

typedef struct {
	int64_t ids[CLI_MAX_TASKS];
	size_t count;
	const char *out_dir, *transmitter, *engine;
	int64_t max_speed, interval_s;
	int wait;
	cli_farm_args farm;
} download_args;

static void usage(FILE *out)
{
	fputs(
	    "usage: sceneprobe download TASK_ID... [-o DIR] [--wait [--interval S]] [options]\n\n"
	    "Fetches the output of each finished task (each sub-task of a layered task) into DIR (default\n"
	    "the current folder) through the vendor's transmitter.  With --wait it fetches the frames\n"
	    "done so far every S seconds (default 30) until every task has ended, then fetches the rest.\n\n"
	    "  -o, --output DIR     where the output goes (created)\n"
	    "  --transmitter PATH   the vendor's rayvision_transmitter (default $RAYVISION_TRANSMITTER,\n"
	    "                       then PATH)\n"
	    "  --engine NAME        aspera or raysyncproxy (default: the farm's default engine)\n"
	    "  --max-speed KB       transfer speed limit in KB/s (default 1048576)\n"
	    "  --dry-run            print the requests and the transmitter command, send nothing\n\n",
	    out);
	fputs(cli_farm_help, out);
	fputs("\nexit codes: 0 done; 2 usage or no credentials; 5 the farm refused a request; 6 the farm\n"
	      "could not be reached; 7 the transmitter is missing or failed\n",
	      out);
}

/* 1 when argv[*i] is a download option (value consumed), 0 if not, -1 on a bad value. */
static int download_option(download_args *a, int argc, char **argv, int *i)
{
	const char *o = argv[*i];
	const char **dst = NULL;
	int64_t *num = NULL, max = 0;
	if (strcmp(o, "-o") == 0 || strcmp(o, "--output") == 0)
		dst = &a->out_dir;
	else if (strcmp(o, "--transmitter") == 0)
		dst = &a->transmitter;
	else if (strcmp(o, "--engine") == 0)
		dst = &a->engine;
	else if (strcmp(o, "--max-speed") == 0)
		num = &a->max_speed, max = INT64_C(1) << 30;
	else if (strcmp(o, "--interval") == 0)
		num = &a->interval_s, max = 3600;
	else if (strcmp(o, "--wait") == 0)
		return a->wait = 1;
	else if (strcmp(o, "--dry-run") == 0)
		return a->farm.dry_run = 1;
	else
		return cli_farm_option(&a->farm, argc, argv, i);
	if (*i + 1 >= argc) {
		cli_error("%s expects a value", o);
		return -1;
	}
	(*i)++;
	if (dst) {
		*dst = argv[*i];
		return 1;
	}
	if (cli_parse_count(argv[*i], max, num) < 0 || *num < 1) {
		cli_error("%s expects a whole number from 1 to %lld", o, (long long)max);
		return -1;
	}
	return 1;
}

static int parse_args(download_args *a, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		int rc;
		if (cli_is_help(argv[i])) {
			usage(stdout);
			return EXIT_DONE;
		}
		if (argv[i][0] != '-') {
			rc = cli_task_ids(a->ids, &a->count, argv[i]);
			if (rc != EXIT_DONE)
				return rc;
			continue;
		}
		rc = download_option(a, argc, argv, &i);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc == 0) {
			cli_error("download: unknown option '%s' (see 'sceneprobe download --help')",
			          argv[i]);
			return EXIT_USAGE;
		}
	}
	if (a->count == 0) {
		cli_error("download: expected at least one TASK_ID (see 'sceneprobe download --help')");
		return EXIT_USAGE;
	}
	return -1;
}

static void print_line(const char *line, void *payload)
{
	(void)payload;
	printf("%s\n", line);
	fflush(stdout);
}

static int download_once(sp_ctx *ctx, sp_farm *farm, const download_args *a, int only_finished,
                         sp_download_result *res)
{
	sp_download_options o = SP_DOWNLOAD_OPTIONS_INIT;
	int error;
	o.local_dir = a->out_dir ? a->out_dir : ".";
	o.transmitter = a->transmitter;
	o.engine = a->engine;
	o.max_speed_kb = (long)a->max_speed;
	o.only_finished = only_finished;
	o.on_output = print_line;
	error = sp_download_run(res, farm, a->ids, a->count, &o);
	if (error == 0)
		return EXIT_DONE;
	if (sp_farm_server_code(farm) == 200 && (error == SP_EIO || error == SP_ENOTFOUND)) {
		cli_error("%s", sp_ctx_last_error(ctx));
		return EXIT_TRANSFER;
	}
	return cli_farm_fail(ctx, farm, error);
}

int cmd_download(int argc, char **argv)
{
	download_args a;
	sp_download_result res;
	sp_ctx *ctx = NULL;
	sp_farm *farm = NULL;
	int status;
	memset(&a, 0, sizeof(a));
	status = parse_args(&a, argc, argv);
	if (status >= 0)
		return status;
	status = cli_farm_open(&ctx, &farm, &a.farm);
	if (status != EXIT_DONE)
		goto done;
	for (;;) {
		status = download_once(ctx, farm, &a, !a.wait, &res);
		if (status != EXIT_DONE || !a.wait || a.farm.dry_run || res.unfinished == 0)
			break;
		cli_sleep_s(a.interval_s > 0 ? (long)a.interval_s : 30);
	}
	if (status == EXIT_DONE && !a.farm.dry_run) {
		printf("downloaded %zu output folder%s\n", res.downloaded, res.downloaded == 1 ? "" : "s");
		if (res.unfinished > 0)
			cli_error(
			    "%zu (sub-)task%s not finished yet; run download again later, or use --wait",
			    res.unfinished, res.unfinished == 1 ? " has" : "s have");
	}
done:
	cli_farm_close(ctx, farm);
	return status;
}
