#!/usr/bin/env bash
# Spot-checking against closed form (Proof-of-Sampling analysis): a node
# cheating on every request, checked with probability p per result, has a
# geometric number of unchecked cheats before its first check: mean
# (1-p)/p, and P(caught within n cheats) = 1-(1-p)^n; each within a 99%
# confidence interval over the scenario's 200 cheaters. And the pieces must
# each do something: lazy cheaters do no compute, ejection stops their
# cheating, protocol none checks nothing, colluding validators approve
# fellow cheaters, adaptive cheaters stop once caught, and reputation-driven
# rates check newcomers and cheaters always and proven nodes rarely; with
# honest results failing checks at fp_rate, first-mismatch invalidation
# condemns honest nodes on every false fail and the statistical test (Gonka)
# on far fewer; and a false fail that does not invalidate leaves a node's
# reputation (the adaptive rate) where it was.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/spotcheck.yaml
"$ogsim" run "$sc" -q -o "$tmp/keep.h5"
"$ogsim" run "$sc" -q -o "$tmp/eject.h5" --set verification.on_detect=eject
"$ogsim" run "$sc" -q -o "$tmp/none.h5" --set verification.protocol=none
"$ogsim" run "$sc" -q -o "$tmp/collude.h5" --set 'dishonest[0].colludes=true'
"$ogsim" run "$sc" -q -o "$tmp/adaptive.h5" --set 'dishonest[0].adaptive=true'
"$ogsim" run "$sc" -q -o "$tmp/fp-first.h5" --set verification.fp_rate=0.05
"$ogsim" run "$sc" -q -o "$tmp/fp-stat.h5" --set verification.fp_rate=0.05 \
  --set verification.invalidation=statistical
rep=(--set verification.adaptive=true --set verification.rate=1 --set verification.rate_min=0.01
  --set verification.reputation=20 --set 'dishonest[0].share=0.1')
"$ogsim" run "$sc" -q -o "$tmp/reputation.h5" "${rep[@]}"
"$ogsim" run "$sc" -q -o "$tmp/reputation-fp.h5" "${rep[@]}" --set verification.fp_rate=0.05 \
  --set verification.invalidation=statistical
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
import h5py
import numpy as np
from h5check import Checks, summary, close
t, p = sys.argv[1], 0.1
check = Checks()
with h5py.File(f"{t}/keep.h5") as f:
    c = f["cheaters"][()]
b = c["cheats_before_check"].astype(float)
n = len(b)
m, half = b.mean(), 2.576 * b.std(ddof=1) / math.sqrt(n)
check(n == 200 and abs(m - (1 - p) / p) <= half,
      f"cheats before the first check: mean {m:.2f} +- {half:.2f} (99%), theory (1-p)/p = {(1 - p) / p:.2f}")
for k in (5, 10, 20):
    frac, want = (b < k).mean(), 1 - (1 - p) ** k
    ci = 2.576 * math.sqrt(want * (1 - want) / n)
    check(abs(frac - want) <= ci, f"caught within {k} cheats: {frac:.3f}, theory 1-(1-p)^{k} = {want:.3f} +- {ci:.3f}")
s = summary(f"{t}/keep.h5")
check(s["utilisation_bad"] < 0.2 * s["utilisation_good"],
      f"lazy cheaters compute little: utilisation {s['utilisation_bad']:.4f} vs honest {s['utilisation_good']:.4f}")
check(abs(s["checks"] / (s["requests_completed"]) - p) < 0.005, f"checked share {s['checks'] / s['requests_completed']:.4f} ~ p")
check(s["detections"] > 0.95 * p * s["cheats"], f"detections {s['detections']:.0f} ~ p x cheats {p * s['cheats']:.0f}")
e = summary(f"{t}/eject.h5")
check(e["cheaters_caught"] == 200 and e["cheats"] < 0.1 * s["cheats"],
      f"eject: all 200 caught, cheats {s['cheats']:.0f} -> {e['cheats']:.0f}")
