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
