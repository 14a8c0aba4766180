#!/usr/bin/env bash
# Removes what install.sh installed, in the reverse order. The suite goes first and kubectl waits until it is gone:
# the Ingress keeps a finalizer until the load balancer controller has deleted the ALB and its target groups, which
# it can do only while it still runs. Then each Helm release, the StorageClass and the platform's namespaces (with
# their volumes). kube-prometheus-stack's CRDs stay unless --crds is given, because other Prometheus installs on the
# cluster may use them. The cluster itself: eksctl delete cluster -f k8s/platform/cluster.yaml.
#
#   k8s/platform/uninstall.sh            the suite and the platform
#   k8s/platform/uninstall.sh --crds     also the Prometheus Operator's CRDs
#   k8s/platform/uninstall.sh --dry-run  print every command in order and run none
#   OVERLAY=eks-https k8s/platform/uninstall.sh   the overlay install.sh applied
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=k8s/platform/charts.sh
source "$here/charts.sh"

dry_run=false crds=false
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=true ;;
    --crds) crds=true ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "uninstall.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

run kubectl delete -k "$here/../overlays/${OVERLAY:-eks}" --ignore-not-found --wait --timeout=10m
# The probes install.sh applied from probes.sh: the ALB they probe is gone.
run kubectl -n monitoring delete probe -l app.kubernetes.io/part-of=o11y-demo --ignore-not-found
for ((i = ${#releases[@]} - 1; i >= 0; i--)); do
  read -r name namespace <<<"${releases[$i]}"
  run helm uninstall "$name" -n "$namespace" --ignore-not-found --wait
done
run kubectl delete -f "$here/storageclass.yaml" --ignore-not-found
run kubectl delete namespace logging observability monitoring argo-rollouts --ignore-not-found --timeout=10m
if $crds; then
  for crd in alertmanagerconfigs alertmanagers podmonitors probes prometheusagents prometheuses prometheusrules \
    scrapeconfigs servicemonitors thanosrulers; do
    run kubectl delete crd "$crd.monitoring.coreos.com" --ignore-not-found
  done
fi
