/*
 * A small production-shaped project tree written for the test, analysed
 * through the command line, compared with golden task, asset and tips
 * content.  The tree uses every construct the walk knows: nested contexts,
 * an image with embedded 3D and renderer layers, a UDIM texture, an Alembic
 * bundle, a Windows path, $PDIR, a project referenced two levels deep
 * (through a context attribute and a context '#' line), an animated
 * attribute and a #preferences block.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sceneprobe.h>

#include "support.h"

static char *dir;

static void setup(void)
{
	dir = tst_mkdtemp();
}

static void teardown(void)
{
	tst_rmtree(dir);
	free(dir);
}

TestSuite(cl_golden, .init = setup, .fini = teardown);

#define HEAD                                                                                                 \
	"#Isotropix_Serial_Version 1.2\n\n#Isotropix_Clarisse_Version "                                      \
	"4\n#Isotropix_Clarisse_Project_Version 0.94\n"

#define HEAD5                                                                                                \
	"#Isotropix_Serial_Version 1.2\n\n#Isotropix_Clarisse_Version "                                      \
	"5.0 SP8\n#Isotropix_Clarisse_Project_Version 0.98\n"

static const char shot[] =
    HEAD "Context \"scene\" {\n"                                     /* 5 */
         "    Context \"lookdev\" {\n"                               /* 6 */
         "        TextureMapFile {\n"                                /* 7 */
         "            name \"wood\"\n"                               /* 8 */
         "            filename \"$PDIR/tex/wood.<UDIM>.tx\"\n"       /* 9 */
         "        }\n"                                               /* 10 */
         "        TextureStreamedMapFile {\n"                        /* 11 */
         "            name \"plate\"\n"                              /* 12 */
         "            filename \"C:\\\\plates\\\\plate.####.exr\"\n" /* 13 */
         "        }\n"                                               /* 14 */
         "    }\n"                                                   /* 15 */
         "    GeometryBundleAlembic {\n"                             /* 16 */
         "        name \"bundle\"\n"                                 /* 17 */
         "        filename \"$PDIR/cache/anim.abc\"\n"               /* 18 */
         "        translate {\n"                                     /* 19 */
         "            value[] {\n"                                   /* 20 */
         "                fcurve {\n"                                /* 21 */
         "                    key 0 0.0 -1 0.0 0.0 0.0 -0.1 0.0 0.1 0.0 yes yes no yes\n"
         "                }\n"
         "            }\n"
         "            value[1] 0.5\n"
         "        }\n"
         "    }\n"
         "    Context \"env\" {\n"
         "        filename \"$PDIR/env/env.project\"\n"
         "    }\n"
         "    CameraPerspective {\n"
         "        name \"cam\"\n"
         "    }\n"
         "    RendererPathTracer {\n"
         "        name \"pt\"\n"
         "    }\n"
         "    Image {\n"
         "        name \"beauty\"\n"
         "        layers \".fg\" \".bg\"\n"
         "        render_to_disk yes\n"
         "        first_frame 1\n"
         "        last_frame 24\n"
         "        save_as \"$PDIR/render/beauty\"\n"
         "        format 1\n"
         "        embedded_objects {\n"
         "            Layer3d {\n"
         "                name \"fg\"\n"
         "                first_frame 1\n"
         "                last_frame 24\n"
         "                active_camera \"cam\"\n"
         "                renderer \"pt\"\n"
         "                render_to_disk yes\n"
         "                save_as \"$PDIR/render/fg\"\n"
         "                format 0\n"
         "                enable_deep_output yes\n"
         "                deep_output_path \"$PDIR/render/fg_deep\"\n"
         "            }\n"
         "            KubixLayer {\n"
         "                name \"bg\"\n"
         "                first_frame 1\n"
         "                last_frame 12\n"
         "                active_camera \"project://scene/cam\"\n"
         "            }\n"
         "        }\n"
         "    }\n"
         "}\n"
         "#preferences {\n"
         "    categories { playblast { filename \"$CTEMP\\\\blast_#####.jpg\" } }\n"
         "}\n";

static const char env[] = HEAD "Context \"set\" {\n"
                               "    GeometryPolyfile {\n"
                               "        name \"rock\"\n"
                               "        filename \"geo/rock.obj\"\n"
                               "    }\n"
                               "    Context \"props\" {\n"
                               "        #reference \"$PDIR/props/props.project\"\n"
                               "    }\n"
                               "}\n";

