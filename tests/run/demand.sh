#!/usr/bin/env bash
# Demand placement (docs/hosting.md, "Demand placement"), on
# tests/scenarios/demand.yaml (20 nodes may host model m; 20 ms of service a
# request, one at a time; 4 GB of weights from a 10 GB/s, 10 ms tier, 25
# GB/s to the GPU; interval 10 s, target_utilisation 0.7):
#  1. at 192.5 requests/s the model needs k = ceil(192.5 x 0.02 / 0.7) = 6
#     replicas; the run reaches k within 2 intervals + the load of k - 1
#     replicas at once through the tier (the first interval's count may
#     fall short by Poisson noise: one more run corrects it), and stays
#     there until the end of the arrivals;
#  2. the load drops to 10/s at t = 100 s (a trace): after scale_down
#     (60 s) of wanting 1 the controller drops 5 idle replicas;
#  3. eviction: one node holds two of three 4 GB models (10 GB); requests
#     of a, b, a, c: c evicts b, the least recently used, not a;
#  4. a cold start (min_replicas 0): the first request waits at the
#     gateway exactly one load (latency + bytes / bandwidth + bytes / GPU
#     bandwidth), then is served;
#  6. the actor driver (OGSIM_ACTORS=1) gives the same numbers;
#  5. while_loading: elsewhere routes no request to a loading replica while
#     another is ready (none waits at a node for a load); wait does.
set -eu
ogsim=$1; src=$2
tmp=${DEMAND_TMP:-$(mktemp -d)}; [ -n "${DEMAND_TMP:-}" ] || trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/demand.yaml
"$ogsim" run "$sc" -q -o "$tmp/reach.h5"
"$ogsim" run "$sc" -q -o "$tmp/wait.h5" --set placement.while_loading=wait
OGSIM_ACTORS=1 "$ogsim" run "$sc" -q -o "$tmp/actors.h5"
/usr/bin/python3 - "$tmp" "$sc" <<'PY'
import sys
tmp, sc = sys.argv[1], sys.argv[2]
base = open(sc).read()
# 2: 192.5/s for 100 s, then 10/s until 250 s
rows, t = [], 0.0
while t < 250:
    rows.append(t)
    t += 1 / 192.5 if t < 100 else 1 / 10
with open(f"{tmp}/drop.csv", "w") as f:
    f.write("time,model\n" + "".join(f"{x:.6f},m\n" for x in rows))
drop = base.replace("duration: 120s", "duration: 250s").replace(
    "  rate: 192.5/s\n", "  arrival: trace\n  trace: {file: drop.csv, format: columns}\n")
open(f"{tmp}/drop.yaml", "w").write(drop)
# 3: three models, one node with room for two
with open(f"{tmp}/lru.csv", "w") as f:
    f.write("time,model\n0,a\n20,b\n40,a\n60,c\n80,a\n")
lru = f"""name: lru
seed: 1
duration: 100s
drain: 10s
regions: [{{name: r, latency: 0s, bandwidth: 10GBps}}]
storage: [{{name: disk, region: r, bandwidth: 10GBps, latency: 10ms}}]
placement: {{policy: demand}}
models:
  - {{name: a, flops: 2TFlop, weight_bytes: 4GB, min_replicas: 0}}
  - {{name: b, flops: 2TFlop, weight_bytes: 4GB, min_replicas: 0}}
  - {{name: c, flops: 2TFlop, weight_bytes: 4GB, min_replicas: 0}}
node_classes:
  - {{name: g, region: r, count: 1, peak: 100TFlops, efficiency: 1, max_batch: 1,
     memory: 10GB, load_bandwidth: 25GBps, hosts: [a, b, c]}}
workload:
  arrival: trace
  trace: {{file: lru.csv, format: columns}}
  timeout: 100s
output: {{timeseries_interval: 1s, requests: true}}
"""
open(f"{tmp}/lru.yaml", "w").write(lru)
# 4: one request at t = 5 s of a model with no replica
with open(f"{tmp}/cold.csv", "w") as f:
    f.write("time,model\n0,b\n5,a\n")
