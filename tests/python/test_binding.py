"""The Python binding gives what the command line gives, on real scenes, and fails the same way."""
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import unittest

import support

import sceneprobe


def cli_summary(scene, out_dir, *flags):
    code, out, err = support.run_cli("analyze", scene, "-o", out_dir, "--json", *flags)
    if code not in (0, 1):
        raise AssertionError("the command line failed on %s: %s" % (scene, err))
    return json.loads(out)


def read_tree(folder):
    files = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            files[name] = f.read()
    return files


class AnalyzeMatchesTheCommandLine(unittest.TestCase):
    def setUp(self):
        self.tmp = support.TempDir()
        support.isolate_environment(self.tmp.path)

    def tearDown(self):
        self.tmp.cleanup()

    def check_same(self, scene, options, flags):
        want = cli_summary(scene, self.tmp.join("cli"), *flags)
        got = sceneprobe.analyze(scene, self.tmp.join("py"), **options)
        self.assertEqual(got.pop("task_dir"), self.tmp.join("py"))
        want.pop("task_dir")
        self.assertEqual(got, want, scene)
        self.assertEqual(read_tree(self.tmp.join("py")), read_tree(self.tmp.join("cli")), scene)
        shutil.rmtree(self.tmp.join("cli"))
        shutil.rmtree(self.tmp.join("py"))
        return got

    def test_corpus_scenes_of_every_application_give_the_same_summary_and_task_files(self):
        scenes = (support.smallest_scenes("maya_ascii", 4) + support.smallest_scenes("maya_binary", 2) +
                  support.smallest_scenes("houdini", 2) + support.smallest_scenes("clarisse", 2))
        apps = set()
        for scene in scenes:
            apps.add(self.check_same(scene, {}, [])["application"])
        self.assertEqual(apps, set(["Maya", "Houdini", "Clarisse"]))

    def test_options_act_as_the_command_line_flags(self):
        scene = support.smallest_scenes("maya_ascii", 5)[4]
        got = self.check_same(
            scene,
            {"project_name": "demo", "software_version": "2024", "platform": 6, "os": "linux",
             "plugins": {"mtoa": "5.3.1"}, "env": ["TEX=/srv/tex"], "map": [["/work", "/mnt/work"]]},
            ["--project-name", "demo", "--software-version", "2024", "--platform", "6", "--os", "linux",
             "--plugin", "mtoa=5.3.1", "--env", "TEX=/srv/tex", "--map", "/work=/mnt/work"])
        self.assertEqual(got["plugins"].get("mtoa"), "5.3.1")

    def test_error_tips_are_in_the_summary_not_an_exception(self):
        for scene in support.smallest_scenes("maya_ascii", 12):
            summary = sceneprobe.analyze(scene, self.tmp.join("t"))
            if any(t["severity"] == "error" for t in summary["tips"]):
                return
        self.fail("no corpus scene among the smallest has an error tip")


class Failures(unittest.TestCase):
    def setUp(self):
        self.tmp = support.TempDir()
        support.isolate_environment(self.tmp.path)

    def tearDown(self):
        self.tmp.cleanup()

    def check_error(self, path, code):
        cli_code, _, err = support.run_cli("analyze", path, "-o", self.tmp.join("cli"))
        self.assertEqual(cli_code, 3)
        with self.assertRaises(sceneprobe.Error) as caught:
            sceneprobe.analyze(path, self.tmp.join("py"))
        self.assertEqual(caught.exception.code, code)
        self.assertEqual("sceneprobe: %s\n" % caught.exception.message, err)
        self.assertEqual(str(caught.exception), caught.exception.message)
        self.assertFalse(os.path.exists(self.tmp.join("py")))

    def test_a_missing_scene_has_the_command_lines_message(self):
        self.check_error(self.tmp.join("gone.ma"), -3)

    def test_a_file_that_is_no_scene_is_unsupported(self):
        self.check_error(self.tmp.write("notes.ma", "just some text\n"), -5)

    def test_a_git_lfs_pointer_is_named(self):
        path = self.tmp.write("lfs.mb", "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n")
        self.check_error(path, -5)

    def test_bad_options_name_the_option(self):
        scene = support.smallest_scenes("maya_ascii", 1)[0]
        cases = [({"colour": "red"}, "unknown option 'colour'"), ({"os": "mac"}, "option 'os'"),
                 ({"plugins": 5}, "option 'plugins'"), ({"map": ["no-equals-sign"]}, "option 'map'"),
                 ({"project_name": 3}, "option 'project_name'"), ({"platform": 1.5}, "option 'platform'")]
        for options, words in cases:
            with self.assertRaises(sceneprobe.Error) as caught:
                sceneprobe.analyze(scene, self.tmp.join("py"), **options)
            self.assertEqual(caught.exception.code, -8, options)
            self.assertIn(words, caught.exception.message)


