"""ogsim against NVIDIA's published TensorRT-LLM figures (issue 13).

For each row of rows.csv: one node of the row's GPU class, exactly `batch`
requests of the row's shape at t=0, one ogsim run; then tokens/s per GPU
(or TTFT) from /requests against the published figure. compare.sh is the
entry point; docs/serving-validation.md explains the method.
"""
import argparse
import csv
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

# The batch engine reads a zoo model's compute efficiency from a calibration
# file; the committed default has no rows for the Llama-2 models, so the
# harness lends them the rows of the Llama-3 model of the same width
# (the sgemm shapes differ only in the FFN and vocabulary sizes).
CALIBRATION_TWIN = {"llama-2-7b": "llama-3-8b", "llama-2-70b": "llama-3-70b"}


def read_csv(path):
    with open(path, newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="compare.sh", description="Compare ogsim with published TensorRT-LLM figures.")
    p.add_argument("--serving", choices=("batch", "continuous"), default="batch",
                   help="serving engine of the generated node class (default: batch)")
    p.add_argument("--arrival", choices=("poisson", "trace"),
                   help="how the batch arrives: trace (exactly `batch` requests at t=0) or "
                        "poisson (a burst that fills the batch; the first `batch` served are "
                        "measured); default: poisson with batch, trace with continuous")
    p.add_argument("--fp8-peak", choices=("fp8", "fp16"), default="fp8",
                   help="the peak an FP8 row's class gets: the FP8 dense peak, or the "
                        "FP16 one (docs/serving-validation.md: FP8 prefill in these "
                        "engines reaches 0.33-0.39 of the FP8 peak); default: fp8")
    p.add_argument("--rows", help="comma-separated row ids (default: all)")
    p.add_argument("--table", default=os.path.join(HERE, "rows.csv"))
    p.add_argument("--gpus", default=os.path.join(HERE, "gpus.csv"))
    p.add_argument("--ogsim", default=os.path.join(ROOT, "build", "ogsim"))
    p.add_argument("--compute-efficiency", type=float,
                   help="continuous: the class's compute_efficiency (default: the engine's)")
    p.add_argument("--memory-efficiency", type=float,
                   help="continuous: the class's memory_efficiency (default: the engine's)")
    p.add_argument("--keep", help="write the scenarios, traces and results into this folder")
    p.add_argument("-o", "--output", help="also write the markdown table to this file")
    a = p.parse_args(argv)
    a.arrival = a.arrival or ("trace" if a.serving == "continuous" else "poisson")
    return a


def check_row(r, gpus):
    where = f"{r.get('id', '?')}"
    for k in ("tp", "batch", "input", "output"):
        if not r[k].isdigit() or int(r[k]) < 1:
            raise SystemExit(f"compare.sh: row {where}: {k} must be a positive integer, got {r[k]!r}")
    if r["gpu"] not in gpus:
        raise SystemExit(f"compare.sh: row {where}: no GPU class '{r['gpu']}' in gpus.csv")
    if r["precision"] not in ("fp16", "fp8"):
        raise SystemExit(f"compare.sh: row {where}: precision must be fp16 or fp8")
    if r["metric"] not in ("tokens_per_gpu", "ttft_ms"):
        raise SystemExit(f"compare.sh: row {where}: metric must be tokens_per_gpu or ttft_ms")
    if r["precision"] == "fp8" and gpus[r["gpu"]]["peak_fp8"] == "0":
        raise SystemExit(f"compare.sh: row {where}: {r['gpu']} has no FP8 peak")


def scaled(value, factor):
    """'989.4TFlops' x 2 -> '1978.8TFlops' (number and unit kept apart)."""
    i = 0
    while i < len(value) and (value[i].isdigit() or value[i] in ".e+-"):
        i += 1
    return f"{float(value[:i]) * factor:.10g}{value[i:]}"


def zoo_name(r):
    return r["model"] + ("-fp8" if r["precision"] == "fp8" else "")


