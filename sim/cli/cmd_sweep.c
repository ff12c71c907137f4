/* ogsim sweep: run a sweep file's grid of points with replications
 * (locally with -j processes, under mpirun, or one shard of it), then print
 * it as a table; and ogsim merge: combine shard files. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "signals.h"
#include "sweep_exec.h"

struct sweep_opts {
  const char *file, *out;
  const char **sets;
  size_t n_sets;
  unsigned long long seed;
  int has_seed, resume, quiet, validate;
  size_t jobs;
  struct og_sweep_shard shard;
};

static int usage_error(const char *what, const char *arg)
{
  fprintf(stderr, "ogsim: sweep: %s%s%s\n(try 'ogsim --help')\n", what, arg ? ": " : "",
          arg ? arg : "");
  return OG_EXIT_USAGE;
}

static int parse_count(const char *s, size_t *out)
{
  char *end;
  errno = 0;
  unsigned long long v = s && *s != '-' ? strtoull(s, &end, 10) : 0;
  if (!s || *s == '-' || errno || *end || v == 0 || v > 100000)
    return -1;
  *out = (size_t)v;
  return 0;
}

static int parse_shard(const char *s, struct og_sweep_shard *sh)
{
  unsigned long i, n;
  char c;
  if (!s || sscanf(s, "%lu/%lu%c", &i, &n, &c) != 2 || n == 0 || i >= n || n > 100000)
    return -1;
  *sh = (struct og_sweep_shard){i, n};
  return 0;
}

static int parse(int argc, char **argv, struct sweep_opts *o)
{
  *o = (struct sweep_opts){.shard = {0, 1}};
  if (!(o->sets = calloc((size_t)argc + 1, sizeof *o->sets)))
    return usage_error("out of memory", NULL);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    char *end;
    if (!strcmp(a, "--set") && v) {
      o->sets[o->n_sets++] = argv[++i];
    } else if (!strcmp(a, "--seed") && v && *v != '-') {
      errno = 0;
      o->seed = strtoull(argv[++i], &end, 10);
      if (errno || *end)
        return usage_error("--seed needs a non-negative integer", v);
      o->has_seed = 1;
    } else if (!strcmp(a, "-o") && v) {
      o->out = argv[++i];
    } else if (!strcmp(a, "-j") && parse_count(v, &o->jobs) == 0) {
      i++;
    } else if (!strcmp(a, "--shard") && parse_shard(v, &o->shard) == 0) {
      i++;
    } else if (!strcmp(a, "--resume")) {
      o->resume = 1;
    } else if (!strcmp(a, "--validate")) {
      o->validate = 1;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      o->quiet = 1;
    } else if (a[0] == '-' && a[1]) {
      return usage_error(!strcmp(a, "-j") ? "-j needs a count of 1 or more"
                         : !strcmp(a, "--shard") ? "--shard needs I/N with 0 <= I < N"
                         : "unknown option or missing value", a);
    } else if (o->file) {
      return usage_error("more than one sweep file given", a);
    } else {
      o->file = a;
    }
  }
  return o->file ? 0 : usage_error("no sweep file given", NULL);
}

/* results/NAME.h5 (a shard: results/NAME.shard-I-of-N.h5). */
static const char *default_out(const struct og_sweep *sw, struct og_sweep_shard sh, char *buf,
                               size_t len)
{
  if (mkdir("results", 0777) != 0 && errno != EEXIST)
    return NULL;
  if (sh.count > 1)
    snprintf(buf, len, "results/%s.shard-%zu-of-%zu.h5", sw->name, sh.index, sh.count);
  else
    snprintf(buf, len, "results/%s.h5", sw->name);
  return buf;
}

static void progress(void *ud, const struct og_sweep_progress *p)
{
  int *printed = ud;
  if (!isatty(STDERR_FILENO) || p->wall < 1)
    return;
  size_t fresh = p->done - p->resumed;
  double rate = fresh / p->wall, eta = rate > 0 ? (double)(p->total - p->done) / rate : NAN;
  fprintf(stderr, "\r[%3.0f%%] %zu/%zu tasks  %.2f tasks/s  ETA %.0f s   ",
          100.0 * (double)p->done / (double)(p->total ? p->total : 1), p->done, p->total, rate,
          eta);
  fflush(stderr);
  *printed = 1;
}

