/* The ogsim command: option parsing and output for humans (the only code in
 * ogsim that parses argv or prints for people). */
#ifndef OG_CLI_H
#define OG_CLI_H

#include <stdio.h>

#include "opts.h"
#include "results_io.h"

/* Exit codes of every subcommand. */
enum { OG_EXIT_OK = 0, OG_EXIT_CHECK = 1, OG_EXIT_USAGE = 2, OG_EXIT_INTERNAL = 3 };

int og_cmd_run(int argc, char **argv);
/* A sweep task in a child forked from ogsim (sweep_exec.h's run_task):
 * argv is `ogsim run ...` with the binary first; runs it as og_cmd_run. */
int og_cli_run_task(int argc, char **argv);
int og_cmd_validate(int argc, char **argv);
int og_cmd_report(int argc, char **argv);
int og_cmd_platform(int argc, char **argv);
int og_cmd_calibrate(int argc, char **argv);
int og_cmd_sweep(int argc, char **argv);
/* The sweep command's body: argv after "sweep"; mpi: the MPI engine or
 * NULL; exe: the ogsim binary that runs each task; run_task: runs a task
 * in a forked child instead (sweep_exec.h), or NULL. */
struct og_sweep_mpi;
int og_cli_sweep(int argc, char **argv, const struct og_sweep_mpi *mpi, const char *exe,
                 int (*run_task)(int argc, char **argv));
int og_cmd_merge(int argc, char **argv);
int og_cmd_equilibrium(int argc, char **argv);
int og_cmd_compare(int argc, char **argv);
int og_cmd_plot(int argc, char **argv);

/* The path of the binary `name` in this program's folder (NULL: this
 * program's own), into buf; -1 when it cannot be found or does not fit. */
int og_cli_beside(const char *name, char *buf, size_t len);

/* A scenario command's command line and what it loaded. */
struct og_scenario;
struct og_cli_loaded {
  struct og_cli_args a;
  struct og_scenario *sc;
  char estimate[768]; /* the run's estimate, for people */
};
/* og_cli_parse for command id, then load the scenario (a.pos.v[0]) with
 * the options' overrides and seed, and estimate the run: refused when it
 * cannot fit this machine's memory, unless --force. 0 ok, else the exit
 * code, having printed why. Release with og_cli_done in both cases. */
int og_cli_load(enum og_cli_cmd_id id, int argc, char **argv, struct og_cli_loaded *l);
void og_cli_done(struct og_cli_loaded *l);
/* Print "name  value unit  description" lines. */
void og_cli_print_scalars(FILE *f, const struct og_scalar *s, size_t n);
/* A run's summary: og_cli_print_scalars by sections. Unless `all`, the
 * headline only (one screen): entries of level HEAD in summary.def that
 * are not NaN, per class the busiest class's (largest utilisation_) with a
 * bottleneck line, per model the slowest's (largest latency_p99_), long
 * descriptions cut; a section whose entries are all 0 or NaN (no cheaters,
 * no verification, no loads...) one line saying so; and a last line
 * counting the entries left out. */
void og_cli_print_summary(FILE *f, const struct og_scalar *s, size_t n, int all);
/* A run's /perf figures under "simulator performance:": every one with
 * `all`, else wall time, speed and peak memory on that line. */
void og_cli_print_perf(FILE *f, const struct og_scalar *s, size_t n, int all);
/* A --metrics name (len bytes of name) that a sweep's /metrics (meta)
 * lacks: says so with the names it has; OG_EXIT_USAGE. */
int og_cli_unknown_metric(const struct og_table *meta, const char *name, size_t len);
/* The run's "warnings" attribute among attrs (network bottlenecks...), one
 * per line, after its summary; nothing when it has none. */
void og_cli_print_warnings(FILE *f, const struct og_attr *attrs, size_t n);
/* The /strategies table, when the run had dishonest groups. */
void og_cli_print_strategies(FILE *f, const struct og_table *t);
/* A sweep results file: provenance and the /stats table, with the metrics
 * of the comma-separated list (NULL: a default set). Returns an exit code,
 * having printed why on stderr when not OG_EXIT_OK. */
int og_cli_print_sweep(FILE *f, const char *path, const char *metrics);
/* ogsim equilibrium --json: the options and result as one JSON object. */
struct og_eq_opts;
struct og_eq_result;
void og_cli_print_eq_json(FILE *f, const struct og_eq_opts *o, const struct og_eq_result *r);
/* Progress line on stderr (run's progress callback). */
struct og_progress;
struct progress_state {
  double last_print;
  double interval; /* s between lines */
  int started, tty;
  int printed;     /* a refreshed line is on the terminal */
};
void og_cli_progress(void *ud, const struct og_progress *p);
void og_cli_progress_end(void *ud);

#endif
