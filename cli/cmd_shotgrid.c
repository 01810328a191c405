/*
 * sceneprobe shotgrid register | publish: a render as a ShotGrid Version, and
 * its frames and media back to it.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *url, *script_name, *script_key, *config, *sudo;
	long timeout_s, connect_timeout_s, retry_delay_ms, retries;
	int insecure, verbose;
} sg_conn;

typedef struct {
	const char *dir;
	sg_conn conn;
	sp_sg_register_options reg;
	sp_sg_publish_options pub;
} sg_args;

static const char conn_help[] =
    "connection:\n"
    "  --url URL            the site (default $SHOTGRID_URL, then the config file)\n"
    "  --script-name NAME   the Script entity (default $SHOTGRID_SCRIPT_NAME, then the config file)\n"
    "  --script-key KEY     its application key (default $SHOTGRID_SCRIPT_KEY, then the config file);\n"
    "                       prefer those: other users can see a command line\n"
    "  --config FILE        default ~/.config/sceneprobe/shotgrid with lines url = ..., script_name =\n"
    "                       ... and script_key = ..., readable only by you\n"
    "  --sudo-as LOGIN      act for this artist (the script needs the sudo permission)\n"
    "  --timeout S          seconds for one call (default 60; uploads get ten times this);\n"
    "                       --connect-timeout S (default 15)\n"
    "  --retries N          attempts after HTTP 502/504, and lost answers of reads (default 3)\n"
    "  --retry-delay MS     pause times the attempt number (default 750)\n"
    "  --insecure           do not check the site's TLS certificate\n"
    "  -v, --verbose        print each call (never the key)\n";

static void usage(FILE *out)
{
	fputs("usage: sceneprobe shotgrid register DIR --project NAME --entity TYPE:CODE [options]\n"
	      "       sceneprobe shotgrid publish DIR [--movie FILE] [--thumbnail FILE] [options]\n\n"
	      "register finds the project, the entity (Shot:sh010, Asset:hero) and the task, then finds or\n"
	      "creates the Version of the analysed task folder DIR (a re-run updates the same Version) with\n"
	      "the path to the frames, the frame range and a description, and records its id in task.json\n"
	      "(additional_info.shotgrid_version_id).\n"
	      "  --task NAME          link the Task of that name on the entity\n"
	      "  --code NAME          the Version's name (default: the scene's name)\n"
	      "  --status CODE        sg_status_list (checked against the site; default rev on creation)\n"
	      "  --user LOGIN         the artist (HumanUser login) in the Version's user field\n"
	      "  --frames-path P      sg_path_to_frames (default: from the analysed outputs)\n\n"
	      "publish updates that Version when the frames are back and uploads media:\n"
	      "  --movie FILE         to sg_uploaded_movie (the site transcodes it; sets sg_path_to_movie);\n"
	      "                       the same file is not sent again while the Version holds it\n"
	      "  --force-upload       send the movie even so\n"
	      "  --thumbnail FILE     the Version's thumbnail\n"
	      "  --frames-path P, --status CODE   as for register\n"
	      "  --wait-thumbnail S   wait up to S seconds until the site has processed the thumbnail\n"
	      "  --poll-interval MS   between those checks (default 2000)\n\n",
	      out);
	fputs(conn_help, out);
	fputs(
	    "\nexit codes: 0 done; 2 usage, a refused status code or no credentials; 3 DIR, task.json or a\n"
	    "ShotGrid record missing; 4 task.json could not be written; 5 ShotGrid refused a request; 6 the\n"
	    "site could not be reached\n",
	    out);
}

static const char *value_of(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		cli_error("%s expects a value", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

static int str_opt(const char **dst, int argc, char **argv, int *i)
{
	*dst = value_of(argc, argv, i);
	return *dst ? 1 : -1;
}

static int num_opt(long *dst, int argc, char **argv, int *i, int64_t max)
{
	const char *opt = argv[*i], *v = value_of(argc, argv, i);
	int64_t n = 0;
	if (!v || cli_parse_count(v, max, &n) < 0 || n < 1) {
		if (v)
			cli_error("%s expects a whole number from 1 to %lld", opt, (long long)max);
		return -1;
	}
	*dst = (long)n;
	return 1;
}

static int conn_option(sg_conn *c, int argc, char **argv, int *i)
{
	const char *o = argv[*i];
	if (strcmp(o, "--url") == 0)
		return str_opt(&c->url, argc, argv, i);
	if (strcmp(o, "--script-name") == 0)
		return str_opt(&c->script_name, argc, argv, i);
	if (strcmp(o, "--script-key") == 0)
		return str_opt(&c->script_key, argc, argv, i);
	if (strcmp(o, "--config") == 0)
		return str_opt(&c->config, argc, argv, i);
	if (strcmp(o, "--sudo-as") == 0)
		return str_opt(&c->sudo, argc, argv, i);
	if (strcmp(o, "--timeout") == 0)
		return num_opt(&c->timeout_s, argc, argv, i, 86400);
	if (strcmp(o, "--connect-timeout") == 0)
		return num_opt(&c->connect_timeout_s, argc, argv, i, 3600);
	if (strcmp(o, "--retries") == 0)
		return num_opt(&c->retries, argc, argv, i, 10);
	if (strcmp(o, "--retry-delay") == 0)
		return num_opt(&c->retry_delay_ms, argc, argv, i, 600000);
	if (strcmp(o, "--insecure") == 0)
		c->insecure = 1;
	else if (strcmp(o, "-v") == 0 || strcmp(o, "--verbose") == 0)
		c->verbose = 1;
	else
		return 0;
	return 1;
}

static int register_option(sp_sg_register_options *r, int argc, char **argv, int *i)
{
	const char *o = argv[*i];
	if (strcmp(o, "--project") == 0)
		return str_opt(&r->project, argc, argv, i);
	if (strcmp(o, "--entity") == 0)
		return str_opt(&r->entity, argc, argv, i);
	if (strcmp(o, "--task") == 0)
		return str_opt(&r->task, argc, argv, i);
	if (strcmp(o, "--code") == 0)
		return str_opt(&r->code, argc, argv, i);
	if (strcmp(o, "--user") == 0)
		return str_opt(&r->user, argc, argv, i);
	return 0;
}

static int publish_option(sp_sg_publish_options *p, int argc, char **argv, int *i)
{
	const char *o = argv[*i];
	if (strcmp(o, "--movie") == 0)
		return str_opt(&p->movie, argc, argv, i);
	if (strcmp(o, "--thumbnail") == 0)
		return str_opt(&p->thumbnail, argc, argv, i);
	if (strcmp(o, "--wait-thumbnail") == 0)
		return num_opt(&p->wait_thumbnail_s, argc, argv, i, 86400);
	if (strcmp(o, "--poll-interval") == 0)
		return num_opt(&p->poll_interval_ms, argc, argv, i, 600000);
	if (strcmp(o, "--force-upload") == 0) {
		p->force_upload = 1;
		return 1;
	}
	return 0;
}

/* --frames-path and --status belong to both steps. */
static int shared_option(sg_args *a, int argc, char **argv, int *i)
{
	int rc = 0;
	if (strcmp(argv[*i], "--frames-path") == 0)
		rc = str_opt(&a->reg.frames_path, argc, argv, i);
	else if (strcmp(argv[*i], "--status") == 0)
		rc = str_opt(&a->reg.status, argc, argv, i);
	a->pub.frames_path = a->reg.frames_path;
	a->pub.status = a->reg.status;
	return rc;
}

