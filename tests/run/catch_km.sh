#!/usr/bin/env bash
# Catch statistics under censoring: 200 lazy cheaters (every result bad),
# each checked with probability p = 0.02 per result, each serving about
# 1 result/s for 50 s, so about 0.98^50 = 36% are never caught. Results
# delivered until the first checked one (detection comes within ms, long
# before the next result) are geometric on {1, 2, ...}: P(K > k) =
# (1-p)^k, median the smallest k with 1 - (1-p)^k >= 1/2,
# ceil(log(1/2)/log(1-p)) = ceil(34.31) = 35, mean 1/p = 50; cheats before
# the first check are K - 1 (median 34). The Kaplan-Meier medians' 95%
# intervals must hold those medians, while the caught-only mean, which
# leaves the uncaught out, falls well below the law's mean (and below the
# restricted mean, which counts them). With every cheater caught (the
# scenario as it is: p = 0.1, 600 results each), the restricted means equal
# the caught-only means.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ogsim" run "$src/tests/scenarios/spotcheck.yaml" -q -o "$tmp/c.h5" \
  --set verification.rate=0.02 --set duration=50s --set workload.rate=400/s
"$ogsim" run "$src/tests/scenarios/spotcheck.yaml" -q -o "$tmp/all.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
from h5check import Checks, summary
s = summary(f"{sys.argv[1]}/c.h5")
p = 0.02
med = math.ceil(math.log(0.5) / math.log(1 - p))
check = Checks()
n, caught, cens = s["dishonest_nodes"], s["cheaters_caught"], s["cheaters_censored"]
check(cens == n - caught and cens >= 0.2 * n,
      f"censored: {cens:.0f} of {n:.0f} cheaters not caught by the end ({caught:.0f} caught)")
for name, want in (("results_to_catch", med), ("cheats_before_check", med - 1)):
    lo, m, hi = (s[f"{name}_km_median{x}"] for x in ("_lo", "", "_hi"))
    check(lo <= want <= hi and lo <= m <= hi,
          f"{name}: Kaplan-Meier median {m:.0f}, 95% CI [{lo:.0f}, {hi:.0f}], geometric law's median {want}")
lo, m, hi = (s[f"time_to_catch_km_median{x}"] for x in ("_lo", "", "_hi"))
check(lo <= m <= hi, f"time_to_catch: Kaplan-Meier median {m:.2f} s, 95% CI [{lo:.2f}, {hi:.2f}] s")
mean, rmst = s["results_to_catch_mean"], s["results_to_catch_rmst"]
check(mean < 0.75 / p and mean < rmst < 1 / p,
      f"caught-only mean {mean:.2f} < restricted mean {rmst:.2f} < the law's mean 1/p = {1 / p:.0f}")
a = summary(f"{sys.argv[1]}/all.h5")
check(a["cheaters_censored"] == 0 and a["cheaters_caught"] == a["dishonest_nodes"],
      f"uncensored: {a['cheaters_caught']:.0f} of {a['dishonest_nodes']:.0f} caught")
for name in ("time_to_catch", "results_to_catch", "cheats_before_check"):
    r, m = a[f"{name}_rmst"], a[f"{name}_mean"]
    check(abs(r - m) <= 1e-9 * abs(m), f"{name}: restricted mean {r:.6g} = caught-only mean {m:.6g}")
sys.exit(0 if check.ok else 1)
PY
