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


def axis_x(sw, axis):
    """(x per point, tick labels or None): an axis of numbers as they are,
    one of text as categories in the order its values first come."""
    if np.issubdtype(sw.stats.dtype[axis], np.number):
        return sw.col(axis), None
    labels = [value(v) for v in sw.stats[axis]]
    order = list(dict.fromkeys(labels))
    return np.array([order.index(v) for v in labels], dtype=float), order


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


def crossing_ci(x, gap, ci, logx):
    """Where the profit gap crosses zero, with its 95% CI: (lo, mid, hi).
    mid is the first sign change of the mean gap, interpolated linearly in
    the plotted x scale (as crossings does); lo and hi bound the connected
    run of rates around it where the band gap +- ci holds zero, each at the
    rate where the band's edge leaves zero (same interpolation); NaN where
    the band still holds zero at the end of the swept rates (the CI is open
    there). None when the mean does not cross."""
    x, gap = np.asarray(x, dtype=float), np.asarray(gap, dtype=float)
    ci = ogplot.ci(ci)
    u = np.log(x) if logx else x
    back = np.exp if logx else (lambda v: v)
    j0 = next((j for j in range(len(x) - 1) if np.isfinite(gap[j]) and np.isfinite(gap[j + 1])
               and gap[j] != 0 and gap[j] * gap[j + 1] <= 0), None)
    if j0 is None:
        return None

    def at_zero(e, j, k):  # edge e's zero between rates j and k
        return back(u[j] + e[j] / (e[j] - e[k]) * (u[k] - u[j]))

    lower, upper = gap - ci, gap + ci
    holds = (lower <= 0) & (upper >= 0)
    mid = at_zero(gap, j0, j0 + 1)
    bounds = []
    for step, start in ((-1, j0), (1, j0 + 1)):
        k = start
        while 0 <= k < len(x) and holds[k]:
            k += step
        if not 0 <= k < len(x) or not np.isfinite(gap[k]):
            bounds.append(np.nan)
            continue
        edge = lower if lower[k] > 0 else upper
        bounds.append(at_zero(edge, k, k - step))
    return bounds[0], mid, bounds[1]


def threshold_values(sw, rows, metric):
    """A threshold per line: the mean over the line's points of `metric`'s
    per-point means (NaN when the file lacks it)."""
    v = sw.get(metric)[rows]
    v = v[np.isfinite(v)]
    return float(v.mean()) if v.size else np.nan


# The thresholds the gap figure draws: (metric, legend text, line style).
THRESHOLDS = (
    ("threshold_measured", "closed form, C measured in the run: p* = C_run/(R+S)",
     dict(linestyle="--", linewidth=1.8)),
    ("threshold_closed_form", "closed form, C a priori: p* = C/(R+S)",
     dict(linestyle=":", linewidth=1.5)),
)


