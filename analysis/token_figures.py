"""Figures of the LLM token metrics (docs/token-metrics.md): TTFT, TPOT and
E2E percentiles by model and their CDFs for a run, TTFT/TPOT p99, output
tokens/s and cost per million output tokens against a sweep's axis. Each
takes a Run or a Sweep and a folder and returns the PNG's path, or None
(with a note) when the file cannot give it."""
import numpy as np

import ogplot
import sweep_figures
from ogplot import note
from ogresults import text

# (column prefix, panel label) of the run's latency figures, in ms
LATENCIES = (
    ("ttft", "TTFT, time to first token (ms)"),
    ("tpot", "TPOT, time per output token (ms)"),
    ("e2e", "E2E latency, issue to result (ms)"),
)
PERCENTILES = (("p50", "tab:blue"), ("p95", "tab:orange"), ("p99", "tab:red"))
NO_STREAMING = "all 0: the engine does not stream\n(every token comes at once, as in static batches)"


def llm_models(run):
    """Indices into /tokens_by_model of the models with LLM requests (a
    completed one, or a percentile), and the names of the others."""
    t = run.tokens_by_model
    stats = np.column_stack([np.asarray(t[f"{k}_p50"], dtype=float) for k, _ in LATENCIES])
    has = (np.asarray(t["requests"]) > 0) | np.isfinite(stats).any(axis=1)
    return np.flatnonzero(has), [text(n) for n in t["name"][~has]]


def slo(run, key):
    """The models' SLO bound on `key` (ttft or tpot) in s, NaN where none
    or where the file predates the slo_ columns."""
    t = run.tokens_by_model
    col = f"slo_{key}"
    return np.asarray(t[col], dtype=float) if col in t.dtype.names else np.full(len(t), np.nan)


