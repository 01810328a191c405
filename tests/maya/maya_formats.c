/* Maya's defaultRenderGlobals.imageFormat enum, as the extensions the farm expects. */
#include <criterion/criterion.h>

#include "ma_attrs.h"

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
