#!/bin/sh
# Scale benchmark: aisys-search against SQLite FTS5 on a corpus made from
# Debian's package descriptions. Builds gen_corpus, scale_bench and
# aisys-search in build-bench/, writes the corpus to build-bench/scale/ when it
# is not there yet, and runs scale_bench on it. Further arguments go to
# scale_bench (--queries N, --cold N, --markdown). Build output goes to stderr,
# so stdout is only the results.
#
#   benchmarks/scale/run.sh [10k|60k|1M|all] [scale_bench options, e.g. --shards 1,2,4]
#
# 60k (the default) is every distinct package; 1M adds recombined ones. For
# real abstracts apt needs its English descriptions once:
#   apt-get update -o Acquire::Languages=en
set -eu
cd "$(dirname "$0")/../.."
size=${1:-60k}
[ $# -gt 0 ] && shift
case $size in
10k) sizes=10k ;;
60k) sizes=60k ;;
1M) sizes=1M ;;
all) sizes="10k 60k 1M" ;;
*) echo "usage: benchmarks/scale/run.sh [10k|60k|1M|all] [scale_bench options]" >&2; exit 2 ;;
esac

cmake -S . -B build-bench -DAISYS_BUILD_BENCHMARKS=ON -DCMAKE_BUILD_TYPE=Release >&2
cmake --build build-bench --target gen_corpus scale_bench aisys-search -j2 >&2
mkdir -p build-bench/scale

for s in $sizes; do
    case $s in
    10k) count=--count\ 10000 ;;
    60k) count= ;;  # every distinct package
    1M) count=--count\ 1000000 ;;
    esac
    corpus=build-bench/scale/corpus-$s.jsonl
    if [ ! -s "$corpus" ]; then
        # shellcheck disable=SC2086 # $count is an option and its value, or nothing
        build-bench/benchmarks/gen_corpus $count > "$corpus.tmp"
        mv "$corpus.tmp" "$corpus"
    fi
    build-bench/benchmarks/scale_bench --corpus "$corpus" --work "build-bench/scale/work-$s" "$@"
    [ "$s" = "${sizes##* }" ] || echo
done
