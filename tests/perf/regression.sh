#!/usr/bin/env bash
# Benchmark (label perf, not in the default suite): the regression bench with
# its speed and memory rules too (at least 1/3 of the baselines' requests per
# wall second, at most 3x their wall time, 2x their peak memory). Run it on
# a quiet machine: `ctest --test-dir build -L perf`.
set -eu
exec bash "$2/scenarios/bench/regress.sh" "$1"
