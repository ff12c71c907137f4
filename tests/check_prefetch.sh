#!/usr/bin/env bash
# unit.prefetch_kept: the probe object (tests/unit/prefetch_probe.c, -O2)
# holds the prefetch of a function that does nothing else, which GCC
# deletes unless og_prefetch keeps it (sim/include/ogsim/prefetch.h).
# Exit 77 (skipped) where the check cannot read x86-64 instructions.
#   tests/check_prefetch.sh OBJECT
set -eu
[ $# -eq 1 ] || { echo "usage: check_prefetch.sh OBJECT" >&2; exit 2; }
command -v objdump >/dev/null || { echo "no objdump: skipped"; exit 77; }
[ "$(uname -m)" = x86_64 ] || { echo "not x86-64: skipped"; exit 77; }
n=$(objdump -d "$1" | grep -c 'prefetcht0' || true)
echo "prefetch instructions in the probe: $n (at least 1 wanted)"
[ "$n" -ge 1 ]
