"""The Python the applications load keeps to what Python 2.7 and 3.x both read.

Clarisse 4 embeds Python 2.7 and Debian has no 2.7 to run, so the check is on
the syntax tree: everything compiles under python3, and nothing in it is a
construct 2.7 lacks (f-strings, annotations, keyword-only arguments, nonlocal,
async, yield from, the walrus, matrix multiplication, * or ** unpacking in
literals and calls beyond one of each).  The application files are checked
for the form their host expects.
"""
import ast
import json
import os
import py_compile
import re
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

import support

ROOTS = [os.path.join(support.SOURCE_DIR, "python"), os.path.join(support.SOURCE_DIR, "apps")]


def python_files():
    found = []
    for root in ROOTS:
        for folder, _, names in os.walk(root):
            found.extend(os.path.join(folder, n) for n in names if n.endswith(".py"))
    return sorted(found)


def py3_only(tree):
    """(line, what) for each construct Python 2.7 cannot read."""
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.JoinedStr):
            found.append((line, "f-string"))
        elif isinstance(node, (ast.Nonlocal, ast.AsyncFunctionDef, ast.Await, ast.YieldFrom, ast.NamedExpr,
                               ast.AsyncFor, ast.AsyncWith, ast.AnnAssign)):
            found.append((line, type(node).__name__))
        elif isinstance(node, (ast.FunctionDef, ast.Lambda)):
            args = node.args
            if args.kwonlyargs or getattr(args, "posonlyargs", []):
                found.append((line, "keyword-only or positional-only arguments"))
            annotated = [a for a in args.args + args.kwonlyargs if a.annotation is not None]
            if annotated or getattr(node, "returns", None) is not None:
                found.append((line, "annotation"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            found.append((line, "@ operator"))
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)) and any(isinstance(e, ast.Starred) for e in node.elts):
            if not isinstance(getattr(node, "ctx", None), ast.Store):
                found.append((line, "* unpacking in a literal"))
        elif isinstance(node, ast.Dict) and any(k is None for k in node.keys):
            found.append((line, "** unpacking in a dict"))
        elif isinstance(node, ast.Call):
            if sum(isinstance(a, ast.Starred) for a in node.args) > 1 or \
                    sum(k.arg is None for k in node.keywords) > 1:
                found.append((line, "several * or ** in a call"))
        elif isinstance(node, ast.ClassDef) and node.keywords:
            found.append((line, "class keywords (metaclass=)"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, bytes) and not node.value.isascii():
            found.append((line, "non-ASCII bytes literal"))
    return found


class CommonSubset(unittest.TestCase):
    def test_there_is_python_to_check(self):
        names = [os.path.basename(p) for p in python_files()]
        for expected in ("__init__.py", "app.py", "sceneprobe_maya.py", "sceneprobe_houdini.py",
                         "sceneprobe_clarisse.py", "sceneprobe_startup.py"):
            self.assertIn(expected, names)

    def test_every_file_compiles(self):
        out = tempfile.mkdtemp(prefix="sp-pyc-")
        for i, path in enumerate(python_files()):
            py_compile.compile(path, cfile=os.path.join(out, "%d.pyc" % i), doraise=True)

    def test_no_file_uses_what_python_2_7_lacks(self):
        for path in python_files():
            with open(path, "rb") as f:
                source = f.read()
            found = py3_only(ast.parse(source, path))
            self.assertEqual(found, [], path)
            text = source.decode("utf-8")
            head = "\n".join(text.split("\n")[:2])
            if re.search(r"[^\x00-\x7f]", text):
                self.assertTrue(re.search(r"coding[:=]\s*utf-?8", head),
                                "%s: non-ASCII source needs a coding line for Python 2.7" % path)

    def test_modules_that_define_functions_import_from_future(self):
        # print() and / must mean the same under 2.7: every module with code in functions opts in.
        for path in python_files():
            with open(path) as f:
                text = f.read()
            if "\ndef " in text or "\nclass " in text:
                self.assertIn("from __future__ import absolute_import, division, print_function", text, path)

    def test_the_checker_catches_what_it_looks_for(self):
        samples = ["x = f'{1}'", "def f(a, *, b): pass", "def f(a: int): pass", "def f():\n    nonlocal x",
                   "def g():\n    yield from h()", "a = [*b]", "a = {**b}", "if (n := 1): pass"]
        for sample in samples:
            self.assertTrue(py3_only(ast.parse(sample)), sample)
        self.assertEqual(py3_only(ast.parse("a, *b = c\nf(*a, **k)\nx = u'\\u2026'")), [])


class ApplicationFiles(unittest.TestCase):
    def test_the_maya_module_file_has_a_specifier_and_no_blank_line_inside(self):
        folder = os.path.join(support.SOURCE_DIR, "apps", "maya")
        with open(os.path.join(folder, "sceneprobe.mod")) as f:
            lines = f.read().split("\n")
        self.assertTrue(re.match(r"^\+ sceneprobe \d+\.\d+\.\d+ \.$", lines[0]), lines[0])
        body = lines[1:]
        while body and body[-1] == "":
            body.pop()
        self.assertNotIn("", body, "a blank line ends the module block")
        self.assertIn("PYTHONPATH+:=../python", body)
        # Maya reads every file in a module folder: only the module file and its folders.
        self.assertEqual(sorted(os.listdir(folder)), ["plug-ins", "sceneprobe.mod"])

    def test_the_houdini_package_prepends_its_python_and_adds_the_shelf(self):
        folder = os.path.join(support.SOURCE_DIR, "apps", "houdini")
        with open(os.path.join(folder, "sceneprobe.json")) as f:
            package = json.load(f)
        self.assertEqual(package["hpath"], "$HOUDINI_PACKAGE_PATH")
        paths = [e["PYTHONPATH"] for e in package["env"] if "PYTHONPATH" in e][0]
        self.assertEqual(paths["method"], "prepend")
        self.assertIn("$HOUDINI_PACKAGE_PATH/../python", paths["value"])
        self.assertTrue(os.path.isfile(os.path.join(folder, "python", "sceneprobe_houdini.py")))

    def test_the_houdini_shelf_has_two_tools_that_pass_kwargs(self):
        path = os.path.join(support.SOURCE_DIR, "apps", "houdini", "toolbar", "sceneprobe.shelf")
        root = ElementTree.parse(path).getroot()
        self.assertEqual(root.tag, "shelfDocument")
        members = [m.get("name") for m in root.find("toolshelf").findall("memberTool")]
        tools = dict((t.get("name"), t) for t in root.findall("tool"))
        self.assertEqual(sorted(members), sorted(tools))
        self.assertEqual(sorted(t.get("label") for t in tools.values()), ["Analyze", "Submit"])
        for tool in tools.values():
            script = tool.find("script")
            self.assertEqual(script.get("scriptType"), "python")
            self.assertIn("(kwargs)", script.text)
            compile(script.text, tool.get("name"), "exec")


if __name__ == "__main__":
    unittest.main()
