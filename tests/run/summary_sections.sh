#!/usr/bin/env bash
# The summary `ogsim run` and `ogsim report` print follows the registry
# (sim/include/ogsim/summary.def, section titles in summary.h): the entries in
# declared order, each section's heading once, right before its first entry.
# Optional entries (OG_SUM_OPT) may be left out, and a section with none
# printed has no heading: tokens.yaml has them, golden.yaml not. (With
# --all: without it a section whose entries are all 0 or - is one line.) Entries
# repeated per class or model ("<prefix><name>") come together at their
# declaration's place; the optional ones (_CLASS_OPT, _MODEL_OPT) may be
# left out.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ogsim" run "$src/tests/scenarios/golden.yaml" -o "$tmp/g.h5" --all 2>/dev/null >"$tmp/run.txt"
"$ogsim" report "$tmp/g.h5" --all >"$tmp/report.txt"
"$ogsim" run "$src/tests/scenarios/tokens.yaml" -o "$tmp/t.h5" --all 2>/dev/null >"$tmp/tokens.txt"
# Without --all a section whose entries are all 0 or - is one line: golden
# has no cheaters and no verification, so its fraud section is
"$ogsim" run "$src/tests/scenarios/golden.yaml" -o "$tmp/g2.h5" 2>/dev/null >"$tmp/short.txt"
"$ogsim" report "$tmp/g2.h5" >"$tmp/short-report.txt"
for f in "$tmp/short.txt" "$tmp/short-report.txt"; do
  grep -q '^ fraud detection: every entry 0 or - (--all prints them)$' "$f" &&
    ! grep -q '^  dishonest_nodes ' "$f" && grep -q '^  latency_p99 ' "$f" ||
    { cat "$f"; echo "FAIL: $f: the empty fraud section is not one line"; exit 1; }
done
echo "ok: an empty section is one line without --all"
/usr/bin/python3 - "$src" "$tmp/run.txt" "$tmp/report.txt" "$tmp/tokens.txt" <<'PY'
import re, sys
src = sys.argv[1]
text = open(f"{src}/sim/include/ogsim/summary.def").read()
decl = re.findall(r'^OG_SUM(_CLASS_OPT|_MODEL_OPT|_CLASS|_OPT)?\(\w+,\s*"([^"]*)",\s*(?:"[^"]*"|OG_MONEY),\s*(\w+),',
                  text, re.M)
exact = set(n for kind, n, _ in decl if kind in ("", "_OPT"))
hdr = open(f"{src}/sim/include/ogsim/summary.h").read()
titles = dict(re.findall(r'X\((\w+), "([^"]*)"\)', hdr))
if not decl or not titles:
    sys.exit("FAIL: could not read the declarations")

def check(path):
    """The summary block: its heading lines, and (heading, name) per entry.
    A heading no section declares (the strategies table) ends it."""
    heads, seen = [], []
    for line in open(path):
        if heads and not line.startswith(" "):
            break
        m = re.match(r"^ (\S[^:]*):$", line) or re.match(r"^ (\S.*\S)$", line)
        if m:
            if m.group(1) not in titles.values():
                break
            heads.append(m.group(1))
            continue
        m = re.match(r"^  (\S+) ", line)
        if m and heads:
            seen.append((heads[-1], m.group(1)))
    return heads, seen

for path in sys.argv[2:]:
    heads, seen = check(path)
    k = 0
    bad = []
    printed = set(n for _, n in seen)
    for kind, name, sec in decl:
        want = titles[sec]
        names = [name]
        if kind == "_OPT" and name not in printed:
            continue
        if kind in ("_CLASS", "_CLASS_OPT", "_MODEL_OPT"):
            # the repeated entries printed from here on: "<name><class or model>"
            names, j = [], k
            while j < len(seen) and seen[j][1].startswith(name) and seen[j][1] not in exact:
                names.append(seen[j][1])
                j += 1
            if not names and kind == "_CLASS":
                bad.append(f"no per-class entries {name}*")
        for n in names:
            if k >= len(seen) or seen[k] != (want, n):
                got = seen[k] if k < len(seen) else None
                bad.append(f"entry {k}: want {n} under '{want}', got {got}")
            k += 1
    if k != len(seen):
        bad.append(f"{len(seen) - k} entries printed beyond the declared ones")
    used = [t for t in titles.values() if any(h == t for h, _ in seen)]
    if heads != used:
        bad.append(f"headings {heads}, declared {used}")
    if bad:
        sys.exit(f"FAIL {path}:\n  " + "\n  ".join(bad[:10]))
    print(f"ok: {path.split('/')[-1]}: {k} entries under {len(heads)} headings as declared")
PY
