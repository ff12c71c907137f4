/* Sweeps: a base scenario run over a grid of parameter values with
 * replications. A sweep file names the base scenario, overrides applied to
 * every point, axes (lists, linear or log ranges; zipped axes advance
 * together) and the number of replications. Each (point, replicate) is a
 * task, index task = point * replications + replicate, run as one `ogsim
 * run` process; results are collected per task and written as /points and
 * /stats. Knows nothing of SimGrid. */
#ifndef OG_SWEEP_H
#define OG_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "results_io.h"
#include "status.h"

/* One axis: a scenario path and the values it takes. Axes of one zip group
 * share a grid dimension (and have as many values). */
struct og_sweep_axis {
  char *path;        /* as --set takes it: "verification.rate", "models[chat].fee" */
  char **values;     /* each value as --set takes it ("0.05", "5000/s", "zkml") */
  double *numbers;   /* each value as a number, or NULL when some value is not one */
  size_t n_values;
  size_t dim;        /* grid dimension: axes in file order, a zip group counting once */
  char *unit;        /* a range's `unit:` as written ("/s", "ms"), the unit of numbers;
                        NULL when it has none */
};

/* What a journal records of its sweep, so that --resume can say what
 * changed: FNV-1a hashes of the sweep file's text, the base scenario's text
 * and the sets (file's and --set), and the seed. */
struct og_sweep_ident {
  uint64_t text, base, sets, seed;
};

struct og_sweep {
  char *path;        /* sweep file */
  char *text;        /* its whole text */
  char *name;        /* `name:`, else the file's base name without extension */
  char *base;        /* base scenario file, resolved against the sweep file's folder */
  char **sets;       /* "path=value": the file's `set:` entries, then the command
                        line's --set, in that order */
  size_t n_sets;
  struct og_sweep_axis *axes;
  size_t n_axes;
  size_t *dim_len;   /* values along each grid dimension; the first varies slowest */
  size_t n_dims;
  size_t n_points;   /* product of dim_len (1 when there are no axes) */
  size_t replications; /* >= 1 */
  int crn;           /* common random numbers: replicate r has the same seed at every point */
  uint64_t seed;     /* base seed: --seed, else the file's `seed:`, else the base scenario's */
  uint64_t id;       /* hash of all that decides the results (texts, sets, axes, seed,
                        replications, crn): tells a journal or shard of another sweep */
  struct og_sweep_ident ident;
};

/* Load and check a sweep file; `sets` (may be NULL/0) are command-line --set
 * overrides for every point, seed_override (may be NULL) replaces the seed.
 * Every point's scenario is loaded once to check it, so a bad value on any
 * axis is reported before anything runs. On success *out is owned by the
 * caller (og_sweep_free); on failure *out is NULL and err says
 * "file:line:col: key.path: message" (or names the point and the scenario
 * error). */
OG_MUST_CHECK enum og_status og_sweep_load(const char *path, const char *const *sets,
                                           size_t n_sets, const uint64_t *seed_override,
                                           struct og_sweep **out, struct og_error *err);
void og_sweep_free(struct og_sweep *sw);

static inline size_t og_sweep_n_tasks(const struct og_sweep *sw)
{
  return sw->n_points * sw->replications;
}

/* Index into axis a's values at point p. */
size_t og_sweep_value_index(const struct og_sweep *sw, size_t point, size_t axis);

/* Seed of (point, replicate): with crn, a function of (seed, replicate)
 * only; without, of (seed, point, replicate). */
uint64_t og_sweep_seed(const struct og_sweep *sw, size_t point, size_t rep);

/* Overrides of a point: sw->sets, then "path=value" for each axis. On
 * success *out holds *n strings, owned by the caller (og_sweep_strings_free). */
OG_MUST_CHECK enum og_status og_sweep_point_sets(const struct og_sweep *sw, size_t point,
                                                 char ***out, size_t *n);
void og_sweep_strings_free(char **v, size_t n);

/* ---- results (sweep_results.c) ----------------------------------------- */

/* What finished tasks produced: each task's /summary scalars. The first
 * task put fixes the metric names and units; a later task with other names
 * is refused (OG_EINVAL). */
struct og_sweep_results {
  size_t n_tasks;
  size_t n_metrics;
  char **names;          /* metric names, n_metrics */
  char **units;
  char **descs;
  double *values;        /* n_tasks x n_metrics, row per task */
  unsigned char *done;   /* per task */
  size_t n_done;
};

OG_MUST_CHECK enum og_status og_sweep_results_new(size_t n_tasks, struct og_sweep_results **out);
void og_sweep_results_free(struct og_sweep_results *r);
/* Record task's scalars (copied). Putting a task twice replaces it. */
OG_MUST_CHECK enum og_status og_sweep_results_put(struct og_sweep_results *r, size_t task,
                                                  const struct og_scalar *s, size_t n,
                                                  struct og_error *err);

/* Mean, standard deviation and the half-width of the 95% confidence
 * interval (Student t, n-1 degrees of freedom) of x[0..n) ignoring NaNs;
 * *count gets how many were not NaN. sd and ci are NaN below 2 values. */
void og_sweep_stats(const double *x, size_t n, size_t stride, double *mean, double *sd,
                    double *ci95, size_t *count);

/* Which part of the tasks a results file holds. */
struct og_sweep_shard {
  size_t index, count;   /* shard index of count (0 of 1: the whole sweep) */
};

/* Write the sweep's results file atomically (temporary name, then rename):
 * root attributes (provenance: sweep text, base scenario text, sets, seed,
 * crn, replications, id, shard), /points (one row per done task, in task
 * order: point, replicate, seed, one column per axis, one per metric),
 * /stats (one row per point with every replicate done: the axes, then per
 * metric NAME_mean, NAME_sd, NAME_ci95, and n) and /axes. `perf` scalars
 * (wall time, engine) go to /perf and may be NULL/0. A whole sweep must have
 * every task done; a shard holds the tasks it ran. */
OG_MUST_CHECK enum og_status og_sweep_write(const struct og_sweep *sw,
                                            const struct og_sweep_results *r,
                                            struct og_sweep_shard shard,
                                            const struct og_scalar *perf, size_t n_perf,
                                            const char *path, struct og_error *err);

/* Combine shard files of one sweep (same id) into the whole sweep's file.
 * Refused (OG_EINVAL, err says which) when files come from different
 * sweeps, overlap, or leave tasks missing. */
OG_MUST_CHECK enum og_status og_sweep_merge(const char *const *paths, size_t n,
                                            const char *out, struct og_error *err);

#endif
