#!/usr/bin/env bash
# Scores `dyad places` on the geoparsing gold sets, dev or test half (split fixed before tuning):
# LGL and GeoVirus (../shared/data/geo, split by scripts/geo/split.py) and dyad's own set
# (data/geo/own_places.tsv over ../shared/data/extract, split by scripts/geo/own_pool.py).
# usage: scripts/geo/eval.sh dev|test [BUILD_DIR] [extra dyad places options...]
# GEO_SETS="lgl geovirus own" picks sets; GEO_ERRORS=N prints N error examples per set.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
part=${1:-dev}
build=${2:-$root/build}
shift $(( $# >= 2 ? 2 : $# ))
shared=$root/../shared
work=${GEO_EVAL_DIR:-/tmp/dyad-geo-eval}
mkdir -p "$work"
for set in ${GEO_SETS:-lgl geovirus own}; do
  if [ "$set" = own ]; then
    python3 "$root/scripts/geo/own_gold.py" gold "$part" "$work"
  else
    python3 "$root/scripts/geo/split.py" "$shared/data/geo/$set.jsonl" "$work"
  fi
  "$build/dyad" places --no-clean --format jsonl "$@" "$work/$set-$part.docs.jsonl" > "$work/$set-$part.pred.jsonl"
  echo "== $set $part"
  python3 "$shared/tools/score_geo.py" --gold "$work/$set-$part.jsonl" --pred "$work/$set-$part.pred.jsonl"
  python3 "$root/scripts/geo/score.py" --countries "$shared/data/ref/geonames/countryInfo.tsv" \
    --gold "$work/$set-$part.jsonl" --pred "$work/$set-$part.pred.jsonl" ${GEO_ERRORS:+--errors $GEO_ERRORS}
done
