#!/usr/bin/env bash
# The command's contract: --help, exit codes, validate, run writing only the
# final results file, report reading the summary back from the file alone.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
expect() { # expect CODE PATTERN -- command...
  local code=$1 pat=$2; shift 3
  "$@" >"$tmp/out" 2>&1; local rc=$?
  if [ "$rc" != "$code" ] || ! grep -q -- "$pat" "$tmp/out"; then
    echo "FAIL: '$*' exited $rc (want $code), output:"; cat "$tmp/out"; fails=$((fails + 1))
  else
    echo "ok: $* -> $rc"
  fi
}
sc=$src/tests/scenarios/golden.yaml
expect 0 "usage: ogsim" -- "$ogsim" --help
expect 0 "usage: ogsim" -- "$ogsim" run --help
expect 2 "usage: ogsim" -- "$ogsim"
expect 2 "usage: ogsim" -- "$ogsim" frobnicate
expect 2 "no scenario file given" -- "$ogsim" run
expect 2 "unknown option: --bogus" -- "$ogsim" run "$sc" --bogus
expect 2 "--seed needs a non-negative integer" -- "$ogsim" run "$sc" --seed -4
expect 0 "ok: 'golden', 50 nodes in 2 classes" -- "$ogsim" validate "$sc"
expect 2 "$tmp/none.yaml: cannot read: No such file or directory" -- "$ogsim" run "$tmp/none.yaml" -o "$tmp/none.h5"
expect 0 "<zone id=\"world\"" -- "$ogsim" platform "$sc"
expect 2 "cannot" -- "$ogsim" report "$tmp/missing.h5"
echo "not hdf5" > "$tmp/text.h5"
expect 2 "not an HDF5 file" -- "$ogsim" report "$tmp/text.h5"
expect 0 "results in $tmp/r.h5" -- "$ogsim" run "$sc" -o "$tmp/r.h5" --set workload.timeout=3s
[ "$(ls "$tmp")" = "$(printf 'out\nr.h5\ntext.h5')" ] || { echo "FAIL: stray files: $(ls "$tmp")"; fails=$((fails + 1)); }
expect 0 "latency_p99" -- "$ogsim" report "$tmp/r.h5"
expect 0 "overrides *workload.timeout=3s" -- "$ogsim" report "$tmp/r.h5" --all
[ "$fails" = 0 ]
