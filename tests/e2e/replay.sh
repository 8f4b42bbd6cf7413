#!/bin/sh
# `agmkiosk --replay FILE`: scripted input driving the real app headless
# on a virtual clock. Visits the screens, checks expect-screen and the idle
# timeout, screenshots, the mouse wheel, and the messages for bad scripts.
# Also: the kiosk window's "no display" message and its clean exit on
# SIGTERM.
set -u
: "${AGMKIOSK:?run through tests/run.sh}" "${AGM_ROOT:?}"
. "$AGM_ROOT/tests/e2e/lib.sh"

A render --list >"$tmp/screens" 2>/dev/null
has() { grep -qx "$1" "$tmp/screens"; }
# Where the kiosk goes after the idle timeout (90 s by default).
idle_screen=home
has attract && idle_screen=attract

# 1. visit every screen by name, come back home, screenshots at two sizes
{
    echo "# visit every screen"
    echo "size 800x480"
    echo "wait 300"
    echo "screenshot $tmp/first.png"
    while read -r s; do
        echo "show $s"
        echo "wait 400"
        echo "expect-screen $s"
    done <"$tmp/screens"
    echo "show home"
    echo "wait 400"
    echo "expect-screen home"
    echo "size 720x1280"
    echo "wait 100"
    echo "screenshot $tmp/portrait.png"
    echo "expect-screen home"
} >"$tmp/visit.replay"
SDL_VIDEODRIVER=none-such A --replay "$tmp/visit.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "visit: exit $rc: $(tail -5 "$tmp/out")"
[ "$(png_size "$tmp/first.png" 2>/dev/null)" = "800x480" ] && ok || fail "visit: first.png missing or wrong size"
[ "$(png_size "$tmp/portrait.png" 2>/dev/null)" = "720x1280" ] && ok || fail "visit: portrait.png missing or wrong size"

# 2. input of every kind goes through without trouble; the idle timeout
#    brings the kiosk back after 90 s without a touch, not before
start=home
has attract && start=attract
cat >"$tmp/input.replay" <<R
size 1280x800
expect-screen $start
tap 640 400
wait 600
expect-screen home
show home
press 100 100 900
drag 600 600 600 200 300
fling 600 600 600 100 80
key down
key pagedown
key escape
key A
text Grüße 日本語 한국어 and a line longer than thirty-two bytes to be sent in pieces
show home
wait 80000
expect-screen home
wait 11000
expect-screen $idle_screen
R
A --replay "$tmp/input.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "input: exit $rc: $(tail -5 "$tmp/out")"
grep -qi "sanitizer\|runtime error" "$tmp/out" && fail "input: $(cat "$tmp/out")" || ok

# 2b. the mouse wheel: it scrolls the reader (the picture changes) and the
#     same turn back brings the same picture; on home, which does not
#     scroll, it changes nothing and opens nothing
cat >"$tmp/wheel.replay" <<R
size 800x480
show reader
wait 400
key right
key right
wait 400
screenshot $tmp/wheel-0.png
wheel 400 240 3
screenshot $tmp/wheel-1.png
wheel 400 240 -1.5
wheel 400 240 -1.5
screenshot $tmp/wheel-2.png
expect-screen reader
show home
wait 400
screenshot $tmp/wheel-home-0.png
wheel 400 240 2
wheel 140 230 -0.25
wait 600
screenshot $tmp/wheel-home-1.png
expect-screen home
R
A --replay "$tmp/wheel.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "wheel: exit $rc: $(tail -5 "$tmp/out")"
if [ -s "$tmp/wheel-0.png" ] && [ -s "$tmp/wheel-1.png" ] && [ -s "$tmp/wheel-2.png" ]; then
    cmp -s "$tmp/wheel-0.png" "$tmp/wheel-1.png" && fail "wheel: the reader did not scroll" || ok
    cmp -s "$tmp/wheel-0.png" "$tmp/wheel-2.png" && ok || fail "wheel: three notches down and back up is not where it began"
else
    fail "wheel: reader screenshots missing"
fi
[ -s "$tmp/wheel-home-0.png" ] && cmp -s "$tmp/wheel-home-0.png" "$tmp/wheel-home-1.png" && ok \
    || fail "wheel: home changed under the wheel"

# 3. a failed expectation: exit 1 naming the file, the line and both screens
printf 'size 800x480\nwait 10\nexpect-screen no-such-screen\ntap 1 1\n' >"$tmp/expect.replay"
A --replay "$tmp/expect.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 1 ] && ok || fail "failed expectation: exit $rc, want 1"
grep -q "expect.replay:3: expect-screen no-such-screen: the app shows '$start'" "$tmp/out" && ok \
    || fail "failed expectation: message: $(cat "$tmp/out")"

# 4. a script with mistakes does not run: exit 2, every bad line named
printf 'screenshot %s/never.png\ntap 10\nhop 1 2\nkey Hyper\nwheel 400 240 lots\n' "$tmp" >"$tmp/bad.replay"
A --replay "$tmp/bad.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && ok || fail "bad script: exit $rc, want 2"
grep -q "bad.replay:2: tap: needs 2 numbers" "$tmp/out" && grep -q "bad.replay:3: unknown command 'hop'" "$tmp/out" \
    && grep -q "bad.replay:4: unknown key 'Hyper'" "$tmp/out" \
    && grep -q "bad.replay:5: wheel: 'lots' is not a number of notches" "$tmp/out" && ok \
    || fail "bad script: messages: $(cat "$tmp/out")"
