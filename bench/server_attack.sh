#!/usr/bin/env bash
# Hostile clients against `dyad serve` (issue 14), on loopback. Not part of CI.
#   bench/server_attack.sh [BUILD_DIR] [DYAD_BINARY]
# 1. A 600 MB chunked POST without a token, with a wrong one, and with the right
#    one (over the 8 MiB body limit), from a client that pushes its body whatever
#    the server answers: the server's peak RSS (VmHWM, reset before each attack)
#    against its RSS just before.
# 2. 40 slowloris clients (each trickles a header line a second, and reconnects
#    when cut off): the latency of normal GET /api/events meanwhile.
# 3. wrk GET /api/events at 64 connections (WRK_SECONDS, default 10): p50/p99/max,
#    requests/s, socket errors and non-2xx answers.
# DYAD_BINARY (default BUILD_DIR/dyad) runs the same attacks against another build;
# LORIS_GETS (default 20) is the number of timed GETs; DYAD_ATTACK_DB serves that
# store instead of one ingested from samples/ (e.g. /tmp/dyad_store_bench.db from
# bench/store_wrk.sh, 1M events).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
dyad=${2:-$build/dyad}
tmp=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

db=${DYAD_ATTACK_DB:-$tmp/attack.db}
[ -n "${DYAD_ATTACK_DB:-}" ] || "$dyad" ingest -q --db "$db" samples/ 2> /dev/null
DYAD_TOKEN=attack-token "$dyad" serve --db "$db" --port "$port" --data data 2> "$tmp/serve.log" &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 200); do curl -sf "$base/api/health" > /dev/null && break; sleep 0.1; done
for _ in $(seq 20); do curl -sf "$base/api/events?limit=5" > /dev/null; done
kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
echo "== dyad serve ($dyad, $db; load average $(cut -d" " -f1-3 /proc/loadavg)): RSS $(($(kb VmRSS) / 1024)) MB after start-up"

cat > "$tmp/push.py" << 'PY'
import socket, sys, time
port, auth = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(("127.0.0.1", port))
s.sendall(("POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Transfer-Encoding: chunked\r\n" + (auth + "\r\n" if auth else "") + "\r\n").encode())
chunk = b"%x\r\n" % 65536 + b"{" * 65536 + b"\r\n"
sent, start, err = 0, time.time(), "none"
try:
    while sent < 600_000_000:
        s.sendall(chunk)
        sent += 65536
    s.sendall(b"0\r\n\r\n")
except OSError as e:
    err = e.__class__.__name__
s.settimeout(5)
try:
    answer = s.recv(300).decode(errors="replace").split("\r\n")[0] or "(closed)"
except OSError as e:
    answer = "(no answer: %s)" % e.__class__.__name__
print("sent %d MiB of body in %.1f s (send error: %s); answer: %s" % (sent >> 20, time.time() - start, err, answer))
PY

attack() {  # $1 = label, $2 = Authorization header line or ""
  echo 5 > "/proc/$pid/clear_refs"  # VmHWM := VmRSS (Linux >= 4.0)
  local before
  before=$(kb VmRSS)
  local out
  out=$(python3 "$tmp/push.py" "$port" "$2")
  echo "$1: $out"
  echo "   server RSS before $((before / 1024)) MB, peak $(($(kb VmHWM) / 1024)) MB:" \
    "$((($(kb VmHWM) - before) / 1024)) MB above"
}
attack "600 MB chunked POST, no token   " ""
attack "600 MB chunked POST, wrong token" "Authorization: Bearer nope"
attack "600 MB chunked POST, with token " "Authorization: Bearer attack-token"

echo "== 40 slowloris clients (one header line a second each, reconnecting), then GET /api/events"
cat > "$tmp/loris.py" << 'PY'
import socket, sys, time
port = int(sys.argv[1])
def conn():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /api/events HTTP/1.1\r\nHost: x\r\n")
    return s
socks = [conn() for _ in range(40)]
end = time.time() + float(sys.argv[2])
while time.time() < end:
    for i, s in enumerate(socks):
        try:
            s.sendall(b"X-Slow: 1\r\n")
        except OSError:
            socks[i] = conn()
    time.sleep(1)
PY
gets=${LORIS_GETS:-20}
python3 "$tmp/loris.py" "$port" $((gets * 2 + 30)) &
loris=$!
sleep 2
times=()
for _ in $(seq "$gets"); do
  times+=("$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 60 "$base/api/events?dyad=GRC-TUR&limit=20" || true)")
  sleep 1
done
kill "$loris" 2> /dev/null || true
wait "$loris" 2> /dev/null || true
printf '%s\n' "${times[@]}" | sort -k2 -g | awk '{n++; if ($1 != 200) bad++; t[n] = $2}
  END {printf "%d GETs during the attack: %d not 200; latency median %.1f ms, max %.1f ms\n",
       n, bad, 1000 * t[int((n + 1) / 2)], 1000 * t[n]}'

secs=${WRK_SECONDS:-10}
echo "== wrk -t2 -c64 -d${secs}s --latency GET /api/events?limit=20 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
wrk -t2 -c64 -d"${secs}s" --latency --timeout 10s "$base/api/events?limit=20" > "$tmp/wrk.txt"
awk '/Requests\/sec/ {rps = $2} /Socket errors/ {sock = $0} /Non-2xx/ {non2xx = $NF}
  $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} /Latency/ && NF >= 4 && !max {max = $4}
  /requests in/ {n = $1}
  END {printf "%s requests, %s/s; latency p50 %s, p99 %s, max %s; non-2xx %s; %s\n",
       n, rps, p50, p99, max, non2xx ? non2xx : 0, sock ? sock : "no socket errors"}' "$tmp/wrk.txt"
