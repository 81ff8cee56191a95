#!/usr/bin/env bash
# Provides etcd, kube-apiserver, kube-controller-manager and kubectl of one pinned Kubernetes
# version in a cache directory outside the repository, for the test harness and `./kc up`.
#
#   hack/k8s-binaries.sh            build what is missing, print the directory
#   hack/k8s-binaries.sh --print    only print the directory (exit 1 when incomplete)
#
# Sources, in this order:
#   1. $KUBEBUILDER_ASSETS (envtest binaries: etcd, kube-apiserver, kubectl) for what it holds;
#   2. a build from the Go module proxy: a throw-away module that requires k8s.io/kubernetes at the
#      pinned version and replaces every staging module by its published v0.Y.Z, and one that
#      requires go.etcd.io/etcd/server/v3 (Debian's etcd is too old for Kubernetes >= 1.31).
# Idempotent: a complete cache returns at once.
set -euo pipefail

K8S_VERSION="${KC_K8S_VERSION:-1.35.4}"
ETCD_VERSION="${KC_ETCD_VERSION:-3.6.16}"
CACHE_ROOT="${KC_K8S_CACHE:-$HOME/.cache/kubecarrier}"
BIN_DIR="$CACHE_ROOT/k8s/${K8S_VERSION}-linux-amd64"
BINARIES=(etcd kube-apiserver kube-controller-manager kubectl)

log() { echo "[k8s-binaries] $*" >&2; }

complete() {
  for b in "${BINARIES[@]}"; do [ -x "$BIN_DIR/$b" ] || return 1; done
}

if [ "${1:-}" = "--print" ]; then
  complete || exit 1
  echo "$BIN_DIR"
  exit 0
fi

if complete; then
  log "cached: $BIN_DIR (Kubernetes v$K8S_VERSION, etcd v$ETCD_VERSION)"
  echo "$BIN_DIR"
  exit 0
fi

mkdir -p "$BIN_DIR"
if [ -n "${KUBEBUILDER_ASSETS:-}" ]; then
  for b in etcd kube-apiserver kubectl; do
    if [ -x "$KUBEBUILDER_ASSETS/$b" ] && [ ! -x "$BIN_DIR/$b" ]; then
      log "using $b from KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
      ln -sf "$KUBEBUILDER_ASSETS/$b" "$BIN_DIR/$b"
    fi
  done
fi

command -v go >/dev/null || { log "Go is required to build the Kubernetes binaries (none cached in $BIN_DIR)"; exit 1; }
export GOFLAGS="-buildvcs=false -mod=mod"
export CGO_ENABLED=0
WORK="$CACHE_ROOT/build"
mkdir -p "$WORK"

build_kubernetes() {
  local mod="$WORK/kubernetes-$K8S_VERSION"
  mkdir -p "$mod"
  local minor="${K8S_VERSION#*.}"; minor="${minor%%.*}"
  local major="${K8S_VERSION%%.*}"
  log "fetching k8s.io/kubernetes v$K8S_VERSION from the Go module proxy"
  local gomod
  gomod=$(cd "$mod" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')
  {
    echo "module kubecarrier.local/k8sbuild"
    echo
    echo "go 1.25.0"
    echo
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo
    grep -E '=> \./staging/src/' "$gomod" | awk -v v="v0.$minor.${K8S_VERSION##*.}" '{print "replace " $1 " => " $1 " " v}'
  } > "$mod/go.mod"
  cat > "$mod/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  (cd "$mod" && go mod tidy -e >/dev/null 2>&1 || true)
  local ld="-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=$major -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean -X k8s.io/client-go/pkg/version.gitVersion=v$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=$major -X k8s.io/client-go/pkg/version.gitMinor=$minor"
  for b in kube-apiserver kube-controller-manager kubectl; do
    if [ ! -x "$BIN_DIR/$b" ]; then
      local t0=$SECONDS
      log "building $b v$K8S_VERSION (cold: several minutes on 2 cores)"
      (cd "$mod" && go build -tags tools -trimpath -ldflags "$ld" -o "$BIN_DIR/$b.tmp.$$" "k8s.io/kubernetes/cmd/$b")
      mv "$BIN_DIR/$b.tmp.$$" "$BIN_DIR/$b"
      log "built $b in $((SECONDS - t0)) s"
    fi
  done
}

build_etcd() {
  local mod="$WORK/etcd-$ETCD_VERSION"
  mkdir -p "$mod"
  cat > "$mod/go.mod" <<GOMOD
module kubecarrier.local/etcdbuild

go 1.25.0

require go.etcd.io/etcd/server/v3 v$ETCD_VERSION
GOMOD
  cat > "$mod/main.go" <<'GO'
// Command etcd is the etcd server, built from the published go.etcd.io/etcd/server/v3 module.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  log "fetching go.etcd.io/etcd/server/v3 v$ETCD_VERSION"
  (cd "$mod" && go mod tidy)
  local t0=$SECONDS
  log "building etcd v$ETCD_VERSION"
  (cd "$mod" && go build -trimpath -ldflags "-s -w" -o "$BIN_DIR/etcd.tmp.$$" .)
  mv "$BIN_DIR/etcd.tmp.$$" "$BIN_DIR/etcd"
  log "built etcd in $((SECONDS - t0)) s"
}

[ -x "$BIN_DIR/etcd" ] || build_etcd
build_kubernetes
complete || { log "incomplete: $BIN_DIR"; exit 1; }
log "ready: $BIN_DIR"
echo "$BIN_DIR"
