#!/usr/bin/env bash
# Formats every Java source of the reactor with google-java-format (GOOGLE style) through
# Spotless: the same step `mvn verify` checks (spotless:check), so a formatted tree passes it.
# Only src/main/java and src/test/java are touched; resources are left alone.
# Extra arguments go to Maven, e.g. scripts/format.sh -o (offline) or -pl core.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec mvn -B -q spotless:apply "$@"
