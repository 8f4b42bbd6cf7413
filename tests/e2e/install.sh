#!/bin/sh
# rpi/install.sh into scratch roots (DESTDIR): the expected files with the
# expected modes, the settings and the unit filled in for PREFIX, console
# blanking off, the service enabled and the tty1 login disabled; a second run
# changes nothing and keeps edited settings; bad options are refused.
# Installs the program already built in $AGM_BUILD (--no-build).
# agm: native-only
set -u
: "${AGM_ROOT:?run through tests/run.sh}" "${AGM_BUILD:?}" "${AGMKIOSK:?}"
. "$AGM_ROOT/tests/e2e/lib.sh"
check() { # check DESCRIPTION COMMAND...
    d=$1; shift
    if "$@" >/dev/null 2>&1; then ok; else bad "$d"; fi
}
mode_is() { [ "$(stat -c %a "$1")" = "$2" ]; }
# Everything an install leaves, with modes and contents, for comparing runs.
snapshot() {
    (cd "$1" && find . -printf '%M %p -> %l\n' | sort && find . -type f -exec md5sum {} + | sort -k 2)
}

# A make started by install.sh must not join the jobserver of the make that
# may be running these tests.
unset MAKEFLAGS MFLAGS MAKELEVEL

install_to() { # install_to DESTDIR LOG [VAR=VALUE...]: run install.sh, exit code
    dest=$1 log=$2; shift 2
    env DESTDIR="$dest" B="$AGM_BUILD" "$@" sh "$AGM_ROOT/rpi/install.sh" --no-build >"$log" 2>&1
}

# ---- a Raspberry Pi OS-like root: cmdline.txt and the tty1 login enabled -----
R=$tmp/root
mkdir -p "$R/boot/firmware" "$R/etc/systemd/system/getty.target.wants"
orig='console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait consoleblank=600 quiet'
echo "$orig" >"$R/boot/firmware/cmdline.txt"
ln -s /lib/systemd/system/getty@.service "$R/etc/systemd/system/getty.target.wants/getty@tty1.service"

if install_to "$R" "$tmp/log1"; then ok; else bad "first install failed"; cat "$tmp/log1"; fi
P=$R/usr/local
check "program installed" cmp "$AGM_BUILD/agmkiosk" "$P/bin/agmkiosk"
check "program mode 0755" mode_is "$P/bin/agmkiosk" 755
check "launcher mode 0755" mode_is "$P/lib/agmkiosk/agmkiosk-launch" 755
check "example settings 0644" mode_is "$P/share/agmkiosk/kiosk.ini.example" 644
for dir in content fonts; do
    if [ -d "$AGM_ROOT/$dir" ]; then
        check "$dir/ installed" diff -r "$AGM_ROOT/$dir" "$P/share/agmkiosk/$dir"
        check "$dir/ readable by all" test -z "$(find "$P/share/agmkiosk/$dir" ! -perm -0444)"
    fi
done
check "data folder exists" test -d "$R/var/lib/agmkiosk"
check "data folder mode 0700" mode_is "$R/var/lib/agmkiosk" 700
conf=$R/etc/agmkiosk/kiosk.ini
check "settings mode 0644" mode_is "$conf" 644
check "settings: content path" grep -qx 'content = /usr/local/share/agmkiosk/content' "$conf"
check "settings: data path" grep -qx 'data = /var/lib/agmkiosk' "$conf"
check "settings: fonts path" grep -qx 'fonts = /usr/local/share/agmkiosk/fonts' "$conf"
# The program reads the settings before it looks at the command: an unknown
# command is reported only when the file was accepted.
"$AGMKIOSK" --config "$conf" no-such-command >"$tmp/cfg.out" 2>&1
check "program accepts the settings" grep -q "unknown command 'no-such-command'" "$tmp/cfg.out"
check "no settings error" test -z "$(grep -i 'settings' "$tmp/cfg.out")"
unit=$R/etc/systemd/system/agmkiosk.service
check "unit mode 0644" mode_is "$unit" 644
check "unit: ExecStart for PREFIX" grep -qx 'ExecStart=/usr/local/lib/agmkiosk/agmkiosk-launch /usr/local/bin/agmkiosk --config /etc/agmkiosk/kiosk.ini' "$unit"
check "unit: no placeholder left" test -z "$(grep '@PREFIX@' "$unit")"
rules=$R/etc/udev/rules.d/90-agmkiosk-usb.rules
check "USB rule mode 0644" mode_is "$rules" 644
check "USB rule: the helper for PREFIX" grep -qF 'RUN{program}+="/usr/local/lib/agmkiosk/agmkiosk-usb-mount $devnode"' "$rules"
check "USB rule: no placeholder left" test -z "$(grep '@PREFIX@' "$rules")"
check "USB helper mode 0755" mode_is "$P/lib/agmkiosk/agmkiosk-usb-mount" 755
check "says it installed the USB rule" grep -q 'USB sticks: .*90-agmkiosk-usb.rules installed' "$tmp/log1"
check "service enabled" test "$(readlink "$R/etc/systemd/system/multi-user.target.wants/agmkiosk.service")" = /etc/systemd/system/agmkiosk.service
check "tty1 login disabled" test ! -L "$R/etc/systemd/system/getty.target.wants/getty@tty1.service"
want=$(echo "$orig" | sed 's/consoleblank=600 //')" consoleblank=0"
check "cmdline: consoleblank=0 replaces 600" test "$(cat "$R/boot/firmware/cmdline.txt")" = "$want"
check "cmdline: original kept" test "$(cat "$R/boot/firmware/cmdline.txt.agmkiosk-orig")" = "$orig"
check "says it created the data folder" grep -q 'data folder .*: created, mode 0700' "$tmp/log1"
check "says it wrote the settings" grep -q 'settings .*: created' "$tmp/log1"
check "says it enabled the service" grep -q 'agmkiosk.service: enabled' "$tmp/log1"
check "no user under DESTDIR" grep -q 'user agmkiosk: skipped (DESTDIR)' "$tmp/log1"

