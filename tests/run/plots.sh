#!/usr/bin/env bash
# analysis/plot.py draws every figure a results file supports: from a run
# of 200 spot-checked cheaters (catch distribution, cost breakdown,
# utilisation by class; default folder FILE's/figures/NAME/), from a sweep
# of 3 rates x 2 replicates and from one with a second axis (throughput and
# latency, profit, cost breakdown; -o), each a valid PNG that imread loads
# and that is not blank. Where two profit curves cross, the crossing is
# interpolated linearly. A missing, non-HDF5, malformed or empty file
# makes it exit 2, after plotting the other files. A sweep point without
# data is warned about, not a crash; a folder stands for its .h5 files.
# LLM token figures (TTFT/TPOT/E2E by model, their CDFs, token metrics
# against a sweep's axis) from runs with zoo decoders on the continuous and
# the static engine and two sweeps, each with the panels it should have
# (the PNG's "Panels" text, from analysis/ogplot.py) and the SLO bounds.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
plot=("/usr/bin/python3" "$src/analysis/plot.py")
"$ogsim" run "$src/tests/scenarios/spotcheck.yaml" -q -o "$tmp/run.h5" --set duration=5s \
  --set 'node_classes[bad].cost=3600/h' --set 'node_classes[good].cost=3600/h' \
  --set 'node_classes[bad].stake=0.01' --set 'models[m].fee=0.001' --set economics.slash=0.1
cat > "$tmp/rates.yaml" <<EOF
name: rates
base: $(cd "$src" && pwd)/tests/scenarios/sweep-small.yaml
axes: [{path: verification.rate, values: [0.05, 0.2, 0.5]}]
replications: 2
EOF
"$ogsim" sweep "$tmp/rates.yaml" -q -j 2 -o "$tmp/rates.h5"
"$ogsim" sweep "$src/tests/sweeps/engines.yaml" -q -j 2 -o "$tmp/grid.h5"
"${plot[@]}" "$tmp/run.h5" > "$tmp/run.out"
# `ogsim plot` is the same script, found beside the sources.
"$ogsim" plot "$tmp/run.h5" -o "$tmp/via-ogsim" > "$tmp/via.out"
[ "$(grep -c '\.png$' "$tmp/via.out")" = 4 ] || { echo "FAIL: ogsim plot: $(cat "$tmp/via.out")"; exit 1; }
echo "ok   ogsim plot made the run's 4 figures"
"${plot[@]}" "$tmp/rates.h5" "$tmp/grid.h5" -o "$tmp/sweeps" > "$tmp/sweeps.out"
# LLM token figures: a run of two decoders on the continuous engine (one
# with its own SLO), one on the static engine (TPOT 0), a sweep over the
# arrival rate x routing and one over routing only (an axis of text).
"$ogsim" run "$src/tests/scenarios/tokens_plot.yaml" -q -o "$tmp/llm.h5"
"$ogsim" run "$src/tests/scenarios/tokens.yaml" -q -o "$tmp/static.h5" --set duration=8s
for s in "rate: [{path: workload.rate, log: {from: 5, to: 40, steps: 3}, unit: /s},
               {path: gateway.routing, values: [random, least_loaded]}]" \
         "route: [{path: gateway.routing, values: [random, least_loaded]}]"; do
  cat > "$tmp/llm${s%%:*}.yaml" <<EOF
