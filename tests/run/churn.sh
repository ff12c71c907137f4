#!/usr/bin/env bash
# Churn (docs/churn.md): nodes join a class as a Poisson process into a
# free slot and leave after a session. Checks:
#  - the mean number of nodes online equals the closed form of Erlang's
#    loss system, a (1 - B(count, a)) with a = join_rate x mean session,
#    within its 99% confidence interval (batch means over the time series),
#    for exponential, Weibull (shape < 1) and lognormal sessions (the mean
#    is insensitive to the law), and with count small enough that joins
#    are refused;
#  - fail_share: only that share of the class's nodes ever fails;
#  - a leaving node's requests are routed again and complete elsewhere;
#  - provisioned cost = online seconds x price (by hand without churn; with
#    churn against the time series' node-seconds);
#  - the event loop and the node actors (OGSIM_ACTORS=1) agree;
#  - without churn the golden run's numbers are the pinned ones.
set -eu
ogsim=$1; src=$2
sc=$src/tests/scenarios/churn.yaml
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
run() { local name=$1; shift; "$ogsim" run "$sc" -q -o "$tmp/$name.h5" "$@"; }
run exp
ses='node_classes[peer].churn.session'
run weibull --set "$ses.dist=weibull" --set "$ses.shape=0.5"
run lognormal --set "$ses.dist=lognormal" --set "$ses.sd=40s"
run loss --set 'node_classes[peer].count=40'
run fails --set 'node_classes[fixed].count=20' --set 'node_classes[fixed].mtbf=20s' \
  --set 'node_classes[fixed].mttr=2s' --set 'node_classes[fixed].fail_share=0.25' --set duration=300s
run leave --set 'models[small].flops=20TFlop' --set duration=200s --set output.requests=true
"$ogsim" run "$src/tests/scenarios/golden.yaml" -q -o "$tmp/golden.h5"
# the continuous engine hands back what it holds when its node leaves;
# without failures (their failover bursts are ties the drivers order
# apart: tests/run/event_loop.sh)
cont=(--set 'node_classes[big].churn.join_rate=0.2/s' --set 'node_classes[big].count=6'
  --set 'node_classes[big].churn.session.dist=exponential'
  --set 'node_classes[big].churn.session.mean=10s' --set 'node_classes[small].mtbf=0s'
  --set 'node_classes[small].kv_memory=0.75')
"$ogsim" run "$src/tests/scenarios/continuous.yaml" -q -o "$tmp/cont.h5" "${cont[@]}"
OGSIM_ACTORS=1 "$ogsim" run "$src/tests/scenarios/continuous.yaml" -q -o "$tmp/cont-actors.h5" \
  "${cont[@]}"
OGSIM_ACTORS=1 run exp-actors
OGSIM_ACTORS=1 run leave-actors --set 'models[small].flops=20TFlop' --set duration=200s \
  --set output.requests=true
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" "$src" <<'PY'
import math, sys
import h5py, numpy as np
from h5check import summary, same_datasets, fail
tmp, src = sys.argv[1], sys.argv[2]

def erlang_b(c, a):
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b

