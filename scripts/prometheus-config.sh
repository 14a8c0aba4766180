#!/usr/bin/env bash
# Prints the suite's Prometheus configuration: a scrape job per service of scripts/services, named after it (as the
# ServiceMonitor's jobLabel names it on Kubernetes, so the rules' job matchers hold everywhere), the rule file and
# the Alertmanager. The one writer of it: compose/prometheus/prometheus.yml is its output (ComposeTests checks the
# committed copy), ./run.sh --with-prometheus and the suite tests' MonitoredSuite call it.
#
#   scripts/prometheus-config.sh --rules FILE --alertmanager HOST:PORT (--host HOST | --by-name) [options]
#     --host HOST        each service at HOST:<its port>        --by-name  at <service>:<its port> (compose's DNS)
#     --port NAME=PORT   NAME at another port than its default  --unscraped NAME  keep NAME's job, without a target
#     --job NAME=TARGET  one more job (node-exporter)           --interval D  scrape and evaluation (15s)
#     --timeout D        scrape timeout (Prometheus' default)   --header TEXT  a comment line on top (repeatable)
#     --blackbox HOST:PORT  probe the routes of k8s/components/monitoring/blackbox/probes.txt through that exporter
#     --probe MODULE=TARGET  one more probe (a TLS endpoint)      --probe-interval D  the probes' interval (15s)
#     --cluster NAME     the cluster external label: every series, alert and remote write leaving this Prometheus
#                        carries cluster=NAME (docs/multi-cluster.md)
#     --remote-write URL also write the suite's series (see --selection) to a central Prometheus' receiver
#     --remote-write-auth USER=PASSWORD_FILE  the receiver's basic-auth credentials (it accepts writes from anyone
#                        who reaches it without them)
#
#   scripts/prometheus-config.sh --central --federate NAME=HOST:PORT... [--federate-auth NAME=USER=PASSWORD_FILE...]
#                                [--rules FILE] [--alertmanager HOST:PORT]
#     A central Prometheus over clusters: a job per cluster scraping its Prometheus' /federate for the suite's
#     series and recorded series. With --rules instead (a receiver of remote writes, which get no recorded series),
#     it evaluates the rules itself.
#   scripts/prometheus-config.sh --selection
#     The regular expression of the jobs whose series leave a cluster (the suite's services and the probes); of
#     those, the alerts' own series (--alert-series) stay.
#   scripts/prometheus-config.sh --alert-series
#     The regular expression of the alerts' own series' names (ALERTS, ALERTS_FOR_STATE), which never leave a cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

