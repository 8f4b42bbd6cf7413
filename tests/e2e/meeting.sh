#!/bin/sh
# End-to-end: the general meeting with the real program, headless. Replays
# of the attendance register (a member present, a written vote, a proxy to
# the chair found by a Hangul search, a proxy to a member picked from the
# list, a walk-in, an undo and a new check-in, a member found by a kana
# search), rows read back with sqlite3; the attendance slide before and
# after the quorum is met, in one process as the register changes; a
# resolution's hand-count with a correction (history kept) and its slide;
# `minutes` in Markdown, plain text and Japanese compared with the rows;
# the register sealed with a key; the new screens and slides at the four
# sizes.
#
# env: AGMKIOSK (the binary), AGM_ROOT (the repository)
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
. "$AGM_ROOT/tests/e2e/lib.sh"
T=$tmp
bad() { fail "$1"; [ -f "$T/out" ] && sed 's/^/    /' "$T/out" | tail -n 20; }
is() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi; }
has() { # DESCRIPTION FILE NEEDLE
    if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1: no '$3' in $2"; sed 's/^/    /' "$2" | head -n 60; fi
}
C="$T/content"
cp -r "$AGM_ROOT/content" "$C"
cp "$AGM_ROOT/tests/data/meeting/members.csv" "$C/members.csv"
DATA="$T/data"
DB="$DATA/agmkiosk.db"
run() { "$AGMKIOSK" --content "$C" --data "$DATA" --kiosk-id hall-a --replay "$1" >"$T/out" 2>&1; }
q() { sqlite3 "$DB" "$1" 2>&1; }

# Pixels of exactly one colour in a PNG (8-bit RGB or RGBA, any filter).
count_rgb() { # FILE RRGGBB
    python3 - "$1" "$2" <<'PY'
import sys, zlib, struct
d = open(sys.argv[1], 'rb').read()
want = bytes.fromhex(sys.argv[2])
pos, idat = 8, b''
while pos < len(d):
    n, = struct.unpack('>I', d[pos:pos + 4]); t = d[pos + 4:pos + 8]; c = d[pos + 8:pos + 8 + n]; pos += 12 + n
    if t == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', c[:10])
    elif t == b'IDAT': idat += c
bpp = 4 if ctype == 6 else 3
raw = zlib.decompress(idat); stride = w * bpp
prev = bytearray(stride); count = 0; i = 0
for y in range(h):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0; b = prev[x]; cc = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - cc; pa, pb, pc = abs(p - a), abs(p - b), abs(p - cc)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else cc)) & 255
    count += sum(1 for x in range(0, stride, bpp) if line[x:x + 3] == want)
    prev = line
print(count)
PY
}
GREEN=9cd8a8   # meeting_slide.c: quorum met, passed
RED=f0a8a0     # rejected (a near colour: not PASS_FILL)

# ---- 1. check-ins of each kind, an undo ----------------------------------------
{
    echo "size 800x480"
    echo "show checkin"; echo "wait 400"
    echo "screenshot $T/checkin-empty.png"
    echo "tap ci.present.M001"; echo "wait 200"
    echo "tap ci.written.M002"; echo "wait 200"
    # a proxy to the chair: the member found by a Hangul search (기 finds 김민수)
    echo "tap ci.search"; echo "wait 300"
    echo "tap kb.globe"; echo "tap kb.globe"
    echo "tap kb.ㄱ"; echo "tap kb.ㅣ"; echo "wait 200"
    echo "tap ci.proxy.M003"; echo "wait 200"
    echo "screenshot $T/checkin-proxy.png"
    echo "tap ci.chair"; echo "wait 200"
    # a proxy to another member, picked from the list
    echo "tap ci.search"; echo "wait 300"
    echo "tap kb.globe"
    echo "tap kb.T"; echo "tap kb.o"; echo "tap kb.m"; echo "tap kb.hide"; echo "wait 200"
    echo "tap ci.proxy.M008"; echo "wait 200"
    echo "tap ci.holder.M001"; echo "wait 200"
    # a walk-in under the name typed
    echo "tap ci.search"; echo "wait 300"
    echo "tap kb.V"; echo "tap kb.i"; echo "tap kb.s"; echo "tap kb.i"; echo "tap kb.t"; echo "tap kb.o"; echo "tap kb.r"
    echo "tap kb.hide"; echo "wait 200"
    echo "tap ci.guest.typed"; echo "wait 200"
    # undo the first check-in, then check the member in again
    echo "tap ci.undo.M001"; echo "wait 200"
    echo "tap ci.present.M001"; echo "wait 200"
    echo "screenshot $T/checkin-done.png"
} >"$T/c1.replay"
if run "$T/c1.replay"; then ok "check-in replay ran"; else bad "check-in replay exited $?"; fi
is "each kind of check-in and the undo, as rows" \
    "$(q "SELECT kind || '|' || member_id || '|' || name || '|' || proxy_to FROM attendance ORDER BY seq")" \
    "$(printf 'present|M001|Anna Becker|\nwritten|M002|田中 花子|\nproxy|M003|김민수|the chair\nproxy|M008|Tom Reed|Anna Becker\nguest||Visitor|\nundo|||\npresent|M001|Anna Becker|')"
