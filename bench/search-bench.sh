#!/usr/bin/env bash
# The console's certificate search with 1,000,000 certificates, on PostgreSQL and on MariaDB: how long a search
# takes through the service (the console's HTML page and the REST API, which run the same query), p50/p95 over
# repeated runs, for a common first name, two words, a rare email typed in upper case, a part of a course key, a
# credential id, a word every row has, and no match. Writes the search-bench section of docs/benchmarks.md.
#
# Needs: PostgreSQL at 127.0.0.1:5432 (user postgres, trust), MariaDB at 127.0.0.1:3306 (root, no password), psql,
# mysql, curl, python3, Java 17. Creates the databases pok_bench_search on both, drops them at exit.
#
#   bench/search-bench.sh                      # 1,000,000 certificates, 30 runs per search, both databases
#   ROWS=100000 RUNS=10 DATABASES=postgresql bench/search-bench.sh
#
# The rows are written with SQL (generate_series on PostgreSQL, the sequence engine on MariaDB), not through the
# service, and so are their search words: the same words com.openedxpok.issuance.SearchWords gives these values (the
# bench checks the counts of every search against what the data was built to give). To write them fast, the fill
# drops the word index and foreign-key checks for its session and builds the index afterwards, as a bulk load would.
source "$(dirname "$0")/lib.sh"

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-30}
DATABASES=${DATABASES:-"postgresql mariadb"}
DB=pok_bench_search
PORT=${BENCH_PORT:-18095}
BASE="http://127.0.0.1:$PORT"
API_TOKEN="pok_benchsearch000000000000000000000000000000"
MYSQL=(mysql -h 127.0.0.1 -P 3306 -u root --batch --skip-column-names)
OUT=target/bench/search
mkdir -p "$OUT"
# One results file per database: DATABASES=mariadb measures MariaDB again and keeps PostgreSQL's last figures.

search_cleanup() {
  "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS $DB" 2>/dev/null || true
  bench_cleanup
}
trap search_cleanup EXIT

stop_service() {
  kill "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
}

# The learners: a first name (5 % of rows each), a last name (4 % each); as stored and folded (SearchWords.fold).
FIRST="'Ana','María','José','Grace','Lucía','Juan','Sofía','Mateo','Valentina','Diego','Camila','Andrés','Isabella','Martín','Emma','Noah','Olivia','Liam','Zoë','Chloé'"
FIRSTF="'ana','maria','jose','grace','lucia','juan','sofia','mateo','valentina','diego','camila','andres','isabella','martin','emma','noah','olivia','liam','zoe','chloe'"
LAST="'García','Rodríguez','González','Fernández','López','Martínez','Sánchez','Pérez','Gómez','Díaz','Hopper','Lovelace','Turing','Müller','Schmidt','Dubois','Moreau','Rossi','Russo','Silva','Santos','Costa','Kowalski','Novak','Jensen'"
LASTF="'garcia','rodriguez','gonzalez','fernandez','lopez','martinez','sanchez','perez','gomez','diaz','hopper','lovelace','turing','muller','schmidt','dubois','moreau','rossi','russo','silva','santos','costa','kowalski','novak','jensen'"

