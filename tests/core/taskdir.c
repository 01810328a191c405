/* Task directory operations: set, add-info, add-upload and check on real folders. */
#define _GNU_SOURCE /* asprintf */
#include "support.h"

#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <sceneprobe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- fixtures ----------------------------------------------------------------- */

static const char task_tmpl[] =
    "{\n"
    "  \"task_info\": {\"task_id\": \"\", \"user_id\": \"\", \"project_id\": \"\", \"project_name\": \"\",\n"
    "    \"input_cg_file\": \"@D/proj/shot.ma\", \"input_project_path\": \"@D/proj\", \"cg_id\": \"@ID\",\n"
    "    \"platform\": \"2\", \"channel\": \"4\", \"os_name\": \"1\", \"render_layer_type\": \"0\",\n"
    "    \"is_layer_rendering\": \"1\", \"enable_layered\": \"0\", \"is_picture\": \"0\",\n"
    "    \"frames_per_task\": \"1\", \"pre_frames\": \"000\", \"stop_after_test\": \"2\",\n"
    "    \"job_stop_time\": \"259200\", \"task_stop_time\": \"0\", \"time_out\": \"43200\",\n"
    "    \"tiles_type\": \"block\", \"tiles\": \"1\", \"is_distribute_render\": \"0\",\n"
    "    \"distribute_render_node\": \"3\", \"ram\": \"64\", \"graphics_cards_num\": \"2\",\n"
    "    \"hardwareConfigId\": \"\"},\n"
    "  \"software_config\": {\"cg_name\": \"@NAME\", \"cg_version\": \"2018\", \"plugins\": {\"mtoa\": "
    "\"3.1.0\"}},\n"
    "  \"scene_info_render\": @R,\n"
    "  \"scene_info\": @R\n"
    "}\n";

static const char maya_render[] =
    "{\"defaultRenderLayer\": {\"renderable\": \"1\", \"is_default_camera\": \"1\", \"option\": \"\", "
    "\"env\": {},\n"
    "  \"common\": {\"renderer\": \"arnold\", \"start\": \"1\", \"end\": \"10\", \"by_frame\": \"1\",\n"
    "    \"frames\": \"1-10[1]\", \"width\": \"1920\", \"height\": \"1080\",\n"
    "    \"all_camera\": [\"perspShape\", \"shotCamShape\"], \"render_camera\": [\"shotCamShape\"]}}}";

static const char houdini_render[] =
    "{\"rop_node\": [{\"node\": \"/out/mantra1\", \"frames\": \"1-240[1]\", \"option\": \"-1\", \"render\": "
    "\"1\",\n"
    "    \"width\": \"1920\", \"height\": \"1080\", \"camera\": \"/obj/cam1\"}],\n"
    "  \"geo_node\": [{\"node\": \"/out/geometry1\", \"frames\": \"1-240[1]\", \"option\": \"0\", "
    "\"render\": \"0\"}],\n"
    "  \"distributedsim_node\": []}";

static const char upload_tmpl[] =
    "{\"scene\": [{\"local\": \"@D/proj/shot.ma\", \"server\": \"@D/proj/shot.ma\",\n"
    "             \"hash\": \"0123456789abcdef0123456789abcdef\"}],\n"
    " \"asset\": [{\"local\": \"@D/proj/tex/wood.png\", \"server\": \"@D/proj/tex/wood.png\"},\n"
    "           {\"local\": \"@D/proj/shot.ma\", \"server\": \"@D/proj/shot.ma\"}]}\n";

static const char asset_tmpl[] =
    "{\"asset\": [\"@D/proj/tex/wood.png\", \"@D/proj/shot.ma\"], \"missing\": [],\n"
    " \"references\": []}\n";

static const char tips_json[] = "{\"15006\": [\"layer 'fx' has no renderable camera\"]}\n";

/* `text` with every `from` replaced by `to`; malloc'd. */
static char *subst(const char *text, const char *from, const char *to)
{
	size_t lf = strlen(from), lt = strlen(to), n = 0;
	for (const char *p = strstr(text, from); p; p = strstr(p + lf, from))
		n++;
	char *out = malloc(strlen(text) + n * lt + 1), *o = out;
	cr_assert_not_null(out);
	for (const char *p = text, *q; (q = strstr(p, from)) != NULL || *p; p = q + lf) {
		if (!q) {
			strcpy(o, p);
			return out;
		}
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		memcpy(o, to, lt);
		o += lt;
	}
	*o = '\0';
	return out;
}

/* Like subst, but `from` must occur: a fixture edit that matches nothing would test nothing. */
static char *edit(char *text, const char *from, const char *to)
{
	cr_assert_not_null(strstr(text, from), "fixture has no '%s'", from);
	char *out = subst(text, from, to);
	free(text);
	return out;
}

static char *task_text(const char *dir, const char *cg_id, const char *cg_name, const char *render)
{
	char *a = subst(task_tmpl, "@D", dir);
	a = edit(a, "@ID", cg_id);
	a = edit(a, "@NAME", cg_name);
	return edit(a, "@R", render);
}

