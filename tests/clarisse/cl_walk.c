/* sp_clarisse_read on small projects written for each case: contexts, layers, frames, files, references. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sp_clarisse.h>

#include "cl_walk.h"
#include "scene_impl.h"
#include "support.h"

static sp_ctx *ctx;
static char *dir;
static sp_scene *scene;

TST_WORLD_SUITE(cl_walk, ctx, dir, scene);

#define HEAD                                                                                                 \
	"#Isotropix_Serial_Version 1.2\n\n#Isotropix_Clarisse_Version "                                      \
	"4\n#Isotropix_Clarisse_Project_Version 0.94\n"

static int read_at(const char *name, const char *text)
{
	char *path = tst_join(dir, name);
	int rc;
	if (text)
		tst_write(dir, name, text, (size_t)-1);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_CLARISSE, path), 0);
	rc = sp_clarisse_read(scene, NULL);
	free(path);
	return rc;
}

static void read_ok(const char *text)
{
	int rc = read_at("shot.project", text);
	cr_assert_eq(rc, 0, "sp_clarisse_read: %d %s", rc, sp_ctx_last_error(ctx));
}

#define unit(name) tst_unit(scene, (name))

#define frames(u) tst_frames(u)

/* "key=value;..." in the order the props were set. */
static const char *props(const sp_unit *u)
{
	static char out[1024];
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sp_unit_prop_count(u); i++) {
		const char *k, *v;
		sp_unit_prop_at(u, i, &k, &v);
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s=%s", i ? ";" : "", k, v);
	}
	return out;
}

/* The i-th declared file whose path contains `part`, or NULL. */
static const sp_fileref *file_with(const char *part)
{
	for (size_t i = 0; i < sp_scene_file_count(scene); i++)
		if (strstr(sp_scene_file_at(scene, i)->path, part))
			return sp_scene_file_at(scene, i);
	return NULL;
}

/* Messages under `code` so far (before or after analysis). */
static size_t tip_count_for(int code)
{
	const sp_strvec *msgs = sp__scene_tip_messages(scene, code);
	return msgs ? msgs->count : 0;
}

static const char image_with_two_layers[] = HEAD "Context \"scene\" {\n"
                                                 "    Context \"shots\" {\n"
                                                 "        CameraPerspective {\n"
                                                 "            name \"cam\"\n"
                                                 "        }\n"
                                                 "        Image {\n"
                                                 "            name \"beauty\"\n"
                                                 "            #version 0.92\n"
                                                 "            layers \".fg\" \".bg\"\n"
                                                 "            render_to_disk yes\n"
                                                 "            first_frame 1001\n"
                                                 "            last_frame 1100\n"
                                                 "            frame_step 2\n"
                                                 "            save_as \"D:\\\\out\\\\beauty\"\n"
                                                 "            format 1\n"
                                                 "            lut \"sRGB\"\n"
                                                 "            embedded_objects {\n"
                                                 "                Layer3d {\n"
                                                 "                    name \"bg\"\n"
                                                 "                    first_frame 1001\n"
                                                 "                    last_frame 1100\n"
                                                 "                    active_camera \"cam\"\n"
                                                 "                    render_to_disk yes\n"
                                                 "                    save_as \"D:/out/bg\"\n"
                                                 "                    format 6\n"
                                                 "                    enable_deep_output yes\n"
                                                 "                    deep_output_path \"D:/out/bg_deep\"\n"
                                                 "                }\n"
                                                 "                KubixLayer {\n"
                                                 "                    name \"fg\"\n"
                                                 "                    first_frame 990\n"
                                                 "                    last_frame 1100\n"
                                                 "                    visible no\n"
                                                 "                }\n"
                                                 "            }\n"
                                                 "        }\n"
                                                 "    }\n"
                                                 "}\n";

