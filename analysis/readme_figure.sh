#!/usr/bin/env bash
# Make the README's figure: sweep the spot-check rate against the lazy
# attack (scenarios/sweeps/spotcheck-rate.yaml: 12 rates x 10 replicates,
# 15 to 30 s at -j 2), plot it, and copy its profit figure to
# docs/figures/profit_vs_rate.png and .pdf; store the figure's numbers in
# docs/numbers.json and rewrite their quotes in the docs (doc_numbers.py).
# tests/run/readme_figure.sh checks that this sweep's crossing CI holds the
# closed form the figure draws, and that it gives the numbers stored.
#   analysis/readme_figure.sh [OGSIM]        OGSIM: the binary, default build/ogsim
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
ogsim=$(realpath "${1:-$src/build/ogsim}")
cd "$src"
"$ogsim" sweep scenarios/sweeps/spotcheck-rate.yaml -q -j 2 -o results/spotcheck-rate.h5
/usr/bin/python3 analysis/plot.py results/spotcheck-rate.h5 -o results/figures/spotcheck-rate \
  --format png,pdf > /dev/null
mkdir -p docs/figures
for f in png pdf; do
  cp "results/figures/spotcheck-rate/profit_vs_rate.$f" "docs/figures/profit_vs_rate.$f"
  echo "docs/figures/profit_vs_rate.$f ($(stat -c %s "docs/figures/profit_vs_rate.$f") bytes)"
done
/usr/bin/python3 analysis/doc_numbers.py refresh results/spotcheck-rate.h5