static int execute(const struct sweep_opts *so, const struct og_sweep *sw,
                   const struct og_sweep_mpi *mpi, const char *exe)
{
  char buf[4096];
  const char *out = so->out ? so->out : default_out(sw, so->shard, buf, sizeof buf);
  if (!out) {
    fprintf(stderr, "ogsim: sweep: cannot create results/: %s\n", strerror(errno));
    return OG_EXIT_INTERNAL;
  }
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int printed = 0, under_mpi = mpi && og_sweep_under_mpi();
  struct og_sweep_exec_opts eo = {
    .exe = exe, .mpi = mpi,
    .jobs = so->jobs ? so->jobs : under_mpi ? 1 : (size_t)(cores > 0 ? cores : 1),
    .shard = so->shard, .resume = so->resume, .out = out,
    .progress = so->quiet ? NULL : progress, .progress_ud = &printed};
  struct og_sweep_outcome oc;
  struct og_error err = {{0}};
  og_cli_catch_signals();
  enum og_status st = og_sweep_execute(sw, &eo, &oc, &err);
  if (printed)
    fputc('\n', stderr);
  if (st != OG_OK) {
    fprintf(stderr, "ogsim: sweep: %s\n", err.msg);
    if (oc.journaled)
      fprintf(stderr, "ogsim: sweep: finished tasks are kept in %s.journal: run again with "
                      "--resume to go on\n", out);
    return st == OG_EINVAL || st == OG_EIO ? OG_EXIT_USAGE : OG_EXIT_INTERNAL;
  }
  if (!oc.writer)
    return OG_EXIT_OK;
  printf("sweep %s: %zu points x %zu replicates (shard %zu/%zu): %zu tasks run, %zu resumed, "
         "%d rank%s x %zu jobs, %.1f s; results in %s\n", sw->name, sw->n_points,
         sw->replications, so->shard.index, so->shard.count, oc.ran, oc.resumed, oc.ranks,
         oc.ranks > 1 ? "s" : "", eo.jobs, oc.wall, out);
  if (!so->quiet && so->shard.count == 1)
    return og_cli_print_sweep(stdout, out, NULL);
  return OG_EXIT_OK;
}

int og_cli_sweep(int argc, char **argv, const struct og_sweep_mpi *mpi, const char *exe)
{
  struct sweep_opts so;
  int rc = parse(argc, argv, &so);
  if (rc != 0) {
    free(so.sets);
    return rc;
  }
  struct og_sweep *sw = NULL;
  struct og_error err = {{0}};
  uint64_t seed = so.seed;
  enum og_status st = og_sweep_load(so.file, so.sets, so.n_sets, so.has_seed ? &seed : NULL,
                                    &sw, &err);
  if (st != OG_OK) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    rc = st == OG_ENOMEM ? OG_EXIT_INTERNAL : OG_EXIT_USAGE;
  } else if (so.validate) {
    printf("%s: %zu points x %zu replicates = %zu tasks, every point's scenario valid\n",
           so.file, sw->n_points, sw->replications, og_sweep_n_tasks(sw));
  } else {
    rc = execute(&so, sw, mpi, exe);
  }
  og_sweep_free(sw);
  free(so.sets);
  return rc;
}

/* `ogsim sweep`: locally; started by mpirun, hand over to ogsim-mpi (beside
 * this binary), which links OpenMPI. */
int og_cmd_sweep(int argc, char **argv)
{
  char exe[PATH_MAX], mpi[PATH_MAX];
  if (og_cli_beside(NULL, exe, sizeof exe) != 0 ||
      og_cli_beside("ogsim-mpi", mpi, sizeof mpi) != 0) {
    fprintf(stderr, "ogsim: sweep: cannot find the ogsim binary\n");
    return OG_EXIT_INTERNAL;
  }
  if (og_sweep_under_mpi()) {
    argv[0] = mpi;
    execv(mpi, argv);
    fprintf(stderr, "ogsim: sweep: under mpirun, cannot run %s: %s\n", mpi, strerror(errno));
    return OG_EXIT_INTERNAL;
  }
  return og_cli_sweep(argc, argv, NULL, exe);
}

int og_cmd_merge(int argc, char **argv)
{
  const char *out = NULL;
  const char **in = calloc((size_t)argc + 1, sizeof *in);
  size_t n = 0;
  for (int i = 1; in && i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc)
      out = argv[++i];
    else
      in[n++] = argv[i];
  }
  if (!in || !out || n == 0) {
    fprintf(stderr, "ogsim: usage: ogsim merge -o OUT.h5 SHARD.h5...\n");
    free(in);
    return OG_EXIT_USAGE;
  }
  struct og_error err = {{0}};
  og_cli_catch_signals();
  enum og_status st = og_sweep_merge(in, n, out, &err);
  free(in);
  if (st != OG_OK) {
    fprintf(stderr, "ogsim: merge: %s\n", err.msg);
    return st == OG_ENOMEM ? OG_EXIT_INTERNAL : OG_EXIT_USAGE;
  }
  printf("merged %zu shard files into %s\n", n, out);
  return OG_EXIT_OK;
}
