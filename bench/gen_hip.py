#!/usr/bin/env python3
"""Generate a large Houdini scene (.hip, cpio odc) that looks like a production one.

Not uniform filler: /obj holds geometry objects whose SOP networks nest several
subnets deep, with file SOPs reading bgeo sequences and Alembic caches from a
generated cache tree, wrangles carrying VEX snippets, image COPs reading
textures, cameras and lights; /out holds Mantra ROPs with frame ranges,
cameras and image outputs, and a fetch.  Sizes are approximate (about 1 KB
per node: 100k nodes is ~100 MB).

    bench/gen_hip.py OUT_DIR SIZE_MB [--caches N] [--gzip] [--full-parms]
writes OUT_DIR/big.hip and the cache tree under OUT_DIR/geo and OUT_DIR/tex.
With --gzip every node's .parm and .def member is stored gzip-compressed, to
time the reader's inflating path on the same scene.  With --full-parms every
node's .parm also lists the defaults Houdini saves beside the set values (30 to
40 parameters, about 1.3 KB a node, as in production scenes: qLib's examples
average 35): the reader's memory then grows as it does on real networks.
"""
import gzip
import os
import random
import sys

MTIME = 1700000000


GZIP_SUFFIXES = set()  # member suffixes written gzip-compressed (--gzip)


def member(out, name, data):
    """One cpio odc member: the 76-byte octal header, the name with its NUL, the data."""
    if isinstance(data, str):
        data = data.encode()
    if name.rsplit(".", 1)[-1] in GZIP_SUFFIXES:
        data = gzip.compress(data, compresslevel=6, mtime=0)
    name_b = name.encode() + b"\0"
    out.write(b"070707%06o%06o%06o%06o%06o%06o%06o%011o%06o%011o" % (
        0, 0, 0o100666, 0, 0, 1, 0, MTIME, len(name_b), len(data)))
    out.write(name_b)
    out.write(data)


FULL_PARMS = []  # (name, values) defaults added to every node's .parm (--full-parms)
DEFAULTS = [
    ("xOrd", ['"srt"']), ("rOrd", ['"xyz"']), ("r", ["0", "0", "0"]), ("shear", ["0", "0", "0"]),
    ("scale", ["1"]), ("p", ["0", "0", "0"]), ("pr", ["0", "0", "0"]), ("prexform_xOrd", ['"srt"']),
    ("prexform_rOrd", ['"xyz"']), ("prexform_t", ["0", "0", "0"]), ("prexform_r", ["0", "0", "0"]),
    ("prexform_s", ["1", "1", "1"]), ("prexform_shear", ["0", "0", "0"]), ("movecentroid", ["0"]),
    ("movepivot", ["0"]), ("attribs", ['"*"']), ("updatenmls", ["off"]), ("updateaffectednmls", ["on"]),
    ("vlength", ["on"]), ("invertxform", ["off"]), ("addattrib", ["off"]), ("outputattrib", ['"xform"']),
    ("outputmerge", ['"post"']), ("group", ['""']), ("grouptype", ['"guess"']), ("stdswitcher1", ["0", "0"]),
    ("folder0", ["0", "0"]), ("vex_cwdpath", ['"."']), ("vex_outputmask", ['"*"']), ("vex_updatenmls", ["off"]),
    ("vex_matchattrib", ['"id"']), ("vex_inplace", ["off"]), ("vex_selectiongroup", ['""']),
    ("vex_precision", ['"auto"']), ("bindeach", ["off"]), ("autobind", ["on"]), ("groupautobind", ["on"]),
    ("bindclass", ['"auto"']), ("vex_numcount", ["10"]), ("vex_threadjobsize", ["1024"]),
]


def parm_block(parms):
    lines = ["{", "version 0.8"]
    have = set(key for key, _ in parms)
    for key, values in list(parms) + [d for d in FULL_PARMS if d[0] not in have]:
        lines.append("%s\t[ 0\tlocks=0 ]\t(\t%s\t)" % (key, "\t".join(values)))
    lines.append("}")
    return "\n".join(lines) + "\n"


def node_def(rnd, inputs):
    ins = "\n".join("%d \t%s 0 1" % (i, n) for i, n in enumerate(inputs))
    return ("comment \"\"\nposition %.4f %.4f\ncachesize 1\nconnectornextid %d\n"
            "flags =  lock off model off template off footprint off xray off bypass off display on render on "
            "highlight off unload off savedata off compress off exposed on\n"
            "outputsNamed3\n{\n1 \"output1\"\n}\ninputsNamed3\n{\n}\ninputs\n{\n%s\n}\n"
            "stat\n{\n  create %d\n  modify %d\n  author artist@ws042\n  access 0777\n}\n"
            "color UT_Color RGB 0.8 0.8 0.8 \ndelscript \"\"\nexprlanguage hscript\nend\n" % (
                rnd.uniform(-20, 20), rnd.uniform(-40, 40), len(inputs) + 1, ins, MTIME - 86400, MTIME))


def node(out, rnd, path, kind, parms, inputs=()):
    member(out, path + ".init", "type = %s\nmatchesdef = 0\n" % kind)
    member(out, path + ".def", node_def(rnd, list(inputs)))
    member(out, path + ".parm", parm_block(parms))
    member(out, path + ".userdata", "{\n}\n")


