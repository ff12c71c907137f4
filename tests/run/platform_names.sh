#!/usr/bin/env bash
# Names that validate must not make SimGrid abort: ids of the generated
# platform are built from indices (no two collide whatever the names) and
# names are XML-escaped. Each run leaves no platform file in its TMPDIR;
# `ogsim platform` (the names a user's platform uses) loads back to the same
# numbers, and refuses by name a client and a node that would share a host.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/names.yaml
fails=0
mkdir "$tmp/t1" "$tmp/t2"
TMPDIR=$tmp/t1 "$ogsim" run "$sc" -q -o "$tmp/gen.h5"; rc=$?
[ $rc = 0 ] || { echo "FAIL: run exited $rc"; fails=1; }
[ -z "$(ls -A "$tmp/t1")" ] || { echo "FAIL: left in TMPDIR: $(ls -A "$tmp/t1")"; fails=1; }
"$ogsim" platform "$sc" > "$tmp/p.xml" || { echo "FAIL: ogsim platform"; fails=1; }
TMPDIR=$tmp/t2 "$ogsim" run "$sc" -q -o "$tmp/own.h5" --set "network.platform=$tmp/p.xml" ||
  { echo "FAIL: run on the printed platform"; fails=1; }
[ $fails = 0 ] && PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY' || fails=1
import sys
from h5check import same_simulation, summary, fail
d = same_simulation(f"{sys.argv[1]}/gen.h5", f"{sys.argv[1]}/own.h5")
if d:
    fail(f"the printed platform gives other results: {d}")
s = summary(f"{sys.argv[1]}/gen.h5")
if not s["requests_completed"] > 300:
    fail(f"too few requests completed: {s['requests_completed']}")
print(f"ok: colliding and XML names run; {s['requests_completed']:.0f} completed, same on the printed platform")
PY
out=$("$ogsim" platform "$sc" --set 'node_classes[border].name=client' --set 'regions[c].name=1' \
      --set 'workload.clients[0].region=1' 2>&1 >/dev/null); rc=$?
if [ $rc != 2 ] || ! grep -q "would both be host 'client-1'" <<<"$out"; then
  echo "FAIL: client/node clash: rc=$rc: $out"; fails=1
else
  echo "ok: clash of user-platform names refused: $out"
fi
out=$("$ogsim" run "$sc" -q -o "$tmp/xml.h5" --set "regions[x.y].name=x&<\"'>y" 2>&1); rc=$?
if [ $rc != 2 ] || ! grep -q "not allowed in a name" <<<"$out" || [ -e "$tmp/xml.h5" ]; then
  echo "FAIL: a name with XML characters: rc=$rc: $out"; fails=1
else
  echo "ok: a name with XML characters refused before SimGrid: $out"
fi
exit $fails
