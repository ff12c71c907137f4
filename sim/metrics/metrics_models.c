/* Per-model counts, throughput and end-to-end latency: the /models table
 * and the throughput_<model>, latency_p99_<model> summary entries. Latency
 * is defined as the overall latency_* entries (requests issued in the
 * window, issue to response), exact or sketched as they are. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "metrics_internal.h"

enum og_status og__metrics_models_new(struct og_metrics *m)
{
  struct og_metrics_mod *d = &m->mod;
  size_t nm = m->sc->n_models ? m->sc->n_models : 1;
  d->issued = calloc(nm, sizeof *d->issued);
  d->done = calloc(nm, sizeof *d->done);
  d->failed = calloc(nm, sizeof *d->failed);
  d->timeouts = calloc(nm, sizeof *d->timeouts);
  return d->issued && d->done && d->failed && d->timeouts ? OG_OK : OG_ENOMEM;
}

void og__metrics_models_free(struct og_metrics *m)
{
  struct og_metrics_mod *d = &m->mod;
  og__sketch_set_free(&d->sk, &d->sk_sum, m->sc->n_models);
  free(d->issued);
  free(d->done);
  free(d->failed);
  free(d->timeouts);
  free(d->of);
  memset(d, 0, sizeof *d);
}

/* Whether per-model samples are kept: with one model its figures are the
 * overall ones. */
static int split(const struct og_metrics *m)
{
  return m->sc->n_models > 1;
}

enum og_status og__metrics_models_keep(struct og_metrics *m, uint32_t model)
{
  struct og_metrics_mod *d = &m->mod;
  if (model >= m->sc->n_models)
    return OG_EINVAL;
  if (!split(m))
    return OG_OK;
  if (og_grow((void **)&d->of, &d->cap_of, m->lat.n, sizeof *d->of, 4096))
    return OG_ENOMEM;
  d->of[m->lat.n - 1] = model;
  return OG_OK;
}

enum og_status og__metrics_models_sketch_add(struct og_metrics *m, uint32_t model, double lat)
{
  struct og_metrics_mod *d = &m->mod;
  size_t nm = m->sc->n_models;
  if (model >= nm)
    return OG_EINVAL;
  if (!split(m))
    return OG_OK;
  return og__sketch_set_add(&d->sk, &d->sk_sum, nm, model, lat);
}

static int issued_in_window(const struct og_metrics *m, size_t i)
{
  double t = m->lat_issue.v[i];
  return t >= m->t0 && t < m->t1;
}

/* The kept samples issued in the window, in order of completion (as a run
 * in sketch mode from the start adds them). */
enum og_status og__metrics_models_sketch_start(struct og_metrics *m)
{
  struct og_metrics_mod *d = &m->mod;
  for (size_t i = 0; d->of && i < m->lat.n; i++) {
    if (!issued_in_window(m, i))
      continue;
    enum og_status st = og__metrics_models_sketch_add(m, d->of[i], m->lat.v[i]);
    if (st != OG_OK)
      return st;
  }
  free(d->of);
  d->of = NULL;
  d->cap_of = 0;
  return OG_OK;
}

/* Mean and percentiles of v[0..n) (reordered: selection, not a sort). */
static struct og_mod_q stats_of(double *v, size_t n)
{
  static const double qs[3] = {0.50, 0.95, 0.99};
  double s = 0, p[3];
  for (size_t i = 0; i < n; i++)
    s += v[i];
  og_percentiles_select(v, n, qs, 3, p);
  return (struct og_mod_q){n ? s / (double)n : NAN, p[0], p[1], p[2]};
}

/* Exact: the window's samples grouped by model with one counting sort,
 * each group's percentiles by selection. */
static enum og_status exact_q(struct og_metrics *m)
{
  const struct og_metrics_mod *d = &m->mod;
  size_t nm = m->sc->n_models, n = m->lat.n;
  size_t *start = calloc(nm + 1, sizeof *start), *fill = malloc(nm * sizeof *fill);
  double *buf = malloc((n ? n : 1) * sizeof *buf);
  enum og_status st = start && fill && buf ? OG_OK : OG_ENOMEM;
  for (size_t i = 0; st == OG_OK && i < n; i++)
    if (issued_in_window(m, i))
      start[d->of[i] + 1]++;
  for (size_t j = 0; st == OG_OK && j < nm; j++)
    start[j + 1] += start[j];
  if (st == OG_OK)
    memcpy(fill, start, nm * sizeof *fill);
  for (size_t i = 0; st == OG_OK && i < n; i++)
    if (issued_in_window(m, i))
      buf[fill[d->of[i]]++] = m->lat.v[i];
  for (size_t j = 0; st == OG_OK && j < nm; j++)
    d->q[j] = stats_of(buf + start[j], start[j + 1] - start[j]);
  free(start);
  free(fill);
  free(buf);
  return st;
}

