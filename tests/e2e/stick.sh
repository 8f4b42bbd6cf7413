#!/bin/sh
# Content and the sealing key from a USB stick, through the real program
# (`--replay`, headless): the stick is a folder under AGMKIOSK_MEDIA. The
# kiosk runs as on the Pi: the bundled content from [paths] content in
# kiosk.ini (no --content), a loaded one in DATA/content.
#   1. a folder with errors is refused, its FILE:LINE messages named as on
#      the stick, and the kiosk keeps showing the content it had (the home
#      screen is byte-identical to before);
#   2. a clean folder replaces it without a restart (the home screen shows
#      the new title), Undo restores the old one (byte-identical again);
#   3. a copy that fails midway (a read error, a file that vanishes:
#      AGM_FAULT_COPY) leaves the content in use as it was;
#   4. a NAME.pub on the stick becomes the sealing key;
#   5. the screen's states at 1280x800, 1920x1080 and 720x1280.
# agm: timeout 900
set -u
: "${AGMKIOSK:?run through tests/run.sh}" "${AGM_ROOT:?}"
. "$AGM_ROOT/tests/e2e/lib.sh"

mkdir -p "$tmp/media/STICK" "$tmp/shots"
export AGMKIOSK_MEDIA="$tmp/media"
cat >"$tmp/kiosk.ini" <<INI
[paths]
content = $AGM_ROOT/content
fonts = $AGM_ROOT/fonts
INI
K() { "$AGMKIOSK" --config "$tmp/kiosk.ini" --data "$tmp/data" --kiosk-id e2e-stick "$@"; }
printf '2468\n2468\n' | K set-pin >"$tmp/out" 2>&1 && ok || fail "set-pin: $(cat "$tmp/out")"

# the folders on the stick: a copy of the bundled content with errors, and
# one whose event title says 2013 (its translations keep the same figures)
cp -r "$AGM_ROOT/content" "$tmp/media/STICK/bad"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do printf 'broken-%s,aid,Label,not-a-number,,,,\n' $i; done >>"$tmp/media/STICK/bad/stats.csv"
printf '\n[slide]\nshow = section no-such-section\n' >>"$tmp/media/STICK/bad/slides.ini"
cp -r "$AGM_ROOT/content" "$tmp/media/STICK/good"
sed -i 's/^title = \(.*\)$/title = \1 (2013 edition)/' "$tmp/media/STICK/good/event.ini"
sed -i 's/^title.ja = \(.*\)$/title.ja = \1（2013年版）/' "$tmp/media/STICK/good/event.ini"
sed -i 's/^title.ko = \(.*\)$/title.ko = \1 (2013년판)/' "$tmp/media/STICK/good/event.ini"
K check "$tmp/media/STICK/good" >"$tmp/out" 2>&1 && ok || fail "the good folder does not pass check: $(tail -5 "$tmp/out")"
K check "$tmp/media/STICK/bad" >"$tmp/check-bad" 2>&1
[ $? -eq 1 ] && ok || fail "the bad folder passes check"

pin_keys() { echo "$1" | sed 's/./key &\n/g' | grep .; echo "key enter"; echo "wait 400"; }
# from home through the PIN to the stick screen
to_usb() {
    echo "show home"; echo "wait 300"
    echo "press 5 5 3100"; echo "wait 300"
    pin_keys 2468
    echo "expect-screen admin"
    echo "tap admin.usb"; echo "wait 400"
    echo "expect-screen admin_usb"
}
# back to the attendees' home screen, and its picture
home_shot() {
    echo "key escape"; echo "wait 400"; echo "expect-screen admin"
    echo "tap admin.close"; echo "wait 400"
    echo "show home"; echo "wait 400"
    echo "expect-screen home"
    echo "screenshot $1"
}

# ---- 1. a folder with errors is refused ------------------------------------------
{
    echo "size 800x480"
    echo "show home"; echo "wait 400"
    echo "screenshot $tmp/shots/home-before.png"
    to_usb
    echo "screenshot $tmp/shots/usb-800x480.png"
    echo "tap usb.load"; echo "wait 300"
    echo "expect-screen admin_usb"
    echo "screenshot $tmp/shots/choose-800x480.png" # two folders: the organizer picks
    echo "tap usb.folder.0"; echo "wait 300"          # STICK/bad (sorted by name)
    echo "screenshot $tmp/shots/refused-800x480.png"
    echo "drag 200 440 200 300 300"; echo "wait 300"  # the list scrolls
    echo "screenshot $tmp/shots/refused-scrolled-800x480.png"
    home_shot "$tmp/shots/home-after-refused.png"
} >"$tmp/bad.replay"
K --replay "$tmp/bad.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok "refused: the replay ran to its end" || fail "refused: exit $rc: $(tail -5 "$tmp/out")"
grep -q "STICK/bad/stats.csv:[0-9][0-9]*: " "$tmp/out" && ok "refused: stats.csv named with its line" ||
    fail "refused: no STICK/bad/stats.csv:LINE in $(grep -c . "$tmp/out") lines of output"
