#!/usr/bin/env bash
# Serve 10,000 synthetic experts from PostgreSQL with gunicorn (4 workers) and load it from a
# second process: the ranked-candidates page and its API, 20 concurrent clients.
#
#   make loadtest            (or: scripts/loadtest.sh [EXPERTS] [CLIENTS] [SECONDS])
#
# It creates (and at the end keeps, for a second run) the PostgreSQL database
# counterpart_load on 127.0.0.1:5432; a second run reuses the imported and embedded data.
# Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

EXPERTS=${1:-10000}
CLIENTS=${2:-20}
SECONDS_=${3:-60}
PORT=${LOADTEST_PORT:-8011}
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

echo "== gunicorn, 4 workers, on 127.0.0.1:$PORT"
$BIN/gunicorn --config gunicorn.conf.py --workers 4 --threads 4 --bind "127.0.0.1:$PORT" \
    --timeout 120 --log-level warning wsgi:app &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
    sleep 1
done

echo "== $CLIENTS clients for $SECONDS_ s (after a 20 s warm-up)"
$BIN/python scripts/loadtest.py --base "http://127.0.0.1:$PORT" \
    --login load@counterpart.example load-test-password --token "$TOKEN" \
    $PATHS \
    --clients "$CLIENTS" --duration "$SECONDS_" --warmup 20 | tee "$WORK/loadtest.json"
