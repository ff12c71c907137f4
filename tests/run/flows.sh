#!/usr/bin/env bash
# Flows (docs/network.md): one message alone takes latency + bytes /
# bandwidth exactly; N equal messages sharing a link each take N times the
# transfer time. In the hybrid mode (the fluid model) and in the exact one
# (SimGrid), to 1e-9: each request's arrival at its node is two hops, client
# NIC then gateway NIC, of 1 ms + N x 10 MB / 125 MB/s each. Then every
# message of a 3-region, 60-node run as a flow, 400 kB prompts and 300 kB
# answers at 1,500/s (flows of three latencies, so three max-min weights,
# share the gateway's NIC and the WAN links): each request's times equal
# the exact mode's to 1e-9.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$src/tests/scenarios/flows.yaml" "$tmp/flows.yaml"
for n in 1 2 8; do
  { echo time,model; for i in $(seq "$n"); do echo 0,big; done; } > "$tmp/flows.csv"
  for mode in hybrid exact; do
    "$ogsim" run "$tmp/flows.yaml" -q -o "$tmp/$n-$mode.h5" --set network.mode=$mode
  done
done
nc=$src/tests/scenarios/netcompare.yaml
big=(--set 'models[0].request_bytes=400kB' --set 'models[1].response_bytes=300kB'
     --set workload.rate=1500/s --set duration=10s --set output.requests=true)
"$ogsim" run "$nc" -q -o "$tmp/nc-exact.h5" --set network.mode=exact "${big[@]}"
"$ogsim" run "$nc" -q -o "$tmp/nc-flows.h5" --set network.mode=hybrid --set network.flow_threshold=1B \
  "${big[@]}"
/usr/bin/python3 - "$tmp" <<'PY'
import sys, h5py, numpy as np
t = sys.argv[1]
bad = 0
a, b = (h5py.File(f"{t}/nc-{m}.h5", "r")["requests"][()] for m in ("exact", "flows"))
a, b = a[np.argsort(a["id"])], b[np.argsort(b["id"])]
same = len(a) == len(b) and all((a[k] == b[k]).all() for k in ("id", "node", "status"))
worst = max(np.nanmax(np.abs(a[k] - b[k]) / np.abs(a[k])) for k in ("t_ready", "t_finish", "t_done"))
bad += not (same and worst <= 1e-9)
print(f"netcompare, every message a flow: {len(b)} requests, same nodes: {same}, "
      f"largest relative difference from exact {worst:.2e}")
for n in (1, 2, 8):
    want = 2 * (1e-3 + n * 10e6 / 125e6)
    for mode in ("hybrid", "exact"):
        r = h5py.File(f"{t}/{n}-{mode}.h5", "r")["requests"][()]
        ok = len(r) == n and all(abs(x - want) <= 1e-9 * want for x in r["t_ready"])
        bad += not ok
        print(f"N={n} {mode:<6} arrival at the node {min(r['t_ready']):.9f}..{max(r['t_ready']):.9f}"
              f" s, closed form {want:.9f} s{'' if ok else '  FAIL'}")
sys.exit(1 if bad else 0)
PY
