#!/usr/bin/env bash
# The README's comparison of verification families runs
# (analysis/verification_compare.py on scenarios/compare-verification.yaml)
# and says what it should: every setting present, prefill-only checking
# spends less node time than spot-checking at each rate, zkML lets no bad
# result through, the unverified run lets the most through, and the figure
# is written.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$src/analysis/verification_compare.py" --ogsim "$ogsim" --out "$tmp/runs" \
  --figure "$tmp/f.png" > "$tmp/table.md"
/usr/bin/python3 - "$tmp" <<'PY'
import os, sys
t = sys.argv[1]
rows = {}
for line in open(f"{t}/table.md"):
    c = [x.strip() for x in line.strip().strip("|").split("|")]
    if len(c) == 6 and c[0] not in ("protocol", "---"):
        rows[c[0]] = {"overhead": float(c[4]), "bad": float(c[5])}
ok = len(rows) == 10 and os.path.getsize(f"{t}/f.png") > 10000
for p in ("1%", "5%", "10%"):
    ok &= rows[f"prefill-only {p}"]["overhead"] < rows[f"spot-check {p}"]["overhead"]
ok &= rows["zkML"]["bad"] == 0 and rows["none"]["bad"] == max(r["bad"] for r in rows.values())
print(open(f"{t}/table.md").read())
print("ok" if ok else "FAIL", "verification families compared")
sys.exit(0 if ok else 1)
PY
