#!/bin/sh
# rpi/install.sh - turns Raspberry Pi OS Lite (bookworm, 64-bit) into an
# agmkiosk appliance: packages, build, program, content and fonts, a system
# user, the data folder, /etc/agmkiosk/kiosk.ini, the systemd unit, the udev
# rule that mounts USB sticks under /media for the kiosk, console
# blanking off, and the service enabled. Running it again is safe: it
# updates the program and the unit and keeps the settings and the data.
#
# usage: sudo rpi/install.sh [--no-build] [--output=OUTPUT]
#
#   PREFIX=/usr/local   where the program goes (PREFIX/bin, PREFIX/share/agmkiosk)
#   DESTDIR=/some/root  install into a staging root instead of this system:
#                       no packages, no user, no owners changed, no service
#                       started (the unit is enabled inside DESTDIR)
#   B=build/release     the build folder to install from
#   PUBLIC_KEY=ORG.pub  the organizers' public key (agmkiosk keygen): copied to
#                       /etc/agmkiosk/sealing-key.pub and set as [privacy]
#                       public_key, so names, emails, phones, messages and
#                       questions are sealed; without it they are stored
#                       unencrypted (rpi/README.md, "Sealed records")
#   --no-build          install what B already holds (make install-files)
#   --output=OUTPUT     the display the kiosk opens on: auto, dsi, hdmi or a
#                       connector (HDMI-A-1, DSI-1), written as [display]
#                       output in the settings; dsi also turns HDMI off on
#                       the kernel command line (a kiosk-only Pi 4, whose
#                       HDMI would otherwise take the kiosk's picture)
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr/local}
B=${B:-build/release}
KIOSK_USER=agmkiosk
DATA_DIR=/var/lib/agmkiosk
CONF_DIR=/etc/agmkiosk
UNIT=agmkiosk.service
UNIT_DIR=/etc/systemd/system
# Needed at run time beyond the libraries the -dev packages pull in: EGL and
# GLES with Mesa's drivers (SDL's KMSDRM renderer) and GBM.
RUNTIME_PKGS="libegl1 libgles2 libgbm1 libgl1-mesa-dri libegl-mesa0"

build=yes
output=""
for arg in "$@"; do
    case $arg in
        --no-build) build=no ;;
        --output=*)
            output=${arg#--output=}
            case $output in
                ''|*[!A-Za-z0-9-]*) echo "install: --output=$output: use auto, dsi, hdmi or a connector name such as HDMI-A-1" >&2; exit 2 ;;
            esac ;;
        -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install: unknown option '$arg' (see rpi/install.sh --help)" >&2; exit 2 ;;
    esac
