"""Stand-ins for maya.cmds, hou and ix: only the calls the glue makes, each one recorded.

A call the glue makes that is not here fails with AttributeError, so the
tests also pin down which host calls the glue depends on.  Dialog answers are
scripted: `answers` is a list of what the user presses, in order.
"""
import sys
import types


class Recorder(object):
    def __init__(self):
        self.calls = []
        self.answers = []

    def record(self, name, *args, **kwargs):
        self.calls.append((name, args, kwargs))

    def called(self, name):
        return [c for c in self.calls if c[0] == name]

    def answer(self, default):
        return self.answers.pop(0) if self.answers else default


# ---- Maya ------------------------------------------------------------------------------------

class MayaCmds(Recorder):
    def __init__(self, scene="", modified=False, batch=False):
        Recorder.__init__(self)
        self.scene, self.modified, self.batch = scene, modified, batch
        self.ui = {}
        self.saved = 0
        self.prompt_text = ""
        self.list_selection = []
        self.existing_nodes = set()
        self.selection = []
        self.save_as = None  # what fileDialog2 returns

    def file(self, *args, **kw):
        self.record("file", *args, **kw)
        if kw.get("query") and kw.get("sceneName"):
            return self.scene
        if kw.get("query") and kw.get("modified"):
            return self.modified
        if "rename" in kw:
            self.scene = kw["rename"]
        elif kw.get("save"):
            with open(self.scene, "a"):
                pass
            self.saved += 1
            self.modified = False
        return None

    def about(self, **kw):
        self.record("about", **kw)
        return self.batch

    def _element(self, kind, name, kw):
        self.record(kind, name, **kw)
        if kw.get("exists"):
            return name in self.ui
        self.ui[name] = (kind, kw)
        return name

    def menu(self, name, **kw):
        return self._element("menu", name, kw)

    def window(self, name, **kw):
        return self._element("window", name, kw)

    def menuItem(self, **kw):
        self.record("menuItem", **kw)

    def deleteUI(self, name, **kw):
        self.record("deleteUI", name, **kw)
        del self.ui[name]

    def confirmDialog(self, **kw):
        self.record("confirmDialog", **kw)
        return self.answer(kw["button"][0]) if len(kw["button"]) > 1 else kw["button"][0]

    def promptDialog(self, **kw):
        self.record("promptDialog", **kw)
        if kw.get("query"):
            return self.prompt_text
        pressed = self.answer("OK")
        if pressed == "OK":
            self.prompt_text = self.answers.pop(0)
        return pressed

    def fileDialog2(self, **kw):
        self.record("fileDialog2", **kw)
        return [self.save_as] if self.save_as else None

    def paneLayout(self, **kw):
        self.record("paneLayout", **kw)

    def scrollField(self, **kw):
        self.record("scrollField", **kw)

    def textScrollList(self, name, **kw):
        self.record("textScrollList", name, **kw)
        if kw.get("query"):
            return self.list_selection
        self.ui[name] = ("textScrollList", kw)
        return name

    def showWindow(self, name):
        self.record("showWindow", name)

    def objExists(self, name):
        return name in self.existing_nodes

    def select(self, names, **kw):
        self.record("select", names, **kw)
        self.selection = list(names)


def install_maya(cmds):
    """Make `import maya.cmds`, `maya.api.OpenMaya` and `maya.utils` give the stand-ins."""
    maya = types.ModuleType("maya")
    api = types.ModuleType("maya.api")
    om = types.ModuleType("maya.api.OpenMaya")
    utils = types.ModuleType("maya.utils")
    om.plugins = []
    om.MFnPlugin = lambda mobject, *args: om.plugins.append((mobject,) + args)
    utils.deferred = []
    utils.executeDeferred = utils.deferred.append
    maya.cmds, maya.api, maya.utils, api.OpenMaya = cmds, api, utils, om
    sys.modules.update({"maya": maya, "maya.cmds": cmds, "maya.api": api, "maya.api.OpenMaya": om,
                        "maya.utils": utils})
    return om, utils


# ---- Houdini ---------------------------------------------------------------------------------

class OperationFailed(Exception):
    pass


class HouNode(object):
    def __init__(self, hou, path):
        self.hou, self.path = hou, path

    def setSelected(self, on, clear_all_selected=False):
        self.hou.record("setSelected", self.path, on, clear_all_selected=clear_all_selected)
        self.hou.selection = [self.path] if clear_all_selected else self.hou.selection + [self.path]


class HipFile(object):
    def __init__(self, hou):
        self.hou = hou

    def isNewFile(self):
        return not self.hou.scene

    def path(self):
        return self.hou.scene or "/home/user/untitled.hip"

    def hasUnsavedChanges(self):
        return self.hou.modified

    def save(self, file_name=None):
        self.hou.record("save", file_name=file_name)
        if self.hou.save_fails:
            raise OperationFailed("disk full")
        if file_name:
            self.hou.scene = file_name
        with open(self.hou.scene, "a"):
            pass
        self.hou.modified = False


