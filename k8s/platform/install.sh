#!/usr/bin/env bash
# Installs the platform around the suite on EKS, in the order that works the first time, then the suite:
#   1. the AWS Load Balancer Controller (the ALB Ingress does nothing without it), the gp3 StorageClass, the
#      Metrics Server where the cluster has no metrics API (the HPAs scale on it), and, for an overlay with the
#      aws-secrets component, the Secrets Store CSI driver with its AWS provider;
#   2. kube-prometheus-stack (its CRDs must exist before any ServiceMonitor, PrometheusRule or AlertmanagerConfig),
#      and the blackbox exporter with the suite's probe modules;
#   3. Jaeger, Loki, and Fluent Bit shipping to Loki (and to Elasticsearch when ES_HOST is set), YACE (the ALB's
#      CloudWatch metrics), and, for an overlay with the canary component, Argo Rollouts;
#   4. the suite: kubectl apply -k k8s/overlays/eks, then, once the ALB has a name, the Probes of its public routes
#      (k8s/platform/probes.sh; PUBLIC_URL in platform.env names a domain of your own instead).
# Needs kubectl, helm and aws pointed at a cluster made from cluster.yaml or k8s/platform/terraform (or one with what
# docs/eks.md lists), and k8s/platform/platform.env.
#
#   k8s/platform/install.sh             platform, then the suite
#   k8s/platform/install.sh --no-suite  platform only
#   k8s/platform/install.sh --dry-run   print every command in order and run none (no cluster needed; secret
#                                       values are shown as <hidden>)
#   OVERLAY=eks-https k8s/platform/install.sh   the suite behind HTTPS (k8s/components/alb-https)
#   OVERLAY=eks-aws-secrets k8s/platform/install.sh   the suite's secrets from AWS Secrets Manager
#   OVERLAY=eks-canary k8s/platform/install.sh   canary releases gated by the SLO, with Argo Rollouts
#   TF_CLUSTER_DIR=k8s/platform/terraform/cluster k8s/platform/install.sh   a cluster made with Terraform
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=k8s/platform/charts.sh
source "$here/charts.sh"

dry_run=false suite=true
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=true ;;
    --no-suite) suite=false ;;
    -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

env_file="$here/platform.env"
if [[ ! -f "$env_file" ]]; then
  if ! $dry_run; then
    echo "install.sh: copy $here/platform.env.example to platform.env and fill it in first" >&2
    exit 2
  fi
  env_file="$here/platform.env.example"
  echo "# dry run with the values of platform.env.example"
fi
# shellcheck source=/dev/null
source "$env_file"
# A cluster made with Terraform: TF_CLUSTER_DIR=k8s/platform/terraform/cluster, and its name and region are the
# cluster stage's outputs instead of platform.env's.
if [[ -n "${TF_CLUSTER_DIR:-}" ]]; then
  if $dry_run; then
    run terraform -chdir="$TF_CLUSTER_DIR" output -raw cluster_name
    run terraform -chdir="$TF_CLUSTER_DIR" output -raw region
  else
    CLUSTER_NAME="$(terraform -chdir="$TF_CLUSTER_DIR" output -raw cluster_name)"
    AWS_REGION="$(terraform -chdir="$TF_CLUSTER_DIR" output -raw region)"
  fi
fi
: "${CLUSTER_NAME:?set CLUSTER_NAME in platform.env}" "${AWS_REGION:?set AWS_REGION in platform.env}"
overlay="$here/../overlays/${OVERLAY:-eks}"
if [[ ! -f "$overlay/kustomization.yaml" ]]; then
  echo "install.sh: no overlay '${OVERLAY:-eks}' in k8s/overlays" >&2
  exit 2
fi

