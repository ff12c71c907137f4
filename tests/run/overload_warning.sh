#!/usr/bin/env bash
# No silent overload: a run whose node classes are busy (nearly) all the
# window says so under the summary, naming them, in `ogsim run` and in
# `ogsim report`; a run in a steady state says nothing of the kind.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ogsim" run "$src/tests/scenarios/saturated.yaml" -o "$tmp/sat.h5" > "$tmp/run.txt" 2>/dev/null
"$ogsim" report "$tmp/sat.h5" > "$tmp/report.txt"
for f in run report; do
  grep -q "WARNING: overloaded node classes: slow (100% busy), fast (100% busy)" "$tmp/$f.txt" ||
    { echo "FAIL: ogsim $f of a saturated run does not name its overloaded classes"; exit 1; }
done
echo "ok   saturated run: both classes named as overloaded (run and report)"
"$ogsim" run "$src/tests/scenarios/golden.yaml" -o "$tmp/g.h5" > "$tmp/g.txt" 2>/dev/null
! grep -q "overloaded" "$tmp/g.txt" || { echo "FAIL: a steady-state run warns of overload"; exit 1; }
echo "ok   steady-state run: no overload warning"
