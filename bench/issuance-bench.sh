#!/usr/bin/env bash
# Benchmark of background issuance (issue #8, items 3, 4 and 7): how fast a full queue of certificates is issued
# against a POK that answers in 150 ± 50 ms, how much memory the service needs meanwhile, how long it takes to start,
# and whether two instances on one database share the queue without submitting any certificate twice.
#
#   bench/issuance-bench.sh     # build if needed; 10,000 certificates at POK concurrency 8 and 32, then 2 × 32
#
# Settings (environment): CERTIFICATES (10000), CONCURRENCIES ("8 32": one instance each), TWO_CONCURRENCY (32: of
# each of the two instances; 0 skips that run), EMIT_DELAY_MS (500: how long the simulator keeps a credential
# "processing"), RUN_TIMEOUT (900: seconds one run may take before the script gives up).
#
# The queue is full before the clock starts. The certificates are created once, through the real creation webfilter
# of a "loader" instance, while a trigger on scheduled_tasks keeps every execution from being picked (an UPDATE that
# sets picked = true is skipped). So every row is exactly what IssuanceService writes, with no worker racing the
# load. The loader is stopped and each run gets its own copy of that database (CREATE DATABASE … TEMPLATE). The
# instances of a run start on their copy (still held), and dropping the trigger is the start of the clock.
# Ports 18300-18309; databases pok_bench_issuance*; everything on 127.0.0.1.
source "$(dirname "$0")/lib.sh"

CERTIFICATES=${CERTIFICATES:-10000}
CONCURRENCIES=${CONCURRENCIES:-"8 32"}
TWO_CONCURRENCY=${TWO_CONCURRENCY:-32}
EMIT_DELAY_MS=${EMIT_DELAY_MS:-500}
RUN_TIMEOUT=${RUN_TIMEOUT:-900}
DB_POOL_SIZE=${DB_POOL_SIZE:-20}
LATENCY_MS=100        # fixed part of every POK answer's delay …
LATENCY_JITTER_MS=100 # … plus uniform [0, 100] ms: 150 ± 50 ms, mean 0.15 s
MEAN_LATENCY=0.15
POK_PORT=18300
LOADER_PORT=18301
FIRST_SERVICE_PORT=18302
MANAGEMENT_PORT_OFFSET=1000
COURSES=10
QUEUE_DB=pok_bench_issuance_queue
POK_URL="http://127.0.0.1:$POK_PORT/"
BEGAN=$SECONDS

# Settings of every measured instance, so that POK concurrency is the only bound: the request-rate limit far above
# what concurrency and latency allow (CONCURRENCY / 0.15 s). The database pool stays at the default (DB_POOL_SIZE),
# opened on demand rather than all at start (PostgreSQL's connections may be shared with other benchmarks); the mean
# wait for a connection is reported to show it is no bound.
service_settings() {
  echo POK_API_URL="$POK_URL" POK_API_KEY="$POK_KEY" POK_MAX_CONCURRENCY="$1" POK_MAX_REQUESTS_PER_SECOND=10000 \
    DATABASE_POOL_SIZE="$DB_POOL_SIZE" SPRING_DATASOURCE_HIKARI_MINIMUMIDLE=2
}

# stop_process PID: SIGTERM (graceful: the service finishes its executions) and wait; no longer cleaned at exit.
stop_process() {
  local pid=$1 kept=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${BENCH_PIDS[@]}"; do [[ "$p" == "$pid" ]] || kept+=("$p"); done
  BENCH_PIDS=("${kept[@]}")
}

# started_seconds NAME: Spring's own "Started … in N seconds" figure from the newest start in the log.
started_seconds() {
  sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' "target/bench/$1.log" | tail -n1
}

# q DB SQL: one query's rows (unaligned, fields separated by a space). PostgreSQL's connections are shared with
# whatever else runs on the machine: a refused connection ("too many clients") is tried again, 10 times at most.
q() {
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    "${PSQL[@]}" -d "$1" -At -F ' ' -c "$2" && return 0
    sleep 1
  done
  echo "PostgreSQL refused the query 10 times: $2" >&2
  return 1
}