grep -q "STICK/bad/slides.ini:[0-9][0-9]*: .*no-such-section" "$tmp/out" && ok "refused: slides.ini named with its line" ||
    fail "refused: no STICK/bad/slides.ini:LINE"
! grep -q "\.content-new\.[^ ]*:[0-9][0-9]*: " "$tmp/out" && ok || fail "refused: a message names the temporary copy"
[ ! -e "$tmp/data/content" ] && ok "refused: DATA/content not created" || fail "refused: DATA/content exists"
[ -z "$(ls -A "$tmp/data" | grep '^\.content-new' || true)" ] && ok || fail "refused: the temporary copy is left"
cmp -s "$tmp/shots/home-before.png" "$tmp/shots/home-after-refused.png" &&
    ok "refused: the home screen is the same as before" || fail "refused: the home screen changed"
cmp -s "$tmp/shots/refused-800x480.png" "$tmp/shots/refused-scrolled-800x480.png" &&
    fail "refused: the list of problems did not scroll" || ok "refused: the list of problems scrolls"

# ---- 2. a clean folder replaces it; Undo restores the old one --------------------
{
    echo "size 800x480"
    to_usb
    echo "tap usb.load"; echo "wait 300"
    echo "tap usb.folder.1"; echo "wait 300"          # STICK/good
    echo "screenshot $tmp/shots/loaded-800x480.png"
    home_shot "$tmp/shots/home-loaded.png"
    to_usb
    echo "tap usb.undo"; echo "wait 300"
    echo "screenshot $tmp/shots/undone-800x480.png"
    home_shot "$tmp/shots/home-undone.png"
} >"$tmp/good.replay"
K --replay "$tmp/good.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok "good: the replay ran to its end" || fail "good: exit $rc: $(tail -5 "$tmp/out")"
grep -q "content: .*now showing $tmp/data/content" "$tmp/out" && ok "good: reloaded without a restart" ||
    fail "good: no reload in the log: $(grep content "$tmp/out" | tail -3)"
grep -q "content: .*now showing $AGM_ROOT/content" "$tmp/out" && ok "undo: back to the bundled content" ||
    fail "undo: not back to the bundled content"
! cmp -s "$tmp/shots/home-before.png" "$tmp/shots/home-loaded.png" && ok "good: the home screen shows the new content" ||
    fail "good: the home screen did not change"
cmp -s "$tmp/shots/home-before.png" "$tmp/shots/home-undone.png" && ok "undo: the home screen is as before" ||
    fail "undo: the home screen differs from before"
[ ! -e "$tmp/data/content" ] && [ -d "$tmp/data/content.previous" ] && ok "undo: the loaded folder kept for a redo" ||
    fail "undo: folders: $(ls -A "$tmp/data")"
# the next start shows what the last action left (here: the bundled content)
K status >"$tmp/status" 2>&1
grep -q "$AGM_ROOT/content" "$tmp/status" && ok || fail "status after undo: $(grep -i content "$tmp/status")"
# undo again (a redo), then check and status see the loaded folder
{
    echo "size 800x480"
    to_usb
    echo "tap usb.undo"; echo "wait 300"
    home_shot "$tmp/shots/home-redone.png"
    # the screens made anew on the new content: the report, the slideshow
    echo "tap home.report"; echo "wait 400"; echo "expect-screen report"
    echo "key escape"; echo "wait 400"; echo "expect-screen home"
    echo "press 5 5 3100"; echo "wait 300"
    pin_keys 2468
    echo "tap admin.slideshow"; echo "wait 400"; echo "expect-screen slideshow"
    echo "key right"; echo "wait 400"
    echo "screenshot $tmp/shots/slide-redone.png"
} >"$tmp/redo.replay"
K --replay "$tmp/redo.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "redo: exit $rc: $(tail -5 "$tmp/out")"
cmp -s "$tmp/shots/home-loaded.png" "$tmp/shots/home-redone.png" && ok "redo: the loaded content again" ||
    fail "redo: the home screen is not the loaded one"
