#!/usr/bin/env bash
# /timeseries counts node failures (mtbf) and repairs per bin when a class
# can fail: `failures` sums to the summary's node_failures and to /nodes'
# failures, no bin's running count of recoveries passes that of failures,
# and a repair follows each failure by the class's mttr (exponential, so
# on 60 s of 20 nodes failing every 10 s most failures are repaired). A
# run without mtbf has no such columns.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ogsim" run "$src/tests/scenarios/golden.yaml" -q -o "$tmp/f.h5" --set duration=60s \
  --set 'node_classes[big].mtbf=10s' --set 'node_classes[big].mttr=1s' --set drain=0s
"$ogsim" run "$src/tests/scenarios/churn.yaml" -q -o "$tmp/c.h5" --set duration=20s \
  --set warmup=2s
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
import numpy as np
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()
s = summary(f"{t}/f.h5")
with h5py.File(f"{t}/f.h5") as f:
    ts = f["timeseries"]
    down, up = ts["failures"][()], ts["recoveries"][()]
    node_fails = f["nodes"]["failures"].sum()
    attrs = [ts[c].attrs["description"] for c in ("failures", "recoveries")]
check(down.dtype.kind == "i" and up.dtype.kind == "i", f"integer columns ({down.dtype}, {up.dtype})")
check(down.sum() == s["node_failures"] == node_fails,
      f"failures sum {down.sum()} == node_failures {s['node_failures']:.0f} == /nodes {node_fails}")
check((np.cumsum(up) <= np.cumsum(down)).all(), "recoveries never ahead of failures")
check(down.sum() > 50 and down.sum() - 20 <= up.sum() <= down.sum(),
      f"{up.sum()} recoveries of {down.sum()} failures (at most 20 nodes still down)")
check(all(a for a in attrs), f"described: {attrs}")
with h5py.File(f"{t}/c.h5") as f:
    cols = set(f["timeseries"])
check("failures" not in cols and "recoveries" not in cols and "joins" in cols,
      "no failure columns without mtbf")
sys.exit(0 if check.ok else 1)
PY
