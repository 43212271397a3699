#!/usr/bin/env bash
# Side by side with TABARI (issue 16): the same 9,982 PLOVER dev sentences (x62), TABARI and
# `dyad code` (default and --fast) in alternating rounds, whole-process wall time, user time and
# peak RSS from /usr/bin/time -v; prints medians, ranges and sentences/s ratios to TABARI.
#   bench/vs_tabari.sh [BUILD_DIR] [ROUNDS]      (default build, 3 rounds)
# Needs ../shared (peers/tabari and data/events) and python3-pexpect; skips without them.
# The machine is shared: runs under `nice -n -5` when allowed, and reports the spread.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${DYAD_SHARED_DIR:-../shared}
if [ ! -d "$shared/peers/tabari" ] || [ ! -f "$shared/data/events/plover-gsr-dev.jsonl" ]; then
  echo "SKIP: $shared/peers/tabari or $shared/data/events/plover-gsr-dev.jsonl absent"; exit 0
fi
python3 -c 'import pexpect' 2> /dev/null || { echo "SKIP: python3-pexpect missing (apt-get install python3-pexpect)"; exit 0; }
build=$(cd "${1:-build}" && pwd)
rounds=${2:-3}
dyad="$build/dyad"
[ -x "$dyad" ] || { echo "no $dyad: build the dyad target first"; exit 1; }
NICE=""
nice -n -5 true 2> /dev/null && NICE="nice -n -5"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$shared/peers/tabari/." "$work/"
gold=$(readlink -f "$shared/data/events/plover-gsr-dev.jsonl")
(cd "$work" && python3 make_inputs.py "$gold" . 62 > /dev/null)
n=$(wc -l < "$work/plover_x62.jsonl")
cat > "$work/x62.project" << P
<actorsfile> CountryInfo.120116.actors
<actorsfile> Internatnl.120521.actors
<agentsfile> PSU.120522.agents
<verbsfile> CAMEO.091003.master.verbs
<optionsfile> Speed.options
<textfile> plover_x62.text
<outputfile> x62.evts
<errorfile> x62.error
<coder> SPEED
<session 0> <coder SPEED> <date Sat 01 Jan 2000> <start 00:00> <end 00:00> <records 0> <actorchanges 0> <verbchanges 0> <last 0>
P
cp "$work/x62.project" "$work/x62.project.orig"

# /usr/bin/time -v output -> "wall user maxrss_kb"
parse_time() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
              /User time/ { u = $2 } /Maximum resident/ { r = $2 } END { print w, u, r }' "$1"
}
: > "$work/results"
for r in $(seq 1 "$rounds"); do
  cp "$work/x62.project.orig" "$work/x62.project"
  (cd "$work" && $NICE python3 run_autocode_fast.py t.time t.log ./TABARI.0.8.4b2 -aq x62.project > /dev/null)
  echo "tabari $(parse_time "$work/t.time")" >> "$work/results"
  $NICE /usr/bin/time -v -o "$work/d.time" "$dyad" code --format jsonl "$work/plover_x62.jsonl" > "$work/d.out" 2> /dev/null
  echo "default $(parse_time "$work/d.time")" >> "$work/results"
  $NICE /usr/bin/time -v -o "$work/f.time" "$dyad" code --fast --format jsonl "$work/plover_x62.jsonl" > "$work/f.out" 2> /dev/null
  echo "fast $(parse_time "$work/f.time")" >> "$work/results"
  echo "round $r: $(tail -3 "$work/results" | tr '\n' ' ')" >&2
done
echo "$n sentences, $rounds alternating rounds, ${NICE:-no nice}; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "events: dyad default $(wc -l < "$work/d.out") lines, --fast $(wc -l < "$work/f.out") lines"
awk -v n="$n" '
  function med(a, k,   t, i, j) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  function lo(a, k,   i, m) { m = a[1]; for (i = 2; i <= k; i++) if (a[i] < m) m = a[i]; return m }
  function hi(a, k,   i, m) { m = a[1]; for (i = 2; i <= k; i++) if (a[i] > m) m = a[i]; return m }
  { k[$1]++; W[$1, k[$1]] = $2; U[$1, k[$1]] = $3; R[$1, k[$1]] = $4 }
  END {
    split("tabari default fast", tools, " ")
    for (t = 1; t <= 3; t++) { x = tools[t]; for (i = 1; i <= k[x]; i++) { w[i] = W[x, i]; u[i] = U[x, i]; r[i] = R[x, i] }
      mw[x] = med(w, k[x]); mu[x] = med(u, k[x]); lw[x] = lo(w, k[x]); hw[x] = hi(w, k[x]); mr[x] = med(r, k[x]) }
    printf "| tool | wall s, median (range) | user s, median | sentences/s (wall) | x TABARI (wall) | peak RSS MB |\n|---|---|---|---|---|---|\n"
    for (t = 1; t <= 3; t++) { x = tools[t]
      printf "| %s | %.2f (%.2f-%.2f) | %.2f | %.0f | %.2f | %.0f |\n", x, mw[x], lw[x], hw[x], mu[x], n / mw[x], mw["tabari"] / mw[x], mr[x] / 1024 }
  }' "$work/results"
