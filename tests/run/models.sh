#!/usr/bin/env bash
# Per-model figures: /models and throughput_<model>, latency_p99_<model>
# (tests/scenarios/models.yaml: two models of very different service times
# and one the mix never asks for) against the /requests trace:
# - the counts per model, recomputed from the trace, and their sums equal
#   the overall figures (offered_rate, throughput, /timeseries timeouts);
# - exact mode: mean and p50/p95/p99 of each model as numpy computes them
#   over its requests issued in the window (type 7), to 1e-12;
# - sketch mode: each percentile within the sketch's 1% of the element of
#   rank floor(q (n - 1)) (the sketch's rank rule), counts unchanged;
# - a single-model scenario has no per-model entries, and its one row is
#   the overall figures.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/models.yaml
"$ogsim" run "$sc" -q -o "$tmp/exact.h5"
"$ogsim" run "$sc" -q --set output.quantiles=sketch -o "$tmp/sketch.h5"
"$ogsim" run "$src/tests/scenarios/routing.yaml" -q -o "$tmp/one.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
import h5py
import numpy as np
from h5check import Checks, summary

tmp = sys.argv[1]
check = Checks()
t0, t1, timeout = 2.0, 20.0, 0.060  # models.yaml: warmup, duration, timeout


def table(path):
    with h5py.File(path) as f:
        t = f["models"][()]
        units = list(f["models"].attrs["units"])
    rows = {r["name"].decode(): r for r in t}
    return rows, dict(zip(t.dtype.names, units))


def expected(path):
    """Per model from the trace: counts in the window and the latencies of
    the completed requests issued in the window."""
    with h5py.File(path) as f:
        r = f["requests"][()]
        tmo = f["timeseries"]["timeouts"][()]
    out = {}
    for j in range(3):
        q = r[r["model"] == j]
        ok, failed = q["status"] == 0, q["status"] == 1
        win = lambda t: (t >= t0) & (t < t1)
        # an attempt times out `timeout` after it was sent; a retry is sent then
        touts = sum(int(win(q["t_issue"][i] + k * timeout)) for i in range(len(q))
                    for k in range(1, int(q["attempts"][i])))
        lat = (q["t_done"] - q["t_issue"])[ok & win(q["t_issue"])]
        out[j] = dict(issued=int(win(q["t_issue"]).sum()),
                      completed=int((ok & win(q["t_done"])).sum()),
                      failed=int((failed & win(q["t_done"])).sum()), timeouts=touts, lat=lat)
    return out, int(tmo[int(t0):int(t1)].sum())


names = ["fast", "slow", "idle"]
s = summary(f"{tmp}/exact.h5")
rows, units = table(f"{tmp}/exact.h5")
want, tmo_window = expected(f"{tmp}/exact.h5")
window = t1 - t0
check(list(rows) == names, f"/models rows {list(rows)}")
check(units["throughput"] == "1/s" and units["latency_p99"] == "s", f"units {units}")
for j, m in enumerate(names):
    r, w = rows[m], want[j]
    for k in ("issued", "completed", "failed", "timeouts"):
        check(r[k] == w[k], f"{m} {k}: {r[k]}, from the trace {w[k]}")
    check(r["throughput"] == r["completed"] / window, f"{m} throughput {r['throughput']}")
    lat = w["lat"]
    if m == "idle":
        check(all(math.isnan(r[k]) for k in ("latency_mean", "latency_p50", "latency_p99")),
              "idle: latency NaN")
        continue
    for k, v in (("latency_mean", lat.mean()), ("latency_p50", np.percentile(lat, 50)),
                 ("latency_p95", np.percentile(lat, 95)), ("latency_p99", np.percentile(lat, 99))):
        check(abs(r[k] - v) <= 1e-12 * v, f"{m} {k} {r[k]!r}, numpy {v!r}")
    check(s[f"throughput_{m}"] == r["throughput"], f"summary throughput_{m}")
    check(s[f"latency_p99_{m}"] == r["latency_p99"], f"summary latency_p99_{m}")
check(rows["slow"]["latency_p99"] > 1.5 * rows["fast"]["latency_p99"],
      f"p99 slow {rows['slow']['latency_p99']:.4f} s vs fast {rows['fast']['latency_p99']:.4f} s")
tot = {k: sum(int(rows[m][k]) for m in names) for k in ("issued", "completed", "failed", "timeouts")}
check(tot["issued"] / window == s["offered_rate"], f"issued {tot['issued']} = offered_rate x window")
check(tot["completed"] / window == s["throughput"],
      f"completed {tot['completed']} = throughput x window")
check(tot["timeouts"] == tmo_window, f"timeouts {tot['timeouts']} = /timeseries in the window")
check(tot["failed"] > 0 and tot["timeouts"] > 0, "some requests failed and timed out")

# sketch mode: counts as exact; percentiles within 1% of the rank rule's element
ss = summary(f"{tmp}/sketch.h5")
srows, _ = table(f"{tmp}/sketch.h5")
check(ss["latency_quantile_error"] == 0.01, "sketch run flagged")
for j, m in enumerate(names[:2]):
    r, lat = srows[m], np.sort(want[j]["lat"])
    for k in ("issued", "completed", "failed", "timeouts", "throughput"):
        check(r[k] == rows[m][k], f"sketch {m} {k} as exact")
    check(abs(r["latency_mean"] - lat.mean()) <= 1e-12 * lat.mean(), f"sketch {m} mean")
    for q in (50, 95, 99):
        x = lat[int(math.floor(q / 100 * (len(lat) - 1)))]
        got = r[f"latency_p{q}"]
        check(abs(got - x) <= 0.01 * x * (1 + 1e-12), f"sketch {m} p{q} {got:.6g}, element {x:.6g}")
    check(ss[f"latency_p99_{m}"] == r["latency_p99"], f"sketch summary latency_p99_{m}")

# one model: no per-model entries, its row the overall figures
s1 = summary(f"{tmp}/one.h5")
rows1, _ = table(f"{tmp}/one.h5")
extra = [k for k in s1 if k.startswith("throughput_") or k.startswith("latency_p99_")]
check(not extra, f"single model: no per-model entries ({extra})")
(r,) = rows1.values()
for k in ("throughput", "latency_mean", "latency_p50", "latency_p95", "latency_p99"):
    check(r[k] == s1[k], f"single model {k} {r[k]!r} = summary {s1[k]!r}")
sys.exit(0 if check.ok else 1)
PY
