#!/usr/bin/env bash
# `ogsim calibrate -o` never replaces what is not a regular file (a FIFO
# here), and SIGTERM or SIGINT during the measurements leaves no temporary
# file and exits 143 or 130.
set -u
ogsim=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
mkfifo "$tmp/fifo"
rc=0; "$ogsim" calibrate --quick -o "$tmp/fifo" 2> "$tmp/err" || rc=$?
if [ "$rc" = 2 ] && [ -p "$tmp/fifo" ] && grep -q "not a regular file" "$tmp/err"; then
  echo "ok   a FIFO as -o refused: $(cat "$tmp/err")"
else
  echo "FAIL: calibrate -o FIFO: exit $rc, $(ls -l "$tmp/fifo"), $(cat "$tmp/err")"; fails=1
fi
set -m   # background jobs keep SIGINT (without job control bash ignores it)
for sig in TERM INT; do
  want=$((128 + $(kill -l "$sig")))
  "$ogsim" calibrate --quick -o "$tmp/cal.yaml" 2> "$tmp/err" & pid=$!
  for _ in $(seq 3000); do   # until the temporary file exists (at most 300 s)
    ls "$tmp" | grep -q 'cal.yaml.tmp' && break
    sleep 0.1
  done
  kill -s "$sig" $pid; rc=0; wait $pid || rc=$?
  left=$(ls "$tmp" | grep cal.yaml || true)
  if [ "$rc" = "$want" ] && [ -z "$left" ]; then
    echo "ok   SIG$sig: exit $rc, nothing left"
  else
    echo "FAIL: SIG$sig: exit $rc (want $want), left: $left"; fails=1
  fi
done
exit $fails
