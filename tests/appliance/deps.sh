#!/bin/sh
# tests/appliance/deps.sh - the host packages of the appliance test,
# installed with apt-get when missing (as root, or through sudo).
set -eu
missing=""
need() { command -v "$2" >/dev/null 2>&1 || missing="$missing $1"; }
need qemu-system-x86 qemu-system-x86_64
need mmdebstrap mmdebstrap
need e2fsprogs mkfs.ext4
need python3 python3
need gcc gcc
# the USB sticks: FAT images made and read on the host without loop devices
need dosfstools mkfs.vfat
need mtools mcopy
[ -f /usr/include/libdrm/drm_mode.h ] || missing="$missing libdrm-dev"
[ -n "$missing" ] || exit 0
echo "appliance: installing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi
# shellcheck disable=SC2086
if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing; then
    $SUDO apt-get update -q
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
