#!/usr/bin/env bash
# Every ready scenario and sweep in scenarios/ validates (sweeps: every
# point's scenario), and each attack scenario
# runs (shortened to 5 s) with its cheaters producing bad results that
# checks detect.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in "$src"/scenarios/*.yaml "$src"/scenarios/bench/*.yaml "$src"/scenarios/sweeps/*.yaml \
         "$src"/scenarios/examples/*.yaml; do
  if head -1 "$f" | grep -q '^# ogsim sweep'; then
    "$ogsim" sweep "$f" --validate >/dev/null || { echo "FAIL: sweep $f does not validate"; exit 1; }
  else
    "$ogsim" validate "$f" >/dev/null || { echo "FAIL: $f does not validate"; exit 1; }
  fi
done
for f in "$src"/scenarios/attack-*.yaml; do
  "$ogsim" run "$f" -q -o "$tmp/a.h5" --set duration=5s --set warmup=1s
  PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp/a.h5" "$f" <<'PY'
import sys
from h5check import summary, fail
s = summary(sys.argv[1])
if not (s["dishonest_nodes"] > 0 and s["cheats"] > 0 and s["detections"] > 0):
    fail(f"{sys.argv[2]}: {s['dishonest_nodes']} cheaters, {s['cheats']} cheats, {s['detections']} detections")
print(f"ok: {sys.argv[2].split('/')[-1]}: {s['cheats']:.0f} bad results, {s['detections']:.0f} detected")
PY
done
# The hosting preset: each model's requests run only on the class that
# hosts it (llama-8b on the 200 h100 nodes, the classifier on l4 and a10),
# every request completes, zkML catches the lazy l4 nodes.
"$ogsim" run "$src/scenarios/preset-opengradient-hosting.yaml" -q -o "$tmp/og.h5" \
  --set duration=8s --set output.requests=true
# The churn example: nodes join and leave, joiners load their model, and
# renting the nodes costs more than their busy time.
"$ogsim" run "$src/scenarios/examples/churn.yaml" -q -o "$tmp/churn.h5" --set duration=20min
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()
s = summary(f"{t}/og.h5")
with h5py.File(f"{t}/og.h5", "r") as f:
    r = f["requests"][()]
llm, cls = r[r["model"] == 0], r[r["model"] == 1]
check(len(llm) > 0 and int(llm["node"].max()) < 200, "preset-opengradient-hosting: llama-8b on h100 only")
check(len(cls) > 0 and int(cls["node"].min()) >= 200, "preset-opengradient-hosting: classifier on l4, a10 only")
check(s["requests_failed"] == 0 and s["detections"] > 0,
      f"preset-opengradient-hosting: {s['requests_failed']:.0f} failed, {s['detections']:.0f} detections")
s = summary(f"{t}/churn.h5")
check(s["joins"] > 0 and s["leaves"] > 0 and s["cold_starts"] > 0,
      f"examples/churn: {s['joins']:.0f} joins, {s['leaves']:.0f} leaves, {s['cold_starts']:.0f} loads")
check(s["cost_provisioned"] > s["compute_cost"] > 0,
      f"examples/churn: provisioned {s['cost_provisioned']:.2f} > busy {s['compute_cost']:.2f}")
sys.exit(0 if check.ok else 1)
PY
