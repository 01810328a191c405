"""The application glue, run against stand-ins for maya.cmds, hou and ix that record every call.

Each test builds a real scene file in a temporary folder, runs the glue as the
application would (the menu item's command, the shelf script, the Clarisse
command) and checks what the user would see: the menu or shelf exists, a
modified scene is saved only when the user agrees, the analysis reads the
saved file, the result window lists the missing files with their nodes, and
picking one selects its node.
"""
import importlib.util
import json
import os
import shutil
import sys
import unittest

import support
import standins

import sceneprobe
from sceneprobe import app

MAYA_SCENE = ('//Maya ASCII 2022 scene\nrequires maya "2022";\ncurrentUnit -l centimeter -a degree -t film;\n'
              'createNode file -n "wood";\n\tsetAttr ".ftn" -type "string" "%s/tex/wood.png";\n')
CLARISSE_SCENE = ('#Isotropix_Serial_Version 1.2\n\n#Isotropix_Clarisse_Version 4\n'
                  '#Isotropix_Clarisse_Project_Version 0.94\nContext "scene" {\n    TextureMapFile {\n'
                  '        name "wood"\n        filename "$PDIR/tex/wood.png"\n    }\n}\n')
HOUDINI_SCENE = "elrnv__softy__softy-eval__examples__box_swing.hipnc"


