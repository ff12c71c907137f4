#!/usr/bin/env bash
# ogsim report --format csv|json: round trips against the HDF5 file, read
# with h5py. A run's summary (CSV and JSON) equals /summary exactly, NaN as
# CSV nan and JSON null; every table (compound or column group, empty ones
# too) equals its dataset value for value, with its units; a sweep's points
# equal /stats; the JSON's columns and --columns (CSV, JSON) carry each
# column's description and a coded column's labels; attributes and -o; bad
# arguments exit 2 with a message and nothing on stdout.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ogsim" run "$src/tests/scenarios/golden.yaml" -q -o "$tmp/run.h5" || exit 1
"$ogsim" sweep "$src/tests/sweeps/engines.yaml" -q -j 2 -o "$tmp/sweep.h5" || exit 1
# A copy of the run with a NaN and an infinity in /summary and a string
# that needs quoting in both formats.
cp "$tmp/run.h5" "$tmp/odd.h5"
/usr/bin/python3 - "$tmp/odd.h5" <<'PY'
import sys
import h5py
with h5py.File(sys.argv[1], "r+") as f:
    f["summary/throughput"][()] = float("nan")
    f["summary/timeouts"][()] = float("-inf")
    f["summary/throughput"].attrs["description"] = 'a "quoted", comma\nand a line'
