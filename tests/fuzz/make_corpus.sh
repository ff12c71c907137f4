#!/usr/bin/env bash
# Remake the seed corpora tests/fuzz/corpus/{scenario,sweep}/ from the
# scenario and sweep files of the tree, good and bad, plus inputs with --set
# overrides (the harnesses' "#--set" lines). Run after adding such files:
#   tests/fuzz/make_corpus.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
sc=$here/corpus/scenario sw=$here/corpus/sweep
rm -rf "$sc" "$sw"
mkdir -p "$sc" "$sw"

# copy DEST PREFIX FILE...: each file as DEST/PREFIX-NAME.
copy() {
  local dest=$1 prefix=$2 f
  shift 2
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dest/$prefix-${f##*/}"
  done
}
copy "$sc" scenarios "$src"/scenarios/*.yaml
copy "$sc" bench "$src"/scenarios/bench/*.yaml
copy "$sc" tests "$src"/tests/scenarios/*.yaml
copy "$sc" bad "$src"/tests/bad/*.yaml
copy "$sw" sweeps "$src"/scenarios/sweeps/*.yaml
copy "$sw" tests "$src"/tests/sweeps/*.yaml
copy "$sw" bad "$src"/tests/bad_sweeps/*.yaml

# with_sets DEST NAME FROM SET...: FROM, then "#--set" and one override a line.
with_sets() {
  local dest=$1 name=$2 from=$3
  shift 3
  { cat "$from"; printf '#--set\n'; printf '%s\n' "$@"; } > "$dest/set-$name.yaml"
}
with_sets "$sc" rate "$src/scenarios/baseline.yaml" workload.rate=2000/s duration=10s
with_sets "$sc" items "$src/scenarios/baseline.yaml" 'models[llama-8b].fee=0.5' \
  'node_classes.1.count=7' 'regions[0].latency=2ms' 'node_classes[h100].max_batch=8'
with_sets "$sc" new-keys "$src/scenarios/baseline.yaml" verification.protocol=spot_check \
  verification.rate=0.1 economics.slash=1 economics.settlement=batch
with_sets "$sc" no-value "$src/scenarios/baseline.yaml" 'duration'
with_sets "$sc" no-item "$src/scenarios/baseline.yaml" 'models[9].fee=1'
with_sets "$sc" in-value "$src/scenarios/baseline.yaml" 'duration.x=1'
with_sets "$sc" not-value "$src/scenarios/baseline.yaml" 'workload.mix[0]=1'
with_sets "$sc" bad-path "$src/scenarios/baseline.yaml" 'models[0.fee=1'
with_sets "$sc" zoo "$src/tests/scenarios/zoo.yaml" 'models[0].zoo=tiny-mlp' \
  'models[0].prompt_tokens=4'
with_sets "$sw" seed "$src/tests/sweeps/load-plain.yaml" seed=7 duration=2s
with_sets "$sw" axis "$src/tests/sweeps/load-grid.yaml" verification.rate=0.3
with_sets "$sw" bad "$src/tests/sweeps/load-zip.yaml" 'duration=soon' 'nokey'
