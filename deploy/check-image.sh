#!/usr/bin/env bash
# Builds the Prescale container image tarball with Jib (no Docker daemon) on a base image made from
# this machine's JDK, then proves it without a container runtime (deploy/image/verify-image.mjs):
# manifest and config (entrypoint `io.prescale.app.Main run --bind 0.0.0.0`, ports, user 65532),
# every layer's sha256 against its diff_id, the app classes and every runtime dependency jar
# byte for byte and on the class path; then unpacks the layers and runs the entrypoint with the
# image's own JRE (as uid 65532 when run as root) on free 127.0.0.1 ports with an admin token file
# and --data-dir until /readyz is 200 (/metrics 401 without the token, 200 with it), stops it with
# SIGTERM and checks the exit code and the final snapshot. Exit 1 naming what is wrong.
#
#   bash deploy/check-image.sh                 (after `mvn -B verify`, as .ci/run does)
#   IMAGE_TAR=app/target/prescale-image.tar bash deploy/check-image.sh --no-build   (verify only)
#
# Needs: JDK 17 (jlink), Maven, Node 18+, GNU tar, ldd. Maven may download the Jib and dependency
# plugins on first use (hence no -o here); the base image never comes from a registry.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
say() { echo "check-image: $*"; }
die() { echo "check-image: FAIL: $*" >&2; exit 1; }

start=$SECONDS
build=1
[ "${1:-}" = "--no-build" ] && build=0
IMAGE_TAR=${IMAGE_TAR:-app/target/prescale-image.tar}
DEPS=app/target/image-dependencies.txt

command -v node >/dev/null || die "node (18+) not found"
if [ "$build" = 1 ]; then
  command -v jlink >/dev/null || die "jlink not found (needs a JDK 17+, not a JRE)"
  command -v mvn >/dev/null || die "mvn not found"
  work=$(mktemp -d "${TMPDIR:-/tmp}/prescale-check-image.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  bash deploy/image/local-base-image.sh "$work/jre-base.tar" >/dev/null || die "deploy/image/local-base-image.sh failed"
  say "base image from the local JDK in $((SECONDS - start)) s"
  rm -f "$IMAGE_TAR" "$DEPS"
  # -am: the app's module dependencies come from this reactor, not from a stale ~/.m2.
  mvn -B -q -pl app -am package -Dmaven.test.skip=true -Pimage \
      -Dprescale.image.base="tar://$work/jre-base.tar" </dev/null \
    || die "the image build failed: mvn -B -pl app -am package -Pimage -Dprescale.image.base=tar://..."
  [ -s "$IMAGE_TAR" ] || die "Jib wrote no $IMAGE_TAR"
  say "image $IMAGE_TAR ($(du -h "$IMAGE_TAR" | cut -f1)) after $((SECONDS - start)) s"
fi
[ -s "$IMAGE_TAR" ] || die "$IMAGE_TAR not found; build it: bash deploy/check-image.sh"
[ -s "$DEPS" ] || die "$DEPS not found; the -Pimage build writes it"

node deploy/image/verify-image.mjs "$IMAGE_TAR" "$DEPS" app/target/classes || die "the image is not right (see above)"
say "OK in $((SECONDS - start)) s"
