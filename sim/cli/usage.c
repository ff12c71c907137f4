/* ogsim --help text. */
#include "cli.h"

void og_cli_usage(FILE *f)
{
  fputs("usage: ogsim COMMAND [options]\n"
        "\n"
        "Simulate a decentralized AI-inference network described by a scenario file\n"
        "(YAML; see docs/scenario.md) and write its metrics to an HDF5 results file.\n"
        "\n"
        "commands:\n"
        "  run SCENARIO.yaml [-o OUT.h5] [--set PATH=VALUE]... [--seed N] [-q]\n"
        "      Simulate and print the summary. OUT defaults to results/NAME.h5.\n"
        "      --set overrides any scalar of the scenario, e.g. --set workload.rate=5000/s\n"
        "      or --set 'node_classes[h100].count=200'; --seed N replaces the seed.\n"
        "      --sg ARG passes ARG to SimGrid (e.g. --sg --cfg=contexts/stack-size:128).\n"
        "      -q: no summary on stdout. A progress line is shown on stderr when it is\n"
        "      a terminal and the run takes more than two seconds.\n"
        "  validate SCENARIO.yaml [--set PATH=VALUE]...\n"
        "      Check a scenario and exit: 0 if valid, 2 with FILE:LINE:COL: key: message.\n"
        "  report RESULTS.h5 [--metrics NAME,NAME...]\n"
        "      Print the provenance and summary stored in a results file. For a sweep's\n"
        "      file: a table of its points, each metric as mean ± 95% CI half-width over\n"
        "      the replicates; --metrics picks the metrics shown (default: throughput,\n"
        "      latency_p99, detections, cheaters_caught, profit_per_result_honest,\n"
        "      profit_per_result_dishonest, cost_per_1000_requests, those present).\n"
        "  platform SCENARIO.yaml [--set PATH=VALUE]...\n"
        "      Print the SimGrid platform XML generated for the scenario.\n"
        "  calibrate [-o calibration.yaml] [--zoo DIR] [--quick]\n"
        "      Measure this machine's FP32 peak and OpenBLAS sgemm rates (square\n"
        "      shapes and each zoo model's forward step at batch 1, 8, 64) and write\n"
        "      them as YAML. Progress on stderr. --quick: 10x shorter timings.\n"
        "\n"
        "exit codes: 0 ok, 1 a failed check, 2 bad input or usage, 3 internal error.\n",
        f);
}
