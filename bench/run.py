#!/usr/bin/env python3
"""Measure sceneprobe against baselines on the same files, in one run.

For each generated scene size: `wc -l` (the memchr floor), `cat > /dev/null`,
`md5sum` (the hashing floor) and `sceneprobe analyze`; the median wall time of
several warm runs, MB/s, peak RSS, and the ratios.  Prints a table and writes
bench/results.json.  Not run by CI.

    bench/run.py [--sizes 10,50,100,200] [--runs 5] [--binary build/sceneprobe]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(argv, runs):
    """Median wall seconds and max peak RSS (KB) of `runs` runs; output discarded."""
    times, rss = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        rss = max(rss, usage.ru_maxrss)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit("%s exited %d" % (" ".join(argv), code))
    return statistics.median(times), rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,50,100,200")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "build", "sceneprobe"))
    ap.add_argument("--textures", type=int, default=2000)
    args = ap.parse_args()
    results = []
    work = tempfile.mkdtemp(prefix="sp-bench-")
    print("%8s %10s %10s %10s %10s %8s %8s %8s %9s" % ("MB", "wc -l", "cat", "md5sum", "analyze", "MB/s",
                                                      "x wc", "x md5", "RSS MB"))
    for size in [float(s) for s in args.sizes.split(",")]:
        root = os.path.join(work, "s%g" % size)
        scene = subprocess.check_output([sys.executable, os.path.join(HERE, "gen_ma.py"), root, str(size),
                                         "--textures", str(args.textures)], text=True).strip()
        mb = os.path.getsize(scene) / 1048576.0
        wc, _ = measure(["wc", "-l", scene], args.runs)
        cat, _ = measure(["sh", "-c", 'cat "$0" > /dev/null', scene], args.runs)
        md5, _ = measure(["md5sum", scene], args.runs)
        ana, rss = measure([args.binary, "analyze", scene, "-o", os.path.join(root, "task"), "-q"], args.runs)
        row = {"mb": round(mb, 1), "wc": wc, "cat": cat, "md5sum": md5, "analyze": ana, "mb_per_s": mb / ana,
               "ratio_wc": ana / wc, "ratio_md5": ana / md5, "peak_rss_mb": rss / 1024.0}
        results.append(row)
        print("%8.1f %10.3f %10.3f %10.3f %10.3f %8.0f %8.2f %8.2f %9.1f" % (
            mb, wc, cat, md5, ana, row["mb_per_s"], row["ratio_wc"], row["ratio_md5"], row["peak_rss_mb"]))
    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    subprocess.call(["rm", "-rf", work])
    return 0


if __name__ == "__main__":
    sys.exit(main())
