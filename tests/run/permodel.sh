#!/usr/bin/env bash
# Per-model protocols (OpenGradient picks ZKML, TEE or vanilla per model):
# a model's own `verification:` block runs for its requests only. With half
# the requests on a zkML model, every cheat on it is detected and none on
# the vanilla one: detections are half the cheats (4 binomial sigmas), and
# the mean verification latency is half the 100 ms proof check. Setting the
# scenario's block leaves a model's own block alone.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/permodel.yaml
"$ogsim" run "$sc" -q -o "$tmp/a.h5"
"$ogsim" run "$sc" -q -o "$tmp/b.h5" --set verification.protocol=zkml --set verification.proving_floor=0s \
  --set verification.proving_rate=1e30 --set verification.provers=100 --set verification.latency=100ms
# the model's block without its protocol (its zkml keys would be refused)
sed -e 's/protocol: zkml, proving_floor: 0s, proving_rate: 1e30, provers: 100,/protocol: none,/' \
  -e 's/latency: 100ms, on_detect: keep/on_detect: keep/' "$sc" > "$tmp/c.yaml"
"$ogsim" run "$tmp/c.yaml" -q -o "$tmp/c.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()
a, b, c = (summary(f"{t}/{x}.h5") for x in "abc")
n, d = a["cheats"], a["detections"]
sd = math.sqrt(n * 0.25)
check(abs(d - n / 2) <= 4 * sd, f"zkML on half the traffic: {d:.0f} of {n:.0f} cheats detected "
      f"(want {n / 2:.0f} +- {4 * sd:.0f})")
vl = a["verification_latency_mean"]
check(abs(vl - 0.05) <= 0.004, f"mean verification latency {1e3 * vl:.2f} ms (want 50 +- 4)")
check(b["detections"] == b["cheats"] > 0 and abs(b["verification_latency_mean"] - 0.1) < 1e-9,
      f"zkML on both: {b['detections']:.0f} of {b['cheats']:.0f} detected, "
      f"{1e3 * b['verification_latency_mean']:.3f} ms")
check(c["detections"] == 0 and c["verification_latency_mean"] == 0,
      "no protocol anywhere: nothing detected, no latency added")
sys.exit(0 if check.ok else 1)
PY
