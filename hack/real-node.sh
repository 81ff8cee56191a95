#!/usr/bin/env bash
# A local single-node Kubernetes 1.35.4 cluster that runs real pods on this machine:
# etcd + kube-apiserver + kube-controller-manager + kube-scheduler (control plane),
# containerd 1.6 (Debian) + runc (Debian) + CNI bridge (Debian containernetworking-plugins),
# kubelet and kube-proxy (built from the Go module proxy like hack/k8s-binaries.sh).
#
#   real-node.sh [up]     start everything (idempotent), wait for the Node Ready, print the kubeconfig
#   real-node.sh stop     kill every process started here, unmount, remove cgroups/iptables/links
#   real-node.sh status   show processes and the node
#   real-node.sh import [IMAGE...]  copy images from podman's storage into containerd (default: the
#                         operator images of ~/.cache/kubecarrier/images/images.txt), each also tagged
#                         docker.io/kubecarrier/NAME:TAG, the name k8s/ gives them
#
# Everything lives under $RN_DIR (default /tmp/realnode); binaries in the kubecarrier cache dir.
# Requires (Debian): containerd runc containernetworking-plugins iptables conntrack openssl jq; go.
set -euo pipefail

K8S_VERSION="${KC_K8S_VERSION:-1.35.4}"
CACHE_ROOT="${KC_K8S_CACHE:-$HOME/.cache/kubecarrier}"
BIN_DIR="$CACHE_ROOT/k8s/${K8S_VERSION}-linux-amd64"
RN="${RN_DIR:-/tmp/realnode}"
ETCD_PORT="${RN_ETCD_PORT:-23791}"
ETCD_PEER_PORT="${RN_ETCD_PEER_PORT:-23801}"
API_PORT="${RN_API_PORT:-26443}"
KUBELET_PORT="${RN_KUBELET_PORT:-20250}"
SERVICE_CIDR="${RN_SERVICE_CIDR:-10.97.0.0/16}"
SERVICE_IP="${RN_SERVICE_IP:-10.97.0.1}"
POD_CIDR="${RN_POD_CIDR:-10.244.0.0/24}"
POD_GW="${RN_POD_GW:-10.244.0.1}"
BRIDGE="${RN_BRIDGE:-rn0}"
NODE="${RN_NODE:-realnode}"
PAUSE_REF="localhost/kubecarrier/pause:1"

PKI="$RN/pki" RUN="$RN/run" LOGS="$RN/logs"
CTR_SOCK="$RN/containerd/containerd.sock"
KCFG="$RN/admin.kubeconfig"
KUBECTL="$BIN_DIR/kubectl --kubeconfig $KCFG"
SYSCTLS=(vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys kernel/keys/root_maxbytes)

