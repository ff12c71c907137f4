#!/usr/bin/env bash
# The pre-run estimate: `validate` prints it; scenarios that cannot fit
# any machine's memory (tests/bad/nodes_over_memory.yaml, rate_too_high.yaml)
# are refused without --force (tests/bad/) and accepted by `validate
# --force` (never run here). Every shipped scenario is accepted.
set -u
ogsim=$1; src=$2
fails=0
for f in nodes_over_memory rate_too_high; do
  out=$("$ogsim" validate "$src/tests/bad/$f.yaml" --force 2>&1); rc=$?
  if [ $rc != 0 ] || ! grep -q "^estimate: about .* PB\|^estimate: about .* TB" <<<"$out"; then
    echo "FAIL: validate --force $f: rc=$rc: $out"; fails=1
  else
    echo "ok: validate --force $f: $(tail -1 <<<"$out")"
  fi
done
for f in "$src"/scenarios/*.yaml "$src"/scenarios/bench/scale-*.yaml "$src"/tests/scenarios/*.yaml; do
  grep -q "^base:" "$f" && continue # sweep files
  out=$("$ogsim" validate "$f" 2>&1); rc=$?
  if [ $rc != 0 ] || ! grep -q "^estimate: about" <<<"$out"; then
    echo "FAIL: validate $f: rc=$rc: $out"; fails=1
  fi
done
[ $fails = 0 ] && echo "ok: every shipped scenario validates with its estimate"
exit $fails
