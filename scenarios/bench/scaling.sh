#!/usr/bin/env bash
# Cost per request and per node from 1,000 to 1,000,000 nodes: the scale
# benchmark (scale-10k.yaml) with every class's count scaled and each node
# offered the same load (5 requests/s: the rate grows with the nodes). Each
# size runs twice, with 500,000 and 1,000,000 requests (the duration
# shrinks with the rate), so that the cost of a request (the difference of
# the two simulation loops over the difference in requests) is told apart
# from what a run costs per node whatever its length (set-up, the first
# event of every node, the per-node tables at the end). Prints, per size:
# set-up per node, the marginal loop time per request, the loop time of the
# longer run, and its peak memory per node. Not a test: machines are noisy;
# compare figures from one run.
#   scenarios/bench/scaling.sh [build/ogsim] [sizes...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ogsim=${1:-$here/../../build/ogsim}
shift || true
[ $# -gt 0 ] || set -- 1000 10000 100000 1000000
. "$here/scaled.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '%9s %9s %10s %11s %10s %11s %9s %11s\n' nodes requests setup_us/n marg_us/req \
  sim_s req/wall_s peak_MiB peak_B/node
for n in "$@"; do
  for half in 1 2; do
    scaled "$n" $((half * 500000))
    /usr/bin/time -f '%M' -o "$tmp/rss-$half" "$ogsim" run "$here/scale-10k.yaml" -q \
      -o "$tmp/$n-$half.h5" "${SCALED[@]}"
  done
  /usr/bin/python3 - "$tmp/$n-1.h5" "$tmp/$n-2.h5" "$(cat "$tmp/rss-2")" <<'PY'
import sys, h5py
runs = []
for path in sys.argv[1:3]:
    f = h5py.File(path, "r")
    s, p = f["summary"], f["perf"]
    assert s["requests_completed"][()] > 0.99 * s["requests_issued"][()], "requests were lost"
    runs.append((s["nodes"][()], s["requests_issued"][()], p["setup_wall_time"][()],
                 p["sim_wall_time"][()]))
(n, r1, _, s1), (_, r2, setup, s2) = runs
rss = int(sys.argv[3]) * 1024
print(f"{n:9.0f} {r2:9.0f} {setup / n * 1e6:10.2f} {(s2 - s1) / (r2 - r1) * 1e6:11.2f} "
      f"{s2:10.2f} {r2 / s2:11.0f} {rss / 2**20:9.0f} {rss / n:11.0f}")
PY
done
