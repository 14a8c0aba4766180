#!/usr/bin/env bash
# The suite's load generator (Gatling, open model): traffic scenarios and alert drills, against a laptop or an ALB.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"

usage() {
  cat <<'EOF'
Usage: load-test/run.sh [TARGET] [SCENARIO] [OPTIONS]
       load-test/run.sh [TARGET] gameday [GAMEDAY] [OPTIONS]

TARGET    local (the default: the ports of ./run.sh and docker compose), an ALB DNS name or host[:port]
          (means http://HOST), or a base URL (http://... or https://...)
SCENARIO  traffic: steady (default), classic, journey, spike, smoke, single (one route: --path),
                   orders (POST /order only, one shopper's token)
          alert drills: drill-errors (HighErrorRate), drill-latency (HighLatencyP95, ProbeSlow),
                        drill-slo (SLOErrorBudgetBurnFast), drill-slo-slow (SLOErrorBudgetBurnSlow),
                        drill-heap (JvmHeapSaturation), drill-cpu (HighCpuUsage; NodeHighCpuUsage locally),
                        drill-restarts (ServiceRestarting), drill-down (ServiceDown, local only),
                        drill-endpoint-down (EndpointDown), drill-latency-trend (LatencyTrendingUp)
          gameday:  a scripted incident from load-test/gamedays (short, the default; full) or a scenario file:
                    steady traffic, the steps' faults, a live status line, and a scorecard of which alerts fired
                    and resolved in time, and which fired unexpectedly (docs/gameday.md)

OPTIONS
  --rate N          arrivals per second: requests (classic, steady, drills) or shoppers (journey); default 20
  --duration D      how long, e.g. 90s, 5m (default 60s; drills default to what their alert needs)
  --ramp D          time to rise to the rate (default 0)
  --service-a URL, --service-b URL, --auth URL, --order URL, --payment URL
                    a service's own base URL, where services are not behind one host
  --path PATH       the route of the single scenario (default /)
  --with-crash      include /crash in the classic mix
  --fault-token T   the services' fault token, for drills and --with-crash where one is set (EKS, compose);
                    better from the environment, FAULT_TOKEN=T, which other users cannot see in ps
  --yes             do not ask before a drill against a non-local target
  --no-limits       lift the bounds (rate 500/s, duration 30m)
  --results DIR     where Gatling writes its reports (default load-test/target/gatling)
  --summary FILE    also write the summary table as JSON
  --dry-run         print what would run, and stop
  --no-build        run the load generator as built, even where its sources have changed since (the benchmark
                    passes it: a build in the middle of a run would replace the jar it runs from)

GAME DAY OPTIONS
  --prometheus URL    Prometheus (default http://127.0.0.1:9090; on EKS: kubectl -n monitoring port-forward
                      svc/monitoring-kube-prometheus-prometheus 9090)
  --alertmanager URL  Alertmanager (default http://127.0.0.1:9093; on EKS: kubectl -n monitoring port-forward
                      svc/monitoring-kube-prometheus-alertmanager 9093)
  --grafana URL       mark each step on Grafana's dashboards, with a service account token in GRAFANA_TOKEN
  --namespace NS      the services' Kubernetes namespace (kubectl): lets remove steps scale a service to zero
                      and release steps bring out a new version as a canary (k8s/overlays/eks-canary)
  --skip KINDS        skip the steps of these kinds (comma-separated: stop, remove, crash, release), shown as skipped
  --report DIR        where the scorecard goes (default load-test/target/gameday)
  -h, --help        this text

Examples:
  load-test/run.sh                                   # steady traffic on the local suite for a minute
  load-test/run.sh local smoke                       # every route once or twice; fails on any unexpected answer
  load-test/run.sh k8s-o11ydemo-1234.eu-west-1.elb.amazonaws.com journey --rate 5 --duration 10m
  load-test/run.sh my-alb.example.com drill-errors   # asks first, restores service-a's faults at the end or on Ctrl-C
  load-test/run.sh gameday                           # the short game day on the local suite (./run.sh --with-prometheus)
  load-test/run.sh my-alb.example.com gameday full --namespace o11y-demo --skip stop
EOF
}

fail_usage() {
  echo "load-test/run.sh: $1" >&2
  echo "Try 'load-test/run.sh --help'." >&2
  exit 2
}

# Seconds from 90, 90s, 5m or 1h.
seconds() {
  local value="$1"
  case "$value" in
    *[!0-9smh]* | "" | [smh]*) fail_usage "not a duration: '$value' (use e.g. 90s, 5m)" ;;
    *h) echo $(("${value%h}" * 3600)) ;;
    *m) echo $(("${value%m}" * 60)) ;;
    *s) echo "${value%s}" ;;
    *) echo "$value" ;;
  esac
}

