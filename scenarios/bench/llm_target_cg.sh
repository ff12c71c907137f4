#!/usr/bin/env bash
# Issue 13's speed target in counts that a busy machine does not move: the
# LLM bench (scale-10k-llm.yaml) and the static one (scale-10k.yaml) under
# cachegrind, with a 32 KiB L1 and a 1 MiB last level (an L2: on 10,000
# nodes most of the cost is an event's first touches, which miss it).
# Prints each bench's instructions and misses and the LLM bench's ratios to
# the static one's. Valgrind's own lines go to $TMPDIR. Counts, not time:
# cachegrind models no memory-level parallelism and counts a prefetch as a
# load, so it cannot judge prefetching; time that with llm_target.sh. About
# five minutes a pair on this project's machine; OGSIM_ARGS (for example
# "--set duration=5s") runs a slice instead.
#   scenarios/bench/llm_target_cg.sh [build/ogsim]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ogsim=${1:-$here/../../build/ogsim}
[ -x "$ogsim" ] || { echo "llm_target_cg.sh: no ogsim at $ogsim (build it first)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "llm_target_cg.sh: valgrind is not installed" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for s in scale-10k scale-10k-llm; do
  # shellcheck disable=SC2086 # OGSIM_ARGS is a list of options
  valgrind --tool=cachegrind --cache-sim=yes --I1=32768,8,64 --D1=32768,8,64 \
    --LL=1048576,16,64 --cachegrind-out-file="$tmp/$s.out" \
    "$ogsim" run "$here/$s.yaml" -q -o "$tmp/$s.h5" ${OGSIM_ARGS:-} 2> "$tmp/$s.log"
done
/usr/bin/python3 - "$tmp" <<'PY'
import re, sys
def counts(name):
    text = open(f"{sys.argv[1]}/{name}.log").read()
    def one(key):
        m = re.search(key + r":\s+([\d,]+)", text)
        if not m:
            sys.exit(f"llm_target_cg.sh: no '{key}' in cachegrind's output for {name}")
        return int(m.group(1).replace(",", ""))
    return one(r"I\s+refs"), one(r"D1\s+misses"), one(r"LLd misses")
rows = {n: counts(n) for n in ("scale-10k", "scale-10k-llm")}
print(f"{'bench':<14} {'instructions':>14} {'D1_misses':>12} {'L2_misses':>12}")
for n, (i, d, l) in rows.items():
    print(f"{n:<14} {i:14,d} {d:12,d} {l:12,d}")
s, l = rows["scale-10k"], rows["scale-10k-llm"]
print(f"LLM over static: instructions {l[0] / s[0]:.3f}x, D1 misses {l[1] / s[1]:.3f}x, "
      f"L2 misses {l[2] / s[2]:.3f}x")
PY
