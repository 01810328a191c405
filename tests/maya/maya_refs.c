/*
 * References as Maya loads them: `-rdi` lines name the loaded ones (nested
 * included), a `-r` line alone is an unloaded reference, and a saved path
 * that no longer exists is looked up by file name next to the referencing
 * file and in the project's scenes folder.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sp_maya.h>

#include "support.h"

static sp_ctx *ctx;
static char *dir;
static sp_scene *scene;

TST_WORLD_SUITE(maya_refs, ctx, dir, scene);

#define HEAD "//Maya ASCII 2022 scene\n//Name: shot.ma\n//Codeset: UTF-8\n"
#define TAIL "requires maya \"2022\";\ncurrentUnit -l centimeter -a degree -t film;\n"

static void read_scene(const char *name, const char *text)
{
	char *path = tst_join(dir, name);
	int rc;
	tst_write(dir, name, text, (size_t)-1);
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	rc = sp_maya_read(scene, NULL);
	cr_assert_eq(rc, 0, "sp_maya_read: %d %s", rc, sp_ctx_last_error(ctx));
	free(path);
}

#define file(path) tst_file(scene, (path))

/* A rig with one texture; it references a model that has one texture too. */
static void write_assets(void)
{
	tst_write(dir, "assets/rig.ma",
	          "//Maya ASCII 2022 scene\n"
	          "file -rdi 1 -ns \"mdl\" -rfn \"mdlRN\" -op \"v=0;\" -typ \"mayaAscii\" \"model.ma\";\n"
	          "file -r -ns \"mdl\" -dr 1 -rfn \"mdlRN\" -op \"v=0;\" -typ \"mayaAscii\" \"model.ma\";\n"
	          "requires maya \"2022\";\n"
	          "createNode file -n \"rigTex\";\n\tsetAttr \".ftn\" -type \"string\" \"rig.png\";\n",
	          (size_t)-1);
	tst_write(dir, "assets/model.ma",
	          "//Maya ASCII 2022 scene\nrequires maya \"2022\";\n"
	          "createNode file -n \"mdlTex\";\n\tsetAttr \".ftn\" -type \"string\" \"model.png\";\n",
	          (size_t)-1);
}

Test(maya_refs, a_reference_with_an_rdi_line_is_loaded_with_the_nested_ones_the_scene_lists)
{
	write_assets();
	read_scene("shot.ma",
	           HEAD "file -rdi 1 -ns \"rig\" -rfn \"rigRN\" -op \"v=0;\" -typ \"mayaAscii\" "
	                "\"assets/rig.ma\";\n"
	                "file -rdi 2 -ns \"mdl\" -rfn \"rig:mdlRN\" -op \"v=0;\" -typ \"mayaAscii\" "
	                "\"model.ma\";\n"
	                "file -r -ns \"rig\" -dr 1 -rfn \"rigRN\" -op \"v=0;\" -typ \"mayaAscii\" "
	                "\"assets/rig.ma\";\n" TAIL);
	cr_assert_eq(file("assets/rig.ma")->flags & SP_REF_OPTIONAL, 0);
	cr_assert_not_null(file("rig.png"), "the loaded rig's texture counts");
	cr_assert_str_eq(file("rig.png")->node, "rig:rigTex");
	cr_assert_not_null(file("model.ma"));
	cr_assert_not_null(file("model.png"),
	                   "the nested model is loaded: the scene lists rig:mdlRN at depth 2");
	cr_assert_str_eq(file("model.png")->node, "rig:mdl:mdlTex");
}

Test(maya_refs, a_nested_reference_the_scene_does_not_list_is_unloaded)
{
	write_assets();
	read_scene("shot.ma", HEAD "file -rdi 1 -ns \"rig\" -rfn \"rigRN\" \"assets/rig.ma\";\n"
	                           "file -r -ns \"rig\" -dr 1 -rfn \"rigRN\" \"assets/rig.ma\";\n" TAIL);
	cr_assert_not_null(file("rig.png"));
	cr_assert_not_null(file("model.ma"), "the unloaded model is still named by the rig");
	cr_assert_neq(file("model.ma")->flags & SP_REF_OPTIONAL, 0,
	              "but its absence would not stop a render");
	cr_assert_null(file("model.png"), "nothing inside an unloaded reference counts");
}

