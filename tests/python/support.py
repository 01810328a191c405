"""What the Python tests share: where things are, temporary folders, the command line, the fake farm.

ctest runs these files with /usr/bin/python3 and sets SCENEPROBE_LIBRARY (the
built shared library), SCENEPROBE_BINARY (the command line), SP_SOURCE_DIR and
SP_CORPUS_DIR.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SOURCE_DIR = os.environ.get("SP_SOURCE_DIR") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS_DIR = os.environ.get("SP_CORPUS_DIR") or os.path.join(SOURCE_DIR, "..", "shared", "corpus")
BINARY = os.environ.get("SCENEPROBE_BINARY", "sceneprobe")
ACCESS_ID = "AKIDTEST0001"
ACCESS_KEY = "sEcReT-kEy-0123456789abcdef"

sys.path.insert(0, os.path.join(SOURCE_DIR, "python"))


def smallest_scenes(folder, count):
    """The `count` smallest corpus files in `folder` (a corpus subfolder), smallest first."""
    base = os.path.join(CORPUS_DIR, folder)
    names = [n for n in os.listdir(base) if not n.startswith(".") and n != "MANIFEST.tsv"]
    names.sort(key=lambda n: (os.path.getsize(os.path.join(base, n)), n))
    return [os.path.join(base, n) for n in names[:count]]


def run_cli(*args):
    """(exit code, stdout, stderr) of the sceneprobe command line."""
    p = subprocess.Popen([BINARY] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate()
    return p.returncode, out.decode("utf-8"), err.decode("utf-8")


class TempDir(object):
    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="sp-python-")

    def join(self, *parts):
        return os.path.join(self.path, *parts)

    def write(self, name, text):
        path = self.join(name)
        if not os.path.isdir(os.path.dirname(path)):
            os.makedirs(os.path.dirname(path))
        with open(path, "w") as f:
            f.write(text)
        return path

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


def isolate_environment(home):
    """No credentials, proxies or workspace of the user running the tests may leak in."""
    os.environ["HOME"] = home
    os.environ["XDG_CONFIG_HOME"] = home
    for name in ("RAYVISION_API_ACCESS_ID", "RAYVISION_API_KEY", "RAYVISION_TRANSMITTER", "SCENEPROBE_WORKSPACE",
                 "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        os.environ.pop(name, None)


class FakeFarm(object):
    """tests/fake_farm/fake_farm.py on a free local port."""

    def __init__(self, folder):
        self.dir = folder
        os.makedirs(folder)
        script = os.path.join(SOURCE_DIR, "tests", "fake_farm", "fake_farm.py")
        self.proc = subprocess.Popen(["/usr/bin/python3", script, "--dir", folder, "--access-id", ACCESS_ID,
                                      "--key", ACCESS_KEY, "--lifetime", "120"])
        port_file = os.path.join(folder, "port")
        for _ in range(200):
            if os.path.exists(port_file):
                with open(port_file) as f:
                    port = f.read().strip()
                if port:
                    self.url = "http://127.0.0.1:%s" % port
                    return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("the fake farm did not start")

    def requests(self):
        path = os.path.join(self.dir, "requests.jsonl")
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait()


def analysed_task(tmp, name="task"):
    """A task folder analysed by the command line from the smallest Maya corpus scene."""
    folder = tmp.join(name)
    code, _, err = run_cli("analyze", smallest_scenes("maya_ascii", 1)[0], "-o", folder, "-q")
    if code not in (0, 1):
        raise RuntimeError(err)
    return folder
