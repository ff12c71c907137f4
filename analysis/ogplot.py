"""Drawing helpers shared by the run and sweep figures (matplotlib, Agg)."""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import numpy as np  # noqa: E402

# What save() writes: the PNG's resolution (dots per inch, as the PNG's
# pHYs chunk records it) and the formats, each a file of the same base name.
# plot.py sets them from its command line (--dpi, --format).
DPI = 200
FORMATS = ("png",)
KNOWN_FORMATS = ("png", "pdf", "svg")
MONEY = "currency units"

# The parts of the cost per 1,000 completed requests, from the ledger's
# metrics (README, "Ledger"): (label, value from a getter of metrics, style).
# Slashing moves stake from cheaters to the ledger: a transfer, not a cost,
# so it is hatched and stacked last, above the real costs.
COST_PARTS = (
    ("compute for serving", lambda g: g("compute_cost") - g("verification_compute_cost"), {}),
    ("verification compute", lambda g: g("verification_compute_cost"), {}),
    ("validator rewards", lambda g: g("validator_rewards"), {}),
    ("disputes", lambda g: g("dispute_cost"), {}),
    ("settlement", lambda g: g("settlement_cost"), {}),
    ("slashing (a transfer from cheaters, not a cost)", lambda g: g("slashed"),
     {"hatch": "//", "edgecolor": "black", "linewidth": 0.5}),
)


def note(msg):
    """Say on stderr why a figure was skipped (stdout lists the PNGs)."""
    print(f"note: {msg}", file=sys.stderr)


def figure(nrows=1, height=5.0, width=8.0, sharex=True):
    fig, ax = plt.subplots(nrows, 1, figsize=(width, height), sharex=sharex, squeeze=False)
    return fig, ax[:, 0]


def panels(fig):
    """The y labels of the figure's panels, top to bottom, one a line."""
    return "\n".join(ax.get_ylabel().replace("\n", " ") for ax in fig.axes)


def formats(text):
    """The formats of a comma list ("png,pdf"), in order, each once; ValueError
    on an empty list or an unknown format."""
    out = []
    for f in text.split(","):
        if f not in KNOWN_FORMATS:
            raise ValueError(f"unknown figure format {f!r} in {text!r} (known: "
                             f"{', '.join(KNOWN_FORMATS)}, as a comma list)")
        if f not in out:
            out.append(f)
    return tuple(out)


def save(fig, outdir, filename):
    """Write the figure as outdir/filename in each of FORMATS (the name's
    extension replaced: name.png, name.pdf, name.svg), close it, and return
    the first file's path. The panels' y labels, panels(fig), go in the
    PNG's text entry "Panels" (for tests to read), a PDF's Subject and an
    SVG's Description."""
    os.makedirs(outdir, exist_ok=True)
    base = os.path.join(outdir, os.path.splitext(filename)[0])
    fig.tight_layout()
    text = panels(fig)
    meta = {"png": {"Panels": text}, "pdf": {"Subject": text}, "svg": {"Description": text}}
    for f in FORMATS:
        fig.savefig(f"{base}.{f}", dpi=DPI, metadata=meta[f])
    plt.close(fig)
    return f"{base}.{FORMATS[0]}"


def wide(v):
    """Whether v's values are positive and span more than a factor of 10."""
    v = np.asarray(v, dtype=float)
    finite = v[np.isfinite(v)]
    return bool(finite.size) and finite.min() > 0 and finite.max() > 10 * finite.min()


def log_x_if_wide(ax, x):
    """Log x scale when positive values span more than a factor of 10."""
    x = np.asarray(x, dtype=float)
    if wide(x[np.isfinite(x) & (x > 0)]):
        ax.set_xscale("log")
        return True
    return False


def ci(v):
    """Error-bar half-widths with NaN (fewer than 2 replicates) as 0."""
    return np.nan_to_num(np.asarray(v, dtype=float), nan=0.0)