VEX = ("float n = noise(@P * chf(\\\"freq\\\") + @Time);\\n@P += @N * n * chf(\\\"amp\\\");\\n"
       "if (n > 0.5) { i@group_top = 1; }\\nv@Cd = set(n, 1 - n, 0.5);\\n")


def write_cache_tree(root, count):
    """count bgeo sequences, Alembic caches and textures over ~count/50 folders."""
    refs = []
    folders = max(1, count // 50)
    for i in range(count):
        kind = i % 4
        if kind == 0:
            d = os.path.join(root, "geo", "asset%03d" % (i % folders))
            os.makedirs(d, exist_ok=True)
            for f in range(1, 11):
                open(os.path.join(d, "sim%05d.%04d.bgeo.sc" % (i, f)), "wb").close()
            refs.append(("file", "file", "$HIP/geo/asset%03d/sim%05d.$F4.bgeo.sc" % (i % folders, i)))
        elif kind == 1:
            d = os.path.join(root, "geo", "abc%03d" % (i % folders))
            os.makedirs(d, exist_ok=True)
            open(os.path.join(d, "prop%05d.abc" % i), "wb").close()
            refs.append(("alembic", "fileName", "$HIP/geo/abc%03d/prop%05d.abc" % (i % folders, i)))
        else:
            d = os.path.join(root, "tex", "set%03d" % (i % folders))
            os.makedirs(d, exist_ok=True)
            open(os.path.join(d, "map%05d.rat" % i), "wb").close()
            refs.append(("attribfrommap", "filename", "$HIP/tex/set%03d/map%05d.rat" % (i % folders, i)))
    return refs


def geo_object(out, rnd, n, refs, depth):
    """/obj/geoN: a SOP chain inside `depth` nested subnets, reading some of `refs`."""
    obj = "obj/geo%d" % n
    node(out, rnd, obj, "geo", [("t", ["0", "0", "0"]), ("vm_rendersubd", ['"off"'])])
    parent = obj
    for d in range(depth):
        parent = "%s/subnet%d" % (parent, d)
        node(out, rnd, parent, "subnet", [("label1", ['"Input #1"'])])
    prev = None
    for k in range(rnd.randint(4, 12)):
        path = "%s/node%d" % (parent, k)
        if refs and k % 3 == 0:
            kind, parm, value = refs.pop()
            node(out, rnd, path, kind, [(parm, ['"%s"' % value]), ("missingframe", ['"error"'])],
                 [prev] if prev else ())
        elif k % 3 == 1:
            node(out, rnd, path, "attribwrangle", [("snippet", ['"%s"' % VEX]), ("class", ['"point"'])],
                 [prev] if prev else ())
        else:
            node(out, rnd, path, "xform", [("t", ["%.3f" % rnd.random(), "0", "0"]), ("s", ["1", "1", "1"])],
                 [prev] if prev else ())
        prev = "node%d" % k
    return 1 + depth + k + 1


def rops(out, rnd, count):
    names = []
    for i in range(count):
        name = "mantra_shot%02d" % i
        node(out, rnd, "out/" + name, "ifd", [
            ("trange", ['"normal"']), ("f", ["1001", str(1001 + 24 * (i + 1)), "1"]),
            ("camera", ["/obj/cam1"]), ("vm_picture", ['"$HIP/render/%s/$OS.$F4.exr"' % name]),
            ("vm_renderengine", ["raytrace"])])
        names.append(name)
    node(out, rnd, "out/fetch_all", "fetch", [("source", ['"/out/%s"' % names[0]])])
    member(out, "out.order", "%d\n%s\nfetch_all\n" % (len(names) + 1, "\n".join(names)))


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, size_mb = sys.argv[1], float(sys.argv[2])
    rest = sys.argv[3:]
    caches = int(rest[rest.index("--caches") + 1]) if "--caches" in rest else 2000
    if "--gzip" in rest:
        GZIP_SUFFIXES.update(("parm", "def"))
    if "--full-parms" in rest:
        FULL_PARMS.extend(DEFAULTS)
    rnd = random.Random(7)
    os.makedirs(root, exist_ok=True)
    refs = write_cache_tree(root, caches)
    target = int(size_mb * 1024 * 1024)
    path = os.path.join(root, "big.hip")
    nodes = 0
    with open(path, "wb") as out:
        member(out, ".start", "fplayback -i on -r on -f 1 -e off -h on -t on -a on -k on -s 1\n"
                              "tcur 0\nfps 24\ntset 0 10\nfrange 1001 1100\nunitlength 1\nunitmass 1\n")
        member(out, ".variables", "set -g HIPNAME = 'big'\nset -g JOB = '/jobs/bench'\n")
        member(out, "obj.def", node_def(rnd, []))
        member(out, "obj.parm", "{\n}\n")
        node(out, rnd, "obj/cam1", "cam", [("resx", ["1920"]), ("resy", ["1080"]), ("focal", ["35"])])
        node(out, rnd, "obj/key", "hlight", [("light_type", ['"point"'])])
        n = 0
        while out.tell() < target:
            nodes += geo_object(out, rnd, n, refs, depth=n % 6)
            n += 1
        member(out, "out.def", node_def(rnd, []))
        member(out, "out.parm", "{\n}\n")
        rops(out, rnd, 6)
        member(out, "TRAILER!!!", b"")
    print(path)
    print("%d nodes" % (nodes + 10), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
