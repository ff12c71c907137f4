/* Loading metrics (docs/loading.md): cold starts and their times, bytes of
 * weights moved per link class, requests that waited for a load; the
 * /loads table, one row per finished load. */
#include <math.h>
#include <stdlib.h>

#include "grow.h"
#include "metrics_internal.h"

enum og_status og_metrics_load(struct og_metrics *m, const struct og_load_record *rec)
{
  struct og_metrics_loads *l = &m->loads;
  if (og_grow((void **)&l->rec, &l->cap, l->n + 1, sizeof *l->rec, 64))
    return OG_ENOMEM;
  l->rec[l->n++] = *rec;
  return OG_OK;
}

void og_metrics_load_delay(struct og_metrics *m, double delay)
{
  if (og_dvec_push(&m->loads.delay, delay) != OG_OK)
    m->oom = 1;
}

void og_metrics_load_stopped(struct og_metrics *m)
{
  m->loads.stopped++;
}

void og__metrics_loads_free(struct og_metrics *m)
{
  free(m->loads.rec);
  og_dvec_fini(&m->loads.delay);
}

static double mean_of(const double *v, size_t n)
{
  double s = 0;
  for (size_t i = 0; i < n; i++)
    s += v[i];
  return n ? s / (double)n : NAN;
}

void og__metrics_loads_summary(struct og_metrics *m)
{
  const struct og_metrics_loads *l = &m->loads;
  if (!og_scenario_loads(m->sc))
    return;
  double *t = og__metrics_own(m, (l->n ? l->n : 1) * sizeof *t), in_region = 0, wan = 0;
  double *d = og__metrics_own(m, (l->delay.n ? l->delay.n : 1) * sizeof *d);
  if (!t || !d) {
    m->oom = 1;
    return;
  }
  for (size_t i = 0; i < l->n; i++) {
    t[i] = l->rec[i].t_ready - l->rec[i].t_start;
    *(l->rec[i].wan ? &wan : &in_region) += l->rec[i].bytes;
  }
  for (size_t i = 0; i < l->delay.n; i++)
    d[i] = l->delay.v[i];
  og__metrics_set(m, OG_SUM_COLD_STARTS, (double)l->n);
  og__metrics_set(m, OG_SUM_LOADS_STOPPED, (double)l->stopped);
  og__metrics_set(m, OG_SUM_LOAD_TIME_MEAN, mean_of(t, l->n));
  og_sort_doubles(t, l->n);
  og__metrics_set(m, OG_SUM_LOAD_TIME_P50, l->n ? og_percentile_sorted(t, l->n, 0.50) : NAN);
  og__metrics_set(m, OG_SUM_LOAD_TIME_P99, l->n ? og_percentile_sorted(t, l->n, 0.99) : NAN);
  og__metrics_set(m, OG_SUM_WEIGHT_BYTES_REGION, in_region);
  og__metrics_set(m, OG_SUM_WEIGHT_BYTES_WAN, wan);
  og__metrics_set(m, OG_SUM_REQUESTS_DELAYED_BY_LOADING, (double)l->delay.n);
  og__metrics_set(m, OG_SUM_LOAD_DELAY_MEAN, mean_of(d, l->delay.n));
  og_sort_doubles(d, l->delay.n);
  og__metrics_set(m, OG_SUM_LOAD_DELAY_P99,
                  l->delay.n ? og_percentile_sorted(d, l->delay.n, 0.99) : NAN);
}

/* /loads: node, model, storage tier, bytes, and the load's times (real
 * time, s): transfer start and end, model ready. */
enum og_status og__metrics_loads_table(struct og_metrics *m)
{
  const struct og_metrics_loads *l = &m->loads;
  const struct og_scenario *sc = m->sc;
  if (!og_scenario_loads(sc))
    return OG_OK;
  struct og_table_builder b = og__metrics_table(m, "loads", l->n, 0);
  uint32_t *node = og__metrics_col(&b, "node", "", "node that loaded the model", OG_COL_U32);
  const char **model = og__metrics_col(&b, "model", "", "model loaded", OG_COL_STR);
  const char **tier = og__metrics_col(&b, "storage_tier", "",
      "storage tier the weights came from (\"\": a peer)", OG_COL_STR);
  int64_t *peer = og__metrics_col(&b, "peer", "",
                                  "node the weights came from (-1: storage)", OG_COL_I64);
  double *bytes = og__metrics_col(&b, "bytes", "B", "bytes moved", OG_COL_F64);
  double *t0 = og__metrics_col(&b, "t_start", "s", "time the load began", OG_COL_F64);
  double *t1 = og__metrics_col(&b, "t_moved", "s", "time the bytes had arrived", OG_COL_F64);
  double *t2 = og__metrics_col(&b, "t_ready", "s", "time the model was ready to serve", OG_COL_F64);
  if (b.oom)
    return OG_ENOMEM;
  for (size_t i = 0; i < l->n; i++) {
    const struct og_load_record *r = &l->rec[i];
    node[i] = r->node;
    model[i] = sc->models[r->model].name;
    tier[i] = r->peer < 0 ? sc->storage[r->tier].name : "";
    peer[i] = r->peer;
    bytes[i] = r->bytes;
    t0[i] = r->t_start;
    t1[i] = r->t_moved;
    t2[i] = r->t_ready;
  }
  return OG_OK;
}
