#!/usr/bin/env bash
# Placement (docs/hosting.md), on tests/scenarios/hosting.yaml: class big
# hosts [llm, classifier]; class small (20 nodes) has shares classifier
# 0.35, embed 0.35, rerank 0.2, so 7, 7 and 4 nodes (largest remainders:
# 7 + 7 + 4 = 18 = round(0.9 x 20)) and 2 that host nothing.
# - validate prints, per model, only the classes (and nodes) that host it,
#   their capacity, its offered load, and warns for a model offered more
#   than its hosts serve;
# - the run's /placement table and replicas_<model> give those counts, and
#   memory_utilisation_<class> the hosted weights over the memory;
# - no request is served by a node that does not host its model (small
#   nodes fail every few seconds: failover stays within the model's hosts);
# - the nodes chosen follow the seed, and the same seed chooses the same;
# - hosting every model by a list gives the results of no hosts key.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/hosting.yaml
out=$("$ogsim" validate "$sc")
echo "$out"
row() { echo "$out" | grep -Eq "$1" || { echo "FAIL: no line like: $1"; exit 1; }; }
# embed on 7 small nodes: a batch of 4 in 6.667 ms (1 GFlop / (121 TFlop/s x 0.5)
# x 4 ... compute-bound: 7 x 4 / 6.667 ms = 4200/s); 30% of 400/s offered
row '^  embed +small 7 +4200 +120$'
row '^  classifier +big 4, small 7 +115600 +160$'
row '^  llm +big 4 +989 +40$'
row "^note: 2 node\(s\) of class 'small' host no model"
# the small table lists only what small hosts
! echo "$out" | grep -Eq '^  small +llm ' || { echo "FAIL: small listed with llm"; exit 1; }
! echo "$out" | grep -q WARNING || { echo "FAIL: a warning at 400/s"; exit 1; }
out=$("$ogsim" validate "$sc" --set workload.rate=20000/s)
row "^WARNING: model 'embed' is offered 6000 requests/s and the nodes that host it serve at most 4200"
row "^WARNING: model 'rerank' is offered 4000 requests/s and the nodes that host it serve at most 2400"
! echo "$out" | grep -q "WARNING: model 'classifier'" || { echo "FAIL: classifier warned"; exit 1; }

"$ogsim" run "$sc" -q -o "$tmp/a.h5"
"$ogsim" run "$sc" -q -o "$tmp/b.h5"
"$ogsim" run "$sc" -q -o "$tmp/c.h5" --seed 12
# every model hosted everywhere, by a list and by default
sed 's/, hosts: .*}$/}/; s/^     hosts: .*}$/     }/' "$sc" > "$tmp/nohosts.yaml"
sed 's/, hosts: .*}$/, hosts: [llm, classifier, embed, rerank]}/; s/^     hosts: .*}$/     hosts: [llm, classifier, embed, rerank]}/' "$sc" > "$tmp/all.yaml"
"$ogsim" run "$tmp/nohosts.yaml" -q -o "$tmp/d.h5" --set 'node_classes[small].memory=80GB'
"$ogsim" run "$tmp/all.yaml" -q -o "$tmp/e.h5" --set 'node_classes[small].memory=80GB'
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
import numpy as np
from h5check import Checks, summary, same_datasets
t = sys.argv[1]
check = Checks()
with h5py.File(f"{t}/a.h5", "r") as f:
    pl = [(c.decode(), m.decode(), int(n), float(w)) for c, m, n, w in f["placement"][()]]
    req = f["requests"][()]
    units = list(f["placement"].attrs["units"])
want = [("big", "llm", 4, 30e9), ("big", "classifier", 4, 1e9), ("small", "classifier", 7, 1e9),
        ("small", "embed", 7, 2e9), ("small", "rerank", 4, 2e9)]
check(pl == want, f"/placement {pl}")
check(units == ["", "", "", "B"], f"/placement units {units}")
s = summary(f"{t}/a.h5")
reps = {m: s[f"replicas_{m}"] for m in ("llm", "classifier", "embed", "rerank")}
check(reps == {"llm": 4, "classifier": 11, "embed": 7, "rerank": 4}, f"replicas {reps}")
check(s["memory_utilisation_big"] == 31e9 / 80e9, f"memory big {s['memory_utilisation_big']}")
small = (7 * 1e9 + 7 * 2e9 + 4 * 2e9) / (20 * 24e9)
check(abs(s["memory_utilisation_small"] - small) <= 1e-15, f"memory small "
      f"{s['memory_utilisation_small']} want {small}")
check(s["failovers"] > 0, f"{s['failovers']:.0f} failovers (small nodes fail)")
models = ["llm", "classifier", "embed", "rerank"]

def served(path):
    with h5py.File(path, "r") as f:
        r = f["requests"][()]
    ok = r[r["status"] == 0]
    return {m: set(ok["node"][ok["model"] == i].tolist()) for i, m in enumerate(models)}

a = served(f"{t}/a.h5")
big = set(range(4))
check(a["llm"] <= big and len(a["llm"]) == 4, f"llm served by {sorted(a['llm'])}")
for m, n in (("embed", 7), ("rerank", 4)):
    check(not a[m] & big and 0 < len(a[m]) <= n, f"{m} served by {len(a[m])} small nodes")
small_cls = a["classifier"] - big
check(len(small_cls) <= 7, f"classifier served by {len(small_cls)} small nodes")
sets = [small_cls, a["embed"], a["rerank"]]
check(all(not (x & y) for i, x in enumerate(sets) for y in sets[i + 1:]),
      "each small node serves one model only")
check(len(set().union(*sets)) <= 18, "the 2 nodes left over serve nothing")
b, c = served(f"{t}/b.h5"), served(f"{t}/c.h5")
check(a == b, "the same seed places the same nodes")
check(a["embed"] != c["embed"], f"another seed places embed elsewhere: {sorted(a['embed'])} "
      f"vs {sorted(c['embed'])}")
diff = [d for d in same_datasets(f"{t}/d.h5", f"{t}/e.h5") if not d.startswith("summary/replicas_")]
check(not diff, f"hosts listing every model vs no hosts key: datasets differ: {diff}")
sys.exit(0 if check.ok else 1)
PY