static void put(const char *dir, const char *name, const char *text)
{
	tst_write(dir, name, text, (size_t)-1);
}

/* A valid task folder at dir/task with the scene and texture at dir/proj. */
static char *make_task_dir(const char *dir, const char *cg_id, const char *cg_name, const char *render)
{
	char *task_dir = tst_join(dir, "task"), *t;
	put(dir, "proj/shot.ma", "//Maya ASCII 2018 scene\n");
	put(dir, "proj/tex/wood.png", "png");
	t = task_text(dir, cg_id, cg_name, render);
	put(task_dir, "task.json", t);
	free(t);
	t = subst(upload_tmpl, "@D", dir);
	put(task_dir, "upload.json", t);
	free(t);
	t = subst(asset_tmpl, "@D", dir);
	put(task_dir, "asset.json", t);
	free(t);
	put(task_dir, "tips.json", tips_json);
	return task_dir;
}

static char *make_maya_dir(const char *dir)
{
	return make_task_dir(dir, "2000", "Maya", maya_render);
}

static char *read_in(const char *dir, const char *name)
{
	char *path = tst_join(dir, name), *text = tst_read(path, NULL);
	cr_assert_not_null(text, "cannot read %s", path);
	free(path);
	return text;
}

/* Rewrite dir/name with `from` replaced by `to`. */
static void change(const char *dir, const char *name, const char *from, const char *to)
{
	char *text = edit(read_in(dir, name), from, to);
	put(dir, name, text);
	free(text);
}

typedef struct {
	char text[32768];
	size_t len;
	int count;
} problems;

static void collect(const char *file, const char *problem, void *payload)
{
	problems *p = payload;
	int n = snprintf(p->text + p->len, sizeof(p->text) - p->len, "%s: %s\n", file, problem);
	cr_assert(n > 0 && (size_t)n < sizeof(p->text) - p->len);
	p->len += (size_t)n;
	p->count++;
}

static sp_ctx *ctx;
static char *tmp;
static char *keep[16]; /* paths made by in_tmp() */
static size_t nkeep;

static void setup(void)
{
	cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
	tmp = tst_mkdtemp();
}

static void teardown(void)
{
	sp_ctx_free(ctx);
	while (nkeep > 0)
		free(keep[--nkeep]);
	tst_rmtree(tmp);
	free(tmp);
}

/* tmp/rel, freed at teardown. */
static const char *in_tmp(const char *rel)
{
	cr_assert(nkeep < sizeof(keep) / sizeof(keep[0]));
	return keep[nkeep++] = tst_join(tmp, rel);
}

static int check(const char *dir, problems *p)
{
	memset(p, 0, sizeof(*p));
	return sp_taskdir_check(ctx, dir, collect, p);
}

#define assert_problem(p, line)                                                                              \
	cr_assert_not_null(strstr((p)->text, line), "no '%s' in:\n%s", line, (p)->text)

/* Names in a folder, "," joined: no stray temporary files. */
static void assert_only_task_files(const char *dir)
{
	char *cmd = NULL, *out;
	cr_assert(asprintf(&cmd, "ls -A '%s' > '%s/../ls.txt'", dir, dir) > 0);
	cr_assert_eq(system(cmd), 0);
	out = read_in(dir, "../ls.txt");
	cr_assert_str_eq(out, "asset.json\ntask.json\ntips.json\nupload.json\n");
	free(out);
	free(cmd);
}

/* ---- check ------------------------------------------------------------------------ */

TestSuite(taskdir, .init = setup, .fini = teardown);

Test(taskdir, a_valid_maya_task_folder_has_no_problems)
{
	char *dir = make_maya_dir(tmp);
	problems p;
	cr_assert_eq(check(dir, &p), 0, "%s", p.text);
	cr_assert_eq(p.count, 0);
	free(dir);
}

Test(taskdir, a_valid_houdini_task_folder_has_no_problems)
{
	char *dir = make_task_dir(tmp, "2004", "Houdini", houdini_render);
	problems p;
	cr_assert_eq(check(dir, &p), 0, "%s", p.text);
	free(dir);
}

Test(taskdir, a_number_instead_of_a_string_is_reported_with_its_json_path)
{
	char *dir = make_maya_dir(tmp);
	problems p;
	change(dir, "task.json", "\"platform\": \"2\"", "\"platform\": 2");
	change(dir, "task.json", "\"width\": \"1920\"", "\"width\": 1920");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "task.json: task_info.platform is a number, expected a string\n");
	/* both copies of the render settings carry the number */
	assert_problem(&p, "task.json: scene_info_render.defaultRenderLayer.common.width is a number, "
	                   "expected a string\n");
	assert_problem(
	    &p, "task.json: scene_info.defaultRenderLayer.common.width is a number, expected a string\n");
	cr_assert_eq(p.count, 3, "%s", p.text);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), "/task: 3 problems found"), "%s",
	                   sp_ctx_last_error(ctx));
	free(dir);
}

