#!/usr/bin/env bash
# End-to-end OTLP/HTTP protobuf ingest benchmark (not part of the test suite).
#
#   bench/run-ingest.sh            # build, then measure; figures go to stdout and bench/out/ingest/
#   SKIP_BUILD=1 RUNS=5 DURATION=20 bench/run-ingest.sh
#   RUNS=1 DURATION=2 WARMUP=1 bench/run-ingest.sh     # a minimal pass (~1 min with the build)
#
# Builds within the reactor from a fresh clone (package, then test-compile of collector and the
# modules it needs, and their class path): it installs nothing in ~/.m2. Extra Maven flags in
# MVN_FLAGS (e.g. MVN_FLAGS=-o offline).
#
# Starts `prescale run` (the real CollectorSink, windows and API behind the OTLP servers) and
# drives it with wrk (Debian package `wrk`) from a separate process, posting prepared bodies:
#   (a) 100 SERVER spans with 10 attributes per request, (b) 1 span per request.
# Also measures the single-thread ExportTraceServiceRequest.parseFrom rate on body (a) in the same
# run, and p99 latency at ~80 % of the measured peak (wrk with a per-connection delay).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OUT=bench/out/ingest
DURATION=${DURATION:-15}        # seconds per measured wrk run
RUNS=${RUNS:-3}                 # measured runs per scenario (median reported)
THREADS=${THREADS:-1}           # wrk threads
CONNS_A=${CONNS_A:-16}          # connections for (a)
CONNS_B=${CONNS_B:-64}          # connections for (b)
CONNS_RL_A=${CONNS_RL_A:-32}    # connections for the rate-limited latency run of (a)
CONNS_RL_B=${CONNS_RL_B:-128}   # ... and of (b): more connections, so the ms delay is not too coarse
PORT=${PORT:-24318}
GRPC_PORT=${GRPC_PORT:-24317}
API_PORT=${API_PORT:-28080}
WARMUP=${WARMUP:-10}            # seconds of each warm-up run
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -DskipTests -pl app -am package
  # -am: prescale-core and the rest come from the reactor (target/classes), not from ~/.m2.
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -pl collector -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
fi
[ -f app/target/prescale.jar ] && [ -f collector/target/bench-cp.txt ] \
  || { echo "app/target/prescale.jar or collector/target/bench-cp.txt missing: run without SKIP_BUILD" >&2; exit 1; }
CP="collector/target/classes:collector/target/test-classes:$(cat collector/target/bench-cp.txt)"

