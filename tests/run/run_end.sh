#!/usr/bin/env bash
# The run goes on until every issued request is resolved: with a timeout
# (60 s) far longer than the drain (1 s) and an overloaded node, requests
# still queued at `duration` are answered after duration + drain, and the
# summary counts them: completed + failed == issued, none unfinished, and
# the p99 and largest latency are those of the slow ones (checked against
# the /requests trace). A requests_unfinished above 0 (only at the hard
# stop) prints a warning with the summary.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/slow.yaml" <<'YAML'
name: slow
seed: 9
duration: 10s
drain: 1s
regions: [{name: r, latency: 1ms}]
models: [{name: m, flops: 100GFlop}]
node_classes: [{name: n, region: r, count: 1, peak: 1TFlops}]
workload: {rate: 15/s, timeout: 60s, max_retries: 0}
output: {requests: true}
YAML
"$ogsim" run "$tmp/slow.yaml" -o "$tmp/slow.h5" > "$tmp/out"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp/slow.h5" <<'PY'
import sys
import h5py
import numpy as np
from h5check import summary, Checks
s = summary(sys.argv[1])
with h5py.File(sys.argv[1]) as f:
    req = f["requests"][()]
check = Checks()
issued, done, failed = s["requests_issued"], s["requests_completed"], s["requests_failed"]
check(done + failed == issued, f"completed {done:.0f} + failed {failed:.0f} == issued {issued:.0f}")
check(s["requests_unfinished"] == 0, f"none unfinished ({s['requests_unfinished']:.0f})")
check(len(req) == issued, f"/requests has a record per issued request ({len(req)})")
ok = req[req["status"] == 0]
lat = np.sort(ok["t_done"] - ok["t_issue"])
late = (ok["t_done"] > 11.0).sum()
check(late > 0, f"{late} requests answered after duration + drain (11 s)")
check(s["latency_max"] == lat[-1], f"latency_max {s['latency_max']:.4f} s is the slowest ({lat[-1]:.4f} s)")
p99 = np.percentile(lat, 99)
check(abs(s["latency_p99"] - p99) <= 1e-12 * p99, f"latency_p99 {s['latency_p99']:.4f} s == trace's {p99:.4f} s")
check(s["latency_p99"] > 1.0, "the p99 is a slow request (over the 1 s drain)")
check(s["sim_time_end"] >= ok["t_done"].max(), f"the run ended ({s['sim_time_end']:.3f} s) after the last response")
hs = s.get("sim_time_hard_stop", float("nan"))
check(s["sim_time_end"] < hs, f"before the hard stop ({hs:.0f} s)")
sys.exit(0 if check.ok else 1)
PY
# (The run is overloaded on purpose, which has a warning of its own.)
if grep -q "WARNING: the run was cut off" "$tmp/out"; then
  echo "FAIL: a cut-off warning without unfinished requests"; exit 1
fi
# The warning, on a file whose run was cut off at the hard stop.
/usr/bin/python3 -c "
import h5py, sys
with h5py.File(sys.argv[1], 'r+') as f:
    f['summary/requests_unfinished'][()] = 3
" "$tmp/slow.h5"
"$ogsim" report "$tmp/slow.h5" > "$tmp/report"
grep -Eq "WARNING: the run was cut off at the hard stop .*: 3 requests still unresolved" "$tmp/report" ||
  { echo "FAIL: no warning for unresolved requests"; cat "$tmp/report"; exit 1; }
echo "ok: warning printed for unresolved requests"
