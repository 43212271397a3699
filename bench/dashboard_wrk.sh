#!/usr/bin/env bash
# The dashboard's aggregation endpoints under wrk on a store of ~1M events from
# bench/store_gen_corpus.py (built once: 80,000 articles through the full
# pipeline, a few minutes on 2 cores), then each endpoint alone (curl, 20 runs:
# wall time, and the server's CPU time per request from /proc, which a busy
# shared machine inflates much less than wall time). Not part of CI.
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
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
tick_ms=$((1000 / $(getconf CLK_TCK)))
# The server computes /api/stats in the background at start (tens of seconds on
# a busy machine): wait until it idles, so it is not counted.
for _ in $(seq 180); do a=$(cpu_ticks); sleep 1; [ $(($(cpu_ticks) - a)) -le 1 ] && break; done
wrk -t1 -c1 -d2s -s bench/dashboard_wrk.lua "http://127.0.0.1:$port" > /dev/null   # warm the page cache
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "== each endpoint alone: median, p95 and max wall time of 20 requests (curl time_total); server CPU per request"
while read -r path; do
  t0=$(cpu_ticks)
  times=$(for _ in $(seq 20); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$path"; done | sort -n)
  t1=$(cpu_ticks)
  printf '%-62s median %6.1f ms  p95 %6.1f ms  max %6.1f ms  cpu %5.1f ms\n' "$path" \
    "$(echo "$times" | sed -n 10p | awk '{print $1*1000}')" "$(echo "$times" | sed -n 19p | awk '{print $1*1000}')" \
    "$(echo "$times" | tail -1 | awk '{print $1*1000}')" "$(awk -v a="$t0" -v b="$t1" -v t="$tick_ms" 'BEGIN { print (b - a) * t / 20 }')"
done < <(grep -o '"/api[^"]*"' bench/dashboard_wrk.lua | tr -d '"')
echo "== wrk -t2 -c$conns -d${secs}s --latency (the mix above, $db)"
t0=$(cpu_ticks)
wrk -t2 -c"$conns" -d"${secs}s" --latency --timeout 5s -s bench/dashboard_wrk.lua "http://127.0.0.1:$port"
t1=$(cpu_ticks)
echo "server CPU over the wrk run: $(( (t1 - t0) * tick_ms )) ms; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
