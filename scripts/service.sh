#!/usr/bin/env bash
# Starts one service of the suite in the foreground with the OpenTelemetry Java agent attached.
#
#   scripts/service.sh <service> [extra Spring Boot arguments...]
#
# The agent reads scripts/otel-agent.properties, as in the images; any standard OTEL_* variable overrides it. Set here
# unless the environment sets them:
#   OTEL_SERVICE_NAME               the service's name
#   OTEL_TRACES_EXPORTER            otlp when OTEL_EXPORTER_OTLP_ENDPOINT is set (the file says none)
# PORT sets the HTTP port (each service has its own default); JAVA_OPTS adds JVM options; SERVICE_AGENT=off starts
# the service without the agent (the benchmark measures what the agent costs). SERVICE_AOT=auto (opt-in, e.g.
# SERVICE_AOT=auto ./run.sh) starts it from a JDK AOT cache where the java on the PATH is 25 or newer: made by a
# training run at the first start after each build or change of JAVA_OPTS or SERVICE_AGENT (a cache made with
# other options may be refused), by the same recipe as the images (see the Dockerfile), in <service>/target/aot.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
service="${1:?usage: scripts/service.sh <service> [args...]}"
shift

agent="$root/target/otel/opentelemetry-javaagent.jar"
shopt -s nullglob
jars=("$root/$service/target/$service"-*-exec.jar)
if [[ ${#jars[@]} -ne 1 || ! -f "$agent" ]]; then
  echo "service.sh: $service is not built; run ./mvnw -DskipTests package first" >&2
  exit 1
fi

export OTEL_JAVAAGENT_CONFIGURATION_FILE="${OTEL_JAVAAGENT_CONFIGURATION_FILE:-$root/scripts/otel-agent.properties}"
export OTEL_SERVICE_NAME="${OTEL_SERVICE_NAME:-$service}"
if [[ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]]; then
  export OTEL_TRACES_EXPORTER="${OTEL_TRACES_EXPORTER:-otlp}"
fi

agent_option=(-javaagent:"$agent")
if [[ "${SERVICE_AGENT:-on}" == "off" ]]; then
  agent_option=()
fi

jar="${jars[0]}"
aot_option=()
if [[ "${SERVICE_AOT:-off}" == auto ]] &&
  [[ "$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')" -ge 25 ]]; then
  aot="$root/$service/target/aot"
  # With the agent, its jar on the boot class path in the training and every run (the images' recipe).
  recipe=()
  ((${#agent_option[@]} == 0)) || recipe=(--add-modules=java.instrument -Xbootclasspath/a:"$agent")
  trained_with="${JAVA_OPTS:-} ${recipe[*]}"
  if [[ ! -s "$aot/app.aot" || "$jar" -nt "$aot/app.aot" || "$(cat "$aot/options" 2>/dev/null)" != "$trained_with" ]]; then
    echo "service.sh: training $service's AOT cache (once per build) ..." >&2
    rm -rf "$aot"
    java -Djarmode=tools -jar "$jar" extract --destination "$aot" --application-filename app.jar >/dev/null
    data="$(mktemp -d)"
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    DATA_DIR="$data" java ${JAVA_OPTS:-} "${recipe[@]}" -XX:AOTCacheOutput="$aot/app.aot" -XX:+DisableAttachMechanism \
      -Dspring.context.exit=onRefresh -Dserver.port=0 -jar "$aot/app.jar" >"$aot/training.log" 2>&1 ||
      echo "service.sh: the training failed (see $aot/training.log); starting without a cache" >&2
    printf '%s' "$trained_with" >"$aot/options"
    rm -rf "$data"
  fi
  if [[ -s "$aot/app.aot" ]]; then
    jar="$aot/app.jar"
    # The training's method profiles stay unused, as in the images' opt-in (see the Dockerfile).
    aot_option=("${recipe[@]}" -XX:AOTCache="$aot/app.aot" -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining)
  fi
fi

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} "${aot_option[@]}" "${agent_option[@]}" -jar "$jar" "$@"