T995 = 2.861  # Student t, 99% two-sided, 19 degrees of freedom (20 batches)
a = 2.0 * 20.0  # join_rate x mean session: every law below has mean 20 s
for name, count in [("exp", 200), ("weibull", 200), ("lognormal", 200), ("loss", 40)]:
    f = h5py.File(f"{tmp}/{name}.h5", "r")
    s = summary(f"{tmp}/{name}.h5")
    ts = f["timeseries"]
    t, on = ts["t"][()], ts["online_peer"][()]
    keep = on[(t >= 100) & (t < 2000)]
    batches = keep[: len(keep) // 20 * 20].reshape(20, -1).mean(axis=1)
    half = T995 * batches.std(ddof=1) / math.sqrt(20)
    want = a * (1 - erlang_b(count, a))
    got = s["nodes_online_mean_peer"]
    print(f"{name}: nodes online {got:.3f}, closed form {want:.3f} (B = "
          f"{erlang_b(count, a):.4f}), 99% CI half-width {half:.3f}; joins {s['joins']:.0f}, "
          f"refused {s['joins_refused']:.0f}")
    if not abs(got - want) <= half:
        fail(f"{name}: mean nodes online {got} is not within {half} of {want}")
    if abs(got - keep.mean()) > 1e-6 * got:
        fail(f"{name}: summary {got} and time series {keep.mean()} disagree")
    if (s["joins_refused"] > 0) != (name == "loss"):
        fail(f"{name}: joins_refused {s['joins_refused']}")
if not abs(summary(f"{tmp}/loss.h5")["nodes_online_mean_peer"] - a) > 2:
    fail("the loss case does not tell the loss system from the infinite one")

# fail_share: 5 of the 20 nodes fail, the other 15 never
with h5py.File(f"{tmp}/fails.h5", "r") as f:
    nodes = f["nodes"]
    fixed = nodes["class"][()] == 1
    fails = nodes["failures"][()][fixed]
print(f"fails: failures per node of the fixed class {sorted(fails.tolist())}")
if (fails > 0).sum() != 5:
    fail(f"fail_share 0.25 of 20 nodes: {(fails > 0).sum()} nodes failed, want 5")

# leaving nodes' requests go elsewhere and complete
s = summary(f"{tmp}/leave.h5")
with h5py.File(f"{tmp}/leave.h5", "r") as f:
    rq = f["requests"]
    moved = rq["failovers"][()] > 0
    ok = rq["status"][()] == 0
print(f"leave: {s['failovers']:.0f} failovers, {moved.sum()} requests moved, "
      f"{(moved & ok).sum()} of them completed; node_failures {s['node_failures']:.0f}")
if s["node_failures"] != 0 or moved.sum() < 10 or not ok[moved].all():
    fail("requests of leaving nodes did not all complete elsewhere")
if s["requests_completed"] != s["requests_issued"]:
    fail("requests were lost to leaving nodes")

# provisioned cost: without churn count x price x run length, by hand; with
# churn the time series' node-seconds x price
for name in ["exp", "leave"]:
    s = summary(f"{tmp}/{name}.h5")
    end = s["sim_time_end"]
    want = 4 * (3.6 / 3600) * end
    if abs(s["provisioned_cost_fixed"] - want) > 1e-12 * want:
        fail(f"{name}: provisioned_cost_fixed {s['provisioned_cost_fixed']}, want {want}")
    with h5py.File(f"{tmp}/{name}.h5", "r") as f:
        t, on = f["timeseries"]["t"][()], f["timeseries"]["online_peer"][()]
        online = f["nodes"]["online"][()][f["nodes"]["class"][()] == 0].sum()
    full = t + 1 <= end
    secs = on[full].sum() + on[~full][0] * (end - t[~full][0]) if (~full).any() else on.sum()
    want = (1.8 / 3600) * secs
    got = s["provisioned_cost_peer"]
    print(f"{name}: provisioned_cost_peer {got:.6f}, from the time series {want:.6f}, "
          f"fixed {s['provisioned_cost_fixed']:.6f}")
    if abs(got - want) > 2e-3 * want or abs(got - (1.8 / 3600) * online) > 1e-9 * got:
        fail(f"{name}: provisioned cost {got} is not the online seconds x price ({want})")
    if abs(s["cost_provisioned"] - got - s["provisioned_cost_fixed"]) > 1e-9 * got:
        fail(f"{name}: cost_provisioned is not the sum of the classes'")

# both drivers
s = summary(f"{tmp}/cont.h5")
print(f"cont: {s['leaves']:.0f} leaves, {s['failovers']:.0f} failovers, "
      f"{s['requests_completed']:.0f} of {s['requests_issued']:.0f} completed")
if s["leaves"] < 3 or s["failovers"] < 10 or s["requests_completed"] != s["requests_issued"]:
    fail("cont: continuous nodes leaving did not hand back their requests")
for name in ["exp", "leave", "cont"]:
    diff = same_datasets(f"{tmp}/{name}.h5", f"{tmp}/{name}-actors.h5")
    if name == "cont":  # the drivers take a burst of arrivals at one instant in apart
        diff = [d for d in diff if d != "nodes"]  # (max_queue); every other number agrees
    if diff:
        fail(f"{name}: the event loop and the node actors disagree in {diff}")

# no churn: the golden run as pinned (entries added since are not pinned)
got = summary(f"{tmp}/golden.h5")
for line in open(f"{src}/tests/golden/golden.summary"):
    k, v = line.split()
    v = float(v)
    if not (got[k] == v or abs(got[k] - v) <= 1e-9 * abs(v) or (v != v and got[k] != got[k])):
        fail(f"golden run moved: {k} {got[k]} vs {v}")
if any(k.startswith("nodes_online_mean") or k in ("joins", "leaves") for k in got):
    fail("a run without churn has churn entries")
print("ok")
PY
