#!/usr/bin/env python3
# framecmp.py A.png B.png Y0 Y1: how many pixels differ between two frames
# of the same size in the rows Y0 to Y1 (exclusive), printed; a missing or
# unreadable file, or different sizes, prints -1. Reads the 8-bit RGB/RGBA
# PNGs goiso writes (shared/png.c), any filter.
import struct, sys, zlib

def load(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG')
    pos, idat, w = 8, b'', 0
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            bpp = {2: 3, 6: 4}[ctype]
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pr = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c
            line[i] = (line[i] + [0, a, b, (a + b) // 2, pr][f]) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows

try:
    wa, ha, ba, ra = load(sys.argv[1])
    wb, hb, bb, rb = load(sys.argv[2])
    y0, y1 = int(sys.argv[3]), int(sys.argv[4])
    if (wa, ha) != (wb, hb):
        raise ValueError('sizes')
    diff = 0
    for y in range(max(0, y0), min(ha, y1)):
        for x in range(wa):
            if ra[y][x * ba:x * ba + 3] != rb[y][x * bb:x * bb + 3]:
                diff += 1
    print(diff)
except Exception:
    print(-1)
