#!/usr/bin/env bash
# Every benchmark and resilience run, one after the other, each rewriting its own section of docs/benchmarks.md.
#
#   bench/run.sh                 # build, then run all of them (about 30 minutes on a 2-core machine)
#   bench/run.sh render creation # only those (names: render creation issuance original resilience eventbus)
#
# The issuance run at POK concurrency 8 is most of it and cannot be shorter: 10,000 certificates × 3 POK calls × 0.15 s
# / 8 calls at a time = 562 s at the ceiling.
# Needs Java 17, PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), psql, Debian's wrk, python3. Everything
# runs on 127.0.0.1; each script drops the databases and stops the processes it started. Run it on an otherwise idle
# machine: the figures are only as quiet as the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL="render creation original resilience issuance eventbus"
SELECTED=${*:-$ALL}
for name in $SELECTED; do
  [[ " $ALL " == *" $name "* ]] || { echo "unknown benchmark '$name' (one of: $ALL)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
psql -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT 1" >/dev/null \
  || { echo "PostgreSQL does not answer on 127.0.0.1:5432 as user postgres" >&2; exit 1; }

echo "building the jar"
./mvnw -q -B -DskipTests -Pdemo package

started=$SECONDS
TIMES=""
for name in $SELECTED; do
  echo "=== $name ==="
  t0=$SECONDS
  bash "bench/$name-bench.sh"
  TIMES+="| $name | $((SECONDS - t0)) |"$'\n'
done

python3 bench/write-section.py run-summary docs/benchmarks.md <<MD
<!-- run-summary:start -->
## Last run of \`bench/run.sh\`

$(date -u '+%Y-%m-%d %H:%M') (UTC), $(nproc) CPU cores; total $((SECONDS - started)) s (plus the build).

| benchmark | seconds |
|---|---|
${TIMES%$'\n'}
<!-- run-summary:end -->
MD
echo "done in $((SECONDS - started)) s; see docs/benchmarks.md"
