/* sceneprobe analyze: read a scene, analyse it, write the task files, print a summary. */
#include "cmd.h"
#include "dispatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	const char *scene;
	const char *out_dir;
	const char *workspace;
	const char *software_version;
	const char *project_name;
	const char *project_dir;
	const char *platform;
	const char *os_name;
	int strict, json, quiet, verbose;
} analyze_opts;

static const char usage_text[] =
    "usage: sceneprobe analyze SCENE [-o DIR | -w WORKSPACE] [--software-version V]\n"
    "                          [--project-name N] [--project-dir DIR] [--plugin NAME=VERSION]...\n"
    "                          [--platform ID] [--os windows|linux] [--map FROM=TO]...\n"
    "                          [--env NAME=VALUE]... [--strict] [--json] [-q] [-v]\n\n"
    "Reads SCENE (Maya .ma/.mb, Houdini .hip/.hipnc/.hiplc, Clarisse .project; the kind is found\n"
    "from the file's first bytes), finds the render layers, ROPs or images, their frames and cameras,\n"
    "and every file the render needs, and writes task.json, upload.json, asset.json and tips.json.\n\n"
    "  -o DIR                  write the task files into DIR (created if needed)\n"
    "  -w WORKSPACE            write into WORKSPACE/<unix time>-<pid>/ (default $SCENEPROBE_WORKSPACE,\n"
    "                          else ~/renderfarm_sdk)\n"
    "  --software-version V    the application version to render with (tip 15013 when the scene differs)\n"
    "  --project-name N        the farm project label\n"
    "  --project-dir DIR       the Maya project (default: nearest workspace.mel above the scene)\n"
    "  --plugin NAME=VERSION   set or override a plug-in version (repeatable)\n"
    "  --platform ID           farm platform id (default 2)\n"
    "  --os windows|linux      render operating system (default windows)\n"
    "  --map FROM=TO           rewrite scene paths starting with FROM before any file check (repeatable)\n"
    "  --env NAME=VALUE        value for $NAME / ${NAME} / %NAME% in scene paths (repeatable)\n"
    "  --strict                exit 1 on any tip, not only on errors\n"
    "  --json                  print the summary as one JSON document\n"
    "  -q, --quiet             print nothing but errors\n"
    "  -v, --verbose           print what the readers do on stderr\n\n"
    "exit codes: 0 done; 1 done with error tips; 2 usage; 3 scene missing, unreadable, corrupt or\n"
    "unsupported; 4 task files could not be written\n";

