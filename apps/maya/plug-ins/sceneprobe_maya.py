"""sceneprobe for Maya: a "Sceneprobe" menu with Analyze scene, Submit... and Open last task folder.

Load it in Windows > Settings/Preferences > Plug-in Manager once MAYA_MODULE_PATH
names the installed `maya` folder (its sceneprobe.mod puts the sceneprobe
Python package on PYTHONPATH).  Only dialogs and save calls are here; the
analysis is the C library's (sceneprobe.app orders the steps).
"""
from __future__ import absolute_import, division, print_function

import maya.api.OpenMaya as om
import maya.cmds as cmds
import maya.utils

from sceneprobe import app

maya_useNewAPI = True  # Python API 2.0: Maya only checks that the name exists

MENU = "sceneprobeMenu"
WINDOW = "sceneprobeReport"
MISSING_LIST = "sceneprobeMissing"


class MayaHost(object):
    """The five things sceneprobe.app needs, through maya.cmds."""

    def scene_path(self):
        return cmds.file(query=True, sceneName=True) or ""

    def is_modified(self):
        return bool(cmds.file(query=True, modified=True))

    def save(self):
        if self.scene_path():
            cmds.file(save=True, force=True)
            return True
        picked = cmds.fileDialog2(fileMode=0, caption="Save scene",
                                  fileFilter="Maya ASCII (*.ma);;Maya Binary (*.mb)")
        if not picked:
            return False
        cmds.file(rename=picked[0])
        cmds.file(save=True, force=True, type="mayaBinary" if picked[0].lower().endswith(".mb") else "mayaAscii")
        return True

    def confirm(self, title, text):
        return cmds.confirmDialog(title=title, message=text, button=["Yes", "No"], defaultButton="Yes",
                                  cancelButton="No", dismissString="No") == "Yes"

    def prompt(self, title, text, default=""):
        answer = cmds.promptDialog(title=title, message=text, text=default, button=["OK", "Cancel"],
                                   defaultButton="OK", cancelButton="Cancel", dismissString="Cancel")
        if answer != "OK":
            return None
        return cmds.promptDialog(query=True, text=True)

    def message(self, title, text, error=False):
        cmds.confirmDialog(title=title, message=text, button=["OK"], icon="critical" if error else "information")

    def show_report(self, title, text, missing):
        if cmds.window(WINDOW, exists=True):
            cmds.deleteUI(WINDOW)
        cmds.window(WINDOW, title=title, widthHeight=(760, 600))
        cmds.paneLayout(configuration="horizontal2")
        cmds.scrollField(text=text, editable=False, wordWrap=False)
        nodes = [m["node"] for m in missing]

        def select_node(*_):
            picked = cmds.textScrollList(MISSING_LIST, query=True, selectIndexedItem=True) or []
            names = [nodes[i - 1] for i in picked if nodes[i - 1] and cmds.objExists(nodes[i - 1])]
            if names:
                cmds.select(names, replace=True)

        cmds.textScrollList(MISSING_LIST, allowMultiSelection=True, selectCommand=select_node,
                            append=["%s    <- %s" % (m["path"], m["node"] or "?") for m in missing])
        cmds.showWindow(WINDOW)


HOST = MayaHost()


def build_menu():
    if cmds.menu(MENU, exists=True):
        cmds.deleteUI(MENU, menu=True)
    cmds.menu(MENU, label="Sceneprobe", parent="MayaWindow", tearOff=True)
    cmds.menuItem(label="Analyze scene", parent=MENU, command=lambda *_: app.analyze_scene(HOST))
    cmds.menuItem(label=u"Submit\u2026", parent=MENU, command=lambda *_: app.submit_scene(HOST))
    cmds.menuItem(label="Open last task folder", parent=MENU, command=lambda *_: app.open_last_task(HOST))


def initializePlugin(mobject):
    om.MFnPlugin(mobject, "sceneprobe", "0.1.0")
    if not cmds.about(batch=True):
        maya.utils.executeDeferred(build_menu)  # after the main window exists, when auto-loaded


def uninitializePlugin(mobject):
    om.MFnPlugin(mobject)
    if cmds.menu(MENU, exists=True):
        cmds.deleteUI(MENU, menu=True)
