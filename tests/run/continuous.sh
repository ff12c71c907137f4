#!/usr/bin/env bash
# The continuous serving engine (sim/serving/continuous.c), checked against
# what can be worked out without it:
#  1. closed form = reference: runs of decode iterations advanced in closed
#     form give the times of the same run stepped one iteration at a time
#     (iterations: each), to 1e-9, on a stressed scenario (two LLMs and a
#     classifier per node, preemption, chunked prefill, failures, cheats
#     and checks) under three seeds, and a fourth with mostly classifier
#     requests, whose passes pause runs (held, then resumed), a fifth
#     with 3 s timeouts, whose abandoned requests keep nodes running past
#     the last response (the run ends with runs under way), and a sixth
#     with room for 3 and 4 sequences, whose arrivals wait for room while
#     a run goes on (saturation from the boundary after each), a seventh
#     whose waiting requests time out (let go at the next boundary,
#     wherever they wait in the queue), an eighth whose preempted
#     sequences may have timed out (one left at the queue's head goes at
#     the next boundary), and a ninth, drawn by a randomised stress, whose
#     waiting requests time out and come back to the same node (the wait
#     counts until the boundary), and a tenth whose runs of one sequence
#     are held for classifier passes and fail just after resuming (the
#     blocks of the iterations before the pause count), and an eleventh
#     whose run, resumed after a pass, is still under way when the run
#     ends (those blocks count then too), and five (31-35) whose prefills
#     go on into the run after them with no event of their own (retries,
#     timeouts, failures and classifier passes during such a prefill, and
#     requests waiting from its end); and the churn example, whose
#     nodes leave mid-run (their work counts until they leave); the node
#     metrics too (utilisation, saturation, KV use, iterations, through
#     failures mid-run and at the run's end; the compute/memory split to
#     1e-4);
#  2. one request alone on a node: its TTFT and TPOT are the roofline of
#     its prefill and decode iterations, computed here from the
#     architecture (separately from the C code), to 1e-9; also with
#     tensor parallelism over two GPUs (NVLink all-reduces);
#  3. max_num_seqs 1 with one shape: continuous serves every request at
#     the time the static engine (serving: batch, max_batch 1) does;
#  4. a batch limited by KV memory: the most sequences running at once is
#     the pool over one sequence's blocks, worked out by hand;
#  5. Little's law: time-average number in system = throughput x mean
#     latency within 1%, in steady state (one LLM; and the stressed mix
#     at a rate it sustains).
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/continuous.yaml
each=(--set node_classes[0].iterations=each --set node_classes[1].iterations=each)
# pair CASE SEED [OPTION...]: the stressed scenario in closed form (cf-CASE)
# and stepped one iteration at a time (each-CASE)
pair() {
  local k=$1 seed=$2
  shift 2
  "$ogsim" run "$sc" -q -o "$tmp/cf-$k.h5" --seed "$seed" "$@"
  "$ogsim" run "$sc" -q -o "$tmp/each-$k.h5" --seed "$seed" "$@" "${each[@]}"
}
for seed in 11 12 13; do
  pair "$seed" "$seed"
done
# mostly classifier requests: runs paused for passes, and resumed, often
cls=(--set 'workload.mix[0].share=0.25' --set 'workload.mix[1].share=0.15'
     --set 'workload.mix[2].share=0.6')
pair 14 14 "${cls[@]}"
# clients that give up after 3 s: nodes go on with what they were given
short=(--set workload.timeout=3s --set workload.max_retries=0)
pair 16 16 "${short[@]}"
# running sets full: arrivals wait for room without ending the run
full=(--set node_classes[0].max_num_seqs=3 --set node_classes[1].max_num_seqs=4
      --set workload.rate=8/s --set duration=70s)
pair 17 17 "${full[@]}"
# queues of requests that time out while they wait
queue=(--set workload.timeout=8s --set workload.max_retries=1 --set workload.rate=20/s
       --set node_classes[0].max_num_seqs=4 --set node_classes[1].max_num_seqs=6)
