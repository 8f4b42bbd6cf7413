# lib.sh - the common prologue of the end-to-end scripts. Sourced, not run
# (tests/run.sh skips it):
#
#     . "$AGM_ROOT/tests/e2e/lib.sh"
#
# It gives: the counters passed and failed, with ok [DESCRIPTION] (printed
# when given), fail MESSAGE (also called bad) and e2e_summary, which prints
# the "N passed, N failed" line tests/run.sh reads and returns the status;
# $tmp, a scratch folder removed at exit (kept, and named, with
# AGM_KEEP_TMP=1); A ARGS..., the program ($AGMKIOSK) on the bundled
# content with its data in $tmp/data; png_size FILE, a PNG's WxH.
set -u
: "${AGM_ROOT:?run through tests/run.sh}"
passed=0 failed=0
ok() { passed=$((passed + 1)); [ $# -eq 0 ] || echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
bad() { fail "$@"; }
e2e_summary() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

tmp=$(mktemp -d)
if [ -n "${AGM_KEEP_TMP:-}" ]; then echo "keeping $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi

A() { "$AGMKIOSK" --content "$AGM_ROOT/content" --data "$tmp/data" "$@"; }

# Width and height from the IHDR chunk.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d\n", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'; }
