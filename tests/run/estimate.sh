#!/usr/bin/env bash
# The pre-run estimate: `validate` prints it; scenarios that cannot fit
# any machine's memory (tests/bad/nodes_over_memory.yaml, rate_too_high.yaml)
# are refused without --force (tests/bad/) and accepted by `validate
# --force` (never run here). Every shipped scenario's estimate is under
# 16 GB (they are meant for the design card's 24 GiB machine); they are
# validated with --force so that the test does not depend on the memory of
# the machine it runs on.
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
  out=$("$ogsim" validate --force "$f" 2>&1); rc=$?
  est=$(sed -n 's/^estimate: about \([0-9.]*\) \([kMGTP]*B\) of memory.*/\1 \2/p' <<<"$out")
  if [ $rc != 0 ] || [ -z "$est" ]; then
    echo "FAIL: validate $f: rc=$rc: $out"; fails=1
  elif ! awk -v v="${est% *}" -v u="${est#* }" 'BEGIN {
      m["B"] = 1; m["kB"] = 1e3; m["MB"] = 1e6; m["GB"] = 1e9; m["TB"] = 1e12; m["PB"] = 1e15
      exit !(v * m[u] < 16e9) }'; then
    echo "FAIL: $f: estimate $est, over 16 GB"; fails=1
  fi
done
[ $fails = 0 ] && echo "ok: every shipped scenario validates, its estimate under 16 GB"
exit $fails
