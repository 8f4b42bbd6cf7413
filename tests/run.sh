#!/bin/sh
# Runs every unit test binary in BUILD/tests and every end-to-end script in
# tests/e2e, adds up their "N passed, N failed" lines and prints the total as
# the last line. A binary or script that crashes or prints no such line
# counts as one failure.
#
# usage: tests/run.sh BUILD[=EMULATOR] ...     (e.g. build/asan)
#
# Several builds may be given; the last line is then the total of all.
# EMULATOR (or $AGM_EMU for a BUILD without one) is a command that runs
# the build's programs, e.g. build/arm64=rpi/arm64-run (qemu-aarch64): unit
# test binaries are run through it, and the e2e scripts get an $AGMKIOSK
# wrapper that runs the program through it (and $AGM_EMU to run others).
# An e2e script with a line "# agm: native-only" is skipped for emulated
# builds (it tests the machine it runs on, not the program). Each test may
# run 600 s; an e2e script with a line "# agm: timeout SECONDS" may run that
# long instead.
# Several builds run at the same time (their output is shown build by
# build when all are done); AGM_SERIAL=1 runs them one after the other.
set -u
[ $# -ge 1 ] || { echo "usage: tests/run.sh BUILD[=EMULATOR] ..." >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export AGM_ROOT="$ROOT"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
passed=0 failed=0
label=""

run_one() { # $1 = name, rest = command
    name=$1; shift
    out="$log/out-$nbuild"
    test_t0=$(date +%s)
    limit=600
    case $name in
        e2e/*) l=$(sed -n 's/^# agm: timeout \([0-9][0-9]*\)$/\1/p' "$ROOT/tests/$name" | head -n 1)
               [ -n "$l" ] && limit=$l ;;
    esac
    timeout "$limit" "$@" >"$out" 2>&1
    rc=$?
    secs=$(( $(date +%s) - test_t0 ))
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
        echo "FAIL $label$name (exit $rc, ${secs} s): $p passed, $f failed"
        sed 's/^/    /' "$out" | tail -n 60
    else
        echo "ok   $label$name: $p passed (${secs} s)"
    fi
}

run_build() { # $1 = build folder (relative to ROOT or absolute), $2 = emulator or ""
    case $1 in /*) dir=$1 ;; *) dir="$ROOT/$1" ;; esac
    emu=$2
    export AGM_BUILD="$dir" AGM_EMU="$emu" AGMKIOSK="$dir/agmkiosk"
    if [ -n "$emu" ]; then
        # e2e scripts run "$AGMKIOSK ...": give them a program that is the
        # emulated binary. The emulator is word-split on purpose.
        wrap="$log/agmkiosk-$nbuild"
        { echo '#!/bin/sh'; echo "exec $emu '$dir/agmkiosk' \"\$@\""; } >"$wrap"
        chmod 755 "$wrap"
        AGMKIOSK=$wrap
    fi
    for t in "$dir"/tests/test_*; do
        [ -x "$t" ] || continue
        # shellcheck disable=SC2086
        run_one "$(basename "$t")" $emu "$t"
    done
    if [ -z "${AGM_ONLY_UNIT:-}" ]; then
        for s in "$ROOT"/tests/e2e/*.sh; do
            [ -f "$s" ] || continue
            [ "$(basename "$s")" = lib.sh ] && continue   # sourced by the scripts, not one
            if [ -n "$emu" ] && grep -q '^# agm: native-only' "$s"; then
                echo "skip $label""e2e/$(basename "$s") (native only)"
                continue
            fi
            run_one "e2e/$(basename "$s")" sh "$s"
        done
    fi
}

# run_spec SPEC: one build's tests; prints its lines, then its subtotal when
# there are several builds; leaves its counts in $log/sum-$nbuild.
run_spec() {
    case $1 in
        *=*) b=${1%%=*} e=${1#*=} ;;
        *) b=$1 e=${AGM_EMU:-} ;;
    esac
    # With several builds (or an emulator) say which build each line is for.
    if [ $nspec -gt 1 ] || [ -n "$e" ]; then label="$(basename "$b") "; fi
    t0=$(date +%s)
    run_build "$b" "$e"
    if [ $nspec -gt 1 ]; then
        echo "  -- $b${e:+ (through $e)}: $passed passed, $failed failed in $(( $(date +%s) - t0 )) s"
    fi
    echo "$passed $failed" >"$log/sum-$nbuild"
}

nspec=$#
nbuild=0
if [ $nspec -gt 1 ] && [ -z "${AGM_SERIAL:-}" ]; then
    echo "running the tests of $nspec builds at the same time: $*"
    for spec in "$@"; do
        nbuild=$((nbuild + 1))
        run_spec "$spec" >"$log/build-$nbuild.out" 2>&1 &
    done
    wait
    i=0
    for spec in "$@"; do
        i=$((i + 1))
        cat "$log/build-$i.out"
    done
else
    for spec in "$@"; do
        nbuild=$((nbuild + 1))
        passed=0 failed=0
        run_spec "$spec"
    done
fi
# The total of every build; a build that left no counts failed as a whole.
passed=0 failed=0 i=0
for spec in "$@"; do
    i=$((i + 1))
    if [ -s "$log/sum-$i" ]; then
        read -r p f <"$log/sum-$i"
    else
        echo "FAIL $spec: its test run did not finish"
        p=0 f=1
    fi
    passed=$((passed + p)); failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
