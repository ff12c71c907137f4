#!/usr/bin/env bash
# ogsim beside its reference floor (des-floor.c: a plain discrete-event
# simulator of the same model, no SimGrid) from 1,000 to 1,000,000 nodes:
# the scale benchmark scaled as scaling.sh scales it (every class's count,
# 5 requests/s per node), each size run with 500,000 and 1,000,000
# requests by both, the marginal loop time per request the difference of
# the two loop times over the difference in requests (ogsim's
# /perf/sim_wall_time, the floor's loop_wall_s), and the same from the
# processes' CPU time (user + sys: set-up cancels out in the difference,
# and time spent waiting for a shared core is not counted; sorting the
# latencies at the end is). Each size's four runs go one after the other,
# so both see the same machine. REPEAT=k runs each k times and keeps the
# fastest. Prints per size: both marginal costs and their ratio, by loop
# wall time and by CPU time, both peak memories, both latency medians (of
# the longer run). Not a test: machines are noisy; compare figures from
# one run.
#   scenarios/bench/floor.sh [build/ogsim] [sizes...]   (des-floor beside ogsim)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ogsim=${1:-$here/../../build/ogsim}
shift || true
floor=$(dirname "$ogsim")/des-floor
[ -x "$floor" ] || { echo "floor.sh: no $floor (build the des-floor target)" >&2; exit 2; }
[ $# -gt 0 ] || set -- 1000 10000 100000 1000000
repeat=${REPEAT:-1}
. "$here/scaled.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '%9s %12s %12s %6s %12s %12s %6s %10s %10s %10s %10s\n' nodes ogsim_us/req \
  floor_us/req ratio ogsim_cpu_us floor_cpu_us ratio ogsim_MiB floor_MiB ogsim_p50 floor_p50
for n in "$@"; do
  for half in 1 2; do
    scaled "$n" $((half * 500000))
    for i in $(seq "$repeat"); do
      /usr/bin/time -f '%M %U %S' -o "$tmp/time-$half-$i" "$ogsim" run "$here/scale-10k.yaml" -q \
        -o "$tmp/$n-$half-$i.h5" "${SCALED[@]}"
      /usr/bin/time -f '%M %U %S' -o "$tmp/ftime-$half-$i" \
        "$floor" --nodes "$n" --requests $((half * 500000)) > "$tmp/floor-$half-$i"
    done
  done
  /usr/bin/python3 - "$tmp" "$n" "$repeat" <<'PY'
import sys, h5py
tmp, n, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])

def usage(path):  # peak RSS (B), CPU time (s) of a process
    rss, user, sys_ = open(path).read().split()[-3:]
    return int(rss) * 1024, float(user) + float(sys_)

def ogsim_run(half, i):
    f = h5py.File(f"{tmp}/{n}-{half}-{i}.h5", "r")
    s, p = f["summary"], f["perf"]
    assert s["requests_completed"][()] > 0.99 * s["requests_issued"][()], "requests were lost"
    rss, cpu = usage(f"{tmp}/time-{half}-{i}")
    return (p["sim_wall_time"][()], cpu, s["requests_issued"][()], rss, s["latency_p50"][()])

def floor_run(half, i):
    kv = dict(line.split() for line in open(f"{tmp}/floor-{half}-{i}"))
    assert float(kv["completed"]) > 0.99 * float(kv["requests"]), "requests were lost"
    rss, cpu = usage(f"{tmp}/ftime-{half}-{i}")
    return (float(kv["loop_wall_s"]), cpu, float(kv["requests"]), rss, float(kv["latency_p50_s"]))

def marginal(run):
    runs = [[run(h, i) for i in range(1, repeat + 1)] for h in (1, 2)]
    wall = [min(r[0] for r in rs) for rs in runs]
    cpu = [min(r[1] for r in rs) for rs in runs]
    reqs = [rs[0][2] for rs in runs]  # the same in every repeat (same seed)
    d = (reqs[1] - reqs[0]) / 1e6
    return (wall[1] - wall[0]) / d, (cpu[1] - cpu[0]) / d, runs[1][0][3] / 2**20, runs[1][0][4] * 1e3

og, fl = marginal(ogsim_run), marginal(floor_run)
print(f"{int(n):9d} {og[0]:12.3f} {fl[0]:12.3f} {og[0] / fl[0]:6.2f} {og[1]:12.3f} {fl[1]:12.3f} "
      f"{og[1] / fl[1]:6.2f} {og[2]:10.0f} {fl[2]:10.0f} {og[3]:8.3f}ms {fl[3]:8.3f}ms")
PY
done
