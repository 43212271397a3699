#!/usr/bin/env bash
# Cost of the writer's integrity check before the first write (StoreOptions::check) on a store of
# about 1 M events: `dyad ingest --check none|quick|full` of an empty input, so that only opening
# the store differs between the commands. Uses hyperfine.
#   bench/store_check.sh [BUILD_DIR] [STORE]
# STORE is built when missing (bench/store_gen_corpus.py, 78,400 articles: 1.0 M events, 1.0 GB;
# a few minutes with --jobs 2) and kept for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
store=${2:-/tmp/dyad_store_1m.db}
command -v hyperfine > /dev/null || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo; $SUDO apt-get install -y -qq hyperfine; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -e "$store" ]; then
  python3 bench/store_gen_corpus.py --docs 78400 --out "$work/corpus.jsonl"
  "$build/dyad" ingest --db "$store" --jobs 2 "$work/corpus.jsonl"
  rm -f "$work/corpus.jsonl"
fi
events=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM events').fetchone()[0])" "$store")
echo "store: $store, $(du -h "$store" | cut -f1), $events events"
: > "$work/empty.jsonl"
cat "$store" > /dev/null  # in the page cache, as after the previous run
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown "$work/check.md" \
  -n "check none" "$build/dyad ingest -q --check none --db $store $work/empty.jsonl" \
  -n "check quick" "$build/dyad ingest -q --check quick --db $store $work/empty.jsonl" \
  -n "check full" "$build/dyad ingest -q --check full --db $store $work/empty.jsonl"
cat "$work/check.md"
