#!/bin/sh
# make bench: the figures that show how fast and light the kiosk is.
# Prints one table; each figure is the median of several runs with min and
# max. Whole-process times are wall-clock around the process; times inside
# the program come from its monotonic clock.
#
# usage: tests/bench/bench.sh BUILD      (QUICK=1 in the environment: small run)
set -eu
B=${1:?usage: bench.sh BUILD}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN="$ROOT/$B/agmkiosk"
TOOL="$ROOT/$B/bench/bench_tool"
CONTENT="$ROOT/content"
QUICK=${QUICK:-}
if [ -n "$QUICK" ]; then RUNS=3; ROWS=2000; SUBMITS=30; IDLE_S=2; else RUNS=7; ROWS=100000; SUBMITS=300; IDLE_S=10; fi
export SDL_AUDIODRIVER=dummy
W=$(mktemp -d)
trap 'rm -rf "$W"; [ -n "${XPID:-}" ] && kill "$XPID" 2>/dev/null; true' EXIT
ROWSF="$W/rows"
: >"$ROWSF"

ms_now() { date +%s%N | awk '{ printf "%.3f", $1 / 1e6 }'; }

# stats FILE -> "median min max" of the numbers in FILE (one per line)
stats() { sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a n/a n/a"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3g %.3g %.3g\n", m, v[1], v[NR] }'; }

# row LABEL UNIT FILE [NOTE]
row() {
    set -- "$1" "$2" "$(stats "$3")" "${4:-}"
    printf '%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" >>"$ROWSF"
}
# row1 LABEL UNIT VALUE [NOTE]  (a single figure already summarised)
row1() { printf '%s|%s|%s - -|%s\n' "$1" "$2" "$3" "${4:-}" >>"$ROWSF"; }

timed() { # timed OUTFILE cmd... : append wall ms of one run
    out=$1; shift
    t0=$(ms_now); "$@" >/dev/null 2>"$W/err" || { echo "bench: failed: $*" >&2; cat "$W/err" >&2; exit 1; }
    t1=$(ms_now); echo "$t1 $t0" | awk '{ printf "%.3f\n", $1 - $2 }' >>"$out"
}

echo "bench: building figures (QUICK=${QUICK:-0}, $RUNS runs each)..." >&2

# 1. start to first frame, headless, 1280x800 (process start to exit after one frame)
printf 'size 1280x800\n' >"$W/first.replay"
: >"$W/first"
for _ in $(seq "$RUNS"); do timed "$W/first" "$BIN" --content "$CONTENT" --data "$W/d1" --replay "$W/first.replay"; done
row "start to first frame (headless 1280x800, whole process)" ms "$W/first"

# 2. render every screen and slide to PNG at 1280x800
: >"$W/render"; : >"$W/render_each"
for _ in $(seq "$RUNS"); do
    rm -rf "$W/png"
    timed "$W/render" sh -c "'$BIN' --content '$CONTENT' --data '$W/d1' render --out '$W/png' --size 1280x800 &&
        '$BIN' --content '$CONTENT' --data '$W/d1' render --slides --out '$W/png' --size 1280x800"
    n=$(ls "$W/png" | wc -l); tail -n 1 "$W/render" | awk -v n="$n" '{ printf "%.3f\n", $1 / n }' >>"$W/render_each"
done
row "render all $(ls "$W/png" | wc -l) screens and slides to PNG (two processes), total" ms "$W/render"
row "render to PNG, per screen or slide" ms "$W/render_each"

# 3/4. frame times inside the program (fling-scroll of the longest report section, slide transitions)
: >"$W/fling50"; : >"$W/fling99"; : >"$W/tr99"
for _ in $(seq "$RUNS"); do
    "$BIN" --content "$CONTENT" --data "$W/d1" --replay "$ROOT/tests/bench/fling.replay" --frame-stats "$W/fs" >/dev/null 2>"$W/err" \
        || { cat "$W/err" >&2; exit 1; }
    awk '{ print $1 / 1000 }' "$W/fs" | sort -g >"$W/fs.ms"
    n=$(wc -l <"$W/fs.ms")
    awk -v n="$n" 'NR == int((n + 1) / 2) { print }' "$W/fs.ms" >>"$W/fling50"
    awk -v n="$n" 'NR == int((n - 1) * 0.99) + 1 { print }' "$W/fs.ms" >>"$W/fling99"
    "$BIN" --content "$CONTENT" --data "$W/d1" --slideshow --replay "$ROOT/tests/bench/transition.replay" --frame-stats "$W/ts" >/dev/null 2>"$W/err" \
        || { cat "$W/err" >&2; exit 1; }
    awk '{ print $1 / 1000 }' "$W/ts" | sort -g >"$W/ts.ms"
    n=$(wc -l <"$W/ts.ms")
    awk -v n="$n" 'NR == int((n - 1) * 0.99) + 1 { print }' "$W/ts.ms" >>"$W/tr99"
