#!/usr/bin/env bash
# The reference floor (scenarios/bench/des-floor.c, a plain discrete-event
# simulator of the scale benchmark's model) runs, prints its fields, and
# simulates the model ogsim does: on a 200-node scale-10k with 40,000
# requests and l4 nodes failing often (failover exercised), its latency
# mean, p50 and p99 are within 5% of ogsim's (different random streams;
# seen within 0.6% over three seeds). Speed is not judged here
# (scenarios/bench/floor.sh measures it).
set -eu
ogsim=$1; src=$2
floor=$(dirname "$ogsim")/des-floor
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$floor" --nodes 200 --requests 40000 --mtbf 20 > "$tmp/floor.txt"
cat "$tmp/floor.txt"
"$ogsim" run "$src/scenarios/bench/scale-10k.yaml" -q -o "$tmp/ogsim.h5" \
  --set "node_classes[h100].count=80" --set "node_classes[l4].count=80" \
  --set "node_classes[a10].count=40" --set "node_classes[l4].mtbf=20s" \
  --set "workload.rate=1000/s" --set "duration=40s" --set "warmup=0s"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
from h5check import summary, close, fail
t = sys.argv[1]
kv = dict(line.split() for line in open(f"{t}/floor.txt"))
want = ("nodes requests completed failed timeouts failovers node_failures loop_wall_s "
        "ns_per_request peak_rss_mib latency_mean_s latency_p50_s latency_p99_s").split()
missing = [k for k in want if k not in kv]
if missing:
    fail(f"des-floor did not print {missing}")
if kv["nodes"] != "200" or not 39000 < float(kv["requests"]) < 41000:
    fail(f"des-floor ran {kv['nodes']} nodes, {kv['requests']} requests")
if float(kv["failovers"]) == 0:
    fail("no failover: the failure path was not exercised")
s = summary(f"{t}/ogsim.h5")
ok = all([close(q, float(kv[q + "_s"]), s[q], 0.05)
          for q in ("latency_mean", "latency_p50", "latency_p99")])
sys.exit(0 if ok else 1)
PY
