#!/usr/bin/env bash
# The generated platform never lies in TMPDIR under a name: a run killed
# while it writes or loads its platform leaves nothing there. The script
# watches a private TMPDIR during the run and kills the run (SIGKILL) as
# soon as a file shows up; then TMPDIR must be empty and the run must have
# gone to its end on its own.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/t"
shopt -s nullglob dotglob
TMPDIR=$tmp/t "$ogsim" run "$src/tests/scenarios/temp-platform.yaml" -q -o "$tmp/r.h5" &
pid=$!
seen=
while kill -0 $pid 2>/dev/null; do
  files=("$tmp/t"/*)
  if [ ${#files[@]} -gt 0 ]; then
    seen=${files[0]}; kill -9 $pid 2>/dev/null; break
  fi
  sleep 0.005
done
wait $pid; rc=$?
left=$(ls -A "$tmp/t")
if [ -n "$seen" ] || [ -n "$left" ] || [ $rc != 0 ]; then
  echo "FAIL: a platform file showed up in TMPDIR ($seen), left: '$left', run exited $rc"
  exit 1
fi
echo "ok: no platform file in TMPDIR during or after the run"
