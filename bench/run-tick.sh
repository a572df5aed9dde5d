#!/usr/bin/env bash
# Autoscaler tick at the store's full size: wall time of one tick of the prescale run wiring
# (store, built-in policy, dry-run adapter behind the scaling engine, decision metrics).
# Usage: bench/run-tick.sh [FUNCTIONS] [BUSY] [WARMUP_TICKS] [TIMED_TICKS] (from any directory)
# Extra JVM options in JAVA_OPTS (e.g. JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/tick.jfr).
# Builds within the reactor only (test-compile + the class path), so it works from a fresh clone:
# it installs nothing in ~/.m2. Maven runs offline by default (MVN_OFFLINE=-o); MVN_OFFLINE= lets
# it download what ~/.m2 lacks. SKIP_BUILD=1 reuses the last build. A minimal pass:
#   bench/run-tick.sh 2000 20 1 2
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -q -B ${MVN_OFFLINE:--o} -pl app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
fi
[[ -f app/target/cp.txt ]] || { echo "app/target/cp.txt missing: run without SKIP_BUILD" >&2; exit 1; }
CP="app/target/test-classes:app/target/classes:$(cat app/target/cp.txt)"
exec java -Xmx4g ${JAVA_OPTS:-} -cp "$CP" io.prescale.app.autoscale.TickBench \
  "${1:-100000}" "${2:-1000}" "${3:-5}" "${4:-10}"
