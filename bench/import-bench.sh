#!/usr/bin/env bash
# The import from openedx-pok 1.x (issue #16) on PostgreSQL: an export of ROWS certificates (99 % with a POK credential
# in state emitted, 1 % without one) and its 50 course templates, uploaded through POST /api/v1/imports/openedx-pok,
# timed from the upload until the import is DONE. Then the POK simulator's count of issue calls: only the lines
# without a credential may cause any. Prints a markdown table for docs/benchmarks.md ("Import from openedx-pok 1.x").
#
# Needs: PostgreSQL at 127.0.0.1:5432 (user postgres, trust), psql, curl, python3, Java 17.
#
#   bench/import-bench.sh                  # 100,000 lines
#   DEMO=1 ROWS=1000 WITHOUT_CREDENTIAL_EVERY=0 bench/import-bench.sh
#                                          # the cut-over rehearsal: the service in demo mode (its built-in POK
#                                          # simulator), 1,000 certificates that all hold a credential
#
# Besides the wall time it reads the CPU time the service and its PostgreSQL connections used during the import
# (/proc), which says what the import costs when the machine is shared.
source "$(dirname "$0")/lib.sh"

ROWS=${ROWS:-100000}
WITHOUT_CREDENTIAL_EVERY=${WITHOUT_CREDENTIAL_EVERY:-100}
DEMO=${DEMO:-0}
DB=pok_bench_import
PORT=${BENCH_PORT:-18171}
SIM_PORT=${BENCH_SIM_PORT:-18172}
BASE="http://127.0.0.1:$PORT"
API_TOKEN="pok_benchimport00000000000000000000000000000"
OUT=target/bench/import
mkdir -p "$OUT"

python3 - "$ROWS" "$OUT" "$WITHOUT_CREDENTIAL_EVERY" <<'PY'
import sys
rows, out, every = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with open(f"{out}/pok-templates.tsv", "w") as t:
    t.write("id\tcreated\tmodified\tcourse_id\ttemplate_id\temission_type\tpage_id\n")
    for c in range(50):
        t.write(f"{c+1}\t2023-01-01 10:00:00.000000\t2023-01-01 10:00:00.000000\tcourse-v1:Bench+C{c}+2025\tdemo-template\tpok\tdemo-page\n")
with open(f"{out}/pok-certificates.tsv", "w") as f:
    f.write("id\tcreated\tmodified\tuser_id\tcourse_id\tpok_certificate_id\tstate\tview_url\temission_date\temission_type\t"
            "custom_parameters\ttitle\temitter\ttags\tpage\treceiver_email\treceiver_name\tusername\temail\n")
    for i in range(1, rows + 1):
        course = f"course-v1:Bench+C{i % 50}+2025"
        tags = f'["StudentId:{i}", "CourseId:{course}", "Mode:verified"]'
        if every and i % every == 0:
            cred, state, view, date = "NULL", "NULL", "NULL", "NULL"
        else:
            cred, state, view, date = f"bench-{i:08d}", "emitted", f"https://pok.example/credential/bench-{i:08d}", "2024-03-05 14:22:01.123456"
        f.write(f"{i}\t2024-03-05 14:22:01.123456\t2024-03-05 14:22:01.123456\t{i}\t{course}\t{cred}\t{state}\t{view}\t{date}\tpok\t"
                f'{{"grade": "87",\\t"platform": "Bench"}}\tBench course {i % 50}\tBench University\t{tags}\tdemo-page\t'
                f"learner{i}@example.org\tLearner\\tNumber {i}\tlearner{i}\tlearner{i}@example.org\n")
PY
echo "export: $(wc -l <"$OUT/pok-certificates.tsv") lines, $(du -h "$OUT/pok-certificates.tsv" | cut -f1)"

bench_db "$DB"
# The exports of 100,000 lines are about 40 MB: over the console's 20 MB upload limit (see the migration guide).
LIMITS=(SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE=200MB SPRING_SERVLET_MULTIPART_MAX_REQUEST_SIZE=400MB)
if [[ $DEMO == 1 ]]; then
  start_service import "$PORT" "jdbc:postgresql://127.0.0.1:5432/$DB" "${LIMITS[@]}"
  SIM_PORT=$(sed -n 's|.*built-in POK SIMULATOR at http://127.0.0.1:\([0-9]*\)/.*|\1|p' target/bench/import.log | tail -n1)
