#!/usr/bin/env bash
# Builds a minimal Java base image TARBALL from this machine's JDK, for building the Prescale
# image where no container registry is reachable (Jib needs a base image with a JRE):
#   bash deploy/image/local-base-image.sh [OUT.tar]            (default: app/target/jre-base.tar)
#   mvn -B -pl app -am package -DskipTests -Pimage -Dprescale.image.base=tar://$PWD/app/target/jre-base.tar
# The image holds a jlink'd runtime (/opt/java, modules java.se + jdk.unsupported, crypto, zipfs,
# dns, management) and exactly the shared libraries it links against, copied from this machine
# (Debian/Ubuntu x86_64 or arm64), a /tmp and a passwd entry for uid 65532. Prefer a maintained
# base image (eclipse-temurin:17-jre, the default) wherever a registry is reachable.
# Needs: jlink (JDK 17+), ldd, tar, sha256sum, python3 or node (for JSON), all standard.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=${1:-app/target/jre-base.tar}
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

work=$(mktemp -d "${TMPDIR:-/tmp}/prescale-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/opt" "$root/tmp" "$root/etc"
chmod 1777 "$root/tmp"

jlink --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.zipfs \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$root/opt/java"

# Every shared library the runtime links against, at the same path (symlinks resolved).
{ ldd "$root/opt/java/bin/java"; find "$root/opt/java/lib" -name '*.so' -exec ldd {} \; ; } 2>/dev/null \
  | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }' | grep -v "^$root" \
  | sort -u | while read -r lib; do
      [ -e "$lib" ] || continue
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
# The dynamic loader is looked up by its canonical path too.
for ld in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do
  if [ -e "$ld" ]; then mkdir -p "$root$(dirname "$ld")"; cp -L "$ld" "$root$ld"; fi
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nprescale:x:65532:65532:prescale:/tmp:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nprescale:x:65532:\n' >"$root/etc/group"

# Docker "save" layout: one layer, its config and a manifest (what Jib's tar:// base reads).
tar --numeric-owner --owner=0 --group=0 --mtime='1970-01-01' -C "$root" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
case "$(uname -m)" in aarch64|arm64) arch=arm64;; *) arch=amd64;; esac
cat >"$work/config.json" <<JSON
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"],"WorkingDir":"/tmp"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created_by":"deploy/image/local-base-image.sh"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["prescale-jre-base:local"],"Layers":["layer.tar"]}]' >"$work/manifest.json"
tar -C "$work" -cf "$out" manifest.json config.json layer.tar
echo "local-base-image: wrote $out ($(du -h "$out" | cut -f1))"
