"""sceneprobe: analyse Maya, Houdini and Clarisse scene files for the render farm.

A ctypes binding to the sceneprobe C library (no compiled extension), for the
Pythons the applications embed: 2.7 (Clarisse 4) and 3.x (Maya, Houdini).

    import sceneprobe
    summary = sceneprobe.analyze("/shots/a.ma", project_name="demo")
    summary["tips"], summary["missing"], summary["task_dir"]
    result = sceneprobe.submit(summary["task_dir"], labels=["lighting"])

analyze() returns the same document as `sceneprobe analyze --json`; both
functions raise sceneprobe.Error, which carries the C library's message.

The library is looked for in $SCENEPROBE_LIBRARY (a file path) when that is
set, else next to this file (libsceneprobe.so, libsceneprobe.dylib or
sceneprobe.dll), and loaded by absolute path, never through the loader's
search path, which the applications set after start-up.
"""
from __future__ import absolute_import, division, print_function

import ctypes
import json
import os
import sys

__all__ = ["Error", "analyze", "submit", "version", "library_path", "missing_files", "report_text"]

_HERE = os.path.dirname(os.path.abspath(__file__))
_NAMES = {"win32": "sceneprobe.dll", "darwin": "libsceneprobe.dylib"}

# Error codes of core/include/sp/common.h, by value.
_CODES = {
    -1: "error",
    -2: "out of memory",
    -3: "not found",
    -4: "corrupt",
    -5: "unsupported",
    -6: "too big",
    -7: "i/o",
    -8: "bad request",
    -9: "network",
    -10: "credentials refused",
}


class Error(Exception):
    """A failed call: `message` is the C library's one-line message, `code` its SP_E* value.

    `result` holds the submission document when sp_submit_dir could build one
    (it says which step stopped and which task id exists), else None.
    """

    def __init__(self, message, code=-1, result=None):
        Exception.__init__(self, message)
        self.message = message
        self.code = code
        self.kind = _CODES.get(code, "error")
        self.result = result


def library_path():
    """The shared library this module loads."""
    env = os.environ.get("SCENEPROBE_LIBRARY")
    if env:
        return os.path.abspath(env)
    return os.path.join(_HERE, _NAMES.get(sys.platform, "libsceneprobe.so"))


_lib = []  # the loaded library, once: a list so that no `global` statement is needed
_dll_dirs = []  # Windows: add_dll_directory handles, kept open (closing one removes its folder)


