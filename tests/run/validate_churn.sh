#!/usr/bin/env bash
# `ogsim validate` counts a churning class's nodes online on average, not
# its slots (docs/churn.md, "The closed form"), on tests/scenarios/churn.yaml
# with 40 slots: a = 2/s x 20 s = 40 erlangs, B(40, 40) = 0.1162 (Erlang's
# recursion), so 40 (1 - 0.11616) = 35.354 nodes online. A request of
# `small` takes 40 GFlop / (100 TFlop/s x 0.4) = 1 ms alone, so peer serves
# 35.354 x 1000 = 35354 requests/s (40,000 with its slots), fixed 4 x 1000.
# At 20,000/s spread evenly over the 39.354 nodes online each is busy
# 20000 x 1 ms / 39.354 = 50.8% (45% over 44 slots and nodes).
set -eu
ogsim=$1; src=$2
out=$("$ogsim" validate "$src/tests/scenarios/churn.yaml" --set 'node_classes[peer].count=40' \
  --set workload.rate=20000/s)
echo "$out"
row() { echo "$out" | grep -Eq "$1" || { echo "FAIL: no line like: $1"; exit 1; }; }
row "^churn: class 'peer': 40 slots, a = join_rate x mean session = 40, B\(40, a\) = 0\.1162: 35\.3538 nodes online on average"
row '^  peer +small +1\.000 ms +1\.000 ms / 1 \(1\.000 ms\) +35354$'
row '^  peer +35354 +51%$'
row '^  fixed +4000 +51%$'
row '^offered: 20000 requests/s; capacity with the mix: 39354 requests/s'
# without churn: no churn line, the slots' capacity
out=$("$ogsim" validate "$src/tests/scenarios/golden.yaml")
! echo "$out" | grep -q '^churn:' || { echo "FAIL: a churn line without churn"; exit 1; }
