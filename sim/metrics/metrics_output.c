/* The end of a run's metrics: summary scalars and the tables of the results
 * file, built from what metrics.c collected. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "metrics_internal.h"
#include "profit.h"
#include "protocol_kind.h"
#include "theory.h"

void og__metrics_outputs_free(struct og_metrics *m)
{
  for (size_t i = 0; i < m->n_owned; i++)
    free(m->owned[i]);
  for (size_t k = 0; k < m->n_tables; k++)
    free(m->cols[k].v);
  free(m->owned);
  free(m->cols);
  free(m->tables);
  free(m->summary);
  m->owned = NULL;
  m->cols = NULL;
  m->tables = NULL;
  m->summary = NULL;
  memset(m->sum_class, 0, sizeof m->sum_class);
  m->n_owned = m->cap_owned = m->n_tables = m->cap_tables = m->cap_cols = 0;
  m->n_summary = m->cap_summary = 0;
}

void *og__metrics_own(struct og_metrics *m, size_t bytes)
{
  void *p = NULL;
  if (!og_grow((void **)&m->owned, &m->cap_owned, m->n_owned + 1, sizeof *m->owned, 64))
    p = calloc(1, bytes ? bytes : 1);
  if (p)
    m->owned[m->n_owned++] = p;
  else
    m->oom = 1;
  return p;
}

/* prefix + name, owned by m's outputs; NULL when out of memory. */
static const char *own_str(struct og_metrics *m, const char *prefix, const char *name)
{
  size_t len = strlen(prefix) + strlen(name) + 1;
  char *s = og__metrics_own(m, len);
  if (s)
    snprintf(s, len, "%s%s", prefix, name);
  return s;
}

void og__metrics_set(struct og_metrics *m, enum og_sum_id id, double v)
{
  m->sum[id] = v;
  m->has[id] = 1;
}

void og__metrics_set_class(struct og_metrics *m, enum og_sum_id id, size_t c, double v)
{
  size_t n = og_summary_entry(id)->per_class == 2 ? m->sc->n_models : m->sc->n_classes;
  if (!m->sum_class[id])
    m->sum_class[id] = og__metrics_own(m, n * sizeof(double));
  if (m->sum_class[id])
    m->sum_class[id][c] = v;
  m->has[id] = 1;
}

static void put(struct og_metrics *m, const struct og_summary_entry *e, const char *name,
                double v)
{
  if (!name || og_grow((void **)&m->summary, &m->cap_summary, m->n_summary + 1,
                       sizeof *m->summary, 128)) {
    m->oom = 1;
    return;
  }
  m->summary[m->n_summary++] = (struct og_scalar){name, og__metrics_unit(m, e->unit), e->desc, v};
}

/* m->summary from the values set, in declaration order. */
static void summary_emit(struct og_metrics *m)
{
  const struct og_scenario *sc = m->sc;
  for (size_t id = 0; id < OG_N_SUM; id++) {
    const struct og_summary_entry *e = og_summary_entry(id);
    if (e->optional && !m->has[id])
      continue;
    if (!e->per_class) {
      put(m, e, e->name, m->sum[id]);
      continue;
    }
    size_t n = e->per_class == 2 ? sc->n_models : sc->n_classes;
    for (size_t c = 0; c < n; c++)
      put(m, e, own_str(m, e->name, e->per_class == 2 ? sc->models[c].name : sc->classes[c].name),
          m->sum_class[id] ? m->sum_class[id][c] : NAN);
  }
}

static double pct(const struct og_dvec *sorted, double q)
{
  return og_percentile_sorted(sorted->v, sorted->n, q);
}

/* Latency samples of requests issued in the window, sorted; NULL when out
 * of memory. */
static struct og_dvec window_sorted(struct og_metrics *m, const struct og_dvec *x)
{
  struct og_dvec d = {0};
  d.v = og__metrics_own(m, m->lat.n * sizeof(double));
  if (!d.v)
    return d;
  for (size_t i = 0; i < m->lat.n; i++)
    if (m->lat_issue.v[i] >= m->t0 && m->lat_issue.v[i] < m->t1)
      d.v[d.n++] = x->v[i];
  og_sort_doubles(d.v, d.n);
  return d;
}

