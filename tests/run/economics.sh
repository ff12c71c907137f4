#!/usr/bin/env bash
# When cheating pays (Proof-of-Sampling analysis, no collusion): a cheater's
# expected profit per request minus an honest node's is C - p (R + S), with
# C the compute cost it saves, R the fee per request (forfeited when
# caught) and S the slash per detection; it changes sign at p* = C/(R+S).
# Here C = 1/s x 1 ms = 0.001, R = 0.001, S = 0.001: p* = 0.5. At p = 0.3
# cheating must pay, at p = 0.7 it must not, each by about the predicted
# 0.0004 per request (within 25%). And settlement per block (below).
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
common=(--set "models[m].fee=0.001" --set economics.slash=1 --set "node_classes[bad].stake=0.001"
        --set "node_classes[bad].cost=3600/h" --set "node_classes[good].cost=3600/h"
        --set workload.rate=2000/s)
for p in 0.3 0.7; do
  "$ogsim" run "$src/tests/scenarios/spotcheck.yaml" -q -o "$tmp/p$p.h5" "${common[@]}" \
    --set verification.rate=$p
done
# Settlement per block: a cheater ejected before its block settles loses
# the fees it earned in that block; with blocks longer than the run it keeps
# nothing, with per-result settlement (block_time 0) it loses nothing.
for bt in 0 1000s; do
  "$ogsim" run "$src/tests/scenarios/spotcheck.yaml" -q -o "$tmp/bt$bt.h5" "${common[@]}" \
    --set verification.rate=0.3 --set verification.on_detect=eject --set economics.block_time=$bt
done
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
from h5check import summary
t = sys.argv[1]
C, R, S = 0.001, 0.001, 0.001
ok = True
for p in (0.3, 0.7):
    s = summary(f"{t}/p{p}.h5")
    diff = s["profit_per_result_dishonest"] - s["profit_per_result_honest"]
    want = C - p * (R + S)
    good = abs(diff - want) <= 0.25 * abs(want) and s["cheating_paid"] == (want > 0)
    print(("ok   " if good else "FAIL ") +
          f"p = {p}: cheater - honest profit per result {diff:+.6f}, theory C - p(R+S) = {want:+.6f}; "
          f"cheating paid: {s['cheating_paid']:.0f} (threshold p* = C/(R+S) = {C / (R + S):.2f})")
    ok = ok and good
for bt in ("0", "1000s"):
    with h5py.File(f"{t}/bt{bt}.h5") as f:
        n = f["nodes"][()]
        forfeited = f["summary/forfeited"][()]
    kept = n["revenue"][n["dishonest"] == 1].sum()
    good = (forfeited == 0 and kept > 0) if bt == "0" else (forfeited > 0 and abs(kept) < 1e-9)
    print(("ok   " if good else "FAIL ") + f"block_time {bt}: cheaters kept {kept:.4f} in fees, forfeited {forfeited:.4f} on ejection")
    ok = ok and good
sys.exit(0 if ok else 1)
PY