class TaskFolders(unittest.TestCase):
    def setUp(self):
        self.tmp = support.TempDir()
        support.isolate_environment(self.tmp.path)

    def tearDown(self):
        self.tmp.cleanup()

    def test_without_out_dir_each_analysis_gets_a_new_folder_in_the_workspace(self):
        scene = support.smallest_scenes("maya_ascii", 1)[0]
        first = sceneprobe.analyze(scene, workspace=self.tmp.join("ws"))["task_dir"]
        second = sceneprobe.analyze(scene, workspace=self.tmp.join("ws"))["task_dir"]
        self.assertNotEqual(first, second)
        for folder in (first, second):
            self.assertEqual(os.path.dirname(folder), self.tmp.join("ws"))
            self.assertTrue(re.match(r"^\d+-%d(-\d+)?$" % os.getpid(), os.path.basename(folder)), folder)
            self.assertEqual(sorted(os.listdir(folder)), ["asset.json", "task.json", "tips.json", "upload.json"])

    def test_the_workspace_defaults_to_the_variable_then_home(self):
        scene = support.smallest_scenes("maya_ascii", 1)[0]
        os.environ["SCENEPROBE_WORKSPACE"] = self.tmp.join("env-ws")
        self.assertEqual(os.path.dirname(sceneprobe.analyze(scene)["task_dir"]), self.tmp.join("env-ws"))
        del os.environ["SCENEPROBE_WORKSPACE"]
        self.assertEqual(os.path.dirname(sceneprobe.analyze(scene)["task_dir"]),
                         self.tmp.join("renderfarm_sdk"))

    def test_missing_files_name_the_node_that_asked(self):
        for scene in support.smallest_scenes("maya_ascii", 12):
            summary = sceneprobe.analyze(scene, self.tmp.join("t"))
            if summary["missing"]:
                missing = sceneprobe.missing_files(summary)
                self.assertTrue(missing and all(m["node"] for m in missing), missing)
                text = sceneprobe.report_text(summary, missing)
                self.assertIn(missing[0]["node"], text)
                self.assertIn("Missing files (%d)" % len(missing), text)
                return
        self.fail("no corpus scene among the smallest misses a file")

    def test_analyses_on_several_threads_give_the_sequential_results(self):
        scenes = support.smallest_scenes("maya_ascii", 4) + support.smallest_scenes("clarisse", 2)
        want = [sceneprobe.analyze(s, self.tmp.join("seq%d" % i)) for i, s in enumerate(scenes)]
        got = [None] * len(scenes)

        def work(i):
            got[i] = sceneprobe.analyze(scenes[i], self.tmp.join("par%d" % i))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(scenes))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for i in range(len(scenes)):
            self.assertEqual(got[i].pop("task_dir"), self.tmp.join("par%d" % i))
            want[i].pop("task_dir")
            self.assertEqual(got[i], want[i], scenes[i])