Test(cl_walk, names_images_and_embedded_layers_through_nested_contexts)
{
	sp_unit *img, *bg, *fg;
	read_ok(image_with_two_layers);
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	img = unit("project://scene/shots/beauty");
	cr_assert_eq(sp_unit_kind_of(img), SP_UNIT_IMAGE);
	cr_assert_eq(sp_unit_renderable(img), 0);
	cr_assert_str_eq(frames(img), "1001-1100[2]");
	cr_assert_str_eq(props(img), "output=D:\\out\\beauty;format=exr32;LUT=sRGB;save_to_disk=1");
	/* in the order of the "layers" attribute, not the file */
	cr_assert_eq(sp_unit_child_count(img), 2);
	fg = sp_unit_child_at(img, 0);
	bg = sp_unit_child_at(img, 1);
	cr_assert_str_eq(sp_unit_name(fg), "project://scene/shots/beauty.fg");
	cr_assert_str_eq(sp_unit_name(bg), "project://scene/shots/beauty.bg");
	cr_assert_eq(sp_unit_kind_of(bg), SP_UNIT_IMAGE_LAYER);
	cr_assert_str_eq(props(bg), "output=D:/out/bg;format=png8;save_to_disk=1;enable_deep_output=1;"
	                            "enable_deep_output_path=D:/out/bg_deep");
	cr_assert_str_eq(props(fg),
	                 "output=;format=exr16;save_to_disk=0;enable_deep_output=0;enable_deep_output_path=");
	cr_assert_eq(sp_unit_renderable(bg), 1);
	cr_assert_eq(sp_unit_renderable(fg), 0);
	cr_assert_str_eq(frames(bg), "1001-1100[1]");
	cr_assert_eq(sp_unit_camera_count(bg), 1);
	{
		const char *cam;
		int r;
		sp_unit_camera_at(bg, 0, &cam, &r);
		cr_assert_str_eq(cam, "project://scene/shots/cam");
	}
	/* fg starts before its image: one tip */
	cr_assert_eq(tip_count_for(CL_TIP_LAYER_FRAMES), 1);
	cr_assert_eq(tip_count_for(SP_TIP_NO_RENDERABLE_UNIT), 0);
}

Test(cl_walk, frames_default_when_absent_and_software_comes_from_the_header)
{
	read_ok("#Isotropix_Serial_Version 1.2\n\n#Isotropix_Clarisse_Version 5.0 SP12\n"
	        "Context \"scene\" {\n Image {\n  name \"img\"\n }\n KubixRenderer {\n  name \"k\"\n }\n"
	        " RendererPathTracer {\n  name \"pt\"\n }\n}\n");
	cr_assert_str_eq(frames(unit("project://scene/img")), "1-1[1]");
	cr_assert_str_eq(sp_scene_version(scene), "clarisse_ifx_5.0_sp12");
	cr_assert_eq(sp_scene_plugin_count(scene), 1);
	{
		const char *n, *v;
		sp_scene_plugin_at(scene, 0, &n, &v);
		cr_assert_str_eq(n, "Kubix");
	}
	/* nothing has render_to_disk */
	cr_assert_eq(tip_count_for(SP_TIP_NO_RENDERABLE_UNIT), 1);
}

Test(cl_walk, empty_or_folder_only_save_as_is_a_tip)
{
	read_ok(HEAD "Context \"s\" {\n Image {\n  name \"a\"\n  render_to_disk yes\n }\n"
	             " Image {\n  name \"b\"\n  render_to_disk yes\n  save_as \"/renders/\"\n }\n"
	             " Image {\n  name \"c\"\n  render_to_disk no\n }\n}\n");
	cr_assert_eq(tip_count_for(CL_TIP_BAD_OUTPUT), 2);
}

