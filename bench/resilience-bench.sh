#!/usr/bin/env bash
# Resilience benchmark (issue #8, items 6 and 8): nothing Open edX was told about is lost, nothing is issued twice
# outside UNCERTAIN, and everything reaches a final state, while
#   part 1: POK fails (30% 5xx, 5% 429, 5% timeouts, 2% resets after the body) and the service is SIGKILLed twice;
#   part 2: PostgreSQL is stopped and started again under the service, with requests and issuance in flight.
#
#   bench/resilience-bench.sh      # build if needed, run both parts, update docs/benchmarks.md (resilience-bench)
#
# Needs: Java 17, PostgreSQL 15 on 127.0.0.1:5432 (user postgres, trust auth; part 1's database
# pok_bench_resilience is created and dropped here), its server binaries in /usr/lib/postgresql/15/bin and root
# (part 2 runs its own throwaway cluster as the postgres user on port 18432, under target/bench, removed at exit:
# the shared server is never restarted). Ports 18400-18432, loopback only.
# Settings (environment): CERTIFICATES (10000), CLIENTS (8), PG_CERTIFICATES (2000), PG_RATE (100 requests/s),
# PG_DOWN_SECONDS (5), FINAL_TIMEOUT (600 s per wait for final states), CONCURRENCY (POK_MAX_CONCURRENCY in part 1, 64:
# a timed-out POK request holds its worker thread for POK_TIMEOUT, and 5% of some 45,000 requests time out).
source "$(dirname "$0")/lib.sh"

CERTIFICATES=${CERTIFICATES:-10000}
CLIENTS=${CLIENTS:-8}
PG_CERTIFICATES=${PG_CERTIFICATES:-2000}
PG_RATE=${PG_RATE:-100}
PG_DOWN_SECONDS=${PG_DOWN_SECONDS:-5}
FINAL_TIMEOUT=${FINAL_TIMEOUT:-600}
CONCURRENCY=${CONCURRENCY:-64}
PORT=18400
SIM_PORT=18401
PG_SERVICE_PORT=18402
PG_PORT=18432
DB=pok_bench_resilience
PG_DB=pok_bench_resilience_pg
PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR=$PWD/target/bench/pg-resilience
PG_LOG=$PWD/target/bench/pg-resilience.log
COURSES=10
OUT=target/bench
FINAL="'EMITTED', 'FAILED', 'HELD', 'REVOKED'"
# POK_TIMEOUT 2 s and a 2.5 s hold: a timeout costs a worker 2 s instead of 30. The other values make every retry,
# re-submission of an UNCERTAIN certificate and poll happen within seconds instead of minutes; the maximum age is long
# enough that retries never run out during the run (a FAILED certificate would then be the service's doing).
TUNING=(POK_TIMEOUT=2 POK_RETRY_BASE_DELAY=1s POK_RETRY_MAX_DELAY=4s POK_RETRY_MAX_AGE=1h POK_UNCERTAIN_POLICY_POK=retry
  POK_UNCERTAIN_RETRY_DELAY=2s POK_POLL_MAX_DELAY=2s)
SERVICE=(POK_API_URL="http://127.0.0.1:$SIM_PORT/" POK_API_KEY=$POK_KEY POK_ADMIN_USERNAME=bench
  POK_ADMIN_PASSWORD=bench-password-0123 POK_MAX_CONCURRENCY=$CONCURRENCY POK_MAX_REQUESTS_PER_SECOND=1000)
FAULTS='{"serverErrorRate": 0.30, "throttleRate": 0.05, "retryAfterSeconds": 1, "timeoutRate": 0.05,
  "timeoutMs": 2500, "resetRate": 0.02, "seed": 8}'
PSQL_PG=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
PG_CREATED=""
SAMPLER_PID=""
BEGAN=$SECONDS