static const char props[] = HEAD "Context \"leaves\" {\n"
                                 "    TextureMapFile {\n"
                                 "        name \"leaf\"\n"
                                 "        filename \"$PDIR/leaf.png\"\n"
                                 "    }\n"
                                 "    GeometryVolumeFile {\n"
                                 "        name \"fog\"\n"
                                 "        filename \"$PDIR/fog.vdb\"\n"
                                 "    }\n"
                                 "}\n";

static const char expected_render[] =
    "{\"image_node\":[{\"name\":\"project://scene/beauty\",\"frames\":\"1-24[1]\",\"renderable\":\"0\","
    "\"output\":\"$PDIR/render/beauty\",\"format\":\"exr32\",\"LUT\":\"linear\",\"save_to_disk\":\"1\","
    "\"layers\":[{\"name\":\"project://scene/beauty.fg\",\"frames\":\"1-24[1]\",\"renderable\":\"1\","
    "\"output\":\"$PDIR/render/fg\",\"format\":\"exr16\",\"save_to_disk\":\"1\",\"enable_deep_output\":\"1\","
    "\"enable_deep_output_path\":\"$PDIR/render/fg_deep\"},"
    "{\"name\":\"project://scene/beauty.bg\",\"frames\":\"1-12[1]\",\"renderable\":\"1\",\"output\":\"\","
    "\"format\":\"exr16\",\"save_to_disk\":\"0\",\"enable_deep_output\":\"0\",\"enable_deep_output_path\":"
    "\"\"}]}]}";

/* Every "<DIR>" in `text` replaced by the temporary folder. */
static char *with_dir(const char *text)
{
	size_t n = strlen(dir), out_len = 0;
	char *out = malloc(strlen(text) * (n + 1) + 1);
	for (const char *p = text; *p;) {
		if (strncmp(p, "<DIR>", 5) == 0) {
			memcpy(out + out_len, dir, n);
			out_len += n;
			p += 5;
		} else {
			out[out_len++] = *p++;
		}
	}
	out[out_len] = '\0';
	return out;
}

static cJSON *load(const char *out, const char *name)
{
	char *path = tst_join(out, name), *text = tst_read(path, NULL);
	cJSON *j = text ? cJSON_Parse(text) : NULL;
	cr_assert_not_null(j, "%s", path);
	free(text);
	free(path);
	return j;
}

static void write_tree(void)
{
	tst_write(dir, "shot.project", shot, (size_t)-1);
	tst_write(dir, "env/env.project", env, (size_t)-1);
	tst_write(dir, "env/props/props.project", props, (size_t)-1);
	tst_write(dir, "env/geo/rock.obj", "o rock\n", (size_t)-1);
	tst_write(dir, "env/props/leaf.png", "png", 3);
	tst_write(dir, "tex/wood.1001.tx", "1", 1);
	tst_write(dir, "tex/wood.1002.tx", "22", 2);
	tst_write(dir, "cache/anim.abc", "abc", 3);
}

Test(cl_golden, own_project_tree_analyses_to_the_golden_task_asset_and_tips)
{
	char args[4096], *out = tst_join(dir, "out"), *err = NULL, *text, *want;
	cJSON *task, *asset, *tips, *it;
	sp_buf got = SP_BUF_INIT;
	int rc;
	write_tree();
	snprintf(args, sizeof(args), "analyze '%s/shot.project' -o '%s' -q", dir, out);
	rc = tst_run(args, NULL, &err);
	cr_assert(rc == 0 || rc == 1, "exit %d: %s", rc, err ? err : "");
	free(err);

	task = load(out, "task.json");
	text = cJSON_PrintUnformatted(cJSON_GetObjectItem(task, "scene_info_render"));
	cr_assert_str_eq(text, expected_render);
	free(text);
	cr_assert_str_eq(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(task, "software_config"), "cg_version")->valuestring,
	    "clarisse_ifx_4.0");
	/* KubixLayer does not make a plug-in; only "<Name>Renderer" classes do */
	cr_assert_eq(
	    cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(task, "software_config"), "plugins")),
	    0);
	cJSON_Delete(task);

	/* every existing file once, sorted: tiles expanded, references followed two levels, the projects too
	 */
	asset = load(out, "asset.json");
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(asset, "asset"))
	{
		cr_assert_eq(sp_buf_puts(&got, it->valuestring), 0);
		cr_assert_eq(sp_buf_putc(&got, '\n'), 0);
	}
	want = with_dir("<DIR>/cache/anim.abc\n<DIR>/env/env.project\n<DIR>/env/geo/rock.obj\n"
	                "<DIR>/env/props/leaf.png\n<DIR>/env/props/props.project\n<DIR>/shot.project\n"
	                "<DIR>/tex/wood.1001.tx\n<DIR>/tex/wood.1002.tx\n");
	cr_assert_str_eq(sp_buf_cstr(&got), want);
	free(want);
	sp_buf_clear(&got);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(asset, "missing"))
	{
		cr_assert_eq(sp_buf_puts(&got, it->valuestring), 0);
		cr_assert_eq(sp_buf_putc(&got, '\n'), 0);
	}
	want = with_dir("<DIR>/env/props/fog.vdb\nC:/plates/plate.####.exr\n"); /* sorted */
	cr_assert_str_eq(sp_buf_cstr(&got), want);
	free(want);
	/* provenance of the file two references down */
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(asset, "references"))
	{
		if (strstr(cJSON_GetObjectItem(it, "path")->valuestring, "leaf.png")) {
			cr_assert_str_eq(cJSON_GetObjectItem(it, "node")->valuestring,
			                 "project://scene/env/set/props/leaves/leaf");
			cr_assert_str_eq(cJSON_GetObjectItem(it, "kind")->valuestring, "texture");
			cr_assert(strstr(cJSON_GetObjectItem(it, "source")->valuestring,
			                 "env/props/props.project"));
			cr_assert_eq(cJSON_GetObjectItem(it, "line")->valuedouble, 8);
		}
	}
	cJSON_Delete(asset);

	/* tips: both missing files under the Clarisse code; the bg layer is inside its image's range */
	tips = load(out, "tips.json");
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(tips, "25009")), 2);
	cr_assert_null(cJSON_GetObjectItem(tips, "60014"));
	cr_assert_null(cJSON_GetObjectItem(tips, "60015"));
	cr_assert_null(cJSON_GetObjectItem(tips, "60009"));
	cJSON_Delete(tips);
	sp_buf_dispose(&got);
	free(out);
}