Test(cl_walk, texture_udim_alembic_and_windows_paths_are_declared_with_provenance)
{
	const sp_fileref *tex, *abc, *win, *osl, *vdb;
	read_ok(HEAD "Context \"scene\" {\n"
	             "    TextureMapFile {\n"
	             "        name \"diffuse\"\n"
	             "        filename \"$PDIR/tex/wood.<UDIM>.tx\"\n"
	             "    }\n"
	             "    TextureStreamedMapFile {\n"
	             "        name \"disp\"\n"
	             "        filename \"\\\\\\\\srv\\\\lib\\\\disp.$UDIM.exr\"\n"
	             "    }\n"
	             "    GeometryBundleAlembic {\n"
	             "        name \"bundle\"\n"
	             "        filename \"C:\\\\abc\\\\a.abc\" \"$PDIR/b.abc\"\n"
	             "    }\n"
	             "    GeometryVolumeFile {\n"
	             "        name \"smoke\"\n"
	             "        filename \"vdb/smoke.####.vdb\"\n"
	             "    }\n"
	             "    MaterialPhysicalStandard {\n"
	             "        name \"mat\"\n"
	             "        custom_attributes {\n"
	             "            attribute_group \"input\" {\n"
	             "                filename_open \"OSL_filename\" {\n"
	             "                    value \"$PDIR/office.osl\"\n"
	             "                }\n"
	             "            }\n"
	             "        }\n"
	             "        diffuse_front_color {\n"
	             "            value 1 1 1\n"
	             "            texture \"project://scene/diffuse\"\n"
	             "        }\n"
	             "    }\n"
	             "}\n");
	tex = file_with("wood");
	cr_assert_not_null(tex);
	cr_assert(strstr(tex->path, dir) != NULL || strstr(tex->path, "/tex/wood.<UDIM>.tx"), "%s",
	          tex->path);
	cr_assert(tex->path[0] == '/', "$PDIR must be replaced: %s", tex->path);
	cr_assert_eq(tex->kind, SP_REF_TEXTURE);
	cr_assert(tex->flags & SP_REF_TILES);
	cr_assert_str_eq(tex->node, "project://scene/diffuse");
	cr_assert_str_eq(tex->attr, "filename");
	cr_assert_eq(tex->line, 8);
	win = file_with("disp");
	cr_assert_str_eq(win->path, "\\\\srv\\lib\\disp.<UDIM>.exr");
	abc = file_with("a.abc");
	cr_assert_str_eq(abc->path, "C:\\abc\\a.abc");
	cr_assert_eq(abc->kind, SP_REF_CACHE);
	cr_assert_not_null(file_with("/b.abc"));
	vdb = file_with("smoke");
	cr_assert_eq(vdb->kind, SP_REF_VOLUME);
	cr_assert(vdb->flags & SP_REF_FRAMES);
	osl = file_with("office.osl");
	cr_assert_not_null(osl);
	cr_assert_str_eq(osl->attr, "OSL_filename");
	cr_assert_str_eq(osl->node, "project://scene/mat");
	/* item links are not files */
	cr_assert_eq(file_with("project://"), NULL);
	cr_assert_eq(sp_scene_file_count(scene), 6);
}

Test(cl_walk, udim_textures_expand_to_their_tiles_in_analysis)
{
	tst_write(dir, "tex/wood.1001.tx", "a", 1);
	tst_write(dir, "tex/wood.1002.tx", "bb", 2);
	read_ok(HEAD "Context \"scene\" {\n TextureMapFile {\n  name \"t\"\n  filename "
	             "\"$PDIR/tex/wood.<UDIM>.tx\"\n }\n}\n");
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(sp_scene_missing_count(scene), 0);
	cr_assert_eq(sp_scene_asset_count(scene), 3); /* two tiles and the project */
}

Test(cl_walk, outputs_are_not_inputs_and_overlaps_are_reported)
{
	read_ok(HEAD
	        "Context \"scene\" {\n"
	        " TextureMapFile {\n  name \"plate\"\n  filename \"$PDIR/render/beauty.0001.exr\"\n }\n"
	        " Image {\n  name \"img\"\n  render_to_disk yes\n  save_as \"$PDIR/render/beauty\"\n }\n}\n");
	cr_assert_eq(sp_scene_file_count(scene), 1);
	cr_assert_eq(tip_count_for(CL_TIP_OUTPUT_OVERLAP), 1);
}

