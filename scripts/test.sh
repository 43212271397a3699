#!/usr/bin/env bash
# Second command of the README (and what CI runs): build and run the whole
# test suite, then the same suite under AddressSanitizer + UBSan, then every
# fuzz target for 30 s on its seed corpus (scripts/fuzz.sh --smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/web.sh
jobs=$(nproc)
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDYAD_BUILD_BENCH=ON > /dev/null
cmake --build build-test -j"$jobs"
(cd build-test && ctest --output-on-failure -j"$jobs")
if [ "${DYAD_SKIP_SANITIZERS:-0}" != "1" ]; then
  echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDYAD_SANITIZE=ON -DDYAD_BUILD_BENCH=OFF > /dev/null
  cmake --build build-asan -j"$jobs"
  # Not the `dask` test (tests/cluster_test.py) again: it drives Python and
  # whole dyad processes, whose C++ (shard reading, PostgreSQL writes) the
  # Shards and Pg* tests already run under the sanitizers. The Pg* tests do
  # run here: they are the only ones reaching src/pgstore/.
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j"$jobs" -LE dask)
fi
if [ "${DYAD_SKIP_FUZZ:-0}" != "1" ]; then
  echo "== every fuzz target for 30 s on its corpus (DYAD_SKIP_FUZZ=1 skips)"
  scripts/fuzz.sh --smoke
fi
