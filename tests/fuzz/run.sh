#!/usr/bin/env bash
# Runs the libFuzzer targets of an AISYS_BUILD_FUZZERS build, each for a
# bounded time on a copy of its seed corpus, and fails on any crash, leak,
# timeout or out-of-memory.
#
#   tests/fuzz/run.sh SECONDS [BUILD_DIR [TARGET...]]
#
# BUILD_DIR defaults to build-asan; TARGETs are names like "list" or
# "fuzz_list" (default: every fuzz_* built). Corpora, logs and crash
# artifacts go to BUILD_DIR/fuzz-run/<target>/, never into the source tree.
# $AISYS_FUZZ_JOBS fuzzers run at once (default: one per core), each on one
# core: the time budget is per fuzzer. A failure prints the input that caused
# it and the command that replays it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:?usage: run.sh SECONDS [BUILD_DIR [TARGET...]]}
build=$(cd "${2:-$here/../../build-asan}" && pwd)
shift $(( $# < 2 ? $# : 2 ))
[[ $seconds =~ ^[0-9]+$ ]] || { echo "run.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 2; }

targets=()
if [ $# -gt 0 ]; then
  for t in "$@"; do targets+=("${t#fuzz_}"); done
else
  for exe in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$exe" ] && [ -f "$exe" ] || continue
    exe=$(basename "$exe")
    targets+=("${exe#fuzz_}")
  done
fi
[ ${#targets[@]} -gt 0 ] || { echo "run.sh: no fuzzers in $build/tests/fuzz (configure with -DAISYS_BUILD_FUZZERS=ON)" >&2; exit 2; }

# Every report is fatal and comes with its stack; leaks count as failures.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:print_stacktrace=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# Leaks inside Debian's libraries that we do not cause, each with why (none now).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/lsan.supp:print_suppressions=0}

run_one() {
  local name=$1 work=$build/fuzz-run/$1
  local exe=$build/tests/fuzz/fuzz_$name
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  [ -x "$exe" ] || { echo "missing" >"$work/result"; return; }
  [ -d "$here/seeds/$name" ] && cp -R "$here/seeds/$name/." "$work/corpus/"
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -detect_leaks=1
              -print_final_stats=1 -artifact_prefix="$work/artifacts/")
  [ -f "$here/dicts/$name.dict" ] && args+=(-dict="$here/dicts/$name.dict")
  # -timeout is per input; the outer limit only catches a fuzzer that hangs
  # outside any input (start-up, exit).
  local rc=0
  (cd "$work" && timeout --kill-after=10 $((seconds + 300)) "$exe" "${args[@]}" corpus) >"$work/log" 2>&1 || rc=$?
  local result=ok
  if [ $rc -ne 0 ]; then
    if grep -q 'ERROR: libFuzzer: timeout' "$work/log"; then result=timeout
    elif grep -q -e 'ERROR: libFuzzer: out-of-memory' -e 'ERROR: libFuzzer: malloc' "$work/log"; then result=out-of-memory
    elif grep -q 'ERROR: LeakSanitizer' "$work/log"; then result=leak
    elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then result=hung
    else result=crash
    fi
  fi
  echo "$result" >"$work/result"
}

jobs_max=${AISYS_FUZZ_JOBS:-$(nproc)}
for name in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
  echo "run.sh: fuzzing $name for ${seconds}s" >&2
  run_one "$name" &
done
wait

failed=0
printf '\n%-8s %12s %8s  %s\n' target executions corpus result
for name in "${targets[@]}"; do
  work=$build/fuzz-run/$name
  result=$(cat "$work/result" 2>/dev/null || echo "no result")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" 2>/dev/null | tail -1)
  corpus=$(find "$work/corpus" -type f 2>/dev/null | wc -l)
  printf '%-8s %12s %8s  %s\n' "$name" "${execs:-?}" "$corpus" "$result"
  [ "$result" = ok ] || failed=1
done

if [ $failed -ne 0 ]; then
  for name in "${targets[@]}"; do
    work=$build/fuzz-run/$name
    [ "$(cat "$work/result" 2>/dev/null)" = ok ] && continue
    echo >&2
    echo "==== fuzz_$name: $(cat "$work/result" 2>/dev/null || echo 'no result'); log $work/log" >&2
    grep -v -e '^#[0-9]' -e '^INFO:' "$work/log" 2>/dev/null | tail -60 >&2 || true
    for artifact in "$work"/artifacts/*; do
      [ -f "$artifact" ] || continue
      echo "input: $artifact; replay: $build/tests/fuzz/fuzz_$name $artifact" >&2
    done
  done
  exit 1
fi
