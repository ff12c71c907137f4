/* The MPI engine of sweeps, for clusters (`mpirun -np N ogsim sweep ...`
 * hands over to the ogsim-mpi binary, which links this file and OpenMPI).
 * Rank 0 keeps the task list, the journal and the results: it hands out one
 * task at a time to whichever rank asks (dynamic load balancing: a rank
 * asks again when its task ends), runs tasks itself in its free time, and
 * writes the results file. A result message carries the task's summary
 * (about 70 doubles and their names: ~7 kB); a task message one integer. */
#include <errno.h>
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "sweep_exec.h"

enum { TAG_RESULT = 1, TAG_TASK = 2 };

static enum og_status begin(int *rank, int *size, struct og_error *err)
{
  int inited = 0;
  MPI_Initialized(&inited);
  if (!inited && MPI_Init(NULL, NULL) != MPI_SUCCESS)
    return og_error_set(err, OG_ESIM, "MPI_Init failed");
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  MPI_Comm_size(MPI_COMM_WORLD, size);
  return OG_OK;
}

static void end(void)
{
  MPI_Finalize();
}

/* A result message: task, status, n, n values, then n x (name, unit, desc)
 * and the error text, each NUL-terminated. task -1 asks for a first task. */
struct packed {
  char *buf;
  size_t len;
};

static int pack(struct packed *p, int64_t task, const struct og_results_summary *s,
                const char *error)
{
  int64_t n = s ? (int64_t)s->n_summary : 0, head[3] = {task, error != NULL, n};
  size_t len = sizeof head + (size_t)n * sizeof(double) + strlen(error ? error : "") + 1;
  for (int64_t i = 0; i < n; i++)
    len += strlen(s->summary[i].name) + strlen(s->summary[i].unit ? s->summary[i].unit : "") +
           strlen(s->summary[i].desc ? s->summary[i].desc : "") + 3;
  char *b = p->buf = malloc(len);
  if (!b)
    return -1;
  memcpy(b, head, sizeof head);
  b += sizeof head;
  for (int64_t i = 0; i < n; i++, b += sizeof(double))
    memcpy(b, &s->summary[i].value, sizeof(double));
  for (int64_t i = 0; i < n; i++) {
    const char *f[3] = {s->summary[i].name, s->summary[i].unit, s->summary[i].desc};
    for (int k = 0; k < 3; k++)
      b = stpcpy(b, f[k] ? f[k] : "") + 1;
  }
  b = stpcpy(b, error ? error : "") + 1;
  p->len = (size_t)(b - p->buf);
  return 0;
}

/* Unpack into scalars pointing into buf (valid while buf is). */
static int unpack(char *buf, size_t len, int64_t *task, int *failed, struct og_scalar **s,
                  size_t *n, const char **error)
{
  int64_t head[3];
  if (len < sizeof head)
    return -1;
  memcpy(head, buf, sizeof head);
  *task = head[0];
  *failed = head[1] != 0;
  *n = (size_t)head[2];
  char *b = buf + sizeof head, *end = buf + len;
  if (head[2] < 0 || (size_t)(end - b) < *n * sizeof(double) || !(*s = calloc(*n + 1, sizeof **s)))
    return -1;
  for (size_t i = 0; i < *n; i++, b += sizeof(double))
    memcpy(&(*s)[i].value, b, sizeof(double));
  for (size_t i = 0; i < *n; i++) {
    const char **f[3] = {&(*s)[i].name, &(*s)[i].unit, &(*s)[i].desc};
    for (int k = 0; k < 3 && b < end; k++, b += strlen(b) + 1)
      *f[k] = b;
  }
  *error = b < end ? b : "";
  return 0;
}

static void send_task(int to, int64_t task)
{
  MPI_Send(&task, 1, MPI_INT64_T, to, TAG_TASK, MPI_COMM_WORLD);
}

/* ---- the workers (ranks > 0) -------------------------------------------- */

