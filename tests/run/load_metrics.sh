#!/usr/bin/env bash
# Load metrics that mean what they say (issue 17): batch_size_mean is the
# requests computed per forward pass, over the passes run, copies and
# checks included (static batches of known size; a continuous node's
# iterations of known sequences; redundancy k=3 with batches of one);
# compute_ and memory_bw_utilisation_<class> are the roofline's compute and
# memory seconds over online time (a compute-bound and a memory-bound node,
# shares by hand; the continuous engine's closed-form runs against its
# iteration-by-iteration reference, within 1e-5 (KV utilisation to 1e-9): a run across the window's
# edge counts pro rata); a saturated class is named in the
# run's warnings while the fleet's utilisation is lower.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# 12 requests at t = 0 and 2 at t = 10 s: static batches of up to 4 are
# 4, 4, 4 and 2 (mean 3.5); continuous, 4 sequences of 10 output tokens
# at t = 0 run a prefill and 9 decodes of 4 (mean 4).
printf 'time\n' > "$tmp/t.csv"
for i in $(seq 12); do echo 0 >> "$tmp/t.csv"; done
printf '10\n10\n' >> "$tmp/t.csv"
printf 'time\n0\n0\n0\n0\n' > "$tmp/c.csv"
cat > "$tmp/static.yaml" <<'Y'
name: static-batches
seed: 1
duration: 20s
warmup: 0s
drain: 10s
regions: [{name: r, latency: 0s}]
models: [{name: m, flops: 1GFlop, request_bytes: 0, response_bytes: 0}]
node_classes: [{name: one, region: r, count: 1, peak: 1TFlops, max_batch: 4, batch_window: 0s}]
workload: {arrival: trace, trace: {file: t.csv, format: columns}, timeout: 1h, max_retries: 0}
Y
cat > "$tmp/cont.yaml" <<'Y'
name: continuous-batches
seed: 1
duration: 20s
warmup: 0s
drain: 60s
regions: [{name: r, latency: 0s}]
models: [{name: chat, zoo: llama-3-8b, prompt_tokens: 100, output_tokens: 10}]
node_classes:
  - {name: gpu, region: r, count: 1, peak: 300TFlops, mem_bandwidth: 1TBps, memory: 48GB,
     serving: continuous, max_num_seqs: 8, max_batched_tokens: 4096}
workload: {arrival: trace, trace: {file: c.csv, format: columns}, mix: [{model: chat, share: 1}],
           timeout: 1h}
Y
# the same with a classifier on the node: its 2 requests at t = 5 s (the
# LLM's are done by then) are one pass, not an iteration
printf 'time,model\n0,chat\n0,chat\n0,chat\n0,chat\n5,cls\n5,cls\n' > "$tmp/c2.csv"
sed -e 's/c.csv/c2.csv/' -e 's/^models: \[\(.*\)\]$/models: [\1, {name: cls, flops: 1GFlop}]/' \
  -e 's/mix: \[{model: chat, share: 1}\]/mix: [{model: chat, share: 0.5}, {model: cls, share: 0.5}]/' \
  -e 's/format: columns}/format: columns, columns: {model: model}}/' \
  -e 's/max_batched_tokens: 4096}/max_batched_tokens: 4096, max_batch: 4}/' "$tmp/cont.yaml" > "$tmp/cont2.yaml"
cat > "$tmp/redundant.yaml" <<'Y'
name: redundant
seed: 2
duration: 20s
warmup: 0s
drain: 10s
regions: [{name: r, latency: 0s}]
models: [{name: m, flops: 1GFlop, request_bytes: 0, response_bytes: 0}]
node_classes: [{name: n, region: r, count: 3, peak: 1TFlops, max_batch: 1}]
workload: {arrival: poisson, rate: 50/s, timeout: 1h, max_retries: 0}
verification: {protocol: redundancy, copies: 3}
Y
# one node, batches of one: 1 ms of compute and 0.1 ms of weight reads a
# request (compute-bound); flipped, memory-bound
cat > "$tmp/roof.yaml" <<'Y'
name: roof
seed: 7
duration: 100s
warmup: 10s
drain: 10s
regions: [{name: r, latency: 0s}]
models: [{name: m, flops: 1GFlop, weight_bytes: 100MB, bytes: 0B, request_bytes: 0,
          response_bytes: 0}]
node_classes: [{name: one, region: r, count: 1, peak: 1TFlops, mem_bandwidth: 1TBps,
                max_batch: 1}]
