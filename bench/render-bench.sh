#!/usr/bin/env bash
# Benchmark of the render webfilter with 1,000,000 certificates, on PostgreSQL and on the embedded H2 file database.
#
#   bench/render-bench.sh            # fill, measure at 1, 16 and 64 clients on each database, update docs/benchmarks.md
#
# Load comes from Debian's wrk (bench/webfilter.lua) in its own process; the service points at a POK simulator whose
# request count is read before and after every row: the render path must never call POK. Loopback traffic only.
# Settings (environment): SECONDS_EACH (10), WARMUP (15), CERTIFICATES (1000000), CLIENTS ("1 16 64"),
# DATABASES ("postgresql h2"), PROFILE (1: a JFR profile at 64 clients after each database's rows; 0: none),
# PORT (18181; the simulator takes PORT+1).
source "$(dirname "$0")/lib.sh"

SECONDS_EACH=${SECONDS_EACH:-10}
WARMUP=${WARMUP:-15}
CERTIFICATES=${CERTIFICATES:-1000000}
CLIENTS=${CLIENTS:-"1 16 64"}
DATABASES=${DATABASES:-"postgresql h2"}
PORT=${PORT:-18181}
POK_PORT=$((PORT + 1))
COURSES=50
DB=pok_bench_render
H2_FILE="$PWD/target/bench/h2/render"
URL="http://127.0.0.1:$PORT/openedx/webfilters/certificate-render-started?token=$TOKEN"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

# The fill, written once for both databases: a number series, the current UTC time and an md5-like public id are
# the only vendor differences.
# Statuses by id % 100: 0-89 emitted, 90-93 processing, 94-95 waiting for the learner's acceptance, 96 queued,
# 97 failed, 98 held, 99 revoked. Course C0 is disabled. Timestamps are UTC in zone-less columns, as the service stores.
series_pg() { echo "SELECT g AS $1 FROM generate_series($2, $3) AS g"; }
series_h2() { echo "SELECT X AS $1 FROM SYSTEM_RANGE($2, $3)"; }

# fill_sql SERIES_FUNCTION NOW PUBLIC_ID
fill_sql() {
  local series=$1 now=$2 public_id=$3
  cat <<SQL
INSERT INTO course_template (course_key, template_id, emission_type, skip_acceptance, enabled, created_at, modified_at)
SELECT 'course-v1:Bench+C' || c || '+2025', 'tpl-bench', 'pok', TRUE, c <> 0, $now, $now
FROM ($($series c 0 $((COURSES - 1)))) AS courses;

INSERT INTO pok_certificate (public_id, user_id, course_key, username, receiver_name, receiver_email, language_tag,
    mode, grade, pok_credential_id, pok_state, view_url, image_url, image_fetched_at, emission_type, emission_date,
    title, emitter, tags, status, attempts, version, queued_at, created_at, modified_at)
SELECT $public_id, i, 'course-v1:Bench+C' || (i % $COURSES) || '+2025', 'user' || i,
       'Learner ' || i, 'user' || i || '@example.org', 'es-AR', 'verified', 0.87,
       CASE WHEN i % 100 < 96 THEN 'cred-' || i END,
       CASE WHEN i % 100 < 90 THEN 'emitted' WHEN i % 100 < 94 THEN 'processing'
            WHEN i % 100 < 96 THEN 'waitingForApproval' END,
       CASE WHEN i % 100 < 90 THEN 'https://view.pok.example/credential/' || i END,
       CASE WHEN i % 100 < 90 THEN 'https://api.pok.tech/images/' || i || '.png' END,
       CASE WHEN i % 100 < 90 THEN $now END,
       'pok', TIMESTAMP '2025-06-01 14:03:00', 'Bench course ' || (i % $COURSES), 'Bench University',
       'StudentId:' || i,
       CASE WHEN i % 100 < 90 THEN 'EMITTED' WHEN i % 100 < 96 THEN 'PROCESSING' WHEN i % 100 = 96 THEN 'QUEUED'
            WHEN i % 100 = 97 THEN 'FAILED' WHEN i % 100 = 98 THEN 'HELD' ELSE 'REVOKED' END,
       1, 0, $now, $now, $now
FROM ($($series i 1 "$CERTIFICATES")) AS learners;
SQL
}

pok_requests() {
  # The simulator counts its own control API too: only POK operations are counted here.
  curl -fs "http://127.0.0.1:$POK_PORT/_simulator/stats" | python3 -c '
import json, sys
stats = json.load(sys.stdin)
print(stats["requests"] - stats["byOperation"].get("/_simulator/*", 0))'
}

