#!/bin/sh
# The systemd unit as rpi/install.sh installs it: `systemd-analyze verify`
# accepts it (with its paths pointed into a scratch install so that the
# launcher it starts exists), it has the settings the kiosk relies on, and
# its exposure score (`systemd-analyze security`) stays low. Broken copies
# must be rejected, so the check itself is shown to work here.
# agm: native-only
set -u
: "${AGM_ROOT:?run through tests/run.sh}" "${AGM_BUILD:?}"
. "$AGM_ROOT/tests/e2e/lib.sh"

unset MAKEFLAGS MFLAGS MAKELEVEL

if ! command -v systemd-analyze >/dev/null; then
    echo "FAIL: systemd-analyze not found (tools/deps.sh installs systemd)"
    echo "0 passed, 1 failed"
    exit 1
fi

R=$tmp/root
if env DESTDIR="$R" B="$AGM_BUILD" sh "$AGM_ROOT/rpi/install.sh" --no-build >"$tmp/install.log" 2>&1; then
    ok
else
    bad "staged install failed"; cat "$tmp/install.log"
fi
unit=$R/etc/systemd/system/agmkiosk.service

# verify_unit FILE: 0 when systemd-analyze accepts FILE without a complaint
# about it. (It exits 0 on unknown keys and bad values, which it only prints;
# complaints about the host's own units are not ours.)
verify_unit() {
    out=$(systemd-analyze verify --man=no "$1" 2>&1)
    rc=$?
    echo "$out" >"$tmp/verify.out"
    [ $rc -eq 0 ] && ! echo "$out" | grep -q "$(basename "$1")"
}

# The installed unit, its /usr/local paths pointed into the scratch root.
mkdir -p "$tmp/v"
sed "s|/usr/local/|$R/usr/local/|g" "$unit" >"$tmp/v/agmkiosk.service"
if verify_unit "$tmp/v/agmkiosk.service"; then ok; else bad "systemd-analyze verify:"; cat "$tmp/verify.out"; fi

# What the kiosk relies on, line by line.
for want in \
    Type=notify NotifyAccess=main WatchdogSec=30 Restart=always RestartSec=2 RestartPreventExitStatus=0 \
    TTYPath=/dev/tty1 StandardInput=tty Conflicts=getty@tty1.service \
    User=agmkiosk "SupplementaryGroups=video render input" \
    Environment=SDL_VIDEODRIVER=kmsdrm ReadWritePaths=/var/lib/agmkiosk ReadWritePaths=-/media \
    ProtectSystem=strict ProtectHome=yes PrivateTmp=yes NoNewPrivileges=yes \
    IPAddressDeny=any UMask=0077 WantedBy=multi-user.target \
    RequiresMountsFor=/var/lib/agmkiosk CacheDirectory=agmkiosk Environment=XDG_CACHE_HOME=/var/cache/agmkiosk; do
    if grep -qx "$want" "$unit"; then ok; else bad "unit lacks '$want'"; fi
done
if grep -q '^After=.*systemd-user-sessions.service' "$unit"; then ok; else bad "unit not After=systemd-user-sessions.service"; fi
# Nothing may be writable but the data folder and /media.
rw=$(grep '^ReadWritePaths=' "$unit" | grep -v -x -e 'ReadWritePaths=/var/lib/agmkiosk' -e 'ReadWritePaths=-/media')
if [ -z "$rw" ]; then ok; else bad "unexpected writable paths: $rw"; fi

# The exposure score: 3.1 when written; a change that opens it up fails here.
score=$(systemd-analyze security --offline=yes "$tmp/v/agmkiosk.service" 2>&1 |
        sed -n 's/.*Overall exposure level for agmkiosk.service: \([0-9.]*\).*/\1/p')
if [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 3.5) }'; then
    ok
else
    bad "exposure level '${score:-none}' (want at most 3.5)"
fi

# The check can fail: a bad value, an unknown key and a missing program.
sed 's/^Type=notify/Type=notfy/' "$tmp/v/agmkiosk.service" >"$tmp/v/bad1.service"
sed 's/^WatchdogSec=30/WatchdogSecs=30/' "$tmp/v/agmkiosk.service" >"$tmp/v/bad2.service"
sed "s|^ExecStart=[^ ]*|ExecStart=$R/usr/local/lib/agmkiosk/no-such-launcher|" "$tmp/v/agmkiosk.service" >"$tmp/v/bad3.service"
for b in bad1 bad2 bad3; do
    if verify_unit "$tmp/v/$b.service"; then bad "verify accepted the broken $b.service"; else ok; fi
done

e2e_summary
