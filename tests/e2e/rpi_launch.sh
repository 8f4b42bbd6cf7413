#!/bin/sh
# rpi/agmkiosk-launch on fake /sys/class/drm trees: `[display] output`
# (auto, dsi, hdmi, a connector) picks the card of a connected connector and
# always sets SDL_KMSDRM_DEVICE_INDEX to it; it waits, a bounded time, for a
# display that is not connected yet; a value already set is kept; a second
# display on the same card is warned about; the program is exec'd (same PID,
# for sd_notify) with its arguments intact.
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
cat >"$prog" <<'P'
#!/bin/sh
echo "index=${SDL_KMSDRM_DEVICE_INDEX:-unset}"
echo "display=${AGM_SDL_DISPLAY:-unset}"
for a in "$@"; do echo "arg=$a"; done
P
chmod 755 "$prog"
# settings OUTPUT: a kiosk.ini with [display] output = OUTPUT
settings() { printf '[kiosk]\nid = t\n[display]\nrotation = 0\noutput = %s   ; a comment\n[slideshow]\n' "$1" >"$tmp/$1.ini"; echo "$tmp/$1.ini"; }

# connector DIR NAME STATUS [ID]: a connector entry as the kernel shows it
# (connector_id where the kernel has it).
connector() { mkdir -p "$1/$2"; echo "$3" >"$1/$2/status"; [ -z "${4:-}" ] || echo "$4" >"$1/$2/connector_id"; }
display_for() { # display_for SYSFS [OUTPUT]: SDL's display number the program is given
    env -u SDL_KMSDRM_DEVICE_INDEX -u AGM_SDL_DISPLAY AGM_OUTPUT_WAIT=0 AGM_DRM_SYSFS="$1" sh "$launch" "$prog" \
        --config "$(settings "${2:-auto}")" </dev/null 2>/dev/null | sed -n 's/^display=//p'
}
index_for() { # index_for SYSFS [OUTPUT]: the index the launcher hands the program
    env -u SDL_KMSDRM_DEVICE_INDEX AGM_OUTPUT_WAIT=0 AGM_DRM_SYSFS="$1" sh "$launch" "$prog" \
        --config "$(settings "${2:-auto}")" </dev/null 2>/dev/null | sed -n 's/^index=//p'
}

# Pi 5 with a DSI panel and an HDMI monitor: the panel's card, unless asked.
s=$tmp/pi5; mkdir -p "$s/card0" "$s/card1" "$s/card2"
connector "$s" card1-HDMI-A-1 connected
connector "$s" card1-HDMI-A-2 disconnected
connector "$s" card2-DSI-1 connected
same "Pi 5 DSI panel (auto)" "$(index_for "$s")" 2
same "Pi 5 output = dsi" "$(index_for "$s" dsi)" 2
same "Pi 5 output = hdmi" "$(index_for "$s" hdmi)" 1
same "Pi 5 output = HDMI-A-1" "$(index_for "$s" HDMI-A-1)" 1
same "Pi 5 output = DSI-1" "$(index_for "$s" DSI-1)" 2
same "Pi 5 output = HDMI-A-2 (not connected)" "$(index_for "$s" HDMI-A-2)" unset
msg=$(env -u SDL_KMSDRM_DEVICE_INDEX AGM_OUTPUT_WAIT=0 AGM_DRM_SYSFS="$s" sh "$launch" "$prog" 2>&1 >/dev/null </dev/null)
case $msg in *"card2-DSI-1"*"SDL_KMSDRM_DEVICE_INDEX=2"*) ok ;; *) bad "no log line naming the panel: '$msg'" ;; esac
msg=$(env -u SDL_KMSDRM_DEVICE_INDEX AGM_OUTPUT_WAIT=0 AGM_DRM_SYSFS="$s" sh "$launch" "$prog" --config "$(settings HDMI-A-2)" 2>&1 >/dev/null </dev/null)
case $msg in *"nothing connected after 0 s"*) ok ;; *) bad "no line saying nothing is connected: '$msg'" ;; esac

