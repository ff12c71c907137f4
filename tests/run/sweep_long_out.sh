#!/usr/bin/env bash
# A sweep refuses (exit 2, nothing created) an -o whose derived names (the
# work folder OUT.work, the task files in it) would not fit a path, instead
# of locking and writing names cut short: with OUT.work itself too long,
# with the task files too long, and with only a task's temporary results
# name (.tmp.PID) too long; a path a little shorter works.
set -eu
ogsim=$1; src=$2
tmp=$(cd "$(mktemp -d)" && pwd -P); trap 'rm -rf "$tmp"' EXIT
sw=$src/tests/sweeps/resume.yaml
seg=$(printf 'd%.0s' $(seq 200))
dir=$tmp
while [ $((${#dir} + 201)) -lt 4000 ]; do dir=$dir/$seg; done
mkdir -p "$dir"
out_of() { printf '%s/%s.h5' "$dir" "$(printf 'o%.0s' $(seq $(($1 - ${#dir} - 4))))"; }
# 4093: OUT.work passes 4095 bytes; 4075: OUT.work/ID-tN.h5 does; 4060: .tmp.PID added does
for total in 4093 4075 4060; do
  out=$(out_of $total)
  [ ${#out} = "$total" ] || { echo "FAIL: test setup: -o of ${#out} characters"; exit 1; }
  rc=0; "$ogsim" sweep "$sw" -q -j 1 -o "$out" 2>"$tmp/err" >/dev/null || rc=$?
  [ "$rc" = 2 ] && grep -q "give a shorter -o" "$tmp/err" ||
    { echo "FAIL: -o of $total characters: exit $rc: $(cut -c1-300 "$tmp/err")"; exit 1; }
  [ -z "$(ls "$dir")" ] || { echo "FAIL: -o of $total characters: created $(ls "$dir" | cut -c1-60)"; exit 1; }
  echo "ok   -o of $total characters refused: $(grep -o 'a results path.*' "$tmp/err")"
done
out=$(out_of 4040)
"$ogsim" sweep "$sw" -q -j 2 -o "$out" >/dev/null
[ -f "$out" ] && [ ! -e "$out.work" ] && [ ! -e "$out.journal" ] ||
  { echo "FAIL: -o of 4040 characters: $(ls "$dir" | cut -c1-60)"; exit 1; }
echo "ok   -o of 4040 characters: the sweep ran and cleaned up"
