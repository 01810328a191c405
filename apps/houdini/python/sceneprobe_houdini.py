"""sceneprobe for Houdini: what the Analyze and Submit shelf tools run.

The package file sceneprobe.json puts this folder and the sceneprobe Python
package on PYTHONPATH and the shelf on HOUDINI_PATH.  Only dialogs and save
calls are here; the analysis is the C library's (sceneprobe.app orders the steps).
"""
from __future__ import absolute_import, division, print_function

import hou

from sceneprobe import app


class HoudiniHost(object):
    """The five things sceneprobe.app needs, through hou."""

    def scene_path(self):
        return "" if hou.hipFile.isNewFile() else hou.hipFile.path()

    def is_modified(self):
        return hou.hipFile.hasUnsavedChanges()

    def save(self):
        name = None
        if hou.hipFile.isNewFile():
            name = hou.ui.selectFile(title="Save scene", pattern="*.hip *.hipnc *.hiplc",
                                     chooser_mode=hou.fileChooserMode.Write)
            if not name:
                return False
            name = hou.expandString(name).replace("\\", "/")  # backslashes can crash the save
        try:
            hou.hipFile.save(file_name=name)
        except hou.OperationFailed as e:
            self.message(app.TITLE, "The scene could not be saved: %s" % e, True)
            return False
        return True

    def confirm(self, title, text):
        return hou.ui.displayMessage(text, buttons=("Yes", "No"), default_choice=0, close_choice=1,
                                     title=title) == 0

    def prompt(self, title, text, default=""):
        button, value = hou.ui.readInput(text, buttons=("OK", "Cancel"), default_choice=0, close_choice=1,
                                         title=title, initial_contents=default)
        return value if button == 0 else None

    def message(self, title, text, error=False):
        hou.ui.displayMessage(text, title=title,
                              severity=hou.severityType.Error if error else hou.severityType.Message)

    def show_report(self, title, text, missing):
        first = text.split("\n", 1)[0]
        hou.ui.displayMessage("%s\n%d missing file(s)" % (first, len(missing)), title=title, details=text,
                              details_expanded=True)
        if not missing:
            return
        picked = hou.ui.selectFromList(["%s  <- %s" % (m["path"], m["node"] or "?") for m in missing],
                                       exclusive=True, title=title, column_header="Missing file  <- node",
                                       message="Pick a missing file to select the node that asked for it")
        node = hou.node(missing[picked[0]]["node"]) if picked and missing[picked[0]]["node"] else None
        if node is not None:
            node.setSelected(True, clear_all_selected=True)


HOST = HoudiniHost()


def analyze(kwargs=None):
    return app.analyze_scene(HOST)


def submit(kwargs=None):
    return app.submit_scene(HOST)