/* main -> a/level1.project -> a/b/level2.project, with files at each level. */
Test(cl_walk, referenced_projects_are_read_two_levels_deep)
{
	tst_write(dir, "a/b/level2.project",
	          HEAD
	          "Context \"deep\" {\n TextureMapFile {\n  name \"t2\"\n  filename \"$PDIR/t2.png\"\n }\n"
	          " Image {\n  name \"img2\"\n }\n}\n",
	          (size_t)-1);
	tst_write(dir, "a/level1.project",
	          HEAD "Context \"mid\" {\n Context \"ref2\" {\n  filename \"b/level2.project\"\n }\n"
	               " TextureMapFile {\n  name \"t1\"\n  filename \"t1.png\"\n }\n}\n",
	          (size_t)-1);
	read_ok(HEAD
	        "Context \"scene\" {\n Context \"ref1\" {\n  filename \"$PDIR/a/level1.project\"\n }\n}\n");
	cr_assert_not_null(file_with("level1.project"));
	cr_assert_not_null(file_with("level2.project"));
	cr_assert_eq(file_with("level2.project")->kind, SP_REF_SCENE);
	cr_assert_not_null(file_with("a/b/t2.png"));
	cr_assert_str_eq(file_with("t1.png")->node, "project://scene/ref1/mid/t1");
	/* a relative path in a referenced project is tried against its own folder first */
	cr_assert(strstr(file_with("t1.png")->base, "/a") != NULL, "%s", file_with("t1.png")->base);
	unit("project://scene/ref1/mid/ref2/deep/img2");
}

