#!/usr/bin/env bash
# SIGTERM and SIGINT end `sweep` and `merge` with 143 and 130, saying so:
# a sweep mid-run keeps its journal and leaves no task process running;
# a signal while the results file is complete under its temporary name
# (a preloaded hook raises it in that file's fsync) leaves no temporary
# file, in `sweep` and in `merge`.
set -eu
ogsim=$1; src=$2
tmp=$(cd "$(mktemp -d)" && pwd -P); pid=
trap '[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
sw=$src/tests/sweeps/resume.yaml
declare -A said=([TERM]="terminated (SIGTERM)" [INT]="interrupted (SIGINT)")
check() {  # check SIG RC WHAT OUT: exit, message, no temporary file nor results file
  local want=$((128 + $(kill -l "$1")))
  [ "$2" = "$want" ] || { echo "FAIL: $3: exit $2, want $want"; exit 1; }
  grep -qF "${said[$1]}" "$tmp/err" || { echo "FAIL: $3: no '${said[$1]}' said"; exit 1; }
  ! ls "$tmp" | grep -q '\.tmp\.' || { echo "FAIL: $3: left $(ls "$tmp" | grep '\.tmp\.')"; exit 1; }
  [ ! -e "$4" ] || { echo "FAIL: $3: $4 written"; exit 1; }
}
no_tasks_left() {  # no_tasks_left OUT PID...: every task process of OUT gone (at most 300 s):
  local p left  # exec'd ones name OUT.work/, forked ones were the sweep's children PID...
  for _ in $(seq 3000); do
    left=$(pgrep -f "$1.work/" || true)
    for p in "${@:2}"; do [ ! -d "/proc/$p" ] || left="$left $p"; done
    [ -z "${left// /}" ] && return 0; sleep 0.1
  done
  echo "FAIL: task processes of $1 still running: $left"; exit 1
}
lines() { [ -f "$1" ] && wc -l < "$1" || echo 0; }

set -m   # background jobs keep SIGINT (without job control bash ignores it)
for sig in TERM INT; do
  out=$tmp/mid-$sig.h5
  "$ogsim" sweep "$sw" -q -j 2 -o "$out" 2>"$tmp/err" & pid=$!
  for _ in $(seq 3000); do   # until 2 tasks are in the journal (at most 300 s)
    [ "$(lines "$out.journal")" -ge 3 ] && break
    [ -d "/proc/$pid" ] || break
    sleep 0.1
  done
  kids=$(pgrep -P "$pid" || true)
  kill -s "$sig" "$pid"; rc=0; wait "$pid" || rc=$?; pid=
  check "$sig" "$rc" "SIG$sig mid-sweep" "$out"
  [ "$(lines "$out.journal")" -ge 3 ] || { echo "FAIL: SIG$sig mid-sweep: journal lost"; exit 1; }
  no_tasks_left "$out" $kids
  echo "ok   SIG$sig mid-sweep: exit $rc, '${said[$sig]}', journal kept, no task left running"
done
set +m

if ! cc -shared -fPIC -o "$tmp/hooks.so" "$src/tests/shim/hooks.c" -ldl 2>"$tmp/cc.err"; then
  echo "skip the temporary-file trials: no C compiler ($(head -1 "$tmp/cc.err"))"; exit 0
fi
raise_at() {  # raise_at SIG OUT COMMAND...: the hook raises SIG at OUT's temporary file
  local sig=$1 out=$2; shift 2
  env LD_PRELOAD="$tmp/hooks.so" OGSIM_SHIM_RAISE_AT_FSYNC_OF="$(kill -l "$sig"):$out.tmp." \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" "$@" 2>"$tmp/err"
}
for sig in TERM INT; do
  out=$tmp/end-$sig.h5; rc=0
  raise_at "$sig" "$out" "$ogsim" sweep "$sw" -q -j 2 -o "$out" >/dev/null || rc=$?
  check "$sig" "$rc" "SIG$sig at the sweep's results file" "$out"
  [ "$(lines "$out.journal")" = 13 ] || { echo "FAIL: SIG$sig: journal not whole"; exit 1; }
  echo "ok   SIG$sig at the sweep's results file: exit $rc, no temporary file, journal kept"
done
"$ogsim" sweep "$sw" -q -j 2 --shard 0/2 -o "$tmp/s0.h5" >/dev/null
"$ogsim" sweep "$sw" -q -j 2 --shard 1/2 -o "$tmp/s1.h5" >/dev/null
for sig in TERM INT; do
  out=$tmp/m-$sig.h5; rc=0
  raise_at "$sig" "$out" "$ogsim" merge -o "$out" "$tmp/s0.h5" "$tmp/s1.h5" >/dev/null || rc=$?
  check "$sig" "$rc" "SIG$sig at merge's output file" "$out"
  echo "ok   SIG$sig at merge's output file: exit $rc, no temporary file"
done
