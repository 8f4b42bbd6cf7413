#!/bin/sh
# The organizers' screens through the real program (`--replay`, headless, on
# a virtual clock): without a PIN the pad explains and never opens; after
# `set-pin` a 3 s press in the top-left corner opens the pad (2.9 s does
# not); 5 wrong PINs lock it for 60 s, even against the right PIN; the right
# PIN opens the admin screen; Export writes the CSV files (with the BOM) to
# the stick found under AGMKIOSK_MEDIA and marks the rows; Leave ends the
# program. Coordinates are those of the 800x480 layout.
set -u
: "${AGMKIOSK:?run through tests/run.sh}" "${AGM_ROOT:?}"
. "$AGM_ROOT/tests/e2e/lib.sh"
A() { "$AGMKIOSK" --content "$AGM_ROOT/content" --data "$tmp/data" --kiosk-id e2e-kiosk "$@"; }
mkdir -p "$tmp/media/STICK"
export AGMKIOSK_MEDIA="$tmp/media"

# the PIN typed on a keyboard, then Enter
pin_keys() { echo "$1" | sed 's/./key &\n/g' | grep .; echo "key enter"; echo "wait 400"; }

# 1. no PIN yet: the pad explains and does not open
cat >"$tmp/nopin.replay" <<R
size 800x480
show home
wait 300
press 5 5 2900
wait 300
expect-screen home
press 5 5 3100
wait 300
expect-screen admin_pin
$(pin_keys 1234)
expect-screen admin_pin
screenshot $tmp/nopin.png
key escape
wait 400
expect-screen home
R
A --replay "$tmp/nopin.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "no PIN: exit $rc: $(tail -5 "$tmp/out")"
[ -s "$tmp/nopin.png" ] && ok || fail "no PIN: no screenshot"

# 2. set the PIN; some rows to export (the replay above created the database)
printf '2468\n2468\n' | A set-pin >"$tmp/out" 2>&1 && ok || fail "set-pin: $(cat "$tmp/out")"
if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 "$tmp/data/agmkiosk.db" "INSERT INTO questions(uuid, seq, kiosk_id, created_at, lang, text)
        VALUES('00000000-0000-4000-8000-000000000001', 1, 'e2e-kiosk', '2026-10-08T10:00:00Z', 'ja', '=1+1 日本語');
        INSERT INTO signups(uuid, seq, kiosk_id, created_at, lang, name, email, consent_version)
        VALUES('00000000-0000-4000-8000-000000000002', 2, 'e2e-kiosk', '2026-10-08T10:01:00Z', 'ko', '김민지',
        'm@example.kr', '1');
        UPDATE meta SET value = '3' WHERE key = 'next_seq';" && ok || fail "sqlite3 insert"
    rows=2
else
    rows=0
fi

# 3. five wrong PINs lock the pad for 60 s, even against the right PIN
{
    echo "size 800x480"
    echo "show home"
    echo "wait 300"
    echo "press 5 5 3100"
    echo "wait 300"
    echo "expect-screen admin_pin"
    for i in 1 2 3 4 5; do pin_keys 1111; done
    pin_keys 2468
    echo "expect-screen admin_pin"
    echo "screenshot $tmp/locked.png"
    echo "wait 55000"
    pin_keys 2468
    echo "expect-screen admin_pin"
    echo "wait 5000"
    pin_keys 2468
    echo "expect-screen admin"
    echo "screenshot $tmp/admin.png"
} >"$tmp/lock.replay"
A --replay "$tmp/lock.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "lockout: exit $rc: $(tail -5 "$tmp/out")"
[ -s "$tmp/locked.png" ] && [ -s "$tmp/admin.png" ] && ok || fail "lockout: screenshots missing"

# 4. export to the stick, then Leave
{
    echo "size 800x480"
    echo "show home"
    echo "wait 300"
    echo "press 5 5 3100"
    echo "wait 300"
    pin_keys 2468
    echo "expect-screen admin"
    echo "tap admin.export"
    echo "wait 1000"
    echo "screenshot $tmp/export.png"
    echo "tap admin.quit"
    echo "wait 300"
    echo "expect-screen admin" # it asks once more
    echo "tap admin.quit_yes"
    echo "wait 300"
    echo "expect-screen not-reached-after-leave"
} >"$tmp/export.replay"
A --replay "$tmp/export.replay" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "export and leave: exit $rc: $(tail -5 "$tmp/out")"
grep -q "asked to quit" "$tmp/out" && ok || fail "Leave did not end the program: $(tail -5 "$tmp/out")"
# the export thread finishes before the program exits
n=$(ls "$tmp/media/STICK" | grep -c '^agm-e2e-kiosk-.*-b0001-.*\.csv$')
if [ "$rows" -gt 0 ]; then
    [ "$n" -eq 2 ] && ok || fail "export: $n files on the stick: $(ls "$tmp/media/STICK")"
    bom=$(head -c 3 "$tmp/media/STICK"/agm-e2e-kiosk-questions-* | od -An -tx1 | tr -d ' \n')
    [ "$bom" = "efbbbf" ] && ok || fail "export: no BOM ($bom)"
    grep -q "'=1+1" "$tmp/media/STICK"/agm-e2e-kiosk-questions-* && ok || fail "export: formula not neutralized"
    A status >"$tmp/status" 2>&1
    grep -q "questions: *0 new / 1 total" "$tmp/status" && ok || fail "status after export: $(cat "$tmp/status")"
else
    [ "$n" -eq 0 ] && ok || fail "export of nothing wrote files"
fi

e2e_summary
