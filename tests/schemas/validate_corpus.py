#!/usr/bin/python3
"""Validate sceneprobe's task files against the JSON Schemas, over the whole corpus.

Usage: validate_corpus.py SCENEPROBE SOURCE_DIR CORPUS_DIR

1. The four schemas in SOURCE_DIR/schemas are themselves valid draft 2020-12 schemas.
2. Fixtures: every tests/schemas/samples/good/<kind>-*.json passes, every
   samples/bad/<kind>-*.json fails (<kind> is task, upload, asset or tips), and a
   task.json with a number where a string belongs is rejected.
3. Scenes: every scene of the corpus (CORPUS_DIR/maya_ascii/*.ma, maya_binary/*.mb,
   houdini/*.hip*, clarisse/*.project) and every .ma under SOURCE_DIR/examples is
   analysed twice (`sceneprobe analyze SCENE -o DIR -q`).  Each run must exit 0 or 1
   (no signal, no 2/3/4, no sanitizer report) and write the four files; they must be
   UTF-8 without \\uXXXX escapes of non-ASCII characters or duplicate keys, match their
   schema and the cross-file rules below, and be byte-identical between the two runs;
   `sceneprobe check DIR` must then exit 0.  A format that sceneprobe says it has no
   reader for yet (exit 3, "... have no reader yet") is counted in a closing note instead.
4. The example project also has to report what examples/README.md promises.

Prints one line per failure and closes with "N passed, M failed": N counts scenes
that passed every check, M counts failed scenes plus failed self-checks (schemas,
fixtures).  Exits 1 when anything failed.
"""

import concurrent.futures
import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

KINDS = ("task", "upload", "asset", "tips")
ANALYZE_TIMEOUT = 300  # seconds per run; sanitizer builds are slow on the big scenes
CHECK_TIMEOUT = 120
# Sanitizers exit with 1 by default, which would look like "done, with error tips".
SANITIZER_EXIT = 86
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "SUMMARY: UndefinedBehaviorSanitizer")
# A \uXXXX escape that is not itself escaped ("\\u0041" is a backslash then "u0041").
UNICODE_ESCAPE = re.compile(r'(?<!\\)((?:\\\\)*)\\u([0-9a-fA-F]{4})')
DRIVE = re.compile(r'^([A-Za-z]):(/|$)')
# corpus folder, file name endings, the application task.json must name, its cg_id
FORMATS = [
    ("maya_ascii", (".ma",), "Maya", "2000"),
    ("maya_binary", (".mb",), "Maya", "2000"),
    ("houdini", (".hip", ".hipnc", ".hiplc"), "Houdini", "2004"),
    ("clarisse", (".project",), "Clarisse", "2013"),
]
# What `analyze` says (exit 3) for a format whose reader is not written yet: reported, not failed.
NO_READER = "have no reader yet"


# ---- loading -------------------------------------------------------------------------

class DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise DuplicateKey("duplicate key %r" % key)
        obj[key] = value
    return obj


def load_schemas(source_dir):
    validators, problems = {}, []
    for kind in KINDS:
        path = os.path.join(source_dir, "schemas", kind + ".schema.json")
        try:
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
            Draft202012Validator.check_schema(schema)
            validators[kind] = Draft202012Validator(schema)
        except Exception as e:  # any reason the schema is unusable is one failure
            problems.append("schema %s: %s" % (os.path.relpath(path, source_dir), _one_line(str(e))))
    return validators, problems


def read_json_bytes(data):
    """Parse task-file bytes; return (object, [problems]) with the encoding rules applied."""
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append("starts with a UTF-8 byte order mark")
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, problems + ["not UTF-8: %s" % e]
    for m in UNICODE_ESCAPE.finditer(text):
        if int(m.group(2), 16) >= 0x80:
            problems.append("non-ASCII character escaped as \\u%s (write it as itself)" % m.group(2))
            break
    try:
        obj = json.loads(text, object_pairs_hook=_no_duplicates)
    except (ValueError, DuplicateKey) as e:
        return None, problems + ["not valid JSON: %s" % e]
    return obj, problems


# ---- rules that a schema cannot state --------------------------------------------------

