#!/bin/sh
# End-to-end: the real program, headless (`--replay`), types a question and
# a sign-up on the on-screen keyboard (taps on key controls by id, e.g.
# `tap kb.a`), submits them, and the rows are then read back with sqlite3
# from the temporary data folder. A Korean question and name are typed jamo
# by jamo on the Hangul keyboard, a Japanese one on the kana table (in two
# pages on a portrait screen). Also: a failed save keeps the kiosk running,
# and nothing typed is left on screen after the idle timeout.
#
# env: AGMKIOSK (the binary), AGM_ROOT (the repository)
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
. "$AGM_ROOT/tests/e2e/lib.sh"
T=$tmp
# A failure shows the end of the last replay's output.
bad() { fail "$1"; [ -f "$T/out" ] && sed 's/^/    /' "$T/out" | tail -n 20; }
CONTENT="$AGM_ROOT/content"
DB="$T/data/agmkiosk.db"

# keys WORD: "tap kb.X" lines for a word of lower-case letters
keys() {
    printf '%s\n' "$1" | sed 's/./&\n/g' | sed '/^$/d; s/^/tap kb./'
}

# kb KEY...: one "tap kb.KEY" line per argument (jamo, kana, or a key name)
kb() {
    printf 'tap kb.%s\n' "$@"
}

run_replay() { # $1 = script, $2 = data folder
    "$AGMKIOSK" --content "$CONTENT" --data "$2" --kiosk-id e2e-kiosk --replay "$1" >"$T/out" 2>&1
}

# ---- a question typed on the on-screen keyboard --------------------------
{
    echo "size 800x480"
    echo "show ask"
    echo "wait 400"
    echo "tap ask.text"
    echo "wait 400"
    echo "tap kb.W"                 # the first letter is a capital by itself
    keys hen; echo "tap kb.space"
    keys is; echo "tap kb.space"
    keys the; echo "tap kb.space"
    keys next; echo "tap kb.space"
    keys meeting
    echo "tap kb.symbols"
    echo "tap kb.?"
    echo "tap kb.letters"
    echo "tap kb.hide"
    echo "wait 400"
    echo "tap ask.name"
    echo "wait 400"
    echo "tap kb.J"
    keys un
    echo "tap kb.hide"
    echo "wait 400"
    echo "tap ask.submit"
    echo "wait 300"
    echo "screenshot $T/ask-thanks.png"
    echo "wait 7000"
    echo "expect-screen home"
} >"$T/ask.replay"
if run_replay "$T/ask.replay" "$T/data"; then ok "ask replay ran"; else bad "ask replay exited $?"; fi
row=$(sqlite3 "$DB" "SELECT text || '|' || name || '|' || topic || '|' || lang || '|' || kiosk_id || '|' || status FROM questions" 2>&1)
if [ "$row" = "When is the next meeting?|Jun||en|e2e-kiosk|new" ]; then ok "question row"; else bad "question row: '$row'"; fi
[ -s "$T/ask-thanks.png" ] && ok "thank-you screenshot" || bad "no thank-you screenshot"

# ---- a sign-up: name, email on the email layout, phone pad, choices -------
{
    echo "size 800x480"
    echo "show signup"
    echo "wait 400"
    echo "tap signup.name"
    echo "wait 400"
    echo "tap kb.M"
    keys ina; echo "tap kb.space"
    echo "tap kb.shift"
    echo "tap kb.P"
    keys ark
    echo "tap kb.enter"             # on to the email, with @ and .com at hand
    echo "wait 400"
    keys mina; echo "tap kb.@"; keys example; echo "tap kb..com"
    echo "tap kb.enter"             # on to the phone: the number pad
    echo "wait 400"
    echo "tap kb.+"; echo "tap kb.8"; echo "tap kb.1"; echo "tap kb.space"
    echo "tap kb.9"; echo "tap kb.0"; echo "tap kb.-"; echo "tap kb.1"; echo "tap kb.2"
    echo "tap kb.hide"
    echo "wait 400"
    echo "drag 400 300 400 150 300"
    echo "wait 200"
    echo "tap signup.interest.0"
    echo "tap signup.interest.2"
    echo "drag 400 300 400 120 300"
    echo "wait 200"
    echo "tap signup.language.1"
    echo "drag 400 300 400 100 300"
    echo "drag 400 300 400 100 300"
    echo "drag 400 300 400 100 300"
    echo "wait 200"
    echo "tap signup.consent"
    echo "tap signup.submit"
    echo "wait 300"
    echo "screenshot $T/signup-thanks.png"
} >"$T/signup.replay"
if run_replay "$T/signup.replay" "$T/data"; then ok "signup replay ran"; else bad "signup replay exited $?"; fi
row=$(sqlite3 "$DB" "SELECT name || '|' || email || '|' || phone || '|' || interests || '|' || languages || '|' || consent_version || '|' || lang FROM signups" 2>&1)
i0=$(sed -n '/^\[interests\]/,/^\[/p' "$CONTENT/forms.ini" | grep -E '^[a-z_0-9-]+ *=' | sed -n '1p;3p' | cut -d= -f1 | tr -d ' ' | paste -sd';')
l1=$(sed -n '/^\[languages\]/,/^\[/p' "$CONTENT/forms.ini" | grep -E '^[a-z_0-9-]+ *=' | sed -n '2p' | cut -d= -f1 | tr -d ' ')
cv=$(sed -n '/^\[consent\]/,/^\[/p' "$CONTENT/forms.ini" | grep -E '^version *=' | cut -d= -f2 | tr -d ' ')
want="Mina Park|mina@example.com|+81 90-12|$i0|$l1|$cv|en"
if [ "$row" = "$want" ]; then ok "sign-up row"; else bad "sign-up row: '$row' (wanted '$want')"; fi
n=$(sqlite3 "$DB" "SELECT count(*) FROM questions")
[ "$n" = 1 ] && ok "still one question" || bad "questions: $n"

