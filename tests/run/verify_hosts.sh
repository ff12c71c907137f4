#!/usr/bin/env bash
# Verification respects placement (docs/hosting.md, "Verification"), on
# tests/scenarios/verify_hosts.yaml: class a (8 nodes) hosts only model ma,
# the only model requested; class b (8 nodes) hosts only mb.
# - spot_check (rate 0.5), redundancy (3 copies), quorum (committee 5):
#   every check, copy and committee member of an ma request runs on a node
#   of class a: class b's nodes compute no batch, while checks happen;
# - with one node hosting ma, no other hosting node is up: spot checks find
#   no validator and are skipped (as with no other up node before
#   placement), redundancy runs the request on its primary alone (every
#   request completes), a quorum's committee is that node alone, fewer than
#   the quorum of 3, so every request fails (as with fewer up nodes than
#   the quorum before placement).
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/verify_hosts.yaml
for p in spot_check redundancy quorum; do
  sed "s/^verification: .*/verification: {protocol: $p}/" "$sc" > "$tmp/$p.yaml"
  [ "$p" = spot_check ] && sed -i "s/^verification: .*/verification: {protocol: $p, rate: 0.5}/" "$tmp/$p.yaml"
  "$ogsim" run "$tmp/$p.yaml" -q -o "$tmp/$p.h5"
  "$ogsim" run "$tmp/$p.yaml" -q -o "$tmp/$p-one.h5" --set 'node_classes[a].count=1'
done
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()
for p in ("spot_check", "redundancy", "quorum"):
    with h5py.File(f"{t}/{p}.h5", "r") as f:
        n = f["nodes"][()]
    s = summary(f"{t}/{p}.h5")
    a, b = n[:8], n[8:]
    check(s["checks"] > 0 and s["requests_failed"] == 0,
          f"{p}: {s['checks']:.0f} checks, {s['requests_failed']:.0f} failed")
    check(int(b["batches"].sum()) == 0 and float(b["busy"].sum()) == 0,
          f"{p}: class b (hosts mb only) computed {int(b['batches'].sum())} batches")
    check(int(a["batches"].sum()) > s["requests_completed"],
          f"{p}: class a computed {int(a['batches'].sum())} batches for "
          f"{s['requests_completed']:.0f} requests and their checks")
    with h5py.File(f"{t}/{p}-one.h5", "r") as f:
        n = f["nodes"][()]
    s = summary(f"{t}/{p}-one.h5")
    done, failed = s["requests_completed"], s["requests_failed"]
    if p == "quorum":
        check(done == 0 and failed > 1000, f"{p}, one host: {done:.0f} completed, {failed:.0f} failed")
    else:
        check(failed == 0 and done > 1000, f"{p}, one host: {done:.0f} completed, {failed:.0f} failed")
    check(int(n[1:]["batches"].sum()) == 0,
          f"{p}, one host: class b computed {int(n[1:]['batches'].sum())} batches")
    if p == "spot_check":
        check(s["checks"] == 0, f"{p}, one host: {s['checks']:.0f} checks (no validator)")
sys.exit(0 if check.ok else 1)
PY