base_url() {
  local value="${1%/}"
  case "$value" in
    "" | *[[:space:]]*) fail_usage "not a host name or URL: '$1'" ;;
    http://* | https://*) echo "$value" ;;
    */*) fail_usage "not a host name or URL: '$1'" ;;
    *) echo "http://$value" ;;
  esac
}

port_of() {
  awk -v service="$1" '$1 == service { print $2 }' "$root/scripts/services"
}

target="" scenario="" rate="20" duration="" ramp="0" crash="false" yes="false" limits="true" dry_run="false" build="true"
results="$root/load-test/target/gatling" path="/" summary=""
prometheus="http://127.0.0.1:9090" alertmanager="http://127.0.0.1:9093" grafana="" namespace="" skip=""
report="$root/load-test/target/gameday"
service_a="" service_b="" auth="" order="" payment=""
positional=()
while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --rate) [[ $# -ge 2 ]] || fail_usage "--rate needs a value"; rate="$2"; shift 2 ;;
    --duration) [[ $# -ge 2 ]] || fail_usage "--duration needs a value"; duration="$(seconds "$2")"; shift 2 ;;
    --ramp) [[ $# -ge 2 ]] || fail_usage "--ramp needs a value"; ramp="$(seconds "$2")"; shift 2 ;;
    --service-a) [[ $# -ge 2 ]] || fail_usage "$1 needs a URL"; service_a="$(base_url "$2")"; shift 2 ;;
    --service-b) [[ $# -ge 2 ]] || fail_usage "$1 needs a URL"; service_b="$(base_url "$2")"; shift 2 ;;
    --auth) [[ $# -ge 2 ]] || fail_usage "$1 needs a URL"; auth="$(base_url "$2")"; shift 2 ;;
    --order) [[ $# -ge 2 ]] || fail_usage "$1 needs a URL"; order="$(base_url "$2")"; shift 2 ;;
    --payment) [[ $# -ge 2 ]] || fail_usage "$1 needs a URL"; payment="$(base_url "$2")"; shift 2 ;;
    --results) [[ $# -ge 2 ]] || fail_usage "--results needs a folder"; results="$2"; shift 2 ;;
    --summary) [[ $# -ge 2 ]] || fail_usage "--summary needs a file"; summary="$2"; shift 2 ;;
    --path) [[ $# -ge 2 && "$2" == /* ]] || fail_usage "--path needs a path starting with /"; path="$2"; shift 2 ;;
    --with-crash) crash="true"; shift ;;
    --fault-token) [[ $# -ge 2 && -n "$2" ]] || fail_usage "--fault-token needs a value"; export FAULT_TOKEN="$2"; shift 2 ;;
    --yes) yes="true"; shift ;;
    --no-limits) limits="false"; shift ;;
    --dry-run) dry_run="true"; shift ;;
    --no-build) build="false"; shift ;;
    --prometheus) [[ $# -ge 2 ]] || fail_usage "$1 needs a URL"; prometheus="$(base_url "$2")"; shift 2 ;;
    --alertmanager) [[ $# -ge 2 ]] || fail_usage "$1 needs a URL"; alertmanager="$(base_url "$2")"; shift 2 ;;
    --grafana) [[ $# -ge 2 ]] || fail_usage "$1 needs a URL"; grafana="$(base_url "$2")"; shift 2 ;;
    --namespace)
      [[ $# -ge 2 && "$2" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || fail_usage "--namespace needs a Kubernetes namespace"
      namespace="$2"; shift 2 ;;
    --skip)
      [[ $# -ge 2 && "$2" =~ ^(stop|remove|crash|release)(,(stop|remove|crash|release))*$ ]] || fail_usage "--skip takes stop, remove, crash and release, comma-separated"
      skip="$2"; shift 2 ;;
    --report) [[ $# -ge 2 ]] || fail_usage "--report needs a folder"; report="$2"; shift 2 ;;
    -*) fail_usage "unknown option '$1'" ;;
    *) positional+=("$1"); shift ;;
  esac
done
gameday=""
if [[ "${positional[0]:-}" == "gameday" ]]; then
  positional=(local "${positional[@]}")
fi
if [[ "${positional[1]:-}" == "gameday" ]]; then
  ((${#positional[@]} <= 3)) || fail_usage "too many arguments: ${positional[*]}"
  gameday="${positional[2]:-short}"
  case "$gameday" in
    */* | *.yml | *.yaml) [[ -f "$gameday" ]] || fail_usage "no scenario file '$gameday'" ;;
    *)
      [[ -f "$root/load-test/gamedays/$gameday.yml" ]] ||
        fail_usage "no game day '$gameday' ($(find "$root/load-test/gamedays" -maxdepth 1 -name '*.yml' -printf '%f\n' | sed 's/[.]yml$//' | sort | paste -sd, -), or a file)"
      gameday="$root/load-test/gamedays/$gameday.yml" ;;
  esac
  gameday="$(cd "$(dirname "$gameday")" && pwd)/$(basename "$gameday")"
  positional=("${positional[0]}" "${positional[1]}")