def normalize_path(path):
    """The path rule of spec/output-files.md: '\\' to '/', collapse '//', '.', '..'."""
    p = path.replace("\\", "/")
    prefix = ""
    if p.startswith("//"):
        parts = [s for s in p[2:].split("/") if s]
        prefix, parts = "//" + "/".join(parts[:2]), parts[2:]
    elif DRIVE.match(p):
        prefix, parts = p[:2], p[2:].split("/")
    elif p.startswith("/"):
        prefix, parts = "", p.split("/")
    else:
        return None  # relative
    out = []
    for seg in parts:
        if seg in ("", "."):
            continue
        if seg == "..":
            if out:
                out.pop()
            continue
        out.append(seg)
    return prefix + "/" + "/".join(out)


def server_path(local):
    norm = normalize_path(local)
    if norm is None:
        return None
    if norm.startswith("//"):
        return norm[1:]
    m = DRIVE.match(norm)
    if m:
        return "/" + m.group(1) + norm[2:].rstrip("/")
    return norm


def dedupe_key(local):
    norm = normalize_path(local) or local
    return norm.lower() if (norm.startswith("//") or DRIVE.match(norm)) else norm


def semantic_problems(kind, obj):
    """Cross-field rules of one file; assumes it already matched its schema."""
    problems = []
    if kind == "task":
        if obj["scene_info"] != obj["scene_info_render"]:
            problems.append("scene_info differs from scene_info_render")
    elif kind == "upload":
        seen = {}
        for entry in obj["scene"] + obj["asset"]:
            want = server_path(entry["local"])
            if want != entry["server"]:
                problems.append("server %r for %r, the path rule gives %r"
                                % (entry["server"], entry["local"], want))
        for entry in obj["asset"]:
            key = dedupe_key(entry["local"])
            if key in seen:
                problems.append("asset %r listed twice (also as %r)" % (entry["local"], seen[key]))
            seen[key] = entry["local"]
        assets = {dedupe_key(e["local"]) for e in obj["asset"]}
        for entry in obj["scene"]:
            if dedupe_key(entry["local"]) not in assets:
                problems.append("scene %r is not in the asset list" % entry["local"])
    elif kind == "asset":
        both = set(obj["asset"]) & set(obj["missing"])
        if both:
            problems.append("listed as found and missing: %s" % sorted(both)[0])
    return problems


def validate(validators, kind, obj):
    problems = []
    for error in validators[kind].iter_errors(obj):
        # "not valid under any of the given schemas" hides the reason: name the deepest one.
        while error.context:
            error = best_match(error.context)
        text = "%s: %s" % ("/".join(str(p) for p in error.absolute_path) or "(root)", _one_line(error.message))
        if text not in problems:
            problems.append(text)
    problems.sort()
    if not problems:
        problems = semantic_problems(kind, obj)
    return problems


# ---- fixtures ----------------------------------------------------------------------------

def check_samples(validators, source_dir):
    failures, count = [], 0
    base = os.path.join(source_dir, "tests", "schemas", "samples")
    for verdict in ("good", "bad"):
        folder = os.path.join(base, verdict)
        names = sorted(n for n in os.listdir(folder) if n.endswith(".json")) if os.path.isdir(folder) else []
        if not names:
            failures.append("samples/%s: no fixtures found in %s" % (verdict, folder))
        for name in names:
            count += 1
            kind = name.split("-", 1)[0].split(".", 1)[0]
            label = "samples/%s/%s" % (verdict, name)
            if kind not in validators:
                failures.append("%s: name does not start with one of %s" % (label, ", ".join(KINDS)))
                continue
            with open(os.path.join(folder, name), "rb") as f:
                obj, problems = read_json_bytes(f.read())
            if obj is not None:
                problems += validate(validators, kind, obj)
            if verdict == "good" and problems:
                failures.append("%s: should pass, got: %s" % (label, problems[0]))
            elif verdict == "bad" and not problems:
                failures.append("%s: should fail its schema, but passed" % label)
    return failures, count


def check_negative_self_test(validators, source_dir):
    """A task.json with one number value must be rejected, wherever the number is."""
    path = os.path.join(source_dir, "tests", "schemas", "samples", "good", "task-maya.json")
    try:
        with open(path, encoding="utf-8") as f:
            good = json.load(f)
    except (OSError, ValueError) as e:
        return ["self-test: cannot read %s: %s" % (path, e)]
    failures = []
    if validate(validators, "task", good):
        failures.append("self-test: the good task.json fixture does not validate")
    broken = copy.deepcopy(good)
    broken["task_info"]["frames_per_task"] = 1
    if not validate(validators, "task", broken):
        failures.append("self-test: task_info.frames_per_task = 1 (a number) was accepted")
    broken = copy.deepcopy(good)
    for key in ("scene_info_render", "scene_info"):
        for layer in broken[key].values():
            layer["common"]["width"] = 1920
    if not validate(validators, "task", broken):
        failures.append("self-test: common.width = 1920 (a number) was accepted")
    return failures