Test(cl_walk, reference_cycles_are_cut_with_a_tip)
{
	tst_write(dir, "x.project",
	          HEAD "Context \"x\" {\n Context \"r\" {\n  filename \"y.project\"\n }\n}\n", (size_t)-1);
	tst_write(dir, "y.project",
	          HEAD "Context \"y\" {\n Context \"r\" {\n  filename \"x.project\"\n }\n}\n", (size_t)-1);
	cr_assert_eq(read_at("x.project", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(tip_count_for(SP_TIP_REFERENCE_CYCLE), 1);
}

Test(cl_walk, missing_and_corrupt_references_do_not_stop_the_main_project)
{
	tst_write(dir, "bad.project", HEAD "Context \"x\" {\n", (size_t)-1);
	read_ok(HEAD "Context \"scene\" {\n Context \"r1\" {\n  filename \"gone.project\"\n }\n"
	             " Context \"r2\" {\n  filename \"bad.project\"\n }\n Image {\n  name \"i\"\n }\n}\n");
	unit("project://scene/i");
	cr_assert_eq(tip_count_for(SP_TIP_REFERENCE_NOT_READ), 1);
	cr_assert_eq(sp_scene_analyze(scene), 0);
	cr_assert_eq(tip_count_for(SP_TIP_CLARISSE_MISSING_FILE), 1);
}

Test(cl_walk, truncated_project_is_corrupt_naming_the_line)
{
	cr_assert_eq(read_at("cut.project", HEAD "Context \"scene\" {\n Image {\n  name \"i\"\n"),
	             SP_ECORRUPT);
	cr_assert(strstr(sp_ctx_last_error(ctx), "cut.project:7:") != NULL, "%s", sp_ctx_last_error(ctx));
}

Test(cl_walk, a_file_without_the_header_is_unsupported)
{
	cr_assert_eq(read_at("eclipse.project", "<?xml version=\"1.0\"?>\n<projectDescription>\n"),
	             SP_EUNSUPPORTED);
}

Test(cl_walk, animated_attributes_keep_their_static_components)
{
	read_ok(HEAD
	        "Context \"scene\" {\n Image {\n  name \"i\"\n  last_frame {\n   value[] {\n    fcurve {\n"
	        "     key 0 0.0 -1 0.0 0.0 0.0 -0.1 0.0 0.1 0.0 yes yes no yes\n    }\n   }\n  }\n"
	        "  first_frame {\n   value 5\n  }\n }\n}\n");
	/* an animated frame range keeps the static value when there is one, the default otherwise */
	cr_assert_str_eq(frames(unit("project://scene/i")), "5-5[1]");
}

Test(cl_walk, sniff_needs_the_serial_version_line)
{
	cr_assert(sp_clarisse_sniff((const unsigned char *)"#Isotropix_Serial_Version 1.2\n", 30));
	cr_assert(sp_clarisse_sniff((const unsigned char *)"\xEF\xBB\xBF#Isotropix_Serial_Version 1.1", 33));
	cr_assert_not(sp_clarisse_sniff((const unsigned char *)"#Isotropix", 10));
	cr_assert_not(sp_clarisse_sniff((const unsigned char *)"<?xml", 5));
}

Test(cl_walk, a_layer_without_a_range_renders_its_image_frames)
{
	read_ok(
	    HEAD
	    "Context \"s\" {\n Image {\n  name \"i\"\n  first_frame 10\n  last_frame 20\n  layers \".l\"\n"
	    "  embedded_objects {\n   Layer3d {\n    name \"l\"\n   }\n  }\n }\n}\n");
	cr_assert_str_eq(frames(sp_unit_child_at(unit("project://s/i"), 0)), "10-20[1]");
	cr_assert_eq(tip_count_for(CL_TIP_LAYER_FRAMES), 0);
}

Test(cl_walk, a_second_image_with_the_same_name_is_ignored)
{
	read_ok(
	    HEAD
	    "Context \"s\" {\n Image {\n  name \"i\"\n  first_frame 3\n }\n Image {\n  name \"i\"\n }\n}\n");
	cr_assert_eq(sp_scene_unit_count(scene), 1);
	cr_assert_str_eq(frames(unit("project://s/i")), "3-3[1]");
}

Test(cl_walk, deep_output_path_is_read_from_save_deep_data_as)
{
	read_ok(
	    HEAD
	    "Context \"s\" {\n Image {\n  name \"i\"\n  layers \".l\"\n  embedded_objects {\n   Layer3d {\n"
	    "    name \"l\"\n    enable_deep_output yes\n    save_deep_data_as \"/r/deep\"\n   }\n  }\n "
	    "}\n}\n");
	cr_assert_str_eq(sp_unit_get(sp_unit_child_at(unit("project://s/i"), 0), "enable_deep_output_path"),
	                 "/r/deep");
	/* an output, not an input */
	cr_assert_eq(sp_scene_file_count(scene), 0);
}

Test(cl_walk, an_alembic_context_reference_is_a_cache_not_a_project)
{
	read_ok(HEAD "Context \"s\" {\n Context \"anim\" {\n  filename \"$PDIR/cache/shot.abc\"\n }\n}\n");
	cr_assert_eq(sp_scene_file_count(scene), 1);
	cr_assert_eq(sp_scene_file_at(scene, 0)->kind, SP_REF_CACHE);
	cr_assert_str_eq(sp_scene_file_at(scene, 0)->node, "project://s/anim");
}

Test(cl_walk, environment_variables_such_as_cdir_are_expanded_by_the_context)
{
	tst_write(dir, "lib/hdri/sky.exr", "e", 1);
	cr_assert_eq(sp_ctx_set_env(ctx, "CDIR", dir), 0);
	read_ok(HEAD "Context \"s\" {\n TextureMapFile {\n  name \"sky\"\n  filename "
	             "\"$CDIR/lib/hdri/sky.exr\"\n }\n}\n");
	/* kept as written for the core, which expands it against the context's variables */
	cr_assert_str_eq(sp_scene_file_at(scene, 0)->path, "$CDIR/lib/hdri/sky.exr");
	cr_assert_eq(sp_scene_analyze(scene), 0);
	cr_assert_eq(sp_scene_missing_count(scene), 0);
	cr_assert_eq(sp_scene_asset_count(scene), 2);
}

Test(cl_walk, the_extension_rule_finds_paths_with_spaces_in_any_attribute)
{
	read_ok(HEAD "Context \"s\" {\n LightPhysicalSpot {\n  name \"spot\"\n  profile_file \"D:/My "
	             "Lights/studio.ies\"\n"
	             "  doc \"a label, not a path\"\n  attribute_groups \"Layer 1 3\" yes\n }\n}\n");
	cr_assert_eq(sp_scene_file_count(scene), 1);
	cr_assert_str_eq(sp_scene_file_at(scene, 0)->path, "D:/My Lights/studio.ies");
	cr_assert_eq(sp_scene_file_at(scene, 0)->kind, SP_REF_LIGHT);
	cr_assert_str_eq(sp_scene_file_at(scene, 0)->attr, "profile_file");
}

Test(cl_walk, formats_map_to_farm_names_and_unknown_values_are_kept)
{
	read_ok(HEAD "Context \"s\" {\n Image {\n  name \"a\"\n  format 7\n }\n Image {\n  name \"b\"\n  "
	             "format \"EXR32\"\n }\n"
	             " Image {\n  name \"c\"\n  format 99\n }\n Image {\n  name \"d\"\n }\n}\n");
	cr_assert_str_eq(sp_unit_get(unit("project://s/a"), "format"), "png16");
	cr_assert_str_eq(sp_unit_get(unit("project://s/b"), "format"), "exr32");
	cr_assert_str_eq(sp_unit_get(unit("project://s/c"), "format"), "99");
	cr_assert_str_eq(sp_unit_get(unit("project://s/d"), "format"), "exr16");
}

Test(cl_walk, reference_chains_stop_at_the_depth_limit)
{
	char name[64], text[512];
	/* p0 -> p1 -> ... -> p20: each level is a different file, so only the depth guard stops it */
	for (int i = 0; i <= 20; i++) {
		snprintf(name, sizeof(name), "p%d.project", i);
		snprintf(text, sizeof(text),
		         HEAD "Context \"c%d\" {\n Context \"r\" {\n  filename \"p%d.project\"\n }\n}\n", i,
		         i + 1);
		tst_write(dir, name, text, (size_t)-1);
	}
	cr_assert_eq(read_at("p0.project", NULL), 0, "%s", sp_ctx_last_error(ctx));
	cr_assert_eq(tip_count_for(SP_TIP_REFERENCE_CYCLE), 1);
	/* levels 1..16 were read and declared their reference; p17 was declared but not read */
	cr_assert_eq(sp_scene_file_count(scene), CL_MAX_REFERENCE_DEPTH + 1);
}

Test(cl_walk, a_windows_reference_is_followed_through_a_path_map)
{
	tst_write(dir, "show/env.project",
	          HEAD
	          "Context \"env\" {\n Image {\n  name \"env_img\"\n }\n TextureMapFile {\n  name \"t\"\n"
	          "  filename \"Z:\\\\show\\\\tex\\\\a.png\"\n }\n}\n",
	          (size_t)-1);
	tst_write(dir, "show/tex/a.png", "p", 1);
	{
		char *show = tst_join(dir, "show");
		cr_assert_eq(sp_ctx_add_path_map(ctx, "Z:/show", show), 0);
		free(show);
	}
	read_ok(HEAD
	        "Context \"scene\" {\n Context \"r\" {\n  filename \"Z:\\\\show\\\\env.project\"\n }\n}\n");
	unit("project://scene/r/env/env_img");
	cr_assert_eq(sp_scene_analyze(scene), 0);
	cr_assert_eq(sp_scene_missing_count(scene), 0);
	cr_assert_eq(sp_scene_asset_count(scene), 3); /* the project, the reference, the texture */
}

Test(cl_walk, bad_arguments_and_missing_projects_are_reported)
{
	sp_clarisse_options opts = SP_CLARISSE_OPTIONS_INIT;
	char *path = tst_join(dir, "none.project");
	cr_assert_eq(sp_clarisse_read(NULL, NULL), SP_EUSER);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_CLARISSE, path), 0);
	opts.version = 99;
	cr_assert_eq(sp_clarisse_read(scene, &opts), SP_EUSER);
	sp_ctx_clear_error(ctx);
	opts.version = SP_CLARISSE_OPTIONS_VERSION;
	cr_assert_eq(sp_clarisse_read(scene, &opts), SP_ENOTFOUND);
	cr_assert(strstr(sp_ctx_last_error(ctx), "none.project") != NULL, "%s", sp_ctx_last_error(ctx));
	free(path);
}

