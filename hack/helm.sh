#!/usr/bin/env bash
# Provides the helm command at a pinned version in a cache directory outside the repository, for
# HelmChartIT (docs/packaging.md, "Helm chart"): `helm lint` and `helm template` of
# charts/kubecarrier/.
#
#   hack/helm.sh            build what is missing, print the directory (it holds `helm`)
#   hack/helm.sh --print    only print the directory (exit 1 when incomplete)
#
# Built from the Go module proxy: a throw-away module that requires helm.sh/helm/v3 at the pinned
# version and builds its cmd/helm. Link flags set the version (so `helm version` reports it) and the
# Kubernetes version helm assumes without a cluster (`helm template`, `helm lint`), taken from the
# k8s.io/client-go it is built with, as helm's own Makefile does. Idempotent: a complete cache
# returns at once.
# Cold (empty Go module and build caches, downloads included), measured on 2 cores: 102 s wall
# (2 min 33 s of CPU); a few ms when cached.
set -euo pipefail

VERSION="${KC_HELM_VERSION:-3.22.0}"
CACHE_ROOT="${KC_K8S_CACHE:-$HOME/.cache/kubecarrier}"
TOOLS_DIR="$CACHE_ROOT/tools/helm-$VERSION"
BIN="$TOOLS_DIR/helm"

log() { echo "[helm] $*" >&2; }
complete() { [ -x "$BIN" ]; }

if [ "${1:-}" = "--print" ]; then
  complete || exit 1
  echo "$TOOLS_DIR"
  exit 0
fi

if complete; then
  log "cached: $TOOLS_DIR (helm v$VERSION)"
  echo "$TOOLS_DIR"
  exit 0
fi

command -v go >/dev/null || { log "Go is required to build helm (none cached in $TOOLS_DIR)"; exit 1; }
export GOFLAGS="-buildvcs=false -mod=mod"
export CGO_ENABLED=0
mod="$CACHE_ROOT/build/helm-$VERSION"
mkdir -p "$mod" "$TOOLS_DIR"
cat > "$mod/go.mod" <<GOMOD
module kubecarrier.local/helmbuild

go 1.25.0

require helm.sh/helm/v3 v$VERSION
GOMOD
cat > "$mod/tools.go" <<'GO'
//go:build tools

package tools

import _ "helm.sh/helm/v3/cmd/helm"
GO
t0=$SECONDS
log "fetching helm.sh/helm/v3 v$VERSION from the Go module proxy"
(cd "$mod" && go mod tidy)
client_go=$(cd "$mod" && go list -m -f '{{.Version}}' k8s.io/client-go)   # v0.Y.Z
k8s_minor=$(echo "$client_go" | cut -d. -f2)
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=v$VERSION"
ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$k8s_minor"
done
log "building helm (k8s.io/client-go $client_go: Kubernetes 1.$k8s_minor without a cluster)"
(cd "$mod" && go build -trimpath -ldflags "$ldflags" -o "$BIN.tmp.$$" helm.sh/helm/v3/cmd/helm)
mv "$BIN.tmp.$$" "$BIN"
log "built in $((SECONDS - t0)) s: $TOOLS_DIR ($("$BIN" version --short))"
echo "$TOOLS_DIR"
