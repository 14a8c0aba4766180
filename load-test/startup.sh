#!/usr/bin/env bash
# Time to ready of one service (service-b by default) on a JDK 25: without and with the OpenTelemetry agent, and
# with a JDK 25 AOT cache (JEP 483/514): without the agent, and with it by the agent's recipe (the images' opt-in:
# its jar on the boot class path and java.instrument in every run, the training without -javaagent, the training's
# profiles not replayed). The agent runs with the suite's settings (scripts/otel-agent.properties: only the
# instrumentations the suite uses), and once more with all of its instrumentations. Then, with the agent and that
# cache, the start-up levers docs/performance.md weighs: lazy initialization and a Tomcat floor of one thread. Best
# of three starts each, loopback.
#   PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH load-test/startup.sh [service]
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
service="${1:-service-b}"
port=3990
work="$root/target/startup"
agent="$root/target/otel/opentelemetry-javaagent.jar"
shopt -s nullglob
jars=("$root/$service/target/$service"-*-exec.jar)
if [[ ${#jars[@]} -ne 1 || ! -f "$agent" ]]; then
  echo "startup.sh: build first: ./mvnw -DskipTests package" >&2
  exit 1
fi
java -version 2>&1 | head -1
export OTEL_JAVAAGENT_CONFIGURATION_FILE="$root/scripts/otel-agent.properties"
all=-Dotel.instrumentation.common.default-enabled=true
rm -rf "$work" && mkdir -p "$work"
# An AOT cache needs plain jars on the class path, not Spring Boot's nested ones.
java -Djarmode=tools -jar "${jars[0]}" extract --destination "$work/app" >/dev/null
app=("$work"/app/*.jar)

ready() {
  local response
  response="$( (exec 3<>"/dev/tcp/127.0.0.1/$port" &&
    printf 'GET /actuator/health/readiness HTTP/1.0\r\n\r\n' >&3 && cat <&3) 2>/dev/null || true)"
  [[ "$response" == *'"UP"'* ]]
}

measure() {
  local label="$1" best=""
  shift
  for _ in 1 2 3; do
    local start pid
    start=$(date +%s%N)
    PORT=$port DATA_DIR="$work/data" java -XX:+UseSerialGC "$@" -jar "${app[0]}" >"$work/run.log" 2>&1 &
    pid=$!
    until ready; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "$label: the JVM exited; see $work/run.log"
        return
      fi
      sleep 0.02
    done
    local ms=$((($(date +%s%N) - start) / 1000000))
    kill "$pid" && wait "$pid" 2>/dev/null
    if [[ -z "$best" ]] || ((ms < best)); then best=$ms; fi
  done
  printf '%-52s ready in %6d ms\n' "$label" "$best"
}

train() {
  local cache="$1"
  shift
  PORT=$port DATA_DIR="$work/data" java -XX:+UseSerialGC -XX:AOTCacheOutput="$cache" -Dspring.context.exit=onRefresh \
    -XX:ErrorFile="$work/hs_err_%p.log" "$@" -jar "${app[0]}" >"$work/train.log" 2>&1
  local status=$?
  [[ -f "$cache" ]] || echo "training $(basename "$cache") failed with exit status $status; see $work/train.log"
}

measure "no agent"
train "$work/plain.aot"
measure "no agent, AOT cache" -XX:AOTCache="$work/plain.aot"
measure "agent" -javaagent:"$agent"
measure "agent, all its instrumentations" "$all" -javaagent:"$agent"
measure "agent, AOT cache trained without it" -XX:AOTCache="$work/plain.aot" -javaagent:"$agent"
recipe=(--add-modules=java.instrument -Xbootclasspath/a:"$agent")
measure "agent on the boot class path" "${recipe[@]}" -javaagent:"$agent"
train "$work/agent.aot" "${recipe[@]}" -XX:+DisableAttachMechanism
image=("${recipe[@]}" -XX:AOTCache="$work/agent.aot" -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining
  -javaagent:"$agent")
measure "agent, AOT cache by the agent's recipe" "${image[@]}"
measure "  with all its instrumentations" "$all" "${image[@]}"
measure "  + lazy initialization" "${image[@]}" -Dspring.main.lazy-initialization=true
measure "  + Tomcat floor of 1 thread (10 by default)" "${image[@]}" -Dserver.tomcat.threads.min-spare=1
