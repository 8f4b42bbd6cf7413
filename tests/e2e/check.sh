#!/bin/sh
# `agmkiosk check`: the bundled content passes with a summary; a broken
# copy fails with file:line lines; usage errors exit 2.
set -u
: "${AGMKIOSK:?}" "${AGM_ROOT:?}"
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. bundled content: exit 0, no problem lines, one summary line
out=$("$AGMKIOSK" check "$AGM_ROOT/content" 2>&1); rc=$?
[ $rc -eq 0 ] && ok || fail "bundled content: exit $rc: $out"
echo "$out" | grep -Eq '^content: [0-9]+ sections, 17 timeline events, [0-9]+ figures, [0-9]+ charts, [0-9]+ slides, 3 languages$' \
    && ok || fail "bundled content: no summary line: $out"
echo "$out" | grep -Eq '^meeting: 3 resolutions, no members.csv; quorum at least 1/2 counting present written proxy$' \
    && ok || fail "bundled content: no meeting line: $out"
[ "$(echo "$out" | wc -l)" -eq 4 ] && ok || fail "bundled content: more than the summary: $out"
echo "$out" | grep -q '^  ja (日本語): [0-9]* of [0-9]* texts translated$' && echo "$out" | grep -q '^  ko (한국어): [0-9]* of [0-9]* texts translated$' \
    && ok || fail "bundled content: no translation lines: $out"

# 2. --content sets the default folder
out=$("$AGMKIOSK" --content "$AGM_ROOT/content" check 2>&1); rc=$?
[ $rc -eq 0 ] && ok || fail "--content: exit $rc: $out"

# 3. a broken copy: exit 1 and file:line: message lines naming the files
cp -r "$AGM_ROOT/content" "$tmp/broken"
printf 'id,group,label,value,unit,approx,section,note\nx,defectors,2011,"2,737",defectors,exact,North Korean defectors still flowing out,\n' \
    > "$tmp/broken/stats.csv"
printf '[slide]\nshow = title\n\n[slide]\nshow = section no-such-section\n' > "$tmp/broken/slides.ini"
out=$("$AGMKIOSK" check "$tmp/broken" 2>/dev/null); rc=$?
[ $rc -eq 1 ] && ok || fail "broken copy: exit $rc, want 1"
echo "$out" | grep -q "^$tmp/broken/stats.csv:2: value '2,737' is not a number" && ok \
    || fail "broken copy: no stats.csv:2 line: $out"
echo "$out" | grep -q "^$tmp/broken/slides.ini:5: unknown section 'no-such-section'" && ok \
    || fail "broken copy: no slides.ini:5 line: $out"
echo "$out" | grep -q '^content:' && fail "broken copy printed a summary: $out" || ok

# 4. a missing folder, --help, a bad option
"$AGMKIOSK" check "$tmp/none" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "^$tmp/none:0: content folder not found" "$tmp/out" && ok || fail "missing folder: exit $rc"
"$AGMKIOSK" check --help >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q '^usage: agmkiosk check' "$tmp/out" && ok || fail "--help: exit $rc"
"$AGMKIOSK" check --bogus >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && ok || fail "bad option: exit $rc, want 2"

# 5. --ids lists what slides.ini can refer to
"$AGMKIOSK" check --ids "$AGM_ROOT/content" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q '^  distribution-of-food-and-medicines ' "$tmp/out" && ok || fail "--ids: exit $rc"

# 6. a folder for another organization and year works unchanged
out=$("$AGMKIOSK" check "$AGM_ROOT/tests/data/content-other" 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$out" = "content: 2 sections, 2 timeline events, 4 figures, 2 charts, 5 slides, 2 languages" ] \
    && ok || fail "other folder: exit $rc: $out"

# 7. translations: a missing one is a warning at the English text's line, a
#    changed figure an error at the translation's line
cp -r "$AGM_ROOT/content" "$tmp/tr"
sed -i 's/^title.ko = .*$//' "$tmp/tr/event.ini"
sed -i 's/\*\*2,737\*\*人/**2,738**人/' "$tmp/tr/report.ja.md"
out=$("$AGMKIOSK" check "$tmp/tr" 2>/dev/null); rc=$?
[ $rc -eq 1 ] && ok || fail "translations: exit $rc, want 1: $out"
tl=$(grep -n '^title = ' "$tmp/tr/event.ini" | cut -d: -f1)
echo "$out" | grep -q "^$tmp/tr/event.ini:$tl: warning: ko: no translation: title.ko is missing (the English is shown)" \
    && ok || fail "translations: no missing title.ko warning: $out"
jl=$(grep -n '2,738' "$tmp/tr/report.ja.md" | cut -d: -f1)
echo "$out" | grep -q "^$tmp/tr/report.ja.md:$jl: ja: .*the English states 2737, missing here; 2738 not in the English" \
    && ok || fail "translations: no figures error at report.ja.md:$jl: $out"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
