#!/usr/bin/env bash
# k-way redundancy against the binomial (hypergeometric, since the k copies
# go to distinct nodes) law: with c cheating nodes among N and k = 3 copies
# per request, a vote sees j cheaters with P(j) = C(c,j) C(N-c,k-j) / C(N,k).
# Colluding cheaters win the vote (a bad result accepted, unseen) when
# j >= 2; non-colluding ones make the request fail then; a lone cheater
# (j = 1) is caught. Each within a 99% interval over ~60,000 votes.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/spotcheck.yaml
for c in true false; do
  "$ogsim" run "$sc" -q -o "$tmp/$c.h5" --set verification.protocol=redundancy \
    --set verification.copies=3 --set "dishonest[0].colludes=$c" --set 'dishonest[0].share=0.25' \
    --set workload.rate=1000/s
done
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math, sys
from h5check import Checks, summary
t = sys.argv[1]
N, c, k = 400, 50, 3
P = [math.comb(c, j) * math.comb(N - c, k - j) / math.comb(N, k) for j in range(k + 1)]
check = Checks()
def near(name, got, n, p):
    ci = 2.576 * math.sqrt(p * (1 - p) / n)
    check(abs(got / n - p) <= ci, f"{name}: {got / n:.4f} of {n:.0f} votes, theory {p:.4f} +- {ci:.4f}")
col, ind = summary(f"{t}/true.h5"), summary(f"{t}/false.h5")
near("colluding: bad result accepted (j >= 2)", col["bad_results_accepted"], col["checks"], P[2] + P[3])
near("colluding: a lone cheater caught (j = 1)", col["detections"], col["checks"], P[1])
near("independent: no majority, request failed (j >= 2)", ind["requests_failed"], ind["checks"], P[2] + P[3])
check(ind["bad_results_accepted"] == 0, "independent: no bad result ever accepted")
sys.exit(0 if check.ok else 1)
PY