done
case $PREFIX in
    /*) ;;
    *) echo "install: PREFIX must be an absolute path, not '$PREFIX'" >&2; exit 2 ;;
esac
if [ -n "$DESTDIR" ]; then
    case $DESTDIR in
        /*) ;;
        *) echo "install: DESTDIR must be an absolute path, not '$DESTDIR'" >&2; exit 2 ;;
    esac
elif [ "$(id -u)" != 0 ]; then
    echo "install: run as root: sudo $0 (or set DESTDIR to stage an install)" >&2
    exit 1
fi

say() { printf 'install: %s\n' "$*"; }

# The key is checked before anything is changed: a secret key never goes
# onto a kiosk.
PUBLIC_KEY=${PUBLIC_KEY:-}
if [ -n "$PUBLIC_KEY" ]; then
    first=$(head -n 1 "$PUBLIC_KEY" 2>/dev/null | tr -d '\r') || first=""
    case $first in
        "agmkiosk public key v1") ;;
        "agmkiosk secret key v1")
            echo "install: $PUBLIC_KEY is the SECRET key; give the public one (NAME.pub). Never copy NAME.key onto a kiosk" >&2
            exit 2 ;;
        *)
            echo "install: $PUBLIC_KEY is not an agmkiosk public key (make one with: agmkiosk keygen --out NAME)" >&2
            exit 2 ;;
    esac
fi
staged() { [ -n "$DESTDIR" ]; }
# from_template SOURCE DEST: DEST (mode 0644) is SOURCE with @PREFIX@ filled
# in, replaced in one rename and only when it differs; prints "installed"
# or "unchanged"
from_template() {
    tmp="$2.tmp.$$"
    sed "s|@PREFIX@|$PREFIX|g" "$1" >"$tmp"
    chmod 0644 "$tmp"
    if [ -f "$2" ] && cmp -s "$tmp" "$2"; then
        rm -f "$tmp"
        echo unchanged
    else
        mv "$tmp" "$2"
        echo installed
    fi
}

# ---- 0. the system: which release, which SDL, no desktop ------------------------
# Tested: Raspberry Pi OS / Debian bookworm and trixie (the appliance test
# boots both). A desktop's display manager holds the display: the kiosk
# cannot show its picture there.
codename=unknown pretty=unknown
if [ -r "$DESTDIR/etc/os-release" ]; then
    codename=$(sed -n 's/^VERSION_CODENAME=//p' "$DESTDIR/etc/os-release" | tr -d '"')
    pretty=$(sed -n 's/^PRETTY_NAME=//p' "$DESTDIR/etc/os-release" | tr -d '"')
fi
say "system: ${pretty:-unknown} (${codename:-unknown})"
case $codename in
    bookworm|trixie) ;;
    *) say "warning: ${codename:-this release} is not a tested release (bookworm and trixie are); the kiosk may still work" ;;
esac
for dm in "$DESTDIR/etc/systemd/system/display-manager.service"; do
    if [ -e "$dm" ] || [ -L "$dm" ]; then
        say "warning: a desktop is installed ($(basename "$(readlink "$dm" 2>/dev/null || echo display-manager)")): it holds the display and the kiosk shows nothing; use Raspberry Pi OS Lite, or boot to the console: sudo systemctl set-default multi-user.target"
    fi
done

# ---- 1. Debian packages ------------------------------------------------------
if staged; then
    say "packages: skipped (DESTDIR)"
else
    # What building and running the program needs (its libraries come with
    # their -dev packages), not the test tools (an X server, xdotool, clang):
    # they have no place on a kiosk. make reads AGM_DEPS too.
    AGM_DEPS=build
    export AGM_DEPS
    "$ROOT/tools/deps.sh"
    missing=""
    for p in $RUNTIME_PKGS; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        say "installing runtime packages:$missing"
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
    else
        say "packages: all present"
    fi
fi

if staged; then
    say "SDL: not checked (DESTDIR)"
else
    sdl=$(dpkg-query -W -f='${Version}' libsdl2-2.0-0 2>/dev/null || true)
    say "SDL: ${sdl:-not found} (bookworm's 2.26 shows the kiosk and the slideshow on one display; a presenter view on a second display needs 2.30.10 or later)"
fi

# ---- 2. build and install the program, content and fonts -------------------
if [ "$build" = yes ]; then
    say "building $B/agmkiosk (PREFIX=$PREFIX)"
    make -C "$ROOT" B="$B" PREFIX="$PREFIX" DESTDIR="$DESTDIR" install
else
    make -C "$ROOT" B="$B" PREFIX="$PREFIX" DESTDIR="$DESTDIR" install-files
fi

# ---- 3. the system user --------------------------------------------------------
groups=""
for g in video render input; do
    if getent group "$g" >/dev/null 2>&1; then
        groups="$groups${groups:+,}$g"
    elif ! staged; then
        say "warning: group '$g' does not exist on this system"
    fi
done
if staged; then
    say "user $KIOSK_USER: skipped (DESTDIR)"
elif id -u "$KIOSK_USER" >/dev/null 2>&1; then
    [ -n "$groups" ] && usermod -a -G "$groups" "$KIOSK_USER"
    say "user $KIOSK_USER: exists, in groups $groups"
else
    useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home \
        --shell /usr/sbin/nologin ${groups:+--groups "$groups"} "$KIOSK_USER"
    say "user $KIOSK_USER: created (system user, groups $groups)"
fi

# ---- 4. the data folder: database, exports, content from a stick (sensitive) --
d="$DESTDIR$DATA_DIR"
if [ -d "$d" ]; then
    chmod 0700 "$d"
    say "data folder $d: exists, mode 0700"
else
    install -d -m 0700 "$d"
    say "data folder $d: created, mode 0700"
fi
if ! staged; then
    chown "$KIOSK_USER:$KIOSK_USER" "$d"
    say "data folder $d: owned by $KIOSK_USER"
fi
# A content folder loaded from a USB stick on the admin screen lives in the
# data folder (the service can write nowhere else) and comes before the
# bundled content, which this script replaces and which stays the fallback.
for c in content content.previous; do
    if [ -d "$d/$c" ]; then
        if ! staged; then chown -R "$KIOSK_USER:$KIOSK_USER" "$d/$c"; fi
        if [ "$c" = content ]; then
            say "content: the folder loaded from a USB stick ($d/content) is in use; the bundled content is the fallback (rpi/README.md, 3b)"
        fi
    fi
done

# ---- 5. settings: written once, never overwritten ----------------------------
conf="$DESTDIR$CONF_DIR/kiosk.ini"
install -d -m 0755 "$DESTDIR$CONF_DIR"
if [ -e "$conf" ]; then
    say "settings $conf: kept as they are"
else
    tmp="$conf.tmp.$$"
    {
        echo "; agmkiosk settings for this kiosk, written by rpi/install.sh: the"
        echo "; [paths] are set for the installed kiosk, the rest shows the defaults."
        echo "; Running install.sh again keeps this file. After a change:"
        echo ";   sudo systemctl restart agmkiosk"
        echo
        sed -e "s|^; content = content .*|content = $PREFIX/share/agmkiosk/content|" \
            -e "s|^; data = .*|data = $DATA_DIR|" \
            -e "s|^; fonts = fonts .*|fonts = $PREFIX/share/agmkiosk/fonts|" "$ROOT/kiosk.ini"
    } >"$tmp"
    chmod 0644 "$tmp"
    mv "$tmp" "$conf"
    say "settings $conf: created (content, data and fonts paths set)"
fi

# ---- 5b. the sealing key -------------------------------------------------------
if [ -n "$PUBLIC_KEY" ]; then
    key="$DESTDIR$CONF_DIR/sealing-key.pub"
    install -m 0644 "$PUBLIC_KEY" "$key.tmp.$$"
    mv "$key.tmp.$$" "$key"
    tmp="$conf.tmp.$$"
    if grep -Eq '^[;[:space:]]*public_key[[:space:]]*=' "$conf"; then
        sed -E "s|^[;[:space:]]*public_key[[:space:]]*=.*|public_key = $CONF_DIR/sealing-key.pub|" "$conf" >"$tmp"
    else
        { cat "$conf"; printf '\n[privacy]\npublic_key = %s\n' "$CONF_DIR/sealing-key.pub"; } >"$tmp"
    fi
    chmod 0644 "$tmp"
    mv "$tmp" "$conf"
    fp=$(sed -n 's/^fingerprint: //p' "$key" | tr -d '\r')
    say "sealing key $key: installed, fingerprint $fp; set as [privacy] public_key"
elif grep -Eq '^public_key[[:space:]]*=[[:space:]]*[^[:space:];]' "$conf"; then
    say "sealing key: kept ($(grep -E '^public_key' "$conf" | head -n 1))"
else
    say "WARNING: no sealing key: names, emails, phones, messages and questions are stored UNENCRYPTED."
    say "         Make a key pair on the organizers' computer (agmkiosk keygen --out NAME), then run"
    say "         PUBLIC_KEY=NAME.pub sudo -E rpi/install.sh, or install NAME.pub on the admin screen."
fi

# The display, when asked for: [display] output in the settings (kept
# otherwise, like every other setting).
if [ -n "$output" ]; then
    if grep -q '^output[[:space:]]*=' "$conf"; then
        sed -i "s/^output[[:space:]]*=.*/output = $output/" "$conf"
    elif grep -q '^; output = ' "$conf"; then
        sed -i "0,/^; output = .*/s//output = $output/" "$conf"
    elif grep -q '^\[display\]' "$conf"; then
        sed -i "/^\[display\]/a output = $output" "$conf"
    else
        printf '\n[display]\noutput = %s\n' "$output" >>"$conf"
    fi
    say "settings $conf: [display] output = $output"