Test(maya_refs, an_r_line_without_an_rdi_line_is_an_unloaded_reference)
{
	write_assets();
	read_scene("shot.ma", HEAD
	           "file -rdi 1 -ns \"cam\" -rfn \"camRN\" \"assets/model.ma\";\n"
	           "file -r -ns \"rig\" -dr 1 -rfn \"rigRN\" \"assets/rig.ma\";\n"
	           "file -r -ns \"cam\" -dr 1 -rfn \"camRN\" \"assets/model.ma\";\n" TAIL
	           "createNode reference -n \"rigRN\";\n"
	           "\tsetAttr \".ed\" -type \"dataReferenceEdits\" \"rigRN\" \"rigRN\" 0 \"rigRN\" 1 "
	           "2 \"rig:rigTex\" \"fileTextureName\" \" -type \\\"string\\\" \\\"edited.png\\\"\";\n"
	           "createNode reference -n \"camRN\";\n"
	           "\tsetAttr \".ed\" -type \"dataReferenceEdits\" \"camRN\" \"camRN\" 0 \"camRN\" 1 "
	           "2 \"cam:mdlTex\" \"fileTextureName\" \" -type \\\"string\\\" \\\"cam_edit.png\\\"\";\n");
	cr_assert_not_null(file("assets/rig.ma"));
	cr_assert_neq(file("assets/rig.ma")->flags & SP_REF_OPTIONAL, 0);
	cr_assert_eq(file("assets/model.ma")->flags & SP_REF_OPTIONAL, 0);
	cr_assert_null(file("rig.png"), "the rig is not loaded");
	cr_assert_null(file("edited.png"), "edits of an unloaded reference are not applied");
	cr_assert_not_null(file("cam_edit.png"), "edits of a loaded reference count");
	cr_assert_null(file("model.png"), "the edit replaces the value the loaded file saved");
}

Test(maya_refs, a_referenced_texture_an_edit_replaces_is_not_loaded)
{
	write_assets();
	read_scene("shot.ma", HEAD "file -rdi 1 -ns \"cam\" -rfn \"camRN\" \"assets/model.ma\";\n"
	                           "file -r -ns \"cam\" -dr 1 -rfn \"camRN\" \"assets/model.ma\";\n" TAIL
	                           "createNode reference -n \"camRN\";\n"
	                           "\tsetAttr \".ed\" -type \"dataReferenceEdits\" \"camRN\" \"camRN\" 1 "
	                           "2 \"cam:mdlTex\" \"ftn\" \" -type \\\"string\\\" \\\"new.png\\\"\";\n");
	cr_assert_not_null(file("new.png"), "the edited value, written with the short name");
	cr_assert_null(file("model.png"), "Maya never loads the value the edit replaced");
	cr_assert_eq(sp_scene_tip_count(scene), 0, "so it is not missing either");
}

Test(maya_refs, files_without_rdi_lines_load_every_reference)
{
	write_assets();
	/* Maya 7 wrote `file -r` alone for each loaded reference. */
	read_scene("shot.ma",
	           "//Maya ASCII 7.0 scene\nfile -r -rpr \"rig\" -rfn \"rigRN\" \"assets/rig.ma\";\n"
	           "requires maya \"7.0\";\n");
	cr_assert_not_null(file("rig.png"));
	cr_assert_not_null(file("model.png"), "the rig's own -rdi/-r lines say it loads its model");
}

Test(maya_refs, a_moved_reference_is_found_by_name_next_to_the_scene)
{
	char *found = tst_join(dir, "rig.ma");
	tst_write(dir, "rig.ma",
	          "//Maya ASCII 2022 scene\ncreateNode file -n \"t\";\n\tsetAttr \".ftn\" -type \"string\" "
	          "\"moved.png\";\n",
	          (size_t)-1);
	read_scene("shot.ma",
	           HEAD "file -rdi 1 -ns \"rig\" -rfn \"rigRN\" \"Z:/old_server/show/rig.ma\";\n"
	                "file -r -ns \"rig\" -dr 1 -rfn \"rigRN\" \"Z:/old_server/show/rig.ma\";\n" TAIL);
	cr_assert_null(file("Z:/old_server/show/rig.ma"), "the saved path exists nowhere");
	cr_assert_not_null(file(found), "Maya loads the file of that name beside the scene");
	cr_assert_str_eq(file(found)->node, "rigRN");
	cr_assert_not_null(file("moved.png"), "and reads it");
	free(found);
}

Test(maya_refs, a_moved_reference_is_found_in_the_project_scenes_folder)
{
	char *found = tst_join(dir, "proj/scenes/rig.ma");
	tst_write(dir, "proj/workspace.mel", "workspace -fr \"scene\" \"scenes\";\n", (size_t)-1);
	tst_write(dir, "proj/scenes/rig.ma", "//Maya ASCII 2022 scene\n", (size_t)-1);
	read_scene(
	    "proj/scenes/shots/shot.ma",
	    HEAD "file -rdi 1 -ns \"rig\" -rfn \"rigRN\" \"C:\\\\Users\\\\ann\\\\rigs\\\\rig.ma\";\n"
	         "file -r -ns \"rig\" -dr 1 -rfn \"rigRN\" \"C:\\\\Users\\\\ann\\\\rigs\\\\rig.ma\";\n" TAIL);
	cr_assert_not_null(file(found), "a Windows path's file name is looked up in the scenes folder");
	free(found);
}

