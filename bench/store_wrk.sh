#!/usr/bin/env bash
# Load test of `dyad serve`: mixed reads (bench/store_wrk.lua) on the 1M-event synthetic store,
# on loopback, for a bounded time. Not part of CI.
#   bench/store_wrk.sh [BUILD_DIR] [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${2:-20}
conns=${3:-16}
db=${DYAD_STORE_BENCH_DB:-/tmp/dyad_store_bench.db}
command -v wrk > /dev/null || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo; $SUDO apt-get install -y -qq wrk; }
[ -f "$db" ] || "$build/store_query_bench" --make-store "$db" --events 1000000
port=$((20000 + RANDOM % 20000))
"$build/dyad" serve --db "$db" --port "$port" --threads 32 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/health" > /dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/api/stats" > /dev/null   # the statistics cache fills at start (a full scan)
wrk -t2 -c2 -d2s -s bench/store_wrk.lua "http://127.0.0.1:$port" > /dev/null   # warm the page cache
echo "== wrk -t2 -c$conns -d${secs}s --latency (mixed reads, $db)"
wrk -t2 -c"$conns" -d"${secs}s" --latency --timeout 5s -s bench/store_wrk.lua "http://127.0.0.1:$port"
