#!/usr/bin/env bash
# Installs the Debian packages dyad needs, only those missing. Safe to re-run.
set -euo pipefail
# WordNet 3.0 files (wordnet-base): read by `dyad train events` only; the event model embeds its classes.
training_only=(wordnet-base)
packages=(build-essential cmake pkg-config libcli11-dev libfmt-dev nlohmann-json3-dev
          libsimdjson-dev libutf8proc-dev libcld2-dev zlib1g-dev libsqlite3-dev libxml2-dev
          libboost-dev libcpp-httplib-dev libgtest-dev libgmock-dev
          libbenchmark-dev clang libclang-rt-14-dev wamerican
          libpq-dev postgresql python3 python3-distributed
          chromium)  # chromium: the dashboard's browser tests (headless)
# The dashboard (web/) is bundled with Node and npm from Debian; a Node already
# on the machine (NodeSource, nvm) is used as it is.
command -v node > /dev/null || packages+=(nodejs)
command -v npm > /dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}" "${training_only[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "dyad: installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