# A Secret from literal key=value pairs, applied without being written to a file or shown on a dry run.
secret() { # namespace name key=value...
  local namespace="$1" name="$2"
  shift 2
  if $dry_run; then
    local shown=()
    for pair in "$@"; do shown+=("--from-literal=${pair%%=*}=<hidden>"); done
    echo "kubectl -n $namespace create secret generic $name ${shown[*]} --dry-run=client -o yaml | kubectl apply -f -"
    return
  fi
  kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  local args=()
  for pair in "$@"; do args+=(--from-literal="$pair"); done
  kubectl -n "$namespace" create secret generic "$name" "${args[@]}" --dry-run=client -o yaml | kubectl apply -f -
}

for repo in "${chart_repos[@]}"; do
  run helm repo add "${repo%% *}" "${repo#* }" --force-update
done
run helm repo update

# A service account whose pods get an IAM role: eksctl (cluster.yaml) makes it with an IRSA role; on a cluster from
# Terraform (k8s/platform/terraform) the role comes through a Pod Identity association and the account is made here.
service_account() { # namespace name
  local namespace="$1" name="$2"
  run kubectl -n "$namespace" get serviceaccount "$name"
  if $dry_run || kubectl -n "$namespace" get serviceaccount "$name" >/dev/null 2>&1; then
    return
  fi
  local association
  association="$(aws eks list-pod-identity-associations --cluster-name "$CLUSTER_NAME" --region "$AWS_REGION" \
    --namespace "$namespace" --service-account "$name" --query 'associations[0].associationId' --output text)"
  if [[ -z "$association" || "$association" == None ]]; then
    echo "install.sh: no $namespace/$name service account with an IAM role and no Pod Identity association for it;" \
      "create the cluster from k8s/platform/cluster.yaml or k8s/platform/terraform, or see docs/eks.md" >&2
    exit 1
  fi
  kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  kubectl -n "$namespace" create serviceaccount "$name" --dry-run=client -o yaml | kubectl apply -f -
}

# 1. The load balancer controller, with the IAM role the cluster gave its service account.
service_account kube-system aws-load-balancer-controller
if [[ -n "${TF_CLUSTER_DIR:-}" ]]; then
  vpc_query=(terraform -chdir="$TF_CLUSTER_DIR" output -raw vpc_id)
else
  vpc_query=(aws eks describe-cluster --name "$CLUSTER_NAME" --region "$AWS_REGION"
    --query cluster.resourcesVpcConfig.vpcId --output text)
fi
if $dry_run; then
  run "${vpc_query[@]}"
  vpc_id="<vpc-id>"
else
  vpc_id="$("${vpc_query[@]}")"
fi
# Region and VPC are given, so the controller does not depend on the instance metadata service.
run helm upgrade --install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system \
  --version "$aws_load_balancer_controller_version" \
  --set clusterName="$CLUSTER_NAME" --set region="$AWS_REGION" --set vpcId="$vpc_id" \
  --set serviceAccount.create=false --set serviceAccount.name=aws-load-balancer-controller --wait
run kubectl apply -f "$here/storageclass.yaml"

# The metrics API the HorizontalPodAutoscalers read CPU from: cluster.yaml's metrics-server add-on, or the chart.
metrics_api=(kubectl get apiservice v1beta1.metrics.k8s.io)
metrics_server=(helm upgrade --install metrics-server metrics-server/metrics-server -n kube-system
  --version "$metrics_server_version" --wait)
if $dry_run; then
  run "${metrics_api[@]}"
  echo "# only where the command above finds no metrics API:"
  run "${metrics_server[@]}"
elif "${metrics_api[@]}" >/dev/null 2>&1; then
  echo "install.sh: the cluster serves the metrics API already (the metrics-server add-on)"
else
  run "${metrics_server[@]}"
fi