def _declare(lib):
    vp = ctypes.c_void_p
    lib.sp_version.argtypes = []
    lib.sp_version.restype = ctypes.c_char_p
    lib.sp_ctx_new.argtypes = [ctypes.POINTER(vp), vp]
    lib.sp_ctx_new.restype = ctypes.c_int
    lib.sp_ctx_free.argtypes = [vp]
    lib.sp_ctx_free.restype = None
    lib.sp_ctx_last_error.argtypes = [vp]
    lib.sp_ctx_last_error.restype = ctypes.c_char_p  # borrowed from the context: copied at once
    lib.sp_analyze_file.argtypes = [ctypes.POINTER(vp), vp, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    lib.sp_analyze_file.restype = ctypes.c_int
    lib.sp_submit_dir.argtypes = [ctypes.POINTER(vp), vp, ctypes.c_char_p, ctypes.c_char_p]
    lib.sp_submit_dir.restype = ctypes.c_int
    # Strings the library returns are c_void_p, not c_char_p, so they can be given back to it.
    lib.sp_string_free.argtypes = [vp]
    lib.sp_string_free.restype = None


def _load():
    if _lib:
        return _lib[0]
    path = library_path()
    if not os.path.isfile(path):
        raise Error("sceneprobe library not found at %s (set SCENEPROBE_LIBRARY to its path)" % path)
    if sys.platform == "win32":
        folder = os.path.dirname(path)
        if hasattr(os, "add_dll_directory"):
            _dll_dirs.append(os.add_dll_directory(folder))
        else:
            os.environ["PATH"] = folder + os.pathsep + os.environ.get("PATH", "")
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise Error("cannot load %s: %s" % (path, e))
    _declare(lib)
    _lib.append(lib)
    return lib


def _bytes(text):
    if text is None or isinstance(text, bytes):
        return text
    return text.encode("utf-8")


def _text(raw):
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw


def version():
    """The C library's version, "MAJOR.MINOR.PATCH"."""
    return _text(_load().sp_version())


def _call(fn, *args):
    """Run fn(&out, ctx, *args) on a fresh context; returns (code, document or None, message)."""
    lib = _load()
    ctx = ctypes.c_void_p()
    out = ctypes.c_void_p()
    if lib.sp_ctx_new(ctypes.byref(ctx), None) != 0:
        raise Error("out of memory", -2)
    try:
        code = fn(ctypes.byref(out), ctx, *args)
        message = _text(lib.sp_ctx_last_error(ctx) or b"")
        doc = None
        if out.value:
            try:
                doc = json.loads(_text(ctypes.string_at(out.value)))
            finally:
                lib.sp_string_free(out)
        return code, doc, message
    finally:
        lib.sp_ctx_free(ctx)


def _options(options):
    return _bytes(json.dumps(options)) if options else None


def analyze(scene, out_dir=None, **options):
    """Analyse `scene` and write its task files; return the summary (as `sceneprobe analyze --json`).

    out_dir: the task folder; None makes a new one under the workspace
    ("workspace" option, else $SCENEPROBE_WORKSPACE, else ~/renderfarm_sdk).
    options: software_version, project_name, project_dir, platform, os
    ("windows"/"linux"), workspace, plugins {name: version}, env {name: value},
    map [[from, to], ...].  Error tips are not exceptions: see summary["tips"].
    """
    lib = _load()
    code, doc, message = _call(lib.sp_analyze_file, _bytes(scene), _bytes(out_dir), _options(options))
    if code != 0:
        raise Error(message or "analysis failed", code)
    return doc


def submit(task_dir, **options):
    """Submit the analysed `task_dir`; return {"task_id", "alias", "step", "output", ...}.

    options: labels [..], producer, level (50/60), force, no_transfer,
    transmitter, engine, max_speed, dry_run, and the connection settings
    api_url, access_id, access_key, platform, config, timeout,
    connect_timeout, retries, retry_delay_ms, insecure, english.
    Credentials default to $RAYVISION_API_ACCESS_ID / $RAYVISION_API_KEY, then
    the credentials file, as on the command line.
    """
    lib = _load()
    code, doc, message = _call(lib.sp_submit_dir, _bytes(task_dir), _options(options))
    if code != 0:
        raise Error(message or "submission failed", code, doc)
    return doc


def missing_files(summary):
    """The missing files with the node and attribute that asked for each, from the task's asset.json.

    A list of {"path", "node", "attr"}, in the order the reader found them.
    """
    task_dir = summary.get("task_dir")
    if not task_dir:
        return []
    with open(os.path.join(task_dir, "asset.json"), "rb") as f:
        assets = json.loads(f.read().decode("utf-8"))
    out = []
    for ref in assets.get("references", []):
        if ref.get("missing"):
            out.append({"path": ref.get("path", ""), "node": ref.get("node", ""), "attr": ref.get("attr", "")})
    return out


_SEVERITIES = ("error", "warning", "info")


def report_text(summary, missing=None):
    """The summary as the text a result window shows: layers, missing files, tips by severity."""
    lines = ["%s %s: %s" % (summary.get("application", ""), summary.get("version", ""), summary.get("scene", ""))]
    lines.append("")
    lines.append("Render layers")
    for unit in summary.get("units", []):
        state = "renders" if unit.get("renderable") else "off"
        cams = ", ".join(unit.get("render_cameras", [])) or "no camera"
        lines.append("  %s (%s): frames %s, camera %s" % (unit.get("name", ""), state, unit.get("frames", ""), cams))
    if missing is None:
        missing = [{"path": p, "node": "", "attr": ""} for p in summary.get("missing", [])]
    lines.append("")
    lines.append("Missing files (%d)" % len(missing))
    for m in missing:
        lines.append("  %s%s" % (m["path"], "  <- %s" % m["node"] if m.get("node") else ""))
    tips = summary.get("tips", [])
    for severity in _SEVERITIES + tuple(sorted(set(t.get("severity", "") for t in tips) - set(_SEVERITIES))):
        group = [t for t in tips if t.get("severity", "") == severity]
        if not group:
            continue
        lines.append("")
        lines.append("%s (%d)" % (severity.capitalize() or "Other", len(group)))
        for t in group:
            lines.append("  %s %s" % (t.get("code", ""), t.get("title", "")))
            for msg in t.get("messages", []):
                lines.append("      " + msg)
    lines.append("")
    lines.append("Task folder: %s" % summary.get("task_dir", ""))
    return "\n".join(lines)