z = summary(f"{t}/none.h5")
check(z["checks"] == 0 and z["detections"] == 0 and z["cheats"] > 0 and z["bad_results_undetected"] == z["cheats"],
      f"protocol none: 0 checks, {z['cheats']:.0f} bad results all undetected")
c = summary(f"{t}/collude.h5")
# half the validators are cheaters who approve each other: about half the
# checks of bad results find nothing
frac = c["collusion_approvals"] / (c["collusion_approvals"] + c["detections"])
check(abs(frac - 0.5) < 0.05, f"collusion: {frac:.3f} of bad results checked were approved (validators half dishonest)")
a = summary(f"{t}/adaptive.h5")
check(a["cheats"] < 0.05 * s["cheats"] and a["detections"] == 200,
      f"adaptive: cheating stops once caught ({s['cheats']:.0f} -> {a['cheats']:.0f} bad results, one detection each)")
with h5py.File(f"{t}/reputation.h5") as f:
    rc = f["cheaters"][()]
r = summary(f"{t}/reputation.h5")
honest_checks = r["checks"] - r["detections"]
honest_results = r["requests_completed"] - r["cheats"]
check(rc["cheats_before_check"].max() == 0 and r["detections"] == r["cheats"],
      "reputation: a cheater starts at rate 1 and, caught each time, stays there: every cheat checked")
# an honest node passes its j-th check at rate 1 - 0.99 j / 20, so it takes
# sum 1/rate(j) results to reach full reputation (20 checks), then 1%
per_node = honest_results / 380
ramp = sum(1 / (1 - 0.99 * j / 20) for j in range(20))
want = (20 + 0.01 * (per_node - ramp)) / per_node
got = honest_checks / honest_results
check(abs(got - want) <= 0.15 * want,
      f"reputation: honest nodes checked on {got:.4f} of their results, theory {want:.4f} (ramp of {ramp:.0f} results, then 1%)")
# under fp_rate 0.05 with statistical invalidation, a false fail leaves an
# honest node's reputation as it was (it only does not add to it); only
# being declared invalid starts it again: k = 1 + invalidations per node
# ramps, each needing 20 / (1 - f) checks
q = summary(f"{t}/reputation-fp.h5")
f, k = 0.05, 1 + q["honest_invalidations"] / 380
per_node = (q["requests_completed"] - q["cheats"]) / 380
want = (k * 20 / (1 - f) + 0.01 * (per_node - k * ramp / (1 - f))) / per_node
got = (q["checks"] - q["detections"]) / (q["requests_completed"] - q["cheats"])
check(q["false_fails"] > 0 and abs(got - want) <= 0.15 * want,
      f"reputation under fp_rate: honest nodes checked on {got:.4f} of their results, theory {want:.4f} "
      f"({q['false_fails']:.0f} false fails, {q['honest_invalidations']:.0f} invalidations restart it)")
ff, fs = summary(f"{t}/fp-first.h5"), summary(f"{t}/fp-stat.h5")
# honest results are checked at rate p: about p x (all results - bad ones)
rate = ff["false_fails"] / (p * (ff["requests_completed"] - ff["cheats"]))
check(abs(rate - 0.05) < 0.01, f"honest results fail checks at the given rate: {rate:.4f} (fp_rate 0.05)")
check(ff["honest_invalidations"] == ff["false_fails"],
      f"first mismatch: every one of {ff['false_fails']:.0f} false fails condemns an honest node")
check(fs["honest_invalidations"] < 0.3 * fs["false_fails"] and fs["cheaters_caught"] == 200,
      f"statistical: {fs['honest_invalidations']:.0f} honest invalidations of {fs['false_fails']:.0f} false fails; all 200 cheaters caught")
check(s["verification_overhead"] > 0.05, f"verification overhead {s['verification_overhead']:.3f} of compute")
sys.exit(0 if check.ok else 1)
PY
