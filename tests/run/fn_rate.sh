#!/usr/bin/env bash
# False negatives of checks (fn_rate): a cheater checked on each result
# with probability p, whose bad result passes a check with probability f,
# is first detected after a geometric number of results with success
# p (1 - f): results before the first detection have mean 1/(p(1-f)) - 1,
# checked within the 99% confidence interval over 1,000 cheaters, for
# spot_check and toploc (whose check of a non-LLM result is a full pass);
# bad results that passed are counted in bad_passed (about f of the
# checked bad results), and f = 0 keeps the law with success p.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/fn_rate.yaml
"$ogsim" run "$sc" -q -o "$tmp/spot.h5"
"$ogsim" run "$sc" -q -o "$tmp/toploc.h5" --set verification.protocol=toploc
"$ogsim" run "$sc" -q -o "$tmp/f0.h5" --set verification.fn_rate=0
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
import h5py
from h5check import Checks, summary
t, p = sys.argv[1], 0.2
check = Checks()
for name, f in (("spot", 0.5), ("toploc", 0.5), ("f0", 0.0)):
    with h5py.File(f"{t}/{name}.h5") as h:
        c = h["cheaters"][()]
    k = c["results_to_catch"].astype(float)
    n = len(k)
    check(n == 1000 and (k > 0).all(), f"{name}: all {n} cheaters caught")
    before = k - 1  # results delivered before the detected one
    m, half = before.mean(), 2.576 * before.std(ddof=1) / math.sqrt(n)
    want = 1 / (p * (1 - f)) - 1
    check(abs(m - want) <= half,
          f"{name}: results before the first detection {m:.2f} +- {half:.2f} (99%), "
          f"theory 1/(p(1-f)) - 1 = {want:.2f}")
    s = summary(f"{t}/{name}.h5")
    # checks of bad results: detections + those that passed
    bad_checked = s["detections"] + s["bad_passed"]
    share = s["bad_passed"] / bad_checked
    ci = 2.576 * math.sqrt(f * (1 - f) / bad_checked) if f > 0 else 0
    check(abs(share - f) <= ci,
          f"{name}: bad results passing a check {share:.4f} (theory {f} +- {ci:.4f}); "
          f"bad_passed {s['bad_passed']:.0f}")
    check(s["false_fails"] == 0 and s["honest_invalidations"] == 0,
          f"{name}: no honest result fails (fp_rate 0)")
sys.exit(0 if check.ok else 1)
PY
