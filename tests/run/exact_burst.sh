#!/usr/bin/env bash
# The exact network mode delays no message however many are in flight to
# one receiver: 600 equal requests issued at the same instant (a trace)
# share the client's NIC to the gateway, then the gateway's to the one
# node, as fair-share fluid flows, so each reaches the node at
# 2 x (latency + 600 x size / bandwidth) (to 1e-6 relative; a receiver
# with a fixed number of receives posted lets the rest wait to be matched,
# so the 257th arrived later). One request alone reaches it at
# 2 x (latency + size / bandwidth) exactly, and its response at
# latency + response size / bandwidth after the node finishes it.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
scenario() {  # $1: requests at t = 0
  cat > "$tmp/b$1.yaml" <<YAML
name: burst$1
duration: 1s
network: {mode: exact}
regions: [{name: r, latency: 1ms, bandwidth: 1Gbps}]
models: [{name: m, flops: 1kFlop, request_bytes: 1MB, response_bytes: 10kB}]
node_classes: [{name: n, region: r, count: 1, peak: 1TFlops, max_batch: 1024}]
workload:
  arrival: trace
  trace: {file: b$1.csv, format: columns}
  timeout: 600s
  max_retries: 0
output: {requests: true}
YAML
  { echo time; for _ in $(seq "$1"); do echo 0; done; } > "$tmp/b$1.csv"
  "$ogsim" run "$tmp/b$1.yaml" -o "$tmp/b$1.h5" > /dev/null || echo "FAIL: the run of $1 exited $?"
}
scenario 600
scenario 1
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
from h5check import Checks
check = Checks()
lat, bw, size, resp = 1e-3, 1e9 / 8, 1e6, 1e4
for n in (600, 1):
    with h5py.File(f"{sys.argv[1]}/b{n}.h5") as f:
        req = f["requests"][()]
    want = 2 * (lat + n * size / bw)
    err = abs(req["t_ready"] - want).max() / want
    tol = 1e-6 if n > 1 else 1e-15
    check(len(req) == n and err <= tol,
          f"{n} at once: all {len(req)} reach the node at {want:.6f} s (worst off by {err:.1e})")
    if n == 1:
        hop = req["t_done"][0] - req["t_finish"][0]
        want = lat + resp / bw
        check(abs(hop - want) <= 1e-12 * want, f"its response takes {hop:.9f} s == {want:.9f} s")
sys.exit(0 if check.ok else 1)
PY