static double mean(const struct og_dvec *d)
{
  double s = 0;
  for (size_t i = 0; i < d->n; i++)
    s += d->v[i];
  return d->n ? s / (double)d->n : NAN;
}

/* Over requests issued in the window. Percentiles are exact: every sample
 * sorted, then interpolated (Hyndman-Fan type 7); in sketch mode
 * og__metrics_sketch_summary stands in. */
static void summary_latency(struct og_metrics *m)
{
  if (m->sketch) {
    og__metrics_sketch_summary(m);
    return;
  }
  struct og_dvec lat = window_sorted(m, &m->lat);
  struct og_dvec qd = window_sorted(m, &m->qdelay);
  struct og_dvec sv = window_sorted(m, &m->service);
  og__metrics_set(m, OG_SUM_LATENCY_MEAN, mean(&lat));
  og__metrics_set(m, OG_SUM_LATENCY_P50, pct(&lat, 0.50));
  og__metrics_set(m, OG_SUM_LATENCY_P95, pct(&lat, 0.95));
  og__metrics_set(m, OG_SUM_LATENCY_P99, pct(&lat, 0.99));
  og__metrics_set(m, OG_SUM_LATENCY_MAX, lat.n ? lat.v[lat.n - 1] : NAN);
  og__metrics_set(m, OG_SUM_QUEUE_DELAY_MEAN, mean(&qd));
  og__metrics_set(m, OG_SUM_QUEUE_DELAY_P99, pct(&qd, 0.99));
  og__metrics_set(m, OG_SUM_LATENCY_QUANTILES_EXACT, 1);
  og__metrics_set(m, OG_SUM_LATENCY_QUANTILE_ERROR, 0);
  og__metrics_set(m, OG_SUM_SERVICE_MEAN, mean(&sv));
}

/* Per class, its passes' roofline seconds on compute alone and on memory
 * alone over its online node-seconds (as utilisation_). */
static void summary_roofline(struct og_metrics *m, const struct og_node_stats *ns,
                             const double *online)
{
  size_t nc = m->sc->n_classes;
  for (size_t c = 0; c < nc; c++) {
    og__metrics_set_class(m, OG_SUM_COMPUTE_UTILISATION_CLASS, c, online ? 0 : NAN);
    og__metrics_set_class(m, OG_SUM_MEMORY_BW_UTILISATION_CLASS, c, online ? 0 : NAN);
  }
  if (!online)
    return;
  double *cu = m->sum_class[OG_SUM_COMPUTE_UTILISATION_CLASS];
  double *mu = m->sum_class[OG_SUM_MEMORY_BW_UTILISATION_CLASS];
  if (!cu || !mu)
    return; /* out of memory: m->oom says so */
  for (size_t i = 0; i < m->n_nodes; i++) {
    cu[m->node_class[i]] += ns[i].busy_compute;
    mu[m->node_class[i]] += ns[i].busy_memory;
  }
  for (size_t c = 0; c < nc; c++) {
    cu[c] = online[c] > 0 ? cu[c] / online[c] : NAN;
    mu[c] = online[c] > 0 ? mu[c] / online[c] : NAN;
  }
}

