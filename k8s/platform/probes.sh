#!/usr/bin/env bash
# Prints the Prometheus Operator Probe objects that probe the suite from outside, through its public URL: one per
# "public" line of k8s/components/monitoring/blackbox/probes.txt (the routes the ALB serves), with that line's module,
# and for an https URL one more of the TLS handshake, for the certificate's expiry. install.sh applies them once the
# ALB has a name; the blackbox exporter they go through is its prometheus-blackbox-exporter release.
#
#   k8s/platform/probes.sh http://k8s-o11ydemo-0123456789.eu-west-1.elb.amazonaws.com | kubectl apply -f -
#   k8s/platform/probes.sh https://shop.example.com | kubectl apply -f -
set -euo pipefail
cd "$(dirname "$0")/../.."

url="${1:-}"
[[ "$url" =~ ^(http|https)://([A-Za-z0-9.-]+)(:[0-9]+)?$ ]] ||
  { echo "probes.sh: want the suite's public URL, http(s)://host[:port] with no path, not '$url'" >&2; exit 2; }
scheme="${BASH_REMATCH[1]}" host="${BASH_REMATCH[2]}" port="${BASH_REMATCH[3]}"

probe() { # name module target [application]
  cat <<YAML
---
apiVersion: monitoring.coreos.com/v1
kind: Probe
metadata:
  name: o11y-demo-$1
  namespace: monitoring
  labels:
    # kube-prometheus-stack's Prometheus selects the Probes of its release.
    release: monitoring
    app.kubernetes.io/part-of: o11y-demo
spec:
  # The job the alert rules and the dashboards' probe panels read.
  jobName: blackbox
  interval: 30s
  module: $2
  prober:
    url: prometheus-blackbox-exporter.monitoring.svc:9115
  targets:
    staticConfig:
      static:
        - $3
      labels:
        module: $2
YAML
  [[ -z "${4:-}" ]] || printf '        application: %s\n' "$4"
}

while read -r reach name path module; do
  [[ "$reach" == public ]] || continue
  probe "$name" "$module" "$url$path" "$name"
done < <(grep -v '^#' k8s/components/monitoring/blackbox/probes.txt)
if [[ "$scheme" == https ]]; then
  probe certificate tls_handshake "$host${port:-:443}"
fi
