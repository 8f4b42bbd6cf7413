#!/bin/sh
# Runs the libFuzzer targets of a fuzz build (tests/fuzz/fuzz.mk).
#
# usage: tests/fuzz/run.sh --runs N BUILD [TARGET...]      (make test)
#        tests/fuzz/run.sh --seconds S BUILD [TARGET...]   (make fuzz)
#
# TARGET is a name such as "report" (fuzz_report); default: every target
# built in BUILD. For each target:
#   1. every file of tests/fuzz/regress/TARGET/ (inputs that once crashed)
#      is run once;
#   2. the target runs from its seeds: generated from the bundled content
#      and test data into BUILD/seeds/TARGET, plus the handmade ones of
#      tests/fuzz/corpus/TARGET, with the dictionaries of tests/fuzz/dict.
#      --runs: N inputs (N/4 for strings, N/10 for content) with a fixed
#      seed (-seed=1), new inputs thrown away;
#      --seconds: S seconds, the corpus kept and grown in BUILD/corpus/TARGET,
#      a crashing input saved in BUILD/crashes/TARGET/.
# Prints one line per target (inputs tried, time, crash or not) and, last,
# "N passed, N failed" (a target passes when nothing crashed).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
mode="" amount=""
case ${1:-} in
    --runs|--seconds) mode=$1 amount=${2:-}; shift 2 ;;
esac
if [ -z "$mode" ] || [ -z "$amount" ] || [ $# -lt 1 ]; then
    echo "usage: tests/fuzz/run.sh --runs N | --seconds S BUILD [TARGET...]" >&2; exit 2
fi
case $1 in /*) B=$1 ;; *) B="$ROOT/$1" ;; esac
shift
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Logs and scratch corpora; the targets' own temporary folders go here too
# (in memory when /dev/shm is there: they write files at every input).
if [ -w /dev/shm ]; then tmp=$(mktemp -d /dev/shm/agm-fuzz-run.XXXXXX); else tmp=$(mktemp -d); fi
trap 'rm -rf "$tmp"' EXIT
export AGM_FUZZ_TMP="$tmp"

if [ $# -eq 0 ]; then
    for f in "$B"/fuzz_*; do
        [ -x "$f" ] && set -- "$@" "${f##*/fuzz_}"
    done
