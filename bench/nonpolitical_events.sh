#!/usr/bin/env bash
# Events coded in the 200 non-political WCXB pages listed in
# data/annotations/nonpolitical-wcxb.txt (issue 11's false-positive target:
# at most 5 in all). Usage: bench/nonpolitical_events.sh [DYAD] [CODER]
# with CODER combined (default), rules, learned, or a whole stage list
# (anything with a ';', given to --pipeline). Prints the count and the events.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dyad=${1:-$root/build/dyad}
coder=${2:-combined}
pages=$root/../shared/data/extract/wcxb-dev-articles/html
if [ ! -d "$pages" ]; then
  echo "skipped: $pages not found (../shared absent)" >&2
  exit 0
fi
files=()
while read -r id; do
  case "$id" in ''|'#'*) continue ;; esac
  files+=("$pages/$id.html.gz")
done < "$root/data/annotations/nonpolitical-wcxb.txt"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if [[ "$coder" == *";"* ]]; then
  "$dyad" code --pipeline "$coder" --format jsonl "${files[@]}" > "$out"
else
  "$dyad" code --coder "$coder" --format jsonl "${files[@]}" > "$out"
fi
echo "pages: ${#files[@]}  coder: $coder  events: $(grep -c . "$out" || true)"
python3 - "$out" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    print(" ", e.get("doc_id", e.get("doc", "")), e.get("plover", ""), e.get("cameo", ""),
          (e.get("source") or {}).get("code", ""), "->", (e.get("target") or {}).get("code", ""),
          repr(e.get("trigger", "")))
PY