fi

# ---- 6. the systemd unit -------------------------------------------------------
unit="$DESTDIR$UNIT_DIR/$UNIT"
install -d -m 0755 "$DESTDIR$UNIT_DIR"
say "unit $unit: $(from_template "$ROOT/rpi/$UNIT" "$unit")"

# ---- 6b. USB sticks: the udev rule that automounts them under /media ----------
# Raspberry Pi OS Lite mounts nothing by itself: the rule runs
# PREFIX/lib/agmkiosk/agmkiosk-usb-mount, which sets up /media/LABEL with
# systemd-mount (owned by the kiosk's user, unmounted when idle so the stick
# is clean to pull; rpi/README.md, section 4).
rules="$DESTDIR/etc/udev/rules.d/90-agmkiosk-usb.rules"
install -d -m 0755 "$DESTDIR/etc/udev/rules.d"
if [ "$(from_template "$ROOT/rpi/90-agmkiosk-usb.rules" "$rules")" = installed ]; then
    say "USB sticks: $rules installed (a stick is mounted at /media/LABEL for the kiosk's user)"
else
    say "USB sticks: $rules unchanged"
fi
if ! staged && command -v udevadm >/dev/null 2>&1 && [ -d /run/udev ]; then
    udevadm control --reload 2>/dev/null || true
