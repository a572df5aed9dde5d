#!/usr/bin/env bash
# Simulator throughput benchmark (H5): invocations per wall-clock second per policy and platform
# on one thread, then a whole run of every baseline on both platforms.
# Usage: bench/run-simulator.sh [TRACE_DIR] [ROUNDS] [THREADS] [POLICIES]   (from any directory)
#   TRACE_DIR defaults to ../shared/traces/azure2019-sample250 beside the repository; a relative
#   TRACE_DIR is taken from the repository root. A minimal pass:
#   bench/run-simulator.sh ../shared/traces/azure2019-sample100 1 1
# Builds within the reactor from a fresh clone (test-compile of simulator and the modules it
# needs, and their class path): it installs nothing in ~/.m2. Extra Maven flags in MVN_FLAGS
# (e.g. MVN_FLAGS=-o offline); SKIP_BUILD=1 reuses the last build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${SKIP_BUILD:-}" ]]; then
  # -am: prescale-core, collector, autoscaler and policy come from the reactor's target/classes.
  # shellcheck disable=SC2086
  mvn -q -B ${MVN_FLAGS:-} -pl simulator -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
fi
[[ -f simulator/target/cp.txt ]] || { echo "simulator/target/cp.txt missing: run without SKIP_BUILD" >&2; exit 1; }
TRACE=${1:-../shared/traces/azure2019-sample250}
[[ -d "$TRACE" ]] || { echo "trace directory $TRACE not found (from $(pwd))" >&2; exit 1; }
exec java -Xmx4g -cp "simulator/target/classes:simulator/target/test-classes:$(cat simulator/target/cp.txt)" \
  io.prescale.simulator.SimulatorBench "$TRACE" "${2:-5}" "${3:-2}" ${4:+"$4"}
