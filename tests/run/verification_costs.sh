#!/usr/bin/env bash
# Every protocol's declared costs (docs/verification.md), checked on lone
# requests (tests/scenarios/verify_costs.yaml) against the same requests
# without verification, to 1e-9:
# - tee (overhead 1.3, iteration_cost 2 ms): each iteration takes 1.3 x its
#   time + 2 ms, so TTFT = 1.3 TTFT0 + 2 ms and service = 1.3 service0 +
#   iterations x 2 ms (an LLM request: a prefill and one per later token;
#   a classifier: one pass); its added latency, its share of node time
#   (verification_overhead) and that time's cost (verification_cost) are
#   service - service0; with attestation 50 ms once per request
#   (session_requests: 1) every response comes 50 ms later, and with
#   session_requests: 3 one in three does.
# - zkml (4 provers: none waits; proving floor 1 s, rate 1e13 FLOP/s, check 0.5 s):
#   each response comes max(1 s, FLOPs / rate) + 0.5 s later (FLOPs of the
#   request from the architecture), plus its 200 kB proof's transfer; the
#   prover's time is verification time, its cost at 3.6/h.
# - zkml warns when its pool is offered more than its time and when a
#   model is beyond the sizes its defaults come from;
# - redundancy (k = 3 copies on identical nodes, static batches of one):
#   verification_overhead = (k - 1) / k.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/verify_costs.yaml
run() { "$ogsim" run "$sc" -q -o "$tmp/$1.h5" "${@:2}"; }
run none
run tee --set verification.protocol=tee --set verification.overhead=1.3 \
  --set verification.iteration_cost=2ms --set verification.attestation=0s
run att1 --set verification.protocol=tee --set verification.attestation=50ms \
  --set verification.session_requests=1
run att3 --set verification.protocol=tee --set verification.attestation=50ms \
  --set verification.session_requests=3
run teedef --set verification.protocol=tee --set verification.attestation=0s
run zk --set verification.protocol=zkml --set verification.provers=4 \
  --set verification.proving_floor=1s --set verification.proving_rate=1e13 --set verification.latency=0.5s \
  --set verification.prover_cost=3.6/h
run red --set verification.protocol=redundancy --set verification.copies=3 \
  --set 'node_classes[gpu].serving=batch' --set 'node_classes[gpu].count=6' \
  --set 'workload.mix[0].share=0.001' --set workload.rate=0.02/s
# zkML's warnings: a pool offered more than its time, a model beyond the
# sources' size (max_params below llama-3-8b's 8e9 parameters)
run zkwarn --set verification.protocol=zkml --set verification.provers=1 \
  --set verification.max_params=1e9 --set workload.rate=2/s
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
import numpy as np
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()
def reqs(name):
    r = h5py.File(f"{t}/{name}.h5", "r")["requests"][()]
    r = r[np.argsort(r["id"])]
    return r[r["status"] == 0] if r["status"].dtype.kind in "iu" else r


def rel(a, b):
    return np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300))


none = reqs("none")
s0 = summary(f"{t}/none.h5")
llm = none["output_tokens"] > 0
check(llm.sum() > 3 and (~llm).sum() > 3, f"lone requests: {llm.sum()} LLM, {(~llm).sum()} classifier")
serv0 = none["t_finish"] - none["t_start"]
iters = np.where(llm, none["output_tokens"], 1).astype(float)

tee = reqs("tee")
st = summary(f"{t}/tee.h5")
serv = tee["t_finish"] - tee["t_start"]
check(len(tee) == len(none) and rel(serv, 1.3 * serv0 + iters * 2e-3) < 1e-9,
      "tee: service = 1.3 x service0 + iterations x 2 ms")
ttft0 = (none["t_first"] - none["t_start"])[llm]
check(rel((tee["t_first"] - tee["t_start"])[llm], 1.3 * ttft0 + 2e-3) < 1e-9,
      "tee: TTFT = 1.3 x TTFT0 + 2 ms")
