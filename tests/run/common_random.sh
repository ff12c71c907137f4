#!/usr/bin/env bash
# Common random numbers across protocols: switching a scenario's protocol
# does not change which draws decide a dishonest node's cheats. 200 lazy
# nodes cheat with q = 0.3 (tests/scenarios/spotcheck.yaml), routed
# uniformly at random, so each node serves the same number of requests
# under every protocol that keeps it serving; its cheats are then the
# draws below q among the first that many of its strategy stream, and
# must be the same, node by node, with no verification, with TEE whose
# every enclave is compromised (its enclave draws come from the protocol
# streams, not the strategy's), and with spot-checks that keep the nodes
# they catch. And a protocol's draws for one model leave another model's
# alone: quorum members withholding their commitments on `proved`
# (tests/scenarios/permodel.yaml) take no draw of the check streams that
# sample `open`'s results for spot-checks at the same nodes.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/spotcheck.yaml
base=(--set 'dishonest[0].q=0.3' --set duration=10s)
"$ogsim" run "$sc" -q -o "$tmp/none.h5" "${base[@]}" --set verification.protocol=none
"$ogsim" run "$sc" -q -o "$tmp/tee.h5" "${base[@]}" --set verification.protocol=tee \
  --set verification.compromised=1
"$ogsim" run "$sc" -q -o "$tmp/spot.h5" "${base[@]}"
pm=(--set 'models[proved].verification.protocol=quorum' --set 'models[proved].verification.committee=3'
  --set 'models[proved].verification.quorum=2' --set verification.protocol=spot_check
  --set verification.rate=0.1 --set verification.on_detect=keep --set output.requests=true)
# permodel.yaml's zkml block without zkml's own keys (quorum would refuse them)
sed -e 's/protocol: zkml, proving_floor: 0s, proving_rate: 1e30, provers: 100,/protocol: zkml,/' \
  "$src/tests/scenarios/permodel.yaml" > "$tmp/permodel.yaml"
for w in 0 1; do
  "$ogsim" run "$tmp/permodel.yaml" -q -o "$tmp/withhold$w.h5" "${pm[@]}" \
    --set "models[proved].verification.withhold=$w"
done
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
import numpy as np
from h5check import Checks
t = sys.argv[1]
check = Checks()

def table(name):
    with h5py.File(f"{t}/{name}.h5") as f:
        served = dict(zip(f["nodes"]["id"].tolist(), f["nodes"]["served"].tolist()))
        c = f["cheaters"][()]
    return {int(n): (int(k), served[int(n)]) for n, k in zip(c["node"], c["cheats"])}

ref = table("none")
total = sum(k for k, _ in ref.values())
results = sum(s for _, s in ref.values())
check(len(ref) == 200 and 0.25 < total / results < 0.35,
      f"none: 200 cheaters cheat on {total} of {results} results (q = 0.3)")
for other in ("tee", "spot"):
    got = table(other)
    same_served = got.keys() == ref.keys() and all(got[n][1] == ref[n][1] for n in ref)
    check(same_served, f"{other}: every cheater serves as many results as without verification")
    diff = [n for n in ref if got.get(n, (None,))[0] != ref[n][0]]
    check(not diff, f"{other}: the same cheats as without verification at every node"
          + (f" (differ at {len(diff)} nodes, e.g. node {diff[0]}: "
             f"{got.get(diff[0], ('-',))[0]} vs {ref[diff[0]][0]})" if diff else ""))

def sampled(name):
    with h5py.File(f"{t}/{name}.h5") as f:
        q = f["requests"][()]
        c = f["cheaters"][()]
    return q, dict(zip(c["node"].tolist(), c["checked"].tolist()))

(q0, c0), (q1, c1) = sampled("withhold0"), sampled("withhold1")
def per_node(q):
    nodes, counts = np.unique(q["node"][q["model"] == 1], return_counts=True)
    return dict(zip(nodes.tolist(), counts.tolist()))
check(per_node(q0) == per_node(q1), "quorum: every node serves the same `open` requests "
      "whether `proved`'s cheaters withhold or not")
diff = [n for n in c0 if c1.get(n) != c0[n]]
check(not diff and sum(c0.values()) > 0,
      f"quorum: withholding on `proved` leaves the {sum(c0.values())} spot-checks of `open` at "
      "cheaters where they were" + (f" (differ at {len(diff)} nodes)" if diff else ""))
sys.exit(0 if check.ok else 1)
PY