# fill_sql DIALECT: the SQL that writes $ROWS certificates and their words. Row g: first name g % 20, last name
# (g / 20) % 25; username first_lastG; email first.lastG@example.org; course course-v1:DemoX+POK101+2026 for
# g % 50 = 0 (2 %), else course-v1:Org<g%10>+C<g%50>+2026; 90 % have a POK credential id md5('credential' || g)
# and an image URL fetched just now (else the service's image refresher would ask the demo's POK about 900,000
# credentials it never issued while the searches are timed).
fill_sql() {
  local series ts idtext now
  if [[ $1 == postgresql ]]; then
    first() { echo "(ARRAY[$1])[1 + g % 20]"; }
    last() { echo "(ARRAY[$1])[1 + (g / 20) % 25]"; }
    series="generate_series(1, $ROWS) AS g"
    ts="(now() AT TIME ZONE 'UTC') - (($ROWS - g) * interval '30 seconds')"
    now="now() AT TIME ZONE 'UTC'"
    idtext="g::text"
    echo "SET session_replication_role = replica;"
    echo "DROP INDEX ix_certificate_search_word_word;"
  else
    first() { echo "ELT(1 + g % 20, $1)"; }
    last() { echo "ELT(1 + (g DIV 20) % 25, $1)"; }
    series="(SELECT seq AS g FROM seq_1_to_$ROWS) AS s"
    ts="UTC_TIMESTAMP(6) - INTERVAL ($ROWS - g) * 30 SECOND"
    now="UTC_TIMESTAMP(6)"
    idtext="CAST(g AS CHAR)"
    echo "SET foreign_key_checks = 0, unique_checks = 0;"
    echo "DROP INDEX ix_certificate_search_word_word ON certificate_search_word;"
  fi
  cat <<SQL
INSERT INTO pok_certificate (id, public_id, user_id, course_key, username, receiver_name, receiver_email,
    language_tag, mode, grade, pok_credential_id, pok_state, image_fetched_at, emission_type, title, emitter, status, attempts,
    queued_at, last_error, version, created_at, modified_at)
SELECT g, md5(CONCAT('public', g)), g,
    CASE WHEN g % 50 = 0 THEN 'course-v1:DemoX+POK101+2026' ELSE CONCAT('course-v1:Org', g % 10, '+C', g % 50, '+2026') END,
    CONCAT($(first "$FIRSTF"), '_', $(last "$LASTF"), g),
    CONCAT($(first "$FIRST"), ' ', $(last "$LAST")),
    CONCAT($(first "$FIRSTF"), '.', $(last "$LASTF"), g, '@example.org'), 'en-US', 'verified', 0.9,
    CASE WHEN g % 100 < 90 THEN md5(CONCAT('credential', g)) END,
    CASE WHEN g % 100 < 90 THEN 'emitted' END, CASE WHEN g % 100 < 90 THEN $now END, 'pok', 'Bench course', 'Bench University',
    CASE WHEN g % 100 < 90 THEN 'EMITTED' WHEN g % 100 < 95 THEN 'FAILED' WHEN g % 100 < 98 THEN 'HELD'
         ELSE 'REVOKED' END,
    1, $ts, CASE WHEN g % 100 BETWEEN 90 AND 97 THEN 'bench' END, 0, $ts, $ts
FROM $series;
INSERT INTO certificate_search_word (certificate_id, word)
SELECT DISTINCT g, w FROM (
  SELECT g, CASE k
    WHEN 1 THEN $idtext
    WHEN 2 THEN f
    WHEN 3 THEN l
    WHEN 4 THEN CONCAT(f, '_', l, g)
    WHEN 5 THEN CONCAT(l, g)
    WHEN 6 THEN CONCAT(f, '.', l, g, '@example.org')
    WHEN 7 THEN CONCAT(l, g, '@example.org')
    WHEN 8 THEN 'example.org'
    WHEN 9 THEN 'org'
    WHEN 10 THEN lower(CONCAT('course-v1:', o, '+', c, '+2026'))
    WHEN 11 THEN lower(CONCAT('v1:', o, '+', c, '+2026'))
    WHEN 12 THEN lower(CONCAT(o, '+', c, '+2026'))
    WHEN 13 THEN lower(CONCAT(c, '+2026'))
    WHEN 14 THEN '2026'
    WHEN 15 THEN CASE WHEN g % 100 < 90 THEN md5(CONCAT('credential', g)) END
  END AS w
  FROM (SELECT g, $(first "$FIRSTF") AS f, $(last "$LASTF") AS l,
          CASE WHEN g % 50 = 0 THEN 'DemoX' ELSE CONCAT('Org', g % 10) END AS o,
          CASE WHEN g % 50 = 0 THEN 'POK101' ELSE CONCAT('C', g % 50) END AS c
        FROM $series) AS learners
  CROSS JOIN (SELECT k FROM $( [[ $1 == postgresql ]] && echo "generate_series(1, 15) AS k" || echo "(SELECT seq AS k FROM seq_1_to_15) AS ks")) AS kinds
) AS words WHERE w IS NOT NULL ORDER BY g, w;
SQL
  if [[ $1 == postgresql ]]; then
    cat <<SQL
SET session_replication_role = DEFAULT;
SELECT setval(pg_get_serial_sequence('pok_certificate', 'id'), $ROWS);
CREATE INDEX ix_certificate_search_word_word ON certificate_search_word (word varchar_pattern_ops, certificate_id);
VACUUM ANALYZE pok_certificate;
VACUUM ANALYZE certificate_search_word;
SQL
  else
    cat <<SQL
SET foreign_key_checks = 1, unique_checks = 1;
CREATE INDEX ix_certificate_search_word_word ON certificate_search_word (word, certificate_id);
ANALYZE TABLE pok_certificate, certificate_search_word;
SQL
  fi
}

