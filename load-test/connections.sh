#!/usr/bin/env bash
# What connections cost a service, loopback only: one service-b with its pod's JVM settings holds N idle and N
# stalled connections for each N (load-test/src/main/java/.../benchmark/Connections.java); prints RSS, heap after
# a collection and whether the liveness probe answered. docs/security.md has the figures and the rule they set.
#   load-test/connections.sh [N,N,...]    default 1000,2000,4000,8192; SERVER_TOMCAT_* variables reach the service
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
counts="${1:-1000,2000,4000,8192}"
shopt -s nullglob
jars=("$root"/service-b/target/*-exec.jar)
if ((${#jars[@]} < 1)) || [[ ! -f "$root/target/otel/opentelemetry-javaagent.jar" ]]; then
  "$root/mvnw" -q -B -ntp -f "$root/pom.xml" -DskipTests package
fi
jar="$root/load-test/target/load-test-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/load-test/src" -newer "$jar" -print -quit)" ]]; then
  "$root/mvnw" -q -B -ntp -f "$root/pom.xml" -pl load-test package -DskipTests
fi
# A file descriptor per connection, on both ends.
ulimit -n 65536 2>/dev/null || true
exec java -cp "$jar:$root/load-test/target/lib/*" dev.o11ydemo.loadtest.benchmark.Connections "$root" "$counts"