done
row "fling-scroll frame time p50 (1920x1080)" ms "$W/fling50" "$(wc -l <"$W/fs.ms") frames a run"
row "fling-scroll frame time p99 (1920x1080)" ms "$W/fling99"
row "slide transition frame time p99 (1920x1080)" ms "$W/tr99" "$(wc -l <"$W/ts.ms") frames a run"

# 4b. instructions counted by callgrind: the same on every run, whatever
# else the machine does. Own code is everything but SDL, SDL_ttf, FreeType,
# HarfBuzz, Mesa and the loader (tests/bench/cg_split.py).
if command -v valgrind >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
    CGS="python3 $ROOT/tests/bench/cg_split.py"
    cg() { valgrind --tool=callgrind --callgrind-out-file="$@"; }
    mi() { echo "$1" | awk '{ printf "%.1f\n", $1 / 1e6 }'; }
    # split FILE DIVISOR -> "total own libs" in millions of instructions per unit
    split() { $CGS "$1" | awk -v d="$2" '{ printf "%.2f %.2f %.2f\n", $1 / d / 1e6, $2 / d / 1e6, $3 / d / 1e6 }'; }
    # start to first frame: a 1280x800 window on SDL's dummy driver (software
    # renderer), up to the first SDL_RenderPresent; symbols bound at load
    # time so that the loader's work stays the loader's
    rm -f "$W"/cg.first*
    LD_BIND_NOW=1 SDL_VIDEODRIVER=dummy valgrind --tool=callgrind --dump-after=SDL_RenderPresent \
        --callgrind-out-file="$W/cg.first" "$BIN" --content "$CONTENT" --data "$W/d1" --windowed 1280x800 >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 600); do [ -s "$W/cg.first.1" ] && break; sleep 0.2; done
    sleep 1; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    if [ -s "$W/cg.first.1" ]; then
        set -- $(split "$W/cg.first.1" 1)
        row1 "instructions, start to first frame (1280x800 window, software renderer): all" "M instr" "$1"
        row1 "... of them in our own code" "M instr" "$2" "not SDL, FreeType, HarfBuzz, Mesa, loader"
    fi
    # a fling frame and a transition frame: update + draw of every frame of the replays, per frame
    cg "$W/cg.fling" --toggle-collect=app_update --toggle-collect=app_draw --toggle-collect=headless_end \
        "$BIN" --content "$CONTENT" --data "$W/d1" --replay "$ROOT/tests/bench/fling.replay" --frame-stats "$W/cg.fs" >/dev/null 2>&1
    set -- $(split "$W/cg.fling" "$(wc -l <"$W/cg.fs")")
    row1 "instructions per fling-scroll frame (1920x1080): all" "M instr" "$1" "mean of $(wc -l <"$W/cg.fs") frames"
    row1 "... of them in our own code" "M instr" "$2"
    cg "$W/cg.tr" --toggle-collect=app_update --toggle-collect=app_draw --toggle-collect=headless_end \
        "$BIN" --content "$CONTENT" --data "$W/d1" --slideshow --replay "$ROOT/tests/bench/transition.replay" --frame-stats "$W/cg.ts" >/dev/null 2>&1
    set -- $(split "$W/cg.tr" "$(wc -l <"$W/cg.ts")")
    row1 "instructions per slide transition frame (1920x1080): all" "M instr" "$1" "mean of $(wc -l <"$W/cg.ts") frames"
    row1 "... of them in our own code" "M instr" "$2"
    cg "$W/cg.sub" --toggle-collect=store_add_question "$TOOL" submit "$W/cgsubmit.db" 20 >/dev/null 2>&1
    set -- $(split "$W/cg.sub" 20)
    row1 "instructions per submit (store_add_question, to durable)" "M instr" "$1" "mean of 20; the fsync's wait is not instructions"
fi

