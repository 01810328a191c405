#!/usr/bin/env python3
"""Measure sceneprobe against baselines on the same files, in one run.

For each format (Maya .ma and .mb, Houdini .hip, Clarisse .project) and each size, on
generated production-like scenes (bench/gen_*.py): `wc -l` (the memchr floor),
`cat > /dev/null`, `md5sum` (the hashing floor), the reader alone
(sp_reader_bench: parse and walk, no hash, no file checks) and the whole
`sceneprobe analyze`.  Each time is the median of --runs warm runs; peak RSS
comes from wait4.  Prints a table with the ratios and the targets, then the
100k-references check, a layout scene of 500k small nodes, a .hip that saves
every parameter (gen_hip.py --full-parms) and the fixed cost of one analyze
(program start, durable writes); with --real DIR, the reader on the largest
real scenes of each format under DIR; and writes bench/results.json (or
--out).  Not run by CI.

    cmake -S . -B build-perf -DCMAKE_BUILD_TYPE=Release -DSP_TESTS=OFF -DSP_BENCH=ON
    cmake --build build-perf -j
    bench/run.py --build build-perf [--formats ma,mb,hip,project] [--sizes 25,50,100,200] [--runs 7]
    bench/run.py --build build-perf --formats "" --real ../shared/corpus   # real scenes only

`wc -l` is the floor of a text reader (memchr over every byte); a binary
reader seeks from chunk header to chunk header and reads only what it needs,
and newlines in binary data mean nothing, so .mb rows are judged against
`cat` (reading every byte once: what a reader that skips nothing would pay).
The rd/cat column is printed for every format.  Each generated .mb is also
checked before it is timed: `analyze` must exit 0 or 1 and find the render
layers and file references the generator wrote, and sp_reader_bench must
declare as many references.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATORS = {"ma": ("gen_ma.py", "--textures"), "mb": ("gen_mb.py", "--textures"), "hip": ("gen_hip.py", "--caches"),
              "project": ("gen_project.py", "--textures")}
TARGET_READER_X_WC = 3.0
TARGET_ANALYZE_X_MD5 = 1.25
TARGET_RSS_MB = 100.0
BEST = {}  # command line -> fastest run: on a shared machine, the closest to an idle one


def measure(argv, runs, cpu_out=None):
    """Median wall seconds, relative spread ((max-min)/median) and max peak RSS (MB) of `runs` runs.
    The median CPU seconds (user + system, all threads) go to cpu_out[0]: on a shared machine they
    move less than wall times."""
    times, cpus, rss = [], [], 0
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the cache
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        rss = max(rss, usage.ru_maxrss)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit("%s exited %d" % (" ".join(argv), code))
    med = statistics.median(times)
    if cpu_out is not None:
        cpu_out.append(statistics.median(cpus))
        BEST[" ".join(argv)] = min(times)
    return med, (max(times) - min(times)) / med if med else 0.0, rss / 1024.0


def generate(fmt, root, size, refs, extra=()):
    """The scene's path, generated once (a kept folder is reused), and what the generator said of it."""
    gen, flag = GENERATORS[fmt]
    done = os.path.join(root, ".generated")
    if os.path.exists(done):
        return open(done).read().split("\n", 1)
    p = subprocess.run([sys.executable, os.path.join(HERE, gen), root, str(size), flag, str(refs)] + list(extra),
                       capture_output=True, text=True, check=True)
    scene, note = p.stdout.strip().splitlines()[-1], p.stderr.strip()
    with open(done, "w") as f:
        f.write(scene + "\n" + note)
    return scene, note


