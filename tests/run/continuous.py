"""Checks of tests/run/continuous.sh on the results it wrote (argv[1])."""
import math
import sys

import h5py
import numpy as np

tmp = sys.argv[1]


def reqs(name):
    with h5py.File(f"{tmp}/{name}.h5") as f:
        return f["/requests"][:], {k: f["summary"][k][()] for k in f["summary"]}


def rel(a, b):
    return np.abs(a - b) / np.maximum(np.abs(b), 1e-300)


# 1. closed form = reference
for seed in (11, 12, 13, 14, 16, 17, 18, 27, 28, 29, 30, 31, 32, 33, 34, 35):
    a, sa = reqs(f"cf-{seed}")
    b, sb = reqs(f"each-{seed}")
    a, b = np.sort(a, order="id"), np.sort(b, order="id")
    assert len(a) == len(b) and len(a) > 100, (len(a), len(b))
    assert (a["id"] == b["id"]).all() and (a["node"] == b["node"]).all()
    for k in ("t_start", "t_first", "t_finish", "t_done"):
        ok = a[k] >= 0
        assert (ok == (b[k] >= 0)).all(), k
        d = rel(a[k][ok], b[k][ok]).max()
        assert d <= 1e-9, (seed, k, d)
    for k in ("requests_completed", "requests_wasted", "node_failures", "cheats", "checks"):
        assert sa[k] == sb[k], (seed, k, sa[k], sb[k])
    assert sa["node_failures"] > 0 and sa["cheats"] > 0 and sa["checks"] > 0, sa
    for k in ("utilisation_small", "utilisation_big", "saturation_small", "saturation_big",
              "kv_utilisation", "iterations", "iteration_batch_mean", "iteration_tokens_mean"):
        # seeds past 14 aim at one path each: some metrics may be 0 there
        assert abs(sa[k] - sb[k]) <= 1e-9 * abs(sb[k]), (seed, k, sa[k], sb[k])
        assert sb[k] > 0 or seed > 14, (seed, k)
    # a run cut by the window's edge, or by a failure, has its part split
    # between compute and memory as its iterations are on average: 4e-7
    # apart at most here
    for k in ("compute_utilisation_small", "compute_utilisation_big",
              "memory_bw_utilisation_small", "memory_bw_utilisation_big"):
        assert abs(sa[k] - sb[k]) <= 1e-4 * abs(sb[k]), (seed, k, sa[k], sb[k])
        assert sb[k] > 0 or seed > 14, (seed, k)
    # 14, 16-18, 28-30, 32-33 (light LLM load, timeouts, few seqs) fill no pool
    if "preemptions" in sa:
        assert sa["preemptions"] == sb["preemptions"], (sa["preemptions"], sb["preemptions"])
        assert sa["preemptions"] > 0 or seed in (14, 16, 17, 18, 28, 29, 30, 32, 33), sa["preemptions"]
print("ok: closed form = per-iteration reference, 16 runs, to 1e-9")

# 1b. nodes that leave (churn) stop their work where they leave
a, sa = reqs("cf-churn")
b, sb = reqs("each-churn")
a, b = np.sort(a, order="id"), np.sort(b, order="id")
assert len(a) == len(b) > 100 and (a["id"] == b["id"]).all() and (a["node"] == b["node"]).all()
for k in ("t_start", "t_first", "t_finish", "t_done"):
    ok = a[k] >= 0
    assert (ok == (b[k] >= 0)).all() and rel(a[k][ok], b[k][ok]).max() <= 1e-9, k
assert sa["leaves"] > 0, sa["leaves"]
for k in ("utilisation", "iterations", "kv_utilisation", "cost_per_million_output_tokens"):
    assert abs(sa[k] - sb[k]) <= 1e-9 * abs(sb[k]) and sb[k] > 0, (k, sa[k], sb[k])
print(f"ok: churn: {int(sa['leaves'])} nodes left mid-run, closed form = reference")

# 2. one request alone: the roofline worked out from the architecture
# llama-3-8b: 32 layers, hidden 4096, 32 heads (128), 8 KV heads, FFN 14336,
# vocab 128256, bf16; the class 'small' (peak 300 TFLOP/s, 1 TB/s) at the
# default efficiencies 0.6 / 0.75 and 1 ms per iteration.
L, h, kvh, ffn, V, dt = 32, 4096, 8, 14336, 128256, 2
hd = h // 32
mat = 2 * h * h + 2 * h * hd * kvh + 3 * h * ffn
read = (L * mat + V * h) * dt
kv_tok = 2 * L * hd * kvh * dt
classes = {0: (300e12, 1e12), 1: (989e12, 3.35e12)}
over = 1e-3
P, O = 700, 300


