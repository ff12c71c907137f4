#!/usr/bin/env bash
# Real outputs inside a simulation: with run_share 0.2 on the runnable
# tiny-transformer, about a fifth of the completed requests are computed for
# real (binomial 4-sigma bounds), /outputs holds one row per such request,
# every honest distance is below the closest cheat's distance measured in
# the calibration (fp16 rounding), and two runs give identical rows.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
args=(--set "models[tiny].run_share=0.2" --set "node_classes[cpu].max_batch=4"
      --set "node_classes[cpu].batch_window=2ms" --set workload.rate=3000/s)
"$ogsim" run "$src/tests/scenarios/zoo.yaml" -q -o "$tmp/a.h5" "${args[@]}"
"$ogsim" run "$src/tests/scenarios/zoo.yaml" -q -o "$tmp/b.h5" "${args[@]}"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" "$src/models/calibration/default.yaml" <<'PY'
import math, re, sys
import h5py
from h5check import summary, same_datasets, fail
t = sys.argv[1]
s = summary(f"{t}/a.h5")
n, k = s["requests_completed"], s["outputs_run"]
lo, hi = n * 0.2 - 4 * math.sqrt(n * 0.16), n * 0.2 + 4 * math.sqrt(n * 0.16)
if not lo <= k <= hi:
    fail(f"{k} outputs run of {n} requests, want 20% ({lo:.0f}..{hi:.0f})")
with h5py.File(f"{t}/a.h5") as f:
    rows = f["outputs"][()]
    batches = f["summary/batch_size_mean"][()]
if len(rows) != k:
    fail(f"/outputs has {len(rows)} rows, summary says {k}")
cal = open(sys.argv[2]).read()
fp16 = float(re.search(r"name: tiny-transformer, .*fp16: ([0-9.e+-]+)", cal).group(1))
if not rows["distance"].max() < fp16:
    fail(f"honest distance {rows['distance'].max()} not below the fp16 cheat's {fp16}")
if same_datasets(f"{t}/a.h5", f"{t}/b.h5"):
    fail("two runs differ")
print(f"ok: {k:.0f} of {n:.0f} requests run for real (batches of {batches:.2f} on average), "
      f"largest honest distance {rows['distance'].max():.3g} < fp16 cheat {fp16}")
PY
