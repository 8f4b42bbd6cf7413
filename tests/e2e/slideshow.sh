#!/bin/sh
# The slideshow end to end, headless: every slide of the bundled deck
# rendered at 800x480, 1920x1080 and 720x1280 (`render --slides`), and a
# replay that gives a whole talk with clicker keys (`--slideshow --replay`):
# each screenshot must be the very picture `render` made of the slide the
# keys should have reached; black and white screens are one colour.
set -u
: "${AGMKIOSK:?run through tests/run.sh}" "${AGM_ROOT:?}"
unset DISPLAY WAYLAND_DISPLAY
. "$AGM_ROOT/tests/e2e/lib.sh"

# pixels FILE: "flat R G B" when every pixel has one colour, else "busy";
# "unknown" without python3. The PNGs are written with the Sub filter
# (src/platform/png.c), so a row of one colour is its first pixel followed
# by zeros, and nothing needs decoding.
pixels() {
    command -v python3 >/dev/null || { echo unknown; return; }
    python3 - "$1" <<'PY'
import sys, zlib, struct
d = open(sys.argv[1], 'rb').read()
pos, idat, w, h = 8, b'', 0, 0
while pos < len(d):
    n, = struct.unpack('>I', d[pos:pos + 4]); t = d[pos + 4:pos + 8]; c = d[pos + 8:pos + 8 + n]; pos += 12 + n
    if t == b'IHDR': w, h = struct.unpack('>II', c[:8])
    elif t == b'IDAT': idat += c
raw = zlib.decompress(idat); stride = 1 + w * 3
rows = [raw[i * stride:(i + 1) * stride] for i in range(h)]
flat = all(r[0] == 1 and not r[4:].strip(b'\0') for r in rows) and len(set(r[1:4] for r in rows)) == 1
print('flat %d %d %d' % tuple(rows[0][1:4]) if flat else 'busy')
PY
}

# 1. every slide at three sizes
for size in 800x480 1920x1080 720x1280; do
    out="$tmp/slides-$size"
    A render --slides --out "$out" --size "$size" 2>"$tmp/err"; rc=$?
    [ $rc -eq 0 ] && ok || fail "render --slides --size $size: exit $rc: $(cat "$tmp/err")"
    n=$(ls "$out" 2>/dev/null | grep -c '^slide-[0-9]*\.png$')
    [ "$n" -ge 20 ] && ok || fail "$size: only $n slides: $(ls "$out" 2>/dev/null | head)"
    [ -s "$out/slide-01.png" ] && ok || fail "$size: slide-01.png missing"
    for f in "$out"/slide-*.png; do
        [ -s "$f" ] || continue
        got=$(png_size "$f")
        [ "$got" = "$size" ] && ok || fail "$size: $(basename "$f") is $got"
    done
    # a few slides are pictures, not one colour
    for k in 01 02 05 10; do
        p=$(pixels "$out/slide-$k.png")
        case "$p" in flat*) fail "$size: slide-$k.png is one colour ($p)" ;; *) ok ;; esac
    done
done
n=$(ls "$tmp/slides-1920x1080" | grep -c '^slide-[0-9]*\.png$')
last=$(printf '%02d' "$n")

# 2. a talk driven with clicker keys, at 1920x1080 like the renders above
r="$tmp/replay"
mkdir -p "$r"
{
    echo "size 1920x1080"
    echo "expect-screen slideshow"
    echo "screenshot $r/a01.png"
    for k in right pagedown space enter down; do echo "key $k"; echo "wait 500"; done
    echo "screenshot $r/a06.png"
    for k in left up pageup backspace; do echo "key $k"; echo "wait 500"; done
    echo "screenshot $r/a02.png"
    echo "key 1"; echo "key 2"; echo "key enter"; echo "wait 500"
    echo "screenshot $r/a12.png"
    echo "key b"; echo "wait 200"
    echo "screenshot $r/black.png"
    echo "key right"; echo "wait 500"
    echo "screenshot $r/a12b.png"
    echo "key w"; echo "wait 200"
    echo "screenshot $r/white.png"
    echo "key x"; echo "wait 500"
    echo "key end"; echo "wait 500"
    echo "screenshot $r/last.png"
    echo "key home"; echo "wait 500"
    echo "tap 1880 500"; echo "wait 500"
    echo "screenshot $r/tap02.png"
    echo "fling 1500 500 400 500 80"; echo "wait 600"
    echo "screenshot $r/swipe03.png"
    echo "key home"; echo "wait 500"
    # the whole talk, slide by slide, as a presenter would
    i=1
    while [ $i -lt "$n" ]; do echo "key right"; echo "wait 400"; i=$((i + 1)); done
    echo "screenshot $r/end.png"
    echo "key right"; echo "wait 400"
    echo "screenshot $r/end2.png"
    echo "expect-screen slideshow"
} >"$r/talk.replay"
A --slideshow --replay "$r/talk.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "replay: exit $rc: $(tail -n 5 "$tmp/out")"

same() { # replay shot, rendered slide number
    if [ ! -s "$r/$1.png" ]; then fail "replay: $1.png missing"; return; fi
    cmp -s "$r/$1.png" "$tmp/slides-1920x1080/slide-$2.png" && ok || fail "replay: $1.png is not slide $2"
}
same a01 01
same a06 06
same a02 02
same a12 12
same a12b 12
same last "$last"
same tap02 02
same swipe03 03
same end "$last"
same end2 "$last"
case "$(pixels "$r/black.png")" in "flat 0 0 0" | unknown) ok ;; *) fail "B: not a black screen: $(pixels "$r/black.png")" ;; esac
case "$(pixels "$r/white.png")" in "flat 255 255 255" | unknown) ok ;; *) fail "W: not a white screen" ;; esac

# 3. every slide, stepped through from the first frame on: each the very
# picture `render` made of it; then keys pressed faster than the
# transitions run (five in 250 ms) land on the slide they count to
r="$tmp/step"
mkdir -p "$r"
{
    echo "size 1920x1080"
    echo "screenshot $r/s01.png"
    i=2
    while [ $i -le "$n" ]; do echo "key right"; echo "wait 350"; echo "screenshot $r/s$(printf '%02d' $i).png"; i=$((i + 1)); done
    echo "key home"; echo "wait 350"
    for _ in 1 2 3 4 5; do echo "key right"; echo "wait 50"; done
    echo "wait 350"
    echo "screenshot $r/fast06.png"
} >"$r/step.replay"
A --slideshow --replay "$r/step.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "step replay: exit $rc: $(tail -n 5 "$tmp/out")"
i=1 differ=""
while [ $i -le "$n" ]; do
    k=$(printf '%02d' $i)
    cmp -s "$r/s$k.png" "$tmp/slides-1920x1080/slide-$k.png" || differ="$differ $k"
    i=$((i + 1))
done
[ -z "$differ" ] && ok "all $n slides stepped through equal their renders" || fail "stepped-to slides not as rendered:$differ"
cmp -s "$r/fast06.png" "$tmp/slides-1920x1080/slide-06.png" && ok || fail "five quick keys: not slide 06"

# 4. a bad option is refused
A render --slides 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && ok || fail "render --slides without --out: exit $rc"

e2e_summary
