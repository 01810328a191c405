#!/usr/bin/python3
"""A stand-in for the vendor's rayvision_transmitter, for tests.

Appends its arguments (a JSON list) and what it read on stdin to
$FAKE_TRANSMITTER_LOG, prints a few progress lines, and exits with
$FAKE_TRANSMITTER_EXIT (default 0).  For "-T download_path" it also writes
<-L>/<-R>/frame.0001.exr, as a download would.
"""
import json
import os
import sys


def main():
    stdin = sys.stdin.read(16)
    log = os.environ.get("FAKE_TRANSMITTER_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"argv": sys.argv[1:], "stdin": stdin}) + "\n")
    args = sys.argv[1:]
    opts = dict(zip(args[0::2], args[1::2]))
    if opts.get("-T") == "download_path" and not os.environ.get("FAKE_TRANSMITTER_EXIT"):
        folder = os.path.join(opts["-L"], opts["-R"])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "frame.0001.exr"), "w") as f:
            f.write("exr")
    for pct in (0, 50, 100):
        print("progress %d%%" % pct, flush=True)
    code = int(os.environ.get("FAKE_TRANSMITTER_EXIT", "0"))
    if code:
        print("transfer failed: injected", file=sys.stderr, flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
