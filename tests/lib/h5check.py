"""Helpers for the whole-program tests: read ogsim results files with h5py."""
import sys

import h5py
import numpy as np


def summary(path):
    """The /summary scalars of a results file, as a dict."""
    with h5py.File(path, "r") as f:
        return {k: float(f["summary"][k][()]) for k in f["summary"]}


def datasets(path, skip=("perf",)):
    """Every dataset outside `skip` groups, as {path: numpy array}."""
    out = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and name.split("/")[0] not in skip:
            out[name] = obj[()]

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    return out


def same_datasets(a, b):
    """Names of datasets that differ between files a and b (bitwise)."""
    da, db = datasets(a), datasets(b)
    diff = sorted(set(da) ^ set(db))
    for k in sorted(set(da) & set(db)):
        x, y = da[k], db[k]
        if x.dtype != y.dtype or x.shape != y.shape or x.tobytes() != y.tobytes():
            diff.append(k)
    return diff


def same_simulation(a, b):
    """Like same_datasets, without the link accounting: it follows a user's
    platform node by node (its routes may differ between nodes), a generated
    one per class (docs/network.md), so the tables differ in shape."""
    return [k for k in same_datasets(a, b)
            if not k.startswith(("links/", "link_timeseries/", "summary/link_utilisation_peak",
                                 "summary/busiest_link"))]


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def close(name, got, want, rel):
    """Check |got - want| <= rel * |want|; print the comparison."""
    ok = abs(got - want) <= rel * abs(want)
    print(f"{'ok  ' if ok else 'FAIL'} {name}: got {got:.6g}, want {want:.6g} (+-{100 * rel:g}%)")
    return ok


class Checks:
    """Named checks that print one line each; `ok` is False once any failed."""

    def __init__(self):
        self.ok = True

    def __call__(self, cond, msg):
        print(("ok   " if cond else "FAIL ") + msg)
        self.ok = self.ok and bool(cond)
