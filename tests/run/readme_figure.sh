#!/usr/bin/env bash
# The README's figure tells the truth: its sweep
# (scenarios/sweeps/spotcheck-rate.yaml, the one analysis/readme_figure.sh
# runs, about 15-30 s at -j 2) gives a profit gap whose simulated crossing,
# with the 95% CI the figure draws (sweep_figures.crossing_ci), is finite
# and holds the closed form with the C measured in the run
# (threshold_measured), the one the figure draws as the answer.
# First, one run of that network: profit_gap, profit_per_result_peers,
# cheat_compute_saved and threshold_measured agree with the /nodes table
# (each cheater class against its honest nodes, weighted by the cheaters'
# results; p* = C/(R+S) with R the mix's mean fee, S = 0 here).
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sweep=$src/scenarios/sweeps/spotcheck-rate.yaml
"$ogsim" run "$src/scenarios/attack-lazy.yaml" -q -o "$tmp/run.h5" --set duration=12s \
  --set warmup=2s --set verification.on_detect=keep --set economics.slash=0 \
  --set economics.check_reward=0 --set verification.rate=0.1
"$ogsim" sweep "$sweep" -q -j 2 -o "$tmp/sweep.h5"
PYTHONPATH="$src/tests/lib:$src/analysis" /usr/bin/python3 - "$tmp" "$src" <<'PY'
import sys
import h5py
import numpy as np
from h5check import Checks
from ogresults import load
from sweep_figures import RATE, crossing_ci, threshold_values
t, src = sys.argv[1], sys.argv[2]
check = Checks()
with h5py.File(f"{t}/run.h5") as f:
    n, s = f["nodes"][()], {k: f["summary"][k][()] for k in f["summary"]}
cls = np.unique(n["class"][n["dishonest"] == 1])
w = peers = cheat = saved = 0.0
for c in cls:
    h, d = n[(n["class"] == c) & (n["dishonest"] == 0)], n[(n["class"] == c) & (n["dishonest"] == 1)]
    r = d["served"].sum()
    w += r
    peers += r * h["profit"].sum() / h["served"].sum()
    cheat += d["profit"].sum()
    saved += r * h["cost"].sum() / h["served"].sum() - d["cost"].sum()
fee = 0.4 * 0.002 + 0.6 * 0.0001  # attack-lazy.yaml's mix of fees
want = {"profit_per_result_peers": peers / w, "profit_gap": (cheat - peers) / w,
        "cheat_compute_saved": saved / w, "threshold_measured": saved / w / fee}
for k, v in want.items():
    check(np.isclose(s[k], v, rtol=1e-6, atol=0), f"{k} = {s[k]:.6g}, from /nodes {v:.6g}")
check(np.isclose(s["profit_gap"], s["profit_per_result_dishonest"] - s["profit_per_result_peers"],
                 rtol=1e-9), "profit_gap = profit_per_result_dishonest - profit_per_result_peers")

sw = load(f"{t}/sweep.h5")
x = sw.col(RATE)
rows = np.arange(len(x))
measured = threshold_values(sw, rows, "threshold_measured")
prior = threshold_values(sw, rows, "threshold_closed_form")
cr = crossing_ci(x, sw.get("profit_gap"), sw.col("profit_gap_ci95"), True)
check(cr is not None, f"the profit gap crosses zero between {x.min():.3g} and {x.max():.3g}")
if cr is not None:
    lo, mid, hi = cr
    check(np.isfinite(lo) and np.isfinite(hi) and lo < mid < hi,
          f"the crossing's 95% CI is finite: {lo:.4g} < {mid:.4g} < {hi:.4g}")
    check(lo <= measured <= hi, f"it holds the closed form with the measured C, "
          f"threshold_measured = {measured:.4g} (the a-priori one is {prior:.4g})")
# the numbers the docs quote (docs/numbers.json) are this sweep's
import doc_numbers
stored = doc_numbers.load_numbers(f"{src}/docs/numbers.json")
for key, value in doc_numbers.figure_numbers(f"{t}/sweep.h5").items():
    fresh = doc_numbers.written(dict(stored[key], value=value))
    check(fresh == doc_numbers.written(stored[key]),
          f"docs/numbers.json {key}: stored {doc_numbers.written(stored[key])}, this sweep {fresh}")
sys.exit(0 if check.ok else 1)
PY
