#!/usr/bin/env bash
# Dishonest nodes by share of stake, and validators drawn by stake: a group
# with stake_share s holds s of the stake it is drawn from (the network, or
# one class), taking nodes of every class when none is named; the same seed
# picks the same nodes whatever the verification rate; validators drawn by
# stake do checks in proportion to stake (whales: 600 of 900), uniform ones
# in proportion to count (100 of 400), each within 4 binomial sigmas.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/stake.yaml
"$ogsim" run "$sc" -q -o "$tmp/net.h5"
"$ogsim" run "$sc" -q -o "$tmp/net-p.h5" --set verification.rate=0.3
"$ogsim" run "$sc" -q -o "$tmp/uniform.h5" --set verification.validator=uniform
"$ogsim" run "$sc" -q -o "$tmp/whale.h5" --set 'dishonest[0].class=whale' \
  --set 'dishonest[0].stake_share=0.5'
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
import h5py
import numpy as np
from h5check import Checks
t = sys.argv[1]
check = Checks()
stake = np.array([1.0, 6.0])

def nodes(name):
    with h5py.File(f"{t}/{name}.h5") as f:
        return f["nodes"][()]

n = nodes("net")
bad = n["dishonest"] > 0
held = stake[n["class"][bad]].sum()
check(held == 0.3 * 900, f"network-wide stake_share 0.3: cheaters hold {held:g} of 900 stake")
per = [int((bad & (n["class"] == c)).sum()) for c in (0, 1)]
check(per[0] > 0 and per[1] > 0, f"cheaters drawn from both classes: {per} (small, whale)")
same = (nodes("net-p")["dishonest"] == n["dishonest"]).all()
check(same, "the same nodes cheat at verification.rate 0.1 and 0.3")
w = nodes("whale")
wbad = w["dishonest"] > 0
check(wbad.sum() == 50 and (w["class"][wbad] == 1).all(),
      f"class whale, stake_share 0.5: {int(wbad.sum())} whale nodes cheat (want 50)")

def whale_share_of_checks(name):
    x = nodes(name)
    done = x["rewards"] / 0.001          # check_reward per check, no slash
    return done[x["class"] == 1].sum() / done.sum(), done.sum()

for name, want in (("net", 600 / 900), ("uniform", 100 / 400)):
    got, k = whale_share_of_checks(name)
    sd = math.sqrt(want * (1 - want) / k)
    check(abs(got - want) <= 4 * sd,
          f"validator={'stake' if name == 'net' else 'uniform'}: whales did {got:.4f} of "
          f"{k:.0f} checks (want {want:.4f} +- {4 * sd:.4f})")
sys.exit(0 if check.ok else 1)
PY
