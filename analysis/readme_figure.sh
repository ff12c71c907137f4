#!/usr/bin/env bash
# Make the README's figure: sweep the spot-check rate against the lazy
# attack (scenarios/sweeps/spotcheck-rate.yaml: 8 rates x 3 replicates,
# from ten seconds to about a minute at -j 2), plot it, and copy its
# profit-per-result figure to docs/figures/profit_vs_rate.png.
#   analysis/readme_figure.sh [OGSIM]        OGSIM: the binary, default build/ogsim
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
ogsim=$(realpath "${1:-$src/build/ogsim}")
cd "$src"
"$ogsim" sweep scenarios/sweeps/spotcheck-rate.yaml -q -o results/spotcheck-rate.h5
/usr/bin/python3 analysis/plot.py results/spotcheck-rate.h5 -o results/figures/spotcheck-rate
mkdir -p docs/figures
cp results/figures/spotcheck-rate/profit_vs_rate.png docs/figures/profit_vs_rate.png
echo "docs/figures/profit_vs_rate.png ($(stat -c %s docs/figures/profit_vs_rate.png) bytes)"
