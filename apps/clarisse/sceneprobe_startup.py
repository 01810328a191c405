# sceneprobe's Clarisse start-up script: name it in CLARISSE_STARTUP_SCRIPT.
# Clarisse runs start-up scripts without __file__, so the folder is written in
# at install time; $SCENEPROBE_CLARISSE, when set, wins.
import os
import sys

_root = os.environ.get("SCENEPROBE_CLARISSE") or "@SCENEPROBE_CLARISSE_DIR@"
for _path in (_root, os.path.join(_root, os.pardir, "python")):
    _path = os.path.normpath(_path)
    if _path not in sys.path:
        sys.path.insert(0, _path)

import sceneprobe_clarisse  # noqa: E402 (after the path is set)

sceneprobe_clarisse.install()
