#!/bin/sh
# `agmkiosk render`: --list, every screen at the four reference sizes (each
# PNG exists, has the size asked for, and is not one flat colour), one
# screen by name, bad options, missing fonts. No display is used.
set -u
: "${AGMKIOSK:?run through tests/run.sh}" "${AGM_ROOT:?}"
unset DISPLAY WAYLAND_DISPLAY
export SDL_VIDEODRIVER=none-such   # render must not need any video driver
. "$AGM_ROOT/tests/e2e/lib.sh"

# blank_pngs FILE...: prints the files that are one flat colour (no row
# has pixels that differ from their neighbours). Uses python3 to inflate;
# without it prints nothing (only sizes are checked).
blank_pngs() {
    command -v python3 >/dev/null || return 0
    python3 - "$@" <<'PY'
import sys, zlib, struct
for path in sys.argv[1:]:
    d = open(path, 'rb').read()
    pos, idat, w, h = 8, b'', 0, 0
    while pos < len(d):
        n, = struct.unpack('>I', d[pos:pos + 4]); t = d[pos + 4:pos + 8]; c = d[pos + 8:pos + 8 + n]; pos += 12 + n
        if t == b'IHDR': w, h = struct.unpack('>II', c[:8])
        elif t == b'IDAT': idat += c
    raw = zlib.decompress(idat); stride = 1 + w * 3
    rows = [raw[i * stride:(i + 1) * stride] for i in range(h)]
    # With filter 1 (Sub) a row of one colour is its first pixel then zeros.
    busy = sum(1 for r in rows if r[0] != 1 or r[4:].strip(b'\0'))
    firsts = len(set(r[1:4] for r in rows if r[0] == 1))
    if not (busy >= max(3, h // 100) or firsts > 2):
        print(path)
PY
}

# 1. --list names the screens, one per line, home among them
A render --list >"$tmp/list" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && grep -qx home "$tmp/list" && ok || fail "render --list: exit $rc: $(cat "$tmp/list" "$tmp/err")"
n=$(grep -c . "$tmp/list")
[ "$n" -ge 1 ] && ok || fail "render --list printed no screen"
grep -qv '^[a-z0-9_-]*$' "$tmp/list" && fail "render --list: odd names: $(cat "$tmp/list")" || ok

# 2. every screen at every reference size
for size in 800x480 1280x800 1920x1080 720x1280; do
    out="$tmp/$size"
    A render --out "$out" --size "$size" 2>"$tmp/err"; rc=$?
    [ $rc -eq 0 ] && ok || fail "render --size $size: exit $rc: $(cat "$tmp/err")"
    while read -r name; do
        f="$out/$name.png"
        if [ ! -s "$f" ]; then fail "$size: $name.png missing"; continue; fi
        got=$(png_size "$f")
        [ "$got" = "$size" ] && ok || fail "$size: $name.png is $got"
    done <"$tmp/list"
    # the slides: slide-01.png .. slide-NN.png, numbered without gaps
    slides=$(ls "$out" | grep -c '^slide-[0-9]*\.png$')
    if grep -qx slideshow "$tmp/list"; then
        [ "$slides" -ge 1 ] && ok || fail "$size: no slide pictures"
    fi
    i=1
    while [ $i -le "$slides" ]; do
        f=$(printf '%s/slide-%02d.png' "$out" $i)
        [ -s "$f" ] && [ "$(png_size "$f")" = "$size" ] && ok || fail "$size: $f missing or not $size"
        i=$((i + 1))
    done
    blank=$(blank_pngs "$out"/*.png)
    [ -z "$blank" ] && ok || fail "$size: blank pictures: $blank"
    [ "$(ls "$out" | grep -c '\.png$')" -eq $((n + slides)) ] && ok || fail "$size: $(ls "$out") is not one PNG per screen and slide"
    ls "$out" | grep -q '\.tmp$' && fail "$size: a temporary file was left: $(ls "$out")" || ok
done

# 3. default size, one screen by name
A render --out "$tmp/one" --screen home 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ "$(ls "$tmp/one")" = "home.png" ] && ok || fail "--screen home: exit $rc: $(ls "$tmp/one") $(cat "$tmp/err")"
[ "$(png_size "$tmp/one/home.png")" = "1280x800" ] && ok || fail "default size is $(png_size "$tmp/one/home.png")"

# 4. bad usage: exit 2 with a message naming what was wrong
A render --out "$tmp/x" --screen no-such-screen >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "no-such-screen" "$tmp/out" && ok || fail "unknown screen: exit $rc: $(cat "$tmp/out")"
A render --out "$tmp/x" --size 12by7 >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "12by7" "$tmp/out" && ok || fail "bad size: exit $rc: $(cat "$tmp/out")"
A render --out "$tmp/x" --size 16x16 >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "160..8192 pixels" "$tmp/out" && ok || fail "too small: the real minimum is not named: exit $rc: $(cat "$tmp/out")"
A render >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q -- "--out" "$tmp/out" && ok || fail "no --out: exit $rc"
A render --out /proc/no/such/dir >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "/proc/no/such/dir" "$tmp/out" && ok || fail "unwritable --out: exit $rc: $(cat "$tmp/out")"

# 5. fonts: a missing file is named and the others are used; none at all is a clear error
mkdir -p "$tmp/fonts1" "$tmp/fonts2"
printf '[search]\ndirs = /usr/share/fonts/truetype/noto, /usr/share/fonts/opentype/noto\n[regular]\nfonts = NoSuchFont-Regular.ttf, NotoSans-Regular.ttf\n' >"$tmp/fonts1/fonts.ini"
printf '[paths]\nfonts = %s\n' "$tmp/fonts1" >"$tmp/k1.ini"
A --config "$tmp/k1.ini" render --out "$tmp/f1" --screen home >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && [ -s "$tmp/f1/home.png" ] && ok || fail "one font missing: exit $rc: $(cat "$tmp/out")"
grep -q "NoSuchFont-Regular.ttf" "$tmp/out" && ok || fail "the missing font is not named: $(cat "$tmp/out")"
printf '[search]\ndirs = %s/nowhere\n[regular]\nfonts = Gone.ttf\n[bold]\nfonts = AlsoGone.ttf\n' "$tmp" >"$tmp/fonts2/fonts.ini"
printf '[paths]\nfonts = %s\n' "$tmp/fonts2" >"$tmp/k2.ini"
A --config "$tmp/k2.ini" render --out "$tmp/f2" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 1 ] && ok || fail "no font at all: exit $rc, want 1: $(cat "$tmp/out")"
grep -q "Gone.ttf" "$tmp/out" && grep -q "AlsoGone.ttf" "$tmp/out" && grep -q "no font could be loaded" "$tmp/out" \
    && ok || fail "no font at all: unclear message: $(cat "$tmp/out")"
grep -qi "sanitizer\|segmentation" "$tmp/out" && fail "no font at all crashed: $(cat "$tmp/out")" || ok

# 6. render never creates or touches the kiosk's database, and leaves no
#    temporary database behind
[ -e "$tmp/data/agmkiosk.db" ] && fail "render created a database" || ok
mkdir -p "$tmp/rt"
TMPDIR="$tmp/rt" A render --out "$tmp/rt-out" --screen ask 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ -z "$(ls "$tmp/rt")" ] && ok || fail "render left $(ls "$tmp/rt") in TMPDIR (exit $rc)"

# 7. --tap: the screen after taps on its controls, with the controls then
#    shown: Leave on the admin screen brings its confirmation card (Cancel
#    and Leave); a control that is not there is named; --tap needs --screen
A render --out "$tmp/tap" --screen admin --tap admin.quit --controls >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q '^admin.quit_yes [0-9]* [0-9]* [0-9]* [0-9]*$' "$tmp/tap/admin.controls" &&
    grep -q '^admin.cancel ' "$tmp/tap/admin.controls" && ! grep -q '^admin.export ' "$tmp/tap/admin.controls" &&
    ok || fail "render --tap admin.quit: exit $rc, controls: $(cat "$tmp/tap/admin.controls" 2>&1) $(cat "$tmp/out")"
A render --out "$tmp/tap0" --screen admin --controls >/dev/null 2>&1
cmp -s "$tmp/tap/admin.png" "$tmp/tap0/admin.png" && fail "render --tap: the picture did not change" || ok
A render --out "$tmp/tap2" --screen admin --tap admin.quit --tap admin.cancel --controls >/dev/null 2>&1 &&
    grep -q '^admin.export ' "$tmp/tap2/admin.controls" && ok || fail "render --tap admin.cancel: the card stayed"
A render --out "$tmp/tap3" --screen admin --tap no.such >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q -- "--tap no.such: screen admin" "$tmp/out" && ok || fail "render --tap no.such: exit $rc: $(cat "$tmp/out")"
A render --out "$tmp/tap4" --tap admin.quit >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q -- "--tap needs --screen" "$tmp/out" && ok || fail "render --tap without --screen: exit $rc: $(cat "$tmp/out")"

e2e_summary