def check_mb(args, scene, task, note):
    """A generated .mb is read whole: analyze exits 0 or 1 with the generator's render layers and file
    references (its textures and references), and the reader alone declares as many.  Returns what was seen."""
    m = re.search(r"(\d+) file textures .* (\d+) render layers, (\d+) references", note)
    textures, layers, references = (int(x) for x in m.groups())
    p = subprocess.run([args.binary, "analyze", scene, "-o", task, "--json"], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise SystemExit("%s: analyze exited %d: %s" % (scene, p.returncode, p.stderr.strip()))
    summary = json.loads(p.stdout)
    names = [u["name"] for u in summary["units"] if u.get("kind") == "render_layer"]
    seen = {"exit": p.returncode, "render_layers": len(names), "references": summary["assets"]["references"],
            "found": summary["assets"]["found"], "missing": summary["assets"]["missing"]}
    out = subprocess.check_output([args.reader, scene], text=True)
    seen["reader_references"] = int(re.search(r"(\d+) file references", out).group(1))
    want = textures + references
    if len(names) != layers or seen["references"] != want or seen["reader_references"] != want:
        raise SystemExit("%s is not read whole: expected %d render layers and %d references, got %s" % (
            scene, layers, want, seen))
    return seen


def bench_one(fmt, size, args, work):
    extra = ["--dag", str(args.dag)] if fmt == "ma" and args.dag else []
    # (a kept folder is reused: its name says what it holds beyond the defaults)
    name = "%s-%g" % (fmt, size) + ("-r%d" % args.refs if args.refs != 2000 else "") + (
        "-dag%d" % args.dag if extra else "")
    root = os.path.join(work, name)
    scene, note = generate(fmt, root, size, args.refs, extra)
    task = os.path.join(root, "task")
    mb = os.path.getsize(scene) / 1048576.0
    row = {"format": fmt, "mb": round(mb, 1), "generator": note, "refs": args.refs, "dag": args.dag if extra else 0}
    if fmt == "mb":
        row["checked"] = check_mb(args, scene, task, note)
    cpu, cat_cpu = [], []
    row["wc"], _, _ = measure(["wc", "-l", scene], args.runs, cpu)
    row["cat"], _, _ = measure(["sh", "-c", 'cat "$0" > /dev/null', scene], args.runs, cat_cpu)
    row["md5sum"], _, _ = measure(["md5sum", scene], args.runs, cpu)
    row["reader"], row["reader_spread"], row["reader_rss_mb"] = measure([args.reader, scene], args.runs, cpu)
    row["analyze"], row["analyze_spread"], row["peak_rss_mb"] = measure(
        [args.binary, "analyze", scene, "-o", task, "-q"], args.runs, cpu)
    row["cpu"] = dict(zip(("wc", "md5sum", "reader", "analyze"), cpu))
    row["cpu"]["cat"] = cat_cpu[0]
    row.update(overlap(args, scene))
    row["hash_x_md5_cpu"] = row["hash_cpu"] / cpu[1] if cpu[1] else None
    best = [BEST[" ".join(a)] for a in (["wc", "-l", scene], ["md5sum", scene], [args.reader, scene],
                                        [args.binary, "analyze", scene, "-o", task, "-q"])]
    row["best"] = dict(zip(("wc", "md5sum", "reader", "analyze"), best))
    row["best_reader_x_wc"] = best[2] / best[0]
    row["best_analyze_x_md5"] = best[3] / best[1]
    row["reader_x_wc_cpu"] = cpu[2] / cpu[0] if cpu[0] else None
    row["analyze_x_md5_cpu"] = cpu[3] / cpu[1] if cpu[1] else None
    row["mb_per_s"] = mb / row["analyze"]
    row["reader_x_wc"] = row["reader"] / row["wc"]
    row["reader_x_cat"] = row["reader"] / row["cat"]
    row["best"]["cat"] = BEST[" ".join(["sh", "-c", 'cat "$0" > /dev/null', scene])]
    row["best_reader_x_cat"] = best[2] / row["best"]["cat"]
    row["reader_x_cat_cpu"] = cpu[2] / cat_cpu[0] if cat_cpu[0] else None
    row["analyze_x_md5"] = row["analyze"] / row["md5sum"]
    return row


def overlap(args, scene):
    """CPU seconds of the two threads of one analysis (sp_reader_bench --overlap: parse, resolution and
    checks on the main thread, the scene's MD5 on its own), medians of --runs.  CPU time does not depend
    on what else the machine runs: the parse hides behind the hash when main < hash, and an analysis on
    two free cores then takes the hash's time plus the fixed cost."""
    mains, hashes = [], []
    for _ in range(args.runs):
        out = subprocess.check_output([args.reader, "--overlap", scene], text=True)
        m = re.search(r"overlap: main thread ([0-9.]+) s cpu, hash thread ([0-9.]+) s cpu", out)
        mains.append(float(m.group(1)))
        hashes.append(float(m.group(2)))
    return {"main_cpu": statistics.median(mains), "hash_cpu": statistics.median(hashes)}


def print_row(r):
    binary = r["format"] == "mb"  # judged against cat: see the module's comment
    print("%-8s %7.1f %7.3f %7.3f %7.3f %7.3f %7.3f %6.0f %6.2f%s %6.2f%s %7s %6.2f%s %7.1f %5.0f%% %9s %9s "
          "%8.2f %8.2f %7.3f %7.3f %7.2f" % (
        r["format"], r["mb"], r["wc"], r["cat"], r["md5sum"], r["reader"], r["analyze"], r["mb_per_s"],
        r["reader_x_wc"], "*" if r["reader_x_wc"] > TARGET_READER_X_WC and not binary else " ",
        r["reader_x_cat"], "*" if r["reader_x_cat"] > TARGET_READER_X_WC and binary else " ",
        "%.2f" % r["reader_x_cat_cpu"] if r["reader_x_cat_cpu"] else "-",
        r["analyze_x_md5"], "*" if r["analyze_x_md5"] > TARGET_ANALYZE_X_MD5 else " ",
        r["peak_rss_mb"], 100 * r["analyze_spread"],
        "%.2f" % r["reader_x_wc_cpu"] if r["reader_x_wc_cpu"] else "-",
        "%.2f" % r["analyze_x_md5_cpu"] if r["analyze_x_md5_cpu"] else "-", r["best_reader_x_wc"],
        r["best_analyze_x_md5"], r["main_cpu"], r["hash_cpu"], r["hash_x_md5_cpu"] or 0), flush=True)


def growth(rows):
    """Seconds per MB of analyze at each size, relative to the smallest: 1.0 everywhere is linear."""
    out = {}
    for fmt in sorted({r["format"] for r in rows}):
        rs = sorted((r for r in rows if r["format"] == fmt), key=lambda r: r["mb"])
        base = rs[0]["analyze"] / rs[0]["mb"]
        out[fmt] = [{"mb": r["mb"], "s_per_mb_vs_smallest": round(r["analyze"] / r["mb"] / base, 2)} for r in rs]
    return out


def count_dir_listings(argv, task):
    """Scene folders opened for listing during one run (strace; the task folder, opened to fsync it, is not
    counted), and how many distinct ones; None without strace."""
    try:
        with tempfile.NamedTemporaryFile(prefix="sp-strace-") as log:
            subprocess.run(["strace", "-f", "-qq", "-e", "trace=openat", "-o", log.name] + argv,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            text = open(log.name).read()
            dirs = [m.group(1) for m in re.finditer(r'openat\([^"]*"([^"]*)", [^)]*O_DIRECTORY', text)
                    if not m.group(1).startswith(task)]
    except FileNotFoundError:
        return None
    return {"listings": len(dirs), "distinct": len(set(dirs))}


def fixed_cost(args, work):
    """What every analyze pays whatever the scene: starting the program (libcurl is loaded only by the
    farm and ShotGrid clients, so not here) and writing the four task files durably (an fsync each, then
    the journal).  md5sum pays neither, so on small scenes this is most of the gap between the two."""
    root = os.path.join(work, "tiny")
    os.makedirs(root, exist_ok=True)
    scene = os.path.join(root, "tiny.ma")
    with open(scene, "w") as f:
        f.write('//Maya ASCII 2024 scene\nrequires maya "2024";\n')
    res = {}
    res["analyze"], _, _ = measure([args.binary, "analyze", scene, "-o", os.path.join(root, "task"), "-q"],
                                   args.runs)
    res["version"], _, _ = measure([args.binary, "--version"], args.runs)
    res["md5sum"], _, _ = measure(["md5sum", scene], args.runs)
    print("fixed cost: analyze of an empty scene %.3f s (program start alone %.3f s), md5sum %.3f s" % (
        res["analyze"], res["version"], res["md5sum"]))
    return res


def refs_check(args, work):
    """100k file references over 1k folders: resolution and checks alone must take under 1 s warm."""
    root = os.path.join(work, "refs100k")
    scene, _ = generate("ma", root, 1, 100000)
    task = os.path.join(root, "task")
    analyze, spread, rss = measure([args.binary, "analyze", scene, "-o", task, "-q"], args.runs)
    reader, _, _ = measure([args.reader, scene], args.runs)
    steps, step_cpus = [], []
    for _ in range(args.runs):
        out = subprocess.check_output([args.reader, "--analyze", scene], text=True)
        steps.append(float(re.search(r"analyse ([0-9.]+) s", out).group(1)))
        m = re.search(r"analyse [0-9.]+ s \(cpu ([0-9.]+) s\)", out)
        if m:
            step_cpus.append(float(m.group(1)))
    res = {"references": 100000, "folders": 1000, "analyze": analyze, "reader": reader,
           "resolve_and_check": statistics.median(steps), "resolve_and_check_best": min(steps),
           "resolve_and_check_cpu": statistics.median(step_cpus) if step_cpus else None,
           "spread": spread, "peak_rss_mb": rss}
    res.update(count_dir_listings([args.binary, "analyze", scene, "-o", task, "-q"], task) or {})
    print("\n100k references over 1k folders: whole analyze %.3f s, reader alone %.3f s, sp_scene_analyze "
          "(scene hash, resolution, checks) %.3f s, fastest %.3f s, CPU %s s (target < 1 s); peak RSS %.1f MB" % (
              analyze, reader, res["resolve_and_check"], res["resolve_and_check_best"],
              "%.3f" % res["resolve_and_check_cpu"] if step_cpus else "-", rss))
    if "listings" in res:
        print("folders listed: %d, distinct %d (each once: %s)" % (
            res["listings"], res["distinct"], "yes" if res["listings"] == res["distinct"] else "NO"))
    return res


def nodes_check(args, work, pieces=250000):
    """A layout scene: 500k small DAG nodes, where statements, not mesh arrays, are the bytes.  Memory must
    stay under the target whatever the node count; the reader's time against wc -l is shown as it is."""
    root = os.path.join(work, "nodes500k")
    scene, _ = generate("ma", root, 1, 200, ("--dag", str(pieces)))
    size = os.path.getsize(scene) / 1e6
    wc_cpu, rd_cpu = [], []
    wc, _, _ = measure(["wc", "-l", scene], args.runs, wc_cpu)
    reader, _, _ = measure([args.reader, scene], args.runs, rd_cpu)
    analyze, spread, rss = measure([args.binary, "analyze", scene, "-o", os.path.join(root, "task"), "-q"],
                                   args.runs)
    res = {"pieces": pieces, "nodes": 2 * pieces + pieces // 100, "mb": round(size, 1), "wc": wc, "reader": reader,
           "reader_x_wc": reader / wc, "reader_x_wc_cpu": rd_cpu[0] / wc_cpu[0] if wc_cpu[0] else None,
           "analyze": analyze, "spread": spread, "peak_rss_mb": rss}
    print("\n%d DAG nodes (%.0f MB of createNode/setAttr/connectAttr statements): wc -l %.3f s, reader alone "
          "%.3f s (%.1fx; CPU %.1fx), whole analyze %.3f s, peak RSS %.1f MB (target < %g MB)" % (
              res["nodes"], size, wc, reader, res["reader_x_wc"], res["reader_x_wc_cpu"] or 0, analyze, rss,
              TARGET_RSS_MB))
    return res


def hip_parms_check(args, work, size=100):
    """A .hip whose nodes save every parameter, defaults included, as Houdini does (35 a node, like qLib's
    examples): the reader's memory must not follow the parameter count."""
    root = os.path.join(work, "hipfull-%g" % size)
    scene, note = generate("hip", root, size, 2000, ("--full-parms",))
    mb = os.path.getsize(scene) / 1e6
    wc_cpu, rd_cpu = [], []
    wc, _, _ = measure(["wc", "-l", scene], args.runs, wc_cpu)
    md5, _, _ = measure(["md5sum", scene], args.runs)
    reader, _, rd_rss = measure([args.reader, scene], args.runs, rd_cpu)
    analyze, spread, rss = measure([args.binary, "analyze", scene, "-o", os.path.join(root, "task"), "-q"],
                                   args.runs)
    res = {"mb": round(mb, 1), "nodes": note, "wc": wc, "md5sum": md5, "reader": reader,
           "reader_x_wc": reader / wc, "reader_x_wc_cpu": rd_cpu[0] / wc_cpu[0] if wc_cpu[0] else None,
           "reader_rss_mb": rd_rss, "analyze": analyze, "analyze_x_md5": analyze / md5, "spread": spread,
           "peak_rss_mb": rss}
    print("\n.hip with every parameter saved (%.0f MB, %s): wc -l %.3f s, reader alone %.3f s (%.1fx; CPU "
          "%.1fx), analyze %.3f s (%.2fx md5sum), peak RSS %.1f MB (target < %g MB)" % (
              mb, note, wc, reader, res["reader_x_wc"], res["reader_x_wc_cpu"] or 0, analyze,
              res["analyze_x_md5"], rss, TARGET_RSS_MB))
    return res


REAL_FORMATS = {"ma": (".ma",), "mb": (".mb",), "hip": (".hip", ".hiplc", ".hipnc"), "project": (".project",)}


def real_check(args, folder, per_format=3, target_mb=25.0):
    """Scenes people made, not generated ones: the largest `per_format` scenes of each format under
    `folder`, each named again and again on one command line until the list holds about `target_mb` MB
    (sp_reader_bench reads them one after the other in one process, a fresh scene each time), against
    `wc -l` (`cat` for .mb) on the same list.  Real scenes are small, so the per-scene fixed cost (a
    context and scene, the hash thread started and stopped, the walk) is part of what is measured."""
    res = {}
    print("\nreal scenes under %s (largest %d a format, each repeated to about %g MB):" % (folder, per_format,
                                                                                          target_mb))
    for fmt, exts in REAL_FORMATS.items():
        found = []
        for root, _, names in os.walk(folder):
            found += [os.path.join(root, n) for n in names if n.lower().endswith(exts)]
        found = sorted(found, key=os.path.getsize, reverse=True)[:per_format]
        if not found:
            continue
        size = sum(os.path.getsize(f) for f in found)
        reps = max(1, int(target_mb * 1048576 / size))
        scenes = found * reps
        base = ["sh", "-c", 'cat "$@" > /dev/null', "cat"] if fmt == "mb" else ["wc", "-l"]
        base_t, _, _ = measure(base + scenes, args.runs)
        reader_t, _, _ = measure([args.reader] + scenes, args.runs)
        row = {"scenes": [os.path.basename(f) for f in found], "repeats": reps, "mb": size * reps / 1048576.0,
               "baseline": "cat" if fmt == "mb" else "wc -l", "baseline_s": base_t, "reader_s": reader_t,
               "reader_x_baseline": reader_t / base_t}
        res[fmt] = row
        print("  %-8s %d scenes x %d (%.1f MB): %s %.4f s, reader %.4f s (%.2fx)" % (
            fmt, len(found), reps, row["mb"], row["baseline"], base_t, reader_t, row["reader_x_baseline"]))
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--formats", default="ma,mb,hip,project")
    ap.add_argument("--sizes", default="25,50,100,200")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--refs", type=int, default=2000, help="file references in each generated scene")
    ap.add_argument("--dag", type=int, default=0,
                    help="small set-dressing pieces (two nodes each) added to each generated .ma")
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build-perf"),
                    help="build folder with sceneprobe and sp_reader_bench (-DSP_BENCH=ON)")
    ap.add_argument("--no-refs-check", action="store_true")
    ap.add_argument("--no-nodes-check", action="store_true")
    ap.add_argument("--no-parms-check", action="store_true")
    ap.add_argument("--real", metavar="DIR",
                    help="also time the reader on the largest real scenes of each format under DIR (e.g. ../shared/corpus)")
    ap.add_argument("--keep", help="generate into (and keep) this folder instead of a temporary one")
    ap.add_argument("--out", default=os.path.join(HERE, "results.json"), help="where to save the results")
    args = ap.parse_args()
    args.binary = os.path.join(args.build, "sceneprobe")
    args.reader = os.path.join(args.build, "sp_reader_bench")
    for exe in (args.binary, args.reader):
        if not os.access(exe, os.X_OK):
            raise SystemExit("%s is missing: build with -DSP_BENCH=ON (see --help)" % exe)
    work = args.keep or tempfile.mkdtemp(prefix="sp-bench-")
    started = time.time()
    rows = []
    print("times are medians of %d warm runs; * marks a ratio over its target (reader <= %gx wc -l, "
          "analyze <= %gx md5sum; .mb: reader <= %gx cat, since wc -l means nothing on binary); noise is the analyze runs' (max-min)/median; 'best' ratios compare the "
          "fastest runs" % (args.runs, TARGET_READER_X_WC, TARGET_ANALYZE_X_MD5, TARGET_READER_X_WC))
    print("main/hash: CPU seconds of the analysis threads (parse and checks / scene MD5); the parse hides "
          "behind the hash when main < hash; hash/md5: the hash thread's CPU time over md5sum's")
    print("%-8s %7s %7s %7s %7s %7s %7s %6s %7s %7s %7s %7s %7s %6s %9s %9s %8s %8s %7s %7s %7s" % (
        "format", "MB", "wc -l", "cat", "md5sum", "reader", "analyze", "MB/s", "rd/wc", "rd/cat", "rc cpu",
        "an/md5", "RSS MB",
        "noise", "rd/wc cpu", "a/m cpu", "best r/w", "best a/m", "main", "hash", "h/md5"))
    for fmt in [f for f in args.formats.split(",") if f]:
        for size in [float(s) for s in args.sizes.split(",")]:
            rows.append(bench_one(fmt, size, args, work))
            print_row(rows[-1])
    result = {"machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg()}, "runs": args.runs,
              "rows": rows, "growth": growth(rows)}
    for fmt, g in result["growth"].items():
        print("%s: seconds per MB relative to the smallest size: %s" % (
            fmt, ", ".join("%g MB %.2f" % (x["mb"], x["s_per_mb_vs_smallest"]) for x in g)))
    result["fixed_cost"] = fixed_cost(args, work)
    if not args.no_refs_check:
        result["refs_check"] = refs_check(args, work)
    if not args.no_nodes_check:
        result["nodes_check"] = nodes_check(args, work)
    if not args.no_parms_check:
        result["hip_parms_check"] = hip_parms_check(args, work)
    if args.real:
        result["real_check"] = real_check(args, args.real)
    result["machine"]["load_after"] = os.getloadavg()
    result["seconds"] = round(time.time() - started, 1)
    print("load average before %.2f, after %.2f" % (result["machine"]["load_before"][0],
                                                     result["machine"]["load_after"][0]))
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    if not args.keep:
        subprocess.call(["rm", "-rf", work])
    return 0


if __name__ == "__main__":
    sys.exit(main())
