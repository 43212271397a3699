#!/usr/bin/env bash
# Scores `dyad places` on the development gold sets (../shared/data/geo), dev or test half.
# usage: scripts/geo/eval.sh dev|test [BUILD_DIR] [extra dyad places options...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
part=${1:-dev}
build=${2:-$root/build}
shift $(( $# >= 2 ? 2 : $# ))
shared=$root/../shared
work=${GEO_EVAL_DIR:-/tmp/dyad-geo-eval}
mkdir -p "$work"
for set in lgl geovirus; do
  python3 "$root/scripts/geo/split.py" "$shared/data/geo/$set.jsonl" "$work"
  "$build/dyad" places --no-clean --format jsonl "$@" "$work/$set-$part.docs.jsonl" > "$work/$set-$part.pred.jsonl"
  echo "== $set $part"
  python3 "$shared/tools/score_geo.py" --gold "$work/$set-$part.jsonl" --pred "$work/$set-$part.pred.jsonl"
  python3 "$root/scripts/geo/score.py" --countries "$shared/data/ref/geonames/countryInfo.tsv" \
    --gold "$work/$set-$part.jsonl" --pred "$work/$set-$part.pred.jsonl" ${GEO_ERRORS:+--errors $GEO_ERRORS}
done