Test(taskdir, booleans_and_nulls_in_arrays_are_reported_by_index)
{
	char *dir = make_maya_dir(tmp);
	problems p;
	change(dir, "task.json", "[\"perspShape\", \"shotCamShape\"], \"render_camera\"",
	       "[\"perspShape\", true], \"render_camera\"");
	change(dir, "task.json", "\"mtoa\": \"3.1.0\"", "\"mtoa\": null");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p,
	               "task.json: scene_info_render.defaultRenderLayer.common.all_camera[1] is a boolean, "
	               "expected a string\n");
	assert_problem(&p, "task.json: software_config.plugins.mtoa is null, expected a string\n");
	free(dir);
}

Test(taskdir, a_problem_is_one_line_even_when_a_key_holds_a_newline)
{
	char *dir = make_maya_dir(tmp);
	problems p;
	change(dir, "task.json", "\"mtoa\": \"3.1.0\"", "\"mtoa\": \"3.1.0\", \"a\\nb\": 1");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	cr_assert_str_eq(p.text, "task.json: software_config.plugins.a b is a number, expected a string\n");
	free(dir);
}

Test(taskdir, bad_frames_in_a_maya_layer_are_reported)
{
	char *dir = make_maya_dir(tmp);
	problems p;
	/* only the render copy: scene_info then differs, which is reported too */
	change(dir, "task.json", "\"scene_info_render\": {\"defaultRenderLayer\": {\"renderable\": \"1\"",
	       "\"scene_info_render\": {\"defaultRenderLayer\": {\"renderable\": \"1\", \"x\": \"\"");
	change(dir, "task.json", "\"frames\": \"1-10[1]\"", "\"frames\": \"1-x\"");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "task.json: scene_info_render.defaultRenderLayer.common.frames is not valid: ");
	assert_problem(&p, "task.json: scene_info differs from scene_info_render");
	cr_assert_eq(p.count, 2, "%s", p.text);
	free(dir);
}

Test(taskdir, bad_frames_on_a_houdini_node_are_reported_by_index)
{
	char *dir = make_task_dir(tmp, "2004", "Houdini", houdini_render);
	problems p;
	change(dir, "task.json", "\"frames\": \"1-240[1]\", \"option\": \"0\"",
	       "\"frames\": \"10-1\", \"option\": \"0\"");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "task.json: scene_info_render.geo_node[0].frames is not valid: ");
	cr_assert_null(strstr(p.text, "rop_node[0].frames"), "%s", p.text);
	free(dir);
}

Test(taskdir, clarisse_layers_frames_are_checked)
{
	static const char render[] =
	    "{\"image_node\": [{\"name\": \"project://scene/cam02\", \"frames\": \"0-50[1]\", \"layers\": ["
	    "{\"name\": \"project://scene/cam02.l1\", \"frames\": \"0-50[1]\"},"
	    "{\"name\": \"project://scene/cam02.l2\", \"frames\": \"0-[1]\"}]}]}";
	char *dir = make_task_dir(tmp, "2013", "Clarisse", render);
	problems p;
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "task.json: scene_info_render.image_node[0].layers[1].frames is not valid: ");
	cr_assert_eq(p.count, 1, "%s", p.text);
	free(dir);
}

Test(taskdir, missing_required_keys_unknown_cg_id_and_bad_pre_frames_are_reported)
{
	char *dir = make_maya_dir(tmp);
	problems p;
	change(dir, "task.json", "\"hardwareConfigId\": \"\"", "\"extra\": \"\"");
	change(dir, "task.json", "\"cg_id\": \"2000\"", "\"cg_id\": \"1999\"");
	change(dir, "task.json", "\"pre_frames\": \"000\"", "\"pre_frames\": \"0a0\"");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "task.json: task_info.hardwareConfigId is missing\n");
	assert_problem(&p, "task.json: task_info.cg_id '1999' is not a known application id");
	assert_problem(&p, "task.json: task_info.pre_frames is not valid: ");
	free(dir);
}

Test(taskdir, unknown_task_info_keys_and_backslashes_in_paths_are_reported)
{
	char *dir = make_maya_dir(tmp);
	problems p;
	change(dir, "task.json", "\"platform\": \"2\"", "\"platform\": \"2\", \"shot\": \"sh010\"");
	change(dir, "task.json", "\"input_project_path\": \"", "\"input_project_path\": \"C:\\\\p\\\\");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p,
	               "task.json: task_info.shot is not a farm key; custom keys go under additional_info\n");
	assert_problem(&p, "task.json: task_info.input_project_path 'C:\\p\\");
	assert_problem(&p, "has backslashes, expected forward slashes\n");
	cr_assert_eq(p.count, 2, "%s", p.text);
	free(dir);
}

