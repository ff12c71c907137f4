#!/usr/bin/env bash
# The fast network model (analytic delays, see README "Network modes") keeps
# the latency distribution of the exact model (one SimGrid communication per
# message) within 2% at p50 and p99.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/netcompare.yaml
"$ogsim" run "$sc" -q -o "$tmp/fast.h5" --set network.mode=fast
"$ogsim" run "$sc" -q -o "$tmp/exact.h5" --set network.mode=exact
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
from h5check import summary, close
t = sys.argv[1]
f, e = summary(f"{t}/fast.h5"), summary(f"{t}/exact.h5")
ok = all([close(q, f[q], e[q], 0.02) for q in ("latency_p50", "latency_p99")])
print(f"requests completed: fast {f['requests_completed']:.0f}, exact {e['requests_completed']:.0f}")
sys.exit(0 if ok else 1)
PY
