#!/bin/sh
# tests/appliance/run.sh - the kiosk as an appliance, in a virtual machine:
# a Debian image (tests/appliance/build-image.sh, cached), the kiosk
# installed into a copy of it by the real rpi/install.sh, booted headless
# under QEMU with the image's own kernel, and checked from outside
# (tests/appliance/checks.py). Prints one line per check and
# "N passed, N failed" last; exit status 0 when all passed.
#
# usage: tests/appliance/run.sh [--suite SUITE] [--keep] [--screenshot FILE.png] [--boot-only] [--quick]
#
#   --suite SUITE   the Debian release of the image (default bookworm). The
#                   program is built inside the image by rpi/install.sh for
#                   any other suite; for bookworm the host's build
#                   ($B, default build/release) is installed (--no-build).
#   --keep          keep the work folder (disk image, console log, pictures)
#   --screenshot F  save the home screen, as read from the VM's display, as F
#   --boot-only     boot once and print the boot-to-first-frame figures
#                   (lines "boot_to_first_frame_s N", "qemu_to_active_s N";
#                   make bench), no checks
#   --quick         one boot only, the two displays' (the unit, READY, the
#                   kiosk's picture on the output asked for, a tap, the
#                   slideshow and its presenter view); no power cuts (make
#                   test's trixie pass)
#
# Needs root (chroot, mount). AGM_APPLIANCE_ACCEL=kvm|tcg overrides the
# measured choice of accelerator; AGM_APPLIANCE_CACHE the image cache;
# AGM_APPLIANCE_CUTS the number of power cuts (default 20, 0 for none) and
# AGM_APPLIANCE_CUT_SEED their random moments; AGM_APPLIANCE_TWO_DISPLAYS=no
# leaves out the second boot with two displays.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/appliance
SUITE=bookworm
KEEP=no
SHOT=""
BOOT_ONLY=""
QUICK=""
while [ $# -gt 0 ]; do
    case $1 in
        --suite) SUITE=$2; shift ;;
        --keep) KEEP=yes ;;
        --screenshot) SHOT=$2; shift ;;
        --quick) QUICK=--quick ;;
        --boot-only) BOOT_ONLY=--boot-only ;;
        -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "appliance: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
