#!/usr/bin/env bash
# The published-figure comparison the docs show is this build's: every
# row of scenarios/validation/trtllm/compare.sh on the continuous engine
# (its whole output, docs/serving-validation.md) and the summary figures
# on the static engine, as docs/numbers.json stores them (the docs quote
# them from there: tests/run/docs_numbers.sh). 29 runs an engine, about
# 2 s each. OGSIM_DOCS_UPDATE=1 stores this build's and rewrites the docs.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cmp=$src/scenarios/validation/trtllm/compare.sh
dn=$src/analysis/doc_numbers.py
"$cmp" --ogsim "$ogsim" --serving continuous -o "$tmp/continuous.md" > /dev/null
"$cmp" --ogsim "$ogsim" --serving batch -o "$tmp/batch.md" > /dev/null
if [ "${OGSIM_DOCS_UPDATE:-0}" = 1 ]; then
  /usr/bin/python3 "$dn" store-compare trtllm.continuous "$tmp/continuous.md"
  /usr/bin/python3 "$dn" store-compare trtllm.batch "$tmp/batch.md"
fi
PYTHONPATH="$src/analysis:$src/tests/lib" /usr/bin/python3 - "$tmp" "$src" <<'PY'
import sys
import doc_numbers as dn
from h5check import Checks
t, src = sys.argv[1], sys.argv[2]
check = Checks()
stored = dn.load_numbers(f"{src}/docs/numbers.json")
for engine in ("continuous", "batch"):
    key = f"trtllm.{engine}"
    text = open(f"{t}/{engine}.md").read()
    if key in stored:
        check(text == stored[key]["value"], f"{key}: compare.sh's table is the one stored")
    fresh = dn.compare_numbers(key, text)
    quoted = [k for k in fresh if k in stored]
    check(len(quoted) >= 6, f"{key}: {len(quoted)} summary figures quoted")
    for k in quoted:
        got, want = dn.written(fresh[k]), dn.written(stored[k])
        check(got == want, f"{k}: this build {got}, stored {want}")
sys.exit(0 if check.ok else 1)
PY
