#!/usr/bin/env bash
# Cluster mode on Kafka (issue 13): ingest through Kafka against direct ingest in the same run,
# bytes per invocation on the topic, rebalance and failover with 10,000 functions, heap per
# function. Not part of the test suite; figures in bench/RESULTS.md.
#
#   bench/run-cluster.sh                            # build, then all phases (~8 min on 2 cores)
#   SKIP_BUILD=1 RUNS=5 DURATION=20 bench/run-cluster.sh
#   SKIP_BUILD=1 PHASES="handover" FUNCTIONS=20000 bench/run-cluster.sh
#   SKIP_BUILD=1 RUNS=1 DURATION=3 WARMUP=2 FUNCTIONS=2000 HISTORY=5 bench/run-cluster.sh  # minimal
#
# Builds within the reactor from a fresh clone (test-compile of app and the modules it needs, and
# their class path): installs nothing in ~/.m2. Maven runs offline by default (MVN_OFFLINE=-o;
# MVN_OFFLINE= lets it download what ~/.m2 lacks). SKIP_BUILD=1 reuses the last build.
#
# Runs io.prescale.app.cluster.ClusterBench (app's test classes): one real Kafka 4.1.1 broker
# (KafkaBroker, child JVM, -Xmx1g) and `prescale run` replicas in child JVMs (JAVA_OPTS each),
# everything on 127.0.0.1 with ephemeral ports; load from wrk (Debian package `wrk`) posting
# prepared OTLP/HTTP protobuf bodies (100 SERVER spans x 10 attributes, as bench/run-ingest.sh).
# Phases (PHASES, default all):
#   ingest   direct `prescale run` vs `prescale run --kafka-bootstrap` (1 replica, then 2 behind
#            round-robin unless TWO=false), interleaved, RUNS x DURATION s each, CONNS connections;
#            and the time until the owner applied every record after the load stopped
#   bytes    value bytes per window write (metrics) and bytes on the broker's disk per span, for
#            100 spans per request over 1, 10 and 100 functions (5 s of wrk each)
#   handover replica A gets FUNCTIONS functions x HISTORY spans of the last 4 minutes, checkpoints
#            (CHECKPOINT seconds), then B joins (rebalance) and A is killed with SIGKILL (failover);
#            PARTITIONS partitions, session timeout 6s; heap after GC per function (jcmd GC.run)
# Every process it starts is stopped at the end, also on failure or Ctrl-C. Output: stdout and
# bench/out/cluster/ (results.txt, wrk.txt, replica-*.log, kafka/broker.log).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OUT=${OUT:-bench/out/cluster}
PHASES=${PHASES:-ingest bytes handover}
DURATION=${DURATION:-10}     # seconds per measured wrk run
WARMUP=${WARMUP:-10}         # seconds of the warm-up run against each replica
RUNS=${RUNS:-3}              # measured runs per side (median reported)
CONNS=${CONNS:-16}           # wrk connections (split between the replicas of the 2-replica runs)
TWO=${TWO:-true}             # also measure 2 cluster replicas behind round-robin
PARTITIONS=${PARTITIONS:-12}
FUNCTIONS=${FUNCTIONS:-10000}
HISTORY=${HISTORY:-30}       # spans per function in the handover phase's history
CHECKPOINT=${CHECKPOINT:-5}   
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
TIMEOUT=${TIMEOUT:-1800}     # hard bound on the whole driver, seconds

command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  mvn -q -B ${MVN_OFFLINE--o} -pl app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
fi
[[ -f app/target/cp.txt && -f app/target/test-classes/io/prescale/app/cluster/ClusterBench.class ]] \
  || { echo "app/target/cp.txt or ClusterBench.class missing: run without SKIP_BUILD" >&2; exit 1; }
CP="app/target/test-classes:app/target/classes:$(cat app/target/cp.txt)"
mkdir -p "$OUT"
rm -f "$OUT/pids" "$OUT/wrk.txt" "$OUT"/replica-*.log

PID=
cleanup() {
  # the driver stops its children itself (shutdown hook); these are the ones a hard kill left
  [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  if [[ -f "$OUT/pids" ]]; then
    while read -r p; do # only a replica this run started (a pid may have been reused since)
      if tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q 'io.prescale.app.Main run --bind 127.0.0.1'; then
        kill -9 "$p" 2>/dev/null || true
      fi
    done < "$OUT/pids"
  fi
}
trap cleanup EXIT INT TERM

echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ), nproc $(nproc), $(free -g | awk '/^Mem:/ {print $2}') GiB," \
  "$(java -version 2>&1 | head -1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "== phases: $PHASES; RUNS=$RUNS DURATION=$DURATION CONNS=$CONNS PARTITIONS=$PARTITIONS" \
  "FUNCTIONS=$FUNCTIONS HISTORY=$HISTORY CHECKPOINT=$CHECKPOINT JAVA_OPTS='$JAVA_OPTS'"
# shellcheck disable=SC2086
timeout -s TERM "$TIMEOUT" java -Xmx512m -cp "$CP" \
  -Dbench.out="$OUT" -Dbench.duration="$DURATION" -Dbench.warmup="$WARMUP" -Dbench.runs="$RUNS" \
  -Dbench.conns="$CONNS" -Dbench.two="$TWO" -Dbench.partitions="$PARTITIONS" \
  -Dbench.functions="$FUNCTIONS" -Dbench.history="$HISTORY" -Dbench.checkpoint="$CHECKPOINT" \
  -Dbench.jvm="$JAVA_OPTS" -Dbench.lua=bench/otlp-post.lua \
  io.prescale.app.cluster.ClusterBench $PHASES &
PID=$!
wait "$PID"
PID=
echo "== results ($OUT/results.txt)"
cat "$OUT/results.txt"
