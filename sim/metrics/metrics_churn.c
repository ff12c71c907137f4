/* Nodes online over time (churn: joins and leaves, docs/churn.md; node
 * failures and repairs by time-series bin) and the provisioned cost: every
 * online second of a node at its class's price, busy or idle. The time series gets the mean number of each class's
 * nodes online per bin in O(1) per event: a bin's node-seconds are the
 * nodes online at its start x its width, plus, for each join (leave) in
 * it, +(-) the time from the event to the bin's end. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_internal.h"

/* Bins [0, need) exist (zeroed); -1 (and m->oom) when out of memory. */
static int room(struct og_metrics *m, size_t need)
{
  struct og_metrics_churn *ch = &m->ch;
  size_t nc = m->sc->n_classes;
  void **arr[] = {(void **)&ch->delta, (void **)&ch->part, (void **)&ch->bin_joins,
                  (void **)&ch->bin_leaves};
  size_t width[] = {8 * nc, 8 * nc, 8, 8};
  return og__metrics_bins_grow(m, &ch->n_bins, need, arr, width, sizeof arr / sizeof arr[0]);
}

void og_metrics_churn_start(struct og_metrics *m, uint32_t cls, size_t online)
{
  struct og_metrics_churn *ch = &m->ch;
  if (!ch->start && !(ch->start = calloc(m->sc->n_classes, sizeof *ch->start))) {
    m->oom = 1;
    return;
  }
  ch->on = 1;
  ch->start[cls] = (double)online;
}

void og_metrics_churn(struct og_metrics *m, uint32_t cls, double t, int delta)
{
  struct og_metrics_churn *ch = &m->ch;
  size_t nc = m->sc->n_classes;
  double x = t > 0 ? floor(t / m->dt) : 0;
  if (delta > 0)
    ch->joins++;
  else
    ch->leaves++;
  if (!(x < m->bins_max)) {
    m->oom = 1;
    return;
  }
  size_t b = (size_t)x;
  if (room(m, b + 1) != 0)
    return;
  ch->delta[b * nc + cls] += delta;
  ch->part[b * nc + cls] += delta * ((double)(b + 1) * m->dt - t);
  if (delta > 0)
    ch->bin_joins[b]++;
  else
    ch->bin_leaves[b]++;
}

/* The bin of real time t, bins [0, bin] of the failure counts made to
 * exist; SIZE_MAX (and m->oom) when out of memory. */
static size_t fail_bin(struct og_metrics *m, double t)
{
  struct og_metrics_churn *ch = &m->ch;
  double x = t > 0 ? floor(t / m->dt) : 0;
  if (!(x < (double)(SIZE_MAX / 64))) {
    m->oom = 1;
    return SIZE_MAX;
  }
  void **arr[] = {(void **)&ch->bin_failures, (void **)&ch->bin_recoveries};
  size_t width[] = {8, 8};
  size_t b = (size_t)x;
  if (og__metrics_bins_grow(m, &ch->n_fail_bins, b + 1, arr, width, 2) != 0)
    return SIZE_MAX;
  return b;
}

void og_metrics_node_down(struct og_metrics *m, double t, int down)
{
  size_t b = fail_bin(m, t);
  if (b == SIZE_MAX)
    return;
  if (down)
    m->ch.bin_failures[b]++;
  else
    m->ch.bin_recoveries[b]++;
}

void og_metrics_churn_refused(struct og_metrics *m, uint32_t cls)
{
  (void)cls;
  m->ch.refused++;
}

void og__metrics_churn_free(struct og_metrics *m)
{
  free(m->ch.start);
  free(m->ch.delta);
  free(m->ch.part);
  free(m->ch.bin_joins);
  free(m->ch.bin_leaves);
  free(m->ch.bin_failures);
  free(m->ch.bin_recoveries);
}

double *og__metrics_class_online(struct og_metrics *m, const struct og_node_stats *ns)
{
  const struct og_scenario *sc = m->sc;
  double window = m->t1 - m->t0;
  double *online = og__metrics_own(m, sc->n_classes * sizeof *online);
  if (!online)
    return NULL;
  for (size_t c = 0; c < sc->n_classes; c++)
    online[c] = sc->classes[c].churn.on ? 0 : (double)sc->classes[c].count * window;
  for (size_t i = 0; m->ch.on && i < m->n_nodes; i++)
    if (sc->classes[m->node_class[i]].churn.on)
      online[m->node_class[i]] += ns[i].online_window;
  return online;
}