static void summary_nodes(struct og_metrics *m, const struct og_node_stats *ns)
{
  const struct og_scenario *sc = m->sc;
  double window = m->t1 - m->t0, busy = 0, passes = 0, seqs = 0;
  uint64_t failures = 0, wasted = 0;
  for (size_t i = 0; i < m->n_nodes; i++) {
    passes += (double)(ns[i].passes + ns[i].iterations);
    seqs += ns[i].pass_seqs + ns[i].iter_seqs;
    failures += ns[i].failures;
    wasted += ns[i].wasted;
  }
  for (size_t c = 0; c < sc->n_classes; c++)
    busy += m->class_busy[c];
  og__metrics_set(m, OG_SUM_BATCH_SIZE_MEAN, passes > 0 ? seqs / passes : NAN);
  og__metrics_set(m, OG_SUM_REQUESTS_WASTED, (double)wasted);
  og__metrics_set(m, OG_SUM_NODE_FAILURES, (double)failures);
  const double *online = og__metrics_class_online(m, ns);
  double all = 0;
  for (size_t c = 0; online && c < sc->n_classes; c++)
    all += online[c];
  og__metrics_set(m, OG_SUM_UTILISATION, all > 0 ? busy / all : NAN);
  for (size_t c = 0; c < sc->n_classes; c++)
    og__metrics_set_class(m, OG_SUM_UTILISATION_CLASS, c,
                          online ? m->class_busy[c] / online[c] : NAN);
  summary_roofline(m, ns, online);
  /* a continuous node is busy whenever a sequence runs: whether it keeps up
   * is whether requests wait for room */
  int cont = 0;
  for (size_t c = 0; c < sc->n_classes; c++)
    cont |= sc->classes[c].serving == OG_SERVING_CONTINUOUS;
  for (size_t c = 0; cont && c < sc->n_classes; c++)
    og__metrics_set_class(m, OG_SUM_SATURATION_CLASS, c,
                          sc->classes[c].serving == OG_SERVING_CONTINUOUS ? 0 : NAN);
  double *sat = cont ? m->sum_class[OG_SUM_SATURATION_CLASS] : NULL; /* one pass over nodes */
  for (size_t i = 0; sat && i < m->n_nodes; i++)
    if (!isnan(sat[m->node_class[i]]))
      sat[m->node_class[i]] += ns[i].saturated;
  for (size_t c = 0; sat && c < sc->n_classes; c++)
    sat[c] /= (double)sc->classes[c].count * window;
}

/* Replicas per model (scenarios with hosts:) and memory held per class
 * (scenarios that give a class's memory), from og_metrics_hosting. */
static void summary_hosting(struct og_metrics *m)
{
  const struct og_scenario *sc = m->sc;
  int placed = 0, memory = 0;
  for (size_t c = 0; c < sc->n_classes; c++) {
    placed |= sc->classes[c].hosts_form != OG_HOSTS_DEFAULT;
    memory |= sc->classes[c].memory > 0;
  }
  for (size_t i = 0; placed && m->hosting && i < sc->n_models; i++) {
    uint64_t n = 0;
    for (size_t c = 0; c < sc->n_classes; c++)
      n += m->hosting[c * sc->n_models + i];
    og__metrics_set_class(m, OG_SUM_REPLICAS_MODEL, i, (double)n);
  }
  for (size_t c = 0; memory && m->mem_used && c < sc->n_classes; c++) {
    const struct og_node_class *k = &sc->classes[c];
    double room = (double)k->count * (double)k->gpus * k->memory;
    og__metrics_set_class(m, OG_SUM_MEMORY_UTILISATION_CLASS, c,
                          k->memory > 0 ? m->mem_used[c] / room : NAN);
  }
}

static void summary_counts(struct og_metrics *m, double sim_end, double hard_stop)
{
  double window = m->t1 - m->t0;
  og__metrics_set(m, OG_SUM_NODES, (double)m->n_nodes);
  og__metrics_set(m, OG_SUM_REQUESTS_ISSUED, (double)m->issued);
  og__metrics_set(m, OG_SUM_REQUESTS_COMPLETED, (double)m->completed);
  og__metrics_set(m, OG_SUM_REQUESTS_FAILED, (double)m->failed);
  og__metrics_set(m, OG_SUM_REQUESTS_UNFINISHED, (double)m->unfinished);
  og__metrics_set(m, OG_SUM_TIMEOUTS, (double)m->timeouts);
  og__metrics_set(m, OG_SUM_FAILOVERS, (double)m->failovers);
  og__metrics_set(m, OG_SUM_OFFERED_RATE, (double)m->issued_window / window);
  og__metrics_set(m, OG_SUM_THROUGHPUT, (double)m->completed_window / window);
  og__metrics_set(m, OG_SUM_SIM_TIME_END, sim_end);
  og__metrics_set(m, OG_SUM_SIM_TIME_HARD_STOP, hard_stop);
  double dmax = 0;
  for (size_t i = 0; i < m->n_outputs; i++)
    dmax = fmax(dmax, m->outputs[i].distance);
  og__metrics_set(m, OG_SUM_OUTPUTS_RUN, (double)m->n_outputs);
  og__metrics_set(m, OG_SUM_OUTPUT_DISTANCE_MAX, m->n_outputs ? dmax : NAN);
}