workload: {arrival: poisson, rate: 300/s, timeout: 1h, max_retries: 0}
Y
q=(-q)
"$ogsim" run "$tmp/static.yaml" "${q[@]}" -o "$tmp/static.h5"
"$ogsim" run "$tmp/cont.yaml" "${q[@]}" -o "$tmp/cont.h5"
"$ogsim" run "$tmp/cont2.yaml" "${q[@]}" -o "$tmp/cont2.h5"
"$ogsim" run "$tmp/redundant.yaml" "${q[@]}" -o "$tmp/red.h5"
"$ogsim" run "$tmp/roof.yaml" "${q[@]}" -o "$tmp/cb.h5"
"$ogsim" run "$tmp/roof.yaml" "${q[@]}" -o "$tmp/mb.h5" --set models[m].flops=0.1GFlop \
  --set models[m].weight_bytes=1GB
one="$src/tests/scenarios/continuous_one.yaml"
"$ogsim" run "$one" "${q[@]}" -o "$tmp/run.h5" --set workload.rate=2/s
"$ogsim" run "$one" "${q[@]}" -o "$tmp/each.h5" --set workload.rate=2/s \
  --set node_classes[small].iterations=each --set node_classes[big].iterations=each
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
from h5check import summary, fail
t = sys.argv[1]
def near(a, b, what, rel=1e-9):
    if not abs(a - b) <= rel * max(abs(a), abs(b)):
        fail(f"{what}: {a!r}, want {b!r}")
s = summary(f"{t}/static.h5")
near(s["batch_size_mean"], 3.5, "static batches 4, 4, 4, 2")
s = summary(f"{t}/cont.h5")
near(s["batch_size_mean"], 4, "continuous: 10 iterations of 4 sequences")
near(s["iterations"], 10, "continuous iterations")
s = summary(f"{t}/cont2.h5")
near(s["iterations"], 10, "continuous iterations with a classifier's pass beside (not counted)")
near(s["iteration_batch_mean"], 4, "sequences per LLM iteration with a classifier beside")
near(s["batch_size_mean"], (4 * 10 + 2) / 11, "10 iterations of 4 and one pass of 2")
s = summary(f"{t}/red.h5")
near(s["batch_size_mean"], 1, "redundancy k=3, batches of one: copies count")
print("ok: batch_size_mean 3.5 (static), 4 (continuous), 1 (redundancy k=3)")
for name, c, m in (("cb", 1.0, 0.1), ("mb", 0.1, 1.0)):
    s = summary(f"{t}/{name}.h5")
    u = s["utilisation_one"]
    if not 0.25 < u < 0.35:
        fail(f"{name}: utilisation {u}, want about 0.3")
    near(s["compute_utilisation_one"], c * u, f"{name}: compute utilisation")
    near(s["memory_bw_utilisation_one"], m * u, f"{name}: memory utilisation")
print("ok: compute/memory utilisation = busy x (1, 0.1) compute-bound, (0.1, 1) memory-bound")
a, b = summary(f"{t}/run.h5"), summary(f"{t}/each.h5")
for k in ("compute_utilisation_small", "memory_bw_utilisation_small",
          "compute_utilisation_big", "memory_bw_utilisation_big"):
    near(a[k], b[k], f"{k}: closed-form runs vs iteration by iteration", 1e-5)
    if not 0 < a[k] < a["utilisation_" + k.split("_")[-1]]:
        fail(f"{k} = {a[k]} not in (0, utilisation)")
print("ok: continuous runs' compute/memory seconds in closed form equal the per-iteration sums")
# KV blocks a run takes on during its iterations count from the iteration
# that takes them (before, a run counted the pool as at its start: 9% low)
near(a["kv_utilisation"], b["kv_utilisation"], "kv_utilisation: closed-form runs vs iteration "
     "by iteration", 1e-9)
print(f"ok: kv_utilisation {a['kv_utilisation']:.6g} in closed form and iteration by iteration")
PY
# A saturated class beside an idle one: named, and the fleet figure called out.
"$ogsim" run "$src/tests/scenarios/saturated.yaml" -o "$tmp/sat.h5" --set workload.rate=4400/s \
  --set node_classes[fast].stake=1 > "$tmp/sat.txt" 2>/dev/null
grep -q "WARNING: overloaded node classes: slow (100% busy)\. .*The fleet's utilisation (0\.8[0-9]) averages them" \
  "$tmp/sat.txt" || { cat "$tmp/sat.txt"; echo "FAIL: the saturated class is not named"; exit 1; }
! grep -q "fast (" "$tmp/sat.txt" || { echo "FAIL: the idle class is named"; exit 1; }
h5dump -a /warnings "$tmp/sat.h5" | grep -q "overloaded node classes: slow" ||
  { echo "FAIL: the warning is not in the results file's warnings"; exit 1; }
echo "ok: saturated class named in the run's warnings, fleet utilisation called out"