# Secrets from AWS Secrets Manager (k8s/components/aws-secrets): the driver, its AWS provider, and the Pod Identity
# association that lets each of the suite's service accounts read its own secrets (cluster.yaml).
if grep -q 'components/aws-secrets$' "$overlay/kustomization.yaml"; then
  associations=(aws eks list-pod-identity-associations --cluster-name "$CLUSTER_NAME" --region "$AWS_REGION"
    --namespace o11y-demo --query 'associations[].serviceAccount' --output text)
  if $dry_run; then
    run "${associations[@]}"
  else
    # shellcheck disable=SC2207 # the names are words without spaces
    found=($("${associations[@]}"))
    while read -r account; do
      if [[ " ${found[*]} " != *" $account "* ]]; then
        echo "install.sh: no Pod Identity association for o11y-demo/$account; create the cluster from" \
          "k8s/platform/cluster.yaml or k8s/platform/terraform (or: eksctl create podidentityassociation -f" \
          "k8s/platform/cluster.yaml)" >&2
        exit 1
      fi
    done < <(sed -n 's/^ *serviceAccountName: //p' "$here/cluster.yaml")
  fi
  run helm upgrade --install secrets-store aws-secrets-manager/secrets-store-csi-driver-provider-aws -n kube-system \
    --version "$secrets_store_provider_aws_version" -f "$here/secrets-store.values.yaml" --wait
fi

# 2. Metrics, alerts and dashboards.
secret monitoring grafana-admin "admin-user=$GRAFANA_ADMIN_USER" "admin-password=$GRAFANA_ADMIN_PASSWORD"
# Every series, alert and remote write leaving this Prometheus carries cluster=CLUSTER_NAME (docs/multi-cluster.md);
# with REMOTE_WRITE_URL, the suite's series (the jobs prometheus-config.sh --selection names, without the alerts' own
# series, which the receiver writes itself) go to a central receiver, with basic-auth credentials from a Secret.
monitoring_values=(--set-string prometheus.prometheusSpec.externalLabels.cluster="$CLUSTER_NAME")
if [[ -n "${REMOTE_WRITE_URL:-}" ]]; then
  if [[ -z "${REMOTE_WRITE_USERNAME:-}" || -z "${REMOTE_WRITE_PASSWORD:-}" ]]; then
    echo "install.sh: REMOTE_WRITE_URL needs REMOTE_WRITE_USERNAME and REMOTE_WRITE_PASSWORD in platform.env: a" \
      "receiver that takes writes without credentials takes them from anyone who reaches it" >&2
    exit 2
  fi
  secret monitoring remote-write-credentials "username=$REMOTE_WRITE_USERNAME" "password=$REMOTE_WRITE_PASSWORD"
  selection="$("$here/../../scripts/prometheus-config.sh" --selection)"
  alert_series="$("$here/../../scripts/prometheus-config.sh" --alert-series)"
  credential='{\"name\":\"remote-write-credentials\",\"key\":\"%s\"}'
  # shellcheck disable=SC2059 # the format is the constant above
  auth="{\"username\":$(printf "$credential" username),\"password\":$(printf "$credential" password)}"
  monitoring_values+=(--set-json "prometheus.prometheusSpec.remoteWrite=[{\"url\":\"$REMOTE_WRITE_URL\",\
\"basicAuth\":$auth,\
\"writeRelabelConfigs\":[{\"sourceLabels\":[\"job\"],\"regex\":\"$selection\",\"action\":\"keep\"},\
{\"sourceLabels\":[\"__name__\"],\"regex\":\"$alert_series\",\"action\":\"drop\"}]}]")
fi
run helm upgrade --install monitoring prometheus-community/kube-prometheus-stack -n monitoring --create-namespace \
  --version "$kube_prometheus_stack_version" -f "$here/kube-prometheus-stack.values.yaml" "${monitoring_values[@]}" \
  --wait
for crd in servicemonitors prometheusrules alertmanagerconfigs probes; do
  run kubectl wait --for condition=established --timeout=120s "crd/$crd.monitoring.coreos.com"
done
# The probes from outside go through the blackbox exporter, with the modules compose and ./run.sh use too: one copy,
# given to the chart as the Secret it reads its configuration from.
modules="$here/../components/monitoring/blackbox/modules.yml"
if $dry_run; then
  echo "kubectl -n monitoring create secret generic blackbox-modules --from-file=blackbox.yaml=$modules" \
    "--dry-run=client -o yaml | kubectl apply -f -"
