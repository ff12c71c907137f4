#!/usr/bin/env bash
# What a check costs the validator (tests/scenarios/prefill_check.yaml: one
# serving node, idle validators, every result checked), against the
# roofline worked out here from the architecture (as continuous.sh does
# for TTFT), to 1e-9, on both serving engines:
#  - toploc: one prefill of P + O tokens (its own token ends it);
#  - spot_check, optimistic and re-validation votes re-execute the whole
#    request: a prefill of P tokens and O - 1 decode steps, the time the
#    serving node took for it;
#  - toploc's proof rides on the response: ceil(O / 32) x 258 B more.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/prefill_check.yaml
static=(--set node_classes[0].serving=batch --set node_classes[1].serving=batch)
for eng in cont static; do
  e=(); [ $eng = static ] && e=("${static[@]}")
  "$ogsim" run "$sc" -q -o "$tmp/toploc-$eng.h5" ${e[@]+"${e[@]}"}
  "$ogsim" run "$sc" -q -o "$tmp/spot-$eng.h5" ${e[@]+"${e[@]}"} --set verification.protocol=spot_check
  "$ogsim" run "$sc" -q -o "$tmp/opt-$eng.h5" ${e[@]+"${e[@]}"} --set verification.protocol=optimistic
  "$ogsim" run "$sc" -q -o "$tmp/vote-$eng.h5" ${e[@]+"${e[@]}"} --set verification.protocol=spot_check \
    --set verification.fp_rate=0.5 --set verification.revalidation=2
  "$ogsim" run "$sc" -q -o "$tmp/tvote-$eng.h5" ${e[@]+"${e[@]}"} --set verification.fp_rate=0.5 \
    --set verification.revalidation=2
done
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
import h5py
import numpy as np
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()
# llama-3-8b (bf16) on peak 300 TFLOP/s, 1 TB/s at the default efficiencies
# 0.6 / 0.75, 1 ms per iteration, 100 us a layer for an iteration with prefill
L, h, kvh, ffn, V, dt = 32, 4096, 8, 14336, 128256, 2
hd = h // 32
mat = 2 * h * h + 2 * h * hd * kvh + 3 * h * ffn
read = (L * mat + V * h) * dt
kv_tok = 2 * L * hd * kvh * dt
peak, bw = 300e12, 1e12
P, O = 700, 300


def it(tokens, logits, attended, kv_read, prefill=False):
    comp = (2 * L * mat * tokens + 2 * h * V * logits + 4 * L * h * attended) / (peak * 0.6)
    mem = (read + kv_tok * kv_read) / (bw * 0.75)
    return max(comp, mem) + 1e-3 + (L * 100e-6 if prefill else 0)


def prefill(n):
    return it(n, 1, n * (n + 1) / 2, 0, True)


full = prefill(P) + sum(it(1, 1, P + g, P + g - 1) for g in range(1, O))
pre = prefill(P + O)


def validators_busy(name):
    with h5py.File(f"{t}/{name}.h5") as f:
        nodes = f["/nodes"][:]
        req = f["/requests"][:]
    val = nodes["class"] == 1
    assert (nodes["served"][val] == 0).all(), "a validator served a client request"
    return nodes["busy"][val].sum(), req


for eng in ("cont", "static"):
    for name, each, what in (("toploc", pre, "one prefill of P + O"), ("spot", full, "the whole request"),
                             ("opt", full, "the whole request"), ("vote", full, "the whole request"),
                             ("tvote", pre, "one prefill of P + O")):
        s = summary(f"{t}/{name}-{eng}.h5")
        busy, req = validators_busy(f"{name}-{eng}")
        want = s["checks"] * each
        extra = "" if not name.endswith("vote") else f", {s['revalidations']:.0f} votes"
        check(s["checks"] >= 4 and abs(busy - want) <= 1e-9 * want,
              f"{eng} {name}: {s['checks']:.0f} checks{extra} cost {busy:.9f} s, "
              f"{s['checks']:.0f} x {what} = {want:.9f} s")
        if name.endswith("vote"):
            check(s["revalidations"] > 0 and s["checks"] == 4 + 2 * s["revalidations"],
                  f"{eng} {name}: each vote re-checks on 2 more validators")
        if name == "spot":
            serve = (req["t_finish"] - req["t_start"]).astype(float)
            check(np.abs(serve - full).max() <= 1e-9 * full,
                  f"{eng}: the serving node took the same {full:.6f} s per request")
    sp, tp = h5py.File(f"{t}/spot-{eng}.h5"), h5py.File(f"{t}/toploc-{eng}.h5")
    b0, b1 = sp["/requests"]["response_bytes"][:], tp["/requests"]["response_bytes"][:]
    proof = math.ceil(O / 32) * 258
    check((b0 == 1000).all() and (b1 == 1000 + proof).all(),
          f"{eng}: toploc's response carries its proof: {b0[0]:.0f} -> {b1[0]:.0f} B (+{proof} B)")
    check((tp["/requests"]["t_done"][:] - sp["/requests"]["t_done"][:] > 0).all(),
          f"{eng}: and the bigger response takes longer to arrive")
print(f"prefill check {pre * 1e3:.3f} ms vs re-execution {full * 1e3:.3f} ms ({full / pre:.1f}x)")
sys.exit(0 if check.ok else 1)
PY
