/* Internal to sweep_write.c, sweep_file.c and sweep_merge.c: a sweep
 * results file in memory, filled from a run (og_sweep_write) or from shard
 * files (og_sweep_merge) and written by one writer, so that both give the
 * same file. */
#ifndef OG_SWEEP_FILE_H
#define OG_SWEEP_FILE_H

#include "sweep.h"

/* /points columns before the axis columns: task, point, replicate, seed. */
enum { OG__SWEEP_KEY_COLS = 4 };

/* What a sweep results file holds apart from /stats, /summary and /perf,
 * which the writer derives. Every pointer inside is owned by `owned`. */
struct og__sweep_file {
  struct og_attr *attrs;     /* root attributes, in file order */
  size_t n_attrs;
  struct og_column axes[4];  /* /axes: path, dim, n_values, values */
  size_t n_axes;             /* rows of /axes */
  struct og_column meta[3];  /* /metrics: name, unit, description */
  size_t n_metrics;          /* rows of /metrics */
  struct og_column *points;  /* /points: key columns, one per axis, one per metric */
  size_t n_rows;             /* rows of /points (tasks done), in task order */
  size_t n_points, replications, n_tasks;
  void **owned;
  size_t n_owned, cap_owned;
};

/* Zeroed memory of `size` bytes owned by f (freed by og__sweep_file_fini);
 * NULL when out of memory. */
void *og__sweep_own(struct og__sweep_file *f, size_t size);
/* A copy of s (NULL: "") owned by f. */
char *og__sweep_own_str(struct og__sweep_file *f, const char *s);
void og__sweep_file_fini(struct og__sweep_file *f);

/* Number of /points columns: the key columns, one per axis, one per metric. */
static inline size_t og__sweep_n_cols(const struct og__sweep_file *f)
{
  return OG__SWEEP_KEY_COLS + f->n_axes + f->n_metrics;
}

/* *out: f with copies (owned by s) of its /points, /axes and /metrics
 * columns that carry their descriptions (sweep_describe.c); out owns
 * nothing else. OG_ENOMEM when memory is short. */
OG_MUST_CHECK enum og_status og__sweep_describe(struct og__sweep_file *s,
                                                const struct og__sweep_file *f,
                                                struct og__sweep_file *out);
/* The description (owned by s, NULL when out of memory) of the /stats
 * column of a metric (name, description) for kind 0 (NAME_mean), 1
 * (NAME_sd) or 2 (NAME_ci95). */
const char *og__sweep_stat_desc(struct og__sweep_file *s, int kind, const char *metric,
                                const char *desc);

/* Write f (plus /stats over its complete points and /summary counts, `perf`
 * to /perf) to `path` atomically through og_results_write. */
OG_MUST_CHECK enum og_status og__sweep_file_write(const struct og__sweep_file *f,
                                                  const struct og_scalar *perf, size_t n_perf,
                                                  const char *path, struct og_error *err);

#endif
