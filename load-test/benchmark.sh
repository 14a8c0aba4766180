#!/usr/bin/env bash
# The suite's benchmark, one command, loopback only, about 9 minutes per set-up: builds what is missing, then
# measures the five services with the JVM's defaults, with the pods' JVM settings and, on Java 25, with those and the
# AOT cache, each with and without the OpenTelemetry agent; then ./run.sh's time to all-ready
# (see load-test/src/main/java/.../benchmark/Benchmark.java). Writes target/benchmark/benchmark-<time>.md, .json and
# .html (the targets and charts), and a JFR recording per set-up of service-a and service-b under /call-service-b.
# The services run on the java of the PATH; put another JDK's bin first to measure it.
#   load-test/benchmark.sh    BENCH_DURATION=20 (seconds measured per route) and BENCH_WARMUP (seconds of warm-up for
#   every route; by default 60, 120 for POST /order and 10 for GET /metrics) change the lengths;
#   BENCH_MODES="agent,agent no access log" measures other set-ups (mode names say what changes; a word NAME=value
#   sets that variable for every service: "agent,agent OTEL_INSTRUMENTATION_SERVLET_ENABLED=false");
#   BENCH_ROUNDS=3 measures the set-ups three times over, interleaved (A,B,A,B,A,B), and judges each target on the
#   median of its rounds: one measurement per set-up cannot settle a ratio near its limit (docs/performance.md)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
shopt -s nullglob
jars=("$root"/*/target/*-exec.jar)
if ((${#jars[@]} < 5)) || [[ ! -f "$root/target/otel/opentelemetry-javaagent.jar" ]]; then
  echo "building the services (once) ..."
  "$root/mvnw" -q -B -ntp -f "$root/pom.xml" -DskipTests package
fi
"$root/load-test/run.sh" --help >/dev/null
jar="$root/load-test/target/load-test-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/load-test/src" -newer "$jar" -print -quit)" ]]; then
  "$root/mvnw" -q -B -ntp -f "$root/pom.xml" -pl load-test -am package -DskipTests
fi
command -v wrk >/dev/null 2>&1 || echo "wrk is not installed: the closed-loop maximum is left out (apt-get install wrk)"
exec java -Dbench.duration="${BENCH_DURATION:-20}" ${BENCH_WARMUP:+-Dbench.warmup="$BENCH_WARMUP"} ${BENCH_MODES:+-Dbench.modes="$BENCH_MODES"} \
  ${BENCH_ROUNDS:+-Dbench.rounds="$BENCH_ROUNDS"} \
  -cp "$jar:$root/load-test/target/lib/*" dev.o11ydemo.loadtest.benchmark.Benchmark "$root"