else
  kubectl -n monitoring create secret generic blackbox-modules --from-file=blackbox.yaml="$modules" \
    --dry-run=client -o yaml | kubectl apply -f -
fi
run helm upgrade --install prometheus-blackbox-exporter prometheus-community/prometheus-blackbox-exporter \
  -n monitoring --version "$blackbox_exporter_version" --set configExistingSecretName=blackbox-modules --wait

# 3. Traces and logs.
run helm upgrade --install jaeger jaegertracing/jaeger -n observability --create-namespace \
  --version "$jaeger_version" -f "$here/jaeger.values.yaml" --wait
run helm upgrade --install loki grafana-community/loki -n logging --create-namespace \
  --version "$loki_version" -f "$here/loki.values.yaml" --wait
fluent_bit_values=(-f "$here/fluent-bit.values.yaml")
if [[ -n "${ES_HOST:-}" ]]; then
  secret logging fluent-bit-elasticsearch "ES_HOST=$ES_HOST" "ES_PORT=${ES_PORT:-9200}" "ES_USER=${ES_USER:-}" \
    "ES_PASSWORD=${ES_PASSWORD:-}"
  fluent_bit_values+=(-f "$here/fluent-bit.elasticsearch.values.yaml")
fi
run helm upgrade --install fluent-bit fluent/fluent-bit -n logging --create-namespace \
  --version "$fluent_bit_version" "${fluent_bit_values[@]}" --wait

# The ALB's CloudWatch metrics, for the ingress dashboard (after kube-prometheus-stack: it brings a ServiceMonitor).
service_account monitoring yace
run helm upgrade --install yace prometheus-community/prometheus-yet-another-cloudwatch-exporter -n monitoring \
  --version "$yace_version" -f "$here/yace.values.yaml" \
  --set o11yDemo.region="$AWS_REGION" --set o11yDemo.clusterName="$CLUSTER_NAME" --wait

# Canary releases (k8s/components/canary): Argo Rollouts' controller and CRDs, its metrics scraped by the Prometheus
# above. It reads the SLO gate's queries from that Prometheus.
if grep -q 'components/canary$' "$overlay/kustomization.yaml"; then
  run helm upgrade --install argo-rollouts argo/argo-rollouts -n argo-rollouts --create-namespace \
    --version "$argo_rollouts_version" --set controller.metrics.enabled=true \
    --set controller.metrics.serviceMonitor.enabled=true --wait
  for crd in rollouts analysistemplates analysisruns; do
    run kubectl wait --for condition=established --timeout=120s "crd/$crd.argoproj.io"
  done
fi

# 4. The suite, then the probes of its public routes: through PUBLIC_URL, else the ALB's name once it has one.
if $suite; then
  run kubectl apply -k "$overlay"
  public_url="${PUBLIC_URL:-}"
  if [[ -z "$public_url" ]]; then
    alb=(kubectl -n o11y-demo get ingress o11y-demo -o 'jsonpath={.status.loadBalancer.ingress[0].hostname}')
    if $dry_run; then
      run "${alb[@]}"
      public_url="http://<the ALB's name>"
    else
      host=""
      for _ in $(seq 60); do
        host="$("${alb[@]}")"
        [[ -z "$host" ]] || break
        sleep 10
      done
      if [[ -z "$host" ]]; then
        echo "install.sh: the ALB has no name after 10 minutes (kubectl -n o11y-demo describe ingress o11y-demo);" \
          "once it has, run: k8s/platform/probes.sh http://<its name> | kubectl apply -f -" >&2
        exit 1
      fi
      public_url="http://$host"
    fi
  fi
  if $dry_run; then
    echo "$here/probes.sh $public_url | kubectl apply -f -"
  else
    "$here/probes.sh" "$public_url" | kubectl apply -f -
  fi
fi
