#!/usr/bin/env python3
"""Generate a large Clarisse project (.project) that looks like a production one.

Not uniform filler: nested contexts (sets, props, lighting), polyfile and
Alembic geometry, streamed and plain texture maps (UDIM tiles among them)
from a generated texture tree, materials with animated attributes (fcurves
laid out one key per line, as Clarisse writes them),
scatterers with long point lists, cameras, and images whose Layer3d layers
have their own frame ranges and outputs.  Sizes are approximate.

    bench/gen_project.py OUT_DIR SIZE_MB [--textures N]
writes OUT_DIR/big.project and the texture and geometry tree.
"""
import os
import random
import sys


def write_tree(root, count):
    """count file references over ~count/50 folders: textures (every 5th a UDIM set), polyfiles, Alembics."""
    refs = []
    folders = max(1, count // 50)
    for i in range(count):
        kind = i % 4
        if kind == 3:
            d = os.path.join(root, "geo", "asset%03d" % (i % folders))
            os.makedirs(d, exist_ok=True)
            ext = "abc" if i % 8 == 3 else "obj"
            open(os.path.join(d, "part%05d.%s" % (i, ext)), "wb").close()
            cls = "GeometryBundleAlembic" if ext == "abc" else "GeometryPolyfile"
            refs.append((cls, "$PDIR/geo/asset%03d/part%05d.%s" % (i % folders, i, ext)))
            continue
        d = os.path.join(root, "textures", "set%03d" % (i % folders))
        os.makedirs(d, exist_ok=True)
        if i % 5 == 0:
            for tile in (1001, 1002, 1011, 1012):
                open(os.path.join(d, "map%05d.%d.tx" % (i, tile)), "wb").close()
            refs.append(("TextureStreamedMapFile", "$PDIR/textures/set%03d/map%05d.<UDIM>.tx" % (i % folders, i)))
        else:
            open(os.path.join(d, "map%05d.exr" % i), "wb").close()
            refs.append(("TextureMapFile", "$PDIR/textures/set%03d/map%05d.exr" % (i % folders, i)))
    return refs


def item(out, indent, cls, name, body):
    pad = "    " * indent
    out.write("%s%s {\n%s    name \"%s\"\n%s    #version 0.9\n%s    #created 1700000000\n" % (
        pad, cls, pad, name, pad, pad))
    for entry in body:
        for line in entry.split("\n"):
            out.write("%s    %s\n" % (pad, line))
    out.write("%s}\n" % pad)


def fcurve(rnd, keys):
    """An animated attribute laid out as Clarisse writes it (corpus: CGRU scene.project): the block,
    one 14-field key per line (frame, value, tangent modes and slopes, flags), static components after."""
    lines = ["{", "    value[] {", "        fcurve {"]
    for f in range(1, keys + 1):
        lines.append("            key %d %.15g 1 0.0 0.0 0.0 -0.138875 0.0 0.138875 0.0 yes yes no yes"
                     % (f, rnd.uniform(0, 1)))
    lines += ["        }", "    }", "    value[1] 0.5", "    value[2] 0.0", "}"]
    return "\n".join(lines)


def prop_context(out, rnd, n, refs):
    """A context holding geometry, its textures and materials, and a scatterer with a long point list."""
    out.write("    Context \"prop%04d\" {\n        #created 1700000000\n" % n)
    for k in range(rnd.randint(3, 8)):
        if refs:
            cls, path = refs.pop()
            item(out, 2, cls, "file%d" % k, ["filename \"%s\"" % path, "frame_rate 24"])
        item(out, 2, "MaterialPhysicalStandard", "mat%d" % k, [
            "diffuse_front_color { value 0.5 0.5 0.5 texture \"../prop%04d/file%d\" }" % (n, k),
            "specular_roughness %s" % fcurve(rnd, 24),
            "translate %s" % fcurve(rnd, 12)])
    points = " ".join("%.4f %.4f %.4f" % (rnd.uniform(-50, 50), 0.0, rnd.uniform(-50, 50))
                      for _ in range(rnd.randint(200, 1500)))
    item(out, 2, "SceneObjectScatterer", "scatter", ["point_cloud \"pc\"", "positions %s" % points])
    out.write("    }\n")


def images(out, count):
    for i in range(count):
        out.write("    Image {\n        name \"shot%02d\"\n        layers \".beauty\" \".fx\"\n"
                  "        render_to_disk yes\n        first_frame 1001\n        last_frame %d\n"
                  "        save_as \"$PDIR/render/shot%02d/beauty.####\"\n        format 0\n"
                  "        embedded_objects {\n" % (i, 1001 + 24 * (i + 1), i))
        for layer, cam in (("beauty", "cam_main"), ("fx", "cam_main")):
            item(out, 3, "Layer3d", layer, ["first_frame 1001", "last_frame %d" % (1001 + 24 * (i + 1)),
                                           "active_camera \"project://scene/cam_main\"",
                                           "renderer \"project://scene/path_tracer\""])
        out.write("        }\n    }\n")


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, size_mb = sys.argv[1], float(sys.argv[2])
    textures = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--textures" else 2000
    rnd = random.Random(11)
    os.makedirs(root, exist_ok=True)
    refs = write_tree(root, textures)
    target = int(size_mb * 1024 * 1024)
    path = os.path.join(root, "big.project")
    with open(path, "w") as out:
        out.write("#Isotropix_Serial_Version 1.2\n\n#Isotropix_Clarisse_Version 4\n"
                  "#Isotropix_Clarisse_Project_Version 0.94\nContext \"scene\" {\n    #created 1700000000\n")
        item(out, 1, "CameraPerspective", "cam_main", ["translate 0.0 1 3", "field_of_view 35",
                                                      "rotate %s" % fcurve(rnd, 48)])
        item(out, 1, "RendererPathTracer", "path_tracer", ["anti_aliasing_sample_count 8"])
        item(out, 1, "LightPhysicalSun", "sun", ["intensity 3"])
        n = 0
        while out.tell() < target:
            prop_context(out, rnd, n, refs)
            n += 1
        images(out, 4)
        out.write("}\n")
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