static int parse_args(sg_args *a, int publish, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		int rc;
		if (cli_is_help(argv[i])) {
			usage(stdout);
			return EXIT_DONE;
		}
		if (argv[i][0] != '-' || argv[i][1] == '\0') {
			if (a->dir) {
				cli_error("shotgrid: one DIR only (see 'sceneprobe shotgrid --help')");
				return EXIT_USAGE;
			}
			a->dir = argv[i];
			continue;
		}
		rc = shared_option(a, argc, argv, &i);
		if (rc == 0)
			rc = publish ? publish_option(&a->pub, argc, argv, &i)
			             : register_option(&a->reg, argc, argv, &i);
		if (rc == 0)
			rc = conn_option(&a->conn, argc, argv, &i);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc == 0) {
			cli_error("shotgrid %s: unknown option '%s' (see 'sceneprobe shotgrid --help')",
			          publish ? "publish" : "register", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!a->dir) {
		cli_error("shotgrid: expected DIR (see 'sceneprobe shotgrid --help')");
		return EXIT_USAGE;
	}
	if (!publish && (!a->reg.project || !a->reg.entity)) {
		cli_error("shotgrid register: --project and --entity are required");
		return EXIT_USAGE;
	}
	return -1;
}

/* ---- connection ---------------------------------------------------------------------------- */

