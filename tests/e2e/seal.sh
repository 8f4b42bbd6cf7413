#!/bin/sh
# End-to-end: sealed records with the real program. keygen makes a key pair
# (passphrase on standard input); a kiosk with [privacy] public_key has
# hostile text typed through the real forms (`--replay`: quotes, a new
# line, formula characters, Japanese, Korean, an emoji); the database and
# the export files are searched byte by byte for what was typed; export,
# export --all, merge and open give back exactly what was typed. Then each
# failure: wrong passphrase, wrong key, cut-short and altered cells, a key
# file others can read, a public key given as the secret one, a kiosk
# whose key file is not a key (it saves nothing), and no key at all.
#
# env: AGMKIOSK (the binary), AGM_ROOT (the repository)
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
. "$AGM_ROOT/tests/e2e/lib.sh"
T=$tmp
CONTENT="$AGM_ROOT/content"
PASS="a long organizers passphrase"
bad() { fail "$1"; [ -f "$T/out" ] && sed 's/^/    /' "$T/out" | tail -n 20; }
has() { # DESCRIPTION NEEDLE: the last output contains NEEDLE
    if grep -qF -- "$2" "$T/out"; then ok "$1"; else bad "$1: no '$2'"; fi
}
run() { "$AGMKIOSK" --content "$CONTENT" "$@" >"$T/out" 2>&1; }

# ---- keygen ----------------------------------------------------------------
cd "$T" || exit 1
printf '%s\n%s\n' "$PASS" "$PASS" | run keygen --out org --kdf interactive
[ $? -eq 0 ] && ok "keygen" || bad "keygen failed"
fp=$(sed -n 's/^fingerprint: //p' "$T/out")
[ -n "$fp" ] && ok "keygen prints the fingerprint ($fp)" || bad "no fingerprint"
[ "$(stat -c %a org.key)" = 600 ] && ok "secret key mode 0600" || bad "org.key mode $(stat -c %a org.key)"
head -n 1 org.pub | grep -qx "agmkiosk public key v1" && ok "public key file magic" || bad "org.pub first line"
cp org.key org.key.before
printf '%s\n%s\n' "$PASS" "$PASS" | run keygen --out org --kdf interactive
[ $? -eq 1 ] && has "keygen never replaces a file" "already exists" || bad "keygen over existing files"
cmp -s org.key org.key.before && ok "old secret key intact" || bad "org.key changed"
printf '%s\n%s\n' "$PASS" "another passphrase" | run keygen --out x --kdf interactive
[ $? -eq 1 ] && has "keygen: passphrases differ" "differ" || bad "keygen accepted two passphrases"
printf 'short\nshort\n' | run keygen --out x --kdf interactive
[ $? -eq 1 ] && has "keygen: passphrase too short" "at least 8" || bad "keygen accepted a short passphrase"
# three kana are nine bytes but three characters: too short
printf 'あいう\nあいう\n' | run keygen --out x --kdf interactive
[ $? -eq 1 ] && has "keygen: three kana (nine bytes) too short" "at least 8 characters" || bad "keygen counted bytes, not characters"
printf 'pass\377word!\npass\377word!\n' | run keygen --out x --kdf interactive
[ $? -eq 1 ] && has "keygen: invalid UTF-8 refused" "not valid UTF-8" || bad "keygen took a passphrase that is not UTF-8"
[ ! -e x.pub ] && [ ! -e x.key ] && ok "nothing written after a refusal" || bad "x.* left behind"

# ---- a kiosk that seals ------------------------------------------------------
printf '[privacy]\npublic_key = %s/org.pub\n' "$T" >"$T/kiosk.ini"
K() { run --config "$T/kiosk.ini" --data "$T/data" --kiosk-id e2e-seal "$@"; }
K status
has "status: sealing on, with the fingerprint" "sealing:      ON: new rows are sealed to the key $fp"

