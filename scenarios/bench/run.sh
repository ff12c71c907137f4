#!/usr/bin/env bash
# Scale benchmark: runs each bench scenario once and prints wall time,
# simulated requests per wall second and peak memory (the figures the README
# quotes). Not a test: machines are noisy; compare figures from one run.
#   scenarios/bench/run.sh [build/ogsim] [scenario.yaml ...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ogsim=${1:-$here/../../build/ogsim}
shift || true
[ $# -gt 0 ] || set -- "$here/scale-10k.yaml" "$here/scale-100k.yaml" "$here/scale-1m.yaml"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '%-12s %8s %10s %10s %12s %14s %10s\n' scenario nodes requests wall_s setup_s req_per_wall_s peak_MiB
for sc in "$@"; do
  name=$(basename "$sc" .yaml)
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$ogsim" run "$sc" -q -o "$tmp/$name.h5"
  read -r wall rss_kb < "$tmp/time"
  /usr/bin/python3 - "$tmp/$name.h5" "$name" "$wall" "$rss_kb" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
s, p = f["summary"], f["perf"]
assert s["requests_completed"][()] > 0.99 * s["requests_issued"][()], "requests were lost"
print(f"{sys.argv[2]:<12} {s['nodes'][()]:8.0f} {s['requests_issued'][()]:10.0f} "
      f"{float(sys.argv[3]):10.2f} {p['setup_wall_time'][()]:10.2f} "
      f"{p['requests_per_wall_second'][()]:14.0f} {int(sys.argv[4]) / 1024:10.0f}")
PY
done
