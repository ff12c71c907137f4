#!/usr/bin/env bash
# Crash safety: a sweep killed with SIGKILL mid-run leaves no results file
# (only its journal), and started again with --resume it runs only the
# tasks not finished before the kill, and its results equal those of an
# uninterrupted sweep bit for bit. A journal of another sweep is refused.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sw=$src/tests/sweeps/resume.yaml
"$ogsim" sweep "$sw" -q -j 1 -o "$tmp/whole.h5"
"$ogsim" sweep "$sw" -q -j 1 -o "$tmp/r.h5" & pid=$!
for _ in $(seq 3000); do   # until 3 tasks are in the journal (at most 300 s)
  [ -f "$tmp/r.h5.journal" ] && [ "$(wc -l < "$tmp/r.h5.journal")" -ge 4 ] && break
  sleep 0.1
done
kill -KILL $pid; wait $pid 2>/dev/null || true
done_before=$(($(wc -l < "$tmp/r.h5.journal") - 1))
[ ! -e "$tmp/r.h5" ] || { echo "FAIL: a results file exists after the kill"; exit 1; }
ls "$tmp" | grep -q 'r.h5.tmp' && { echo "FAIL: a temporary results file was left"; exit 1; }
echo "ok   killed after $done_before tasks: no results file, journal kept"
rc=0; "$ogsim" sweep "$sw" -q -j 1 -o "$tmp/r.h5" --resume --set duration=7s 2>"$tmp/err" || rc=$?
[ "$rc" = 2 ] || { echo "FAIL: resuming another sweep's journal: exit $rc"; exit 1; }
echo "ok   journal of another sweep refused: $(cat "$tmp/err")"
"$ogsim" sweep "$sw" -j 1 -o "$tmp/r.h5" --resume | tee "$tmp/log" | head -1
grep -q "$((12 - done_before)) tasks run, $done_before resumed" "$tmp/log" ||
  { echo "FAIL: want $((12 - done_before)) tasks run, $done_before resumed"; exit 1; }
echo "ok   resumed: ran only the $((12 - done_before)) tasks missing"
[ ! -e "$tmp/r.h5.journal" ] && [ ! -e "$tmp/r.h5.work" ] ||
  { echo "FAIL: journal or work folder left after completion"; exit 1; }
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
from h5check import same_datasets, fail
diff = same_datasets(f"{sys.argv[1]}/whole.h5", f"{sys.argv[1]}/r.h5")
if diff:
    fail(f"resumed sweep differs from the uninterrupted one in {diff}")
print("ok   resumed sweep identical to the uninterrupted one (every dataset but /perf)")
PY
