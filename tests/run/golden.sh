#!/usr/bin/env bash
# Golden run: the summary of tests/scenarios/golden.yaml (seed 7) is pinned
# in tests/golden/golden.summary. Counts must match exactly, other numbers
# to 1e-9 relative. A change of the model's numbers shows up here and must
# be explained in the commit that re-pins it:
#   OGSIM_REGOLD=1 bash tests/run/golden.sh build/ogsim .
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ogsim" run "$src/tests/scenarios/golden.yaml" -q -o "$tmp/g.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp/g.h5" "$src/tests/golden/golden.summary" "${OGSIM_REGOLD:-0}" <<'PY'
import sys
from h5check import summary, fail
got = summary(sys.argv[1])
path = sys.argv[2]
if sys.argv[3] == "1":
    with open(path, "w") as f:
        for k, v in got.items():
            f.write(f"{k} {v!r}\n")
    print(f"re-pinned {len(got)} numbers in {path}")
    sys.exit(0)
want = {}
for line in open(path):
    k, v = line.split()
    want[k] = float(v)
bad = []
for k, v in want.items():
    g = got.get(k)
    if g is None or not (g == v or abs(g - v) <= 1e-9 * abs(v) or (g != g and v != v)):
        bad.append(f"{k}: got {g!r}, pinned {v!r}")
extra = set(got) - set(want)
if extra:
    bad.append(f"new summary entries not pinned: {sorted(extra)}")
if bad:
    fail("golden run moved:\n  " + "\n  ".join(bad))
print(f"ok: {len(want)} summary numbers as pinned; e.g. requests_completed "
      f"{got['requests_completed']:.0f}, latency_p99 {got['latency_p99']:.6f} s, "
      f"timeouts {got['timeouts']:.0f}")
PY
