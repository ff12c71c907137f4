/* A sweep's results in memory: each finished task's /summary scalars, and
 * the statistics over a point's replicates. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "sweep.h"

enum og_status og_sweep_results_new(size_t n_tasks, struct og_sweep_results **out)
{
  struct og_sweep_results *r = calloc(1, sizeof *r);
  *out = NULL;
  if (!r)
    goto fail;
  r->n_tasks = n_tasks;
  r->done = calloc(n_tasks ? n_tasks : 1, 1);
  if (!r->done)
    goto fail;
  *out = r;
  return OG_OK;
fail:
  og_sweep_results_free(r);
  return OG_ENOMEM;
}

static void free_strings(char **v, size_t n)
{
  for (size_t i = 0; v && i < n; i++)
    free(v[i]);
  free(v);
}

void og_sweep_results_free(struct og_sweep_results *r)
{
  if (!r)
    return;
  free_strings(r->names, r->n_metrics);
  free_strings(r->units, r->n_metrics);
  free_strings(r->descs, r->n_metrics);
  free(r->values);
  free(r->done);
  free(r);
}

static char *dup_or_empty(const char *s)
{
  return strdup(s ? s : "");
}

/* Fix the metric list from the first task's scalars. On failure r is as
 * it was. */
static enum og_status set_metrics(struct og_sweep_results *r, const struct og_scalar *s, size_t n,
                                  struct og_error *err)
{
  size_t rows = r->n_tasks ? r->n_tasks : 1, cols = n ? n : 1;
  char **names = calloc(cols, sizeof *names), **units = calloc(cols, sizeof *units);
  char **descs = calloc(cols, sizeof *descs);
  double *values = rows <= SIZE_MAX / cols / sizeof *values ? malloc(rows * cols * sizeof *values)
                                                            : NULL;
  if (!names || !units || !descs || !values)
    goto fail;
  for (size_t i = 0; i < n; i++)
    if (!(names[i] = dup_or_empty(s[i].name)) || !(units[i] = dup_or_empty(s[i].unit)) ||
        !(descs[i] = dup_or_empty(s[i].desc)))
      goto fail;
  for (size_t i = 0; i < rows * cols; i++)
    values[i] = NAN;
  *r = (struct og_sweep_results){r->n_tasks, n, names, units, descs, values, r->done, r->n_done};
  return OG_OK;
fail:
  free_strings(names, n);
  free_strings(units, n);
  free_strings(descs, n);
  free(values);
  return og_error_set(err, OG_ENOMEM, "sweep results: out of memory");
}

/* The same names, in the same order, as the first task had. */
static enum og_status check_metrics(const struct og_sweep_results *r, size_t task,
                                    const struct og_scalar *s, size_t n, struct og_error *err)
{
  size_t i = 0;
  while (i < n && i < r->n_metrics && !strcmp(s[i].name ? s[i].name : "", r->names[i]))
    i++;
  if (i == n && i == r->n_metrics)
    return OG_OK;
  return og_error_set(err, OG_EINVAL,
                      "sweep results: task %zu has metric #%zu '%s' where earlier tasks had '%s' "
                      "(%zu metrics, earlier %zu)",
                      task, i, i < n && s[i].name ? s[i].name : "(none)",
                      i < r->n_metrics ? r->names[i] : "(none)", n, r->n_metrics);
}

enum og_status og_sweep_results_put(struct og_sweep_results *r, size_t task,
                                    const struct og_scalar *s, size_t n, struct og_error *err)
{
  enum og_status st;
  if (!r || (n > 0 && !s))
    return og_error_set(err, OG_EINVAL, "sweep results: no %s given", r ? "scalars" : "results");
  if (task >= r->n_tasks)
    return og_error_set(err, OG_EINVAL, "sweep results: task %zu out of range (%zu tasks)", task,
                        r->n_tasks);
  st = r->names ? check_metrics(r, task, s, n, err) : set_metrics(r, s, n, err);
  if (st)
    return st;
  for (size_t i = 0; i < n; i++)
    memcpy(&r->values[task * r->n_metrics + i], &s[i].value, sizeof s[i].value);
  if (!r->done[task])
    r->n_done++;
  r->done[task] = 1;
  return OG_OK;
}

/* The 95% interval's half-width is t_{0.975, n-1} s / sqrt(n) (Student's t
 * interval for the mean of a normal sample). */
void og_sweep_stats(const double *x, size_t n, size_t stride, double *mean, double *sd,
                    double *ci95, size_t *count)
{
  size_t k = 0;
  double m = 0, m2 = 0;
  for (size_t i = 0; i < n; i++) { /* Welford (Knuth, TAOCP vol. 2, 4.2.2) */
    double v = x[i * stride], d;
    if (isnan(v))
      continue;
    k++;
    d = v - m;
    m += d / (double)k;
    m2 += d * (v - m);
  }
  *count = k;
  *mean = k ? m : NAN;
  *sd = k >= 2 ? sqrt(m2 / (double)(k - 1)) : NAN;
  *ci95 = NAN;
  if (k >= 2) {
    double t = gsl_cdf_tdist_Pinv(0.975, (double)(k - 1));
    if (isfinite(t))
      *ci95 = t * *sd / sqrt((double)k);
  }
}
