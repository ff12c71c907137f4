#!/usr/bin/env bash
# The notebooks run top to bottom against the binary under test: each is
# executed by jupyter nbconvert with OGSIM set, in well under a minute, and
# must finish without an error; the committed copies carry no outputs.
set -eu
ogsim=$(realpath "$1"); src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export OGSIM=$ogsim PYDEVD_DISABLE_FILE_VALIDATION=1 MPLBACKEND=Agg
for nb in "$src"/notebooks/*.ipynb; do
  name=$(basename "$nb")
  /usr/bin/python3 - "$nb" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
dirty = [i for i, c in enumerate(nb["cells"])
         if c["cell_type"] == "code" and (c["outputs"] or c["execution_count"] is not None)]
if dirty:
    sys.exit(f"FAIL {sys.argv[1]}: cells {dirty} hold outputs (clear them before committing)")
PY
  start=$(date +%s%N)
  if ! jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=900 \
       --output-dir "$tmp" "$nb" > "$tmp/log" 2>&1; then
    grep -v -e 'Debugger warning' -e 'frozen' -e 'Debugging will proceed' "$tmp/log" | tail -n 30
    echo "FAIL $name: nbconvert --execute failed"; exit 1
  fi
  echo "ok   $name ran without an error in $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
