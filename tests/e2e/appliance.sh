#!/bin/sh
# The kiosk as an appliance in a virtual machine (tests/appliance/run.sh):
# a Debian image with the kiosk installed by rpi/install.sh, booted under
# QEMU, checked from outside: the unit, the picture on the display against
# `agmkiosk render`, touch, touch screens plugged in and out, the watchdog,
# a crash, Leave, two displays. Each check counts as one test. Every
# `make test` runs it on bookworm and, quick (one boot with two displays, no
# power cuts, beside bookworm's run), on trixie
# (AGM_APPLIANCE_SUITES="bookworm trixie:quick"); make test-appliance runs
# both in full, one after the other; AGM_APPLIANCE=no leaves it out
# while working, and where QEMU cannot run at all (or the machine is not
# x86_64, or there is no root) it is skipped with a line saying why. The
# installed program is $AGM_BUILD's release twin, build/release (what
# `make` builds and rpi/install.sh installs).
# agm: native-only
# agm: timeout 3000
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
skip() { echo "skip: $*"; echo "0 passed, 0 failed"; exit 0; }
[ "${AGM_APPLIANCE:-yes}" != no ] || skip "the appliance test: AGM_APPLIANCE=no"
[ "$(uname -m)" = x86_64 ] || skip "the appliance test needs an x86_64 machine (its image is amd64), this is $(uname -m)"
if [ "$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null; then
    skip "the appliance test needs root (chroot, mount) and there is no password-less sudo"
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
unset MAKEFLAGS MFLAGS MAKELEVEL
$SUDO "$AGM_ROOT/tests/appliance/deps.sh" >/dev/null 2>&1 || true
command -v qemu-system-x86_64 >/dev/null 2>&1 || skip "QEMU cannot be installed here (no qemu-system-x86_64 after apt-get)"
# QEMU starts at all (an empty machine, quit at once through QMP)?
if ! printf '{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n' |
     timeout 30 qemu-system-x86_64 -machine none -accel tcg -nodefaults -no-user-config -display none -S -qmp stdio >/dev/null 2>&1; then
    skip "QEMU cannot run here: qemu-system-x86_64 -machine none failed"
fi
B=${AGM_APPLIANCE_BUILD:-$AGM_ROOT/build/release}
if [ ! -x "$B/agmkiosk" ]; then
    echo "FAIL: $B/agmkiosk is not built (make)"
    echo "0 passed, 1 failed"
    exit 1
fi
# Power cuts: 5 in make test (its time budget), 20 in make test-appliance.
export AGM_APPLIANCE_CUTS="${AGM_APPLIANCE_CUTS:-5}"
rc=0 p=0 f=0
out=$(mktemp -d "${TMPDIR:-/tmp}/agm-appliance-e2e.XXXXXX")
trap 'rm -rf "$out"' EXIT
# run_suite N ENTRY: one suite's run into $out/N.out, its exit status into $out/N.rc.
run_suite() {
    suite=${2%%:*}
    quick=""
    [ "$2" = "$suite:quick" ] && quick=--quick
    echo "== $suite${quick:+ (quick: one boot, two displays)}" >"$out/$1.out"
    B=$B $SUDO env AGM_APPLIANCE_CUTS="$AGM_APPLIANCE_CUTS" AGM_APPLIANCE_TWO_DISPLAYS="${AGM_APPLIANCE_TWO_DISPLAYS:-yes}" \
        "$AGM_ROOT/tests/appliance/run.sh" --suite "$suite" $quick ${AGM_APPLIANCE_SHOT:+--screenshot "$AGM_APPLIANCE_SHOT"} \
        >>"$out/$1.out" 2>&1
    echo $? >"$out/$1.rc"
}
# A suite written SUITE:quick boots once, with two displays (the unit,
# READY, the picture on the output asked for, a tap, the slideshow and its
# presenter view), without power cuts (run.sh --quick), and runs beside the
# full ones: the virtual machines mostly wait (for the guest's timers, the
# kiosk's frames), so two share the two cores with little loss.
suites=${AGM_APPLIANCE_SUITES:-bookworm trixie:quick}
n=0
for entry in $suites; do
    n=$((n + 1))
    case $entry in *:quick) run_suite $n "$entry" & ;; esac
done
n=0
for entry in $suites; do
    n=$((n + 1))
    case $entry in *:quick) ;; *) run_suite $n "$entry" ;; esac
done
wait
i=0
while [ $i -lt $n ]; do
    i=$((i + 1))
    cat "$out/$i.out"
    [ "$(cat "$out/$i.rc" 2>/dev/null)" = 0 ] || rc=1
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/$i.out" | tail -n 1)
    if [ -n "$line" ]; then
        p=$((p + ${line%% passed*})); f=$((f + $(echo "$line" | sed 's/.*, \([0-9]*\) failed/\1/')))
    else
        f=$((f + 1))
    fi
done
echo "$p passed, $f failed"
[ "$rc" = 0 ] && [ "$f" = 0 ]