B=${B:-build/release}
case $B in /*) ;; *) B=$ROOT/$B ;; esac
say() { printf 'appliance: %s\n' "$*"; }
if [ "$(id -u)" != 0 ]; then
    echo "appliance: run as root (the image is prepared with chroot)" >&2
    exit 1
fi
"$HERE/deps.sh"
unset MAKEFLAGS MFLAGS MAKELEVEL

t_all=$(date +%s)
if ! image=$("$HERE/build-image.sh" "$SUITE"); then
    # No image: a skip where the package archive (the one build-image.sh
    # uses: the host's, else Debian's) cannot be reached at all, else a failure.
    mirror=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
    [ -n "$mirror" ] || mirror=$(sed -n 's/^deb  *\(http[^ ]*\/debian\)\/* .*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
    [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
    if ! python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=30).read(64)' \
         "$mirror/dists/$SUITE/Release" >/dev/null 2>&1; then
        echo "skip: the appliance test ($SUITE): no image, the package archive $mirror cannot be reached from here"
        echo "0 passed, 0 failed"
        exit 0
    fi
    echo "FAIL the $SUITE image could not be made (tests/appliance/build-image.sh; $mirror answers)"
    echo "0 passed, 1 failed"
    exit 1
fi
t_image=$(( $(date +%s) - t_all ))
say "image ($SUITE): $image (${t_image} s)"
kernel=$(ls "$image"/root/boot/vmlinuz-* | tail -n 1)
initrd=$(ls "$image"/root/boot/initrd.img-* | tail -n 1)
# The kernel uncompressed (an ELF with a PVH entry, which QEMU boots
# directly): under TCG its xz decompressor alone took about 5 s of every
# boot (3.1 s against 7.9 s to the first kernel panic without a disk,
# measured here). Made once, kept beside the image.
vmlinux=$image/vmlinux-$(basename "$kernel" | sed 's/^vmlinuz-//')
if [ ! -s "$vmlinux" ]; then
    python3 - "$kernel" "$vmlinux.tmp" <<'PY' && mv "$vmlinux.tmp" "$vmlinux" || rm -f "$vmlinux.tmp"
import lzma, subprocess, sys
d = open(sys.argv[1], "rb").read()
out = b""
i = d.find(b"\xfd7zXZ\x00")  # bookworm's kernel: xz
if i >= 0:
    out = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(d[i:])
i = d.find(b"\x28\xb5\x2f\xfd")  # trixie's: zstd (the zstd program, where there is one)
if out[:4] != b"\x7fELF" and i >= 0:
    try:
        out = subprocess.run(["zstd", "-dcq"], input=d[i:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    except OSError:
        out = b""
if out[:4] != b"\x7fELF":
    sys.exit(1)
open(sys.argv[2], "wb").write(out)
PY
fi
[ -s "$vmlinux" ] && kernel=$vmlinux

work=$(mktemp -d "${TMPDIR:-/var/tmp}/agm-appliance.XXXXXX")
mnt=""
cleanup() {
    if [ -n "$mnt" ] && mountpoint -q "$mnt"; then umount "$mnt" || true; fi
    if [ "$KEEP" = yes ]; then say "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ---- a copy of the image's file system: an overlay where the kernel has one --
t0=$(date +%s)
mkdir -p "$work/upper" "$work/wd" "$work/root"
if mount -t overlay overlay -o "lowerdir=$image/root,upperdir=$work/upper,workdir=$work/wd" "$work/root" 2>/dev/null; then
    mnt=$work/root
else
    rmdir "$work/root"
    cp -a "$image/root" "$work/root"
fi
R=$work/root

# ---- the kiosk, installed by rpi/install.sh as on a Raspberry Pi -----------
src=$R/usr/src/agmkiosk
mkdir -p "$src"
if [ -d "$ROOT/.git" ] || [ -f "$ROOT/.git" ]; then
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar -c --null -T -) | tar -x -C "$src"
else
    (cd "$ROOT" && tar -c --exclude=./build .) | tar -x -C "$src"
fi
if [ "$SUITE" = bookworm ]; then
    [ -x "$B/agmkiosk" ] || { echo "appliance: $B/agmkiosk is not built (make)" >&2; exit 1; }
    mkdir -p "$src/build/release"
    cp "$B/agmkiosk" "$src/build/release/agmkiosk"
    flags=--no-build
else
    flags=""
fi
# The build inside the image runs natively (chroot, not emulated), on both
# cores: serial it took 2.5 to 6.5 minutes under load.
t_inst=$(date +%s)
if chroot "$R" env TMPDIR=/tmp MAKEFLAGS=-j2 sh -c "cd /usr/src/agmkiosk && B=build/release sh rpi/install.sh $flags" >"$work/install.log" 2>&1; then
    say "rpi/install.sh $flags: ok ($(grep -c '^install: ' "$work/install.log") steps in $(( $(date +%s) - t_inst )) s; log in the work folder)"
else
    sed 's/^/    /' "$work/install.log" | tail -n 30
    echo "FAIL rpi/install.sh in the image"
    echo "0 passed, 1 failed"
    exit 1
fi

# ---- what the test adds: its tool, a touchscreen, a steady attract card -------
gcc -static -O2 -Wall -Wextra -I/usr/include/libdrm -o "$work/agm-vmtool" "$HERE/agm-vmtool.c"
install -D -m 0755 "$work/agm-vmtool" "$R/usr/local/libexec/agm-vmtool"
install -m 0644 "$HERE/agm-touch.service" "$R/etc/systemd/system/agm-touch.service"
mkdir -p "$R/etc/systemd/system/sysinit.target.wants"
ln -sf /etc/systemd/system/agm-touch.service "$R/etc/systemd/system/sysinit.target.wants/agm-touch.service"
# The power cuts' init and the submissions it makes (checks.py power_cuts).
install -m 0755 "$HERE/agm-cut-init" "$R/usr/local/libexec/agm-cut-init"
i=0
while [ $i -lt 400 ]; do
    i=$((i + 1))
    printf 'show ask\nwait 300\ntap ask.text\nwait 300\ntext Power cut test question %d\ntap kb.hide\nwait 400\ntap ask.submit\nwait 7000\n' $i
done >"$R/usr/local/share/agm-cuts.replay"
chmod 0644 "$R/usr/local/share/agm-cuts.replay"
# The organizers' edit: the attract loop stays on its first card, so the
# picture at boot is known.
sed -i 's/^; attract_interval = 10 .*/attract_interval = 600/' "$R/etc/agmkiosk/kiosk.ini"
grep -q '^attract_interval = 600' "$R/etc/agmkiosk/kiosk.ini"
# --quick boots once, with two displays: the kiosk asked for on the second
# (checks.py two_displays).
if [ -n "$QUICK" ]; then
    sed -i 's/^; output = .*/output = Virtual-2/' "$R/etc/agmkiosk/kiosk.ini"
    grep -q '^output = Virtual-2' "$R/etc/agmkiosk/kiosk.ini"
