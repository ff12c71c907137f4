#!/usr/bin/env bash
# The event loop (fast mode: nodes and clients as state machines run at
# their events, no actors) and the actor driver of the same state machines
# (OGSIM_ACTORS=1: a SimGrid actor per node and client, as in the exact
# mode) give the same numbers: the loop runs each node at its events in
# time order, which is what its actor did. Scenarios chosen to have no two
# events at the same instant (ties may be ordered differently by the two:
# see docs/architecture.md, "Event-driven nodes"); between them they cover
# batching windows, failures and repair, cheaters with spot checks, jail
# and its release, retries after timeouts, and redundancy's copies.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
both() {  # both NAME SCENARIO [ARGS...]
  local name=$1; shift
  "$ogsim" run "$@" -q -o "$tmp/$name-loop.h5"
  OGSIM_ACTORS=1 "$ogsim" run "$@" -q -o "$tmp/$name-actors.h5"
  if ! "$ogsim" compare --simulated "$tmp/$name-actors.h5" "$tmp/$name-loop.h5" > "$tmp/$name.txt"; then
    cat "$tmp/$name.txt"
    echo "FAIL: $name: the event loop and the node actors disagree"
    exit 1
  fi
}
both golden "$src/tests/scenarios/golden.yaml"
both jail "$src/scenarios/attack-lazy.yaml" --set duration=10s \
  --set verification.on_detect=jail --set verification.jail=2s
both timeouts "$src/tests/scenarios/golden.yaml" --set workload.timeout=150ms
# redundancy on the static engine, as the scenario was written before its
# classes turned continuous: on the continuous engine the two drivers
# differ in one cheater's results_to_catch (same instant, ordered apart)
both redundancy "$src/scenarios/protocol-redundancy.yaml" --set duration=6s --set warmup=1s \
  --set 'node_classes[h100].serving=batch' --set 'node_classes[l4].serving=batch' \
  --set 'node_classes[a10].serving=batch'
# the continuous engine (the loop takes arrivals in through its `arrived`
# shortcut, the actors through `step`); without failures, whose failover
# bursts are ties the two drivers order differently
both continuous "$src/tests/scenarios/continuous.yaml" --set node_classes[0].mtbf=0s \
  --set node_classes[0].kv_memory=0.75
# the runs did exercise what they are meant to
for want in "golden node_failures" "jail jailings" "timeouts timeouts" "redundancy requests_completed" \
            "continuous preemptions"; do
  set -- $want
  n=$(awk -v k="$2" '$1 == k {print $2; exit}' < <("$ogsim" report "$tmp/$1-loop.h5" --all))
  [ "${n:-0}" != 0 ] || { echo "FAIL: $1: no $2"; exit 1; }
done
# the event loop starts no actor and gives a region's nodes one host (for
# their routes); the exact mode has an actor and a host per node
sc=$src/tests/scenarios/netcompare.yaml   # 60 nodes, 3 regions, 3 clients
"$ogsim" run "$sc" -q -o "$tmp/fast.h5"
"$ogsim" run "$sc" -q -o "$tmp/exact.h5" --set network.mode=exact
/usr/bin/python3 - "$tmp" <<'PY'
import sys, h5py
t = sys.argv[1]
got = {m: tuple(int(h5py.File(f"{t}/{m}.h5", "r")["perf"][k][()])
                for k in ("simgrid_hosts", "simgrid_actors")) for m in ("fast", "exact")}
# hosts: 3 region borders, the gateway, 3 clients, then 1 node per region
# (fast) or all 60 (exact); actors (exact): 60 nodes + 60 receivers, 3
# clients + 3 receivers, the gateway's receiver
want = {"fast": (10, 0), "exact": (67, 127)}
print(got)
sys.exit(0 if got == want else 1)
PY
echo "event loop and node actors agree"