# ---- running sceneprobe --------------------------------------------------------------------

def sanitizer_env():
    env = dict(os.environ)
    for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
        opts = env.get(var, "")
        env[var] = (opts + ":" if opts else "") + "exitcode=%d" % SANITIZER_EXIT
    return env


def run(cmd, timeout):
    """Run a command; return (problem or None, completed process or None)."""
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout, env=sanitizer_env())
    except subprocess.TimeoutExpired:
        return "timed out after %d s" % timeout, None
    except OSError as e:
        return "cannot run %s: %s" % (cmd[0], e), None
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode < 0:
        return "killed by signal %d" % -proc.returncode, proc
    if proc.returncode == SANITIZER_EXIT or any(m in err for m in SANITIZER_MARKS):
        mark = next((l for l in err.splitlines() if any(m in l for m in SANITIZER_MARKS)), "")
        return "sanitizer report: %s" % _one_line(mark), proc
    return None, proc


class NoReader(Exception):
    pass


def analyze_once(binary, scene, out_dir):
    problem, proc = run([binary, "analyze", scene, "-o", out_dir, "-q"], ANALYZE_TIMEOUT)
    if problem:
        return problem, None, None
    if proc.returncode not in (0, 1):
        msg = _one_line(proc.stderr.decode("utf-8", "replace"))
        if proc.returncode == 3 and NO_READER in msg:
            raise NoReader(msg)
        return "analyze exited %d: %s" % (proc.returncode, msg or "(no message)"), None, None
    files = {}
    for kind in KINDS:
        path = os.path.join(out_dir, kind + ".json")
        try:
            with open(path, "rb") as f:
                files[kind] = f.read()
        except OSError:
            return "analyze exited %d but wrote no %s.json" % (proc.returncode, kind), None, None
    return None, files, proc.returncode


def check_scene(binary, validators, scene, work_dir, expect):
    """All checks for one scene; returns the list of problems (empty = passed), None when no reader."""
    try:
        return check_scene_files(binary, validators, scene, work_dir, expect)
    except NoReader:
        return None


def check_scene_files(binary, validators, scene, work_dir, expect):
    first, second = os.path.join(work_dir, "a"), os.path.join(work_dir, "b")
    problem, files, code = analyze_once(binary, scene, first)
    if problem:
        return [problem]
    problems, objs = [], {}
    for kind in KINDS:
        obj, found = read_json_bytes(files[kind])
        if obj is not None:
            found += validate(validators, kind, obj)
            objs[kind] = obj
        problems += ["%s.json: %s" % (kind, p) for p in found]
    if len(objs) == len(KINDS) and not problems:
        problems += scene_problems(scene, objs)
        if expect:
            problems += expect(objs, code)
    problem, again, _ = analyze_once(binary, scene, second)
    if problem:
        problems.append("second run: " + problem)
    else:
        problems += ["%s.json differs between two analyses of the same scene" % k
                     for k in KINDS if again[k] != files[k]]
    problem, proc = run([binary, "check", first], CHECK_TIMEOUT)
    if problem:
        problems.append("check: " + problem)
    elif proc.returncode != 0:
        out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        problems.append("check exited %d: %s" % (proc.returncode, _one_line(out) or "(no message)"))
    return problems


