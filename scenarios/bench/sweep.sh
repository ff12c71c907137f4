#!/usr/bin/env bash
# Sweep benchmark: the same sweep (100 points x 3 replicates of a 1,000-node
# scenario) at -j 1 and -j 2, side by side in one invocation; prints each
# wall time and the speed-up, and checks both give identical /points.
# Not a test: machines are noisy; compare figures from one run.
#   scenarios/bench/sweep.sh [build/ogsim] [sweep.yaml]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ogsim=${1:-$here/../../build/ogsim}
sweep=${2:-$here/sweep-100.yaml}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for j in 1 2; do
  date +%s.%N > "$tmp/start$j"
  "$ogsim" sweep "$sweep" -q -j $j -o "$tmp/j$j.h5" > /dev/null
  date +%s.%N > "$tmp/end$j"
done
/usr/bin/python3 - "$tmp" <<'PY'
import sys, h5py
t = sys.argv[1]
w1, w2 = (float(open(f"{t}/end{j}").read()) - float(open(f"{t}/start{j}").read())
          for j in (1, 2))
with h5py.File(f"{t}/j1.h5") as a, h5py.File(f"{t}/j2.h5") as b:
    n = len(a["points"])
    same = a["points"][()].tobytes() == b["points"][()].tobytes()
print(f"tasks {n}: -j 1 {w1:.1f} s ({n / w1:.2f} tasks/s), -j 2 {w2:.1f} s ({n / w2:.2f} tasks/s), "
      f"speed-up {w1 / w2:.2f}; /points identical: {same}")
sys.exit(0 if same else 1)
PY