pair 18 18 "${queue[@]}"
# a small KV pool preempts sequences whose clients gave up
pre=(--set workload.timeout=5s --set workload.max_retries=1 --set workload.rate=30/s
     --set node_classes[0].kv_memory=0.7 --set node_classes[0].max_batched_tokens=512)
pair 27 27 "${pre[@]}"
# traffic ARRAY RATE TIMEOUT RETRIES SHARE0 SHARE1 SHARE2: ARRAY becomes a
# case's workload (rate, timeout, retries and the three models' shares)
traffic() {
  local -n opts=$1
  opts=(--set "workload.rate=$2" --set "workload.timeout=$3" --set "workload.max_retries=$4"
        --set "workload.mix[0].share=$5" --set "workload.mix[1].share=$6"
        --set "workload.mix[2].share=$7")
}
# cls ARRAY CLASS KEY=VALUE...: node_classes[CLASS] options onto ARRAY
cls() {
  local -n opts=$1
  local c=$2 kv
  shift 2
  for kv; do opts+=(--set "node_classes[$c].$kv"); done
}
traffic back 5/s 3s 2 0.25 0.25 0.5
back+=(--set duration=110s)
cls back 0 block_tokens=32 chunked_prefill=true max_num_seqs=3 max_batch=1 \
  kv_memory=0.7
cls back 1 block_tokens=1 chunked_prefill=false max_batched_tokens=512 max_batch=8 \
  mtbf=5s mttr=1s
pair 28 685411 "${back[@]}"
traffic solo 10/s 8s 0 0.2 0.3 0.5
solo+=(--set duration=60s)
cls solo 0 block_tokens=1 chunked_prefill=false max_batched_tokens=512 max_batch=8
cls solo 1 block_tokens=1 chunked_prefill=false max_num_seqs=1 max_batched_tokens=512 \
  max_batch=1
pair 29 148098 "${solo[@]}"
traffic late 5/s 3s 2 0.02 0.13 0.85
late+=(--set gateway.routing=random)
cls late 0 chunked_prefill=true max_num_seqs=3 max_batched_tokens=512 max_batch=8 \
  mtbf=60s mttr=1s kv_memory=0.9
cls late 1 block_tokens=1 chunked_prefill=false max_num_seqs=1 max_batched_tokens=512 \
  max_batch=1 mtbf=60s mttr=1s
pair 30 670488 "${late[@]}"
# prefills merged into the run after them (plan_head), cases drawn by the
# randomised stress:
#  31: a request retried while its first attempt still prefills elsewhere
#      (that stale prefill writes no first-token time)
traffic head31 20/s 8s 2 0.3876 0.1311 0.4813
head31+=(--set gateway.routing=random --set 'dishonest[0].strategy=lazy'
         --set 'models[1].output_tokens=1' --set warmup=2s)
cls head31 0 block_tokens=5 chunked_prefill=false max_num_seqs=16 \
  max_batched_tokens=512 max_batch=8 mtbf=60s mttr=1s kv_memory=0.7
cls head31 1 block_tokens=1 chunked_prefill=true max_num_seqs=16 \
  max_batched_tokens=512 max_batch=2 mtbf=5s mttr=1s
pair 31 521705 "${head31[@]}"
#  32: requests that time out, never retried, during a prefill merged into
#      its run (their first tokens never came)
traffic head32 20/s 3s 0 0.4465 0.3543 0.1992
head32+=(--set gateway.routing=least_loaded --set warmup=7s)
cls head32 0 block_tokens=1 chunked_prefill=false max_num_seqs=16 \
  max_batched_tokens=8192 max_batch=8 mtbf=20s mttr=1s kv_memory=0.76
cls head32 1 block_tokens=32 chunked_prefill=true max_num_seqs=3 \
  max_batched_tokens=512 max_batch=1 mtbf=5s mttr=1s
pair 32 939422 "${head32[@]}"
#  33: one sequence at a time: a request that comes during a merged
#      prefill waits from its end, also when the node fails later in the
#      run
traffic head33 5/s 60s 0 0.4214 0.1352 0.4434
head33+=(--set gateway.routing=least_loaded --set 'models[2].service=exponential'
         --set warmup=7s)
