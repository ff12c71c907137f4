/* The ogsim command: option parsing and output for humans (the only code in
 * ogsim that parses argv or prints for people). */
#ifndef OG_CLI_H
#define OG_CLI_H

#include <stdio.h>

#include "results_io.h"

/* Exit codes of every subcommand. */
enum { OG_EXIT_OK = 0, OG_EXIT_CHECK = 1, OG_EXIT_USAGE = 2, OG_EXIT_INTERNAL = 3 };

int og_cmd_run(int argc, char **argv);
int og_cmd_validate(int argc, char **argv);
int og_cmd_report(int argc, char **argv);
int og_cmd_platform(int argc, char **argv);
int og_cmd_calibrate(int argc, char **argv);
int og_cmd_sweep(int argc, char **argv);
/* The sweep command's body: argv after "sweep"; mpi: the MPI engine or
 * NULL; exe: the ogsim binary that runs each task. */
struct og_sweep_mpi;
int og_cli_sweep(int argc, char **argv, const struct og_sweep_mpi *mpi, const char *exe);
int og_cmd_merge(int argc, char **argv);
int og_cmd_equilibrium(int argc, char **argv);
int og_cmd_compare(int argc, char **argv);
int og_cmd_plot(int argc, char **argv);

/* The path of the binary `name` in this program's folder (NULL: this
 * program's own), into buf; -1 when it cannot be found or does not fit. */
int og_cli_beside(const char *name, char *buf, size_t len);

void og_cli_usage(FILE *f);

/* Options shared by run and validate. */
struct og_cli_opts {
  const char *scenario;
  const char *out;
  const char **sets;
  size_t n_sets;
  const char **sg_args;
  size_t n_sg_args;
  unsigned long long seed;
  int has_seed;
  int quiet;
  int summary_only;   /* run: write attributes, /summary and /perf only (sweep tasks) */
};
/* Parse argv (after the subcommand name); 0 ok, else prints why and returns
 * OG_EXIT_USAGE. `allow_run` admits -o, -q and --sg. opts->sets and
 * opts->sg_args are allocated (free both). */
int og_cli_parse(int argc, char **argv, int allow_run, struct og_cli_opts *opts);
/* og_cli_parse, then load the scenario with the options' overrides and
 * seed. 0 ok (*sc owned by the caller), else the exit code, having printed
 * why. Release both with og_cli_done. */
struct og_scenario;
int og_cli_load(int argc, char **argv, int allow_run, struct og_cli_opts *opts,
                struct og_scenario **sc);
void og_cli_done(struct og_cli_opts *opts, struct og_scenario *sc);
/* Print "name  value unit  description" lines. */
void og_cli_print_scalars(FILE *f, const struct og_scalar *s, size_t n);
/* The /strategies table, when the run had dishonest groups. */
void og_cli_print_strategies(FILE *f, const struct og_table *t);
/* A sweep results file: provenance and the /stats table, with the metrics
 * of the comma-separated list (NULL: a default set). Returns an exit code,
 * having printed why on stderr when not OG_EXIT_OK. */
int og_cli_print_sweep(FILE *f, const char *path, const char *metrics);
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
