#!/usr/bin/env bash
# CI regression: the bench set's numbers against the committed baselines
# (scenarios/bench/regress.sh; fails when a simulated metric moves beyond
# its tolerance or the simulator gets 3x slower or 2x bigger).
set -eu
exec bash "$2/scenarios/bench/regress.sh" "$1"
