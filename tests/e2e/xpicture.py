#!/usr/bin/env python3
"""Compare a screen grab (xwd -root) with a picture the program rendered
(PNG), for tests/e2e/xfullscreen.sh. Standard library only.

    xpicture.py size GRAB.xwd              prints WxH of the grab
    xpicture.py diff GRAB.xwd PICTURE.png  prints the mean and the largest
                                           difference of 40x40-pixel blocks
                                           (0..255), the grab's top-left
                                           corner against the picture's
"""
import struct
import sys
import zlib


def read_xwd(path):
    data = open(path, "rb").read()
    f = struct.unpack(">25I", data[:100])
    header_size, width, height = f[0], f[4], f[5]
    byte_order, bpp, bpl, ncolors = f[7], f[11], f[12], f[19]
    rmask, gmask, bmask = f[14], f[15], f[16]
    off = header_size + ncolors * 12
    step = bpl // width if width else 0  # 4 bytes a pixel, also when it says 24 bits
    if step != 4:
        raise SystemExit("xpicture: %d bits per pixel, %d bytes a line: not handled" % (bpp, bpl))

    def shift(mask):
        s = 0
        while mask and not mask & 1:
            mask >>= 1
            s += 1
        return s

    rs, gs, bs = shift(rmask), shift(gmask), shift(bmask)
    fmt = "<" if byte_order == 0 else ">"
    rows = []
    for y in range(height):
        line = data[off + y * bpl: off + y * bpl + width * 4]
        px = struct.unpack(fmt + "%dI" % width, line)
        rows.append([((p & rmask) >> rs, (p & gmask) >> gs, (p & bmask) >> bs) for p in px])
    return width, height, rows


def read_png(path):
    data = open(path, "rb").read()
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise SystemExit("xpicture: PNG type %d/%d not handled" % (ctype, depth))
            ch = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * ch
    prev = bytearray(stride)
    rows, i = [], 0
    for _ in range(h):
        ft = raw[i]
        cur = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = cur[x - ch] if x >= ch else 0
            b = prev[x]
            c = prev[x - ch] if x >= ch else 0
            if ft == 1:
                cur[x] = (cur[x] + a) & 255
            elif ft == 2:
                cur[x] = (cur[x] + b) & 255
            elif ft == 3:
                cur[x] = (cur[x] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[x] = (cur[x] + pr) & 255
        rows.append([tuple(cur[x * ch:x * ch + 3]) for x in range(w)])
        prev = cur
    return w, h, rows


def blocks(w, h, rows, size=40):
    out = []
    for by in range(0, h - size + 1, size):
        line = []
        for bx in range(0, w - size + 1, size):
            s = [0, 0, 0]
            for y in range(by, by + size, 4):
                for x in range(bx, bx + size, 4):
                    p = rows[y][x]
                    s[0] += p[0]; s[1] += p[1]; s[2] += p[2]
            k = (size // 4) ** 2
            line.append((s[0] / k, s[1] / k, s[2] / k))
        out.append(line)
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "size":
        w, h, _ = read_xwd(sys.argv[2])
        print("%dx%d" % (w, h))
        return
    if len(sys.argv) != 4 or sys.argv[1] != "diff":
        raise SystemExit(__doc__)
    gw, gh, grows = read_xwd(sys.argv[2])
    pw, ph, prows = read_png(sys.argv[3])
    w, h = min(gw, pw), min(gh, ph)
    a, b = blocks(w, h, grows), blocks(w, h, prows)
    diffs = [sum(abs(p[c] - q[c]) for c in range(3)) / 3 for la, lb in zip(a, b) for p, q in zip(la, lb)]
    print("%.1f %.1f" % (sum(diffs) / len(diffs), max(diffs)))


main()