# 5. CPU on a static screen, and peak RSS
cpu_run() { # cpu_run OUTFILE [KIOSK OPTIONS]: one idle run of IDLE_S seconds, appends CPU %
    f=$1; shift
    "$BIN" --content "$CONTENT" --data "$W/d1" --windowed 1280x800 "$@" >/dev/null 2>"$W/err" &
    pid=$!
    sleep 2   # start-up and the first frame are not part of the static screen
    t0=$(awk '{ print $14 + $15 }' /proc/$pid/stat)
    sleep "$IDLE_S"
    t1=$(awk '{ print $14 + $15 }' /proc/$pid/stat)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    hz=$(getconf CLK_TCK)
    echo "$t0 $t1" | awk -v hz="$hz" -v s="$IDLE_S" '{ printf "%.2f\n", ($2 - $1) / hz / s * 100 }' >>"$f"
}
if command -v Xvfb >/dev/null 2>&1; then
    Xvfb :87 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    XPID=$!
    sleep 1
    : >"$W/cpu_x11"
    for _ in $(seq 3); do DISPLAY=:87 SDL_VIDEODRIVER=x11 cpu_run "$W/cpu_x11" --slideshow; done
    row "CPU on a static screen, ${IDLE_S} s (X11 window)" "%" "$W/cpu_x11" "a still slide; 3 runs"
    # the real display: start to the final picture of a fullscreen kiosk on
    # this X screen (the root window grabbed every 20 ms until it equals the
    # last grab), and the process's PSS then
    GRAB="$ROOT/$B/bench/xgrab"
    xruns=3; [ -n "$QUICK" ] && xruns=1
    : >"$W/xfinal"; : >"$W/xpss"
    for _ in $(seq "$xruns"); do
        DISPLAY=:87 SDL_VIDEODRIVER=x11 "$GRAB" 3 "$BIN" --content "$CONTENT" --data "$W/d1" >"$W/xg" 2>/dev/null || true
        awk '$1 == "final_ms" { print $2 }' "$W/xg" >>"$W/xfinal"
        awk '$1 == "pss_kib" { printf "%.1f\n", $2 / 1024 }' "$W/xg" >>"$W/xpss"
    done
    why=$(DISPLAY=:87 SDL_VIDEODRIVER=x11 timeout 10 "$BIN" --content "$CONTENT" --data "$W/d1" --windowed 320x200 2>&1 &
          sleep 2; kill $! 2>/dev/null)
    why=$(echo "$why" | sed -n 's/.*info: \(.* renderer.*\) on x11.*/\1/p' | head -n 1)
    row "start to final picture, real X screen (Xvfb 1280x800, fullscreen)" ms "$W/xfinal" "$why; target: at most 70"
    row "process PSS at the final picture, real X screen" MiB "$W/xpss" "target: at most 25"
    if [ -z "$QUICK" ]; then
        : >"$W/xfinal_gl"; : >"$W/xpss_gl"
        DISPLAY=:87 SDL_VIDEODRIVER=x11 SDL_RENDER_DRIVER=opengl "$GRAB" 8 "$BIN" --content "$CONTENT" --data "$W/d1" >"$W/xg" 2>/dev/null || true
        awk '$1 == "final_ms" { print $2 }' "$W/xg" >>"$W/xfinal_gl"
        awk '$1 == "pss_kib" { printf "%.1f\n", $2 / 1024 }' "$W/xg" >>"$W/xpss_gl"
        row "... the same with SDL_RENDER_DRIVER=opengl (Mesa llvmpipe here, no GPU)" ms "$W/xfinal_gl" "1 run"
        row "... its PSS" MiB "$W/xpss_gl"
    fi
    kill "$XPID" 2>/dev/null || true; XPID=
    # the GL renderer's frames: slide transitions through SDL's OpenGL renderer at 1920x1080
    Xvfb :88 -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
    XPID=$!
    sleep 1
    : >"$W/gl50"; : >"$W/gl99"; : >"$W/gltex"
    glruns=3; [ -n "$QUICK" ] && glruns=1
    for _ in $(seq "$glruns"); do
        DISPLAY=:88 SDL_VIDEODRIVER=x11 SDL_RENDER_DRIVER=opengl timeout 300 "$TOOL" gl-frames "$CONTENT" 1920x1080 >"$W/gl" 2>/dev/null || true
        awk '$1 == "frame_p50_ms" { print $2 }' "$W/gl" >>"$W/gl50"
        awk '$1 == "frame_p99_ms" { print $2 }' "$W/gl" >>"$W/gl99"
        awk '$1 == "text_texture_mib" { print $2 }' "$W/gl" >>"$W/gltex"
    done
    glname=$(sed -n 's/^gl_renderer //p' "$W/gl")
    row "GL renderer: slide transition frame p50 (1920x1080, to glFinish)" ms "$W/gl50" "${glname:-no OpenGL}"
    row "GL renderer: slide transition frame p99" ms "$W/gl99"
    row "GL renderer: text textures after 8 transitions" MiB "$W/gltex" "bound 12; + 15.8 for the two 1920x1080 buffers"
    kill "$XPID" 2>/dev/null || true; XPID=