QTEXT1='=HYPERLINK("http://x","click") "quoted", '"'"'single'"'"' @SUM -1+2 한국어 にほんご 🎉'
QTEXT2='secondline typed, +3'
QNAME='김비밀 "Kim" =Hidden'
SNAME='이름숨김 ひみつ "Park"'
SEMAIL='hidden.person+tag@example.org'
SPHONE='+82 10-5555-0199'
SMSG1='@message, with "quotes"'
SMSG2='ひみつ 🎉 -1+2'
{
    echo "size 720x1280"
    echo "show ask"; echo "wait 400"
    echo "tap ask.text"; echo "wait 300"
    echo "text $QTEXT1"; echo "key enter"; echo "text $QTEXT2"
    echo "tap kb.hide"; echo "wait 300"
    echo "tap ask.name"; echo "wait 300"
    echo "text $QNAME"
    echo "tap kb.hide"; echo "wait 300"
    echo "tap ask.submit"; echo "wait 7000"
    echo "show signup"; echo "wait 400"
    echo "tap signup.name"; echo "wait 300"; echo "text $SNAME"; echo "tap kb.hide"; echo "wait 300"
    echo "tap signup.email"; echo "wait 300"; echo "text $SEMAIL"; echo "tap kb.hide"; echo "wait 300"
    echo "tap signup.phone"; echo "wait 300"; echo "text $SPHONE"; echo "tap kb.hide"; echo "wait 300"
    echo "wheel 360 800 30"; echo "wait 200"
    echo "tap signup.message"; echo "wait 300"; echo "text $SMSG1"; echo "key enter"; echo "text $SMSG2"
    echo "tap kb.hide"; echo "wait 300"
    echo "wheel 360 800 30"; echo "wait 200"
    echo "tap signup.consent"; echo "tap signup.submit"; echo "wait 300"
} >"$T/typed.replay"
K --replay "$T/typed.replay"
[ $? -eq 0 ] && ok "typed through the forms" || bad "replay failed"
n=$(sqlite3 "$T/data/agmkiosk.db" "SELECT (SELECT count(*) FROM questions) || ' ' || (SELECT count(*) FROM signups)")
[ "$n" = "1 1" ] && ok "one question and one sign-up saved" || bad "rows: $n"

# no byte sequence of what was typed (pieces of it too)
pieces="HYPERLINK quoted single 한국어 にほんご 김비밀 Hidden 이름숨김 ひみつ hidden.person example.org 5555-0199 @message secondline"
leak() { # FILE...: the first piece found, or nothing
    for p in $pieces; do
        for f in "$@"; do [ -f "$f" ] && grep -aqF -- "$p" "$f" && { echo "$p in $f"; return; }; done
    done
}
l=$(leak "$T/data/agmkiosk.db" "$T/data/agmkiosk.db-wal" "$T/data/agmkiosk.db-journal")
[ -z "$l" ] && ok "database holds nothing typed" || bad "database leaks: $l"
sqlite3 "$T/data/agmkiosk.db" "SELECT name FROM questions" | grep -q '^sealed:v1:' && ok "sealed cell stored with its mark" || bad "no sealed:v1: cell"
sid=$(sqlite3 "$T/data/agmkiosk.db" "SELECT sealed_to FROM signups")
[ "$(echo "$fp" | tr -d ' ')" = "$sid" ] && ok "row records its key's fingerprint" || bad "sealed_to '$sid'"