extra = serv - serv0
lat = tee["t_done"] - tee["t_issue"]
lat0 = none["t_done"] - none["t_issue"]
check(rel(lat - lat0, extra) < 1e-9, "tee: each response later by service - service0")
win = (tee["t_issue"] >= 0) & (tee["t_issue"] < 400)
check(abs(st["verification_latency_mean"] / extra[win].mean() - 1) < 1e-9,
      f"tee: verification_latency_mean {st['verification_latency_mean']:.6f} s = mean added service")
check(abs(st["verification_overhead"] / (extra.sum() / serv.sum()) - 1) < 1e-9,
      f"tee: verification_overhead {st['verification_overhead']:.6f} = added / all node time")
check(abs(st["verification_cost"] / (extra.sum() * 3.6 / 3600) - 1) < 1e-9,
      f"tee: verification_cost {st['verification_cost']:.6g} = added time x 3.6/h")

teedef = reqs("teedef")
serv_d = teedef["t_finish"] - teedef["t_start"]
check(rel(serv_d, serv0 + iters * 0.5e-3) < 1e-9,
      "tee defaults: overhead 1, 0.5 ms an iteration (a memory-bound decode pays too)")

for name, every in (("att1", 1), ("att3", 3)):
    a = reqs(name)
    base = teedef
    d = (a["t_done"] - a["t_issue"]) - (base["t_done"] - base["t_issue"])
    paid = np.isclose(d, 0.05, rtol=0, atol=1e-9)
    free = np.isclose(d, 0, rtol=0, atol=1e-9)
    check(np.all(paid | free) and abs(paid.mean() - 1 / every) < 0.15 and (every > 1 or paid.all()),
          f"tee attestation once per {every} requests: {paid.sum()} of {len(a)} paid 50 ms")

zk = reqs("zk")
sz = summary(f"{t}/zk.h5")
L, h, kvh, ffn, V = 32, 4096, 8, 14336, 128256
hd = h // 32
mat = 2 * h * h + 2 * h * hd * kvh + 3 * h * ffn
P, O = none["prompt_tokens"].astype(float), none["output_tokens"].astype(float)
flops = np.where(llm, 2 * L * mat * (P + O) + 2 * h * V * O, 200e9)
prove = np.maximum(1.0, flops / 1e13)
dz = (zk["t_done"] - zk["t_issue"]) - lat0

carry = 200e3 / 1.25e9  # its 200 kB proof over the 10 Gbps NICs
check(rel(dz, prove + 0.5 + carry) < 1e-9 and (prove[llm] > 1).all(),
      f"zkml: each response later by max(1 s, FLOPs / 1e13) + 0.5 s + its proof's transfer "
      f"(LLM proofs {prove[llm].min():.3f}-{prove[llm].max():.3f} s)")
busy = serv0.sum()
check(abs(sz["verification_overhead"] / (prove.sum() / (busy + prove.sum())) - 1) < 1e-9,
      f"zkml: verification_overhead {sz['verification_overhead']:.6f} = proving / (serving + proving)")
check(abs(sz["verification_cost"] / (prove.sum() * 3.6 / 3600) - 1) < 1e-9,
      f"zkml: verification_cost {sz['verification_cost']:.6g} = proving x 3.6/h")

w = h5py.File(f"{t}/zkwarn.h5", "r").attrs["warnings"]
w = w.decode() if isinstance(w, bytes) else w
check("zkml: the 1 provers were offered" in w and "beyond the 1e+09" in w,
      "zkml: warnings for a saturated pool and a model beyond the sources' range")
sr = summary(f"{t}/red.h5")
check(abs(sr["verification_overhead"] - 2 / 3) < 1e-9,
      f"redundancy k = 3: verification_overhead {sr['verification_overhead']:.9f} = 2/3")
sys.exit(0 if check.ok else 1)
PY
