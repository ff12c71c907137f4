"""Checks of a drawn matplotlib figure that tests share: no two tick labels
of an axis overlap, and no legend inside a panel covers its data (measured
with the figure's renderer, independently of analysis/ogplot.py)."""
import numpy as np


def clashes(texts, r):
    """[(a, b)] of the visible, non-empty texts whose boxes overlap."""
    texts = [t for t in texts if t.get_visible() and t.get_text()]
    boxes = [t.get_window_extent(r) for t in texts]
    return [(texts[i], texts[j]) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if boxes[i].overlaps(boxes[j])]


def overlaps(fig):
    """["what overlaps what"] in fig, laid out as ogplot.save lays it out."""
    fig.tight_layout()
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    bad = []
    for k, ax in enumerate(fig.axes):
        for name, labels in (("x", ax.get_xticklabels()), ("y", ax.get_yticklabels())):
            for a, b in clashes(labels, r):
                bad.append(f"panel {k} {name} ticks {a.get_text()!r} and {b.get_text()!r}")
        leg = ax.get_legend()
        if leg is None:
            continue
        box, frame = leg.get_window_extent(r), ax.get_window_extent(r)
        if not box.overlaps(frame):
            continue  # outside the panel
        for line in ax.get_lines():
            xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
            xy = xy[np.isfinite(xy).all(axis=1)]
            inside = ((xy[:, 0] > box.x0) & (xy[:, 0] < box.x1) & (xy[:, 1] > box.y0)
                      & (xy[:, 1] < box.y1))
            if inside.any():
                bad.append(f"panel {k} legend covers {inside.sum()} points of "
                           f"{line.get_label()!r}")
    return bad
