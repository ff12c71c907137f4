#!/usr/bin/env bash
# Verification work still open when the last request resolves is waited
# for: two lazy cheaters (q 1) among four nodes under spot-checking at rate
# 1 get every result checked, none cut off as "undetected". When validators
# are too slow for the hard stop, the checks still open are counted in
# checks_unfinished, the bad results they owed in bad_results_pending (not
# as undetected), and the summary warns.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/all.yaml" <<'YAML'
name: checks_at_end
seed: 5
duration: 10s
drain: 30s
regions: [{name: r, latency: 1ms}]
models: [{name: m, flops: 500GFlop}]
node_classes:
  - {name: bad, region: r, count: 2, peak: 1TFlops}
  - {name: good, region: r, count: 2, peak: 1TFlops}
workload: {rate: 4/s, timeout: 30s, max_retries: 1}
dishonest: [{class: bad, share: 1, strategy: lazy, q: 1}]
verification: {protocol: spot_check, rate: 1, on_detect: keep}
YAML
# The same, with one honest node so slow (a check takes 50 s) that the
# checks handed to it cannot finish before the hard stop (15 s).
sed -e 's/name: checks_at_end/name: checks_cut_off/' -e 's/duration: 10s/duration: 5s/' \
    -e 's/drain: 30s/drain: 5s/' -e 's/timeout: 30s, max_retries: 1/timeout: 5s, max_retries: 0/' \
    -e 's/{name: good, region: r, count: 2, peak: 1TFlops}/{name: slow, region: r, count: 1, peak: 10GFlops}/' \
    "$tmp/all.yaml" > "$tmp/slow.yaml"
"$ogsim" run "$tmp/all.yaml" -o "$tmp/all.h5" > "$tmp/all.out"
"$ogsim" run "$tmp/slow.yaml" -o "$tmp/slow.h5" > "$tmp/slow.out"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp/all.h5" "$tmp/slow.h5" <<'PY'
import sys
import h5py
from h5check import summary, Checks
check = Checks()
s = summary(sys.argv[1])
with h5py.File(sys.argv[1]) as f:
    sampled = f["strategies"]["checked"].sum()
done = s["requests_completed"]
check(done == s["requests_issued"] and s["requests_unfinished"] == 0,
      f"every request completed ({done:.0f} of {s['requests_issued']:.0f})")
check(s["sim_time_end"] < s["sim_time_hard_stop"],
      f"the run ended ({s['sim_time_end']:.3f} s) before the hard stop ({s['sim_time_hard_stop']:.0f} s)")
check(sampled == done, f"rate 1: every result sampled ({sampled:.0f})")
check(s["checks"] == sampled, f"checks {s['checks']:.0f} == sampled results {sampled:.0f}")
check(s["checks_unfinished"] == 0, f"checks_unfinished {s['checks_unfinished']:.0f} == 0")
check(s["bad_results_undetected"] == 0,
      f"bad_results_undetected {s['bad_results_undetected']:.0f} == 0")
check(s["detections"] == s["cheats"], f"detections {s['detections']:.0f} == cheats {s['cheats']:.0f}")
c = summary(sys.argv[2])
with h5py.File(sys.argv[2]) as f:
    sampled = f["strategies"]["checked"].sum()
check(c["sim_time_end"] == c["sim_time_hard_stop"],
      f"cut off at the hard stop ({c['sim_time_end']:.3f} s)")
check(c["checks_unfinished"] > 0, f"checks_unfinished {c['checks_unfinished']:.0f} > 0")
check(c["checks"] + c["checks_unfinished"] == sampled,
      f"checks {c['checks']:.0f} + unfinished {c['checks_unfinished']:.0f} == sampled {sampled:.0f}")
check(c["bad_results_pending"] > 0, f"bad_results_pending {c['bad_results_pending']:.0f} > 0")
check(c["bad_results_undetected"] == 0,
      f"cut-off checks are not undetected ({c['bad_results_undetected']:.0f})")
check(c["detections"] + c["bad_results_pending"] == c["cheats"],
      f"detections {c['detections']:.0f} + pending {c['bad_results_pending']:.0f} == cheats {c['cheats']:.0f}")
sys.exit(0 if check.ok else 1)
PY
if grep -q WARNING "$tmp/all.out"; then echo "FAIL: a warning with nothing cut off"; exit 1; fi
"$ogsim" report "$tmp/slow.h5" > "$tmp/slow.report"
for out in "$tmp/slow.out" "$tmp/slow.report"; do
  grep -Eq "WARNING: the run was cut off at the hard stop .*: [0-9]+ checks unfinished" "$out" ||
    { echo "FAIL: no warning for unfinished checks"; cat "$out"; exit 1; }
done
echo "ok: warning printed for unfinished checks (run and report)"
