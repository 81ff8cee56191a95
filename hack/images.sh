#!/usr/bin/env bash
# Container images of KubeCarrier, built on this machine without any registry (docs/images.md):
#
#   hack/images.sh            the base image (cached), then the four operator images from the
#                             current build (<operator>/target/quarkus-app) and the OLM bundle image
#   hack/images.sh --base     only the base image
#   hack/images.sh --print    print the state directory (exit 1 when the base is not cached)
#
# The last line of standard output is the state directory ($KC_K8S_CACHE/images, by default
# ~/.cache/kubecarrier/images): containers.conf (the podman settings these machines need),
# base-<key>.tar (the base root filesystem) and images.txt (one line per image: name, reference,
# image id). Progress goes to standard error.
#
# The base is a Debian 12 root filesystem made by mmdebstrap from Debian packages: the Essential
# set, ca-certificates and openjdk-17-jre-headless, without documentation, manual pages and
# locales, and without apt's caches; user 185 (the uid of the Deployments in k8s/) owns nothing but
# its home /deployments. SOURCE_DATE_EPOCH fixes every timestamp, so the same package versions give
# the same tar; base-<key>.packages records them. The key changes with this script's package list
# and the Debian suite, so a change rebuilds it; a cached base returns at once.
# Cold on 2 cores (packages downloaded from the Debian mirror): about 95 s, then 12 s to import.
#
# Operator images are tagged localhost/kubecarrier/<operator>:<project version> and carry the
# OCI labels of their version and source; podman's layer cache makes a rebuild of an unchanged
# operator a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE=bookworm
PACKAGES=ca-certificates,openjdk-17-jre-headless
EPOCH=1747699200 # 2025-05-20, the Debian snapshot these machines' sources.list names
OPERATORS=(account-operator cluster-registry catalog-operator propagation-agent)
CACHE_ROOT="${KC_K8S_CACHE:-$HOME/.cache/kubecarrier}"
STATE="$CACHE_ROOT/images"
# hooks run in sh with the root filesystem's directory as $1
MMDEBSTRAP=(
  --variant=apt
  --include="$PACKAGES"
  --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-exclude=/usr/share/locale/*'
  # update-alternatives (openjdk's postinst) links into man1, which the exclusion above leaves out
  --setup-hook='mkdir -p "$1/usr/share/man/man1"'
  --customize-hook='echo "kubecarrier:x:185:0:KubeCarrier:/deployments:/usr/sbin/nologin" >> "$1/etc/passwd"'
  --customize-hook='mkdir -p "$1/deployments" && chown 185:0 "$1/deployments"'
  --customize-hook='dpkg-query --admindir="$1/var/lib/dpkg" -W > "$KC_PACKAGES_OUT"'
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*'
)
KEY=$(printf '%s\n' "$SUITE" "$EPOCH" "${MMDEBSTRAP[@]}" | sha256sum | cut -c1-12)
BASE_TAR="$STATE/base-$KEY.tar"
BASE_REF="localhost/kubecarrier/jre-base:$SUITE-$KEY"

log() { echo "[images] $*" >&2; }

if [ "${1:-}" = "--print" ]; then
  [ -s "$BASE_TAR" ] || exit 1
  echo "$STATE"
  exit 0
fi

for tool in podman runc mmdebstrap; do
  command -v "$tool" >/dev/null || {
    log "$tool is missing: apt-get install -y podman runc mmdebstrap (Debian packages; .ci/run installs them)"
    exit 1
  }
done
mkdir -p "$STATE"
# Podman as these machines allow it (REFERENCE.md, "Containers"): runc (crun refuses the hybrid
# cgroup layout), cgroupfs, and no default ulimits (raising RLIMIT_NOFILE/NPROC is refused).
cat > "$STATE/containers.conf" <<'CONF'
[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_CONF="$STATE/containers.conf"


if [ ! -s "$BASE_TAR" ]; then
  t0=$SECONDS
  log "building the base root filesystem ($SUITE: $PACKAGES) with mmdebstrap"
  KC_PACKAGES_OUT="$STATE/base-$KEY.packages.tmp" SOURCE_DATE_EPOCH=$EPOCH \
    mmdebstrap --quiet --format=tar "${MMDEBSTRAP[@]}" "$SUITE" "$BASE_TAR.tmp" >&2
  mv "$STATE/base-$KEY.packages.tmp" "$STATE/base-$KEY.packages"
  mv "$BASE_TAR.tmp" "$BASE_TAR"
  log "built $BASE_TAR in $((SECONDS - t0)) s ($(du -m "$BASE_TAR" | cut -f1) MiB)"
fi
if ! podman image exists "$BASE_REF"; then
  log "importing $BASE_REF"
  podman import --quiet \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'USER 185' --change 'WORKDIR /deployments' \
    "$BASE_TAR" "$BASE_REF" >/dev/null
fi
echo "jre-base $BASE_REF $(podman image inspect --format '{{.Id}}' "$BASE_REF")" > "$STATE/images.txt"

if [ "${1:-}" = "--base" ]; then
  echo "$STATE"
  exit 0
fi

VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
REVISION=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
build() { # name, Containerfile, context, extra args...
  local name=$1 file=$2 context=$3
  shift 3
  local ref="localhost/kubecarrier/$name:$VERSION"
  podman build --quiet --pull=never -f "$file" -t "$ref" \
    --label org.opencontainers.image.title="$name" \
    --label org.opencontainers.image.version="$VERSION" \
    --label org.opencontainers.image.revision="$REVISION" \
    --label org.opencontainers.image.source=https://github.com/kubecarrier/kubecarrier-java \
    --label org.opencontainers.image.licenses=Apache-2.0 \
    "$@" "$context" >/dev/null
  echo "$name $ref $(podman image inspect --format '{{.Id}}' "$ref")" >> "$STATE/images.txt"
  log "built $ref"
}
for op in "${OPERATORS[@]}"; do
  app="$op/target/quarkus-app"
  [ -f "$app/quarkus-run.jar" ] || {
    log "$app is missing: ./mvnw -B package -DskipTests -pl $op first"
    exit 1
  }
  build "$op" images/Containerfile.jvm "$app" --build-arg BASE="$BASE_REF"
done
build kubecarrier-bundle bundle/bundle.Dockerfile bundle
echo "$STATE"