static void log_line(sp_log_level level, const char *msg, void *payload)
{
	const sg_conn *c = payload;
	if (level == SP_LOG_WARN)
		fprintf(stderr, "sceneprobe: warning: %s\n", msg);
	else if (c->verbose)
		fprintf(stderr, "sceneprobe: %s\n", msg);
}

static void show_call(const char *what, const char *url, int attempt, void *payload)
{
	const sg_conn *c = payload;
	if (c->verbose)
		fprintf(stderr, "sceneprobe: %s %s%s\n", what, url, attempt > 1 ? " (again)" : "");
}

static int sg_open(sp_ctx **ctx_out, sp_sg **sg_out, const sg_conn *c)
{
	sp_ctx_options co = SP_CTX_OPTIONS_INIT;
	sp_sg_options so = SP_SG_OPTIONS_INIT;
	sp_buf url = SP_BUF_INIT, name = SP_BUF_INIT, key = SP_BUF_INIT;
	int status = EXIT_DONE;
	*sg_out = NULL;
	co.log = log_line;
	co.log_payload = (void *)(uintptr_t)c;
	if (sp_ctx_new(ctx_out, &co) < 0) {
		cli_error("out of memory");
		return EXIT_OUTPUT;
	}
	if ((c->url && sp_buf_puts(&url, c->url) < 0) ||
	    (c->script_name && sp_buf_puts(&name, c->script_name) < 0) ||
	    (c->script_key && sp_buf_puts(&key, c->script_key) < 0) ||
	    sp_sg_load_credentials(&url, &name, &key, *ctx_out, c->config) < 0 || sp_net_init(*ctx_out) < 0) {
		cli_error("%s", sp_ctx_last_error(*ctx_out));
		status = EXIT_USAGE;
		goto done;
	}
	so.site_url = url.ptr;
	so.script_name = name.ptr;
	so.script_key = key.ptr;
	so.sudo_as_login = c->sudo;
	so.timeout_ms = c->timeout_s * 1000;
	so.connect_timeout_ms = c->connect_timeout_s * 1000;
	so.max_attempts = (int)c->retries;
	so.retry_delay_ms = c->retry_delay_ms;
	so.insecure = c->insecure;
	so.on_request = show_call;
	so.request_payload = (void *)(uintptr_t)c;
	if (sp_sg_new(sg_out, *ctx_out, &so) < 0) {
		cli_error("%s", sp_ctx_last_error(*ctx_out));
		sp_net_shutdown();
		status = EXIT_USAGE;
	}
done:
	sp_buf_dispose(&url);
	sp_buf_dispose(&name);
	if (key.ptr)
		memset(key.ptr, 0, key.size);
	sp_buf_dispose(&key);
	return status;
}

static void sg_close(sp_ctx *ctx, sp_sg *sg)
{
	if (sg) {
		sp_sg_free(sg);
		sp_net_shutdown();
	}
	sp_ctx_free(ctx);
}

static int sg_fail(sp_ctx *ctx, const sp_sg *sg, int error)
{
	cli_error("%s", sp_ctx_last_error(ctx));
	if (sp_sg_error_code(sg) != 0 || error == SP_EAUTH)
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
	default:
		return EXIT_OUTPUT;
	}
}

/* ---- the steps ------------------------------------------------------------------------------- */

