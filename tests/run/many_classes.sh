#!/usr/bin/env bash
# A scenario with 100 node classes runs, and the metrics have no fixed caps:
# /timeseries has a utilisation column per class, /classes and /nodes a row
# per class and node, /summary a utilisation entry per class (a 64-column
# table cap once failed such a run after `validate` passed it).
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
{
  echo "name: many"
  echo "seed: 5"
  echo "duration: 2s"
  echo "drain: 1s"
  echo "regions: [{name: r, latency: 100us}]"
  echo "models: [{name: m, flops: 10GFlop}]"
  echo "node_classes:"
  for i in $(seq 0 99); do
    echo "  - {name: c$i, region: r, count: $((1 + i % 3)), peak: $((10 + i))TFlops}"
  done
  echo "workload: {rate: 2000/s, timeout: 1s}"
} > "$tmp/many.yaml"
"$ogsim" validate "$tmp/many.yaml"
"$ogsim" run "$tmp/many.yaml" -q -o "$tmp/many.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp/many.h5" <<'PY'
import sys
import h5py
from h5check import summary, Checks
s = summary(sys.argv[1])
check = Checks()
counts = [1 + i % 3 for i in range(100)]
with h5py.File(sys.argv[1]) as f:
    ts = f["timeseries"]
    cols = [f"utilisation_c{i}" for i in range(100)]
    check(all(c in ts for c in cols), f"/timeseries has all 100 class columns ({len(ts)} columns)")
    classes = f["classes"][()]
    nodes = f["nodes"][()]
check(len(classes) == 100, f"/classes has {len(classes)} rows, want 100")
check([n.decode() if isinstance(n, bytes) else n for n in classes["name"]] == [f"c{i}" for i in range(100)],
      "/classes names c0..c99 in order")
check(list(classes["count"]) == counts, "/classes counts as in the scenario")
check(len(nodes) == sum(counts), f"/nodes has {len(nodes)} rows, want {sum(counts)}")
check(sum(classes["served"]) == s["requests_completed"], "classes' served sum to the completed requests")
check(all(f"utilisation_c{i}" in s for i in range(100)), "/summary has utilisation_cI for every class")
check(s["requests_completed"] > 0, f"{s['requests_completed']:.0f} requests completed")
sys.exit(0 if check.ok else 1)
PY
