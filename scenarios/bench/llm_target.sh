#!/usr/bin/env bash
# Issue 13's speed target, measured the way a shared machine allows: the
# LLM bench (scale-10k-llm.yaml, continuous engine) against the static one
# (scale-10k.yaml), run one after the other (run.sh) in ROUNDS rounds.
# Prints each round's wall times, peak memory and ratio, then the median of
# the rounds' ratios and the ratio of the best times, against the target
# (at most 1.5x, same memory class). A round's two runs share the machine's
# load of that moment, so the per-round ratio is steadier than any one
# time. Not a test: it prints figures (the default suite holds no timing
# thresholds).
#   scenarios/bench/llm_target.sh [build/ogsim] [ROUNDS (default 5)]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ogsim=${1:-$here/../../build/ogsim}
rounds=${2:-5}
case $rounds in '' | *[!0-9]* | 0)
  echo "llm_target.sh: ROUNDS must be a positive integer, not '$rounds'" >&2; exit 2 ;;
esac
[ -x "$ogsim" ] || { echo "llm_target.sh: no ogsim at $ogsim (build it first)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$rounds"); do
  # run.sh's lines: scenario nodes requests wall_s setup_s req_per_wall_s peak_MiB
  "$here/run.sh" "$ogsim" "$here/scale-10k.yaml" "$here/scale-10k-llm.yaml" |
    awk -v r="$r" 'NR > 1 {print r, $1, $4, $7}' >> "$tmp/times"
  echo "round $r of $rounds done" >&2
done
/usr/bin/python3 - "$tmp/times" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    r, s, wall, mib = line.split()
    runs.setdefault(int(r), {})[s] = (float(wall), float(mib))
print(f"{'round':>5} {'static_s':>9} {'llm_s':>7} {'ratio':>6} {'static_MiB':>10} {'llm_MiB':>8}")
ratios = []
for r in sorted(runs):
    (ws, ms), (wl, ml) = runs[r]["scale-10k"], runs[r]["scale-10k-llm"]
    ratios.append(wl / ws)
    print(f"{r:>5} {ws:9.2f} {wl:7.2f} {wl / ws:6.2f} {ms:10.0f} {ml:8.0f}")
best_s = min(v["scale-10k"][0] for v in runs.values())
best_l = min(v["scale-10k-llm"][0] for v in runs.values())
med = statistics.median(ratios)
mem = max(v["scale-10k-llm"][1] for v in runs.values()) / max(v["scale-10k"][1] for v in runs.values())
print(f"median of the rounds' ratios {med:.2f}x; best times {best_l:.2f} s / {best_s:.2f} s = "
      f"{best_l / best_s:.2f}x; peak memory {mem:.2f}x")
print(f"target: at most 1.5x the static bench's wall time: {'met' if med <= 1.5 else 'NOT met'}")
PY