static enum og_status worker(const struct og_sweep *sw, const struct og_sweep_exec_opts *o,
                             struct og_sweep_outcome *oc, struct og_error *err)
{
  struct packed msg = {0};
  if (pack(&msg, -1, NULL, NULL) != 0)
    return og_error_set(err, OG_ENOMEM, "out of memory");
  for (;;) {
    MPI_Send(msg.buf, (int)msg.len, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
    free(msg.buf);
    msg.buf = NULL;
    int64_t task;
    MPI_Recv(&task, 1, MPI_INT64_T, 0, TAG_TASK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (task < 0)
      return OG_OK;
    struct og__task_proc p;
    struct og_results_summary *sum = NULL;
    struct og_error e2 = {{0}};
    int status = 0;
    enum og_status st = og__task_start(sw, o, (size_t)task, &p, &e2);
    while (st == OG_OK && waitpid(p.pid, &status, 0) < 0 && errno == EINTR)
      ;
    if (st == OG_OK)
      st = og__task_collect(sw, o, &p, status, &sum, &e2);
    oc->ran += st == OG_OK;
    int bad = pack(&msg, task, sum, st == OG_OK ? NULL : e2.msg);
    og_results_summary_free(sum);
    if (bad)
      return og_error_set(err, OG_ENOMEM, "out of memory");
  }
}

/* ---- rank 0 ------------------------------------------------------------- */

struct master {
  const struct og_sweep *sw;
  const struct og_sweep_exec_opts *o;
  struct og_sweep_results *res;
  struct og__journal *j;
  struct og_sweep_outcome *oc;
  size_t next, n, done, total;
  enum og_status st;      /* first failure: no new task is handed out after it */
  struct og_error err;
  double t0;
};

/* The next task to hand out, or -1. */
static int64_t next_task(struct master *m)
{
  if (m->st != OG_OK || !m->res)
    return -1;
  while (m->next < m->n && (!og__in_shard(m->o->shard, m->next) || m->res->done[m->next]))
    m->next++;
  return m->next < m->n ? (int64_t)m->next++ : -1;
}

static void fail(struct master *m, enum og_status st, const struct og_error *e)
{
  if (m->st == OG_OK)
    m->st = st, m->err = *e;
}

static void done_task(struct master *m, size_t task, const struct og_scalar *s, size_t n)
{
  struct og_error e;
  enum og_status st = og_sweep_results_put(m->res, task, s, n, &e);
  if (st == OG_OK)
    st = og__journal_add(m->j, task, s, n, &e);
  if (st != OG_OK)
    return fail(m, st, &e);
  m->done++;
  m->oc->ran++;
  struct og_sweep_progress p = {m->done, m->total, m->oc->resumed, og_wall_now() - m->t0};
  if (m->o->progress)
    m->o->progress(m->o->progress_ud, &p);
}

/* One worker's message: its result, then its next task (or stop). Returns
 * 1 when the worker was told to stop. */
static int serve(struct master *m, MPI_Status *ps)
{
  int len = 0;
  MPI_Get_count(ps, MPI_BYTE, &len);
  char *buf = malloc(len > 0 ? (size_t)len : 1);
  MPI_Recv(buf, len, MPI_BYTE, ps->MPI_SOURCE, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  int64_t task;
  int failed;
  struct og_scalar *s = NULL;
  size_t n = 0;
  const char *error;
  struct og_error e;
  if (!buf || unpack(buf, (size_t)len, &task, &failed, &s, &n, &error) != 0)
    fail(m, OG_ESIM, (og_error_set(&e, OG_ESIM, "rank %d: malformed message", ps->MPI_SOURCE), &e));
  else if (task >= 0 && failed)
    fail(m, OG_ESIM, (og_error_set(&e, OG_ESIM, "rank %d: %s", ps->MPI_SOURCE, error), &e));
  else if (task >= 0)
    done_task(m, (size_t)task, s, n);
  free(s);
  free(buf);
  int64_t next = next_task(m);
  send_task(ps->MPI_SOURCE, next);
  return next < 0;
}

/* Rank 0's own task process: start one when idle, collect it when done. */
static int own_task(struct master *m, struct og__task_proc *p)
{
  struct og_error e;
  if (!p->pid) {
    int64_t t = next_task(m);
    if (t >= 0 && og__task_start(m->sw, m->o, (size_t)t, p, &e) != OG_OK)
      fail(m, OG_ESIM, &e);
    return t >= 0;
  }
  int status;
  if (waitpid(p->pid, &status, WNOHANG) <= 0)
    return 0;
  struct og_results_summary *sum = NULL;
  enum og_status st = og__task_collect(m->sw, m->o, p, status, &sum, &e);
  if (st == OG_OK)
    done_task(m, p->task, sum->summary, sum->n_summary);
  else
    fail(m, st, &e);
  og_results_summary_free(sum);
  p->pid = 0;
  return 1;
}

static enum og_status master(struct master *m, int size)
{
  struct og__task_proc own = {0};
  int stopped = 0;
  for (size_t t = 0; m->res && t < m->n; t++)
    m->total += og__in_shard(m->o->shard, t);
  m->done = m->res ? m->res->n_done : 0;
  while (stopped < size - 1 || own.pid) {
    int busy = own_task(m, &own), flag = 0;
    MPI_Status ps;
    MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &ps);
    if (flag)
      stopped += serve(m, &ps);
    if (!flag && !busy)
      nanosleep(&(struct timespec){0, 2000000}, NULL); /* 2 ms: a task takes far longer */
  }
  return m->st;
}

static enum og_status run(const struct og_sweep *sw, const struct og_sweep_exec_opts *o,
                         struct og_sweep_results *res, struct og__journal *j,
                         struct og_sweep_outcome *oc, struct og_error *err)
{
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (rank != 0)
    return worker(sw, o, oc, err);
  struct master m = {.sw = sw, .o = o, .res = res, .j = j, .oc = oc,
                     .n = og_sweep_n_tasks(sw), .t0 = og_wall_now()};
  enum og_status st = master(&m, size);
  if (st != OG_OK)
    *err = m.err;
  return st;
}

const struct og_sweep_mpi og_sweep_openmpi = {begin, end, run};
