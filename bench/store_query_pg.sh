#!/usr/bin/env bash
# Query latencies of the PostgreSQL store beside the SQLite store's, on the same
# synthetic store (bench/store_query_bench.cc: ~1 M events, written through
# Store::PutDocuments). PostgreSQL runs throwaway (scripts/pg_local.sh) with its
# durable defaults and shared_buffers=256MB; after the load the tables are
# VACUUM ANALYZEd (autovacuum would do it later; index-only scans need it).
#   bench/store_query_pg.sh [BUILD_DIR] [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
events=${2:-1000000}
sqlite=/tmp/dyad_store_bench_${events}.db
work=$(mktemp -d /tmp/dyadqb.XXXXXX)
chmod 711 "$work"  # as root the server runs as nobody, which must reach $work/pg
trap 'bash scripts/pg_local.sh stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
conninfo=$(PG_LOCAL_DURABLE=1 PG_LOCAL_OPTS="-c shared_buffers=256MB -c max_wal_size=4GB" \
           bash scripts/pg_local.sh start "$work/pg")
psql=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql
"$psql" "$conninfo" -qc "CREATE DATABASE bench"
db="${conninfo/dbname=postgres/dbname=bench}"
if [ ! -f "$sqlite" ]; then
  /usr/bin/time -f "SQLite store built in %e s" "$build/store_query_bench" --make-store "$sqlite" --events "$events"
fi
/usr/bin/time -f "PostgreSQL store built in %e s" "$build/store_query_bench" --make-store "$db" --events "$events"
/usr/bin/time -f "VACUUM ANALYZE in %e s" "$psql" "$db" -qc "VACUUM ANALYZE"
"$psql" "$db" -Atc "SELECT 'PostgreSQL database size: ' || pg_size_pretty(pg_database_size('bench'))"
echo "SQLite file size: $(du -h "$sqlite" | cut -f1)"
for store in "$sqlite" "$db"; do
  echo "== $store"
  DYAD_STORE_BENCH_DB="$store" "$build/store_query_bench" --benchmark_repetitions=${REPS:-5} \
    --benchmark_report_aggregates_only=true 2>&1 | grep -E "plan|_median|_mean|rows"
done
