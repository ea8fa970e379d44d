#!/usr/bin/env bash
# Installs the Debian packages aisys-search builds with. Idempotent and
# non-interactive: does nothing when they are all present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libxapian-dev xapian-tools
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libcurl4-openssl-dev zlib1g-dev
  libcli11-dev nlohmann-json3-dev libpugixml-dev
  catch2
  libsqlite3-dev  # the FTS5 baseline of benchmarks/relevance
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "setup.sh: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
