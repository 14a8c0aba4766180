# shellcheck shell=bash disable=SC2034,SC2154
# (SC2034: the variables are read by the scripts that source this file; SC2154: they set dry_run.)
# What install.sh and uninstall.sh share: the Helm charts around the suite (where they come from, the versions whose
# own values.yaml the values files here were checked against, docs/eks.md says when, and the releases), and how a
# command is run.
chart_repos=(
  "eks https://aws.github.io/eks-charts"
  "metrics-server https://kubernetes-sigs.github.io/metrics-server/"
  "aws-secrets-manager https://aws.github.io/secrets-store-csi-driver-provider-aws"
  "prometheus-community https://prometheus-community.github.io/helm-charts"
  "jaegertracing https://jaegertracing.github.io/helm-charts"
  "grafana-community https://grafana-community.github.io/helm-charts"
  "fluent https://fluent.github.io/helm-charts"
  "argo https://argoproj.github.io/argo-helm"
)
aws_load_balancer_controller_version=3.5.0
metrics_server_version=3.13.1
secrets_store_provider_aws_version=3.1.1
kube_prometheus_stack_version=88.5.3
blackbox_exporter_version=11.17.2
jaeger_version=4.11.1
loki_version=18.11.0
fluent_bit_version=0.58.1
yace_version=0.47.0
argo_rollouts_version=2.41.0
# What was checked: per release, the chart version whose own values.yaml was read and every key install.sh and the
# values files set (a key covers the keys below it), as "release version key...". EksInstallTests fails on a key
# set that is not listed, a listed key nothing sets, or a version that is not the pinned one: re-read the chart's
# values.yaml at the new version, then update the line (docs/eks.md says when each was read).
values_checked=(
  "aws-load-balancer-controller 3.5.0 clusterName region vpcId serviceAccount.create serviceAccount.name"
  "metrics-server 3.13.1"
  "secrets-store 3.1.1 secrets-store-csi-driver.syncSecret.enabled secrets-store-csi-driver.enableSecretRotation
    secrets-store-csi-driver.rotationPollInterval"
  "monitoring 88.5.3 prometheus.prometheusSpec.enableFeatures prometheus.prometheusSpec.scrapeInterval
    prometheus.prometheusSpec.evaluationInterval prometheus.prometheusSpec.retention
    prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues
    prometheus.prometheusSpec.serviceMonitorNamespaceSelector prometheus.prometheusSpec.ruleNamespaceSelector
    alertmanager.alertmanagerSpec.alertmanagerConfigSelector alertmanager.alertmanagerSpec.alertmanagerConfigNamespaceSelector
    alertmanager.alertmanagerSpec.alertmanagerConfigMatcherStrategy grafana.admin.existingSecret grafana.admin.userKey
    grafana.admin.passwordKey grafana.sidecar.dashboards grafana.sidecar.datasources.exemplarTraceIdDestinations
    grafana.additionalDataSources kube-state-metrics.metricLabelsAllowlist
    prometheus.prometheusSpec.externalLabels prometheus.prometheusSpec.remoteWrite"
  "prometheus-blackbox-exporter 11.17.2 configExistingSecretName"
  "jaeger 4.11.1 userconfig jaeger.resources"
  "loki 18.11.0 deploymentMode loki.auth_enabled loki.commonConfig.replication_factor loki.storage.type
    loki.schemaConfig loki.limits_config.retention_period loki.compactor singleBinary.replicas
    singleBinary.persistence.size singleBinary.persistence.storageClass singleBinary.resources backend.replicas
    read.replicas write.replicas chunksCache.enabled resultsCache.enabled gateway.enabled lokiCanary.enabled test.enabled"
  "fluent-bit 0.58.1 config.inputs config.filters config.outputs envFrom"
  "yace 0.47.0 serviceAccount.create serviceAccount.name config o11yDemo serviceMonitor.enabled serviceMonitor.interval
    serviceMonitor.labels resources"
  "argo-rollouts 2.41.0 controller.metrics.enabled controller.metrics.serviceMonitor.enabled"
)
# Each release as "name namespace", in install order; uninstall.sh removes them in the reverse order. install.sh
# installs metrics-server only where the cluster has no metrics API, secrets-store only for an overlay with the
# aws-secrets component, and argo-rollouts only for one with the canary component.
releases=(
  "aws-load-balancer-controller kube-system"
  "metrics-server kube-system"
  "secrets-store kube-system"
  "monitoring monitoring"
  "prometheus-blackbox-exporter monitoring"
  "jaeger observability"
  "loki logging"
  "fluent-bit logging"
  "yace monitoring"
  "argo-rollouts argo-rollouts"
)

# Runs a command, or prints it shell-quoted when the caller's dry_run is true.
run() {
  if $dry_run; then
    printf '%q ' "$@" | sed 's/ $//'
    echo
  else
    "$@"
  fi
}
