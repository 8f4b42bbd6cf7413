#!/bin/sh
# The libFuzzer targets (tests/fuzz/, built by make test into build/fuzz
# with clang): each replays its regression inputs and runs a fixed number
# of inputs from its seeds, with a fixed seed, under ASan and UBSan. Each
# target counts as one test. Without clang and libFuzzer the build left a
# note, and this says the targets were skipped.
# agm: native-only
set -u
: "${AGM_ROOT:?}"
B=${AGM_FUZZ_BUILD:-$AGM_ROOT/build/fuzz}
if [ -f "$B/SKIPPED" ]; then
    cat "$B/SKIPPED"
    echo "0 passed, 0 failed"
    exit 0
fi
exec "$AGM_ROOT/tests/fuzz/run.sh" --runs "${AGM_FUZZ_RUNS:-6000}" "$B"
