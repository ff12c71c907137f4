#!/usr/bin/python3
"""Make every figure an ogsim results file supports; print each PNG's path.

usage: plot.py FILE.h5 [FILE.h5 ...] [-o OUTDIR]

Figures go to FILE's folder/figures/NAME/ (NAME: the file's name without
.h5), or to OUTDIR with one file, OUTDIR/NAME/ with several. Exit 0 when
every file gave a figure, 2 on a missing or malformed file or one with
nothing to plot (messages on stderr). See analysis/README.md.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import run_figures  # noqa: E402
import sweep_figures  # noqa: E402
from ogresults import ResultsError, load  # noqa: E402

FIGURES = {"run": run_figures.FIGURES, "sweep": sweep_figures.FIGURES}


def outdir_for(res, args):
    if args.outdir is None:
        return os.path.join(os.path.dirname(os.path.abspath(res.path)), "figures", res.name)
    return args.outdir if len(args.files) == 1 else os.path.join(args.outdir, res.name)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", metavar="FILE.h5", help="run or sweep results file")
    ap.add_argument("-o", dest="outdir", metavar="OUTDIR", help="folder for the PNGs")
    args = ap.parse_args(argv)
    try:
        results = [load(p) for p in args.files]
    except ResultsError as e:
        print(f"plot.py: {e}", file=sys.stderr)
        return 2
    status = 0
    for res in results:
        out = outdir_for(res, args)
        paths = [p for fig in FIGURES[res.kind] if (p := fig(res, out))]
        for p in paths:
            print(p)
        if not paths:
            print(f"plot.py: {res.path}: nothing to plot in this {res.kind} file", file=sys.stderr)
            status = 2
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
