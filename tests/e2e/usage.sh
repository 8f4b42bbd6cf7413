#!/bin/sh
# Usage counts through the real binary: a replayed visit (report, a
# section, the figures) is counted when the kiosk stops, `status` shows the
# sums, `export --usage` writes them as CSV (hour, kind, name, opened,
# seconds: nothing per person), and the database holds only those columns.
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
. "$AGM_ROOT/tests/e2e/lib.sh"

cat >"$tmp/visit.replay" <<'R'
size 1280x800
tap 640 400
wait 600
expect-screen home
tap home.report
wait 600
tap report.section.0
wait 600
expect-screen reader
wait 20000
tap nav.home
wait 600
tap home.stats
wait 5000
R
# two visits: the second starts again from the attract loop after the idle reset
cp "$tmp/visit.replay" "$tmp/two.replay"
printf 'wait 100000\nexpect-screen attract\n' >>"$tmp/two.replay"
sed 1d "$tmp/visit.replay" >>"$tmp/two.replay"

A status >"$tmp/st0" 2>&1
grep -q "^usage: " "$tmp/st0" && fail "status before any visit: $(grep usage "$tmp/st0")" || ok "no usage line without a database"
if A --replay "$tmp/two.replay" >"$tmp/replay.log" 2>&1; then ok "two visits replayed"; else fail "replay: $(tail -3 "$tmp/replay.log")"; fi

A status >"$tmp/st" 2>&1
grep -q "^usage:        2 visits, " "$tmp/st" && ok "status: 2 visits" || fail "status: $(grep -A2 usage "$tmp/st")"
grep -q "^  screens:    .*report 2 " "$tmp/st" && ok "status: the report opened twice" || fail "status screens: $(grep screens "$tmp/st")"
sec=$(sqlite3 "$tmp/data/agmkiosk.db" "SELECT name FROM usage_counts WHERE kind = 'section'" 2>/dev/null | head -n 1)
[ -n "$sec" ] && grep -q "^  sections:   $sec 2 " "$tmp/st" && ok "status: section $sec read twice" ||
    fail "status sections: $(grep sections "$tmp/st") (section '$sec')"

A export --usage --out "$tmp/out" >"$tmp/ex" 2>&1 && ok "export --usage" || fail "export --usage: $(cat "$tmp/ex")"
f=$(ls "$tmp/out"/agm-*-usage-*.csv 2>/dev/null | head -n 1)
if [ -n "$f" ]; then
    head -n 1 "$f" | tr -d '\r"' | grep -qx "hour,kind,name,opened,seconds" && ok "CSV header" || fail "header: $(head -n 1 "$f")"
    # every hour is a whole UTC hour, every row five cells
    bad_rows=$(tail -n +2 "$f" | tr -d '\r"' | grep -cvE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:00Z,(visit|screen|section),[^,]*,[0-9]+,[0-9]+$')
    [ "$bad_rows" -eq 0 ] && ok "rows are per hour" || fail "$bad_rows rows not hour,kind,name,opened,seconds"
    visits=$(tr -d '\r"' <"$f" | awk -F, '$2 == "visit" { n += $4 } END { print n + 0 }')
    [ "$visits" -eq 2 ] && ok "CSV: 2 visits" || fail "CSV visits: $visits"
    secs=$(tr -d '\r"' <"$f" | awk -F, '$2 == "section" { n += $5 } END { print n + 0 }')
    [ "$secs" -ge 40 ] && [ "$secs" -le 44 ] && ok "CSV: 2 x 20 s in the section" || fail "CSV section seconds: $secs"
    perm=$(stat -c %a "$f")
    [ "$perm" = 600 ] && ok "mode 0600" || fail "mode $perm"
else
    fail "no usage file in $tmp/out: $(cat "$tmp/ex")"
fi
cols=$(sqlite3 "$tmp/data/agmkiosk.db" "SELECT group_concat(name) FROM pragma_table_info('usage_counts')" 2>/dev/null)
if [ -n "$cols" ]; then
    [ "$cols" = "hour,kind,name,opened,spent_s" ] && ok "the table holds only sums per hour" || fail "columns: $cols"
fi
A export --usage --all >/dev/null 2>&1
[ $? -eq 2 ] && ok "--usage with --all is bad usage" || fail "--usage --all accepted"
e2e_summary
