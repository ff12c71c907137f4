#!/usr/bin/env bash
# SimGrid aborts (exit 134) on options it refuses and on a platform file it
# cannot parse; ogsim tries them first and exits 2 with SimGrid's reason,
# writing nothing. Options SimGrid accepts still run.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/golden.yaml
fails=0
refused() { # refused EXPECTED-MESSAGE ARGS...
  local want=$1; shift
  out=$("$ogsim" run "$sc" -q -o "$tmp/r.h5" "$@" 2>&1); rc=$?
  if [ $rc != 2 ] || ! grep -qF -- "$want" <<<"$out" || [ -e "$tmp/r.h5" ]; then
    echo "FAIL: $*: rc=$rc: $(head -c 300 <<<"$out")"; fails=1
  else
    echo "ok: $*: $out"
  fi
}
refused "--sg --cfg=no/such:1: std::out_of_range: Bad config key: no/such" --sg --cfg=no/such:1
refused "--sg --cfg=contexts/stack-size:abc: std::range_error: invalid integer" \
  --sg --cfg=contexts/stack-size:abc
refused "not a SimGrid option: 'bogus'" --sg bogus
refused "Invalid control string 'foo'" --sg --log=foo
printf '<?xml version="1.0"?>\n<platform version="4.1"><zone id="w" routing="Full"><host id="gateway"</zone>' \
  > "$tmp/broken.xml"
refused "SimGrid refused the platform file (network.platform): Parse error" \
  --set "network.platform=$tmp/broken.xml"
"$ogsim" run "$sc" -q -o "$tmp/ok.h5" --sg --cfg=contexts/stack-size:32 ||
  { echo "FAIL: an accepted --sg option was refused"; fails=1; }
exit $fails
