#!/bin/sh
# The kiosk fullscreen on a real X server larger than its default window,
# with no window manager (plain X on a Pi): the window takes the display's
# size, the picture grabbed from the server is the one the program renders
# at that size, and a pointer tap on a tile lands on that tile; the same for
# the slideshow (its first slides, a tap going on), and a slideshow started
# in a window takes the display's size when F turns it fullscreen. Needs Xvfb,
# xdotool, xwd and python3 (tools/deps.sh installs them on Debian); where
# they are missing it says so and checks nothing.
# agm: native-only
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
. "$AGM_ROOT/tests/e2e/lib.sh"

for tool in Xvfb xdotool xwd python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "skip: $tool is not installed (Debian: xvfb xdotool x11-apps python3); nothing checked"
        e2e_summary
        exit $?
    fi
done

W=1920 H=1080
pic="python3 $AGM_ROOT/tests/e2e/xpicture.py"

# What the program draws at that size, and where its controls are.
A render --out "$tmp/ref" --size ${W}x$H --screen home --controls >/dev/null 2>&1 &&
    A render --out "$tmp/ref" --size ${W}x$H --screen report >/dev/null 2>&1 ||
    fail "render at ${W}x$H"

# A server of its own (it picks a free display number).
Xvfb -displayfd 3 -screen 0 ${W}x${H}x24 -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xpid=$!
n=0
while [ ! -s "$tmp/display" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
if [ ! -s "$tmp/display" ]; then
    kill "$xpid" 2>/dev/null
    echo "skip: Xvfb did not start ($(head -c 200 "$tmp/xvfb.log")); nothing checked"
    e2e_summary
    exit $?
fi
export DISPLAY=":$(cat "$tmp/display")"
kpid=""
cleanup() {
    [ -n "$kpid" ] && kill "$kpid" 2>/dev/null
    kill "$xpid" 2>/dev/null
    wait 2>/dev/null
}
trap 'cleanup; rm -rf "$tmp"' EXIT

cat >"$tmp/kiosk.ini" <<INI
[display]
fullscreen = true
INI
# No session bus to be found (as under plain X started by hand, or the
# kiosk's service): a dbus-launch first on the PATH notes if it is run,
# which libdbus would do at every start to "autolaunch" a bus.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/dbus-launch" <<SH
#!/bin/sh
echo "\$*" >>"$tmp/dbus-launch.ran"
exit 1
SH
chmod +x "$tmp/bin/dbus-launch"
# (the test runner sets SDL_VIDEODRIVER=dummy for everything else)
env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR PATH="$tmp/bin:$PATH" SDL_VIDEODRIVER=x11 \
    "$AGMKIOSK" --content "$AGM_ROOT/content" --data "$tmp/data" --config "$tmp/kiosk.ini" >"$tmp/kiosk.log" 2>&1 &
kpid=$!

# The window appears (the first frame may take a while under a sanitizer).
win=""
n=0
while [ -z "$win" ] && [ $n -lt 300 ]; do
    sleep 0.1
    n=$((n + 1))
    win=$(xdotool search --onlyvisible --name '^agmkiosk$' 2>/dev/null | tail -n 1)
done
if [ -z "$win" ]; then
    fail "no kiosk window on $DISPLAY: $(tail -n 5 "$tmp/kiosk.log")"
    e2e_summary
    exit $?
fi
sleep 2
# (SDL may make and drop a first window while it sets up: ask again)
win=$(xdotool search --onlyvisible --name '^agmkiosk$' 2>/dev/null | tail -n 1)

geo=$(xdotool getwindowgeometry --shell "$win" | tr '\n' ' ')
case $geo in
    *"X=0 "*"Y=0 "*"WIDTH=$W "*"HEIGHT=$H "*) ok "the window takes the whole ${W}x$H display" ;;
    *) fail "window geometry: $geo (want 0,0 ${W}x$H)" ;;
esac

if [ -e "$tmp/dbus-launch.ran" ]; then
    fail "with no session bus, dbus-launch was run: $(head -c 200 "$tmp/dbus-launch.ran")"
else
    ok "with no session bus, no bus is started (dbus-launch not run)"
fi

# With no window manager the window is made the display's size without
# asking for fullscreen, which SDL would wait 100 ms for at every start.
if grep -q "fullscreen: no window manager, so a borderless window the display's size" "$tmp/kiosk.log"; then
    ok "no window manager: a borderless window, not a fullscreen request"
else
    fail "no window manager, but no borderless window: $(grep -i fullscreen "$tmp/kiosk.log" | head -n 3)"
fi