/*
 * A second tree, for the constructs the first one leaves out: CRLF lines
 * and a Clarisse 5 service-pack header, a reference held by the hidden
 * "__context_options__" item (where Conductor's dependency scan finds it)
 * whose project references the main one back (a cycle), a multi-valued
 * Alembic bundle with one file missing, a "$4F" frame sequence, an OSL
 * shader and a custom "filename_open" attribute, the "LUT" spelling, a
 * layer without its own range and a camera named in another context root.
 */
static const char lot[] = HEAD5 "Context \"lot\" {\n"
                                "    Context \"forest\" {\n"
                                "        #created 1700000000\n"
                                "        Generic {\n"
                                "            name \"__context_options__\"\n"
                                "            private yes\n"
                                "            filename \"$PDIR/assets/forest.project\"\n"
                                "        }\n"
                                "    }\n"
                                "    TextureStreamedMapFile {\n"
                                "        name \"rain\"\n"
                                "        filename \"$PDIR/seq/rain.$4F.exr\"\n"
                                "    }\n"
                                "    TextureOslFile {\n"
                                "        name \"wbx\"\n"
                                "        OSL_shader_filename \"$PDIR/osl/box.osl\"\n"
                                "        custom_attributes {\n"
                                "            attribute_group \"input\" {\n"
                                "                filename_open \"OSL_filename\" {\n"
                                "                    doc \"filename\"\n"
                                "                    value \"$PDIR/osl/office.png\"\n"
                                "                }\n"
                                "            }\n"
                                "        }\n"
                                "    }\n"
                                "    Image {\n"
                                "        name \"final\"\n"
                                "        layers \".main\"\n"
                                "        render_to_disk yes\n"
                                "        first_frame 1\n"
                                "        last_frame 3\n"
                                "        save_as \"$PDIR/out/final\"\n"
                                "        LUT \"sRGB\"\n"
                                "        embedded_objects {\n"
                                "            Layer3d {\n"
                                "                name \"main\"\n"
                                "                active_camera \"build://project/cams/hero\"\n"
                                "                render_to_disk yes\n"
                                "                save_as \"$PDIR/out/main\"\n"
                                "                format 1\n"
                                "                enable_deep_output yes\n"
                                "                save_deep_data_as \"$PDIR/out/main_deep\"\n"
                                "                user_data {\n"
                                "                    __context_objects__ {\n"
                                "                    }\n"
                                "                }\n"
                                "            }\n"
                                "        }\n"
                                "    }\n"
                                "}\n";

static const char forest[] = HEAD "Context \"forest\" {\n"
                                  "    GeometryBundleAlembic {\n"
                                  "        name \"trees\"\n"
                                  "        filename \"$PDIR/trees.abc\" \"$PDIR/bushes.abc\"\n"
                                  "    }\n"
                                  "    Context \"back\" {\n"
                                  "        Generic {\n"
                                  "            name \"__context_options__\"\n"
                                  "            filename \"$PDIR/../lot.project\"\n"
                                  "        }\n"
                                  "    }\n"
                                  "    Image {\n"
                                  "        name \"turntable\"\n"
                                  "    }\n"
                                  "}\n";

