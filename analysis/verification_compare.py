#!/usr/bin/env python3
"""Every verification family on the same workload (docs/verification.md):
runs scenarios/compare-verification.yaml once per protocol setting, then
prints a table and plots, per setting, the cost per million verified output
tokens, the latency p99 and the bad results accepted per million.

    analysis/verification_compare.py [--ogsim build/ogsim] [--out DIR]
        [--figure docs/figures/verification-compare.png]
"""
import argparse
import os
import subprocess
import sys
import tempfile

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCENARIO = os.path.join(ROOT, "scenarios", "compare-verification.yaml")

# (label, --set assignments)
SETTINGS = [("none", [])]
for p in (0.01, 0.05, 0.10):
    SETTINGS.append((f"spot-check {p:.0%}", ["verification.protocol=spot_check",
                                              f"verification.rate={p}"]))
for p in (0.01, 0.05, 0.10):
    SETTINGS.append((f"prefill-only {p:.0%}", ["verification.protocol=toploc",
                                                f"verification.rate={p}"]))
SETTINGS += [
    ("redundancy k=3", ["verification.protocol=redundancy", "verification.copies=3",
                        "network.mode=fast"]),
    ("TEE", ["verification.protocol=tee"]),
    ("zkML", ["verification.protocol=zkml", "verification.provers=30000"]),
]
METRICS = ("cost_per_million_verified_output_tokens", "latency_p99", "verification_overhead",
           "verification_latency_mean", "bad_results_per_million", "detections", "requests_completed")


def run(ogsim, out, label, sets):
    path = os.path.join(out, label.replace(" ", "_").replace("%", "pct").replace("=", "") + ".h5")
    cmd = [ogsim, "run", SCENARIO, "-q", "-o", path]
    for s in sets:
        cmd += ["--set", s]
    subprocess.run(cmd, check=True)
    with h5py.File(path, "r") as f:
        return {k: float(f["summary"][k][()]) for k in METRICS}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ogsim", default=os.path.join(ROOT, "build", "ogsim"))
    ap.add_argument("--out", default=None, help="folder for the results files [a temporary one]")
    ap.add_argument("--figure", default=os.path.join(ROOT, "docs", "figures",
                                                     "verification-compare.png"))
    a = ap.parse_args()
    out = a.out or tempfile.mkdtemp(prefix="ogsim-vcmp-")
    os.makedirs(out, exist_ok=True)
    rows = []
    for label, sets in SETTINGS:
        try:
            rows.append((label, run(a.ogsim, out, label, sets)))
        except subprocess.CalledProcessError as e:
            print(f"{label}: ogsim failed ({e.returncode}); left out", file=sys.stderr)
    base = dict(rows)["none"]["latency_p99"]
    print("| protocol | cost / M verified output tokens | p99 latency | p99 added | "
          "verification overhead | bad results / M |")
    print("|---|---|---|---|---|---|")
    for label, r in rows:
        print(f"| {label} | {r['cost_per_million_verified_output_tokens']:.4g} | "
              f"{r['latency_p99']:.3f} s | {r['latency_p99'] - base:+.3f} s | "
              f"{r['verification_overhead']:.3f} | {r['bad_results_per_million']:.4g} |")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    labels = [label for label, _ in rows]
    y = list(range(len(rows)))[::-1]
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(11, 4.2), dpi=200, sharey=True)
    ax1.barh(y, [r["cost_per_million_verified_output_tokens"] for _, r in rows], color="tab:blue")
    ax1.set_xscale("log")
    ax1.set_xlabel("cost per million verified\noutput tokens (log)")
    ax2.barh(y, [r["latency_p99"] for _, r in rows], color="tab:orange")
    ax2.axvline(base, color="k", lw=0.8, ls="--")
    ax2.set_xscale("log")
    ax2.set_xlabel("latency p99, s (log; dashed: none)")
    ax3.barh(y, [r["bad_results_per_million"] for _, r in rows], color="tab:red")
    ax3.set_xlabel("bad results accepted\nper million")
    ax1.set_yticks(y)
    ax1.set_yticklabels(labels)
    for ax in (ax1, ax2, ax3):
        ax.grid(True, axis="x", which="both", alpha=0.3)
    fig.suptitle("Verification families on the same Llama-3-8B traffic "
                 "(scenarios/compare-verification.yaml)", fontsize=10)
    fig.tight_layout()
    os.makedirs(os.path.dirname(a.figure), exist_ok=True)
    fig.savefig(a.figure)
    print(f"figure: {a.figure}")


if __name__ == "__main__":
    main()
