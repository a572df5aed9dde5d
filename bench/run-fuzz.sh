#!/usr/bin/env bash
# Long fuzz pass over every decoder: OTLP traces/metrics/logs in protobuf and JSON (decode + ingest
# into the store), gRPC framing, snapshot files, policy files. See README "Fuzzing".
# Usage: bench/run-fuzz.sh [INPUTS_PER_TARGET] [SEED] [TARGET...]   (from any directory)
#   INPUTS_PER_TARGET default 111112: 9 targets, >= 1,000,000 inputs in total.
#   SEED default: the current time in milliseconds (printed; the same seed replays the same inputs).
# Prints per target: inputs, failures by exception class, time, max heap used, max allocation and
# time of one input, outcomes; writes the first failing input of each distinct failure to
# fuzz/src/test/resources/fuzz-regressions/<target>/ (replayed by every mvn verify). Exit 1 on failure.
# Builds within the reactor only (test-compile + the class path): it installs nothing in ~/.m2.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -q -B ${MVN_OFFLINE:--o} -pl fuzz -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
fi
CP="fuzz/target/test-classes:fuzz/target/classes:$(cat fuzz/target/cp.txt)"
INPUTS="${1:-111112}"
SEED="${2:-$(date +%s%3N)}"
shift $(( $# > 2 ? 2 : $# ))
exec java -Xmx2g -Xss4m ${JAVA_OPTS:-} -Djava.util.logging.config.file=/dev/null \
  -Dprescale.fuzz.regressions="$PWD/fuzz/src/test/resources/fuzz-regressions" \
  -cp "$CP" io.prescale.fuzz.FuzzMain "$INPUTS" "$SEED" "$@"