Test(cl_walk, two_dimensional_layers_are_not_render_layers)
{
	read_ok(HEAD
	        "Context \"s\" {\n ShadingLayer {\n  name \"sl\"\n }\n"
	        " Image {\n  name \"i\"\n  layers \".plate\" \".r\" \"sl\" \".x\"\n  "
	        "embedded_objects {\n"
	        "   LayerFile {\n    name \"plate\"\n    filename \"$PDIR/plate.####.exr\"\n   }\n"
	        "   LayerRedshift {\n    name \"r\"\n   }\n   Layer3d {\n    name \"x\"\n   }\n  }\n }\n}\n");
	cr_assert_eq(sp_unit_child_count(unit("project://s/i")), 2);
	cr_assert_str_eq(sp_unit_name(sp_unit_child_at(unit("project://s/i"), 0)), "project://s/i.r");
	/* the 2D layer's file is still an input */
	cr_assert_not_null(file_with("plate.####.exr"));
	cr_assert_str_eq(file_with("plate.####.exr")->node, "project://s/i.plate");
}

Test(cl_walk, every_extension_of_the_generic_rule_is_found_and_numbers_never_are)
{
	static const char *const exts[] = {
	    "3dl",  "abc",  "bmp",  "ccfx", "cfx",  "cin",   "csp",   "cube", "dpx",     "exr",
	    "f3d",  "fbx",  "gif",  "hdr",  "hdri", "ies",   "iff",   "jp2",  "jpeg",    "jpg",
	    "lwo",  "obj",  "ocio", "osl",  "oso",  "ply",   "png",   "ppm",  "project", "psd",
	    "ptex", "ptx",  "rat",  "rgb",  "sgi",  "spi1d", "spi3d", "stl",  "tex",     "tga",
	    "tif",  "tiff", "tx",   "usd",  "usda", "usdc",  "usdz",  "vdb",  "wav",     "webp"};
	static const char *const not_files[] = {"0.5",
	                                        "-3.25",
	                                        "1e2",
	                                        "12",
	                                        "4.0e-3",
	                                        "v2",
	                                        "a.b2",
	                                        "file.exr/",
	                                        "C:\\tex\\",
	                                        "name.",
	                                        ".",
	                                        "a.toolongext",
	                                        "a.ex r",
	                                        "<empty>",
	                                        "project://scene/tex.exr",
	                                        "two\nlines.exr"};
	char path[64];
	sp_ref_kind kind;
	for (size_t i = 0; i < sizeof(exts) / sizeof(*exts); i++) {
		snprintf(path, sizeof(path), "D:/in/file.%s", exts[i]);
		cr_assert_eq(cl_file_kind("Anything", "any_attr", path, &kind), 1, "%s", path);
		/* extensions are compared without case */
		for (char *p = strrchr(path, '.'); *p; p++)
			*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		cr_assert_eq(cl_file_kind("Anything", "any_attr", path, &kind), 1, "%s", path);
	}
	for (size_t i = 0; i < sizeof(not_files) / sizeof(*not_files); i++)
		cr_assert_eq(cl_file_kind("Anything", "any_attr", not_files[i], &kind), 0, "%s",
		             not_files[i]);
	/* outputs are never inputs, whatever their extension */
	cr_assert_eq(cl_file_kind("Layer3d", "save_deep_data_as", "D:/out/deep.exr", &kind), 0);
	cr_assert_eq(cl_file_kind("ProcessAlembicExport", "filename", "D:/out/x.abc", &kind), 0);
	/* a file attribute of its class is a file whatever it ends in */
	cr_assert_eq(cl_file_kind("TextureMapFile", "filename", "D:/in/noext", &kind), 1);
	cr_assert_eq(kind, SP_REF_TEXTURE);
}

