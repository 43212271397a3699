#!/usr/bin/env bash
# Installs the dashboard's npm packages (web/package-lock.json) when they are
# missing or older than the lock file. CMake then bundles web/ with esbuild and
# embeds it in the dyad binary.
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "dyad: npm ci in web/ (the dashboard's packages)"
  npm ci --no-audit --no-fund --loglevel=error
fi
