#!/usr/bin/env bash
# Runs the whole suite on this machine: builds what is missing, starts every service listed in scripts/services
# with the OpenTelemetry agent attached, and stops them all on Ctrl-C. Needs only a JDK (17 or newer).
#
#   ./run.sh                    JSON logs to logs/<service>.log
#   ./run.sh --rebuild          rebuild the jars first even if they exist
#   ./run.sh --with-prometheus  also Prometheus (the suite's scrape jobs and alert rules), Alertmanager and, where
#                               installed, node-exporter and the blackbox exporter, on 127.0.0.1:9090, :9093, :9100
#                               and :9115, from the PATH (Debian: apt-get install prometheus prometheus-alertmanager
#                               prometheus-node-exporter prometheus-blackbox-exporter; Homebrew: brew install
#                               prometheus alertmanager node_exporter blackbox_exporter)
#
# The services listen on 127.0.0.1 only; SERVER_ADDRESS=0.0.0.0 opens them to the network (then set
# DEMO_FAULTROUTES_TOKEN too, or /crash and fault changes stay refused to other hosts).
# Environment: OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://localhost:4318) exports traces; any variable a service
# reads (SERVICE_B_URI, DEMO_FAULTROUTES_ENABLED, ...) is passed through.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
logs="$root/logs"

services=()
ports=()
wiring=()
declare -A port_of
while read -r name port calls; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  services+=("$name")
  ports+=("$port")
  port_of[$name]="$port"
  # Each VARIABLE=service becomes VARIABLE=http://127.0.0.1:<that service's port>, unless already set.
  env=()
  for call in $calls; do
    variable="${call%%=*}"
    [[ -n "${!variable:-}" ]] || env+=("$variable=http://127.0.0.1:${port_of[${call#*=}]}")
  done
  wiring+=("${env[*]}")
done < scripts/services

needs_build=false
with_prometheus=false
for argument in "$@"; do
  case "$argument" in
    --rebuild) needs_build=true ;;
    --with-prometheus) with_prometheus=true ;;
    *) echo "run.sh: unknown option '$argument' (--rebuild, --with-prometheus)" >&2; exit 2 ;;
  esac
done

# The first of these commands on the PATH (Debian's and Homebrew's names differ), or nothing.
first_command() {
  local command
  for command in "$@"; do
    if command -v "$command" >/dev/null 2>&1; then
      echo "$command"
      return
    fi
  done
}
if $with_prometheus; then
  prometheus_command="$(first_command prometheus)"
  alertmanager_command="$(first_command prometheus-alertmanager alertmanager)"
  node_exporter_command="$(first_command prometheus-node-exporter node_exporter)"
  blackbox_command="$(first_command prometheus-blackbox-exporter blackbox_exporter)"
  if [[ -z "$prometheus_command" || -z "$alertmanager_command" ]]; then
    echo "run.sh: --with-prometheus needs prometheus and alertmanager on the PATH" >&2
    echo "  Debian/Ubuntu: sudo apt-get install --no-install-recommends prometheus prometheus-alertmanager" >&2
    echo "  macOS:         brew install prometheus alertmanager" >&2
    exit 2
  fi
fi
[[ -f target/otel/opentelemetry-javaagent.jar ]] || needs_build=true
for name in "${services[@]}"; do
  compgen -G "$name/target/$name-*-exec.jar" >/dev/null || needs_build=true
done
if $needs_build; then
  echo "Building the suite (first run downloads dependencies; tests skipped) ..."
  ./mvnw -B -q -DskipTests package
fi

# Asks a service's readiness probe over bash's /dev/tcp, so the script needs no curl.
ready() {
  local response
  response="$( (exec 3<>"/dev/tcp/127.0.0.1/$1" &&
    printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 &&
    cat <&3) 2>/dev/null || true)"
  [[ "$response" == *'"UP"'* ]]
}

# Sized for five JVMs on a laptop, instead of the JVM's defaults (a quarter of the machine's memory as heap, a
# parallel collector, both JIT compilers): the pods' heap and collector, smaller thread stacks, and the C1 compiler
# only, which starts as fast and idles at about a third less memory (docs/performance.md). The heap starts small, as
# in a pod: without -Xms it starts at its maximum on any machine over 20 GiB, and the start fills its young
# generation. The pods keep C2 for throughput. The heap gives back what the start used beyond its live set
# (free ratios 10-20 %) and keeps a fifth of itself young rather than a third; where the JVM has them, objects
# take smaller headers (Java 25) and the C library returns freed memory every 5 s (17.0.11, 21.0.3, 22 and newer).
# Together they take the largest idle service under 220 MiB (docs/performance.md#idle-memory). JAVA_OPTS
# replaces the whole list.
if [[ -z "${JAVA_OPTS+set}" ]]; then
  JAVA_OPTS="-Xms16m -Xmx320m -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 -XX:MinHeapFreeRatio=10"
  JAVA_OPTS+=" -XX:MaxHeapFreeRatio=20 -XX:NewRatio=4"
  for option in -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=5000; do
    if java "$option" -version >/dev/null 2>&1; then
      JAVA_OPTS+=" $option"
    fi
  done
fi
export JAVA_OPTS
# SERVICE_AOT=auto: on Java 25 or newer, each service starts from a JDK AOT cache made at its first start after a
# build or a change of JAVA_OPTS (scripts/service.sh). Off by default: it starts sooner at the same CPU per request,
# but holds more idle memory per service (docs/performance.md#targets).
export SERVICE_AOT="${SERVICE_AOT:-off}"

# Loopback only unless asked otherwise: with no fault token set, the services serve /crash and fault changes to
# loopback clients only, and nothing else on the network should reach a laptop's demo either.
export SERVER_ADDRESS="${SERVER_ADDRESS:-127.0.0.1}"

