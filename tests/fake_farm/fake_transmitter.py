#!/usr/bin/python3
"""A stand-in for the vendor's rayvision_transmitter, for tests.

Appends its arguments (a JSON list) and what it read on stdin to
$FAKE_TRANSMITTER_LOG, prints a few progress lines, and exits with
$FAKE_TRANSMITTER_EXIT (default 0).
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
    for pct in (0, 50, 100):
        print("progress %d%%" % pct, flush=True)
    code = int(os.environ.get("FAKE_TRANSMITTER_EXIT", "0"))
    if code:
        print("transfer failed: injected", file=sys.stderr, flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
