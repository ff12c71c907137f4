#!/usr/bin/env bash
# `ogsim calibrate --quick` measures and writes a complete calibration file
# atomically (nothing but the file is left), with a positive peak and a
# positive efficiency for every square shape and every zoo model at batch 1,
# 8 and 64; then a run uses the file. How fast the machine is does not
# matter here (the suite runs on loaded machines): tests/perf/calibrate.sh
# (`ctest -L perf`) judges the measured figures themselves.
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
assert peak > 0, peak
models = text.split("\nmodels:")[1].split("\nforward:")[0]
forward = text.split("\nforward:")[1].split("\nnoise:")[0]
eff = re.findall(r"name: ([\w.-]+), batch: (\d+), achieved: [0-9.e+]+GFlops, efficiency: ([0-9.]+)", models)
fwd = re.findall(r"name: (tiny-[\w]+), batch: (\d+), .*per_request: ([0-9.e+-]+)us", forward)
assert len(fwd) == 6 and all(float(t) > 0 for _, _, t in fwd), fwd
assert "\nnoise:" in text
sq = re.findall(r"m: (\d+), n: \d+, k: \d+, achieved: [0-9.e+]+GFlops, efficiency: ([0-9.]+)", text)
zoo = sorted(f[:-5] for f in os.listdir(sys.argv[2]) if f.endswith(".yaml"))
got = sorted({n for n, _, _ in eff})
assert got == zoo, (got, zoo)
assert len(eff) == 3 * len(zoo) and len(sq) == 4, (len(eff), len(sq))
bad = [(n, b, e) for n, b, e in eff if not 0 < float(e)] + [(m, e) for m, e in sq if not 0 < float(e)]
assert not bad, bad
print(f"ok: peak {peak} GFLOP/s, {len(sq)} sgemm shapes, {len(zoo)} models x 3 batch sizes, "
      f"{len(fwd)} timed forward passes, noise rows")
PY

# The file just written is read back and used by a run: a zoo model's service
# time must be its FLOPs (worked out here from the architecture, separately
# from ogsim's C code) over peak x the calibrated efficiency.
"$ogsim" run "$src/tests/scenarios/zoo.yaml" -q -o "$tmp/zoo.h5" --set "calibration=$tmp/cal.yaml"
/usr/bin/python3 - "$tmp/cal.yaml" "$tmp/zoo.h5" <<'PY'
import re, sys
import h5py
text = open(sys.argv[1]).read()
eff = max(float(e) for e in re.findall(r"name: tiny-transformer, batch: \d+, achieved: [0-9.e+]+GFlops, efficiency: ([0-9.]+)", text.split("\nforward:")[0]))
# tiny-transformer: 2 layers, hidden 64, 4 heads (dim 16), 2 KV heads (32),
# FFN 128 (SwiGLU, 3 matrices), vocab 256; prompt 16, output 8
L, h, kv, ffn, V, P, T = 2, 64, 32, 128, 256, 16, 8
mat = 2 * h * h + 2 * h * kv + 3 * h * ffn           # matrix parameters per layer
tok = lambda ctx: L * (2 * mat + 4 * h * ctx)        # one token at context ctx
flops = sum(tok(i) for i in range(1, P + 1)) + 2 * h * V          # prefill + logits
flops += sum(tok(P + k) + 2 * h * V for k in range(1, T))          # 7 decode steps
want = flops / (100e9 * eff)                                        # peak 100 GFLOP/s
with h5py.File(sys.argv[2]) as f:
    got = f["summary/service_mean"][()]
    cal = f.attrs["calibration"]
assert cal == sys.argv[1], cal
assert abs(got - want) <= 1e-9 * want, (got, want)
print(f"ok: run used {cal}: service {got * 1e6:.3f} us = {flops:.0f} FLOP / (100 GFLOP/s x {eff})")
PY
