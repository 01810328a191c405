#!/usr/bin/env python3
"""Generate a large Maya ASCII scene that looks like a production one.

Not uniform filler: a project tree with textures (plain, UDIM sets, frame
sequences), meshes with big data arrays, shading networks, cameras, legacy and
Render Setup layers with overrides, and references.  Sizes are approximate.

    bench/gen_ma.py OUT_DIR SIZE_MB [--textures N] [--dag N]
writes OUT_DIR/scenes/big.ma, OUT_DIR/workspace.mel and the texture tree.
--dag N adds N small set-dressing pieces (a transform under a group, a
low-poly shape, its shading assignment): the node count of a layout scene,
where statements rather than mesh arrays are most of the bytes.
"""
import os
import random
import sys


def write_textures(root, count):
    """count file references over ~count/100 folders; every 10th a UDIM set, every 25th a sequence."""
    refs = []
    folders = max(1, count // 100)
    for i in range(count):
        folder = os.path.join(root, "sourceimages", "asset%04d" % (i % folders))
        os.makedirs(folder, exist_ok=True)
        if i % 10 == 0:
            for tile in (1001, 1002, 1011):
                open(os.path.join(folder, "tex%06d.%d.exr" % (i, tile)), "wb").close()
            refs.append(("sourceimages/asset%04d/tex%06d.1001.exr" % (i % folders, i), "udim"))
        elif i % 25 == 1:
            for frame in range(1, 11):
                open(os.path.join(folder, "seq%06d.%04d.png" % (i, frame)), "wb").close()
            refs.append(("sourceimages/asset%04d/seq%06d.0001.png" % (i % folders, i), "seq"))
        else:
            open(os.path.join(folder, "tex%06d.png" % i), "wb").close()
            refs.append(("sourceimages/asset%04d/tex%06d.png" % (i % folders, i), "plain"))
    return refs


def mesh(out, n, rnd):
    out.write('createNode transform -n "geo%d";\n' % n)
    out.write('createNode mesh -n "geoShape%d" -p "geo%d";\n' % (n, n))
    count = rnd.randint(200, 2000)
    out.write('\tsetAttr -s %d ".vt";\n' % count)
    out.write('\tsetAttr ".vt[0:%d]"' % (count - 1))
    for i in range(count):
        if i % 3 == 0:
            out.write("\n\t\t")
        out.write(" %.6f %.6f %.6f" % (rnd.random(), rnd.random(), rnd.random()))
    out.write(";\n")
    faces = count // 4
    out.write('\tsetAttr -s %d ".fc[0:%d]" -type "polyFaces" ' % (faces, faces - 1))
    for i in range(faces):
        out.write("\n\t\tf 4 %d %d %d %d" % (i, i + 1, i + 2, i + 3))
    out.write(";\n")


def dag_piece(out, n, rnd):
    if n % 100 == 0:
        out.write('createNode transform -n "set%d";\n' % (n // 100))
    out.write('createNode transform -n "prop%d" -p "set%d";\n' % (n, n // 100))
    out.write('\tsetAttr ".t" -type "double3" %.4f 0 %.4f ;\n' % (rnd.uniform(-500, 500), rnd.uniform(-500, 500)))
    out.write('\tsetAttr ".r" -type "double3" 0 %.3f 0 ;\n' % rnd.uniform(0, 360))
    out.write('createNode mesh -n "propShape%d" -p "prop%d";\n' % (n, n))
    out.write('\tsetAttr -k off ".v";\n\tsetAttr ".vir" yes;\n\tsetAttr ".vif" yes;\n')
    out.write('\tsetAttr ".uvst[0].uvsn" -type "string" "map1";\n')
    out.write('\tsetAttr -s 8 ".vt[0:7]"  -0.5 -0.5 0.5 0.5 -0.5 0.5 -0.5 0.5 0.5 0.5 0.5 0.5 -0.5 0.5 -0.5\n')
    out.write('\t\t 0.5 0.5 -0.5 -0.5 -0.5 -0.5 0.5 -0.5 -0.5;\n')
    out.write('connectAttr "propShape%d.iog" ":initialShadingGroup.dsm" -na;\n' % n)


def header(out, refs):
    out.write("//Maya ASCII 2024 scene\n//Name: big.ma\n//Codeset: UTF-8\n")
    for i in range(refs):
        out.write('file -rdi 1 -ns "ref%d" -rfn "ref%dRN" -op "v=0;" -typ "mayaAscii" "ref%d.ma";\n' % (i, i, i))
    for i in range(refs):
        out.write('file -r -ns "ref%d" -dr 1 -rfn "ref%dRN" -op "v=0;" -typ "mayaAscii" "ref%d.ma";\n' % (i, i, i))
    out.write('requires maya "2024";\nrequires -nodeType "aiOptions" "mtoa" "5.3.0";\n')
    out.write("currentUnit -l centimeter -a degree -t film;\n")
    out.write('fileInfo "application" "maya";\n')


def cameras(out):
    for name in ("persp", "top", "front", "side", "shotCam"):
        out.write('createNode transform -s -n "%s";\n' % name)
        out.write('createNode camera -s -n "%sShape" -p "%s";\n' % (name, name))
        if name in ("top", "front", "side"):
            out.write('\tsetAttr ".rnd" no;\n')


def file_node(out, n, path, kind):
    out.write('createNode file -n "file%d";\n' % n)
    out.write('\tsetAttr ".ftn" -type "string" "%s";\n' % path)
    if kind == "udim":
        out.write('\tsetAttr ".uvt" 3;\n')
    elif kind == "seq":
        out.write('\tsetAttr ".ufe" yes;\n')
    out.write('createNode aiStandardSurface -n "mat%d";\n' % n)
    out.write('connectAttr "file%d.oc" "mat%d.base_color";\n' % (n, n))


def layers(out, count):
    out.write('createNode renderLayerManager -n "renderLayerManager";\n')
    out.write('\tsetAttr -s %d ".rlmi";\n' % (count + 1))
    out.write('createNode renderLayer -n "defaultRenderLayer";\n\tsetAttr ".g" yes;\n')
    for i in range(count):
        out.write('createNode renderLayer -n "layer%d";\n' % i)
        out.write('\tsetAttr ".adjs[0].val" %d;\n' % (50 + 10 * i))
        out.write('connectAttr ":defaultRenderGlobals.ef" "layer%d.adjs[0].plg";\n' % i)
        out.write('connectAttr "renderLayerManager.rlmi[%d]" "layer%d.rlid";\n' % (i + 1, i))
    out.write('connectAttr "renderLayerManager.rlmi[0]" "defaultRenderLayer.rlid";\n')
    out.write('select -ne :defaultRenderGlobals;\n\tsetAttr ".ren" -type "string" "arnold";\n')
    out.write('\tsetAttr ".an" yes;\n\tsetAttr ".fs" 1;\n\tsetAttr ".ef" 10;\n')
    out.write('select -ne :defaultResolution;\n\tsetAttr ".w" 1920;\n\tsetAttr ".h" 1080;\n')


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, size_mb = sys.argv[1], float(sys.argv[2])
    opts = dict(zip(sys.argv[3::2], sys.argv[4::2]))
    textures = int(opts.get("--textures", 1000))
    dag = int(opts.get("--dag", 0))
    rnd = random.Random(42)
    os.makedirs(os.path.join(root, "scenes"), exist_ok=True)
    with open(os.path.join(root, "workspace.mel"), "w") as w:
        w.write('workspace -fr "sourceImages" "sourceimages";\nworkspace -fr "scene" "scenes";\n')
    refs = write_textures(root, textures)
    target = int(size_mb * 1024 * 1024)
    path = os.path.join(root, "scenes", "big.ma")
    with open(path, "w") as out:
        header(out, 3)
        cameras(out)
        n = 0
        for i, (tex, kind) in enumerate(refs):
            file_node(out, i, tex, kind)
        for i in range(dag):
            dag_piece(out, i, rnd)
        while out.tell() < target:
            mesh(out, n, rnd)
            n += 1
        layers(out, 4)
        out.write("// End of big.ma\n")
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
