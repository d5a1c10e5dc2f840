#!/usr/bin/env python3
"""Recompresses PNGs written by goiso (stored deflate) in place, so that the
golden images and README screenshots committed to the repository stay small.

    python3 tests/golden/pngz.py FILE.png...

Pixels are unchanged: each row gets the 'Sub' filter (a run of one colour
becomes zeros) and the stream is deflated at level 9."""
import struct
import sys
import zlib


def chunks(data):
    pos = 8
    while pos + 12 <= len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        yield data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n


def chunk(kind, body):
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def recompress(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    parts = list(chunks(data))
    ihdr = dict(parts)[b"IHDR"]
    w, h, depth, color = struct.unpack(">IIBB", ihdr[:10])
    if depth != 8 or color not in (2, 6):
        raise SystemExit(f"{path}: only 8-bit RGB/RGBA")
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(body for kind, body in parts if kind == b"IDAT"))
    row = w * bpp
    out = bytearray()
    for y in range(h):
        src = raw[y * (row + 1):(y + 1) * (row + 1)]
        if src[0] != 0:
            raise SystemExit(f"{path}: already filtered; nothing to do")
        line = src[1:]
        shifted = bytes(bpp) + line[:-bpp]
        out.append(1)
        out += bytes((a - b) & 0xFF for a, b in zip(line, shifted))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    png += chunk(b"IDAT", zlib.compress(bytes(out), 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(png)
    print(f"{path}: {len(data)} -> {len(png)} bytes")


for p in sys.argv[1:]:
    recompress(p)
