#!/usr/bin/env bash
# Rebuilds data/geo/gazetteer.bin from the GeoNames dumps in ../shared/data/ref/geonames
# (CC BY 4.0, GeoNames, https://www.geonames.org) and the project's own lists
# (data/actors/countries.txt, data/geo/extra.txt); the English word list of Debian's wamerican
# package marks names that are also common words.
# usage: scripts/build_gazetteer.sh [BUILD_DIR] [GEONAMES_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
geonames=${2:-$root/../shared/data/ref/geonames}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in cities500.txt regionInfo.tsv admin2Codes.txt countryInfo.tsv; do
  ln -s "$(cd "$geonames" && pwd)/$f" "$tmp/$f"
done
# cities15000 (newer, with more alternate names) is zipped upstream.
if [ -f "$geonames/cities15000.zip" ]; then
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("cities15000.txt", sys.argv[2])' \
    "$geonames/cities15000.zip" "$tmp"
fi
"$build/dyad" train gazetteer --geonames "$tmp" --countries "$root/data/actors/countries.txt" \
  --extra "$root/data/geo/extra.txt" --words /usr/share/dict/american-english --out "$root/data/geo/gazetteer.bin"
