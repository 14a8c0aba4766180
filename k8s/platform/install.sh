#!/usr/bin/env bash
# Installs the platform around the suite, in the order that works the first time: kube-prometheus-stack first
# (its CRDs must exist before any ServiceMonitor, PrometheusRule or AlertmanagerConfig is applied), then Jaeger and
# Fluent Bit, then the suite itself. Needs kubectl and helm pointed at the cluster, and k8s/platform/platform.env.
#
#   k8s/platform/install.sh            platform, then kubectl apply -k k8s/overlays/eks
#   k8s/platform/install.sh --no-suite platform only
#   OVERLAY=eks-https k8s/platform/install.sh   the suite behind HTTPS (k8s/components/alb-https)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
env_file="$here/platform.env"
if [[ ! -f "$env_file" ]]; then
  echo "install.sh: copy $here/platform.env.example to platform.env and fill it in first" >&2
  exit 2
fi
# shellcheck source=/dev/null
source "$env_file"

helm repo add prometheus-community https://prometheus-community.github.io/helm-charts >/dev/null
helm repo add jaegertracing https://jaegertracing.github.io/helm-charts >/dev/null
helm repo add fluent https://fluent.github.io/helm-charts >/dev/null
helm repo update >/dev/null

secret() { # namespace name key=value...
  local namespace="$1" name="$2"
  shift 2
  kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  local args=()
  for pair in "$@"; do args+=(--from-literal="$pair"); done
  kubectl -n "$namespace" create secret generic "$name" "${args[@]}" --dry-run=client -o yaml | kubectl apply -f -
}

secret monitoring grafana-admin "admin-user=$GRAFANA_ADMIN_USER" "admin-password=$GRAFANA_ADMIN_PASSWORD"
helm upgrade --install monitoring prometheus-community/kube-prometheus-stack -n monitoring \
  -f "$here/kube-prometheus-stack.values.yaml" --wait
for crd in servicemonitors prometheusrules alertmanagerconfigs; do
  kubectl wait --for condition=established --timeout=120s "crd/$crd.monitoring.coreos.com"
done

helm upgrade --install jaeger jaegertracing/jaeger -n observability --create-namespace \
  -f "$here/jaeger.values.yaml" --wait

secret logging fluent-bit-elasticsearch "ES_HOST=$ES_HOST" "ES_PORT=$ES_PORT" "ES_USER=$ES_USER" "ES_PASSWORD=$ES_PASSWORD"
helm upgrade --install fluent-bit fluent/fluent-bit -n logging -f "$here/fluent-bit.values.yaml" --wait

if [[ "${1:-}" != "--no-suite" ]]; then
  kubectl apply -k "$here/../overlays/${OVERLAY:-eks}"
fi
