#!/usr/bin/env bash
# Provides the operator-framework bundle validator at a pinned version in a cache directory outside
# the repository, for OlmBundleIT (docs/packaging.md):
#   olm-bundle-validate   a small command over github.com/operator-framework/api/pkg/validation,
#                         the library behind `operator-sdk bundle validate`; it runs the default
#                         bundle validators plus the optional suite `operatorframework` (OperatorHub
#                         v2, standard capabilities and categories, good practices, deprecated APIs)
#                         and the object validator, prints every error and warning and exits 1 on
#                         errors (upstream cmd/operator-verify logs errors but always exits 0);
#   operators.coreos.com_clusterserviceversions.yaml
#                         OLM's ClusterServiceVersion CRD from the same module, so that the test can
#                         also check the CSV against its schema on a real API server.
#
#   hack/olm-validator.sh            build what is missing, print the directory
#   hack/olm-validator.sh --print    only print the directory (exit 1 when incomplete)
#
# Built from the Go module proxy. Idempotent: a complete cache returns at once.
# Cold (empty Go module and build caches): about 100 s on 2 cores.
set -euo pipefail

VERSION="${KC_OLM_API_VERSION:-v0.41.0}"
CACHE_ROOT="${KC_K8S_CACHE:-$HOME/.cache/kubecarrier}"
TOOLS_DIR="$CACHE_ROOT/tools/olm-$VERSION"
BIN="$TOOLS_DIR/olm-bundle-validate"
CSV_CRD="$TOOLS_DIR/operators.coreos.com_clusterserviceversions.yaml"

log() { echo "[olm-validator] $*" >&2; }
complete() { [ -x "$BIN" ] && [ -s "$CSV_CRD" ]; }

if [ "${1:-}" = "--print" ]; then
  complete || exit 1
  echo "$TOOLS_DIR"
  exit 0
fi

if complete; then
  log "cached: $TOOLS_DIR (github.com/operator-framework/api $VERSION)"
  echo "$TOOLS_DIR"
  exit 0
fi

command -v go >/dev/null || { log "Go is required to build the OLM bundle validator (none cached in $TOOLS_DIR)"; exit 1; }
export GOFLAGS="-buildvcs=false -mod=mod"
export CGO_ENABLED=0
mod="$CACHE_ROOT/build/olm-validator-$VERSION"
mkdir -p "$mod" "$TOOLS_DIR"
cat > "$mod/go.mod" <<GOMOD
module kubecarrier.local/olmvalidator

go 1.25.7

require github.com/operator-framework/api $VERSION
GOMOD
cat > "$mod/main.go" <<'GO'
// Command olm-bundle-validate validates an OLM bundle directory (the one holding manifests/ and
// metadata/) with github.com/operator-framework/api/pkg/validation: the default bundle validators
// and the optional suite "operatorframework" of `operator-sdk bundle validate`, plus the object
// validator. It prints one line per error or warning and exits 1 when there is an error.
//
//	olm-bundle-validate <bundle-dir> [k8s-version]
package main

import (
	"fmt"
	"os"

	"github.com/operator-framework/api/pkg/manifests"
	"github.com/operator-framework/api/pkg/validation"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: olm-bundle-validate <bundle-dir> [k8s-version]")
		os.Exit(2)
	}
	bundle, err := manifests.GetBundleFromDir(os.Args[1])
	if err != nil || bundle == nil || bundle.CSV == nil {
		fmt.Printf("ERROR bundle %s cannot be loaded: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	objs := bundle.ObjectsToValidate()
	if len(os.Args) > 2 {
		objs = append(objs, map[string]string{"k8s-version": os.Args[2]})
	}
	validators := validation.DefaultBundleValidators.WithValidators(
		validation.OperatorHubV2Validator,
		validation.StandardCapabilitiesValidator,
		validation.StandardCategoriesValidator,
		validation.GoodPracticesValidator,
		validation.AlphaDeprecatedAPIsValidator,
		validation.ObjectValidator,
	)
	errs, warns := 0, 0
	for _, r := range validators.Validate(objs...) {
		for _, e := range r.Errors {
			fmt.Printf("ERROR %s: %s\n", r.Name, e.Error())
			errs++
		}
		for _, w := range r.Warnings {
			fmt.Printf("WARN %s: %s\n", r.Name, w.Error())
			warns++
		}
	}
	fmt.Printf("validated bundle %s (package %s, channels %v, %d objects): %d errors, %d warnings\n",
		bundle.Name, bundle.Package, bundle.Channels, len(bundle.Objects), errs, warns)
	if errs > 0 {
		os.Exit(1)
	}
}
GO
t0=$SECONDS
log "fetching github.com/operator-framework/api $VERSION from the Go module proxy"
(cd "$mod" && go mod tidy)
log "building olm-bundle-validate"
(cd "$mod" && go build -trimpath -ldflags "-s -w" -o "$BIN.tmp.$$" .)
mv "$BIN.tmp.$$" "$BIN"
src=$(cd "$mod" && go list -m -f '{{.Dir}}' github.com/operator-framework/api)
cp "$src/crds/operators.coreos.com_clusterserviceversions.yaml" "$CSV_CRD.tmp.$$"
chmod u+w "$CSV_CRD.tmp.$$"
mv "$CSV_CRD.tmp.$$" "$CSV_CRD"
log "built in $((SECONDS - t0)) s: $TOOLS_DIR"
echo "$TOOLS_DIR"
