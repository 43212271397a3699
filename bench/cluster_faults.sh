#!/usr/bin/env bash
# The fault targets of distributed ingest at full strength (CI's cluster_dask
# test does one of each): one Dask worker SIGKILLed at a random moment of a run,
# KILLS times, and the driver with all it started SIGKILLed then run again,
# DRIVER_KILLS times; each final store must equal a clean run's (events count
# and digest of the sorted normalised export). Starts its own PostgreSQL.
#   bench/cluster_faults.sh [BUILD_DIR] [DOCS]     (KILLS=5 DRIVER_KILLS=2 SEED=...)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
exec /usr/bin/python3 tests/cluster_test.py --dyad "$build/dyad" --source . --docs "${2:-240}" \
  --kills "${KILLS:-5}" --driver-kills "${DRIVER_KILLS:-2}" ${SEED:+--seed "$SEED"}
