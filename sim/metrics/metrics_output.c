/* The end of a run's metrics: summary scalars and the tables of the results
 * file, built from what metrics.c collected. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "metrics_internal.h"
#include "profit.h"
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

static const char *own_str(struct og_metrics *m, const char *fmt, const char *arg)
{
  size_t len = strlen(fmt) + strlen(arg) + 1;
  char *s = og__metrics_own(m, len);
  if (s)
    snprintf(s, len, fmt, arg);
  return s;
}

void og__metrics_put(struct og_metrics *m, const char *name, const char *unit, const char *desc,
                     double v)
{
  if (!name || og_grow((void **)&m->summary, &m->cap_summary, m->n_summary + 1,
                       sizeof *m->summary, 128)) {
    m->oom = 1;
    return;
  }
  m->summary[m->n_summary++] = (struct og_scalar){name, unit, desc, v};
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
 * sorted, then interpolated (Hyndman-Fan type 7). */
static void summary_latency(struct og_metrics *m)
{
  struct og_dvec lat = window_sorted(m, &m->lat);
  struct og_dvec qd = window_sorted(m, &m->qdelay);
  struct og_dvec sv = window_sorted(m, &m->service);
  og__metrics_put(m, "latency_mean", "s", "mean latency, issue to response", mean(&lat));
  og__metrics_put(m, "latency_p50", "s", "median latency (exact)", pct(&lat, 0.50));
  og__metrics_put(m, "latency_p95", "s", "95th percentile latency (exact)", pct(&lat, 0.95));
  og__metrics_put(m, "latency_p99", "s", "99th percentile latency (exact)", pct(&lat, 0.99));
  og__metrics_put(m, "latency_max", "s", "largest latency", lat.n ? lat.v[lat.n - 1] : NAN);
  og__metrics_put(m, "queue_delay_mean", "s", "mean wait in a node's queue before the batch starts",
      mean(&qd));
  og__metrics_put(m, "queue_delay_p99", "s", "99th percentile queueing delay (exact)", pct(&qd, 0.99));
  og__metrics_put(m, "service_mean", "s", "mean time of the batch that served a request", mean(&sv));
}

static void summary_nodes(struct og_metrics *m, const struct og_node_stats *ns)
{
  const struct og_scenario *sc = m->sc;
  double window = m->t1 - m->t0, busy = 0;
  uint64_t served = 0, batches = 0, failures = 0, wasted = 0;
  for (size_t i = 0; i < m->n_nodes; i++) {
    served += ns[i].served;
    batches += ns[i].batches;
    failures += ns[i].failures;
    wasted += ns[i].wasted;
  }
  for (size_t c = 0; c < sc->n_classes; c++)
    busy += m->class_busy[c];
  og__metrics_put(m, "batch_size_mean", "", "requests per batch, mean over batches",
      batches ? (double)served / (double)batches : NAN);
  og__metrics_put(m, "requests_wasted", "", "requests computed for nothing (timed out, lost to a failure)",
      (double)wasted);
  og__metrics_put(m, "node_failures", "", "node failures during the run", (double)failures);
  og__metrics_put(m, "utilisation", "", "busy share of all nodes over the window",
      m->n_nodes ? busy / ((double)m->n_nodes * window) : NAN);
  for (size_t c = 0; c < sc->n_classes; c++)
    og__metrics_put(m, own_str(m, "utilisation_%s", sc->classes[c].name), "",
        "busy share of the class's nodes over the window",
        m->class_busy[c] / ((double)sc->classes[c].count * window));
}

