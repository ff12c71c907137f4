#!/usr/bin/python3
"""The numbers the documentation quotes from simulations, kept in one place.

usage: doc_numbers.py check                 every quote equals its source value (exit 1 if not)
       doc_numbers.py render                rewrite every quote from docs/numbers.json
       doc_numbers.py refresh SWEEP.h5      recompute the README figure's numbers from its
                                            sweep's results file, store them, render
       doc_numbers.py store KEY ROWS.json   store a table's rows (what its test computed), render
       doc_numbers.py store-compare KEY OUT.md
                                            store scenarios/validation/trtllm/compare.sh's output
                                            as KEY and its summary lines' figures as KEY.*, render

docs/numbers.json is the source: per key, the value, how it is written
(a Python format), and the command that measured it. A quote in a
Markdown file is `<!--n:KEY-->TEXT<!--/n-->` (the comments do not show
when rendered). A table is the lines between `<!--t:KEY:LAYOUT-->` and
`<!--/t-->`: KEY's rows drawn by the LAYOUT function of TABLES, so one
set of numbers can appear in differently shaped tables. `check` fails on
a quote or table whose text is not the source's value so written, on an
unknown key or layout, and on a key no file quotes.
analysis/readme_figure.sh runs `refresh` on the sweep it makes, and
tests/run/readme_figure.sh checks a fresh sweep gives the stored values.
"""
import json
import os
import re
import sys

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NUMBERS = os.path.join(SRC, "docs", "numbers.json")
QUOTE = re.compile(r"<!--n:([a-z0-9_.]+)-->(.*?)<!--/n-->")
TABLE = re.compile(r"<!--t:([a-z0-9_.]+):([a-z0-9_]+)-->\n(.*?)<!--/t-->", re.S)


# ---- tables: rows -> Markdown, one function per layout -------------------

CONTENTION = {"wan-requests": "requests over the WAN", "wan-responses": "results over the WAN",
              "nic": "NIC-bound"}
CONTENTION_LONG = {"wan-requests": "5 MB requests over a 1 Gbps WAN",
                   "wan-responses": "5 MB results over a 1 Gbps WAN",
                   "nic": "50 MB through 10 Gbps NICs"}


def contention_full(rows):
    """docs/network.md: a row per scenario and utilisation. A row is
    [scenario, utilisation, exact p50 s, exact p99 s, hybrid/exact p50,
    p99, exact/fast p50, p99] (tests/run/contention.sh)."""
    out = ["| scenario | utilisation | exact p50 | exact p99 | hybrid / exact p50 | p99 "
           "| exact / fast p50 | p99 |", "|---|---|---|---|---|---|---|---|"]
    last = None
    for sc, u, p50, p99, h50, h99, f50, f99 in rows:
        name = CONTENTION[sc] if sc != last else ""
        last = sc
        out.append(f"|{' ' + name + ' ' if name else ' '}| {u:.0%} | {p50 * 1e3:.1f} ms | {p99 * 1e3:.1f} ms | {h50:.4f} "
                   f"| {h99:.4f} | {f50:.2f} | {f99:.2f} |")
    return "\n".join(out) + "\n"


def contention_brief(rows):
    """README: per scenario, exact / fast and hybrid / exact (p50 / p99)
    across the utilisations."""
    utils = sorted({r[1] for r in rows})
    out = ["| scenario | | " + " | ".join(f"{u:.0%}" for u in utils) + " |",
           "|---" * (len(utils) + 2) + "|"]
    for sc in dict.fromkeys(r[0] for r in rows):
        mine = {r[1]: r for r in rows if r[0] == sc}
        out.append(f"| {CONTENTION_LONG[sc]} | exact / fast | "
                   + " | ".join(f"{mine[u][6]:.2f} / {mine[u][7]:.2f}" for u in utils) + " |")
        out.append("| | hybrid / exact | "
                   + " | ".join(f"{mine[u][4]:.3f} / {mine[u][5]:.3f}" for u in utils) + " |")
    return "\n".join(out) + "\n"


def verbatim(text):
    """A stored text as it is (compare.sh's table and summary)."""
    return text


TABLES = {"contention_full": contention_full, "contention_brief": contention_brief,
          "verbatim": verbatim}

SUMMARY = re.compile(r"^(throughput|TTFT|all): (\d+) rows, median absolute error ([0-9.]+)%, "
                     r"median ratio ([0-9.]+)x, ratio ([0-9.]+)x to ([0-9.]+)x, "
                     r"worst off by ([0-9.]+)x$", re.M)


def compare_numbers(key, text):
    """KEY.* entries from compare.sh's summary lines: per group (tput,
    ttft, all) the rows, median absolute error (%), smallest and largest
    ratio, and the worst factor off."""
    out = {}
    for m in SUMMARY.finditer(text):
        g = {"throughput": "tput", "TTFT": "ttft", "all": "all"}[m.group(1)]
        src = f"scenarios/validation/trtllm/compare.sh, summary line '{m.group(1)}'"
        for name, i, fmt in (("rows", 2, "{:.0f}"), ("mae", 3, "{:.1f}%"), ("lo", 5, "{:.2f}x"),
                             ("hi", 6, "{:.2f}x"), ("worst", 7, "{:.2f}x")):
            out[f"{key}.{g}_{name}"] = {"value": float(m.group(i)), "format": fmt, "source": src}
    return out


def doc_files():
    """The files that may quote: the READMEs and docs/*.md."""
    files = [os.path.join(SRC, "README.md"), os.path.join(SRC, "analysis", "README.md")]
    docs = os.path.join(SRC, "docs")
    files += sorted(os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".md"))
    return [f for f in files if os.path.isfile(f)]


