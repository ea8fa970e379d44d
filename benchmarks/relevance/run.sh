#!/bin/sh
# Judged relevance of aisys-search against an SQLite FTS5 baseline: builds
# relevance_eval in build-bench/ and runs it; arguments go to the program
# (--queries FILE, --judgments FILE, --verbose, --markdown, --similar: score
# `similar` instead, benchmarks/relevance/similar.hpp). Build output goes
# to stderr, so stdout is only the results.
set -eu
cd "$(dirname "$0")/../.."
cmake -S . -B build-bench -DAISYS_BUILD_BENCHMARKS=ON -DCMAKE_BUILD_TYPE=Release >&2
cmake --build build-bench --target relevance_eval -j2 >&2
exec build-bench/benchmarks/relevance_eval "$@"
