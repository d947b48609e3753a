# The service's container image. Build the jar first, then the image:
#
#   ./mvnw -B -DskipTests package && docker build -t openedx-pok .
#
# `./mvnw -Pimage jib:build` (or jib:buildTar) makes the same image without a Docker daemon; see the `image`
# profile in service/pom.xml. docs/deploy-tutor.md runs it beside Open edX.

FROM eclipse-temurin:17-jre AS extract
WORKDIR /build
# The production jar (without the POK simulator); build it without -Pdemo, which adds a second, -demo jar.
COPY service/target/openedx-pok-*.jar openedx-pok.jar
# Unpacked (app.jar + lib/): starts faster than the nested jar and keeps the dependencies in a layer of their own,
# so a release that changes only our code ships a few hundred KB.
RUN java -Djarmode=tools -jar openedx-pok.jar extract --layers --application-filename app.jar \
      --destination /build/out

FROM eclipse-temurin:17-jre
# A fixed uid so that volumes and Kubernetes' runAsUser can name it.
RUN groupadd --system --gid 10001 pok \
 && useradd --system --uid 10001 --gid pok --home-dir /app --shell /usr/sbin/nologin pok \
 && mkdir -p /app/data && chown pok:pok /app/data
WORKDIR /app
COPY --from=extract /build/out/dependencies/ ./
COPY --from=extract /build/out/spring-boot-loader/ ./
COPY --from=extract /build/out/snapshot-dependencies/ ./
COPY --from=extract /build/out/application/ ./

# Memory follows the container's limit (no fixed -Xmx): the heap takes at most this share of it, the rest is
# metaspace, code cache and thread stacks. Serial GC: on a 2-core, sub-GiB container it has the smallest footprint,
# and the JVM picks it there anyway; naming it keeps larger hosts from switching to G1. The figures are in
# docs/benchmarks.md ("Footprint"). Replace JAVA_TOOL_OPTIONS as a whole to change them.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError" \
    PORT=8080

# Class data sharing: a training run starts the application context once (on an in-memory database, then exits) and
# records the classes it loaded in an archive that every start maps instead of loading them again: about a quarter
# less CPU to start (docs/benchmarks.md, "Footprint"). Nothing of the run stays but the archive. A JVM that cannot
# use the archive (other options, another class path) starts without it.
RUN DATABASE_URL="jdbc:h2:mem:cds" POK_API_URL="http://127.0.0.1:9/" POK_API_KEY=cds-training \
    OPENEDX_WEBHOOK_TOKEN=cds-training-token-0123456789 POK_ADMIN_USERNAME=cds POK_ADMIN_PASSWORD=cds-training-password \
    java -XX:ArchiveClassesAtExit=/app/app.jsa -Dspring.context.exit=onRefresh -jar /app/app.jar \
 && test -s /app/app.jsa
ENV JAVA_TOOL_OPTIONS="$JAVA_TOOL_OPTIONS -XX:SharedArchiveFile=/app/app.jsa"
USER 10001:10001
EXPOSE 8080

# The actuator answers on MANAGEMENT_PORT when one is set, else on the service's port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${MANAGEMENT_PORT:-${PORT:-8080}}/actuator/health/liveness" || exit 1

ENTRYPOINT ["java", "-jar", "/app/app.jar"]
