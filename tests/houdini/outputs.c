/*
 * Parameters that name what a node writes are never missing inputs: bake and
 * export targets of SOPs the file table does not list, and IsoOffset's SDF
 * file unless it is in "read" mode.  Checked through the command line's tips.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "testkit.h"

static char *tips_of(const tk_bytes *b)
{
	char *dir = tst_mkdtemp(), args[4096], *path, *tips;
	tst_write(dir, "shot.hip", b->p, b->n);
	snprintf(args, sizeof(args), "analyze %s/shot.hip -o %s/out -q", dir, dir);
	cr_assert_leq(tst_run(args, NULL, NULL), 1);
	path = tst_join(dir, "out/tips.json");
	tips = tst_read(path, NULL);
	cr_assert_not_null(tips);
	free(path);
	tst_rmtree(dir);
	free(dir);
	return tips;
}

static void scene(tk_bytes *b, const char *iso_mode)
{
	static const char *const baker[] = {"sOutputFile=/no/such/bake/mask.png",
	                                    "sopoutputlow=/no/such/bake/low.fbx", NULL};
	static const char *const volume_texture[] = {"output_picture=/no/such/bake/cloud.exr", NULL};
	static const char *const reader[] = {"file=/no/such/input/rock.bgeo.sc", "filemode=read", NULL};
	static const char *const karma[] = {"picture=/no/such/render/beauty.$F4.exr", "dcm=\"off\"",
	                                    "dcmfilename=/no/such/render/deep.$F4.exr", NULL};
	const char *iso[] = {"filename=/no/such/sdf/sdf$F4.simdata", iso_mode, NULL};
	tk_odc(b, ".start", "fps 24\ntcur 0\ntset 0 10\nfrange 1 240\n", TK_STR);
	tk_odc(b, ".variables", "set -g _HIP_SAVEVERSION = '20.0.547'\n", TK_STR);
	tk_odc_node(b, "obj/geo1", "geo", 0, NULL);
	tk_odc_node(b, "obj/geo1/maps_baker1", "labs::maps_baker::5.0", 0, baker);
	tk_odc_node(b, "obj/geo1/volume_texture1", "labs::volume_texture::1.0", 0, volume_texture);
	tk_odc_node(b, "obj/geo1/isooffset1", "isooffset", 0, iso);
	tk_odc_node(b, "obj/geo1/file1", "file", 0, reader);
	tk_odc_node(b, "out/karma1", "karma", 0, karma);
	tk_odc_end(b);
}

Test(outputs, bake_and_export_targets_are_not_missing_inputs)
{
	tk_bytes b = {0};
	char *tips;
	scene(&b, "filemode=none");
	tips = tips_of(&b);
	cr_assert(strstr(tips, "rock.bgeo.sc"), "a file the scene reads is still checked: %s", tips);
	cr_assert_null(strstr(tips, "mask.png"), "%s", tips);
	cr_assert_null(strstr(tips, "low.fbx"), "%s", tips);
	cr_assert_null(strstr(tips, "cloud.exr"), "%s", tips);
	cr_assert_null(strstr(tips, "simdata"), "IsoOffset reads nothing in mode none: %s", tips);
	cr_assert_null(strstr(tips, "deep."), "Karma's deep camera map is an output: %s", tips);
	free(tips);
	tk_free(&b);
}

Test(outputs, isooffset_reads_its_sdf_file_in_read_mode)
{
	tk_bytes b = {0};
	char *tips;
	scene(&b, "filemode=read");
	tips = tips_of(&b);
	cr_assert(strstr(tips, "sdf$F4.simdata") || strstr(tips, "sdf0001.simdata"), "%s", tips);
	free(tips);
	tk_free(&b);
}

Test(outputs, a_python_image_path_is_unknown_not_empty)
{
	/* as houdini-minipipe's normalmap.hipnc saves it: no cached value, a Python channel */
	static const char *const rop[] = {"vm_picture=[ vm_picture\t\"\" ] ", "trange=\"off\"", NULL};
	static const char chn[] = "{\n    channel vm_picture {\n      flags = 0\n"
	                          "      segment { length = 0 expr = \"import project\\nreturn "
	                          "project.getoutpath(hou.pwd())\" language = python }\n    }\n}\n";
	tk_bytes b = {0};
	char *tips;
	tk_odc(&b, ".start", "fps 24\ntcur 0\ntset 0 10\nfrange 1 240\n", TK_STR);
	tk_odc(&b, ".variables", "set -g _HIP_SAVEVERSION = '16.0.600'\n", TK_STR);
	tk_odc_node(&b, "out/mantra1", "ifd", 0, rop);
	tk_odc(&b, "out/mantra1.chn", chn, TK_STR);
	tk_odc_end(&b);
	tips = tips_of(&b);
	cr_assert(
	    strstr(tips, "\"60007\":\t[\"/out/mantra1: parameter vm_picture follows a Python expression"),
	    "%s", tips);
	cr_assert_null(strstr(tips, "saves to"), "%s", tips);
	free(tips);
	tk_free(&b);
}
