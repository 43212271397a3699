#!/usr/bin/env bash
# The full fault-injection sweep of src/store/store_fault_test.cc: every write (failed once, failed
# for good, short), every sync (once, for good) and every truncate of an ingest of samples/, from an
# empty store and from one holding two of the four articles; after each, a plain re-run must end
# equal to a clean ingest. CI runs about a tenth of the write points.
#   bench/store_fault_sweep.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
DYAD_FAULT_SWEEP=full "$build/dyad_tests" --gtest_filter='StoreFaultTest.EveryFailedWriteOrSyncResumesToTheCleanResult' \
  | grep -E '^\[fault sweep\]|OK|FAILED|Failure'