# ---- Korean: the Hangul keyboard composes syllables as they are typed ----
# The Korean UI (chosen on the home screen) opens text fields on Hangul.
{
    echo "size 800x480"
    echo "show home"
    echo "wait 400"
    echo "tap lang.ko"
    echo "wait 400"
    echo "show ask"
    echo "wait 400"
    echo "tap ask.text"
    echo "wait 400"
    kb ㄱ ㅏ ㅁ ㅅ ㅏ ㅎ ㅏ ㅂ ㄴ ㅣ ㄷ ㅏ    # 감사합니다
    kb backspace ㅏ                         # one jamo back, and again
    kb space ㅈ ㅣ ㄹ ㅁ ㅜ ㄴ              # 질문: ㄹ stays under 질, ㅁ begins 문
    kb symbols ? letters
    echo "screenshot $T/ko-keyboard.png"
    kb hide
    echo "wait 400"
    echo "tap ask.name"
    echo "wait 400"
    kb ㄱ ㅣ ㅁ ㅁ ㅣ ㄴ ㅅ ㅜ                # 김민수
    kb hide
    echo "wait 400"
    echo "tap ask.submit"
    echo "wait 300"
} >"$T/ko.replay"
if run_replay "$T/ko.replay" "$T/data-ko"; then ok "Korean replay ran"; else bad "Korean replay exited $?"; fi
row=$(sqlite3 "$T/data-ko/agmkiosk.db" "SELECT text || '|' || name || '|' || lang FROM questions" 2>&1)
if [ "$row" = "감사합니다 질문?|김민수|ko" ]; then ok "Korean question row"; else bad "Korean question row: '$row'"; fi
[ -s "$T/ko-keyboard.png" ] && ok "Hangul keyboard screenshot" || bad "no Hangul keyboard screenshot"

# ---- Japanese: the 50-sound table, in two pages on a portrait screen ------
{
    echo "size 720x1280"
    echo "show home"
    echo "wait 400"
    echo "tap lang.ja"
    echo "wait 400"
    echo "show ask"
    echo "wait 400"
    echo "tap ask.text"
    echo "wait 400"
    kb き つ small page ふ dakuten dakuten は page     # きっぷは (あ-な, then は-ん)
    kb symbols ? letters
    echo "screenshot $T/ja-keyboard.png"
    kb hide
    echo "wait 400"
    echo "tap ask.name"
    echo "wait 400"
    kb page や ま page た dakuten                      # やまだ
    kb kana page ー backspace                           # katakana: typed and taken back
    kb hide
    echo "wait 400"
    echo "tap ask.submit"
    echo "wait 300"
} >"$T/ja.replay"
if run_replay "$T/ja.replay" "$T/data-ja"; then ok "Japanese replay ran"; else bad "Japanese replay exited $?"; fi
row=$(sqlite3 "$T/data-ja/agmkiosk.db" "SELECT text || '|' || name || '|' || lang FROM questions" 2>&1)
if [ "$row" = "きっぷは?|やまだ|ja" ]; then ok "Japanese question row"; else bad "Japanese question row: '$row'"; fi
[ -s "$T/ja-keyboard.png" ] && ok "kana keyboard screenshot" || bad "no kana keyboard screenshot"

# ---- failure: the database cannot be written; the kiosk keeps running ----
# A data "folder" that is a file: no store can be opened, so the form says
# saving is unavailable and Submit stays disabled.
: >"$T/notadir"
{
    echo "size 800x480"
    echo "show ask"
    echo "wait 400"
    echo "text Still here"
    echo "wait 200"
    echo "screenshot $T/ask-nostore.png"
    echo "expect-screen ask"
} >"$T/nostore.replay"
if run_replay "$T/nostore.replay" "$T/notadir/data"; then ok "no database: the kiosk keeps running"; else bad "no-database replay exited $?"; fi

# ... and Submit is not there to tap: the replay stops with a clear message.
{
    echo "size 800x480"
    echo "show ask"
    echo "wait 400"
    echo "text Still here"
    echo "tap ask.submit"
} >"$T/nostore-submit.replay"
run_replay "$T/nostore-submit.replay" "$T/notadir/data"
rc=$?
if [ $rc -eq 1 ] && grep -q "tap ask.submit: no such control on screen 'ask'" "$T/out"; then
    ok "no database: Submit is disabled"
else
    bad "no database: Submit (exit $rc)"
fi

# ---- privacy: typed text is gone after the idle timeout -----------------
# A question typed (Submit enabled), then nobody touches the kiosk: after the
# idle timeout the form is empty again, so Submit is not there to tap.
{
    echo "size 800x480"
    echo "show ask"
    echo "wait 400"
    echo "tap ask.text"
    echo "wait 400"
    echo "text Private words"
    echo "tap kb.hide"
    echo "wait 400"
    echo "screenshot $T/before-idle.png"
    echo "wait 100000"
    echo "expect-screen attract"
    echo "show ask"
    echo "wait 400"
    echo "tap ask.submit"
} >"$T/idle.replay"
run_replay "$T/idle.replay" "$T/data2"
rc=$?
if [ $rc -eq 1 ] && grep -q "idle for" "$T/out" && grep -q "tap ask.submit: no such control" "$T/out"; then
    ok "idle timeout cleared the question"
else
    bad "idle replay (exit $rc)"
fi
n=$(sqlite3 "$T/data2/agmkiosk.db" "SELECT count(*) FROM questions" 2>&1)
[ "$n" = 0 ] && ok "nothing stored without submit" || bad "questions after idle: $n"

e2e_summary