/* The ledger summed over nodes; profit and results per side (0 honest,
 * 1 dishonest). */
struct ledger_sums {
  double profit[2], results[2], compute, rewards, slashed, busy, busy_checks, check_cost;
  double busy_verify, verify_cost;
  double approved, false_fails, wrongly, slipped, forfeited;
};

static void ledger_sums(const struct og_metrics *m, const struct og_cheat_stats *cs,
                        const int *dishonest, struct ledger_sums *s)
{
  memset(s, 0, sizeof *s);
  for (size_t i = 0; i < m->n_nodes; i++) {
    double cost = og__metrics_node_cost(m, i, cs[i].busy_all);
    int d = dishonest[i] != 0;
    s->profit[d] += og_profit(cs[i].revenue, cs[i].rewards, cost, cs[i].slashed);
    s->results[d] += (double)cs[i].results;
    s->compute += cost;
    s->rewards += cs[i].rewards;
    s->slashed += cs[i].slashed;
    s->busy += cs[i].busy_all;
    s->busy_checks += cs[i].busy_checks;
    s->check_cost += og__metrics_node_cost(m, i, cs[i].busy_checks);
    s->busy_verify += cs[i].busy_verify;
    s->verify_cost += og__metrics_node_cost(m, i, cs[i].busy_verify);
    s->approved += (double)cs[i].approved_bad;
    s->false_fails += (double)cs[i].false_fails;
    s->wrongly += dishonest[i] ? 0 : (double)cs[i].invalidated;
    s->slipped += (double)cs[i].slipped;
    s->forfeited += cs[i].forfeited;
  }
}

void og_metrics_provers(struct og_metrics *m, double busy, double busy_window, double n,
                        double price)
{
  m->prover_busy = busy;
  m->prover_busy_window = busy_window;
  m->provers = n;
  m->prover_price = price;
}

/* What verification cost and got wrong. */
static void summary_verification(struct og_metrics *m, const struct ledger_sums *s)
{
  og__metrics_set(m, OG_SUM_FORFEITED, s->forfeited);
  og__metrics_set(m, OG_SUM_FALSE_FAILS, s->false_fails);
  og__metrics_set(m, OG_SUM_BAD_PASSED, s->slipped);
  og__metrics_set(m, OG_SUM_HONEST_INVALIDATIONS, s->wrongly);
  og__metrics_set(m, OG_SUM_VERIFICATION_LATENCY_MEAN,
                  m->completed ? m->verify_delay_sum / (double)m->completed : NAN);
  double all = s->busy + m->prover_busy;
  og__metrics_set(m, OG_SUM_VERIFICATION_OVERHEAD,
                  all > 0 ? (s->busy_checks + s->busy_verify + m->prover_busy) / all : NAN);
  og__metrics_set(m, OG_SUM_VERIFICATION_COST,
                  s->check_cost + s->verify_cost + m->prover_busy * m->prover_price);
  og__metrics_set(m, OG_SUM_COLLUSION_APPROVALS, s->approved);
  og__metrics_set(m, OG_SUM_BAD_RESULTS_ACCEPTED, (double)m->bad_accepted);
  og__metrics_set(m, OG_SUM_LATE_CHECKS, (double)m->late_checks);
  og__metrics_set(m, OG_SUM_DISPUTE_COST, m->dispute_cost);
  og__metrics_set(m, OG_SUM_REVALIDATIONS, (double)m->revotes);
  og__metrics_set(m, OG_SUM_REVALIDATIONS_OVERTURNED, (double)m->overturned);
}

/* The ledger: per node profit = fees kept + validator pay - operating cost
 * (class cost per second x busy time) - slashes; compared per delivered
 * result between honest and dishonest nodes. */
