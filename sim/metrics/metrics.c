/* Metrics of one run: counters and samples fed by the actors during the run,
 * turned into /summary scalars, /timeseries, /nodes, /classes and the
 * optional /requests trace at the end. Percentiles are exact (all samples
 * kept and sorted) up to OG_METRICS_EXACT_MAX completions, then sketched
 * (metrics_sketch.c). */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "metrics_internal.h"
#include "stats.h"

enum og_status og_metrics_new(const struct og_scenario *sc, size_t n_nodes,
                              const uint32_t *node_class, struct og_metrics **out)
{
  struct og_metrics *m = calloc(1, sizeof *m);
  *out = NULL;
  if (!m)
    return OG_ENOMEM;
  m->sc = sc;
  m->n_nodes = n_nodes;
  m->t0 = sc->warmup;
  m->t1 = sc->duration;
  m->dt = sc->ts_interval;
  m->bins_max = (double)(SIZE_MAX / 64 / (sc->n_classes + 4));
  double bins = ceil(sc->duration / m->dt); /* more are added as the run goes past */
  if (!(bins < m->bins_max))
    return og_metrics_free(m), OG_ENOMEM;
  m->n_bins = bins < 1 ? 1 : (size_t)bins;
  size_t nb = m->n_bins, nc = sc->n_classes;
  m->node_class = malloc((n_nodes ? n_nodes : 1) * sizeof *m->node_class);
  m->bin_issued = calloc(nb, sizeof *m->bin_issued);
  m->bin_completed = calloc(nb, sizeof *m->bin_completed);
  m->bin_timeouts = calloc(nb, sizeof *m->bin_timeouts);
  m->bin_lat_sum = calloc(nb, sizeof *m->bin_lat_sum);
  m->bin_busy = calloc(nb * nc, sizeof *m->bin_busy);
  m->class_busy = calloc(nc, sizeof *m->class_busy);
  if (!m->node_class || !m->bin_issued || !m->bin_completed || !m->bin_timeouts ||
      !m->bin_lat_sum || !m->bin_busy || !m->class_busy)
    goto fail;
  memcpy(m->node_class, node_class, n_nodes * sizeof *node_class);
  m->exact_max = OG_METRICS_EXACT_MAX;
  enum og_status st = og__metrics_tok_new(m);
  if (st == OG_OK)
    st = og__metrics_models_new(m);
  if (st != OG_OK)
    return og_metrics_free(m), st;
  if (sc->quantiles == OG_QUANTILES_SKETCH && og__metrics_sketch_start(m) != OG_OK)
    goto fail;
  *out = m;
  return OG_OK;
fail:
  og_metrics_free(m);
  return OG_ENOMEM;
}

void og_metrics_free(struct og_metrics *m)
{
  if (!m)
    return;
  og__metrics_loads_free(m);
  og__metrics_links_free(m);
  og__metrics_warnings_free(m);
  og__metrics_demand_free(m);
  free(m->node_class);
  free(m->bin_issued);
  free(m->bin_completed);
  free(m->bin_timeouts);
  free(m->bin_lat_sum);
  free(m->bin_busy);
  free(m->class_busy);
  free(m->hosting);
  free(m->mem_used);
  og_dvec_fini(&m->lat);
  og_dvec_fini(&m->lat_done);
  og_dvec_fini(&m->lat_issue);
  og_dvec_fini(&m->qdelay);
  og_dvec_fini(&m->service);
  og__metrics_sketch_free(m);
  og__metrics_tok_free(m);
  og__metrics_models_free(m);
  og__metrics_churn_free(m);
  free(m->trace);
  free(m->outputs);
  og__metrics_outputs_free(m);
  free(m);
}

void og__metrics_exact_max(struct og_metrics *m, size_t n)
{
  m->exact_max = n;
}

int og__metrics_bins_grow(struct og_metrics *m, size_t *bins, size_t need, void **const *arr,
                          const size_t *width, size_t k)
{
  size_t old = *bins, n = old + old / 4 + 16;
  if (need <= old)
    return 0;
  if (n < need)
    n = need;
  for (size_t i = 0; i < k; i++) {
    char *p = realloc(*arr[i], n * width[i]);
    if (!p) {
      m->oom = 1;
      return -1;
    }
    memset(p + old * width[i], 0, (n - old) * width[i]);
    *arr[i] = p;
  }
  *bins = n;
  return 0;
}

