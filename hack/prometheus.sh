#!/usr/bin/env bash
# Provides a Prometheus server at a pinned version in a cache directory outside the repository, for
# MonitoringIT (docs/monitoring.md): it scrapes the four packaged operators and evaluates the alert
# rules of k8s/monitoring/ through its HTTP API.
#
#   hack/prometheus.sh            build what is missing, print the directory (it holds `prometheus`
#                                 and `promtool`)
#   hack/prometheus.sh --print    only print the directory (exit 1 when incomplete)
#
# Built from the Go module proxy: github.com/prometheus/prometheus/cmd/{prometheus,promtool} (the Go module
# v0.3XX.Y is Prometheus 3.XX.Y), with the build tag `remove_all_sd` (only the static, file and
# HTTP service discoveries: the tests use static_configs; it leaves out the cloud SDKs, a third of
# the build) and without `builtinassets` (no web UI; the HTTP API and /-/ready are all the tests
# use). Link flags set the version, so `prometheus --version` reports it. Idempotent: a complete
# cache returns at once.
# Cold (empty Go module and build caches, downloads included), measured 2026-12-01 on 2 cores
# shared with another build (load average 7): 469 s wall, 8 min 17 s of CPU (prometheus alone:
# 233 s); with prometheus in the Go build cache, adding promtool took 115 s; a few ms when cached.
set -euo pipefail

VERSION="${KC_PROMETHEUS_VERSION:-3.16.0}"
MODULE_VERSION="v0.$(( ${VERSION%%.*} * 100 + $(echo "$VERSION" | cut -d. -f2) )).${VERSION##*.}"
CACHE_ROOT="${KC_K8S_CACHE:-$HOME/.cache/kubecarrier}"
TOOLS_DIR="$CACHE_ROOT/tools/prometheus-$VERSION"
BINARIES=(prometheus promtool)

log() { echo "[prometheus] $*" >&2; }
complete() {
  for b in "${BINARIES[@]}"; do [ -x "$TOOLS_DIR/$b" ] || return 1; done
}

if [ "${1:-}" = "--print" ]; then
  complete || exit 1
  echo "$TOOLS_DIR"
  exit 0
fi

if complete; then
  log "cached: $TOOLS_DIR (Prometheus $VERSION)"
  echo "$TOOLS_DIR"
  exit 0
fi

command -v go >/dev/null || { log "Go is required to build Prometheus (none cached in $TOOLS_DIR)"; exit 1; }
export GOFLAGS="-buildvcs=false"
export CGO_ENABLED=0
mkdir -p "$TOOLS_DIR"
pkgs=()
for b in "${BINARIES[@]}"; do pkgs+=("github.com/prometheus/prometheus/cmd/$b@$MODULE_VERSION"); done
v=github.com/prometheus/common/version
ld="-s -w -X $v.Version=$VERSION -X $v.Revision=$MODULE_VERSION -X $v.Branch=HEAD -X $v.BuildUser=kubecarrier -X $v.BuildDate=$(date -u +%Y%m%d-%H:%M:%S)"
t0=$SECONDS
log "building Prometheus $VERSION (${pkgs[*]} from the Go module proxy; cold: 4 to 8 minutes on 2 cores)"
# go install of a versioned package builds it in module mode outside any module; GOBIN puts the
# binaries in a temporary directory first, so a half-built one is never taken for a complete cache.
tmp="$TOOLS_DIR/.build"
rm -rf "$tmp"
mkdir -p "$tmp"
GOBIN="$tmp" go install -trimpath -tags remove_all_sd -ldflags "$ld" "${pkgs[@]}"
for b in "${BINARIES[@]}"; do mv "$tmp/$b" "$TOOLS_DIR/$b"; done
rm -rf "$tmp"
log "built in $((SECONDS - t0)) s: $TOOLS_DIR"
echo "$TOOLS_DIR"
