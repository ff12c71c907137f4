/* Running a sweep's tasks as child processes (`ogsim run ... --summary-only`,
 * one SimGrid simulation per process, forked or exec'd), locally with up to
 * -j at once, or through the MPI engine; then writing the results file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "net.h"
#include "sweep_exec.h"

int og_sweep_under_mpi(void)
{
  const char *n = getenv("OMPI_COMM_WORLD_SIZE");
  return n && atoi(n) > 1;
}

/* OUT.work/ID-tTASK.EXT into buf; returns the length it needs. */
static int task_path(const struct og_sweep *sw, const struct og_sweep_exec_opts *o, size_t task,
                     const char *ext, char *buf, size_t len)
{
  return snprintf(buf, len, "%s.work/%016llx-t%06zu.%s", o->out, (unsigned long long)sw->id,
                  task, ext);
}

/* Refuse an OUT whose longest derived name, the last task's results file
 * under its writer's temporary name (.tmp.PID), would not fit a path. */
static enum og_status check_out(const struct og_sweep *sw, const struct og_sweep_exec_opts *o,
                                struct og_error *err)
{
  size_t n = og_sweep_n_tasks(sw);
  int len = task_path(sw, o, n ? n - 1 : 0, "h5.tmp.4294967295", NULL, 0);
  if (len >= 0 && len < PATH_MAX)
    return OG_OK;
  return og_error_set(err, OG_EINVAL, "-o: a results path of %zu characters is too long: the "
                      "sweep's work files beside it (OUT.work/...) would pass the %d-byte limit "
                      "on a path; give a shorter -o", strlen(o->out), PATH_MAX);
}

/* What exec would do to a forked child that does not exec: close the
 * descriptors marked close-on-exec (the sweep's lock among them). */
static void close_cloexec(void)
{
  DIR *d = opendir("/proc/self/fd");
  for (struct dirent *e; d && (e = readdir(d));) {
    int fd = atoi(e->d_name), flags = fd > 2 && fd != dirfd(d) ? fcntl(fd, F_GETFD) : -1;
    if (flags >= 0 && (flags & FD_CLOEXEC))
      close(fd);
  }
  if (d)
    closedir(d);
}

/* A forked task's end. Its results file is closed and synced, its streams
 * are flushed here; the exit handlers' teardown (SimGrid's and HDF5's, and
 * the parent's streams, flushed before the fork) would cost 6 ms a task.
 * Under AddressSanitizer it exits normally, so that every task's leaks
 * are still checked. */
static void end_task(int rc)
{
  fflush(stdout);
  fflush(stderr);
#ifdef __SANITIZE_ADDRESS__
  exit(rc);
#else
  _exit(rc);
#endif
}

/* In the child: die with the parent (at once if it already died, before
 * the prctl), stdout to /dev/null, stderr to the task's log, then run the
 * task: in this process (o->run_task), or by becoming `ogsim run`.
 * OpenBLAS starts a thread per core when loaded, which a task never uses
 * (its BLAS runs on one thread) and which cost 0.1 s of system time per
 * task here: one thread, unless the user says otherwise (a forked task
 * has the count run_local set). Never returns. */
static void task_child(const struct og_sweep_exec_opts *o, int argc, char **argv,
                       const char *log, pid_t parent)
{
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
    _exit(127);
  setenv("OPENBLAS_NUM_THREADS", "1", 0);
  if (o->run_task)
    close_cloexec();
  int out = open("/dev/null", O_WRONLY), er = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out >= 0 && dup2(out, STDOUT_FILENO) >= 0 && out != STDOUT_FILENO)
    close(out);
  if (er >= 0 && dup2(er, STDERR_FILENO) >= 0 && er != STDERR_FILENO)
    close(er);
  if (o->run_task) {
    int rc = o->run_task(argc, argv);
    free(argv); /* the task's own copy (LeakSanitizer checks each task) */
    end_task(rc);
  }
  execv(o->exe, argv);
  fprintf(stderr, "cannot run %s: %s\n", o->exe, strerror(errno));
  _exit(127);
}

