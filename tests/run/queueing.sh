#!/usr/bin/env bash
# Validation against queueing theory. One node, Poisson arrivals:
#  M/D/1 mean wait Wq = rho*S / (2(1-rho)), M/M/1 Wq = rho*S / (1-rho)
#  (Pollaczek-Khinchine; Kleinrock, Queueing Systems vol. 1, 5.7), within 3%
#  at rho = 0.5 and 0.8; and a saturated network's throughput equals the sum
#  of its nodes' capacities within 1%.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok=1
for service in deterministic exponential; do
  for rho in 0.5 0.8; do
    rate=$(/usr/bin/python3 -c "print($rho * 1000)")
    "$ogsim" run "$src/tests/scenarios/mdone.yaml" -q -o "$tmp/q.h5" \
      --set "workload.rate=$rate/s" --set "models[m].service=$service"
    PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp/q.h5" "$service" "$rho" <<'PY' || ok=0
import sys
from h5check import summary, close
path, service, rho = sys.argv[1], sys.argv[2], float(sys.argv[3])
S = 1e-3
wq = rho * S / (2 * (1 - rho)) if service == "deterministic" else rho * S / (1 - rho)
s = summary(path)
sys.exit(0 if close(f"{service} rho={rho} mean wait", s["queue_delay_mean"], wq, 0.03) else 1)
PY
  done
done
"$ogsim" run "$src/tests/scenarios/saturated.yaml" -q -o "$tmp/s.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp/s.h5" <<'PY' || ok=0
import sys
from h5check import summary, close
s = summary(sys.argv[1])
capacity = 30 * 100 + 10 * 400  # requests/s, see saturated.yaml
sys.exit(0 if close("saturated throughput", s["throughput"], capacity, 0.01) else 1)
PY
[ "$ok" = 1 ]
