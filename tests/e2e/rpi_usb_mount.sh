#!/bin/sh
# rpi/agmkiosk-usb-mount, the helper the udev rule runs for a USB stick,
# with systemd-mount replaced by a recorder: the automount it asks for
# (/media/LABEL, the label made safe, a second stick with the same label
# beside it), the options per file system (FAT and exFAT owned by the
# kiosk's user, files 0600 and folders 0700; always nosuid, nodev, noexec),
# the idle timeout, bound to the device and collected; file systems it does
# not mount are refused with a line saying so. And the rule itself: the
# file systems it matches, the helper's path for PREFIX after install.sh.
# agm: native-only
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
. "$AGM_ROOT/tests/e2e/lib.sh"
H=$AGM_ROOT/rpi/agmkiosk-usb-mount
mkdir -p "$tmp/media"
cat >"$tmp/systemd-mount" <<'S'
#!/bin/sh
printf '%s\n' "$@" >"$REC"
S
chmod +x "$tmp/systemd-mount"
me=$(id -un)
run() { # run TYPE LABEL UUID: the helper for /dev/agm-test-stick
    env REC="$tmp/args" AGM_SYSTEMD_MOUNT="$tmp/systemd-mount" AGM_MEDIA_ROOT="$tmp/media" AGM_KIOSK_USER="$me" \
        ID_FS_TYPE="$1" ID_FS_LABEL="$2" ID_FS_UUID="$3" sh "$H" /dev/agm-test-stick >"$tmp/out" 2>&1
}
has() { grep -qxF -- "$1" "$tmp/args"; }

rm -f "$tmp/args"
run vfat "AGM 2012" 1234-ABCD && ok || fail "vfat: $(cat "$tmp/out")"
has "$tmp/media/AGM_2012" && ok || fail "vfat: where: $(cat "$tmp/args")"
has "/dev/agm-test-stick" && has "--automount=yes" && has "--bind-device" && has "--collect" && has "--no-block" &&
    has "--timeout-idle-sec=2s" && ok || fail "vfat: flags: $(cat "$tmp/args")"
has "nosuid,nodev,noexec,uid=$(id -u),gid=$(id -g),fmask=0177,dmask=0077,utf8,shortname=mixed" && ok ||
    fail "vfat: options: $(cat "$tmp/args")"
run exfat "" 5F1E-77A0 && has "$tmp/media/usb-5F1E-77A0" &&
    has "nosuid,nodev,noexec,uid=$(id -u),gid=$(id -g),fmask=0177,dmask=0077" && ok ||
    fail "exfat without a label: $(cat "$tmp/args")"
run ext4 "../../etc" 0b9e3c1a-0000 && has "$tmp/media/.._.._etc" && fail "a label with dots and slashes escaped /media" || ok
grep -q '^/' "$tmp/args" && ! grep -q '/\.\./' "$tmp/args" && ok || fail "ext4: where: $(cat "$tmp/args")"
has "nosuid,nodev,noexec" && ok || fail "ext4: options: $(cat "$tmp/args")"
# a second stick with the same label while the first is mounted: NAME-2
if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/media/AGM_2012" && mount -t tmpfs agm-test "$tmp/media/AGM_2012" 2>/dev/null; then
    run vfat "AGM 2012" 9999-0000
    has "$tmp/media/AGM_2012-2" && ok || fail "same label: $(cat "$tmp/args")"
    umount "$tmp/media/AGM_2012"
else
    echo "skipped: same label (needs root to mount a tmpfs)"
fi
rm -f "$tmp/args"
run ntfs "WINDOWS" 1 && [ ! -e "$tmp/args" ] && grep -q "file system 'ntfs' is not one the kiosk mounts" "$tmp/out" && ok ||
    fail "ntfs: $(cat "$tmp/out")"
env REC="$tmp/args" AGM_SYSTEMD_MOUNT="$tmp/systemd-mount" AGM_MEDIA_ROOT="$tmp/media" AGM_KIOSK_USER=no-such-user-agm \
    ID_FS_TYPE=vfat ID_FS_LABEL=X sh "$H" /dev/agm-test-stick >"$tmp/out" 2>&1
[ ! -e "$tmp/args" ] && grep -q "no user no-such-user-agm" "$tmp/out" && ok || fail "no kiosk user: $(cat "$tmp/out")"

# the rule: the file systems, a USB bus, the helper for PREFIX
R=$AGM_ROOT/rpi/90-agmkiosk-usb.rules
rule=$(grep -v '^#' "$R" | grep .)
[ "$(printf '%s\n' "$rule" | wc -l)" -eq 1 ] && ok || fail "one rule expected: $rule"
for k in 'ACTION=="add"' 'SUBSYSTEM=="block"' 'ENV{ID_BUS}=="usb"' 'ENV{ID_FS_USAGE}=="filesystem"' \
         'ENV{ID_FS_TYPE}=="vfat|exfat|ext4"' 'RUN{program}+="@PREFIX@/lib/agmkiosk/agmkiosk-usb-mount $devnode"'; do
    printf '%s\n' "$rule" | grep -qF -- "$k" && ok || fail "rule lacks $k"
done
if command -v udevadm >/dev/null 2>&1 && udevadm verify --help >/dev/null 2>&1; then
    udevadm verify "$R" >"$tmp/out" 2>&1 && ok || fail "udevadm verify: $(cat "$tmp/out")"
fi
e2e_summary
