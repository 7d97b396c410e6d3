#!/usr/bin/env bash
# The server's memory before and after a load (docs/performance.md, "Memory after a load").
#
#   benches/memory.sh DATABASE [--responses N] [--concurrency C] [--idle SECONDS] [--rounds R] [--port P]
#
# DATABASE is a SQLite file path (deleted and re-created) or a PostgreSQL URL (its database
# is dropped and re-created). Builds the release binary (or uses $CHORUS_BIN), creates the
# 25-answer benchmark survey, an admin and an API token, starts the server and prints its
# resident memory (VmRSS, split into RssAnon and RssFile, the peak VmHWM and the thread count,
# from /proc/PID/status):
#   - fresh (5 s after it answers);
#   - after N respondent journeys over HTTP at C clients (`chorus simulate --target`,
#     default 6,000 at 64), and 30 s later;
#   - after 10 s each of wrk on the report as HTML (signed in), JSON (API token) and JSON for
#     Spanish respondents, 4 connections;
#   - then every 10 s while it idles (default 60 s);
# all but the first line again for each of R rounds (default 1), to see whether it keeps growing.
# wrk is installed with apt-get when missing.
set -euo pipefail

db=${1:?usage: benches/memory.sh DATABASE [--responses N] [--concurrency C] [--idle SECONDS] [--rounds R] [--port P]}
shift
responses=6000
concurrency=64
idle=60
rounds=1
port=18081
while [ $# -gt 0 ]; do
  case $1 in
    --responses) responses=$2; shift ;;
    --concurrency) concurrency=$2; shift ;;
    --idle) idle=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --port) port=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

bench=memory
# shellcheck source=benches/support/server.sh
source "$(dirname "$0")/support/server.sh"

memory() {
  awk '/VmRSS/ {rss = $2} /VmHWM/ {hwm = $2} /RssAnon/ {anon = $2} /RssFile/ {file = $2}
       /Threads/ {threads = $2}
       END {printf "%.1f MB (heap and stacks %.1f MB, binary and files %.1f MB; peak %.1f MB; %d threads)",
            rss / 1024, anon / 1024, file / 1024, hwm / 1024, threads}' /proc/$server/status
}
echo "backend: $backend; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg); $("$bin" --version)"
sleep 5
echo "fresh: $(memory)"

staff=$work/staff.jar
csrf=$(curl -s -c "$staff" "$base/signin" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$staff" -c "$staff" -o /dev/null --data-urlencode "csrf=$csrf" \
  --data-urlencode "email=$email" --data-urlencode "password=$password" -d "next=/home" "$base/signin"
cookie() { awk -F'\t' '!/^# / && NF >= 7 {printf "%s%s=%s", sep, $6, $7; sep = "; "}' "$1"; }
rate() { awk '/^Requests\/sec/ {rps = $2} /Non-2xx/ {bad = $NF} END {printf "%s req/s, non-2xx %s", rps, bad + 0}'; }
for round in $(seq 1 "$rounds"); do
  echo "round $round"
  out=$("$bin" simulate --target "$base" --survey "$survey" --responses "$responses" \
    --concurrency "$concurrency" --seed "$round")
  echo "$(grep '^journeys:' <<<"$out")"
  echo "$(grep '^submit:' <<<"$out")"
  grep -A20 '^errors:' <<<"$out" || true
  echo "after $responses journeys at $concurrency clients: $(memory)"
  sleep 30
  echo "idle 30 s after the journeys: $(memory)"

  echo "report HTML: $(wrk -t1 -c4 -d10s -H "Cookie: $(cookie "$staff")" "$base/reports/$survey/$product" | rate)"
  echo "report JSON: $(wrk -t1 -c4 -d10s -H "Authorization: Bearer $token" "$base/api/v1/surveys/$survey/products/$product/report" | rate)"
  echo "report JSON, Spanish respondents: $(wrk -t1 -c4 -d10s -H "Authorization: Bearer $token" "$base/api/v1/surveys/$survey/products/$product/report?language=es" | rate)"
  echo "after the reports: $(memory)"

  for waited in $(seq 10 10 "$idle"); do
    sleep 10
    echo "idle ${waited} s: $(memory)"
  done
done