void og__metrics_churn_summary(struct og_metrics *m, const struct og_node_stats *ns,
                               double extra)
{
  const struct og_scenario *sc = m->sc;
  size_t nc = sc->n_classes;
  double window = m->t1 - m->t0, total = 0;
  double *cost = og__metrics_own(m, 3 * nc * sizeof *cost), *online = cost + nc,
         *served = cost + 2 * nc;
  if (!cost)
    return;
  for (size_t i = 0; i < m->n_nodes; i++) {
    uint32_t c = m->node_class[i];
    cost[c] += sc->classes[c].cost_per_s * ns[i].online;
    online[c] += ns[i].online_window;
    served[c] += (double)ns[i].served;
  }
  for (size_t c = 0; c < nc; c++) {
    total += cost[c];
    og__metrics_set_class(m, OG_SUM_COST_PROVISIONED_CLASS, c, cost[c]);
    og__metrics_set_class(m, OG_SUM_COST_PROVISIONED_PER_1000_CLASS, c,
                          served[c] > 0 ? 1000 * cost[c] / served[c] : NAN);
    if (m->ch.on)
      og__metrics_set_class(m, OG_SUM_NODES_ONLINE_MEAN_CLASS, c, online[c] / window);
  }
  og__metrics_set(m, OG_SUM_COST_PROVISIONED, total);
  og__metrics_set(m, OG_SUM_COST_PROVISIONED_PER_1000_REQUESTS,
                  m->completed ? 1000 * (total + extra) / (double)m->completed : NAN);
  if (!m->ch.on)
    return;
  og__metrics_set(m, OG_SUM_JOINS, (double)m->ch.joins);
  og__metrics_set(m, OG_SUM_LEAVES, (double)m->ch.leaves);
  og__metrics_set(m, OG_SUM_JOINS_REFUSED, (double)m->ch.refused);
}

/* failures and recoveries, once a class can fail (mtbf > 0). */
static enum og_status fail_columns(struct og_metrics *m, struct og_table_builder *b, size_t nb)
{
  const struct og_scenario *sc = m->sc;
  const struct og_metrics_churn *ch = &m->ch;
  int fails = 0;
  for (size_t c = 0; c < sc->n_classes; c++)
    fails |= sc->classes[c].mtbf > 0;
  if (!fails)
    return OG_OK;
  int64_t *down = og__metrics_col(b, "failures", "", "node failures (mtbf) in the bin",
                                  OG_COL_I64);
  int64_t *up = og__metrics_col(b, "recoveries", "",
                                "failed nodes repaired (back up) in the bin", OG_COL_I64);
  if (!down || !up)
    return OG_ENOMEM;
  for (size_t i = 0; i < nb; i++) {
    down[i] = i < ch->n_fail_bins ? (int64_t)ch->bin_failures[i] : 0;
    up[i] = i < ch->n_fail_bins ? (int64_t)ch->bin_recoveries[i] : 0;
  }
  return OG_OK;
}

/* online_<class> (mean nodes online in the bin), joins, leaves. */
static enum og_status churn_columns(struct og_metrics *m, struct og_table_builder *b, size_t nb)
{
  const struct og_scenario *sc = m->sc;
  const struct og_metrics_churn *ch = &m->ch;
  size_t nc = sc->n_classes;
  if (!ch->on)
    return OG_OK;
  int64_t *joins = og__metrics_col(b, "joins", "", "nodes that joined in the bin", OG_COL_I64);
  int64_t *leaves = og__metrics_col(b, "leaves", "", "nodes that left in the bin", OG_COL_I64);
  if (!joins || !leaves)
    return OG_ENOMEM;
  for (size_t i = 0; i < nb; i++) {
    joins[i] = i < ch->n_bins ? (int64_t)ch->bin_joins[i] : 0;
    leaves[i] = i < ch->n_bins ? (int64_t)ch->bin_leaves[i] : 0;
  }
  for (size_t c = 0; c < nc; c++) {
    size_t len = strlen(sc->classes[c].name) + 8;
    char *name = og__metrics_own(m, len);
    double *on = og__metrics_col(b, name, "",
        "mean nodes of the class online in the bin (online_<class>)", OG_COL_F64);
    if (!name || !on)
      return OG_ENOMEM;
    snprintf(name, len, "online_%s", sc->classes[c].name);
    double now = sc->classes[c].churn.on ? ch->start[c] : (double)sc->classes[c].count;
    for (size_t i = 0; i < nb; i++) {
      double d = i < ch->n_bins ? ch->delta[i * nc + c] : 0;
      double part = i < ch->n_bins ? ch->part[i * nc + c] : 0;
      on[i] = now + part / m->dt;
      now += d;
    }
  }
  return OG_OK;
}

enum og_status og__metrics_churn_columns(struct og_metrics *m, struct og_table_builder *b,
                                         size_t nb)
{
  enum og_status st = churn_columns(m, b, nb);
  return st != OG_OK ? st : fail_columns(m, b, nb);
}
