#!/usr/bin/env bash
# Link accounting and the network's warnings (docs/network.md).
# - 5 MB requests over a 1 Gbps WAN at 40%: every mode counts the same bytes on
#   every link (WAN: the requests and the 2 kB answers, which share it;
#   the client's NIC: the requests; the class's NICs: requests in,
#   answers out), equal to the messages sent; utilisation is the window's
#   bytes / (capacity x window); the time series sums to the bytes; the
#   fast mode's delays are flagged as off at p99, the others' are not.
# - Offered 120% of the WAN: a bottleneck warning in every mode, saying
#   the fast mode's latencies are impossible and the hybrid's flows queue;
#   the summary's busiest link names the WAN.
# - 60 kB messages (under the hybrid threshold) at half a NIC's capacity
#   with sub-ms latencies: analytic delays flagged as off at p99 in the
#   fast and hybrid modes, never in the exact one (nothing is analytic).
# - The kB scenario netcompare.yaml: no warning.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
wan=$src/tests/scenarios/contention-wan-requests.yaml
for m in fast hybrid exact; do
  "$ogsim" run "$wan" -q -o "$tmp/w-$m.h5" --set network.mode=$m --set workload.rate=10/s \
    --set duration=60s --set warmup=10s --set output.timeseries_interval=5s
  "$ogsim" run "$wan" -q -o "$tmp/o-$m.h5" --set network.mode=$m --set workload.rate=30/s \
    --set duration=60s
  "$ogsim" run "$src/tests/scenarios/contention-nic.yaml" -q -o "$tmp/s-$m.h5" --set network.mode=$m \
    --set 'models[0].request_bytes=60kB' --set 'models[0].flops=1GFlop' --set workload.rate=9766/s \
    --set duration=2s
done
"$ogsim" run "$src/tests/scenarios/netcompare.yaml" -q -o "$tmp/kb.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
import numpy as np
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()


def links(path):
    with h5py.File(path, "r") as f:
        g = f["links"]
        rows = {g["link"][i].decode(): {k: g[k][i] for k in g} for i in range(len(g["link"]))}
        ts = f["link_timeseries"]
        series = {}
        for name, b in zip(ts["link"][()], ts["bytes"][()]):
            series[name.decode()] = series.get(name.decode(), 0) + b
        return rows, series, f.attrs["warnings"]


ref = None
for m in ("fast", "hybrid", "exact"):
    rows, series, warn = links(f"{t}/w-{m}.h5")
    s = summary(f"{t}/w-{m}.h5")
    n = s["requests_completed"]
    want = {"wan-near-far": 5e6 * n + 2e3 * n, "client0-far-nic_UP": 5e6 * n,
            "client0-far-nic_DOWN": 2e3 * n, "gpu-nics_DOWN": 5e6 * n, "gpu-nics_UP": 2e3 * n}
    got = {k: rows[k]["bytes"] for k in want}
    check(all(abs(got[k] - want[k]) <= 1e-9 * want[k] for k in want) and s["timeouts"] == 0,
          f"{m}: bytes per link = the messages sent ({n:.0f} requests): {got}")
    w = rows["wan-near-far"]
    check(abs(w["utilisation"] * 125e6 * 50 / w["bytes"] - 50 / 60) < 0.05,
          f"{m}: WAN utilisation {w['utilisation']:.4f} is its window's bytes / (capacity x 50 s)")
    check(all(abs(series[k] - rows[k]["bytes"]) <= 1e-9 * rows[k]["bytes"] for k in want),
          f"{m}: each link's time series sums to its bytes")
    if m == "fast":
        check("analytic network delays may be off by more than 2% at p99 on link wan-near-far"
              in warn and "bottleneck" not in warn, f"{m}: 40% of the WAN: its analytic delays "
              f"flagged, no bottleneck")
    else:
        check(warn == "", f"{m}: 40% of the WAN: no warning ({warn!r})")
    if ref is None:
        ref = got
    check(got == ref, f"{m}: the same bytes as the fast mode")
    an = rows["client0-far-nic_UP"]["analytic_share"]
    check(an == {"fast": 1, "hybrid": 0, "exact": 0}[m], f"{m}: analytic share of the 5 MB "
          f"requests {an}")

for m in ("fast", "hybrid", "exact"):
    s = summary(f"{t}/o-{m}.h5")
    rows, _, warn = links(f"{t}/o-{m}.h5")
    with h5py.File(f"{t}/o-{m}.h5", "r") as f:
        desc = f["summary"]["busiest_link_1"].attrs["description"]
    check(s["links_over_capacity"] == 1 and "network bottleneck: link wan-near-far" in warn
          and s["busiest_link_1"] > 1 and "wan-near-far" in str(desc),
          f"{m}: 120% of the WAN: {s['links_over_capacity']:.0f} link over capacity, "
          f"busiest {s['busiest_link_1']:.3f}")
    said = {"fast": "impossible", "hybrid": "queue", "exact": "queue"}[m]
    check(said in warn, f"{m}: the warning says '{said}'")

for m in ("fast", "hybrid", "exact"):
    s = summary(f"{t}/s-{m}.h5")
    _, _, warn = links(f"{t}/s-{m}.h5")
    want = 0 if m == "exact" else 1
    check((s["links_analytic_off"] > 0) == bool(want) and ("analytic network delays" in warn) ==
          bool(want), f"{m}: 60 kB at 50% of a NIC, p99 {1e3 * s['latency_p99']:.2f} ms: "
          f"{s['links_analytic_off']:.0f} links flagged")

s = summary(f"{t}/kb.h5")
_, _, warn = links(f"{t}/kb.h5")
check(s["links_over_capacity"] == 0 and s["links_analytic_off"] == 0 and warn == "",
      f"kB messages: no warning (busiest link {s['link_utilisation_max']:.4f})")
sys.exit(0 if check.ok else 1)
PY