def cost_parts(get):
    """[(label, value per 1,000 completed requests, style)] from a metric getter."""
    done = np.asarray(get("requests_completed"), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(done > 0, 1000.0 / done, np.nan)  # no completed request: no cost per
    return [(label, np.asarray(f(get), dtype=float) * per, style)
            for label, f, style in COST_PARTS]


def any_finite(parts):
    """Whether cost_parts found any ledger value at all."""
    return any(np.isfinite(v).any() for _, v, _ in parts)


def cost_bars(ax, labels, parts):
    """Stacked bars, one per label, of cost_parts' output (NaN drawn as 0),
    each topped by its total cost (without the slashing, stacked last)."""
    x = np.arange(len(labels))
    values = [np.nan_to_num(np.broadcast_to(v, x.shape), nan=0.0, posinf=0.0, neginf=0.0)
              for _, v, _ in parts]
    cost = sum(values[:-1])
    bottom = np.zeros(len(labels))
    colours = plt.get_cmap("tab10").colors
    for (label, raw, style), v, colour in zip(parts, values, colours):
        if np.isnan(raw).all():
            label += " (not in this file)"
        elif not v.any():
            label += " (0 here)"
        ax.bar(x, v, 0.6, bottom=bottom, color=colour, label=label, **style)
        bottom = bottom + v
    values = [ax.annotate(f"{c:.3g}", (xi, top), xytext=(0, 2), textcoords="offset points",
                          ha="center", va="bottom", fontsize="small")
              for xi, top, c in zip(x, bottom, cost)]
    handles, names = ax.get_legend_handles_labels()
    handles.append(ax.plot([], [], " ")[0])
    names.append("number over a bar: total cost, slashing left out")
    ax.set_ylim(0, 1.08 * bottom.max() if bottom.max() > 0 else 1)
    ax.set_xticks(x, labels)
    ax.set_ylabel(f"per 1,000 completed requests ({MONEY})")
    ax.legend(handles, names, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1),
              borderaxespad=0)
    fit_xticks(ax)
    fit_texts(ax, values, lambda: ax.set_ylim(0, 1.25 * bottom.max() if bottom.max() > 0 else 1))
    if not all(t.get_visible() for t in values):
        ax.get_legend().get_texts()[-1].set_text(names[-1] + " (where it fits)")


# Labels that must not overlap: each helper measures them with the figure's
# renderer after a tight layout (what save will do), so the decision holds
# whatever the font, the figure size or the number of points.

def clashes(texts, pad=1.0, x_only=False):
    """[(a, b)] of the visible, non-empty texts whose boxes (grown by pad
    pixels) overlap, or with x_only whose horizontal extents do (a title or
    a label added later moves texts up and down, never sideways); the
    figure must have been laid out."""
    texts = [t for t in texts if t.get_visible() and t.get_text()]
    if not texts:
        return []
    r = texts[0].figure.canvas.get_renderer()
    boxes = [t.get_window_extent(r).padded(pad) for t in texts]
    hit = ((lambda a, b: a.x0 < b.x1 and b.x0 < a.x1) if x_only else
           (lambda a, b: a.overlaps(b)))
    return [(texts[i], texts[j]) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if hit(boxes[i], boxes[j])]


def _laid_out(fig):
    fig.tight_layout()
    fig.canvas.draw()


def fit_xticks(ax):
    """Make the x tick labels of ax readable: upright if they fit side by
    side, else turned 90 degrees, else every k-th label only (the smallest
    k that fits)."""
    fig = ax.figure
    _laid_out(fig)
    if not clashes(ax.get_xticklabels(), x_only=True):
        return
    ax.tick_params(axis="x", labelrotation=90)
    _laid_out(fig)
    if not clashes(ax.get_xticklabels(), x_only=True):
        return
    ticks = list(ax.get_xticks())
    names = [t.get_text() for t in ax.get_xticklabels()]
    for k in range(2, len(ticks) + 1):
        ax.set_xticks(ticks[::k], names[::k])
        _laid_out(fig)
        if not clashes(ax.get_xticklabels(), x_only=True):
            return


def fit_texts(ax, texts, turned=None):
    """Value labels over bars (left to right): turned 90 degrees when they
    clash upright (then turned() is called, to make room above the bars),
    and each one that would overlap the last one kept is hidden."""
    _laid_out(ax.figure)
    if not clashes(texts, x_only=True):
        return
    for t in texts:
        t.set_rotation(90)
    if turned:
        turned()
    _laid_out(ax.figure)
    kept = None
    for t in texts:
        if kept is not None and clashes([kept, t], x_only=True):
            t.set_visible(False)
        else:
            kept = t
