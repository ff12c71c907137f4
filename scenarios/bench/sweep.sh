#!/usr/bin/env bash
# Sweep benchmark: the same sweep (default: 100 points x 3 replicates of a
# 1,000-node scenario) at -j 1 and -j 2, each with tasks forked from the
# sweep (the default) and exec'd as new processes (--exec-tasks), side by
# side in one invocation; prints each wall time, the time per task, the
# overhead per task that forking saves, and checks that all four give
# identical /points. sweep-tiny.yaml (100 tasks of a few ms) shows the
# per-task overhead alone.
# Not a test: machines are noisy; compare figures from one run.
#   scenarios/bench/sweep.sh [build/ogsim] [sweep.yaml]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ogsim=${1:-$here/../../build/ogsim}
sweep=${2:-$here/sweep-100.yaml}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for j in 1 2; do
  for mode in fork exec; do
    flag=; [ $mode = exec ] && flag=--exec-tasks
    date +%s.%N > "$tmp/start-$mode-$j"
    "$ogsim" sweep "$sweep" -q -j $j -o "$tmp/$mode-$j.h5" $flag > /dev/null
    date +%s.%N > "$tmp/end-$mode-$j"
  done
done
/usr/bin/python3 - "$tmp" <<'PY'
import sys, h5py
t = sys.argv[1]
wall = {(m, j): float(open(f"{t}/end-{m}-{j}").read()) - float(open(f"{t}/start-{m}-{j}").read())
        for m in ("fork", "exec") for j in (1, 2)}
with h5py.File(f"{t}/fork-1.h5") as a:
    n = len(a["points"])
    ref = a["points"][()].tobytes()
same = True
for m, j in wall:
    with h5py.File(f"{t}/{m}-{j}.h5") as b:
        same = same and b["points"][()].tobytes() == ref
for j in (1, 2):
    f, e = wall["fork", j], wall["exec", j]
    print(f"tasks {n}, -j {j}: forked {f:.2f} s ({1000 * f / n:.1f} ms/task), exec'd {e:.2f} s "
          f"({1000 * e / n:.1f} ms/task): forking saves {1000 * (e - f) / n:.1f} ms of wall "
          f"time per task, x{e / f:.2f}")
print(f"-j 2 over -j 1: forked x{wall['fork', 1] / wall['fork', 2]:.2f}, "
      f"exec'd x{wall['exec', 1] / wall['exec', 2]:.2f}; /points identical: {same}")
sys.exit(0 if same else 1)
PY