# measure NAME: warm-up, then one table row per client count (with the POK requests made during the row).
measure() {
  echo "$1: JIT warm-up ${WARMUP}s at 16 clients"
  CLIENTS=16 USERS=$CERTIFICATES COURSES=$COURSES wrk -t2 -c16 -d"${WARMUP}s" -s bench/webfilter.lua "$URL" >/dev/null
  local c threads row before after service0 pg0 service1 pg1 requests tick
  tick=$(getconf CLK_TCK)
  for c in $CLIENTS; do
    threads=$((c < 2 ? 1 : 2))
    before=$(pok_requests)
    service0=$(cpu_ticks "$SERVICE_PID")
    pg0=$(cpu_ticks $(postgres_pids))
    row=$(CLIENTS=$c USERS=$CERTIFICATES COURSES=$COURSES \
      wrk -t$threads -c"$c" -d"${SECONDS_EACH}s" -s bench/webfilter.lua "$URL" | tail -n1)
    service1=$(cpu_ticks "$SERVICE_PID")
    pg1=$(cpu_ticks $(postgres_pids))
    after=$(pok_requests)
    requests=$(echo "$row" | awk -F'|' '{print $4 + 0}')
    row="| $1 ${row#| }"
    row="${row%|}| $((after - before)) | $(python3 -c "print('%.3f / %.3f' % (
        ($service1 - $service0) * 1000 / $tick / max($requests, 1), ($pg1 - $pg0) * 1000 / $tick / max($requests, 1)))") |"
    echo "$row"
    ROWS+="$row"$'\n'
  done
}

# profile NAME: a JFR profile of the service under 64 clients (not in the table: JFR itself costs CPU).
profile() {
  local jfr="$PWD/target/bench/render-$1.jfr"
  echo "$1: profiling 10 s at 64 clients"
  jcmd "$SERVICE_PID" JFR.start name=bench settings=default duration=10s filename="$jfr" >/dev/null
  CLIENTS=64 USERS=$CERTIFICATES COURSES=$COURSES wrk -t2 -c64 -d10s -s bench/webfilter.lua "$URL" >/dev/null
  for _ in $(seq 1 50); do [[ -s "$jfr" ]] && break; sleep 0.2; done
  PROFILES+="Service CPU samples at 64 clients on $1 (JFR, 10 s; \`target/bench/render-$1.jfr\`):"$'\n\n'
  PROFILES+="$(jfr print --events jdk.ExecutionSample --stack-depth 96 "$jfr" | python3 bench/jfr-summary.py)"$'\n\n'
}

service_env=(POK_API_URL="http://127.0.0.1:$POK_PORT/" POK_API_KEY="$POK_KEY")
start_simulator "$POK_PORT" 0
ROWS=""
FILLS=""
PROFILES=""
for database in $DATABASES; do
  started=$SECONDS
  case $database in
    postgresql)
      bench_db "$DB"
      start_service render-pg "$PORT" "jdbc:postgresql://127.0.0.1:5432/$DB" "${service_env[@]}"
      echo "filling PostgreSQL with $CERTIFICATES certificates"
      { fill_sql series_pg "now() AT TIME ZONE 'UTC'" "substr(md5(i::text), 1, 22)"; echo "ANALYZE;"; } | sql "$DB"
      ;;
    h2)
      # H2 is embedded: the service creates the schema, stops, the fill runs through H2's own tool, the service
      # starts again on the filled file.
      rm -rf "$(dirname "$H2_FILE")"
      h2_url="jdbc:h2:file:$H2_FILE"
      start_service render-h2 "$PORT" "$h2_url" "${service_env[@]}"
      kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
      echo "filling H2 with $CERTIFICATES certificates"
      fill_sql series_h2 "CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS TIMESTAMP)" \
        "SUBSTRING(LOWER(RAWTOHEX(HASH('MD5', CAST(i AS VARCHAR)))), 1, 22)" >target/bench/render-h2-fill.sql
      java -Dloader.main=org.h2.tools.RunScript -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
        -url "$h2_url" -user postgres -script target/bench/render-h2-fill.sql
      start_service render-h2 "$PORT" "$h2_url" "${service_env[@]}"
      ;;
    *) echo "unknown database $database (postgresql or h2)" >&2; exit 1 ;;
  esac
  FILLS+="- $database: $CERTIFICATES certificates filled and the service ready in $((SECONDS - started)) s"$'\n'
  measure "$database"
  [[ "${PROFILE:-1}" == 1 ]] && profile "$database"
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
done

write_section render-bench <<MD
<!-- render-bench:start -->
## Render webfilter

\`POST /openedx/webfilters/certificate-render-started\` with a realistic Open edX render payload (about 2.5 KB), with
$CERTIFICATES certificates in the database ($COURSES courses; 90 % emitted, the rest queued, processing, waiting for
acceptance, failed, held or revoked) and 10 % of views for learners without a certificate. Closed loop (wrk): each
client sends its next request when the previous answer arrives; random learners, so most views render a page that is
not in the page cache; ${SECONDS_EACH} s per row after a ${WARMUP} s JIT warm-up. The service points at a POK
simulator: the last column is the number of POK requests made during the row (must be 0).

$(machine_lines)
$FILLS- Reproduce: \`bench/render-bench.sh\` (\`SECONDS_EACH\`, \`WARMUP\`, \`CERTIFICATES\`, \`CLIENTS\`, \`DATABASES\`)

| database / clients | seconds | requests | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | answers | POK requests | CPU ms per request: service / PostgreSQL |
|---|---|---|---|---|---|---|---|---|---|---|---|
${ROWS%$'\n'}

${PROFILES%$'\n\n'}

"certificate page" and "status page" are \`RenderCustomResponse\` answers with the rendered HTML; "{}" covers
learners without a certificate and the disabled course; "invalid" is \`RenderAlternativeInvalidCertificate\`.
<!-- render-bench:end -->
MD
