#!/usr/bin/env bash
# Benchmark of the Redis event-bus consumer: how fast it applies certificate events, and the lag a backlog leaves.
#
#   bench/eventbus-bench.sh      # 10,000-event backlog, then a live stream; updates docs/benchmarks.md
#
# The service runs on PostgreSQL (database pok_bench_eventbus, created and dropped here) against the POK simulator run
# as its own process, with the event bus on the Redis server at 127.0.0.1:6379 (a stream of its own, deleted at the
# end). bench/EventBusLoad.java plays Open edX's producer (the same XADD, fields and Avro bytes) and reads the group's
# lag (XINFO GROUPS: pending + lag). Each "created" event is for a new learner in an enabled course, so applying it
# writes a certificate, its first history line and its background work; the worker issues to the simulator meanwhile
# (at its default cap, POK_MAX_REQUESTS_PER_SECOND=20).
# Settings (environment): BACKLOG (10000), LIVE_COUNT (1500), LIVE_RATE (30 events/s), PORT (18195; the simulator
# takes PORT+1), REDIS_PORT (6379).
source "$(dirname "$0")/lib.sh"

DB=pok_bench_eventbus
BACKLOG=${BACKLOG:-10000}
LIVE_COUNT=${LIVE_COUNT:-1500}
LIVE_RATE=${LIVE_RATE:-30}
PORT=${PORT:-18195}
POK_PORT=$((PORT + 1))
REDIS_PORT=${REDIS_PORT:-6379}
PREFIX="pok-bench-$$-$(date +%s)"
STREAM="$PREFIX-learning-certificate-lifecycle"
GROUP=openedx-pok
COURSE="course-v1:Bench+C0+2025"
LOAD=(java bench/EventBusLoad.java)
command -v redis-cli >/dev/null || { echo "redis-cli is missing: apt-get install redis-tools" >&2; exit 1; }
redis-cli -p "$REDIS_PORT" ping >/dev/null || { echo "Redis does not answer on 127.0.0.1:$REDIS_PORT" >&2; exit 1; }
# The service first: its consumer would create the stream again (MKSTREAM) after the DEL.
trap 'bench_cleanup; redis-cli -p "$REDIS_PORT" DEL "$STREAM" >/dev/null 2>&1 || true' EXIT

bench_db "$DB"
start_simulator "$POK_PORT" 200
BUS=(OPENEDX_EVENT_BUS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" OPENEDX_EVENT_BUS_TOPIC_PREFIX="$PREFIX"
     OPENEDX_EVENT_BUS_CONSUMER=bench-1 POK_API_URL="http://127.0.0.1:$POK_PORT/" POK_API_KEY="$POK_KEY")
# First start: the consumer group is created (from 0); then the service stops, as for an upgrade.
start_service eventbus-1 "$PORT" "jdbc:postgresql://127.0.0.1:5432/$DB" "${BUS[@]}"
course_templates_sql 1 | sql "$DB"
kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true

echo "writing a backlog of $BACKLOG events while the service is stopped"
read -r _ _ backlog_seconds < <("${LOAD[@]}" backlog 127.0.0.1 "$REDIS_PORT" "$STREAM" 1 "$BACKLOG" "$COURSE")
lag_before=$("${LOAD[@]}" lag 127.0.0.1 "$REDIS_PORT" "$STREAM" "$GROUP")
echo "lag before the start: $lag_before; starting the service"
"${LOAD[@]}" drain 127.0.0.1 "$REDIS_PORT" "$STREAM" "$GROUP" "$BACKLOG" 600 >target/bench/eventbus-drain.txt &
drainer=$!
BENCH_PIDS+=("$drainer")
start_service eventbus-2 "$PORT" "jdbc:postgresql://127.0.0.1:5432/$DB" "${BUS[@]}"
wait "$drainer"
read -r _ drain_seconds drain_rate drain_samples <target/bench/eventbus-drain.txt
applied=$(sql "$DB" -Atc "SELECT count(*) FROM pok_certificate")
echo "backlog of $BACKLOG applied in $drain_seconds s ($drain_rate events/s); certificates: $applied"

echo "live: $LIVE_COUNT events at $LIVE_RATE/s"
read -r _ _ _ live_max live_mean live_settle < <("${LOAD[@]}" live 127.0.0.1 "$REDIS_PORT" "$STREAM" "$GROUP" \
  $((BACKLOG + 1)) "$LIVE_COUNT" "$LIVE_RATE" "$COURSE")
total=$(sql "$DB" -Atc "SELECT count(*) FROM pok_certificate")
requested=$(sql "$DB" -Atc "SELECT count(*) FROM certificate_event WHERE kind = 'REQUESTED'")
echo "live: max lag $live_max, mean $live_mean, $live_settle ms to 0 after the last write; certificates $total"

write_section eventbus-bench <<MD
<!-- eventbus-bench:start -->
## Event bus: applying certificate events from Redis

Open edX's Redis event bus as \`bench/EventBusLoad.java\` writes it (the producer's \`XADD … MAXLEN ~ 10000 *\`, its
fields and Avro bytes), every event a "certificate created" for a new learner in an enabled course, so applying one
writes a certificate, its first history line and its background work; the worker issues to the POK simulator meanwhile
(its default cap, 20 POK requests/s). Lag = the consumer group's entries not yet acknowledged (\`XINFO GROUPS\`:
pending + lag), read every 20 ms; an entry is acknowledged only once its effect is committed. One instance,
PostgreSQL, Redis $(redis-cli -p "$REDIS_PORT" INFO server | sed -n 's/^redis_version:\(.*\)\r$/\1/p') on the same machine.

$(machine_lines)
- Reproduce: \`bench/eventbus-bench.sh\` (\`BACKLOG\`, \`LIVE_COUNT\`, \`LIVE_RATE\`)

| run | events | result |
|---|---|---|
| backlog written while the service was stopped (${backlog_seconds} s to write) | $BACKLOG | lag $lag_before when the service started; applied in **$drain_seconds s** from the first acknowledgement to lag 0: **$drain_rate events/s**; lag every 30 s: \`$drain_samples\` |
| live, Open edX writing $LIVE_RATE events/s | $LIVE_COUNT | lag at most **$live_max** (mean $live_mean over 50 ms samples); 0 again $live_settle ms after the last write |

Certificates at the end: $total for $((BACKLOG + LIVE_COUNT)) events ($requested requested once each: no event
applied twice).
<!-- eventbus-bench:end -->
MD
