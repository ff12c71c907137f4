#!/usr/bin/env bash
# A sweep that ends hands its output over cleanly: a second sweep that
# locks the output in the moment after the first removed its work folder
# (a preloaded hook holds the first one there) keeps its own journal, so
# when it is killed its finished tasks are resumed, not lost.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); pa= pb=
trap 'for p in $pa $pb; do kill -KILL "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT
sw=$src/tests/sweeps/resume.yaml
if ! cc -shared -fPIC -o "$tmp/hooks.so" "$src/tests/shim/hooks.c" -ldl 2>"$tmp/cc.err"; then
  echo "skip: no C compiler ($(head -1 "$tmp/cc.err"))"; exit 0
fi
until_true() { # until_true WHAT PID COMMAND...: at most 300 s, while PID lives
  local what=$1 pid=$2; shift 2
  for _ in $(seq 3000); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "FAIL: ended before $what"; exit 1; }
    sleep 0.1
  done
  echo "FAIL: never $what"; exit 1
}
header_seed() { [ -f "$tmp/o.h5.journal" ] && [ "$(head -1 "$tmp/o.h5.journal" | awk '{print $NF}')" = "$1" ]; }
lines_at_least() { [ -f "$tmp/o.h5.journal" ] && [ "$(wc -l < "$tmp/o.h5.journal")" -ge "$1" ]; }

mkdir "$tmp/hold"
env LD_PRELOAD="$tmp/hooks.so" OGSIM_SHIM_PAUSE_AFTER_RMDIR="$tmp/hold" \
  ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
  "$ogsim" sweep "$sw" -q -j 2 -o "$tmp/o.h5" >/dev/null & pa=$!
until_true "the first sweep removed its work folder" "$pa" test -e "$tmp/hold/paused"
"$ogsim" sweep "$sw" -q -j 1 --seed 7 -o "$tmp/o.h5" >/dev/null 2>"$tmp/b.err" & pb=$!
until_true "the second sweep started its journal" "$pb" header_seed 7
touch "$tmp/hold/go"
wait "$pa" || { echo "FAIL: the first sweep failed"; exit 1; }; pa=
header_seed 7 || { echo "FAIL: the first sweep removed the second's journal"; exit 1; }
echo "ok   the second sweep's journal outlives the first sweep's end"
until_true "the second sweep finished a task" "$pb" lines_at_least 2
kill -KILL "$pb"; wait "$pb" 2>/dev/null || true; pb=
"$ogsim" sweep "$sw" -q -j 2 --seed 7 -o "$tmp/o.h5" --resume > "$tmp/log"
grep -Eq "tasks run, [1-9][0-9]* resumed" "$tmp/log" ||
  { echo "FAIL: nothing resumed: $(cat "$tmp/log")"; exit 1; }
echo "ok   the killed second sweep resumed: $(grep -o '[0-9]* tasks run, [0-9]* resumed' "$tmp/log")"
