#!/usr/bin/env bash
# Re-run every performance target of bench/RESULTS.md one after the other (run it on an idle
# machine: each figure is a server time). Stores of 1,000,000 synthetic contracts:
#   python3 bench/decp_synth.py --contracts 1000000 --out $DATA/synth-1m.json --truth $DATA/truth-1m.json
#   APURE_DATA_DIR=$STORE_DIR .venv/bin/apure migrate
#   APURE_DATA_DIR=$STORE_DIR .venv/bin/apure decp_import $DATA/synth-1m.json
# Usage: STORE_DIR=/tmp/bench-store DATA=/tmp/bench-data bash bench/idle_targets.sh > log
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STORE_DIR:?directory holding apure.sqlite3 and decp.duckdb of 1M contracts}"
: "${DATA:?directory of the synthetic JSON for the import benchmark (made if missing)}"
run() {
  echo "=== $(date -u +%H:%M:%S) $*"; uptime
  /usr/bin/time -f "%e s wall, %U+%S s CPU, %M KB max RSS" "$@"
}
store="$STORE_DIR/decp.duckdb"
run .venv/bin/python bench/pooling_bench.py --store "$store"
run .venv/bin/python bench/pooling_bench.py --store "$store" --without-copy
run .venv/bin/python bench/observatory_bench.py --store "$store" --only carbon
run .venv/bin/python bench/observatory_bench.py --store "$store"
run .venv/bin/python bench/list_ocds_bench.py --store "$store" --runs 5
APURE_DATA_DIR="$STORE_DIR" run .venv/bin/python bench/suppliers_bench.py --suppliers 10000 --requests 200
run .venv/bin/python bench/decp_bench.py --contracts 1000000 --data "$DATA" --baseline
echo "=== done $(date -u +%H:%M:%S)"; uptime
