/*
 * The real projects of the corpus: golden expectations derived by reading
 * each file (the lines are cited), then every project through the
 * command line, and broken projects through it too.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sp_clarisse.h>

#include "scene_impl.h"
#include "support.h"

#define CGRU    "clarisse/CGRU__cgru__examples__clarisse__scene.project"
#define KUBIX   "clarisse/Isotropix__r2c__example_projects__kubix_demo.project"
#define SPHERIX "clarisse/Isotropix__r2c__example_projects__spherix_demo.project"
#define EMPTY   "clarisse/romainguerif__clarisse-add__native__tests__empty.project"

static sp_ctx *ctx;
static sp_scene *scene;
static char *tmp;

TST_WORLD_SUITE(cl_corpus, ctx, tmp, scene);

static void read_corpus(const char *rel)
{
	char *path = tst_corpus(rel);
	int rc;
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_CLARISSE, path), 0);
	rc = sp_clarisse_read(scene, NULL);
	cr_assert_eq(rc, 0, "%s: %d %s", rel, rc, sp_ctx_last_error(ctx));
	free(path);
}

#define frames(u) tst_frames(u)

static size_t tips(int code)
{
	const sp_strvec *m = sp__scene_tip_messages(scene, code);
	return m ? m->count : 0;
}

static const char *camera_of(const sp_unit *u)
{
	const char *cam = NULL;
	int r;
	cr_assert_eq(sp_unit_camera_count(u), 1);
	sp_unit_camera_at(u, 0, &cam, &r);
	return cam;
}

Test(cl_corpus, cgru_scene_has_one_image_with_its_background_layer)
{
	sp_unit *img, *layer;
	read_corpus(CGRU);
	/* line 3: "#Isotropix_Clarisse_Version 3" */
	cr_assert_str_eq(sp_scene_version(scene), "clarisse_ifx_3.0");
	/* line 17: RendererPathTracer is built in, not a plug-in */
	cr_assert_eq(sp_scene_plugin_count(scene), 0);
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	img = sp_scene_unit_at(scene, 0);
	/* line 5 Context "scene", line 28 name "image" */
	cr_assert_str_eq(sp_unit_name(img), "project://scene/image");
	cr_assert_eq(sp_unit_renderable(img), 0);
	/* lines 35-36: first_frame 0, last_frame 10 */
	cr_assert_str_eq(frames(img), "0-10[1]");
	/* line 37 save_as, line 38 format 2, line 34 render_to_disk yes; no lut written */
	cr_assert_str_eq(sp_unit_get(img, "output"), "/cgru/examples/clarisse/render/img.####");
	cr_assert_str_eq(sp_unit_get(img, "format"), "tif8");
	cr_assert_str_eq(sp_unit_get(img, "LUT"), "linear");
	cr_assert_str_eq(sp_unit_get(img, "save_to_disk"), "1");
	/* line 33 layers ".background"; line 41 name "background" inside embedded_objects */
	cr_assert_eq(sp_unit_child_count(img), 1);
	layer = sp_unit_child_at(img, 0);
	cr_assert_str_eq(sp_unit_name(layer), "project://scene/image.background");
	/* lines 45-46: 0 to 50, wider than the image's 0-10: one tip */
	cr_assert_str_eq(frames(layer), "0-50[1]");
	cr_assert_eq(tips(SP_TIP_FRAMES_OUTSIDE_RANGE), 1);
	/* line 49: active_camera "camera", the CameraPerspective of lines 7-16 */
	cr_assert_str_eq(camera_of(layer), "project://scene/camera");
	cr_assert_str_eq(sp_unit_get(layer, "save_to_disk"), "0");
	/* the scene part names no file; "$CTEMP" appears only in #preferences (line 132 on), which is skipped
	 */
	cr_assert_eq(sp_scene_file_count(scene), 0);
	cr_assert_eq(tips(SP_TIP_NO_RENDERABLE_UNIT), 0);
}

static void check_r2c(const char *rel, const char *layer_name, const char *plugin)
{
	sp_unit *img, *layer;
	const char *n, *v;
	read_corpus(rel);
	/* line 3: "#Isotropix_Clarisse_Version 4" */
	cr_assert_str_eq(sp_scene_version(scene), "clarisse_ifx_4.0");
	/* KubixRenderer (kubix line 42) / SpherixRenderer (spherix line 153) */
	cr_assert_eq(sp_scene_plugin_count(scene), 1);
	sp_scene_plugin_at(scene, 0, &n, &v);
	cr_assert_str_eq(n, plugin);
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	img = sp_scene_unit_at(scene, 0);
	/* lines 6 and 19; frames lines 26-27 */
	cr_assert_str_eq(sp_unit_name(img), "project://scene/image");
	cr_assert_str_eq(frames(img), "0-50[1]");
	/* no render_to_disk, save_as or format written: off, empty, the first format */
	cr_assert_str_eq(sp_unit_get(img, "save_to_disk"), "0");
	cr_assert_str_eq(sp_unit_get(img, "output"), "");
	cr_assert_str_eq(sp_unit_get(img, "format"), "exr16");
	/* lines 25, 29-30: a renderer-specific layer class, embedded; lines 34-36 frames and camera */
	cr_assert_eq(sp_unit_child_count(img), 1);
	layer = sp_unit_child_at(img, 0);
	cr_assert_str_eq(sp_unit_name(layer), layer_name);
	cr_assert_str_eq(frames(layer), "0-50[1]");
	cr_assert_str_eq(camera_of(layer), "project://scene/camera");
	cr_assert_eq(tips(SP_TIP_FRAMES_OUTSIDE_RANGE), 0);
	/* nothing is saved to disk */
	cr_assert_eq(tips(SP_TIP_NO_RENDERABLE_UNIT), 1);
	cr_assert_eq(sp_scene_file_count(scene), 0);
}

