/* Running a sweep's tasks: each task is one `ogsim run` process writing a
 * summary-only results file that the runner reads back (a child forked
 * from this process that runs it in place, or a new program). Engines: local
 * processes (-j N), MPI ranks (rank 0 hands out tasks one at a time and
 * collects results), and shards (--shard i/n: the tasks whose index is i
 * mod n). Finished tasks go to a journal next to the results file, so a
 * sweep killed at any point resumes without recomputing them. */
#ifndef OG_SWEEP_EXEC_H
#define OG_SWEEP_EXEC_H

#include <stdio.h>

#include "sweep.h"

/* A snapshot for the progress callback. */
struct og_sweep_progress {
  size_t done, total;   /* tasks of this run (shard) finished, and in all */
  size_t resumed;       /* of done, read back from the journal */
  double wall;          /* s since the run started */
};

struct og__journal;
struct og_sweep_mpi;

struct og_sweep_exec_opts {
  const char *exe;       /* the ogsim binary each task runs */
  /* NULL: each task execs exe. Else each task is a child forked from this
   * process that calls run_task and exits with what it returns: argv
   * (argc entries, then NULL) is the task's `ogsim run` command line,
   * argv[0] exe; stdout and stderr are redirected, and the environment,
   * descriptors and OpenBLAS's threads are as exec would leave them. A
   * SimGrid process runs one simulation, so each task still has a process
   * of its own; the fork only skips starting a program (loading and
   * linking SimGrid and its libraries). Not under MPI: ogsim-mpi has no
   * SimGrid. */
  int (*run_task)(int argc, char **argv);
  const struct og_sweep_mpi *mpi; /* the MPI engine (ogsim-mpi), or NULL: local processes */
  size_t jobs;           /* task processes at once (per MPI rank) */
  struct og_sweep_shard shard;
  int resume;            /* read the journal and skip the tasks it holds */
  const char *out;       /* results file; the journal is OUT.journal, task files in OUT.work/ */
  void (*progress)(void *ud, const struct og_sweep_progress *p);
  void *progress_ud;
};

/* What a finished run of the runner did. */
struct og_sweep_outcome {
  size_t resumed;        /* tasks found done in the journal */
  size_t ran;            /* tasks run now (on every rank) */
  double wall;           /* s */
  int ranks;             /* MPI ranks (1 for local processes) */
  int writer;            /* this process wrote the results file (rank 0) */
  int journaled;         /* the journal was opened (kept on failure, for --resume) */
};

/* Run every task of the shard not yet done, then write the results file
 * (and remove the journal and task files). Local processes; under mpirun
 * (with more than one rank) and with o->mpi, MPI. On failure the journal
 * stays for --resume and err says which task failed and why (its error
 * output). */
OG_MUST_CHECK enum og_status og_sweep_execute(const struct og_sweep *sw,
                                              const struct og_sweep_exec_opts *o,
                                              struct og_sweep_outcome *outcome,
                                              struct og_error *err);

/* Run every task of sw with local processes into res: no journal, no
 * results file (task files go to o->out's work folder, removed after). */
OG_MUST_CHECK enum og_status og_sweep_collect(const struct og_sweep *sw,
                                              const struct og_sweep_exec_opts *o,
                                              struct og_sweep_results *res,
                                              struct og_error *err);

/* Whether this process was started by mpirun with more than one rank. */
int og_sweep_under_mpi(void);

/* ---- shared by the engines (sweep_exec.c, sweep_journal.c, sweep_mpi.c) */

struct og__journal;

/* Lock OUT's work folder OUT.work (created when missing) for this process:
 * a second sweep on the same output is refused (OG_EINVAL, err names the
 * holder's pid) while the first holds it. *fd is the lock, released by
 * og__sweep_unlock (or at exit). */
OG_MUST_CHECK enum og_status og__sweep_lock(const char *out, int *fd, struct og_error *err);
void og__sweep_unlock(int fd);

/* Open OUT.journal: with resume, load the tasks it holds into res (a
 * journal of another sweep or shard is refused) and append after them;
 * without, start a new one. */
OG_MUST_CHECK enum og_status og__journal_open(const char *out, const struct og_sweep *sw,
                                              struct og_sweep_shard shard, int resume,
                                              struct og_sweep_results *res,
                                              struct og__journal **j, struct og_error *err);
/* Record a finished task durably (written and synced before it returns). */
OG_MUST_CHECK enum og_status og__journal_add(struct og__journal *j, size_t task,
                                             const struct og_scalar *s, size_t n,
                                             struct og_error *err);
/* Close; remove the file when `remove`. Accepts NULL. */
void og__journal_close(struct og__journal *j, int remove);

/* One task process. */
struct og__task_proc {
  int pid;               /* 0: slot free */
  size_t task;
};

/* Start task `task` as a child process writing OUT.work/ID-tTASK.h5 (ID:
 * the sweep's id): a fork running o->run_task, or exec'ing o->exe. */
OG_MUST_CHECK enum og_status og__task_start(const struct og_sweep *sw,
                                            const struct og_sweep_exec_opts *o, size_t task,
                                            struct og__task_proc *p, struct og_error *err);
/* The child of p ended with wait status `status`: read its summary (owned by
 * the caller, og_results_summary_free) and remove its files; on failure err
 * holds its error output. */
OG_MUST_CHECK enum og_status og__task_collect(const struct og_sweep *sw,
                                              const struct og_sweep_exec_opts *o,
                                              const struct og__task_proc *p, int status,
                                              struct og_results_summary **sum,
                                              struct og_error *err);
/* Whether task belongs to the shard. */
static inline int og__in_shard(struct og_sweep_shard s, size_t task)
{
  return task % s.count == s.index;
}

/* An MPI engine. SimGrid's library exports MPI symbols of its own (SMPI),
 * so the engine lives in a separate binary, ogsim-mpi, that links OpenMPI
 * and not SimGrid (sweep_mpi.c); `ogsim sweep` started by mpirun hands over
 * to it. begin initialises MPI and gives this process's rank and the
 * number of ranks; end finalises. run: rank 0 hands out the shard's tasks
 * not done in res, one at a time, to every rank (itself included) and
 * records each result in res and the journal; other ranks run what they
 * are given. Rank 0 with res NULL only tells the others to stop. */
struct og_sweep_mpi {
  enum og_status (*begin)(int *rank, int *size, struct og_error *err);
  void (*end)(void);
  enum og_status (*run)(const struct og_sweep *sw, const struct og_sweep_exec_opts *o,
                        struct og_sweep_results *res, struct og__journal *j,
                        struct og_sweep_outcome *outcome, struct og_error *err);
};
extern const struct og_sweep_mpi og_sweep_openmpi;

#endif
