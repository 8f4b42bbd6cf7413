#!/bin/sh
# The kiosk as an appliance in a virtual machine (tests/appliance/run.sh):
# a Debian image with the kiosk installed by rpi/install.sh, booted under
# QEMU, checked from outside: the unit, the picture on the display against
# `agmkiosk render`, touch, touch screens plugged in and out, the watchdog,
# a crash, Leave. Each check counts as one test. It runs with
# AGM_APPLIANCE=yes (make test-appliance sets it); otherwise, and where
# QEMU cannot run at all, it is skipped with a line saying why. The installed program is $AGM_BUILD's release twin,
# build/release (what `make` builds and rpi/install.sh installs).
# agm: native-only
# agm: timeout 1800
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
skip() { echo "skip: $*"; echo "0 passed, 0 failed"; exit 0; }
[ "${AGM_APPLIANCE:-no}" = yes ] || skip "the appliance test (make test-appliance, or AGM_APPLIANCE=yes make test)"
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
B=$B $SUDO "$AGM_ROOT/tests/appliance/run.sh" ${AGM_APPLIANCE_SHOT:+--screenshot "$AGM_APPLIANCE_SHOT"}
