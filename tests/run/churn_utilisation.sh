#!/usr/bin/env bash
# utilisation_<class> divides the class's busy node-seconds by its online
# node-seconds in the window (docs/churn.md, "What a run reports"): for a
# churning class, its nodes' busy seconds over their online seconds from
# /nodes (warmup and drain 0, so the window is the run but for the last
# requests' finish, about 1 ms past 300 s: hence the 1e-4); for a class
# without churn, busy over count x window, as before (run.golden pins it);
# the fleet's, all busy over all online node-seconds.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ogsim" run "$src/tests/scenarios/churn.yaml" -q -o "$tmp/a.h5" --set duration=300s \
  --set warmup=0s --set drain=0s
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp/a.h5" <<'PY'
import sys
import h5py
from h5check import Checks, summary
check = Checks()
s = summary(sys.argv[1])
with h5py.File(sys.argv[1], "r") as f:
    n = f["nodes"][()]
peer = n[n["class"] == 0]
busy, online = float(peer["busy"].sum()), float(peer["online"].sum())
u = s["utilisation_peer"]
check(abs(u - busy / online) <= 1e-4 * u,
      f"utilisation_peer {u} = busy {busy:.6g} / online {online:.6g} = {busy / online}")
check(abs(online / 300 - s["nodes_online_mean_peer"]) <= 1e-4 * online / 300,
      f"{online / 300} nodes online on average, summary {s['nodes_online_mean_peer']}")
fixed = n[n["class"] == 1]
want = float(fixed["busy"].sum()) / (len(fixed) * 300.0)
check(abs(s["utilisation_fixed"] - want) <= 1e-12 * want,
      f"utilisation_fixed {s['utilisation_fixed']} = busy / (4 x 300 s) = {want}")
# the fleet's utilisation: every node's busy seconds over the online ones
# (a churning class's absent slots are not idle nodes)
all_busy = float(n["busy"].sum())
all_online = online + len(fixed) * 300.0
check(abs(s["utilisation"] - all_busy / all_online) <= 1e-4 * s["utilisation"],
      f"utilisation {s['utilisation']} = busy {all_busy:.6g} / online {all_online:.6g}")
sys.exit(0 if check.ok else 1)
PY