is "the undo names the first check-in" \
    "$(q "SELECT count(*) FROM attendance u JOIN attendance c ON u.undoes = c.uuid WHERE u.kind = 'undo' AND c.seq = (SELECT min(seq) FROM attendance)")" "1"
is "rows carry the kiosk id and take its one seq counter" \
    "$(q "SELECT count(DISTINCT seq) || '|' || min(kiosk_id) || '|' || max(kiosk_id) FROM attendance")" "7|hall-a|hall-a"

# ---- 2. the attendance slide before and after the quorum, live -----------------
# 4 of 9 voting members attend (5 needed); a kana search finds 鈴木 一郎 by
# his reading (すず), and his check-in reaches the slide shown before it.
{
    echo "size 1280x800"
    echo "show slideshow"; echo "wait 500"
    echo "key end"; echo "wait 400"
    for i in 1 2 3 4 5; do echo "key left"; echo "wait 400"; done
    echo "wait 600"
    echo "screenshot $T/att-before.png"
    echo "show checkin"; echo "wait 400"
    echo "tap ci.search"; echo "wait 300"
    echo "tap kb.globe"
    echo "tap kb.す"; echo "tap kb.す"; echo "tap kb.dakuten"; echo "wait 200"
    echo "screenshot $T/checkin-kana.png"
    echo "tap ci.present.M005"; echo "wait 200"
    echo "show slideshow"; echo "wait 800"
    echo "screenshot $T/att-after.png"
} >"$T/s1.replay"
if run "$T/s1.replay"; then ok "quorum slide replay ran"; else bad "quorum slide replay exited $?"; fi
is "the kana search checked in the member it found" "$(q "SELECT member_id || '|' || kind FROM attendance ORDER BY seq DESC LIMIT 1")" "M005|present"
before=$(count_rgb "$T/att-before.png" $GREEN)
after=$(count_rgb "$T/att-after.png" $GREEN)
[ "$before" -eq 0 ] && ok "before the quorum: nothing green on the slide" || bad "before the quorum: $before green pixels"
[ "$after" -gt 500 ] && ok "quorum met: the slide turned green ($after pixels)" || bad "quorum met: only $after green pixels"
cmp -s "$T/att-before.png" "$T/att-after.png" && bad "the slide did not change" || ok "the slide changed with the register"

# ---- 3. a resolution with a correction -------------------------------------------
# 5 attending, majority of those attending: 3 needed.
{
    echo "size 1280x800"
    echo "show votes"; echo "wait 400"
    echo "tap votes.res.0"
    echo "tap votes.key.2"; echo "tap votes.key.next"; echo "tap votes.key.2"; echo "tap votes.key.next"
    echo "tap votes.key.1"
    echo "tap votes.save"; echo "wait 300"
    echo "screenshot $T/votes-first.png"
    echo "tap votes.field.for"; echo "tap votes.key.clear"; echo "tap votes.key.4"
    echo "tap votes.field.against"; echo "tap votes.key.del"; echo "tap votes.key.0"
    echo "tap votes.save"; echo "wait 300"
    echo "screenshot $T/votes-corrected.png"
    echo "show slideshow"; echo "wait 500"
    echo "key end"; echo "wait 400"
    for i in 1 2 3 4; do echo "key left"; echo "wait 400"; done
    echo "wait 600"
    echo "screenshot $T/res-passed.png"
} >"$T/v1.replay"
if run "$T/v1.replay"; then ok "hand-count replay ran"; else bad "hand-count replay exited $?"; fi
is "the count and its correction, both kept" \
    "$(q "SELECT resolution || '|' || majority || '|' || votes_for || '|' || votes_against || '|' || votes_abstain || '|' || attending || '|' || quorum || '|' || result FROM votes ORDER BY seq")" \
    "$(printf 'approve-report|attending|2|2|1|5|met|rejected\napprove-report|attending|4|0|1|5|met|passed')"
g=$(count_rgb "$T/res-passed.png" $GREEN)
[ "$g" -gt 500 ] && ok "the resolution slide shows it passed ($g green pixels)" || bad "resolution slide: $g green pixels"

