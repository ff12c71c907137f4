#!/usr/bin/env bash
# Progress on stderr when it is not a terminal (batch jobs, CI logs): full
# lines, every OGSIM_PROGRESS_INTERVAL seconds of wall time (default 10;
# 0 here, so that lines appear whatever the machine's speed), none with -q,
# and stdout's summary untouched. Progress costs nothing while nothing
# happens: a 0.1 s run with a 1000 s drain and a 100 s timeout reports a
# handful of times (at most once per 64 events), not once per 1/200 of
# the duration over the idle time.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/golden.yaml
OGSIM_PROGRESS_INTERVAL=0 "$ogsim" run "$sc" -o "$tmp/a.h5" > "$tmp/out" 2> "$tmp/err"
n=$(grep -c "^ogsim: progress at .* s: .*requests" "$tmp/err" || true)
[ "$n" -ge 1 ] || { echo "FAIL: no progress line on a redirected stderr"; cat "$tmp/err"; exit 1; }
grep -q "requests_completed" "$tmp/out" || { echo "FAIL: no summary on stdout"; exit 1; }
if grep -q "progress" "$tmp/out"; then echo "FAIL: progress on stdout"; exit 1; fi
echo "ok: $n progress lines on stderr, e.g.: $(head -1 "$tmp/err")"
OGSIM_PROGRESS_INTERVAL=0 "$ogsim" run "$sc" -q -o "$tmp/b.h5" > "$tmp/out" 2> "$tmp/err"
# (the sanitizer build may print its own warnings on stderr)
if [ -s "$tmp/out" ] || grep -q "progress" "$tmp/err"; then echo "FAIL: -q printed"; cat "$tmp/err"; exit 1; fi
echo "ok: -q prints nothing"
OGSIM_PROGRESS_INTERVAL=0 "$ogsim" run "$sc" -o "$tmp/c.h5" --set duration=0.1s --set warmup=0s \
  --set drain=1000s --set workload.timeout=100s > "$tmp/out" 2> "$tmp/err"
n=$(grep -c "^ogsim: progress" "$tmp/err" || true)
issued=$(awk '$1 == "requests_issued" {print $2}' "$tmp/out")
[ "$n" -le $((issued / 16 + 1)) ] || { echo "FAIL: $n progress lines for $issued requests"; exit 1; }
echo "ok: $n progress lines for $issued requests over a long idle drain"
