#!/usr/bin/env bash
# `ogsim calibrate --quick` measures and writes a complete calibration file
# atomically (nothing but the file is left), with a positive peak and an
# efficiency in (0, 1.2] for every square shape and every zoo model at
# batch 1, 8 and 64 (timings are short and noisy: >1 would still be a
# measurement, not a bug, so the bound is loose).
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ogsim" calibrate --quick -o "$tmp/cal.yaml" 2> "$tmp/progress"
grep -q "peak .* GFLOP/s" "$tmp/progress"
[ "$(ls "$tmp")" = "$(printf 'cal.yaml\nprogress')" ] || { echo "FAIL: stray files: $(ls "$tmp")"; exit 1; }
/usr/bin/python3 - "$tmp/cal.yaml" "$src/models/zoo" <<'PY'
import os, re, sys
text = open(sys.argv[1]).read()
peak = float(re.search(r"^peak: ([0-9.e+]+)GFlops", text, re.M).group(1))
assert peak > 1, peak
eff = re.findall(r"name: ([\w.-]+), batch: (\d+), achieved: [0-9.e+]+GFlops, efficiency: ([0-9.]+)", text)
sq = re.findall(r"m: (\d+), n: \d+, k: \d+, achieved: [0-9.e+]+GFlops, efficiency: ([0-9.]+)", text)
zoo = sorted(f[:-5] for f in os.listdir(sys.argv[2]) if f.endswith(".yaml"))
got = sorted({n for n, _, _ in eff})
assert got == zoo, (got, zoo)
assert len(eff) == 3 * len(zoo) and len(sq) == 4, (len(eff), len(sq))
bad = [(n, b, e) for n, b, e in eff if not 0 < float(e) <= 1.2] + [(m, e) for m, e in sq if not 0 < float(e) <= 1.2]
assert not bad, bad
print(f"ok: peak {peak} GFLOP/s, {len(sq)} sgemm shapes, {len(zoo)} models x 3 batch sizes")
PY
