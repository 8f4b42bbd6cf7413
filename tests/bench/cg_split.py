#!/usr/bin/env python3
"""cg_split.py - instruction counts from callgrind output files, split
between our own code and the libraries that draw (SDL, SDL_ttf, FreeType,
HarfBuzz, Mesa/LLVM, the window system's client libraries, the dynamic
loader).

    cg_split.py FILE...     one line per file: "total own libs"

Own code is everything else (the program, libc, libm, SQLite, cmark...),
counted only when our code calls it: instructions in libc or libm called
from a drawing library (FreeType's memcpy) count as that library's.
Formula: own = (self cost of functions in own objects) - (inclusive cost
of calls from a library function into an own object)."""
import re
import sys

LIB = re.compile(r'(libSDL2|libfreetype|libharfbuzz|libgraphite2|libGL|libEGL|libgbm|libglapi|_dri\.so|'
                 r'libgallium|libLLVM|libdrm|libX|libxcb|libxkb|libwayland|libdecor|libpng|libz\.so|'
                 r'libbrotli|libexpat|libxshmfence|libsensors|libelf|libedit|libffi|libstdc\+\+|'
                 r'libgcc_s|libglib|libpcre|libbsd|libmd\.so|libdbus|libpulse|libasound|libsndfile|'
                 r'ld-linux|vgpreload|libudev|libsystemd|libcap|libgcrypt|liblzma|libzstd|liblz4)')


def split(path):
    names = {}          # "ob" / "fn" / "fl" id -> name

    def name(kind, v):
        m = re.match(r'\((\d+)\)(?: (.*))?$', v)
        if not m:
            return v
        if m.group(2) is not None:
            names[(kind, m.group(1))] = m.group(2)
        return names.get((kind, m.group(1)), '?')

    ob = '?'
    cob = None
    in_call = False
    own_self = lib_self = 0
    lib_to_own = 0
    total = None
    with open(path, errors='replace') as f:
        for line in f:
            if not line or line[0] == '#':
                continue
            c = line[0]
            if c.isdigit() or c in '+-*':
                parts = line.split()
                cost = int(parts[1]) if len(parts) > 1 else 0
                if in_call:
                    callee = cob if cob is not None else ob
                    # the loader's call into _start is the whole program, not a library's use of libc
                    if LIB.search(ob) and not LIB.search(callee) and 'ld-linux' not in ob:
                        lib_to_own += cost
                    in_call = False
                    cob = None
                elif LIB.search(ob):
                    lib_self += cost
                else:
                    own_self += cost
                continue
            if line.startswith('ob='):
                ob = name('ob', line[3:].strip())
            elif line.startswith('cob='):
                cob = name('ob', line[4:].strip())
            elif line.startswith('calls='):
                in_call = True
            elif line.startswith('fn=') or line.startswith('cfn='):
                name('fn', line.split('=', 1)[1].strip())
            elif line.startswith(('fl=', 'fi=', 'fe=', 'cfi=', 'cfl=')):
                name('fl', line.split('=', 1)[1].strip())
            elif line.startswith('summary:') or line.startswith('totals:'):
                total = int(line.split()[1])
    if total is None:
        total = own_self + lib_self
    own = own_self - lib_to_own
    return total, own, total - own


if __name__ == '__main__':
    for p in sys.argv[1:]:
        t, o, l = split(p)
        print(t, o, l)
