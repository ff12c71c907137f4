#!/usr/bin/env bash
# Network modes side by side (docs/network.md). Not a test: prints wall
# time and peak memory; compare figures from one run of this script.
#  1. The kB-message bench, scale-10k.yaml (10,000 nodes, 1M requests), in
#     the default hybrid mode and in the fast mode: its messages are kB, so
#     the hybrid mode runs the fast path (same numbers; the script checks).
#  2. A large-message scenario (tests/scenarios/contention-nic.yaml, 50 MB
#     requests at 90% of the NICs) in the exact, hybrid and fast modes.
#   scenarios/bench/netmodes.sh [build/ogsim] [repeats, default 3]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ogsim=${1:-$here/../../build/ogsim}
reps=${2:-3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
run() { # label scenario [options]: the fastest of $reps runs
  local label=$1 sc=$2; shift 2
  local best=
  for _ in $(seq "$reps"); do
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$ogsim" run "$sc" -q -o "$tmp/$label.h5" "$@"
    read -r wall rss < "$tmp/time"
    if [ -z "$best" ] || /usr/bin/python3 -c "import sys; sys.exit(not $wall < $best)"; then
      best=$wall; mem=$rss
    fi
  done
  /usr/bin/python3 - "$tmp/$label.h5" "$label" "$best" "$mem" <<'PY'
import sys, h5py
s = h5py.File(sys.argv[1], "r")["summary"]
print(f"{sys.argv[2]:<22} {float(sys.argv[3]):8.2f} {int(sys.argv[4]) / 1024:9.0f} "
      f"{s['requests_completed'][()]:10.0f} {1e3 * s['latency_p50'][()]:10.3f} "
      f"{1e3 * s['latency_p99'][()]:10.3f} {s['flows'][()]:9.0f}")
PY
}
printf '%-22s %8s %9s %10s %10s %10s %9s\n' run wall_s peak_MiB completed p50_ms p99_ms flows
run scale-10k-hybrid "$here/scale-10k.yaml"
run scale-10k-fast "$here/scale-10k.yaml" --set network.mode=fast
/usr/bin/python3 - "$tmp" <<'PY'
import sys
sys.path.insert(0, sys.argv[0].rsplit("/", 1)[0])
import h5py
t = sys.argv[1]
a, b = (h5py.File(f"{t}/scale-10k-{m}.h5", "r")["summary"] for m in ("hybrid", "fast"))
same = all(a[k][()] == b[k][()] for k in ("latency_p50", "latency_p99", "requests_completed"))
print(f"scale-10k: hybrid and fast give the same numbers: {same}")
PY
nic=$here/../../tests/scenarios/contention-nic.yaml
for m in exact hybrid fast; do
  run "nic-90%-$m" "$nic" --set network.mode=$m --set workload.rate=22.5/s
done