T0=$SECONDS
log() { echo "[real-node +$((SECONDS - T0))s] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
start() { # name, command...
  local name=$1; shift
  if alive "$name"; then log "$name already running (pid $(cat "$RUN/$name.pid"))"; return; fi
  setsid nice -n 10 "$@" >"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$name.pid"
  log "started $name (pid $!)"
}
wait_for() { # description, seconds, command...
  local what=$1 n=$2; shift 2
  for _ in $(seq "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  die "timed out waiting for $what"
}
host_ip() { ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p'; }

# ---------------------------------------------------------------- binaries
build_binaries() {
  local missing=()
  for b in kubelet kube-proxy kube-scheduler; do [ -x "$BIN_DIR/$b" ] || missing+=("$b"); done
  for b in etcd kube-apiserver kube-controller-manager kubectl; do
    [ -x "$BIN_DIR/$b" ] || die "$BIN_DIR/$b missing: run hack/k8s-binaries.sh first"
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local mod="$CACHE_ROOT/build/kubernetes-$K8S_VERSION-node" minor="${K8S_VERSION#*.}"
    minor="${minor%%.*}"
    local major="${K8S_VERSION%%.*}"
    mkdir -p "$mod"
    export GOFLAGS="-buildvcs=false -mod=mod" CGO_ENABLED=0
    if [ ! -f "$mod/go.mod" ]; then
      local gomod
      gomod=$(cd "$mod" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')
      {
        printf 'module kubecarrier.local/k8snodebuild\n\ngo 1.25.0\n\nrequire k8s.io/kubernetes v%s\n\n' "$K8S_VERSION"
        grep -E '=> \./staging/src/' "$gomod" | awk -v v="v0.$minor.${K8S_VERSION##*.}" '{print "replace " $1 " => " $1 " " v}'
      } > "$mod/go.mod"
      printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "k8s.io/kubernetes/cmd/kubelet"\n\t_ "k8s.io/kubernetes/cmd/kube-proxy"\n\t_ "k8s.io/kubernetes/cmd/kube-scheduler"\n)\n' > "$mod/tools.go"
      (cd "$mod" && nice -n 19 go mod tidy -e >/dev/null 2>&1 || true)
    fi
    local ld="-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=$major -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean -X k8s.io/client-go/pkg/version.gitVersion=v$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=$major -X k8s.io/client-go/pkg/version.gitMinor=$minor"
    for b in "${missing[@]}"; do
      log "building $b v$K8S_VERSION (nice 19, -p 1)"
      (cd "$mod" && nice -n 19 go build -p 1 -tags tools -trimpath -ldflags "$ld" -o "$BIN_DIR/$b.tmp.$$" "k8s.io/kubernetes/cmd/$b")
      mv "$BIN_DIR/$b.tmp.$$" "$BIN_DIR/$b"
      log "built $b"
    done
  fi
  if [ ! -x "$RN/bin/pause" ]; then
    mkdir -p "$RN/pause-src" "$RN/bin"
    cat > "$RN/pause-src/main.go" <<'GO'
// Command pause is a minimal pod sandbox process: it sleeps until SIGINT/SIGTERM and reaps children.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range sigs {
		if s == syscall.SIGCHLD {
			for {
				var ws syscall.WaitStatus
				if pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil); pid <= 0 || err != nil {
					break
				}
			}
			continue
		}
		os.Exit(0)
	}
}
GO
    printf 'module kubecarrier.local/pause\n\ngo 1.25.0\n' > "$RN/pause-src/go.mod"
    (cd "$RN/pause-src" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false nice -n 19 go build -trimpath -ldflags '-s -w' -o "$RN/bin/pause" .)
  fi
}

