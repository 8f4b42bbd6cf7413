#!/bin/sh
# The kiosk as an appliance in a virtual machine (tests/appliance/run.sh):
# a Debian image with the kiosk installed by rpi/install.sh, booted under
# QEMU, checked from outside: the unit, the picture on the display against
# `agmkiosk render`, touch, touch screens plugged in and out, the watchdog,
# a crash, Leave. Each check counts as one test. It runs in every
# `make test` on bookworm (AGM_APPLIANCE_SUITES="bookworm trixie" adds
# trixie; make test-appliance runs both); AGM_APPLIANCE=no leaves it out
# while working, and where QEMU cannot run at all (or the machine is not
# x86_64, or there is no root) it is skipped with a line saying why. The
# installed program is $AGM_BUILD's release twin, build/release (what
# `make` builds and rpi/install.sh installs).
# agm: native-only
# agm: timeout 1800
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
for suite in ${AGM_APPLIANCE_SUITES:-bookworm}; do
    echo "== $suite"
    B=$B $SUDO "$AGM_ROOT/tests/appliance/run.sh" --suite "$suite" ${AGM_APPLIANCE_SHOT:+--screenshot "$AGM_APPLIANCE_SHOT"} \
        >"${TMPDIR:-/tmp}/agm-appliance-$$.out" 2>&1 || rc=1
    cat "${TMPDIR:-/tmp}/agm-appliance-$$.out"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "${TMPDIR:-/tmp}/agm-appliance-$$.out" | tail -n 1)
    rm -f "${TMPDIR:-/tmp}/agm-appliance-$$.out"
    if [ -n "$line" ]; then
        p=$((p + ${line%% passed*})); f=$((f + $(echo "$line" | sed 's/.*, \([0-9]*\) failed/\1/')))
    else
        f=$((f + 1))
    fi
done
echo "$p passed, $f failed"
[ "$rc" = 0 ] && [ "$f" = 0 ]
