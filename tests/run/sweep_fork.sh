#!/usr/bin/env bash
# Sweep tasks forked from the sweep's process (the default) and tasks
# started as new `ogsim run` processes (--exec-tasks) give the same file,
# bit for bit but /perf: a spot-check sweep and one whose nodes compute
# real outputs with OpenBLAS. Forked tasks exec nothing (a preloaded hook
# logs each execv); no task process holds the sweep's lock folder or
# journal open; a failing task's error reads the same both ways; a sweep
# killed with SIGKILL takes its task processes with it.
set -eu
ogsim=$1; src=$2
tmp=$(cd "$(mktemp -d)" && pwd -P); pid=
trap '[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
unset OPENBLAS_NUM_THREADS   # the sweep chooses the tasks' BLAS threads
same() {  # same A B WHAT: identical datasets (but /perf) and root attributes
  PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import sys
import h5py
from h5check import same_datasets, fail
a, b, what = sys.argv[1:]
diff = same_datasets(a, b)
if diff:
    fail(f"{what}: forked and exec'd tasks differ in {diff}")
with h5py.File(a) as f, h5py.File(b) as g:
    x, y = dict(f.attrs), dict(g.attrs)
    if x.keys() != y.keys() or any(str(x[k]) != str(y[k]) for k in x):
        fail(f"{what}: root attributes differ")
    n = len(f["points"])
print(f"ok   {what}: forked and exec'd tasks give identical files ({n} tasks)")
PY
}
for sw in engines fork-real; do
  "$ogsim" sweep "$src/tests/sweeps/$sw.yaml" -q -j 2 -o "$tmp/$sw-fork.h5"
  "$ogsim" sweep "$src/tests/sweeps/$sw.yaml" -q -j 2 -o "$tmp/$sw-exec.h5" --exec-tasks
  same "$tmp/$sw-fork.h5" "$tmp/$sw-exec.h5" "$sw.yaml"
done

fails() {  # fails MODE...: the failing sweep's error, the output's name replaced
  local rc=0
  "$ogsim" sweep "$src/tests/sweeps/fork-fail.yaml" -q -j 1 -o "$tmp/f.h5" "$@" \
    2>"$tmp/err" || rc=$?
  rm -rf "$tmp/f.h5"*
  echo "exit $rc: $(sed "s|$tmp/f.h5|OUT|g" "$tmp/err")"
}
a=$(fails); b=$(fails --exec-tasks)
[ "$a" = "$b" ] || { echo "FAIL: a failing task's error: forked: $a; exec'd: $b"; exit 1; }
case $a in
  "exit 0: "*) echo "skip the failing task: this machine has the memory for it" ;;
  "exit 3: ogsim: sweep: task 1 (point 1, replicate 0) failed (exit 2): ogsim: the run needs"*)
    echo "ok   a failing task's error, forked as exec'd: ${a%%;*}" ;;
  *) echo "FAIL: a failing task: $a"; exit 1 ;;
esac

# Every descriptor of every task process of the sweep pid $1 writing $2:
# none is its lock folder or journal (run_task closes what exec would).
holds() {
  local kid
  for kid in $(pgrep -P "$1"); do
    ls -l "/proc/$kid/fd" 2>/dev/null | grep -E "$2\.(work|journal)$" || true
  done
}
sw=$src/tests/sweeps/resume.yaml
for mode in fork exec; do
  out=$tmp/k-$mode.h5; flag=; [ $mode = exec ] && flag=--exec-tasks
  "$ogsim" sweep "$sw" -q -j 2 -o "$out" $flag & pid=$!
  kids=
  for _ in $(seq 3000); do   # until both tasks run, past their set-up (at most 300 s)
    kill -0 "$pid" 2>/dev/null || { kids=; break; }   # the sweep ended first
    kids=$(pgrep -P "$pid" | tr '\n' ' ')
    [ "$(for k in $kids; do readlink "/proc/$k/fd/2"; done | grep -c '\.log$')" = 2 ] && break
    kids=; sleep 0.1
  done
  [ -n "$kids" ] || { echo "FAIL: $mode: no task process seen"; exit 1; }
  held=$(holds "$pid" "$out")
  [ -z "$held" ] || { echo "FAIL: $mode: a task process holds $held"; exit 1; }
  kill -KILL "$pid"; wait "$pid" 2>/dev/null || true; pid=
  for _ in $(seq 3000); do
    left=$(for k in $kids; do [ -d "/proc/$k" ] && echo "$k"; done || true)
    [ -z "$left" ] && break; sleep 0.1
  done
  [ -z "$left" ] || { echo "FAIL: $mode: task processes $left outlived the killed sweep"; exit 1; }
  echo "ok   $mode: no task process holds the lock or journal; SIGKILL took them ($kids)"
done

if ! cc -shared -fPIC -o "$tmp/hooks.so" "$src/tests/shim/hooks.c" -ldl 2>"$tmp/cc.err"; then
  echo "skip the exec count: no C compiler ($(head -1 "$tmp/cc.err"))"; exit 0
fi
for mode in fork exec; do
  flag=; [ $mode = exec ] && flag=--exec-tasks
  : > "$tmp/execs-$mode"
  env LD_PRELOAD="$tmp/hooks.so" OGSIM_SHIM_EXEC_LOG="$tmp/execs-$mode" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
    "$ogsim" sweep "$src/tests/sweeps/engines.yaml" -q -j 2 -o "$tmp/x-$mode.h5" $flag
done
n_fork=$(wc -l < "$tmp/execs-fork"); n_exec=$(wc -l < "$tmp/execs-exec")
[ "$n_fork" = 0 ] && [ "$n_exec" = 12 ] ||
  { echo "FAIL: execs of 12 tasks: forked $n_fork (want 0), --exec-tasks $n_exec (want 12)"; exit 1; }
echo "ok   12 tasks: forked ones exec nothing, --exec-tasks execs each"
