#!/usr/bin/env python3
"""Generate a large Maya Binary (.mb) scene that looks like a production one.

The same scene as bench/gen_ma.py, written as Maya writes binaries
(scene-formats.md section 2): an IFF container, FOR8 (Maya 2014 on: 16-byte
chunk headers whose 4 reserved bytes hold garbage, leaf data padded to 8
from its own start, UUIDs in CREA, int64 ticks at TDUR per second) or FOR4
(Maya 2013 and older: 8-byte headers, padding to 4, int32 ticks at 6000 per
second, no plug-in node types in PLUG).  Group sizes are never padded.

    FORx "Maya" { FORx "HEAD" { VERS UVER MADE CHNG ICON INFO OBJN INCL LUNI TUNI AUNI [TDUR] FINF PLUG },
                  FORx "FRDI" { FRDI } x n, FORx "FREF" { FREF } x n,
                  FORx <type> { CREA, attribute chunks (STR / DBLE / DBL3 / FLT3 / CMPD / I32#), MESH } ...,
                  FORx "SLCT" { SLCT ":defaultRenderGlobals", ... }, FORx "SLCT" { SLCT ":defaultResolution", ... },
                  LISx "CONS" { FORx "CONN" { CWFL ... } },
                  FORx "HEAD" { OBJN INCL } }

Not uniform filler: the texture tree of gen_ma.py (plain files, UDIM sets,
frame sequences), place2dTexture -> file -> material networks, meshes with big
vertex, face and edge chunks, cameras, render layers with overrides,
references.  Sizes are approximate (within one mesh).  The file is streamed:
only one node form is in memory at a time; the top-level size is patched last.

    bench/gen_mb.py OUT_DIR SIZE_MB [--textures N] [--flavour for8|for4] [--check]
writes OUT_DIR/scenes/big.mb, OUT_DIR/workspace.mel and the texture tree,
prints the scene's path on stdout and what it holds on stderr.
"""
import argparse
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_ma import write_textures  # noqa: E402  (the same texture tree as the .ma scenes)

# What Maya leaves in the reserved bytes of FOR8 headers (seen in the corpus); one per file.
RESERVED = (b"\x4f\x7f\0\0", b"\x54\x01\0\0", b"\x27\0\0\0", b"\xd8\x01\0\0")
# mtoa's node type ids, as the PLUG chunks of Maya 2018+ files list them (scene-formats.md 2.2).
MTOA_TYPES = (("aiOptions", 0x00115C00), ("aiStandardSurface", 0x00115D51))
TPS8 = 141120000  # ticks per second of 8-byte times (TDUR)
TPS4 = 6000  # ticks per second of 4-byte times (before Maya 2016)
FILM = 24


class Iff:
    """Chunk bytes in one flavour.  Leaves are padded from their data start; groups are not padded."""

    def __init__(self, wide, reserved):
        self.wide = wide
        self.align = 8 if wide else 4
        self.group_tags = (b"FOR8", b"LIS8") if wide else (b"FOR4", b"LIS4")
        self.reserved = reserved

    def header(self, tag, size):
        if self.wide:
            return tag + self.reserved + struct.pack(">Q", size)
        return tag + struct.pack(">I", size)

    def leaf(self, tag, data):
        pad = (self.align - len(data) % self.align) % self.align
        return self.header(tag.encode() if isinstance(tag, str) else tag, len(data)) + data + b"\0" * pad

    def group(self, form, children, lis=False):
        """A FORx (or LISx) group: form type (4 characters or a u32 plug-in id) and its children's bytes."""
        if isinstance(form, int):
            form = struct.pack(">I", form)
        elif isinstance(form, str):
            form = form.encode()
        body = form + b"".join(children)
        return self.header(self.group_tags[1 if lis else 0], len(body)) + body

    def text(self, tag, s):
        return self.leaf(tag, s.encode() + b"\0")


def z(s):
    return s.encode() + b"\0"


