#!/usr/bin/env bash
# output.quantiles: sketch gives the latency percentiles within the sketch's
# 1% of the exact run's, says so in the summary, and changes nothing else.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ogsim" run "$src/tests/scenarios/golden.yaml" -q -o "$tmp/exact.h5"
"$ogsim" run "$src/tests/scenarios/golden.yaml" -q --set output.quantiles=sketch -o "$tmp/sketch.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp/exact.h5" "$tmp/sketch.h5" <<'PY'
import sys
import h5py
import numpy as np
from h5check import summary, fail
e, s = summary(sys.argv[1]), summary(sys.argv[2])
if (e["latency_quantiles_exact"], e["latency_quantile_error"]) != (1, 0):
    fail(f"exact run flags: {e['latency_quantiles_exact']}, {e['latency_quantile_error']}")
if (s["latency_quantiles_exact"], s["latency_quantile_error"]) != (0, 0.01):
    fail(f"sketch run flags: {s['latency_quantiles_exact']}, {s['latency_quantile_error']}")
sketched = ["latency_p50", "latency_p95", "latency_p99", "queue_delay_p99"]
for k in sketched:
    if not abs(s[k] - e[k]) <= 0.01 * e[k]:
        fail(f"{k}: sketch {s[k]!r}, exact {e[k]!r} (rel {abs(s[k] - e[k]) / e[k]:.4f} > 0.01)")
# means are summed in another order: equal up to rounding
for k in ["latency_mean", "queue_delay_mean", "service_mean"]:
    if not abs(s[k] - e[k]) <= 1e-12 * abs(e[k]):
        fail(f"{k}: sketch {s[k]!r}, exact {e[k]!r}")
flags = {"latency_quantiles_exact", "latency_quantile_error"}
moved = [k for k in e if k not in sketched and k not in flags and
         not k.startswith("latency_mean") and
         k not in ("queue_delay_mean", "service_mean") and
         not k.startswith("latency_p99_") and  # per model: tests/run/models.sh
         not (e[k] == s[k] or (e[k] != e[k] and s[k] != s[k]))]
if moved:
    fail(f"moved with the quantile mode: {moved}")
with h5py.File(sys.argv[1]) as fe, h5py.File(sys.argv[2]) as fs:
    te, ts = fe["timeseries"]["latency_p99"][()], fs["timeseries"]["latency_p99"][()]
if te.shape != ts.shape or not np.array_equal(np.isnan(te), np.isnan(ts)):
    fail("timeseries latency_p99: bins with data differ")
print("ok: " + ", ".join(f"{k} {s[k] / e[k] - 1:+.4f}" for k in sketched))
PY
