#!/usr/bin/env bash
# Settlement on chain: per request, one transaction per delivered result,
# settled at once (block_time 0) or at the end of its block (mean delay half
# a block); batch-hashed, one transaction per batch_size results (mean delay
# about (batch_size-1)/2 result arrivals) or per block; the transactions'
# cost (tx_cost) enters cost_per_1000_requests exactly.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/permodel.yaml
run() { out=$1; shift; "$ogsim" run "$sc" -q -o "$tmp/$out.h5" "$@"; }
run req
run req-cost --set economics.tx_cost=0.01
run req-block --set economics.block_time=2s
run batch --set economics.settlement=batch --set economics.batch_size=100
run batch-block --set economics.settlement=batch --set economics.block_time=2s
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
import h5py
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()
s = {k: summary(f"{t}/{k}.h5") for k in ("req", "req-cost", "req-block", "batch", "batch-block")}
with h5py.File(f"{t}/req.h5") as f:
    results = float(f["strategies"]["results"].sum())
    end = float(f["summary/sim_time_end"][()])
r = s["req"]
check(r["settlement_txs"] == results and r["settlement_delay_mean"] == 0,
      f"per request: {r['settlement_txs']:.0f} transactions for {results:.0f} results, no delay")
rc = s["req-cost"]
extra = 1000 * 0.01 * rc["settlement_txs"] / rc["requests_completed"]
check(abs(rc["settlement_cost"] - 0.01 * rc["settlement_txs"]) < 1e-9 and
      abs(rc["cost_per_1000_requests"] - r["cost_per_1000_requests"] - extra) < 1e-9,
      f"tx_cost 0.01: cost per 1,000 requests {r['cost_per_1000_requests']:.6f} -> "
      f"{rc['cost_per_1000_requests']:.6f} (+{extra:.6f})")
rb = s["req-block"]
check(rb["settlement_txs"] == results and abs(rb["settlement_delay_mean"] - 1.0) < 0.02,
      f"per request, 2 s blocks: mean delay {rb['settlement_delay_mean']:.4f} s (want 1 +- 0.02)")
b = s["batch"]
rate = results / 30.0
want = 99 / 2 / rate
check(b["settlement_txs"] == math.ceil(results / 100) and
      abs(b["settlement_delay_mean"] - want) < 0.1 * want,
      f"batches of 100: {b['settlement_txs']:.0f} transactions (want {math.ceil(results / 100)}), "
      f"mean delay {1e3 * b['settlement_delay_mean']:.2f} ms (want {1e3 * want:.2f} +- 10%)")
bb = s["batch-block"]
blocks = math.ceil(end / 2)
check(15 <= bb["settlement_txs"] <= blocks and abs(bb["settlement_delay_mean"] - 1.0) < 0.02,
      f"a batch per 2 s block: {bb['settlement_txs']:.0f} transactions (15..{blocks}), mean delay "
      f"{bb['settlement_delay_mean']:.4f} s")
sys.exit(0 if check.ok else 1)
PY