class HouUi(object):
    def __init__(self, hou):
        self.hou = hou

    def displayMessage(self, text, buttons=("OK",), **kw):
        self.hou.record("displayMessage", text, buttons=buttons, **kw)
        return self.hou.answer(0) if len(buttons) > 1 else 0

    def readInput(self, text, **kw):
        self.hou.record("readInput", text, **kw)
        return self.hou.answer((0, kw.get("initial_contents", "")))

    def selectFromList(self, choices, **kw):
        self.hou.record("selectFromList", choices, **kw)
        return self.hou.answer(())

    def selectFile(self, **kw):
        self.hou.record("selectFile", **kw)
        return self.hou.save_as or ""


class Hou(Recorder, types.ModuleType):
    def __init__(self, scene="", modified=False):
        types.ModuleType.__init__(self, "hou")
        Recorder.__init__(self)
        self.scene, self.modified, self.save_fails, self.save_as = scene, modified, False, None
        self.nodes = set()
        self.selection = []
        self.hipFile = HipFile(self)
        self.ui = HouUi(self)
        self.OperationFailed = OperationFailed
        self.severityType = types.SimpleNamespace(Message="Message", Warning="Warning", Error="Error")
        self.fileChooserMode = types.SimpleNamespace(Read="Read", Write="Write")

    def node(self, path):
        return HouNode(self, path) if path in self.nodes else None

    def expandString(self, text):
        return text


# ---- Clarisse ----------------------------------------------------------------------------------

class Answer(object):
    def __init__(self, yes):
        self.yes = yes

    def is_yes(self):
        return self.yes


class ClarisseApp(object):
    def __init__(self, ix):
        self.ix = ix

    def get_current_project_filename(self):
        return self.ix.scene

    def is_project_modified(self):
        return self.ix.modified

    def save_project(self, path):
        self.ix.record("save_project", path)
        if self.ix.save_fails:
            return False
        with open(path, "a"):
            pass
        self.ix.scene, self.ix.modified = path, False
        return True

    def message_box(self, text, title, default, style):
        self.ix.record("message_box", text, title, default, style)
        return Answer(self.ix.answer(True) if style == "YES_NO" else True)

    def get_default_scripting_engine_class_name(self):
        return "ScriptingPython3"

    def get_main_menu(self):
        return self.ix.menu

    def get_shelf(self):
        return self.ix.shelf


class ClarisseMenu(object):
    def __init__(self, ix):
        self.ix, self.commands = ix, []

    def add_command(self, path):
        self.ix.record("add_command", path)
        self.commands.append((path, None))

    def remove_command(self, path):
        self.ix.record("remove_command", path)
        self.commands = [c for c in self.commands if not c[0].startswith(path)]

    def add_command_as_script(self, engine, path, script):
        self.ix.record("add_command_as_script", engine, path, script)
        self.commands.append((path, script))


class ShelfItem(object):
    def __init__(self, title):
        self.title = title

    def get_title(self):
        return self.title


class ClarisseShelf(object):
    def __init__(self, ix):
        self.ix, self.items = ix, []

    def get_items(self, slot, category):
        return [ShelfItem(i[2]) for i in self.items if i[:2] == (slot, category)]

    def add_item(self, slot, category, title, description, script, icon):
        self.ix.record("add_item", slot, category, title, description, script, icon)
        self.items.append((slot, category, title, script))


class ClarisseSelection(object):
    def __init__(self, ix):
        self.ix, self.items = ix, []

    def deselect_all(self):
        self.items = []

    def add(self, item):
        self.items.append(item)


class Ix(Recorder, types.ModuleType):
    def __init__(self, scene="", modified=False, gui=True):
        types.ModuleType.__init__(self, "ix")
        Recorder.__init__(self)
        self.scene, self.modified, self.gui, self.save_as, self.save_fails = scene, modified, gui, "", False
        self.application = ClarisseApp(self)
        self.menu = ClarisseMenu(self)
        self.shelf = ClarisseShelf(self)
        self.selection = ClarisseSelection(self)
        self.items = set()
        self.log = []
        dialog = types.SimpleNamespace(yes=lambda: "yes", ok=lambda: "ok", STYLE_YES_NO="YES_NO", STYLE_OK="OK")
        widget = types.SimpleNamespace(save_file=lambda app, default, title, filters: self.save_as)
        self.api = types.SimpleNamespace(AppDialog=dialog, GuiWidget=widget)

    def is_gui_application(self):
        return self.gui

    def item_exists(self, path):
        return ("item", path) if path in self.items else None

    def log_info(self, text):
        self.log.append(("info", text))

    def log_error(self, text):
        self.log.append(("error", text))
