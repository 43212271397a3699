#!/usr/bin/env bash
# Ingest throughput on this machine, one corpus, every way of running it:
# `dyad ingest --jobs 1|2` into SQLite and into PostgreSQL, and `dyad cluster
# ingest` with 2 Dask workers into PostgreSQL, both on a scheduler and workers
# started once (dask-scheduler + dask-worker, as on a real cluster) and with
# local:2 (which starts them on every run). PostgreSQL is throwaway
# (scripts/pg_local.sh) with its durable defaults, shared_buffers=256MB and
# max_wal_size=4GB. Every run starts from an empty store. Uses hyperfine.
#   bench/cluster_ingest.sh [BUILD_DIR] [DOCS]     (RUNS=3 WARMUP=1 CASES=regex)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
docs=${2:-6000}
command -v hyperfine > /dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
work=$(mktemp -d /tmp/dyadci.XXXXXX)
chmod 711 "$work"  # as root the server runs as nobody, which must reach $work/pg
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash scripts/pg_local.sh stop "$work/pg" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
/usr/bin/python3 bench/store_gen_corpus.py --docs "$docs" --out "$work/corpus.jsonl"
echo "corpus: $docs documents, $(du -h "$work/corpus.jsonl" | cut -f1)"
conninfo=$(PG_LOCAL_DURABLE=1 PG_LOCAL_OPTS="-c shared_buffers=256MB -c max_wal_size=4GB" \
           bash scripts/pg_local.sh start "$work/pg")
psql=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql
db="${conninfo/dbname=postgres/dbname=bench}"
fresh_pg="$psql '$conninfo' -qc 'DROP DATABASE IF EXISTS bench WITH (FORCE)' -c 'CREATE DATABASE bench'"
fresh_sqlite="rm -f $work/s.db $work/s.db-wal $work/s.db-shm"

# A scheduler and two single-threaded workers, started once.
/usr/bin/dask-scheduler --host 127.0.0.1 --port 0 --no-dashboard --scheduler-file "$work/scheduler.json" \
  > "$work/scheduler.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/scheduler.json" ] && break; sleep 0.1; done
/usr/bin/dask-worker --scheduler-file "$work/scheduler.json" --nworkers 2 --nthreads 1 --memory-limit 0 \
  --no-dashboard > "$work/workers.log" 2>&1 &
pids+=($!)
address=$(/usr/bin/python3 -c "
import json, sys
from distributed import Client
c = Client(scheduler_file='$work/scheduler.json', timeout=60)
c.wait_for_workers(2, timeout=120)
print(c.scheduler.address)
c.close()")
echo "Dask scheduler $address with 2 workers"

# CASES (a grep -E pattern over the names below) runs only some of them.
cases=(
  "ingest --jobs 1, SQLite|$fresh_sqlite|$build/dyad ingest -q --jobs 1 --db $work/s.db $work/corpus.jsonl"
  "ingest --jobs 1, PostgreSQL|$fresh_pg|$build/dyad ingest -q --jobs 1 --db '$db' $work/corpus.jsonl"
  "ingest --jobs 2, SQLite|$fresh_sqlite|$build/dyad ingest -q --jobs 2 --db $work/s.db $work/corpus.jsonl"
  "ingest --jobs 2, PostgreSQL|$fresh_pg|$build/dyad ingest -q --jobs 2 --db '$db' $work/corpus.jsonl"
  "cluster ingest, 2 Dask workers (running)|$fresh_pg|$build/dyad cluster ingest -q --scheduler $address --db '$db' $work/corpus.jsonl"
  "cluster ingest --scheduler local:2 (starts them)|$fresh_pg|$build/dyad cluster ingest -q --scheduler local:2 --db '$db' $work/corpus.jsonl"
)
args=()
for c in "${cases[@]}"; do
  IFS='|' read -r name prepare command <<< "$c"
  if [ -n "${CASES:-}" ] && ! grep -qE -- "$CASES" <<< "$name"; then continue; fi
  args+=(--prepare "$prepare" -n "$name" "$command")
done
hyperfine --warmup "${WARMUP:-1}" --runs "${RUNS:-3}" --export-markdown "$work/ingest.md" "${args[@]}"
cat "$work/ingest.md"
events=$("$build/dyad" stats --json --db "$db" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['events'])")
echo "events stored per run: $events"
/usr/bin/python3 - "$work/ingest.md" "$events" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"\| `?(.+?)`? \| ([\d.]+) ± ([\d.]+)", line)
    if m:
        rows[m.group(1)] = float(m.group(2))
events = int(sys.argv[2])
base = rows.get("ingest --jobs 1, SQLite")
for name, secs in rows.items():
    print(f"{name:50s} {secs:7.2f} s  {events / secs:8.0f} events/s  {base / secs:5.2f}x of ingest --jobs 1 (SQLite)")
PY
