# One image recipe for every service of the reactor:
#   docker build --build-arg MODULE=order-service -t o11y-demo/order-service .
# Runs on a Java 25 JRE as UID 10001 with the OpenTelemetry agent at /opt/otel (the contract k8s/ relies on).

# Both bases are published for amd64 and arm64. The build stage runs on the builder's own platform, because jars
# are the same for every platform: a multi-platform build compiles once and emulates only the runtime stage.
FROM --platform=$BUILDPLATFORM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# One Maven run builds every service of scripts/services and does not depend on MODULE, so the five builds of
# compose or a release share this layer and compile once. The Maven repository is a build cache, so a code change
# does not download the dependencies again.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -am package \
      -pl "$(awk '!/^#/ && NF { print $1 }' scripts/services | paste -sd, -)"

# The chosen service's jar, split into Spring Boot's layers (dependencies change rarely, the application on every
# build) as plain jars, app.jar and lib/: a class path whose classes an AOT cache can hold.
FROM build AS layers
ARG MODULE
RUN test -n "${MODULE}" \
    && java -Djarmode=tools -jar "${MODULE}"/target/"${MODULE}"-*-exec.jar extract --layers --destination /layers \
      --application-filename app.jar \
    && awk -v module="${MODULE}" '$1 == module { print $2 }' scripts/services > /layers/port \
    && test -s /layers/port

FROM eclipse-temurin:25-jre
ARG MODULE
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /src/target/otel/opentelemetry-javaagent.jar /opt/otel/opentelemetry-javaagent.jar
COPY --from=build /src/scripts/otel-agent.properties /opt/otel/agent.properties
COPY --from=layers /layers/dependencies/ ./
COPY --from=layers /layers/snapshot-dependencies/ ./
COPY --from=layers /layers/application/ ./
COPY --from=layers /layers/port /app/port
# Heap at half the container's memory limit with SerialGC: the JVM's 75 % default overshoots the limit once
# metaspace, threads and the agent are counted. Compact object headers and two malloc arenas take RSS off each
# service (measured in docs/performance.md). Kubernetes sets the same variables (k8s/components/jvm-service), and
# load-test/benchmark.sh reads them from here. The agent's settings are scripts/otel-agent.properties, as for
# scripts/service.sh.
ENV JAVA_TOOL_OPTIONS="-javaagent:/opt/otel/opentelemetry-javaagent.jar -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2 \
    OTEL_JAVAAGENT_CONFIGURATION_FILE=/opt/otel/agent.properties \
    OTEL_SERVICE_NAME=${MODULE} \
    DATA_DIR=/tmp/data
# A JDK 25 AOT cache (JEP 483, 514) of the classes the service loads and links while it starts, from a training
# run that refreshes the application context and exits. Opt-in: it starts the service sooner at the same CPU per
# request, but holds more idle memory per service (docs/performance.md#targets), so the entrypoint does not use it;
# JDK_JAVA_OPTIONS="--add-modules=java.instrument -Xbootclasspath/a:/opt/otel/opentelemetry-javaagent.jar
# -XX:AOTCache=/app/app.aot -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining" does (the last two leave the
# training's method profiles unused, which measured cheaper per request). The agent's recipe
# (open-telemetry/opentelemetry-java-instrumentation#20001, in the agent this build pins): its jar on the boot class path
# and java.instrument in every phase, the training without -javaagent and with attach disabled, production with
# -javaagent (from JAVA_TOOL_OPTIONS). The training keeps every other option of JAVA_TOOL_OPTIONS, as the cache
# needs the same collector and object headers. Its database is thrown away; port 0 keeps a host-network build
# clear of running services.
RUN data="$(mktemp -d)" \
    && JAVA_TOOL_OPTIONS="$(echo "${JAVA_TOOL_OPTIONS}" | sed 's/-javaagent:[^ ]*//')" DATA_DIR="${data}" \
      java --add-modules=java.instrument -Xbootclasspath/a:/opt/otel/opentelemetry-javaagent.jar \
        -XX:AOTCacheOutput=/app/app.aot -XX:+DisableAttachMechanism \
        -Dspring.context.exit=onRefresh -Dserver.port=0 -Dspring.main.banner-mode=off -jar app.jar > /tmp/training.log 2>&1 \
      || { cat /tmp/training.log; exit 1; } \
    && rm -rf "${data}" /tmp/training.log \
    && test -s /app/app.aot
USER 10001:10001
# Ready when the readiness group says UP, on PORT or the service's default port (from scripts/services); bash's
# /dev/tcp needs no curl in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD bash -c 'exec 3<>"/dev/tcp/127.0.0.1/${PORT:-$(cat /app/port)}" && printf "GET /actuator/health/readiness HTTP/1.0\r\n\r\n" >&3 && grep -q "\"UP\"" <&3'
ENTRYPOINT ["java", "-jar", "app.jar"]