class Scene:
    """Node forms in the layout of one Maya generation."""

    def __init__(self, iff, rnd):
        self.iff = iff
        self.wide = iff.wide  # FOR8 here means Maya 2024: UUIDs, TDUR, int64 ticks
        self.rnd = rnd
        self.nodes = 0
        self.connections = []

    def crea(self, flags, name, parent=None):
        """CREA: flags:u8 name\\0 [parent\\0] [uuid:16] (0x80: no parent, in files with UUIDs)."""
        if self.wide and parent is None:
            flags |= 0x80
        data = bytes([flags]) + z(name) + (z(parent) if parent else b"")
        if self.wide:
            data += self.rnd.getrandbits(128).to_bytes(16, "big")
        return self.iff.leaf("CREA", data)

    def attr(self, tag, name, payload, flag=0x20):
        return self.iff.leaf(tag, z(name) + bytes([flag]) + payload)

    def s(self, name, value):
        return self.attr("STR ", name, z(value))

    def d(self, name, *values):
        tag = {1: "DBLE", 2: "DBL2", 3: "DBL3"}[len(values)]
        return self.attr(tag, name, struct.pack(">%dd" % len(values), *values))

    def time(self, name, frame):
        if self.wide:
            return self.attr("DBLE", name, struct.pack(">q", frame * TPS8 // FILM))
        return self.attr("DBLE", name, struct.pack(">i", frame * TPS4 // FILM))

    def count(self, name, n):
        """`setAttr -s n ".name"`: CMPD with flag '(' and the element count."""
        return self.attr("CMPD", name, struct.pack(">I", n), flag=0x28)

    def node(self, code, flags, name, parent, *chunks):
        self.nodes += 1
        return self.iff.group(code, [self.crea(flags, name, parent)] + list(chunks))

    def connect(self, src, dst, na=0):
        self.connections.append(self.iff.leaf("CWFL", bytes([na]) + z(src) + z(dst)))


def head(iff, wide, references):
    version = "2024" if wide else "2013"
    leaves = [iff.text("VERS", version), iff.text("UVER", "undef"), iff.text("MADE", "undef"),
              iff.text("CHNG", "Mon, Nov 23, 2026 10:05:39 AM"), iff.text("ICON", "undef"),
              iff.text("INFO", "undef"), iff.text("OBJN", "undef"), iff.text("INCL", "undef("),
              iff.text("LUNI", "cm"), iff.text("TUNI", "film"), iff.text("AUNI", "deg")]
    if wide:
        leaves.append(iff.text("TDUR", str(TPS8)))
    leaves.append(iff.leaf("FINF", z("application") + z("maya")))
    leaves.append(iff.leaf("FINF", z("product") + z("Maya 2024" if wide else "Maya 2013")))
    plug = z("mtoa") + z("5.3.0" if wide else "1.0.0")
    if wide:  # from 2014 on PLUG also maps the plug-in's binary node ids to type names
        plug += z(' -nodeType "aiOptions" -nodeType "aiStandardSurface"')
        for name, ident in MTOA_TYPES:
            plug += z(name) + struct.pack(">I", ident)
    leaves.append(iff.leaf("PLUG", plug))
    out = [iff.group("HEAD", leaves)]
    # file -rdi (depth 1) then file -r, as gen_ma.py writes them
    for tag, depth in (("FRDI", 1), ("FREF", 0)):
        for i in range(references):
            data = (struct.pack(">I", depth) if depth else b"") + z("ref%d.ma" % i) + z("ref%d" % i)
            data += bytes([1, 0 if depth else 1]) + z("ref%dRN" % i) + b"\0\0\0" + z("v=0;") + z("mayaAscii")
            out.append(iff.group(tag, [iff.leaf(tag, data)]))
    return out


def cameras(sc):
    out = []
    for name in ("persp", "top", "front", "side", "shotCam"):
        out.append(sc.node("XFRM", 0x0D, name, None, sc.d("t", 28.0, 21.0, 28.0)))
        extra = [sc.d("rnd", 0.0)] if name in ("top", "front", "side") else []
        out.append(sc.node("DCAM", 0x05, name + "Shape", name, sc.d("fl", 35.0), *extra))
    return out


def references(sc, count):
    return [sc.node("REFN", 0x10, "ref%dRN" % i, None) for i in range(count)]


def file_network(sc, n, path, kind):
    """place2dTexture -> file -> material, as Maya's hypershade builds them."""
    out = [sc.node("RPL2", 0x00, "place2dTexture%d" % n, None, sc.d("re", 1.0, 1.0))]
    attrs = [sc.s("ftn", path), sc.s("cs", "sRGB")]
    if kind == "udim":
        attrs.append(sc.d("uvt", 3.0))
    elif kind == "seq":
        attrs.append(sc.d("ufe", 1.0))
    out.append(sc.node("RTFT", 0x00, "file%d" % n, None, *attrs))
    if sc.wide:
        out.append(sc.node(MTOA_TYPES[1][1], 0x00, "mat%d" % n, None, sc.d("base", 0.8)))
        sc.connect("file%d.oc" % n, "mat%d.base_color" % n)
    else:  # Maya 2013's PLUG cannot name plug-in types: a built-in material
        out.append(sc.node("RBLN", 0x00, "mat%d" % n, None, sc.d("ec", 0.3)))
        sc.connect("file%d.oc" % n, "mat%d.c" % n)
    sc.connect("place2dTexture%d.o" % n, "file%d.uv" % n)
    sc.connect("place2dTexture%d.ofs" % n, "file%d.fs" % n)
    return out


def mesh(sc, n, rnd, shaders):
    """A transform and its mesh: vertices (FLT3), face counts and indices (I32#), edges and normals (MESH)."""
    verts = rnd.randint(200, 2000)
    faces = verts // 4
    pts = struct.pack(">%df" % (3 * verts), *[rnd.random() for _ in range(3 * verts)])
    face_ids = struct.pack(">%di" % (4 * faces), *[i + k for i in range(faces) for k in range(4)])
    edges = struct.pack(">%di" % (3 * verts), *[rnd.randrange(verts) for _ in range(3 * verts)])
    normals = struct.pack(">%df" % (3 * verts), *[rnd.random() * 2 - 1 for _ in range(3 * verts)])
    xform = sc.node("XFRM", 0x0C, "geo%d" % n, None, sc.d("t", rnd.uniform(-50, 50), 0.0, rnd.uniform(-50, 50)),
                    sc.d("r", 0.0, rnd.uniform(0, 360), 0.0), sc.d("s", 1.0, 1.0, 1.0))
    shape = sc.node("DMSH", 0x04, "geoShape%d" % n, "geo%d" % n,
                    sc.count("vt", verts), sc.attr("FLT3", "vt[0:%d]" % (verts - 1), pts),
                    sc.count("ed", 3 * verts), sc.attr("I32#", "ed", edges),
                    sc.count("fc", faces), sc.attr("I32#", "fc", face_ids),
                    sc.iff.leaf("MESH", struct.pack(">II", verts, faces) + normals))
    sc.connect("geoShape%d.iog" % n, "%s.dsm" % shaders[n % len(shaders)], na=1)
    return [xform, shape]


def layers(sc, count):
    out = [sc.node("RNLM", 0x00, "renderLayerManager", None, sc.count("rlmi", count + 1)),
           sc.node("RNDL", 0x00, "defaultRenderLayer", None, sc.d("g", 1.0))]
    for i in range(count):
        out.append(sc.node("RNDL", 0x00, "layer%d" % i, None, sc.d("adjs[0].val", 50.0 + 10 * i)))
        sc.connect("defaultRenderGlobals.ef", "layer%d.adjs[0].plg" % i)
        sc.connect("renderLayerManager.rlmi[%d]" % (i + 1), "layer%d.rlid" % i)
    sc.connect("renderLayerManager.rlmi[0]", "defaultRenderLayer.rlid")
    # select -ne: the SLCT leaf carries the name without a NUL, as Maya writes it
    out.append(sc.iff.group("SLCT", [sc.iff.leaf("SLCT", b":defaultRenderGlobals"), sc.s("ren", "arnold"),
                                     sc.d("an", 1.0), sc.time("fs", 1), sc.time("ef", 10)]))
    out.append(sc.iff.group("SLCT", [sc.iff.leaf("SLCT", b":defaultResolution"), sc.d("w", 1920.0),
                                     sc.d("h", 1080.0)]))
    return out


def generate(path, size_mb, refs, wide, seed=42):
    """Stream the scene to path; returns what it holds."""
    rnd = random.Random(seed)
    iff = Iff(wide, rnd.choice(RESERVED) if wide else b"")
    sc = Scene(iff, rnd)
    target = int(size_mb * 1024 * 1024)
    hdr = 16 if wide else 8
    shaders = ["blinn%dSG" % i for i in range(16)]
    stats = {"textures": len(refs), "udim": sum(1 for _, k in refs if k == "udim"),
             "sequences": sum(1 for _, k in refs if k == "seq"), "references": 3, "layers": 4 + 1}
    with open(path, "wb") as out:
        out.write(iff.header(iff.group_tags[0], 0) + b"Maya")  # the size is patched at the end

        def put(chunks):
            for c in chunks:
                out.write(c)

        put(head(iff, wide, stats["references"]))
        put(references(sc, stats["references"]))
        put(cameras(sc))
        put(sc.node("SHAD", 0x00, name, None, sc.count("dsm", 0)) for name in shaders)
        for i, (tex, kind) in enumerate(refs):
            put(file_network(sc, i, tex, kind))
        meshes = 0
        tail = 4096 + 80 * len(sc.connections)  # what layers, connections and HEAD will add, roughly
        while out.tell() + tail < target:
            put(mesh(sc, meshes, rnd, shaders))
            meshes += 1
            tail += 80
        put(layers(sc, stats["layers"] - 1))
        cons = iff.group("CONS", [iff.group("CONN", sc.connections)], lis=True)
        out.write(cons)
        out.write(iff.group("HEAD", [iff.text("OBJN", str(sc.nodes)), iff.text("INCL", "undef(")]))
        size = out.tell() - hdr  # file size = header length + top-level size
        out.seek(0)
        out.write(iff.header(iff.group_tags[0], size))
    stats.update(meshes=meshes, nodes=sc.nodes, connections=len(sc.connections),
                 flavour="FOR8" if wide else "FOR4", bytes=size + hdr)
    return stats


def check(path):
    """Walk the file as scene-formats.md 2.1's walker does and return the count of each leaf tag; raises
    ValueError unless every chunk ends inside its group, groups end exactly, and the file size is the
    header length plus the top-level size."""
    tags = {}
    with open(path, "rb") as f:
        magic = f.read(4)
        if magic not in (b"FOR4", b"FOR8"):
            raise ValueError("not a Maya binary: %r" % magic)
        wide = magic == b"FOR8"
        hdr, align = (16, 8) if wide else (8, 4)
        groups = (b"FOR8", b"LIS8", b"CAT8", b"PRO8") if wide else (b"FOR4", b"LIS4", b"CAT4", b"PRO4")

        def chunk(off):
            f.seek(off)
            h = f.read(hdr)
            size = struct.unpack(">Q", h[8:16])[0] if wide else struct.unpack(">I", h[4:8])[0]
            return h[:4], off + hdr, size

        def walk(off, end):
            while off + hdr <= end:
                tag, data, size = chunk(off)
                if tag in groups:
                    walk(data + 4, data + size)
                    off = data + size
                else:
                    tags[tag] = tags.get(tag, 0) + 1
                    off = data + size + (align - size % align) % align
                if off > end:
                    raise ValueError("chunk %r at %d ends %d bytes past its group" % (tag, data - hdr, off - end))
            if off != end:
                raise ValueError("%d stray bytes at %d" % (end - off, off))

        tag, data, size = chunk(0)
        if os.path.getsize(path) != hdr + size:
            raise ValueError("file size %d, header says %d" % (os.path.getsize(path), hdr + size))
        walk(data + 4, data + size)
    return {k.decode(): v for k, v in sorted(tags.items())}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root")
    ap.add_argument("size_mb", type=float)
    ap.add_argument("--textures", type=int, default=1000, help="file textures (and texture tree entries)")
    ap.add_argument("--flavour", choices=("for8", "for4"), default="for8",
                    help="FOR8 (Maya 2024, the default) or FOR4 (Maya 2013)")
    ap.add_argument("--check", action="store_true",
                    help="walk the written file chunk by chunk and print the count of each leaf tag")
    args = ap.parse_args()
    os.makedirs(os.path.join(args.root, "scenes"), exist_ok=True)
    with open(os.path.join(args.root, "workspace.mel"), "w") as w:
        w.write('workspace -fr "sourceImages" "sourceimages";\nworkspace -fr "scene" "scenes";\n')
    refs = write_textures(args.root, args.textures)
    path = os.path.join(args.root, "scenes", "big.mb")
    st = generate(path, args.size_mb, refs, args.flavour == "for8")
    print("%(flavour)s, %(bytes)d bytes: %(nodes)d nodes (%(meshes)d meshes), %(textures)d file textures "
          "(%(udim)d UDIM sets, %(sequences)d sequences), %(connections)d connections, %(layers)d render layers, "
          "%(references)d references" % st, file=sys.stderr)
    if args.check:
        print("chunks: %s" % " ".join("%s=%d" % kv for kv in check(path).items()), file=sys.stderr)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
