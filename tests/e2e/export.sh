#!/bin/sh
# End to end: export, status, merge and set-pin through the real binary.
# Rows are put into a schema-v1 database with the sqlite3 shell (the binary
# migrates it), so this also covers opening a kiosk's older database.
set -u
A=${AGMKIOSK:?run through tests/run.sh}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
# expect DESC CODE CMD...: run CMD, keep stdout+stderr in $T/out, check the exit code
expect() {
    desc=$1 want=$2; shift 2
    "$@" >"$T/out" 2>&1
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$desc: exit $got, expected $want"; sed 's/^/    /' "$T/out"; fi
}
has() { # has DESC TEXT: $T/out contains TEXT
    if grep -qF -- "$2" "$T/out"; then ok; else bad "$1: output lacks '$2'"; sed 's/^/    /' "$T/out"; fi
}
is() { # is DESC A B
    if [ "$2" = "$3" ]; then ok; else bad "$1: '$2' != '$3'"; fi
}

# A kiosk database as schema v1 wrote it: hostile text, CJK, empty fields.
make_db() { # make_db DATA KIOSK FIRSTSEQ COUNT
    mkdir -p "$1"
    fresh=0
    [ -f "$1/agmkiosk.db" ] || fresh=1
    {
        echo "PRAGMA journal_mode=WAL; BEGIN;"
        echo "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        echo "CREATE TABLE IF NOT EXISTS questions(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', topic TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'new');"
        echo "CREATE TABLE IF NOT EXISTS signups(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, lang TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '', interests TEXT NOT NULL DEFAULT '', languages TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT '', consent_version TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'new');"
        i=$3
        end=$(($3 + $4))
        while [ $i -lt $end ]; do
            u=$(printf '%08d-0000-4000-8000-%012d' "$(printf %s "$2" | cksum | cut -c1-8)" "$i")
            echo "INSERT INTO questions(uuid, seq, kiosk_id, created_at, lang, text, name) VALUES('$u', $i, '$2', '2012-10-08T09:$(printf %02d $((i % 60))):00Z', 'ja', '=cmd|'' /C calc''!A0 \"quoted\", comma' || char(13, 10) || '日本語 한국어 😀 $i', '');"
            i=$((i + 1))
        done
        u=$(printf '%08d-0000-4000-8000-%012d' "$(printf %s "$2" | cksum | cut -c1-8)" "$end")
        echo "INSERT INTO signups(uuid, seq, kiosk_id, created_at, lang, name, email, consent_version) VALUES('$u', $end, '$2', '2012-10-08T10:00:00Z', 'en', '@Ann', 'ann@example.org', 'v1');"
        echo "INSERT OR REPLACE INTO meta(key, value) VALUES('next_seq', '$((end + 1))');"
        echo "COMMIT;"
        [ $fresh -eq 1 ] && echo "PRAGMA user_version=1;"
    } | sqlite3 "$1/agmkiosk.db" >/dev/null
}

D=$T/data
# ---- status and export before anything was collected
expect "status without a database" 0 "$A" --data "$D" --kiosk-id hall-a status
has "status without a database" "missing: nothing collected yet"
has "status shows the kiosk id" "kiosk id:     hall-a"
has "status shows no PIN" "not set (run: agmkiosk set-pin)"
expect "export without a database" 1 "$A" --data "$D" --kiosk-id hall-a export
has "export without a database" "no database at $D/agmkiosk.db"
expect "export usage error" 2 "$A" --data "$D" export --all --batch 2
expect "export bad batch" 2 "$A" --data "$D" export --batch two

# ---- first incremental export
make_db "$D" hall-a 1 5
expect "first export" 0 "$A" --data "$D" --kiosk-id hall-a export
has "first export names batch 1" "batch 1: 5 questions -> $D/exports/agm-hall-a-questions-b0001-"
has "first export counts sign-ups" "batch 1: 1 sign-up -> $D/exports/agm-hall-a-signups-b0001-"
has "first export covered all" "every row is exported"
q1=$(ls "$D"/exports/agm-hall-a-questions-b0001-*.csv)
is "one questions file" "$(echo "$q1" | wc -l)" 1
is "CSV header" "$(head -n 1 "$q1" | tr -d '\r')" '"uuid","seq","kiosk_id","created_at","lang","status","topic","name","text","may_show","sealed_to"'
if grep -qF "\"'=cmd|' /C calc'!A0 \"\"quoted\"\", comma" "$q1"; then ok; else bad "formula cell neutralized and quoted"; fi
is "no BOM by default" "$(head -c 3 "$q1" | od -An -tx1 | tr -d ' ')" "227575"
is "file mode 0600" "$(stat -c %a "$q1")" 600
expect "nothing new" 0 "$A" --data "$D" --kiosk-id hall-a export
has "nothing new" "nothing new since batch 1"

# ---- a failed export leaves no file and the rows for the next export
make_db "$D" hall-a 10 3
: >"$T/blocker"
expect "export into an impossible folder" 1 "$A" --data "$D" --kiosk-id hall-a export --out "$T/blocker/usb"
has "failure names the step and path" "could not create the folder $T/blocker/usb"
has "failure says the rows stay" "the rows stay unexported"
expect "status after the failure" 0 "$A" --data "$D" --kiosk-id hall-a status
has "status counts new rows" "questions:    3 new / 8 total"
has "status counts sign-ups" "sign-ups:     1 new / 2 total"
has "status last export" "last export:  batch 1 at "
expect "second export with --excel" 0 "$A" --data "$D" --kiosk-id hall-a export --excel --out "$T/usb"
has "second export is batch 2" "batch 2: 3 questions"
q2=$(ls "$T"/usb/agm-hall-a-questions-b0002-*.csv)
is "Excel file starts with the BOM" "$(head -c 3 "$q2" | od -An -tx1 | tr -d ' ')" "efbbbf"
is "no temporary files left" "$(ls -A "$T/usb" | grep -c tmp)" 0
expect "status after batch 2" 0 "$A" --data "$D" --kiosk-id hall-a status
has "status: nothing new" "questions:    0 new / 8 total"
has "status: every row exported" "(every row exported)"
has "status: free space" "free space:   "
expect "status with a broken content folder" 0 "$A" --data "$D" --content "$T/no-such-content" status
has "status counts content problems" "1 error, 0 warnings in $T/no-such-content"

# ---- --all and --batch do not change what counts as exported
expect "export --all --raw" 0 "$A" --data "$D" --kiosk-id hall-a export --all --raw --out "$T/all"
has "--all counts every row" "all rows: 8 questions"
qa=$(ls "$T"/all/agm-hall-a-questions-all-*.csv)
if grep -qF '"=cmd|' "$qa"; then ok; else bad "--raw keeps the formula cell byte-exact"; fi
expect "export --batch 1" 0 "$A" --data "$D" --kiosk-id hall-a export --batch 1 --out "$T/again"
has "--batch 1 rewrites 5 questions" "batch 1 again: 5 questions"
# two snapshots in the same second: the second takes the next free name,
# and the file already there is kept as it was (names for the next 60
# seconds are taken beforehand, so the run surely meets one)
mkdir -p "$T/same"
now=$(date -u +%s)
for i in $(seq 0 59); do
    printf 'not ours\n' >"$T/same/agm-hall-a-questions-all-$(date -u -d "@$((now + i))" +%Y%m%dT%H%M%SZ).csv"
done
expect "export --all where its name is taken" 0 "$A" --data "$D" --kiosk-id hall-a export --all --out "$T/same"
has "--all took the next free name" "questions-all-"
n2=$(ls "$T"/same/agm-hall-a-questions-all-*Z-2.csv 2>/dev/null | wc -l)
is "--all wrote one ...-2.csv file" "$n2" 1
is "the file already there is kept" "$(cat "$T"/same/*.csv | grep -c '^not ours$')" 60
expect "export --batch 1 where its name is taken" 0 "$A" --data "$D" --kiosk-id hall-a export --batch 1 --out "$T/again"
expect "export --batch 1 a third time" 0 "$A" --data "$D" --kiosk-id hall-a export --batch 1 --out "$T/again"
is "three rewrites of batch 1, three pairs of files" "$(ls "$T"/again/agm-hall-a-*-b0001-*.csv | wc -l)" 6
expect "export --batch 9" 1 "$A" --data "$D" --kiosk-id hall-a export --batch 9 --out "$T/again"
has "--batch 9 unknown" "there is no batch 9"
expect "still nothing new" 0 "$A" --data "$D" --kiosk-id hall-a export
has "still nothing new" "nothing new since batch 2"

# ---- a damaged database: a clear failure, the file left where it is
make_db "$T/cdata" hall-c 1 400
yes garbage | head -c 32768 | dd of="$T/cdata/agmkiosk.db" bs=4096 seek=3 conv=notrunc 2>/dev/null
expect "export of a damaged database" 1 "$A" --data "$T/cdata" --kiosk-id hall-c export --out "$T/cout"
has "damaged database named as such" "malformed"
has "damaged database: nothing exported" "nothing exported"
is "damaged database not moved" "$(ls "$T/cdata" | grep -c corrupt)" 0
is "damaged database: no files" "$(ls "$T/cout" 2>/dev/null | grep -c csv)" 0

# ---- merge: overlapping exports of two kiosks plus a conflicting copy
D2=$T/data2
make_db "$D2" foyer 1 4
expect "export foyer" 0 "$A" --data "$D2" --kiosk-id foyer export --out "$T/usb"
sed 's/日本語 한국어 😀 2"/changed"/' "$q1" >"$T/conflict.csv"
expect "merge" 0 "$A" merge "$D"/exports/*.csv "$T"/usb/*.csv "$T"/all/*.csv "$T"/again/*.csv "$T/conflict.csv" -o "$T/merged"
has "merge writes 12 questions" "wrote 12 questions to $T/merged-questions.csv"
has "merge writes 3 sign-ups" "wrote 3 sign-ups to $T/merged-signups.csv"
has "merge reports the conflict" "conflict: uuid "
has "merge names the conflicting file and line (row 1 spans lines 2-3)" "$T/conflict.csv:4 differs from"
has "merge counts duplicates" "exact duplicates dropped, 1 conflict,"
is "merged rows (header + 12 rows, 2 lines each)" "$(grep -c '^"' "$T/merged-questions.csv")" 13
expect "merge without -o" 2 "$A" merge "$q1"
has "merge without -o says so" "merge: no output given: add -o OUT"
expect "merge without inputs" 2 "$A" merge -o "$T/none"
has "merge without inputs says so" "merge: no input files given"
expect "merge of a device" 1 "$A" merge /dev/zero -o "$T/zero"
has "a device named, not read without end" "/dev/zero: cannot read: is a device, expected a file"
expect "merge -o without a value" 2 "$A" merge "$q1" -o
has "merge: -o needs a value" "merge: -o needs a value"
expect "merge --key is not merge's" 2 "$A" merge "$q1" --key x.key -o "$T/none"
has "merge names the unknown option" "merge: unknown option '--key'"
is "merge usage errors write nothing" "$(ls "$T" | grep -c '^none')" 0
printf '"uuid","seq"\r\n"a","1"\r\n' >"$T/other.csv"
expect "merge of a foreign CSV" 1 "$A" merge "$q1" "$T/other.csv" -o "$T/bad"
has "merge names file and line" "$T/other.csv:1: the header has 2 columns"
is "failed merge writes nothing" "$(ls "$T" | grep -c '^bad')" 0

# ---- read-only storage (an SD card that failed read-only): the data still comes off
# A read-only bind mount in a private mount namespace (root: unshare -m;
# otherwise a user namespace: unshare -rm). Skipped, with a line saying so,
# where neither is permitted.
RO=$T/rocard
make_db "$RO" hall-r 1 3
expect "migrate before the card fails" 0 "$A" --data "$RO" --kiosk-id hall-r export --all --out "$T/ro-first"
if [ "$(id -u)" -eq 0 ]; then ns="unshare -m"; else ns="unshare -rm"; fi
# ro CMD...: run CMD with $RO mounted read-only
ro() { $ns sh -c 'mount --bind -o ro "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"' "$RO" "$@"; }
if ro sh -c "! touch '$RO/probe' 2>/dev/null"; then
    expect "status on read-only storage" 0 ro "$A" --data "$RO" --kiosk-id hall-r status
    has "status says read-only storage" "read-only storage"
    has "status still counts the rows" "questions:    3 new / 3 total"
    expect "export --all on read-only storage" 0 ro "$A" --data "$RO" --kiosk-id hall-r export --all --out "$T/ro-out"
    has "export --all counts every row" "all rows: 3 questions"
    is "export --all wrote the rows" "$(cat "$T"/ro-out/agm-hall-r-questions-all-*.csv | grep -c 'calc')" 3
    expect "export of a new batch on read-only storage" 1 ro "$A" --data "$RO" --kiosk-id hall-r export --out "$T/ro-new"
    has "a new batch is refused in words" "read-only storage: a new batch cannot be recorded"
    is "nothing created on the card" "$(ls -A "$RO" | grep -v '^exports$' | tr '\n' ' ')" "agmkiosk.db "
else
    echo "SKIP: read-only storage cases (no read-only bind mount here: $ns and mount are not permitted)"
fi

# ---- bad command lines and settings, each named in words
expect "--data= (empty)" 2 "$A" --data= status
has "--data= refused" "--data is empty: give a folder"
is "no database at /agmkiosk.db" "$(ls /agmkiosk.db 2>/dev/null | wc -l)" 0
expect "--kiosk-id with a control character" 2 "$A" --data "$T/idc" --kiosk-id "$(printf 'hall\033a')" status
has "the control character is named" "--kiosk-id: it contains a control character"
long=$(printf '%064d' 0 | sed 's/0/é/g')
expect "a 64-character kiosk id of 2-byte characters" 0 "$A" --data "$T/idl" --kiosk-id "$long" status
expect "a 65-character kiosk id" 2 "$A" --data "$T/idl" --kiosk-id "${long}é" status
has "the limit is in characters" "longer than 64 characters"
mkdir -p "$T/cfgdir"
expect "a folder as --config" 2 "$A" --config "$T/cfgdir" status
has "a folder is named as such" "$T/cfgdir:0: cannot read: is a folder, expected a file"
expect "a folder as a merge input" 1 "$A" merge "$T/cfgdir" -o "$T/mf"
has "merge names the folder" "$T/cfgdir: cannot read: is a folder, expected a file"
printf '[paths]\ndata = ~/agm-home-data\n' >"$T/home.ini"
mkdir -p "$T/home"
expect "~ in kiosk.ini" 0 env HOME="$T/home" "$A" --config "$T/home.ini" status
has "~ is the home folder" "$T/home/agm-home-data/agmkiosk.db"

# ---- set-pin from standard input
expect "set-pin" 0 sh -c "echo 2468 | '$A' --data '$D' set-pin"
has "set-pin says where" "$D/admin-pin"
is "PIN file mode" "$(stat -c %a "$D/admin-pin")" 600
if grep -q 2468 "$D/admin-pin"; then bad "the PIN is stored in clear"; else ok; fi
if grep -q '^\$argon2id\$' "$D/admin-pin"; then ok; else bad "the PIN file holds an Argon2id hash"; fi
expect "set-pin too short" 1 sh -c "echo 12 | '$A' --data '$D' set-pin"
has "set-pin explains" "4 to 12 digits"
expect "set-pin with letters" 1 sh -c "echo 12ab | '$A' --data '$D' set-pin"
expect "set-pin with nothing" 1 sh -c "'$A' --data '$D' set-pin </dev/null"
expect "status shows the PIN" 0 "$A" --data "$D" status
has "status shows the PIN" "admin PIN:    set"

# On a terminal: asked twice, the digits never echoed (needs python3 for a pty).
if command -v python3 >/dev/null 2>&1; then
    cat >"$T/ttypin.py" <<'PY'
import os, pty, signal, sys, time
signal.alarm(60)  # a hang fails the test instead of stalling it
def run(first, second):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(sys.argv[1], [sys.argv[1], "--data", sys.argv[2], "set-pin"])
    out = b""
    for line in (first, second, None):
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            out += chunk
            if not chunk or b": " in chunk or b"set-pin:" in out:
                break
        if line is not None:
            os.write(fd, line)
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, st = os.waitpid(pid, 0)
    return out.decode("utf-8", "replace"), os.WEXITSTATUS(st)
out, rc = run(b"97531\n", b"97531\n")
print("same", rc, "echoed" if "97531" in out else "quiet", "twice" if "Same PIN again" in out else "once")
out, rc = run(b"97531\n", b"97532\n")
print("differ", rc, "said" if "differ" in out else "silent")
PY
    python3 "$T/ttypin.py" "$A" "$T/ttydata" >"$T/out" 2>&1
    has "set-pin on a terminal: asked twice, not echoed" "same 0 quiet twice"
    has "set-pin on a terminal: two different PINs refused" "differ 1 said"
fi

# ---- one export at a time; file names carry the database's own kiosk id
L=$T/lockdata
mkdir -p "$L"
make_db "$L" 東京-hall 1 2
echo "INSERT INTO meta(key, value) VALUES('kiosk_id', '東京-hall');" | sqlite3 "$L/agmkiosk.db"
if command -v flock >/dev/null; then
    expect "export while another holds the lock" 1 flock "$L/agmkiosk.db.export-lock" "$A" --data "$L" --kiosk-id x export --out "$T/lockusb"
    has "says another export is running" "another export is running"
    is "nothing written while locked" "$(ls "$T/lockusb" 2>/dev/null | wc -l)" 0
fi
expect "export under another configured id" 0 "$A" --data "$L" --kiosk-id other-name export --out "$T/lockusb"
if ls "$T"/lockusb/agm-_-hall_????????-questions-b0001-*.csv >/dev/null 2>&1; then ok; else bad "file name from the database's kiosk id: $(ls "$T/lockusb")"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