enum og_status og__task_start(const struct og_sweep *sw, const struct og_sweep_exec_opts *o,
                              size_t task, struct og__task_proc *p, struct og_error *err)
{
  size_t point = task / sw->replications, rep = task % sw->replications;
  char **sets = NULL, h5[PATH_MAX], log[PATH_MAX], seed[32];
  size_t n_sets = 0;
  if (og_sweep_point_sets(sw, point, &sets, &n_sets) != OG_OK)
    return og_error_set(err, OG_ENOMEM, "out of memory");
  char **argv = calloc(2 * n_sets + 12, sizeof *argv);
  if (!argv) {
    og_sweep_strings_free(sets, n_sets);
    return og_error_set(err, OG_ENOMEM, "out of memory");
  }
  task_path(sw, o, task, "h5", h5, sizeof h5);
  task_path(sw, o, task, "log", log, sizeof log);
  snprintf(seed, sizeof seed, "%llu", (unsigned long long)og_sweep_seed(sw, point, rep));
  size_t k = 0;
  const char *fixed[] = {o->exe, "run", sw->base, "-q", "--summary-only", "-o", h5, "--seed", seed};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    argv[k++] = (char *)fixed[i];
  for (size_t i = 0; i < n_sets; i++) {
    argv[k++] = "--set";
    argv[k++] = sets[i];
  }
  fflush(NULL);
  pid_t parent = getpid(), pid = fork();
  if (pid == 0)
    task_child(o, (int)k, argv, log, parent);
  int e = errno;
  free(argv);
  og_sweep_strings_free(sets, n_sets);
  if (pid < 0)
    return og_error_set(err, OG_ESIM, "cannot start task %zu: %s", task, strerror(e));
  *p = (struct og__task_proc){.pid = pid, .task = task};
  return OG_OK;
}

/* The last lines of a task's log, for its error message. */
static void log_tail(const char *log, char *buf, size_t len)
{
  FILE *f = fopen(log, "r");
  size_t n = 0;
  buf[0] = 0;
  if (!f)
    return;
  if (fseek(f, -(long)(len - 1), SEEK_END) != 0)
    rewind(f);
  n = fread(buf, 1, len - 1, f);
  fclose(f);
  buf[n] = 0;
  while (n > 0 && buf[n - 1] == '\n')
    buf[--n] = 0;
}

enum og_status og__task_collect(const struct og_sweep *sw, const struct og_sweep_exec_opts *o,
                                const struct og__task_proc *p, int status,
                                struct og_results_summary **sum, struct og_error *err)
{
  char h5[PATH_MAX], log[PATH_MAX], tail[600];
  size_t point = p->task / sw->replications, rep = p->task % sw->replications;
  task_path(sw, o, p->task, "h5", h5, sizeof h5);
  task_path(sw, o, p->task, "log", log, sizeof log);
  *sum = NULL;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    log_tail(log, tail, sizeof tail);
    return og_error_set(err, OG_ESIM, "task %zu (point %zu, replicate %zu) failed (%s %d): %s",
                        p->task, point, rep, WIFEXITED(status) ? "exit" : "signal",
                        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
                        tail[0] ? tail : "no error output");
  }
  enum og_status st = og_results_read_summary(h5, sum, err);
  unlink(h5);
  unlink(log);
  return st;
}

/* A finished task into res and the journal. */
static enum og_status record(struct og_sweep_results *res, struct og__journal *j, size_t task,
                             const struct og_results_summary *s, struct og_error *err)
{
  enum og_status st = og_sweep_results_put(res, task, s->summary, s->n_summary, err);
  return st != OG_OK || !j ? st : og__journal_add(j, task, s->summary, s->n_summary, err);
}

static void report(const struct og_sweep_exec_opts *o, size_t done, size_t total,
                   size_t resumed, double t0)
{
  struct og_sweep_progress p = {done, total, resumed, og_wall_now() - t0};
  if (o->progress)
    o->progress(o->progress_ud, &p);
}

/* Local engine: up to o->jobs task processes at once; the first failure
 * stops new starts, and the run waits for the others. */
static enum og_status run_local(const struct og_sweep *sw, const struct og_sweep_exec_opts *o,
                                struct og_sweep_results *res, struct og__journal *j,
                                struct og_sweep_outcome *oc, struct og_error *err)
{
  size_t jobs = o->jobs ? o->jobs : 1, running = 0, next = 0, n = og_sweep_n_tasks(sw);
  size_t total = 0, done = 0;
  struct og__task_proc *slot = calloc(jobs, sizeof *slot);
  if (!slot)
    return og_error_set(err, OG_ENOMEM, "out of memory");
  for (size_t t = 0; t < n; t++)
    total += og__in_shard(o->shard, t), done += og__in_shard(o->shard, t) && res->done[t];
  /* Forked tasks inherit OpenBLAS's thread count, which exec'd ones take
   * from OPENBLAS_NUM_THREADS=1 (task_child); set here, before a fork
   * stops OpenBLAS's threads, as setting it in the child starts them
   * again. */
  if (o->run_task && !getenv("OPENBLAS_NUM_THREADS"))
    og_net_blas_threads(1);
  double t0 = og_wall_now();
  enum og_status st = OG_OK;
  for (;;) {
    for (size_t s = 0; st == OG_OK && s < jobs; s++) {
      if (slot[s].pid)
        continue;
      while (next < n && (!og__in_shard(o->shard, next) || res->done[next]))
        next++;
      if (next == n)
        break;
      if ((st = og__task_start(sw, o, next++, &slot[s], err)) == OG_OK)
        running++;
    }
    if (running == 0)
      break;
    int status;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0 && errno == EINTR)
      continue;
    for (size_t s = 0; pid > 0 && s < jobs; s++) {
      if (slot[s].pid != pid)
        continue;
      struct og_results_summary *sum = NULL;
      struct og_error e2;
      enum og_status ts = og__task_collect(sw, o, &slot[s], status, &sum, &e2);
      if (ts == OG_OK)
        ts = record(res, j, slot[s].task, sum, &e2);
      og_results_summary_free(sum);
      if (ts != OG_OK && st == OG_OK)
        st = ts, *err = e2;
      done += ts == OG_OK;
      oc->ran += ts == OG_OK;
      slot[s].pid = 0;
      running--;
      report(o, done, total, oc->resumed, t0);
    }
  }
  free(slot);
  return st;
}