def threshold_lines(ax, x, sw, groups, colours):
    """Vertical lines at the thresholds, one per line of the sweep and kind
    (measured in the run, a priori); one too far from the simulated rates
    is only named in the legend."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    logx = ax.get_xscale() == "log"
    for metric, text_, style in THRESHOLDS:
        for (label, rows), c in zip(groups, colours):
            v = threshold_values(sw, rows, metric)
            if not np.isfinite(v):
                continue
            name = f"{text_} = {v:.3g}" + (f" ({label})" if label else "")
            if v <= 0 or (max(hi, v) / min(lo, v) > 1e4 if logx else v > 2 * hi):
                ax.plot([], [], " ", label=name + " (off the chart)")
                continue
            ax.axvline(v, color=c or "black", label=name, **style)


def fmt_ci(lo, mid, hi, x):
    """The crossing as "0.15 (95% CI 0.13 to 0.17)", an open end as
    "< 0.02" or "> 0.3" (the swept range's ends)."""
    a = f"{lo:.3g}" if np.isfinite(lo) else f"< {np.nanmin(x):.3g}"
    b = f"{hi:.3g}" if np.isfinite(hi) else f"> {np.nanmax(x):.3g}"
    return f"{mid:.3g} (95% CI {a} to {b})"


def gap_panel(ax, sw, x, groups, colours, logx):
    """The profit gap with its band, the crossing and its CI at y = 0."""
    gap, gci = sw.get("profit_gap"), ogplot.ci(sw.col("profit_gap_ci95"))
    ax.axhline(0, color="grey", linewidth=0.8)
    for (label, rows), c in zip(groups, colours):
        col = c or "tab:purple"
        sfx = f" ({label})" if label else ""
        ax.plot(x[rows], gap[rows], "o-", color=col, markersize=4,
                label="dishonest − honest peers, mean" + sfx)
        ax.fill_between(x[rows], (gap - gci)[rows], (gap + gci)[rows], color=col, alpha=0.2,
                        label="95% CI of the paired gap" if not label else None)
        cr = crossing_ci(x[rows], gap[rows], gci[rows], logx)
        if cr is None:
            continue
        lo, mid, hi = cr
        a = mid - (lo if np.isfinite(lo) else np.nanmin(x[rows]))
        b = (hi if np.isfinite(hi) else np.nanmax(x[rows])) - mid
        ax.errorbar([mid], [0], xerr=[[a], [b]], fmt="*", color="black", markersize=13,
                    capsize=5, elinewidth=2, zorder=5,
                    label="simulated crossing p = " + fmt_ci(lo, mid, hi, x[rows]) + sfx)
    ax.set_ylabel(f"profit gap per result ({ogplot.MONEY})")


def absolute_panel(ax, sw, x, groups, colours):
    """Profit per result of the dishonest nodes and of their honest peers."""
    peers = "profit_per_result_peers"
    for (label, rows), c in zip(groups, colours):
        sfx = f" ({label})" if label else ""
        for m, side, style, own in ((peers, "honest peers", "o-", "tab:blue"),
                                    ("profit_per_result_dishonest", "dishonest", "^--",
                                     "tab:red")):
            y, e, col = sw.get(m), ogplot.ci(sw.col(m + "_ci95")), c or own
            ax.plot(x[rows], y[rows], style, color=col, markersize=4, label=side + sfx)
            ax.fill_between(x[rows], (y - e)[rows], (y + e)[rows], color=col, alpha=0.15)
    ax.set_ylabel(f"profit per result ({ogplot.MONEY})")


def profit_vs_rate(sw, outdir):
    """The profit gap of cheaters over honest nodes of their classes against
    the sampling rate, with its 95% CI, the closed-form thresholds and the
    simulated crossing with its CI; below, both sides' profit per result."""
    reason = why_not(sw, "profit_gap", "profit_per_result_peers", "profit_per_result_dishonest")
    if reason:
        return note(f"{sw.name}: {reason}, no profit figure")
    x, groups = sw.col(RATE), lines(sw)
    fig, (top, bottom) = ogplot.figure(2, height=8, width=8.5)
    logx = ogplot.log_x_if_wide(bottom, x)
    palette = ogplot.plt.get_cmap("tab10").colors
    colours = palette[:len(groups)] if len(groups) > 1 else [None]
    gap_panel(top, sw, x, groups, colours, logx)
    threshold_lines(top, x, sw, groups, colours)
    absolute_panel(bottom, sw, x, groups, colours)
    if logx:  # plain numbers at 1, 2 and 5 of each decade, not 10^-1 alone
        bottom.xaxis.set_major_locator(ogplot.matplotlib.ticker.LogLocator(subs=(1, 2, 5)))
        bottom.xaxis.set_major_formatter(ogplot.matplotlib.ticker.FuncFormatter(
            lambda v, _: f"{v:g}"))
        bottom.xaxis.set_minor_formatter(ogplot.matplotlib.ticker.NullFormatter())
    top.set_title(f"{sw.title}: does cheating pay? Profit per result, dishonest nodes minus\n"
                  f"honest nodes of the same classes ({replicates(sw)}; > 0: cheating pays)")
    bottom.set_xlabel("spot-check sampling rate p (share of results checked)")
    top.legend(fontsize="small")
    bottom.legend(fontsize="small")
    return ogplot.save(fig, outdir, "profit_vs_rate.png")


def cost_breakdown(sw, outdir):
    """Stacked bars per point: where the cost per 1,000 requests goes."""
    parts = ogplot.cost_parts(sw.get)
    if not ogplot.any_finite(parts):
        return note(f"{sw.name}: /stats lacks the ledger metrics, no cost breakdown")
    labels = ["\n".join(value(row[a]) for a in sw.axes) for row in sw.stats]
    fig, (ax,) = ogplot.figure(height=5.5, width=max(10.0, 4 + 0.2 * len(labels)))
    ogplot.cost_bars(ax, labels, parts)
    ci = sw.col("cost_per_1000_requests_ci95")
    if np.isfinite(ci).any():  # replicates: the total's 95% CI on each bar's cost
        cost = sum(np.nan_to_num(np.asarray(v, dtype=float)) for _, v, _ in parts[:-1])
        bars = ax.errorbar(np.arange(len(labels)), cost, yerr=ogplot.ci(ci), fmt="none",
                           ecolor="black", elinewidth=1, capsize=3)
        old = ax.get_legend()  # cost_bars' entries, its note on the numbers kept
        handles = list(old.legendHandles) + [bars]
        names = [t.get_text() for t in old.get_texts()]
        names.append("95% CI of cost_per_1000_requests over the replicates")
        ax.legend(handles, names, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1),
                  borderaxespad=0)
    if len(labels) > 10 and len(sw.axes) == 1:
        ax.tick_params(axis="x", labelrotation=90)
    ax.set_title(f"{sw.title}: cost per 1,000 completed requests, by point (means)")
    ax.set_xlabel(" / ".join(sw.axes) if len(sw.axes) == 1
                  else "sweep point: " + ", ".join(sw.axes) + " (top to bottom)")
    return ogplot.save(fig, outdir, "cost_breakdown.png")


FIGURES = (throughput_latency_vs_rate, profit_vs_rate, cost_breakdown)