/* "--name=value" or "--name value": the value, advancing *i; NULL when absent. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		cli_error("%s needs a value", name);
		return "";
	}
	return argv[++*i];
}

static int split_pair(const char *arg, const char *what, char **name, const char **value)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg) {
		cli_error("%s expects NAME=VALUE, got '%s'", what, arg);
		return -1;
	}
	*name = strndup(arg, (size_t)(eq - arg));
	*value = eq + 1;
	return *name ? 0 : -1;
}

static int add_pair(sp_ctx *ctx, sp_scene *scene, const char *opt, const char *arg)
{
	char *name = NULL;
	const char *value;
	int error;
	if (split_pair(arg, opt, &name, &value) < 0)
		return -1;
	if (strcmp(opt, "--env") == 0)
		error = sp_ctx_set_env(ctx, name, value);
	else if (strcmp(opt, "--map") == 0)
		error = sp_ctx_add_path_map(ctx, name, value);
	else
		error = sp_scene_add_plugin(scene, name, value, 1);
	free(name);
	if (error < 0)
		cli_error("%s", sp_ctx_last_error(ctx));
	return error < 0 ? -1 : 0;
}

static int is_flag(const char *arg, const char *s, const char *l)
{
	return (s && strcmp(arg, s) == 0) || strcmp(arg, l) == 0;
}

/* First pass: everything but the repeatable pairs, which need the scene. */
static int parse_options(analyze_opts *o, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (cli_is_help(a))
			return 1;
		if (is_flag(a, NULL, "--strict"))
			o->strict = 1;
		else if (is_flag(a, NULL, "--json"))
			o->json = 1;
		else if (is_flag(a, "-q", "--quiet"))
			o->quiet = 1;
		else if (is_flag(a, "-v", "--verbose"))
			o->verbose = 1;
		else if (strcmp(a, "-o") == 0 || strcmp(a, "-w") == 0) {
			if (++i >= argc) {
				cli_error("%s needs a folder", a);
				return -1;
			}
			*(a[1] == 'o' ? &o->out_dir : &o->workspace) = argv[i];
		} else if ((v = option_value(argc, argv, &i, "--out")))
			o->out_dir = v;
		else if ((v = option_value(argc, argv, &i, "--software-version")))
			o->software_version = v;
		else if ((v = option_value(argc, argv, &i, "--project-name")))
			o->project_name = v;
		else if ((v = option_value(argc, argv, &i, "--project-dir")))
			o->project_dir = v;
		else if ((v = option_value(argc, argv, &i, "--platform")))
			o->platform = v;
		else if ((v = option_value(argc, argv, &i, "--os")))
			o->os_name = v;
		else if ((v = option_value(argc, argv, &i, "--plugin")) ||
		         (v = option_value(argc, argv, &i, "--map")) ||
		         (v = option_value(argc, argv, &i, "--env"))) {
			const char *eq = strchr(v, '=');
			if (!eq || eq == v) {
				cli_error("%s expects NAME=VALUE, got '%s'", a, v);
				return -1;
			}
		} else if (a[0] == '-' && a[1] != '\0') {
			cli_error("unknown option '%s'", a);
			return -1;
		} else if (o->scene) {
			cli_error("only one scene at a time ('%s' and '%s')", o->scene, a);
			return -1;
		} else
			o->scene = a;
	}
	if (!o->scene) {
		cli_error("analyze needs a scene file");
		return -1;
	}
	if (o->out_dir && o->workspace) {
		cli_error("-o and -w cannot be used together");
		return -1;
	}
	if (o->os_name && strcmp(o->os_name, "windows") != 0 && strcmp(o->os_name, "linux") != 0) {
		cli_error("--os must be windows or linux, not '%s'", o->os_name);
		return -1;
	}
	return 0;
}

/* Second pass: the repeatable NAME=VALUE options, in command-line order. */
static int apply_pairs(sp_ctx *ctx, sp_scene *scene, int argc, char **argv, int plugins)
{
	static const char *const opts[] = {"--plugin", "--map", "--env"};
	for (int i = 1; i < argc; i++) {
		for (size_t k = 0; k < 3; k++) {
			int j = i;
			const char *v = option_value(argc, argv, &j, opts[k]);
			if (!v)
				continue;
			if ((k == 0) == (plugins != 0) && add_pair(ctx, scene, opts[k], v) < 0)
				return -1;
			i = j;
			break;
		}
	}
	return 0;
}

static void log_to_stderr(sp_log_level level, const char *msg, void *payload)
{
	(void)payload;
	fprintf(stderr, "sceneprobe: %s%s\n", level == SP_LOG_WARN ? "warning: " : "", msg);
}

/* The reader for the scene, from its first bytes; prints why and returns NULL when there is none. */
static const sp__reader *sniff_scene(const char *path)
{
	const sp__reader *reader = NULL;
	sp_ctx *ctx = NULL;
	if (sp_ctx_new(&ctx, NULL) < 0) {
		cli_error("out of memory");
		return NULL;
	}
	if (sp__reader_for_file(&reader, ctx, path) < 0)
		cli_error("%s", sp_ctx_last_error(ctx));
	sp_ctx_free(ctx);
	return reader;
}

