/* The option table: every option of every command, with where its value
 * goes, its default and its help (the one place an option is declared). */
#include <stdio.h>
#include <string.h>

#include "opts.h"

#ifndef OGSIM_ZOO_DIR
#define OGSIM_ZOO_DIR "models/zoo"
#endif

#define C(id) (1u << OG_CLI_##id)
#define AT(field) offsetof(struct og_cli_args, field)
#define SCENARIO (C(RUN) | C(VALIDATE) | C(PLATFORM))
#define COUNT(...) OG_OPT_COUNT, __VA_ARGS__, 1, 100000

const struct og_cli_opt og_cli_opts[] = {
  {C(RUN), NULL, 'o', "OUT.h5", OG_OPT_STR, AT(out), .def_text = "results/NAME.h5",
   .help = "results file"},
  {C(SWEEP), NULL, 'o', "OUT.h5", OG_OPT_STR, AT(out),
   .def_text = "results/NAME.h5; a shard's: results/NAME.shard-I-of-N.h5",
   .help = "results file; one sweep at a time may write it"},
  {C(MERGE), NULL, 'o', "OUT.h5", OG_OPT_STR, AT(out), .required = 1,
   .help = "the whole sweep's results file"},
  {C(CALIBRATE), NULL, 'o', "FILE", OG_OPT_STR, AT(out), .def = "calibration.yaml",
   .help = "calibration file"},
  {C(PLOT), NULL, 'o', "DIR", OG_OPT_STR, AT(out), .def_text = "FILE's folder/figures/NAME/",
   .help = "folder for the figures"},
  {C(PLOT), "format", 0, "png,pdf,svg", OG_OPT_STR, AT(format), .def = "png",
   .help = "the figures' formats, a comma list: png (raster, for screens and the README), "
           "pdf or svg (vector, for papers and slides); each file named as the PNG"},
  {C(PLOT), "dpi", 0, "N", OG_OPT_COUNT, AT(dpi), 50, 1200, .def = "200",
   .help = "the PNGs' resolution in dots per inch"},
  {C(REPORT), "format", 0, "text|csv|json", OG_OPT_STR, AT(format), .def = "text",
   .help = "text for people; csv or json for spreadsheets and other tools (docs/export.md): a "
           "run's summary, a sweep's points, or --table's"},
  {C(REPORT), "table", 0, "NAME", OG_OPT_STR, AT(table),
   .help = "with csv or json, this table instead: summary, perf, attributes, or one of the "
           "file's (links, models, requests, points, stats...; an unknown name lists them)"},
  {C(REPORT), "columns", 0, NULL, OG_OPT_FLAG, AT(columns),
   .help = "with csv or json, the columns of the table (or sweep points) instead of its rows: "
           "name, unit, description and a coded column's labels"},
  {C(REPORT), NULL, 'o', "OUT", OG_OPT_STR, AT(out), .def_text = "stdout",
   .help = "with csv or json, write to OUT"},
  {C(REPORT), "metrics", 0, "NAME,NAME...", OG_OPT_STR, AT(metrics),
   .def_text = "text: throughput, latency_p99, detections, cheaters_caught, "
               "profit_per_result_honest, profit_per_result_dishonest, cost_per_1000_requests, "
               "those present; csv, json: every metric",
   .help = "a sweep's metrics to show"},
  {C(EQUILIBRIUM), "reps", 0, "N", COUNT(AT(reps)), .def = "8",
   .help = "replicates per step; 1: one run, no confidence interval"},
  {C(EQUILIBRIUM), "max-reps", 0, "N", COUNT(AT(max_reps)), .def_text = "4 x reps",
   .help = "an unresolved step is re-run with up to N replicates"},
  {C(EQUILIBRIUM), "tol", 0, "X", OG_OPT_REAL, AT(tol), 1e-9, 1, .def = "0.01",
   .help = "stop when the bracket is at most X wide"},
  {C(EQUILIBRIUM), "lo", 0, "X", OG_OPT_REAL, AT(lo), 1e-9, 1,
   .def_text = "p*/4 from the closed form, lowered until cheating pays there",
   .help = "lower end of the bracket"},
  {C(EQUILIBRIUM), "hi", 0, "X", OG_OPT_REAL, AT(hi), 1e-9, 1,
   .def_text = "min(1, 4 p*), raised until honesty pays there",
   .help = "upper end of the bracket"},
  {C(EQUILIBRIUM), "path", 0, "PATH", OG_OPT_STR, AT(path), .def = "verification.rate",
   .help = "the rate's scenario path"},
  {C(SWEEP) | C(EQUILIBRIUM), NULL, 'j', "N", COUNT(AT(jobs)),
   .def_text = "every core; under mpirun 1 per rank", .help = "task processes at once"},
  {C(SWEEP) | C(EQUILIBRIUM), "exec-tasks", 0, NULL, OG_OPT_FLAG, AT(exec_tasks),
   .help = "start each task as a new ogsim process (exec) instead of a fork of this one, "
           "which skips loading SimGrid; slower, for debugging and comparison (under "
           "mpirun tasks are always exec'd)"},
  {C(SWEEP), "shard", 0, "I/N", OG_OPT_SHARD, AT(shard), 0, 100000, .def = "0/1",
   .help = "run the tasks numbered I mod N (then ogsim merge)"},
  {C(SWEEP), "resume", 0, NULL, OG_OPT_FLAG, AT(resume),
   .help = "go on from OUT.journal after a crash (refused when the sweep file, base "
           "scenario, seed or overrides changed)"},
  {SCENARIO | C(SWEEP) | C(EQUILIBRIUM), "set", 0, "PATH=VALUE", OG_OPT_LIST, AT(sets),
   .help = "override a scalar of the scenario (repeatable), e.g. --set workload.rate=5000/s "
           "or --set 'node_classes[h100].count=200'"},
  {SCENARIO | C(SWEEP) | C(EQUILIBRIUM), "seed", 0, "N", OG_OPT_SEED, AT(seed),
   .help = "replace the scenario's seed"},
  {C(RUN), "sg", 0, "ARG", OG_OPT_LIST, AT(sg_args),
   .help = "pass ARG to SimGrid (repeatable), e.g. --sg --cfg=contexts/stack-size:128"},
  {C(SWEEP), "validate", 0, NULL, OG_OPT_FLAG, AT(validate),
   .help = "check every point's scenario and exit"},
  {C(RUN), "quiet", 'q', NULL, OG_OPT_FLAG, AT(quiet),
   .help = "no summary on stdout, no progress on stderr"},
  {C(SWEEP), "quiet", 'q', NULL, OG_OPT_FLAG, AT(quiet),
   .help = "no table of points on stdout, no progress line"},
  {C(RUN) | C(REPORT), "all", 0, NULL, OG_OPT_FLAG, AT(all_sections),
   .help = "print every summary section, those whose entries are all 0 or - too"},
  {C(RUN), "summary-only", 0, NULL, OG_OPT_FLAG, AT(summary_only),
   .help = "write the attributes, /summary and /perf only (sweep tasks)"},
  {SCENARIO, "force", 0, NULL, OG_OPT_FLAG, AT(force),
   .help = "run even when the estimated memory exceeds this machine's (validate prints the "
           "estimate)"},
  {C(EQUILIBRIUM), "json", 0, NULL, OG_OPT_FLAG, AT(json),
   .help = "one JSON object on stdout instead of the text: bracket, tolerance, reps, closed "
           "form, CI, every step"},
  {C(CALIBRATE), "zoo", 0, "DIR", OG_OPT_STR, AT(zoo), .def = OGSIM_ZOO_DIR,
   .help = "the model zoo's folder"},
  {C(CALIBRATE), "quick", 0, NULL, OG_OPT_FLAG, AT(quick), .help = "10x shorter timings"},
  {C(COMPARE), "tolerances", 0, "FILE", OG_OPT_STR, AT(tolerances),
   .help = "per-metric rules (see results/baselines/tolerances.txt)"},
  {C(COMPARE), "simulated", 0, NULL, OG_OPT_FLAG, AT(simulated),
   .help = "judge simulated metrics only: speed and memory (/perf) are shown, not judged"},
  {C(COMPARE), NULL, 'v', NULL, OG_OPT_FLAG, AT(verbose),
   .help = "print every metric, not only those that moved"},
};
const size_t og_cli_n_opts = sizeof og_cli_opts / sizeof og_cli_opts[0];

/* Whether argument a (--name, --name=value or -x) names option o. */
static int names(const struct og_cli_opt *o, const char *a)
{
  if (a[0] != '-')
    return 0;
  if (a[1] != '-')
    return o->letter && a[1] == o->letter && !a[2];
  size_t len = strcspn(a + 2, "=");
  return o->name && strlen(o->name) == len && !strncmp(o->name, a + 2, len);
}

const struct og_cli_opt *og_cli_opt_find(enum og_cli_cmd_id id, const char *a)
{
  for (size_t k = 0; k < og_cli_n_opts; k++)
    if ((og_cli_opts[k].cmds & 1u << id) && names(&og_cli_opts[k], a))
      return &og_cli_opts[k];
  return NULL;
}

const char *og_cli_opt_spell(const struct og_cli_opt *o, char *buf, size_t len)
{
  if (o->name)
    snprintf(buf, len, "--%s", o->name);
  else
    snprintf(buf, len, "-%c", o->letter);
  return buf;
}
