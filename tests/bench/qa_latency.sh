#!/bin/sh
# qa_latency.sh - one run of the live Q&A path across processes on one
# database: the slideshow process (a replay on the real clock, `wait-real`)
# shows the Q&A slide; a kiosk process submits an opted-in question; a
# moderator process approves it (the moderation screen, key A) and prints
# the moment of its commit (`mark`); the slideshow process prints the moment
# it drew the question (`question-shown`). Prints one line:
#     LATENCY_MS UUID
# (the time from the approval's commit to the frame with the question), or
# "none UUID" when the question did not appear within the run. Exit status
# 1 when a process failed.
#
# usage: qa_latency.sh AGMKIOSK CONTENT WORKDIR [SIZE]
#   AGMKIOSK may be a command with arguments (a qemu wrapper).
set -u
BIN=${1:?usage: qa_latency.sh AGMKIOSK CONTENT WORKDIR [SIZE]}
CONTENT=${2:?}
W=${3:?}
SIZE=${4:-1280x800}
mkdir -p "$W"
DATA="$W/data"
run() { # $1 = script, $2 = output
    $BIN --content "$CONTENT" --data "$DATA" --kiosk-id hall-a --replay "$1" >"$2" 2>"$2.err"
}

# the projector: on the Q&A slide (the one before the closing slide), then
# on the real clock until the question has been shown or 20 s passed
cat >"$W/show.replay" <<EOF
size $SIZE
show slideshow
wait 300
key end
wait 1500
key left
wait 1500
mark ready
wait-real 20000
EOF
# the kiosk: a question, ticked to be shown
cat >"$W/ask.replay" <<'EOF'
size 800x480
show ask
wait 400
tap ask.text
wait 400
tap kb.L
tap kb.i
tap kb.v
tap kb.e
tap kb.hide
wait 400
drag 400 350 400 100 300
wait 200
drag 400 350 400 100 300
wait 300
tap ask.show.0
wait 200
tap ask.submit
wait 300
EOF
# the moderator: approve the newest (the one just asked)
cat >"$W/approve.replay" <<'EOF'
size 800x480
show moderate
wait 300
key a
mark approved
wait 100
EOF

# a database with its schema before the projector starts
printf 'size 800x480\n' >"$W/init.replay"
run "$W/init.replay" "$W/init.out" || { echo "qa_latency: could not create the database" >&2; exit 1; }

run "$W/show.replay" "$W/show.out" &
show_pid=$!
i=0
until grep -q '^mark ready' "$W/show.out" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 600 ] || ! kill -0 "$show_pid" 2>/dev/null; then
        echo "qa_latency: the slideshow process did not reach the Q&A slide" >&2
        cat "$W/show.out.err" >&2
        kill "$show_pid" 2>/dev/null
        exit 1
    fi
    sleep 0.1
done
run "$W/ask.replay" "$W/ask.out" || { echo "qa_latency: the kiosk replay failed" >&2; cat "$W/ask.out.err" >&2; kill "$show_pid"; exit 1; }
uuid=$(sqlite3 "$DATA/agmkiosk.db" "SELECT uuid FROM questions WHERE may_show = 'yes' ORDER BY seq DESC LIMIT 1")
[ -n "$uuid" ] || { echo "qa_latency: no opted-in question was saved" >&2; kill "$show_pid"; exit 1; }
run "$W/approve.replay" "$W/approve.out" || { echo "qa_latency: the moderator replay failed" >&2; cat "$W/approve.out.err" >&2; kill "$show_pid"; exit 1; }
approved=$(awk '$1 == "mark" && $2 == "approved" { print $3 }' "$W/approve.out")
# the slideshow process ends by itself once its time is up; stop it as soon
# as it has shown the question
i=0
until grep -q "^question-shown $uuid " "$W/show.out" 2>/dev/null; do
    i=$((i + 1))
    [ $i -gt 200 ] && break
    kill -0 "$show_pid" 2>/dev/null || break
    sleep 0.05
done
kill "$show_pid" 2>/dev/null
wait "$show_pid" 2>/dev/null
shown=$(awk -v u="$uuid" '$1 == "question-shown" && $2 == u { print $3; exit }' "$W/show.out")
if [ -z "$shown" ] || [ -z "$approved" ]; then
    echo "none $uuid"
else
    echo "$((shown - approved)) $uuid"
fi