Test(cl_walk, point_lists_are_skipped_but_bare_values_of_images_and_file_attributes_are_read)
{
	read_ok(HEAD "Context \"s\" {\n"
	             " SceneObjectScatterer {\n  name \"sc\"\n  positions 1.5 0 2 3.exr 4 5\n"
	             "  proxy D:/geo/proxy.abc 1\n }\n"
	             " GeometryPolyfile {\n  name \"geo\"\n  filename D:/geo/rock.obj\n }\n"
	             " Image {\n  name \"img\"\n  first_frame 5\n  last_frame 9\n  render_to_disk yes\n"
	             "  save_as \"D:/out/img\"\n  format 1\n }\n}\n");
	/* the scatterer's bare words are never tokenised ("3.exr" is no file of the scene) unless a
	 * separator makes one of them look like a path a hand-edited file left unquoted */
	cr_assert_eq(sp_scene_file_count(scene), 2);
	cr_assert_str_eq(sp_scene_file_at(scene, 0)->path, "D:/geo/proxy.abc");
	cr_assert_str_eq(sp_scene_file_at(scene, 1)->path, "D:/geo/rock.obj");
	cr_assert_str_eq(frames(unit("project://s/img")), "5-9[1]");
	cr_assert_str_eq(sp_unit_get(unit("project://s/img"), "save_to_disk"), "1");
}

