#!/usr/bin/env bash
# The long fuzz pass (docs/fuzzing.md): coverage-guided fuzzing of each fuzz target for SECONDS, one target after the
# other, each in a JVM of its own, without the unit tests. The corpus grows under proxy/.cifuzz-corpus/ (kept between
# runs, not committed); a crashing input is written next to the target's seeds, under
# proxy/src/test/resources/<package>/<Test>Inputs/<method>/, and fails the run.
# Usage: scripts/fuzz.sh [SECONDS (default 600)] [TARGET: a fuzz test class, e.g. PolicyDocumentFuzzTest (default all)]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
target="${2:-*FuzzTest}"
exec mvn -B -pl proxy -am test -Dfuzz.only=true -Dfuzz.seconds="$seconds" -Dfuzz.targets="$target"
