/* The table of subcommands (name, arguments, what it does), from which, with
 * the option table, `ogsim --help` and `ogsim COMMAND --help` are printed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const struct og_cli_cmd og_cli_cmds[OG_CLI_N_CMDS] = {
  [OG_CLI_RUN] = {"run", "SCENARIO.yaml", "simulate a scenario, write its results file",
   "Simulate and print the summary. Progress on stderr: on a terminal a line\n"
   "refreshed in place once the run takes over two seconds; otherwise a line\n"
   "every 10 s of wall time (OGSIM_PROGRESS_INTERVAL=SECONDS changes it).\n"
   "-q silences both the summary and the progress.",
   "scenario file", 1, 1},
  [OG_CLI_VALIDATE] = {"validate", "SCENARIO.yaml", "check a scenario and exit",
   "Check a scenario: exit 0 if valid, 2 with FILE:LINE:COL: key: message.",
   "scenario file", 1, 1},
  [OG_CLI_REPORT] = {"report", "RESULTS.h5", "print a results file's provenance and summary",
   "Print the provenance and summary stored in a results file; for a sweep's\n"
   "file, a table of its points, each metric as mean +- 95% CI half-width over\n"
   "the replicates. A file whose /summary is missing or empty is an error\n"
   "(exit 2). --format csv or json writes the same for other tools, exactly\n"
   "(doubles to 17 digits; non-finite: CSV nan, inf, -inf, JSON null): a run's\n"
   "summary scalars (name, value, unit, description), a sweep's points (axes,\n"
   "n, each metric's _mean and _ci95), or the table --table names; CSV tables\n"
   "have a line of names then a line of units (docs/export.md).",
   "results file", 1, 1},
  [OG_CLI_SWEEP] = {"sweep", "SWEEP.yaml", "run a scenario over a grid of values",
   "Run a base scenario over a grid of values with replications (see\n"
   "docs/sweep.md), one process per run, and print the table of points. Under\n"
   "mpirun: over MPI ranks.",
   "sweep file", 1, 1},
  [OG_CLI_MERGE] = {"merge", "-o OUT.h5 SHARD.h5...", "combine the shard files of one sweep",
   "Combine the shard files of one sweep into the whole sweep's file; shards of\n"
   "different sweeps (file, base scenario, overrides or seed) are refused.",
   "shard file", 1, SIZE_MAX},
  [OG_CLI_EQUILIBRIUM] = {"equilibrium", "SCENARIO.yaml", "the spot-check rate where cheating "
   "stops paying",
   "Find by bisection over simulations the smallest spot-check rate at which\n"
   "cheating stops paying, and print it beside the closed form p* = C/(R+S) and\n"
   "what may make them differ, with the threshold's 95% confidence interval.",
   "scenario file", 1, 1},
  [OG_CLI_PLATFORM] = {"platform", "SCENARIO.yaml", "print the SimGrid platform XML",
   "Print the SimGrid platform XML generated for the scenario.",
   "scenario file", 1, 1},
  [OG_CLI_CALIBRATE] = {"calibrate", "", "measure this machine's FP32 and sgemm rates",
   "Measure this machine's FP32 peak and OpenBLAS sgemm rates (square shapes\n"
   "and each zoo model's forward step at batch 1, 8, 64) and write them as\n"
   "YAML. Progress on stderr.",
   NULL, 0, 0},
  [OG_CLI_PLOT] = {"plot", "RESULTS.h5|DIR...", "make the figures of results files",
   "Make the figures of results files (analysis/plot.py, matplotlib), as PNG\n"
   "at 200 dpi and, with --format, PDF or SVG beside it (same name); print each\n"
   "file's path. A run's figures: catch distribution, cost breakdown, utilisation\n"
   "by class; a sweep over verification.rate: throughput and p99 latency, the\n"
   "profit gap of cheaters over honest peers with its 95% CI, the closed-form\n"
   "thresholds and the simulated crossing with its CI, cost breakdown. A folder\n"
   "stands for every .h5 file in it. Sweep points without data are reported\n"
   "and their missing values not drawn; a bad file is reported and the next\n"
   "one plotted (exit 2 at the end).",
   "results file or folder", 1, SIZE_MAX},
  [OG_CLI_COMPARE] = {"compare", "BASELINE.h5 CANDIDATE.h5", "compare two runs (CI regression)",
   "Compare two runs of one scenario and seed: simulated metrics exact (counts)\n"
   "or within 1e-9 (others), speed within 3x, memory within 2x. A move to, from\n"
   "or between non-finite values (NaN, inf, -inf) always counts. Prints what\n"
   "moved; exit 1 on a regression.",
   "results file", 2, 2},
};

int og_cli_cmd_find(const char *name)
{
  for (int id = 0; name && id < OG_CLI_N_CMDS; id++)
    if (!strcmp(og_cli_cmds[id].name, name))
      return id;
  return -1;
}

enum { HELP_COLUMN = 27, HELP_WIDTH = 79 };

/* text's words, each after a space, from column *col on; a line wrapped at
 * HELP_WIDTH onto HELP_COLUMN. */
