"""sceneprobe for Clarisse: a "Sceneprobe" menu and shelf buttons (Analyze scene, Submit..., Open last task folder).

sceneprobe_startup.py (named in CLARISSE_STARTUP_SCRIPT) puts this folder and
the sceneprobe Python package on sys.path and calls install().  Only dialogs
and save calls are here; the analysis is the C library's (sceneprobe.app
orders the steps).  Python 2.7 (Clarisse 4) and 3.x.
"""
from __future__ import absolute_import, division, print_function

import os

import ix

from sceneprobe import app

HERE = os.path.dirname(os.path.abspath(__file__))
MENU = "Sceneprobe>"
SHELF_CATEGORY = "Sceneprobe"
COMMANDS = (
    ("Analyze scene", "analyze", "Analyse the saved project for the render farm"),
    (u"Submit\u2026", "submit", "Analyse the saved project and submit it to the render farm"),
    ("Open last task folder", "open_last_task", "Show the task files of the last analysis"),
)


class ClarisseHost(object):
    """The five things sceneprobe.app needs, through ix."""

    def scene_path(self):
        return ix.application.get_current_project_filename() or ""

    def is_modified(self):
        return bool(ix.application.is_project_modified())

    def save(self):
        path = self.scene_path()
        if not path:
            path = ix.api.GuiWidget.save_file(ix.application, "", "Save project", "Project Files\t*.project")
            if not path:
                return False
        if not ix.application.save_project(path):
            self.message(app.TITLE, "The project could not be saved to %s" % path, True)
            return False
        return True

    def confirm(self, title, text):
        return ix.application.message_box(text, title, ix.api.AppDialog.yes(),
                                          ix.api.AppDialog.STYLE_YES_NO).is_yes()

    def prompt(self, title, text, default=""):
        # No one-line input dialog is known in the ix API: the defaults stand (see README).
        return default

    def message(self, title, text, error=False):
        (ix.log_error if error else ix.log_info)(text)
        ix.application.message_box(text, title, ix.api.AppDialog.ok(), ix.api.AppDialog.STYLE_OK)

    def show_report(self, title, text, missing):
        for line in text.split("\n"):
            ix.log_info(line)
        items = [ix.item_exists(m["node"]) for m in missing if m["node"]]
        items = [item for item in items if item is not None]
        if items:
            ix.selection.deselect_all()
            for item in items:
                ix.selection.add(item)
        summary = "%s\n%d missing file(s)%s. The full report is in the Log window." % (
            text.split("\n", 1)[0], len(missing), ", their items are selected" if items else "")
        ix.application.message_box(summary, title, ix.api.AppDialog.ok(), ix.api.AppDialog.STYLE_OK)


HOST = ClarisseHost()


def analyze():
    return app.analyze_scene(HOST)


def submit():
    return app.submit_scene(HOST)


def open_last_task():
    return app.open_last_task(HOST)


def install():
    """Add the menu and the shelf buttons; nothing in cnode or other batch runs."""
    if not ix.is_gui_application():
        return False
    engine = ix.application.get_default_scripting_engine_class_name()
    menu = ix.application.get_main_menu()
    menu.remove_command(MENU)
    menu.add_command(MENU)
    for label, function, _ in COMMANDS:
        menu.add_command_as_script(engine, MENU + label, "import sceneprobe_clarisse; sceneprobe_clarisse.%s()" % function)
    shelf = ix.application.get_shelf()
    present = [item.get_title() for item in shelf.get_items(0, SHELF_CATEGORY)] if shelf.get_items(0, SHELF_CATEGORY) else []
    for label, function, description in COMMANDS:
        if label not in present:
            shelf.add_item(0, SHELF_CATEGORY, label, description, os.path.join(HERE, "shelf", function + ".py"), "")
    return True
