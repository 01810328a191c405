#!/usr/bin/python3
"""Write the tiny image files of examples/maya_project (run once; the outputs are committed).

PNGs are 1x1 RGB images; each one gets its own colour so no two files are equal.
EXR tiles are 1x1 uncompressed scanline OpenEXR files with half-float R, G, B.
"""
import os
import struct
import sys
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "maya_project")


def png(rgb):
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit, truecolour
    raw = b"\x00" + bytes(rgb)                            # filter byte + one pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def exr(rgb):
    def attr(name, typ, data):
        return name.encode() + b"\0" + typ.encode() + b"\0" + struct.pack("<i", len(data)) + data
    channels = b"".join(c.encode() + b"\0" + struct.pack("<iB3xii", 1, 0, 1, 1) for c in "BGR") + b"\0"
    box = struct.pack("<iiii", 0, 0, 0, 0)
    header = (struct.pack("<ii", 20000630, 2)
              + attr("channels", "chlist", channels)
              + attr("compression", "compression", b"\0")
              + attr("dataWindow", "box2i", box)
              + attr("displayWindow", "box2i", box)
              + attr("lineOrder", "lineOrder", b"\0")
              + attr("pixelAspectRatio", "float", struct.pack("<f", 1.0))
              + attr("screenWindowCenter", "v2f", struct.pack("<ff", 0.0, 0.0))
              + attr("screenWindowWidth", "float", struct.pack("<f", 1.0))
              + b"\0")
    # one scanline: y, byte count, then the channels in name order (B, G, R), one half each
    pixels = b"".join(struct.pack("<e", rgb[i] / 255.0) for i in (2, 1, 0))
    line = struct.pack("<ii", 0, len(pixels)) + pixels
    offset = len(header) + 8
    return header + struct.pack("<Q", offset) + line


def write(rel, data):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    write("sourceimages/wood_diffuse.png", png((139, 94, 60)))
    write("sourceimages/prop/prop_albedo.png", png((200, 40, 40)))
    for i, tile in enumerate((1001, 1002, 1011, 1012)):
        write("sourceimages/skin/skin_color.%d.exr" % tile, exr((230 - 20 * i, 180, 160)))
    for frame in range(1, 25):
        level = 40 + frame * 8
        write("sourceimages/flicker/flicker.%04d.png" % frame, png((level, level, 255 - level)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
