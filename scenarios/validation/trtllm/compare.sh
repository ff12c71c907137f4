#!/usr/bin/env bash
# ogsim against NVIDIA's published TensorRT-LLM figures: one run per row of
# rows.csv, then a markdown table of published vs simulated (issue 13).
# Usage: scenarios/validation/trtllm/compare.sh [--serving batch|continuous]
#        [--rows ID,...] [-o table.md] [--keep DIR] [--ogsim PATH]   (--help: all)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec /usr/bin/python3 "$here/compare.py" "$@"
