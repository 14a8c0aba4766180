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

# The chosen service's jar, split into Spring Boot's layers: dependencies change rarely, the application on every
# build.
FROM build AS layers
ARG MODULE
RUN test -n "${MODULE}" \
    && java -Djarmode=tools -jar "${MODULE}"/target/"${MODULE}"-*-exec.jar extract --layers --launcher --destination /layers \
    && awk -v module="${MODULE}" '$1 == module { print $2 }' scripts/services > /layers/port \
    && test -s /layers/port

FROM eclipse-temurin:25-jre
ARG MODULE
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /src/target/otel/opentelemetry-javaagent.jar /opt/otel/opentelemetry-javaagent.jar
COPY --from=layers /layers/dependencies/ ./
COPY --from=layers /layers/spring-boot-loader/ ./
COPY --from=layers /layers/snapshot-dependencies/ ./
COPY --from=layers /layers/application/ ./
COPY --from=layers /layers/port /app/port
# Heap at half the container's memory limit with SerialGC: the JVM's 75 % default overshoots the limit once
# metaspace, threads and the agent are counted. Compact object headers and two malloc arenas took 5-25 MiB off each
# service's RSS (docs/performance.md). Kubernetes sets the same variables (k8s/components/jvm-service), and
# load-test/benchmark.sh reads them from here.
ENV JAVA_TOOL_OPTIONS="-javaagent:/opt/otel/opentelemetry-javaagent.jar -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2 \
    OTEL_SERVICE_NAME=${MODULE} \
    OTEL_METRICS_EXPORTER=none \
    OTEL_LOGS_EXPORTER=none \
    OTEL_TRACES_EXPORTER=none \
    DATA_DIR=/tmp/data
USER 10001:10001
# Ready when the readiness group says UP, on PORT or the service's default port (from scripts/services); bash's
# /dev/tcp needs no curl in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD bash -c 'exec 3<>"/dev/tcp/127.0.0.1/${PORT:-$(cat /app/port)}" && printf "GET /actuator/health/readiness HTTP/1.0\r\n\r\n" >&3 && grep -q "\"UP\"" <&3'
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
