#!/usr/bin/python3
"""Make every figure an ogsim results file supports; print each file's path.

usage: plot.py FILE.h5|DIR [FILE.h5|DIR ...] [-o OUTDIR] [--format png,pdf,svg] [--dpi N]

A folder stands for every .h5 file directly in it (in name order).
Figures go to FILE's folder/figures/NAME/ (NAME: the file's name without
.h5), or to OUTDIR with one file, OUTDIR/NAME/ with several; each figure
in every format --format lists (default png, at --dpi 200). Sweep points
that completed no request or have no value (NaN) are left out of the
figures with a warning. A bad file, or a figure that fails, is reported
and the next one made. Exit 0 when every file gave a figure, 2 when some
file was missing, malformed, or had nothing to plot (messages on stderr).
See analysis/README.md.
"""
import argparse
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generic_figures  # noqa: E402
import ogplot  # noqa: E402
import run_figures  # noqa: E402
import sweep_figures  # noqa: E402
import token_figures  # noqa: E402
from ogresults import ResultsError, load  # noqa: E402

FIGURES = {"run": run_figures.FIGURES + token_figures.RUN + generic_figures.RUN,
           "sweep": sweep_figures.FIGURES + token_figures.SWEEP + generic_figures.SWEEP}


def warn(msg):
    print(f"plot.py: {msg}", file=sys.stderr)


def expand(paths):
    """Each folder replaced by the .h5 files in it; (files, errors)."""
    files, errors = [], []
    for p in paths:
        if not os.path.isdir(p):
            files.append(p)
            continue
        inside = sorted(os.path.join(p, n) for n in os.listdir(p)
                        if n.endswith(".h5") and os.path.isfile(os.path.join(p, n)))
        if not inside:
            errors.append(f"{p}: a directory without .h5 files")
        files += inside
    return files, errors


def formats(text):
    try:
        return ogplot.formats(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def dpi(text):
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 50 <= n <= 1200:
        raise argparse.ArgumentTypeError(f"{text!r}: not a whole number of dots per inch "
                                         "from 50 to 1200")
    return n


def outdir_for(res, args, n_files):
    if args.outdir is None:
        return os.path.join(os.path.dirname(os.path.abspath(res.path)), "figures", res.name)
    return args.outdir if n_files == 1 else os.path.join(args.outdir, res.name)


def figures(res, out):
    """The figures of one loaded file; a figure that fails is reported."""
    if res.kind == "sweep":
        for label, why in res.empty_points():
            warn(f"{res.path}: point {label}: {why}: its missing values are not drawn")
    paths = []
    for fig in FIGURES[res.kind]:
        try:
            p = fig(res, out)
        except Exception as e:  # noqa: BLE001  (one figure's failure must not stop the rest)
            last = traceback.extract_tb(e.__traceback__)[-1]
            warn(f"{res.path}: {fig.__name__} failed: {e} ({os.path.basename(last.filename)}:"
                 f"{last.lineno}); going on")
            continue
        if p:
            paths.append(p)
    return paths


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", metavar="FILE.h5", help="run or sweep results file, "
                    "or a folder of them")
    ap.add_argument("-o", dest="outdir", metavar="OUTDIR", help="folder for the figures")
    ap.add_argument("--format", type=formats, default=("png",), metavar="png,pdf,svg",
                    help="the figures' formats, a comma list (default png)")
    ap.add_argument("--dpi", type=dpi, default=200, metavar="N",
                    help="the PNGs' resolution, 50 to 1200 dots per inch (default 200)")
    args = ap.parse_args(argv)
    ogplot.FORMATS, ogplot.DPI = args.format, args.dpi
    files, errors = expand(args.files)
    for e in errors:
        warn(e)
    status = 2 if errors else 0
    for path in files:
        try:
            res = load(path)
        except ResultsError as e:
            warn(str(e))
            status = 2
            continue
        paths = figures(res, outdir_for(res, args, len(files)))
        for p in paths:
            base = os.path.splitext(p)[0]
            for f in args.format:
                print(f"{base}.{f}", flush=True)
        if not paths:
            warn(f"{res.path}: nothing to plot in this {res.kind} file")
            status = 2
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