static void summary_counts(struct og_metrics *m, double sim_end, double hard_stop)
{
  double window = m->t1 - m->t0;
  og__metrics_put(m, "nodes", "", "hosting nodes", (double)m->n_nodes);
  og__metrics_put(m, "requests_issued", "", "requests issued by clients", (double)m->issued);
  og__metrics_put(m, "requests_completed", "", "requests answered before their deadline",
      (double)m->completed);
  og__metrics_put(m, "requests_failed", "", "requests given up after max_retries timeouts",
      (double)m->failed);
  og__metrics_put(m, "requests_unfinished", "", "requests still unresolved at the hard stop "
      "(0 unless the run was cut off there)", (double)m->unfinished);
  og__metrics_put(m, "timeouts", "", "attempts that timed out", (double)m->timeouts);
  og__metrics_put(m, "failovers", "", "re-routings after a node failure", (double)m->failovers);
  og__metrics_put(m, "offered_rate", "1/s", "requests issued per second in the window",
      (double)m->issued_window / window);
  og__metrics_put(m, "throughput", "1/s", "responses delivered per second in the window",
      (double)m->completed_window / window);
  og__metrics_put(m, "sim_time_end", "s", "simulated time when the run ended: every request "
      "resolved and every check finished, or the hard stop", sim_end);
  og__metrics_put(m, "sim_time_hard_stop", "s", "the hard stop: duration + drain + timeout x "
      "(1 + max_retries)", hard_stop);
  double dmax = 0;
  for (size_t i = 0; i < m->n_outputs; i++)
    dmax = fmax(dmax, m->outputs[i].distance);
  og__metrics_put(m, "outputs_run", "", "requests whose output was computed for real (zoo run_share)",
      (double)m->n_outputs);
  og__metrics_put(m, "output_distance_max", "", "largest relative L2 distance of a real output to the "
      "verifier's recomputation", m->n_outputs ? dmax : NAN);
}

/* The ledger: per node profit = fees kept + validator pay - operating cost
 * (class cost per second x busy time) - slashes; compared per delivered
 * result between honest and dishonest nodes. */
