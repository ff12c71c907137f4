#!/usr/bin/env bash
# ogsim beside its reference floor (des-floor.c: a plain discrete-event
# simulator of the same model, no SimGrid) from 1,000 to 1,000,000 nodes:
# the scale benchmark scaled as scaling.sh scales it (every class's count,
# 5 requests/s per node), each size run with 500,000 and 1,000,000
# requests by both, the marginal loop time per request the difference of
# the two loop times over the difference in requests (ogsim's
# /perf/sim_wall_time, the floor's loop_wall_s). Each size's four runs go
# one after the other, so both see the same machine. REPEAT=k runs each
# k times and keeps the fastest loop. Prints per size: both marginal costs,
# their ratio, both peak memories, both latency medians (of the longer
# run). Not a test: machines are noisy; compare figures from one run.
#   scenarios/bench/floor.sh [build/ogsim] [sizes...]   (des-floor beside ogsim)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ogsim=${1:-$here/../../build/ogsim}
shift || true
floor=$(dirname "$ogsim")/des-floor
[ -x "$floor" ] || { echo "floor.sh: no $floor (build the des-floor target)" >&2; exit 2; }
[ $# -gt 0 ] || set -- 1000 10000 100000 1000000
repeat=${REPEAT:-1}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '%9s %12s %12s %7s %10s %10s %10s %10s\n' nodes ogsim_us/req floor_us/req ratio \
  ogsim_MiB floor_MiB ogsim_p50 floor_p50
for n in "$@"; do
  rate=$((5 * n))
  for half in 1 2; do
    dur=$(/usr/bin/python3 -c "print($half * 5e5 / $rate)")
    for i in $(seq "$repeat"); do
      /usr/bin/time -f '%M' -o "$tmp/rss-$half-$i" "$ogsim" run "$here/scale-10k.yaml" -q \
        -o "$tmp/$n-$half-$i.h5" --set "name=scale-$n" \
        --set "node_classes[h100].count=$((n * 4 / 10))" \
        --set "node_classes[l4].count=$((n * 4 / 10))" \
        --set "node_classes[a10].count=$((n * 2 / 10))" \
        --set "workload.rate=$rate/s" --set "duration=${dur}s" --set "warmup=0s"
      "$floor" --nodes "$n" --requests $((half * 500000)) > "$tmp/floor-$half-$i"
    done
  done
  /usr/bin/python3 - "$tmp" "$n" "$repeat" <<'PY'
import sys, h5py
tmp, n, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])

def ogsim_run(half, i):
    f = h5py.File(f"{tmp}/{n}-{half}-{i}.h5", "r")
    s, p = f["summary"], f["perf"]
    assert s["requests_completed"][()] > 0.99 * s["requests_issued"][()], "requests were lost"
    rss = int(open(f"{tmp}/rss-{half}-{i}").read().split()[-1]) * 1024
    return (p["sim_wall_time"][()], s["requests_issued"][()], rss, s["latency_p50"][()])

def floor_run(half, i):
    kv = dict(line.split() for line in open(f"{tmp}/floor-{half}-{i}"))
    assert float(kv["completed"]) > 0.99 * float(kv["requests"]), "requests were lost"
    return (float(kv["loop_wall_s"]), float(kv["requests"]), float(kv["peak_rss_mib"]) * 2**20,
            float(kv["latency_p50_s"]))

def marginal(run):
    (w1, r1, _, _), (w2, r2, rss, p50) = [min((run(h, i) for i in range(1, repeat + 1)))
                                          for h in (1, 2)]
    return (w2 - w1) / (r2 - r1) * 1e6, rss / 2**20, p50 * 1e3

og, fl = marginal(ogsim_run), marginal(floor_run)
print(f"{int(n):9d} {og[0]:12.3f} {fl[0]:12.3f} {og[0] / fl[0]:7.2f} {og[1]:10.0f} {fl[1]:10.0f} "
      f"{og[2]:8.3f}ms {fl[2]:8.3f}ms")
PY
done
