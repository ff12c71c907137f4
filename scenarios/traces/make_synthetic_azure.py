#!/usr/bin/env python3
"""Write synthetic-azure.csv: a small synthetic LLM inference trace in the
column layout of the Azure LLM inference traces (2023), for ogsim's
trace arrivals (docs/traces.md).

Not real data. Arrivals are bursty: a two-state Markov-modulated Poisson
process (calm 4/s for an exponential time of mean 20 s, burst 30/s for a
mean 5 s), 300 s long. Each request is code-like (40%: long prompts, short
answers) or conversation-like (60%: shorter prompts, longer answers), with
lognormal token counts given by median and 90th percentile:

    kind          prompt median/p90   output median/p90
    code          1,500 / 4,500       18 / 90
    conversation  1,000 / 3,000       220 / 600

Pure Python (random, fixed seed), so the file is the same wherever it is
made: python3 make_synthetic_azure.py > synthetic-azure.csv
"""
import datetime
import math
import random
import sys

SEED = 20231116
SPAN = 300.0                 # s of arrivals
STATES = [(4.0, 20.0), (30.0, 5.0)]  # (rate /s, mean dwell s)
Z90 = 1.2815515655446004
KINDS = [  # share, (prompt median, p90), (output median, p90)
    (0.4, (1500, 4500), (18, 90)),
    (0.6, (1000, 3000), (220, 600)),
]
START = datetime.datetime(2023, 11, 16, 18, 0, 0)


def lognormal(rng, median, p90, lo, hi):
    sigma = (math.log(p90) - math.log(median)) / Z90
    x = round(rng.lognormvariate(math.log(median), sigma))
    return min(max(x, lo), hi)


def arrivals(rng):
    t, state = 0.0, 0
    end = rng.expovariate(1.0 / STATES[0][1])
    while True:
        rate = STATES[state][0]
        cand = t + rng.expovariate(rate)
        if cand > end:  # memoryless: redraw from the state change
            t, state = end, 1 - state
            end = t + rng.expovariate(1.0 / STATES[state][1])
            continue
        t = cand
        if t >= SPAN:
            return
        yield t


def main():
    rng = random.Random(SEED)
    out = sys.stdout
    out.write("TIMESTAMP,ContextTokens,GeneratedTokens\n")
    for t in arrivals(rng):
        u, acc = rng.random(), 0.0
        for share, prompt, output in KINDS:
            acc += share
            if u < acc:
                break
        p = lognormal(rng, *prompt, 1, 32768)
        o = lognormal(rng, *output, 1, 4096)
        ts = START + datetime.timedelta(microseconds=round(t * 1e6))
        out.write(f"{ts:%Y-%m-%d %H:%M:%S}.{ts.microsecond:06d}0,{p},{o}\n")


if __name__ == "__main__":
    main()