def prepare_zoo(work, rows):
    """A zoo folder with the committed models plus FP8 twins (1 byte per
    weight and KV element), and a calibration file that covers them."""
    zoo = os.path.join(work, "zoo")
    os.makedirs(zoo)
    src = os.path.join(ROOT, "models", "zoo")
    for f in os.listdir(src):
        shutil.copy(os.path.join(src, f), zoo)
    for model in sorted({r["model"] for r in rows if r["precision"] == "fp8"}):
        with open(os.path.join(src, model + ".yaml")) as f:
            text = f.read()
        text = text.replace(f"name: {model}\n", f"name: {model}-fp8\n")
        text = text.replace("dtype_bytes: 2\n", "dtype_bytes: 1\n")
        with open(os.path.join(zoo, model + "-fp8.yaml"), "w") as f:
            f.write(text)
    cal = os.path.join(work, "calibration.yaml")
    with open(os.path.join(ROOT, "models", "calibration", "default.yaml")) as f:
        lines = f.read().splitlines()
    out, in_models = [], False
    for ln in lines:
        out.append(ln)
        if ln.startswith("models:"):
            in_models = True
            continue
        if in_models and not ln.startswith("  - "):
            in_models = False
        if in_models:
            for model, twin in CALIBRATION_TWIN.items():
                if f"name: {twin}," in ln:
                    for name in (model, model + "-fp8"):
                        out.insert(len(out) - 1, ln.replace(f"name: {twin},", f"name: {name},"))
    with open(cal, "w") as f:
        f.write("\n".join(out) + "\n")
    return zoo, cal


def write_trace(path, r):
    with open(path, "w") as f:
        f.write("time,prompt,output\n")
        for _ in range(int(r["batch"])):
            f.write(f"0,{r['input']},{r['output']}\n")


def workload(a, r, trace):
    b = int(r["batch"])
    if a.arrival == "trace":
        return ("workload:\n  arrival: trace\n"
                f"  trace: {{file: {trace}, format: columns,\n"
                "          columns: {time: time, prompt: prompt, output: output}}\n"
                "  timeout: 1000000s\n  max_retries: 0\n")
    # A burst: about 2b + 20 requests within 1 ms, so that the first batch
    # fills (P(fewer than b) is negligible); later batches are not measured.
    return ("workload:\n  arrival: poisson\n"
            f"  rate: {(2 * b + 20) * 1000}/s\n"
            "  timeout: 1000000s\n  max_retries: 0\n")


def node_class(a, r, g):
    tp, b = int(r["tp"]), int(r["batch"])
    fp8 = r["precision"] == "fp8" and a.fp8_peak == "fp8"
    peak = g["peak_fp8"] if fp8 else g["peak_fp16"]
    if a.serving == "batch":
        # One node stands for the tensor-parallel group: its peak and memory
        # bandwidth are the group's (the batch engine has no GPUs or links).
        return ("  - name: gpu\n    region: dc\n    count: 1\n"
                f"    peak: {scaled(peak, tp)}\n    mem_bandwidth: {scaled(g['mem_bandwidth'], tp)}\n"
                f"    max_batch: {b}\n    batch_window: 1000000s\n    serving: batch\n")
    s = ("  - name: gpu\n    region: dc\n    count: 1\n"
         f"    gpus: {tp}\n    peak: {peak}\n    mem_bandwidth: {g['mem_bandwidth']}\n"
         f"    memory: {g['memory']}\n    serving: continuous\n"
         f"    max_num_seqs: {b}\n    max_batched_tokens: 1048576\n")
    if g["nvlink_bandwidth"] != "0":
        s += f"    nvlink_bandwidth: {g['nvlink_bandwidth']}\n"
    if a.compute_efficiency is not None:
        s += f"    compute_efficiency: {a.compute_efficiency}\n"
    if a.memory_efficiency is not None:
        s += f"    memory_efficiency: {a.memory_efficiency}\n"
    return s


def model(a, r):
    if a.serving == "batch":
        name = zoo_name(r)
        extra = ""
    else:
        name = r["model"]
        extra = f"    tensor_parallel: {r['tp']}\n"
        if r["precision"] == "fp8":
            extra += "    dtype_bytes: 1\n"
    return (f"  - name: m\n    zoo: {name}\n    prompt_tokens: {r['input']}\n"
            f"    output_tokens: {r['output']}\n    request_bytes: 0\n    response_bytes: 0\n" + extra)


def scenario(a, r, g, cal, trace):
    return (f"# generated by scenarios/validation/trtllm/compare.sh, row {r['id']}\n"
            f"name: trtllm-{r['id']}\nseed: 1\nduration: 1ms\ndrain: 0s\n"
            f"calibration: {cal}\n"
            "regions: [{name: dc, latency: 0s}]\n"
            "models:\n" + model(a, r) +
            "node_classes:\n" + node_class(a, r, g) +
            workload(a, r, trace) +
            "output: {requests: true}\n")