fi

# ---- the disk ------------------------------------------------------------------
size=$(du -sm "$R" | cut -f1)
mkfs.ext4 -q -F -L agmroot -d "$R" "$work/disk.img" "$((size * 12 / 10 + 400))M"
if [ -n "$mnt" ]; then umount "$mnt"; mnt=""; fi
rm -rf "$work/upper" "$work/wd" "$work/root"
say "disk image: $((size * 12 / 10 + 400)) MB, prepared in $(( $(date +%s) - t0 )) s"

# ---- the pictures the display must show -----------------------------------------
# With --controls each screen's touch targets come too ("ID X Y W H"): the
# checks tap controls by id, never by remembered pixels. A PIN set in the
# render's data folder gives the PIN pad its keys; --tap draws Leave's
# confirmation card.
mkdir -p "$work/render" "$work/render/leave" "$work/render/1024x768/slides" "$work/share"
printf '%s\n%s\n' 2468 2468 | "$B/agmkiosk" --content "$ROOT/content" --data "$work/render-data" set-pin >/dev/null 2>&1 ||
    { echo "appliance: agmkiosk set-pin for the render failed" >&2; exit 1; }
(cd "$ROOT" && "$B/agmkiosk" --content content --data "$work/render-data" render --out "$work/render" \
    --size 1280x800 --controls >/dev/null 2>&1 &&
  "$B/agmkiosk" --content content --data "$work/render-data" render --out "$work/render/leave" \
    --size 1280x800 --screen admin --tap admin.quit --controls >/dev/null 2>&1 &&
  "$B/agmkiosk" --content content --data "$work/render-data" render --out "$work/render/1024x768" \
    --size 1024x768 >/dev/null 2>&1 &&
  "$B/agmkiosk" --content content --data "$work/render-data" render --out "$work/render/1024x768/slides" \
    --size 1024x768 --slides --presenter >/dev/null 2>&1) ||
    { echo "appliance: agmkiosk render failed" >&2; exit 1; }

TWO=""
[ "${AGM_APPLIANCE_TWO_DISPLAYS:-yes}" = no ] || TWO=--two-displays
set +e
python3 "$HERE/checks.py" --work "$work" --kernel "$kernel" --initrd "$initrd" --disk "$work/disk.img" \
    --render "$work/render" --cache "$(dirname "$image")" ${SHOT:+--screenshot "$SHOT"} \
    --image-seconds "$t_image" --cuts "${AGM_APPLIANCE_CUTS:-20}" $BOOT_ONLY $QUICK $TWO
rc=$?
set -e
say "whole run: $(( $(date +%s) - t_all )) s"
exit $rc