static void words(FILE *f, const char *text, int *col)
{
  for (const char *p = text; *p;) {
    int len = (int)strcspn(p, " ");
    if (*col >= HELP_COLUMN && *col + 1 + len > HELP_WIDTH)
      *col = fprintf(f, "\n%*s", HELP_COLUMN - 1, "") - 1;
    *col += fprintf(f, " %.*s", len, p);
    p += len + (p[len] == ' ');
  }
}

/* "  -q, --quiet    help (default: X)", wrapped. */
static void option_help(FILE *f, const struct og_cli_opt *o)
{
  char head[64];
  const char *def = o->def_text ? o->def_text : o->def;
  if (o->letter && o->name)
    snprintf(head, sizeof head, "-%c, --%s", o->letter, o->name);
  else
    og_cli_opt_spell(o, head, sizeof head);
  int col = fprintf(f, "  %s%s%s", head, o->arg ? " " : "", o->arg ? o->arg : "");
  col += fprintf(f, "%*s", col < HELP_COLUMN - 1 ? HELP_COLUMN - 1 - col : 0, "");
  words(f, o->help, &col);
  if (def) {
    words(f, "(default:", &col);
    words(f, def, &col);
    fputc(')', f);
  }
  if (o->required)
    words(f, "(required)", &col);
  fputc('\n', f);
}

void og_cli_cmd_usage(FILE *f, enum og_cli_cmd_id id)
{
  const struct og_cli_cmd *c = &og_cli_cmds[id];
  fprintf(f, "usage: ogsim %s%s%s [options]\n\n%s\n\noptions:\n", c->name, c->args[0] ? " " : "",
          c->args, c->about);
  for (size_t k = 0; k < og_cli_n_opts; k++)
    if (og_cli_opts[k].cmds & 1u << id)
      option_help(f, &og_cli_opts[k]);
  fprintf(f, "  %-*s this help\n", HELP_COLUMN - 3, "-h, --help");
}

void og_cli_usage(FILE *f)
{
  fputs("usage: ogsim COMMAND [options]\n"
        "\n"
        "Simulate a decentralized AI-inference network described by a scenario file\n"
        "(YAML; see docs/scenario.md) and write its metrics to an HDF5 results file.\n"
        "\n"
        "commands:\n", f);
  for (size_t i = 0; i < OG_CLI_N_CMDS; i++) {
    const struct og_cli_cmd *c = &og_cli_cmds[i];
    fprintf(f, "  %-12s %-26s %s\n", c->name, c->args, c->summary);
  }
  fputs("\n'ogsim COMMAND --help' shows a command's options; 'ogsim --version' the\n"
        "version and source revision.\n"
        "\n"
        "exit codes: 0 ok, 1 a failed check, 2 bad input or usage, 3 internal error.\n",
        f);
}

int og_cli_wants_help(enum og_cli_cmd_id id, int argc, char **argv)
{
  for (int i = 1; i < argc; i++) {
    const struct og_cli_opt *o = og_cli_opt_find(id, argv[i]);
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
      return 1;
    if (o && o->kind != OG_OPT_FLAG && !strchr(argv[i], '='))
      i++;
  }
  return 0;
}
