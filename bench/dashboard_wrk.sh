#!/usr/bin/env bash
# The dashboard's aggregation endpoints under wrk on a store of ~1M events from
# bench/store_gen_corpus.py (built once: 80,000 articles through the full
# pipeline, a few minutes on 2 cores), then each endpoint alone (curl, 20 runs).
# Not part of CI.
#   bench/dashboard_wrk.sh [BUILD_DIR] [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${2:-20}
conns=${3:-4}
db=${DYAD_DASHBOARD_BENCH_DB:-/tmp/dyad_dashboard_bench.db}
command -v wrk > /dev/null || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo; $SUDO apt-get install -y -qq wrk; }
if [ ! -f "$db" ]; then
  python3 bench/store_gen_corpus.py --docs 80000 --out "$db.jsonl"
  "$build/dyad" ingest -q --db "$db" --jobs 2 "$db.jsonl"
  rm -f "$db.jsonl"
fi
port=$((20000 + RANDOM % 20000))
"$build/dyad" serve --db "$db" --port "$port" --threads 8 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/api/health" > /dev/null && break; sleep 0.1; done
wrk -t1 -c1 -d2s -s bench/dashboard_wrk.lua "http://127.0.0.1:$port" > /dev/null   # warm the page cache
echo "== each endpoint alone: median and max of 20 requests (curl time_total)"
while read -r path; do
  times=$(for _ in $(seq 20); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$path"; done | sort -n)
  printf '%-62s median %6.1f ms  max %6.1f ms\n' "$path" "$(echo "$times" | sed -n 10p | awk '{print $1*1000}')" \
    "$(echo "$times" | tail -1 | awk '{print $1*1000}')"
done < <(grep -o '"/api[^"]*"' bench/dashboard_wrk.lua | tr -d '"')
echo "== wrk -t2 -c$conns -d${secs}s --latency (the mix above, $db)"
wrk -t2 -c"$conns" -d"${secs}s" --latency --timeout 5s -s bench/dashboard_wrk.lua "http://127.0.0.1:$port"