fi
((${#positional[@]} <= 2)) || fail_usage "too many arguments: ${positional[*]}"
target="${positional[0]:-local}"
scenario="${positional[1]:-steady}"

case "$scenario" in
  classic) class=Classic default_duration=60 ;;
  journey) class=Journey default_duration=60 ;;
  steady) class=Steady default_duration=60 ;;
  spike) class=Spike default_duration=90 ;;
  smoke) class=Smoke default_duration=0 ;;
  single) class=Single default_duration=60 ;;
  orders) class=Orders default_duration=60 ;;
  drill-errors) class=DrillErrors default_duration=480 ;;
  drill-latency) class=DrillLatency default_duration=840 ;;
  drill-slo) class=DrillSlo default_duration=360 ;;
  drill-slo-slow) class=DrillSloSlow default_duration=1200 ;;
  drill-heap) class=DrillHeap default_duration=720 ;;
  drill-cpu) class=DrillCpu default_duration=600 ;;
  drill-restarts) class=DrillRestarts default_duration=60 ;;
  drill-down) class=DrillDown default_duration=180 ;;
  drill-endpoint-down) class=DrillEndpointDown default_duration=240 ;;
  drill-latency-trend) class=DrillLatencyTrend default_duration=1800 ;;
  gameday) class="" default_duration=0 ;; # GameDayMain, below
  *) fail_usage "unknown scenario '$scenario' (classic, journey, steady, spike, smoke, single, orders, drill-errors, drill-latency, drill-slo, drill-slo-slow, drill-heap, drill-cpu, drill-restarts, drill-down, drill-endpoint-down, drill-latency-trend)" ;;
esac
duration="${duration:-$default_duration}"

if [[ ! "$rate" =~ ^[0-9]+([.][0-9]+)?$ || "$rate" =~ ^0+([.]0+)?$ ]]; then
  fail_usage "not a positive rate: '$rate'"
fi
if [[ "$limits" == "true" ]]; then
  awk -v r="$rate" 'BEGIN { exit !(r <= 500) }' || fail_usage "rate $rate/s is over the 500/s bound; --no-limits lifts it"
  ((duration <= 1800)) || fail_usage "duration ${duration}s is over the 30m bound; --no-limits lifts it"
fi

local_target="false"
if [[ "$target" == "local" ]]; then
  local_target="true"
  base="http://127.0.0.1:$(port_of service-a)"
  service_b="${service_b:-http://127.0.0.1:$(port_of service-b)}"
  auth="${auth:-http://127.0.0.1:$(port_of auth-service)}"
  order="${order:-http://127.0.0.1:$(port_of order-service)}"
  payment="${payment:-http://127.0.0.1:$(port_of payment-service)}"