static void sketch_q(struct og_metrics *m)
{
  const struct og_metrics_mod *d = &m->mod;
  for (size_t j = 0; j < m->sc->n_models; j++) {
    const struct og_sketch *s = d->sk ? &d->sk[j] : NULL;
    d->q[j] = s && s->n ? (struct og_mod_q){d->sk_sum[j] / (double)s->n,
                                            og_sketch_quantile(s, 0.50),
                                            og_sketch_quantile(s, 0.95),
                                            og_sketch_quantile(s, 0.99)}
                        : (struct og_mod_q){NAN, NAN, NAN, NAN};
  }
}

/* m->mod.q, then the per-model entries when there are several models. */
void og__metrics_models_summary(struct og_metrics *m)
{
  struct og_metrics_mod *d = &m->mod;
  size_t nm = m->sc->n_models;
  double window = m->t1 - m->t0;
  d->q = og__metrics_own(m, (nm ? nm : 1) * sizeof *d->q);
  if (!d->q)
    return;
  if (!split(m)) {
    for (size_t j = 0; j < nm; j++)
      d->q[j] = (struct og_mod_q){m->sum[OG_SUM_LATENCY_MEAN], m->sum[OG_SUM_LATENCY_P50],
                                  m->sum[OG_SUM_LATENCY_P95], m->sum[OG_SUM_LATENCY_P99]};
    return;
  }
  if (m->sketch)
    sketch_q(m);
  else if (exact_q(m) != OG_OK) {
    m->oom = 1;
    return;
  }
  for (size_t j = 0; j < nm; j++) {
    og__metrics_set_class(m, OG_SUM_THROUGHPUT_MODEL, j, (double)d->done[j] / window);
    og__metrics_set_class(m, OG_SUM_LATENCY_P99_MODEL, j, d->q[j].p99);
  }
}

/* /models: one row per model of the scenario. */
enum og_status og__metrics_models_table(struct og_metrics *m)
{
  const struct og_scenario *sc = m->sc;
  const struct og_metrics_mod *d = &m->mod;
  size_t nm = sc->n_models;
  double window = m->t1 - m->t0;
  struct og_table_builder b = og__metrics_table(m, "models", nm, 1);
  const char **name = og__metrics_col(&b, "name", "", "model", OG_COL_STR);
  int64_t *issued = og__metrics_col(&b, "issued", "", "requests for the model issued", OG_COL_I64);
  int64_t *done = og__metrics_col(&b, "completed", "",
                                  "of them, answered before their deadline", OG_COL_I64);
  int64_t *failed = og__metrics_col(&b, "failed", "",
                                    "of them, given up after max_retries timeouts", OG_COL_I64);
  int64_t *tmo = og__metrics_col(&b, "timeouts", "",
                                 "attempts for the model that timed out", OG_COL_I64);
  double *thr = og__metrics_col(&b, "throughput", "1/s",
                                "responses delivered per second in the window", OG_COL_F64);
  double *mean = og__metrics_col(&b, "latency_mean", "s",
                                 "mean latency, issue to response", OG_COL_F64);
  double *p50 = og__metrics_col(&b, "latency_p50", "s", "median latency", OG_COL_F64);
  double *p95 = og__metrics_col(&b, "latency_p95", "s", "95th percentile latency", OG_COL_F64);
  double *p99 = og__metrics_col(&b, "latency_p99", "s", "99th percentile latency", OG_COL_F64);
  if (b.oom || !d->q)
    return OG_ENOMEM;
  for (size_t j = 0; j < nm; j++) {
    name[j] = sc->models[j].name;
    issued[j] = (int64_t)d->issued[j];
    done[j] = (int64_t)d->done[j];
    failed[j] = (int64_t)d->failed[j];
    tmo[j] = (int64_t)d->timeouts[j];
    thr[j] = (double)d->done[j] / window;
    mean[j] = d->q[j].mean;
    p50[j] = d->q[j].p50;
    p95[j] = d->q[j].p95;
    p99[j] = d->q[j].p99;
  }
  return OG_OK;
}