Test(taskdir, empty_frames_mean_no_frames_and_are_accepted)
{
	char *dir = make_task_dir(tmp, "2004", "Houdini", houdini_render);
	problems p;
	change(dir, "task.json", "\"frames\": \"1-240[1]\", \"option\": \"0\"",
	       "\"frames\": \"\", \"option\": \"0\"");
	cr_assert_eq(check(dir, &p), 0, "%s", p.text);
	free(dir);
}

Test(taskdir, the_scene_must_be_listed_and_uploaded_as_an_asset)
{
	char *dir = make_maya_dir(tmp), *from = NULL, *line = NULL;
	problems p;
	cr_assert(asprintf(&from,
	                   ",\n           {\"local\": \"%s/proj/shot.ma\", \"server\": \"%s/proj/shot.ma\"}",
	                   tmp, tmp) > 0);
	change(dir, "upload.json", from, "");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	cr_assert(asprintf(&line, "upload.json: scene[0].local '%s/proj/shot.ma' is not in the asset list\n",
	                   tmp) > 0);
	assert_problem(&p, line);
	cr_assert_eq(p.count, 1, "%s", p.text);
	put(dir, "upload.json", "{\"scene\": [], \"asset\": []}");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	cr_assert_str_eq(p.text, "upload.json: scene is empty, expected the scene file with its hash\n");
	free(line);
	free(from);
	free(dir);
}

Test(taskdir, cg_name_that_contradicts_cg_id_is_reported)
{
	char *dir = make_task_dir(tmp, "2004", "Maya", houdini_render);
	problems p;
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "task.json: software_config.cg_name 'Maya' does not match task_info.cg_id '2004' "
	                   "(Houdini)\n");
	free(dir);
}

Test(taskdir, top_level_keys_out_of_order_or_missing_are_reported)
{
	char *dir = tst_join(tmp, "task");
	problems p;
	put(dir, "task.json",
	    "{\"software_config\": {}, \"task_info\": {}, \"scene_info\": {}, \"bogus\": \"1\"}");
	put(dir, "upload.json", "{\"scene\": [], \"asset\": []}");
	put(dir, "asset.json", "{\"asset\": [], \"missing\": []}");
	put(dir, "tips.json", "{}");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "task.json: unexpected top-level key 'bogus'\n");
	assert_problem(&p, "task.json: scene_info_render is missing\n");
	assert_problem(&p, "task.json: top-level keys are out of order");
	assert_problem(&p, "task.json: task_info.task_id is missing\n");
	assert_problem(&p, "task.json: software_config.cg_name is missing\n");
	free(dir);
}

Test(taskdir, a_missing_file_is_reported_and_the_others_still_checked)
{
	char *dir = make_maya_dir(tmp), *path = tst_join(dir, "tips.json");
	problems p;
	cr_assert_eq(unlink(path), 0);
	change(dir, "asset.json", "\"missing\": []", "\"missing\": [3]");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "tips.json: file is missing\n");
	assert_problem(&p, "asset.json: missing[0] is a number, expected a string\n");
	cr_assert_eq(p.count, 2, "%s", p.text);
	free(path);
	free(dir);
}

Test(taskdir, invalid_json_is_reported_with_its_byte_offset)
{
	char *dir = make_maya_dir(tmp);
	problems p;
	/* byte 21 is the "}" where a value should be: line 2, column 20 */
	put(dir, "task.json", "{\n\"task_info\": {\"a\": }}\n");
	put(dir, "tips.json", "{\"1\": [\"a\"]} x");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "task.json: invalid JSON at byte 21 (line 2, column 20)\n");
	/* trailing garbage after the value counts too */
	assert_problem(&p, "tips.json: invalid JSON at byte 13 (line 1, column 14)\n");
	cr_assert_eq(p.count, 2, "%s", p.text);
	free(dir);
}

Test(taskdir, an_empty_file_is_invalid_json_at_byte_zero)
{
	char *dir = make_maya_dir(tmp);
	problems p;
	put(dir, "asset.json", "");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "asset.json: invalid JSON at byte 0 (line 1, column 1)\n");
	free(dir);
}

Test(taskdir, a_server_path_that_does_not_follow_the_rule_is_reported)
{
	char *dir = make_maya_dir(tmp), *line = NULL;
	problems p;
	change(dir, "upload.json", "\"server\": \"", "\"server\": \"/X");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	cr_assert(asprintf(&line,
	                   "upload.json: asset[0].server '/X%s/proj/tex/wood.png' does not match local "
	                   "'%s/proj/tex/wood.png' (expected '%s/proj/tex/wood.png')\n",
	                   tmp, tmp, tmp) > 0);
	assert_problem(&p, line);
	assert_problem(&p, "upload.json: scene[0].server '/X");
	cr_assert_eq(p.count, 3, "%s", p.text);
	free(line);
	free(dir);
}

