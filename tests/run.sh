#!/bin/sh
# Runs every unit test binary in BUILD/tests and every end-to-end script in
# tests/e2e, adds up their "N passed, N failed" lines and prints the total as
# the last line. A binary or script that crashes or prints no such line
# counts as one failure.
#
# usage: tests/run.sh BUILD      (e.g. build/asan)
set -u
B=${1:?usage: tests/run.sh BUILD}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export AGMKIOSK="$ROOT/$B/agmkiosk" AGM_ROOT="$ROOT" AGM_BUILD="$ROOT/$B"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
passed=0 failed=0

run_one() { # $1 = name, rest = command
    name=$1; shift
    out="$log/out"
    timeout 600 "$@" >"$out" 2>&1
    rc=$?
    line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
    if [ -n "$line" ]; then
        p=$(echo "$line" | sed -E 's/^([A-Za-z]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/')
        f=$(echo "$line" | sed -E 's/^([A-Za-z]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/')
    else
        p=0 f=0
    fi
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" -ne 0 ] || [ $rc -ne 0 ]; then
        echo "FAIL $name (exit $rc): $p passed, $f failed"
        sed 's/^/    /' "$out" | tail -n 60
    else
        echo "ok   $name: $p passed"
    fi
}

for t in "$ROOT/$B"/tests/test_*; do
    [ -x "$t" ] || continue
    run_one "$(basename "$t")" "$t"
done
if [ -z "${AGM_ONLY_UNIT:-}" ]; then
    for s in "$ROOT"/tests/e2e/*.sh; do
        [ -f "$s" ] || continue
        run_one "e2e/$(basename "$s")" sh "$s"
    done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
