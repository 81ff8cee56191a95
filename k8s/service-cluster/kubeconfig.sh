#!/usr/bin/env bash
# Prints a kubeconfig for KubeCarrier's identity in a service cluster (the ServiceAccount
# kubecarrier-system/kubecarrier of this directory), to put into the ServiceCluster's Secret.
#
#   kubectl apply -k k8s/service-cluster/            # once, as admin of the service cluster
#   k8s/service-cluster/kubeconfig.sh [duration] > eu-west-1.kubeconfig
#   kubectl --context management -n <provider> create secret generic eu-west-1-kubeconfig \
#       --from-file=kubeconfig=eu-west-1.kubeconfig
#
# Uses the current kubectl context (or $KUBECONFIG) for the server URL and CA. The token is a
# bound ServiceAccount token (TokenRequest API) valid for [duration] (default 8760h, capped by the
# API server's --service-account-max-token-expiration). Rotate it by running the script again and
# replacing the Secret's key: the cluster registry rebuilds its client on the next heartbeat.
set -euo pipefail

duration="${1:-8760h}"
namespace="${KC_SA_NAMESPACE:-kubecarrier-system}"
account="${KC_SA_NAME:-kubecarrier}"

cluster="$(kubectl config view --minify -o jsonpath='{.clusters[0].name}')"
server="$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
ca="$(kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')"
if [[ -z "$ca" ]]; then
  ca_file="$(kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority}')"
  if [[ -n "$ca_file" ]]; then
    ca="$(base64 -w0 < "$ca_file")"
  fi
fi
if [[ -z "$ca" ]]; then
  echo "the current context has no certificate authority; the cluster registry needs one" >&2
  exit 1
fi
token="$(kubectl -n "$namespace" create token "$account" --duration="$duration")"

cat <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: ${cluster}
  cluster:
    server: ${server}
    certificate-authority-data: ${ca}
users:
- name: ${namespace}-${account}
  user:
    token: ${token}
contexts:
- name: kubecarrier@${cluster}
  context:
    cluster: ${cluster}
    user: ${namespace}-${account}
current-context: kubecarrier@${cluster}
KUBECONFIG