Test(taskdir, a_duplicate_asset_is_reported_even_when_written_differently)
{
	char *dir = make_maya_dir(tmp), *from = NULL, *to = NULL, *line = NULL;
	problems p;
	cr_assert(asprintf(&from, "\"server\": \"%s/proj/shot.ma\"}]}", tmp) > 0);
	cr_assert(asprintf(&to,
	                   "\"server\": \"%s/proj/shot.ma\"}, {\"local\": \"%s/proj/./tex//wood.png\", "
	                   "\"server\": \"%s/proj/tex/wood.png\"}]}",
	                   tmp, tmp, tmp) > 0);
	change(dir, "upload.json", from, to);
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	cr_assert(asprintf(&line,
	                   "upload.json: asset[2].local '%s/proj/./tex//wood.png' duplicates asset[0]\n",
	                   tmp) > 0);
	assert_problem(&p, line);
	cr_assert_eq(p.count, 1, "%s", p.text);
	free(line);
	free(from);
	free(to);
	free(dir);
}

Test(taskdir, upload_entries_must_exist_and_hashes_be_lowercase_md5)
{
	char *dir = make_maya_dir(tmp), *wood = tst_join(tmp, "proj/tex/wood.png");
	problems p;
	cr_assert_eq(unlink(wood), 0);
	change(dir, "upload.json", "0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "upload.json: asset[0].local '");
	assert_problem(&p, "/proj/tex/wood.png' does not exist\n");
	assert_problem(&p,
	               "upload.json: scene[0].hash '0123456789ABCDEF0123456789ABCDEF' is not 32 lowercase "
	               "hex digits\n");
	cr_assert_eq(p.count, 2, "%s", p.text);
	free(wood);
	free(dir);
}

Test(taskdir, tips_must_be_arrays_of_strings)
{
	char *dir = make_maya_dir(tmp);
	problems p;
	put(dir, "tips.json", "{\"10012\": \"gone.png\", \"15006\": [\"ok\", 7]}");
	cr_assert_eq(check(dir, &p), SP_ECORRUPT);
	assert_problem(&p, "tips.json: '10012' is a string, expected an array of strings\n");
	assert_problem(&p, "tips.json: 15006[1] is a number, expected a string\n");
	cr_assert_eq(p.count, 2, "%s", p.text);
	free(dir);
}

Test(taskdir, checking_a_missing_folder_is_an_error_not_a_problem)
{
	char *dir = tst_join(tmp, "nowhere");
	problems p;
	cr_assert_eq(check(dir, &p), SP_ENOTFOUND);
	cr_assert_eq(p.count, 0);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), "nowhere"), "%s", sp_ctx_last_error(ctx));
	free(dir);
}

/* ---- set ---------------------------------------------------------------------------- */

/* The keys of obj in order, "," joined. */
static void keys_of(char *out, size_t size, const cJSON *obj)
{
	const cJSON *c;
	out[0] = '\0';
	cJSON_ArrayForEach(c, obj)
	{
		strncat(out, c->string, size - strlen(out) - 2);
		strcat(out, ",");
	}
}

static cJSON *load(const char *dir, const char *name)
{
	char *text = read_in(dir, name);
	cJSON *root = cJSON_Parse(text);
	cr_assert_not_null(root, "%s/%s does not parse", dir, name);
	free(text);
	return root;
}

Test(taskdir, set_changes_a_key_in_place_and_writes_tabs)
{
	char *dir = make_maya_dir(tmp), *text;
	char before[2048], after[2048];
	cJSON *root = load(dir, "task.json");
	problems p;
	keys_of(before, sizeof(before), cJSON_GetObjectItem(root, "task_info"));
	cJSON_Delete(root);

	cr_assert_eq(sp_taskdir_set(ctx, dir, "ram", "128"), 0, "%s", sp_ctx_last_error(ctx));
	root = load(dir, "task.json");
	keys_of(after, sizeof(after), cJSON_GetObjectItem(root, "task_info"));
	cr_assert_str_eq(after, before);
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "task_info"), "ram")->valuestring,
	                 "128");
	cJSON_Delete(root);

	text = read_in(dir, "task.json");
	cr_assert_eq(strncmp(text, "{\n\t\"task_info\":\t{\n\t\t\"task_id\":\t\"\",\n", 34), 0, "%s", text);
	cr_assert_not_null(strstr(text, "\t\t\"ram\":\t\"128\",\n\t\t\"graphics_cards_num\":\t\"2\","), "%s",
	                   text);
	cr_assert_eq(text[strlen(text) - 1], '\n');
	cr_assert_eq(text[strlen(text) - 2], '}');
	free(text);
	cr_assert_eq(check(dir, &p), 0, "%s", p.text);
	assert_only_task_files(dir);
	free(dir);
}

Test(taskdir, set_appends_a_modifiable_key_that_is_not_there_yet)
{
	char *dir = make_maya_dir(tmp);
	char keys[2048];
	cJSON *root;
	cr_assert_eq(sp_taskdir_set(ctx, dir, "test_frames", "1-10[2],20"), 0, "%s", sp_ctx_last_error(ctx));
	root = load(dir, "task.json");
	keys_of(keys, sizeof(keys), cJSON_GetObjectItem(root, "task_info"));
	cr_assert_not_null(strstr(keys, ",hardwareConfigId,test_frames,"), "%s", keys);
	cJSON_Delete(root);
	free(dir);
}

