"""Install into a temporary prefix, then use what was installed as an outside user would.

    test_install.py BUILD_DIR CC "EXTRA_CFLAGS"

Checks the layout, compiles tests/install/tiny.c with `pkg-config --cflags
--libs sceneprobe`, builds tests/install/project with find_package(sceneprobe)
against the shared and the static library, runs the installed command and the
installed Python module (which must find its library without help), and
compares every summary with the command line's.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import support  # noqa: E402

BUILD_DIR, CC, EXTRA_FLAGS = sys.argv[1], sys.argv[2], shlex.split(sys.argv[3] if len(sys.argv) > 3 else "")
del sys.argv[1:]


def run(cmd, env=None, cwd=None, ok=(0,)):
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate()
    if p.returncode not in ok:
        raise AssertionError("%s failed (%d):\n%s\n%s" % (" ".join(cmd), p.returncode, out.decode(), err.decode()))
    return out.decode()


class Installed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sp-install-")
        cls.prefix = os.path.join(cls.tmp, "prefix with space")
        run(["cmake", "--install", BUILD_DIR, "--prefix", cls.prefix])
        cls.scene = support.smallest_scenes("maya_ascii", 3)[2]
        code, out, err = support.run_cli("analyze", cls.scene, "-o", os.path.join(cls.tmp, "cli"), "--json",
                                         "--project-name", "tiny")
        assert code in (0, 1), err
        cls.want = json.loads(out)
        cls.want.pop("task_dir")
        cls.env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(cls.prefix, "lib"))
        cls.env.pop("SCENEPROBE_LIBRARY", None)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.prefix, *parts)

    def check_summary(self, text, out_dir):
        got = json.loads(text)
        self.assertEqual(got.pop("task_dir"), out_dir)
        self.assertEqual(got, self.want)
        self.assertTrue(os.path.isfile(os.path.join(out_dir, "task.json")))

    def test_everything_lands_under_the_prefix(self):
        for rel in ("bin/sceneprobe", "lib/libsceneprobe.a", "include/sceneprobe.h", "include/sp/ops.h",
                    "include/sp/common.h", "lib/pkgconfig/sceneprobe.pc", "lib/cmake/sceneprobe/sceneprobeConfig.cmake",
                    "lib/cmake/sceneprobe/sceneprobeConfigVersion.cmake",
                    "share/sceneprobe/python/sceneprobe/__init__.py", "share/sceneprobe/python/sceneprobe/app.py",
                    "share/sceneprobe/python/sceneprobe/libsceneprobe.so", "share/sceneprobe/maya/sceneprobe.mod",
                    "share/sceneprobe/maya/plug-ins/sceneprobe_maya.py", "share/sceneprobe/houdini/sceneprobe.json",
                    "share/sceneprobe/houdini/toolbar/sceneprobe.shelf",
                    "share/sceneprobe/houdini/python/sceneprobe_houdini.py",
                    "share/sceneprobe/clarisse/sceneprobe_clarisse.py",
                    "share/sceneprobe/clarisse/sceneprobe_startup.py", "share/sceneprobe/clarisse/shelf/analyze.py"):
            self.assertTrue(os.path.isfile(self.path(*rel.split("/"))), rel)
        self.assertTrue(os.path.islink(self.path("lib", "libsceneprobe.so")))
        self.assertEqual(sorted(os.listdir(self.path("share", "sceneprobe", "maya"))), ["plug-ins", "sceneprobe.mod"])

    def test_the_clarisse_startup_script_names_the_installed_folder(self):
        with open(self.path("share", "sceneprobe", "clarisse", "sceneprobe_startup.py")) as f:
            text = f.read()
        self.assertNotIn("@SCENEPROBE_CLARISSE_DIR@", text)
        self.assertIn(repr(self.path("share", "sceneprobe", "clarisse"))[1:-1], text)

    def test_only_sp_names_are_exported(self):
        out = run(["nm", "-D", "--defined-only", self.path("lib", "libsceneprobe.so")])
        names = [line.split()[-1] for line in out.splitlines() if line.split()[1:2] == ["T"]]
        self.assertIn("sp_analyze_file", names)
        self.assertIn("sp_string_free", names)
        self.assertEqual([n for n in names if not n.startswith("sp_") or n.startswith("sp__")], [])

    def test_the_library_keeps_no_writable_global_state(self):
        # Distinct calls may run on many threads: nothing of ours may sit in .data or .bss (constant
        # tables live in .rodata / .data.rel.ro); only the C runtime's and the sanitizers' own objects.
        runtime = ("completed.", "__dso_handle", "__TMC_END__", "__odr_asan", "__asan", "__ubsan", "_GLOBAL_")
        out = run(["objdump", "-t", self.path("lib", "libsceneprobe.so")])
        writable = [line.split()[-1] for line in out.splitlines()
                    if len(line.split()) >= 4 and line.split()[-3] in (".data", ".bss", ".tbss", ".tdata")]
        self.assertTrue(any(name.startswith("completed.") or name == "__dso_handle" for name in writable), out)
        self.assertEqual([n for n in writable if not n.startswith(runtime)], [])

    def test_a_program_built_with_pkg_config_analyses_a_scene(self):
        env = dict(self.env, PKG_CONFIG_PATH=self.path("lib", "pkgconfig"))
        flags = shlex.split(run(["pkg-config", "--cflags", "--libs", "sceneprobe"], env=env))
        self.assertIn("-lsceneprobe", flags)
        exe = os.path.join(self.tmp, "tiny-pc")
        run([CC, os.path.join(HERE, "tiny.c"), "-o", exe] + EXTRA_FLAGS + flags)
        out_dir = os.path.join(self.tmp, "pc")
        self.check_summary(run([exe, self.scene, out_dir], env=self.env), out_dir)
        version = run(["pkg-config", "--modversion", "sceneprobe"], env=env).strip()
        self.assertEqual(version, run([self.path("bin", "sceneprobe"), "--version"]).split()[-1])

    def test_a_cmake_project_finds_the_package_and_links_both_libraries(self):
        build = os.path.join(self.tmp, "consumer")
        run(["cmake", "-S", os.path.join(HERE, "project"), "-B", build, "-DCMAKE_PREFIX_PATH=" + self.prefix,
             "-DCMAKE_C_COMPILER=" + CC, "-DCMAKE_C_FLAGS=" + " ".join(EXTRA_FLAGS)])
        run(["cmake", "--build", build])
        for kind in ("shared", "static"):
            out_dir = os.path.join(self.tmp, "cmake-" + kind)
            self.check_summary(run([os.path.join(build, "tiny_" + kind), self.scene, out_dir], env=self.env), out_dir)
        linked = run(["ldd", os.path.join(build, "tiny_static")])
        self.assertNotIn("libsceneprobe", linked)

    def test_the_installed_command_and_python_module_give_the_same_summary(self):
        out_dir = os.path.join(self.tmp, "bin")
        text = run([self.path("bin", "sceneprobe"), "analyze", self.scene, "-o", out_dir, "--json",
                    "--project-name", "tiny"], ok=(0, 1))  # 1: the scene has error tips
        self.check_summary(text, out_dir)
        out_dir = os.path.join(self.tmp, "py")
        code = ("import json, sys, sceneprobe; "
                "print(json.dumps(sceneprobe.analyze(sys.argv[1], sys.argv[2], project_name='tiny')))")
        env = dict(self.env, PYTHONPATH=self.path("share", "sceneprobe", "python"))
        self.check_summary(run([sys.executable, "-c", code, self.scene, out_dir], env=env, cwd=self.tmp), out_dir)


if __name__ == "__main__":
    unittest.main()
