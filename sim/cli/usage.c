/* The table of subcommands (name, arguments, what it does, its options),
 * from which `ogsim --help` and `ogsim COMMAND --help` are printed. */
#include <string.h>

#include "cli.h"

#define SET_SEED                                                                            \
  {"--set", "PATH=VALUE", "override a scalar of the scenario (repeatable), e.g.\n"          \
                          "--set workload.rate=5000/s or\n"                               \
                          "--set 'node_classes[h100].count=200'"},                        \
  {"--seed", "N", "replace the scenario's seed"}
#define FORCE                                                                               \
  {"--force", NULL, "run even when the estimated memory exceeds this\n"                       \
                    "machine's (validate prints the estimate)"}

static const struct og_cli_opt run_opts[] = {
  {"-o", "OUT.h5", "results file (default: results/NAME.h5)"},
  SET_SEED,
  {"--sg", "ARG", "pass ARG to SimGrid (e.g. --sg --cfg=contexts/stack-size:128)"},
  {"-q, --quiet", NULL, "no summary on stdout, no progress on stderr"},
  {"--summary-only", NULL, "write the attributes, /summary and /perf only (sweep tasks)"},
  FORCE,
  {0}};
static const struct og_cli_opt scenario_opts[] = {SET_SEED, FORCE, {0}};
static const struct og_cli_opt report_opts[] = {
  {"--metrics", "NAME,NAME...", "a sweep's metrics to show (default: throughput,\n"
   "latency_p99, detections, cheaters_caught, profit_per_result_honest,\n"
   "profit_per_result_dishonest, cost_per_1000_requests, those present)"},
  {0}};
static const struct og_cli_opt sweep_opts[] = {
  {"-o", "OUT.h5", "results file (default: results/NAME.h5; a shard's:\n"
                   "results/NAME.shard-I-of-N.h5); one sweep at a time\n"
                   "may write it"},
  {"-j", "N", "task processes at once (default: every core)"},
  {"--shard", "I/N", "run the tasks numbered I mod N (then ogsim merge)"},
  {"--resume", NULL, "go on from OUT.journal after a crash (refused when\n"
                     "the sweep file, base scenario, seed or overrides\n"
                     "changed)"},
  SET_SEED,
  {"--validate", NULL, "check every point's scenario and exit"},
  {"-q, --quiet", NULL, "no table of points on stdout, no progress line"},
  {0}};
static const struct og_cli_opt merge_opts[] = {
  {"-o", "OUT.h5", "the whole sweep's results file (required)"}, {0}};
static const struct og_cli_opt eq_opts[] = {
  {"--reps", "N", "replicates per step (default 8; 1: one run, no\n"
            "confidence interval)"},
  {"--max-reps", "N", "an unresolved step is re-run with up to N (default 4 x reps)"},
  {"--tol", "X", "stop when the bracket is at most X wide (default 0.01)"},
  {"--lo", "X", "lower end of the bracket (default p*/4 from the\n"
           "closed form, lowered until cheating pays there)"},
  {"--hi", "X", "upper end of the bracket (default min(1, 4 p*),\n"
           "raised until honesty pays there)"},
  {"--path", "PATH", "the rate's scenario path (default verification.rate)"},
  {"-j", "N", "task processes at once (default: every core)"},
  SET_SEED,
  {"--json", NULL, "one JSON object on stdout instead of the text: bracket,\n"
                   "tolerance, reps, closed form, CI, every step"},
  {0}};
static const struct og_cli_opt calibrate_opts[] = {
  {"-o", "FILE", "calibration file (default calibration.yaml)"},
  {"--zoo", "DIR", "the model zoo's folder"},
  {"--quick", NULL, "10x shorter timings"},
  {0}};
static const struct og_cli_opt plot_opts[] = {
  {"-o", "DIR", "folder for the PNGs (default: FILE's folder/figures/NAME/)"}, {0}};
static const struct og_cli_opt compare_opts[] = {
  {"--tolerances", "FILE", "per-metric rules (see results/baselines/tolerances.txt)"},
  {"--simulated", NULL, "judge simulated metrics only: speed and memory\n"
                         "(/perf) are shown, not judged"},
  {"-v", NULL, "print every metric, not only those that moved"},
  {0}};

