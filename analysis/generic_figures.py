"""Figures for any run or sweep: the standard metrics against a sweep's first
axis (a line per value of the other axes, 95% CI), the end-to-end latency
CDF per model of a run without LLM models, and a run's time series with node
failures, recoveries, joins and leaves marked. Each takes a Run or a Sweep
and a folder and returns the PNG's path, or None (with a note) when the
file cannot give it."""
import numpy as np
from matplotlib.lines import Line2D

import ogplot
import sweep_figures
import token_figures
from ogplot import note

# (metric, panel label, scale from the file's unit) of metrics_vs_axis; a
# metric /stats lacks, or has no value of, is left out
SWEPT = (
    ("throughput", "throughput (1/s)", 1.0),
    ("latency_p50", "p50 latency (ms)", 1e3),
    ("latency_p99", "p99 latency (ms)", 1e3),
    ("cost_per_1000_requests", f"cost per 1,000\nrequests ({ogplot.MONEY})", 1.0),
    ("profit_per_result_honest", f"honest profit\nper result ({ogplot.MONEY})", 1.0),
    ("profit_per_result_dishonest", f"dishonest profit\nper result ({ogplot.MONEY})", 1.0),
    ("ttft_p99", "TTFT p99 (ms)", 1e3),
    ("tpot_p99", "TPOT p99 (ms)", 1e3),
)

# /timeseries event columns: (column, legend text, marker, colour)
EVENTS = (
    ("failures", "node failures", "v", "tab:red"),
    ("recoveries", "repairs (node back up)", "^", "tab:green"),
    ("joins", "nodes joining (churn)", "P", "tab:blue"),
    ("leaves", "nodes leaving (churn)", "X", "tab:purple"),
)


def swept(sw):
    """[(metric, label, scale)] of SWEPT with a finite mean somewhere."""
    out = []
    for metric, label, scale in SWEPT:
        if sw.has(metric + "_mean", metric + "_ci95") and np.isfinite(sw.get(metric)).any():
            ms = scale if sw.units.get(metric, "s") == "s" else 1.0
            out.append((metric, label if ms == scale else label.replace("(ms)", "(s)"), ms))
    return out


def metrics_vs_axis(sw, outdir):
    """Each standard metric the sweep has against its first axis, mean and
    95% CI, a line per combination of the other axes' values; an axis of
    text as categories; log x when the values span over 10x."""
    if not sw.axes:
        return note(f"{sw.name}: no axis, no metrics figure")
    rows = swept(sw)
    if not rows:
        return note(f"{sw.name}: /stats has none of the standard metrics, no metrics figure")
    axis = sw.axes[0]
    x, ticks = sweep_figures.axis_x(sw, axis)
    groups = sweep_figures.lines(sw, axis, x)
    fig, axes = ogplot.figure(len(rows), height=1.2 + 2.1 * len(rows), width=9)
    logx = ticks is None and ogplot.log_x_if_wide(axes[-1], x)
    for ax, (metric, label, scale) in zip(axes, rows):
        y, e = scale * sw.get(metric), ogplot.ci(scale * sw.col(metric + "_ci95"))
        for i, (glabel, r) in enumerate(groups):
            xs = (sweep_figures.nudge(x[r], i, len(groups), logx) if ticks is None
                  else x[r] + 0.3 * (i - (len(groups) - 1) / 2) / max(len(groups) - 1, 1))
            ax.errorbar(xs, y[r], yerr=e[r],
                        marker="o", markersize=4, capsize=3, label=glabel or "mean ± 95% CI",
                        linestyle="-" if ticks is None else "none")
        if "latency" in metric or metric.endswith("_p99"):
            if ogplot.wide(y):
                ax.set_yscale("log")
        ax.set_ylabel(label)
    if ticks is not None:
        axes[-1].set_xticks(np.arange(len(ticks)), ticks)
        axes[-1].set_xlim(-0.5, len(ticks) - 0.5)
    elif np.unique(x[np.isfinite(x)]).size <= 12:  # a tick at each value swept
        at = np.unique(x[np.isfinite(x)])
        axes[-1].set_xticks(at, [sweep_figures.value(v) for v in at])
        axes[-1].minorticks_off()
    axes[-1].set_xlabel(axis + ("" if ticks is None else " (categories)"))
    axes[0].set_title(f"{sw.title}: metrics against {axis}\n"
                      f"({sweep_figures.replicates(sw)}, error bars: 95% CI)")
    axes[0].legend(fontsize="small", title_fontsize="small", loc="upper left",
                   bbox_to_anchor=(1.01, 1), borderaxespad=0,
                   title="mean ± 95% CI, nudged sideways" if len(groups) > 1 else None)
    ogplot.fit_xticks(axes[-1])
    return ogplot.save(fig, outdir, "metrics_vs_axis.png")


