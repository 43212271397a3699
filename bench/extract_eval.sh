#!/usr/bin/env bash
# Accuracy and speed of `dyad extract` on the two article-extraction benchmarks,
# scored with ../shared/tools/score_extract.py (the benchmarks' own metrics):
#   ScrapingHub (181 pages): shingle F1 over articleBody
#   WCXB dev articles (711 pages): word F1 (--mode wordf1), metadata exact match
# Each benchmark is split deterministically by file name (md5 of the page id,
# first byte < 179 ~ 70 % "dev", the rest "held-out"); tuning looks at dev only.
# Usage: bench/extract_eval.sh [path/to/dyad] [dev|heldout|all]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
dyad=${1:-$src/build/dyad}
parts=${2:-all}
shared=${DYAD_SHARED:-$src/../shared}
data=$shared/data/extract
score=$shared/tools/score_extract.py
if [ ! -d "$data/scrapinghub" ] || [ ! -f "$score" ]; then
  echo "extract_eval: $data or $score not found; skipping (benchmarks live in ../shared)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Splits one benchmark into $work/<bench>/<part>/{html,gt} (symlinks; gt mapping filtered).
python3 - "$data" "$work" <<'PY'
import hashlib, json, os, sys
data, work = sys.argv[1], sys.argv[2]
def part(pid):
    return 'dev' if hashlib.md5(pid.encode()).digest()[0] < 179 else 'heldout'
# ScrapingHub: html/<id>.html.gz + ground-truth.json (one mapping)
sh = os.path.join(data, 'scrapinghub')
gt = json.load(open(os.path.join(sh, 'ground-truth.json')))
for p in ('dev', 'heldout'):
    os.makedirs(os.path.join(work, 'sh', p, 'html'))
sub = {'dev': {}, 'heldout': {}}
for name in sorted(os.listdir(os.path.join(sh, 'html'))):
    pid = name.split('.')[0]
    p = part(pid)
    os.symlink(os.path.join(sh, 'html', name), os.path.join(work, 'sh', p, 'html', name))
    if pid in gt:
        sub[p][pid] = gt[pid]
for p in sub:
    json.dump(sub[p], open(os.path.join(work, 'sh', p, 'gt.json'), 'w'))
# WCXB: html/<id>.html.gz + ground-truth/<id>.json
wc = os.path.join(data, 'wcxb-dev-articles')
for p in ('dev', 'heldout'):
    os.makedirs(os.path.join(work, 'wcxb', p, 'html'))
    os.makedirs(os.path.join(work, 'wcxb', p, 'gt'))
for name in sorted(os.listdir(os.path.join(wc, 'html'))):
    pid = name.split('.')[0]
    p = part(pid)
    os.symlink(os.path.join(wc, 'html', name), os.path.join(work, 'wcxb', p, 'html', name))
    g = os.path.join(wc, 'ground-truth', pid + '.json')
    if os.path.exists(g):
        os.symlink(g, os.path.join(work, 'wcxb', p, 'gt', pid + '.json'))
for b in ('sh', 'wcxb'):
    for p in ('dev', 'heldout'):
        n = len(os.listdir(os.path.join(work, b, p, 'html')))
        print(f'split {b} {p}: {n} pages')
PY

run() {  # bench part
  local b=$1 p=$2 dir=$work/$1/$2
  local n
  n=$(ls "$dir/html" | wc -l)
  # Pages/s from the process's CPU time (user + system): one process, one core,
  # gzip reading, extraction and JSON writing included; not disturbed by other load.
  /usr/bin/time -f "%U %S %M" -o "$dir/time" "$dyad" extract --format json --out "$dir/pred" "$dir/html" \
    2> "$dir/stderr" || true
  ln -s . "$dir/pred/meta"
  local cpu rss
  cpu=$(tail -1 "$dir/time" | awk '{print $1+$2}')
  rss=$(tail -1 "$dir/time" | awk '{print $3}')
  echo "== $b $p: $n pages in ${cpu} CPU s ($(python3 -c "print(f'{$n/max($cpu,0.01):.0f}')") pages/s, one core), peak RSS ${rss} KB, per-page errors: $(grep -c '^dyad:' "$dir/stderr" || true)"
  if [ "$b" = sh ]; then
    python3 "$score" --gt "$dir/gt.json" --pred "$dir/pred" --name "scrapinghub-$p" \
      --per-page "$work/sh-$p.tsv" 2>/dev/null | tail -1
  else
    python3 "$score" --mode wordf1 --gt "$dir/gt" --pred "$dir/pred" --name "wcxb-$p" \
      --per-page "$work/wcxb-$p.tsv" 2>/dev/null | tail -1
    python3 "$score" --mode metadata --gt "$dir/gt" --pred "$dir/pred" --name "wcxb-$p" | tail -1
  fi
  if [ -n "${DYAD_EVAL_KEEP:-}" ]; then mkdir -p "$DYAD_EVAL_KEEP"; cp -r "$dir/pred" "$DYAD_EVAL_KEEP/$b-$p" 2>/dev/null || true; cp "$work"/*.tsv "$DYAD_EVAL_KEEP/" 2>/dev/null || true; fi
}

for b in sh wcxb; do
  case $parts in
    dev) run $b dev ;;
    heldout) run $b heldout ;;
    *) run $b dev; run $b heldout ;;
  esac
done
