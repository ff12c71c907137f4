#!/usr/bin/env bash
# A full file system: `run` says "No space left on device" with the file's
# name, exits 2 without crashing (HDF5 1.10 crashed at exit when a write of
# its own failed), and leaves neither the results file nor its temporary
# file. Two ways to fill the disk: a 64 KiB tmpfs (needs mount, as root) and
# a preloaded shim that fails writes past 100 kB (needs a C compiler); each
# is skipped, saying so, where it cannot run, but at least one must run.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); mounted=
trap '[ -z "$mounted" ] || umount "$tmp/full"; rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/golden.yaml   # its results file is about 300 kB
ran=0
full() {  # full DIR [ENV...]: run into DIR, which has no room for the file
  local dir=$1 rc=0; shift
  env "$@" "$ogsim" run "$sc" -q -o "$dir/g.h5" >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" = 2 ] || { echo "FAIL: exit $rc, want 2: $(tail -3 "$tmp/err")"; exit 1; }
  grep -q "cannot write '$dir/g.h5': No space left on device" "$tmp/err" ||
    { echo "FAIL: want the file's name and ENOSPC, got: $(cat "$tmp/err")"; exit 1; }
  [ -z "$(ls -A "$dir" | grep 'g\.h5')" ] || { echo "FAIL: left $(ls -A "$dir")"; exit 1; }
  ran=$((ran + 1))
  echo "ok   $(cat "$tmp/err"); exit 2, nothing left"
}

mkdir "$tmp/full"
if mount -t tmpfs -o size=64k tmpfs "$tmp/full" 2>/dev/null; then
  mounted=1
  full "$tmp/full"
else
  echo "skip tmpfs: mount not permitted here"
fi

if cc -shared -fPIC -o "$tmp/shim.so" "$src/tests/shim/fault.c" -ldl 2>"$tmp/cc.err"; then
  mkdir "$tmp/shim"
  full "$tmp/shim" LD_PRELOAD="$tmp/shim.so" OGSIM_SHIM_ENOSPC_AFTER=100000 \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
else
  echo "skip shim: no C compiler ($(head -1 "$tmp/cc.err"))"
fi
[ "$ran" -gt 0 ] || { echo "FAIL: neither tmpfs nor the shim could run"; exit 1; }