/* Remove OUT.work and what a killed run left in it. */
static void remove_work(const char *out)
{
  char dir[PATH_MAX], f[PATH_MAX + 256];
  if (snprintf(dir, sizeof dir, "%s.work", out) >= (int)sizeof dir)
    return;
  DIR *d = opendir(dir);
  for (struct dirent *e; d && (e = readdir(d));)
    if (e->d_name[0] != '.') {
      snprintf(f, sizeof f, "%s/%s", dir, e->d_name);
      unlink(f);
    }
  if (d)
    closedir(d);
  rmdir(dir);
}

static enum og_status finish(const struct og_sweep *sw, const struct og_sweep_exec_opts *o,
                             struct og_sweep_results *res, struct og_sweep_outcome *oc,
                             struct og_error *err)
{
  const struct og_scalar perf[] = {
    {"wall_time", "s", "wall-clock time of this invocation", oc->wall},
    {"tasks_run", "", "tasks run by this invocation", (double)oc->ran},
    {"tasks_resumed", "", "tasks read back from the journal", (double)oc->resumed},
    {"ranks", "", "MPI ranks (1: local processes)", (double)oc->ranks},
    {"jobs", "", "task processes at once per rank", (double)(o->jobs ? o->jobs : 1)},
  };
  return og_sweep_write(sw, res, o->shard, perf, sizeof perf / sizeof perf[0], o->out, err);
}

enum og_status og_sweep_collect(const struct og_sweep *sw, const struct og_sweep_exec_opts *o,
                                struct og_sweep_results *res, struct og_error *err)
{
  struct og_sweep_outcome oc = {.ranks = 1};
  int lock = -1;
  enum og_status st = check_out(sw, o, err);
  if (st != OG_OK || (st = og__sweep_lock(o->out, &lock, err)) != OG_OK)
    return st;
  st = run_local(sw, o, res, NULL, &oc, err);
  remove_work(o->out);
  og__sweep_unlock(lock);
  return st;
}

enum og_status og_sweep_execute(const struct og_sweep *sw, const struct og_sweep_exec_opts *o,
                                struct og_sweep_outcome *oc, struct og_error *err)
{
  int rank = 0, size = 1, mpi = o->mpi && og_sweep_under_mpi(), lock = -1;
  double t0 = og_wall_now();
  *oc = (struct og_sweep_outcome){.ranks = 1};
  enum og_status st = mpi ? o->mpi->begin(&rank, &size, err) : OG_OK;
  if (st != OG_OK)
    return st;
  oc->ranks = size;
  oc->writer = rank == 0;
  struct og_sweep_results *res = NULL;
  struct og__journal *j = NULL;
  if (rank == 0 && (st = og_sweep_results_new(og_sweep_n_tasks(sw), &res)) != OG_OK)
    og_error_set(err, st, "out of memory");
  if (rank == 0 && st == OG_OK && (st = check_out(sw, o, err)) == OG_OK &&
      (st = og__sweep_lock(o->out, &lock, err)) == OG_OK &&
      (st = og__journal_open(o->out, sw, o->shard, o->resume, res, &j, err)) == OG_OK)
    oc->resumed = res->n_done, oc->journaled = 1;
  if (mpi) {
    struct og_error e2;
    enum og_status ms = o->mpi->run(sw, o, st == OG_OK ? res : NULL, j, oc, &e2);
    if (st == OG_OK && ms != OG_OK)
      st = ms, *err = e2;
  } else if (st == OG_OK) {
    st = run_local(sw, o, res, j, oc, err);
  }
  oc->wall = og_wall_now() - t0;
  if (rank == 0 && st == OG_OK)
    st = finish(sw, o, res, oc, err);
  /* The folder is the lock: once it is gone a new sweep may lock a new one
   * and start OUT.journal afresh, so it goes last. */
  og__journal_close(j, rank == 0 && st == OG_OK);
  if (rank == 0 && st == OG_OK)
    remove_work(o->out);
  og__sweep_unlock(lock);
  og_sweep_results_free(res);
  if (mpi)
    o->mpi->end();
  return st;
}