grep -q "(2013 edition)" "$tmp/data/content/event.ini" && ok || fail "redo: DATA/content is not the good folder"
K check >"$tmp/out" 2>&1 && grep -q "^content: " "$tmp/out" && ok || fail "check of the content in use: $(tail -3 "$tmp/out")"

# ---- 3. a copy that fails midway leaves the content in use -----------------------
rm -rf "$tmp/media/STICK/bad"
cp "$tmp/data/content/event.ini" "$tmp/event-before"
sed -i '/^title/s/2013/2014/' "$tmp/media/STICK/good/event.ini"
for fault in eio:6 vanish:2; do
    {
        echo "size 800x480"
        to_usb
        echo "tap usb.load"; echo "wait 300"          # one folder: loaded at once
        echo "screenshot $tmp/shots/failed-$fault.png"
        home_shot "$tmp/shots/home-$fault.png"
    } >"$tmp/fault.replay"
    AGM_FAULT_COPY=$fault K --replay "$tmp/fault.replay" >"$tmp/out" 2>&1; rc=$?
    [ $rc -eq 0 ] && ok "$fault: the kiosk keeps running" || fail "$fault: exit $rc: $(tail -5 "$tmp/out")"
    case $fault in eio:*) want="Input/output error" ;; *) want="No such file" ;; esac
    grep -q "copying .* failed: cannot read STICK/good/.*$want" "$tmp/out" && ok "$fault: the failure names the file" ||
        fail "$fault: $(grep -i 'fail' "$tmp/out" | tail -2)"
    cmp -s "$tmp/event-before" "$tmp/data/content/event.ini" && ok "$fault: DATA/content unchanged" ||
        fail "$fault: DATA/content changed"
    cmp -s "$tmp/shots/home-loaded.png" "$tmp/shots/home-$fault.png" && ok "$fault: the home screen unchanged" ||
        fail "$fault: the home screen changed"
    [ -z "$(ls -A "$tmp/data" | grep '^\.content-new' || true)" ] && ok || fail "$fault: the temporary copy is left"
done

# ---- 4. the sealing key from the stick ----------------------------------------------
printf 'correct horse battery\ncorrect horse battery\n' | K keygen --out "$tmp/org" --kdf interactive >"$tmp/out" 2>&1 &&
    ok || fail "keygen: $(cat "$tmp/out")"
cp "$tmp/org.pub" "$tmp/media/STICK/"
{
    echo "size 800x480"
    to_usb
    echo "tap usb.key"; echo "wait 300"
    echo "screenshot $tmp/shots/key-800x480.png"
} >"$tmp/key.replay"
K --replay "$tmp/key.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok "key: the replay ran" || fail "key: exit $rc: $(tail -5 "$tmp/out")"
cmp -s "$tmp/org.pub" "$tmp/data/sealing-key.pub" && ok "key: installed as DATA/sealing-key.pub" ||
    fail "key: not installed"
fp=$(sed -n 's/^fingerprint: //p' "$tmp/org.pub")
K status >"$tmp/status" 2>&1
grep -q "$fp" "$tmp/status" && ok "key: status names its fingerprint" || fail "key: status: $(grep -i seal "$tmp/status")"

# ---- 5. the states at the other sizes ------------------------------------------------
mkdir -p "$tmp/media/STICK/bad"
cp -r "$AGM_ROOT/content/." "$tmp/media/STICK/bad/"
printf 'broken-row,aid,Label,not-a-number,,,,\n' >>"$tmp/media/STICK/bad/stats.csv"
for size in 1280x800 1920x1080 720x1280; do
    {
        echo "size $size"
        to_usb
        echo "tap usb.load"; echo "wait 300"
        echo "screenshot $tmp/shots/choose-$size.png"
        echo "tap usb.folder.0"; echo "wait 300"
        echo "screenshot $tmp/shots/refused-$size.png"
        echo "tap usb.load"; echo "wait 300"
        echo "tap usb.folder.1"; echo "wait 300"
        echo "screenshot $tmp/shots/loaded-$size.png"
    } >"$tmp/size.replay"
    K --replay "$tmp/size.replay" >"$tmp/out" 2>&1; rc=$?
    [ $rc -eq 0 ] && [ "$(png_size "$tmp/shots/loaded-$size.png")" = "$size" ] && ok "states at $size" ||
        fail "states at $size: exit $rc: $(tail -3 "$tmp/out")"
done
if [ -n "${AGM_SHOTS:-}" ]; then mkdir -p "$AGM_SHOTS" && cp "$tmp"/shots/*.png "$AGM_SHOTS/"; fi

e2e_summary