/*
 * How Conductor's dependency scan sees a referenced project: the path sits
 * on a hidden Generic item named __context_options__ in the reference
 * context.  Its items go under that context.
 */
Test(cl_walk, a_reference_held_by_context_options_is_read_under_its_context)
{
	tst_write(dir, "assets/tree.project",
	          HEAD
	          "Context \"tree\" {\n TextureMapFile {\n  name \"bark\"\n  filename \"$PDIR/bark.tx\"\n }\n"
	          " Image {\n  name \"turn\"\n }\n}\n",
	          (size_t)-1);
	read_ok(HEAD "Context \"s\" {\n Context \"forest\" {\n  Generic {\n   name \"__context_options__\"\n"
	             "   private yes\n   filename \"$PDIR/assets/tree.project\"\n  }\n }\n}\n");
	cr_assert_not_null(file_with("tree.project"));
	cr_assert_eq(file_with("tree.project")->kind, SP_REF_SCENE);
	cr_assert_not_null(file_with("assets/bark.tx"));
	cr_assert_str_eq(file_with("bark.tx")->node, "project://s/forest/tree/bark");
	unit("project://s/forest/tree/turn");
}

/* Item paths under another root (build://, default://) are names, kept as written, never files. */
Test(cl_walk, build_and_default_item_paths_are_kept_as_written)
{
	sp_unit *img, *layer;
	const char *cam;
	int r;
	read_ok(HEAD "Context \"s\" {\n"
	             " Layer3d {\n  name \"shared\"\n  active_camera \"build://project/cams/hero.abc\"\n"
	             "  renderer \"default://renderer.project\"\n }\n"
	             " Image {\n  name \"img\"\n  layers \"project://s/shared\"\n"
	             "  materials \"default://material\"\n }\n}\n");
	/* a layer named by its full path rather than ".name" is found outside the image */
	img = unit("project://s/img");
	cr_assert_eq(sp_unit_child_count(img), 1);
	layer = sp_unit_child_at(img, 0);
	cr_assert_str_eq(sp_unit_name(layer), "project://s/shared");
	cr_assert_eq(sp_unit_camera_count(layer), 1);
	sp_unit_camera_at(layer, 0, &cam, &r);
	cr_assert_str_eq(cam, "build://project/cams/hero.abc");
	/* "...abc" and "...project" after a root are item names, not an Alembic file or a project */
	cr_assert_eq(sp_scene_file_count(scene), 0);
}

/* Many outputs take the sorted path of the overlap check; it finds what the plain pass finds. */
static void overlaps_with_images(size_t images, size_t *tips)
{
	sp_buf text = SP_BUF_INIT;
	cr_assert_eq(sp_buf_puts(&text, HEAD "Context \"s\" {\n"), 0);
	/* inputs: out/img3.0001.exr overlaps image 3's output; out/img10.exr does not overlap image 1's */
	cr_assert_eq(
	    sp_buf_puts(&text, " TextureMapFile {\n  name \"a\"\n  filename \"$PDIR/out/img3.0001.exr\"\n }\n"
	                       " TextureMapFile {\n  name \"b\"\n  filename \"$PDIR/out/img10x.exr\"\n }\n"
	                       " TextureMapFile {\n  name \"c\"\n  filename \"$PDIR/in/plate.exr\"\n }\n"),
	    0);
	for (size_t i = 0; i < images; i++)
		cr_assert_eq(sp_buf_printf(&text,
		                           " Image {\n  name \"img%zu\"\n  render_to_disk yes\n  save_as "
		                           "\"$PDIR/out/img%zu\"\n }\n",
		                           i, i),
		             0);
	cr_assert_eq(sp_buf_puts(&text, "}\n"), 0);
	read_ok(sp_buf_cstr(&text));
	*tips = tip_count_for(CL_TIP_OUTPUT_OVERLAP);
	sp_buf_dispose(&text);
}

Test(cl_walk, overlaps_are_found_the_same_with_few_and_many_outputs)
{
	size_t few, many;
	overlaps_with_images(4, &few);
	sp_scene_free(scene);
	scene = NULL;
	overlaps_with_images(40, &many);
	cr_assert_eq(few, 1);
	cr_assert_eq(many, 1);
}
