#!/usr/bin/env bash
# Benchmark of the creation webfilter: does Open edX's wait depend on how slow POK is? (It must not.)
#
#   bench/creation-bench.sh        # build if needed, measure at 16 clients with POK latency 0 ms and 500 ms
#
# The service runs on PostgreSQL (127.0.0.1:5432, user postgres, trust auth; database pok_bench_creation, created and
# dropped here) against the POK simulator run as its own process. Every request asks for a NEW learner's certificate,
# so each one writes a certificate, its first history line and its background work. Loopback traffic only.
# Settings (environment): SECONDS_EACH (20), WARMUP (20), CLIENTS (16), LATENCIES ("0 500"), PORT (18191).
set -euo pipefail
cd "$(dirname "$0")/.."

DB=pok_bench_creation
SECONDS_EACH=${SECONDS_EACH:-20}
WARMUP=${WARMUP:-20}
CLIENTS=${CLIENTS:-16}
LATENCIES=${LATENCIES:-"0 500"}
PORT=${PORT:-18191}
POK_PORT=$((PORT + 1))
COURSES=10
TOKEN=bench-token-0123456789abcdef
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
PIDS=()
mkdir -p target

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
}
trap cleanup EXIT

JAR=$(ls target/openedx-pok-*.jar 2>/dev/null | grep -v original | head -n1 || true)
if [[ -z "$JAR" ]]; then
  echo "building the jar"
  ./mvnw -q -B -DskipTests package
  JAR=$(ls target/openedx-pok-*.jar | grep -v original | head -n1)
fi

wait_for() {
  for _ in $(seq 1 120); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "timed out waiting for $1"; exit 1
}

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB ENCODING 'UTF8'"

echo "starting the POK simulator on 127.0.0.1:$POK_PORT"
java -Xmx512m -Dloader.main=com.openedxpok.simulator.PokSimulatorMain -cp "$JAR" \
  org.springframework.boot.loader.launch.PropertiesLauncher --port "$POK_PORT" --api-key bench-key \
  --emit-delay-ms 200 >target/creation-bench-pok.log 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$POK_PORT/_simulator/stats"

echo "starting the service on 127.0.0.1:$PORT"
DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" DATABASE_USERNAME=postgres DATABASE_PASSWORD= \
  POK_API_KEY=bench-key POK_API_URL="http://127.0.0.1:$POK_PORT/" OPENEDX_WEBHOOK_TOKEN=$TOKEN \
  OPENEDX_PLATFORM_NAME="Bench Learning" PORT=$PORT POK_MAX_CONCURRENCY=16 POK_MAX_REQUESTS_PER_SECOND=1000 \
  java -Xms1g -Xmx1g -jar "$JAR" --server.address=127.0.0.1 >target/creation-bench-app.log 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PORT/actuator/health/readiness"

"${PSQL[@]}" -d "$DB" <<SQL
INSERT INTO course_template (course_key, template_id, emission_type, title_override, skip_acceptance, enabled,
                             created_at, modified_at)
SELECT 'course-v1:Bench+C' || c || '+2025', 'demo-template', 'pok', 'Bench course ' || c, TRUE, TRUE,
       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
FROM generate_series(0, $COURSES - 1) AS c;
SQL

URL="http://127.0.0.1:$PORT/openedx/webfilters/certificate-creation-requested?token=$TOKEN"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
ROWS=""
first_user=1000000
for latency in $LATENCIES; do
  curl -fs -d "{\"latencyMs\": $latency}" "http://127.0.0.1:$POK_PORT/_simulator/faults" >/dev/null
  echo "POK latency ${latency} ms: warm-up ${WARMUP}s, then ${SECONDS_EACH}s at $CLIENTS clients"
  row=$(java bench/WebfilterLoad.java creation "$URL" "$CLIENTS" "$SECONDS_EACH" "$WARMUP" "$first_user" "$COURSES")
  echo "$row"
  ROWS+="| ${latency} ms /${row#|}"$'\n'
  first_user=$((first_user + 10000000))
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
requested=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM pok_certificate")

CPU=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1)
MEM=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
JAVA=$(java -version 2>&1 | head -n1)
PG=$("${PSQL[@]}" -d postgres -Atc "SHOW server_version")
SECTION=$(cat <<MD
<!-- creation-bench:start -->
## Creation webfilter

\`POST /openedx/webfilters/certificate-creation-requested\` with a realistic payload (about 1 KB, password hash
included), every request for a new learner (so each writes a certificate, its history line and its db-scheduler
execution), at $CLIENTS concurrent clients in a closed loop, with the POK simulator answering after the latency in
the first column. The background worker submits to POK meanwhile, on the same machine. ${SECONDS_EACH} s per row after
a ${WARMUP} s warm-up; PostgreSQL; everything on 127.0.0.1.

- Date: $(date -u +%Y-%m-%d) (UTC)
- Machine: $(nproc) CPU cores${CPU:+ ($CPU)}, $MEM memory; load average before: $load_before, after: $load_after
- Software: $JAVA; PostgreSQL $PG; service heap 1 GiB
- Certificates requested during the run: $requested
- Reproduce: \`bench/creation-bench.sh\` (\`SECONDS_EACH\`, \`WARMUP\`, \`CLIENTS\`, \`LATENCIES\` override the defaults)

| POK latency / clients | seconds | requests | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | answers |
|---|---|---|---|---|---|---|---|---|---|
${ROWS%$'\n'}

The answer is \`{}\` in every case: Open edX goes on creating its certificate while POK is called in the background.
<!-- creation-bench:end -->
MD
)
DOC=docs/benchmarks.md
printf '%s\n' "$SECTION" | python3 bench/write-section.py creation-bench "$DOC"
echo "results written to $DOC"
