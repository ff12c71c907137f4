"""Figures from a sweep's /stats (one row per point, means and 95% CIs):
each takes a Sweep and a folder and returns the PNG's path, or None (with
a note) when the sweep cannot give it."""
import numpy as np

import ogplot
from ogplot import note
from ogresults import text

RATE = "verification.rate"


def value(v):
    """An axis value as a short label: a number's 3 digits, or the text."""
    if isinstance(v, (bytes, np.bytes_, str)):
        return text(v)
    return f"{float(v):.3g}"


def lines(sw, axis=RATE, x=None):
    """[(label, rows sorted by x, by default `axis`'s values)], one per
    combination of the other axes' values; the label is "" when there are
    no other axes."""
    others = [a for a in sw.axes if a != axis]
    groups = {}
    for i, row in enumerate(sw.stats):
        key = ", ".join(f"{a} = {value(row[a])}" for a in others)
        groups.setdefault(key, []).append(i)
    x = sw.col(axis) if x is None else x
    return [(k, np.array(sorted(rows, key=lambda i: x[i]))) for k, rows in groups.items()]


def replicates(sw):
    n = np.unique(sw.col("n"))
    return f"{n[0]:.0f} replicates a point" if n.size == 1 else "replicates vary by point"


def why_not(sw, *metrics):
    """Why the sweep cannot give a figure of `metrics` against the rate, or None."""
    if RATE not in sw.axes:
        return f"no {RATE} axis"
    if not sw.has(*(m + s for m in metrics for s in ("_mean", "_ci95"))):
        return f"/stats lacks {' or '.join(metrics)}"
    return None


def nudge(x, i, n, logx):
    """Line i of n shifted sideways by up to 1% of a decade (log x) or of the
    rates' span, so that equal lines and their error bars stay visible."""
    f = (i - (n - 1) / 2) * 0.02 / max(n - 1, 1)
    if logx:
        return x * 10 ** f
    span = np.nanmax(x) - np.nanmin(x)
    return x + f * (span if span > 0 else 1)


def throughput_latency_vs_rate(sw, outdir):
    """Throughput and p99 latency against the sampling rate, +-95% CI."""
    reason = why_not(sw, "throughput", "latency_p99")
    if reason:
        return note(f"{sw.name}: {reason}, no throughput and latency figure")
    x, groups = sw.col(RATE), lines(sw)
    ms = 1e3 if sw.units.get("latency_p99", "s") == "s" else 1.0
    fig, (top, bottom) = ogplot.figure(2, height=7)
    logx = ogplot.log_x_if_wide(bottom, x)
    for i, (label, rows) in enumerate(groups):
        xs = nudge(x[rows], i, len(groups), logx)
        kw = dict(marker="o", markersize=4, capsize=3, label=label or "mean ± 95% CI")
        top.errorbar(xs, sw.get("throughput")[rows],
                     yerr=ogplot.ci(sw.col("throughput_ci95")[rows]), **kw)
        bottom.errorbar(xs, ms * sw.get("latency_p99")[rows],
                        yerr=ogplot.ci(ms * sw.col("latency_p99_ci95")[rows]), **kw)
    top.set_title(f"{sw.title}: throughput and p99 latency against the sampling rate\n"
                  f"({replicates(sw)}, error bars: 95% CI)")
    top.set_ylabel("throughput (1/s)")
    bottom.set_ylabel("p99 latency (ms)")
    bottom.set_xlabel("spot-check sampling rate p (share of results checked)")
    top.legend(fontsize="small", title_fontsize="small",
               title="mean ± 95% CI, nudged sideways" if len(groups) > 1 else None)
    return ogplot.save(fig, outdir, "throughput_latency_vs_rate.png")


def crossings(x, honest, dishonest, logx):
    """Where dishonest - honest changes sign between neighbouring rates:
    [(rate, profit)], by linear interpolation in the plotted x scale."""
    u = np.log(x) if logx else x
    d = dishonest - honest
    out = []
    for j in range(len(x) - 1):
        a, b = d[j], d[j + 1]
        if not (np.isfinite(a) and np.isfinite(b)) or a == 0 or a * b > 0:
            continue
        f = a / (a - b)
        uc = u[j] + f * (u[j + 1] - u[j])
        out.append((np.exp(uc) if logx else uc, honest[j] + f * (honest[j + 1] - honest[j])))
    return out