fi
[ $# -ge 1 ] || { echo "fuzz: no targets in $B (make fuzz-bin)"; echo "0 passed, 1 failed"; exit 1; }

# ---- seeds from the files in the tree --------------------------------------
S="$B/seeds"
rm -rf "$S"
mkdir -p "$S"
folders="content tests/data/content-other"
seed() { # seed TARGET NAME FILE...: the files joined into one seed
    mkdir -p "$S/$1"
    out="$S/$1/$2"; shift 2
    cat "$@" >"$out"
}
# seed_parts TARGET NAME NAME=FILE...: one seed of "@@file NAME" parts
# (FILE relative to the tree or absolute; missing ones are left out)
seed_parts() {
    mkdir -p "$S/$1"
    out="$S/$1/$2"; shift 2
    : >"$out"
    for p in "$@"; do
        case ${p#*=} in /*) f=${p#*=} ;; *) f="$ROOT/${p#*=}" ;; esac
        [ -f "$f" ] || continue
        printf '@@file %s\n' "${p%%=*}" >>"$out"
        cat "$f" >>"$out"
        [ -z "$(tail -c 1 "$f")" ] || echo >>"$out"
    done
}
inis=$(cd "$ROOT" && { git ls-files '*.ini' 2>/dev/null || find content tests/data fonts kiosk.ini -name '*.ini'; })
for f in $inis; do
    seed ini "$(echo "$f" | tr / _)" "$ROOT/$f"
done
seed config kiosk.ini "$ROOT/kiosk.ini"
seed fonts fonts.ini "$ROOT/fonts/fonts.ini"
for d in $folders; do
    tag=$(basename "$d")
    for part in event charts slides forms theme; do
        seed $part "$tag" "$ROOT/$d/$part.ini"
    done
    seed timeline "$tag" "$ROOT/$d/timeline.csv"
    seed stats "$tag" "$ROOT/$d/stats.csv"
    seed report "$tag" "$ROOT/$d/report.md"
    seed strings "$tag-en" "$ROOT/$d/strings/en.ini"
    for l in "$ROOT/$d"/strings/*.ini; do
        l=$(basename "$l" .ini)
        [ "$l" = en ] && continue
        seed_parts strings "$tag-$l" "en.ini=$d/strings/en.ini" "$l.ini=$d/strings/$l.ini" "forms.ini=$d/forms.ini"
    done
    set_all=""
    for part in event.ini report.md timeline.csv charts.ini stats.csv slides.ini forms.ini theme.ini; do
        set_all="$set_all $part=$d/$part"
    done
    for l in "$ROOT/$d"/strings/*.ini; do
        set_all="$set_all strings/${l##*/}=$d/strings/${l##*/}"
    done
    # shellcheck disable=SC2086
    seed_parts content "$tag" $set_all
done
# The deck is laid out for small inputs with settings (fuzz_content.c).
all_other=""
for part in event.ini report.md timeline.csv charts.ini stats.csv slides.ini forms.ini theme.ini \
            strings/en.ini strings/ja.ini; do
    all_other="$all_other $part=tests/data/content-other/$part"
done
# shellcheck disable=SC2086
seed_parts content content-other-kiosk $all_other kiosk.ini=kiosk.ini
for f in "$ROOT"/tests/bench/*.replay; do
    seed replay "$(basename "$f")" "$f"
done

# ---- dictionaries ------------------------------------------------------------
dict_of() {
    case $1 in
        ini|config|event|charts|slides|forms|theme|fonts) echo ini ;;
        strings) echo "ini files" ;;
        timeline|stats) echo csv ;;
        merge) echo "csv merge files" ;;
        report) echo md ;;
        replay) echo replay ;;
        content) echo "ini csv md files" ;;
        *) echo "" ;;
    esac
}

# --runs N: N inputs; fewer for the targets whose inputs each load many
# files (every language: a quarter; a whole folder, with screens: a tenth).
runs_for() {
    case $1 in
        strings) echo $(( $2 / 4 > 0 ? $2 / 4 : 1 )) ;;
        content) echo $(( $2 / 10 > 0 ? $2 / 10 : 1 )) ;;
        *) echo "$2" ;;
    esac
}

# ---- run ---------------------------------------------------------------------
ntargets=$#
passed=0 failed=0 total_runs=0 total_secs=0
for t in "$@"; do
    bin="$B/fuzz_$t"
    if [ ! -x "$bin" ]; then
        echo "fuzz_$t: not built"; failed=$((failed + 1)); continue
    fi
    log="$tmp/$t.log"
    ok=1 note=""
    # 1. regression inputs
    reg="$ROOT/tests/fuzz/regress/$t"
    nreg=0
    if [ -d "$reg" ]; then
        set --
        for f in "$reg"/*; do [ -f "$f" ] && set -- "$@" "$f"; done
        nreg=$#
        if [ $nreg -gt 0 ] && ! "$bin" "$@" >"$log" 2>&1; then
            ok=0 note="a regression input crashes again"
            echo "FAIL fuzz_$t: $note"
            grep -E '^(Running|==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | tail -n 20 | sed 's/^/    /'
        fi
    fi
    # 2. fuzzing from the seeds
    dict="$tmp/$t.dict"
    : >"$dict"
    for k in $(dict_of "$t"); do cat "$ROOT/tests/fuzz/dict/$k.dict" >>"$dict"; done
    dict_opt=""
    [ -s "$dict" ] && dict_opt="-dict=$dict"
    seeds=""
    for s in "$S/$t" "$ROOT/tests/fuzz/corpus/$t"; do [ -d "$s" ] && seeds="$seeds $s"; done
    if [ "$mode" = --runs ]; then
        corpus="$tmp/corpus-$t" art="$tmp/crash-$t/"
        limits="-runs=$(runs_for "$t" "$amount") -seed=1 -max_total_time=120"
    else
        corpus="$B/corpus/$t" art="$B/crashes/$t/"
        limits="-max_total_time=$amount"
    fi
    mkdir -p "$corpus" "$art"
    t0=$(date +%s)
    # shellcheck disable=SC2086
    "$bin" $limits -timeout=20 $dict_opt -artifact_prefix="$art" -print_final_stats=1 \
        "$corpus" $seeds >"$log" 2>&1
    rc=$?
    secs=$(( $(date +%s) - t0 ))
    runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
    [ -n "$runs" ] || runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    [ -n "$runs" ] || runs=0
    total_runs=$((total_runs + runs)); total_secs=$((total_secs + secs))
    ncorpus=$(find "$corpus" -type f | wc -l)
    if [ $rc -ne 0 ]; then
        ok=0
        unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        echo "FAIL fuzz_$t: crashed after $runs inputs (${secs} s)${unit:+: input saved as $unit}"
        grep -E '(==[0-9]+==ERROR|SUMMARY|runtime error|^    #[0-9] )' "$log" | head -n 25 | sed 's/^/    /'
        if [ "$mode" = --runs ] && [ -n "$unit" ] && [ -f "$unit" ]; then
            keep="$B/crashes/$t"
            mkdir -p "$keep" && cp "$unit" "$keep/" && echo "    kept as $keep/$(basename "$unit")"
        fi
    fi
    if [ $ok -eq 1 ]; then
        passed=$((passed + 1))
        kept=""
        [ "$mode" = --seconds ] && kept=", corpus $ncorpus"
        echo "fuzz_$t: $runs inputs in ${secs} s$kept, $nreg regression input(s), no crash"
    else
        failed=$((failed + 1))
    fi
done
echo "fuzz: $total_runs inputs tried in ${total_secs} s over $ntargets target(s)"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