def load(relative, name):
    """Import an application file as the application would, fresh each time."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(support.SOURCE_DIR, "apps", relative))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class GlueTest(unittest.TestCase):
    def setUp(self):
        self.tmp = support.TempDir()
        support.isolate_environment(self.tmp.path)
        os.environ["SCENEPROBE_WORKSPACE"] = self.tmp.join("ws")
        app._last["task_dir"] = None
        self.opened = []
        self.real_open_folder = app.open_folder
        app.open_folder = self.opened.append

    def tearDown(self):
        app.open_folder = self.real_open_folder
        for name in ("maya", "maya.cmds", "maya.api", "maya.api.OpenMaya", "maya.utils", "hou", "ix"):
            sys.modules.pop(name, None)
        self.tmp.cleanup()

    def start_farm(self):
        """The fake farm, with a credentials file naming it where `sceneprobe submit` looks."""
        farm = support.FakeFarm(self.tmp.join("farm"))
        os.makedirs(self.tmp.join("sceneprobe"))
        path = self.tmp.join("sceneprobe", "credentials")
        with open(path, "w") as f:
            f.write("access_id = %s\naccess_key = %s\napi_url = %s\n" % (support.ACCESS_ID, support.ACCESS_KEY, farm.url))
        os.chmod(path, 0o600)
        os.environ["RAYVISION_TRANSMITTER"] = os.path.join(support.SOURCE_DIR, "tests", "fake_farm",
                                                           "fake_transmitter.py")
        os.environ["FAKE_TRANSMITTER_LOG"] = self.tmp.join("transmitter.log")
        return farm

    def transmitted(self):
        with open(self.tmp.join("transmitter.log")) as f:
            return [json.loads(line) for line in f]

    def task_dirs(self):
        ws = self.tmp.join("ws")
        return sorted(os.listdir(ws)) if os.path.isdir(ws) else []


class Maya(GlueTest):
    def start(self, scene="", modified=False, batch=False):
        self.cmds = standins.MayaCmds(scene, modified, batch)
        self.om, self.utils = standins.install_maya(self.cmds)
        self.plugin = load("maya/plug-ins/sceneprobe_maya.py", "sceneprobe_maya")
        self.plugin.initializePlugin("mobject")
        for fn in self.utils.deferred:
            fn()

    def item(self, label):
        return [c[2] for c in self.cmds.called("menuItem") if c[2]["label"] == label][0]

    def test_loading_the_plugin_adds_the_menu_and_unloading_removes_it(self):
        self.start()
        self.assertTrue(self.plugin.maya_useNewAPI)
        kind, options = self.cmds.ui["sceneprobeMenu"]
        self.assertEqual((kind, options["parent"]), ("menu", "MayaWindow"))
        labels = [c[2]["label"] for c in self.cmds.called("menuItem")]
        self.assertEqual(labels, ["Analyze scene", u"Submit\u2026", "Open last task folder"])
        self.assertTrue(all(c[2]["parent"] == "sceneprobeMenu" for c in self.cmds.called("menuItem")))
        self.plugin.uninitializePlugin("mobject")
        self.assertNotIn("sceneprobeMenu", self.cmds.ui)

    def test_a_batch_maya_gets_no_menu(self):
        self.start(batch=True)
        self.assertEqual(self.utils.deferred, [])
        self.assertNotIn("sceneprobeMenu", self.cmds.ui)

    def test_reloading_replaces_the_menu_instead_of_adding_a_second(self):
        self.start()
        self.plugin.build_menu()
        self.assertEqual(len(self.cmds.called("deleteUI")), 1)
        self.assertEqual(len(self.cmds.called("menuItem")), 6)

    def test_analyse_asks_to_save_a_modified_scene_and_declining_analyses_nothing(self):
        scene = self.tmp.write("shot.ma", MAYA_SCENE % self.tmp.path)
        self.start(scene, modified=True)
        self.cmds.answers = ["No"]
        self.item("Analyze scene")["command"]()
        question = self.cmds.called("confirmDialog")[0][2]
        self.assertIn("unsaved changes", question["message"])
        self.assertEqual(self.cmds.saved, 0)
        self.assertEqual(self.task_dirs(), [])
        self.assertNotIn("sceneprobeReport", self.cmds.ui)

    def test_analyse_saves_when_agreed_and_the_window_gets_the_missing_files(self):
        scene = self.tmp.write("shot.ma", MAYA_SCENE % self.tmp.path)
        self.start(scene, modified=True)
        self.cmds.answers = ["Yes"]
        self.item("Analyze scene")["command"]()
        self.assertEqual(self.cmds.saved, 1)
        self.assertEqual(len(self.task_dirs()), 1)
        lists = self.cmds.called("textScrollList")
        self.assertEqual(lists[0][2]["append"], ["%s/tex/wood.png    <- wood" % self.tmp.path])
        report = self.cmds.called("scrollField")[0][2]["text"]
        self.assertIn("defaultRenderLayer", report)
        self.assertIn("10012", report)
        self.assertEqual(self.cmds.called("showWindow"), [("showWindow", ("sceneprobeReport",), {})])
        # Picking the missing file selects the node that asked for it.
        self.cmds.existing_nodes.add("wood")
        self.cmds.list_selection = [1]
        lists[0][2]["selectCommand"]()
        self.assertEqual(self.cmds.selection, ["wood"])

    def test_an_unmodified_saved_scene_is_analysed_without_a_question(self):
        scene = self.tmp.write("shot.ma", MAYA_SCENE % self.tmp.path)
        self.start(scene)
        self.item("Analyze scene")["command"]()
        self.assertEqual(self.cmds.called("confirmDialog"), [])
        self.assertEqual(len(self.task_dirs()), 1)
        self.item("Open last task folder")["command"]()
        self.assertEqual(self.opened, [self.tmp.join("ws", self.task_dirs()[0])])

    def test_an_untitled_scene_is_saved_under_the_name_the_user_picks(self):
        self.start("", modified=True)
        self.cmds.answers = ["Yes"]
        self.cmds.save_as = self.tmp.join("new.ma")
        with open(self.cmds.save_as, "w") as f:
            f.write(MAYA_SCENE % self.tmp.path)
        self.item("Analyze scene")["command"]()
        saves = [c[2] for c in self.cmds.called("file") if c[2].get("save")]
        self.assertEqual(saves, [{"save": True, "force": True, "type": "mayaAscii"}])
        self.assertEqual(len(self.task_dirs()), 1)

    def test_an_unreadable_scene_shows_the_c_message(self):
        scene = self.tmp.write("shot.ma", "not a maya file\n")
        self.start(scene)
        self.item("Analyze scene")["command"]()
        messages = [c[2]["message"] for c in self.cmds.called("confirmDialog")]
        self.assertEqual(len(messages), 1)
        self.assertIn("named like a Maya ASCII scene", messages[0])

    def test_open_last_task_folder_before_any_analysis_says_so(self):
        self.start()
        self.item("Open last task folder")["command"]()
        self.assertEqual(self.opened, [])
        self.assertIn("No scene was analysed", self.cmds.called("confirmDialog")[0][2]["message"])

    def test_submit_asks_project_and_labels_and_submits_the_saved_scene(self):
        scene = self.tmp.write("shot.ma", MAYA_SCENE % self.tmp.path)
        self.start(scene)
        farm = self.start_farm()
        try:
            # project, labels, then "Submit anyway?" on the missing-file error tip
            self.cmds.answers = ["OK", "demo", "OK", "lighting, shot 12", "Yes"]
            result = app.submit_scene(self.plugin.HOST, no_transfer=True)
        finally:
            farm.stop()
        self.assertIsNotNone(result, self.cmds.called("confirmDialog"))
        self.assertGreater(result["task_id"], 0)
        with open(self.tmp.join("ws", self.task_dirs()[0], "task.json")) as f:
            task = json.load(f)
        self.assertEqual(task["task_info"]["project_name"], "demo")
        self.assertIn("shot 12", json.dumps(farm.requests()))
        self.assertIn("Submitted task %d" % result["task_id"], self.cmds.called("confirmDialog")[-1][2]["message"])


    def test_cancelling_the_save_dialog_of_an_untitled_scene_analyses_nothing(self):
        self.start("", modified=True)
        self.cmds.answers = ["Yes"]
        self.item("Analyze scene")["command"]()
        self.assertEqual(len(self.cmds.called("fileDialog2")), 1)
        self.assertEqual(self.cmds.saved, 0)
        self.assertEqual(self.task_dirs(), [])

    def test_a_scene_gone_from_disk_is_reported_not_analysed(self):
        self.start(self.tmp.join("deleted.ma"))
        self.item("Analyze scene")["command"]()
        self.assertIn("not on disk", self.cmds.called("confirmDialog")[0][2]["message"])
        self.assertEqual(self.task_dirs(), [])

    def test_a_second_analysis_replaces_the_result_window(self):
        self.start(self.tmp.write("shot.ma", MAYA_SCENE % self.tmp.path))
        self.item("Analyze scene")["command"]()
        self.item("Analyze scene")["command"]()
        self.assertEqual([c[1] for c in self.cmds.called("deleteUI")], [("sceneprobeReport",)])
        self.assertEqual(len(self.cmds.called("showWindow")), 2)

    def test_a_dry_run_submission_says_nothing_was_sent(self):
        self.start(self.tmp.write("shot.ma", MAYA_SCENE % self.tmp.path))
        self.cmds.answers = ["OK", "", "OK", ""]
        result = app.submit_scene(self.plugin.HOST, dry_run=True)
        self.assertTrue(result["dry_run"])
        self.assertIn("Dry run: nothing was sent", self.cmds.called("confirmDialog")[-1][2]["message"])

    def test_submitting_twice_says_the_task_was_already_submitted(self):
        self.start(self.tmp.write("shot.ma", MAYA_SCENE % self.tmp.path))
        farm = self.start_farm()
        try:
            self.cmds.answers = ["OK", "", "OK", "", "Yes"]
            first = app.submit_scene(self.plugin.HOST, no_transfer=True)
            # The second analysis writes a new task folder: it is a new task, not a repeat.
            self.cmds.answers = ["OK", "", "OK", "", "Yes"]
            second = app.submit_scene(self.plugin.HOST, no_transfer=True)
            again = app._submit(self.plugin.HOST, app.last_task_dir(), {"no_transfer": True, "force": True})
        finally:
            farm.stop()
        self.assertNotEqual(first["task_id"], second["task_id"])
        self.assertTrue(again["already_submitted"])
        self.assertEqual(again["task_id"], second["task_id"])

    def test_a_submission_without_credentials_shows_the_c_message(self):
        self.start(self.tmp.write("shot.ma", MAYA_SCENE % self.tmp.path))
        self.cmds.answers = ["OK", "demo", "OK", "x"]
        self.assertIsNone(app.submit_scene(self.plugin.HOST))
        message = self.cmds.called("confirmDialog")[-1][2]
        self.assertEqual(message["icon"], "critical")
        self.assertIn("access", message["message"].lower())

    def test_cancelling_the_labels_submits_nothing(self):
        self.start(self.tmp.write("shot.ma", MAYA_SCENE % self.tmp.path))
        self.cmds.answers = ["OK", "demo", "Cancel"]
        self.item(u"Submit\u2026")["command"]()
        self.assertEqual(self.task_dirs(), [])

    def test_cancelling_the_project_name_submits_nothing(self):
        scene = self.tmp.write("shot.ma", MAYA_SCENE % self.tmp.path)
        self.start(scene)
        self.cmds.answers = ["Cancel"]
        self.item(u"Submit\u2026")["command"]()
        self.assertEqual(len(self.cmds.called("promptDialog")), 1)
        self.assertEqual(self.task_dirs(), [])


class Houdini(GlueTest):
    def start(self, modified=False, untitled=False):
        self.scene = self.tmp.join("box.hipnc")
        shutil.copy(os.path.join(support.CORPUS_DIR, "houdini", HOUDINI_SCENE), self.scene)
        self.hou = standins.Hou("" if untitled else self.scene, modified)
        sys.modules["hou"] = self.hou
        sys.path.insert(0, os.path.join(support.SOURCE_DIR, "apps", "houdini", "python"))
        sys.modules.pop("sceneprobe_houdini", None)
        import sceneprobe_houdini
        sys.path.pop(0)
        self.glue = sceneprobe_houdini

    def run_tool(self, label):
        """Run the shelf tool's script as Houdini does, with kwargs in scope."""
        import xml.etree.ElementTree as ElementTree
        path = os.path.join(support.SOURCE_DIR, "apps", "houdini", "toolbar", "sceneprobe.shelf")
        tool = [t for t in ElementTree.parse(path).getroot().findall("tool") if t.get("label") == label][0]
        exec(tool.find("script").text, {"kwargs": {"ctrlclick": False}})

    def test_analyze_tool_asks_to_save_and_declining_analyses_nothing(self):
        self.start(modified=True)
        self.hou.answers = [1]  # "No"
        self.run_tool("Analyze")
        self.assertIn("unsaved changes", self.hou.called("displayMessage")[0][1][0])
        self.assertEqual(self.hou.called("save"), [])
        self.assertEqual(self.task_dirs(), [])

    def test_analyze_tool_saves_and_lists_missing_files_with_node_paths(self):
        self.start(modified=True)
        self.hou.nodes.add("/obj/geo1/file1")
        self.hou.answers = [0, (0,)]  # "Yes" to saving, then pick the first missing file
        self.run_tool("Analyze")
        self.assertEqual(self.hou.called("save"), [("save", (), {"file_name": None})])
        report = self.hou.called("displayMessage")[1][2]
        self.assertIn("Missing files", report["details"])
        choices = self.hou.called("selectFromList")[0][1][0]
        want = ["%s  <- %s" % (m["path"], m["node"] or "?") for m in
                sceneprobe.missing_files(sceneprobe.analyze(self.scene, self.tmp.join("check")))]
        self.assertEqual(choices, want)
        self.assertIn("<- /obj/geo1/file1", choices[0])
        self.assertEqual(self.hou.selection, ["/obj/geo1/file1"])

    def test_a_failed_save_stops_with_its_message(self):
        self.start(modified=True)
        self.hou.save_fails = True
        self.hou.answers = [0]
        self.run_tool("Analyze")
        self.assertIn("disk full", self.hou.called("displayMessage")[-1][1][0])
        self.assertEqual(self.task_dirs(), [])

    def test_submit_tool_asks_project_and_labels_first(self):
        self.start()
        self.hou.answers = [(1, "")]  # cancel at the project name
        self.run_tool("Submit")
        self.assertEqual(len(self.hou.called("readInput")), 1)
        self.assertEqual(self.task_dirs(), [])


    def test_an_untitled_scene_is_saved_where_the_user_picks(self):
        self.start(modified=True, untitled=True)
        self.hou.save_as = self.scene
        self.hou.answers = [0, ()]
        self.run_tool("Analyze")
        self.assertEqual(self.hou.called("save"), [("save", (), {"file_name": self.scene})])
        self.assertEqual(len(self.task_dirs()), 1)

    def test_cancelling_the_file_chooser_of_an_untitled_scene_saves_nothing(self):
        self.start(modified=True, untitled=True)
        self.hou.answers = [0]
        self.run_tool("Analyze")
        self.assertEqual(len(self.hou.called("selectFile")), 1)
        self.assertEqual(self.hou.called("save"), [])
        self.assertEqual(self.task_dirs(), [])

    def test_submit_tool_submits_with_the_project_and_labels_given(self):
        self.start()
        farm = self.start_farm()
        try:
            # project, labels, no pick in the missing list (the scene has no error tip)
            self.hou.answers = [(0, "demo"), (0, "fx"), ()]
            self.run_tool("Submit")
        finally:
            farm.stop()
        self.assertIn("Submitted task", self.hou.called("displayMessage")[-1][1][0])
        created = [json.loads(r["body"]) for r in farm.requests() if r["path"].endswith("/createTask")]
        self.assertEqual([c["labels"] for c in created], [["fx"]])
        self.assertEqual(len(self.transmitted()), 1)