# ---- 4. minutes, compared with the rows ----------------------------------------
"$AGMKIOSK" --content "$C" --data "$DATA" minutes -o "$T/minutes.md" >"$T/out" 2>&1
[ $? -eq 0 ] && ok "minutes -o" || bad "minutes -o failed"
is "minutes file mode 0600" "$(stat -c %a "$T/minutes.md")" "600"
n() { q "SELECT count(*) FROM attendance a WHERE kind = '$1' AND uuid NOT IN (SELECT undoes FROM attendance)"; }
P=$(n present) W=$(n written) X=$(n proxy) G=$(n guest)
has "minutes: present as in the rows ($P)" "$T/minutes.md" "| Present in person | $P |"
has "minutes: written votes as in the rows ($W)" "$T/minutes.md" "| By written vote | $W |"
has "minutes: proxies as in the rows ($X)" "$T/minutes.md" "| By proxy | $X |"
has "minutes: guests as in the rows ($G)" "$T/minutes.md" "| Guests without a vote | $G |"
has "minutes: those attending" "$T/minutes.md" "| **Attending (present, written votes, proxies)** | **$((P + W + X))** |"
has "minutes: the voting members" "$T/minutes.md" "Voting members: 9."
has "minutes: the quorum" "$T/minutes.md" "**With $((P + W + X)) attending, the quorum (5) was met and the meeting was duly constituted.**"
has "minutes: the event" "$T/minutes.md" "- **Date:** October 8, 2012"
has "minutes: the latest count" "$T/minutes.md" "- **Votes:** for 4, against 0, abstaining 1 (5 attending when counted)"
has "minutes: the result" "$T/minutes.md" "- **Result:** **passed (3 in favour needed)**"
has "minutes: the correction" "$T/minutes.md" "1 earlier count(s) replaced"
has "minutes: the earlier count" "$T/minutes.md" ": for 2, against 2, abstaining 1 (rejected)"
has "minutes: a resolution not voted" "$T/minutes.md" "- **Result:** no count was entered"
QN=$(q "SELECT count(*) FROM questions")
has "minutes: the questions" "$T/minutes.md" "Questions received: $QN. Answered during the meeting: 0."
has "minutes: signatory lines" "$T/minutes.md" "Chair: ______"
"$AGMKIOSK" --content "$C" --data "$DATA" minutes --text >"$T/minutes.txt" 2>"$T/out"
grep -q '\*\*' "$T/minutes.txt" && bad "plain text minutes hold Markdown" || ok "plain text minutes: no Markdown"
awk 'prev == "Attendance" && $0 == "----------" { f = 1 } { prev = $0 } END { exit !f }' "$T/minutes.txt" &&
    ok "plain text minutes: underlined headings" || bad "plain text minutes: no underlined heading"
"$AGMKIOSK" --content "$C" --data "$DATA" minutes --lang ja >"$T/minutes.ja.md" 2>"$T/out"
has "minutes in Japanese" "$T/minutes.ja.md" "- **結果:** **可決（賛成3名が必要）**"
printf '[admin]\nlanguage = ko\n' >"$T/ko.ini"
"$AGMKIOSK" --config "$T/ko.ini" --content "$C" --data "$DATA" minutes >"$T/minutes.ko.md" 2>"$T/out"
has "minutes in the organizers' language ([admin] language)" "$T/minutes.ko.md" "## 출석 현황"
"$AGMKIOSK" --content "$C" --data "$DATA" minutes --bogus >"$T/out" 2>&1
is "minutes: bad usage exits 2" "$?" "2"
"$AGMKIOSK" --content "$C" --data "$T/nodata" minutes >"$T/out" 2>&1
[ $? -eq 1 ] && has "minutes: no database" "$T/out" "no database at" || bad "minutes without a database did not fail"

# ---- 5. the register sealed ------------------------------------------------------
PASS="a long organizers passphrase"
(cd "$T" && printf '%s\n%s\n' "$PASS" "$PASS" | "$AGMKIOSK" keygen --out org --kdf interactive >"$T/out" 2>&1) ||
    bad "keygen"
printf '[privacy]\npublic_key = %s/org.pub\n' "$T" >"$T/sealed.ini"
{
    echo "size 800x480"
    echo "show checkin"; echo "wait 400"
    echo "tap ci.search"; echo "wait 300"
    echo "tap kb.H"; echo "tap kb.i"; echo "tap kb.d"; echo "tap kb.d"; echo "tap kb.e"; echo "tap kb.n"
    echo "tap kb.hide"; echo "wait 200"
    echo "tap ci.guest.typed"; echo "wait 200"
    echo "tap ci.written.M001"; echo "wait 200"
    echo "screenshot $T/checkin-sealed.png"
} >"$T/k1.replay"
"$AGMKIOSK" --config "$T/sealed.ini" --content "$C" --data "$T/sdata" --replay "$T/k1.replay" >"$T/out" 2>&1 ||
    bad "sealed check-in replay"
