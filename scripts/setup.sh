#!/usr/bin/env bash
# First command of the README: install what is missing, build Release, and
# code the bundled sample articles.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DDYAD_BUILD_TESTS=OFF > /dev/null
cmake --build build -j"$(nproc)" --target dyad
echo
echo "== dyad code --format table samples/"
./build/dyad code --format table samples/
echo
echo "Built ./build/dyad. Try: ./build/dyad code --explain samples/aegean-talks.txt"
