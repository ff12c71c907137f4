#!/usr/bin/env bash
# Equilibrium search: on a scenario built to the Proof-of-Sampling
# assumptions (cheaters keep serving, no batching, no collusion), the
# simulated threshold bracket must contain the closed form p* = C/(R+S) =
# 0.5 (C = 1/s x 1 ms, R = S = 0.001) within the search tolerance, and the
# output must say the formula's assumptions hold. With ejection and
# colluding cheaters it must name both as reasons the two may differ.
# --reps 1 and -j 1 are accepted (and say there is no confidence
# interval); the bracket is printed with the digits --tol asks for; the
# default bracket starts from the closed form, so a threshold of 0.0001
# (below the old default --lo 0.001) is found; a --lo above the threshold
# is named as the option to change; --json gives one JSON object with the bracket, the closed form, the CI
# and each step.
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

"$ogsim" equilibrium "$sc" "${common[@]}" --reps 1 -j 1 --tol 0.0001 > "$tmp/out3"
grep -q "no confidence interval" "$tmp/out3" &&
  grep -Eq "honesty pays from p in \(0\.[0-9]{5}, 0\.[0-9]{5}\]" "$tmp/out3" ||
  { echo "FAIL: --reps 1 -j 1 --tol 0.0001:"; cat "$tmp/out3"; exit 1; }
echo "ok   --reps 1 -j 1 accepted, bracket to 5 decimals: $(grep 'honesty pays from' "$tmp/out3")"
"$ogsim" equilibrium "$sc" "${common[@]}" --set "node_classes[bad].stake=10" --reps 1 -j 1 \
  --tol 0.00005 > "$tmp/out4"
grep -q "honesty pays from p in" "$tmp/out4" && grep -q "p\* = .* = 0.000100" "$tmp/out4" ||
  { echo "FAIL: threshold 0.0001 below the old default --lo not found:"; cat "$tmp/out4"; exit 1; }
echo "ok   small threshold found: $(grep 'honesty pays from' "$tmp/out4")"
"$ogsim" equilibrium "$sc" "${common[@]}" --reps 1 -j 1 --lo 0.8 --hi 1 > "$tmp/out5"
grep -q "give a lower --lo" "$tmp/out5" ||
  { echo "FAIL: --lo above the threshold not named:"; cat "$tmp/out5"; exit 1; }
echo "ok   $(grep 'no threshold' "$tmp/out5")"
"$ogsim" equilibrium "$sc" "${common[@]}" --reps 2 --tol 0.2 -j 2 --json > "$tmp/out.json"
/usr/bin/python3 - "$tmp/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b, cf, steps = d["bracket"], d["closed_form"], d["steps"]
ok = d["found"] and b["lo"] < b["hi"] and b["hi"] - b["lo"] <= 0.2 and d["tolerance"] == 0.2
ok = ok and d["reps"] == 2 and abs(cf["p_star"] - 0.5) < 1e-9 and len(steps) >= 3
ok = ok and set(d["ci95"]) == {"lo", "hi"} and all({"p", "n", "diff", "ci95"} <= set(s) for s in steps)
print(("ok   " if ok else "FAIL ") + f"--json: bracket {b}, p* {cf['p_star']}, ci {d['ci95']}, {len(steps)} steps")
sys.exit(0 if ok else 1)
PY
