#!/usr/bin/env bash
# The names a scenario may give a node class's serving engine, the
# network mode and the placement policy are exactly those of their lists
# (serving_list.h, net_mode_list.h, placement_list.h): each listed name
# runs, and any other is refused (exit 2) with the listed names. `serving: batch`, the default, changes nothing.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
names() { # names LIST_HEADER: the second field of each X(...) line
  sed -n 's/^ *X([A-Z_0-9]*, *\([a-z_0-9]*\).*/\1/p' "$src/sim/include/ogsim/$1"
}
sc=$src/tests/scenarios/golden.yaml
set_ser() { local a=(); for c in big little; do a+=(--set "node_classes[$c].serving=$1"); done; echo "${a[@]}"; }
fails=0
refused() { # refused KEY WANT_LIST ARGS...: exit 2, message naming the list
  local key=$1 list=$2; shift 2
  local rc=0; "$ogsim" validate "$sc" "$@" >"$tmp/out" 2>&1 || rc=$?
  if [ "$rc" = 2 ] && grep -qF "$key: must be one of: $list; got 'no_such_name'" "$tmp/out"; then
    echo "ok   $key: unknown name refused, listing $list"
  else
    echo "FAIL: $key: rc $rc: $(cat "$tmp/out")"; fails=1
  fi
}
serving=$(names serving_list.h); modes=$(names net_mode_list.h); places=$(names placement_list.h)
[ -n "$serving" ] && [ -n "$modes" ] && [ -n "$places" ] || { echo "FAIL: cannot read the lists"; exit 1; }
for s in $serving; do
  # shellcheck disable=SC2046
  if "$ogsim" run "$sc" -q -o "$tmp/s-$s.h5" $(set_ser "$s"); then echo "ok   serving: $s runs"
  else echo "FAIL: serving: $s does not run"; exit 1; fi
done
for m in $modes; do
  if "$ogsim" validate "$sc" --set "network.mode=$m" >/dev/null; then echo "ok   network.mode: $m accepted"
  else echo "FAIL: network.mode: $m refused"; fails=1; fi
done
refused "node_classes[0].serving" "$(echo $serving | sed 's/ /, /g')" --set 'node_classes[big].serving=no_such_name'
refused "network.mode" "$(echo $modes | sed 's/ /, /g')" --set network.mode=no_such_name
# with a storage tier, which policies that load models at run time need
{ cat "$sc"; echo 'storage: [{name: store, bandwidth: 10GBps}]'; } >"$tmp/stored.yaml"
for p in $places; do
  if "$ogsim" run "$tmp/stored.yaml" -q -o "$tmp/p-$p.h5" --set "placement.policy=$p"; then
    echo "ok   placement.policy: $p runs"
  else echo "FAIL: placement.policy: $p does not run"; fails=1; fi
done
refused "placement.policy" "$(echo $places | sed 's/ /, /g')" --set placement.policy=no_such_name
"$ogsim" run "$sc" -q -o "$tmp/default.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp/default.h5" "$tmp/s-batch.h5" <<'PY' || fails=1
import sys
from h5check import summary
a, b = summary(sys.argv[1]), summary(sys.argv[2])
bad = [k for k in a if k in b and not (a[k] == b[k] or (a[k] != a[k] and b[k] != b[k]))]
print("ok   serving: batch is the default, bit for bit" if not bad and a.keys() == b.keys()
      else f"FAIL: serving: batch differs from the default in {bad[:5]}")
sys.exit(1 if bad or a.keys() != b.keys() else 0)
PY
exit $fails