# open_poll DB: a psql connection held for a whole run (a coprocess), opened before the instances take theirs, so that
# the clock and the checks never wait for a free connection. poll_sql SQL: a one-row query on it, into POLL_LINE.
open_poll() {
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    coproc POLL { "${PSQL[@]}" -d "$1" -At -F ' ' 2>&1; }
    POLL_IN=${POLL[1]}
    POLL_OUT=${POLL[0]}
    BENCH_PIDS+=("$POLL_PID")
    if { echo "SET client_min_messages = warning; SELECT 'ready';" >&"$POLL_IN"; } 2>/dev/null &&
      read -r -t 30 POLL_LINE <&"$POLL_OUT" && [[ "$POLL_LINE" == ready ]]; then
      return 0
    fi
    close_poll
    sleep 1
  done
  echo "no connection to PostgreSQL for the run" >&2
  exit 1
}
poll_sql() {
  echo "$1;" >&"$POLL_IN"
  read -r -t 120 POLL_LINE <&"$POLL_OUT" || { echo "PostgreSQL did not answer: $1" >&2; exit 1; }
}
close_poll() {
  { exec {POLL_IN}>&- {POLL_OUT}<&-; } 2>/dev/null || true # already closed if psql ended
  stop_process "$POLL_PID"
}

# The hold: while this trigger exists no execution can be picked, by any instance; inserts are untouched.
HOLD_SQL=$(cat <<'SQL'
CREATE FUNCTION pok_bench_hold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER pok_bench_hold BEFORE UPDATE ON scheduled_tasks FOR EACH ROW
  WHEN (NEW.picked AND NOT OLD.picked) EXECUTE FUNCTION pok_bench_hold();
SQL
)
RELEASE_SQL="DROP TRIGGER IF EXISTS pok_bench_hold ON scheduled_tasks; DROP FUNCTION IF EXISTS pok_bench_hold();"

# ---------------------------------------------------------------------------------------------------------------
echo "starting the POK simulator on 127.0.0.1:$POK_PORT (credentials emitted after $EMIT_DELAY_MS ms)"
start_simulator "$POK_PORT" "$EMIT_DELAY_MS"

echo "filling the queue: $CERTIFICATES certificates through the creation webfilter (nothing can be picked)"
bench_db "$QUEUE_DB"
rm -f target/bench/issuance-*.log
start_service issuance-loader "$LOADER_PORT" "jdbc:postgresql://127.0.0.1:5432/$QUEUE_DB" \
  POK_API_URL="$POK_URL" POK_API_KEY="$POK_KEY" POK_MAX_CONCURRENCY=1 SPRING_DATASOURCE_HIKARI_MINIMUMIDLE=2
LOADER_PID=$SERVICE_PID
q "$QUEUE_DB" "$HOLD_SQL
$(course_templates_sql "$COURSES")"
fill_started=$(date +%s%3N)
# A separate process, 8 keep-alive connections, the payload of bench/webfilter.lua (MODE=creation): exactly
# CERTIFICATES requests, each for a new learner; any answer other than 200 {} stops the script.
python3 - "http://127.0.0.1:$LOADER_PORT/openedx/webfilters/certificate-creation-requested?token=$TOKEN" \
  "$CERTIFICATES" "$COURSES" <<'PY'
