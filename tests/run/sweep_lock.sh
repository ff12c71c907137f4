#!/usr/bin/env bash
# One writer per sweep output, and a journal or shard of another sweep is
# named for what differs: a second sweep (another seed) started on the
# output of one running is refused (exit 2) and the first's file equals an
# undisturbed run's; --resume with another seed, other --set or an edited
# sweep file is refused naming that; shards of two seeds are not merged.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sed "s#\.\./scenarios/#$src/tests/scenarios/#" "$src/tests/sweeps/resume.yaml" > "$tmp/sw.yaml"
sw=$tmp/sw.yaml
journal_lines() { [ -f "$1" ] && wc -l < "$1" || echo 0; }
wait_lines() { # wait_lines FILE N: until FILE has N lines (at most 300 s)
  for _ in $(seq 3000); do [ "$(journal_lines "$1")" -ge "$2" ] && return 0; sleep 0.1; done
  echo "FAIL: $1 never reached $2 lines"; exit 1
}
"$ogsim" sweep "$sw" -q -j 1 -o "$tmp/whole.h5"

"$ogsim" sweep "$sw" -q -j 1 -o "$tmp/a.h5" & pid=$!
wait_lines "$tmp/a.h5.journal" 1
rc=0; "$ogsim" sweep "$sw" -q -j 1 --seed 2 -o "$tmp/a.h5" 2>"$tmp/err" || rc=$?
[ "$rc" = 2 ] && grep -q "another sweep (pid $pid) is writing" "$tmp/err" ||
  { echo "FAIL: second sweep on a busy output: exit $rc: $(cat "$tmp/err")"; exit 1; }
grep -q "finished tasks are kept" "$tmp/err" &&
  { echo "FAIL: the refused sweep speaks of its journal"; exit 1; }
echo "ok   second sweep refused: $(cat "$tmp/err")"
wait $pid || { echo "FAIL: the first sweep failed"; exit 1; }
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
from h5check import same_datasets, fail
t = sys.argv[1]
diff = same_datasets(f"{t}/whole.h5", f"{t}/a.h5")
if diff:
    fail(f"the first sweep's file differs from an undisturbed run's in {diff}")
with h5py.File(f"{t}/a.h5") as a, h5py.File(f"{t}/whole.h5") as w:
    if str(a.attrs["seed"]) != str(w.attrs["seed"]):
        fail(f"seed attribute {a.attrs['seed']}, want {w.attrs['seed']}")
print("ok   the first sweep's file is its own (same datasets and seed as an undisturbed run)")
PY

"$ogsim" sweep "$sw" -q -j 1 -o "$tmp/r.h5" & pid=$!
wait_lines "$tmp/r.h5.journal" 3
kill -KILL $pid; wait $pid 2>/dev/null || true
refused() { # refused LABEL PATTERN -- command...: exit 2 and a message matching PATTERN
  local label=$1 pat=$2; shift 3
  local rc=0; "$@" 2>"$tmp/err" >/dev/null || rc=$?
  [ "$rc" = 2 ] && grep -q "$pat" "$tmp/err" ||
    { echo "FAIL: $label: exit $rc, want 2 and '$pat': $(cat "$tmp/err")"; exit 1; }
  echo "ok   $label refused: $(cat "$tmp/err")"
}
refused "--resume with another seed" "the seed differs (journal [0-9]*, now 7)" -- \
  "$ogsim" sweep "$sw" -q -j 1 -o "$tmp/r.h5" --resume --seed 7
refused "--resume with another --set" "the overrides (set: and --set) differ" -- \
  "$ogsim" sweep "$sw" -q -j 1 -o "$tmp/r.h5" --resume --set workload.rate=3000/s
sed 's/replications: 2/replications: 2 # edited/' "$sw" > "$tmp/edited.yaml"
cp "$tmp/edited.yaml" "$sw"
refused "--resume of an edited sweep file" "the sweep file's text changed" -- \
  "$ogsim" sweep "$sw" -q -j 1 -o "$tmp/r.h5" --resume

"$ogsim" sweep "$sw" -q --shard 0/2 -o "$tmp/s0.h5"
"$ogsim" sweep "$sw" -q --shard 1/2 --seed 7 -o "$tmp/s1.h5"
refused "merge of shards of two seeds" "differ in seed" -- \
  "$ogsim" merge -o "$tmp/m.h5" "$tmp/s0.h5" "$tmp/s1.h5"
[ ! -e "$tmp/m.h5" ] || { echo "FAIL: a merged file was written"; exit 1; }
