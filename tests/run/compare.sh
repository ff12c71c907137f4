#!/usr/bin/env bash
# ogsim compare: exit 0 on identical files (and on a rerun, whose /perf
# differs a little), 1 on a deliberately changed simulated metric (named in
# the table as MOVED), a metric moved between inf and a finite value, or a
# simulator 4x slower (REGRESSED), 0 when a
# tolerance file allows the change, 2 on a malformed file, a file without
# /summary, a sweep file, runs that are not comparable, or a bad tolerance
# file.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
expect() { # expect RC LABEL -- command...
  local want=$1 label=$2; shift 3
  "$@" > "$tmp/out" 2>&1; local rc=$?
  if [ "$rc" = "$want" ]; then echo "ok   $label (exit $rc)"; else
    echo "FAIL $label: exit $rc, want $want"; cat "$tmp/out"; fails=1; fi
}
sc=$src/tests/scenarios/spotcheck.yaml
"$ogsim" run "$sc" -q --set duration=5s -o "$tmp/a.h5"
"$ogsim" run "$sc" -q --set duration=5s -o "$tmp/b.h5"
"$ogsim" run "$sc" -q --set duration=4s -o "$tmp/other.h5"
/usr/bin/python3 - "$tmp" <<'PY'
import shutil, sys
import h5py
t = sys.argv[1]
# The rerun's /perf is set from the first run's, within the speed and memory
# rules (1.5x slower, 1.5x bigger): a loaded machine must not fail the test.
with h5py.File(f"{t}/a.h5", "r") as a, h5py.File(f"{t}/b.h5", "r+") as b:
    for k in b["perf"]:
        v = a["perf"][k][()]
        b["perf"][k][()] = v / 1.5 if k.endswith("per_wall_second") else v * 1.5
shutil.copy(f"{t}/a.h5", f"{t}/moved.h5")
with h5py.File(f"{t}/moved.h5", "r+") as f:
    f["summary/latency_p99"][()] = f["summary/latency_p99"][()] * 1.01
shutil.copy(f"{t}/a.h5", f"{t}/slow.h5")
with h5py.File(f"{t}/slow.h5", "r+") as f:
    f["perf/requests_per_wall_second"][()] = f["perf/requests_per_wall_second"][()] / 4
shutil.copy(f"{t}/a.h5", f"{t}/inf.h5")
with h5py.File(f"{t}/inf.h5", "r+") as f:
    f["summary/latency_p99"][()] = float("inf")
shutil.copy(f"{t}/a.h5", f"{t}/nosummary.h5")
with h5py.File(f"{t}/nosummary.h5", "r+") as f:
    del f["summary"]
PY
echo "not an HDF5 file" > "$tmp/junk.h5"
echo "latency_p99 rel 0.02" > "$tmp/tol.txt"
echo "latency_p99 sideways" > "$tmp/badtol.txt"
expect 0 "identical files" -- "$ogsim" compare "$tmp/a.h5" "$tmp/a.h5"
expect 0 "a rerun (only /perf differs)" -- "$ogsim" compare "$tmp/a.h5" "$tmp/b.h5"
expect 1 "latency_p99 moved by 1%" -- "$ogsim" compare "$tmp/a.h5" "$tmp/moved.h5"
grep -q "latency_p99 .*MOVED" "$tmp/out" || { echo "FAIL: the table does not name latency_p99"; fails=1; }
expect 1 "latency_p99 from inf to finite" -- "$ogsim" compare "$tmp/inf.h5" "$tmp/a.h5"
grep -q "latency_p99 .*MOVED" "$tmp/out" || { echo "FAIL: inf -> finite not named"; fails=1; }
expect 1 "latency_p99 from finite to inf" -- "$ogsim" compare "$tmp/a.h5" "$tmp/inf.h5"
expect 1 "4x slower" -- "$ogsim" compare "$tmp/a.h5" "$tmp/slow.h5"
grep -q "requests_per_wall_second .*REGRESSED" "$tmp/out" || { echo "FAIL: speed not named"; fails=1; }
expect 0 "4x slower, --simulated (speed shown, not judged)" -- "$ogsim" compare "$tmp/a.h5" "$tmp/slow.h5" --simulated
expect 1 "latency_p99 moved, --simulated" -- "$ogsim" compare "$tmp/a.h5" "$tmp/moved.h5" --simulated
expect 0 "1% allowed by a tolerance file" -- "$ogsim" compare "$tmp/a.h5" "$tmp/moved.h5" --tolerances "$tmp/tol.txt"
expect 2 "malformed file" -- "$ogsim" compare "$tmp/a.h5" "$tmp/junk.h5"
expect 2 "no /summary" -- "$ogsim" compare "$tmp/nosummary.h5" "$tmp/a.h5"
expect 2 "missing file" -- "$ogsim" compare "$tmp/a.h5" "$tmp/nope.h5"
expect 2 "different scenarios" -- "$ogsim" compare "$tmp/a.h5" "$tmp/other.h5"
expect 2 "bad tolerance file" -- "$ogsim" compare "$tmp/a.h5" "$tmp/a.h5" --tolerances "$tmp/badtol.txt"
exit $fails