def load_numbers(path=NUMBERS):
    with open(path) as f:
        return json.load(f)


def written(entry):
    """How the documentation writes the entry's value."""
    return entry["format"].format(entry["value"])


def quotes(path):
    """[(line, key, text)] of the file's quotes."""
    out = []
    with open(path) as f:
        for i, line in enumerate(f, 1):
            out += [(i, m.group(1), m.group(2)) for m in QUOTE.finditer(line)]
    return out


def tables(path):
    """[(line, key, layout, text)] of the file's tables."""
    with open(path) as f:
        text = f.read()
    return [(text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2), m.group(3))
            for m in TABLE.finditer(text)]


def drawn(entry, layout):
    return TABLES[layout](entry["value"])


def check(numbers, files):
    """Messages for every disagreement (empty: all agree)."""
    bad, seen = [], set()
    for path in files:
        rel = os.path.relpath(path, SRC)
        for line, key, layout, text in tables(path):
            seen.add(key)
            if key not in numbers or layout not in TABLES:
                bad.append(f"{rel}:{line}: table '{key}:{layout}': unknown key or layout")
            elif text != drawn(numbers[key], layout):
                bad.append(f"{rel}:{line}: table {key} ({layout}) differs from docs/numbers.json "
                           f"(doc_numbers.py render rewrites it)")
        for line, key, text in quotes(path):
            seen.add(key)
            if key not in numbers:
                bad.append(f"{rel}:{line}: '{key}' is not in docs/numbers.json")
            elif text != written(numbers[key]):
                bad.append(f"{rel}:{line}: {key} is quoted as '{text}', "
                           f"docs/numbers.json says '{written(numbers[key])}'")
    for key in sorted(set(numbers) - seen):
        bad.append(f"docs/numbers.json: '{key}' is quoted nowhere")
    return bad


def render(numbers, files):
    """Rewrite every quote from the source; returns the files changed."""
    changed = []
    for path in files:
        with open(path) as f:
            text = f.read()

        def sub(m):
            e = numbers.get(m.group(1))
            return m.group(0) if e is None else f"<!--n:{m.group(1)}-->{written(e)}<!--/n-->"

        def sub_table(m):
            e = numbers.get(m.group(1))
            if e is None or m.group(2) not in TABLES:
                return m.group(0)
            return f"<!--t:{m.group(1)}:{m.group(2)}-->\n{drawn(e, m.group(2))}<!--/t-->"

        new = TABLE.sub(sub_table, QUOTE.sub(sub, text))
        if new != text:
            with open(path, "w") as f:
                f.write(new)
            changed.append(path)
    return changed


def figure_numbers(sweep_path):
    """The README figure's numbers from its sweep's results file, computed
    as the figure computes them (sweep_figures)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import numpy as np
    from ogresults import load
    from sweep_figures import RATE, crossing_ci, threshold_values
    sw = load(sweep_path)
    x = sw.col(RATE)
    rows = np.arange(len(x))
    cr = crossing_ci(x, sw.get("profit_gap"), sw.col("profit_gap_ci95"), True)
    if cr is None:
        raise ValueError(f"{sweep_path}: the profit gap does not cross zero")
    measured = threshold_values(sw, rows, "threshold_measured")
    prior = threshold_values(sw, rows, "threshold_closed_form")
    return {
        "spotcheck.rates": len(np.unique(x)),
        "spotcheck.replicates": int(sw.col("n")[0]),
        "spotcheck.rate_from": float(x.min()),
        "spotcheck.rate_to": float(x.max()),
        "spotcheck.crossing": cr[1],
        "spotcheck.crossing_lo": cr[0],
        "spotcheck.crossing_hi": cr[2],
        "spotcheck.threshold_measured": measured,
        "spotcheck.threshold_closed_form": prior,
        "spotcheck.saving_ratio": measured / prior,
    }


def main(argv):
    want = {"check": 2, "render": 2, "refresh": 3, "store": 4, "store-compare": 4}
    if len(argv) < 2 or want.get(argv[1]) != len(argv):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    numbers = load_numbers()
    files = doc_files()
    if argv[1] in ("refresh", "store", "store-compare"):
        if argv[1] == "store-compare":
            with open(argv[3]) as f:
                text = f.read()
            if argv[2] in numbers:  # the whole output, where the docs show it
                numbers[argv[2]] = {"value": text, "format": "text",
                                    "source": "scenarios/validation/trtllm/compare.sh (its "
                                              "output, verbatim; tests/run/trtllm_docs.sh)"}
            # the figures the docs quote (a new quote: add its key first)
            numbers.update({k: v for k, v in compare_numbers(argv[2], text).items()
                            if k in numbers})
        elif argv[1] == "refresh":
            for key, value in figure_numbers(argv[2]).items():
                numbers[key]["value"] = value
        else:
            if argv[2] not in numbers:
                print(f"doc_numbers.py: '{argv[2]}' is not in docs/numbers.json", file=sys.stderr)
                return 2
            with open(argv[3]) as f:
                numbers[argv[2]]["value"] = json.load(f)
        with open(NUMBERS, "w") as f:
            json.dump(numbers, f, indent=2, sort_keys=True)
            f.write("\n")
    if argv[1] != "check":
        for path in render(numbers, files):
            print(f"rewrote {os.path.relpath(path, SRC)}")
        return 0
    bad = check(numbers, files)
    for msg in bad:
        print(msg, file=sys.stderr)
    n = sum(len(quotes(p)) + len(tables(p)) for p in files)
    print(f"{n} quotes and tables of {len(numbers)} numbers in {len(files)} files: "
          + ("all agree" if not bad else f"{len(bad)} disagreements"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