def scene_problems(scene, objs):
    """Rules tying the four files to the scene and to each other."""
    problems = []
    scene_abs = os.path.abspath(scene).replace(os.sep, "/")
    task, upload, asset = objs["task"], objs["upload"], objs["asset"]
    if task["task_info"]["input_cg_file"] != scene_abs:
        problems.append("task.json: input_cg_file %r, expected %r" % (task["task_info"]["input_cg_file"], scene_abs))
    for _, endings, app, cg_id in FORMATS:
        if scene.endswith(endings) and (task["software_config"]["cg_name"], task["task_info"]["cg_id"]) != (app, cg_id):
            problems.append("task.json: a %s scene is described as %s (cg_id %s), expected %s (%s)"
                            % (endings[0], task["software_config"]["cg_name"], task["task_info"]["cg_id"], app, cg_id))
    with open(scene, "rb") as f:
        md5 = hashlib.md5(f.read()).hexdigest()
    entries = [e for e in upload["scene"] if e["local"] == scene_abs]
    if not entries:
        problems.append("upload.json: the scene %r is not in 'scene'" % scene_abs)
    elif entries[0]["hash"] != md5:
        problems.append("upload.json: scene hash %s, the file's MD5 is %s" % (entries[0]["hash"], md5))
    uploaded = sorted(e["local"] for e in upload["asset"])
    if uploaded != sorted(asset["asset"]):
        only_up = sorted(set(uploaded) - set(asset["asset"]))
        only_as = sorted(set(asset["asset"]) - set(uploaded))
        problems.append("upload.json asset and asset.json asset disagree (only in upload: %s; only in asset: %s)"
                        % (only_up[:1], only_as[:1]))
    for local in uploaded:
        if not os.path.isfile(local):
            problems.append("upload.json: %r does not exist" % local)
            break
    return problems


# ---- what examples/README.md promises -------------------------------------------------------

def expect_example(project):
    """Checks for examples/maya_project/scenes/shot010.ma (see examples/README.md)."""
    project = os.path.abspath(project).replace(os.sep, "/")
    wanted = ["scenes/shot010.ma", "scenes/assets/prop.ma", "sourceimages/wood_diffuse.png",
              "sourceimages/prop/prop_albedo.png", "cache/proxy/rock.ass"]
    wanted += ["sourceimages/skin/skin_color.%d.exr" % t for t in (1001, 1002, 1011, 1012)]
    wanted += ["sourceimages/flicker/flicker.%04d.png" % f for f in range(1, 25)]
    may_also = ["workspace.mel"]

    def check(objs, code):
        problems = [] if code == 1 else ["example: analyze exited %d, expected 1 (one error tip)" % code]
        task, asset, tips = objs["task"], objs["asset"], objs["tips"]
        info, soft = task["task_info"], task["software_config"]
        if info["render_layer_type"] != "0":
            problems.append("example: render_layer_type %r, expected '0' (legacy layers)" % info["render_layer_type"])
        if info["input_project_path"] != project:
            problems.append("example: input_project_path %r, expected %r" % (info["input_project_path"], project))
        if soft["cg_version"] != "2023" or soft["plugins"].get("mtoa") != "5.2.1":
            problems.append("example: software %r with mtoa %r, expected 2023 with mtoa 5.2.1"
                            % (soft["cg_version"], soft["plugins"].get("mtoa")))
        layers = task["scene_info_render"]
        if sorted(layers) != ["beauty", "defaultRenderLayer"]:
            problems.append("example: layers %s, expected beauty and defaultRenderLayer" % sorted(layers))
        for name, frames in (("defaultRenderLayer", "1-24[1]"), ("beauty", "1-12[1]")):
            common = layers.get(name, {}).get("common", {})
            got = (layers.get(name, {}).get("renderable"), common.get("frames"), common.get("renderer"),
                   common.get("width"), common.get("height"), common.get("image_format"),
                   common.get("image_file_prefix"), common.get("render_camera"), sorted(common.get("all_camera", [])))
            want = ("1", frames, "arnold", "1920", "1080", "exr", "<RenderLayer>/<Scene>", ["shotCamShape"],
                    ["frontShape", "perspShape", "shotCamShape", "sideShape", "topShape"])
            if got != want:
                problems.append("example: layer %s reports %s, expected %s" % (name, got, want))
        found = {p[len(project) + 1:] if p.startswith(project + "/") else p for p in asset["asset"]}
        absent = [w for w in wanted if w not in found]
        extra = sorted(f for f in found if f not in wanted and f not in may_also)
        if absent or extra:
            problems.append("example: files not found: %s; unexpected files: %s" % (absent[:3], extra[:3]))
        if asset["missing"] != [project + "/sourceimages/missing_detail.png"]:
            problems.append("example: missing %s, expected only sourceimages/missing_detail.png" % asset["missing"])
        if "10012" not in tips:
            problems.append("example: no tip 10012 for the missing texture (tips: %s)" % sorted(tips))
        problems += provenance_problems(project, asset["references"])
        return problems

    return check


