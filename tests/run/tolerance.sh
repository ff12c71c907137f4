#!/usr/bin/env bash
# Tolerance comparison on real outputs (tests/scenarios/tolerance.yaml):
# both error rates. fp16 cheats sit at ~3e-4 relative distance (measured by
# calibration), so a 1e-3 tolerance lets nearly all of them through (false
# negatives) while 1e-5 catches every one; int8 cheats (~5e-3) are caught at
# 1e-3; honest results never fail (false positives = the measured honest
# noise, which is 0 on this OpenBLAS).
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/tolerance.yaml
"$ogsim" run "$sc" -q -o "$tmp/loose.h5" --set verification.tolerance=1e-3
"$ogsim" run "$sc" -q -o "$tmp/tight.h5" --set verification.tolerance=1e-5
"$ogsim" run "$sc" -q -o "$tmp/int8.h5" --set 'dishonest[0].strategy=int8'
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()
lo, ti, i8 = (summary(f"{t}/{k}.h5") for k in ("loose", "tight", "int8"))
checked = lo["detections"] + lo["bad_passed"]
check(lo["bad_passed"] > 0.9 * checked, f"tolerance 1e-3: {lo['bad_passed']:.0f} of {checked:.0f} checked fp16 cheats slip through")
check(ti["bad_passed"] == 0 and ti["detections"] > 0, f"tolerance 1e-5: all {ti['detections']:.0f} checked fp16 cheats caught")
check(i8["bad_passed"] == 0 and i8["detections"] > 0, f"int8 at 1e-3: all {i8['detections']:.0f} caught")
check(lo["false_fails"] == 0 and ti["false_fails"] == 0, "no honest result fails (measured honest noise 0)")
sys.exit(0 if check.ok else 1)
PY