# The card numbers moved at this boot; two-digit numbers sort as numbers.
s=$tmp/moved; mkdir -p "$s"
connector "$s" card0-HDMI-A-1 disconnected
connector "$s" card11-DSI-2 connected
same "two-digit card" "$(index_for "$s")" 11
s=$tmp/order; mkdir -p "$s"
connector "$s" card10-HDMI-A-1 connected
connector "$s" card9-HDMI-A-1 connected
same "card 9 before card 10" "$(index_for "$s")" 9

# A DSI connector with no panel on it does not count: HDMI's card.
s=$tmp/nopanel; mkdir -p "$s"
connector "$s" card1-HDMI-A-1 connected
connector "$s" card2-DSI-1 disconnected
same "disconnected DSI" "$(index_for "$s")" 1

# HDMI only (a Pi 4 with a monitor, a virtual machine): its card, always.
s=$tmp/hdmi; mkdir -p "$s"
connector "$s" card1-HDMI-A-1 connected
same "HDMI only" "$(index_for "$s")" 1
s=$tmp/vm; mkdir -p "$s"
connector "$s" card0-Virtual-1 connected
same "virtual machine" "$(index_for "$s")" 0
same "no DRM" "$(index_for "$tmp/none")" unset

# Pi 4: DSI and HDMI on one card: the card, and a warning about the other.
s=$tmp/pi4; mkdir -p "$s"
connector "$s" card1-HDMI-A-1 connected
connector "$s" card1-DSI-1 connected
same "Pi 4 output = dsi" "$(index_for "$s" dsi)" 1
msg=$(env -u SDL_KMSDRM_DEVICE_INDEX AGM_OUTPUT_WAIT=0 AGM_DRM_SYSFS="$s" sh "$launch" "$prog" --config "$(settings dsi)" 2>&1 >/dev/null </dev/null)
case $msg in *"card1 also has HDMI-A-1 connected: the kiosk opens on DSI-1"*"--output=dsi"*) ok ;; *) bad "no line about HDMI on the panel's card: '$msg'" ;; esac
# SDL numbers the card's connected displays in the kernel's order (connector
# ids; vc4 makes HDMI first): the panel is SDL's display 1, HDMI display 0.
s=$tmp/pi4ids; mkdir -p "$s"
connector "$s" card1-HDMI-A-1 connected 33
connector "$s" card1-HDMI-A-2 disconnected 42
connector "$s" card1-DSI-1 connected 51
same "Pi 4 output = dsi: SDL display" "$(display_for "$s" dsi)" 1
same "Pi 4 output = auto: the panel, SDL display" "$(display_for "$s")" 1
same "Pi 4 output = hdmi: SDL display" "$(display_for "$s" hdmi)" 0
echo disconnected >"$s/card1-HDMI-A-1/status"
same "Pi 4, HDMI unplugged: the panel is SDL's only display" "$(display_for "$s" dsi)" 0
# Ids decide, not names (10 after 9), and a connector without modes is no display.
s=$tmp/ids; mkdir -p "$s"
connector "$s" card0-Virtual-1 connected 10
connector "$s" card0-Virtual-2 connected 9
connector "$s" card0-Virtual-3 connected 11
: >"$s/card0-Virtual-2/modes"
same "two outputs: Virtual-1" "$(display_for "$s" Virtual-1)" 0
echo 1280x800 >"$s/card0-Virtual-2/modes"
same "two outputs, ids out of name order: Virtual-1" "$(display_for "$s" Virtual-1)" 1
same "two outputs, ids out of name order: Virtual-2" "$(display_for "$s" Virtual-2)" 0
same "three outputs: Virtual-3" "$(display_for "$s" Virtual-3)" 2
msg=$(env -u SDL_KMSDRM_DEVICE_INDEX AGM_OUTPUT_WAIT=0 AGM_DRM_SYSFS="$s" sh "$launch" "$prog" --config "$(settings Virtual-3)" 2>&1 >/dev/null </dev/null)
case $msg in *"output = Virtual-3: card0-Virtual-3: SDL_KMSDRM_DEVICE_INDEX=0, display 2 of 3 on card0"*) ok ;; *) bad "no line naming the display: '$msg'" ;; esac
# Without connector ids (older kernels) the names order them.
s=$tmp/noids; mkdir -p "$s"
connector "$s" card0-Virtual-2 connected
connector "$s" card0-Virtual-1 connected
same "no connector ids: Virtual-2" "$(display_for "$s" Virtual-2)" 1
same "one display: 0" "$(display_for "$tmp/vm")" 0
same "no display: not set" "$(display_for "$tmp/none")" unset