# The credential with which the services that check tokens call token introspection: a new random one per run
# unless set.
if [[ -z "${AUTH_INTROSPECTION_SECRET:-}" ]]; then
  AUTH_INTROSPECTION_SECRET="$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')"
fi
export AUTH_INTROSPECTION_SECRET

mkdir -p "$logs"
pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping ..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped."
}
trap stop INT TERM EXIT

started=$SECONDS
for i in "${!services[@]}"; do
  name="${services[$i]}"
  # shellcheck disable=SC2086 # the wiring is a list of VARIABLE=url words
  env PORT="${ports[$i]}" ${wiring[$i]} scripts/service.sh "$name" >"$logs/$name.log" 2>&1 &
  pids+=("$!")
done

# Prometheus as docker compose runs it, on loopback: the same jobs (scripts/prometheus-config.sh writes both), the
# rules of prometheusrule.yaml's spec, fresh storage at every start.
if $with_prometheus; then
  monitoring="$root/target/run-monitoring"
  rm -rf "$monitoring"
  mkdir -p "$monitoring"
  sed -e '1,/^spec:$/d' k8s/components/monitoring/prometheusrule.yaml >"$monitoring/o11y-demo.rules.yml"
  node_job=() probes=()
  [[ -z "$node_exporter_command" ]] || node_job=(--job node=127.0.0.1:9100)
  [[ -z "$blackbox_command" ]] || probes=(--blackbox 127.0.0.1:9115)
  scripts/prometheus-config.sh --host 127.0.0.1 --cluster local --rules "$monitoring/o11y-demo.rules.yml" \
    --alertmanager 127.0.0.1:9093 "${node_job[@]}" "${probes[@]}" >"$monitoring/prometheus.yml"
  # Alerts show at localhost:9093; no receiver sends them anywhere.
  printf 'route:\n  receiver: local\nreceivers:\n  - name: local\n' >"$monitoring/alertmanager.yml"
  monitors=() monitor_pids=()
  "$alertmanager_command" --config.file="$monitoring/alertmanager.yml" --storage.path="$monitoring/alertmanager" \
    --web.listen-address=127.0.0.1:9093 --cluster.listen-address= >"$logs/alertmanager.log" 2>&1 &
  monitors+=(alertmanager) monitor_pids+=("$!")
  "$prometheus_command" --config.file="$monitoring/prometheus.yml" --storage.tsdb.path="$monitoring/prometheus" \
    --web.listen-address=127.0.0.1:9090 >"$logs/prometheus.log" 2>&1 &
  monitors+=(prometheus) monitor_pids+=("$!")
  if [[ -n "$node_exporter_command" ]]; then
    "$node_exporter_command" --web.listen-address=127.0.0.1:9100 >"$logs/node-exporter.log" 2>&1 &
    monitors+=(node-exporter) monitor_pids+=("$!")
  fi
  if [[ -n "$blackbox_command" ]]; then
    "$blackbox_command" --config.file=k8s/components/monitoring/blackbox/modules.yml \
      --web.listen-address=127.0.0.1:9115 >"$logs/blackbox-exporter.log" 2>&1 &
    monitors+=(blackbox-exporter) monitor_pids+=("$!")
  fi
  pids+=("${monitor_pids[@]}")
fi

echo "Waiting for the services to be ready ..."
for i in "${!services[@]}"; do
  name="${services[$i]}"
  port="${ports[$i]}"
  up=false
  for _ in $(seq 1 120); do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "$name exited during startup; see $logs/$name.log" >&2
      tail -n 20 "$logs/$name.log" >&2
      exit 1
    fi
    if ready "$port"; then
      up=true
      break
    fi
    sleep 0.5
  done
  $up || echo "warning: $name is not ready after 60 s; see $logs/$name.log" >&2
done

cat <<INFO

The suite is running: ${#services[@]} services ready after $((SECONDS - started)) s. Logs (one JSON object per line): $logs/<service>.log

  service          port  try
INFO
for i in "${!services[@]}"; do
  printf '  %-16s %-5s curl localhost:%s/healthy\n' "${services[$i]}" "${ports[$i]}" "${ports[$i]}"
done
cat <<'INFO'

  curl localhost:3001/call-service-b     service-a calls service-b (one trace across both)
  docs/orders.md                         login, order, fetch: one trace across auth, order, payment
  curl localhost:3001/metrics            Prometheus scrape (seed metrics, JVM, Spring)
  curl localhost:3001/example            async task that sets node_gauge_example
  curl localhost:3001/serverError        a 500 for the error-rate panels
  tail -f logs/service-a.log             watch the JSON logs, with trace_id and span_id
INFO
if $with_prometheus; then
  for i in "${!monitors[@]}"; do
    kill -0 "${monitor_pids[$i]}" 2>/dev/null ||
      echo "warning: ${monitors[$i]} exited (is its port taken?); see $logs/${monitors[$i]}.log" >&2
  done
  cat <<INFO

  http://localhost:9090/alerts            Prometheus: the suite's alert rules ($logs/prometheus.log)
  http://localhost:9093                   Alertmanager: what fires ($logs/alertmanager.log)
  ./load-test/run.sh local drill-errors   fires HighErrorRate there in about 6 minutes
INFO
  [[ -z "$node_exporter_command" ]] || echo "  http://localhost:9100/metrics           node-exporter, scraped as job node"
  [[ -z "$blackbox_command" ]] || echo "  http://localhost:9115                   blackbox exporter: the probes from outside, job blackbox"
fi
printf '\nPress Ctrl-C to stop.\n'
wait