fi
: >"$W/cpu_dummy"; : >"$W/cpu_attract"
for _ in $(seq 3); do SDL_VIDEODRIVER=dummy cpu_run "$W/cpu_dummy" --slideshow; done
for _ in $(seq 3); do SDL_VIDEODRIVER=dummy cpu_run "$W/cpu_attract"; done
row "CPU on a static screen, ${IDLE_S} s (no window system, as on KMSDRM)" "%" "$W/cpu_dummy" "a still slide; 3 runs"
row "CPU in the attract loop, ${IDLE_S} s (one 300 ms fade per ${IDLE_S} s)" "%" "$W/cpu_attract" "3 runs"

: >"$W/rss"
for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%M' -o "$W/rss1" "$BIN" --content "$CONTENT" --data "$W/d1" --replay "$ROOT/tests/bench/fling.replay" >/dev/null 2>&1
    awk '{ printf "%.1f\n", $1 / 1024 }' "$W/rss1" >>"$W/rss"
done
row "peak RSS (browse + fling replay, 1920x1080)" MiB "$W/rss"

# 6. submit to durable
: >"$W/s50"; : >"$W/s99"; : >"$W/sync"
for i in $(seq "$RUNS"); do
    AGM_COUNT_SYNCS=1 "$TOOL" submit "$W/submit$i.db" "$SUBMITS" >"$W/sub"
    awk '$1 == "submit_p50_ms" { print $2 }' "$W/sub" >>"$W/s50"
    awk '$1 == "submit_p99_ms" { print $2 }' "$W/sub" >>"$W/s99"
    awk '$1 == "fsyncs_per_submit" { print $2 }' "$W/sub" >>"$W/sync"
done
row "submit to durable, p50 ($SUBMITS submits a run)" ms "$W/s50"
row "submit to durable, p99" ms "$W/s99"
row "fsyncs per submit" "" "$W/sync" "WAL + synchronous=FULL; the floor is 1"

# 6b. the same with sealing ([privacy] public_key): crypto_box_seal of each personal field
PASS="bench passphrase only"
printf '%s\n%s\n' "$PASS" "$PASS" | "$BIN" keygen --out "$W/org" --kdf interactive >/dev/null
: >"$W/z50"; : >"$W/z99"
for i in $(seq "$RUNS"); do
    AGM_COUNT_SYNCS=1 "$TOOL" submit "$W/sealed$i.db" "$SUBMITS" "$W/org.pub" >"$W/sub"
    awk '$1 == "submit_p50_ms" { print $2 }' "$W/sub" >>"$W/z50"
    awk '$1 == "submit_p99_ms" { print $2 }' "$W/sub" >>"$W/z99"
done
row "submit to durable, sealed, p50 ($SUBMITS submits a run)" ms "$W/z50" "public key set: name and text sealed"
row "submit to durable, sealed, p99" ms "$W/z99"

# 6c. live Q&A: a question approved by the moderator (one process) on the
# projector (another process, the slideshow on the real clock, reading the
# store's change counter every 250 ms), from the approval's commit to the
# frame that shows it (tests/bench/qa_latency.sh)
: >"$W/qa"
QA_RUNS=$RUNS
[ -n "$QUICK" ] && QA_RUNS=1 # each run is three processes and some seconds
for r in $(seq "$QA_RUNS"); do
    set -- $("$ROOT/tests/bench/qa_latency.sh" "$BIN" "$CONTENT" "$W/qa$r" 1920x1080) || { echo "bench: qa_latency failed" >&2; exit 1; }
    [ "${1:-none}" = none ] || echo "$1" >>"$W/qa"
done
row "approval to the question on the projector (two processes, 1920x1080)" ms "$W/qa" \
    "$(wc -l <"$W/qa") of $QA_RUNS runs shown; target: at most 1000"

# 7. export of ROWS questions beside sqlite3 -csv on the same database
"$TOOL" gen-db "$W/big.db" hall-a "$ROWS" >/dev/null
: >"$W/exp"; : >"$W/sq"; : >"$W/ratio"
for _ in $(seq "$RUNS"); do
    rm -rf "$W/exp-out"; mkdir -p "$W/exp-data"; cp "$W/big.db" "$W/exp-data/agmkiosk.db"
    timed "$W/exp" "$BIN" --data "$W/exp-data" --kiosk-id hall-a export --all --raw --out "$W/exp-out"
    timed "$W/sq" sh -c "sqlite3 -csv -header '$W/big.db' 'SELECT uuid, seq, kiosk_id, created_at, lang, status, topic, name, text FROM questions ORDER BY seq' >'$W/sq.csv'"
    paste "$W/exp" "$W/sq" | tail -n 1 | awk '{ printf "%.2f\n", $1 / $2 }' >>"$W/ratio"