else
  start_simulator "$SIM_PORT" 0
  start_service import "$PORT" "jdbc:postgresql://127.0.0.1:5432/$DB" POK_API_URL="http://127.0.0.1:$SIM_PORT/" \
    POK_API_KEY="$POK_KEY" "${LIMITS[@]}"
fi
issues_before=$(curl -fsS "http://127.0.0.1:$SIM_PORT/_simulator/stats" |
  python3 -c 'import json,sys; print(json.load(sys.stdin).get("byOperation", {}).get("POST /credential", 0))')
# The service's pool keeps its connections: their server processes are the import's share of PostgreSQL.
pg_pids() {
  sql "$DB" -tA -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()"
}
sql "$DB" -c "INSERT INTO api_token (operator_id, name, token_hash, prefix, created_at) SELECT id, 'bench',
  encode(sha256('$API_TOKEN'::bytea), 'hex'), 'pok_bench', now() FROM operator_account WHERE username = 'bench'"

service_ticks=$(cpu_ticks "$SERVICE_PID")
started=$(date +%s%3N)
answer=$(curl -fsS -H "Authorization: Bearer $API_TOKEN" -F "certificates=@$OUT/pok-certificates.tsv" \
  -F "templates=@$OUT/pok-templates.tsv" "$BASE/api/v1/imports/openedx-pok")
uploaded=$(date +%s%3N)
id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$answer")
until [[ $(curl -fsS -H "Authorization: Bearer $API_TOKEN" "$BASE/api/v1/imports/openedx-pok/$id?limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["job"]["status"])') == DONE ]]; do
  sleep 0.2
done
finished=$(date +%s%3N)
service_cpu=$((($(cpu_ticks "$SERVICE_PID") - service_ticks) * 1000 / $(getconf CLK_TCK)))
pg_cpu=$(($(cpu_ticks $(pg_pids)) * 1000 / $(getconf CLK_TCK)))
job=$(curl -fsS -H "Authorization: Bearer $API_TOKEN" "$BASE/api/v1/imports/openedx-pok/$id?limit=1")
sleep 5  # the lines without a credential are being issued meanwhile: let the worker get to them
issues=$(($(curl -fsS "http://127.0.0.1:$SIM_PORT/_simulator/stats" |
  python3 -c 'import json,sys; print(json.load(sys.stdin).get("byOperation", {}).get("POST /credential", 0))') - issues_before))
without=$(sql "$DB" -tA -c "SELECT COUNT(*) FROM pok_certificate WHERE pok_credential_id IS NULL OR pok_credential_id NOT LIKE 'bench-%'")
emitted=$(sql "$DB" -tA -c "SELECT COUNT(*) FROM pok_certificate WHERE pok_credential_id LIKE 'bench-%' AND status = 'EMITTED'")
load=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$ROWS" "$((uploaded - started))" "$((finished - started))" "$job" "$issues" "$emitted" "$load" \
  "$service_cpu" "$pg_cpu" "$without" "$DEMO" <<'PY'
import json, sys
rows, upload_ms, total_ms, job, issues, emitted, load, service_cpu, pg_cpu, without, demo = sys.argv[1:]
job = json.loads(job)["job"]
print("| lines | POK | upload and store (s) | upload to DONE (s) | lines/s | CPU: service + PostgreSQL (s) | accepted | skipped | taken over as EMITTED | certificates without a credential | POK issue calls | load average (1, 5, 15 min) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
print(f"| {int(rows):,} | {'demo mode' if demo == '1' else 'simulator'} | {int(upload_ms)/1000:.1f} | {int(total_ms)/1000:.1f} | {int(rows)*1000//int(total_ms):,} | {int(service_cpu)/1000:.1f} + {int(pg_cpu)/1000:.1f} | {job['accepted']:,} | {job['skipped']:,} | {int(emitted):,} | {without} | {issues} | {load} |")
PY
