#!/usr/bin/env bash
# A user's own SimGrid platform (network.platform): the generated platform
# written out with `ogsim platform` and loaded back gives bit-identical
# results; one with a node host missing is refused by name with exit 2; a
# slower WAN link in the user's file makes cross-region requests time out.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/golden.yaml
fails=0
"$ogsim" platform "$sc" > "$tmp/p.xml" || { echo "FAIL: ogsim platform"; exit 1; }
"$ogsim" run "$sc" -q -o "$tmp/gen.h5" || exit 1
"$ogsim" run "$sc" -q -o "$tmp/own.h5" --set "network.platform=$tmp/p.xml" || exit 1
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY' || fails=1
import sys
from h5check import same_simulation, fail
d = same_simulation(f"{sys.argv[1]}/gen.h5", f"{sys.argv[1]}/own.h5")
if d:
    fail(f"own copy of the generated platform gives other results: {d}")
print("ok: the generated platform loaded as the user's gives identical datasets")
PY
grep -v '"little-29"' "$tmp/p.xml" > "$tmp/missing.xml"
out=$("$ogsim" run "$sc" -q -o "$tmp/m.h5" --set "network.platform=$tmp/missing.xml" 2>&1); rc=$?
if [ $rc != 2 ] || ! grep -q "platform has no host named 'little-29'" <<<"$out" || [ -e "$tmp/m.h5" ]; then
  echo "FAIL: missing host: rc=$rc: $out"; fails=1
else
  echo "ok: missing host refused: $out"
fi
sed 's/<link id="wan-0-1" bandwidth="\([^"]*\)" latency="[^"]*"/<link id="wan-0-1" bandwidth="\1" latency="0.2s"/' "$tmp/p.xml" > "$tmp/slow.xml"
"$ogsim" run "$sc" -q -o "$tmp/slow.h5" --set "network.platform=$tmp/slow.xml" || exit 1
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY' || fails=1
import sys
from h5check import summary, fail
a, b = summary(f"{sys.argv[1]}/gen.h5"), summary(f"{sys.argv[1]}/slow.h5")
# 200 ms one way exceeds the 150 ms timeout of every cross-region request
if not b["timeouts"] > a["timeouts"] + 1000:
    fail(f"a 200 ms WAN link did not cause timeouts: {a['timeouts']} -> {b['timeouts']}")
print(f"ok: slower WAN in the user's platform: timeouts {a['timeouts']:.0f} -> {b['timeouts']:.0f}")
PY
exit $fails