def latency_cdf(run, outdir):
    """Empirical CDF of the end-to-end latency per model from /requests, for
    a run without LLM models (token_cdfs draws it beside TTFT and TPOT)."""
    if run.tokens_by_model is not None:
        return None  # token_figures.token_cdfs has the E2E panel
    if run.requests is None:
        return note(f"{run.name}: no /requests (output.requests: true), no latency CDF")
    names = run.model_names or [f"model {m}" for m in np.unique(run.requests["model"])]
    colours = ogplot.plt.get_cmap("tab10").colors
    curves = [(n, token_figures.e2e(run, m), colours[m % 10]) for m, n in enumerate(names)]
    if not any(v.size for _, v, _ in curves):
        return note(f"{run.name}: no completed request in /requests, no latency CDF")
    fig, (ax,) = ogplot.figure(height=5)
    token_figures.cdf_panel(ax, curves, [np.nan] * len(curves), "E2E latency, issue to response")
    ax.set_title(f"{run.title}: end-to-end latency of every completed request in /requests\n"
                 "(warm-up included; dotted: p50, p95, p99)")
    return ogplot.save(fig, outdir, "latency_cdf.png")


def stairs(ax, t, dt, v, **kw):
    ax.stairs(v, np.append(t, t[-1] + dt), baseline=None, **kw)


def rug(ax, t, dt, ts, events):
    """Each event kind's bins with one or more events, as markers in a row of
    its own above the data (the y range grown to make room)."""
    lo, hi = ax.get_ylim()
    if ax.get_yscale() == "log":
        ax.set_ylim(lo, hi * (hi / lo) ** 0.6)
    else:
        ax.set_ylim(lo, hi + 0.6 * (hi - lo))
    tr = ax.get_xaxis_transform()
    for k, (col, _, marker, colour) in enumerate(events):
        hit = ts[col] > 0
        ax.plot(t[hit] + dt / 2, np.full(hit.sum(), 0.95 - 0.07 * k), marker, color=colour,
                markersize=4, linestyle="none", transform=tr, clip_on=False)


def timeseries(run, outdir):
    """Throughput, latency (mean and p99) and utilisation per time-series
    bin, the bins with node failures, repairs, joins and leaves marked
    above the data and counted in a panel of their own."""
    ts = run.timeseries
    t = ts.get("t")
    if t is None or t.size == 0 or "throughput" not in ts:
        return note(f"{run.name}: no /timeseries, no time-series figure")
    dt = t[1] - t[0] if t.size > 1 else 1.0
    events = [e for e in EVENTS if e[0] in ts]
    marked = [e for e in events if ts[e[0]].any()]
    fig, axes = ogplot.figure(3 + bool(events), height=3 + 2.2 * (3 + bool(events)), width=10)
    stairs(axes[0], t, dt, ts["throughput"], color="black", linewidth=1.2)
    axes[0].set_ylabel("throughput (1/s)")
    for col, style in (("latency_mean", "-"), ("latency_p99", "--")):
        if col in ts:
            stairs(axes[1], t, dt, 1e3 * ts[col], color="black", linestyle=style, linewidth=1.2,
                   label=col.replace("latency_", "") + " of the bin's completions")
    lat = 1e3 * np.concatenate([ts[c] for c in ("latency_mean", "latency_p99") if c in ts])
    if ogplot.wide(lat[lat > 0]):
        axes[1].set_yscale("log")
    axes[1].set_ylabel("latency (ms)")
    stairs(axes[2], t, dt, ts.get("utilisation", np.full(t.size, np.nan)), color="black",
           linewidth=1.2)
    axes[2].set_ylabel("utilisation (busy share of all nodes)")
    axes[0].set_ylim(bottom=0)
    axes[2].set_ylim(bottom=0)
    for ax in axes[:3]:
        rug(ax, t, dt, ts, marked)
    axes[1].legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1),
                   borderaxespad=0)
    if marked:
        axes[0].legend(handles=[Line2D([], [], marker=m, color=c, linestyle="none",
                                       label=f"{lab} in the bin") for _, lab, m, c in marked],
                       fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1),
                       borderaxespad=0, title="a marker per bin with", title_fontsize="small")
    if events:
        for col, lab, _, colour in events:
            stairs(axes[3], t, dt, ts[col], color=colour, linewidth=1.2, label=lab)
        axes[3].set_ylim(bottom=0)
        axes[3].set_ylabel("node events per bin (count)")
        axes[3].legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1),
                       borderaxespad=0)
    what = ("bins with node events marked above the data, counted below" if marked
            else "no node failure, repair, join or leave in this run")
    axes[0].set_title(f"{run.title}: time series per {dt:g} s bin\n({what})")
    axes[-1].set_xlabel(f"simulated time t (s), one step per {dt:g} s interval")
    return ogplot.save(fig, outdir, "timeseries.png")


RUN = (timeseries, latency_cdf)
SWEEP = (metrics_vs_axis,)
