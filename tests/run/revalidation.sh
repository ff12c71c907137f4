#!/usr/bin/env bash
# Re-validation votes and jail. With honest results failing a check at
# fp_rate f and a vote of k = 3 further validators, an honest node's false
# failure is upheld with probability P(Bin(3, f) >= 2) (checked at f = 0.2
# within 4 binomial sigmas), every vote on a lazy cheat is upheld (no
# collusion: overturned votes are exactly the honest ones not upheld), and
# every cheater is still caught. Jail: a node jailed for 10 s comes back and
# is caught again; jailed for longer than the run it cheats exactly as much
# as an ejected one.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/spotcheck.yaml
"$ogsim" run "$sc" -q -o "$tmp/vote.h5" --set verification.fp_rate=0.2 \
  --set verification.revalidation=3
"$ogsim" run "$sc" -q -o "$tmp/novote.h5" --set verification.fp_rate=0.2
"$ogsim" run "$sc" -q -o "$tmp/jail.h5" --set verification.on_detect=jail --set verification.jail=10s
"$ogsim" run "$sc" -q -o "$tmp/jail-long.h5" --set verification.on_detect=jail --set verification.jail=1h
"$ogsim" run "$sc" -q -o "$tmp/eject.h5" --set verification.on_detect=eject
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()
v, nv = summary(f"{t}/vote.h5"), summary(f"{t}/novote.h5")
f = 0.2
q = 3 * f * f * (1 - f) + f ** 3
ff, upheld = v["false_fails"], v["honest_invalidations"]
want, sd = ff * q, math.sqrt(ff * q * (1 - q))
check(abs(upheld - want) <= 4 * sd,
      f"vote of 3 upholds {upheld:.0f} of {ff:.0f} false fails (want {want:.1f} +- {4 * sd:.1f})")
check(nv["honest_invalidations"] == nv["false_fails"] > 0,
      f"no vote: every false fail condemns ({nv['honest_invalidations']:.0f} of {nv['false_fails']:.0f})")
check(v["revalidations_overturned"] == ff - upheld,
      f"overturned votes {v['revalidations_overturned']:.0f} = honest ones not upheld {ff - upheld:.0f}")
check(v["cheaters_caught"] == 200, f"all 200 cheaters caught with the vote ({v['cheaters_caught']:.0f})")
j, jl, e = summary(f"{t}/jail.h5"), summary(f"{t}/jail-long.h5"), summary(f"{t}/eject.h5")
check(j["jailings"] > 2 * j["cheaters_caught"] and j["cheats"] > e["cheats"],
      f"jail 10s: {j['jailings']:.0f} jailings of {j['cheaters_caught']:.0f} cheaters, "
      f"{j['cheats']:.0f} cheats (ejected: {e['cheats']:.0f})")
check(jl["cheats"] == e["cheats"] and jl["jailings"] == jl["cheaters_caught"] == 200,
      f"jail 1h: {jl['cheats']:.0f} cheats as ejection's {e['cheats']:.0f}, "
      f"{jl['jailings']:.0f} jailings")
check(e["jailings"] == 0, "eject jails no one")
sys.exit(0 if check.ok else 1)
PY
