"""Figures from one run's results file: each takes a Run and a folder and
returns the PNG's path, or None (with a note) when the file cannot give it."""
import math

import numpy as np

import ogplot
from ogplot import note


def catch_distribution(run, outdir):
    """Cheats before a cheater's first checked result, against the geometric
    law P(K = k) = (1-p)^k p of checks drawn with probability p per result
    (Proof-of-Sampling, Zhang et al. 2024; README "Validated against closed
    form")."""
    p = run.get("verification_rate")
    if run.cheaters is None or len(run.cheaters) == 0:
        return note(f"{run.name}: no cheaters, no catch distribution")
    if not 0 < p <= 1:
        return note(f"{run.name}: no sampling rate (verification_rate = {p}), "
                    "no catch distribution")
    k = np.asarray(run.cheaters["cheats_before_check"])
    k = k[k >= 0]
    if k.size == 0:
        return note(f"{run.name}: no cheater had a checked result, no catch distribution")
    width = max(1, math.ceil((k.max() + 1) / 40))
    edges = np.arange(0, k.max() + width + 1, width)
    measured = np.histogram(k, edges)[0] / k.size
    law = (1 - p) ** edges[:-1] - (1 - p) ** edges[1:]
    centres = edges[:-1] + (width - 1) / 2
    fig, (ax,) = ogplot.figure()
    ax.bar(centres, measured, 0.85 * width, color="tab:blue", alpha=0.7,
           label=f"simulated, {k.size} cheaters (mean {k.mean():.3g})")
    ax.plot(centres, law, "o-", color="tab:red", markersize=3,
            label=f"geometric law $(1-p)^k p$, p = {p:g} (mean {(1 - p) / p:.3g})")
    ax.set_title(f"{run.title}: unchecked cheats before a cheater's first check")
    ax.set_xlabel("cheats before the first checked result, k (results)")
    ax.set_ylabel("probability" if width == 1 else f"probability per bin of {width} values of k")
    ax.set_ylim(0, 1.3 * max(measured.max(), law.max()))
    ax.legend(loc="upper right")
    return ogplot.save(fig, outdir, "catch_distribution.png")


def cost_breakdown(run, outdir):
    """One stacked bar: where the cost per 1,000 completed requests goes."""
    parts = ogplot.cost_parts(run.get)
    if not ogplot.any_finite(parts):
        return note(f"{run.name}: no ledger metrics, no cost breakdown")
    fig, (ax,) = ogplot.figure(width=10)
    ogplot.cost_bars(ax, [run.title], parts)
    ax.set_xlim(-1, 1)
    ax.set_title(f"{run.title}: cost per 1,000 completed requests")
    ax.set_xlabel("scenario")
    return ogplot.save(fig, outdir, "cost_breakdown.png")


def utilisation_by_class(run, outdir):
    """Busy share of each node class's nodes, per time-series interval."""
    t = run.timeseries.get("t")
    cols = sorted(c for c in run.timeseries if c.startswith("utilisation_"))
    if t is None or t.size == 0 or not cols:
        return note(f"{run.name}: no per-class utilisation in /timeseries")
    fig, (ax,) = ogplot.figure()
    dt = t[1] - t[0] if t.size > 1 else 1.0
    edges = np.append(t, t[-1] + dt)
    for c in cols:
        ax.stairs(run.timeseries[c], edges, baseline=None, linewidth=1.5, label=c[len("utilisation_"):])
    ax.set_title(f"{run.title}: utilisation by node class")
    ax.set_xlabel(f"simulated time t (s), one step per {dt:g} s interval")
    ax.set_ylabel("utilisation (busy share of the class's nodes)")
    ax.set_ylim(bottom=0)
    ax.legend(title="node class")
    return ogplot.save(fig, outdir, "utilisation_by_class.png")


FIGURES = (catch_distribution, cost_breakdown, utilisation_by_class)