cls head33 0 block_tokens=32 chunked_prefill=false max_num_seqs=1 \
  max_batched_tokens=512 max_batch=2 kv_memory=0.7
cls head33 1 block_tokens=16 chunked_prefill=true max_num_seqs=16 \
  max_batched_tokens=8192 max_batch=1
pair 33 379446 "${head33[@]}"
#  34: a failure during a merged prefill (the node's state goes back to the
#      prefill's start)
traffic head34 30/s 3s 0 0.3451 0.0219 0.6330
head34+=(--set gateway.routing=power_of_two --set warmup=7s)
cls head34 0 block_tokens=32 chunked_prefill=false max_num_seqs=128 \
  max_batched_tokens=8192 max_batch=8 kv_memory=0.7
cls head34 1 block_tokens=5 chunked_prefill=false max_num_seqs=128 \
  max_batched_tokens=2048 max_batch=2 mtbf=20s mttr=1s
pair 34 577579 "${head34[@]}"
#  35: classifier passes at the end of a merged prefill (the run, cut to
#      none of its iterations, is planned afresh)
traffic head35 45/s 60s 0 0.6101 0.0203 0.3696
head35+=(--set gateway.routing=power_of_two --set warmup=7s)
cls head35 0 block_tokens=5 chunked_prefill=true max_num_seqs=16 \
  max_batched_tokens=2048 max_batch=8 kv_memory=0.7
cls head35 1 block_tokens=16 chunked_prefill=false max_num_seqs=128 \
  max_batched_tokens=2048 max_batch=2
pair 35 255347 "${head35[@]}"
churn=("$src/scenarios/examples/churn.yaml" --set duration=8s --set warmup=1s
       --set output.requests=true)
"$ogsim" run "${churn[@]}" -q -o "$tmp/cf-churn.h5"
"$ogsim" run "${churn[@]}" -q -o "$tmp/each-churn.h5" "${each[@]}"
one=$src/tests/scenarios/continuous_one.yaml
"$ogsim" run "$one" -q -o "$tmp/one.h5"
"$ogsim" run "$one" -q -o "$tmp/one-tp2.h5" --set models[0].tensor_parallel=2 \
  --set node_classes[0].gpus=2 --set node_classes[1].gpus=2
same=(--set workload.rate=0.8/s --set duration=200s --set node_classes[1].chunked_prefill=false)
"$ogsim" run "$one" -q -o "$tmp/cont1.h5" "${same[@]}" --set node_classes[0].max_num_seqs=1 \
  --set node_classes[1].max_num_seqs=1
"$ogsim" run "$one" -q -o "$tmp/static1.h5" "${same[@]}" --set node_classes[0].serving=batch \
  --set node_classes[1].serving=batch
"$ogsim" run "$src/tests/scenarios/continuous_kv.yaml" -q -o "$tmp/kv.h5"
"$ogsim" run "$one" -q -o "$tmp/little.h5" --set duration=300s --set workload.rate=10/s
"$ogsim" run "$sc" -q -o "$tmp/little-mixed.h5" --set duration=300s --set workload.rate=12/s
/usr/bin/python3 "$src/tests/run/continuous.py" "$tmp"
# 6. Overload is named by saturation (requests waiting for room), not by
# utilisation, which is ~1 whenever a sequence runs: the KV-limited run
# (offered twice its capacity) warns, the steady one (busy 100%) does not.
"$ogsim" run "$src/tests/scenarios/continuous_kv.yaml" -o "$tmp/x.h5" > "$tmp/kv.txt"
grep -q "WARNING: overloaded node classes: g (9[0-9]% of the window with requests waiting" "$tmp/kv.txt" ||
  { cat "$tmp/kv.txt"; echo "FAIL: no overload warning"; exit 1; }
"$ogsim" run "$one" -o "$tmp/x.h5" --set duration=300s --set workload.rate=10/s > "$tmp/steady.txt"
grep -Eq "utilisation_small +1 " "$tmp/steady.txt" && ! grep -q WARNING "$tmp/steady.txt" ||
  { cat "$tmp/steady.txt"; echo "FAIL: a steady continuous run is called overloaded"; exit 1; }
echo "ok: overload named by saturation"
