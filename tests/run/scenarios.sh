#!/usr/bin/env bash
# Every ready scenario in scenarios/ validates, and each attack scenario
# runs (shortened to 5 s) with its cheaters producing bad results that
# checks detect.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in "$src"/scenarios/*.yaml "$src"/scenarios/bench/*.yaml; do
  "$ogsim" validate "$f" >/dev/null || { echo "FAIL: $f does not validate"; exit 1; }
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