# A panel that is connected a little after the start (the driver loading at
# boot, a slow panel): waited for, within the bound.
s=$tmp/late; mkdir -p "$s"
connector "$s" card0-HDMI-A-1 disconnected
connector "$s" card1-DSI-1 disconnected
( sleep 1; echo connected >"$s/card1-DSI-1/status" ) &
t0=$(date +%s)
out=$(env -u SDL_KMSDRM_DEVICE_INDEX AGM_OUTPUT_WAIT=10 AGM_DRM_SYSFS="$s" sh "$launch" "$prog" --config "$(settings dsi)" 2>"$tmp/late.err" </dev/null)
wait
same "late panel waited for" "$(echo "$out" | sed -n 's/^index=//p')" 1
if [ $(( $(date +%s) - t0 )) -le 5 ]; then ok; else bad "waited longer than needed"; fi
if grep -q 'waiting up to 10 s' "$tmp/late.err" && grep -q 'card1-DSI-1 (after [0-9]* s)' "$tmp/late.err"; then ok; else bad "wait not told: $(cat "$tmp/late.err")"; fi
# ... and the wait is bounded.
t0=$(date +%s)
env -u SDL_KMSDRM_DEVICE_INDEX AGM_OUTPUT_WAIT=2 AGM_DRM_SYSFS="$tmp/none" sh "$launch" "$prog" </dev/null >/dev/null 2>&1
e=$(( $(date +%s) - t0 ))
if [ "$e" -ge 2 ] && [ "$e" -le 4 ]; then ok; else bad "bounded wait took $e s (want 2)"; fi

# A value set by the administrator (a unit drop-in) is kept.
got=$(SDL_KMSDRM_DEVICE_INDEX=7 AGM_DRM_SYSFS="$tmp/pi5" sh "$launch" "$prog" </dev/null 2>/dev/null | sed -n 's/^index=//p')
same "preset index kept" "$got" 7

# Arguments arrive unchanged.
args=$(AGM_OUTPUT_WAIT=0 AGM_DRM_SYSFS="$tmp/none" sh "$launch" "$prog" --config "/etc/a b/kiosk.ini" '' 'x"y' </dev/null 2>/dev/null | grep '^arg=' | tr '\n' '|')
same "arguments" "$args" 'arg=--config|arg=/etc/a b/kiosk.ini|arg=|arg=x"y|'

# exec: the program runs as the launcher's own process.
pids=$(AGM_OUTPUT_WAIT=0 AGM_DRM_SYSFS="$tmp/none" sh -c 'echo $$; exec sh "$1" sh -c "echo \$\$"' sh "$launch" </dev/null 2>/dev/null)
same "same PID after exec" "$(echo "$pids" | sed -n 2p)" "$(echo "$pids" | sed -n 1p)"

# The exit status is the program's.
AGM_OUTPUT_WAIT=0 AGM_DRM_SYSFS="$tmp/none" sh "$launch" sh -c 'exit 3' </dev/null 2>/dev/null
same "exit status passed on" "$?" 3

# No program: usage, exit 2.
sh "$launch" >"$tmp/out" 2>&1 </dev/null
same "no program: exit 2" "$?" 2
if grep -q 'usage: agmkiosk-launch PROGRAM' "$tmp/out"; then ok; else bad "no usage message"; fi

e2e_summary