Test(taskdir, set_refuses_a_key_that_is_not_modifiable_and_leaves_the_file_alone)
{
	char *dir = make_maya_dir(tmp), *before = read_in(dir, "task.json"), *after;
	cr_assert_eq(sp_taskdir_set(ctx, dir, "platform", "3"), SP_EUSER);
	cr_assert_str_eq(sp_ctx_last_error(ctx),
	                 "task_info key 'platform' cannot be changed; custom keys go under "
	                 "additional_info (sceneprobe add-info)");
	after = read_in(dir, "task.json");
	cr_assert_str_eq(after, before);
	free(before);
	free(after);
	free(dir);
}

Test(taskdir, set_refuses_values_that_do_not_suit_the_key)
{
	static const char *const bad[][2] = {
	    {"ram", "-1"},
	    {"ram", "12GB"},
	    {"ram", ""},
	    {"frames_per_task", "+2"},
	    {"frames_per_task", "0"},
	    {"tiles", "00"},
	    {"os_name", "2"},
	    {"is_layer_rendering", "true"},
	    {"tiles_type", "diagonal"},
	    {"stop_after_test", "0"},
	    {"pre_frames", "12"},
	    {"pre_frames", "000:1-x"},
	    {"test_frames", "5-1"},
	    {"input_cg_file", ""},
	    {"time_out", "99999999999999999999999"},
	};
	char *dir = make_maya_dir(tmp), *before = read_in(dir, "task.json");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *after;
		sp_ctx_clear_error(ctx);
		cr_assert_eq(sp_taskdir_set(ctx, dir, bad[i][0], bad[i][1]), SP_EUSER, "%s=%s accepted",
		             bad[i][0], bad[i][1]);
		cr_assert_eq(strncmp(sp_ctx_last_error(ctx), "task_info key '", 15), 0, "%s",
		             sp_ctx_last_error(ctx));
		cr_assert_not_null(strstr(sp_ctx_last_error(ctx), bad[i][0]));
		after = read_in(dir, "task.json");
		cr_assert_str_eq(after, before);
		free(after);
	}
	sp_ctx_clear_error(ctx);
	cr_assert_eq(sp_taskdir_set(ctx, dir, "ram", "x"), SP_EUSER);
	cr_assert_str_eq(sp_ctx_last_error(ctx),
	                 "task_info key 'ram' must be a non-negative integer, got 'x'");
	free(before);
	free(dir);
}

Test(taskdir, set_accepts_every_modifiable_key_with_a_sensible_value)
{
	static const char *const good[][2] = {
	    {"pre_frames", "000:1,3-4[1]"},
	    {"input_cg_file", "D:\\proj\\shot.ma"},
	    {"frames_per_task", "5"},
	    {"test_frames", "1-3"},
	    {"job_stop_time", "0"},
	    {"task_stop_time", "3600"},
	    {"time_out", "100"},
	    {"stop_after_test", "1"},
	    {"tiles_type", "strip"},
	    {"tiles", "4"},
	    {"is_layer_rendering", "0"},
	    {"is_distribute_render", "1"},
	    {"distribute_render_node", "5"},
	    {"input_project_path", ""},
	    {"render_layer_type", "1"},
	    {"os_name", "0"},
	    {"ram", "128"},
	    {"enable_layered", "1"},
	};
	const char *const *keys = sp_taskdir_modifiable_keys();
	char *dir = make_maya_dir(tmp), *text;
	size_t n = 0;
	problems p;
	while (keys[n])
		n++;
	cr_assert_eq(n, sizeof(good) / sizeof(good[0]));
	for (size_t i = 0; i < n; i++) {
		cr_assert_str_eq(keys[i], good[i][0]);
		cr_assert_eq(sp_taskdir_validate_value(ctx, good[i][0], good[i][1]), 0, "%s",
		             sp_ctx_last_error(ctx));
		cr_assert_eq(sp_taskdir_set(ctx, dir, good[i][0], good[i][1]), 0, "%s",
		             sp_ctx_last_error(ctx));
	}
	text = read_in(dir, "task.json");
	/* path keys are written with forward slashes */
	cr_assert_not_null(strstr(text, "\"input_cg_file\":\t\"D:/proj/shot.ma\""), "%s", text);
	cr_assert_not_null(strstr(text, "\"tiles_type\":\t\"strip\""), "%s", text);
	free(text);
	cr_assert_eq(check(dir, &p), 0, "%s", p.text);
	free(dir);
}

