/* Render settings as the farm names them: image formats and sizes per renderer and Maya version. */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>

#include "ma_attrs.h"

#include <string.h>

Test(maya_formats, every_long_attribute_name_in_the_alias_table_is_found_by_its_bisection)
{
	const char *sname, *lname, *prev = NULL;
	size_t i = 0;
	for (; ma_attr_alias_at(i, &sname, &lname); i++) {
		if (prev)
			cr_assert_lt(strcmp(prev, lname), 0, "alias table out of order at %s", lname);
		cr_assert_str_eq(ma_attr_canon(lname), sname, "%s", lname);
		prev = lname;
	}
	cr_assert_gt(i, 60);
	cr_assert_str_eq(ma_attr_canon("fileTextureName"), "ftn");
	cr_assert_str_eq(ma_attr_canon("ftn"), "ftn");
	cr_assert_str_eq(ma_attr_canon("colorSpace"), "colorSpace"); /* unknown: as written */
	cr_assert_str_eq(ma_attr_canon(""), "");
}

Test(maya_formats, a_string_looks_like_a_path_when_it_ends_in_a_known_extension_after_a_name)
{
	cr_assert(ma_looks_like_path("sourceimages/wood.exr"));
	cr_assert(ma_looks_like_path("C:\\tex\\WOOD.EXR")); /* any case */
	cr_assert(ma_looks_like_path("cache/rock.ass.gz")); /* two-part extensions */
	cr_assert(ma_looks_like_path("a.tx"));
	cr_assert_not(ma_looks_like_path(".exr"));          /* an extension alone names nothing */
	cr_assert_not(ma_looks_like_path("textures/.exr")); /* nor one right after a separator */
	cr_assert_not(ma_looks_like_path("x\\.png"));
	cr_assert_not(ma_looks_like_path("notes.txt"));
	cr_assert_not(ma_looks_like_path("exr"));
	cr_assert_not(ma_looks_like_path("a.exr\nb.exr")); /* MEL with newlines, not a path */
	cr_assert_not(ma_looks_like_path(""));
}

Test(maya_formats, the_image_format_enum_names_each_file_kind)
{
	/* the order of the -en list Render Setup writes for an imageFormat override (layers.ma) */
	cr_assert_str_eq(ma_image_format_name(3), "tif");
	cr_assert_str_eq(ma_image_format_name(7), "iff");
	cr_assert_str_eq(ma_image_format_name(8), "jpg");
	cr_assert_str_eq(ma_image_format_name(22), "mov");
	cr_assert_str_eq(ma_image_format_name(23), "avi"); /* a 2018 scene with .outf 23 rendered room.avi */
	cr_assert_str_eq(ma_image_format_name(32), "png");
	cr_assert_str_eq(ma_image_format_name(40), "exr");
	/* 51: the renderer's own format, named by imfPluginKey instead */
	cr_assert_null(ma_image_format_name(51));
	cr_assert_null(ma_image_format_name(-1));
}

#include <stdlib.h>
#include <string.h>

#include "support.h"

/* task.json of `scene_text` analysed through the command line. */
static char *task_of(const char *scene_text)
{
	char *dir = tst_mkdtemp(), *args = NULL, *task, *path;
	tst_write(dir, "shot.ma", scene_text, (size_t)-1);
	cr_assert(asprintf(&args, "analyze %s/shot.ma -o %s/out -q", dir, dir) > 0);
	cr_assert_eq(tst_run(args, NULL, NULL), 0);
	path = tst_join(dir, "out/task.json");
	task = tst_read(path, NULL);
	cr_assert_not_null(task);
	free(path);
	free(args);
	tst_rmtree(dir);
	free(dir);
	return task;
}

#define VRAY_SCENE(version, size)                                                                            \
	"//Maya ASCII " version " scene\nrequires maya \"" version                                           \
	"\";\nrequires \"vrayformaya\" \"3.10.01\";\n"                                                       \
	"createNode transform -s -n \"persp\";\ncreateNode camera -s -n \"perspShape\" -p \"persp\";\n"      \
	"\tsetAttr -k off \".v\" no;\n\tsetAttr \".rnd\" yes;\n"                                             \
	"createNode VRaySettingsNode -s -n \"vraySettings\";\n" size                                         \
	"select -ne :defaultRenderGlobals;\n\tsetAttr \".ren\" -type \"string\" \"vray\";\n"

Test(maya_formats, vray_renders_at_the_size_of_its_own_settings)
{
	char *task = task_of(VRAY_SCENE("2016", "\tsetAttr \".wi\" 1234;\n\tsetAttr \".he\" 567;\n"));
	cr_assert(strstr(task, "\"width\":\t\"1234\""), "%s", task);
	cr_assert(strstr(task, "\"height\":\t\"567\""), "%s", task);
	free(task);
}

Test(maya_formats, an_unset_size_is_hd_540_from_maya_2015_and_vga_before)
{
	char *task = task_of(VRAY_SCENE("2016", ""));
	cr_assert(strstr(task, "\"width\":\t\"960\""), "%s", task);
	cr_assert(strstr(task, "\"height\":\t\"540\""), "%s", task);
	free(task);
	task = task_of(VRAY_SCENE("2014", ""));
	cr_assert(strstr(task, "\"width\":\t\"640\""), "%s", task);
	cr_assert(strstr(task, "\"height\":\t\"480\""), "%s", task);
	free(task);
}
