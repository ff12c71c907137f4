#!/usr/bin/env bash
# Token metrics of a run (tests/scenarios/tokens.yaml: Llama-3-8B on the
# static engine beside a classifier, two client regions), recomputed from
# the /requests trace: tokens per second are LLM requests completed in the
# window x their tokens / window; the static engine streams nothing, so
# TTFT is the end-to-end latency and TPOT 0; goodput counts the requests
# within the model's own TTFT bound (400 ms); the cost per million output
# tokens is compute_cost over every delivered output token. A run without
# LLM requests (golden.yaml) has no token entry and no token table.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ogsim" run "$src/tests/scenarios/tokens.yaml" -q -o "$tmp/t.h5"
"$ogsim" run "$src/tests/scenarios/golden.yaml" -q -o "$tmp/g.h5"
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import sys
import h5py
import numpy as np
from h5check import Checks, summary
t = sys.argv[1]
check = Checks()
s = summary(f"{t}/t.h5")
with h5py.File(f"{t}/t.h5", "r") as f:
    req = f["requests"][()]
    bym = f["tokens_by_model"][()]
    byr = f["tokens_by_region"][()]
    units = list(f["tokens_by_model"].attrs["units"])
warmup, duration, window = 2.0, 20.0, 18.0
chat = req[(req["model"] == 0) & (req["status"] == 0)]
done_in = chat[(chat["t_done"] >= warmup) & (chat["t_done"] < duration)]
n = len(done_in)
check(n > 100 and s["llm_requests"] == n, f"llm_requests {s['llm_requests']:.0f} = {n} "
      "chat requests completed in the window")
check(s["output_tokens_per_s"] == n * 64 / window and s["input_tokens_per_s"] == n * 256 / window,
      f"output tokens/s {s['output_tokens_per_s']:.3f} = {n} x 64 / {window:g} s, "
      f"input {s['input_tokens_per_s']:.3f} = {n} x 256 / {window:g} s")
iss_in = chat[(chat["t_issue"] >= warmup) & (chat["t_issue"] < duration)]
e2e = np.sort(iss_in["t_done"] - iss_in["t_issue"])
ok = all(abs(s[f"ttft_p{p}"] - np.percentile(e2e, p)) <= 1e-12 * s[f"ttft_p{p}"]
         for p in (50, 95, 99))
check(ok and s["ttft_p99"] == s["e2e_p99"] and s["ttft_mean"] == s["e2e_mean"],
      f"static engine: TTFT = E2E (p99 {1e3 * s['ttft_p99']:.3f} ms, numpy "
      f"{1e3 * np.percentile(e2e, 99):.3f} ms)")
check(s["tpot_p99"] == 0 and s["tpot_mean"] == 0, "static engine: TPOT 0 (all tokens at once)")
good = np.sum(done_in["t_done"] - done_in["t_issue"] <= 0.4)
check(s["goodput"] == good / window and s["goodput_share"] == good / n,
      f"goodput {s['goodput']:.3f}/s: {good} of {n} within the model's 400 ms TTFT bound")
out_all = len(chat) * 64
check(abs(s["cost_per_million_output_tokens"] - 1e6 * s["compute_cost"] / out_all)
      <= 1e-12 * s["cost_per_million_output_tokens"],
      f"cost per million output tokens {s['cost_per_million_output_tokens']:.4f} = "
      f"compute_cost {s['compute_cost']:.4f} / {out_all} tokens")
check(list(bym["name"]) == [b"chat", b"cls"] and bym["requests"][0] == n
      and bym["requests"][1] == 0 and units[bym.dtype.names.index("ttft_p99")] == "s",
      f"/tokens_by_model: chat {bym['requests'][0]:.0f} requests, cls none")
check(list(byr["name"]) == [b"us", b"eu"] and byr["requests"].sum() == n
      and byr["ttft_p50"][1] > byr["ttft_p50"][0],
      f"/tokens_by_region: {byr['requests'][0]:.0f} + {byr['requests'][1]:.0f} requests; "
      f"eu TTFT p50 {1e3 * byr['ttft_p50'][1]:.1f} ms > us {1e3 * byr['ttft_p50'][0]:.1f} ms "
      "(40 ms WAN)")
g = summary(f"{t}/g.h5")
with h5py.File(f"{t}/g.h5", "r") as f:
    tables = set(f.keys())
check(not any(k.startswith(("ttft", "tpot", "e2e", "goodput", "llm_", "cost_per_million"))
              for k in g) and "tokens_by_model" not in tables and "iterations" not in g,
      "no LLM request: no token entry, no token table, no iteration entry")
sys.exit(0 if check.ok else 1)
PY
