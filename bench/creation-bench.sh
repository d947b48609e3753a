#!/usr/bin/env bash
# Benchmark of the creation webfilter: does Open edX's wait depend on how slow POK is? (It must not.)
#
#   bench/creation-bench.sh        # 16 clients, POK latency 0 ms and 500 ms, worker capped and not; update docs/benchmarks.md
#
# The service runs on PostgreSQL (database pok_bench_creation, created and dropped here) against the POK simulator run
# as its own process. Every request asks for a NEW learner's certificate, so each one writes a certificate, its first
# history line and its background work, while the worker submits to POK. Load from Debian's wrk; loopback only.
# Settings (environment): SECONDS_EACH (15), WARMUP (10), CLIENTS (16), LATENCIES ("0 500"), CAPS ("20 1000": the
# worker's POK requests per second), PORT (18191; the simulator takes PORT+1).
source "$(dirname "$0")/lib.sh"

DB=pok_bench_creation
SECONDS_EACH=${SECONDS_EACH:-15}
WARMUP=${WARMUP:-10}
CLIENTS=${CLIENTS:-16}
LATENCIES=${LATENCIES:-"0 500"}
CAPS=${CAPS:-"20 1000"}
PORT=${PORT:-18191}
POK_PORT=$((PORT + 1))
COURSES=10
URL="http://127.0.0.1:$PORT/openedx/webfilters/certificate-creation-requested?token=$TOKEN"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

# Two service configurations, each on its own database: the worker's POK request rate capped at 20/s (so that the
# background work is the same whatever POK's latency, and POK latency is the only variable), then uncapped.
ROWS=""
requested=0
first_user=1000000
start_simulator "$POK_PORT" 200
for cap in $CAPS; do
  bench_db "${DB}_$cap"
  start_service "creation-$cap" "$PORT" "jdbc:postgresql://127.0.0.1:5432/${DB}_$cap" \
    POK_API_URL="http://127.0.0.1:$POK_PORT/" POK_API_KEY="$POK_KEY" POK_MAX_CONCURRENCY=16 \
    POK_MAX_REQUESTS_PER_SECOND="$cap"
  course_templates_sql "$COURSES" | sql "${DB}_$cap"
  for latency in $LATENCIES; do
    simulator_faults "$POK_PORT" "{\"latencyMs\": $latency}"
    echo "worker cap $cap requests/s, POK latency ${latency} ms: warm-up ${WARMUP}s, then ${SECONDS_EACH}s at $CLIENTS clients"
    MODE=creation FIRST_USER=$first_user COURSES=$COURSES CLIENTS=$CLIENTS \
      wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" -s bench/webfilter.lua "$URL" >/dev/null
    # Learner ids stay below 2^31 (wrk's Lua formats them as integers); each thread adds up to 2 * 10^8.
    row=$(MODE=creation FIRST_USER=$((first_user + 200000000)) COURSES=$COURSES CLIENTS=$CLIENTS \
      wrk -t2 -c"$CLIENTS" -d"${SECONDS_EACH}s" -s bench/webfilter.lua "$URL" | tail -n1)
    echo "$row"
    ROWS+="| $cap / ${latency} ms /${row#|}"$'\n'
    first_user=$((first_user + 400000000))
  done
  requested=$((requested + $(sql "${DB}_$cap" -Atc "SELECT count(*) FROM pok_certificate")))
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
done

write_section creation-bench <<MD
<!-- creation-bench:start -->
## Creation webfilter

\`POST /openedx/webfilters/certificate-creation-requested\` with a realistic payload (about 1 KB, password hash
included), every request for a new learner (so each writes a certificate, its history line and its db-scheduler
execution), at $CLIENTS concurrent clients in a closed loop (wrk), with the POK simulator answering after the given latency, while
the background worker submits to POK on the same machine. The worker's POK request rate is first capped
(\`POK_MAX_REQUESTS_PER_SECOND\`) so that the background work is the same in both rows and POK's latency is the only
variable; then uncapped, where a fast POK lets the worker take more of the 2 cores and of PostgreSQL's commits from the
webfilter. ${SECONDS_EACH} s per row after a ${WARMUP} s warm-up; PostgreSQL, a fresh database per worker setting.

$(machine_lines)
- Certificates requested during the run: $requested
- Reproduce: \`bench/creation-bench.sh\` (\`SECONDS_EACH\`, \`WARMUP\`, \`CLIENTS\`, \`LATENCIES\`, \`CAPS\`)

| worker cap (POK requests/s) / POK latency / clients | seconds | requests | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | answers |
|---|---|---|---|---|---|---|---|---|---|
${ROWS%$'\n'}

The answer is \`{}\` in every case: Open edX goes on creating its certificate while POK is called in the background.
<!-- creation-bench:end -->
MD