import http.client, sys, threading, urllib.parse
url, total, courses = urllib.parse.urlsplit(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
path = url.path + "?" + url.query
template = ('{"user": {"id": %d, "username": "user%d", "email": "user%d@example.org", "first_name": "", '
            '"last_name": "", "password": "pbkdf2_sha256$600000$bench$AAAAAAAAAAAAAAAAAAAAAAAAAAAA=", '
            '"is_staff": false, "is_superuser": false, "is_active": true, '
            '"last_login": "2025-06-01 14:03:00.123456+00:00", "date_joined": "2024-01-01 10:00:00+00:00"}, '
            '"profile": {"id": %d, "user_id": %d, "name": "Learner Number %d", "language": "es", "country": "AR", '
            '"year_of_birth": 1990, "gender": "f", "mailing_address": "", "city": "C\u00f3rdoba", "goals": "", '
            '"bio": ""}, "course_key": "course-v1:Bench+C%d+2025", "mode": "verified", "status": "downloadable", '
            '"grade": {"percent": 0.87, "passed": true, "letter_grade": "Pass"}, "generation_mode": "batch", '
            '"completion_summary": {"complete_count": 40, "incomplete_count": 0, "locked_count": 0}, '
            '"event_metadata": {"event_type": "CertificateCreationRequested", "time": "2025-06-01 14:03:00.123456"}}')
errors = []
def post(conn, body):
    # A kept-alive connection the server closed meanwhile is opened again: asking twice for the same learner's
    # certificate records it once.
    for attempt in range(3):
        try:
            conn.request("POST", path, body, {"Content-Type": "application/json"})
            answer = conn.getresponse()
            return answer.status, answer.read()
        except (http.client.HTTPException, ConnectionError):
            conn.close()
            if attempt == 2:
                raise
def client(first, count):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        for user in range(first, first + count):
            status, text = post(conn, (template % (user, user, user, user, user, user, user % courses)).encode())
            if status != 200 or text.strip() != b"{}":
                errors.append("user %d: %d %r" % (user, status, text[:200]))
                return
    except Exception as e:
        errors.append("user %d: %r" % (user, e))
threads, clients = [], 8
for i in range(clients):
    share = total // clients + (1 if i < total % clients else 0)
    threads.append(threading.Thread(target=client, args=(1000000 + i * 10000000, share)))
for t in threads: t.start()
for t in threads: t.join()
if errors:
    sys.exit("creation webfilter failed: " + errors[0])
PY
FILL_SECONDS=$(awk -v ms=$(($(date +%s%3N) - fill_started)) 'BEGIN {printf "%.1f", ms / 1000}')
stop_process "$LOADER_PID"
read -r queued executions < <(q "$QUEUE_DB" "
  SELECT (SELECT count(*) FROM pok_certificate WHERE status = 'QUEUED'),
         (SELECT count(*) FROM scheduled_tasks WHERE task_name = 'certificate' AND NOT picked)")
if [[ "$queued" != "$CERTIFICATES" || "$executions" != "$CERTIFICATES" ]]; then
  echo "the queue is not what it should be: $queued queued certificates, $executions executions" >&2
  exit 1
fi
echo "queue full: $queued certificates and $executions executions in ${FILL_SECONDS} s"

# ---------------------------------------------------------------------------------------------------------------
# run NAME CONCURRENCY INSTANCES: one run on a fresh copy of the full queue. Sets the R_* results.
run() {
  local name=$1 concurrency=$2 instances=$3 db="pok_bench_issuance_$1" i port pids=() names=()
  q postgres "CREATE DATABASE $db TEMPLATE $QUEUE_DB"
  BENCH_DBS+=("$db")
  open_poll "$db"
  curl -fs -X POST "http://127.0.0.1:$POK_PORT/_simulator/reset" >/dev/null
  simulator_faults "$POK_PORT" "{\"latencyMs\":$LATENCY_MS,\"latencyJitterMs\":$LATENCY_JITTER_MS}"
  R_STARTUP=()
  for ((i = 0; i < instances; i++)); do
    port=$((FIRST_SERVICE_PORT + i))
    echo "$name: starting instance $((i + 1)) of $instances on 127.0.0.1:$port, POK concurrency $concurrency"
    # shellcheck disable=SC2046
    # Metrics are read from the instance's management port (MANAGEMENT_PORT), where they need no token.
    start_service "issuance-$name-$i" "$port" "jdbc:postgresql://127.0.0.1:5432/$db" $(service_settings "$concurrency") \
      MANAGEMENT_PORT=$((port + MANAGEMENT_PORT_OFFSET)) MANAGEMENT_SERVER_ADDRESS=127.0.0.1
    pids+=("$SERVICE_PID")
    names+=("issuance-$name-$i")
    R_STARTUP+=("$STARTUP_MS ms (Spring: $(started_seconds "issuance-$name-$i") s)")
  done
  poll_sql "$RELEASE_SQL SELECT 'released'"
  [[ "$POLL_LINE" == released ]] || { echo "could not release the queue: $POLL_LINE" >&2; exit 1; }
  local t0 emitted=0 other=0 deadline=$((SECONDS + RUN_TIMEOUT)) polls=0
  t0=$(date +%s%3N)
  echo "$name: released $CERTIFICATES certificates"
  # Every 0.5 s until every certificate is EMITTED, or has stopped anywhere else, or the run timed out.
  while ((emitted + other < CERTIFICATES && SECONDS < deadline && polls < RUN_TIMEOUT * 2)); do
    sleep 0.5
    polls=$((polls + 1))
    poll_sql "SELECT count(*) FILTER (WHERE status = 'EMITTED'),
      count(*) FILTER (WHERE status IN ('FAILED', 'HELD', 'REVOKED', 'UNCERTAIN')) FROM pok_certificate"
    read -r emitted other <<<"$POLL_LINE"
    ((polls % 20 == 0)) && echo "$name: $((($(date +%s%3N) - t0) / 1000)) s, $emitted emitted"
  done
  R_WALL_MS=$(($(date +%s%3N) - t0))
  R_EMITTED=$emitted
  R_OTHER=$other
  if ((emitted < CERTIFICATES)); then
    echo "$name: only $emitted of $CERTIFICATES emitted after $((R_WALL_MS / 1000)) s" >&2
  fi
  # The service's own clock: first submission to the last EMITTED, from the certificates' history.
  # And when the first learner's certificate was EMITTED: the queue is worked oldest first, so every submission comes
  # before the first poll (one second after its submission, but behind the rest of the queue).
  poll_sql "
    WITH span AS (SELECT min(occurred_at) FILTER (WHERE kind = 'SUBMITTING') AS first_submit,
                         min(occurred_at) FILTER (WHERE kind = 'EMITTED') AS first_emitted,
                         max(occurred_at) FILTER (WHERE kind = 'EMITTED') AS last_emitted FROM certificate_event)
    SELECT round(extract(epoch FROM last_emitted - first_submit)::numeric, 1),
           round(extract(epoch FROM first_emitted - first_submit)::numeric, 1) FROM span"
  read -r R_SERVICE_S R_FIRST_S <<<"$POLL_LINE"
  # Submissions as the database saw them: SUBMITTING steps per certificate, and distinct POK credentials.
  poll_sql "
    SELECT coalesce(sum(n), 0), count(*) FILTER (WHERE n > 1),
           (SELECT count(DISTINCT pok_credential_id) FROM pok_certificate)
    FROM (SELECT count(*) AS n FROM certificate_event WHERE kind = 'SUBMITTING' GROUP BY certificate_id) s"
  read -r R_SUBMITS R_TWICE R_CREDENTIAL_IDS <<<"$POLL_LINE"
  close_poll
  R_STATS=$(curl -fs "http://127.0.0.1:$POK_PORT/_simulator/stats")
  R_RSS=()
  R_SHARE=()
  R_POOL_WAIT=()
  R_POK_SECONDS=()
  local metrics
  for ((i = 0; i < instances; i++)); do
    R_RSS+=("$(peak_rss_mib "${pids[$i]}")")
    metrics=$(curl -fs "http://127.0.0.1:$((FIRST_SERVICE_PORT + i + MANAGEMENT_PORT_OFFSET))/actuator/prometheus")
    # This instance's issue requests, from its own metrics: how the queue was shared.
    R_SHARE+=("$(awk '/^pok_client_requests_seconds_count\{/ && /operation="POST \/credential"/ {n += $NF}
      END {printf "%d", n}' <<<"$metrics")")
    # Seconds this instance spent waiting for POK answers, all calls together: divided by the run's duration, the
    # mean number of POK requests in flight, to compare with the concurrency allowed.
    R_POK_SECONDS+=("$(awk '/^pok_client_requests_seconds_sum\{/ {s += $NF} END {printf "%.1f", s}' <<<"$metrics")")
    # Mean wait for a database connection over the whole life of the instance, in ms.
    R_POOL_WAIT+=("$(awk '/^hikaricp_connections_acquire_seconds_sum\{/ {s += $NF}
      /^hikaricp_connections_acquire_seconds_count\{/ {n += $NF} END {printf "%.2f", n ? 1000 * s / n : 0}' <<<"$metrics")")
  done
  for i in "${pids[@]}"; do stop_process "$i"; done
  q postgres "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
}

# sim_stat FIELD…: a number from the simulator's stats of the last run (jq-like path through python).
sim_stat() {
  python3 -c 'import json, sys
v = json.loads(sys.argv[1])
for k in sys.argv[2:]: v = v.get(k, 0) if isinstance(v, dict) else 0
print(v)' "$R_STATS" "$@"
}

ISSUE_ROWS=""
MEMORY_ROWS=""
ONE_INSTANCE_RATE=""
TWO_RATIO=""
row() { # NAME INSTANCES CONCURRENCY_EACH: one line of the throughput table from the R_* results
  local total_concurrency=$(($2 * $3)) calls posts gets images others pok_seconds
  calls=$(sim_stat requests)
  posts=$(sim_stat byOperation "POST /credential")
  gets=$(sim_stat byOperation "GET /credential/{id}")
  images=$(sim_stat byOperation "GET /credential/{id}/decrypted-image")
  others=$((calls - posts - gets - images))
  pok_seconds=$(printf '%s\n' "${R_POK_SECONDS[@]}" | awk '{s += $1} END {print s}')
  awk -v first="$R_FIRST_S" -v pok_seconds="$pok_seconds" -v n="$R_EMITTED" -v total="$CERTIFICATES" -v ms="$R_WALL_MS" -v svc="$R_SERVICE_S" -v calls="$calls" \
    -v conc="$total_concurrency" -v lat="$MEAN_LATENCY" -v inst="$2" -v each="$3" -v posts="$posts" \
    -v gets="$gets" -v images="$images" -v others="$others" 'BEGIN {
      rate = n / (ms / 1000); per = calls / total; ceiling = conc / (per * lat)
      printf "| %d × %d | %d / %d | %.1f | %.1f | %.1f | %.1f | %.2f (%d + %d + %d + %d) | %.1f | %.0f %% | %.1f |\n",
        inst, each, n, total, ms / 1000, svc, first, rate, per, posts, gets, images, others, ceiling,
        100 * rate / ceiling, pok_seconds / (ms / 1000)
    }'
}

for concurrency in $CONCURRENCIES; do
  run "c$concurrency" "$concurrency" 1
  ISSUE_ROWS+=$(row "c$concurrency" 1 "$concurrency")$'\n'
  MEMORY_ROWS+="| 1 × $concurrency | ${R_RSS[0]} | ${R_STARTUP[0]} | ${R_POOL_WAIT[0]} |"$'\n'
  [[ "$concurrency" == "$TWO_CONCURRENCY" ]] && ONE_INSTANCE_RATE=$(awk -v n="$R_EMITTED" -v ms="$R_WALL_MS" \
    'BEGIN {printf "%.1f", n / (ms / 1000)}')
  [[ "$concurrency" == "$TWO_CONCURRENCY" ]] && ONE_INSTANCE_ROW="| 1 | $((R_SUBMITS)) | $R_TWICE | $(sim_stat byOperation "POST /credential") | $(sim_stat credentials) | $R_CREDENTIAL_IDS | ${R_SHARE[0]} | $ONE_INSTANCE_RATE |"
  echo "c$concurrency: $R_EMITTED emitted in $((R_WALL_MS / 1000)) s; $(sim_stat requests) POK calls; peak RSS ${R_RSS[0]} MiB"
done

TWO_ROWS=""
if ((TWO_CONCURRENCY > 0)); then
  run "two" "$TWO_CONCURRENCY" 2
  ISSUE_ROWS+=$(row "two" 2 "$TWO_CONCURRENCY")$'\n'
  MEMORY_ROWS+="| 2 × $TWO_CONCURRENCY | ${R_RSS[0]}, ${R_RSS[1]} | ${R_STARTUP[0]}; ${R_STARTUP[1]} | ${R_POOL_WAIT[0]}, ${R_POOL_WAIT[1]} |"$'\n'
  TWO_RATE=$(awk -v n="$R_EMITTED" -v ms="$R_WALL_MS" 'BEGIN {printf "%.1f", n / (ms / 1000)}')
  [[ -n "$ONE_INSTANCE_RATE" ]] && TWO_RATIO=$(awk -v a="$TWO_RATE" -v b="$ONE_INSTANCE_RATE" 'BEGIN {printf "%.2f", a / b}')
  TWO_ROWS="${ONE_INSTANCE_ROW:+$ONE_INSTANCE_ROW$'\n'}| 2 | $R_SUBMITS | $R_TWICE | $(sim_stat byOperation "POST /credential") | $(sim_stat credentials) | $R_CREDENTIAL_IDS | ${R_SHARE[0]} + ${R_SHARE[1]} | $TWO_RATE |"
  echo "two instances: $R_EMITTED emitted in $((R_WALL_MS / 1000)) s; $R_TWICE certificates submitted twice"
fi

ELAPSED=$((SECONDS - BEGAN))
{
  cat <<MD
<!-- issuance-bench:start -->
## Issuance throughput, memory and start-up; two instances on one queue

A full queue of $CERTIFICATES certificates (10 courses, emission \`pok\`, acceptance skipped) is issued by the
background worker against the POK simulator run as its own process, answering **every** POK operation after
${LATENCY_MS} ms + uniform [0, ${LATENCY_JITTER_MS}] ms (150 ± 50 ms, mean 0.15 s) and emitting each credential
${EMIT_DELAY_MS} ms after it was created (so the first poll, one second after the submission, finds it emitted).
The clock runs from the moment the whole queue is released to the workers until the last certificate is
\`EMITTED\` (PostgreSQL polled every 0.5 s); "service clock" is the same span from the certificates' history (first
\`SUBMITTING\` to last \`EMITTED\`). The ceiling is what concurrency and latency allow:
concurrency / (POK calls per certificate × 0.15 s).

How the queue is filled: the certificates are created once through the real creation webfilter
(\`POST /openedx/webfilters/certificate-creation-requested\`, one new learner per request, from a separate process) of
a loader instance, while a PostgreSQL trigger on \`scheduled_tasks\` skips any update that would pick an execution. So
the certificates, their history lines and their db-scheduler executions are exactly what \`IssuanceService\` writes
and no worker races the filling ($CERTIFICATES requests in ${FILL_SECONDS} s). Each run gets its own copy of that
database; its instances start on it, and dropping the trigger starts the clock.

Settings of every measured instance, so that POK concurrency is the only bound: \`POK_MAX_CONCURRENCY\` as in the
first column (it is also the number of worker threads), \`POK_MAX_REQUESTS_PER_SECOND=10000\` (the ceiling needs at
most 64 / 0.15 s = 427 requests/s); polling delays as they are (first poll 1 s after the submission; the worker
looks for due work every second and as soon as a thread is free). \`DATABASE_POOL_SIZE\` stays at $DB_POOL_SIZE, with
at least 2 connections kept open instead of all 20 (PostgreSQL's 100 connections may be shared with other
benchmarks): the mean wait for a connection, in the memory table, shows whether the pool bounded anything. Heap 1 GiB (\`-Xms1g -Xmx1g\`). "Mean POK requests in flight" is the time
the instances spent waiting for POK's answers (their \`pok.client.requests\` metric) divided by the run's duration:
the concurrency actually used, out of the concurrency allowed; the rest of a worker thread's time goes to the
database (about five commits per certificate) and to waiting for due work.

$(machine_lines)
- Reproduce: \`bench/issuance-bench.sh\` (\`CERTIFICATES\`, \`CONCURRENCIES\`, \`TWO_CONCURRENCY\`, \`EMIT_DELAY_MS\`,
  \`DB_POOL_SIZE\`, \`RUN_TIMEOUT\` override the defaults: 10000, "8 32", 32, 500, 20, 900); this run:
  \`CERTIFICATES=$CERTIFICATES CONCURRENCIES="$CONCURRENCIES" TWO_CONCURRENCY=$TWO_CONCURRENCY EMIT_DELAY_MS=$EMIT_DELAY_MS DB_POOL_SIZE=$DB_POOL_SIZE\`,
  ${ELAPSED} s in all (filling the queue once, then each run on its copy)

### Throughput (item 3)

| instances × concurrency | emitted | seconds to last EMITTED | service clock s | first EMITTED after s | certificates/s | POK calls per certificate (issue + poll + image + other) | ceiling certificates/s | of the ceiling | mean POK requests in flight |
|---|---|---|---|---|---|---|---|---|---|
${ISSUE_ROWS%$'\n'}

Each certificate costs three POK calls: the submission, one poll, and the image URL (the template and the
organization are read once per instance and cached: "other"). The ratio to the ceiling stays below 100 % because a
worker thread does not only wait for POK: it also commits each step to PostgreSQL, on the same two cores. Until the
worker fetched new work as soon as one of its threads was free (\`SchedulerConfiguration\`, lock-and-fetch 0.99/1.0),
a free thread waited until half of them were free or for the next one-second poll: at concurrency 32 about a third of
the threads were idle (thread dumps) and a run of 3,000 certificates reached 61 % of the ceiling, against 87 % after.
No certificate is \`EMITTED\` before the whole queue has been submitted: due work is taken oldest first, and a
credential's poll, due one second after its submission, is younger than every certificate still queued. With a
full queue a learner waits for the backlog ("first EMITTED after"); then emissions come at the full rate.

### Memory and start-up (item 4)

Peak resident memory (\`VmHWM\`) of each instance after its run, and its start-up: from launching \`java -jar\` to
\`/actuator/health/readiness\` answering UP (Spring's own "Started … in N seconds" in brackets). The heap is fixed at
1 GiB (\`-Xms1g\`) and its pages become resident as the garbage collector cycles through them, so the peak grows
with the length of the run (450–700 MiB after trial runs of 10–50 s): it reflects the heap chosen more than what
issuance needs.

| instances × concurrency | peak RSS MiB | start-up | mean wait for a database connection, ms |
|---|---|---|---|
${MEMORY_ROWS%$'\n'}
MD
  if [[ -n "$TWO_ROWS" ]]; then
    cat <<MD

### Two instances on one database (item 7)

Two instances at concurrency $TWO_CONCURRENCY each on one PostgreSQL database and one queue, started before the queue is
released; no faults, so every \`POST /credential\` creates one credential and a certificate submitted twice would show
as more requests, more credentials or more \`SUBMITTING\` steps than certificates. "Issue requests by instance" are
each instance's own \`pok.client.requests\` metric; the one-instance row is the concurrency-$TWO_CONCURRENCY run above.
Both instances, PostgreSQL, the simulator and the load share the same two cores, so the second instance adds POK
concurrency but no CPU.${TWO_RATIO:+ Two instances issued **${TWO_RATIO} ×** as many certificates per second as one.}

| instances | SUBMITTING steps (history) | certificates submitted twice | POST /credential (simulator) | credentials (simulator) | distinct credential ids (database) | issue requests by instance | certificates/s |
|---|---|---|---|---|---|---|---|
$TWO_ROWS
MD
  fi
  echo "<!-- issuance-bench:end -->"
} | write_section issuance-bench
echo "issuance bench finished in ${ELAPSED} s"
