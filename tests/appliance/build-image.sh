#!/bin/sh
# tests/appliance/build-image.sh - the root file system of the appliance
# test's virtual machine: Debian (bookworm by default) for amd64 from the
# system's Debian archive, with the packages in tests/appliance/packages.txt,
# made by mmdebstrap. The kiosk is not in it: tests/appliance/run.sh installs
# it with rpi/install.sh on a copy at every run.
#
# usage: tests/appliance/build-image.sh [SUITE]
#
# Prints the folder of the cached image (it holds root/, the file system,
# with the kernel and initrd in root/boot). The cache is keyed by the suite,
# the package list and this script, so a changed list builds a new image and
# an unchanged one is reused by every run on this machine (CI included):
#   $AGM_APPLIANCE_CACHE, default /var/cache/agmkiosk-appliance as root, or
#   ${XDG_CACHE_HOME:-~/.cache}/agmkiosk-appliance otherwise.
# Older images of the same suite are removed when a new one is made.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SUITE=${1:-bookworm}
case $SUITE in
    *[!a-z]*|'') echo "build-image: bad suite '$SUITE'" >&2; exit 2 ;;
esac
if [ -n "${AGM_APPLIANCE_CACHE:-}" ]; then
    CACHE=$AGM_APPLIANCE_CACHE
elif [ "$(id -u)" = 0 ]; then
    CACHE=/var/cache/agmkiosk-appliance
else
    CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/agmkiosk-appliance
fi
key=$( { echo "$SUITE"; cat "$HERE/packages.txt" "$HERE/build-image.sh"; } | sha256sum | cut -c1-16)
dir=$CACHE/$SUITE-$key
if [ -f "$dir/done" ]; then
    echo "$dir"
    exit 0
fi

say() { printf 'build-image: %s\n' "$*" >&2; }
if ! command -v mmdebstrap >/dev/null; then
    echo "build-image: mmdebstrap is missing (tests/appliance/deps.sh installs it)" >&2
    exit 1
fi
mkdir -p "$CACHE"
# The archive the host itself uses (the only one reachable), else Debian's.
mirror=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb  *\(http[^ ]*\/debian\)\/* .*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
pkgs=$(grep -v '^[[:space:]]*#' "$HERE/packages.txt" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')

# Quicker to make: dpkg without fsync (eatmydata, mmdebstrap's own hook,
# where it has it), no manual pages, documentation or translations.
speed=""
eat=/usr/share/mmdebstrap/hooks/eatmydata
[ -d "$eat" ] && speed="--hook-dir=$eat"

t0=$(date +%s)
tmp=$dir.tmp.$$
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
say "making a $SUITE root file system from $mirror (a few minutes; cached in $dir)"
# The hooks make what a Raspberry Pi OS image has and the test needs: a root
# file system on /dev/vda, a root shell on the second serial port (the test's
# channel into the guest), a persistent journal (to read the first boot's),
# a small initrd (the virtio disk's modules only: it boots in seconds under
# emulation) and the kernel and initrd readable by QEMU.
# shellcheck disable=SC2086
mmdebstrap --quiet --variant=minbase --include="$pkgs" --format=directory $speed \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --customize-hook='echo agm-vm >"$1/etc/hostname"' \
    --customize-hook='echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" >"$1/etc/fstab"' \
    --customize-hook='mkdir -p "$1/var/log/journal"' \
    --customize-hook='mkdir -p "$1/etc/systemd/system/serial-getty@ttyS1.service.d"' \
    --customize-hook='printf "[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin root --noclear --keep-baud 115200 %%I \$TERM\n" >"$1/etc/systemd/system/serial-getty@ttyS1.service.d/autologin.conf"' \
    --customize-hook='ln -sf /lib/systemd/system/serial-getty@.service "$1/etc/systemd/system/getty.target.wants/serial-getty@ttyS1.service"' \
    --customize-hook='passwd --root "$1" -d root >/dev/null' \
    --customize-hook='printf "MODULES=list\n" >"$1/etc/initramfs-tools/conf.d/agm-vm.conf"' \
    --customize-hook='printf "virtio_pci\nvirtio_blk\next4\n" >>"$1/etc/initramfs-tools/modules"' \
    --customize-hook='chroot "$1" update-initramfs -u -k all' \
    --customize-hook='chmod 0644 "$1"/boot/vmlinuz-* "$1"/boot/initrd.img-*' \
    "$SUITE" "$tmp/root" "$mirror" >&2
ls "$tmp"/root/boot/vmlinuz-* "$tmp"/root/boot/initrd.img-* >/dev/null
echo "$SUITE $pkgs" >"$tmp/packages"
# Older images of this suite go; the new one takes their place.
for old in "$CACHE/$SUITE"-*; do
    case $old in "$dir"|*.tmp.*) continue ;; esac
    [ -d "$old" ] && rm -rf "$old"
done
rm -rf "$dir"
mv "$tmp" "$dir"
trap - EXIT
date +%s >"$dir/done"
say "$SUITE image made in $(( $(date +%s) - t0 )) s: $dir"
echo "$dir"
