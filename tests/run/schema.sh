#!/usr/bin/env bash
# The results file describes itself: runs that fill most tables (tokens,
# placement, loads, links, churn, demand, requests, cheaters) are walked;
# every dataset, table column and summary scalar must have a unit and a
# non-empty description, every coded column its labels, the root its
# schema_version, and docs/results.md must name every table, column and
# summary entry, and give each summary entry the file's unit and
# description (so the documentation cannot drift).
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for s in tokens loading churn demand spotcheck; do
  "$ogsim" run "$src/tests/scenarios/$s.yaml" -q -o "$tmp/$s.h5" --set output.requests=true \
    --set economics.currency=EUR
done
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$src/docs/results.md" "$tmp"/*.h5 <<'PY'
import re, sys
import h5py
from h5check import fail

doc = open(sys.argv[1]).read()
named = set(re.findall(r"`([^`]+)`", doc))
patterns = [re.compile("^" + re.escape(n.split("<")[0]) + ".+$") for n in named if "<" in n]
CODED = {("requests", "model"), ("requests", "client"), ("requests", "status"),
         ("nodes", "class"), ("nodes", "region"), ("outputs", "model")}
MONEY = {"revenue", "rewards", "cost", "slashed", "profit", "forfeited", "profit_per_result",
         "compute_cost", "cost_per_million_output_tokens"}
bad = []

def documented(name):
    return name in named or any(p.match(name) for p in patterns)

def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)

for path in sys.argv[2:]:
    with h5py.File(path, "r") as f:
        if f.attrs.get("schema_version") is None:
            bad.append(f"{path}: no root attribute schema_version")
        def visit(name, obj):
            if not isinstance(obj, h5py.Dataset):
                return
            top = name.split("/")[0]
            if obj.dtype.names:  # a compound table
                units, descs = obj.attrs.get("units"), obj.attrs.get("descriptions")
                fields = obj.dtype.names
                if units is None or len(units) != len(fields):
                    bad.append(f"{name}: units missing or of the wrong length")
                if descs is None or len(descs) != len(fields):
                    bad.append(f"{name}: descriptions missing or of the wrong length")
                    descs = [""] * len(fields)
                if not documented(name):
                    bad.append(f"{name}: table not in docs/results.md")
                for k, col in enumerate(fields):
                    if not text(descs[k]):
                        bad.append(f"{name}.{col}: empty description")
                    if not documented(col) and not documented(f"{name}.{col}"):
                        bad.append(f"{name}.{col}: column not in docs/results.md")
                    if (name, col) in CODED and f"labels_{col}" not in obj.attrs:
                        bad.append(f"{name}.{col}: coded column without labels_{col}")
                    if col in MONEY and text(units[k]) != "EUR":
                        bad.append(f"{name}.{col}: money without the currency unit")
                return
            unit, desc = obj.attrs.get("unit"), obj.attrs.get("description")
            if unit is None:
                bad.append(f"{name}: no unit attribute")
            if desc is None or not text(desc):
                bad.append(f"{name}: no description")
            leaf = name.split("/")[-1]
            if top != "perf" and not documented(leaf) and not documented(top):
                bad.append(f"{name}: not in docs/results.md")
            if top == "summary" and leaf in MONEY and text(unit) != "EUR":
                bad.append(f"{name}: money without the currency unit")
        f.visititems(visit)
        for g in f:
            if not documented(g):
                bad.append(f"/{g}: not in docs/results.md")
# docs/results.md's /summary rows say what the file says of each entry
lines = doc.split("\n")
s0 = lines.index("## `/summary`")
s1 = next(i for i in range(s0 + 1, len(lines)) if lines[i].startswith("## "))
said = {}
for path in sys.argv[2:]:
    with h5py.File(path, "r") as f:
        said.update({k: (text(v.attrs["unit"]), text(v.attrs["description"]))
                     for k, v in f["summary"].items()})
for line in lines[s0:s1]:
    m = re.match(r"\| `([a-z0-9_]+)` \| ([^|]*) \| (.*) \|$", line)
    if m and m.group(1) in said and not m.group(1).startswith("busiest_link_"):  # names its link
        unit, desc = said[m.group(1)]
        if m.group(3).replace(" (only where the run has it)", "") != desc:
            bad.append(f"docs/results.md /summary {m.group(1)}: description differs from the "
                       f"file's ({desc!r})")
        if m.group(2).strip() != unit and not unit == "EUR":
            bad.append(f"docs/results.md /summary {m.group(1)}: unit {m.group(2).strip()!r}, "
                       f"the file's {unit!r}")
if bad:
    fail("results files do not describe themselves:\n  " + "\n  ".join(sorted(set(bad))))
print(f"ok: every dataset and column of {len(sys.argv) - 2} runs has its unit, description and "
      "documentation")
PY