static void summary_economics(struct og_metrics *m, const struct ledger_sums *s)
{
  const struct og_scenario *sc = m->sc;
  double ph = s->results[0] ? s->profit[0] / s->results[0] : NAN;
  double pd = s->results[1] ? s->profit[1] / s->results[1] : NAN;
  og__metrics_set(m, OG_SUM_PROFIT_PER_RESULT_HONEST, ph);
  og__metrics_set(m, OG_SUM_PROFIT_PER_RESULT_DISHONEST, pd);
  og__metrics_set(m, OG_SUM_CHEATING_PAID, isnan(pd) || isnan(ph) ? NAN : pd > ph);
  og__metrics_set(m, OG_SUM_COMPUTE_COST, s->compute);
  og__metrics_set(m, OG_SUM_VALIDATOR_REWARDS, s->rewards);
  og__metrics_set(m, OG_SUM_SLASHED, s->slashed);
  og__metrics_set(m, OG_SUM_VERIFICATION_COMPUTE_COST, s->check_cost);
  const struct og_verification *v = &sc->verification;
  struct og_eq_theory th;
  og_eq_theory(sc, &th);
  og__metrics_set(m, OG_SUM_VERIFICATION_RATE,
                  og_protocol_kind(v->protocol)->traits & OG_PT_SAMPLES ? v->rate : NAN);
  og__metrics_set(m, OG_SUM_THRESHOLD_CLOSED_FORM, th.p_star);
  double settle_cost = (double)m->settle_txs * sc->economics.tx_cost;
  og__metrics_set(m, OG_SUM_SETTLEMENT_TXS, (double)m->settle_txs);
  og__metrics_set(m, OG_SUM_SETTLEMENT_COST, settle_cost);
  og__metrics_set(m, OG_SUM_SETTLEMENT_DELAY_MEAN,
                  m->settled ? m->settle_delay_sum / (double)m->settled : NAN);
  og__metrics_set(m, OG_SUM_COST_PER_1000_REQUESTS,
                  m->completed ? 1000 * (s->compute + s->rewards + m->dispute_cost + settle_cost) /
                                     (double)m->completed : NAN);
}

enum og_status og_metrics_finish(struct og_metrics *m, const struct og_node_stats *node_stats,
                                 const struct og_cheat_stats *cheat_stats, const int *dishonest,
                                 double sim_end, double hard_stop)
{
  og__metrics_outputs_free(m);
  for (size_t id = 0; id < OG_N_SUM; id++)
    m->sum[id] = NAN;
  memset(m->has, 0, sizeof m->has);
  struct ledger_sums ls;
  ledger_sums(m, cheat_stats, dishonest, &ls);
  summary_counts(m, sim_end, hard_stop);
  summary_latency(m);
  og__metrics_models_summary(m);
  summary_nodes(m, node_stats);
  og__metrics_load_warning(m);
  summary_hosting(m);
  og__metrics_iter_summary(m, node_stats);
  if (og__metrics_tok_quantiles(m) != OG_OK)
    m->oom = 1;
  else
    og__metrics_tok_summary(m, ls.compute);
  og__metrics_cheating(m, cheat_stats, dishonest);
  og__metrics_catch_km(m, cheat_stats, dishonest, sim_end);
  summary_verification(m, &ls);
  summary_economics(m, &ls);
  og__metrics_profit_gap(m, cheat_stats, dishonest);
  og__metrics_links_summary(m);
  og__metrics_loads_summary(m);
  og__metrics_demand_summary(m);
  og__metrics_churn_summary(m, node_stats,
                            ls.rewards + m->dispute_cost +
                                (double)m->settle_txs * m->sc->economics.tx_cost);
  summary_emit(m);
  og__metrics_links_label(m);
  enum og_status st = og__metrics_tables(m, node_stats, cheat_stats, dishonest);
  if (st == OG_OK)
    st = og__metrics_tok_tables(m, ls.compute);
  if (st == OG_OK)
    st = og__metrics_loads_table(m);
  if (st == OG_OK)
    st = og__metrics_links_tables(m);
  return st == OG_OK && m->oom ? OG_ENOMEM : st;
}

const struct og_scalar *og_metrics_summary(const struct og_metrics *m, size_t *n)
{
  *n = m->n_summary;
  return m->summary;
}

const struct og_table *og_metrics_tables(const struct og_metrics *m, size_t *n)
{
  *n = m->n_tables;
  return m->tables;
}
