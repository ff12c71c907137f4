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

/* The table of subcommands that --help is printed from: each one's
 * options as curl's aliases[] (name, argument or NULL, description). */
struct og_cli_opt {
  const char *name, *arg, *desc;
};
struct og_cli_cmd {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *args;     /* positional arguments, for the usage line */
  const char *summary;  /* one line, for ogsim --help */
  const char *about;    /* a paragraph, for ogsim COMMAND --help */
  const struct og_cli_opt *opts; /* ended by an all-NULL entry */
};
extern const struct og_cli_cmd og_cli_cmds[];
extern const size_t og_cli_n_cmds;
/* The command called name, or NULL. */
const struct og_cli_cmd *og_cli_cmd_find(const char *name);
/* ogsim --help: the commands, one line each. */
void og_cli_usage(FILE *f);
/* ogsim COMMAND --help: its usage line, what it does, its options. */
void og_cli_cmd_usage(FILE *f, const struct og_cli_cmd *c);
/* argv (after the command's name) holds -h or --help as an option. */
int og_cli_wants_help(const struct og_cli_cmd *c, int argc, char **argv);

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
  int force;          /* run even when the estimate exceeds this machine's memory */
  char estimate[768]; /* og_cli_load: the run's estimate, for people */
};
/* Parse argv (after the subcommand name); 0 ok, else prints why and returns
 * OG_EXIT_USAGE. `allow_run` admits -o, -q and --sg. opts->sets and
 * opts->sg_args are allocated (free both). */
int og_cli_parse(int argc, char **argv, int allow_run, struct og_cli_opts *opts);
/* og_cli_parse, then load the scenario with the options' overrides and
 * seed, and estimate the run: refused when it cannot fit this machine's
 * memory, unless --force. 0 ok (*sc owned by the caller), else the exit
 * code, having printed why. Release both with og_cli_done. */
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
