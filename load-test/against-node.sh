#!/usr/bin/env bash
# Throughput and p99 of ./run.sh against the Node originals the suite ports (docs/performance.md#against-the-node-originals):
# the Express apps day-4/application/service-a and service-b of iam-veeramalla/observability-zero-to-hero, not part
# of this repository. Per round, the Node pair and then each ./run.sh set-up start alone on service-a's and
# service-b's ports; each route is driven on service-a's port with wrk once to warm up and once measured; then the
# set-up is stopped. Prints each measurement and each set-up's ratio to the Node pair in the same round.
#
#   git clone https://github.com/iam-veeramalla/observability-zero-to-hero /tmp/originals
#   (cd /tmp/originals/day-4/application/service-a && npm ci) && (cd /tmp/originals/day-4/application/service-b && npm ci)
#   load-test/against-node.sh /tmp/originals/day-4/application
#
# Environment: ROUNDS (2); WRK_OPTIONS (-t2 -c32 -d10s) and WARM_UP, the warm-up's length (as long as the
# measurement); ROUTES (/ /call-service-b); RUN_SH_SETUPS: the ./run.sh set-ups, separated by '|', each the
# variables it runs with in shell syntax (SERVICE_AGENT=off, or JAVA_OPTS='...' for a whole list of JVM options);
# an empty one is ./run.sh's defaults, and the default is that one alone.
# Needs node, wrk and the built jars (./mvnw -DskipTests package).
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
originals="${1:-}"
if [[ ! -f "$originals/service-a/index.js" || ! -d "$originals/service-b/node_modules" ||
  ! -d "$originals/service-a/node_modules" ]]; then
  echo "usage: load-test/against-node.sh <the originals' day-4/application, after npm ci in service-a and service-b>" >&2
  exit 2
fi
for command in node wrk curl; do
  command -v "$command" >/dev/null || { echo "against-node.sh: $command is not on the PATH" >&2; exit 2; }
done
rounds="${ROUNDS:-2}"
read -ra wrk_options <<<"${WRK_OPTIONS:--t2 -c32 -d10s}"
read -ra routes <<<"${ROUTES:-/ /call-service-b}"
warm_up=("${wrk_options[@]}")
[[ -z "${WARM_UP:-}" ]] || warm_up+=(-d "$WARM_UP")
IFS='|' read -ra java_setups <<<"${RUN_SH_SETUPS:-}"
[[ ${#java_setups[@]} -gt 0 ]] || java_setups=("")
for port in 3001 3002; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "against-node.sh: port $port is taken; stop what listens there first" >&2
    exit 2
  fi
done
work="$root/target/against-node"
rm -rf "$work" && mkdir -p "$work"

pids=()
stop() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop EXIT
trap 'exit 130' INT TERM

# Waits until the set-up is ready, at most 120 s: the Node pair when service-a and service-b answer, ./run.sh when
# it says all its services are; fails when a started process exits.
wait_ready() {
  local pid
  for _ in $(seq 1 240); do
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || return 1
    done
    if [[ "$1" == node ]]; then
      curl -fs -o /dev/null http://127.0.0.1:3001/healthy && curl -fs -o /dev/null http://127.0.0.1:3002/hello &&
        return 0
    elif grep -q '^The suite is running' "$work/run.sh.log"; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

start_node() {
  (cd "$originals/service-b" && exec node index.js) >"$work/node-service-b.log" 2>&1 &
  pids+=("$!")
  (cd "$originals/service-a" && SERVICE_B_URI=http://127.0.0.1:3002 exec node index.js) \
    >"$work/node-service-a.log" 2>&1 &
  pids+=("$!")
}

# ./run.sh stops the services it started when it is stopped.
start_java() {
  (
    unset JAVA_OPTS SERVICE_AGENT SERVICE_AOT
    [[ -z "$1" ]] || eval "export $1"
    exec "$root/run.sh"
  ) >"$work/run.sh.log" 2>&1 &
  pids+=("$!")
}

# Prints "<req/s> <p99 ms> <failed responses>" of one wrk run on service-a's port, with the given wrk options.
drive() {
  wrk "${@:2}" --latency "http://127.0.0.1:3001$1" | awk '
    /Requests\/sec:/ { rate = $2 }
    $1 == "99%" { p99 = $2 + 0; if ($2 ~ /us$/) p99 /= 1000; else if ($2 ~ /[0-9]s$/) p99 *= 1000 }
    /Non-2xx or 3xx responses:/ { failed += $NF }
    /Socket errors:/ { gsub(",", ""); failed += $4 + $6 + $8 + $10 }
    END { printf "%.0f %.0f %d\n", rate, p99, failed }'
}

label() {
  if [[ "$1" == node ]]; then echo "Node"; elif [[ -z "$1" ]]; then echo "./run.sh"; else echo "./run.sh $1"; fi
}

printf 'round\troute\tset-up\treq/s\tp99 ms\tfailed\tratio to Node\n'
for round in $(seq 1 "$rounds"); do
  declare -A node_rate=()
  for setup in node "${java_setups[@]}"; do
    if [[ "$setup" == node ]]; then start_node; else start_java "$setup"; fi
    if ! wait_ready "$setup"; then
      echo "against-node.sh: $(label "$setup") did not become ready; see $work" >&2
      exit 1
    fi
    for route in "${routes[@]}"; do
      drive "$route" "${warm_up[@]}" >/dev/null
      read -r rate p99 failed < <(drive "$route" "${wrk_options[@]}")
      if [[ "$setup" == node ]]; then
        node_rate[$route]="$rate"
        ratio=1
      else
        ratio="$(awk -v a="$rate" -v b="${node_rate[$route]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
      fi
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$route" "$(label "$setup")" "$rate" "$p99" "$failed" "$ratio"
    done
    stop
  done
done