# The searches: name | q | what the data gives (rows, or the capped count the list shows).
searches() {
  local rare_email=$1 credential=$2
  cat <<EOF
common first name|Ana|$((ROWS / 20))
two words of a name|ana garcia|$((ROWS / 500))
rare email, upper case|$rare_email|1
course key part|DemoX|$((ROWS / 50))
credential id (12 first characters)|$credential|1
a word every row has|example.org|$ROWS
no match|zzqx|0
common first name, FAILED only|Camila&status=FAILED|$((ROWS / 100))
EOF
}

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="&="))' "$1"; }

# p50_p95 NAME: the 50th and 95th percentile (ms) of the times (seconds) on standard input.
percentiles() {
  sort -n | awk '{ t[NR] = $1 * 1000 } END { i50 = int((NR + 1) / 2); i95 = int(NR * 0.95 + 0.999); if (i95 > NR) i95 = NR;
    printf "%.1f\t%.1f", t[i50], t[i95] }'
}

measure_database() {
  local kind=$1 url user
  echo "== $kind: $ROWS certificates"
  RESULTS="$OUT/results-$kind.tsv"
  : >"$RESULTS"
  if [[ $kind == postgresql ]]; then
    bench_db $DB
    url="jdbc:postgresql://127.0.0.1:5432/$DB"
    user=postgres
    run_sql() { sql $DB; }
    query() { sql $DB -At -c "$1"; }
  else
    "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
    url="jdbc:mariadb://127.0.0.1:3306/$DB"
    user=root
    run_sql() { "${MYSQL[@]}" $DB; }
    query() { "${MYSQL[@]}" $DB -e "$1"; }
  fi
  start_service "search-$kind" "$PORT" "$url" DATABASE_USERNAME=$user
  stop_service
  local started=$SECONDS
  fill_sql "$kind" | run_sql
  local fill_seconds=$((SECONDS - started))
  local words
  words=$(query "SELECT COUNT(*) FROM certificate_search_word")
  echo "   filled in ${fill_seconds} s: $(query "SELECT COUNT(*) FROM pok_certificate") certificates, $words words"

  start_service "search-$kind" "$PORT" "$url" DATABASE_USERNAME=$user
  if [[ $kind == postgresql ]]; then
    query "INSERT INTO api_token (operator_id, name, token_hash, prefix, created_at) SELECT id, 'bench',
      encode(sha256('$API_TOKEN'::bytea), 'hex'), 'pok_bench', now() FROM operator_account WHERE username = 'bench'"
  else
    query "INSERT INTO api_token (operator_id, name, token_hash, prefix, created_at) SELECT id, 'bench',
      SHA2('$API_TOKEN', 256), 'pok_bench', UTC_TIMESTAMP() FROM operator_account WHERE username = 'bench'"
  fi
  # A console session, as an operator's browser has one.
  local jar="$OUT/cookies-$kind"
  rm -f "$jar"
  local csrf
  csrf=$(curl -fs -c "$jar" -b "$jar" "$BASE/admin/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=bench" \
    --data-urlencode "password=bench-console-password" --data-urlencode "_csrf=$csrf" "$BASE/admin/login"
  curl -fs -o /dev/null -b "$jar" "$BASE/admin/certificates" || { echo "console login failed" >&2; exit 1; }

  local rare_email credential
  rare_email=$(query "SELECT UPPER(receiver_email) FROM pok_certificate WHERE id = $((ROWS * 7 / 9))")
  credential=$(query "SELECT SUBSTRING(pok_credential_id, 1, 12) FROM pok_certificate WHERE id = $((ROWS * 7 / 9 + 1))")
  searches "$rare_email" "$credential" | while IFS='|' read -r name q expected; do
    local path
    path="q=$(urlencode "$q")"
    local answer count capped
    answer=$(curl -fs -H "Authorization: Bearer $API_TOKEN" "$BASE/api/v1/certificates?$path")
    count=$(python3 -c 'import json, sys; a = json.load(sys.stdin); print(a["count"], "+" if a["countCapped"] else "")' <<<"$answer")
    for _ in 1 2 3; do
      curl -fs -o /dev/null -b "$jar" "$BASE/admin/certificates?$path"
      curl -fs -o /dev/null -H "Authorization: Bearer $API_TOKEN" "$BASE/api/v1/certificates?$path"
    done
    local console api
    console=$(for _ in $(seq 1 "$RUNS"); do
      curl -fs -o /dev/null -w '%{time_total}\n' -b "$jar" "$BASE/admin/certificates?$path"; done | percentiles)
    api=$(for _ in $(seq 1 "$RUNS"); do
      curl -fs -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $API_TOKEN" \
        "$BASE/api/v1/certificates?$path"; done | percentiles)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$name" "$q" "$expected" "${count// /}" "$console" "$api" \
      | tee -a "$RESULTS"
  done
  printf '#\t%s\t%s\t%s\t%s\n' "$kind" "$fill_seconds" "$words" "$(date -u '+%Y-%m-%d %H:%M')" >>"$RESULTS"
  # The plans of two searches, for the log (target/bench/search/plans-*.txt).
  local ana="SELECT id FROM pok_certificate WHERE id IN (SELECT certificate_id FROM certificate_search_word WHERE word LIKE 'ana%' ESCAPE '!') ORDER BY id DESC LIMIT 51"
  local none="SELECT id FROM pok_certificate WHERE id IN (SELECT certificate_id FROM certificate_search_word WHERE word LIKE 'zzqx%' ESCAPE '!') ORDER BY id DESC LIMIT 51"
  if [[ $kind == postgresql ]]; then
    { query "EXPLAIN (ANALYZE, BUFFERS) $ana"; query "EXPLAIN (ANALYZE, BUFFERS) $none"; } >"$OUT/plans-$kind.txt"
  else
    { query "ANALYZE FORMAT=JSON $ana"; query "ANALYZE FORMAT=JSON $none"; } >"$OUT/plans-$kind.txt"
  fi
  stop_service
  if [[ $kind == postgresql ]]; then
    sql postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
  else
    "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS $DB"
  fi
}

for kind in $DATABASES; do
  measure_database "$kind"
done

RESULTS=$(ls "$OUT"/results-*.tsv | sort -r)
{
  echo "<!-- search-bench:start -->"
  echo "## Search"
  echo
  echo "The console's certificate search (\`/admin/certificates?q=…\`, the HTML page an operator gets, with a session) and"
  echo "the REST API's (\`/api/v1/certificates?q=…\`, the same query, as JSON) with $ROWS certificates of which 90 % emitted,"
  echo "$RUNS runs of each search after 3 warm-ups, one at a time; the first page of 50 and the count (capped at 10,000)."
  echo "Each word of a search is the start of a word in \`certificate_search_word\` (see \`SearchWords\`), so each is a"
  echo "b-tree range scan; the first page is then the newest 50 of the matching ids."
  echo
  machine_lines
  echo "- MariaDB: $("${MYSQL[@]}" -e 'SELECT VERSION()'), its default settings (InnoDB buffer pool $("${MYSQL[@]}" -e 'SELECT @@innodb_buffer_pool_size DIV 1048576') MiB); PostgreSQL's defaults likewise (shared_buffers $("${PSQL[@]}" -d postgres -Atc 'SHOW shared_buffers'))"
  echo "- **The machine has 2 cores shared with other sessions** working at the same time (see the load average): the"
  echo "  figures are what a busy small server gives, and vary between runs"
  awk -F'\t' '$1 == "#" { printf "- %s: %s certificates and %s search words, written with SQL in %s s; measured %s UTC\n", $2, "'"$ROWS"'", $4, $3, $5 }' $RESULTS
  echo "- Reproduce: \`bench/search-bench.sh\` (\`ROWS\`, \`RUNS\`, \`DATABASES\`)"
  echo
  echo "| database | search | q | rows the data has | count shown | console p50 ms | console p95 ms | API p50 ms | API p95 ms |"
  echo "|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' '$1 != "#" { printf "| %s | %s | `%s` | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' $RESULTS
  echo
  echo "\"count shown\" is what the list says (\`10000+\`: at least that many; counting further would cost more than the page)."
  echo "<!-- search-bench:end -->"
} | write_section search-bench
