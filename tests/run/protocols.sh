#!/usr/bin/env bash
# TEE and zkML do what they claim (tests/scenarios/spotcheck.yaml: 200
# always-cheating lazy nodes among 400):
#  - zkML detects every cheat at once; a prover pool proves every result in
#    FLOPs / proving_rate (20 ms here) without slowing the serving nodes,
#    and each response comes that much plus the proof check later;
#  - TEE stops cheating except on compromised enclaves, which nothing
#    catches; each pass takes its iteration_cost (0.5 ms) more, and one
#    response in 100 (a session's first) waits for the attestation (50 ms);
#  - optimistic disputes bad results caught inside the challenge window
#    (at a cost each) and none caught after it; a late re-execution still
#    counts in `checks` (it was run and paid for).
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/spotcheck.yaml
honest=(--set 'dishonest[0].share=0' --set workload.rate=1000/s)
"$ogsim" run "$sc" -q -o "$tmp/none.h5" "${honest[@]}" --set verification.protocol=none
zk=(--set verification.protocol=zkml --set verification.provers=100 --set verification.proving_floor=0s
    --set verification.proving_rate=5e10)
"$ogsim" run "$sc" -q -o "$tmp/zk-honest.h5" "${honest[@]}" "${zk[@]}" --set verification.latency=100ms
"$ogsim" run "$sc" -q -o "$tmp/tee-honest.h5" "${honest[@]}" --set verification.protocol=tee
"$ogsim" run "$sc" -q -o "$tmp/zk.h5" "${zk[@]}"
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
prove = 1e9 / 5e10
check(abs(zh["service_mean"] / n["service_mean"] - 1) < 1e-9,
      f"zkml: serving unchanged ({zh['service_mean'] * 1e3:.3f} ms): the provers prove")
check(abs(zh["latency_p50"] - n["latency_p50"] - (0.1 + prove)) < 1e-3,
      f"zkml: p50 {n['latency_p50'] * 1e3:.2f} -> {zh['latency_p50'] * 1e3:.2f} ms (+20 ms proving, +100 ms proof check)")
check(abs(zh["verification_latency_mean"] / (0.1 + prove) - 1) < 1e-3,
      f"zkml: latency owed to verification {zh['verification_latency_mean'] * 1e3:.3f} ms = proving + check")
check(abs(th["service_mean"] - n["service_mean"] - 0.5e-3) < 1e-9 and
      abs(th["latency_p50"] - n["latency_p50"] - 0.5e-3) < 1e-4,
      f"tee: service +{(th['service_mean'] - n['service_mean']) * 1e3:.3f} ms, p50 "
      f"+{(th['latency_p50'] - n['latency_p50']) * 1e3:.3f} ms (0.5 ms a pass)")
check(abs(th["verification_latency_mean"] / (0.5e-3 + 0.05 / 100) - 1) < 0.02,
      f"tee: latency owed to verification {th['verification_latency_mean'] * 1e3:.3f} ms = 0.5 ms + "
      f"50 ms once per 100 requests")
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