Test(maya_refs, a_missing_reference_stays_as_written)
{
	read_scene("shot.ma", HEAD "file -rdi 1 -ns \"rig\" -rfn \"rigRN\" \"Z:/old/rig.ma\";\n"
	                           "file -r -ns \"rig\" -dr 1 -rfn \"rigRN\" \"Z:/old/rig.ma\";\n" TAIL);
	cr_assert_not_null(file("Z:/old/rig.ma"));
	cr_assert_eq(file("Z:/old/rig.ma")->flags & SP_REF_OPTIONAL, 0, "a loaded reference that is missing");
	cr_assert_eq(file("Z:/old/rig.ma")->line, 4);
}

Test(maya_refs, a_referenced_fbx_is_a_dependency_not_a_scene_to_read)
{
	tst_write(dir, "props/lamp.fbx", "Kaydara FBX Binary  \x00\x1a\x00", 23);
	read_scene("shot.ma", HEAD "file -rdi 1 -ns \"lamp\" -rfn \"lampRN\" -op \"fbx\" -typ \"FBX\" "
	                           "\"props/lamp.fbx\";\n"
	                           "file -r -ns \"lamp\" -dr 1 -rfn \"lampRN\" -op \"fbx\" -typ \"FBX\" "
	                           "\"props/lamp.fbx\";\n" TAIL);
	cr_assert_not_null(file("props/lamp.fbx"));
	cr_assert_eq(sp_scene_tip_count(scene), 0, "no 'reference not read' tip for an FBX");
}

Test(maya_refs, a_project_without_a_scene_rule_keeps_mayas_scenes_folder)
{
	char *found = tst_join(dir, "proj/scenes/set.ma");
	tst_write(dir, "proj/workspace.mel", "workspace -fr \"sourceImages\" \"sourceimages\";\n",
	          (size_t)-1);
	tst_write(dir, "proj/scenes/set.ma", "//Maya ASCII 2022 scene\n", (size_t)-1);
	read_scene("proj/shots/sh010/shot.ma",
	           HEAD "file -rdi 1 -ns \"set\" -rfn \"setRN\" \"/mnt/old/scenes/set.ma\";\n"
	                "file -r -ns \"set\" -dr 1 -rfn \"setRN\" \"/mnt/old/scenes/set.ma\";\n" TAIL);
	cr_assert_not_null(file(found));
	free(found);
}

Test(maya_refs, of_two_copies_of_one_file_only_the_loaded_copy_is_read)
{
	tst_write(dir, "crate.ma",
	          "//Maya ASCII 2022 scene\ncreateNode file -n \"t\";\n"
	          "\tsetAttr \".ftn\" -type \"string\" \"crate.png\";\n",
	          (size_t)-1);
	read_scene("shot.ma", HEAD "file -rdi 1 -ns \"crateB\" -rfn \"crateBRN\" \"crate.ma{1}\";\n"
	                           "file -r -ns \"crateA\" -dr 1 -rfn \"crateARN\" \"crate.ma\";\n"
	                           "file -r -ns \"crateB\" -dr 1 -rfn \"crateBRN\" \"crate.ma{1}\";\n" TAIL);
	cr_assert_not_null(file("crate.png"));
	cr_assert_str_eq(file("crate.png")->node, "crateB:t", "read as the loaded copy, crateB");
}

Test(maya_refs, an_edit_naming_a_dag_node_by_its_path_replaces_its_cache)
{
	tst_write(dir, "assets/gpu.ma",
	          "//Maya ASCII 2018 scene\nrequires maya \"2018\";\n"
	          "createNode transform -n \"gc\";\n"
	          "createNode gpuCache -n \"gcShape\" -p \"gc\";\n"
	          "\tsetAttr \".cfn\" -type \"string\" \"cache/old.abc\";\n",
	          (size_t)-1);
	read_scene("shot.ma", HEAD "file -rdi 1 -ns \"asset\" -rfn \"assetRN\" \"assets/gpu.ma\";\n"
	                           "file -r -ns \"asset\" -dr 1 -rfn \"assetRN\" \"assets/gpu.ma\";\n" TAIL
	                           "createNode reference -n \"assetRN\";\n"
	                           "\tsetAttr \".ed\" -type \"dataReferenceEdits\" \"assetRN\" \"assetRN\" 1 "
	                           "2 \"|asset:gc|asset:gcShape\" \"cacheFileName\" "
	                           "\" -type \\\"string\\\" \\\"cache/new.abc\\\"\";\n");
	cr_assert_not_null(file("cache/new.abc"));
	cr_assert_null(file("cache/old.abc"), "the edit, written with the DAG path, replaces it");
}
