#!/usr/bin/env bash
# The HTTP figures of docs/performance.md, one line per figure, for one backend.
#
#   benches/http.sh DATABASE [--million] [--submits N] [--port P]
#
# DATABASE is a SQLite file path (deleted and re-created) or a PostgreSQL URL (its database
# is dropped and re-created). The script builds the release binary (or uses $CHORUS_BIN),
# creates the 25-answer benchmark survey (`chorus bench-survey`), an admin and an API token,
# starts the server and measures, resetting the server's peak RSS (VmHWM) before each figure:
#   - submissions over HTTP at 1, 16 and 64 clients (`chorus simulate --target`: journeys
#     first, then the final POST /s/submit timed alone);
#   - respondent page render over HTTP (wrk on /s/p/1 with a respondent's session);
#   - the product report as HTML (signed-in session) and JSON (API token) at 10,000
#     responses, and with --million at 1,000,000 (seeded in-process by `chorus simulate`).
# wrk is installed with apt-get when missing.
set -euo pipefail

db=${1:?usage: benches/http.sh DATABASE [--million] [--submits N] [--port P]}
shift
million=false
submits=2000
port=18080
while [ $# -gt 0 ]; do
  case $1 in
    --million) million=true ;;
    --submits) submits=$2; shift ;;
    --port) port=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

bench=http
# shellcheck source=benches/support/server.sh
source "$(dirname "$0")/support/server.sh"

reset_peak() { echo 5 >/proc/$server/clear_refs; }
peak() { awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$server/status; }
cpu() { awk '{printf "%.1f", ($14 + $15) / 100}' /proc/$server/stat; }
echo "backend: $backend; survey $survey; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

# Submissions: the journey and the timed final submits.
for clients in 1 16 64; do
  reset_peak
  before=$(cpu)
  out=$("$bin" simulate --target "$base" --survey "$survey" --responses "$submits" \
    --concurrency $clients --seed $clients)
  submit=$(grep '^submit:' <<<"$out")
  journey=$(grep '^journeys:' <<<"$out")
  errors=$(grep -A20 '^errors:' <<<"$out" | tr '\n' ' ')
  echo "submit $clients clients: ${submit#submit: }; server peak RSS $(peak); server CPU for journeys + submits $(awk "BEGIN {print $(cpu) - $before}") s"
  echo "journey $clients clients: ${journey#journeys: }"
  echo "  $errors"
done

# wrk's latency distribution as "p50 X, p99 Y, R requests/s".
wrk_line() {
  awk '/^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2} /^Requests\/sec/ {rps = $2}
       /Non-2xx/ {bad = $NF} END {printf "p50 %s, p99 %s, %s requests/s, non-2xx %s", p50, p99, rps, bad + 0}'
}

# A respondent's session at page 1 (the welcome page, then Start).
jar=$work/respondent.jar
case $backend in
  SQLite) link=$(sqlite3 "$db" "select token from distribution_links limit 1") ;;
  *) link=$(psql "$db" -tAc "select token from distribution_links limit 1") ;;
esac
csrf=$(curl -s -c "$jar" "$base/s/$link" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf=$csrf&lang=en" "$base/s/$link"
cookie() { awk -F'\t' '!/^# / && NF >= 7 {printf "%s%s=%s", sep, $6, $7; sep = "; "}' "$1"; }
reset_peak
echo "respondent page /s/p/1 over HTTP (wrk, 2 threads, 16 connections, 10 s): $(wrk -t2 -c16 -d10s --latency -H "Cookie: $(cookie "$jar")" "$base/s/p/1" | wrk_line); server peak RSS $(peak)"

# Reports: a signed-in session for HTML, the API token for JSON.
staff=$work/staff.jar
csrf=$(curl -s -c "$staff" "$base/signin" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$staff" -c "$staff" -o /dev/null --data-urlencode "csrf=$csrf" \
  --data-urlencode "email=$email" --data-urlencode "password=$password" -d "next=/home" "$base/signin"
reports() {
  local size=$1 have
  case $backend in
    SQLite) have=$(sqlite3 "$db" "select count(*) from responses") ;;
    *) have=$(psql "$db" -tAc "select count(*) from responses") ;;
  esac
  if [ "$have" -lt "$size" ]; then
    local started=$(date +%s.%N)
    "$bin" simulate --survey "$survey" --responses $((size - have)) --seed $size >/dev/null
    echo "seeded $((size - have)) responses in-process in $(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $started}") s (while the server ran idle)"
  fi
  reset_peak
  echo "report HTML at $size responses (wrk, 1 thread, 4 connections, 10 s): $(wrk -t1 -c4 -d10s --latency -H "Cookie: $(cookie "$staff")" "$base/reports/$survey/$product" | wrk_line); server peak RSS $(peak)"
  reset_peak
  echo "report JSON at $size responses (wrk, 1 thread, 4 connections, 10 s): $(wrk -t1 -c4 -d10s --latency -H "Authorization: Bearer $token" "$base/api/v1/surveys/$survey/products/$product/report" | wrk_line); server peak RSS $(peak)"
  echo "report HTML at $size responses, one connection (wrk, 10 s): $(wrk -t1 -c1 -d10s --latency -H "Cookie: $(cookie "$staff")" "$base/reports/$survey/$product" | wrk_line)"
  echo "report JSON at $size responses, one connection (wrk, 10 s): $(wrk -t1 -c1 -d10s --latency -H "Authorization: Bearer $token" "$base/api/v1/surveys/$survey/products/$product/report" | wrk_line)"
  reset_peak
  echo "report JSON answered in Spanish at $size responses, one connection (wrk, 10 s): $(wrk -t1 -c1 -d10s --timeout 60s --latency -H "Authorization: Bearer $token" "$base/api/v1/surveys/$survey/products/$product/report?language=es" | wrk_line); server peak RSS $(peak)"
}
reports 10000
if $million; then reports 1000000; fi
