#!/usr/bin/env bash
# CI regression: every simulated number of the bench set exactly (or within
# its tolerance) against the committed baselines (scenarios/bench/regress.sh
# --simulated). Speed and memory are judged by tests/perf/regression.sh
# (`ctest -L perf`), not here: the default suite holds no timing thresholds.
set -eu
exec bash "$2/scenarios/bench/regress.sh" "$1" --simulated
