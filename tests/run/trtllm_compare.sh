#!/usr/bin/env bash
# scenarios/validation/trtllm/compare.sh end to end on two rows with the
# continuous engine (the TTFT worked out below from the roofline) and one
# with the static engine; a bad row id is refused; --serving continuous
# writes the keys that engine reads.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cmp=$src/scenarios/validation/trtllm/compare.sh
"$cmp" --ogsim "$ogsim" --serving continuous --rows a100-7b-1,a100-7b-ttft-1 -o "$tmp/t.md" > "$tmp/out"
cmp -s "$tmp/out" "$tmp/t.md" || { echo "FAIL: -o file differs from stdout"; exit 1; }
grep -qF '| a100-7b-1 | llama-2-7b | a100-sxm-80gb | fp16 | 1 | 384 | 128 | 128 | tok/s/GPU | 5,586 | 6,266 | 1.12 |' "$tmp/out" ||
  { echo "FAIL: a100-7b-1 row:"; cat "$tmp/out"; exit 1; }
# Llama-2-7B, 128 prompt tokens alone on an A100 (docs/serving.md):
# compute (12,952,010,752 x 128 + 262,144,000 + 524,288 x 128 x 129 / 2) FLOP
# / (312e12 x 0.6) = 8.881 ms > memory 13,214,154,752 B / (2.039e12 x 0.75)
# = 8.641 ms; plus 1 ms per iteration and 32 layers x 100 us launched one
# by one in an iteration with prefill: 13.08 ms
grep -qF '| a100-7b-ttft-1 | llama-2-7b | a100-sxm-80gb | fp16 | 1 | 1 | 128 | 1 | TTFT ms | 16 | 13.1 | 0.82 |' "$tmp/out" ||
  { echo "FAIL: a100-7b-ttft-1 row:"; cat "$tmp/out"; exit 1; }
grep -q '^throughput: 1 rows, median absolute error 12.2%' "$tmp/out" ||
  { echo "FAIL: summary:"; cat "$tmp/out"; exit 1; }
# the static engine runs the same rows
"$cmp" --ogsim "$ogsim" --rows a100-7b-1 > "$tmp/static" ||
  { echo "FAIL: --serving batch"; cat "$tmp/static"; exit 1; }
grep -q '^| a100-7b-1 |' "$tmp/static" || { echo "FAIL: static row"; exit 1; }
if "$cmp" --ogsim "$ogsim" --rows nosuch 2> "$tmp/err"; then echo "FAIL: unknown row accepted"; exit 1; fi
grep -q "no row nosuch" "$tmp/err" || { echo "FAIL: message: $(cat "$tmp/err")"; exit 1; }
# The continuous engine's keys.
"$cmp" --ogsim "$ogsim" --rows h100-70b-2 --serving continuous --memory-efficiency 0.75 \
  --keep "$tmp/k" > /dev/null
s=$tmp/k/h100-70b-2/scenario.yaml
for k in 'serving: continuous' 'max_num_seqs: 480' 'max_batched_tokens: 1048576' 'gpus: 4' \
         'peak: 1978.9TFlops' 'nvlink_bandwidth: 450GBps' 'memory_efficiency: 0.75' \
         'tensor_parallel: 4' 'dtype_bytes: 1' 'arrival: trace'; do
  grep -qF "$k" "$s" || { echo "FAIL: '$k' not in the continuous scenario:"; cat "$s"; exit 1; }
done
[ "$(grep -c '^0,128,2048$' "$tmp/k/h100-70b-2/trace.csv")" = 480 ] || { echo "FAIL: trace"; exit 1; }
echo "ok: compare.sh rows, summary, errors and continuous keys"
