"""The steps every application entry point takes, whatever the application.

The Maya menu, the Houdini shelf and the Clarisse command each pass an
adapter object that knows only its application's calls:

    scene_path()                  the open scene's file, "" when never saved
    is_modified()                 True when it has unsaved changes
    save()                        save it (asking for a name when untitled); False when cancelled
    confirm(title, text)          a yes/no question; True for yes
    prompt(title, text, default)  one line of text, None when cancelled
    message(title, text, error)   a short message
    show_report(title, text, missing)
                                  the result window: the report text and the missing
                                  files ({"path", "node", "attr"}), each selectable

Everything that decides anything (what renders, what is missing, which tips
stop a submission) happens in the C library; this module only orders the
dialogs.  Python 2.7 and 3.x.
"""
from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys

from . import Error, analyze, missing_files, report_text, submit

TITLE = "sceneprobe"

# The task folder of the last analysis in this session, for "Open last task folder".
_last = {"task_dir": None}


def last_task_dir():
    return _last["task_dir"]


def saved_scene(host):
    """The scene file on disk, saved first when the user agrees; None when there is none."""
    path = host.scene_path()
    if not path or host.is_modified():
        if path:
            question = "The scene has unsaved changes. The analysis reads the file on disk: save it first?"
        else:
            question = "The scene has never been saved. The analysis reads the file on disk: save it now?"
        if not host.confirm(TITLE, question):
            return None
        if not host.save():
            return None
        path = host.scene_path()
    if not path or not os.path.isfile(path):
        host.message(TITLE, "The scene is not on disk: %s" % (path or "(untitled)"), True)
        return None
    return path


def analyze_scene(host, **options):
    """Save if needed, analyse the saved file, show the result window; the summary, or None."""
    path = saved_scene(host)
    if path is None:
        return None
    try:
        summary = analyze(path, **options)
    except Error as e:
        host.message(TITLE, e.message, True)
        return None
    _last["task_dir"] = summary.get("task_dir")
    missing = missing_files(summary)
    host.show_report("%s: %s" % (TITLE, os.path.basename(path)), report_text(summary, missing), missing)
    return summary


def _labels(text):
    return [part.strip() for part in text.split(",") if part.strip()]


def _submit(host, task_dir, options):
    try:
        return submit(task_dir, **options)
    except Error as e:
        stopped_on_tips = e.result is not None and e.result.get("step") == "tips"
        if stopped_on_tips and not options.get("force"):
            if host.confirm(TITLE, "%s\n\nSubmit anyway?" % e.message):
                options = dict(options, force=True)
                return _submit(host, task_dir, options)
            return None
        host.message(TITLE, e.message, True)
        return None


def submit_scene(host, **options):
    """Ask the project name and labels, analyse the saved scene, submit; the result, or None."""
    project = host.prompt(TITLE, "Project name on the farm:", "")
    if project is None:
        return None
    labels = host.prompt(TITLE, "Labels, separated by commas:", "")
    if labels is None:
        return None
    summary = analyze_scene(host, **({"project_name": project.strip()} if project.strip() else {}))
    if summary is None:
        return None
    submit_options = dict(options)
    if _labels(labels):
        submit_options["labels"] = _labels(labels)
    result = _submit(host, summary["task_dir"], submit_options)
    if result is None:
        return None
    if result.get("dry_run"):
        text = "Dry run: nothing was sent (%d requests)." % len(result.get("requests", []))
    elif result.get("already_submitted"):
        text = "Task %s was already submitted." % result.get("task_id")
    else:
        text = "Submitted task %s%s." % (result.get("task_id"), " (%s)" % result["alias"] if result.get("alias") else "")
    host.message(TITLE, text, False)
    return result


def open_folder(path):
    """Show a folder in the system's file browser."""
    if sys.platform == "win32":
        os.startfile(path)  # noqa: only on Windows
    else:
        subprocess.Popen(["open" if sys.platform == "darwin" else "xdg-open", path])


def open_last_task(host):
    """Open the task folder of the last analysis; False when there was none."""
    path = _last["task_dir"]
    if not path or not os.path.isdir(path):
        host.message(TITLE, "No scene was analysed in this session yet.", False)
        return False
    open_folder(path)
    return True
