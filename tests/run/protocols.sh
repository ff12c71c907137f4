#!/usr/bin/env bash
# TEE and zkML do what they claim (tests/scenarios/spotcheck.yaml: 200
# always-cheating lazy nodes among 400):
#  - zkML detects every cheat at once, and proving multiplies compute time
#    by its overhead and adds the proof check to every response;
#  - TEE stops cheating except on compromised enclaves, which nothing
#    catches; it adds its overhead and attestation latency;
#  - optimistic disputes bad results caught inside the challenge window
#    (at a cost each) and none caught after it; a late re-execution still
#    counts in `checks` (it was run and paid for).
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/spotcheck.yaml
honest=(--set 'dishonest[0].share=0' --set workload.rate=1000/s)
"$ogsim" run "$sc" -q -o "$tmp/none.h5" "${honest[@]}" --set verification.protocol=none
"$ogsim" run "$sc" -q -o "$tmp/zk-honest.h5" "${honest[@]}" --set verification.protocol=zkml \
  --set verification.overhead=20 --set verification.latency=100ms
"$ogsim" run "$sc" -q -o "$tmp/tee-honest.h5" "${honest[@]}" --set verification.protocol=tee
"$ogsim" run "$sc" -q -o "$tmp/zk.h5" --set verification.protocol=zkml --set verification.overhead=2
"$ogsim" run "$sc" -q -o "$tmp/tee0.h5" --set verification.protocol=tee --set verification.compromised=0
"$ogsim" run "$sc" -q -o "$tmp/tee1.h5" --set verification.protocol=tee --set verification.compromised=1
"$ogsim" run "$sc" -q -o "$tmp/tee-half.h5" --set verification.protocol=tee --set verification.compromised=0.5
"$ogsim" run "$sc" -q -o "$tmp/opt.h5" --set verification.protocol=optimistic --set verification.dispute_cost=0.5
"$ogsim" run "$sc" -q -o "$tmp/opt-late.h5" --set verification.protocol=optimistic --set verification.window=100us
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
from h5check import Checks, summary
t = sys.argv[1]
S = {k: summary(f"{t}/{k}.h5") for k in ("none", "zk-honest", "tee-honest", "zk", "tee0", "tee1", "tee-half", "opt", "opt-late")}
check = Checks()
n, zh, th = S["none"], S["zk-honest"], S["tee-honest"]
check(abs(zh["service_mean"] / n["service_mean"] - 20) < 1e-6, f"zkml: service {n['service_mean'] * 1e3:.3f} -> {zh['service_mean'] * 1e3:.3f} ms (x20 proving)")
check(abs(zh["latency_p50"] - n["latency_p50"] - (0.1 + 19 * n["service_mean"])) < 1e-3,
      f"zkml: p50 {n['latency_p50'] * 1e3:.2f} -> {zh['latency_p50'] * 1e3:.2f} ms (+100 ms proof check, +19 x service)")
check(abs(th["service_mean"] / n["service_mean"] - 1.1) < 1e-6 and th["latency_p50"] > n["latency_p50"] + 0.05,
      f"tee: service x{th['service_mean'] / n['service_mean']:.3f}, p50 +{(th['latency_p50'] - n['latency_p50']) * 1e3:.1f} ms (attestation 50 ms)")
for k, lat, ov in (("tee-honest", 0.05, 1.1), ("zk-honest", 0.1, 20)):
    want = lat + S[k]["service_mean"] * (1 - 1 / ov)
    check(abs(S[k]["verification_latency_mean"] - want) < 1e-9,
          f"{k}: latency owed to verification {S[k]['verification_latency_mean'] * 1e3:.3f} ms = check + overhead share of service")
check(n["verification_latency_mean"] == 0, "none: no latency owed to verification")
z = S["zk"]
check(z["cheats"] > 0 and z["detections"] == z["cheats"] and z["bad_results_undetected"] == 0,
      f"zkml: every one of {z['cheats']:.0f} cheats detected")
check(S["tee0"]["cheats"] == 0, "tee, no enclave compromised: no cheat possible")
t1 = S["tee1"]
check(t1["cheats"] > 100000 and t1["detections"] == 0, f"tee, all compromised: {t1['cheats']:.0f} cheats, none detected")
half = S["tee-half"]["cheats"] / t1["cheats"]
check(0.4 < half < 0.6, f"tee, half compromised: {half:.2f} of the cheating")
o, late = S["opt"], S["opt-late"]
check(o["detections"] > 0 and o["late_checks"] == 0 and o["dispute_cost"] == 0.5 * o["detections"],
      f"optimistic, 10 min window: {o['detections']:.0f} disputes won, costing {o['dispute_cost']:.1f}")
check(late["detections"] == 0 and late["late_checks"] > 0.09 * late["requests_completed"],
      f"optimistic, 100 us window: every one of {late['late_checks']:.0f} re-executions too late, no detection")
check(late["checks"] == late["late_checks"] and abs(late["checks"] / late["requests_completed"] - 0.1) < 0.005,
      f"optimistic, 100 us window: the late re-executions count in checks ({late['checks']:.0f})")
sys.exit(0 if check.ok else 1)
PY