cold = lru.replace("trace: {file: lru.csv", "trace: {file: cold.csv")
open(f"{tmp}/cold.yaml", "w").write(cold)
PY
"$ogsim" run "$tmp/drop.yaml" -q -o "$tmp/drop.h5"
"$ogsim" run "$tmp/lru.yaml" -q -o "$tmp/lru.h5"
"$ogsim" run "$tmp/cold.yaml" -q -o "$tmp/cold.h5"
/usr/bin/python3 - "$tmp" <<'PY'
import sys, math, h5py, numpy as np
tmp = sys.argv[1]
fails = []
def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok: fails.append(what)
def load(name):
    return h5py.File(f"{tmp}/{name}.h5", "r")

B, lat, bw, gpu, interval = 4e9, 10e-3, 10e9, 25e9, 10.0
k = math.ceil(192.5 * 0.02 / 0.7 - 1e-9)
one_load = lat + B / bw + B / gpu
bound = 2 * interval + lat + (k - 1) * B / bw + B / gpu

f = load("reach"); ts = f["timeseries"]; s = f["summary"]
t_end = ts["t"][()] + 1.0  # each bin's end
rep = ts["replicas_m"][()]
first = t_end[np.argmax(rep >= k)] if np.any(rep >= k) else math.inf
check(first <= bound + 1.0, f"reaches k = {k} replicas by {first} s (bound {bound:.3f} s + a bin)")
keep = (t_end >= bound + 1.0) & (t_end <= 120)
check(np.all(rep[keep] == k), f"stays at k until the end of the arrivals: {sorted(set(rep[keep]))}")
check(s["time_to_target_m"][()] <= bound - interval,
      f"time_to_target_m {s['time_to_target_m'][()]:.4f} s <= {bound - interval:.4f} s")
check(s["requests_delayed_by_loading"][()] == 0,
      "elsewhere: no request waited at a node for a load (a replica was ready)")
a = load("actors")["summary"]
check(all(a[x][()] == s[x][()] for x in ("requests_completed", "latency_mean", "time_to_target_m")),
      "the actor driver agrees")
w = load("wait")["summary"]
check(w["requests_delayed_by_loading"][()] > 0,
      f"wait: {w['requests_delayed_by_loading'][()]} requests waited at loading replicas")

f = load("drop"); ts = f["timeseries"]; s = f["summary"]
t_end = ts["t"][()] + 1.0; rep = ts["replicas_m"][()]
# the controller first sees the low rate at 110 s; it drops at 110 + 60
check(np.all(rep[(t_end > bound + 1) & (t_end < 170)] == k), "k replicas until 170 s")
check(np.all(rep[(t_end > 171) & (t_end <= 250)] == 1), "one replica from 170 s")
check(s["replicas_dropped"][()] == k - 1, f"replicas_dropped {s['replicas_dropped'][()]} = {k - 1}")

f = load("lru"); s = f["summary"]; L = f["loads"]
models = [x.decode() if isinstance(x, bytes) else x for x in L["model"][()]]
check(models == ["a", "b", "c"], f"loads in order a, b, c: {models}")
check(s["evictions"][()] == 1, f"one eviction: {s['evictions'][()]}")
ts = f["timeseries"]
check(ts["replicas_a"][-1] == 1 and ts["replicas_b"][-1] == 0 and ts["replicas_c"][-1] == 1,
      "c evicted b (least recently used), a stayed")
check(s["cold_start_requests"][()] == 3 and s["requests_completed"][()] == 5,
      f"cold starts a, b, c ({s['cold_start_requests'][()]}), every request served")
tot = ts["replicas_a"][()] + ts["replicas_b"][()] + ts["replicas_c"][()] + \
    ts["replicas_loading_a"][()] + ts["replicas_loading_b"][()] + ts["replicas_loading_c"][()]
check(np.all(tot <= 2), "never more than two models held (memory)")

f = load("cold"); s = f["summary"]; r = f["requests"][()]
w = s["cold_start_wait_mean"][()]
check(s["cold_start_requests"][()] == 2 and abs(w - one_load) <= 1e-9,
      f"cold start waits one load: {w!r} s, closed form {one_load!r} s")
ra = r[np.argsort(r["t_issue"])][1]
check(abs(ra["t_start"] - ra["t_issue"] - one_load) <= 1e-9,
      f"the request starts when the load is ready ({ra['t_start'] - ra['t_issue']!r} s)")
sys.exit(1 if fails else 0)
PY
