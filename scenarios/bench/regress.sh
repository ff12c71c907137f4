#!/usr/bin/env bash
# Regression of the bench set's numbers (scenarios/bench/regress.txt): runs
# each scenario and compares it with its baseline in results/baselines/
# (`ogsim compare`: simulated metrics exact or within their tolerance,
# speed and memory within wide factors; results/baselines/tolerances.txt
# widens or tightens a metric). Exit 1 when anything moved beyond its
# tolerance, 2 when a baseline is missing or not comparable (the scenario
# changed: re-baseline on purpose).
#   scenarios/bench/regress.sh [build/ogsim]                # compare all (a benchmark)
#   scenarios/bench/regress.sh [build/ogsim] --simulated    # simulated metrics only (the test suite)
#   scenarios/bench/regress.sh [build/ogsim] --rebaseline   # write new baselines
# --simulated (`ogsim compare --simulated`) shows the speed and memory
# figures of /perf without judging them:
# the default test suite holds no timing thresholds (they fail on a loaded
# machine while every simulated number is identical); `ctest -L perf` and
# this script without the option judge them, on a quiet machine.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
ogsim=$root/build/ogsim
[ $# -gt 0 ] && [ "$1" != --rebaseline ] && { ogsim=$1; shift; }
mode=${1:-compare}
case $mode in compare|--simulated|--rebaseline) ;; *) echo "usage: regress.sh [OGSIM] [--simulated|--rebaseline]" >&2; exit 2 ;; esac
base=$root/results/baselines
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
judge=(); [ "$mode" = --simulated ] && judge=(--simulated)
worst=0
# the tree as it is before new baselines are written over the old ones
rev=$(git -C "$root" rev-parse --short=12 HEAD)$(git -C "$root" status --porcelain --untracked-files=no | grep -q . && echo -dirty)
while read -r sc; do
  case $sc in ''|'#'*) continue ;; esac
  name=$(basename "$sc" .yaml)
  "$ogsim" run "$root/$sc" -q --summary-only -o "$tmp/$name.h5" || { worst=3; continue; }
  if [ "$mode" = --rebaseline ]; then
    mkdir -p "$base" && cp "$tmp/$name.h5" "$base/$name.h5" && echo "baseline: $base/$name.h5"
    continue
  fi
  "$ogsim" compare "$base/$name.h5" "$tmp/$name.h5" --tolerances "$base/tolerances.txt" "${judge[@]}"
  rc=$?
  [ $rc -gt $worst ] && worst=$rc
done < "$root/scenarios/bench/regress.txt"
if [ "$mode" = --rebaseline ]; then
  { echo "# What produced these baselines (scenarios/bench/regress.sh --rebaseline)"
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "git: $rev"
    echo "ogsim: $("$ogsim" --version 2>/dev/null || echo "$ogsim")"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
    echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "command: scenarios/bench/regress.sh $ogsim --rebaseline"
  } > "$base/PROVENANCE.txt"
  cat "$base/PROVENANCE.txt"
fi
echo "regression bench: $([ $worst = 0 ] && echo ok || echo "FAILED (exit $worst)")"
exit $worst