/* Make bins [0, need) exist; -1 (and m->oom) when out of memory. */
static int bins_room(struct og_metrics *m, size_t need)
{
  void **arr[] = {(void **)&m->bin_issued, (void **)&m->bin_completed, (void **)&m->bin_timeouts,
                  (void **)&m->bin_lat_sum, (void **)&m->bin_busy};
  size_t width[] = {8, 8, 8, 8, 8 * m->sc->n_classes};
  return og__metrics_bins_grow(m, &m->n_bins, need, arr, width, sizeof arr / sizeof arr[0]);
}

/* The time-series bin of time t, created if needed; SIZE_MAX when out of
 * memory. */
static size_t bin_at(struct og_metrics *m, double t)
{
  double x = t > 0 ? t / m->dt : 0; /* truncated below: floor, without a libm call */
  if (!(x < m->bins_max)) { /* computed once: a 64-bit division per call cost more than the rest */
    m->oom = 1;
    return SIZE_MAX;
  }
  size_t b = (size_t)x;
  return b < m->n_bins || bins_room(m, b + 1) == 0 ? b : SIZE_MAX;
}

static int in_window(const struct og_metrics *m, double t)
{
  return t >= m->t0 && t < m->t1;
}

void og_metrics_issued(struct og_metrics *m, double t, uint32_t model)
{
  m->issued++;
  if (in_window(m, t)) {
    m->issued_window++;
    if (model < m->sc->n_models)
      m->mod.issued[model]++;
  }
  size_t b = bin_at(m, t);
  if (b != SIZE_MAX)
    m->bin_issued[b]++;
}

void og_metrics_timeout(struct og_metrics *m, double t, uint32_t model)
{
  m->timeouts++;
  if (in_window(m, t) && model < m->sc->n_models)
    m->mod.timeouts[model]++;
  size_t b = bin_at(m, t);
  if (b != SIZE_MAX)
    m->bin_timeouts[b]++;
}

void og_metrics_failover(struct og_metrics *m, double t)
{
  (void)t;
  m->failovers++;
}

void og_metrics_unfinished(struct og_metrics *m, uint64_t n)
{
  m->unfinished += n;
}

enum og_status og_metrics_output(struct og_metrics *m, uint64_t id, uint32_t node, uint32_t model,
                                 double distance)
{
  if (og_grow((void **)&m->outputs, &m->cap_outputs, m->n_outputs + 1, sizeof *m->outputs,
              1024))
    return OG_ENOMEM;
  m->outputs[m->n_outputs++] = (struct og_output_rec){id, node, model, distance};
  return OG_OK;
}

void og_metrics_check(struct og_metrics *m, int bad)
{
  m->checks++;
  m->detections += bad != 0;
}

void og_metrics_vote(struct og_metrics *m, int bad_accepted, unsigned caught)
{
  m->checks++;
  m->detections += caught;
  m->bad_accepted += bad_accepted != 0;
}

void og_metrics_checks_unfinished(struct og_metrics *m, uint64_t checks, uint64_t bad)
{
  m->checks_unfinished += checks;
  m->bad_pending += bad;
}

void og_metrics_late_check(struct og_metrics *m)
{
  m->late_checks++;
}

void og_metrics_revalidation(struct og_metrics *m, int overturned)
{
  m->revotes++;
  m->overturned += overturned != 0;
}

void og_metrics_settlement(struct og_metrics *m, uint64_t txs, double delay_sum,
                           uint64_t settled)
{
  m->settle_txs = txs;
  m->settle_delay_sum = delay_sum;
  m->settled = settled;
}

void og_metrics_dispute(struct og_metrics *m, double cost)
{
  m->disputes++;
  m->dispute_cost += cost;
}

uint64_t og_metrics_resolved_count(const struct og_metrics *m)
{
  return m->resolved;
}

static enum og_status trace_push(struct og_metrics *m, const struct og_req_record *rec)
{
  if (og_grow((void **)&m->trace, &m->cap_trace, m->n_trace + 1, sizeof *m->trace, 4096))
    return OG_ENOMEM;
  m->trace[m->n_trace++] = *rec;
  return OG_OK;
}