name: llm${s%%:*}
base: $(cd "$src" && pwd)/tests/scenarios/tokens_plot.yaml
set: {duration: 8s}
axes:${s#*:}
replications: 2
EOF
  "$ogsim" sweep "$tmp/llm${s%%:*}.yaml" -q -j 2 -o "$tmp/llm${s%%:*}.h5"
done
"${plot[@]}" "$tmp/llm.h5" "$tmp/static.h5" "$tmp/llmrate.h5" "$tmp/llmroute.h5" \
  -o "$tmp/tokens" > "$tmp/tokens.out" 2> /dev/null

# Formats: --format png,pdf,svg writes each figure three times, same base
# name, and prints each path; --dpi sets the PNGs' resolution (checked
# below with the default 200). A format it does not know is exit 2 with a
# message, from ogsim and from plot.py, and nothing is written.
"$ogsim" plot "$tmp/rates.h5" -o "$tmp/formats" --format png,pdf,svg > "$tmp/formats.out"
"$ogsim" plot "$tmp/rates.h5" -o "$tmp/dpi300" --dpi 300 > /dev/null
for bad in "png,jpg" "" "png,,pdf" "PNG"; do
  for cmd in "$ogsim plot" "${plot[*]}"; do
    rc=0; $cmd "$tmp/rates.h5" -o "$tmp/badformat" --format "$bad" > /dev/null 2> "$tmp/err" || rc=$?
    [ "$rc" = 2 ] && grep -q "format" "$tmp/err" && [ ! -e "$tmp/badformat" ] ||
      { echo "FAIL: $cmd --format '$bad': exit $rc, $(cat "$tmp/err")"; exit 1; }
  done
  echo "ok   --format '$bad' refused (exit 2): $(tail -n 1 "$tmp/err")"
done
rc=0; "$ogsim" plot "$tmp/rates.h5" -o "$tmp/badformat" --dpi 20 2> "$tmp/err" || rc=$?
[ "$rc" = 2 ] && [ ! -e "$tmp/badformat" ] ||
  { echo "FAIL: --dpi 20: exit $rc, $(cat "$tmp/err")"; exit 1; }
echo "ok   --dpi 20 refused (exit 2): $(tail -n 1 "$tmp/err")"

# Bad input: exit 2 and a message, nothing written.
echo "not HDF5" > "$tmp/junk.h5"
/usr/bin/python3 -c 'import h5py, sys; h5py.File(sys.argv[1], "w").create_group("summary")' \
  "$tmp/empty.h5"
/usr/bin/python3 -c 'import h5py, sys; h5py.File(sys.argv[1], "w").attrs["kind"] = "sweep"' \
  "$tmp/nostats.h5"
for f in missing.h5 junk.h5 empty.h5 nostats.h5; do
  rc=0; "${plot[@]}" "$tmp/$f" -o "$tmp/bad" > /dev/null 2> "$tmp/err" || rc=$?
  [ "$rc" = 2 ] && [ -s "$tmp/err" ] && [ ! -e "$tmp/bad" ] ||
    { echo "FAIL: plot.py on $f: exit $rc, $(cat "$tmp/err")"; exit 1; }
  echo "ok   $f refused (exit 2): $(tail -n 1 "$tmp/err")"
done

# A sweep point that completed no request (NaN latency and profit, no cost
# per request): the file's figures are made with a warning naming the point,
# no traceback, and the next file is plotted too.
/usr/bin/python3 - "$tmp" <<'PY'
import shutil, sys
import h5py
import numpy as np
t = sys.argv[1]
shutil.copy(f"{t}/grid.h5", f"{t}/hole.h5")
with h5py.File(f"{t}/hole.h5", "r+") as f:
    s = f["stats"][()]
    s["requests_completed_mean"][0] = s["throughput_mean"][0] = 0
    for n in ("latency_p99", "profit_per_result_honest", "profit_per_result_dishonest"):
        s[n + "_mean"][0] = s[n + "_ci95"][0] = np.nan
    del f["stats"]
    f["stats"] = s
PY
rc=0; "${plot[@]}" "$tmp/hole.h5" "$tmp/missing.h5" "$tmp/rates.h5" -o "$tmp/holes" \
  > "$tmp/holes.out" 2> "$tmp/err" || rc=$?
[ "$rc" = 2 ] && ! grep -q Traceback "$tmp/err" &&
  grep -q "hole.h5: point verification.rate = 0.05, economics.slash = 0.1: no completed request" "$tmp/err" &&
  grep -q "missing.h5: no such file" "$tmp/err" &&
  [ "$(grep -c '/holes/hole/.*\.png$' "$tmp/holes.out")" = 4 ] &&
  [ "$(grep -c '/holes/rates/.*\.png$' "$tmp/holes.out")" = 4 ] ||
  { echo "FAIL: a point without data: exit $rc"; cat "$tmp/holes.out" "$tmp/err"; exit 1; }
echo "ok   point without data: figures made, warned, next files plotted: $(head -1 "$tmp/err")"
# A folder stands for its .h5 files; an empty one is an error.
mkdir "$tmp/folder" "$tmp/nothing"
cp "$tmp/rates.h5" "$tmp/folder/"
"$ogsim" plot "$tmp/folder" -o "$tmp/fromdir" > "$tmp/dir.out"
[ "$(grep -c '\.png$' "$tmp/dir.out")" = 4 ] || { echo "FAIL: plot of a folder: $(cat "$tmp/dir.out")"; exit 1; }
echo "ok   a folder: its .h5 files plotted"
rc=0; "$ogsim" plot "$tmp/nothing" 2> "$tmp/err" || rc=$?
[ "$rc" = 2 ] && grep -q "a directory without .h5 files" "$tmp/err" ||
  { echo "FAIL: plot of an empty folder: exit $rc: $(cat "$tmp/err")"; exit 1; }
echo "ok   an empty folder refused: $(cat "$tmp/err")"

PYTHONPATH="$src/tests/lib:$src/analysis" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.image as mpimg
from h5check import Checks
from sweep_figures import crossing_ci, crossings
from PIL import Image
from ogresults import load
import token_figures
t = sys.argv[1]
check = Checks()
want = {
    f"{t}/figures/run": ("catch_distribution", "cost_breakdown", "utilisation_by_class",
                         "timeseries"),
    f"{t}/sweeps/rates": ("throughput_latency_vs_rate", "profit_vs_rate", "cost_breakdown",
                          "metrics_vs_axis"),
    f"{t}/sweeps/grid": ("throughput_latency_vs_rate", "profit_vs_rate", "cost_breakdown",
                         "metrics_vs_axis"),
    f"{t}/tokens/llm": ("cost_breakdown", "utilisation_by_class", "token_latency", "token_cdfs",
                        "timeseries"),
    f"{t}/tokens/static": ("cost_breakdown", "utilisation_by_class", "token_latency",
                           "token_cdfs", "timeseries"),
    f"{t}/tokens/llmrate": ("cost_breakdown", "tokens_vs_axis", "metrics_vs_axis"),
    f"{t}/tokens/llmroute": ("cost_breakdown", "tokens_vs_axis", "metrics_vs_axis"),
}
printed = set(open(f"{t}/run.out").read().split() + open(f"{t}/sweeps.out").read().split()
              + open(f"{t}/tokens.out").read().split())
paths = {f"{d}/{n}.png" for d, names in want.items() for n in names}
check(printed == paths, f"plot.py printed the {len(paths)} expected PNG paths "
      f"(extra {sorted(printed - paths)}, missing {sorted(paths - printed)})")
for p in sorted(paths):
    try:
        with open(p, "rb") as f:
            signed = f.read(8) == b"\x89PNG\r\n\x1a\n"
        img = mpimg.imread(p)
    except OSError as e:
        check(False, f"{p}: {e}")
        continue
    rgb = img[..., :3].reshape(-1, 3)
    colours = len(np.unique(rgb, axis=0))
    check(signed and rgb.std() > 0 and colours > 16,
          f"{p[len(t) + 1:]}: PNG {img.shape[1]}x{img.shape[0]}, {colours} colours, "
          f"sd {rgb.std():.3f}")
# The token figures' panels, as ogplot.save notes them in the PNG.
panels = {
    "token_latency": ["TTFT, time to first token (ms)", "TPOT, time per output token (ms)",
                      "E2E latency, issue to result (ms)"],
    "token_cdfs": ["TTFT: share of requests ≤ x", "TPOT: share of requests ≤ x",
                   "E2E latency: share of requests ≤ x"],
    "tokens_vs_axis": ["TTFT p99 (ms)", "TPOT p99 (ms)", "output tokens/s (1/s)",
                       "cost per million output tokens (currency units)"],
}
for d in ("llm", "static", "llmrate", "llmroute"):
    for name, want_panels in panels.items():
        p = f"{t}/tokens/{d}/{name}.png"
        if p in paths:
            got = Image.open(p).text.get("Panels", "").split("\n")
            check(got == want_panels, f"tokens/{d}/{name}.png panels: {got}")
run = load(f"{t}/llm.h5")
names = [n.decode() for n in run.tokens_by_model["name"]]
check(names == ["chat", "summarise", "cls"] and list(token_figures.llm_models(run)[0]) == [0, 1],
      f"LLM models drawn: chat and summarise, not cls ({names})")
bounds = [list(token_figures.slo(run, k)) for k in ("ttft", "tpot")]
check(bounds == [[0.15, 1.0, 1.0], [0.02, 0.02, 0.02]],
      f"SLO bounds drawn (chat's own TTFT, the scenario's else): {bounds}")
ttft, tpot = token_figures.per_request(run, 0)
r = run.requests[(run.requests["model"] == 0) & (run.requests["status"] == 0)]
check(ttft.size == r.size and tpot.size == r.size and (ttft > 0).all() and (tpot > 0).all()
      and (ttft < r["t_done"] - r["t_issue"]).all(),
      f"chat: {ttft.size} TTFTs and TPOTs from /requests, TTFT below E2E")
x, zero = np.array([0.1, 0.3]), np.zeros(2)
got = crossings(x, zero, np.array([1.0, -1.0]), False)
check(np.allclose(got, [(0.2, 0.0)]), f"linear crossing at (0.2, 0): {got}")
got = crossings(x, zero, np.array([1.0, -1.0]), True)
check(np.allclose(got, [(np.sqrt(0.03), 0.0)]), f"log-x crossing at sqrt(0.1 x 0.3): {got}")
check(crossings(x, zero, np.array([1.0, 2.0]), False) == [], "no crossing when none")
# The crossing's CI: where the band gap +- ci leaves zero around the mean's
# crossing; open (NaN) where the band still holds zero at the swept range's end.
x4 = np.array([0.1, 0.2, 0.3, 0.4])
got = crossing_ci(x4, np.array([3.0, 1.0, -1.0, -3.0]), np.full(4, 0.5), False)
check(np.allclose(got, (0.225, 0.25, 0.275)), f"crossing CI (0.225, 0.25, 0.275): {got}")
got = crossing_ci(x4, np.array([3.0, 1.0, -1.0, -3.0]), np.array([0.5, 1.5, 1.5, 0.5]), False)
check(np.allclose(got, (0.1 + 0.1 * 2.5 / 3, 0.25, 0.4 - 0.1 * 2.5 / 3)),
      f"crossing CI across points whose band holds zero: {got}")
got = crossing_ci(x4, np.array([0.5, 0.2, -1.0, -3.0]), np.full(4, 1.0), False)
check(np.isnan(got[0]) and np.allclose(got[1:], (0.2 + 0.1 / 6, 0.3)),
      f"crossing CI open below the range: {got}")
check(crossing_ci(x4, np.array([3.0, 2.0, 1.0, 0.5]), np.zeros(4), False) is None,
      "no crossing CI when the gap keeps its sign")
# Resolution and formats: every PNG at 200 dpi (its pHYs chunk, in dots
# per metre, read back by PIL), 300 with --dpi 300; beside each PNG of
# --format png,pdf,svg a PDF (it starts with %PDF) and an SVG (valid XML,
# an <svg> root), all printed.
import os
import xml.etree.ElementTree as ET
for p in sorted(paths):
    d = Image.open(p).info.get("dpi", (0, 0))
    check(round(d[0]) == round(d[1]) == 200, f"{p[len(t) + 1:]}: {d[0]:.1f} x {d[1]:.1f} dpi")
for n in want[f"{t}/sweeps/rates"]:
    d = Image.open(f"{t}/dpi300/{n}.png").info.get("dpi", (0, 0))
    check(round(d[0]) == 300, f"--dpi 300: {n}.png at {d[0]:.1f} dpi")
    base = f"{t}/formats/{n}"
    with open(base + ".pdf", "rb") as f:
        pdf = f.read()
    try:
        root = ET.parse(base + ".svg").getroot().tag
    except (ET.ParseError, OSError) as e:
        root = f"unreadable: {e}"
    got = open(f"{t}/formats.out").read().split()
    check(pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-64:] and root.endswith("svg")
          and all(f"{base}.{e}" in got for e in ("png", "pdf", "svg"))
          and os.path.getsize(base + ".png") > 0,
          f"--format png,pdf,svg: {n}: PDF {len(pdf)} bytes, SVG root {root}, 3 paths printed")
sys.exit(0 if check.ok else 1)
PY