K export --out "$T/usb"
[ $? -eq 0 ] && ok "export" || bad "export failed"
K export --all --raw --out "$T/usb2"
l=$(leak "$T"/usb/*.csv "$T"/usb2/*.csv)
[ -z "$l" ] && ok "exports hold nothing typed" || bad "export leaks: $l"
head -n 1 "$T"/usb/*questions*.csv | grep -q '"sealed_to"' && ok "export says which rows are sealed (sealed_to)" || bad "no sealed_to column"
K status
has "counts still work" "questions:    0 new / 1 total"

run merge "$T"/usb/*.csv "$T"/usb2/*.csv -o "$T/merged"
[ $? -eq 0 ] && has "merge of sealed exports dedups by uuid" "2 exact duplicates dropped" || bad "merge failed"
l=$(leak "$T"/merged-*.csv)
[ -z "$l" ] && ok "merged files hold nothing typed" || bad "merge leaks: $l"

# ---- open: exactly what was typed ------------------------------------------
echo "$PASS" | run open --key org.key --raw "$T"/merged-*.csv "$T"/usb/*.csv -o "$T/plain"
[ $? -eq 0 ] && ok "open" || bad "open failed"
[ "$(stat -c %a "$T/plain-signups.csv")" = 600 ] && ok "opened files are 0600" || bad "opened file mode"
cell() { # FILE COLUMN: the one row's cell, byte-exact
    sqlite3 :memory: ".import --csv $1 t" "SELECT \"$2\" FROM t"
}
nl='
'
[ "$(cell "$T/plain-questions.csv" text)" = "$QTEXT1$nl$QTEXT2" ] && ok "question text as typed" || bad "question text: $(cell "$T/plain-questions.csv" text)"
[ "$(cell "$T/plain-questions.csv" name)" = "$QNAME" ] && ok "question name as typed" || bad "question name"
[ "$(cell "$T/plain-signups.csv" name)" = "$SNAME" ] && ok "sign-up name as typed" || bad "sign-up name"
[ "$(cell "$T/plain-signups.csv" email)" = "$SEMAIL" ] && ok "email as typed" || bad "email"
[ "$(cell "$T/plain-signups.csv" phone)" = "$SPHONE" ] && ok "phone as typed" || bad "phone"
[ "$(cell "$T/plain-signups.csv" message)" = "$SMSG1$nl$SMSG2" ] && ok "message as typed" || bad "message: $(cell "$T/plain-signups.csv" message)"
echo "$PASS" | run open --key org.key --excel "$T"/usb/*.csv -o "$T/neutral"
[ "$(cell "$T/neutral-signups.csv" message | head -n 1)" = "'$SMSG1" ] && ok "open neutralizes formula cells" || bad "not neutralized"
head -c 3 "$T/neutral-questions.csv" | od -An -tx1 | grep -q "ef bb bf" && ok "open --excel writes the BOM" || bad "no BOM"

# ---- failures, each with its own message -------------------------------------
# the plain text never replaces a sealed input: -o naming the merged files
cp "$T/merged-questions.csv" "$T/merged-questions.before"
echo "$PASS" | run open --key org.key "$T"/merged-*.csv -o "$T/merged"
[ $? -eq 1 ] && has "open refuses to write over its sealed input" "is one of the files being opened" || bad "open wrote over its input"
cmp -s "$T/merged-questions.csv" "$T/merged-questions.before" && ok "the sealed input is as it was" || bad "the sealed input changed"
rm -f "$T/merged-questions.before"

echo "not the passphrase" | run open --key org.key "$T"/usb/*.csv -o "$T/wrong"
[ $? -eq 1 ] && has "wrong passphrase" "org.key: wrong passphrase" || bad "wrong passphrase accepted"
[ ! -e "$T/wrong-questions.csv" ] && ok "nothing written after a wrong passphrase" || bad "wrote after a wrong passphrase"

printf '%s\n%s\n' "$PASS" "$PASS" | run keygen --out other --kdf interactive
echo "$PASS" | run open --key other.key "$T"/usb/*.csv -o "$T/other"
[ $? -eq 1 ] && has "wrong key: named" "none of the --key files is (wrong key)" || bad "wrong key"

q=$(ls "$T"/usb/*questions*.csv)
uuid=$(sqlite3 "$T/data/agmkiosk.db" "SELECT uuid FROM questions")
# cut short: the end of the first sealed cell goes
sed 's/\(sealed:v1:[A-Za-z0-9+/]\{12\}\)[A-Za-z0-9+/=]*/\1/' "$q" >"$T/cut.csv"
echo "$PASS" | run open --key org.key "$T/cut.csv" "$T"/usb/*signups*.csv -o "$T/cut"
[ $? -eq 1 ] && has "cut-short cell named by file, line and uuid" "$T/cut.csv:2: uuid $uuid: name: the sealed text is damaged" || bad "cut-short cell"
[ "$(cell "$T/cut-signups.csv" email)" = "$SEMAIL" ] && ok "the other rows still open" || bad "other rows lost"
# altered: one character of the first sealed cell changed
awk 'NR==2 { i = index($0, "sealed:v1:") + 30; c = substr($0, i, 1); r = (c == "A") ? "B" : "A"; $0 = substr($0, 1, i - 1) r substr($0, i + 1) } { print }' "$q" >"$T/alt.csv"
echo "$PASS" | run open --key org.key "$T/alt.csv" -o "$T/alt"
[ $? -eq 1 ] && has "altered cell detected" "authentication failed" || bad "altered cell"

chmod 644 org.key
echo "$PASS" | run open --key org.key "$T"/usb/*.csv -o "$T/mode"
[ $? -eq 1 ] && has "key file readable by others refused" "chmod 600" || bad "mode 0644 accepted"
chmod 600 org.key
echo "$PASS" | run open --key org.pub "$T"/usb/*.csv -o "$T/pub"
[ $? -eq 1 ] && has "public key given as the secret one" "is a public key file" || bad "org.pub accepted as a key"
run open --key "$T/kiosk.ini" "$T"/usb/*.csv -o "$T/ini" </dev/null
[ $? -eq 1 ] && has "a file that is no key" "is not an agmkiosk secret key file" || bad "kiosk.ini accepted as a key"

run open "$T"/usb/*.csv -o "$T/nokey" </dev/null
[ $? -eq 2 ] && has "open without --key" "open: no --key NAME.key given" || bad "open without --key: status"
run open --key org.key -o "$T/nokey" </dev/null
[ $? -eq 2 ] && has "open without inputs" "open: no input files given" || bad "open without inputs: status"
run open --key=org.key "$T"/usb/*.csv </dev/null
[ $? -eq 2 ] && has "open without -o" "open: no output given: add -o OUT" || bad "open without -o: status"
run open "$T"/usb/*.csv --key </dev/null
[ $? -eq 2 ] && has "open: --key needs a value" "open: --key needs a value" || bad "open --key: status"
run open --help </dev/null
[ $? -eq 0 ] && has "open --help" "usage: agmkiosk open" || bad "open --help: status"

# a kiosk whose public key file is not one: saves nothing, says why
printf 'hello\n' >"$T/notakey.pub"
printf '[privacy]\npublic_key = %s/notakey.pub\n' "$T" >"$T/bad.ini"
run --config "$T/bad.ini" --data "$T/data3" status
has "status: a public key file that is not one" "PROBLEM: $T/notakey.pub is not an agmkiosk public key"
{
    echo "size 800x480"; echo "show ask"; echo "wait 400"
    echo "tap ask.text"; echo "wait 300"; echo "text refused words"; echo "tap kb.hide"; echo "wait 300"
    echo "tap ask.submit"; echo "wait 300"
} >"$T/refused.replay"
run --config "$T/bad.ini" --data "$T/data3" --replay "$T/refused.replay"
has "kiosk: the bad key is logged" "is not an agmkiosk public key"
n=$(sqlite3 "$T/data3/agmkiosk.db" "SELECT count(*) FROM questions" 2>&1)
[ "$n" = 0 ] && ok "nothing saved without a usable key" || bad "saved with a bad key: $n"
printf '[privacy]\npublic_key = %s/org.key\n' "$T" >"$T/secret.ini"
run --config "$T/secret.ini" --data "$T/data3" status
has "status: the secret key given to a kiosk" "is a SECRET key file"
: >"$T/empty.ini"
run --config "$T/empty.ini" --data "$T/data4" status </dev/null
has "status: no key said plainly" "sealing:      OFF: personal data (names, emails, phones, messages, questions) is stored UNENCRYPTED"

e2e_summary
