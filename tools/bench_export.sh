#!/bin/sh
# Export and merge figures for `make bench`:
#   - export of N questions (default 100,000) by `agmkiosk export --all`
#     beside `sqlite3 -csv` selecting the same columns from the same
#     database, each the median of RUNS runs (min and max too), and the ratio;
#   - merge of 3 exports of N questions from three kiosks.
# Whole-process wall-clock times; the export includes opening the database
# and fsyncing the files (sqlite3 -csv does neither).
#
# usage: tools/bench_export.sh AGMKIOSK [N] [RUNS]     (QUICK=1: N=2000, RUNS=3)
set -eu
A=${1:?usage: tools/bench_export.sh AGMKIOSK [N] [RUNS]}
if [ -n "${QUICK:-}" ]; then N=${2:-2000} RUNS=${3:-3}; else N=${2:-100000} RUNS=${3:-5}; fi
command -v sqlite3 >/dev/null || { echo "bench_export: sqlite3 is needed" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# make_db DIR KIOSK: N questions in English, Japanese and Korean, schema v1
# (the binary migrates it on the warm-up run).
make_db() {
    mkdir -p "$1"
    sqlite3 "$1/agmkiosk.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE questions(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', topic TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'new');
CREATE TABLE signups(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, lang TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '', interests TEXT NOT NULL DEFAULT '', languages TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT '', consent_version TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'new');
INSERT INTO meta VALUES('next_seq', '$((N + 1))');
INSERT INTO meta VALUES('kiosk_id', '$2');
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $N)
INSERT INTO questions(uuid, seq, kiosk_id, created_at, lang, text, name, topic)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-8' ||
             substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       i, '$2', strftime('%Y-%m-%dT%H:%M:%SZ', 1349680000 + i, 'unixepoch'),
       CASE i % 3 WHEN 0 THEN 'en' WHEN 1 THEN 'ja' ELSE 'ko' END,
       CASE i % 3
           WHEN 0 THEN 'What is the plan for the regional offices next year, and how will volunteers be "trained", funded and supported? #' || i
           WHEN 1 THEN '来年の地域事務所の計画について教えてください。ボランティアの研修はどうなりますか？ ' || i
           ELSE '내년 지역 사무소 계획은 무엇입니까? 자원봉사자 교육은 어떻게 됩니까? ' || i END,
       CASE WHEN i % 4 = 0 THEN '' ELSE 'Member ' || i END,
       CASE WHEN i % 5 = 0 THEN 'finance' ELSE 'programs' END
FROM c;
PRAGMA user_version=1;
SQL
}

ms() { echo $(($(date +%s%N) / 1000000)); }
# stats "v1 v2 ...": median min max (integers, ms)
stats() { echo "$1" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {printf "%d %d %d", a[int((NR+1)/2)], a[1], a[NR]}'; }

for k in hall-a hall-b foyer; do make_db "$T/$k" "$k"; done
D=$T/hall-a
"$A" --data "$D" --kiosk-id hall-a export --all --out "$T/warm" >/dev/null 2>&1

ta="" ts=""
i=0
while [ $i -lt "$RUNS" ]; do
    rm -rf "$T/o"
    s=$(ms); "$A" --data "$D" --kiosk-id hall-a export --all --out "$T/o" >/dev/null; m=$(ms)
    sqlite3 -csv -header "$D/agmkiosk.db" \
        'SELECT uuid, seq, kiosk_id, created_at, lang, status, topic, name, text FROM questions ORDER BY seq' >"$T/s.csv"
    e=$(ms)
    ta="$ta $((m - s))" ts="$ts $((e - m))"
    i=$((i + 1))
done
set -- $(stats "$ta"); am=$1 amin=$2 amax=$3
set -- $(stats "$ts"); sm=$1 smin=$2 smax=$3
ratio=$(awk -v a="$am" -v b="$sm" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
printf 'export %d questions: agmkiosk %d ms (min %d, max %d); sqlite3 -csv %d ms (min %d, max %d); ratio %s\n' \
    "$N" "$am" "$amin" "$amax" "$sm" "$smin" "$smax" "$ratio"

for k in hall-b foyer; do "$A" --data "$T/$k" --kiosk-id "$k" export --all --out "$T/m-$k" >/dev/null 2>&1; done
files="$(ls "$T"/o/*questions*.csv) $(ls "$T"/m-hall-b/*questions*.csv) $(ls "$T"/m-foyer/*questions*.csv)"
tm=""
i=0
while [ $i -lt "$RUNS" ]; do
    s=$(ms); "$A" merge $files -o "$T/merged" >/dev/null; e=$(ms)
    tm="$tm $((e - s))"
    i=$((i + 1))
done
set -- $(stats "$tm")
rows=$(($(grep -c '^"' "$T/merged-questions.csv") - 1))
rss=""
if [ -x /usr/bin/time ]; then
    rss=$(/usr/bin/time -f '%M' "$A" merge $files -o "$T/merged" 2>&1 >/dev/null | tail -n 1)
    rss=", peak RSS $((rss / 1024)) MB"
fi
printf 'merge 3 x %d questions: %d ms (min %d, max %d), %d rows out%s\n' "$N" "$1" "$2" "$3" "$rows" "$rss"
