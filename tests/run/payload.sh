#!/usr/bin/env bash
# Message sizes per request (tests/scenarios/payload.yaml): lognormal image
# requests (median 1 MB, p90 3 MB, clamped to 0.5-5 MB) have the right
# median within sampling error and stay in their clamps; uniform responses
# stay in [100 kB, 1 MB]. At a load where nothing queues, each fast-mode
# response time is service + latencies + its own bytes / bandwidth (two
# request hops and the response hop over 1 Gbps host links); the exact
# mode's network time follows each request's own bytes too (correlation
# > 0.8: flows overlap at the gateway; with one size for all it is ~0). A
# trace's request_bytes column sets a request's size, an empty cell draws
# it; a model with fixed sizes (golden.yaml) copies them into every request.
# The example scenarios/examples/images.yaml runs.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ogsim" run "$src/tests/scenarios/payload.yaml" -q -o "$tmp/f.h5" --set network.mode=fast
"$ogsim" run "$src/tests/scenarios/payload.yaml" -q -o "$tmp/e.h5" --set network.mode=exact \
  --set duration=40s
"$ogsim" run "$src/tests/scenarios/golden.yaml" -q -o "$tmp/g.h5"
printf 'time,request_bytes\n0,2000000\n1,\n2,123.5\n' > "$tmp/t.csv"
sed -e 's/^workload:.*/workload: {arrival: trace, trace: {file: t.csv, format: columns}, timeout: 60s}/' \
  -e 's/^duration:.*/duration: 10s/' "$src/tests/scenarios/payload.yaml" > "$tmp/t.yaml"
"$ogsim" run "$tmp/t.yaml" -q -o "$tmp/t.h5"
"$ogsim" run "$src/scenarios/examples/images.yaml" -q -o "$tmp/i.h5" --set duration=20s
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import math
import sys
import h5py
import numpy as np
from h5check import Checks
t = sys.argv[1]
check = Checks()


def table(path):
    with h5py.File(path, "r") as f:
        d = f["requests"]
        units = dict(zip(d.dtype.names, d.attrs["units"]))
        return d[()], units


r, units = table(f"{t}/f.h5")
rb, sb = r["request_bytes"], r["response_bytes"]
check(units["request_bytes"] == "B" and units["response_bytes"] == "B",
      "/requests request_bytes and response_bytes in B")
# The sample median's standard error for a lognormal: median * sigma *
# sqrt(pi / 2) / sqrt(n); the clamps leave the median where it is.
sigma = math.log(3) / 1.2815515655446004
se = 1e6 * sigma * math.sqrt(math.pi / 2) / math.sqrt(len(r))
med = np.median(rb)
check(len(r) > 1500 and abs(med - 1e6) < 4 * se,
      f"lognormal request sizes: median {med:.0f} B = 1 MB within 4 standard errors "
      f"({4 * se:.0f} B, {len(r)} requests)")
check(rb.min() == 0.5e6 and rb.max() == 5e6 and np.sum(rb == 0.5e6) > 100
      and np.sum(rb == 5e6) > 10,
      f"clamped to [0.5 MB, 5 MB]: {np.sum(rb == 0.5e6)} at the minimum, "
      f"{np.sum(rb == 5e6)} at the maximum")
check(sb.min() >= 1e5 and sb.max() <= 1e6 and abs(sb.mean() - 5.5e5) < 2e4,
      f"uniform response sizes in [100 kB, 1 MB], mean {sb.mean():.0f} B")
quiet = r["t_start"] == r["t_ready"]
net = (r["t_done"] - r["t_issue"]) - (r["t_finish"] - r["t_start"])
want = 3 * 2e-3 + (2 * rb + sb) / 125e6
err = np.abs(net - want)[quiet]
check(quiet.sum() > 1500 and err.max() < 1e-9,
      f"fast mode: response time = service + 3 x 2 ms + own bytes / 1 Gbps for "
      f"{quiet.sum()} requests that did not queue (largest difference {err.max():.2e} s)")
e, _ = table(f"{t}/e.h5")
enet = (e["t_done"] - e["t_issue"]) - (e["t_finish"] - e["t_start"])
corr = np.corrcoef(enet, 2 * e["request_bytes"] + e["response_bytes"])[0, 1]
check(len(e) > 300 and corr > 0.8,
      f"exact mode: network time follows each request's own bytes (correlation {corr:.4f})")
g, _ = table(f"{t}/g.h5")
fixed = {0: (8e3, 2e3), 1: (1e3, 256.0)}
ok = all(np.all(g["request_bytes"][g["model"] == k] == q)
         and np.all(g["response_bytes"][g["model"] == k] == s) for k, (q, s) in fixed.items())
check(ok, "fixed sizes: every request of golden.yaml carries its model's sizes")
tr, _ = table(f"{t}/t.h5")
by_t = {float(x["t_issue"]): x for x in tr}
drawn = by_t[1.0]["request_bytes"]
check(len(tr) == 3 and by_t[0.0]["request_bytes"] == 2e6 and by_t[2.0]["request_bytes"] == 123.5
      and 0.5e6 <= drawn <= 5e6 and all(1e5 <= x <= 1e6 for x in tr["response_bytes"]),
      f"trace: request_bytes 2000000 and 123.5 from the rows, {drawn:.0f} drawn for the "
      "empty cell, responses drawn")
im, _ = table(f"{t}/i.h5")
check(len(im) > 500 and np.all(im["status"] == 0) and im["request_bytes"].min() >= 0.5e6
      and im["request_bytes"].max() <= 5e6 and im["response_bytes"].max() <= 4e3,
      f"examples/images: {len(im)} requests, images of "
      f"{im['request_bytes'].min() / 1e6:.2f}-{im['request_bytes'].max() / 1e6:.2f} MB")
sys.exit(0 if check.ok else 1)
PY
