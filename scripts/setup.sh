#!/usr/bin/env bash
# First command of the README: install what is missing, build Release, and
# code the bundled sample articles.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/web.sh   # npm ci in web/ (the dashboard's packages); CMake bundles and embeds it
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DDYAD_BUILD_TESTS=OFF > /dev/null
cmake --build build -j"$(nproc)" --target dyad
echo
echo "== dyad code --format table samples/"
./build/dyad code --format table samples/
echo
echo "Built ./build/dyad. Try: ./build/dyad code --explain samples/aegean-talks.txt"
echo
echo "== dyad ingest --db dyad.db samples/"
./build/dyad ingest --db dyad.db samples/
echo
echo "Stored in dyad.db. Query it: ./build/dyad events --db dyad.db --format table"
echo "                             ./build/dyad stats --db dyad.db"
echo "Serve it:                    ./build/dyad serve --db dyad.db --port 8080"
echo "                             then open http://127.0.0.1:8080/ (the dashboard) or curl localhost:8080/api/events"
