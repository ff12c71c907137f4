#!/usr/bin/env bash
# /timeseries has one row per `timeseries_interval` over the whole run, with
# no cap: 1.05 s at 1 us is 1,050,000 rows (a cap of 1,000,000 once folded
# every later interval into the last row), and each request is counted in
# the row of its issue time.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/ts.yaml" <<'YAML'
name: ts
seed: 3
duration: 1.05s
drain: 0s
regions: [{name: r, latency: 0s}]
models: [{name: m, flops: 1GFlop, request_bytes: 0, response_bytes: 0}]
node_classes: [{name: n, region: r, count: 2, peak: 1TFlops}]
workload: {rate: 200/s, timeout: 1s, max_retries: 0}
output: {timeseries_interval: 1us, requests: true}
YAML
"$ogsim" run "$tmp/ts.yaml" -q -o "$tmp/ts.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp/ts.h5" <<'PY'
import sys
import h5py
import numpy as np
from h5check import summary, Checks
s = summary(sys.argv[1])
check = Checks()
with h5py.File(sys.argv[1]) as f:
    t = f["timeseries/t"][()]
    issued = f["timeseries/issued"][()]
    done = f["timeseries/completed"][()]
    req = f["requests"][()]
check(len(t) >= 1050000, f"/timeseries has {len(t)} rows, want at least 1,050,000")
check(issued.sum() == s["requests_issued"], f"rows' issued sum {issued.sum()} == {s['requests_issued']:.0f}")
check(done.sum() == s["requests_completed"], f"rows' completed sum {done.sum()} == {s['requests_completed']:.0f}")
check(issued.max() <= 1, f"at most one request issued per 1 us row (got {issued.max()})")
want = np.bincount(np.floor(req["t_issue"] / 1e-6).astype(np.int64), minlength=len(t))
check(len(want) == len(t) and (want == issued).all(),
      "every request counted in the row of its issue time")
sys.exit(0 if check.ok else 1)
PY
