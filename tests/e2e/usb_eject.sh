#!/bin/sh
# End-to-end: exporting to two USB sticks, one after the other, without
# leaving the admin screen (the real program, a replay on the real clock
# while this script plays the organizer's hands under AGMKIOSK_MEDIA):
# questions submitted through the form; Export writes batch 1 to AGM-A and
# the log and the screen say "AGM-A is safe to remove"; AGM-A pulled out
# (its folder moved away): "AGM-A was removed" and the line goes; another
# process submits a question meanwhile; AGM-B plugged in, Export writes
# batch 2 to AGM-B, "AGM-B is safe to remove". Both sticks then hold the
# CSV files of their batch (header row, rows counted, mode 0600), and the
# three screenshots differ where the line comes and goes.
# (Native only: the session's windows are in real seconds, which an emulated
# build may not keep.)
# agm: native-only
set -u
: "${AGMKIOSK:?run through tests/run.sh}" "${AGM_ROOT:?}"
. "$AGM_ROOT/tests/e2e/lib.sh"
A() { "$AGMKIOSK" --content "$AGM_ROOT/content" --data "$tmp/data" --kiosk-id e2e-usb "$@"; }
mkdir -p "$tmp/media" "$tmp/pulled"
export AGMKIOSK_MEDIA="$tmp/media"

ask() { # ask N WORD: N questions through the form
    i=0
    while [ "$i" -lt "$1" ]; do
        i=$((i + 1))
        printf '%s\n' "show ask" "wait 300" "tap ask.text" "wait 300" "text Stick question $2 $i" \
            "tap kb.hide" "wait 400" "tap ask.submit" "wait 7000"
    done
}
{ echo "size 800x480"; ask 2 first; } >"$tmp/ask1.replay"
A --replay "$tmp/ask1.replay" >"$tmp/ask1.out" 2>&1 && ok || fail "questions: $(tail -3 "$tmp/ask1.out")"
[ "$(grep -c 'question saved' "$tmp/ask1.out")" -eq 2 ] && ok || fail "2 questions not saved: $(cat "$tmp/ask1.out")"
printf '2468\n2468\n' | A set-pin >/dev/null 2>&1 && ok || fail "set-pin"
mkdir "$tmp/media/AGM-A"

# The organizer's session: export, wait (this script pulls A and plugs B in
# meanwhile), export again. wait-real keeps the virtual clock on the real
# one, so the screen looks at the sticks as time passes.
cat >"$tmp/admin.replay" <<R
size 800x480
show home
wait 300
press 5 5 3100
wait 300
key 2
key 4
key 6
key 8
key enter
wait 400
expect-screen admin
tap admin.export
wait-real 3000
screenshot $tmp/safe-a.png
wait-real 12000
screenshot $tmp/pulled.png
tap admin.export
wait-real 3000
screenshot $tmp/safe-b.png
expect-screen admin
R
A --replay "$tmp/admin.replay" >"$tmp/admin.out" 2>&1 &
pid=$!
# wait_log PATTERN SECONDS: until the session's log says it
wait_log() {
    n=0
    while [ "$n" -lt "$(($2 * 10))" ]; do
        grep -q "$1" "$tmp/admin.out" 2>/dev/null && return 0
        sleep 0.1
        n=$((n + 1))
    done
    return 1
}
wait_log "AGM-A is safe to remove" 10 && ok || fail "no 'AGM-A is safe to remove': $(tail -5 "$tmp/admin.out")"
while [ ! -s "$tmp/safe-a.png" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
mv "$tmp/media/AGM-A" "$tmp/pulled/AGM-A"
wait_log "AGM-A was removed" 5 && ok || fail "the pulled stick was not noticed: $(tail -5 "$tmp/admin.out")"
{ echo "size 800x480"; ask 1 second; } >"$tmp/ask2.replay"
A --replay "$tmp/ask2.replay" >"$tmp/ask2.out" 2>&1 && ok || fail "questions meanwhile: $(tail -3 "$tmp/ask2.out")"
mkdir "$tmp/media/AGM-B"
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] && ok || fail "admin session: exit $rc: $(tail -5 "$tmp/admin.out")"
grep -q "AGM-B is safe to remove" "$tmp/admin.out" && ok || fail "no 'AGM-B is safe to remove': $(tail -5 "$tmp/admin.out")"
grep -q "AGM-A is safe to remove" "$tmp/admin.out" && ! grep -q "AGM-B was removed" "$tmp/admin.out" && ok ||
    fail "log: $(grep admin: "$tmp/admin.out")"

# both sticks: their own batch, a header row, the rows, mode 0600
stick() { # stick DIR BATCH ROWS
    q=$(ls "$1"/agm-e2e-usb-questions-b000"$2"-*.csv 2>/dev/null)
    s=$(ls "$1"/agm-e2e-usb-signups-b000"$2"-*.csv 2>/dev/null)
    [ "$(ls "$1" | grep -c '\.csv$')" -eq 2 ] && [ -n "$q" ] && [ -n "$s" ] && ok ||
        { fail "$1: files: $(ls "$1")"; return; }
    head -n 1 "$q" | grep -q '^.\{0,3\}"uuid","seq","kiosk_id"' && ok || fail "$q: header $(head -n 1 "$q")"
    [ "$(($(wc -l <"$q") - 1))" -eq "$3" ] && ok || fail "$q: $(($(wc -l <"$q") - 1)) rows, want $3"
    [ "$(wc -l <"$s")" -eq 1 ] && ok || fail "$s: not only the header"
    [ "$(stat -c %a "$q")" = 600 ] && [ "$(stat -c %a "$s")" = 600 ] && ok || fail "modes: $(stat -c '%a %n' "$q" "$s")"
}
stick "$tmp/pulled/AGM-A" 1 2
stick "$tmp/media/AGM-B" 2 1
grep -q "Stick question second 1" "$tmp/media/AGM-B"/agm-e2e-usb-questions-b0002-*.csv && ok || fail "batch 2 text"

# what was on the screen: the line at the bottom of the facts came and went
for f in safe-a pulled safe-b; do
    [ "$(png_size "$tmp/$f.png" 2>/dev/null)" = 800x480 ] && ok || fail "$f.png missing"
done
cmp -s "$tmp/safe-a.png" "$tmp/pulled.png" && fail "the screen did not change when the stick was pulled" || ok
cmp -s "$tmp/pulled.png" "$tmp/safe-b.png" && fail "the screen did not change after the second export" || ok

e2e_summary
