#!/usr/bin/env bash
# GraalVM native executables of the four operators.
#   ./native-build.sh                 native executables (needs GRAALVM_HOME with native-image 25,
#                                     or a container runtime for a Mandrel builder image)
#   ./native-build.sh --sources-only  only the native-image sources (target/native-sources/), a check
#                                     of the native build steps that needs neither
set -euo pipefail
cd "$(dirname "$0")"
MODULES=account-operator,cluster-registry,catalog-operator,propagation-agent
args=(-B package -DskipTests -DskipITs -Dquarkus.native.enabled=true -pl "$MODULES" -am)

if [ "${1:-}" = "--sources-only" ]; then
  ./mvnw "${args[@]}" -Dquarkus.native.sources-only=true
  for m in ${MODULES//,/ }; do
    ls -d "$m/target/native-sources" >/dev/null
    echo "[native] $m: $m/target/native-sources"
  done
  exit 0
fi

if [ -n "${GRAALVM_HOME:-}" ] && [ -x "$GRAALVM_HOME/bin/native-image" ]; then
  ./mvnw "${args[@]}"
elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  ./mvnw "${args[@]}" -Dquarkus.native.container-build=true
elif command -v podman >/dev/null && podman info >/dev/null 2>&1; then
  ./mvnw "${args[@]}" -Dquarkus.native.container-build=true -Dquarkus.native.container-runtime=podman
else
  echo "native-build.sh: no native-image found. Set GRAALVM_HOME to a GraalVM or Mandrel 25 installation" >&2
  echo "(with bin/native-image), or run it where Docker or Podman works for a container build." >&2
  echo "Without either, './native-build.sh --sources-only' checks the native build steps." >&2
  exit 1
fi
for m in ${MODULES//,/ }; do ls "$m"/target/*-runner; done
