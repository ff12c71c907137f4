#!/usr/bin/env bash
# Absurd but well-formed input is refused at once with the limit named, for
# every kind of YAML file (scenario, sweep, zoo model, calibration); and a
# scenario with 10,000 regions, classes and models still validates.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
expect() { # expect CODE PATTERN -- command...
  local code=$1 pat=$2; shift 3
  "$@" >"$tmp/out" 2>&1; local rc=$?
  if [ "$rc" != "$code" ] || ! grep -qF -- "$pat" "$tmp/out"; then
    echo "FAIL: '$*' exited $rc (want $code), output:"; head -c 600 "$tmp/out"; echo
    fails=$((fails + 1))
  else
    echo "ok: $* -> $rc"
  fi
}
deep() { # deep N: a list nested N deep
  awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "["; for (i = 0; i < n; i++) printf "]"; print "" }'
}
small='duration: 1s
regions: [{name: us}]
models: [{name: m, flops: 1GFlop}]
node_classes: [{name: c, region: us, count: 1, peak: 1TFlops}]
workload: {rate: 10/s}'
depth_msg="lists and mappings nested more than 64 deep, the limit for a YAML file"
size_msg="larger than 16 MiB, the limit for a YAML file"

# Nesting: 100,000 '[' (libyaml alone took minutes over them).
deep 100000 > "$tmp/deep.yaml"
expect 2 "$tmp/deep.yaml:1:65: $depth_msg" -- "$ogsim" validate "$tmp/deep.yaml"
expect 2 "$depth_msg" -- "$ogsim" run "$tmp/deep.yaml" -o "$tmp/deep.h5"
{ echo "$small"; echo "seed: $(deep 100000)"; } > "$tmp/deep-key.yaml"
expect 2 "$depth_msg" -- "$ogsim" validate "$tmp/deep-key.yaml"
{ echo "base: scn.yaml"; echo "axes: $(deep 100000)"; } > "$tmp/deep-sweep.yaml"
expect 2 "$depth_msg" -- "$ogsim" sweep "$tmp/deep-sweep.yaml" --validate
mkdir "$tmp/zoo"
deep 1000 > "$tmp/zoo/deep.yaml"
{ echo "$small" | sed 's/flops: 1GFlop/zoo: deep/'; } > "$tmp/zoo-deep.yaml"
expect 2 "$depth_msg" -- env OGSIM_ZOO_DIR="$tmp/zoo" "$ogsim" validate "$tmp/zoo-deep.yaml"
deep 1000 > "$tmp/cal.yaml"
{ echo "$small" | sed 's/flops: 1GFlop/zoo: tiny-mlp/'; echo "calibration: cal.yaml"; } \
  > "$tmp/cal-deep.yaml"
expect 2 "$depth_msg" -- "$ogsim" validate "$tmp/cal-deep.yaml"
# 64 levels are within the limit (the schema refuses them, not the reader).
{ echo "$small"; echo "seed: $(deep 63)"; } > "$tmp/deep63.yaml"
expect 2 "seed: expected a single value, not a list" -- "$ogsim" validate "$tmp/deep63.yaml"

# Size: a valid scenario padded past 16 MiB with comments.
{ echo "$small"; yes '# padding padding padding padding padding padding padding' |
  head -c $((17 << 20)); echo; } > "$tmp/big.yaml"
expect 2 "$tmp/big.yaml: $size_msg" -- "$ogsim" validate "$tmp/big.yaml"
expect 2 "$size_msg" -- "$ogsim" run "$tmp/big.yaml" -o "$tmp/big.h5"
{ echo "base: scn.yaml"; yes '# padding padding padding padding padding padding padding' |
  head -c $((17 << 20)); echo; } > "$tmp/big-sweep.yaml"
expect 2 "$size_msg" -- "$ogsim" sweep "$tmp/big-sweep.yaml" --validate
rm -f "$tmp"/big*.yaml
ls "$tmp"/*.h5 2>/dev/null && { echo "FAIL: a refused run left a results file"; fails=$((fails + 1)); }

# Many names: 10,000 regions, classes and models, and 10,000 WAN links,
# validate (names are hashed, links sorted). With clients in every region
# the platform would route every pair of regions: the memory estimate
# refuses to run that, so these validate with --force.
awk 'BEGIN { n = 10000
  print "duration: 1s"; print "network:"; print "  wan:"
  for (i = 0; i < n; i++) printf "    - {between: [r%d, r%d], latency: 1ms}\n", i, (i + 1) % n
  print "regions:"
  for (i = 0; i < n; i++) printf "  - {name: r%d}\n", i
  print "models:"
  for (i = 0; i < n; i++) printf "  - {name: m%d, flops: 1GFlop}\n", i
  print "node_classes:"
  for (i = 0; i < n; i++) printf "  - {name: c%d, region: r%d, count: 1, peak: 1TFlops}\n", i, i
  print "workload: {rate: 100/s}" }' > "$tmp/many.yaml"
expect 0 "ok: 'many', 10000 nodes in 10000 classes, 10000 regions, 10000 models" -- \
  "$ogsim" validate --force "$tmp/many.yaml"
sed 's/{name: c9999, region: r9999/{name: c5000, region: r9999/' "$tmp/many.yaml" > "$tmp/dup.yaml"
expect 2 "node_classes[9999].name: duplicate node class 'c5000' (also node_classes[5000])" -- \
  "$ogsim" validate --force "$tmp/dup.yaml"
sed 's/{name: c9999, region: r9999/{name: c9999, region: r10000/' "$tmp/many.yaml" > "$tmp/ref.yaml"
expect 2 "node_classes[9999].region: unknown region 'r10000' (known: r0, r1," -- \
  "$ogsim" validate --force "$tmp/ref.yaml"
sed 's/{between: \[r9999, r0\]/{between: [r5001, r5000]/' "$tmp/many.yaml" > "$tmp/wan.yaml"
expect 2 "network.wan[9999].between: a second link between the same two regions" -- \
  "$ogsim" validate --force "$tmp/wan.yaml"
exit $fails
