#!/usr/bin/env bash
# analysis/generic_figures.py (and the E2E panel of token_cdfs): from a run
# of an LLM beside a classifier, with failing and churning nodes, the time
# series with failures, repairs, joins and leaves marked and counted, and
# TTFT/TPOT/E2E CDFs; from a run without LLM its E2E CDF and time series;
# from sweeps over workload.rate x gateway.routing (2 replicates) and the
# other way round (an axis of text first), the metrics against the first
# axis. Each PNG has the panels it should (the "Panels" text entry). Drawn
# again in-process, no figure has overlapping tick labels or a legend over
# its data, and neither has the cost breakdown of a 40-point sweep.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
base=$(cd "$src" && pwd)/tests/scenarios/sweep-small.yaml
"$ogsim" run "$src/tests/scenarios/plots_generic.yaml" -q -o "$tmp/mix.h5"
"$ogsim" run "$base" -q -o "$tmp/plain.h5" --set output.requests=true
rates="{path: workload.rate, values: [500, 1000, 2000, 4000, 8000]}"
routes="{path: gateway.routing, values: [random, least_loaded]}"
many="{path: workload.rate, values: [$(seq -s ', ' 200 200 4000)]}"
for s in "byrate|[$rates, $routes]|2" "byroute|[$routes, $rates]|2" "many|[$many, $routes]|1"; do
  IFS="|" read -r name axes reps <<< "$s"
  printf 'name: %s\nbase: %s\naxes: %s\nreplications: %s\n' "$name" "$base" "$axes" "$reps" \
    > "$tmp/$name.yaml"
  "$ogsim" sweep "$tmp/$name.yaml" -q -j 2 -o "$tmp/$name.h5"
done
/usr/bin/python3 "$src/analysis/plot.py" "$tmp"/{mix,plain,byrate,byroute}.h5 -o "$tmp/figs" \
  > "$tmp/out" 2> /dev/null
PYTHONPATH="$src/tests/lib:$src/analysis" /usr/bin/python3 - "$tmp" <<'PY'
import sys
from PIL import Image
from h5check import Checks
import figcheck
import ogplot
import plot
import sweep_figures
from ogresults import load
t = sys.argv[1]
check = Checks()
TS = ["throughput (1/s)", "latency (ms)", "utilisation (busy share of all nodes)"]
SWEPT = ["throughput (1/s)", "p50 latency (ms)", "p99 latency (ms)",
         "cost per 1,000 requests (currency units)",
         "honest profit per result (currency units)",
         "dishonest profit per result (currency units)"]
want = {
    "mix/timeseries": TS + ["node events per bin (count)"],
    "mix/token_cdfs": ["TTFT: share of requests ≤ x", "TPOT: share of requests ≤ x",
                       "E2E latency: share of requests ≤ x"],
    "plain/timeseries": TS,
    "plain/latency_cdf": ["E2E latency: share of requests ≤ x"],
    "byrate/metrics_vs_axis": SWEPT,
    "byroute/metrics_vs_axis": SWEPT,
}
printed = open(f"{t}/out").read().split()
for name, panels in want.items():
    p = f"{t}/figs/{name}.png"
    check(p in printed, f"{name}.png written")
    if p in printed:
        got = Image.open(p).text.get("Panels", "").split("\n")
        check(got == panels, f"{name}.png panels: {got}")
check(f"{t}/figs/mix/latency_cdf.png" not in printed,
      "no separate E2E CDF for an LLM run (token_cdfs has it)")

# Every figure of these files drawn again, checked before it is saved.
drawn = {}
def checked_save(fig, outdir, filename):
    key = f"{outdir.rsplit('/', 1)[-1]}/{filename}"
    drawn[key] = (figcheck.overlaps(fig), [tx.get_text() for ax in fig.axes if ax.get_legend()
                                           for tx in ax.get_legend().get_texts()])
    return saved(fig, outdir, filename)
saved, ogplot.save = ogplot.save, checked_save
for n in ("mix", "plain", "byrate", "byroute", "many"):
    plot.figures(load(f"{t}/{n}.h5"), f"{t}/again/{n}")
for key, (bad, _) in sorted(drawn.items()):
    check(not bad, f"{key}: no overlapping labels {bad[:3]}")
legend = drawn.get("mix/timeseries.png", ([], []))[1]
check(all(f"{e} in the bin" in legend for e in ("node failures", "repairs (node back up)",
                                                 "nodes joining (churn)", "nodes leaving (churn)")),
      f"time series legend names the marked events: {legend[:4]}")
check("many/cost_breakdown.png" in drawn and "many/metrics_vs_axis.png" in drawn,
      "a 40-point sweep's cost breakdown and metrics drawn")
ci = "95% CI of cost_per_1000_requests over the replicates"
check(ci in drawn.get("byrate/cost_breakdown.png", ([], []))[1],
      "a replicated sweep's cost breakdown shows the total's 95% CI")
check(ci not in drawn.get("many/cost_breakdown.png", ([], []))[1],
      "one replicate: no CI drawn")
sys.exit(0 if check.ok else 1)
PY