def threshold_lines(ax, x, sw, groups, colours):
    """Vertical lines at the closed form p* = C/(R+S), one per distinct value;
    one too far from the simulated rates is only named in the legend."""
    th = sw.get("threshold_closed_form")
    seen = {}
    for (label, rows), c in zip(groups, colours):
        for v in np.unique(np.round(th[rows][np.isfinite(th[rows])], 12)):
            seen.setdefault(v, []).append((label, c))
    lo, hi = np.nanmin(x), np.nanmax(x)
    logx = ax.get_xscale() == "log"
    for v, owners in seen.items():
        one = len(seen) == 1
        label = "closed form p* = C/(R+S) = " + f"{v:.3g}" + ("" if one else f" ({owners[0][0]})")
        if v <= 0 or (max(hi, v) / min(lo, v) > 1e4 if logx else v > 2 * hi):
            ax.plot([], [], " ", label=label + " (off the chart)")
            continue
        ax.axvline(v, color="black" if one else owners[0][1], linestyle=":", linewidth=1.5,
                   label=label)


def profit_vs_rate(sw, outdir):
    """Honest and dishonest profit per result against the sampling rate,
    95% CI bands, the closed-form threshold and where the curves cross."""
    reason = why_not(sw, "profit_per_result_honest", "profit_per_result_dishonest")
    if reason:
        return note(f"{sw.name}: {reason}, no profit figure")
    x = sw.col(RATE)
    hon, dis = sw.get("profit_per_result_honest"), sw.get("profit_per_result_dishonest")
    hci = ogplot.ci(sw.col("profit_per_result_honest_ci95"))
    dci = ogplot.ci(sw.col("profit_per_result_dishonest_ci95"))
    groups = lines(sw)
    fig, (ax,) = ogplot.figure(height=5.5)
    logx = ogplot.log_x_if_wide(ax, x)
    palette = ogplot.plt.get_cmap("tab10").colors
    colours = palette[:len(groups)] if len(groups) > 1 else [None]
    ax.axhline(0, color="grey", linewidth=0.8)
    crossed = False
    for (label, rows), c in zip(groups, colours):
        sfx = f" ({label})" if label else ""
        for y, e, side, style, own in ((hon, hci, "honest", "o-", "tab:blue"),
                                       (dis, dci, "dishonest", "^--", "tab:red")):
            col = c or own
            ax.plot(x[rows], y[rows], style, color=col, markersize=4, label=side + sfx)
            ax.fill_between(x[rows], (y - e)[rows], (y + e)[rows], color=col, alpha=0.15)
        for xc, yc in crossings(x[rows], hon[rows], dis[rows], logx):
            ax.plot(xc, yc, "*", color="black", markersize=13, zorder=5,
                    label=None if crossed else "simulated crossing (linear interpolation)")
            ax.annotate(f"p ≈ {xc:.3g}", (xc, yc), xytext=(8, 8), textcoords="offset points")
            crossed = True
    threshold_lines(ax, x, sw, groups, colours if len(groups) > 1 else ["black"])
    ax.set_title(f"{sw.title}: profit per result, honest vs dishonest nodes\n"
                 f"({replicates(sw)}, bands: 95% CI)")
    ax.set_xlabel("spot-check sampling rate p (share of results checked)")
    ax.set_ylabel(f"profit per delivered result ({ogplot.MONEY})")
    ax.legend(fontsize="small")
    return ogplot.save(fig, outdir, "profit_vs_rate.png")


def cost_breakdown(sw, outdir):
    """Stacked bars per point: where the cost per 1,000 requests goes."""
    parts = ogplot.cost_parts(sw.get)
    if not ogplot.any_finite(parts):
        return note(f"{sw.name}: /stats lacks the ledger metrics, no cost breakdown")
    labels = ["\n".join(value(row[a]) for a in sw.axes) for row in sw.stats]
    fig, (ax,) = ogplot.figure(height=5.5, width=max(10.0, 4 + 0.2 * len(labels)))
    ogplot.cost_bars(ax, labels, parts)
    if len(labels) > 10 and len(sw.axes) == 1:
        ax.tick_params(axis="x", labelrotation=90)
    ax.set_title(f"{sw.title}: cost per 1,000 completed requests, by point (means)")
    ax.set_xlabel(" / ".join(sw.axes) if len(sw.axes) == 1
                  else "sweep point: " + ", ".join(sw.axes) + " (top to bottom)")
    return ogplot.save(fig, outdir, "cost_breakdown.png")


FIGURES = (throughput_latency_vs_rate, profit_vs_rate, cost_breakdown)