[ -e "$tmp/never.png" ] && fail "bad script ran its first line" || ok
A --replay "$tmp/missing.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "missing.replay" "$tmp/out" && ok || fail "missing script: exit $rc: $(cat "$tmp/out")"
printf 'screenshot %s/no/such/dir/x.png\n' "$tmp" >"$tmp/shot.replay"
A --replay "$tmp/shot.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "shot.replay:1: screenshot .*no/such/dir/x.png" "$tmp/out" && ok \
    || fail "unwritable screenshot: exit $rc: $(cat "$tmp/out")"
printf 'show no-such-screen\n' >"$tmp/show.replay"
A --replay "$tmp/show.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "show.replay:1: show no-such-screen: no such screen" "$tmp/out" && ok \
    || fail "unknown show: exit $rc: $(cat "$tmp/out")"

# 4c. --frame-stats: one time in microseconds per frame drawn
printf 'size 800x480\nshow home\nwait 300\nfling 400 400 400 100 60\nwait 1000\n' >"$tmp/fs.replay"
A --replay "$tmp/fs.replay" --frame-stats "$tmp/fs.txt" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && [ -s "$tmp/fs.txt" ] && ! grep -qv '^[0-9][0-9]*$' "$tmp/fs.txt" && ok \
    || fail "--frame-stats: exit $rc: $(head -3 "$tmp/fs.txt" 2>/dev/null) $(cat "$tmp/out")"
A --frame-stats "$tmp/fs2.txt" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q -- "--frame-stats works with --replay only" "$tmp/out" && ok || fail "--frame-stats alone: exit $rc"

# 5. the kiosk window without a display: a clear message, exit 1
env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=none-such "$AGMKIOSK" --content "$AGM_ROOT/content" \
    --data "$tmp/data" --windowed 800x480 >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "no display" "$tmp/out" && grep -q "agmkiosk render" "$tmp/out" && ok \
    || fail "no display: exit $rc: $(cat "$tmp/out")"
A --windowed 800by480 >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "800by480" "$tmp/out" && ok || fail "bad --windowed: exit $rc: $(cat "$tmp/out")"

# 6. the kiosk on SDL's dummy driver: first frame, no CPU while the
#    screen is static, clean exit on SIGTERM
# start_kiosk LOG ARGS...: start it in the background ($pid), wait for the
# first frame (up to 30 s on a loaded machine)
start_kiosk() {
    log=$1; shift
    SDL_VIDEODRIVER=dummy "$AGMKIOSK" --content "$AGM_ROOT/content" --data "$tmp/data" "$@" >"$log" 2>&1 &
    pid=$!   # the kiosk itself (not a subshell), so the signal and the CPU count are its own
    i=0
    while [ $i -lt 300 ] && ! grep -q "first frame" "$log" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
}
stop_kiosk() { kill -TERM $pid; wait $pid; }
start_kiosk "$tmp/kiosk.log" --windowed 800x480
grep -q "first frame" "$tmp/kiosk.log" && ok || fail "kiosk: no first frame: $(cat "$tmp/kiosk.log")"
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0; }
sleep 0.3
t0=$(ticks)
sleep 2
t1=$(ticks)
# A busy loop would use about 200 ticks in 2 s; sleeping uses about none.
[ $((t1 - t0)) -le 10 ] && ok || fail "kiosk: $((t1 - t0)) CPU ticks in 2 s on a static screen"
stop_kiosk; rc=$?
[ $rc -eq 0 ] && grep -q "stopped by a signal" "$tmp/kiosk.log" && ok || fail "kiosk: SIGTERM: exit $rc: $(tail -5 "$tmp/kiosk.log")"

# 6b. animations run at the display's rate, also without vsync (the dummy
#     driver has none): two attract fades in 7 s take about 55 frames,
#     not the hundreds of a loop drawing as fast as it can
printf '[kiosk]\nattract_interval = 3\n' >"$tmp/fast.ini"
start_kiosk "$tmp/pace.log" --config "$tmp/fast.ini" --windowed 800x480
sleep 7
stop_kiosk
frames=$(sed -n 's/.* \([0-9][0-9]*\) frames drawn in .*/\1/p' "$tmp/pace.log")
[ -n "$frames" ] && [ "$frames" -ge 20 ] && [ "$frames" -le 80 ] && ok \
    || fail "attract pacing: ${frames:-no} frames drawn: $(tail -3 "$tmp/pace.log")"

# 7. rotation from kiosk.ini: an 800x480 panel turned 90 degrees is laid
#    out as 480x800 (the mapping itself is unit-tested in test_rotate)
printf '[display]\nrotation = 90\n' >"$tmp/rot.ini"
start_kiosk "$tmp/rot.log" --config "$tmp/rot.ini" --windowed 800x480
grep -q "800x480 panel, 480x800 layout, rotation 90" "$tmp/rot.log" && ok || fail "rotation: $(cat "$tmp/rot.log")"
stop_kiosk; rc=$?
[ $rc -eq 0 ] && ok || fail "rotation: exit $rc"

# 8. the slideshow asking for a presenter display that is not there: a
#    clear message, and the show goes on
start_kiosk "$tmp/pres.log" --slideshow --presenter-display 1 --interval 5 --windowed 800x480
grep -q "presenter view: no second display 1 found" "$tmp/pres.log" && ok || fail "presenter: $(cat "$tmp/pres.log")"
stop_kiosk; rc=$?
[ $rc -eq 0 ] && ok || fail "presenter: exit $rc"
A --interval soon >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "soon" "$tmp/out" && ok || fail "bad --interval: exit $rc: $(cat "$tmp/out")"

e2e_summary
