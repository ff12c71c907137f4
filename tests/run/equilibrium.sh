#!/usr/bin/env bash
# Equilibrium search: on a scenario built to the Proof-of-Sampling
# assumptions (cheaters keep serving, no batching, no collusion), the
# simulated threshold bracket must contain the closed form p* = C/(R+S) =
# 0.5 (C = 1/s x 1 ms, R = S = 0.001) within the search tolerance, and the
# output must say the formula's assumptions hold. With ejection and
# colluding cheaters it must name both as reasons the two may differ.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/spotcheck.yaml
common=(--set "models[m].fee=0.001" --set economics.slash=1 --set "node_classes[bad].stake=0.001"
        --set "node_classes[bad].cost=3600/h" --set "node_classes[good].cost=3600/h"
        --set workload.rate=2000/s --set duration=10s)
"$ogsim" equilibrium "$sc" "${common[@]}" --reps 4 --tol 0.02 -j 2 | tee "$tmp/out"
/usr/bin/python3 - "$tmp/out" <<'PY'
import re, sys
out = open(sys.argv[1]).read()
m = re.search(r"honesty pays from p in \(([0-9.]+), ([0-9.]+)\]", out)
t = re.search(r"p\* = C/\(R\+S\) = .* = ([0-9.]+)", out)
if not m or not t:
    print("FAIL: no simulated bracket or closed form in the output"); sys.exit(1)
lo, hi, pstar = float(m.group(1)), float(m.group(2)), float(t.group(1))
ok = abs(pstar - 0.5) < 1e-9 and lo - 0.02 <= pstar <= hi + 0.02 and hi - lo <= 0.02
ok = ok and "none of the effects the formula leaves out" in out
print(("ok   " if ok else "FAIL ") + f"simulated threshold in ({lo}, {hi}], closed form {pstar}")
sys.exit(0 if ok else 1)
PY
"$ogsim" equilibrium "$sc" "${common[@]}" --set verification.on_detect=eject \
  --set 'dishonest[0].colludes=true' --reps 2 --tol 0.2 -j 2 > "$tmp/out2"
grep -q "ejected or jailed" "$tmp/out2" && grep -q "colluding validators" "$tmp/out2" ||
  { echo "FAIL: reasons not given:"; cat "$tmp/out2"; exit 1; }
echo "ok   ejection and collusion named as reasons for a difference"