def flat_zero(ax, values):
    """Say on the panel that its values are all 0 (a non-streaming engine's
    TPOT); True when it did."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size and not v.any():
        ax.text(0.5, 0.5, NO_STREAMING, transform=ax.transAxes, ha="center", va="center",
                color="dimgrey")
        return True
    return False


def latency_panel(ax, run, rows, key):
    """Grouped bars p50/p95/p99 of one latency per model, the models' SLO
    bounds as dashed segments over their groups; log y when wide."""
    t, x, w = run.tokens_by_model, np.arange(len(rows)), 0.26
    drawn = []
    for j, (p, colour) in enumerate(PERCENTILES):
        v = 1e3 * np.asarray(t[f"{key}_{p}"], dtype=float)[rows]
        bars = ax.bar(x + (j - 1) * w, np.nan_to_num(v), w, color=colour, label=p)
        ax.bar_label(bars, [f"{b:.0f}" if b >= 100 else f"{b:.3g}" if np.isfinite(b) else ""
                           for b in v],
                     fontsize="x-small")
        drawn.append(v)
    margin = max(0.75, 1.5 / len(rows))
    ax.set_xlim(-margin, len(rows) - 1 + margin)
    bound = 1e3 * slo(run, key)[rows] if key != "e2e" else np.full(len(rows), np.nan)
    for xi, b in zip(x, bound):
        if np.isfinite(b):
            ax.hlines(b, xi - 1.6 * w, xi + 1.6 * w, colors="black", linestyles="--",
                      linewidth=1.5, label="SLO bound (the model's)")
    if not flat_zero(ax, drawn) and ogplot.wide(np.concatenate(drawn + [bound])):
        ax.set_yscale("log")
    ax.set_ylabel(dict(LATENCIES)[key])


def token_latency(run, outdir):
    """TTFT, TPOT and E2E p50/p95/p99 per model, with the SLO bounds."""
    if run.tokens_by_model is None:
        return note(f"{run.name}: no /tokens_by_model (no LLM model), no token latency figure")
    rows, others = llm_models(run)
    if rows.size == 0:
        return note(f"{run.name}: no model with LLM requests, no token latency figure")
    t = run.tokens_by_model
    fig, axes = ogplot.figure(3, height=9, width=max(8.0, 3 + 1.5 * rows.size))
    for ax, (key, _) in zip(axes, LATENCIES):
        latency_panel(ax, run, rows, key)
    handles = {}
    for ax in axes:
        for h, label in zip(*ax.get_legend_handles_labels()):
            handles.setdefault(label, h)
    axes[0].legend(handles.values(), handles.keys(), fontsize="small", loc="upper left",
                   bbox_to_anchor=(1.01, 1), borderaxespad=0)
    axes[-1].set_xticks(np.arange(rows.size), [f"{text(t['name'][r])}\n"
                                               f"({t['requests'][r]:.0f} completed)"
                                               for r in rows])
    axes[-1].set_xlabel("model (LLM requests completed in the window)")
    left_out = f"; not LLMs, left out: {', '.join(others)}" if others else ""
    axes[0].set_title(f"{run.title}: LLM latencies by model, percentiles over the requests\n"
                      f"issued after the warm-up (/tokens_by_model{left_out})")
    return ogplot.save(fig, outdir, "token_latency.png")


def per_request(run, model):
    """(TTFT, TPOT) in s of the completed LLM requests of one model in
    /requests; TPOT for the requests of 2+ output tokens."""
    r = run.requests
    r = r[(r["model"] == model) & (r["status"] == 0) & (r["output_tokens"] > 0)]
    gen = r["t_finish"] - r["t_first"]
    ttft = (r["t_done"] - r["t_issue"]) - gen
    many = r["output_tokens"] > 1
    return ttft, gen[many] / (r["output_tokens"][many] - 1.0)


def e2e(run, model):
    """End-to-end latencies (s, issue to response) of model's completed
    requests in /requests."""
    r = run.requests
    r = r[(r["model"] == model) & (r["status"] == 0)]
    return r["t_done"] - r["t_issue"]


def cdf_panel(ax, curves, bounds, label):
    """Empirical CDFs (ms) of [(name, values in s, colour)], each model's SLO
    bound a dashed line in its colour; log x when wide."""
    drawn = []
    for (name, v, colour), b in zip(curves, bounds):
        v = np.sort(1e3 * v)
        if v.size == 0:
            continue
        ax.step(np.append(v[0], v), np.arange(v.size + 1) / v.size, where="post",
                color=colour, label=f"{name} ({v.size} requests)")
        if np.isfinite(b):
            ax.axvline(1e3 * b, color=colour, linestyle="--", linewidth=1.2,
                       label=f"{name}: SLO bound {1e3 * b:.4g} ms")
        drawn.append(v)
    for q in (0.5, 0.95, 0.99):
        ax.axhline(q, color="grey", linestyle=":", linewidth=0.8)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 0.95])  # 1.0 beside 0.95 would overlap it
    ax.set_ylim(0, 1.02)
    v = np.concatenate(drawn) if drawn else np.array([])
    if not flat_zero(ax, v) and ogplot.wide(v[v > 0]) and v.min() > 0:
        ax.set_xscale("log")
    ax.set_xlabel(f"{label} (ms)")
    ax.set_ylabel(f"{label.split(',')[0]}: share of requests ≤ x")
    ax.legend(fontsize="small", loc="lower right")


def token_cdfs(run, outdir):
    """Empirical CDFs of TTFT and TPOT per LLM model and of E2E latency per
    model (LLM or not), from /requests."""
    if run.tokens_by_model is None:
        return note(f"{run.name}: no /tokens_by_model (no LLM model), no token CDFs")
    if run.requests is None:
        return note(f"{run.name}: no /requests (output.requests: true), no token CDFs")
    rows, _ = llm_models(run)
    names = [text(n) for n in run.tokens_by_model["name"]]
    colours = ogplot.plt.get_cmap("tab10").colors
    values = [(names[r], per_request(run, r), colours[i % 10]) for i, r in enumerate(rows)]
    if not any(v[0].size for _, v, _ in values):
        return note(f"{run.name}: no completed LLM request in /requests, no token CDFs")
    fig, axes = ogplot.figure(3, height=11.5, sharex=False)
    for ax, k, key, label in ((axes[0], 0, "ttft", "TTFT, time to first token"),
                              (axes[1], 1, "tpot", "TPOT, time per output token")):
        cdf_panel(ax, [(n, v[k], c) for n, v, c in values], slo(run, key)[rows], label)
    every = [(n, e2e(run, m), colours[m % 10]) for m, n in enumerate(names)]
    cdf_panel(axes[2], every, [np.nan] * len(every), "E2E latency, issue to response")
    axes[0].set_title(f"{run.title}: TTFT, TPOT (LLM requests), E2E (all) in /requests\n"
                      "(completed ones, warm-up included; dotted: p50, p95, p99; dashed: SLO)")
    return ogplot.save(fig, outdir, "token_cdfs.png")


# (metric, panel label, scale) of the sweep figure
SWEPT = (
    ("ttft_p99", "TTFT p99 (ms)", 1e3),
    ("tpot_p99", "TPOT p99 (ms)", 1e3),
    ("output_tokens_per_s", "output tokens/s (1/s)", 1.0),
    ("cost_per_million_output_tokens", f"cost per million\noutput tokens ({ogplot.MONEY})", 1.0),
)


def sweep_x(sw):
    """(axis, x per point, tick labels or None): the first axis with numbers,
    else the first axis as categories in the order of its values (points
    drawn unjoined)."""
    numeric = [a for a in sw.axes if np.issubdtype(sw.stats.dtype[a], np.number)]
    axis = numeric[0] if numeric else sw.axes[0]
    return (axis,) + sweep_figures.axis_x(sw, axis)


def tokens_vs_axis(sw, outdir):
    """TTFT p99, TPOT p99, output tokens/s and cost per million output
    tokens against the sweep's axis, +-95% CI, a line per combination of
    the other axes' values."""
    if not sw.axes:
        return note(f"{sw.name}: no axis, no token metrics figure")
    if not sw.has("output_tokens_per_s_mean", "ttft_p99_mean"):
        return note(f"{sw.name}: /stats lacks the token metrics (no LLM model), "
                    "no token metrics figure")
    axis, x, ticks = sweep_x(sw)
    groups = sweep_figures.lines(sw, axis, x)
    fig, axes = ogplot.figure(len(SWEPT), height=11)
    logx = ticks is None and ogplot.log_x_if_wide(axes[-1], x)
    for ax, (metric, label, scale) in zip(axes, SWEPT):
        y, e = scale * sw.get(metric), ogplot.ci(scale * sw.col(metric + "_ci95"))
        for i, (glabel, rows) in enumerate(groups):
            ax.errorbar(sweep_figures.nudge(x[rows], i, len(groups), logx), y[rows], yerr=e[rows],
                        marker="o", markersize=4, capsize=3, label=glabel or "mean ± 95% CI",
                        linestyle="-" if ticks is None else "none")
        if not sw.has(metric + "_mean"):
            ax.text(0.5, 0.5, "not in this file", transform=ax.transAxes, ha="center")
        elif not flat_zero(ax, y) and metric.endswith("_p99") and ogplot.wide(y):
            ax.set_yscale("log")
        ax.set_ylabel(label)
    if ticks is not None:
        axes[-1].set_xticks(np.arange(len(ticks)), ticks)
    axes[-1].set_xlabel(axis)
    axes[0].set_title(f"{sw.title}: LLM token metrics against {axis}\n"
                      f"({sweep_figures.replicates(sw)}, error bars: 95% CI)")
    axes[0].legend(fontsize="small", title_fontsize="small",
                   title="mean ± 95% CI, nudged sideways" if len(groups) > 1 else None)
    return ogplot.save(fig, outdir, "tokens_vs_axis.png")


RUN = (token_latency, token_cdfs)
SWEEP = (tokens_vs_axis,)