Test(cl_corpus, kubix_demo_has_a_kubix_layer)
{
	check_r2c(KUBIX, "project://scene/image.kubix_layer", "Kubix");
}

Test(cl_corpus, spherix_demo_has_a_spherix_layer)
{
	check_r2c(SPHERIX, "project://scene/image.spherix_layer", "Spherix");
}

Test(cl_corpus, header_only_project_has_no_image)
{
	read_corpus(EMPTY);
	/* CRLF line 3: "#Isotropix_Clarisse_Version 5" */
	cr_assert_str_eq(sp_scene_version(scene), "clarisse_ifx_5.0");
	cr_assert_eq(sp_scene_unit_count(scene), 0);
	cr_assert_eq(tips(SP_TIP_NO_RENDERABLE_UNIT), 1);
}

/* ---- through the command line ---- */

static cJSON *load_json(const char *dir, const char *name)
{
	char *path = tst_join(dir, name), *text = tst_read(path, NULL);
	cJSON *j;
	cr_assert_not_null(text, "%s not written", path);
	j = cJSON_Parse(text);
	cr_assert_not_null(j, "%s is not JSON", path);
	free(text);
	free(path);
	return j;
}

static void analyze_corpus(const char *rel, const char *out_name, int *image_nodes)
{
	char *path = tst_corpus(rel), *out = tst_join(tmp, out_name), args[4096], *err = NULL;
	cJSON *task, *nodes;
	int rc;
	snprintf(args, sizeof(args), "analyze '%s' -o '%s' -q", path, out);
	rc = tst_run(args, NULL, &err);
	cr_assert(rc == 0 || rc == 1, "%s: exit %d: %s", rel, rc, err ? err : "");
	cr_assert(!err || !strstr(err, "Sanitizer"), "%s", err);
	free(err);
	task = load_json(out, "task.json");
	cr_assert_str_eq(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(task, "software_config"), "cg_name")->valuestring,
	    "Clarisse");
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(task, "task_info"), "cg_id")->valuestring,
	                 "2013");
	nodes = cJSON_GetObjectItem(cJSON_GetObjectItem(task, "scene_info_render"), "image_node");
	cr_assert(cJSON_IsArray(nodes));
	*image_nodes = cJSON_GetArraySize(nodes);
	cJSON_Delete(task);
	cJSON_Delete(load_json(out, "upload.json"));
	cJSON_Delete(load_json(out, "asset.json"));
	cJSON_Delete(load_json(out, "tips.json"));
	snprintf(args, sizeof(args), "check '%s'", out);
	rc = tst_run(args, NULL, &err);
	cr_assert_eq(rc, 0, "check %s: exit %d: %s", out, rc, err ? err : "");
	free(err);
	free(out);
	free(path);
}

Test(cl_corpus, every_corpus_project_analyses_through_the_command_line, .timeout = 120)
{
	int n;
	analyze_corpus(CGRU, "cgru", &n);
	cr_assert_eq(n, 1);
	analyze_corpus(KUBIX, "kubix", &n);
	cr_assert_eq(n, 1);
	analyze_corpus(SPHERIX, "spherix", &n);
	cr_assert_eq(n, 1);
	analyze_corpus(EMPTY, "empty", &n);
	cr_assert_eq(n, 0);
}

Test(cl_corpus, image_node_keys_come_in_the_farm_order)
{
	char *path = tst_corpus(CGRU), *out = tst_join(tmp, "o"), args[4096];
	cJSON *task, *img, *layer;
	const char *img_keys[] = {"name",   "frames", "renderable",   "output",
	                          "format", "LUT",    "save_to_disk", "layers"};
	const char *layer_keys[] = {
	    "name",   "frames",       "renderable",         "output",
	    "format", "save_to_disk", "enable_deep_output", "enable_deep_output_path"};
	cJSON *it;
	size_t i = 0;
	int rc;
	snprintf(args, sizeof(args), "analyze '%s' -o '%s' -q", path, out);
	rc = tst_run(args, NULL, NULL);
	cr_assert(rc == 0 || rc == 1, "exit %d", rc);
	task = load_json(out, "task.json");
	img = cJSON_GetArrayItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(task, "scene_info_render"), "image_node"), 0);
	cJSON_ArrayForEach(it, img)
	{
		cr_assert(i < 8);
		cr_assert_str_eq(it->string, img_keys[i++]);
	}
	cr_assert_str_eq(cJSON_GetObjectItem(img, "renderable")->valuestring, "0");
	layer = cJSON_GetArrayItem(cJSON_GetObjectItem(img, "layers"), 0);
	i = 0;
	cJSON_ArrayForEach(it, layer)
	{
		cr_assert(i < 8);
		cr_assert_str_eq(it->string, layer_keys[i++]);
	}
	cr_assert_str_eq(cJSON_GetObjectItem(layer, "frames")->valuestring, "0-50[1]");
	cJSON_Delete(task);
	free(out);
	free(path);
}

