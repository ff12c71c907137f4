#!/usr/bin/env bash
# A sweep's results file describes itself, as a run's does (schema.sh):
# in the file of a small sweep and in the merge of its two shards, every
# dataset and every column of /points, /stats, /axes and /metrics has a
# non-empty description and its unit; /points' metric columns take the
# run summary's unit and description (/metrics), /stats' NAME_mean, _sd and
# _ci95 say which statistic of which metric, an axis column names its path
# and takes the axis's unit; docs/sweep.md names every fixed column.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sw=$src/tests/sweeps/described.yaml
"$ogsim" sweep "$sw" -q -j 2 -o "$tmp/whole.h5"
"$ogsim" sweep "$sw" -q -j 2 --shard 0/2 -o "$tmp/s0.h5"
"$ogsim" sweep "$sw" -q -j 2 --shard 1/2 -o "$tmp/s1.h5"
"$ogsim" merge -o "$tmp/merged.h5" "$tmp/s0.h5" "$tmp/s1.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$src/docs/sweep.md" "$tmp/whole.h5" \
  "$tmp/merged.h5" <<'PY'
import re, sys
import h5py
from h5check import fail

doc = open(sys.argv[1]).read()
named = set(re.findall(r"^\| `([^`]+)` \|", doc, re.M))
FIXED = {"points": ["task", "point", "replicate", "seed"], "stats": ["point", "n"],
         "axes": ["path", "dim", "n_values", "values"], "metrics": ["name", "unit", "description"]}
STAT = {"mean": "mean over the point's replicates",
        "sd": "sample standard deviation over the point's replicates",
        "ci95": "half-width of the 95% confidence interval"}
AXES = {"workload.rate": "1/s", "verification.on_detect": ""}
bad = []

def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)

def columns(f, t):
    d = f[t]
    return {n: (text(u), text(s)) for n, u, s in
            zip(d.dtype.names, d.attrs.get("units", []), d.attrs.get("descriptions", []))}

def check_file(path):
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if not isinstance(obj, h5py.Dataset):
                return
            if obj.dtype.names:
                units, descs = obj.attrs.get("units"), obj.attrs.get("descriptions")
                for a, v in (("units", units), ("descriptions", descs)):
                    if v is None or len(v) != len(obj.dtype.names):
                        bad.append(f"{path}:/{name}: {a} missing or of the wrong length")
                for col, s in zip(obj.dtype.names, descs if descs is not None else []):
                    if not text(s):
                        bad.append(f"{path}:/{name}.{col}: empty description")
            elif obj.attrs.get("unit") is None or not text(obj.attrs.get("description", "")):
                bad.append(f"{path}:/{name}: unit or description missing")
        f.visititems(visit)
        meta = {text(r["name"]): (text(r["unit"]), text(r["description"]))
                for r in f["metrics"][()]}
        pts, st = columns(f, "points"), columns(f, "stats")
        if not meta:
            bad.append(f"{path}: /metrics is empty")
        for m, (unit, desc) in meta.items():
            if pts.get(m) != (unit, desc):
                bad.append(f"{path}:/points.{m}: {pts.get(m)}, /metrics says {(unit, desc)}")
            for k, start in STAT.items():
                u, s = st.get(f"{m}_{k}", (None, ""))
                if u != unit or not s.startswith(start) or not s.endswith(f"of {m}: {desc}"):
                    bad.append(f"{path}:/stats.{m}_{k}: {(u, s)}")
        for ax, unit in AXES.items():
            for t, cols in (("points", pts), ("stats", st)):
                u, s = cols.get(ax, (None, ""))
                if u != unit or ax not in s or (unit and unit not in s):
                    bad.append(f"{path}:/{t}.{ax}: {(u, s)}")
        for t, cols in FIXED.items():
            for c in cols:
                if c not in named:
                    bad.append(f"/{t}.{c}: not in docs/sweep.md")
        if f["points"].dtype["task"].kind != "i" or f["stats"].dtype["n"].kind != "i":
            bad.append(f"{path}: task, point, replicate, n not integers")
        return {t: columns(f, t) for t in FIXED}

whole, merged = (check_file(p) for p in sys.argv[2:4])
for t in FIXED:
    if whole[t] != merged[t]:
        bad.append(f"/{t}: units or descriptions differ between the whole sweep and the merge")
if bad:
    fail("sweep results files do not describe themselves:\n  " + "\n  ".join(bad[:40]))
print("ok: every dataset and column of a sweep's file and of its merge has its unit and "
      "description")
PY