def measure(h5, r):
    """(tokens/s per GPU, TTFT s) of the first `batch` requests served."""
    with h5py.File(h5, "r") as f:
        req = f["requests"]
        cols = req.dtype.names if hasattr(req, "dtype") and req.dtype.names else list(req.keys())
        get = (lambda c: req[c][()]) if not hasattr(req, "dtype") or not req.dtype.names \
            else (lambda c: req[()][c])
        start, finish = list(get("t_start")), list(get("t_finish"))
        first = list(get("t_first")) if "t_first" in cols else None
        status = list(get("status"))
    b = int(r["batch"])
    # Completed requests only: a burst's last, partial batch waits for its
    # window past the hard stop and is cut off (status 1, never started).
    done = [i for i in range(len(start)) if status[i] == 0]
    order = sorted(done, key=lambda i: (start[i], i))[:b]
    if len(order) < b:
        raise RuntimeError(f"row {r['id']}: {len(order)} requests completed, want {b}")
    t0 = min(start[i] for i in order)
    t1 = max(finish[i] for i in order)
    tps = b * int(r["output"]) / (t1 - t0) / int(r["tp"])
    if first is not None:
        ttft = statistics.median(first[i] - start[i] for i in order)
    else:
        ttft = statistics.median(finish[i] - start[i] for i in order) if r["output"] == "1" else None
    return tps, ttft


def run_row(a, r, g, work, cal, zoo):
    d = os.path.join(work, r["id"])
    os.makedirs(d, exist_ok=True)
    trace = os.path.join(d, "trace.csv")
    write_trace(trace, r)
    scen = os.path.join(d, "scenario.yaml")
    with open(scen, "w") as f:
        f.write(scenario(a, r, g, cal, trace))
    out = os.path.join(d, "out.h5")
    env = dict(os.environ, OGSIM_ZOO_DIR=zoo)
    p = subprocess.run([a.ogsim, "run", scen, "-q", "-o", out, "--set", "output.requests=true"],
                       env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"row {r['id']}: ogsim exited {p.returncode}: {p.stderr.strip()}")
    tps, ttft = measure(out, r)
    if r["metric"] == "tokens_per_gpu":
        return tps
    return None if ttft is None else ttft * 1000


def fmt(x):
    if x is None:
        return "n/a"
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def summary(name, ratios):
    if not ratios:
        return f"{name}: no rows\n"
    err = statistics.median(abs(x - 1) for x in ratios)
    worst = max(max(x, 1 / x) for x in ratios)
    return (f"{name}: {len(ratios)} rows, median absolute error {err * 100:.1f}%, "
            f"median ratio {statistics.median(ratios):.2f}x, ratio {min(ratios):.2f}x to "
            f"{max(ratios):.2f}x, worst off by {worst:.2f}x\n")


def main(argv):
    a = parse_args(argv)
    gpus = {g["gpu"]: g for g in read_csv(a.gpus)}
    rows = read_csv(a.table)
    if a.rows:
        want = a.rows.split(",")
        unknown = [w for w in want if w not in {r["id"] for r in rows}]
        if unknown:
            raise SystemExit(f"compare.sh: no row {', '.join(unknown)} in {a.table}")
        rows = [r for r in rows if r["id"] in want]
    for r in rows:
        check_row(r, gpus)
    if not os.access(a.ogsim, os.X_OK):
        raise SystemExit(f"compare.sh: {a.ogsim} not found (build first, or give --ogsim)")
    work = a.keep or tempfile.mkdtemp(prefix="ogsim-trtllm-")
    os.makedirs(work, exist_ok=True)
    try:
        setup = os.path.join(work, "_setup")
        shutil.rmtree(setup, ignore_errors=True)
        zoo, cal = prepare_zoo(setup, rows)
        text = (f"ogsim vs TensorRT-LLM, serving `{a.serving}`, arrival `{a.arrival}`\n\n"
                "| row | model | GPU | prec | TP | batch | in | out | metric | published | "
                "ogsim | ratio |\n|---|---|---|---|--:|--:|--:|--:|---|--:|--:|--:|\n")
        ratios = {"tokens_per_gpu": [], "ttft_ms": []}
        for r in rows:
            sim = run_row(a, r, gpus[r["gpu"]], work, cal, zoo)
            pub = float(r["published"])
            ratio = None if sim is None else sim / pub
            if ratio is not None:
                ratios[r["metric"]].append(ratio)
            unit = "tok/s/GPU" if r["metric"] == "tokens_per_gpu" else "TTFT ms"
            text += (f"| {r['id']} | {r['model']} | {r['gpu']} | {r['precision']} | {r['tp']} | "
                     f"{r['batch']} | {r['input']} | {r['output']} | {unit} | {fmt(pub)} | "
                     f"{fmt(sim)} | {'n/a' if ratio is None else f'{ratio:.2f}'} |\n")
        text += "\n" + summary("throughput", ratios["tokens_per_gpu"])
        text += summary("TTFT", ratios["ttft_ms"])
        text += summary("all", ratios["tokens_per_gpu"] + ratios["ttft_ms"])
    except RuntimeError as e:
        raise SystemExit(f"compare.sh: {e}")
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    sys.stdout.write(text)
    if a.output:
        with open(a.output, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
