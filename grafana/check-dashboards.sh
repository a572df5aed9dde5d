#!/usr/bin/env bash
# Proves the Grafana dashboards on a real Prometheus: starts `prescale demo` (from the built jar)
# and a private Prometheus scraping it every second, waits, then runs every query of every panel
# through the Prometheus HTTP API (grafana/check-dashboards.mjs): each must answer without error
# and with data. Fails (exit 1) naming the dashboard, panel and query. Stops everything it started.
# The demo runs with a temporary --data-dir (snapshots every 2 s) and a copy of the example policy,
# so the snapshot and policy series exist. Prometheus scrapes it twice, as two targets apart only by
# a label replica=a|b, like the replicas of cluster mode (docs/cluster.md), each with its own process,
# ingest and policy series and its own function="__other__" series: a panel that draws such a
# series once per replica under one legend, instead of summing or taking the max over the
# replicas, fails.
#
# The same Prometheus loads the alerting rules (deploy/prometheus/prescale-rules.yaml): every rule
# must evaluate without error (deploy/prometheus/check-rules-live.mjs) and the rules that watch a
# healthy Prescale must be inactive; then the policy file is broken on purpose, and
# PrescalePolicyReloadErrors must fire and PrescalePolicyReloadFailing go pending.
#
# Needs: the jar (mvn -B -DskipTests package), Java 17, Node 20, curl, and Debian's `prometheus`
# (installed with apt-get when missing). Only 127.0.0.1 is used; ports are picked free.
# Environment: PRESCALE_JAR (default app/target/prescale.jar), SCRAPE_SECONDS (default 60).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAR=${PRESCALE_JAR:-app/target/prescale.jar}
SCRAPE_SECONDS=${SCRAPE_SECONDS:-60}
say() { echo "check-dashboards: $*"; }
die() { echo "check-dashboards: $*" >&2; exit 1; }

[ -f "$JAR" ] || die "$JAR not found; build it first: mvn -B -DskipTests package"
command -v java >/dev/null || die "java not found"
command -v node >/dev/null || die "node (20+) not found"
command -v curl >/dev/null || die "curl not found"

# Structure first: fast, and no point starting anything when the JSON is broken.
node grafana/check-dashboards.mjs grafana/dashboards

PROMETHEUS=$(command -v prometheus || true)
if [ -z "$PROMETHEUS" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; fi
  say "installing Debian's prometheus"
  # The package may start its own service; we never use it (own config, port and storage below).
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus </dev/null >/dev/null \
    || { $SUDO apt-get update -qq </dev/null && $SUDO env DEBIAN_FRONTEND=noninteractive \
         apt-get install -y -qq --no-install-recommends prometheus </dev/null >/dev/null; } \
    || die "cannot install prometheus with apt-get"
  PROMETHEUS=$(command -v prometheus || echo /usr/bin/prometheus)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/prescale-dashboards.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

read -r API OTLP_HTTP OTLP_GRPC PROM < <(node -e '
  const net = require("net");
  const servers = [0, 1, 2, 3].map(() => net.createServer());
  Promise.all(servers.map(s => new Promise(r => s.listen(0, "127.0.0.1", r)))).then(() => {
    console.log(servers.map(s => s.address().port).join(" "));
    servers.forEach(s => s.close());
  });')

say "starting prescale demo (API :$API, OTLP :$OTLP_HTTP/:$OTLP_GRPC, --data-dir $work/data)"
# With a copy of the shadow example policy, so the policy and shadow series exist (and the example stays
# valid), and a --data-dir, so the snapshot series exist; the copy is broken later on purpose.
cp examples/shadow.yaml "$work/policy.yaml"
java -jar "$JAR" demo --config "$work/policy.yaml" --data-dir "$work/data" --snapshot-interval 2s \
  --duration 900s --table-every 30s --http-port "$API" \
  --otlp-http-port "$OTLP_HTTP" --otlp-grpc-port "$OTLP_GRPC" >"$work/demo.log" 2>&1 &
pids+=($!)
demo_pid=$!
for i in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$API/readyz" 2>/dev/null && break
  kill -0 "$demo_pid" 2>/dev/null || { cat "$work/demo.log" >&2; die "prescale demo exited early"; }
  [ "$i" -lt 120 ] || { cat "$work/demo.log" >&2; die "prescale demo not ready after 60 s"; }
  sleep 0.5
done

RULES=$(pwd)/deploy/prometheus/prescale-rules.yaml
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $RULES
scrape_configs:
  - job_name: prescale
    static_configs:
      - targets: ['127.0.0.1:$API']
        labels: { replica: a }
      - targets: ['127.0.0.1:$API']
        labels: { replica: b }
YAML
say "starting prometheus on 127.0.0.1:$PROM"
"$PROMETHEUS" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$PROM" --log.level=warn >"$work/prometheus.log" 2>&1 &
pids+=($!)
prom_pid=$!
for i in $(seq 1 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PROM/-/ready" 2>/dev/null && break
  kill -0 "$prom_pid" 2>/dev/null || { cat "$work/prometheus.log" >&2; die "prometheus exited early"; }
  [ "$i" -lt 60 ] || { cat "$work/prometheus.log" >&2; die "prometheus not ready after 30 s"; }
  sleep 0.5
done

say "letting Prometheus scrape for ${SCRAPE_SECONDS} s"
sleep "$SCRAPE_SECONDS"
kill -0 "$demo_pid" 2>/dev/null || { cat "$work/demo.log" >&2; die "prescale demo died while being scraped"; }
up=$(curl -fsS "http://127.0.0.1:$PROM/api/v1/query?query=up" || true)
case "$up" in
  *'"replica":"a"'*'"value":['*',"1"]'*'"replica":"b"'*'"value":['*',"1"]'*) ;;
  *'"replica":"b"'*'"value":['*',"1"]'*'"replica":"a"'*'"value":['*',"1"]'*) ;;
  *) echo "$up" >&2; die "Prometheus cannot scrape http://127.0.0.1:$API/metrics";;
