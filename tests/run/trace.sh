#!/usr/bin/env bash
# Trace arrivals (workload.arrival: trace) and per-request token counts:
#  - a trace in the columns format issues exactly its rows (a row with 0
#    output tokens skipped), each at its time, with its model and token
#    counts (/requests' prompt_tokens, output_tokens);
#  - speedup 2 halves every issue time; rate_scale 2 issues each row twice;
#    rows after duration are not issued;
#  - with two client regions every row goes to one of them;
#  - the shipped Azure-layout example issues every row of its CSV;
#  - validate's offered rate is rows / span x speedup.
set -u
ogsim=$1; src=$2
tmp=${KEEP_TMP:-$(mktemp -d)}; [ -n "${KEEP_TMP:-}" ] || trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/rows.csv" <<'CSV'
t,model,in,out
0.0,big,100,7
0.25,small,20,3
0.25,big,300,11
1.5,small,40,0
2.0,big,5000,1
3.75,small,9,250
CSV
cat > "$tmp/trace.yaml" <<'YAML'
duration: 10s
regions: [{name: r, latency: 0s}]
models:
  - {name: llm, zoo: llama-3-8b, request_bytes: 0, response_bytes: 0}
  - {name: llm2, zoo: llama-3-8b, request_bytes: 0, response_bytes: 0}
node_classes: [{name: g, region: r, count: 4, peak: 1PFlops, mem_bandwidth: 3TBps}]
workload:
  arrival: trace
  trace:
    file: rows.csv
    format: columns
    columns: {time: t, prompt: in, output: out, model: model}
    speedup: 1
    rate_scale: 1
    models: {big: llm, small: llm2}
  timeout: 1h
output: {requests: true}
YAML
run() { # run NAME [--set ...]
  local name=$1; shift
  "$ogsim" run "$tmp/trace.yaml" -q -o "$tmp/$name.h5" "$@" || { echo "FAIL: run $name"; exit 1; }
}
run plain
run fast --set workload.trace.speedup=2
run twice --set workload.trace.rate_scale=2
run short --set duration=2s
sed -e 's|regions: \[{name: r, latency: 0s}\]|regions: [{name: r, latency: 0s}, {name: q, latency: 0s}]|' \
    -e 's|  timeout: 1h|  timeout: 1h\n  clients: [{region: r, share: 1}, {region: q, share: 1}]|' \
    "$tmp/trace.yaml" > "$tmp/two.yaml"
"$ogsim" run "$tmp/two.yaml" -q -o "$tmp/two.h5" || { echo "FAIL: run two"; exit 1; }
"$ogsim" run "$src/scenarios/examples/trace-azure.yaml" -q -o "$tmp/azure.h5" \
  || { echo "FAIL: run trace-azure"; exit 1; }
"$ogsim" validate "$tmp/trace.yaml" --set workload.trace.speedup=2 > "$tmp/validate.txt" \
  || { echo "FAIL: validate"; exit 1; }
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" "$src" <<'PY'
import sys
import h5py
import numpy as np
from h5check import Checks
t, src = sys.argv[1], sys.argv[2]
check = Checks()
rows = [(0.0, 0, 100, 7), (0.25, 1, 20, 3), (0.25, 0, 300, 11), (2.0, 0, 5000, 1), (3.75, 1, 9, 250)]
def reqs(name):
    with h5py.File(f"{t}/{name}.h5") as f:
        r = f["requests"][:]
    return r[np.lexsort((r["id"], r["t_issue"]))]
def got(r, k=1.0):
    return [(float(x["t_issue"]) * k, int(x["model"]), int(x["prompt_tokens"]), int(x["output_tokens"])) for x in r]
plain = reqs("plain")
check(got(plain) == rows, f"plain: requests are the trace's rows: {got(plain)}")
fast = reqs("fast")
check(got(fast, 2.0) == rows, f"speedup 2: issue times halved: {got(fast)}")
twice = reqs("twice")
check(sorted(got(twice)) == sorted(rows + rows), f"rate_scale 2: each row twice ({len(twice)} requests)")
short = reqs("short")
check(got(short) == rows[:3], f"duration 2s: rows at 2 s and later not issued: {got(short)}")
two = reqs("two")
check(sorted(got(two)) == sorted(rows), f"two client regions: each row issued once ({len(two)} requests)")
check(len(set(two["client"].tolist())) == 2, "two client regions: both issue rows")
azure = reqs("azure")
lines = open(f"{src}/scenarios/traces/synthetic-azure.csv").read().splitlines()[1:]
want = [(int(l.split(",")[1]), int(l.split(",")[2])) for l in lines]
check([(int(x["prompt_tokens"]), int(x["output_tokens"])) for x in azure] == want,
      f"trace-azure: {len(azure)} requests with the tokens of the CSV's {len(want)} rows")
v = open(f"{t}/validate.txt").read()
# 5 rows over 3.75 s, twice as fast: 5 / 1.875 s = 2.667/s, 26.7 in 10 s
check("offered: 3 requests/s" in v and "26.7 requests" in v,
      "validate: offered rate of the trace (want 2.667/s, 26.7 requests):\n" + v)
sys.exit(0 if check.ok else 1)
PY