bodies() { java -cp "$CP" io.prescale.collector.otlp.IngestBenchBodies bodies "$OUT" >/dev/null; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f\n", v}'; }

bodies
echo "== parse rate (single thread, body a)"
java -cp "$CP" io.prescale.collector.otlp.IngestBenchBodies parse "$OUT/batch100.pb" 5 | tee "$OUT/parse.txt"
PARSE=$(sed -n 's/^parse_spans_per_s=\([0-9]*\).*/\1/p' "$OUT/parse.txt")

java $JAVA_OPTS -jar app/target/prescale.jar run --otlp-http-port "$PORT" --otlp-grpc-port "$GRPC_PORT" \
  --http-port "$API_PORT" > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$API_PORT/readyz" >/dev/null || { cat "$OUT/server.log"; exit 1; }

# run_wrk NAME BODY CONNS SECONDS [DELAY_MS] -> prints "rps p99ms mean_ms non2xx"
run_wrk() {
  local name=$1 body=$2 conns=$3 secs=$4 delay=${5:-0}
  bodies # fresh timestamps: the sink rejects spans older than its lateness
  BODY="$OUT/$body" DELAY_MS=$delay wrk -t"$THREADS" -c"$conns" -d"${secs}s" --latency \
    -s bench/otlp-post.lua "http://127.0.0.1:$PORT" > "$OUT/$name.txt"
  local rps p99 mean non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/$name.txt" | to_ms)
  mean=$(awk '$1=="Latency" && $2 ~ /^[0-9]/ {print $2; exit}' "$OUT/$name.txt" | to_ms)
  non2xx=$(awk '/Non-2xx/ {print $5}' "$OUT/$name.txt")
  echo "$rps $p99 $mean ${non2xx:-0}"
}

echo "== warm-up"
run_wrk warm-a batch100.pb "$CONNS_A" "$WARMUP" >/dev/null
run_wrk warm-b single.pb "$CONNS_B" "$WARMUP" >/dev/null

declare -a A_RPS B_RPS
echo "== (a) 100 spans x 10 attributes per request, $CONNS_A connections, ${DURATION}s x $RUNS"
for i in $(seq 1 "$RUNS"); do
  read -r rps p99 mean non2xx < <(run_wrk "a-$i" batch100.pb "$CONNS_A" "$DURATION")
  echo "  run $i: $rps req/s = $(awk -v r="$rps" 'BEGIN{printf "%.0f", r*100}') spans/s, p99 ${p99} ms, non-2xx $non2xx"
  A_RPS+=("$rps")
done
echo "== (b) 1 span per request, $CONNS_B connections, ${DURATION}s x $RUNS"
for i in $(seq 1 "$RUNS"); do
  read -r rps p99 mean non2xx < <(run_wrk "b-$i" single.pb "$CONNS_B" "$DURATION")
  echo "  run $i: $rps req/s, p99 ${p99} ms, non-2xx $non2xx"
  B_RPS+=("$rps")
done
A_MED=$(printf '%s\n' "${A_RPS[@]}" | median)
B_MED=$(printf '%s\n' "${B_RPS[@]}" | median)

# p99 at ~80 % of peak: each connection waits DELAY after every answer; calibrate DELAY once.
rate_limited() {
  local name=$1 body=$2 peak=$3 CONNS_RL=$4
  local target delay rps p99 mean non2xx lat
  target=$(awk -v p="$peak" 'BEGIN{print p*0.8}')
  delay=$(awk -v c="$CONNS_RL" -v t="$target" 'BEGIN{d=int(1000*c/t); print (d<1)?1:d}')
  read -r rps p99 mean non2xx < <(run_wrk "$name-cal" "$body" "$CONNS_RL" 5 "$delay")
  # rate = C / (delay + L): solve for L, then pick the delay that gives the target
  delay=$(awk -v c="$CONNS_RL" -v t="$target" -v r="$rps" -v d="$delay" \
    'BEGIN{l=1000*c/r-d; nd=int(1000*c/t-l+0.5); print (nd<1)?1:nd}')
  read -r rps p99 mean non2xx < <(run_wrk "$name" "$body" "$CONNS_RL" "$DURATION" "$delay")
  echo "$target $delay $rps $p99 $non2xx"
}
echo "== latency at ~80 % of peak ($CONNS_RL_A / $CONNS_RL_B connections, per-connection delay)"
read -r A_T A_D A_R A_P99 A_N < <(rate_limited rl-a batch100.pb "$A_MED" "$CONNS_RL_A")
echo "  (a) target $A_T req/s, delay ${A_D} ms: $A_R req/s, p99 ${A_P99} ms, non-2xx $A_N"
read -r B_T B_D B_R B_P99 B_N < <(rate_limited rl-b single.pb "$B_MED" "$CONNS_RL_B")
echo "  (b) target $B_T req/s, delay ${B_D} ms: $B_R req/s, p99 ${B_P99} ms, non-2xx $B_N"

curl -s "http://127.0.0.1:$API_PORT/metrics" | grep -E '^prescale_otlp_(received_items|refused_requests)_total' \
  | grep -v ' 0.0$' > "$OUT/collector-metrics.txt" || true

A_SPANS=$(awk -v r="$A_MED" 'BEGIN{printf "%.0f", r*100}')
echo
echo "== summary ($(date -u +%Y-%m-%dT%H:%MZ), nproc $(nproc), $(lscpu | sed -n 's/^Model name: *//p'))"
printf '(a) median %s spans/s (%s req/s)   target >= 200000\n' "$A_SPANS" "$A_MED"
printf '(b) median %s req/s                 target >= 15000\n' "$B_MED"
printf 'parse rate %s spans/s; (a)/parse = %s   target >= 0.4\n' "$PARSE" "$(awk -v a="$A_SPANS" -v p="$PARSE" 'BEGIN{printf "%.2f", a/p}')"
printf 'p99 at ~80%% of peak: (a) %s ms at %s req/s, (b) %s ms at %s req/s   target < 50 ms\n' "$A_P99" "$A_R" "$B_P99" "$B_R"
echo "collector counters after the run:"
cat "$OUT/collector-metrics.txt"
