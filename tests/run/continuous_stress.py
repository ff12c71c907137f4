"""Randomised differential test of the continuous engine: closed form (runs
of iterations advanced in one step) against the per-iteration reference
(iterations: each) on random variants of tests/scenarios/continuous.yaml:
timeouts and retries, running-set and token-budget sizes, block sizes
(powers of two or not), chunked prefill, KV pools, failures, model mixes,
routing, verification protocols, lazy cheats, tensor parallelism,
one-token outputs, random classifier service times and warm-ups. Both
must give every request the same node, status and times (to 1e-9), the
same counts, and the same node metrics (to 1e-9; the compute/memory
split to 1e-4).

  continuous_stress.py OGSIM SOURCE_DIR [CASES [FIRST]]

The default suite runs cases 0-59 (about 10 s); a longer sweep (CASES 300)
is how the bugs this test guards against were found (docs/serving.md).
A failing case prints the options that reproduce it."""
import os
import random
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ogsim, src = sys.argv[1], sys.argv[2]
cases = int(sys.argv[3]) if len(sys.argv) > 3 else 60
first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
sc = f"{src}/tests/scenarios/continuous.yaml"
EACH = ["--set", "node_classes[0].iterations=each", "--set", "node_classes[1].iterations=each"]
COUNTS = ("requests_completed", "requests_wasted", "node_failures", "cheats", "checks",
          "preemptions")
EXACT = ("utilisation_small", "utilisation_big", "saturation_small", "saturation_big",
         "kv_utilisation", "iterations", "iteration_batch_mean", "iteration_tokens_mean")
SPLIT = ("compute_utilisation_small", "compute_utilisation_big",
         "memory_bw_utilisation_small", "memory_bw_utilisation_big")


def options(case):
    r = random.Random(case)
    s = ["--seed", str(r.randint(1, 10**6)),
         "--set", f"workload.rate={r.choice([5, 10, 20, 30, 45])}/s",
         "--set", f"workload.timeout={r.choice(['3s', '8s', '60s'])}",
         "--set", f"workload.max_retries={r.choice([0, 1, 2])}"]
    for c in (0, 1):
        s += ["--set", f"node_classes[{c}].block_tokens={r.choice([1, 5, 16, 32])}",
              "--set", f"node_classes[{c}].chunked_prefill={r.choice(['true', 'false'])}",
              "--set", f"node_classes[{c}].max_num_seqs={r.choice([1, 3, 16, 128])}",
              "--set", f"node_classes[{c}].max_batched_tokens={r.choice([512, 2048, 8192])}",
              "--set", f"node_classes[{c}].max_batch={r.choice([1, 2, 8])}"]
        if r.random() < 0.5:
            s += ["--set", f"node_classes[{c}].mtbf={r.choice(['5s', '20s', '60s'])}",
                  "--set", f"node_classes[{c}].mttr=1s"]
    s += ["--set", f"node_classes[0].kv_memory={r.choice([0.7, 0.76, 0.9])}"]
    w = [r.random(), r.random(), r.random() * 2]
    s += [x for i in range(3) for x in ("--set", f"workload.mix[{i}].share={w[i] / sum(w):.4f}")]
    routing = r.choice(['least_loaded', 'power_of_two', 'random'])
    p, lazy = r.random(), r.random() < 0.3
    if p < 0.2:
        # Copies of a request often end at the same instant on idle nodes
        # of one class; the two modes order such ties by when they were
        # scheduled, which differs, and a router that weighs loads then
        # breaks its own ties differently (docs/serving.md): copies go
        # with random routing, and without lazy cheats (answers at once).
        s += ["--set", "verification.protocol=redundancy", "--set", "verification.copies=3"]
        routing, lazy = "random", False
    elif p < 0.3:
        s += ["--set", "verification.protocol=none"]
    s += ["--set", f"gateway.routing={routing}"]
    if lazy:
        s += ["--set", "dishonest[0].strategy=lazy"]
    if r.random() < 0.3:  # the chat model over two GPUs (NVLink all-reduces)
        s += ["--set", "models[0].tensor_parallel=2", "--set", "node_classes[0].gpus=2",
              "--set", "node_classes[1].gpus=2"]
    if r.random() < 0.2:  # the code model's requests end with their prefill
        s += ["--set", "models[1].output_tokens=1"]
    if r.random() < 0.3:  # the classifier's passes take random times
        s += ["--set", "models[2].service=exponential"]
    s += ["--set", f"warmup={r.choice(['0s', '2s', '7s'])}"]
    return s


def results(path):
    with h5py.File(path) as f:
        req = np.sort(f["/requests"][:], order="id")
        return req, {k: f["summary"][k][()] for k in f["summary"]}


def differences(a, sa, b, sb):
    out = []
    if len(a) != len(b) or not (a["id"] == b["id"]).all():
        return [f"request sets differ ({len(a)}, {len(b)})"]
    for k in ("node", "status"):
        if not (a[k] == b[k]).all():
            out.append(f"{k} differs for {int((a[k] != b[k]).sum())} requests")
    for k in ("t_start", "t_first", "t_finish", "t_done"):
        ok = a[k] >= 0
        if not (ok == (b[k] >= 0)).all():
            out.append(f"{k} set for different requests")
        elif ok.any():
            d = (np.abs(a[k][ok] - b[k][ok]) / np.maximum(np.abs(b[k][ok]), 1e-300)).max()
            if d > 1e-9:
                out.append(f"{k} {d:.3g} apart")
    for k in COUNTS:
        if k in sa and sa[k] != sb[k]:
            out.append(f"{k} {sa[k]} vs {sb[k]}")
    for tol, keys in ((1e-9, EXACT), (1e-4, SPLIT)):
        for k in keys:
            if k in sa and abs(sa[k] - sb[k]) > tol * max(abs(sb[k]), 1e-300):
                out.append(f"{k} {sa[k]!r} vs {sb[k]!r}")
    return out


bad = 0
with tempfile.TemporaryDirectory() as tmp:
    for case in range(first, first + cases):
        opts = options(case)
        for name, extra in (("cf", []), ("each", EACH)):
            subprocess.run([ogsim, "run", sc, "-q", "-o", f"{tmp}/{name}.h5"] + opts + extra,
                           check=True)
        a, sa = results(f"{tmp}/cf.h5")
        b, sb = results(f"{tmp}/each.h5")
        assert len(a) > 100, (case, len(a))
        diff = differences(a, sa, b, sb)
        if diff:
            bad += 1
            print(f"FAIL case {case}: ogsim run tests/scenarios/continuous.yaml {' '.join(opts)}")
            print("   " + "; ".join(diff))
driver = "the actor driver" if os.environ.get("OGSIM_ACTORS") else "the event loop"
if bad:
    sys.exit(f"FAIL: {bad} of {cases} randomised cases differ from the per-iteration reference "
             f"({driver})")
print(f"ok: closed form = per-iteration reference on {cases} randomised cases "
      f"({first}-{first + cases - 1}, {driver})")