# ---------------------------------------------------------------- PKI
cert() { # name, CN, O ("" for none), SANs ("" for a client cert)
  local name=$1 cn=$2 o=$3 san=$4 subj="/CN=$2"
  [ -s "$PKI/$name.crt" ] && return
  [ -n "$o" ] && subj="/O=$o/CN=$cn"
  openssl genrsa -out "$PKI/$name.key" 2048 2>/dev/null
  openssl req -new -key "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$san" ]; then echo "extendedKeyUsage=serverAuth,clientAuth"; echo "subjectAltName=$san"
    else echo "extendedKeyUsage=clientAuth"; fi
  } > "$PKI/$name.ext"
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 365 -sha256 -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2>/dev/null
}
kubeconfig() { # file, cert name
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: realnode
  cluster:
    certificate-authority: $PKI/ca.crt
    server: https://127.0.0.1:$API_PORT
users:
- name: $2
  user:
    client-certificate: $PKI/$2.crt
    client-key: $PKI/$2.key
contexts:
- name: realnode
  context: {cluster: realnode, user: $2}
current-context: realnode
EOF
}
pki() {
  mkdir -p "$PKI"
  if [ ! -s "$PKI/ca.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$PKI/ca.key" -out "$PKI/ca.crt" -days 365 \
      -subj "/CN=realnode-ca" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  fi
  [ -s "$PKI/sa.key" ] || { openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null; openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null; }
  cert apiserver kube-apiserver "" "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:127.0.0.1,IP:$SERVICE_IP,IP:$(host_ip)"
  cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters ""
  cert admin kubernetes-admin system:masters ""
  cert kubelet "system:node:$NODE" system:nodes ""
  cert kube-proxy system:kube-proxy "" ""
  cert controller-manager system:kube-controller-manager "" ""
  cert scheduler system:kube-scheduler "" ""
  kubeconfig "$KCFG" admin
  for c in kubelet kube-proxy controller-manager scheduler; do kubeconfig "$RN/$c.kubeconfig" "$c"; done
}

# ---------------------------------------------------------------- control plane
control_plane() {
  mkdir -p "$RN/etcd"
  start etcd "$BIN_DIR/etcd" --name=realnode --data-dir="$RN/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="realnode=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls="" \
    --unsafe-no-fsync=true --log-level=warn
  wait_for etcd 30 curl -fsS "http://127.0.0.1:$ETCD_PORT/health"
  log "etcd healthy"
  start kube-apiserver "$BIN_DIR/kube-apiserver" --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=0.0.0.0 --advertise-address="$(host_ip)" --secure-port="$API_PORT" \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" --client-ca-file="$PKI/ca.crt" \
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="" --kubelet-preferred-address-types=InternalIP,Hostname \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true --profiling=false --v=1
  wait_for kube-apiserver 90 curl -fsS --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "https://127.0.0.1:$API_PORT/readyz"
  log "kube-apiserver ready on https://127.0.0.1:$API_PORT (advertised $(host_ip))"
  start kube-controller-manager "$BIN_DIR/kube-controller-manager" --kubeconfig="$RN/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$RN/controller-manager.kubeconfig" --authorization-kubeconfig="$RN/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port=20257 --leader-elect=false --use-service-account-credentials=true \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" --profiling=false --v=1
  start kube-scheduler "$BIN_DIR/kube-scheduler" --kubeconfig="$RN/scheduler.kubeconfig" \
    --authentication-kubeconfig="$RN/scheduler.kubeconfig" --authorization-kubeconfig="$RN/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port=20259 --leader-elect=false --profiling=false --v=1
}

# ---------------------------------------------------------------- containerd + images
containerd_up() {
  mkdir -p "$RN/containerd" "$RN/cni/net.d" "$RN/cni/ipam"
  cat > "$RN/containerd/config.toml" <<EOF
version = 2
root = "$RN/containerd/root"
state = "$RN/containerd/state"
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$CTR_SOCK"
[ttrpc]
  address = "$RN/containerd/containerd.sock.ttrpc"
[debug]
  address = ""
  level = "info"
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_REF"
  netns_mounts_under_state_dir = true
  enable_selinux = false
  disable_apparmor = true
  restrict_oom_score_adj = true
  max_container_log_line_size = 16384
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    discard_unpacked_layers = false
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "/usr/sbin/runc"
        Root = "$RN/containerd/runc"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$RN/cni/net.d"
    max_conf_num = 1
EOF
  cat > "$RN/cni/net.d/10-realnode.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "realnode",
  "plugins": [
    {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "dataDir": "$RN/cni/ipam", "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$POD_GW"}]],
              "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "loopback"}
  ]
}
EOF
  # containerd 1.6 puts shim sockets in /run/containerd/s and libcni its cache in /var/lib/cni
  # whatever the config says: remove them at stop when this script created them
  [ -e /run/containerd ] || touch "$RUN/created-run-containerd"
  [ -e /var/lib/cni ] || touch "$RUN/created-var-lib-cni"
  start containerd /usr/bin/containerd --config "$RN/containerd/config.toml"
  wait_for containerd 30 ctr --address "$CTR_SOCK" version
  log "containerd up: $(ctr --address "$CTR_SOCK" version | grep -m2 Version | tr -s ' \n' ' ')"
}