else
  base="$(base_url "$target")"
  case "$base" in
    http://localhost* | http://127.0.0.1* | http://\[::1\]*) local_target="true" ;;
  esac
fi
service_a="${service_a:-$base}"

# What a run that changes state asks before it acts on a target that is not this machine.
question=""
case "$scenario" in
  gameday) question="The game day $(basename "$gameday") degrades, crashes or removes services at $service_a until it ends." ;;
  drill-*) question="$scenario degrades or crashes services at $service_a for $((duration / 60)) min $((duration % 60)) s." ;;
esac
if [[ -n "$question" && "$local_target" == "false" && "$yes" == "false" && "$dry_run" == "false" ]]; then
  echo "$question"
  read -r -p "Type yes to go on: " answer || answer=""
  [[ "$answer" == "yes" ]] || { echo "Not started."; exit 1; }
fi

if [[ "$scenario" == gameday ]]; then
  echo "game day $gameday against $service_a (steady traffic $rate/s; Prometheus $prometheus, Alertmanager $alertmanager)"
else
  echo "scenario $scenario against $service_a (rate $rate/s, duration ${duration}s, ramp ${ramp}s)"
fi
echo "  service-b ${service_b:-(not reachable directly)}, auth ${auth:-$service_a}, order ${order:-$service_a}, payment ${payment:-$service_a}"
if [[ "$dry_run" == "true" ]]; then
  exit 0
fi

jar="$root/load-test/target/load-test-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$jar" || ! -d "$root/load-test/target/lib" ]] ||
  [[ "$build" == true && -n "$(find "$root/load-test/src" "$root/load-test/pom.xml" -newer "$jar" -print -quit)" ]]; then
  echo "building load-test (once) ..."
  "$root/mvnw" -q -B -ntp -f "$root/pom.xml" -pl load-test -am package -DskipTests
fi

java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_bin="$JAVA_HOME/bin/java"
fi
mkdir -p "$results"
started="$(mktemp)"
trap 'rm -f "$started"' EXIT
status=0
if [[ "$scenario" == gameday ]]; then
  terminal="false"
  [[ -t 1 ]] && terminal="true"
  "$java_bin" -Xmx256m -cp "$jar:$root/load-test/target/lib/*" -Dsuite.root="$root" \
    dev.o11ydemo.loadtest.gameday.GameDayMain --scenario "$gameday" --service-a "$service_a" \
    --service-b "$service_b" --auth-service "$auth" --order-service "$order" --payment-service "$payment" \
    --prometheus "$prometheus" --alertmanager "$alertmanager" --grafana "$grafana" --namespace "$namespace" \
    --skip "$skip" --rate "$rate" --report "$report" --terminal "$terminal" || status=$?
  exit "$status"
fi
# Gatling's own launcher opens these modules (its engine reflects into them) and sets the inlining limits.
"$java_bin" -Xms256m -Xmx1g -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -cp "$jar:$root/load-test/target/lib/*" \
  -Dloadtest.service-a="$service_a" -Dloadtest.service-b="$service_b" \
  -Dloadtest.auth="$auth" -Dloadtest.order="$order" -Dloadtest.payment="$payment" \
  -Dloadtest.rate="$rate" -Dloadtest.duration="$duration" -Dloadtest.ramp="$ramp" -Dloadtest.crash="$crash" -Dloadtest.path="$path" \
  -Dloadtest.summary="$summary" \
  io.gatling.app.Gatling --simulation "dev.o11ydemo.loadtest.$class" --results-folder "$results" \
  --run-description "$scenario against $service_a" || status=$?

report="$(find "$results" -mindepth 2 -maxdepth 2 -name index.html -newer "$started" -printf '%T@ %p\n' 2>/dev/null | sort -n | tail -1 | cut -d' ' -f2-)"
if [[ -n "$report" ]]; then
  echo "report: $report"
fi
if ((status != 0)); then
  echo "load-test: $scenario failed (exit status $status): see the messages above${report:+ and the report}"
fi
exit "$status"