rules="" alertmanager="" host="" by_name=false interval=15s timeout="" blackbox="" probe_interval=15s
cluster="" remote_write="" remote_write_auth="" central=false
declare -A port_of=() unscraped=() federate_auth=()
jobs=() header=() probes=() federate=()
usage() { echo "prometheus-config.sh: $1 (see the comment at its top)" >&2; exit 2; }
# The jobs whose series leave a cluster: each service of scripts/services, and the probes from outside.
selection() {
  printf '%s|blackbox' "$(grep -v '^#' scripts/services | awk 'NF { print $1 }' | paste -sd '|')"
}
# The alerts' own series, which carry the job of the series they fired on: the receiver writes its own, and one of
# the same labels arriving from a cluster is a duplicate sample that fails the whole batch it came in.
alerts() {
  printf 'ALERTS|ALERTS_FOR_STATE'
}
# The recorded series (each record of the rule file is named level:metric:operations, the level "application").
recorded() {
  printf 'application:.+'
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rules) rules="${2:?}"; shift 2 ;;
    --alertmanager) alertmanager="${2:?}"; shift 2 ;;
    --host) host="${2:?}"; shift 2 ;;
    --by-name) by_name=true; shift ;;
    --port) [[ "${2:-}" == *=* ]] || usage "--port wants NAME=PORT"; port_of["${2%%=*}"]="${2#*=}"; shift 2 ;;
    --unscraped) unscraped["${2:?}"]=1; shift 2 ;;
    --job) [[ "${2:-}" == *=* ]] || usage "--job wants NAME=TARGET"; jobs+=("$2"); shift 2 ;;
    --interval) interval="${2:?}"; shift 2 ;;
    --timeout) timeout="${2:?}"; shift 2 ;;
    --header) header+=("${2:?}"); shift 2 ;;
    --blackbox) blackbox="${2:?}"; shift 2 ;;
    --probe) [[ "${2:-}" == *=* ]] || usage "--probe wants MODULE=TARGET"; probes+=("$2"); shift 2 ;;
    --probe-interval) probe_interval="${2:?}"; shift 2 ;;
    --cluster) cluster="${2:?}"; shift 2 ;;
    --remote-write) remote_write="${2:?}"; shift 2 ;;
    --remote-write-auth) [[ "${2:-}" == *=* ]] || usage "--remote-write-auth wants USER=PASSWORD_FILE"
      remote_write_auth="$2"; shift 2 ;;
    --central) central=true; shift ;;
    --federate) [[ "${2:-}" == *=* ]] || usage "--federate wants NAME=HOST:PORT"; federate+=("$2"); shift 2 ;;
    --federate-auth) [[ "${2:-}" == *=*=* ]] || usage "--federate-auth wants NAME=USER=PASSWORD_FILE"
      federate_auth["${2%%=*}"]="${2#*=}"; shift 2 ;;
    --selection) selection; exit 0 ;;
    --alert-series) alerts; exit 0 ;;
    *) usage "unknown argument '$1'" ;;
  esac
