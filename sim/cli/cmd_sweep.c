/* ogsim sweep: run a sweep file's grid of points with replications
 * (locally with -j processes, under mpirun, or one shard of it), then print
 * it as a table; and ogsim merge: combine shard files. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "signals.h"
#include "sweep_exec.h"

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

static int execute(const struct og_cli_args *so, const struct og_sweep *sw,
                   const struct og_sweep_mpi *mpi, const char *exe,
                   int (*run_task)(int argc, char **argv))
{
  char buf[4096];
  struct og_sweep_shard shard = {so->shard[0], so->shard[1]};
  const char *out = so->out ? so->out : default_out(sw, shard, buf, sizeof buf);
  if (!out) {
    fprintf(stderr, "ogsim: sweep: cannot create results/: %s\n", strerror(errno));
    return OG_EXIT_INTERNAL;
  }
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int printed = 0, under_mpi = mpi && og_sweep_under_mpi();
  struct og_sweep_exec_opts eo = {
    .exe = exe, .run_task = so->exec_tasks ? NULL : run_task, .mpi = mpi,
    .jobs = so->jobs ? so->jobs : under_mpi ? 1 : (size_t)(cores > 0 ? cores : 1),
    .shard = shard, .resume = so->resume, .out = out,
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
         sw->replications, shard.index, shard.count, oc.ran, oc.resumed, oc.ranks,
         oc.ranks > 1 ? "s" : "", eo.jobs, oc.wall, out);
  if (!so->quiet && shard.count == 1)
    return og_cli_print_sweep(stdout, out, NULL);
  return OG_EXIT_OK;
}

int og_cli_sweep(int argc, char **argv, const struct og_sweep_mpi *mpi, const char *exe,
                 int (*run_task)(int argc, char **argv))
{
  struct og_cli_args so;
  int rc = og_cli_parse(OG_CLI_SWEEP, argc, argv, &so);
  struct og_sweep *sw = NULL;
  struct og_error err = {{0}};
  enum og_status st = rc == 0 ? og_sweep_load(so.pos.v[0], so.sets.v, so.sets.n,
                                              so.seed.set ? &so.seed.v : NULL, &sw, &err)
                              : OG_OK;
  if (st != OG_OK) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    rc = st == OG_ENOMEM ? OG_EXIT_INTERNAL : OG_EXIT_USAGE;
  } else if (rc == 0 && so.validate) {
    printf("%s: %zu points x %zu replicates = %zu tasks, every point's scenario valid\n",
           so.pos.v[0], sw->n_points, sw->replications, og_sweep_n_tasks(sw));
  } else if (rc == 0) {
    rc = execute(&so, sw, mpi, exe, run_task);
  }
  og_sweep_free(sw);
  og_cli_args_free(&so);
  return rc;
}

static int merge(const struct og_cli_args *a)
{
  struct og_error err = {{0}};
  og_cli_catch_signals();
  enum og_status st = og_sweep_merge(a->pos.v, a->pos.n, a->out, &err);
  if (st != OG_OK) {
    fprintf(stderr, "ogsim: merge: %s\n", err.msg);
    return st == OG_ENOMEM ? OG_EXIT_INTERNAL : OG_EXIT_USAGE;
  }
  printf("merged %zu shard files into %s\n", a->pos.n, a->out);
  return OG_EXIT_OK;
}

int og_cmd_merge(int argc, char **argv)
{
  return og_cli_main(OG_CLI_MERGE, argc, argv, merge);
}
