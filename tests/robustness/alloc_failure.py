#!/usr/bin/python3
"""Out of memory at every step: sceneprobe fails cleanly or gives the normal answer.

Usage: alloc_failure.py SCENEPROBE FAILALLOC_SO SOURCE_DIR CORPUS_DIR [POINTS]

For one small scene of each reader (the example .ma, and the smallest corpus .mb,
hip and Clarisse project), `sceneprobe analyze` runs once normally, then again
with the Nth allocation failing (failalloc.so preloaded), for about POINTS values
of N (default 120) spread over every allocation the run makes, in two modes: one
allocation fails, and every allocation from the Nth on fails.  Each run must:

* end by exit(), never a signal or a hang (30 s);
* exit 0 or 1 with the same four task files, byte for byte, as the normal run
  (a failure the program absorbed must not change the answer), or exit 3 or 4
  with a message on stderr;
* leave the output folder with either all four task files or none, and no
  temporary files; or, when it failed after committing the switch journal, a
  folder the next `sceneprobe check` completes to the normal run's files.

`sceneprobe check` on the normal run's folder is put through the same.
Prints one line per failure; exits 1 when anything failed.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

KINDS = ("task.json", "upload.json", "asset.json", "tips.json")
JOURNAL = ".sceneprobe-set"
TIMEOUT = 30


def smallest(pattern):
    files = [f for f in glob.glob(pattern) if os.path.getsize(f) > 0]
    return min(files, key=os.path.getsize) if files else None


def run(argv, preload=None, env_extra=None):
    env = dict(os.environ)
    if preload:
        env["LD_PRELOAD"] = preload
    env.update(env_extra or {})
    try:
        p = subprocess.run(argv, env=env, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, b""
    return p.returncode, p.stderr


def run_check(argv, preload, env_extra):
    env = dict(os.environ, LD_PRELOAD=preload, **env_extra)
    try:
        p = subprocess.run(argv, env=env, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, b"", b""
    return p.returncode, p.stdout, p.stderr


def count_allocations(argv, preload):
    _, err = run(argv, preload, {"SP_FAIL_ALLOC_COUNT": "1"})
    m = re.search(rb"allocations: (\d+)", err)
    return int(m.group(1)) if m else 0


def outputs(folder):
    got = {}
    for k in KINDS:
        path = os.path.join(folder, k)
        if os.path.exists(path):
            with open(path, "rb") as f:
                got[k] = f.read()
    return got


def sample(lo, hi, points):
    if hi <= lo:
        return []
    step = max(1, (hi - lo) // points)
    ns = set(range(lo, min(hi, lo + 20)))  # the first steps after start-up, one by one
    ns.update(range(lo, hi + 1, step))
    return sorted(ns)


def check_analyze(sp, so, scene, points, failures):
    work = tempfile.mkdtemp(prefix="sp-oom-")
    try:
        base = os.path.join(work, "base")
        rc, err = run([sp, "analyze", scene, "-o", base, "-q"])
        if rc not in (0, 1):
            failures.append("%s: normal run exited %s: %s" % (scene, rc, err.decode(errors="replace")))
            return 0
        expected = outputs(base)
        start = count_allocations([sp, "--version"], so)
        total = count_allocations([sp, "analyze", scene, "-o", os.path.join(work, "count"), "-q"], so)
        runs = 0
        for mode in ("once", "all"):
            for n in sample(start, total, points):
                out = os.path.join(work, "out")
                shutil.rmtree(out, ignore_errors=True)
                env = {"SP_FAIL_ALLOC": str(n)}
                if mode == "all":
                    env["SP_FAIL_ALLOC_ALL"] = "1"
                rc, err = run([sp, "analyze", scene, "-o", out, "-q"], so, env)
                runs += 1
                where = "%s: allocation %d failing (%s)" % (os.path.basename(scene), n, mode)
                problem = judge(rc, err, out, expected)
                if problem is None and rc not in (0, 1) and os.path.exists(os.path.join(out, JOURNAL)):
                    problem = completes(sp, out, expected)
                if problem:
                    failures.append("%s: %s" % (where, problem))
        cmd_check(sp, so, base, points, failures)
        return runs
    finally:
        shutil.rmtree(work, ignore_errors=True)


def completes(sp, out, expected):
    """A set switch that failed after its journal went in is completed by the next reader."""
    rc, err = run([sp, "check", out])
    got = outputs(out)
    if got != expected or os.path.exists(os.path.join(out, JOURNAL)):
        return "the committed set was not completed by the next 'check' (exit %s)" % rc
    return None


def judge(rc, err, out, expected):
    if rc is None:
        return "hung (more than %d s)" % TIMEOUT
    if rc < 0:
        return "killed by signal %d" % -rc
    got = outputs(out) if os.path.isdir(out) else {}
    if os.path.isdir(out):
        names = os.listdir(out)
        # the new set is decided once the journal is in: its temporary files belong to it
        journal = JOURNAL in names and rc not in (0, 1)
        stray = [n for n in names if n not in KINDS and not (journal and n.startswith("."))]
        if stray:
            return "left %s in the output folder" % ", ".join(sorted(stray))
    if got and len(got) != len(KINDS):
        return "wrote only %s" % ", ".join(sorted(got))
    if rc in (0, 1):
        if got != expected:
            changed = [k for k in KINDS if got.get(k) != expected.get(k)]
            return "exit %d with different %s" % (rc, ", ".join(changed))
        return None
    if rc in (3, 4):
        return None if err.strip() else "exit %d without a message" % rc
    return "exit %d: %s" % (rc, err.decode(errors="replace").strip()[:200])


def cmd_check(sp, so, folder, points, failures):
    start = count_allocations([sp, "--version"], so)
    total = count_allocations([sp, "check", folder], so)
    for n, env in [(n, {"SP_FAIL_ALLOC": str(n)}) for n in sample(start, total, points // 2)] + \
            [(n, {"SP_FAIL_ALLOC": str(n), "SP_FAIL_ALLOC_ALL": "1"}) for n in sample(start, total, points // 4)]:
        rc, out, err = run_check([sp, "check", folder], so, env)
        # the folder is valid: a failed allocation may stop the check (3, 4, with a message) but
        # never make it report a problem in the files (cJSON's parse failures are told apart)
        if rc is None or rc < 0 or rc not in (0, 3, 4) or (rc != 0 and not err.strip()):
            failures.append("check %s: allocation %d failing: exit %s %s %s" % (folder, n, rc, out[:200], err[:200]))


def main():
    if len(sys.argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    sp, so, source, corpus = sys.argv[1:5]
    points = int(sys.argv[5]) if len(sys.argv) == 6 else 120
    scenes = [os.path.join(source, "examples", "maya_project", "scenes", "shot010.ma")]
    for pattern in ("maya_binary/*.mb", "houdini/*.hip*", "clarisse/*.project"):
        s = smallest(os.path.join(corpus, pattern))
        if s:
            scenes.append(s)
    failures, runs = [], 0
    for scene in scenes:
        runs += check_analyze(sp, so, scene, points, failures)
    for f in failures:
        print(f)
    print("%d runs over %d scenes, %d failures" % (runs, len(scenes), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
