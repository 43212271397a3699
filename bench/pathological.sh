#!/usr/bin/env bash
# The pathological inputs of issue 14 at two sizes, through `dyad code` (the
# default pipeline, with the models): time ratio against the size ratio, and
# peak memory against the input.
#
#   bench/pathological.sh [DYAD_BINARY] [SMALL_BYTES] [LARGE_BYTES]
#
# Defaults: build/dyad, 200 KB and 4 MB. For each input it prints CPU seconds
# and peak RSS at both sizes, minus those of a one-sentence input (start-up:
# loading the models), then
#   time ratio = (cpu_large - cpu_0) / (cpu_small - cpu_0), target <= 1.3 x size ratio
#   memory     = (rss_large - rss_0) / large bytes,             target <= 40
# Inputs are generated here (nothing is read from ../shared except the
# optional "news-lgl" and "news-docs" inputs, LGL local news as one document and
# as one JSONL line per article, skipped when ../shared is absent).
set -euo pipefail
cd "$(dirname "$0")/.."
DYAD=${1:-build/dyad}
SMALL=${2:-204800}
LARGE=${3:-4194304}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

gen() {  # gen KIND BYTES FILE
  python3 - "$1" "$2" "$3" <<'EOF'
import json, os, sys
kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def rep(unit):
    return unit * (n // len(unit) + 1)
if kind == "greece":          # one sentence: "Greece accused Turkey and " x N
    s = rep("Greece accused Turkey and ")[:n] + " Greece."
elif kind == "capitalised":   # repeated capitalised words, no punctuation
    s = rep("Alpha Bravo Greece Charlie Delta President Echo Foxtrot Minister Golf Hotel Turkey ")[:n]
elif kind == "parentheses":   # nested "(" ... ")"
    s = "(" * (n // 2) + "Greece accused Turkey" + ")" * (n // 2)
elif kind == "spaced-parentheses":  # "( ( ( ... ) ) )": two bytes per token
    s = "( " * (n // 4) + "Greece accused Turkey" + " )" * (n // 4)
elif kind == "news":          # generated news-like paragraphs (varied, so the cleaner keeps them), one document
    import random
    r = random.Random(14)
    C = ["Greece", "Turkey", "Iraq", "the United States", "France", "Mali", "Niger", "Russia", "Ukraine", "Egypt"]
    P = ["Ankara", "Athens", "Baghdad", "Bamako", "Niamey", "Kyiv", "Cairo", "Paris", "Geneva", "Brussels"]
    D = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    T = ["{a} and {b} held talks in {p} on {d} about the disputed border, the foreign ministry said in a statement.",
         "The defence minister of {a} accused {b} of violating the ceasefire near {p} on {d}.",
         "Officials from {a} said a delegation would travel to {p} next week to meet envoys from {b}.",
         "{a} condemned an attack on a convoy outside {p} that killed {n} people, and demanded that {b} act.",
         "Talks between {a} and {b} ended on {d} without an agreement, according to a spokesman in {p}.",
         "{a} announced it would withdraw {n} troops from {b} by the end of the year.",
         "Protesters gathered in {p} on {d} to denounce the agreement signed by {a} and {b}."]
    paras, size = [], 0
    while size < n:
        ss = []
        for _ in range(r.randint(2, 5)):
            a, b = r.sample(C, 2)
            x = r.choice(T).format(a=a, b=b, p=r.choice(P), d=r.choice(D), n=r.randint(2, 900))
            ss.append(x[0].upper() + x[1:])
        paras.append(" ".join(ss)); size += len(paras[-1]) + 2
    s = "\n\n".join(paras)[:n]
elif kind == "news-lgl":      # LGL local news articles, one document
    parts, size = [], 0
    while size < n:
        for l in open("../shared/data/geo/lgl.jsonl"):
            t = json.loads(l).get("text") or ""
            parts.append(t); size += len(t) + 2
            if size >= n: break
    s = "\n\n".join(parts)
elif kind == "news-docs":     # LGL local news articles, one JSONL line each
    lines, size = [], 0
    src = "../shared/data/geo/lgl.jsonl"
    while size < n:
        for l in open(src):
            t = json.loads(l).get("text") or ""
            if not t: continue
            line = json.dumps({"id": str(len(lines)), "text": t})
            lines.append(line); size += len(line) + 1
            if size >= n: break
    s = "\n".join(lines) + "\n"
open(out, "w").write(s)
EOF
}

measure() {  # measure FILE [RUNS] -> "cpu_seconds peak_rss_kb", the least of RUNS runs
  : > "$TMP/times"
  for _ in $(seq "${2:-1}"); do
    /usr/bin/time -o "$TMP/time" -f "%U %S %M" "$DYAD" code --max-bytes 64 "$1" > /dev/null 2>&1 || true
    cat "$TMP/time" >> "$TMP/times"
  done
  awk 'NR == 1 || $1 + $2 < c {c = $1 + $2} NR == 1 || $3 < m {m = $3} END {printf "%.2f %d\n", c, m}' "$TMP/times"
}

echo "Greece accused Turkey." > "$TMP/tiny.txt"
read -r c0 m0 < <(measure "$TMP/tiny.txt" 5)
echo "start-up (one sentence): ${c0} s CPU, $((m0 / 1024)) MB peak RSS"
printf "%-20s %10s %10s %8s %9s %9s %7s %7s  %s\n" input small_cpu large_cpu ratio small_MB large_MB mem_x mem_ok time_ok
kinds="greece capitalised parentheses spaced-parentheses news"
[ -f ../shared/data/geo/lgl.jsonl ] && kinds="$kinds news-lgl news-docs"
fail=0
for k in $kinds; do
  ext=txt
  [ "$k" = news-docs ] && ext=jsonl
  gen "$k" "$SMALL" "$TMP/$k-small.$ext"
  gen "$k" "$LARGE" "$TMP/$k-large.$ext"
  sb=$(stat -c %s "$TMP/$k-small.$ext")
  lb=$(stat -c %s "$TMP/$k-large.$ext")
  read -r cs ms < <(measure "$TMP/$k-small.$ext" 3)
  read -r cl ml < <(measure "$TMP/$k-large.$ext")
  python3 - "$k" "$c0" "$m0" "$sb" "$lb" "$cs" "$ms" "$cl" "$ml" <<'EOF'
import sys
k = sys.argv[1]
c0, m0, sb, lb, cs, ms, cl, ml = map(float, sys.argv[2:])
size_ratio = lb / sb
ratio = (cl - c0) / max(cs - c0, 0.01)
mem_x = (ml - m0) * 1024 / lb
print(f"{k:<20} {cs - c0:10.2f} {cl - c0:10.2f} {ratio:8.1f} {(ms - m0) / 1024:9.1f} {(ml - m0) / 1024:9.1f} "
      f"{mem_x:7.1f} {'yes' if mem_x <= 40 else 'NO':>7}  {'yes' if ratio <= 1.3 * size_ratio else 'NO'}"
      f" (size ratio {size_ratio:.1f})")
EOF
done