Test(taskdir, set_on_a_missing_folder_or_broken_json_fails_without_writing)
{
	char *gone = tst_join(tmp, "gone"), *dir = make_maya_dir(tmp), *after;
	cr_assert_eq(sp_taskdir_set(ctx, gone, "ram", "1"), SP_ENOTFOUND);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), "gone/task.json"), "%s", sp_ctx_last_error(ctx));
	sp_ctx_clear_error(ctx);
	put(dir, "task.json", "{\"task_info\": {\"ram\": \"1\"},}");
	cr_assert_eq(sp_taskdir_set(ctx, dir, "ram", "2"), SP_ECORRUPT);
	cr_assert_not_null(
	    strstr(sp_ctx_last_error(ctx), "task.json: invalid JSON at byte 28 (line 1, column 29)"), "%s",
	    sp_ctx_last_error(ctx));
	after = read_in(dir, "task.json");
	cr_assert_str_eq(after, "{\"task_info\": {\"ram\": \"1\"},}");
	free(after);
	sp_ctx_clear_error(ctx);
	put(dir, "task.json", "{\"software_config\": {}}");
	cr_assert_eq(sp_taskdir_set(ctx, dir, "ram", "2"), SP_ECORRUPT);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), "no 'task_info' object"), "%s",
	                   sp_ctx_last_error(ctx));
	free(gone);
	free(dir);
}

Test(taskdir, a_write_that_fails_leaves_the_old_file_whole_and_no_temporary_file)
{
	char *dir = make_maya_dir(tmp), *before = read_in(dir, "task.json"), *after;
	struct rlimit lim, saved;
	/* no file may grow past 0 bytes: the temporary file's write fails with EFBIG */
	signal(SIGXFSZ, SIG_IGN);
	cr_assert_eq(getrlimit(RLIMIT_FSIZE, &saved), 0);
	lim = saved;
	lim.rlim_cur = 0;
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	cr_assert_eq(sp_taskdir_set(ctx, dir, "ram", "256"), SP_EIO);
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &saved), 0);
	cr_assert_not_null(strstr(sp_ctx_last_error(ctx), "cannot write"), "%s", sp_ctx_last_error(ctx));
	after = read_in(dir, "task.json");
	cr_assert_str_eq(after, before);
	assert_only_task_files(dir);
	free(before);
	free(after);
	free(dir);
}

/* ---- add-info ------------------------------------------------------------------------- */

Test(taskdir, add_info_creates_additional_info_at_the_end_and_replaces_in_place)
{
	char *dir = make_maya_dir(tmp);
	char keys[512];
	cJSON *root;
	problems p;
	cr_assert_eq(sp_taskdir_add_info(ctx, dir, "shot", "sh010"), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_taskdir_add_info(ctx, dir, "artist", "Zoë"), 0);
	cr_assert_eq(sp_taskdir_add_info(ctx, dir, "shot", "sh020"), 0);
	root = load(dir, "task.json");
	keys_of(keys, sizeof(keys), root);
	cr_assert_str_eq(keys, "task_info,software_config,scene_info_render,scene_info,additional_info,");
	keys_of(keys, sizeof(keys), cJSON_GetObjectItem(root, "additional_info"));
	cr_assert_str_eq(keys, "shot,artist,");
	cr_assert_str_eq(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(root, "additional_info"), "shot")->valuestring, "sh020");
	cJSON_Delete(root);
	/* non-ASCII text is written as itself */
	char *text = read_in(dir, "task.json");
	cr_assert_not_null(strstr(text, "\"artist\":\t\"Zoë\""), "%s", text);
	free(text);
	cr_assert_eq(check(dir, &p), 0, "%s", p.text);
	free(dir);
}

Test(taskdir, add_info_refuses_an_empty_key)
{
	char *dir = make_maya_dir(tmp);
	cr_assert_eq(sp_taskdir_add_info(ctx, dir, "", "x"), SP_EUSER);
	free(dir);
}

/* ---- add-upload --------------------------------------------------------------------------- */

/* The "local" values of upload.json's asset list, "\n" joined. */
static char *asset_locals(const char *dir)
{
	cJSON *root = load(dir, "upload.json"), *e;
	static char out[8192];
	out[0] = '\0';
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(root, "asset"))
	{
		strcat(out, cJSON_GetObjectItem(e, "local")->valuestring);
		strcat(out, "\n");
		cr_assert_str_eq(cJSON_GetObjectItem(e, "server")->valuestring,
		                 cJSON_GetObjectItem(e, "local")->valuestring);
	}
	cJSON_Delete(root);
	return out;
}

Test(taskdir, add_upload_adds_a_file_once)
{
	char *dir = make_maya_dir(tmp), *extra = tst_join(tmp, "proj/cache/a.abc"), *odd = NULL, *want = NULL;
	problems p;
	put(tmp, "proj/cache/a.abc", "abc");
	cr_assert_eq(sp_taskdir_add_upload(ctx, dir, extra), 0, "%s", sp_ctx_last_error(ctx));
	/* the same file written another way is not added again, nor is one already listed */
	cr_assert(asprintf(&odd, "%s/proj/./cache//../cache/a.abc", tmp) > 0);
	cr_assert_eq(sp_taskdir_add_upload(ctx, dir, odd), 0);
	cr_assert_eq(sp_taskdir_add_upload(ctx, dir, in_tmp("proj/shot.ma")), 0);
	cr_assert(asprintf(&want, "%s/proj/tex/wood.png\n%s/proj/shot.ma\n%s/proj/cache/a.abc\n", tmp, tmp,
	                   tmp) > 0);
	cr_assert_str_eq(asset_locals(dir), want);
	cr_assert_eq(check(dir, &p), 0, "%s", p.text);
	assert_only_task_files(dir);
	free(want);
	free(odd);
	free(extra);
	free(dir);
}