static enum og_status record_ok(struct og_metrics *m, const struct og_req_record *rec)
{
  double lat = rec->t_done - rec->t_issue;
  m->completed++;
  m->verify_delay_sum += rec->verify_delay;
  if (in_window(m, rec->t_done)) {
    m->completed_window++;
    if (rec->model < m->sc->n_models)
      m->mod.done[rec->model]++;
  }
  size_t b = bin_at(m, rec->t_done);
  if (b == SIZE_MAX)
    return OG_ENOMEM;
  m->bin_completed[b]++;
  m->bin_lat_sum[b] += lat;
  if (!m->sketch && m->lat.n >= m->exact_max) {
    enum og_status st = og__metrics_sketch_start(m);
    if (st != OG_OK)
      return st;
  }
  if (m->sketch) {
    enum og_status st = og__metrics_sketch_record(m, rec, b);
    return st == OG_OK ? og__metrics_tok_record(m, rec) : st;
  }
  enum og_status st = og_dvec_push(&m->lat, lat);
  if (st == OG_OK)
    st = og_dvec_push(&m->lat_done, rec->t_done);
  if (st == OG_OK)
    st = og_dvec_push(&m->lat_issue, rec->t_issue);
  if (st == OG_OK)
    st = og_dvec_push(&m->qdelay, rec->t_start - rec->t_ready);
  if (st == OG_OK)
    st = og_dvec_push(&m->service, rec->t_finish - rec->t_start);
  if (st == OG_OK)
    st = og__metrics_models_keep(m, rec->model);
  return st == OG_OK ? og__metrics_tok_record(m, rec) : st;
}

enum og_status og_metrics_resolved(struct og_metrics *m, const struct og_req_record *rec)
{
  enum og_status st = OG_OK;
  m->resolved++;
  if (rec->status == OG_REC_OK)
    st = record_ok(m, rec);
  else if (rec->status == OG_REC_FAILED) {
    m->failed++;
    if (in_window(m, rec->t_done) && rec->model < m->sc->n_models)
      m->mod.failed[rec->model]++;
  }
  if (st == OG_OK && m->sc->trace_requests)
    st = trace_push(m, rec);
  return st;
}

/* fmax and fmin are libm calls; these are not (times are never NaN). */
static double max2(double a, double b)
{
  return a > b ? a : b;
}

static double min2(double a, double b)
{
  return a < b ? a : b;
}

void og_metrics_window(const struct og_metrics *m, double *t0, double *t1)
{
  *t0 = m->t0;
  *t1 = m->t1;
}

double og_metrics_window_overlap(const struct og_metrics *m, double t0, double t1)
{
  double a = max2(t0, m->t0), b = min2(t1, m->t1);
  return b > a ? b - a : 0.0;
}

double og_metrics_busy(struct og_metrics *m, uint32_t cls, double t0, double t1)
{
  size_t nc = m->sc->n_classes;
  double in = og_metrics_window_overlap(m, t0, t1);
  m->class_busy[cls] += in;
  for (size_t b = bin_at(m, t0); b != SIZE_MAX; b++) {
    if (b >= m->n_bins && bins_room(m, b + 1) != 0)
      break;
    double lo = max2(t0, (double)b * m->dt), hi = min2(t1, (double)(b + 1) * m->dt);
    if (hi > lo)
      m->bin_busy[b * nc + cls] += hi - lo;
    if (hi >= t1)
      break;
  }
  return in;
}

enum og_status og_metrics_hosting(struct og_metrics *m, const uint64_t *hosting,
                                  const double *mem_used)
{
  size_t nc = m->sc->n_classes, nm = m->sc->n_models;
  free(m->hosting);
  free(m->mem_used);
  m->hosting = malloc((nc * nm > 0 ? nc * nm : 1) * sizeof *m->hosting);
  m->mem_used = malloc((nc ? nc : 1) * sizeof *m->mem_used);
  if (!m->hosting || !m->mem_used)
    return OG_ENOMEM;
  memcpy(m->hosting, hosting, nc * nm * sizeof *m->hosting);
  memcpy(m->mem_used, mem_used, nc * sizeof *m->mem_used);
  return OG_OK;
}