# node, the path as written in the scene, the scene that holds it, files found, files missing
EXAMPLE_REFERENCES = [
    ("propRN", "scenes/assets/prop.ma", "scenes/shot010.ma", 1, 0),
    ("wood", "sourceimages/wood_diffuse.png", "scenes/shot010.ma", 1, 0),
    ("skin_color", "sourceimages/skin/skin_color.1001.exr", "scenes/shot010.ma", 4, 0),
    ("flicker", "sourceimages/flicker/flicker.0001.png", "scenes/shot010.ma", 24, 0),
    ("detail", "sourceimages/missing_detail.png", "scenes/shot010.ma", 0, 1),
    ("rockShape", "cache/proxy/rock.ass", "scenes/shot010.ma", 1, 0),
    ("prop_albedo", "sourceimages/prop/prop_albedo.png", "scenes/assets/prop.ma", 1, 0),
]


def provenance_problems(project, references):
    """Each reference of the example names its node, its scene file and a line holding the path."""
    problems = []
    for node, written, source, files, missing in EXAMPLE_REFERENCES:
        source_abs = project + "/" + source
        with open(source_abs, encoding="utf-8") as f:
            lines = [i + 1 for i, text in enumerate(f) if '"%s"' % written in text]
        refs = [r for r in references if r["node"] == node or r["node"].endswith(":" + node)]
        if len(refs) != 1:
            problems.append("example: %d references from node %s, expected 1" % (len(refs), node))
            continue
        ref = refs[0]
        got = (ref["source"], ref["line"] in lines, ref["files"], ref["missing"])
        if got != (source_abs, True, files, missing):
            problems.append("example: reference from %s is (source %s, line %d, %d files, %d missing), expected"
                            " (%s, one of lines %s, %d, %d)" % (node, ref["source"], ref["line"], ref["files"],
                                                               ref["missing"], source_abs, lines, files, missing))
    return problems


# ---- main ---------------------------------------------------------------------------------------

def _one_line(text):
    return " ".join(text.split())[:300]


def collect_scenes(source_dir, corpus_dir):
    scenes, notes = [], []
    for folder, endings, _, _ in FORMATS:
        path = os.path.join(corpus_dir, folder)
        if os.path.isdir(path):
            scenes += [os.path.join(path, n) for n in sorted(os.listdir(path)) if n.endswith(endings)]
        else:
            notes.append("note: no corpus folder %s" % path)
    examples = os.path.join(source_dir, "examples")
    for root, dirs, names in os.walk(examples):
        dirs.sort()
        scenes += [os.path.join(root, n) for n in sorted(names) if n.endswith(".ma")]
    return scenes, notes


def main(argv):
    if len(argv) != 4:
        print("usage: %s SCENEPROBE SOURCE_DIR CORPUS_DIR" % os.path.basename(argv[0]), file=sys.stderr)
        return 2
    binary, source_dir, corpus_dir = os.path.abspath(argv[1]), os.path.abspath(argv[2]), argv[3]
    validators, failures = load_schemas(source_dir)
    if len(validators) == len(KINDS):
        sample_failures, _ = check_samples(validators, source_dir)
        failures += sample_failures + check_negative_self_test(validators, source_dir)
    for line in failures:
        print("FAIL " + line)
    if len(validators) != len(KINDS):
        print("0 passed, %d failed" % len(failures))
        return 1

    scenes, notes = collect_scenes(source_dir, corpus_dir)
    for note in notes:
        print(note)
    example = os.path.join(source_dir, "examples", "maya_project", "scenes", "shot010.ma")
    expectations = {example: expect_example(os.path.join(source_dir, "examples", "maya_project"))}
    tmp = tempfile.mkdtemp(prefix="sp-schemas-")
    passed = failed = 0
    skipped = {}
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
            futures = [pool.submit(check_scene, binary, validators, scene, os.path.join(tmp, str(i)),
                                   expectations.get(scene)) for i, scene in enumerate(scenes)]
            for scene, future in zip(scenes, futures):
                problems = future.result()
                label = os.path.relpath(scene, source_dir) if scene.startswith(source_dir + os.sep) \
                    else os.path.basename(scene)
                if problems is None:
                    ext = os.path.splitext(scene)[1]
                    skipped[ext] = skipped.get(ext, 0) + 1
                    continue
                for p in problems:
                    print("FAIL %s: %s" % (label, p))
                passed += not problems
                failed += bool(problems)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for ext in sorted(skipped):
        print("note: %d %s scenes not analysed: sceneprobe has no reader for them yet" % (skipped[ext], ext))
    failed += len(failures)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
