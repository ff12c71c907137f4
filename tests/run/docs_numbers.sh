#!/usr/bin/env bash
# One source for the numbers the docs quote (issue 17): every quote
# <!--n:KEY-->TEXT<!--/n--> in README.md, analysis/README.md and docs/*.md
# equals docs/numbers.json's value for KEY as written there, no quote names
# an unknown key, and every key is quoted somewhere; tables between
# <!--t:KEY:LAYOUT--> and <!--/t--> are KEY's rows drawn by LAYOUT. Then
# the checker is shown to catch each kind of disagreement on a copy.
set -eu
src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$src/analysis/doc_numbers.py" check
PYTHONPATH="$src/analysis:$src/tests/lib" /usr/bin/python3 - "$src" "$tmp" <<'PY'
import sys
import doc_numbers as dn
from h5check import Checks
src, t = sys.argv[1], sys.argv[2]
check = Checks()
numbers = dn.load_numbers(f"{src}/docs/numbers.json")
files = dn.doc_files()
n = sum(len(dn.quotes(p)) + len(dn.tables(p)) for p in files)
check(n >= len(numbers), f"{n} quotes and tables of {len(numbers)} numbers")
key = "spotcheck.crossing"
quoted_in = {p for p in files if any(k == key for _, k, _ in dn.quotes(p))}
check(len(quoted_in) >= 2, f"{key} is quoted in {len(quoted_in)} files")
# a quote that disagrees, an unknown key, a key quoted nowhere
doc = f"{t}/doc.md"
with open(doc, "w") as f:
    f.write(f"crossing <!--n:{key}-->0.999<!--/n--> and <!--n:no.such-->1<!--/n-->\n")
bad = dn.check({key: numbers[key], "spotcheck.rates": numbers["spotcheck.rates"]}, [doc])
check(any("doc.md:1: spotcheck.crossing is quoted as '0.999'" in b for b in bad), "a wrong quote is caught")
check(any("'no.such' is not in docs/numbers.json" in b for b in bad), "an unknown key is caught")
check(any("'spotcheck.rates' is quoted nowhere" in b for b in bad), "an unquoted key is caught")
# render rewrites the wrong quote from the source, after which it agrees
dn.render({key: numbers[key]}, [doc])
with open(doc) as f:
    text = f.read()
check(f"<!--n:{key}-->{dn.written(numbers[key])}<!--/n-->" in text,
      f"render writes {key} as {dn.written(numbers[key])}")
# a table: drawn from its rows by its layout; a changed cell is caught
tkey = "network.contention"
rows = [list(r) for r in numbers[tkey]["value"]]
tdoc = f"{t}/table.md"
with open(tdoc, "w") as f:
    f.write(f"<!--t:{tkey}:contention_brief-->\n{dn.TABLES['contention_brief'](rows)}<!--/t-->\n")
check(not dn.check({tkey: numbers[tkey]}, [tdoc]), "a table drawn from the stored rows agrees")
rows[0][6] += 0.01  # exact / fast p50 of the first row, moved past its 2 decimals
with open(tdoc, "w") as f:
    f.write(f"<!--t:{tkey}:contention_brief-->\n{dn.TABLES['contention_brief'](rows)}<!--/t-->\n")
bad = dn.check({tkey: numbers[tkey]}, [tdoc])
check(any("table network.contention (contention_brief) differs" in b for b in bad),
      "a table with a changed cell is caught")
check(any(k == tkey for p in files for _, k, _, _ in dn.tables(p)), f"{tkey} is drawn in the docs")
sys.exit(0 if check.ok else 1)
PY
