#!/usr/bin/env bash
# Footprint of the container image's settings: resident memory idle, under the render benchmark and during 10,000
# issuances, and the start-up time, with the service run the way the image runs it.
#
#   bench/footprint-bench.sh         # measure, then rewrite the "footprint" section of docs/benchmarks.md
#
# The image's way: the jar unpacked by Spring Boot's extract (app.jar + lib/, as the Dockerfile does), the JVM options
# of the Dockerfile's JAVA_TOOL_OPTIONS, on two cores (taskset), and -XX:MaxRAM standing in for the container's memory
# limit (the JVM sizes its heap from MaxRAM as it would from the cgroup limit; nothing enforces the limit here).
# The render and issuance loads are bench/render-bench.sh and bench/issuance-bench.sh themselves, run with these
# settings (their own tables go to a scratch file, not to docs/benchmarks.md).
# Settings (environment): MEMORY_MIB (512: the Tutor plugin's default limit), CPUS (0,1), STARTS (3 restarts
# measured after the first start), CDS (1: also measure start-up with a class data sharing archive), PORT (18491).
source "$(dirname "$0")/lib.sh"

MEMORY_MIB=${MEMORY_MIB:-512}
CPUS=${CPUS:-0,1}
STARTS=${STARTS:-3}
CDS=${CDS:-1}
PORT=${PORT:-18491}
DB=pok_bench_footprint
APP=target/bench/image-app
SCRATCH=target/bench/footprint-scratch.md
SAMPLES=target/bench/footprint-rss.txt
command -v wrk >/dev/null || { echo "wrk is missing (the render benchmark's load driver): apt-get install wrk" >&2; exit 1; }
IMAGE_FLAGS=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\([^"$]*\)".*/\1/p' Dockerfile | head -n1)
[[ -n "$IMAGE_FLAGS" ]] || { echo "no JAVA_TOOL_OPTIONS in the Dockerfile" >&2; exit 1; }
FLAGS="$IMAGE_FLAGS -XX:MaxRAM=${MEMORY_MIB}m"
TICK=$(getconf CLK_TCK)

# The jar unpacked as the Dockerfile unpacks it.
rm -rf "$APP" "$APP.x"
java -Djarmode=tools -jar "$JAR" extract --layers --application-filename app.jar --destination "$APP.x" >/dev/null
mkdir -p "$APP"
for layer in "$APP.x"/*/; do cp -r "$layer." "$APP/"; done
[[ -f "$APP/app.jar" ]] || { echo "extracting $JAR gave no app.jar" >&2; exit 1; }
rm -rf "$APP.x" "$SAMPLES"

export SERVICE_JAR="$APP/app.jar" SERVICE_LAUNCHER="taskset -c $CPUS"
service_env=(POK_API_URL="http://127.0.0.1:9/" POK_API_KEY="$POK_KEY")  # no POK call happens while idle

cpu_ms() { echo $(($(cpu_ticks "$1") * 1000 / TICK)); }
rss_mib() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
median() { tr ' ' '\n' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# starts LABEL EXTRA_JAVA_OPTIONS: STARTS restarts on the migrated database; sets S_* (medians) and S_RSS (the last
# start's resident memory after 30 s idle).
starts() {
  local walls="" cpus="" springs="" i
  for ((i = 1; i <= STARTS; i++)); do
    SERVICE_JAVA_OPTS="$FLAGS $2" start_service "footprint-$1" "$PORT" "jdbc:postgresql://127.0.0.1:5432/$DB" \
      "${service_env[@]}"
    walls+=" $STARTUP_MS"
    cpus+=" $(cpu_ms "$SERVICE_PID")"
    springs+=" $(grep -o 'Started OpenedxPokApplication in [0-9.]*' "target/bench/footprint-$1.log" | tail -n1 | awk '{print $NF}')"
    if ((i == STARTS)); then sleep 30; S_RSS=$(rss_mib "$SERVICE_PID"); fi
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  done
  S_WALL=$(echo $walls | median); S_CPU=$(echo $cpus | median); S_SPRING=$(echo $springs | median)
  S_ALL="$walls"
}

bench_db "$DB"
echo "first start: Flyway creates the schema"
SERVICE_JAVA_OPTS="$FLAGS" start_service footprint-first "$PORT" "jdbc:postgresql://127.0.0.1:5432/$DB" "${service_env[@]}"
FIRST_MS=$STARTUP_MS
kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true

echo "$STARTS starts with the image's settings"
starts plain ""
ROWS="| the image's settings | $S_WALL ($S_ALL ) | $S_CPU | $S_SPRING | $S_RSS |"$'\n'
IDLE_RSS=$S_RSS
CDS_FLAG=""
if [[ "$CDS" == 1 ]]; then
  echo "training run for the class data sharing archive"
  training_log=target/bench/footprint-cds-training.log
  # The same class path as the measured starts (the archive is refused for another one): the same working directory.
  env DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" DATABASE_USERNAME=postgres \
    OPENEDX_WEBHOOK_TOKEN=$TOKEN POK_ADMIN_USERNAME=bench POK_ADMIN_PASSWORD=bench-console-password PORT="$PORT" \
    "${service_env[@]}" taskset -c "$CPUS" java $FLAGS -XX:ArchiveClassesAtExit="$APP/app.jsa" \
    -Dspring.context.exit=onRefresh -jar "$APP/app.jar" --server.address=127.0.0.1 >"$training_log" 2>&1
  [[ -f "$APP/app.jsa" ]] || { echo "the training run left no archive; see $training_log" >&2; exit 1; }
  echo "$STARTS starts with the archive"
  starts cds "-XX:SharedArchiveFile=$APP/app.jsa"
  ROWS+="| the same + CDS archive ($(du -m "$APP/app.jsa" | cut -f1) MiB) | $S_WALL ($S_ALL ) | $S_CPU | $S_SPRING | $S_RSS |"$'\n'
fi

echo "$ROWS" >target/bench/footprint-starts.md  # kept if a load below fails

# The loads, with the same settings; their tables go to the scratch file.
cp "$DOC" "$SCRATCH"
echo "render benchmark (PostgreSQL, 16 and 64 clients)"
BENCH_DOC="$SCRATCH" RSS_SAMPLES="$PWD/$SAMPLES" SERVICE_JAVA_OPTS="$FLAGS" DATABASES=postgresql CLIENTS="16 64" \
  PROFILE=0 PORT=$((PORT + 100)) bench/render-bench.sh
echo "issuance benchmark (10,000 certificates, POK concurrency 32)"
BENCH_DOC="$SCRATCH" RSS_SAMPLES="$PWD/$SAMPLES" SERVICE_JAVA_OPTS="$FLAGS" CONCURRENCIES=32 TWO_CONCURRENCY=0 \
  bench/issuance-bench.sh

peak() { awk -v n="$1" '$1 == n && $3 > m {m = $3} END {print m + 0}' "$SAMPLES"; }
# One line for each run, from the rows the two scripts wrote to the scratch file.
render_summary=$(sed -n '/<!-- render-bench:start -->/,/<!-- render-bench:end -->/p' "$SCRATCH" | awk -F'|' '
  /^\| postgresql / {sub(/^ *postgresql /, "", $2); printf "%s%s clients: %s requests/s, p99 %s ms", sep, $2 + 0, $5 + 0, $8 + 0; sep = "; "}')
issuance_summary=$(sed -n '/<!-- issuance-bench:start -->/,/<!-- issuance-bench:end -->/p' "$SCRATCH" | awk -F'|' '
  /^\| 1 × 32 / && !done {printf "%s emitted in %s s, %s certificates/s", $3, $4 + 0, $7 + 0; done = 1}')

write_section footprint <<EOF
<!-- footprint:start -->
## Footprint of the container image

The service run as its container image runs it: the jar unpacked by Spring Boot's \`extract\` (as the \`Dockerfile\`
does), the image's JVM options (\`JAVA_TOOL_OPTIONS=$IMAGE_FLAGS\`), on 2 cores (\`taskset -c $CPUS\`),
with \`-XX:MaxRAM=${MEMORY_MIB}m\` standing in for a ${MEMORY_MIB} MiB container memory limit (the Tutor plugin's
default, \`POKSERVICE_MEMORY_LIMIT_MIB\`): the JVM sizes its heap from it as it would from the cgroup's limit, so the heap
may grow to $((MEMORY_MIB * 75 / 100)) MiB; nothing enforces the limit here. PostgreSQL on the same machine.

- Date: $(date -u '+%Y-%m-%d %H:%M') (UTC)
- Machine: $(nproc) CPU cores, $(free -g | awk '/^Mem:/ {print $2 " GiB"}') memory; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine was shared with other builds: wall-clock start-up times are inflated by it, CPU time much less)
- Software: $(java -version 2>&1 | head -n1)
- Reproduce: \`bench/footprint-bench.sh\` (\`MEMORY_MIB\`, \`CPUS\`, \`STARTS\`, \`CDS\`)

Start-up on a migrated database (the first start, which creates the schema, took $FIRST_MS ms): from launching
\`java\` to \`/readyz\` answering, the CPU time the process used until then, Spring's own "Started … in", and resident
memory after 30 s idle. Medians of $STARTS starts (each start's wall time in brackets).

| settings | start-up ms | CPU ms until ready | Spring "Started in" s | RSS idle MiB |
|---|---|---|---|---|
${ROWS%$'\n'}

Resident memory under load (sampled every second; the highest sample of the run):

| load | peak RSS MiB | the run |
|---|---|---|
| idle, 30 s after start-up | $IDLE_RSS | |
| render webfilter, 1,000,000 certificates, 16 then 64 clients (\`bench/render-bench.sh\`) | $(peak render-pg) | $render_summary |
| issuing 10,000 certificates at POK concurrency 32 (\`bench/issuance-bench.sh\`) | $(peak issuance-c32-0) | $issuance_summary |
<!-- footprint:end -->
EOF