static void summary_economics(struct og_metrics *m, const struct og_cheat_stats *cs,
                              const int *dishonest)
{
  const struct og_scenario *sc = m->sc;
  double profit[2] = {0}, results[2] = {0}, compute = 0, rewards = 0, slashed = 0;
  double busy = 0, busy_checks = 0, approved = 0, false_fails = 0, wrongly = 0, slipped = 0;
  double forfeited = 0;
  for (size_t i = 0; i < m->n_nodes; i++) {
    double cost = og__metrics_node_cost(m, i, cs[i].busy_all);
    int d = dishonest[i] != 0;
    profit[d] += og_profit(cs[i].revenue, cs[i].rewards, cost, cs[i].slashed);
    results[d] += (double)cs[i].results;
    compute += cost;
    rewards += cs[i].rewards;
    slashed += cs[i].slashed;
    busy += cs[i].busy_all;
    busy_checks += cs[i].busy_checks;
    approved += (double)cs[i].approved_bad;
    false_fails += (double)cs[i].false_fails;
    wrongly += dishonest[i] ? 0 : (double)cs[i].invalidated;
    slipped += (double)cs[i].slipped;
    forfeited += cs[i].forfeited;
  }
  og__metrics_put(m, "forfeited", "", "unsettled fees lost by nodes ejected before their block settled",
      forfeited);
  og__metrics_put(m, "false_fails", "", "honest results that failed a check (fp_rate)", false_fails);
  og__metrics_put(m, "bad_passed", "", "bad results a tolerance comparison accepted (false negatives)",
      slipped);
  og__metrics_put(m, "honest_invalidations", "", "times an honest node was declared invalid (false "
      "positives)", wrongly);
  og__metrics_put(m, "verification_latency_mean", "s",
      "mean latency a completed request owes to its verification protocol",
      m->completed ? m->verify_delay_sum / (double)m->completed : NAN);
  og__metrics_put(m, "verification_overhead", "", "share of all compute spent re-executing results",
      busy > 0 ? busy_checks / busy : NAN);
  og__metrics_put(m, "collusion_approvals", "", "bad results approved by colluding validators", approved);
  og__metrics_put(m, "bad_results_accepted", "", "redundancy: votes won by a colluding majority",
      (double)m->bad_accepted);
  og__metrics_put(m, "late_checks", "", "optimistic: re-executions that ended after the challenge window",
      (double)m->late_checks);
  og__metrics_put(m, "dispute_cost", "", "optimistic: cost of the disputes settled", m->dispute_cost);
  og__metrics_put(m, "revalidations", "", "re-validation votes held on failed checks",
                  (double)m->revotes);
  og__metrics_put(m, "revalidations_overturned", "",
                  "votes that rejected the first validator's mismatch", (double)m->overturned);
  double ph = results[0] ? profit[0] / results[0] : NAN;
  double pd = results[1] ? profit[1] / results[1] : NAN;
  og__metrics_put(m, "profit_per_result_honest", "", "honest nodes' profit per delivered result", ph);
  og__metrics_put(m, "profit_per_result_dishonest", "", "dishonest nodes' profit per delivered result", pd);
  og__metrics_put(m, "cheating_paid", "", "1 if dishonest nodes earned more per result than honest ones",
      isnan(pd) || isnan(ph) ? NAN : pd > ph);
  og__metrics_put(m, "compute_cost", "", "operating cost of all nodes' busy time", compute);
  og__metrics_put(m, "validator_rewards", "", "paid to validators (checks, whistleblower shares)", rewards);
  og__metrics_put(m, "slashed", "", "stake taken from caught nodes", slashed);
  double check_cost = 0;
  for (size_t i = 0; i < m->n_nodes; i++)
    check_cost += og__metrics_node_cost(m, i, cs[i].busy_checks);
  og__metrics_put(m, "verification_compute_cost", "", "operating cost of the busy time spent "
                  "re-executing results (part of compute_cost)", check_cost);
  const struct og_verification *v = &sc->verification;
  struct og_eq_theory th;
  og_eq_theory(sc, &th);
  og__metrics_put(m, "verification_rate", "", "the scenario's spot-check rate p "
                  "(verification.rate; NaN without sampling)",
                  v->protocol == OG_PROTO_SPOT_CHECK || v->protocol == OG_PROTO_OPTIMISTIC
                      ? v->rate : NAN);
  og__metrics_put(m, "threshold_closed_form", "", "p* = C/(R+S), the rate above which "
                  "cheating stops paying in the Proof-of-Sampling analysis", th.p_star);
  double settle_cost = (double)m->settle_txs * sc->economics.tx_cost;
  og__metrics_put(m, "settlement_txs", "", "settlement transactions posted (one per result, or "
                  "per batch of result hashes)", (double)m->settle_txs);
  og__metrics_put(m, "settlement_cost", "", "settlement transactions x tx_cost", settle_cost);
  og__metrics_put(m, "settlement_delay_mean", "s", "mean time from a result to the transaction "
                  "that settles it", m->settled ? m->settle_delay_sum / (double)m->settled : NAN);
  og__metrics_put(m, "cost_per_1000_requests", "",
      "(compute cost + validator rewards + disputes + settlement) per 1,000 completed requests",
      m->completed ? 1000 * (compute + rewards + m->dispute_cost + settle_cost) /
                         (double)m->completed : NAN);
}

enum og_status og_metrics_finish(struct og_metrics *m, const struct og_node_stats *node_stats,
                                 const struct og_cheat_stats *cheat_stats, const int *dishonest,
                                 double sim_end, double hard_stop)
{
  og__metrics_outputs_free(m);
  m->n_summary = 0;
  m->n_tables = 0;
  summary_counts(m, sim_end, hard_stop);
  summary_latency(m);
  summary_nodes(m, node_stats);
  og__metrics_cheating(m, cheat_stats, dishonest);
  summary_economics(m, cheat_stats, dishonest);
  enum og_status st = og__metrics_tables(m, node_stats, cheat_stats, dishonest);
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