def it(peak, bw, tokens, logits, attended, kv_read, tp=1, prefill=False):
    comp = (2 * L * mat * tokens + 2 * h * V * logits + 4 * L * h * attended) / (peak * 0.6 * tp)
    mem = (read + kv_tok * kv_read) / (bw * 0.75 * tp)
    comm = L * 100e-6 if prefill else 0  # kernels launched one by one: 100 us a layer
    if tp > 1:  # two ring all-reduces per layer of 2-byte activations, NVLink 450 GB/s, 8 us
        comm += 2 * L * (8e-6 + 2 * (tp - 1) / tp * tokens * h * 2 / 450e9)
    return max(comp, mem) + over + comm


def lone(name, tp):
    r, s = reqs(name)
    with h5py.File(f"{tmp}/{name}.h5") as f:
        ncls = f["/nodes"]["class"][:]
    r = r[np.argsort(r["t_start"])]
    alone = 0
    for i, q in enumerate(r):
        if q["status"] != 0:
            continue
        prev_end = r["t_finish"][i - 1] if i else -1
        next_start = r["t_start"][i + 1] if i + 1 < len(r) else math.inf
        if prev_end > q["t_start"] or next_start < q["t_finish"]:
            continue
        peak, bw = classes[int(ncls[q["node"]])]
        big = int(ncls[q["node"]]) == 1  # chunked prefill, 2,048-token budget
        if big:
            ttft, done = 0.0, 0
            while done < P:
                k = min(2048, P - done)
                ttft += it(peak, bw, k, 1 if done + k == P else 0, k * done + k * (k + 1) / 2,
                           done, tp, True)
                done += k
        else:
            ttft = it(peak, bw, P, 1, P * (P + 1) / 2, 0, tp, True)
        tpot = sum(it(peak, bw, 1, 1, P + g, P + g - 1, tp) for g in range(1, O)) / (O - 1)
        got_ttft = q["t_first"] - q["t_start"]
        got_tpot = (q["t_finish"] - q["t_first"]) / (O - 1)
        assert abs(got_ttft - ttft) <= 1e-9 * ttft, (name, got_ttft, ttft)
        assert abs(got_tpot - tpot) <= 1e-9 * tpot, (name, got_tpot, tpot)
        alone += 1
    assert alone >= 3, alone
    print(f"ok: {alone} lone requests ({name}): TTFT and TPOT = the roofline to 1e-9")


lone("one", 1)
lone("one-tp2", 2)

# 3. max_num_seqs 1 = static with max_batch 1
c, _ = reqs("cont1")
st, _ = reqs("static1")
c, st = np.sort(c, order="id"), np.sort(st, order="id")
assert len(c) == len(st) and len(c) > 100 and (c["id"] == st["id"]).all()
for k in ("t_start", "t_finish", "t_done"):
    d = rel(c[k], st[k]).max()
    assert d <= 1e-9, (k, d)
print(f"ok: max_num_seqs 1 = static max_batch 1 on {len(c)} requests, to 1e-9")

# 4. KV-limited batch
k, _ = reqs("kv")
ev = sorted([(t, 1) for t in k["t_start"]] + [(t, -1) for t in k["t_finish"]])
cur = most = 0
for _, d in ev:
    cur += d
    most = max(most, cur)
assert most == 10, most
print("ok: the KV pool admits 10 sequences at once, as worked out by hand")

# 5. Little's law: the time-average number of requests in the system over
# the measurement window (from each request's issue and response times,
# clipped to the window) = the summary's throughput x its mean latency.
for name, (w0, w1) in {"little": (2, 300), "little-mixed": (2, 300)}.items():
    a, s = reqs(name)
    t0 = np.clip(a["t_issue"], w0, w1)
    t1 = np.clip(np.where(a["t_done"] >= 0, a["t_done"], np.inf), w0, w1)
    N = (t1 - t0).sum() / (w1 - w0)
    lw = s["throughput"] * s["latency_mean"]
    assert abs(N - lw) <= 0.01 * N, (name, N, lw)
    print(f"ok: Little's law on {name}: N = {N:.4g}, throughput x latency = {lw:.4g}")