done
row "export $ROWS questions (+ $((ROWS / 10)) sign-ups), agmkiosk" ms "$W/exp"
row "sqlite3 -csv, same questions table" ms "$W/sq"
row "export time / sqlite3 time" ratio "$W/ratio" "target: at most 1"

# 8. merge 3 x ROWS rows (three kiosks)
for k in a b c; do
    mkdir -p "$W/m$k"; "$TOOL" gen-db "$W/m$k/agmkiosk.db" "hall-$k" "$ROWS" >/dev/null
    "$BIN" --data "$W/m$k" --kiosk-id "hall-$k" export --out "$W/mexp" >/dev/null
done
: >"$W/merge"
for _ in $(seq "$RUNS"); do
    rm -rf "$W/merged"*
    timed "$W/merge" "$BIN" merge "$W"/mexp/*.csv -o "$W/merged"
done
row "merge 3 x $ROWS questions (+ sign-ups)" ms "$W/merge"

# 9. open: ROWS sealed questions (+ sign-ups) back into plain CSV
mkdir -p "$W/sealed-data"; "$TOOL" gen-db "$W/sealed-data/agmkiosk.db" hall-s "$ROWS" "$W/org.pub" >/dev/null
"$BIN" --data "$W/sealed-data" --kiosk-id hall-s export --out "$W/sexp" >/dev/null
: >"$W/open"
for _ in $(seq "$RUNS"); do
    rm -rf "$W/opened"*
    t0=$(ms_now)
    echo "$PASS" | "$BIN" open --key "$W/org.key" "$W"/sexp/*.csv -o "$W/opened" >/dev/null 2>"$W/err" \
        || { cat "$W/err" >&2; exit 1; }
    t1=$(ms_now); echo "$t1 $t0" | awk '{ printf "%.3f\n", $1 - $2 }' >>"$W/open"
done
row "open $ROWS sealed questions (+ $((ROWS / 10)) sign-ups)" ms "$W/open" "whole process, Argon2id (interactive) included"

# 10. the appliance: the kiosk installed in the cached Debian image, booted
#     under QEMU (tests/appliance/run.sh --boot-only): the guest's kernel
#     start to the kiosk's first frame, and QEMU's start to the unit active.
#     Only where the image is already made (make test makes it) and as root.
cache=${AGM_APPLIANCE_CACHE:-/var/cache/agmkiosk-appliance}
if [ -n "$QUICK" ]; then
    row1 "appliance: kernel start to first frame (bookworm VM)" s - "skipped: QUICK run"
elif [ "$(id -u)" != 0 ]; then
    row1 "appliance: kernel start to first frame (bookworm VM)" s - "skipped: needs root"
elif ! ls "$cache"/bookworm-*/done >/dev/null 2>&1; then
    row1 "appliance: kernel start to first frame (bookworm VM)" s - "skipped: no appliance image in $cache (make test makes it)"
else
    echo "bench: booting the appliance image..." >&2
    B="$ROOT/$B" "$ROOT/tests/appliance/run.sh" --boot-only >"$W/boot" 2>&1 || true
    ff=$(awk '$1 == "boot_to_first_frame_s" { print $2 }' "$W/boot")
    act=$(awk '$1 == "qemu_to_active_s" { print $2 }' "$W/boot")
    accel=$(sed -n 's/.*accelerator: \([a-z]*\).*/\1/p' "$W/boot" | head -n 1)
    if [ -n "$ff" ]; then
        row1 "appliance: kernel start to first frame (bookworm VM)" s "$ff" "QEMU ${accel:-?}, 1 boot; a Pi boots natively"
        row1 "appliance: QEMU start to the unit active" s "$act" "1 boot"
    else
        row1 "appliance: kernel start to first frame (bookworm VM)" s - "failed: $(tail -n 2 "$W/boot" | tr '\n' ' ')"
    fi
fi

# the table
cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
echo
echo "agmkiosk benchmark, $(date -u +%Y-%m-%d), $cpu, $(nproc) cores, $(uname -sm)${QUICK:+ (QUICK run)}"
echo
printf '| %s | %s | %s | %s | %s | %s |\n' figure unit median min max note
printf '|---|---|---:|---:|---:|---|\n'
while IFS='|' read -r label unit vals note; do
    set -- $vals
    printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$unit" "$1" "$2" "$3" "$note"
done <"$ROWSF"
