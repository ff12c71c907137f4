#!/usr/bin/env bash
# Every sweep engine gives the same results: -j 1, -j 2, two MPI ranks
# (mpirun), and two shards merged give identical /points and /stats
# datasets (bit for bit), and the whole files agree but for /perf. A merge
# with a shard missing, or of shards of another sweep, is refused (exit 2).
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sw=$src/tests/sweeps/engines.yaml
"$ogsim" sweep "$sw" -q -j 1 -o "$tmp/j1.h5"
"$ogsim" sweep "$sw" -q -j 2 -o "$tmp/j2.h5"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader
mpirun -np 2 --oversubscribe "$ogsim" sweep "$sw" -q -o "$tmp/mpi.h5"
"$ogsim" sweep "$sw" -q --shard 0/2 -o "$tmp/s0.h5"
"$ogsim" sweep "$sw" -q --shard 1/2 -o "$tmp/s1.h5"
"$ogsim" merge -o "$tmp/merged.h5" "$tmp/s0.h5" "$tmp/s1.h5"
rc=0; "$ogsim" merge -o "$tmp/bad.h5" "$tmp/s0.h5" 2>"$tmp/err" || rc=$?
[ "$rc" = 2 ] && [ ! -e "$tmp/bad.h5" ] || { echo "FAIL: merge with a shard missing: exit $rc"; exit 1; }
echo "ok   merge with a shard missing refused: $(cat "$tmp/err")"
"$ogsim" sweep "$sw" -q --shard 1/2 -o "$tmp/other.h5" --set duration=2s
rc=0; "$ogsim" merge -o "$tmp/bad.h5" "$tmp/s0.h5" "$tmp/other.h5" 2>"$tmp/err" || rc=$?
[ "$rc" = 2 ] && [ ! -e "$tmp/bad.h5" ] || { echo "FAIL: merge of two sweeps: exit $rc"; exit 1; }
echo "ok   merge of shards of two sweeps refused: $(cat "$tmp/err")"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
from h5check import Checks, same_datasets
t = sys.argv[1]
check = Checks()
with h5py.File(f"{t}/j1.h5") as f:
    pts = f["points"][()]
    check(len(pts) == 12 and len(f["stats"][()]) == 6, f"{len(pts)} rows in /points, 6 points")
    attrs = dict(f.attrs)
for other in ("j2", "mpi", "merged"):
    diff = same_datasets(f"{t}/j1.h5", f"{t}/{other}.h5")
    check(not diff, f"-j 1 and {other}: identical datasets but /perf" + (f" (differ: {diff})" if diff else ""))
    with h5py.File(f"{t}/{other}.h5") as f:
        a = dict(f.attrs)
    same = a.keys() == attrs.keys() and all(str(a[k]) == str(attrs[k]) for k in a)
    check(same, f"-j 1 and {other}: identical root attributes")
sys.exit(0 if check.ok else 1)
PY
