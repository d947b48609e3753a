#!/usr/bin/env bash
# The certificates list with 1,000,000 rows on PostgreSQL: how long the first and the last page take, through the
# service's REST API (what the console does) and as SQL with EXPLAIN ANALYZE. See docs/benchmarks.md.
#
# Needs: PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth), psql, curl, Java 17.
# Creates the database pok_bench_admin, fills it, runs the service on port $BENCH_PORT, measures, drops it all.
#
#   bench/admin-list-bench.sh            # 1,000,000 rows
#   ROWS=100000 bench/admin-list-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-20}
DB=pok_bench_admin
BENCH_PORT=${BENCH_PORT:-18090}
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)
BASE="http://127.0.0.1:$BENCH_PORT"
# A throw-away token for this throw-away database: only its SHA-256 is stored, as the service does.
TOKEN="pok_bench0000000000000000000000000000000000000"
APP_PID=

cleanup() {
    if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The demo jar: this benchmark's service runs in demo mode, and the production jar has no simulator.
JAR=$(ls service/target/openedx-pok-*-demo.jar 2>/dev/null | head -1 || true)
if [ -z "$JAR" ]; then
    ./mvnw -q -B -DskipTests -Pdemo package
    JAR=$(ls service/target/openedx-pok-*-demo.jar | head -1)
fi

start_service() {
    DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" DATABASE_USERNAME=postgres DATABASE_PASSWORD= \
    POK_ADMIN_USERNAME=bench POK_ADMIN_PASSWORD=bench-password-not-secret PORT=$BENCH_PORT \
        java -Xmx512m -jar "$JAR" > target/admin-list-bench-service.log 2>&1 &
    APP_PID=$!
    for _ in $(seq 1 120); do
        curl -sf "$BASE/actuator/health" >/dev/null && return 0
        sleep 1
    done
    echo "the service did not start; see target/admin-list-bench-service.log" >&2
    exit 1
}

stop_service() {
    kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
}

echo "== creating $DB and its schema (Flyway, through the service)"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB ENCODING 'UTF8'"
start_service
stop_service

echo "== filling $ROWS certificates (and an EMITTED history line for 90% of them)"
time "${PSQL[@]}" -d $DB <<SQL
INSERT INTO pok_certificate (public_id, user_id, course_key, username, receiver_name, receiver_email, language_tag,
    mode, grade, pok_credential_id, pok_state, emission_type, title, emitter, status, attempts, queued_at, last_error,
    version, created_at, modified_at)
SELECT md5(g::text), g, 'course-v1:BenchX+C' || (g % 50) || '+2026', 'user' || g, 'Learner ' || g,
    'user' || g || '@example.org', 'en-US', 'verified', 0.9,
    CASE WHEN g % 100 < 90 THEN md5('credential' || g) END,
    CASE WHEN g % 100 < 90 THEN 'emitted' END,
    CASE WHEN g % 10 = 0 THEN 'blockchain' ELSE 'pok' END, 'Bench course', 'Bench University',
    CASE WHEN g % 100 < 90 THEN 'EMITTED' WHEN g % 100 < 95 THEN 'FAILED' WHEN g % 100 < 98 THEN 'HELD'
         ELSE 'REVOKED' END,
    1, ts, CASE WHEN g % 100 BETWEEN 90 AND 97 THEN 'bench' END, 0, ts, ts
FROM (SELECT g, (now() AT TIME ZONE 'UTC') - (($ROWS - g) * interval '30 seconds') AS ts
      FROM generate_series(1, $ROWS) g) s;
INSERT INTO certificate_event (certificate_id, occurred_at, actor, kind, from_status, to_status, detail)
SELECT id, created_at, 'worker', 'EMITTED', 'PROCESSING', 'EMITTED', NULL FROM pok_certificate WHERE status = 'EMITTED';
VACUUM ANALYZE pok_certificate;
VACUUM ANALYZE certificate_event;
SQL

echo "== the SQL of the first and the last page (what CertificateRepository.page sends), EXPLAIN ANALYZE"
COLUMNS="id, public_id, user_id, course_key, username, receiver_name, receiver_email, language_tag, mode, grade, pok_credential_id, pok_state, view_url, image_url, image_fetched_at, emission_type, emission_date, title, emitter, tags, page_id, status, attempts, queued_at, next_attempt_at, last_error, version, created_at, modified_at"
explain() {
    echo "-- $1"
    "${PSQL[@]}" -d $DB -c "EXPLAIN (ANALYZE, BUFFERS) $2" | grep -E "Limit|Index|Scan|Sort|Aggregate|Execution Time"
}
explain "first page" "SELECT $COLUMNS FROM pok_certificate ORDER BY id DESC LIMIT 51"
explain "last page" "SELECT $COLUMNS FROM pok_certificate ORDER BY id ASC LIMIT 51"
explain "capped count" "SELECT COUNT(*) FROM (SELECT id FROM pok_certificate LIMIT 10000) capped"
explain "FAILED, first page" "SELECT $COLUMNS FROM pok_certificate WHERE status IN ('FAILED') ORDER BY id DESC LIMIT 51"
explain "FAILED, last page" "SELECT $COLUMNS FROM pok_certificate WHERE status IN ('FAILED') ORDER BY id ASC LIMIT 51"
explain "dashboard: counts by status" "SELECT status, COUNT(*) AS n FROM pok_certificate GROUP BY status"
explain "dashboard: 30 days" "SELECT CAST(occurred_at AS DATE) AS event_day, kind, COUNT(*) AS n FROM certificate_event WHERE occurred_at >= (now() AT TIME ZONE 'UTC') - interval '30 days' AND kind IN ('REQUESTED', 'EMITTED') GROUP BY CAST(occurred_at AS DATE), kind"
explain "search 'user12345'" "SELECT $COLUMNS FROM pok_certificate WHERE (username LIKE 'user12345%' ESCAPE '!' OR receiver_email LIKE 'user12345%' ESCAPE '!' OR course_key LIKE 'user12345%' ESCAPE '!' OR pok_credential_id LIKE 'user12345%' ESCAPE '!') ORDER BY id DESC LIMIT 51"

echo "== through the service (REST API, the same queries as the console), $RUNS runs each after a warm-up"
start_service
"${PSQL[@]}" -d $DB -c "INSERT INTO api_token (operator_id, name, token_hash, prefix, created_at)
    SELECT id, 'bench', encode(sha256('$TOKEN'::bytea), 'hex'), 'pok_bench', now() FROM operator_account
    WHERE username = 'bench'"
measure() {
    local name=$1 path=$2
    for _ in 1 2 3 4 5; do curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE$path"; done
    for _ in $(seq 1 "$RUNS"); do
        curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$BASE$path"
    done | sort -n | awk -v name="$name" '{ t[NR] = $1 * 1000 } END {
        printf "%-28s median %6.1f ms   p90 %6.1f ms   max %6.1f ms\n", name, t[int((NR + 1) / 2)],
            t[int(NR * 0.9)], t[NR] }'
}
measure "first page"             "/api/v1/certificates"
measure "last page"              "/api/v1/certificates?last=true"
measure "page 2 (older than)"    "/api/v1/certificates?before=$((ROWS - 50))"
measure "FAILED, first page"     "/api/v1/certificates?status=FAILED"
measure "FAILED, last page"      "/api/v1/certificates?status=FAILED&last=true"
measure "search username prefix" "/api/v1/certificates?q=user12345"
measure "search email"           "/api/v1/certificates?q=user777777@example.org"
measure "course filter"          "/api/v1/certificates?course=course-v1:BenchX%2BC7%2B2026"
measure "dashboard"              "/api/v1/dashboard"
echo "== done (the database is dropped on exit)"