fi

# ---- 7. console blanking off (kernel command line) ----------------------------
cmdline=""
for f in "$DESTDIR/boot/firmware/cmdline.txt" "$DESTDIR/boot/cmdline.txt"; do
    if [ -f "$f" ]; then cmdline=$f; break; fi
done
if [ -z "$cmdline" ]; then
    say "console blanking: no cmdline.txt under $DESTDIR/boot (not a Raspberry Pi?), skipped"
elif head -n 1 "$cmdline" | grep -Eq '(^|[[:space:]])consoleblank=0([[:space:]]|$)'; then
    say "console blanking: already off in $cmdline"
else
    [ -e "$cmdline.agmkiosk-orig" ] || cp -p "$cmdline" "$cmdline.agmkiosk-orig"
    # The kernel reads only the first line; another consoleblank= is replaced.
    sed -E -i '1{s/(^|[[:space:]])consoleblank=[^[:space:]]*//g; s/[[:space:]]*$/ consoleblank=0/; s/^ //}' "$cmdline"
    say "console blanking: consoleblank=0 added to $cmdline (original kept as $cmdline.agmkiosk-orig)"
fi
# --output=dsi: HDMI off for the kernel (video=HDMI-A-N:d), so the DSI panel
# is the card's only display; another --output gives HDMI back.
if [ -n "$cmdline" ] && [ -n "$output" ]; then
    [ -e "$cmdline.agmkiosk-orig" ] || cp -p "$cmdline" "$cmdline.agmkiosk-orig"
    sed -E -i '1{s/(^|[[:space:]])video=HDMI-A-[12]:d//g; s/^ //}' "$cmdline"
    if [ "$output" = dsi ] || [ "$output" = DSI ]; then
        sed -E -i '1s/[[:space:]]*$/ video=HDMI-A-1:d video=HDMI-A-2:d/' "$cmdline"
        say "HDMI: turned off in $cmdline (video=HDMI-A-1:d video=HDMI-A-2:d; the kiosk is on the DSI panel)"
    else
        say "HDMI: on (output = $output)"
    fi
fi

# ---- 8. enable the service (the console login on tty1 gives way) ------------
sysctl_root=""
staged && sysctl_root="--root=$DESTDIR"
# (the enablement symlinks are tested with -L: under DESTDIR they point to
# absolute paths outside it)
if [ -L "$DESTDIR$UNIT_DIR/getty.target.wants/getty@tty1.service" ]; then
    if staged; then
        # systemctl --root wants getty@.service inside DESTDIR; the link is all.
        rm -f "$DESTDIR$UNIT_DIR/getty.target.wants/getty@tty1.service"
    else
        systemctl disable getty@tty1.service
    fi
    say "login prompt on tty1: disabled (the kiosk uses tty1; tty2..tty6 and SSH remain)"
else
    say "login prompt on tty1: not enabled, nothing to do"
fi
if ! staged && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
fi
if [ -L "$DESTDIR$UNIT_DIR/multi-user.target.wants/$UNIT" ]; then
    say "service $UNIT: already enabled"
else
    # shellcheck disable=SC2086
    systemctl $sysctl_root enable "$UNIT"
    say "service $UNIT: enabled (starts at boot)"
fi
if ! staged && [ -d /run/systemd/system ] && systemctl is-active --quiet "$UNIT"; then
    systemctl restart "$UNIT"
    say "service $UNIT: restarted with the new version"
fi

if staged; then
    say "done: staged in $DESTDIR"
else
    say "done. Reboot to start the kiosk: sudo reboot"
fi