done
if $central; then
  [[ ${#federate[@]} -gt 0 || -n "$rules" ]] || usage "--central needs --federate or --rules"
  # Federated series come with their recorded ones: evaluating the rules here as well would write each twice.
  [[ ${#federate[@]} -eq 0 || -z "$rules" ]] ||
    usage "--central takes --federate or --rules, not both: federated series bring their recorded ones"
  for name in "${!federate_auth[@]}"; do
    [[ " ${federate[*]} " == *" $name="* ]] || usage "--federate-auth names $name, which no --federate does"
  done
  for line in "${header[@]}"; do
    printf '# %s\n' "$line"
  done
  printf 'global:\n  scrape_interval: %s\n  evaluation_interval: %s\n' "$interval" "$interval"
  [[ -z "$rules" ]] || printf 'rule_files:\n  - %s\n' "$rules"
  [[ -z "$alertmanager" ]] ||
    printf 'alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["%s"]\n' "$alertmanager"
  [[ ${#federate[@]} -gt 0 ]] || printf 'scrape_configs: []\n'
  [[ ${#federate[@]} -eq 0 ]] || printf 'scrape_configs:\n'
  for entry in "${federate[@]}"; do
    name="${entry%%=*}"
    # honor_labels: each series keeps its own job and instance, and the cluster label the cluster's Prometheus
    # attached, rather than this job's.
    printf '  - job_name: federate-%s\n    honor_labels: true\n    metrics_path: /federate\n' "$name"
    printf '    params:\n      match[]:\n        - '"'"'{job=~"%s", __name__!~"%s"}'"'"'\n' "$(selection)" "$(alerts)"
    printf '        - '"'"'{__name__=~"%s"}'"'"'\n' "$(recorded)"
    if [[ -n "${federate_auth[$name]:-}" ]]; then
      printf '    basic_auth:\n      username: %s\n      password_file: %s\n' "${federate_auth[$name]%%=*}" \
        "${federate_auth[$name]#*=}"
    fi
    printf '    static_configs:\n      - targets: ["%s"]\n' "${entry#*=}"
  done
  exit 0
fi
[[ -n "$rules" && -n "$alertmanager" ]] || usage "--rules and --alertmanager are required"
[[ -n "$remote_write" || -z "$remote_write_auth" ]] || usage "--remote-write-auth needs --remote-write"
[[ -n "$host" || $by_name == true ]] || usage "--host or --by-name is required"
[[ -n "$blackbox" || ${#probes[@]} -eq 0 ]] || usage "--probe needs --blackbox"

for line in "${header[@]}"; do
  printf '# %s\n' "$line"
done
printf 'global:\n  scrape_interval: %s\n' "$interval"
[[ -z "$timeout" ]] || printf '  scrape_timeout: %s\n' "$timeout"
printf '  evaluation_interval: %s\n' "$interval"
[[ -z "$cluster" ]] || printf '  external_labels:\n    cluster: %s\n' "$cluster"
if [[ -n "$remote_write" ]]; then
  # Only the suite's own series: the receiver evaluates the rules on them (recorded series have no job, and stay).
  printf 'remote_write:\n  - url: %s\n' "$remote_write"
  [[ -z "$remote_write_auth" ]] || printf '    basic_auth:\n      username: %s\n      password_file: %s\n' \
    "${remote_write_auth%%=*}" "${remote_write_auth#*=}"
  printf '    write_relabel_configs:\n'
  printf '      - source_labels: [job]\n        regex: "%s"\n        action: keep\n' "$(selection)"
  printf '      - source_labels: [__name__]\n        regex: "%s"\n        action: drop\n' "$(alerts)"
fi
printf 'rule_files:\n  - %s\n' "$rules"
printf 'alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["%s"]\n' "$alertmanager"
printf 'scrape_configs:\n'
job() { # name target (empty: no target)
  printf '  - job_name: %s\n    metrics_path: /metrics\n' "$1"
  if [[ -z "$2" ]]; then
    printf '    static_configs: []\n'
  else
    printf '    static_configs:\n      - targets: ["%s"]\n' "$2"
  fi
}
declare -A address_of=()
while read -r name port _; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  port="${port_of[$name]:-$port}"
  address_of[$name]="$($by_name && echo "$name" || echo "$host"):$port"
  target="${address_of[$name]}"
  [[ -z "${unscraped[$name]:-}" ]] || target=""
  job "$name" "$target"
done <scripts/services
for extra in "${jobs[@]}"; do
  name="${extra%%=*}"
  target="${extra#*=}"
  [[ -z "${unscraped[$name]:-}" ]] || target=""
  job "$name" "$target"
done

# The probes from outside: one job through the blackbox exporter, each target's module passed as a URL parameter
# and kept as a label, each target's URL its instance, the service behind it its application.
[[ -n "$blackbox" ]] || exit 0
probe() { # module target [application]
  printf '      - targets: ["%s"]\n        labels:\n          __param_module: %s\n' "$2" "$1"
  [[ -z "${3:-}" ]] || printf '          application: %s\n' "$3"
}
printf '  - job_name: blackbox\n    metrics_path: /probe\n    scrape_interval: %s\n' "$probe_interval"
printf '    scrape_timeout: %s\n    static_configs:\n' "$probe_interval"
while read -r _ name path module; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  [[ -n "${address_of[$name]:-}" ]] || usage "probes.txt names $name, which scripts/services does not"
  grep -q "^  $module:\$" k8s/components/monitoring/blackbox/modules.yml || usage "probes.txt names module $module, which modules.yml does not"
  probe "$module" "http://${address_of[$name]}$path" "$name"
done < <(grep -v '^#' k8s/components/monitoring/blackbox/probes.txt)
for extra in "${probes[@]}"; do
  probe "${extra%%=*}" "${extra#*=}"
done
printf '    relabel_configs:\n'
printf '      - source_labels: [__address__]\n        target_label: __param_target\n'
printf '      - source_labels: [__param_target]\n        target_label: instance\n'
printf '      - source_labels: [__param_module]\n        target_label: module\n'
printf '      - target_label: __address__\n        replacement: %s\n' "$blackbox"
