#!/bin/sh
# Browsing end to end with `agmkiosk --replay`: from the attract loop to
# every browse screen and back home by touch (taps, flings, swipes, Back,
# Home, Escape), in landscape (800x480, the 7" panel) and portrait
# (720x1280); then the idle timeout brings the attract loop back.
# Coordinates are the centres of the touch targets as the kiosk lays them
# out at these sizes (see tests/unit/test_ui_layout.c for the layout rules).
set -u
: "${AGMKIOSK:?run through tests/run.sh}" "${AGM_ROOT:?}"
. "$AGM_ROOT/tests/e2e/lib.sh"

# run NAME: replay $tmp/NAME.replay; the script's expect-screen lines are the checks
run() {
    if A --replay "$tmp/$1.replay" >"$tmp/$1.out" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $1"
        tail -n 5 "$tmp/$1.out"
    fi
}

cat >"$tmp/landscape.replay" <<R
size 800x480
wait 500
expect-screen attract
# any touch wakes the kiosk
tap 400 240
wait 500
expect-screen home
# the report: list, reader, momentum, next section, back, home
tap 139 231
wait 500
expect-screen report
tap 204 169
wait 500
expect-screen reader
fling 400 380 400 120 80
wait 2500
tap 595 446
wait 500
expect-screen reader
fling 600 250 250 250 60
wait 500
expect-screen reader
screenshot $tmp/reader.png
tap 74 34
wait 500
expect-screen report
tap 208 34
wait 500
expect-screen home
# the timeline and an activity's detail; Back closes the detail first
tap 399 231
wait 500
expect-screen timeline
tap 490 121
wait 500
expect-screen timeline
screenshot $tmp/detail.png
tap 724 112
wait 500
expect-screen timeline
fling 500 400 500 150 80
wait 2500
key escape
wait 500
expect-screen home
# the figures
tap 659 231
wait 500
expect-screen stats
key pagedown
fling 400 400 400 100 80
wait 2500
tap 74 34
wait 500
expect-screen home
# another language, then nobody touches it
tap 591 44
wait 500
expect-screen home
wait 89000
expect-screen home
wait 2000
expect-screen attract
R
run landscape

cat >"$tmp/portrait.replay" <<R
size 720x1280
wait 500
expect-screen attract
fling 360 900 360 300 80
wait 500
expect-screen home
tap home.report
wait 500
expect-screen report
tap 360 249
wait 500
expect-screen reader
tap 533 1230
wait 500
expect-screen reader
tap 303 50
wait 500
expect-screen home
tap home.timeline
wait 500
expect-screen timeline
tap 353 265
wait 500
tap 607 518
wait 500
expect-screen timeline
tap 109 50
wait 500
expect-screen home
tap home.stats
wait 500
expect-screen stats
key end
wait 300
tap 303 50
wait 500
expect-screen home
wait 91000
expect-screen attract
R
run portrait

# The screenshots of the way are real PNG files.
for f in reader detail; do
    if [ -s "$tmp/$f.png" ] && [ "$(od -An -c -j1 -N3 "$tmp/$f.png" | tr -d ' ')" = "PNG" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: no screenshot $f.png"
    fi
done

e2e_summary