# ---- a second run: same result, edited settings kept --------------------------
echo "; edited by the organizers" >>"$conf"
chmod 0640 "$conf"
snapshot "$R" >"$tmp/snap1"
if install_to "$R" "$tmp/log2"; then ok; else bad "second install failed"; cat "$tmp/log2"; fi
snapshot "$R" >"$tmp/snap2"
if cmp -s "$tmp/snap1" "$tmp/snap2"; then ok; else bad "second run changed the install:"; diff "$tmp/snap1" "$tmp/snap2"; fi
check "edited settings kept" grep -qx '; edited by the organizers' "$conf"
check "settings mode kept" mode_is "$conf" 640
check "second run: settings kept" grep -q 'settings .*: kept' "$tmp/log2"
check "second run: unit unchanged" grep -q 'agmkiosk.service: unchanged' "$tmp/log2"
check "second run: blanking already off" grep -q 'console blanking: already off' "$tmp/log2"
check "second run: service already enabled" grep -q 'agmkiosk.service: already enabled' "$tmp/log2"
check "one consoleblank only" test "$(grep -o 'consoleblank=[^ ]*' "$R/boot/firmware/cmdline.txt")" = consoleblank=0

# ---- another PREFIX; no cmdline.txt (not a Pi) --------------------------------
R2=$tmp/root2
mkdir -p "$R2"
if install_to "$R2" "$tmp/log3" PREFIX=/opt/agm; then ok; else bad "install with PREFIX=/opt/agm failed"; cat "$tmp/log3"; fi
check "PREFIX: program" mode_is "$R2/opt/agm/bin/agmkiosk" 755
check "PREFIX: unit ExecStart" grep -q '^ExecStart=/opt/agm/lib/agmkiosk/agmkiosk-launch /opt/agm/bin/agmkiosk ' "$R2/etc/systemd/system/agmkiosk.service"
check "PREFIX: settings content path" grep -qx 'content = /opt/agm/share/agmkiosk/content' "$R2/etc/agmkiosk/kiosk.ini"
check "PREFIX: nothing in /usr/local" test ! -e "$R2/usr/local"
check "no cmdline.txt: skipped" grep -q 'console blanking: no cmdline.txt' "$tmp/log3"

# ---- --output: the settings and, for dsi, HDMI off on the command line ------
env DESTDIR="$R" B="$AGM_BUILD" sh "$AGM_ROOT/rpi/install.sh" --no-build --output=dsi >"$tmp/log8" 2>&1
check "--output=dsi: ok" test $? -eq 0
check "--output=dsi: settings" grep -qx 'output = dsi' "$conf"
check "--output=dsi: one output line" test "$(grep -c '^output' "$conf")" -eq 1
check "--output=dsi: edited settings otherwise kept" grep -qx '; edited by the organizers' "$conf"
check "--output=dsi: HDMI off" grep -q ' video=HDMI-A-1:d video=HDMI-A-2:d$' "$R/boot/firmware/cmdline.txt"
check "--output=dsi: says so" grep -q 'HDMI: turned off' "$tmp/log8"
env DESTDIR="$R" B="$AGM_BUILD" sh "$AGM_ROOT/rpi/install.sh" --no-build --output=dsi >/dev/null 2>&1
check "--output=dsi twice: HDMI off once" test "$(grep -o 'video=HDMI-A-1:d' "$R/boot/firmware/cmdline.txt" | wc -l)" -eq 1
env DESTDIR="$R" B="$AGM_BUILD" sh "$AGM_ROOT/rpi/install.sh" --no-build --output=HDMI-A-1 >"$tmp/log9" 2>&1
check "--output=HDMI-A-1: settings" grep -qx 'output = HDMI-A-1' "$conf"
check "--output=HDMI-A-1: HDMI back on" test -z "$(grep 'video=HDMI' "$R/boot/firmware/cmdline.txt")"
check "--output=HDMI-A-1: consoleblank kept" grep -q 'consoleblank=0' "$R/boot/firmware/cmdline.txt"
env DESTDIR="$tmp/r6" sh "$AGM_ROOT/rpi/install.sh" --output='HDMI 1' >"$tmp/log10" 2>&1
check "bad --output refused" test $? -eq 2
check "bad --output: message" grep -q "use auto, dsi, hdmi or a connector" "$tmp/log10"