# The throwaway cluster goes with everything else at exit, whatever the exit.
resilience_cleanup() {
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  bench_cleanup
  if [[ -n "$PG_CREATED" ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
trap resilience_cleanup EXIT

now_ms() { date +%s%3N; }

# Logs and answers of this script only (start_service appends); a cluster a killed earlier run left behind is stopped.
if [[ -f "$PG_DIR/postmaster.pid" ]]; then
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR" -m immediate stop >/dev/null 2>&1 || true
fi
rm -rf "$PG_DIR" "$OUT"/resilience-* "$OUT"/pg-resilience*

# The last count of answered requests the load driver printed.
driver_ok() {
  local v
  v=$(grep -o 'ok=[0-9]*' "$1" 2>/dev/null | tail -n1 | cut -d= -f2 || true)
  echo "${v:-0}"
}

# count_final PSQL_ARGS…: certificates in a final state.
count_final() {
  "$@" -Atc "SELECT count(*) FROM pok_certificate WHERE status IN ($FINAL)"
}

# wait_until SECONDS DESCRIPTION COMMAND…: until COMMAND succeeds; false (and a message) after SECONDS.
wait_until() {
  local limit=$1 what=$2
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@"; do
    if ((SECONDS > deadline)); then echo "timed out after ${limit}s waiting for: $what" >&2; return 1; fi
    sleep 1
  done
}

course_templates() {
  course_templates_sql "$COURSES" | "$@"
}

# status_rows PSQL_ARGS…: "| STATUS | n |" lines, by status.
status_rows() {
  "$@" -At -F ' | ' -c "SELECT status, count(*) FROM pok_certificate GROUP BY status ORDER BY count(*) DESC" |
    sed 's/^/| /; s/$/ |/'
}

# driver_summary LOG KEY: a value of the driver's final "summary" line.
driver_summary() {
  grep '^summary ' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# kill_and_restart N: SIGKILL the service (no shutdown hook, no graceful anything), note which certificates the dead
# instance left SUBMITTING (the database cannot change under it any more), start it again on the same database as
# resilience-(N+1). Sets INFLIGHT (that count) and DOWN_MS (kill until ready again).
kill_and_restart() {
  local killed_at
  killed_at=$(now_ms)
  kill -9 "$SERVICE_PID"
  wait "$SERVICE_PID" 2>/dev/null || true
  "${PSQL[@]}" -d "$DB" -Atc "SELECT id FROM pok_certificate WHERE status = 'SUBMITTING' ORDER BY id" \
    >"$OUT/resilience-kill$1-submitting.txt"
  "${PSQL[@]}" -d "$DB" -Atc "SELECT coalesce(max(id), 0) FROM certificate_event" >"$OUT/resilience-kill$1-last-event.txt"
  INFLIGHT=$(wc -l <"$OUT/resilience-kill$1-submitting.txt")
  start_service "resilience-$(($1 + 1))" "$PORT" "jdbc:postgresql://127.0.0.1:5432/$DB" "${SERVICE[@]}" "${TUNING[@]}"
  DOWN_MS=$(($(now_ms) - killed_at))
}

# after_kill N: what became of the certificates kill N left SUBMITTING: "n× STATUS (detail)" of their first move out
# of SUBMITTING after the kill.
after_kill() {
  local last_event
  last_event=$(cat "$OUT/resilience-kill$1-last-event.txt")
  "${PSQL[@]}" -d "$DB" -At <<SQL
CREATE TEMP TABLE left_submitting (id BIGINT);
\copy left_submitting FROM '$OUT/resilience-kill$1-submitting.txt'
SELECT coalesce(string_agg(n || '× ' || outcome, ', ' ORDER BY n DESC), 'none') FROM (
  SELECT outcome, count(*) AS n FROM (
    SELECT (SELECT e.to_status || ' (' || split_part(e.detail, ';', 1) || ')' FROM certificate_event e
            WHERE e.certificate_id = l.id AND e.from_status = 'SUBMITTING' AND e.id > $last_event
            ORDER BY e.id LIMIT 1) AS outcome
    FROM left_submitting l) o GROUP BY outcome) g;
SQL
}

# ---------------------------------------------------------------------------------------------------------------
echo "== part 1: $CERTIFICATES certificates, POK failing, the service SIGKILLed twice"
start_simulator "$SIM_PORT" 200
simulator_faults "$SIM_PORT" "$FAULTS"
bench_db "$DB"
start_service resilience-1 "$PORT" "jdbc:postgresql://127.0.0.1:5432/$DB" "${SERVICE[@]}" "${TUNING[@]}"
course_templates sql "$DB"
URL="http://127.0.0.1:$PORT/openedx/webfilters/certificate-creation-requested?token=$TOKEN"
P1_START=$SECONDS
java bench/ResilienceLoad.java "$URL" 2000000 "$CERTIFICATES" "$CLIENTS" 0 "$COURSES" "$OUT/resilience-load" \
  "$FINAL_TIMEOUT" >"$OUT/resilience-load.log" 2>&1 &
DRIVER_PID=$!
BENCH_PIDS+=("$DRIVER_PID")

third=$((CERTIFICATES / 3))
answered_third() { (($(driver_ok "$OUT/resilience-load.log") >= third)); }
wait_until "$FINAL_TIMEOUT" "$third requests answered" answered_third
KILL1_AT=$((SECONDS - P1_START))
KILL1_ANSWERED=$(driver_ok "$OUT/resilience-load.log")
KILL1_FINAL=$(count_final "${PSQL[@]}" -d "$DB")
kill_and_restart 1
KILL1_INFLIGHT=$INFLIGHT
KILL1_DOWN=$DOWN_MS
echo "kill 1 at ${KILL1_AT}s: $KILL1_ANSWERED requests answered, $KILL1_FINAL certificates final, $KILL1_INFLIGHT SUBMITTING"

two_thirds=$((2 * CERTIFICATES / 3))
final_two_thirds() { (($(count_final "${PSQL[@]}" -d "$DB") >= two_thirds)); }
wait_until "$FINAL_TIMEOUT" "$two_thirds certificates final" final_two_thirds
KILL2_AT=$((SECONDS - P1_START))
KILL2_ANSWERED=$(driver_ok "$OUT/resilience-load.log")
KILL2_FINAL=$(count_final "${PSQL[@]}" -d "$DB")
kill -0 "$DRIVER_PID" 2>/dev/null && KILL2_ACCEPTING="yes" || KILL2_ACCEPTING="no (all answered)"
kill_and_restart 2
KILL2_INFLIGHT=$INFLIGHT
KILL2_DOWN=$DOWN_MS
echo "kill 2 at ${KILL2_AT}s: $KILL2_ANSWERED requests answered, $KILL2_FINAL certificates final, $KILL2_INFLIGHT SUBMITTING"

wait "$DRIVER_PID" || echo "the load driver failed; see $OUT/resilience-load.log" >&2
P1_ACCEPT_SECONDS=$(driver_summary "$OUT/resilience-load.log" seconds)
all_final() { (($(count_final "${PSQL[@]}" -d "$DB") >= CERTIFICATES)); }
P1_COMPLETE="yes"
wait_until "$FINAL_TIMEOUT" "all $CERTIFICATES certificates final" all_final || P1_COMPLETE="no"
P1_SECONDS=$((SECONDS - P1_START))
echo "part 1: ${P1_SECONDS}s"

# What Open edX was told, against what the database holds. "Lost" = answered 200 {} but no certificate row.
curl -fs "http://127.0.0.1:$SIM_PORT/_simulator/duplicates" |
  python3 -c 'import json, sys; [print(k, v) for k, v in json.load(sys.stdin)["receivers"].items()]' \
    >"$OUT/resilience-duplicates.txt"
curl -fs "http://127.0.0.1:$SIM_PORT/_simulator/stats" >"$OUT/resilience-simulator-stats.json"
# (Into a file first: psql must have finished the \copy at the end before its output is read.)
"${PSQL[@]}" -d "$DB" -At >"$OUT/resilience-checks.txt" <<SQL
CREATE TEMP TABLE answered (user_id BIGINT, at_ms BIGINT, latency_ms BIGINT, attempts INT);
\copy answered FROM '$OUT/resilience-load-ok.txt' WITH (DELIMITER ' ')
CREATE TEMP TABLE duplicate (identification TEXT, credentials INT);
\copy duplicate FROM '$OUT/resilience-duplicates.txt' WITH (DELIMITER ' ')
CREATE TEMP VIEW through_uncertain AS
  SELECT DISTINCT certificate_id FROM certificate_event WHERE to_status = 'UNCERTAIN';
CREATE TEMP VIEW duplicate_certificate AS
  SELECT d.identification, d.credentials, c.id, c.status,
         EXISTS (SELECT 1 FROM through_uncertain u WHERE u.certificate_id = c.id) AS uncertain
  FROM duplicate d LEFT JOIN pok_certificate c ON c.user_id::text = d.identification;
SELECT (SELECT count(*) FROM pok_certificate),
       (SELECT count(DISTINCT user_id) FROM answered),
       (SELECT count(*) FROM answered a WHERE NOT EXISTS (SELECT 1 FROM pok_certificate c WHERE c.user_id = a.user_id)),
       (SELECT count(*) FROM pok_certificate c WHERE NOT EXISTS (SELECT 1 FROM answered a WHERE a.user_id = c.user_id)),
       (SELECT count(*) FROM through_uncertain),
       (SELECT count(DISTINCT certificate_id) FROM certificate_event
         WHERE to_status = 'UNCERTAIN' AND detail LIKE 'The service stopped%'),
       (SELECT count(DISTINCT certificate_id) FROM certificate_event
         WHERE to_status = 'UNCERTAIN' AND detail LIKE 'The request may have reached POK%'),
       (SELECT count(*) FROM duplicate_certificate),
       (SELECT count(*) FROM duplicate_certificate WHERE uncertain),
       (SELECT count(*) FROM duplicate_certificate WHERE NOT uncertain OR id IS NULL),
       (SELECT coalesce(sum(credentials - 1), 0) FROM duplicate_certificate),
       (SELECT count(*) FROM pok_certificate WHERE pok_credential_id IS NOT NULL);
\copy (SELECT identification, credentials, coalesce(id::text, '-'), coalesce(status, '-'), uncertain FROM duplicate_certificate ORDER BY identification::bigint) TO '$OUT/resilience-duplicates-joined.txt' WITH (DELIMITER ' ')
SQL
IFS='|' read -r P1_ROWS P1_OK_IDS P1_LOST P1_UNANSWERED_ROWS P1_UNCERTAIN P1_UNCERTAIN_CRASH P1_UNCERTAIN_POK \
  P1_DUP P1_DUP_UNCERTAIN P1_DUP_OUTSIDE P1_DUP_EXTRA P1_CREDENTIAL_ROWS <"$OUT/resilience-checks.txt"
P1_STATUS_ROWS=$(status_rows "${PSQL[@]}" -d "$DB")
KILL1_FATE=$(after_kill 1)
KILL2_FATE=$(after_kill 2)
P1_NOT_FINAL=$((P1_ROWS - $(count_final "${PSQL[@]}" -d "$DB")))
P1_NOT_FINAL_ROWS=""
if ((P1_NOT_FINAL > 0)); then
  P1_NOT_FINAL_ROWS=$("${PSQL[@]}" -d "$DB" -At -F ', ' -c "SELECT id, status, attempts, next_attempt_at, last_error
    FROM pok_certificate WHERE status NOT IN ($FINAL) ORDER BY id LIMIT 20")
fi
P1_DUP_DISTRIBUTION=$(awk '{n[$2]++} END {for (k in n) {printf "%s%d learners with %d credentials", sep, n[k], k; sep="; "}}' \
  "$OUT/resilience-duplicates.txt")
P1_DUP_EXAMPLES=$(awk '$5 == "t" {printf "%s%s (%d)", sep, $1, $2; sep=", "; if (++i == 10) exit}' \
  "$OUT/resilience-duplicates-joined.txt")
P1_DUP_OUTSIDE_LIST=$(awk '$5 != "t" {printf "%s%s (%d credentials, certificate %s, %s)", sep, $1, $2, $3, $4; sep=", "}' \
  "$OUT/resilience-duplicates-joined.txt")
read -r SIM_CREDENTIALS SIM_REQUESTS SIM_FAULTS SIM_POSTS < <(python3 - "$OUT/resilience-simulator-stats.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
faults = ", ".join(f"{k.lower().replace('_', ' ')} {v}" for k, v in s["byFault"].items() if k != "NONE")
print(s["credentials"], s["requests"], faults.replace(" ", "_"), s["byOperation"].get("POST /credential", 0))
PY
)
P1_SENT=$(driver_summary "$OUT/resilience-load.log" sent)
P1_ERRORS=$(driver_summary "$OUT/resilience-load.log" errors)
P1_KINDS=$(driver_summary "$OUT/resilience-load.log" kinds | tr '_' ' ')
P1_GAVE_UP=$(driver_summary "$OUT/resilience-load.log" gave_up)
P1_RETRIED=$(awk '$4 > 1' "$OUT/resilience-load-ok.txt" | wc -l)
kill "$SERVICE_PID" 2>/dev/null || true
wait "$SERVICE_PID" 2>/dev/null || true

# ---------------------------------------------------------------------------------------------------------------
echo "== part 2: $PG_CERTIFICATES certificates, PostgreSQL (a throwaway cluster on $PG_PORT) stopped and started"
curl -fs -X POST "http://127.0.0.1:$SIM_PORT/_simulator/reset" >/dev/null
rm -rf "$PG_DIR"
mkdir -p "$PG_DIR"
PG_CREATED=yes
chown postgres "$PG_DIR"
chmod 700 "$PG_DIR"
: >"$PG_LOG"
chown postgres "$PG_LOG"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR" -A trust -U postgres -E UTF8 --no-locale --no-sync \
  >"$OUT/pg-resilience-initdb.log" 2>&1
pg_ctl_start() {
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_LOG" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null
}
pg_ctl_start
PG_VERSION=$("${PSQL_PG[@]}" -d postgres -Atc "SHOW server_version")
"${PSQL_PG[@]}" -d postgres -c "CREATE DATABASE $PG_DB ENCODING 'UTF8'"
start_service resilience-pg "$PG_SERVICE_PORT" "jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB" "${SERVICE[@]}" \
  "${TUNING[@]}" POK_MAX_CONCURRENCY=16
course_templates "${PSQL_PG[@]}" -d "$PG_DB"

# Readiness and overall health (which includes the database) every 200 ms: "epoch_ms readiness_code health_code".
(
  while true; do
    r=$(curl -s -o /dev/null -w '%{http_code}' -m 1 "http://127.0.0.1:$PG_SERVICE_PORT/actuator/health/readiness" || true)
    h=$(curl -s -o /dev/null -w '%{http_code}' -m 1 "http://127.0.0.1:$PG_SERVICE_PORT/actuator/health" || true)
    echo "$(now_ms) $r $h"
    sleep 0.2
  done
) >"$OUT/resilience-pg-health.txt" 2>/dev/null &
SAMPLER_PID=$!
BENCH_PIDS+=("$SAMPLER_PID")

PG_URL="http://127.0.0.1:$PG_SERVICE_PORT/openedx/webfilters/certificate-creation-requested?token=$TOKEN"
P2_START=$SECONDS
java bench/ResilienceLoad.java "$PG_URL" 3000000 "$PG_CERTIFICATES" "$CLIENTS" "$PG_RATE" "$COURSES" \
  "$OUT/resilience-pg-load" "$FINAL_TIMEOUT" >"$OUT/resilience-pg-load.log" 2>&1 &
DRIVER_PID=$!
BENCH_PIDS+=("$DRIVER_PID")
pg_third=$((PG_CERTIFICATES / 3))
pg_answered_third() { (($(driver_ok "$OUT/resilience-pg-load.log") >= pg_third)); }
wait_until "$FINAL_TIMEOUT" "$pg_third requests answered" pg_answered_third
STOP_ANSWERED=$(driver_ok "$OUT/resilience-pg-load.log")
STOP_STATES=$("${PSQL_PG[@]}" -d "$PG_DB" -At -F ' ' -c "SELECT status, count(*) FROM pok_certificate
  WHERE status NOT IN ($FINAL) GROUP BY status ORDER BY status" | paste -sd ',' | sed 's/,/, /g')
STOPPED_AT=$(now_ms)
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null
STOP_DONE=$(now_ms)
echo "PostgreSQL stopped after $STOP_ANSWERED answers (in progress: ${STOP_STATES:-none}); down for ${PG_DOWN_SECONDS}s"
sleep "$PG_DOWN_SECONDS"
pg_ctl_start
STARTED_AT=$(now_ms)

wait "$DRIVER_PID" || echo "the load driver failed; see $OUT/resilience-pg-load.log" >&2
all_emitted() { (($("${PSQL_PG[@]}" -d "$PG_DB" -Atc "SELECT count(*) FROM pok_certificate WHERE status = 'EMITTED'") >= PG_CERTIFICATES)); }
P2_COMPLETE="yes"
wait_until "$FINAL_TIMEOUT" "all $PG_CERTIFICATES certificates EMITTED" all_emitted || P2_COMPLETE="no"
P2_SECONDS=$((SECONDS - P2_START))
sleep 1
kill "$SAMPLER_PID" 2>/dev/null || true
curl -fs "http://127.0.0.1:$SIM_PORT/_simulator/duplicates" |
  python3 -c 'import json, sys; [print(k, v) for k, v in json.load(sys.stdin)["receivers"].items()]' \
    >"$OUT/resilience-pg-duplicates.txt"

"${PSQL_PG[@]}" -d "$PG_DB" -At >"$OUT/resilience-pg-checks.txt" <<SQL
CREATE TEMP TABLE answered (user_id BIGINT, at_ms BIGINT, latency_ms BIGINT, attempts INT);
\copy answered FROM '$OUT/resilience-pg-load-ok.txt' WITH (DELIMITER ' ')
CREATE TEMP TABLE duplicate (identification TEXT, credentials INT);
\copy duplicate FROM '$OUT/resilience-pg-duplicates.txt' WITH (DELIMITER ' ')
SELECT (SELECT count(*) FROM pok_certificate),
       (SELECT count(DISTINCT user_id) FROM answered),
       (SELECT count(*) FROM answered a WHERE NOT EXISTS (SELECT 1 FROM pok_certificate c WHERE c.user_id = a.user_id)),
       (SELECT count(*) FROM pok_certificate c WHERE NOT EXISTS (SELECT 1 FROM answered a WHERE a.user_id = c.user_id)),
       (SELECT count(DISTINCT certificate_id) FROM certificate_event WHERE to_status = 'UNCERTAIN'),
       (SELECT count(*) FROM duplicate),
       (SELECT count(*) FROM duplicate d WHERE NOT EXISTS (SELECT 1 FROM pok_certificate c
          JOIN certificate_event e ON e.certificate_id = c.id AND e.to_status = 'UNCERTAIN'
          WHERE c.user_id::text = d.identification));
SQL
IFS='|' read -r P2_ROWS P2_OK_IDS P2_LOST P2_UNANSWERED_ROWS P2_UNCERTAIN P2_DUP P2_DUP_OUTSIDE <"$OUT/resilience-pg-checks.txt"
P2_STATUS=$("${PSQL_PG[@]}" -d "$PG_DB" -Atc "SELECT string_agg(status || ' ' || n, ', ' ORDER BY n DESC)
  FROM (SELECT status, count(*) AS n FROM pok_certificate GROUP BY status) s")
P2_SENT=$(driver_summary "$OUT/resilience-pg-load.log" sent)
P2_ERRORS=$(driver_summary "$OUT/resilience-pg-load.log" errors)
P2_KINDS=$(driver_summary "$OUT/resilience-pg-load.log" kinds | tr '_' ' ')
# The outage as Open edX and a load balancer saw it, from the driver's answers and the health samples.
read -r FIRST_ERROR LAST_ERROR OUTAGE MAX_OK_LATENCY FIRST_OK_AFTER < <(python3 - "$OUT" "$STOPPED_AT" "$STARTED_AT" <<'PY'
import sys
out, stopped, started = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
errors = [int(l.split()[0]) for l in open(f"{out}/resilience-pg-load-errors.txt") if l.strip()]
oks = [tuple(map(int, l.split()[1:3])) for l in open(f"{out}/resilience-pg-load-ok.txt") if l.strip()]
# Answers that arrived after PostgreSQL was back, for requests sent after it was back: the service serving again.
after = [at for at, latency in oks if at - latency >= started]
during = [latency for at, latency in oks if at - latency < started and at >= stopped]
fmt = lambda v: "-" if v is None else f"{v / 1000:.1f}"
print(fmt(min(errors) - stopped if errors else None), fmt(max(errors) - stopped if errors else None), fmt(started - stopped),
      fmt(max(during) if during else None), fmt(min(after) - started if after else None))
PY
)
read -r SAMPLES READY_DOWN HEALTH_DOWN HEALTH_DOWN_SPAN HEALTH_UP_AFTER < <(python3 - "$OUT/resilience-pg-health.txt" \
  "$STOPPED_AT" "$STARTED_AT" <<'PY'
import sys
path, stopped, started = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
samples = [(int(t), r, h) for t, r, h in (l.split() for l in open(path) if len(l.split()) == 3)]
window = [s for s in samples if s[0] >= stopped]
ready_down = sum(1 for s in window if s[1] != "200")
health_down = [s for s in window if s[2] != "200"]
# Healthy again: the first sample after the start from which health stays 200.
up = None
for t, r, h in window:
    if t >= started:
        up = (up or t) if h == "200" else None
span = f"{(health_down[-1][0] - health_down[0][0]) / 1000:.1f}" if health_down else "0"
print(len(window), ready_down, len(health_down), span, "-" if up is None else f"{(up - started) / 1000:.1f}")
PY
)
P2_HTTP_STATUS=$(awk '{print $3}' "$OUT/resilience-pg-load-errors.txt" | sort | uniq -c |
  awk '{printf "%s%s × %d", sep, $2, $1; sep=", "}' | tr '_' ' ')
P2_ERROR_BODY=$(awk '$3 ~ /^http/ {$1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print; exit}' "$OUT/resilience-pg-load-errors.txt")

ELAPSED=$((SECONDS - BEGAN))
echo "elapsed: ${ELAPSED}s"
# ---------------------------------------------------------------------------------------------------------------
{
  cat <<MD
<!-- resilience-bench:start -->
## Resilience: POK failing, the service SIGKILLed, PostgreSQL restarted

**Question:** when POK fails in every way it can, the service is killed without warning and its database goes away
for a while, is any certificate Open edX was told about lost, issued twice outside \`UNCERTAIN\`, or left stuck?

The load comes from \`bench/ResilienceLoad.java\` (its own process): $CLIENTS clients in a closed loop post a realistic
"certificate creation requested" payload (about 1 KB), one new learner and course per request, to the real creation
webfilter. A request not answered \`200 {}\` (connection refused while the service restarts, an error while the
database is down) is sent again until it is, as Open edX's \`certificate.created\` webhook would give the
certificate a second chance; every answer is written down. **Lost** means: Open edX got \`200 {}\` for a learner and
the database has no certificate for them. Course templates: $COURSES courses, template \`demo-template\`, emission \`pok\`,
skip acceptance, enabled. The POK simulator runs as its own process (credentials emitted 200 ms after creation).
**Duplicates** are counted by POK itself: \`GET /_simulator/duplicates\` lists every receiver (\`identification\` =
the Open edX user id; here one course per learner, so one certificate per receiver) holding more than one
credential, joined with the certificate's history (\`certificate_event.to_status = 'UNCERTAIN'\`).

$(machine_lines)
- Reproduce: \`bench/resilience-bench.sh\` (\`CERTIFICATES\`=$CERTIFICATES, \`CLIENTS\`=$CLIENTS,
  \`PG_CERTIFICATES\`=$PG_CERTIFICATES, \`PG_RATE\`=$PG_RATE, \`PG_DOWN_SECONDS\`=$PG_DOWN_SECONDS,
  \`FINAL_TIMEOUT\`=$FINAL_TIMEOUT); logs in \`target/bench/resilience-*.log\`, the duplicate list in
  \`target/bench/resilience-duplicates-joined.txt\`
- Service settings (both parts): \`POK_TIMEOUT=2\`, \`POK_RETRY_BASE_DELAY=1s\`, \`POK_RETRY_MAX_DELAY=4s\`,
  \`POK_RETRY_MAX_AGE=1h\`, \`POK_UNCERTAIN_POLICY_POK=retry\`, \`POK_UNCERTAIN_RETRY_DELAY=2s\`,
  \`POK_POLL_MAX_DELAY=2s\`, \`POK_MAX_REQUESTS_PER_SECOND=1000\`, \`POK_MAX_CONCURRENCY=$CONCURRENCY\` (16 in part 2); the
  defaults (10 s, 15 m, 24 h, 5 m, 5 m) would stretch the same run over hours
- Run time of the script: ${ELAPSED} s

### Part 1: $CERTIFICATES certificates, POK failing, two SIGKILLs

POK fault plan on every operation (\`POST /_simulator/faults\`): 30% \`500\` and 5% \`429\` (\`Retry-After: 1\`),
not processed; 5% processed then held unanswered for 2.5 s (a timeout for the service); 2% processed then reset
after the whole body was read (the credential exists, the answer is lost); seed 8.

| event | at | requests answered | certificates final | left \`SUBMITTING\` | down (kill → ready) |
|---|---|---|---|---|---|
| SIGKILL 1 (while requests are accepted) | ${KILL1_AT} s | $KILL1_ANSWERED | $KILL1_FINAL | $KILL1_INFLIGHT | $((KILL1_DOWN / 1000)).$(((KILL1_DOWN % 1000) / 100)) s |
| SIGKILL 2 (requests still accepted: $KILL2_ACCEPTING) | ${KILL2_AT} s | $KILL2_ANSWERED | $KILL2_FINAL | $KILL2_INFLIGHT | $((KILL2_DOWN / 1000)).$(((KILL2_DOWN % 1000) / 100)) s |
| all requests answered | ${P1_ACCEPT_SECONDS} s | $P1_OK_IDS | | | |
| every certificate final | ${P1_SECONDS} s (complete: $P1_COMPLETE) | | | | |

| final status | certificates |
|---|---|
$P1_STATUS_ROWS

| check | result |
|---|---|
| webfilter requests sent / learners answered \`200 {}\` | $P1_SENT / $P1_OK_IDS (errors seen by the driver: $P1_ERRORS${P1_KINDS:+ — $P1_KINDS}; learners answered only after a retry: $P1_RETRIED; given up: $P1_GAVE_UP) |
| certificate rows | $P1_ROWS |
| **lost** (answered \`200 {}\`, no row) | **$P1_LOST** |
| rows without an answer | $P1_UNANSWERED_ROWS |
| not in a final state at the end | $P1_NOT_FINAL |
| certificates that passed through \`UNCERTAIN\` | $P1_UNCERTAIN (after an ambiguous POK answer: $P1_UNCERTAIN_POK; left \`SUBMITTING\` by a killed instance: $P1_UNCERTAIN_CRASH; some both) |
| what became of the certificates left \`SUBMITTING\` (their move out of it) | kill 1: $KILL1_FATE; kill 2: $KILL2_FATE |
| **duplicate POK credentials outside \`UNCERTAIN\`** | **$P1_DUP_OUTSIDE**${P1_DUP_OUTSIDE_LIST:+ ($P1_DUP_OUTSIDE_LIST)} |
| learners with more than one credential that passed through \`UNCERTAIN\` | $P1_DUP_UNCERTAIN (${P1_DUP_DISTRIBUTION:-none}; $P1_DUP_EXTRA extra credentials); first ones: ${P1_DUP_EXAMPLES:-none} |
| POK simulator | $SIM_REQUESTS requests ($SIM_POSTS \`POST /credential\`); faults: $(tr '_' ' ' <<<"$SIM_FAULTS"); $SIM_CREDENTIALS credentials = $P1_CREDENTIAL_ROWS certificates with a credential + $P1_DUP_EXTRA extra |
MD
  if ((P1_NOT_FINAL > 0)); then
    echo
    echo "Not final when the wait ended (first 20: id, status, attempts, next attempt, last error):"
    echo
    echo '```'
    echo "$P1_NOT_FINAL_ROWS"
    echo '```'
  fi
  cat <<MD

**Reading.** Nothing Open edX was told about is lost: the certificate row, its first history line and its
db-scheduler execution are written in the transaction that precedes the \`200 {}\`, so a request cut by the SIGKILL
either left nothing or left a complete certificate that the next request for the learner finds (no second row: one
per learner and course). The certificates a killed instance left \`SUBMITTING\` are found by db-scheduler on the
restarted instance once their execution has had no heartbeat for 20 s, and go through \`UNCERTAIN\`; the second
SIGKILL comes when two thirds of the certificates are final (with $CERTIFICATES requests the driver has usually
finished by then; the first one always hits while requests are accepted). Every duplicate credential belongs to a
certificate that went through \`UNCERTAIN\`: it is the documented price of \`POK_UNCERTAIN_POLICY_POK=retry\` (see
[issuance.md](issuance.md#the-uncertain-policy)). POK has no idempotency key, and 7% of the issue requests here
are processed by POK but never answered (5% timeouts, 2% resets): $P1_DUP_UNCERTAIN certificates
($((P1_DUP_UNCERTAIN * 100 / CERTIFICATES))%) were submitted again after POK had already created their credential, some more than once. With \`hold\` those certificates
would wait for an operator instead.

### Part 2: $PG_CERTIFICATES certificates, PostgreSQL stopped for $PG_DOWN_SECONDS s

A throwaway PostgreSQL $PG_VERSION cluster (\`initdb\` under \`target/bench\`, port $PG_PORT, default settings) holds the
service's database; the shared server is not touched. POK without faults. Requests at most $PG_RATE/s. After
$STOP_ANSWERED answers (in progress at that moment: ${STOP_STATES:-none}) the cluster is stopped
(\`pg_ctl stop -m fast\`: sessions terminated), left down $PG_DOWN_SECONDS s, and started again; the service is not
touched.

| check | result |
|---|---|
| webfilter requests sent / learners answered \`200 {}\` | $P2_SENT / $P2_OK_IDS |
| certificate rows / **lost** / rows without an answer | $P2_ROWS / **$P2_LOST** / $P2_UNANSWERED_ROWS |
| all certificates \`EMITTED\` afterwards | $P2_COMPLETE (${P2_SECONDS} s after the first request) |
| final status | $P2_STATUS |
| errors Open edX got | $P2_ERRORS (${P2_HTTP_STATUS:-none}), from ${FIRST_ERROR} s to ${LAST_ERROR} s after the stop (the database was back ${OUTAGE} s after the stop) |
| longest \`200 {}\` among requests answered after the stop and sent before the start | ${MAX_OK_LATENCY} s |
| first \`200 {}\` to a request sent after the start | ${FIRST_OK_AFTER} s after the start |
| \`/actuator/health\` (includes the database) not 200 | $HEALTH_DOWN of $SAMPLES samples (every 200 ms from the stop on), over ${HEALTH_DOWN_SPAN} s; 200 for good ${HEALTH_UP_AFTER} s after the start |
| \`/actuator/health/readiness\` not 200 | $READY_DOWN of $SAMPLES samples |
| body of the first error answer | \`${P2_ERROR_BODY:-none}\` |
| certificates through \`UNCERTAIN\` / duplicate credentials / outside \`UNCERTAIN\` | $P2_UNCERTAIN / $P2_DUP / **$P2_DUP_OUTSIDE** |

**Reading.** The service reconnects by itself; nothing is lost and every certificate is emitted. A fast shutdown
ends the pool's sessions: the requests and worker steps using a connection at that moment fail at once (the \`500\`s
above; in the log, "JDBC rollback failed" and db-scheduler's "Failed while completing execution"). Every other
request waits in HikariCP's \`getConnection\` (its 30 s connection timeout is the default) and is answered \`{}\`
once the database is back, plus up to 5 s: HikariCP retries opening connections with a delay that doubles up to
5 s, which is also why \`/actuator/health\` needs a few seconds after the start. So during a short outage Open edX
mostly gets a late \`{}\`, and an error only for requests caught mid-transaction; in an outage longer than that
30 s timeout (not measured here) the waiting requests would get a \`500\` after 30 s each. An error is harmless for Open edX: with "halt on 5xx / request
exception" off ([openedx-setup.md](openedx-setup.md#2-the-two-webfilters)) it goes on creating its own certificate,
and ours gets its second chance from the \`certificate.created\` webhook (here: the driver sending again).
Readiness includes the database (\`management.endpoint.health.group.readiness.include=readinessState,db\`), so
it answers \`503\` while the database is unreachable, as \`/actuator/health\` does. A worker step whose POK request succeeded while its
save failed leaves the certificate \`SUBMITTING\`; it is revived 20 s later and goes through \`UNCERTAIN\` like a
killed instance's (the history says "The service stopped while this certificate was being submitted"): that is how
this part can end with a duplicate credential ($P2_DUP here).
<!-- resilience-bench:end -->
MD
} | write_section resilience-bench
echo "total run time: ${ELAPSED}s"
