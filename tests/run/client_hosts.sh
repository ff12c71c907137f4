#!/usr/bin/env bash
# workload.clients[].hosts spreads a region's clients over several hosts,
# each with the region's NIC: request i leaves from host i mod N and its
# response comes back to it. Eight 5 MB requests issued at once from a
# region with 100 Mbps NICs (the bottleneck: the WAN and the gateway's
# region have 10 Gbps) share one client NIC with hosts: 1, so each takes
# 8 x 5 MB / 100 Mbps to leave, and two a NIC with hosts: 4, a quarter of
# that (closed forms to 1e-6 relative, in the exact network mode); their
# 1 MB responses likewise. The platform that `ogsim platform` writes has
# the four hosts, and the default (one host) keeps the old host name.
# (SimGrid's lazy LMM update, its default in 3.32, lets all but one of
# several responses leaving one node at once for different client hosts
# ignore the clients' NICs: engine.c sets network/optim:Full, and the runs
# with it given again on the command line must agree.)
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
scenario() {  # $1: hosts, $2: file name's tail, then ogsim run's options
  cat > "$tmp/h$1.yaml" <<YAML
name: hosts$1
duration: 1s
network: {mode: exact, wan: [{between: [edge, core], latency: 10ms, bandwidth: 10Gbps}]}
regions:
  - {name: core, latency: 1ms, bandwidth: 10Gbps}
  - {name: edge, latency: 2ms, bandwidth: 100Mbps}
models: [{name: m, flops: 1kFlop, request_bytes: 5MB, response_bytes: 1MB}]
node_classes: [{name: n, region: core, count: 1, peak: 1TFlops, max_batch: 8, batch_window: 1s}]
workload:
  arrival: trace
  trace: {file: h.csv, format: columns}
  clients: [{region: edge, share: 1, hosts: $1}]
  timeout: 600s
  max_retries: 0
gateway: {region: core}
output: {requests: true}
YAML
  local h=$1 tail=$2; shift 2
  "$ogsim" run "$tmp/h$h.yaml" -o "$tmp/h$h$tail.h5" "$@" > /dev/null ||
    { echo "FAIL: the run with hosts: $h exited $?"; fails=1; }
}
{ echo time; for _ in $(seq 8); do echo 0; done; } > "$tmp/h.csv"
for h in 1 4; do
  scenario $h ""
  scenario $h -full --sg --cfg=network/optim:Full
done
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY' || fails=1
import sys
import h5py
from h5check import Checks
check = Checks()
size, resp, nic, fat = 5e6, 1e6, 100e6 / 8, 10e9 / 8
up_lat = 1e-3 + 10e-3 + 0.5e-3  # edge NIC (half the region's), WAN, core NIC
to_node = 1e-3 + 8 * size / fat  # gateway -> node: 8 flows on the gateway's NIC
out = {}
for hosts in (1, 4):
    with h5py.File(f"{sys.argv[1]}/h{hosts}.h5") as f:
        req = f["requests"][()]
    per_nic = 8 / hosts
    want = up_lat + per_nic * size / nic + to_node
    err = abs(req["t_ready"] - want).max() / want
    check(len(req) == 8 and err <= 1e-6,
          f"hosts: {hosts}: every request reaches the node at {want:.6f} s (worst off by {err:.1e})")
    with h5py.File(f"{sys.argv[1]}/h{hosts}-full.h5") as f:
        full = f["requests"][()]
    check((full["t_ready"] == req["t_ready"]).all(), f"hosts: {hosts}: the same under the full update")
    req = full
    if (req["t_finish"] == req["t_finish"][0]).all():
        back = req["t_done"] - req["t_finish"]
        want = up_lat + per_nic * resp / nic
        err = abs(back - want).max() / want
        check(err <= 1e-6, f"hosts: {hosts}: every response takes {want:.6f} s (worst off by {err:.1e})")
    else:
        check(False, "the node served the 8 requests in one batch")
    out[hosts] = req["t_ready"].mean()
check(out[4] < out[1], f"hosts: 4 reach the node sooner ({out[4]:.3f} s) than hosts: 1 ({out[1]:.3f} s)")
sys.exit(0 if check.ok else 1)
PY
hosts=$("$ogsim" platform "$tmp/h4.yaml" | grep -o 'host id="client-edge[^"]*"' | tr '\n' ' ')
want='host id="client-edge" host id="client-edge:1" host id="client-edge:2" host id="client-edge:3" '
[ "$hosts" = "$want" ] || { echo "FAIL: platform's client hosts: $hosts"; fails=1; }
hosts=$("$ogsim" platform "$tmp/h1.yaml" | grep -o 'host id="client-edge[^"]*"' | tr '\n' ' ')
[ "$hosts" = 'host id="client-edge" ' ] || { echo "FAIL: hosts: 1 platform's client hosts: $hosts"; fails=1; }
[ $fails = 0 ] && echo "ok: the platform has client-edge and client-edge:1..3"
exit $fails