# an OCI archive from a root filesystem tar, for ctr import (no registry, no podman needed)
oci_archive() { # out.tar, name, layer.tar, config-json-fragment (e.g. {"Entrypoint":["/pause"]})
  local out=$1 name=$2 layer=$3 cfg=$4 d
  d=$(mktemp -d "$RN/oci.XXXX")
  mkdir -p "$d/blobs/sha256"
  local ldig lsize
  ldig=$(sha256sum "$layer" | cut -d' ' -f1); lsize=$(stat -c %s "$layer")
  cp "$layer" "$d/blobs/sha256/$ldig"
  jq -cn --argjson c "$cfg" --arg l "sha256:$ldig" \
    '{architecture:"amd64",os:"linux",config:$c,rootfs:{type:"layers",diff_ids:[$l]}}' > "$d/config.json"
  local cdig csize
  cdig=$(sha256sum "$d/config.json" | cut -d' ' -f1); csize=$(stat -c %s "$d/config.json")
  mv "$d/config.json" "$d/blobs/sha256/$cdig"
  jq -cn --arg c "sha256:$cdig" --argjson cs "$csize" --arg l "sha256:$ldig" --argjson ls "$lsize" \
    '{schemaVersion:2,mediaType:"application/vnd.oci.image.manifest.v1+json",
      config:{mediaType:"application/vnd.oci.image.config.v1+json",digest:$c,size:$cs},
      layers:[{mediaType:"application/vnd.oci.image.layer.v1.tar",digest:$l,size:$ls}]}' > "$d/manifest.json"
  local mdig msize
  mdig=$(sha256sum "$d/manifest.json" | cut -d' ' -f1); msize=$(stat -c %s "$d/manifest.json")
  mv "$d/manifest.json" "$d/blobs/sha256/$mdig"
  jq -cn --arg m "sha256:$mdig" --argjson ms "$msize" --arg n "$name" --arg t "${name##*:}" \
    '{schemaVersion:2,manifests:[{mediaType:"application/vnd.oci.image.manifest.v1+json",digest:$m,size:$ms,
      annotations:{"io.containerd.image.name":$n,"org.opencontainers.image.ref.name":$t}}]}' > "$d/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$d/oci-layout"
  tar -C "$d" -cf "$out" oci-layout index.json blobs
  rm -rf "$d"
}
has_image() { ctr --address "$CTR_SOCK" -n k8s.io images ls -q | grep -qx "$1"; }
images_up() {
  if ! has_image "$PAUSE_REF"; then
    local r; r=$(mktemp -d "$RN/pause-root.XXXX")
    cp "$RN/bin/pause" "$r/pause"
    tar -C "$r" --owner=0 --group=0 --mtime=@0 -cf "$RN/pause-layer.tar" pause
    oci_archive "$RN/pause.oci.tar" "$PAUSE_REF" "$RN/pause-layer.tar" '{"Entrypoint":["/pause"],"User":"65535:65535"}'
    ctr --address "$CTR_SOCK" -n k8s.io images import "$RN/pause.oci.tar" >&2
    rm -rf "$r" "$RN/pause-layer.tar" "$RN/pause.oci.tar"
  fi
  local base
  base=$(ls "$CACHE_ROOT"/images/base-*.tar 2>/dev/null | head -1 || true)
  if [ -n "$base" ]; then
    local key ref
    key=$(basename "$base" .tar); key=${key#base-}
    ref="localhost/kubecarrier/jre-base:bookworm-$key"
    if ! has_image "$ref"; then
      oci_archive "$RN/base.oci.tar" "$ref" "$base" \
        '{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"],"User":"185","WorkingDir":"/deployments"}'
      ctr --address "$CTR_SOCK" -n k8s.io images import "$RN/base.oci.tar" >&2
      rm -f "$RN/base.oci.tar"
    fi
  fi
  log "images: $(ctr --address "$CTR_SOCK" -n k8s.io images ls -q | grep -v '^sha256:' | tr '\n' ' ')"
}

# ---------------------------------------------------------------- kubelet + kube-proxy
node_up() {
  mkdir -p "$RN/kubelet" "$RN/pod-logs"
  if [ ! -f "$RUN/sysctl.orig" ]; then
    for s in "${SYSCTLS[@]}"; do echo "$s $(cat /proc/sys/$s)"; done > "$RUN/sysctl.orig"
  fi
  [ -e /var/lib/kubelet ] || touch "$RUN/created-var-lib-kubelet"
  # the kubelet's cgroup root must exist in every v1 hierarchy (cpuset needs cpus/mems filled in)
  for h in /sys/fs/cgroup/*/; do
    [ -d "$h" ] || continue
    mkdir -p "$h/realnode"
    if [ -f "$h/cpuset.cpus" ]; then
      [ -s "$h/realnode/cpuset.cpus" ] && [ -n "$(cat "$h/realnode/cpuset.cpus")" ] || cat "$h/cpuset.cpus" > "$h/realnode/cpuset.cpus"
      [ -n "$(cat "$h/realnode/cpuset.mems")" ] || cat "$h/cpuset.mems" > "$h/realnode/cpuset.mems"
    fi
  done
  cat > "$RN/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupsPerQOS: true
cgroupRoot: /realnode
enforceNodeAllocatable: []
failSwapOn: false
containerRuntimeEndpoint: unix://$CTR_SOCK
imageServiceEndpoint: unix://$CTR_SOCK
address: 0.0.0.0
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 20248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
podLogsDir: $RN/pod-logs
maxPods: 30
serializeImagePulls: false
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
protectKernelDefaults: false
makeIPTablesUtilChains: false
localStorageCapacityIsolation: true
shutdownGracePeriod: 0s
EOF
  local since; since=$(date -u +%s)
  alive kubelet && since=0
  start kubelet "$BIN_DIR/kubelet" --config="$RN/kubelet-config.yaml" --kubeconfig="$RN/kubelet.kubeconfig" \
    --root-dir="$RN/kubelet" --cert-dir="$RN/kubelet/pki" --hostname-override="$NODE" --node-ip="$(host_ip)" --v=2
  cat > "$RN/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $RN/kube-proxy.kubeconfig}
hostnameOverride: $NODE
mode: iptables
clusterCIDR: ${POD_CIDR%.*}.0/16
bindAddress: 0.0.0.0
healthzBindAddress: 127.0.0.1:20256
metricsBindAddress: 127.0.0.1:20249
nodePortAddresses: ["$(host_ip)/32"]
iptables: {localhostNodePorts: false, masqueradeAll: false}
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
  start kube-proxy "$BIN_DIR/kube-proxy" --config="$RN/kube-proxy-config.yaml" --v=1
  wait_for "Node $NODE Ready" 120 node_ready_since "$since"
  log "node $NODE Ready"
}

# Ready=True, and the node Lease renewed after $1 (epoch seconds) by this kubelet: a Node object
# left in etcd by an earlier run still says Ready for the node-monitor grace period, and the
# kubelet rewrites lastHeartbeatTime only every nodeStatusReportFrequency (5 min)
node_ready_since() {
  local st renew
  st=$($KUBECTL get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) || return 1
  renew=$($KUBECTL -n kube-node-lease get lease "$NODE" -o jsonpath='{.spec.renewTime}' 2>/dev/null) || return 1
  [ "$st" = True ] && [ -n "$renew" ] && [ "$(date -u -d "$renew" +%s)" -ge "$1" ]
}

# ---------------------------------------------------------------- stop
kill_pidfile() { # name
  local f="$RUN/$1.pid" p
  [ -f "$f" ] || return 0
  p=$(cat "$f")
  if kill -0 "$p" 2>/dev/null; then
    kill "$p" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$p" 2>/dev/null || true
    log "stopped $1 ($p)"
  fi
  rm -f "$f"
}
stop() {
  kill_pidfile kube-proxy
  [ -x "$BIN_DIR/kube-proxy" ] && "$BIN_DIR/kube-proxy" --cleanup >/dev/null 2>&1 || true
  kill_pidfile kubelet
  # every container's processes, through runc's state of this containerd, then the shims
  if [ -d "$RN/containerd/runc/k8s.io" ]; then
    for c in $(runc --root "$RN/containerd/runc/k8s.io" list -q 2>/dev/null); do
      runc --root "$RN/containerd/runc/k8s.io" kill -a "$c" KILL 2>/dev/null || true
    done
    sleep 1
  fi
  for f in "$RN"/containerd/state/io.containerd.runtime.v2.task/*/*/shim.pid; do
    [ -f "$f" ] || continue
    kill -9 "$(cat "$f")" 2>/dev/null && log "killed shim $(cat "$f")" || true
  done
  kill_pidfile containerd
  for n in kube-scheduler kube-controller-manager kube-apiserver etcd; do kill_pidfile "$n"; done
  # mounts (kubelet's rshared root dir, volumes, netns, overlay rootfs): deepest first
  local m
  for _ in 1 2 3; do
    m=$(awk -v r="$RN/" 'index($5, r) == 1 || $5 == substr(r, 1, length(r) - 1) {print $5}' /proc/self/mountinfo | sort -r)
    [ -z "$m" ] && break
    for x in $m; do umount "$x" 2>/dev/null || umount -l "$x" 2>/dev/null || true; done
  done
  [ -n "$m" ] && log "still mounted: $m"
  # cgroups created by the kubelet and runc under the cgroup root /realnode
  for d in /sys/fs/cgroup/*/realnode /sys/fs/cgroup/unified/realnode; do
    [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  # network: the CNI bridge and leftover veths on it
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    for v in $(ip -o link show master "$BRIDGE" | awk -F': ' '{print $2}' | cut -d@ -f1); do ip link del "$v" 2>/dev/null || true; done
    ip link del "$BRIDGE" 2>/dev/null || true
  fi
  # chains kube-proxy --cleanup flushes but leaves (the jumps to KUBE-FIREWALL in INPUT/OUTPUT too)
  for ipt in iptables ip6tables; do
    for hook in INPUT OUTPUT FORWARD; do
      while $ipt -D "$hook" -j KUBE-FIREWALL 2>/dev/null; do :; done
    done
  done
  for t in filter nat mangle; do
    for ch in KUBE-FIREWALL KUBE-KUBELET-CANARY KUBE-IPTABLES-HINT KUBE-PROXY-CANARY; do
      iptables -t "$t" -F "$ch" 2>/dev/null && iptables -t "$t" -X "$ch" 2>/dev/null || true
      ip6tables -t "$t" -F "$ch" 2>/dev/null && ip6tables -t "$t" -X "$ch" 2>/dev/null || true
    done
  done
  if [ -f "$RUN/sysctl.orig" ]; then
    while read -r s v; do echo "$v" > "/proc/sys/$s" 2>/dev/null || true; done < "$RUN/sysctl.orig"
    rm -f "$RUN/sysctl.orig"
  fi
  if [ -f "$RUN/created-var-lib-kubelet" ]; then rm -rf /var/lib/kubelet; rm -f "$RUN/created-var-lib-kubelet"; fi
  if [ -f "$RUN/created-run-containerd" ]; then rm -rf /run/containerd; rm -f "$RUN/created-run-containerd"; fi
  if [ -f "$RUN/created-var-lib-cni" ]; then rm -rf /var/lib/cni; rm -f "$RUN/created-var-lib-cni"; fi
  rm -rf "$RN/cni/ipam"
  if [ "${1:-}" = "--purge" ]; then
    rm -rf "$RN/etcd" "$RN/containerd/root" "$RN/containerd/state" "$RN/containerd/runc" "$RN/kubelet" "$RN/pki" "$RN/pod-logs" "$RN"/*.kubeconfig
  fi
  log "stopped"
}

status() {
  for n in etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy; do
    if alive "$n"; then echo "$n running (pid $(cat "$RUN/$n.pid"))"; else echo "$n not running"; fi
  done
  alive kube-apiserver && $KUBECTL get nodes -o wide || true
}

import_images() { # podman image refs (localhost/kubecarrier/NAME:TAG), also tagged docker.io/kubecarrier/NAME:TAG
  [ $# -gt 0 ] || set -- $(awk '$1 != "jre-base" && $1 != "kubecarrier-bundle" {print $2}' "$CACHE_ROOT/images/images.txt")
  podman save -m -o "$RN/import.tar" "$@" >&2
  ctr --address "$CTR_SOCK" -n k8s.io images import "$RN/import.tar" >&2
  rm -f "$RN/import.tar"
  for r in "$@"; do
    case "$r" in localhost/kubecarrier/*) ctr --address "$CTR_SOCK" -n k8s.io images tag --force "$r" "docker.io/kubecarrier/${r#localhost/kubecarrier/}" >/dev/null ;; esac
  done
  log "images: $(ctr --address "$CTR_SOCK" -n k8s.io images ls -q | grep -v '^sha256:' | tr '\n' ' ')"
}

mkdir -p "$RN" "$RUN" "$LOGS"
case "${1:-up}" in
  up)
    t=$SECONDS; build_binaries; log "step binaries: $((SECONDS - t)) s"
    t=$SECONDS; pki; control_plane; log "step control plane: $((SECONDS - t)) s"
    t=$SECONDS; containerd_up; images_up; log "step containerd + images: $((SECONDS - t)) s"
    t=$SECONDS; node_up; log "step kubelet + kube-proxy -> Node Ready: $((SECONDS - t)) s"
    log "total $((SECONDS - T0)) s"
    echo "$KCFG"
    ;;
  stop) stop "${2:-}" ;;
  status) status ;;
  import) shift; import_images "$@" ;;
  *) echo "usage: $0 [up|stop [--purge]|status|import [PODMAN-IMAGE...]]" >&2; exit 2 ;;
esac