class Submit(unittest.TestCase):
    def setUp(self):
        self.tmp = support.TempDir()
        support.isolate_environment(self.tmp.path)
        self.task = support.analysed_task(self.tmp)
        with open(os.path.join(self.task, "tips.json"), "w") as f:
            f.write('{"60003": ["file1: tex/gone.png is not found"]}\n')

    def tearDown(self):
        self.tmp.cleanup()

    def test_a_dry_run_lists_the_requests_and_never_the_key(self):
        result = sceneprobe.submit(self.task, dry_run=True, access_id=support.ACCESS_ID,
                                   access_key=support.ACCESS_KEY, labels=["a"])
        self.assertTrue(result["dry_run"])
        self.assertEqual(result["step"], "done")
        self.assertTrue(result["requests"])
        self.assertNotIn(support.ACCESS_KEY, json.dumps(result))

    def test_a_submission_to_the_farm_creates_one_task_and_carries_the_labels(self):
        farm = support.FakeFarm(self.tmp.join("farm"))
        try:
            options = dict(api_url=farm.url, access_id=support.ACCESS_ID, access_key=support.ACCESS_KEY,
                           no_transfer=True, labels=["lighting", "shot 12"], retries=1)
            result = sceneprobe.submit(self.task, **options)
            self.assertEqual(result["step"], "done")
            self.assertGreater(result["task_id"], 0)
            self.assertTrue(result["created"])
            again = sceneprobe.submit(self.task, **options)
            self.assertTrue(again["already_submitted"])
            self.assertEqual(again["task_id"], result["task_id"])
            created = [r for r in farm.requests() if r["path"].endswith("/createTask")]
            self.assertEqual(len(created), 1)
            self.assertIn("shot 12", json.dumps(farm.requests()))
        finally:
            farm.stop()

    def test_refused_error_tips_raise_with_the_step_and_force_submits(self):
        with open(os.path.join(self.task, "tips.json"), "w") as f:
            f.write('{"10012": ["missing"]}\n')
        farm = support.FakeFarm(self.tmp.join("farm"))
        try:
            options = dict(api_url=farm.url, access_id=support.ACCESS_ID, access_key=support.ACCESS_KEY,
                           no_transfer=True)
            with self.assertRaises(sceneprobe.Error) as caught:
                sceneprobe.submit(self.task, **options)
            self.assertIn("10012", caught.exception.message)
            self.assertEqual(caught.exception.result["step"], "tips")
            self.assertEqual(sceneprobe.submit(self.task, force=True, **options)["step"], "done")
        finally:
            farm.stop()

    def test_without_credentials_the_message_says_so(self):
        with self.assertRaises(sceneprobe.Error) as caught:
            sceneprobe.submit(self.task)
        self.assertTrue(caught.exception.message)
        self.assertIsNone(caught.exception.result)


class Loading(unittest.TestCase):
    def setUp(self):
        self.tmp = support.TempDir()

    def tearDown(self):
        self.tmp.cleanup()

    def run_python(self, env):
        code = "import sceneprobe; print(sceneprobe.version())"
        p = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=self.tmp.path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = p.communicate()
        return p.returncode, out.decode(), err.decode()

    def test_the_library_next_to_the_module_is_found_without_the_variable(self):
        package = self.tmp.join("site", "sceneprobe")
        shutil.copytree(os.path.join(support.SOURCE_DIR, "python", "sceneprobe"), package)
        shutil.copy(os.environ["SCENEPROBE_LIBRARY"], os.path.join(package, "libsceneprobe.so"))
        env = dict(os.environ, PYTHONPATH=self.tmp.join("site"))
        env.pop("SCENEPROBE_LIBRARY")
        code, out, err = self.run_python(env)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.strip(), sceneprobe.version())
        self.assertTrue(re.match(r"^\d+\.\d+\.\d+$", out.strip()))

    def test_a_wrong_library_path_is_an_error_naming_it(self):
        env = dict(os.environ, PYTHONPATH=os.path.join(support.SOURCE_DIR, "python"),
                   SCENEPROBE_LIBRARY=self.tmp.join("nowhere.so"))
        code, _, err = self.run_python(env)
        self.assertNotEqual(code, 0)
        self.assertIn("sceneprobe.Error", err)
        self.assertIn("nowhere.so", err)


if __name__ == "__main__":
    unittest.main()
