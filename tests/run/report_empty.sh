#!/usr/bin/env bash
# ogsim report refuses (exit 2, a message, nothing on stdout) a results file
# whose /summary is empty or missing, instead of printing an empty summary.
set -u
ogsim=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
t = sys.argv[1]
with h5py.File(f"{t}/empty.h5", "w") as f:
    f.attrs["scenario_name"] = "x"
    f.create_group("summary")
with h5py.File(f"{t}/none.h5", "w") as f:
    f.attrs["scenario_name"] = "x"
PY
fails=0
for f in empty none; do
  rc=0; "$ogsim" report "$tmp/$f.h5" > "$tmp/out" 2> "$tmp/err" || rc=$?
  if [ "$rc" = 2 ] && [ -s "$tmp/err" ] && [ ! -s "$tmp/out" ]; then
    echo "ok   $f /summary refused: $(cat "$tmp/err")"
  else
    echo "FAIL: report on a file with $f /summary: exit $rc: $(cat "$tmp/out" "$tmp/err")"; fails=1
  fi
done
exit $fails
