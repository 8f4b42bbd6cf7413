#!/bin/sh
# make bench QUICK=1 runs to the end and prints every figure of the table.
# It is a benchmark, not a timed test: no figure is compared to a target.
# agm: native-only
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
pass=0 fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# A make started from make test must not inherit the outer jobserver.
unset MAKEFLAGS MFLAGS MAKELEVEL
if QUICK=1 make -s -C "$AGM_ROOT" bench >"$out" 2>&1; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: make bench QUICK=1 exited non-zero"; tail -n 30 "$out"; fi
for figure in "start to first frame" "render all" "render to PNG, per screen or slide" "fling-scroll frame time p50" \
              "fling-scroll frame time p99" "slide transition frame time p99" "CPU on a static screen" "CPU in the attract loop" \
              "peak RSS" "submit to durable, p50" "submit to durable, p99" "fsyncs per submit" \
              "sqlite3 -csv" "export time / sqlite3 time" "merge 3 x" \
              "approval to the question on the projector"; do
    # a table row with a number in the median column
    if grep -F "| $figure" "$out" | grep -Eq '\| [0-9.e+]+ \| [0-9.e+]+ \| [0-9.e+]+ \|'; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL: no figure for '$figure'"
    fi
done
if grep -q "^agmkiosk benchmark, .*cores" "$out"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: the machine is not named"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
