#!/bin/sh
# rpi/agmkiosk-launch on fake /sys/class/drm trees: a connected DSI panel's
# card number becomes SDL_KMSDRM_DEVICE_INDEX (Pi 5), otherwise SDL chooses;
# a value already set is kept; the program is exec'd (same PID, for
# sd_notify) with its arguments intact.
# agm: native-only
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
. "$AGM_ROOT/tests/e2e/lib.sh"
same() { # same DESCRIPTION GOT WANT
    if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}

launch=$AGM_ROOT/rpi/agmkiosk-launch
# The "program": prints the index it was given and its arguments.
prog=$tmp/prog
cat >"$prog" <<'EOF'
#!/bin/sh
echo "index=${SDL_KMSDRM_DEVICE_INDEX:-unset}"
for a in "$@"; do echo "arg=$a"; done
EOF
chmod 755 "$prog"

# connector DIR NAME STATUS: a connector entry as the kernel shows it.
connector() { mkdir -p "$1/$2"; echo "$3" >"$1/$2/status"; }
index_for() { # index_for SYSFS: the index the launcher hands the program
    env -u SDL_KMSDRM_DEVICE_INDEX AGM_DRM_SYSFS="$1" sh "$launch" "$prog" </dev/null 2>/dev/null | sed -n 's/^index=//p'
}

# Pi 5 with a DSI panel and an HDMI monitor: the panel's card.
s=$tmp/pi5; mkdir -p "$s/card0" "$s/card1" "$s/card2"
connector "$s" card1-HDMI-A-1 connected
connector "$s" card1-HDMI-A-2 disconnected
connector "$s" card2-DSI-1 connected
same "Pi 5 DSI panel" "$(index_for "$s")" 2
msg=$(env -u SDL_KMSDRM_DEVICE_INDEX AGM_DRM_SYSFS="$s" sh "$launch" "$prog" 2>&1 >/dev/null </dev/null)
case $msg in *"card2-DSI-1"*"SDL_KMSDRM_DEVICE_INDEX=2"*) ok ;; *) bad "no log line naming the panel: '$msg'" ;; esac

# The card numbers moved at this boot; two-digit numbers.
s=$tmp/moved; mkdir -p "$s"
connector "$s" card0-HDMI-A-1 disconnected
connector "$s" card11-DSI-2 connected
same "two-digit card" "$(index_for "$s")" 11

# A DSI connector with no panel on it does not count.
s=$tmp/nopanel; mkdir -p "$s"
connector "$s" card1-HDMI-A-1 connected
connector "$s" card2-DSI-1 disconnected
same "disconnected DSI" "$(index_for "$s")" unset

# Pi 4 / HDMI only, and a machine with no DRM at all: SDL chooses.
s=$tmp/hdmi; mkdir -p "$s"
connector "$s" card1-HDMI-A-1 connected
same "HDMI only" "$(index_for "$s")" unset
same "no DRM" "$(index_for "$tmp/none")" unset

# A value set by the administrator (a unit drop-in) is kept.
got=$(SDL_KMSDRM_DEVICE_INDEX=7 AGM_DRM_SYSFS="$tmp/pi5" sh "$launch" "$prog" </dev/null 2>/dev/null | sed -n 's/^index=//p')
same "preset index kept" "$got" 7

# Arguments arrive unchanged.
args=$(AGM_DRM_SYSFS="$tmp/none" sh "$launch" "$prog" --config "/etc/a b/kiosk.ini" '' 'x"y' </dev/null | grep '^arg=' | tr '\n' '|')
same "arguments" "$args" 'arg=--config|arg=/etc/a b/kiosk.ini|arg=|arg=x"y|'

# exec: the program runs as the launcher's own process.
pids=$(AGM_DRM_SYSFS="$tmp/none" sh -c 'echo $$; exec sh "$1" sh -c "echo \$\$"' sh "$launch" </dev/null)
same "same PID after exec" "$(echo "$pids" | sed -n 2p)" "$(echo "$pids" | sed -n 1p)"

# The exit status is the program's.
AGM_DRM_SYSFS="$tmp/none" sh "$launch" sh -c 'exit 3' </dev/null
same "exit status passed on" "$?" 3

# No program: usage, exit 2.
sh "$launch" >"$tmp/out" 2>&1 </dev/null
same "no program: exit 2" "$?" 2
if grep -q 'usage: agmkiosk-launch PROGRAM' "$tmp/out"; then ok; else bad "no usage message"; fi

e2e_summary
