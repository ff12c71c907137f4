#!/usr/bin/env bash
# Switching a verification block to `protocol: none` with --set while its
# file sets another protocol's overhead is refused at the overhead's line
# (it would still slow every response), and accepted once the overhead
# and latency are set back to none's own (1 and 0). The same refusal for
# a file's own block: tests/bad/none_with_*.yaml.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
zk=$tmp/protocol-zkml.yaml  # the zkml example with an explicit overhead, not its own keys
sed -e 's/^verification: {protocol: zkml, provers: 20000, on_detect: eject}/verification: {protocol: zkml, overhead: 2, on_detect: eject}/' \
  "$src/scenarios/protocol-zkml.yaml" > "$zk"
grep -q '^verification: {protocol: zkml, overhead: 2' "$zk" || { echo "FAIL: the example changed"; exit 1; }
if out=$("$ogsim" validate "$zk" --set verification.protocol=none 2>&1); then
  echo "FAIL: protocol none with zkml's overhead accepted"; exit 1
fi
case $out in *"protocol-zkml.yaml:"*"verification.overhead: protocol 'none' verifies nothing"*) ;;
  *) echo "FAIL: unexpected message: $out"; exit 1 ;; esac
echo "ok   --set protocol=none under an explicit overhead refused: $out"
"$ogsim" validate "$zk" --set verification.protocol=none --set verification.overhead=1 \
  --set verification.latency=0s >/dev/null
echo "ok   --set protocol=none with overhead 1 and latency 0 accepted"
