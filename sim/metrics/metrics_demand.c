/* Demand placement's metrics (docs/hosting.md, "Demand placement"): every
 * change of a model's ready and loading replicas (the time series reads
 * them at each bin's end), requests that waited at the gateway for a first
 * replica (cold starts), evictions and drops, and the time the controller's
 * scale-ups took to reach their target. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "metrics_internal.h"

static int demand_on(struct og_metrics *m)
{
  struct og_metrics_demand *d = &m->demand;
  size_t nm = m->sc->n_models ? m->sc->n_models : 1;
  if (d->on)
    return 0;
  d->tt_sum = calloc(nm, sizeof *d->tt_sum);
  d->tt_n = calloc(nm, sizeof *d->tt_n);
  if (!d->tt_sum || !d->tt_n) {
    m->oom = 1;
    return -1;
  }
  d->on = 1;
  return 0;
}

void og_metrics_replicas(struct og_metrics *m, uint32_t model, double t, uint32_t ready,
                         uint32_t loading)
{
  struct og_metrics_demand *d = &m->demand;
  if (demand_on(m) ||
      og_grow((void **)&d->ch, &d->cap_ch, d->n_ch + 1, sizeof *d->ch, 64)) {
    m->oom = 1;
    return;
  }
  d->ch[d->n_ch++] = (struct og_replica_change){t, model, ready, loading};
}

void og_metrics_cold_start(struct og_metrics *m, double wait)
{
  if (demand_on(m) || og_dvec_push(&m->demand.cold_wait, wait) != OG_OK)
    m->oom = 1;
}

void og_metrics_eviction(struct og_metrics *m, int evicted)
{
  if (demand_on(m))
    return;
  if (evicted)
    m->demand.evictions++;
  else
    m->demand.dropped++;
}

void og_metrics_time_to_target(struct og_metrics *m, uint32_t model, double dt)
{
  if (demand_on(m))
    return;
  m->demand.tt_sum[model] += dt;
  m->demand.tt_n[model]++;
}

void og__metrics_demand_free(struct og_metrics *m)
{
  free(m->demand.ch);
  og_dvec_fini(&m->demand.cold_wait);
  free(m->demand.tt_sum);
  free(m->demand.tt_n);
}

void og__metrics_demand_summary(struct og_metrics *m)
{
  struct og_metrics_demand *d = &m->demand;
  if (m->sc->placement.policy != OG_PLACEMENT_DEMAND || demand_on(m))
    return;
  size_t n = d->cold_wait.n;
  double *w = og__metrics_own(m, (n ? n : 1) * sizeof *w), sum = 0;
  if (!w) {
    m->oom = 1;
    return;
  }
  for (size_t i = 0; i < n; i++)
    sum += (w[i] = d->cold_wait.v[i]);
  og_sort_doubles(w, n);
  og__metrics_set(m, OG_SUM_COLD_START_REQUESTS, (double)n);
  og__metrics_set(m, OG_SUM_COLD_START_WAIT_MEAN, n ? sum / (double)n : NAN);
  og__metrics_set(m, OG_SUM_COLD_START_WAIT_P99, n ? og_percentile_sorted(w, n, 0.99) : NAN);
  og__metrics_set(m, OG_SUM_EVICTIONS, (double)d->evictions);
  og__metrics_set(m, OG_SUM_REPLICAS_DROPPED, (double)d->dropped);
  for (size_t k = 0; k < m->sc->n_models; k++)
    og__metrics_set_class(m, OG_SUM_TIME_TO_TARGET_MODEL, k,
                          d->tt_n[k] ? d->tt_sum[k] / (double)d->tt_n[k] : NAN);
}

/* replicas_<model> and replicas_loading_<model>: the counts at each bin's
 * end (the last change at or before it; changes come in time order). */
static enum og_status model_columns(struct og_metrics *m, struct og_table_builder *b, size_t nb,
                                    uint32_t k)
{
  const struct og_metrics_demand *d = &m->demand;
  const char *mn = m->sc->models[k].name;
  size_t len = strlen(mn) + 24;
  char *rn = og__metrics_own(m, len), *ln = og__metrics_own(m, len);
  int64_t *ready = og__metrics_col(b, rn, "",
      "nodes with the model loaded at the bin's end (replicas_<model>)", OG_COL_I64);
  int64_t *loading = og__metrics_col(b, ln, "",
      "nodes loading the model at the bin's end (replicas_loading_<model>)", OG_COL_I64);
  if (!rn || !ln || !ready || !loading)
    return OG_ENOMEM;
  snprintf(rn, len, "replicas_%s", mn);
  snprintf(ln, len, "replicas_loading_%s", mn);
  uint32_t r = 0, l = 0;
  size_t j = 0;
  for (size_t i = 0; i < nb; i++) {
    double end = (double)(i + 1) * m->dt;
    for (; j < d->n_ch && d->ch[j].t <= end; j++)
      if (d->ch[j].model == k) {
        r = d->ch[j].ready;
        l = d->ch[j].loading;
      }
    ready[i] = r;
    loading[i] = l;
  }
  return OG_OK;
}

enum og_status og__metrics_demand_columns(struct og_metrics *m, struct og_table_builder *b,
                                          size_t nb)
{
  if (m->sc->placement.policy != OG_PLACEMENT_DEMAND)
    return OG_OK;
  for (uint32_t k = 0; k < m->sc->n_models; k++) {
    enum og_status st = model_columns(m, b, nb, k);
    if (st != OG_OK)
      return st;
  }
  return OG_OK;
}