esac

rc=0
# demo/diurnal-api: steady traffic (1-20/s), so every per-function panel has data at any time.
node grafana/check-dashboards.mjs --prometheus "http://127.0.0.1:$PROM" --function demo/diurnal-api \
  --rate-interval 30s grafana/dashboards || rc=$?

# Alerting rules: all evaluate without error; on a healthy demo these stay quiet.
QUIET=PrescaleScrapeDown,PrescaleIngestQueueNearFull,PrescaleOtlpRefusalsRising,PrescaleFunctionsRejected
QUIET=$QUIET,PrescaleAutoscalerTickOverPeriod,PrescaleAutoscalerFailures,PrescaleSnapshotFailing
QUIET=$QUIET,PrescaleSnapshotStale,PrescalePolicyReloadErrors,PrescalePolicyReloadFailing,PrescaleAdapterTargetLimit
# Cluster mode's (the demo runs alone: no prescale_cluster_* series, so these must evaluate to nothing).
QUIET=$QUIET,PrescaleClusterLagGrowing,PrescaleClusterNoPartitions,PrescaleClusterRebalancing
QUIET=$QUIET,PrescaleClusterCheckpointFailing,PrescaleClusterProduceFailing,PrescaleClusterRecordsSkipped
node deploy/prometheus/check-rules-live.mjs --prometheus "http://127.0.0.1:$PROM" --rules "$RULES" \
  --expect-inactive "$QUIET" || rc=1
if [ "$rc" -eq 0 ]; then
  say "breaking the policy file: the policy alerts must go off"
  printf 'defaults:\n  mode: no-such-mode\n' >"$work/policy.yaml"
  # The watcher polls every second and waits a 5 s quiet period; the scrape and rule evaluation 1 s each.
  node deploy/prometheus/check-rules-live.mjs --prometheus "http://127.0.0.1:$PROM" --rules "$RULES" --wait 45 \
    --expect-firing PrescalePolicyReloadErrors --expect-active PrescalePolicyReloadFailing \
    --expect-inactive PrescaleScrapeDown,PrescaleSnapshotFailing || rc=1
fi
if [ "$rc" -ne 0 ]; then
  echo "---- last lines of the demo's output" >&2
  tail -n 20 "$work/demo.log" >&2 || true
fi
exit "$rc"
