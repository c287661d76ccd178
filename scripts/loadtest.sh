#!/usr/bin/env bash
# Serve 10,000 synthetic experts from PostgreSQL with gunicorn (4 workers) and load it from a
# second process: the ranked-candidates page and its API, 20 concurrent clients.
#
#   make loadtest            (or: scripts/loadtest.sh [EXPERTS] [CLIENTS] [SECONDS])
#
# It creates (and at the end keeps, for a second run) the PostgreSQL database
# counterpart_load on 127.0.0.1:5432; a second run reuses the imported and embedded data.
# Everything listens on 127.0.0.1 only. Workers run one request at a time (gunicorn's sync
# worker, as behind a buffering proxy such as nginx); LOADTEST_THREADS=4 measures threaded
# workers instead, whose requests share the interpreter lock and wait longer at the tail.
set -euo pipefail
cd "$(dirname "$0")/.."

EXPERTS=${1:-10000}
CLIENTS=${2:-20}
SECONDS_=${3:-60}
PORT=${LOADTEST_PORT:-8011}
THREADS=${LOADTEST_THREADS:-1}
DB=counterpart_load
BIN=.venv/bin
WORK=${TMPDIR:-/tmp}/counterpart-load
export DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/$DB"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
mkdir -p "$WORK"

psql -q -h 127.0.0.1 -U postgres -d postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$DB'" \
    | grep -q 1 || createdb -h 127.0.0.1 -U postgres "$DB"
$BIN/flask --app wsgi db upgrade

if [ ! -s "$WORK/experts-$EXPERTS.jsonl" ]; then
    $BIN/python scripts/synthetic_experts.py "$EXPERTS" "$WORK/experts-$EXPERTS.jsonl" \
        --assignments 20 "$WORK/assignments.jsonl"
fi
echo "== import and embed $EXPERTS experts"
/usr/bin/time -f "import and embed: %e s wall, %M KB peak" \
    $BIN/flask --app wsgi import-data experts "$WORK/experts-$EXPERTS.jsonl"
$BIN/flask --app wsgi import-data assignments "$WORK/assignments.jsonl"
$BIN/flask --app wsgi create-user --email load@counterpart.example --password load-test-password \
    --role coordinator --name "Load test" >/dev/null 2>&1 || true
TOKEN=$($BIN/flask --app wsgi create-token --email load@counterpart.example --name loadtest 2>/dev/null)
# Every client goes through the 20 assignments, page and API in turn.
PATHS=$($BIN/python -c "
import json, sys
for line in open(sys.argv[1]):
    i = json.loads(line)['id']
    print(f'--path /coordinator/assignments/{i} --path /api/v1/assignments/{i}/candidates')
" "$WORK/assignments.jsonl")

echo "== gunicorn, 4 workers of $THREADS threads, on 127.0.0.1:$PORT"
$BIN/gunicorn --config gunicorn.conf.py --workers 4 --threads "$THREADS" --bind "127.0.0.1:$PORT" \
    --timeout 300 --log-level info wsgi:app 2>"$WORK/gunicorn.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
started=$(date +%s)
# Each worker loads the model and every stored vector as it boots; measure once all are warm.
until [ "$(grep -c 'Ranking index warm' "$WORK/gunicorn.log" || true)" -ge 4 ]; do
    kill -0 $SERVER 2>/dev/null || { cat "$WORK/gunicorn.log"; exit 1; }
    [ $(( $(date +%s) - started )) -lt 900 ] || { echo "workers not warm after 900 s"; exit 1; }
    sleep 2
done
echo "all 4 workers warm after $(( $(date +%s) - started )) s"

BASE="http://127.0.0.1:$PORT"
LOGIN=(--login load@counterpart.example load-test-password)
if command -v wrk >/dev/null; then
    # wrk (C, a few % of a core) leaves the two cores to the server.
    export LOAD_COOKIE LOAD_TOKEN="$TOKEN" LOAD_PATHS
    LOAD_COOKIE=$($BIN/python scripts/loadtest.py --base "$BASE" "${LOGIN[@]}" --print-cookie)
    LOAD_PATHS=$(echo "$PATHS" | sed 's/--path //g')
    # A connection per request, as gunicorn sees it behind nginx (HTTP/1.0 upstream, its
    # default): kept-alive connections would each stick to one worker and unbalance them.
    echo "== wrk: $CLIENTS connections for $SECONDS_ s (after a 30 s warm-up)"
    WRK=(wrk -t2 -c"$CLIENTS" --timeout 30s -H "Connection: close" -s scripts/loadtest.lua)
    "${WRK[@]}" -d30s "$BASE" >/dev/null
    echo "baseline, one client at a time:"
    wrk -t1 -c1 -d15s --timeout 30s -H "Connection: close" -s scripts/loadtest.lua "$BASE" | tail -1
    echo "$CLIENTS clients:"
    "${WRK[@]}" -d"${SECONDS_}s" "$BASE" | tee "$WORK/loadtest-wrk.txt" | tail -1
else
    echo "== $CLIENTS Python clients for $SECONDS_ s (after a 30 s warm-up; apt install wrk)"
    $BIN/python scripts/loadtest.py --base "$BASE" "${LOGIN[@]}" --token "$TOKEN" \
        $PATHS --clients "$CLIENTS" --duration "$SECONDS_" --warmup 30 | tee "$WORK/loadtest.json"
fi
