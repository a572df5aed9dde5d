#!/usr/bin/env bash
# Simulator throughput benchmark (H5): invocations per wall-clock second per policy and platform
# on one thread, then a whole run of every baseline on both platforms.
# Usage: bench/run-simulator.sh [TRACE_DIR] [ROUNDS] [THREADS] [POLICIES]   (run from the repository root)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -o install -pl core,collector,autoscaler,policy -DskipTests
cd simulator
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
exec java -Xmx4g -cp "target/classes:target/test-classes:$(cat target/cp.txt)" \
  io.prescale.simulator.SimulatorBench "${1:-../../shared/traces/azure2019-sample250}" "${2:-5}" "${3:-2}" ${4:+"$4"}