SQ() { sqlite3 "$T/sdata/agmkiosk.db" "$1"; }
is "sealed: kind and member id readable, names sealed" \
    "$(SQ "SELECT kind || '|' || member_id || '|' || substr(name, 1, 10) || '|' || (sealed_to <> '') FROM attendance ORDER BY seq")" \
    "$(printf 'guest||sealed:v1:|1\nwritten|M001|sealed:v1:|1')"
if grep -a -q "Hidden" "$T/sdata/agmkiosk.db" "$T/sdata/agmkiosk.db-wal" 2>/dev/null; then
    bad "sealed: the walk-in's name is in the database files"
else
    ok "sealed: the walk-in's name is in no database file"
fi
"$AGMKIOSK" --config "$T/sealed.ini" --content "$C" --data "$T/sdata" minutes >"$T/minutes.sealed.md" 2>"$T/out"
has "sealed: the minutes still count" "$T/minutes.sealed.md" "| By written vote | 1 |"

# ---- 5b. without members.csv: names typed, checked in as members, undone ---------
{
    echo "size 800x480"
    echo "show checkin"; echo "wait 400"
    echo "tap ci.search"; echo "wait 300"
    echo "tap kb.S"; echo "tap kb.a"; echo "tap kb.t"; echo "tap kb.o"; echo "tap kb.hide"; echo "wait 200"
    echo "tap ci.written.typed"; echo "wait 200"
    echo "tap ci.search"; echo "wait 300"
    echo "tap kb.L"; echo "tap kb.e"; echo "tap kb.e"; echo "tap kb.hide"; echo "wait 200"
    echo "tap ci.proxy.typed"; echo "wait 200"
    echo "tap ci.chair"; echo "wait 200"
    echo "tap ci.undo.1"; echo "wait 200"
    echo "screenshot $T/checkin-nomembers.png"
} >"$T/n1.replay"
"$AGMKIOSK" --content "$AGM_ROOT/content" --data "$T/ndata" --replay "$T/n1.replay" >"$T/out" 2>&1 ||
    bad "check-ins without members.csv"
is "without members.csv: typed names as members, one undone" \
    "$(sqlite3 "$T/ndata/agmkiosk.db" "SELECT seq || '|' || kind || '|' || member_id || '|' || name || '|' || proxy_to FROM attendance ORDER BY seq")" \
    "$(printf '1|written||Sato|\n2|proxy||Lee|the chair\n3|undo|||')"

# ---- 6. check: members.csv and resolutions.ini problems by file and line -----------
"$AGMKIOSK" check "$C" >"$T/out" 2>&1
[ $? -eq 0 ] && has "check: the meeting line" "$T/out" "meeting: 3 resolutions, 10 members (9 voting); quorum at least 1/2" ||
    bad "check of the meeting folder failed"
cp -r "$C" "$T/badc"
printf 'M011,Someone,chair,\n' >>"$T/badc/members.csv"
printf '[approve-budget]\ntitle = A budget\nmajority = most\n' >>"$T/badc/resolutions.ini"
"$AGMKIOSK" check "$T/badc" >"$T/out" 2>&1
[ $? -eq 1 ] && ok "check: a bad members.csv or resolutions.ini fails" || bad "check accepted bad meeting files"
has "check: members.csv kind, with its line" "$T/out" "badc/members.csv:12: unknown kind 'chair'"
L=$(grep -c '' "$T/badc/resolutions.ini")
has "check: resolutions.ini majority, with its line" "$T/out" "badc/resolutions.ini:$L: unknown majority 'most'"

# ---- 7. the screens and slides at the four sizes -----------------------------------
for size in 800x480 1280x800 1920x1080 720x1280; do
    for scr in checkin votes; do
        "$AGMKIOSK" --content "$C" --data "$DATA" render --screen "$scr" --size "$size" --out "$T/r-$size" \
            >"$T/out" 2>&1 || bad "render $scr $size"
        f=$(ls "$T/r-$size"/*"$scr"*.png 2>/dev/null | head -n 1)
        [ -n "$f" ] && [ "$(png_size "$f")" = "$size" ] && ok || bad "render $scr at $size: $f"
    done
    {
        echo "size $size"
        echo "show slideshow"; echo "wait 500"
        echo "key end"; echo "wait 400"
        for i in 1 2 3 4 5; do echo "key left"; echo "wait 400"; done
        echo "wait 600"
        echo "screenshot $T/att-$size.png"
        echo "key right"; echo "wait 800"
        echo "screenshot $T/res-$size.png"
    } >"$T/sz.replay"
    run "$T/sz.replay" || bad "slides at $size"
    [ "$(png_size "$T/att-$size.png")" = "$size" ] && [ "$(count_rgb "$T/res-$size.png" $GREEN)" -gt 100 ] &&
        ok "attendance and resolution slides at $size" || bad "slides at $size"
done

e2e_summary
