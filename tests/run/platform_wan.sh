#!/usr/bin/env bash
# The generated platform joins only the regions the engine routes between
# (gateway's region to every region with clients or nodes, nodes' regions
# to clients' regions), not every pair: 40 regions with nodes, clients in
# two, make 39 + 38 WAN links, not 780. The run (exact network mode, with
# failures re-routed through the gateway) finds every route it needs.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
{
  echo "name: wan40"; echo "duration: 2s"; echo "network: {mode: exact}"
  echo "regions:"; for i in $(seq 0 39); do echo "  - {name: r$i}"; done
  echo "models: [{name: m, flops: 1GFlop}]"
  echo "node_classes:"
  for i in $(seq 0 39); do echo "  - {name: c$i, region: r$i, count: 1, peak: 1TFlops, mtbf: 1s, mttr: 100ms}"; done
  echo "workload: {rate: 200/s, clients: [{region: r0, share: 0.5}, {region: r1, share: 0.5}]}"
  echo "gateway: {region: r0}"
} > "$tmp/wan40.yaml"
fails=0
n=$("$ogsim" platform "$tmp/wan40.yaml" | grep -c '<link id="wan-')
[ "$n" = 77 ] || { echo "FAIL: $n WAN links, want 77"; fails=1; }
out=$("$ogsim" run "$tmp/wan40.yaml" -o "$tmp/r.h5" --all 2>&1); rc=$?
if [ $rc != 0 ] || ! grep -q "failovers" <<<"$out"; then
  echo "FAIL: run exited $rc: $(tail -3 <<<"$out")"; fails=1
fi
[ $fails = 0 ] && echo "ok: 77 WAN links for 40 regions, and the run found its routes"
exit $fails
