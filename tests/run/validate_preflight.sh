#!/usr/bin/env bash
# `ogsim validate` prints the pre-flight capacity: per node class and model
# the roofline time of one request and of its best batch, what the class
# serves, how busy an even share of the load keeps each class, and the
# offered load against the capacity, with a warning when the load exceeds
# it or a class would be nearly always busy.
set -eu
ogsim=$1; src=$2
out=$("$ogsim" validate "$src/scenarios/bench/scale-10k.yaml")
echo "$out"
# h100, llama-8b: 10 TFlop / (989 TFlop/s x 0.5) = 20.222 ms alone (compute-bound);
# a batch of 8 costs 8 times that: 161.780 ms
echo "$out" | grep -Eq '^  h100 +llama-8b +20\.222 ms +161\.780 ms / 8 \(20\.222 ms\) +197800$' ||
  { echo "FAIL: h100 llama-8b row"; exit 1; }
# l4 at 25% with an even share: 50,000/s x 4,000/10,000 nodes over 80,477/s
echo "$out" | grep -Eq '^  l4 +80477 +25%$' || { echo "FAIL: l4 class row"; exit 1; }
echo "$out" | grep -q '^offered: 50000 requests/s; capacity with the mix: 780860 requests/s' ||
  { echo "FAIL: offered line"; exit 1; }
! echo "$out" | grep -q WARNING || { echo "FAIL: a warning for a lightly loaded scenario"; exit 1; }
# preset-opengradient routes at random, so its rate is set for an even
# share to fit its slowest classes (l4 61%, a10 44%): no warning; at 5,000
# requests/s an even share saturates l4 (101%; a10 74%; 20% of the 24,967
# requests/s in all) and the warning names the case
out=$("$ogsim" validate "$src/scenarios/preset-opengradient.yaml")
! echo "$out" | grep -q WARNING || { echo "FAIL: a warning for the preset"; echo "$out"; exit 1; }
out=$("$ogsim" validate "$src/scenarios/preset-opengradient.yaml" --set workload.rate=5000/s)
echo "$out" | grep -q '^WARNING: a class would be busy 95% of the time or more' ||
  { echo "FAIL: no warning for saturated classes"; echo "$out"; exit 1; }
# above the capacity of all nodes
out=$("$ogsim" validate "$src/scenarios/preset-opengradient.yaml" --set workload.rate=50000/s)
echo "$out" | grep -q '^WARNING: the offered load exceeds what all nodes can serve' ||
  { echo "FAIL: no warning above capacity"; echo "$out"; exit 1; }
# continuous engine: the best batch of an LLM is what the KV pool holds at
# the mean context (100 + 12 / 2 tokens: 7 blocks; the pool has 10.5 x 7:
# tests/scenarios/continuous_kv.yaml), not max_num_seqs (64)
out=$("$ogsim" validate "$src/tests/scenarios/continuous_kv.yaml")
echo "$out" | grep -Eq '^  g +llm +[0-9.]+ ms +[0-9.]+ ms / 10 \(' ||
  { echo "FAIL: KV-limited best batch"; echo "$out"; exit 1; }
echo "pre-flight capacity printed and warned as expected"