PY
fails=0
check() { # NAME FILE ARGS...: run report with ARGS, output in $tmp/NAME
  local name=$1; shift
  rc=0; "$ogsim" report "$@" > "$tmp/$name" 2> "$tmp/$name.err" || rc=$?
  if [ "$rc" != 0 ]; then echo "FAIL: report $*: exit $rc: $(cat "$tmp/$name.err")"; fails=1; fi
}
check run.csv "$tmp/run.h5" --format csv
check run.json "$tmp/run.h5" --format json
check odd.csv "$tmp/odd.h5" --format csv
check odd.json "$tmp/odd.h5" --format json
check perf.csv "$tmp/run.h5" --format csv --table perf
check attrs.csv "$tmp/run.h5" --format csv --table attributes
check attrs.json "$tmp/run.h5" --format json --table attributes
check points.csv "$tmp/sweep.h5" --format csv
check points.json "$tmp/sweep.h5" --format json -o "$tmp/points-o.json"
check some.csv "$tmp/sweep.h5" --format csv --metrics throughput,latency_p99
[ -s "$tmp/points.json" ] && { echo "FAIL: -o also wrote on stdout"; fails=1; }
tables=$(/usr/bin/python3 -c '
import sys, h5py
f = h5py.File(sys.argv[1], "r")
print(" ".join(k for k in f if k not in ("summary", "perf")))' "$tmp/run.h5")
for t in $tables; do
  check "t-$t.csv" "$tmp/run.h5" --format csv --table "$t"
  check "t-$t.json" "$tmp/run.h5" --format json --table "$t"
  check "c-$t.csv" "$tmp/run.h5" --format csv --table "$t" --columns
  check "c-$t.json" "$tmp/run.h5" --format json --table "$t" --columns
done
for t in points stats axes metrics; do
  check "s-$t.csv" "$tmp/sweep.h5" --format csv --table "$t"
  check "s-$t.json" "$tmp/sweep.h5" --format json --table "$t"
  check "sc-$t.csv" "$tmp/sweep.h5" --format csv --table "$t" --columns
  check "sc-$t.json" "$tmp/sweep.h5" --format json --table "$t" --columns
done
check points-cols.csv "$tmp/sweep.h5" --format csv --columns
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" "$tables" <<'PY' || fails=1
import csv, io, json, math, sys
import h5py
import numpy as np
from h5check import Checks
tmp, tables = sys.argv[1], sys.argv[2].split()
c = Checks()

def check(msg, cond, detail):
    c(cond, msg if cond else f"{msg}: {detail}")

def read(name):
    return open(f"{tmp}/{name}", encoding="utf-8", newline="").read()

def same(a, b):
    """Exact equality, NaN equal to NaN."""
    return a == b or (isinstance(a, float) and isinstance(b, float) and a != a and b != b)

def summary_h5(path, group="summary"):
    with h5py.File(path, "r") as f:
        return {k: (float(d[()]), d.attrs.get("unit", ""), d.attrs.get("description", ""))
                for k, d in f[group].items()}

for name in ("run", "odd"):
    want = summary_h5(f"{tmp}/{name}.h5")
    rows = list(csv.reader(io.StringIO(read(f"{name}.csv"))))
    check(f"{name}: CSV header", rows[0] == ["name", "value", "unit", "description"], rows[0])
    got = {r[0]: (float(r[1]), r[2], r[3]) for r in rows[1:]}
    check(f"{name}: CSV summary names in order", list(got) == list(want), "")
    bad = [k for k in want if not (same(got[k][0], want[k][0]) and got[k][1:] == want[k][1:])]
    check(f"{name}: CSV summary equals /summary ({len(want)} values, units, descriptions)",
            not bad, bad[:3])
    doc = json.loads(read(f"{name}.json"))
    js = doc["summary"]
    nonfinite = lambda x: x if math.isfinite(x) else None
    bad = [k for k in want if js[k] != {"value": nonfinite(want[k][0]), "unit": want[k][1],
                                        "description": want[k][2]}]
    check(f"{name}: JSON summary equals /summary (non-finite as null)", not bad and
            list(js) == list(want), bad[:3])
    check(f"{name}: JSON lists the tables", doc["tables"] == tables, doc["tables"])
raw = read("odd.csv")
check("odd: NaN is 'nan', -inf '-inf' in CSV", ",nan,1/s," in raw and ",-inf,," in raw, "")
perf = summary_h5(f"{tmp}/run.h5", "perf")
rows = list(csv.reader(io.StringIO(read("perf.csv"))))[1:]
check("--table perf equals /perf", {r[0]: float(r[1]) for r in rows} ==
        {k: v[0] for k, v in perf.items()}, "")
with h5py.File(f"{tmp}/run.h5", "r") as f:
    # schema_version is the file format's, not the run's: readers of the
    # file's attributes (report, sweep merge) leave it out (docs/export.md)
    attrs = {k: (v.decode() if isinstance(v, bytes) else v.item() if hasattr(v, "item") else v)
             for k, v in f.attrs.items() if k != "schema_version"}
rows = list(csv.reader(io.StringIO(read("attrs.csv"))))
got = {r[0]: r[1] for r in rows[1:]}
check("--table attributes (CSV) equals the root attributes", set(got) == set(attrs) and all(
    got[k] == v if isinstance(v, str) else float(got[k]) == v for k, v in attrs.items()), "")
check("--table attributes (JSON) equals the root attributes",
        json.loads(read("attrs.json"))["attributes"] == attrs, "")

def table_h5(f, name):
    """{column: (list of values, unit)} of a compound dataset or a group."""
    o = f[name]
    if isinstance(o, h5py.Group):
        return {k: (d[()].tolist(), d.attrs["unit"]) for k, d in o.items()}
    units = list(o.attrs.get("units", [""] * len(o.dtype.names)))
    return {k: (o[k].tolist(), u) for k, u in zip(o.dtype.names, units)}

def described_h5(f, name):
    """{column: (description, labels or None)} of a compound dataset or a group."""
    o = f[name]
    def labels(v):
        return None if v is None else [norm(x) for x in v]
    if isinstance(o, h5py.Group):
        return {k: (norm(d.attrs["description"]), labels(d.attrs.get("labels")))
                for k, d in o.items()}
    return {k: (norm(s), labels(o.attrs.get(f"labels_{k}")))
            for k, s in zip(o.dtype.names, o.attrs["descriptions"])}

def check_described(label, want, doc, cols_csv, cols_json):
    """The JSON's columns and --columns (CSV, JSON) carry the file's
    descriptions and a coded column's labels."""
    got = {x["name"]: (x["description"], x.get("labels")) for x in doc["columns"]}
    check(f"{label}: JSON columns' descriptions and labels are the file's", got == want,
          {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v})
    rows = list(csv.reader(io.StringIO(cols_csv)))
    got = {r[0]: (r[2], r[3].split("|") if r[3] else None) for r in rows[1:]}
    check(f"{label}: --columns CSV lists name, unit, description, labels",
          rows[0] == ["name", "unit", "description", "labels"] and got == want and
          list(got) == list(want), rows[:3])
    check(f"{label}: --columns JSON is the JSON's columns, no rows",
          cols_json["columns"] == doc["columns"] and "rows" not in cols_json, "")

def norm(v):
    return v.decode() if isinstance(v, bytes) else v

def csv_value(s, like):
    if isinstance(like, (bytes, str)):
        return s
    return int(s) if isinstance(like, int) else float(s)

def json_same(got, v):
    """A JSON value is the dataset's: same value and type, non-finite as null."""
    v = norm(v)
    if isinstance(v, float) and not math.isfinite(v):
        return got is None
    return got == v and type(got) is type(v)

def check_table(label, want, csv_text, doc):
    rows = list(csv.reader(io.StringIO(csv_text)))
    names, units, body = rows[0], rows[1], rows[2:]
    ok = names == list(want) and units == [u for _, u in want.values()]
    n = len(next(iter(want.values()))[0]) if want else 0
    ok = ok and len(body) == n
    for j, (k, (vals, _)) in enumerate(want.items()):
        ok = ok and all(same(csv_value(r[j], v), norm(v)) for r, v in zip(body, vals))
    check(f"{label}: CSV equals the dataset ({n} rows, {len(want)} columns, units)", ok, "")
    jcols = [(x["name"], x["unit"]) for x in doc["columns"]]
    ok = jcols == [(k, u) for k, (_, u) in want.items()] and len(doc["rows"]) == n
    for k, (vals, _) in want.items():
        ok = ok and all(json_same(r[k], v) for r, v in zip(doc["rows"], vals))
    check(f"{label}: JSON equals the dataset", ok, "")

with h5py.File(f"{tmp}/run.h5", "r") as f:
    for t in tables:
        doc = json.loads(read(f"t-{t}.json"))
        check_table(f"/{t}", table_h5(f, t), read(f"t-{t}.csv"), doc)
        check_described(f"/{t}", described_h5(f, t), doc, read(f"c-{t}.csv"),
                        json.loads(read(f"c-{t}.json")))
    check("/nodes: the class column's labels are exported",
          described_h5(f, "nodes")["class"][1], "")
with h5py.File(f"{tmp}/sweep.h5", "r") as f:
    for t in ("points", "stats", "axes", "metrics"):
        doc = json.loads(read(f"s-{t}.json"))
        check_table(f"sweep /{t}", table_h5(f, t), read(f"s-{t}.csv"), doc)
        check_described(f"sweep /{t}", described_h5(f, t), doc, read(f"sc-{t}.csv"),
                        json.loads(read(f"sc-{t}.json")))
    stat_descs = described_h5(f, "stats")
    stats, axes = table_h5(f, "stats"), [norm(p) for p in f["axes"]["path"]]
    metrics = [norm(m) for m in f["metrics"]["name"]]
    descs = [norm(m) for m in f["metrics"]["description"]]
cols = ["point"] + axes + ["n"] + [f"{m}_{s}" for m in metrics for s in ("mean", "ci95")]
doc = json.loads(read("points-o.json"))
check_table("sweep points (every metric)", {k: stats[k] for k in cols}, read("points.csv"), doc)
check("sweep points: JSON describes each column as /stats does",
      [x["description"] for x in doc["columns"]] == [stat_descs[k][0] for k in cols] and
      doc["columns"][len(axes) + 2]["description"].endswith(descs[0]) and doc["kind"] == "sweep",
      doc["columns"][len(axes) + 2])
rows = list(csv.reader(io.StringIO(read("points-cols.csv"))))
check("sweep points --columns: one line per column of the points",
      [r[0] for r in rows[1:]] == cols and [r[2] for r in rows[1:]] == [stat_descs[k][0] for k in cols],
      rows[:3])
some = ["point"] + axes + ["n", "throughput_mean", "throughput_ci95", "latency_p99_mean",
                           "latency_p99_ci95"]
check("sweep points --metrics: those columns", next(csv.reader(io.StringIO(read("some.csv"))))
        == some, "")
sys.exit(0 if c.ok else 1)
PY
# Bad arguments: exit 2, a message, nothing on stdout.
printf 'not hdf5\n' > "$tmp/text.h5"
/usr/bin/python3 -c 'import h5py, sys; h5py.File(sys.argv[1], "w").attrs["x"] = 1' "$tmp/plain.h5"
bad() { # WHAT ARGS...
  local what=$1; shift
  rc=0; "$ogsim" report "$@" > "$tmp/out" 2> "$tmp/err" || rc=$?
  if [ "$rc" = 2 ] && [ -s "$tmp/err" ] && [ ! -s "$tmp/out" ]; then
    echo "ok   $what: $(head -1 "$tmp/err")"
  else
    echo "FAIL: $what: exit $rc: $(cat "$tmp/out" "$tmp/err")"; fails=1
  fi
}
bad "unknown format" "$tmp/run.h5" --format xml
bad "unknown table" "$tmp/run.h5" --format csv --table nosuch
grep -q "tables: summary, perf, attributes, cheaters, classes," "$tmp/err" ||
  { echo "FAIL: an unknown table's message lists none: $(cat "$tmp/err")"; fails=1; }
bad "a summary group is no table" "$tmp/run.h5" --format json --table summary/throughput
bad "--table with text" "$tmp/run.h5" --table links
bad "-o with text" "$tmp/run.h5" -o "$tmp/x.csv"
bad "not HDF5" "$tmp/text.h5" --format csv
bad "HDF5, not ogsim's" "$tmp/plain.h5" --format json
bad "missing file" "$tmp/none.h5" --format csv
bad "--metrics on a run" "$tmp/run.h5" --format csv --metrics throughput
bad "unknown metric" "$tmp/sweep.h5" --format json --metrics nosuch
bad "--metrics with --table" "$tmp/sweep.h5" --format csv --table points --metrics throughput
bad "--columns with text" "$tmp/run.h5" --table nodes --columns
bad "--columns of the summary" "$tmp/run.h5" --format csv --table summary --columns
bad "--columns of a run's default export" "$tmp/run.h5" --format json --columns
bad "-o in a missing folder" "$tmp/run.h5" --format csv -o "$tmp/no/such/x.csv"
exit $fails
