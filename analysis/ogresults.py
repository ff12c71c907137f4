"""Read ogsim results files (a run's or a sweep's) with h5py into numpy.

The layout is documented in README.md and docs/sweep.md ("The results
file"); nothing here depends on the simulator's code.
"""
import os

import h5py
import numpy as np


# The /requests columns the latency and token figures read (a large trace
# is read in these columns only).
REQUEST_COLUMNS = ("model", "status", "output_tokens", "t_issue", "t_first", "t_finish", "t_done")


class ResultsError(Exception):
    """A file that is missing, not HDF5, or not an ogsim results file."""


def text(v):
    """A string from an HDF5 value (bytes, numpy bytes or str)."""
    return v.decode() if isinstance(v, (bytes, np.bytes_)) else str(v)


class Run:
    """One `ogsim run` file: summary scalars and the tables figures need."""

    kind = "run"

    def __init__(self, path, f):
        self.path, self.name = path, _stem(path)
        self.title = text(f.attrs.get("scenario_name", self.name))
        if "summary" not in f or not isinstance(f["summary"], h5py.Group):
            raise ResultsError(f"{path}: no /summary group (not an ogsim results file)")
        g = f["summary"]
        try:
            self.summary = {k: float(g[k][()]) for k in g}
        except (TypeError, ValueError) as e:
            raise ResultsError(f"{path}: /summary holds a non-numeric value ({e})") from None
        self.units = {k: text(g[k].attrs.get("unit", "")) for k in g}
        self.cheaters = _table(f, "cheaters")
        self.tokens_by_model = _table(f, "tokens_by_model")
        self.requests = _table(f, "requests", REQUEST_COLUMNS)
        labels = f["requests"].attrs.get("labels_model") if self.requests is not None else None
        self.model_names = [text(n) for n in labels] if labels is not None else []
        self.timeseries = {}
        if isinstance(f.get("timeseries"), h5py.Group):
            self.timeseries = {k: np.asarray(d[()], dtype=float)
                               for k, d in f["timeseries"].items()}

    def get(self, name):
        """A summary value, NaN when the file lacks it."""
        return self.summary.get(name, float("nan"))


class Sweep:
    """One `ogsim sweep` (or merge) file: /stats, one row per point."""

    kind = "sweep"

    def __init__(self, path, f):
        self.path, self.name = path, _stem(path)
        self.title = text(f.attrs.get("sweep_name", self.name))
        self.stats = _table(f, "stats")
        axes = _table(f, "axes")
        if self.stats is None or axes is None or "path" not in (axes.dtype.names or ()):
            raise ResultsError(f"{path}: a sweep file without /stats or /axes tables")
        self.axes = [text(p) for p in axes["path"]]
        missing = [a for a in self.axes if a not in self.stats.dtype.names]
        if missing:
            raise ResultsError(f"{path}: /stats lacks the axis columns {missing}")
        metrics = _table(f, "metrics")
        self.units = {}
        if metrics is not None and {"name", "unit"} <= set(metrics.dtype.names or ()):
            self.units = {text(m["name"]): text(m["unit"]) for m in metrics}

    def has(self, *columns):
        return all(c in self.stats.dtype.names for c in columns)

    def col(self, name):
        """A /stats column as floats (NaN where the file lacks it)."""
        if name not in self.stats.dtype.names:
            return np.full(len(self.stats), np.nan)
        return np.asarray(self.stats[name], dtype=float)

    def get(self, name):
        """A metric's per-point mean, like Run.get for a run's value."""
        return self.col(name + "_mean")

    def point_label(self, i):
        """Point i as "axis = value, ..." for messages."""
        def short(v):
            return text(v) if isinstance(v, (bytes, np.bytes_, str)) else f"{float(v):.3g}"
        return ", ".join(f"{a} = {short(self.stats[a][i])}" for a in self.axes) or "the point"

    def empty_points(self, metrics=("throughput", "latency_p99", "profit_per_result_honest",
                                    "profit_per_result_dishonest")):
        """[(label, why)] for the points that completed no request, or whose
        mean of one of `metrics` (those /stats has) is NaN or infinite."""
        done = self.get("requests_completed")
        out = []
        for i in range(len(self.stats)):
            bad = [m for m in metrics if self.has(m + "_mean") and not np.isfinite(self.get(m)[i])]
            if self.has("requests_completed_mean") and not done[i] > 0:
                out.append((self.point_label(i), "no completed request"))
            elif bad:
                out.append((self.point_label(i), "no value for " + ", ".join(bad)))
        return out


def load(path):
    """Open a results file and read it; raise ResultsError if it is not one."""
    if os.path.isdir(path):
        raise ResultsError(f"{path}: a directory, not a results file")
    if not os.path.isfile(path):
        raise ResultsError(f"{path}: no such file")
    try:
        with h5py.File(path, "r") as f:
            if text(f.attrs.get("kind", "")) == "sweep":
                return Sweep(path, f)
            return Run(path, f)
    except OSError as e:
        raise ResultsError(f"{path}: not an HDF5 file ({e})") from None
    except (KeyError, ValueError) as e:
        raise ResultsError(f"{path}: malformed results file ({e})") from None


def _table(f, name, columns=None):
    """A compound dataset as a numpy structured array (only `columns` when
    given), None when the file lacks it or one of the columns."""
    d = f.get(name)
    if not isinstance(d, h5py.Dataset) or d.dtype.names is None:
        return None
    if columns is None:
        return d[()]
    if not set(columns) <= set(d.dtype.names):
        return None
    return d.fields(list(columns))[()]


def _stem(path):
    base = os.path.basename(path)
    return base[:-3] if base.endswith(".h5") else os.path.splitext(base)[0]
