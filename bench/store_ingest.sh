#!/usr/bin/env bash
# Ingest throughput: --jobs 1 vs --jobs 2, and the store's cost over `dyad code`, on a synthetic
# corpus from bench/store_gen_corpus.py. Uses hyperfine.
#   bench/store_ingest.sh [BUILD_DIR] [DOCS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
docs=${2:-4000}
command -v hyperfine > /dev/null || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo; $SUDO apt-get install -y -qq hyperfine; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/store_gen_corpus.py --docs "$docs" --out "$work/corpus.jsonl"
echo "corpus: $docs documents, $(du -h "$work/corpus.jsonl" | cut -f1)"
hyperfine --warmup 1 --runs ${RUNS:-5} --export-markdown "$work/ingest.md" \
  --prepare "rm -f $work/j.db $work/j.db-wal $work/j.db-shm" \
  -n "code (1 thread)" "$build/dyad code $work/corpus.jsonl > /dev/null" \
  -n "ingest --jobs 1" "$build/dyad ingest -q --db $work/j.db --jobs 1 $work/corpus.jsonl" \
  -n "ingest --jobs 2" "$build/dyad ingest -q --db $work/j.db --jobs 2 $work/corpus.jsonl"
cat "$work/ingest.md"
rm -f "$work/j.db"*
"$build/dyad" ingest --db "$work/j.db" --jobs 2 "$work/corpus.jsonl"
echo "== re-ingest (idempotent: nothing new)"
/usr/bin/time -f "%e s" "$build/dyad" ingest --db "$work/j.db" --jobs 2 "$work/corpus.jsonl"
