#!/usr/bin/env bash
# Committee quorum against the hypergeometric law: committees of k drawn
# without replacement among N nodes of equal stake, c of them cheating,
# hold j cheaters with P(j) = C(c,j) C(N-c,k-j) / C(N,k). With quorum q:
#  - members that all commit, cheats not colluding: the right result wins
#    when k - j >= q, else the request fails (lone cheats never match);
#  - a colluding coalition wins (a bad result accepted) when j >= q;
#  - cheaters that withhold: quorum is reached when k - j >= q, with no
#    cheat served; checked for k = 5 and for committees of 100 and 1,000.
# Each rate within a 99% interval of its law.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/spotcheck.yaml
run() { # NAME ARGS...
  local name=$1; shift
  "$ogsim" run "$sc" -q -o "$tmp/$name.h5" --set verification.protocol=quorum \
    --set 'dishonest[0].share=0.25' "$@"
}
run lone --set verification.committee=5 --set verification.quorum=3 --set workload.rate=500/s
run coalition --set verification.committee=5 --set verification.quorum=3 --set workload.rate=500/s \
  --set 'dishonest[0].colludes=true'
run withhold --set verification.committee=5 --set verification.quorum=4 --set workload.rate=500/s \
  --set verification.withhold=1
run k100 --set verification.committee=100 --set verification.quorum=75 --set workload.rate=100/s \
  --set verification.withhold=1 --set 'dishonest[0].share=0.5'
run k1000 --set verification.committee=1000 --set verification.quorum=750 --set workload.rate=10/s \
  --set verification.withhold=1 --set 'dishonest[0].share=0.5' --set 'node_classes[0].count=600' \
  --set 'node_classes[1].count=600' --set duration=30s
# Stakes 1e9 apart, a committee of 9 of the 10 nodes: alias draws almost
# never reach the light nodes, so the sortition finishes by a scan; every
# request still gets 9 distinct members and reaches a quorum of 9.
cat > "$tmp/skew.yaml" <<'YAML'
name: skew
duration: 5s
warmup: 0s
regions: [{name: r, latency: 200us}]
models: [{name: m, flops: 1GFlop}]
node_classes:
  - {name: heavy, region: r, count: 2, peak: 1TFlops, stake: 1e9}
  - {name: light, region: r, count: 8, peak: 1TFlops, stake: 1}
workload: {rate: 50/s, timeout: 10s}
verification: {protocol: quorum, committee: 9, quorum: 9}
YAML
"$ogsim" run "$tmp/skew.yaml" -q -o "$tmp/skew.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
from h5check import Checks, summary
t = sys.argv[1]
def law(N, c, k):
    return [math.comb(c, j) * math.comb(N - c, k - j) / math.comb(N, k) for j in range(k + 1)]
check = Checks()
def near(name, got, n, p):
    ci = 2.576 * math.sqrt(p * (1 - p) / n) + 1e-12
    check(abs(got / n - p) <= ci, f"{name}: {got / n:.4f} of {n:.0f}, theory {p:.4f} +- {ci:.4f}")
P = law(400, 50, 5)
s = summary(f"{t}/lone.h5")
near("lone cheats, q=3 of 5: no quorum (j >= 3)", s["requests_failed"], s["checks"], sum(P[3:]))
check(s["bad_results_accepted"] == 0, "lone cheats never win")
# The right result wins with j <= 2 and its j liars are caught: the mean
# caught per vote is E[j; j <= 2], within 99% of its standard error.
mean = sum(j * P[j] for j in range(3))
sd = math.sqrt(sum(j * j * P[j] for j in range(3)) - mean * mean)
got = s["detections"] / s["checks"]
ci = 2.576 * sd / math.sqrt(s["checks"])
check(abs(got - mean) <= ci, f"lone cheats: caught per vote {got:.4f}, theory {mean:.4f} +- {ci:.4f}")
s = summary(f"{t}/coalition.h5")
near("coalition, q=3 of 5: bad result accepted (j >= 3)", s["bad_results_accepted"], s["checks"],
     sum(P[3:]))
check(s["requests_failed"] == 0, "coalition: q > k/2 always decides")
s = summary(f"{t}/withhold.h5")
near("withholding, q=4 of 5: no quorum (j >= 2)", s["requests_failed"], s["checks"], sum(P[2:]))
check(s["cheats"] == 0 and s["bad_results_accepted"] == 0, "withheld results are never served")
for name, N, c, k, q in (("k100", 400, 100, 100, 75), ("k1000", 1200, 300, 1000, 750)):
    s = summary(f"{t}/{name}.h5")
    near(f"withholding, q={q} of {k}: no quorum (j > {k - q})", s["requests_failed"], s["checks"],
         sum(law(N, c, k)[k - q + 1:]))
s = summary(f"{t}/skew.h5")
check(s["requests_failed"] == 0 and s["requests_completed"] == s["requests_issued"] > 200,
      f"stakes 1e9 apart, 9 of 10 nodes: {s['requests_completed']:.0f} of "
      f"{s['requests_issued']:.0f} requests reach a quorum of 9")
sys.exit(0 if check.ok else 1)
PY
