#!/usr/bin/env bash
# Each cheating strategy does what it says in the simulation: cheating on
# about q of its requests (4 binomial sigmas), each cheated request costing
# its strategy's share of the honest compute (lazy 0, substitute 0.25,
# skip_layers 0.5, fp16/int8 1; busy time checked exactly against
# (results - cheats + cheats x cost_factor) x 1 ms, the honest service
# time), and every strategy's bad results caught by an exact spot-check.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/spotcheck.yaml
for s in lazy substitute skip_layers fp16 int8; do
  "$ogsim" run "$sc" -q -o "$tmp/$s.h5" --set "dishonest[0].strategy=$s" --set 'dishonest[0].q=0.5' \
    --set verification.protocol=none --set 'node_classes[bad].cost=3600/h' --set duration=10s
  "$ogsim" run "$sc" -q -o "$tmp/$s-check.h5" --set "dishonest[0].strategy=$s" --set duration=10s
done
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
import h5py
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()
factor = {"lazy": 0, "substitute": 0.25, "skip_layers": 0.5, "fp16": 1, "int8": 1}
for s, cf in factor.items():
    with h5py.File(f"{t}/{s}.h5") as f:
        row = f["strategies"][1]
    n, k, busy = float(row["results"]), float(row["cheats"]), float(row["cost"])
    sd = math.sqrt(n * 0.25)
    check(abs(k - n / 2) <= 4 * sd, f"{s}: cheats on {k:.0f} of {n:.0f} results (q = 0.5)")
    want = ((n - k) + k * cf) * 1e-3
    check(abs(busy - want) <= 1e-9 * want, f"{s}: busy {busy:.6f} s, want {want:.6f} s "
          f"(cost factor {cf})")
    c = summary(f"{t}/{s}-check.h5")
    check(c["detections"] > 0 and c["cheaters_caught"] == 200,
          f"{s}: spot-check caught {c['cheaters_caught']:.0f} of 200 cheaters")
sys.exit(0 if check.ok else 1)
PY
