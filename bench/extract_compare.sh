#!/usr/bin/env bash
# dyad extract next to python3-readability (Debian's readability-lxml), on the
# same pages, one core each, same scorer. Prints pages/s of both, the speed
# ratio and the F1 of both on ScrapingHub (shingle F1) and WCXB (word F1).
# Installs python3-readability with apt when missing (root or sudo).
# Usage: bench/extract_compare.sh [path/to/dyad]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
dyad=${1:-$src/build/dyad}
shared=${DYAD_SHARED:-$src/../shared}
data=$shared/data/extract
score=$shared/tools/score_extract.py
py=/usr/bin/python3
if [ ! -d "$data/scrapinghub" ]; then
  echo "extract_compare: $data not found; skipping"
  exit 0
fi
if ! $py -c "import readability" 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-readability > /dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/readability_run.py" <<'PY'
import gzip, json, os, re, sys, time
from readability import Document
import lxml.html
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
names = sorted(os.listdir(src))
pages = []
for n in names:
    with open(os.path.join(src, n), 'rb') as f:
        data = f.read()
    if n.endswith('.gz'):
        data = gzip.decompress(data)
    pages.append((n.split('.')[0], data))
t0 = time.process_time()
for pid, data in pages:
    try:
        html = Document(data).summary(html_partial=True)
        text = lxml.html.fromstring(html).text_content() if html.strip() else ''
    except Exception:
        text = ''
    with open(os.path.join(out, pid + '.json'), 'w', encoding='utf-8') as f:
        json.dump({'text': text}, f)
t = time.process_time() - t0
print(f'{len(pages)} {t:.3f}')
PY
for b in scrapinghub wcxb-dev-articles; do
  n=$(ls "$data/$b/html" | wc -l)
  # dyad: CPU seconds of the whole process (reading gzip, extraction, writing JSON).
  /usr/bin/time -f "%U %S" -o "$work/dyad.time" taskset -c 0 "$dyad" extract --format json --out "$work/dyad-$b" "$data/$b/html" 2>/dev/null || true
  dyad_cpu=$(awk '{print $1+$2}' "$work/dyad.time" | tail -1)
  read -r _ rd_cpu < <(taskset -c 0 $py "$work/readability_run.py" "$data/$b/html" "$work/rd-$b")
  if [ "$b" = scrapinghub ]; then
    gt=$data/$b/ground-truth.json; mode=shingle
  else
    gt=$data/$b/ground-truth; mode=wordf1
  fi
  f_dyad=$(python3 "$score" --mode $mode --gt "$gt" --pred "$work/dyad-$b" --n-bootstrap 0 --name dyad 2>/dev/null | tail -1)
  f_rd=$(python3 "$score" --mode $mode --gt "$gt" --pred "$work/rd-$b" --n-bootstrap 0 --name readability 2>/dev/null | tail -1)
  python3 - "$b" "$n" "$dyad_cpu" "$rd_cpu" <<'PY'
import sys
b, n, d, r = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f'== {b}: {n} pages; dyad {n/d:.0f} pages/s ({d:.2f} CPU s), python3-readability {n/r:.1f} pages/s ({r:.2f} CPU s), speed ratio {r/d:.1f}x')
PY
  echo "$f_dyad"
  echo "$f_rd"
done
