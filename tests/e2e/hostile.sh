#!/bin/sh
# End-to-end regressions of a hostile pass over the command line: each
# check failed before its fix.
#  - no core dump of a process that holds personal data or a secret key:
#    `agmkiosk open` waiting for the passphrase runs with a core size
#    limit of 0 and is not dumpable (as is every other command, the kiosk
#    included: main() sets both first).
#  - keygen --out (or --kdf) without its value says so, instead of
#    "unexpected argument".
#
# env: AGMKIOSK (the binary), AGM_ROOT (the repository)
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
. "$AGM_ROOT/tests/e2e/lib.sh"
T=$tmp
cd "$T" || exit 1

# The pid of the agmkiosk process started as (or under) pid $1, not of the
# shell or wrapper around it; empty when none shows up within 10 s.
find_agm() {
    for _ in $(seq 1 200); do
        for p in "$1" $(pgrep -P "$1" 2>/dev/null) $(pgrep -P "$(pgrep -P "$1" 2>/dev/null | head -n 1)" 2>/dev/null); do
            case "$(readlink "/proc/$p/exe" 2>/dev/null)" in
            */agmkiosk) echo "$p"; return ;;
            esac
        done
        sleep 0.05
    done
}

# ---- no core dumps -----------------------------------------------------------
printf 'a long passphrase\na long passphrase\n' | A keygen --out org --kdf interactive >"$T/out" 2>&1 ||
    fail "keygen: $(cat "$T/out")"
printf '"uuid","seq","kiosk_id","created_at","lang","status","topic","name","text","may_show","sealed_to"\r\n' >q.csv
mkfifo "$T/pass"
ulimit -c unlimited 2>/dev/null || ulimit -c 1024 2>/dev/null
"$AGMKIOSK" open --key org.key q.csv -o opened <"$T/pass" >"$T/out" 2>&1 &
pid=$!
exec 3>"$T/pass" # the passphrase never comes: open waits for it
p=$(find_agm $pid)
if [ -z "$p" ]; then
    echo "skipped: no agmkiosk process under /proc (an emulated build)"
else
    # found right after exec, main() may not have run yet: give it 5 s
    for _ in $(seq 1 100); do
        core=$(awk '/^Max core file size/ { print $5 " " $6 }' "/proc/$p/limits")
        [ "$core" = "0 0" ] && break
        sleep 0.05
    done
    [ "$core" = "0 0" ] && ok "open waiting for a passphrase: core size limit 0" ||
        fail "open waiting for a passphrase: core size limit '$core', not 0"
fi
exec 3>&-
wait $pid 2>/dev/null

# Not dumpable: the /proc files of a process that is not dumpable belong to
# root, not to the user it runs as; seen when it runs as another user.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 && [ -n "$p" ]; then
    chmod 755 "$T"
    chown 65534 org.key
    rm -f "$T/pass"
    mkfifo -m 666 "$T/pass"
    setpriv --reuid=65534 --regid=65534 --clear-groups "$AGMKIOSK" open --key org.key q.csv -o /nonexistent/x \
        <"$T/pass" >/dev/null 2>&1 &
    pid=$!
    exec 3>"$T/pass"
    p=$(find_agm $pid)
    for _ in $(seq 1 100); do
        owner=$(stat -c %u "/proc/$p/environ" 2>/dev/null)
        [ "$owner" = 0 ] && break
        sleep 0.05
    done
    [ -n "$p" ] && [ "$owner" = 0 ] && ok "open waiting for a passphrase: not dumpable" ||
        fail "open waiting for a passphrase is dumpable (its /proc files belong to uid '$owner')"
    exec 3>&-
    wait $pid 2>/dev/null
else
    echo "skipped: the dumpable check needs root and setpriv"
fi

# ---- command-line misuse: a missing value is named as such -------------------
A keygen --out >"$T/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q -- "--out needs a value" "$T/out" && ok "keygen --out without a name" ||
    fail "keygen --out without a name: exit $rc: $(cat "$T/out")"
A keygen --out x --kdf >"$T/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q -- "--kdf needs a value" "$T/out" && ok "keygen --kdf without a cost" ||
    fail "keygen --kdf without a cost: exit $rc: $(cat "$T/out")"

e2e_summary
