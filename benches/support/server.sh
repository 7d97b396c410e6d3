# Sourced by benches/http.sh and benches/memory.sh: starts a release server on a fresh
# database with the 25-answer benchmark survey, an admin and an API token.
#
# Needs: $db (a SQLite file path, deleted and re-created, or a PostgreSQL URL, whose database
# is dropped and re-created), $port, and $bench (a name for the work folder). Builds the
# release binary unless $CHORUS_BIN names one; installs wrk with apt-get when missing.
# Sets: root, bin, work, base, backend, email, password, survey, product, token, server; the
# server is stopped and the work folder removed on exit.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=${CHORUS_BIN:-$root/target/release/chorus}
if [ -z "${CHORUS_BIN:-}" ]; then
  (cd "$root" && cargo build --release --locked --features loadgen --bin chorus) >&2
fi
if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >&2
fi

work=$(mktemp -d "/tmp/chorus-bench-$bench.XXXXXX")
export CHORUS_DATA_DIR=$work CHORUS_NO_DEMO=true CHORUS_LOG=warn CHORUS_INSECURE_COOKIES=true
export CHORUS_BIND=127.0.0.1:$port CHORUS_BASE_URL=http://127.0.0.1:$port
base=http://127.0.0.1:$port
case $db in
  postgres://* | postgresql://*)
    backend=PostgreSQL
    psql "${db%/*}/postgres" -qc "DROP DATABASE IF EXISTS \"${db##*/}\"" >/dev/null ;;
  *)
    backend=SQLite
    rm -f "$db" "$db-wal" "$db-shm" ;;
esac
export DATABASE_URL=$db

"$bin" migrate >/dev/null
email=bench@example.org
password=bench-password-$RANDOM$RANDOM
echo "$password" | "$bin" create-admin --district "Benchmark District" --email $email >/dev/null
ids=$("$bin" bench-survey --district "Benchmark District")
survey=$(sed -n 's/^survey public id: //p' <<<"$ids")
product=$(sed -n 's/^product public id: //p' <<<"$ids")
token=$("$bin" token create --email $email --name bench | tail -1)

"$bin" serve >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