static int run_register(sp_ctx *ctx, sp_sg *sg, const char *dir, const sp_sg_register_options *o)
{
	sp_sg_register_result res;
	int error = sp_sg_register(&res, sg, dir, o);
	if (error < 0)
		return sg_fail(ctx, sg, error);
	printf("%s Version %lld \"%s\"%s%s%s\n", res.created ? "created" : "updated",
	       (long long)res.version_id, res.code, res.frame_range[0] ? " (frames " : "", res.frame_range,
	       res.frame_range[0] ? ")" : "");
	return EXIT_DONE;
}

static int run_publish(sp_ctx *ctx, sp_sg *sg, const char *dir, const sp_sg_publish_options *o)
{
	sp_sg_publish_result res;
	int error = sp_sg_publish(&res, sg, dir, o);
	if (error < 0)
		return sg_fail(ctx, sg, error);
	printf("published to Version %lld", (long long)res.version_id);
	if (res.movie_attachment_id)
		printf(", movie attachment %lld%s", (long long)res.movie_attachment_id,
		       res.movie_unchanged ? " (unchanged, not sent again)" : "");
	if ((o->movie && !res.movie_unchanged) || o->thumbnail)
		printf(" (%s)", res.direct_storage ? "direct storage" : "form upload");
	if (o->wait_thumbnail_s > 0)
		printf(", thumbnail %s", res.thumbnail_ready ? "ready" : "still processing");
	printf("\n");
	return EXIT_DONE;
}

int cmd_shotgrid(int argc, char **argv)
{
	sg_args a;
	sp_ctx *ctx = NULL;
	sp_sg *sg = NULL;
	int status, publish;
	sp_sg_register_options ro = SP_SG_REGISTER_OPTIONS_INIT;
	sp_sg_publish_options po = SP_SG_PUBLISH_OPTIONS_INIT;

	if (argc < 2 || cli_is_help(argv[1])) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_DONE;
	}
	if (strcmp(argv[1], "register") != 0 && strcmp(argv[1], "publish") != 0) {
		cli_error("shotgrid: unknown step '%s': register or publish", argv[1]);
		return EXIT_USAGE;
	}
	publish = strcmp(argv[1], "publish") == 0;
	memset(&a, 0, sizeof(a));
	a.reg = ro;
	a.pub = po;
	status = parse_args(&a, publish, argc - 1, argv + 1);
	if (status >= 0)
		return status;
	status = sg_open(&ctx, &sg, &a.conn);
	if (status == EXIT_DONE)
		status = publish ? run_publish(ctx, sg, a.dir, &a.pub) : run_register(ctx, sg, a.dir, &a.reg);
	sg_close(ctx, sg);
	return status;
}

/* ---- after submit ------------------------------------------------------------------------------ */

/*
 * Parse `argv` (the words after --shotgrid) as register options for `dir`;
 * with `run` also register.  -1 when the options are fine and nothing ran,
 * else an exit code.
 */
int cli_shotgrid_register_after(const char *dir, int argc, char **argv, int run)
{
	sg_args a;
	sp_ctx *ctx = NULL;
	sp_sg *sg = NULL;
	sp_sg_register_options ro = SP_SG_REGISTER_OPTIONS_INIT;
	sp_sg_publish_options po = SP_SG_PUBLISH_OPTIONS_INIT;
	int status;
	/* parse_args skips argv[0] and takes DIR as a word. */
	char **words = calloc((size_t)argc + 3, sizeof(*words));
	if (!words) {
		cli_error("out of memory");
		return EXIT_OUTPUT;
	}
	words[0] = "register";
	words[1] = (char *)(uintptr_t)dir;
	for (int i = 0; i < argc; i++)
		words[i + 2] = argv[i];
	memset(&a, 0, sizeof(a));
	a.reg = ro;
	a.pub = po;
	status = parse_args(&a, 0, argc + 2, words);
	free(words);
	if (status >= 0 || !run)
		return status;
	status = sg_open(&ctx, &sg, &a.conn);
	if (status == EXIT_DONE)
		status = run_register(ctx, sg, a.dir, &a.reg);
	sg_close(ctx, sg);
	return status;
}