static const char expected_lot_render[] =
    "{\"image_node\":[{\"name\":\"project://lot/final\",\"frames\":\"1-3[1]\",\"renderable\":\"0\","
    "\"output\":\"$PDIR/out/final\",\"format\":\"exr16\",\"LUT\":\"sRGB\",\"save_to_disk\":\"1\","
    "\"layers\":[{\"name\":\"project://lot/final.main\",\"frames\":\"1-3[1]\",\"renderable\":\"1\","
    "\"output\":\"$PDIR/out/main\",\"format\":\"exr32\",\"save_to_disk\":\"1\",\"enable_deep_output\":\"1\","
    "\"enable_deep_output_path\":\"$PDIR/out/main_deep\"}]},"
    "{\"name\":\"project://lot/forest/forest/turntable\",\"frames\":\"1-1[1]\",\"renderable\":\"0\","
    "\"output\":\"\",\"format\":\"exr16\",\"LUT\":\"linear\",\"save_to_disk\":\"0\",\"layers\":[]}]}";

/* `text` with every LF made CRLF, written as dir/name. */
static void write_crlf(const char *name, const char *text)
{
	size_t n = 0;
	char *out = malloc(2 * strlen(text) + 1);
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			out[n++] = '\r';
		out[n++] = *p;
	}
	tst_write(dir, name, out, n);
	free(out);
}

static char *asset_list(cJSON *asset, const char *key)
{
	sp_buf got = SP_BUF_INIT;
	cJSON *it;
	char *copy;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(asset, key))
	{
		cr_assert_eq(sp_buf_puts(&got, it->valuestring), 0);
		cr_assert_eq(sp_buf_putc(&got, '\n'), 0);
	}
	copy = strdup(sp_buf_cstr(&got));
	sp_buf_dispose(&got);
	return copy;
}

Test(cl_golden, second_tree_with_crlf_context_options_reference_cycle_and_frame_tokens)
{
	char args[4096], *out = tst_join(dir, "out"), *err = NULL, *text, *want;
	cJSON *task, *asset, *tips, *sw;
	int rc;
	write_crlf("lot.project", lot);
	tst_write(dir, "assets/forest.project", forest, (size_t)-1);
	tst_write(dir, "assets/trees.abc", "abc", 3);
	tst_write(dir, "seq/rain.0001.exr", "1", 1);
	tst_write(dir, "seq/rain.0002.exr", "2", 1);
	tst_write(dir, "seq/rain.0003.exr", "3", 1);
	tst_write(dir, "seq/rain.0004.exr", "4", 1); /* outside every range: not needed */
	tst_write(dir, "osl/box.osl", "shader", 6);
	tst_write(dir, "osl/office.png", "png", 3);
	snprintf(args, sizeof(args), "analyze '%s/lot.project' -o '%s' -q", dir, out);
	rc = tst_run(args, NULL, &err);
	cr_assert(rc == 0 || rc == 1, "exit %d: %s", rc, err ? err : "");
	free(err);

	task = load(out, "task.json");
	text = cJSON_PrintUnformatted(cJSON_GetObjectItem(task, "scene_info_render"));
	cr_assert_str_eq(text, expected_lot_render);
	free(text);
	sw = cJSON_GetObjectItem(task, "software_config");
	cr_assert_str_eq(cJSON_GetObjectItem(sw, "cg_version")->valuestring, "clarisse_ifx_5.0_sp8");
	cr_assert_str_eq(cJSON_GetObjectItem(sw, "cg_name")->valuestring, "Clarisse");
	cJSON_Delete(task);

	asset = load(out, "asset.json");
	text = asset_list(asset, "asset");
	want = with_dir("<DIR>/assets/forest.project\n<DIR>/assets/trees.abc\n<DIR>/lot.project\n"
	                "<DIR>/osl/box.osl\n<DIR>/osl/office.png\n<DIR>/seq/rain.0001.exr\n"
	                "<DIR>/seq/rain.0002.exr\n<DIR>/seq/rain.0003.exr\n");
	cr_assert_str_eq(text, want);
	free(text);
	free(want);
	text = asset_list(asset, "missing");
	want = with_dir("<DIR>/assets/bushes.abc\n");
	cr_assert_str_eq(text, want);
	free(text);
	free(want);
	cJSON_Delete(asset);

	tips = load(out, "tips.json");
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(tips, "25009")), 1);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(tips, "60009")), 1); /* the cycle, once */
	cJSON_Delete(tips);
	free(out);
}