# ---- the system it runs on: release, untested ones, a desktop ---------------
R3=$tmp/root3
mkdir -p "$R3/etc/systemd/system"
printf 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nVERSION_CODENAME=bullseye\n' >"$R3/etc/os-release"
ln -s /lib/systemd/system/lightdm.service "$R3/etc/systemd/system/display-manager.service"
install_to "$R3" "$tmp/log11"
check "system line" grep -q '^install: system: Debian GNU/Linux 11 (bullseye) (bullseye)$' "$tmp/log11"
check "untested release warned" grep -q 'warning: bullseye is not a tested release' "$tmp/log11"
check "desktop warned" grep -q 'warning: a desktop is installed (lightdm.service)' "$tmp/log11"
R4=$tmp/root4
mkdir -p "$R4/etc"
printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_CODENAME=bookworm\n' >"$R4/etc/os-release"
install_to "$R4" "$tmp/log12"
check "tested release: no warning" test -z "$(grep -i 'warning' "$tmp/log12" | grep -v 'no sealing key')"

# ---- bad options --------------------------------------------------------------
install_to "$tmp/r3" "$tmp/log4" PREFIX=usr/local
check "relative PREFIX refused" test $? -eq 2
check "relative PREFIX: message" grep -q "PREFIX must be an absolute path" "$tmp/log4"
install_to relative/root "$tmp/log5"
check "relative DESTDIR refused" test $? -eq 2
check "relative DESTDIR: message" grep -q "DESTDIR must be an absolute path" "$tmp/log5"
env DESTDIR="$tmp/r4" sh "$AGM_ROOT/rpi/install.sh" --frobnicate >"$tmp/log6" 2>&1
check "unknown option refused" test $? -eq 2
check "unknown option: message" grep -q "unknown option '--frobnicate'" "$tmp/log6"
check "nothing installed on refusal" test ! -e "$tmp/r3" -a ! -e "$tmp/r4" -a ! -e "$tmp/r6"
env DESTDIR="$tmp/r5" B="$tmp/no-build" sh "$AGM_ROOT/rpi/install.sh" --no-build >"$tmp/log7" 2>&1
check "missing build refused" test $? -ne 0
check "missing build: message" grep -q "agmkiosk is not built" "$tmp/log7"

# ---- the sealing key ------------------------------------------------------------
check "no key: the warning says so" grep -q "WARNING: no sealing key" "$tmp/log1"
K=$tmp/keys
mkdir -p "$K"
printf 'install test passphrase\ninstall test passphrase\n' | "$AGMKIOSK" keygen --out "$K/org" --kdf interactive >"$tmp/kg" 2>&1
install_to "$R" "$tmp/log8" PUBLIC_KEY="$K/org.pub"
check "key: installed" test $? -eq 0
check "key: copied" cmp "$K/org.pub" "$R/etc/agmkiosk/sealing-key.pub"
check "key: set in the kept settings" grep -qx 'public_key = /etc/agmkiosk/sealing-key.pub' "$conf"
check "key: fingerprint shown" grep -q "fingerprint $(sed -n 's/^fingerprint: //p' "$K/org.pub")" "$tmp/log8"
sed 's|/etc/agmkiosk/sealing-key.pub|'"$R"'/etc/agmkiosk/sealing-key.pub|' "$conf" >"$tmp/conf-here.ini"
"$AGMKIOSK" --config "$tmp/conf-here.ini" --data "$tmp/kd" status >"$tmp/st" 2>&1
check "key: the program seals with it" grep -q "sealing:      ON" "$tmp/st"
install_to "$tmp/r6" "$tmp/log9" PUBLIC_KEY="$K/org.key"
check "secret key refused" test $? -eq 2
check "secret key: message" grep -q "is the SECRET key" "$tmp/log9"
check "secret key: nothing installed" test ! -e "$tmp/r6"

e2e_summary
