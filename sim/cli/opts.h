/* The command line's one table: the subcommands and the options each takes
 * (as curl's aliases[]), the parser that walks argv against it and the help
 * printed from it. */
#ifndef OG_CLI_OPTS_H
#define OG_CLI_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The subcommands, X(ID, function): the enum and main.c's dispatch come
 * from this one list; usage.c's table (indexed by the enum) holds the rest. */
#define OG_CLI_COMMANDS(X)                                                                   \
  X(RUN, og_cmd_run)                                                                         \
  X(VALIDATE, og_cmd_validate)                                                               \
  X(REPORT, og_cmd_report)                                                                   \
  X(SWEEP, og_cmd_sweep)                                                                     \
  X(MERGE, og_cmd_merge)                                                                     \
  X(EQUILIBRIUM, og_cmd_equilibrium)                                                         \
  X(PLATFORM, og_cmd_platform)                                                               \
  X(CALIBRATE, og_cmd_calibrate)                                                             \
  X(PLOT, og_cmd_plot)                                                                       \
  X(COMPARE, og_cmd_compare)

#define OG_CLI_ID_(id, fn) OG_CLI_##id,
enum og_cli_cmd_id { OG_CLI_COMMANDS(OG_CLI_ID_) OG_CLI_N_CMDS };
#undef OG_CLI_ID_

/* A subcommand's text for people and its positional arguments. */
struct og_cli_cmd {
  const char *name;
  const char *args;    /* positional arguments, for the usage line */
  const char *summary; /* one line, for ogsim --help */
  const char *about;   /* a paragraph, for ogsim COMMAND --help */
  const char *what;    /* one positional argument, for messages ("scenario file") */
  size_t min, max;     /* how many positional arguments it takes (max 0: none) */
};
extern const struct og_cli_cmd og_cli_cmds[OG_CLI_N_CMDS];
/* The id of the command called name; -1 when there is none. */
int og_cli_cmd_find(const char *name);

/* What an option's value is, and how it is stored. */
enum og_cli_kind {
  OG_OPT_FLAG,  /* no value: the int is set to 1 */
  OG_OPT_STR,   /* const char *, the last one given */
  OG_OPT_LIST,  /* struct og_cli_list: each one given, in order */
  OG_OPT_SEED,  /* struct og_cli_seed: a non-negative 64-bit integer */
  OG_OPT_COUNT, /* size_t: an integer in [lo, hi] */
  OG_OPT_REAL,  /* double: a number in [lo, hi] */
  OG_OPT_SHARD, /* size_t[2]: I/N with 0 <= I < N <= hi */
};

struct og_cli_list {
  const char **v; /* allocated; og_cli_args_free */
  size_t n, cap;
};
struct og_cli_seed {
  uint64_t v;
  int set;
};

/* One option (curl's aliases[] row). */
struct og_cli_opt {
  unsigned cmds;        /* the commands it applies to: bits 1u << OG_CLI_... */
  const char *name;     /* the long name without "--", or NULL */
  char letter;          /* the short one, or 0 */
  const char *arg;      /* the value's name; NULL for a flag */
  enum og_cli_kind kind;
  size_t at;            /* offsetof(struct og_cli_args, ...) */
  double lo, hi;        /* OG_OPT_COUNT, OG_OPT_REAL, OG_OPT_SHARD (hi) */
  const char *def;      /* the value before argv, parsed as if given; or NULL */
  const char *def_text; /* the default as help shows it, when not def */
  int required;
  const char *help;     /* one sentence, wrapped by the help */
};
extern const struct og_cli_opt og_cli_opts[];
extern const size_t og_cli_n_opts;

/* Everything a command line can give, for every command (curl's
 * OperationConfig); each command reads its own. */
struct og_cli_args {
  struct og_cli_list pos; /* positional arguments */
  const char *out;
  struct og_cli_list sets, sg_args;
  struct og_cli_seed seed;
  int quiet, summary_only, force;
  int all_sections;       /* run, report: print summary sections with nothing to show */
  const char *metrics;
  size_t jobs, shard[2];
  int resume, validate, exec_tasks;
  size_t reps, max_reps;
  double tol, lo, hi;
  const char *path;
  int json;
  const char *zoo;
  int quick;
  const char *tolerances;
  int simulated, verbose;
  const char *format, *table;
  int columns;            /* report: a table's columns instead of its rows */
  size_t dpi;             /* plot: the PNGs' dots per inch */
};

/* Parse argv (argv[0]: the command's name) for command id into *a, after
 * the table's defaults: 0 ok, else the exit code, having printed why (an
 * option or its value refused, positional arguments missing or too many).
 * Release *a with og_cli_args_free in both cases. */
int og_cli_parse(enum og_cli_cmd_id id, int argc, char **argv, struct og_cli_args *a);
void og_cli_args_free(struct og_cli_args *a);
/* A command's whole life: og_cli_parse, body (the exit code), free. */
int og_cli_main(enum og_cli_cmd_id id, int argc, char **argv,
                int (*body)(const struct og_cli_args *a));
/* "ogsim: CMD: MESSAGE" and the --help hint on stderr; returns OG_EXIT_USAGE. */
int og_cli_usage_error(enum og_cli_cmd_id id, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

/* ogsim --help: the commands, one line each. */
void og_cli_usage(FILE *f);
/* ogsim COMMAND --help: its usage line, what it does, its options. */
void og_cli_cmd_usage(FILE *f, enum og_cli_cmd_id id);
/* argv (after the command's name) holds -h or --help as an option, not as
 * the value of one. */
int og_cli_wants_help(enum og_cli_cmd_id id, int argc, char **argv);
/* The command id's option that argument a names (--name, --name=value,
 * -x), or NULL. */
const struct og_cli_opt *og_cli_opt_find(enum og_cli_cmd_id id, const char *a);
/* The option as messages name it: "--name", else "-x". */
const char *og_cli_opt_spell(const struct og_cli_opt *o, char *buf, size_t len);

#endif
