#!/usr/bin/env bash
# Build and run the libFuzzer harnesses (docs/fuzzing.md).
#   run.sh build [DIR]                  the clang build of the harnesses in DIR (build/fuzz)
#   run.sh smoke [DIR]                  build, then a fixed number of inputs each (CTest fuzz.smoke)
#   run.sh long SECONDS [HARNESS] [DIR] fuzz each harness (or one: scenario, sweep) for SECONDS
#   run.sh repro HARNESS FILE...        run a harness (scenario, sweep) on saved inputs
# Exits 77 (CTest: skipped) where clang or its libFuzzer runtime is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
cc=${OGSIM_FUZZ_CC:-clang}
harnesses=(scenario sweep)

# Seed folders of each harness: the committed corpus and regressions, and the
# tree's own files, so that a new bad-input file is fuzzed without remaking
# the corpus.
seeds() {
  local d
  for d in "$here/corpus/$1" "$here/regress/$1"; do
    [ -d "$d" ] && echo "$d"
  done
  case $1 in
    scenario) echo "$src/scenarios $src/tests/scenarios $src/tests/bad" ;;
    sweep)    echo "$src/scenarios/sweeps $src/tests/sweeps $src/tests/bad_sweeps" ;;
  esac
}

skip() {
  echo "skipped: $*"
  exit 77
}

# Configure DIR once (clang, OGSIM_FUZZ=ON), then build the harnesses.
build() {
  local dir=$1
  command -v "$cc" >/dev/null || skip "clang not found (Debian package: clang)"
  mkdir -p "$dir"
  if [ ! -f "$dir/libfuzzer.ok" ]; then
    printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' \
      > "$dir/probe.c"
    "$cc" -fsanitize=fuzzer "$dir/probe.c" -o "$dir/probe" 2>/dev/null ||
      skip "clang has no libFuzzer runtime (Debian package: libclang-rt-dev)"
    touch "$dir/libfuzzer.ok"
  fi
  local werror=${OGSIM_WERROR:-OFF}
  if ! grep -qx "OGSIM_WERROR:BOOL=$werror" "$dir/CMakeCache.txt" 2>/dev/null; then
    cmake -S "$src" -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DOGSIM_FUZZ=ON -DOGSIM_WERROR="$werror" > "$dir/configure.log" 2>&1 ||
      { cat "$dir/configure.log"; exit 1; }
  fi
  cmake --build "$dir" -j"${OGSIM_FUZZ_JOBS:-2}" --target fuzz_scenario fuzz_sweep \
    > "$dir/build.log" 2>&1 || { tail -50 "$dir/build.log"; exit 1; }
}

# fuzz HARNESS DIR LOG ARGS...: run the harness over a fresh folder and its seeds.
fuzz() {
  local h=$1 dir=$2 log=$3
  shift 3
  "$here/make_dict.sh" > "$dir/scenario.dict"
  "$dir/tests/fuzz/fuzz_$h" -dict="$dir/scenario.dict" -artifact_prefix="$dir/artifacts/$h/" \
    -print_final_stats=1 "$@" $(seeds "$h") > "$log" 2>&1
}

smoke() {
  local dir=$1 h rc
  build "$dir"
  for h in "${harnesses[@]}"; do
    rm -rf "$dir/smoke/$h"
    mkdir -p "$dir/smoke/$h" "$dir/artifacts/$h"
    local runs=20000
    [ "$h" = sweep ] && runs=1500
    rc=0
    fuzz "$h" "$dir" "$dir/smoke/$h.log" -seed=1 -runs=$runs -max_len=2048 "$dir/smoke/$h" || rc=$?
    grep -E '^stat::number_of_executed_units|^Done' "$dir/smoke/$h.log" | sed "s/^/$h: /" || true
    if [ $rc -ne 0 ]; then
      tail -60 "$dir/smoke/$h.log"
      echo "fuzz_$h failed (exit $rc): the input is in $dir/artifacts/$h/ (see docs/fuzzing.md)"
      exit 1
    fi
  done
}

# Fork mode: a crash, leak or timeout is saved and the run goes on.
long() {
  local secs=$1 which=$2 dir=$3 h
  build "$dir"
  for h in "${harnesses[@]}"; do
    [ "$which" = all ] || [ "$which" = "$h" ] || continue
    mkdir -p "$dir/corpus/$h" "$dir/artifacts/$h"
    echo "fuzz_$h: $secs s, log $dir/long-$h.log, corpus $dir/corpus/$h, findings $dir/artifacts/$h/"
    fuzz "$h" "$dir" "$dir/long-$h.log" -max_total_time="$secs" -fork=1 -ignore_crashes=1 \
      -ignore_timeouts=1 -ignore_ooms=1 -timeout="${OGSIM_FUZZ_TIMEOUT:-30}" -rss_limit_mb=2048 \
      "$dir/corpus/$h" || true
    tail -3 "$dir/long-$h.log"
    ls "$dir/artifacts/$h"
  done
}

what=${1:-}
case $what in
  build) build "${2:-$src/build/fuzz}" ;;
  smoke) smoke "${2:-$src/build/fuzz}" ;;
  long)  [ $# -ge 2 ] || { echo "usage: run.sh long SECONDS [scenario|sweep] [DIR]" >&2; exit 2; }
         long "$2" "${3:-all}" "${4:-$src/build/fuzz}" ;;
  repro) [ $# -ge 3 ] || { echo "usage: run.sh repro scenario|sweep FILE..." >&2; exit 2; }
         dir=$src/build/fuzz; build "$dir"; h=$2; shift 2
         "$dir/tests/fuzz/fuzz_$h" "$@" ;;
  *)     sed -n '2,7p' "$0" >&2; exit 2 ;;
esac
