#!/usr/bin/env bash
# The continuous engine's closed form against its per-iteration reference
# on randomised variants of the stress scenario (continuous_stress.py says
# what varies): 60 cases in the event loop, 20 with the actor driver
# (OGSIM_ACTORS=1, as the network modes without the loop run nodes);
# `continuous_stress.py OGSIM SRC 300 [FIRST]` runs a longer sweep.
set -eu
/usr/bin/python3 "$2/tests/run/continuous_stress.py" "$1" "$2"
OGSIM_ACTORS=1 /usr/bin/python3 "$2/tests/run/continuous_stress.py" "$1" "$2" 20