# grab NAME: the whole screen as the server shows it
grab() { xwd -root -silent >"$tmp/$1.xwd" && $pic size "$tmp/$1.xwd"; }
# like NAME PNG WHAT: the grab looks like the rendered picture
like() {
    d=$($pic diff "$tmp/$1.xwd" "$2")
    mean=${d% *} max=${d#* }
    if awk -v m="$mean" -v x="$max" 'BEGIN { exit !(m < 4 && x < 40) }'; then
        ok "$3 (block difference: mean $mean, largest $max)"
    else
        fail "$3: the grab differs from the rendered picture (mean $mean, largest $max of 255)"
    fi
}

# A tap anywhere leaves the attract loop for home.
xdotool mousemove $((W / 2)) $((H / 2)) click 1
sleep 1.5
size=$(grab home)
[ "$size" = "${W}x$H" ] && ok "grab is ${W}x$H" || fail "grab size $size"
like home "$tmp/ref/home.png" "the home screen fills the display as rendered at ${W}x$H"

# A tap at the centre of the Report tile opens the report.
set -- $(grep '^home.report ' "$tmp/ref/home.controls")
if [ $# -eq 5 ]; then
    xdotool mousemove $(($2 + $4 / 2)) $(($3 + $5 / 2)) click 1
    sleep 1.5
    grab report >/dev/null
    like report "$tmp/ref/report.png" "a tap on the Report tile opens the report"
else
    fail "no home.report in the rendered controls"
fi

kill "$kpid" 2>/dev/null
wait "$kpid" 2>/dev/null
kpid=""

# The slideshow on the same display: the window takes the display's size
# and shows the slides as rendered at that size; a tap on the right third
# goes on to the next slide.
A render --slides --out "$tmp/slides" --size ${W}x$H >/dev/null 2>&1 || fail "render --slides at ${W}x$H"
# wait_window TITLE: the id of the visible window named TITLE, or nothing
wait_window() {
    w=""
    n=0
    while [ -z "$w" ] && [ $n -lt 300 ]; do
        sleep 0.1
        n=$((n + 1))
        w=$(xdotool search --onlyvisible --name "^$1\$" 2>/dev/null | tail -n 1)
    done
    [ -n "$w" ] && sleep 2 && w=$(xdotool search --onlyvisible --name "^$1\$" 2>/dev/null | tail -n 1)
    echo "$w"
}
# like_soon NAME PNG WHAT: like, allowing the program up to 30 s to draw it
# (a deck laid out again for a new size takes a while under a sanitizer)
like_soon() {
    n=0
    while [ $n -lt 30 ]; do
        grab "$1" >/dev/null
        d=$($pic diff "$tmp/$1.xwd" "$2")
        mean=${d% *} max=${d#* }
        awk -v m="$mean" -v x="$max" 'BEGIN { exit !(m < 4 && x < 40) }' && break
        sleep 1
        n=$((n + 1))
    done
    like "$1" "$2" "$3"
}
# first_frame LOG: wait until the program says it showed its first frame
# (slow under a sanitizer: input sent before it may be lost)
first_frame() {
    n=0
    while ! grep -q "first frame" "$1" 2>/dev/null && [ $n -lt 600 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    sleep 1
}
# geometry_is WIN WHAT: the window covers the whole display
geometry_is() {
    n=0
    while :; do
        geo=$(xdotool getwindowgeometry --shell "$1" | tr '\n' ' ')
        case $geo in *"X=0 "*"Y=0 "*"WIDTH=$W "*"HEIGHT=$H "*) break ;; esac
        [ $n -ge 30 ] && break
        sleep 1
        n=$((n + 1))
    done
    case $geo in
        *"X=0 "*"Y=0 "*"WIDTH=$W "*"HEIGHT=$H "*) ok "$2 takes the whole ${W}x$H display" ;;
        *) fail "$2: window geometry $geo (want 0,0 ${W}x$H)" ;;
    esac
}
SDL_VIDEODRIVER=x11 A --config "$tmp/kiosk.ini" --slideshow >"$tmp/show.log" 2>&1 &
kpid=$!
win=$(wait_window 'agmkiosk slideshow')
first_frame "$tmp/show.log"
if [ -n "$win" ]; then
    geometry_is "$win" "the slideshow window"
    like_soon slide1 "$tmp/slides/slide-01.png" "the first slide fills the display as rendered at ${W}x$H"
    xdotool mousemove $((W * 5 / 6)) $((H / 2)) click 1
    sleep 1.5
    like_soon slide2 "$tmp/slides/slide-02.png" "a tap on the right third shows the second slide"
else
    fail "no slideshow window on $DISPLAY: $(tail -n 5 "$tmp/show.log")"
fi
kill "$kpid" 2>/dev/null
wait "$kpid" 2>/dev/null
kpid=""

# A slideshow started in a window and turned fullscreen with F: with no
# window manager to honour the request, the window is made the display's size.
SDL_VIDEODRIVER=x11 A --slideshow --windowed 1280x800 >"$tmp/show2.log" 2>&1 &
kpid=$!
win=$(wait_window 'agmkiosk slideshow')
first_frame "$tmp/show2.log"
if [ -n "$win" ]; then
    xdotool mousemove 640 400 key f
    sleep 1.5
    geometry_is "$win" "the slideshow turned fullscreen with F"
    like_soon slide1f "$tmp/slides/slide-01.png" "the slide is laid out again for the whole display"
    xdotool key f
    n=0
    while :; do
        sleep 1
        geo=$(xdotool getwindowgeometry --shell "$win" | tr '\n' ' ')
        case $geo in *"WIDTH=1280 "*"HEIGHT=800 "*) break ;; esac
        [ $n -ge 30 ] && break
        n=$((n + 1))
    done
    case $geo in
        *"WIDTH=1280 "*"HEIGHT=800 "*) ok "F again: the window is back to 1280x800" ;;
        *) fail "F again: window geometry $geo (want 1280x800)" ;;
    esac
else
    fail "no windowed slideshow on $DISPLAY: $(tail -n 5 "$tmp/show2.log")"
fi
kill "$kpid" 2>/dev/null
wait "$kpid" 2>/dev/null
kpid=""
e2e_summary