const struct og_cli_cmd og_cli_cmds[] = {
  {"run", og_cmd_run, "SCENARIO.yaml", "simulate a scenario, write its results file",
   "Simulate and print the summary. Progress on stderr: on a terminal a line\n"
   "refreshed in place once the run takes over two seconds; otherwise a line\n"
   "every 10 s of wall time (OGSIM_PROGRESS_INTERVAL=SECONDS changes it).\n"
   "-q silences both the summary and the progress.", run_opts},
  {"validate", og_cmd_validate, "SCENARIO.yaml", "check a scenario and exit",
   "Check a scenario: exit 0 if valid, 2 with FILE:LINE:COL: key: message.", scenario_opts},
  {"report", og_cmd_report, "RESULTS.h5", "print a results file's provenance and summary",
   "Print the provenance and summary stored in a results file; for a sweep's\n"
   "file, a table of its points, each metric as mean +- 95% CI half-width over\n"
   "the replicates. A file whose /summary is missing or empty is an error\n"
   "(exit 2).", report_opts},
  {"sweep", og_cmd_sweep, "SWEEP.yaml", "run a scenario over a grid of values",
   "Run a base scenario over a grid of values with replications (see\n"
   "docs/sweep.md), one process per run, and print the table of points. Under\n"
   "mpirun: over MPI ranks.", sweep_opts},
  {"merge", og_cmd_merge, "-o OUT.h5 SHARD.h5...", "combine the shard files of one sweep",
   "Combine the shard files of one sweep into the whole sweep's file; shards of\n"
   "different sweeps (file, base scenario, overrides or seed) are refused.", merge_opts},
  {"equilibrium", og_cmd_equilibrium, "SCENARIO.yaml", "the spot-check rate where cheating "
   "stops paying",
   "Find by bisection over simulations the smallest spot-check rate at which\n"
   "cheating stops paying, and print it beside the closed form p* = C/(R+S) and\n"
   "what may make them differ, with the threshold's 95% confidence interval.", eq_opts},
  {"platform", og_cmd_platform, "SCENARIO.yaml", "print the SimGrid platform XML",
   "Print the SimGrid platform XML generated for the scenario.", scenario_opts},
  {"calibrate", og_cmd_calibrate, "", "measure this machine's FP32 and sgemm rates",
   "Measure this machine's FP32 peak and OpenBLAS sgemm rates (square shapes\n"
   "and each zoo model's forward step at batch 1, 8, 64) and write them as\n"
   "YAML. Progress on stderr.", calibrate_opts},
  {"plot", og_cmd_plot, "RESULTS.h5|DIR...", "make the figures of results files",
   "Make the figures of results files (PNG; analysis/plot.py, matplotlib): a\n"
   "run: catch distribution, cost breakdown, utilisation by class; a sweep over\n"
   "verification.rate: throughput and p99 latency, profit of honest vs\n"
   "dishonest nodes with the closed-form threshold, cost breakdown. A folder\n"
   "stands for every .h5 file in it. Sweep points without data are reported\n"
   "and their missing values not drawn; a bad file is reported and the next\n"
   "one plotted (exit 2 at the end).", plot_opts},
  {"compare", og_cmd_compare, "BASELINE.h5 CANDIDATE.h5", "compare two runs (CI regression)",
   "Compare two runs of one scenario and seed: simulated metrics exact (counts)\n"
   "or within 1e-9 (others), speed within 3x, memory within 2x. A move to, from\n"
   "or between non-finite values (NaN, inf, -inf) always counts. Prints what\n"
   "moved; exit 1 on a regression.", compare_opts},
};
const size_t og_cli_n_cmds = sizeof og_cli_cmds / sizeof og_cli_cmds[0];

const struct og_cli_cmd *og_cli_cmd_find(const char *name)
{
  for (size_t i = 0; name && i < og_cli_n_cmds; i++)
    if (!strcmp(og_cli_cmds[i].name, name))
      return &og_cli_cmds[i];
  return NULL;
}

/* text, its continuation lines indented by `indent` spaces. */
static void indented(FILE *f, const char *text, int indent)
{
  for (const char *p = text; *p; p++) {
    fputc(*p, f);
    if (*p == '\n' && p[1])
      fprintf(f, "%*s", indent, "");
  }
}

void og_cli_cmd_usage(FILE *f, const struct og_cli_cmd *c)
{
  fprintf(f, "usage: ogsim %s%s%s [options]\n\n%s\n", c->name, c->args[0] ? " " : "", c->args,
          c->about);
  if (c->opts[0].name)
    fputs("\noptions:\n", f);
  for (const struct og_cli_opt *o = c->opts; o->name; o++) {
    char head[64];
    snprintf(head, sizeof head, "%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    fprintf(f, "  %-24s ", head);
    indented(f, o->desc, 27);
    fputc('\n', f);
  }
  fputs("  -h, --help               this help\n", f);
}

void og_cli_usage(FILE *f)
{
  fputs("usage: ogsim COMMAND [options]\n"
        "\n"
        "Simulate a decentralized AI-inference network described by a scenario file\n"
        "(YAML; see docs/scenario.md) and write its metrics to an HDF5 results file.\n"
        "\n"
        "commands:\n", f);
  for (size_t i = 0; i < og_cli_n_cmds; i++) {
    const struct og_cli_cmd *c = &og_cli_cmds[i];
    fprintf(f, "  %-12s %-26s %s\n", c->name, c->args, c->summary);
  }
  fputs("\n'ogsim COMMAND --help' shows a command's options; 'ogsim --version' the\n"
        "version and source revision.\n"
        "\n"
        "exit codes: 0 ok, 1 a failed check, 2 bad input or usage, 3 internal error.\n",
        f);
}

/* Whether argv (after the command's name) asks for help: -h or --help
 * where an option is expected (not as the value of one that takes one). */
int og_cli_wants_help(const struct og_cli_cmd *c, int argc, char **argv)
{
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
      return 1;
    for (const struct og_cli_opt *o = c->opts; o->name; o++)
      if (o->arg && !strcmp(argv[i], o->name)) {
        i++;
        break;
      }
  }
  return 0;
}
