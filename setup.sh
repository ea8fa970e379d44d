#!/usr/bin/env bash
# Installs the Debian packages aisys-search builds with. Idempotent and
# non-interactive: does nothing when they are all present.
#
#   ./setup.sh              what a build and its tests need
#   ./setup.sh --sanitize   and clang 16 with its sanitizer and libFuzzer
#                           runtimes, for the AISYS_SANITIZE / AISYS_BUILD_FUZZERS
#                           build (.ci/sanitize); a plain build never needs clang
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libxapian-dev xapian-tools
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libcurl4-openssl-dev zlib1g-dev
  libcli11-dev nlohmann-json3-dev libpugixml-dev
  catch2
  python3-bibtexparser  # a real BibTeX parser the tests read the --bibtex output with
  libsqlite3-dev  # the FTS5 baseline of benchmarks/relevance
  man-db          # man --warnings checks the man page in the tests
  zsh fish        # the tests parse the generated zsh and fish completions
  libcpp-httplib-dev  # the HTTP server of 'serve'
  chromium chromium-driver python3-selenium  # the browser test of the served page (tests/browser)
)
case "${1:-}" in
  "") ;;
  --sanitize)
    # clang 16, not Debian 12's default 14: 14 rejects C++20 that GCC 12
    # builds (lambdas capturing structured bindings), and the tests use it.
    packages+=(
      clang-16
      libclang-rt-16-dev  # the ASan/UBSan/libFuzzer runtimes: only a Recommends of clang-16
      llvm-16             # the llvm-symbolizer those runtimes look for: source lines in reports
    )
    ;;
  *) echo "usage: setup.sh [--sanitize]" >&2; exit 2 ;;
esac

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
