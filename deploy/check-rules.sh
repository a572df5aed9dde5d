#!/usr/bin/env bash
# Checks the Prometheus alerting rules (README "Alerts"), offline:
#   - promtool check rules deploy/prometheus/prescale-rules.yaml (syntax, PromQL, templates);
#   - promtool test rules deploy/prometheus/prescale-rules.test.yaml (each alert fires on provoked
#     series and stays quiet on healthy ones), and every alert of the file has a test in which it fires;
#   - the PrometheusRule of deploy/kubernetes/components/prometheusrule is exactly the one
#     generated from the rules file (--write regenerates it).
# Their evaluation against a live Prescale is in grafana/check-dashboards.sh.
# Needs promtool (Debian's `prometheus` package; installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RULES=deploy/prometheus/prescale-rules.yaml
TESTS=deploy/prometheus/prescale-rules.test.yaml
CR=deploy/kubernetes/components/prometheusrule/prometheusrule.yaml
say() { echo "check-rules: $*"; }
die() { echo "check-rules: $*" >&2; exit 1; }

# The PrometheusRule: a fixed header, then the rules file's groups indented under spec.
generate() {
  cat <<'YAML'
# Generated from deploy/prometheus/prescale-rules.yaml by `bash deploy/check-rules.sh --write`:
# edit the rules file, not this one.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: prescale
  namespace: prescale
  labels:
    app.kubernetes.io/name: prescale
    # release: kube-prometheus-stack   # whatever your Prometheus' ruleSelector wants
spec:
YAML
  sed -n '/^groups:/,$p' "$RULES" | sed 's/^/  /; s/^ *$//'
}

if [ "${1:-}" = "--write" ]; then
  generate >"$CR"
  say "wrote $CR"
  exit 0
fi

PROMTOOL=$(command -v promtool || true)
if [ -z "$PROMTOOL" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; fi
  say "installing Debian's prometheus (for promtool)"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus </dev/null >/dev/null \
    || { $SUDO apt-get update -qq </dev/null && $SUDO env DEBIAN_FRONTEND=noninteractive \
         apt-get install -y -qq --no-install-recommends prometheus </dev/null >/dev/null; } \
    || die "cannot install prometheus (promtool) with apt-get"
  PROMTOOL=$(command -v promtool || echo /usr/bin/promtool)
fi

"$PROMTOOL" check rules "$RULES"
(cd "$(dirname "$TESTS")" && "$PROMTOOL" test rules "$(basename "$TESTS")")

# Every alert must fire in some test case: an "alertname: X" entry followed by a non-empty
# exp_alerts (a "- exp_labels" line before the next alertname).
missing=""
for alert in $(sed -n 's/^ *- alert: *\([A-Za-z0-9_]*\) *$/\1/p' "$RULES"); do
  if ! awk -v a="$alert" '
      /^ *alertname:/ { cur = $2 }
      /^ *- exp_labels:/ && cur == a { found = 1 }
      END { exit found ? 0 : 1 }' "$TESTS"; then
    missing="$missing $alert"
  fi
done
[ -z "$missing" ] || die "no test in $TESTS where these alerts fire:$missing"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/prescale-rules.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
generate >"$tmp/prometheusrule.yaml"
if ! diff -u "$CR" "$tmp/prometheusrule.yaml" >"$tmp/diff"; then
  cat "$tmp/diff" >&2
  die "$CR is not generated from $RULES: run bash deploy/check-rules.sh --write"
fi
# And the PrometheusRule's spec, as the operator hands it to Prometheus, passes promtool too.
sed -n '/^spec:/,$p' "$CR" | sed '1d; s/^  //' >"$tmp/spec.yaml"
"$PROMTOOL" check rules "$tmp/spec.yaml" >/dev/null
say "$(grep -c '^ *- alert:' "$RULES") alerts: promtool check and test pass, each fires in a test, PrometheusRule in sync"