Test(cl_corpus, truncated_and_garbled_projects_exit_3_naming_the_line)
{
	char *src = tst_corpus(CGRU), *text = tst_read(src, NULL), *cut, args[4096], *err = NULL;
	char *line100;
	cr_assert_not_null(text);
	/* the first 100 lines: inside Context "scene" (line 5), LightPhysicalSphere (line 93) */
	line100 = text;
	for (int i = 0; i < 100; i++)
		line100 = strchr(line100, '\n') + 1;
	tst_write(tmp, "cut.project", text, (size_t)(line100 - text));
	cut = tst_join(tmp, "cut.project");
	snprintf(args, sizeof(args), "analyze '%s' -o '%s/o1' -q", cut, tmp);
	cr_assert_eq(tst_run(args, NULL, &err), 3, "%s", err ? err : "");
	cr_assert(err && strstr(err, "cut.project:100:"), "%s", err ? err : "");
	free(err);
	free(cut);
	tst_write(tmp, "garbled.project",
	          "#Isotropix_Serial_Version 1.2\nContext \"scene\" {\n  name \"oops\n}\n", (size_t)-1);
	cut = tst_join(tmp, "garbled.project");
	snprintf(args, sizeof(args), "analyze '%s' -o '%s/o2' -q", cut, tmp);
	err = NULL;
	cr_assert_eq(tst_run(args, NULL, &err), 3, "%s", err ? err : "");
	cr_assert(err && strstr(err, "garbled.project:3: unterminated string"), "%s", err ? err : "");
	free(err);
	free(cut);
	free(text);
	free(src);
}

/* Run analyze on dir/name and return its exit code; *err gets its standard error. */
static int analyze_at(const char *name, const char *outdir, char **err)
{
	char *path = tst_join(tmp, name), args[4096];
	int rc;
	snprintf(args, sizeof(args), "analyze '%s' -o '%s/%s' -q", path, tmp, outdir);
	*err = NULL;
	rc = tst_run(args, NULL, err);
	free(path);
	return rc;
}

Test(cl_corpus, a_project_cut_inside_its_preferences_or_holding_a_nul_byte_exits_3_naming_the_line)
{
	char *src = tst_corpus(KUBIX), *text = tst_read(src, NULL), *p, *err = NULL;
	size_t len;
	cr_assert_not_null(text);
	/* cut in the middle of line 707, the 41,748-character line inside "#preferences {" (line 258) */
	p = text;
	for (int i = 0; i < 706; i++)
		p = strchr(p, '\n') + 1;
	tst_write(tmp, "cut.project", text, (size_t)(p - text) + 20000);
	cr_assert_eq(analyze_at("cut.project", "o1", &err), 3, "%s", err ? err : "");
	cr_assert(err && strstr(err, "cut.project:707: file ends inside the '#' block opened at line 258"),
	          "%s", err ? err : "");
	free(err);
	/* a NUL byte at the start of line 30 (inside the Image's embedded_objects) */
	len = strlen(text);
	p = text;
	for (int i = 0; i < 29; i++)
		p = strchr(p, '\n') + 1;
	*p = '\0';
	tst_write(tmp, "nul.project", text, len);
	cr_assert_eq(analyze_at("nul.project", "o2", &err), 3, "%s", err ? err : "");
	cr_assert(err && strstr(err, "nul.project:30: NUL byte"), "%s", err ? err : "");
	free(err);
	free(text);
	free(src);
}

Test(cl_corpus, software_version_given_on_the_command_line_wins_over_the_header_with_a_tip)
{
	char *path = tst_corpus(CGRU), args[4096];
	cJSON *task, *tips;
	int rc;
	snprintf(args, sizeof(args), "analyze '%s' -o '%s/sv' -q --software-version clarisse_ifx_5.0_sp2",
	         path, tmp);
	rc = tst_run(args, NULL, NULL);
	cr_assert(rc == 0 || rc == 1, "exit %d", rc);
	snprintf(args, sizeof(args), "%s/sv", tmp);
	task = load_json(args, "task.json");
	cr_assert_str_eq(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(task, "software_config"), "cg_version")->valuestring,
	    "clarisse_ifx_5.0_sp2");
	cJSON_Delete(task);
	/* the CGRU header says Clarisse 3: the farm is told the versions differ */
	tips = load_json(args, "tips.json");
	cr_assert_not_null(cJSON_GetObjectItem(tips, "15013"));
	cJSON_Delete(tips);
	free(path);
}
