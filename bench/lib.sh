# Shared by the bench/*.sh scripts (sourced, not run). Everything runs on 127.0.0.1; every process a script starts
# and every database it creates is stopped or dropped when the script exits, whatever the exit.
#
#   source "$(dirname "$0")/lib.sh"
#   bench_db pok_bench_x                 # creates the database, dropped at exit
#   start_simulator 18192 200            # POK simulator on a port, credentials emitted after 200 ms
#   start_service app1 18191 "jdbc:postgresql://127.0.0.1:5432/pok_bench_x" POK_MAX_CONCURRENCY=16 ...
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TOKEN=bench-token-0123456789abcdef
POK_KEY=bench-key
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
DOC=${BENCH_DOC:-docs/benchmarks.md}
# How start_service runs the service (bench/footprint-bench.sh runs the others with the container image's settings):
# the JVM options, the jar, and a command in front of java (for example taskset).
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xms1g -Xmx1g}
SERVICE_LAUNCHER=${SERVICE_LAUNCHER:-}
BENCH_PIDS=()
BENCH_DBS=()
mkdir -p target/bench

bench_cleanup() {
  local pid db
  for pid in "${BENCH_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  for db in "${BENCH_DBS[@]}"; do
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || true
  done
}
trap bench_cleanup EXIT

# The service's demo jar (the production jar plus the POK simulator): start_simulator runs the simulator from it, and
# services started without POK_API_KEY run in demo mode; with the key the simulator in it stays unused. Built when
# missing (bench/run.sh always builds first).
JAR=$(ls service/target/openedx-pok-*-demo.jar 2>/dev/null | head -n1 || true)
if [[ -z "$JAR" ]]; then
  echo "building the jar"
  ./mvnw -q -B -DskipTests -Pdemo package
  JAR=$(ls service/target/openedx-pok-*-demo.jar | head -n1)
fi

# wait_for URL [SECONDS]: until the URL answers 2xx; fails the script after SECONDS (120).
wait_for() {
  local deadline=$((SECONDS + ${2:-120}))
  until curl -fs "$1" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then echo "timed out waiting for $1" >&2; exit 1; fi
    sleep 0.2
  done
}

# bench_db NAME: a fresh PostgreSQL database, dropped at exit.
bench_db() {
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $1 ENCODING 'UTF8'"
  BENCH_DBS+=("$1")
}

# sql DB [psql options]: runs standard input (or -c "...") in the database.
sql() {
  local db=$1
  shift
  "${PSQL[@]}" -d "$db" "$@"
}

# course_templates_sql COURSES: the SQL that enables POK for courses course-v1:Bench+C0+2025 … C<COURSES-1>
# (template demo-template of the simulator, emission pok, acceptance skipped), as an operator would in the console.
course_templates_sql() {
  cat <<SQL
INSERT INTO course_template (course_key, template_id, emission_type, title_override, skip_acceptance, enabled,
                             created_at, modified_at)
SELECT 'course-v1:Bench+C' || c || '+2025', 'demo-template', 'pok', 'Bench course ' || c, TRUE, TRUE,
       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
FROM generate_series(0, $1 - 1) AS c;
SQL
}

# start_simulator PORT EMIT_DELAY_MS: the POK simulator as its own process (its pid in SIMULATOR_PID).
start_simulator() {
  java -Xmx512m -Dloader.main=com.openedxpok.simulator.PokSimulatorMain -cp "$JAR" \
    org.springframework.boot.loader.launch.PropertiesLauncher --port "$1" --api-key "$POK_KEY" \
    --emit-delay-ms "$2" >"target/bench/simulator-$1.log" 2>&1 &
  SIMULATOR_PID=$!
  BENCH_PIDS+=("$SIMULATOR_PID")
  wait_for "http://127.0.0.1:$1/_simulator/stats"
}

# simulator_faults PORT JSON: replaces the simulator's fault plan (see docs/simulator.md).
simulator_faults() {
  curl -fs -H 'Content-Type: application/json' -d "$2" "http://127.0.0.1:$1/_simulator/faults" >/dev/null
}

# start_service NAME PORT DATABASE_URL [VAR=value ...]: the service, heap 1 GiB, logging to target/bench/NAME.log.
# Sets SERVICE_PID and STARTUP_MS (launch until ready). Without POK_API_URL/POK_API_KEY in the extra variables it runs
# in demo mode on its own simulator. The extra variables override the defaults below.
start_service() {
  local name=$1 port=$2 url=$3
  shift 3
  local started=$(date +%s%3N)
  env DATABASE_URL="$url" DATABASE_USERNAME=postgres DATABASE_PASSWORD= OPENEDX_WEBHOOK_TOKEN=$TOKEN \
    PORT="$port" PUBLIC_URL="http://127.0.0.1:$port/" OPENEDX_PLATFORM_NAME="Bench Learning" \
    POK_ADMIN_USERNAME=bench POK_ADMIN_PASSWORD=bench-console-password "$@" \
    $SERVICE_LAUNCHER java $SERVICE_JAVA_OPTS -jar "${SERVICE_JAR:-$JAR}" --server.address=127.0.0.1 \
    >>"target/bench/$name.log" 2>&1 &
  SERVICE_PID=$!
  BENCH_PIDS+=("$SERVICE_PID")
  # RSS_SAMPLES=FILE: the service's resident memory every second, one "NAME SECONDS MiB" line each.
  if [[ -n "${RSS_SAMPLES:-}" ]]; then
    (while [[ -r "/proc/$SERVICE_PID/status" ]]; do
      awk -v n="$name" -v t="$(date +%s)" '/^VmRSS:/ {printf "%s %s %d\n", n, t, $2 / 1024}' "/proc/$SERVICE_PID/status"
      sleep 1
    done >>"$RSS_SAMPLES" 2>/dev/null) &
    BENCH_PIDS+=("$!")
  fi
  local deadline=$((SECONDS + 180))
  # /readyz: the readiness probe on the service's port, also when the actuator has a port of its own.
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service $name did not start; see target/bench/$name.log" >&2; exit 1; }
    if ((SECONDS > deadline)); then echo "the service $name did not get ready; see target/bench/$name.log" >&2; exit 1; fi
    sleep 0.1
  done
  STARTUP_MS=$(($(date +%s%3N) - started))
}

# peak_rss_mib PID: the process's peak resident memory so far (VmHWM), in MiB.
peak_rss_mib() {
  awk '/^VmHWM:/ {printf "%d", $2 / 1024}' "/proc/$1/status"
}

# cpu_ticks PID...: CPU time (user + system, in clock ticks) the processes used so far.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# postgres_pids: PostgreSQL's server processes (the bench connects as postgres over TCP to the local server).
postgres_pids() {
  pgrep -u postgres || true
}

# machine_lines: the "Date / Machine / Software" bullet lines every section starts with.
machine_lines() {
  local cpu mem java pg
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1)
  mem=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
  java=$(java -version 2>&1 | head -n1)
  pg=$("${PSQL[@]}" -d postgres -Atc "SHOW server_version")
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M') (UTC)"
  echo "- Machine: $(nproc) CPU cores${cpu:+ ($cpu)}, $mem memory; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Software: $java; PostgreSQL $pg; service heap 1 GiB; load driver, service, simulator and database share the machine"
}

# write_section NAME: replaces the section <!-- NAME:start --> … <!-- NAME:end --> of docs/benchmarks.md with stdin.
write_section() {
  python3 bench/write-section.py "$1" "$DOC"
  echo "results written to $DOC ($1)"
}