static int choose_out_dir(const analyze_opts *o, char *out, size_t size)
{
	const char *ws = o->workspace ? o->workspace : getenv("SCENEPROBE_WORKSPACE");
	const char *home = getenv("HOME");
	if (o->out_dir) {
		snprintf(out, size, "%s", o->out_dir);
		return 0;
	}
	if (!ws || !*ws) {
		if (!home || !*home) {
			cli_error("no output folder: use -o DIR or -w WORKSPACE (HOME is not set)");
			return -1;
		}
		snprintf(out, size, "%s/renderfarm_sdk/%lld-%ld", home, (long long)time(NULL),
		         (long)getpid());
		return 0;
	}
	snprintf(out, size, "%s/%lld-%ld", ws, (long long)time(NULL), (long)getpid());
	return 0;
}

static int set_task_options(sp_scene *scene, const analyze_opts *o)
{
	int error = 0;
	if (o->platform)
		error = sp_scene_set_task_value(scene, "platform", o->platform);
	if (error == 0 && o->os_name)
		error =
		    sp_scene_set_task_value(scene, "os_name", strcmp(o->os_name, "linux") == 0 ? "0" : "1");
	if (error == 0 && o->project_name)
		error = sp_scene_set_task_value(scene, "project_name", o->project_name);
	if (error == 0 && o->software_version)
		error = sp_scene_request_version(scene, o->software_version);
	return error;
}

static int run(const analyze_opts *o, const sp__reader *reader, int argc, char **argv)
{
	sp_ctx_options co = SP_CTX_OPTIONS_INIT;
	sp_ctx *ctx = NULL;
	sp_scene *scene = NULL;
	sp_buf json = SP_BUF_INIT;
	sp__reader_options ro = {o->project_dir};
	char dir[4096];
	int code = EXIT_SCENE;

	if (o->verbose)
		co.log = log_to_stderr;
	if (sp_ctx_new(&ctx, &co) < 0) {
		cli_error("out of memory");
		return EXIT_SCENE;
	}
	if (sp_scene_new(&scene, ctx, reader->app, o->scene) < 0 || set_task_options(scene, o) < 0) {
		cli_error("%s", sp_ctx_last_error(ctx));
		goto done;
	}
	if (apply_pairs(ctx, scene, argc, argv, 0) < 0) {
		code = EXIT_USAGE;
		goto done;
	}
	if (reader->read(scene, &ro) < 0 || apply_pairs(ctx, scene, argc, argv, 1) < 0 ||
	    sp_scene_analyze(scene) < 0) {
		cli_error("%s", sp_ctx_last_error(ctx));
		goto done;
	}
	code = EXIT_OUTPUT;
	if (choose_out_dir(o, dir, sizeof(dir)) < 0 || sp_write_task_dir(scene, dir) < 0) {
		cli_error("%s", sp_ctx_last_error(ctx));
		goto done;
	}
	if (o->json) {
		if (sp_write_summary_json(&json, scene, dir) < 0) {
			cli_error("%s", sp_ctx_last_error(ctx));
			goto done;
		}
		fputs(json.ptr, stdout);
	} else if (!o->quiet) {
		print_summary(scene, dir);
	}
	code = sp_scene_error_tip_count(scene) > 0 || (o->strict && sp_scene_tip_count(scene) > 0)
	           ? EXIT_TIPS
	           : EXIT_DONE;
done:
	sp_buf_dispose(&json);
	sp_scene_free(scene);
	sp_ctx_free(ctx);
	return code;
}

int cmd_analyze(int argc, char **argv)
{
	analyze_opts o;
	const sp__reader *reader;
	int rc;
	memset(&o, 0, sizeof(o));
	rc = parse_options(&o, argc, argv);
	if (rc == 1) {
		fputs(usage_text, stdout);
		return EXIT_DONE;
	}
	if (rc < 0) {
		fputs("(see 'sceneprobe analyze --help')\n", stderr);
		return EXIT_USAGE;
	}
	if (!(reader = sniff_scene(o.scene)))
		return EXIT_SCENE;
	return run(&o, reader, argc, argv);
}
