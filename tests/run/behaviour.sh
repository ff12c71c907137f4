#!/usr/bin/env bash
# Each routing policy, MMPP arrivals and node failures change what they
# should (tests/scenarios/routing.yaml: 40 nodes of 100 requests/s each,
# offered 3,200/s):
#  - stake_weighted sends 3/4 of the requests to the class with stake 3;
#  - least_loaded and power_of_two cut p99 latency well below random's;
#  - MMPP arrivals make per-second counts vary far more than Poisson's;
#  - failures take nodes down and re-route their requests.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/routing.yaml
for r in random least_loaded power_of_two; do
  "$ogsim" run "$sc" -q -o "$tmp/$r.h5" --set gateway.routing=$r || exit 1
done
"$ogsim" run "$sc" -q -o "$tmp/stake.h5" --set gateway.routing=stake_weighted \
  --set workload.rate=2000/s || exit 1
sed -e 's|workload: {arrival: poisson, rate: 3200/s,|workload: {arrival: mmpp, mmpp: [{rate: 500/s, dwell: 3s}, {rate: 3500/s, dwell: 1s}],|' \
  "$sc" > "$tmp/mmpp.yaml"
"$ogsim" run "$tmp/mmpp.yaml" -q -o "$tmp/mmpp.h5" || exit 1
"$ogsim" run "$sc" -q -o "$tmp/fail.h5" --set 'node_classes[one].mtbf=20s' \
  --set 'node_classes[one].mttr=5s' --set workload.timeout=2s || exit 1
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
import numpy as np
from h5check import Checks, summary, fail
t = sys.argv[1]
check = Checks()
with h5py.File(f"{t}/stake.h5") as f:
    served = f["classes"]["served"]
    share = served[1] / served.sum()
check(abs(share - 0.75) < 0.015, f"stake_weighted: class with stake 3 served {share:.3f} (want 0.75)")
p99 = {r: summary(f"{t}/{r}.h5")["latency_p99"] for r in ("random", "least_loaded", "power_of_two")}
check(p99["least_loaded"] < 0.5 * p99["random"], f"least_loaded p99 {p99['least_loaded']:.4f} s < half of random's {p99['random']:.4f} s")
check(p99["power_of_two"] < 0.5 * p99["random"], f"power_of_two p99 {p99['power_of_two']:.4f} s < half of random's")
with h5py.File(f"{t}/mmpp.h5") as f:
    issued = f["timeseries/issued"][:60].astype(float)
with h5py.File(f"{t}/random.h5") as f:
    pois = f["timeseries/issued"][:60].astype(float)
check(issued.var() > 20 * issued.mean(), f"mmpp: per-second count variance {issued.var():.0f} >> mean {issued.mean():.0f}")
check(pois.var() < 3 * pois.mean(), f"poisson: per-second count variance {pois.var():.0f} ~ mean {pois.mean():.0f}")
s = summary(f"{t}/fail.h5")
with h5py.File(f"{t}/fail.h5") as f:
    down = f["nodes"]["down"]
check(s["node_failures"] > 20 and s["failovers"] > 0, f"failures: {s['node_failures']:.0f} failures, {s['failovers']:.0f} failovers")
check(down[:20].sum() > 0 and down[20:].sum() == 0, f"failures: down time only on the failing class ({down[:20].sum():.1f} s)")
check(s["requests_completed"] + s["requests_failed"] == s["requests_issued"], "failures: every request resolved")
sys.exit(0 if check.ok else 1)
PY