class Clarisse(GlueTest):
    def start(self, scene="", modified=False, gui=True):
        self.ix = standins.Ix(scene, modified, gui)
        sys.modules["ix"] = self.ix
        os.environ["SCENEPROBE_CLARISSE"] = os.path.join(support.SOURCE_DIR, "apps", "clarisse")
        sys.modules.pop("sceneprobe_clarisse", None)
        with open(os.path.join(support.SOURCE_DIR, "apps", "clarisse", "sceneprobe_startup.py")) as f:
            startup = f.read()
        exec(startup, {"__name__": "__main__"})  # as Clarisse runs it: no __file__
        self.glue = sys.modules["sceneprobe_clarisse"]

    def run_command(self, label):
        script = [c[1] for c in self.ix.menu.commands if c[0] == "Sceneprobe>" + label][0]
        exec(script, {})

    def test_the_startup_script_adds_the_menu_and_the_shelf(self):
        self.start()
        paths = [c[0] for c in self.ix.menu.commands]
        self.assertEqual(paths, ["Sceneprobe>", "Sceneprobe>Analyze scene", u"Sceneprobe>Submit\u2026",
                                 "Sceneprobe>Open last task folder"])
        engines = set(c[1][0] for c in self.ix.called("add_command_as_script"))
        self.assertEqual(engines, set(["ScriptingPython3"]))
        titles = [i[2] for i in self.ix.shelf.items]
        self.assertEqual(titles, ["Analyze scene", u"Submit\u2026", "Open last task folder"])
        for item in self.ix.shelf.items:
            self.assertTrue(os.path.isfile(item[3]), item[3])
        # Running it again adds no second set of buttons.
        self.glue.install()
        self.assertEqual(len(self.ix.shelf.items), 3)

    def test_cnode_gets_no_menu(self):
        self.start(gui=False)
        self.assertEqual(self.ix.menu.commands, [])

    def test_analyse_saves_when_agreed_and_selects_the_items_missing_files(self):
        scene = self.tmp.write("shot.project", CLARISSE_SCENE)
        self.start(scene, modified=True)
        self.ix.items.add("project://scene/wood")
        self.ix.answers = [True]
        self.run_command("Analyze scene")
        self.assertEqual(self.ix.called("save_project"), [("save_project", (scene,), {})])
        self.assertEqual(self.ix.selection.items, [("item", "project://scene/wood")])
        logged = "\n".join(text for _, text in self.ix.log)
        self.assertIn("%s/tex/wood.png  <- project://scene/wood" % self.tmp.path, logged)
        self.assertEqual(len(self.task_dirs()), 1)

    def test_analyse_of_a_modified_project_declined_analyses_nothing(self):
        scene = self.tmp.write("shot.project", CLARISSE_SCENE)
        self.start(scene, modified=True)
        self.ix.answers = [False]
        self.run_command("Analyze scene")
        self.assertEqual(self.ix.called("save_project"), [])
        self.assertEqual(self.task_dirs(), [])

    def test_an_untitled_project_is_saved_where_the_user_picks(self):
        self.start("", modified=True)
        self.ix.save_as = self.tmp.write("new.project", CLARISSE_SCENE)
        self.ix.answers = [True]
        self.run_command("Analyze scene")
        self.assertEqual(self.ix.called("save_project"), [("save_project", (self.ix.save_as,), {})])
        self.assertEqual(len(self.task_dirs()), 1)

    def test_a_failed_save_or_a_cancelled_name_stops_the_analysis(self):
        self.start(self.tmp.write("shot.project", CLARISSE_SCENE), modified=True)
        self.ix.save_fails = True
        self.ix.answers = [True]
        self.run_command("Analyze scene")
        self.assertIn("could not be saved", self.ix.called("message_box")[-1][1][0])
        self.ix.scene = ""
        self.ix.answers = [True]
        self.run_command("Analyze scene")
        self.assertEqual(len(self.ix.called("save_project")), 1)
        self.assertEqual(self.task_dirs(), [])

    def test_an_unreadable_project_shows_the_c_message_in_the_log_and_a_box(self):
        self.start(self.tmp.write("shot.project", "garbage\n"))
        self.run_command("Analyze scene")
        self.assertIn("named like a Clarisse project", self.ix.called("message_box")[0][1][0])
        self.assertEqual(self.ix.log[0][0], "error")

    def test_submit_command_submits_the_saved_project(self):
        self.start(self.tmp.write("shot.project", CLARISSE_SCENE))
        self.run_command("Open last task folder")
        self.assertIn("No scene was analysed", self.ix.called("message_box")[0][1][0])
        farm = self.start_farm()
        try:
            self.ix.answers = [True]  # submit anyway, with the missing texture
            self.run_command(u"Submit\u2026")
        finally:
            farm.stop()
        self.assertIn("Submitted task", self.ix.called("message_box")[-1][1][0])
        self.assertEqual(len([r for r in farm.requests() if r["path"].endswith("/createTask")]), 1)
        self.assertEqual(len(self.transmitted()), 1)

    def test_a_shelf_button_runs_the_same_command(self):
        scene = self.tmp.write("shot.project", CLARISSE_SCENE)
        self.start(scene)
        button = [i for i in self.ix.shelf.items if i[2] == "Analyze scene"][0]
        with open(button[3]) as f:
            exec(f.read(), {"ix": self.ix})
        self.assertEqual(len(self.task_dirs()), 1)
        self.run_command("Open last task folder")
        self.assertEqual(self.opened, [self.tmp.join("ws", self.task_dirs()[0])])


if __name__ == "__main__":
    unittest.main()