Test(taskdir, add_upload_walks_a_folder_in_sorted_order)
{
	char *dir = make_maya_dir(tmp), *want = NULL;
	problems p;
	put(tmp, "proj/sim/b/2.vdb", "2");
	put(tmp, "proj/sim/a.vdb", "a");
	put(tmp, "proj/sim/b/1.vdb", "1");
	cr_assert_eq(sp_taskdir_add_upload(ctx, dir, in_tmp("proj")), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(asprintf(&want,
	                   "%s/proj/tex/wood.png\n%s/proj/shot.ma\n%s/proj/sim/a.vdb\n%s/proj/sim/b/1.vdb\n"
	                   "%s/proj/sim/b/2.vdb\n",
	                   tmp, tmp, tmp, tmp, tmp) > 0);
	cr_assert_str_eq(asset_locals(dir), want);
	cr_assert_eq(check(dir, &p), 0, "%s", p.text);
	free(want);
	free(dir);
}

Test(taskdir, add_upload_resolves_a_relative_path_against_the_current_folder)
{
	char *dir = make_maya_dir(tmp), *want = NULL;
	put(tmp, "proj/rel/x.png", "x");
	cr_assert_eq(chdir(tmp), 0);
	cr_assert_eq(sp_taskdir_add_upload(ctx, dir, "proj/rel"), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(
	    asprintf(&want, "%s/proj/tex/wood.png\n%s/proj/shot.ma\n%s/proj/rel/x.png\n", tmp, tmp, tmp) > 0);
	cr_assert_str_eq(asset_locals(dir), want);
	free(want);
	free(dir);
}

Test(taskdir, add_upload_does_not_follow_a_symlink_loop_or_a_dangling_link)
{
	char *dir = make_maya_dir(tmp), *loop = tst_join(tmp, "proj/l/sub/back"),
	     *gone = tst_join(tmp, "proj/l/gone");
	char *want = NULL;
	put(tmp, "proj/l/sub/f.txt", "f");
	cr_assert_eq(symlink("..", loop), 0);
	cr_assert_eq(symlink("nothing-here", gone), 0);
	cr_assert_eq(sp_taskdir_add_upload(ctx, dir, in_tmp("proj/l")), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(asprintf(&want, "%s/proj/tex/wood.png\n%s/proj/shot.ma\n%s/proj/l/sub/f.txt\n", tmp, tmp,
	                   tmp) > 0);
	cr_assert_str_eq(asset_locals(dir), want);
	free(want);
	free(loop);
	free(gone);
	free(dir);
}

Test(taskdir, add_upload_follows_a_symlink_to_a_folder_outside)
{
	char *dir = make_maya_dir(tmp), *link = tst_join(tmp, "proj/linked"),
	     *target = tst_join(tmp, "elsewhere");
	char *want = NULL;
	put(tmp, "elsewhere/e.png", "e");
	cr_assert_eq(symlink(target, link), 0);
	cr_assert_eq(sp_taskdir_add_upload(ctx, dir, link), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert(asprintf(&want, "%s/proj/tex/wood.png\n%s/proj/shot.ma\n%s/proj/linked/e.png\n", tmp, tmp,
	                   tmp) > 0);
	cr_assert_str_eq(asset_locals(dir), want);
	free(want);
	free(link);
	free(target);
	free(dir);
}

Test(taskdir, add_upload_of_a_missing_path_names_it_and_writes_nothing)
{
	char *dir = make_maya_dir(tmp), *before = read_in(dir, "upload.json"), *after;
	cr_assert_eq(sp_taskdir_add_upload(ctx, dir, "no/such/texture.png"), SP_ENOTFOUND);
	cr_assert_str_eq(sp_ctx_last_error(ctx), "no/such/texture.png: no such file or folder");
	after = read_in(dir, "upload.json");
	cr_assert_str_eq(after, before);
	free(before);
	free(after);
	free(dir);
}

Test(taskdir, add_upload_creates_the_asset_list_when_absent)
{
	char *dir = make_maya_dir(tmp), *want = NULL;
	put(dir, "upload.json", "{\"scene\": []}");
	cr_assert_eq(sp_taskdir_add_upload(ctx, dir, in_tmp("proj/shot.ma")), 0, "%s",
	             sp_ctx_last_error(ctx));
	cr_assert(asprintf(&want, "%s/proj/shot.ma\n", tmp) > 0);
	cr_assert_str_eq(asset_locals(dir), want);
	free(want);
	free(dir);
}
