/* Metrics of one run: counters and samples fed by the actors during the run,
 * turned into /summary scalars, /timeseries, /nodes, /classes and the
 * optional /requests trace at the end. Percentiles are exact (all samples
 * kept and sorted). */
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
  double span = sc->duration + sc->drain;
  m->n_bins = (size_t)ceil(span / m->dt);
  if (m->n_bins < 1)
    m->n_bins = 1;
  if (m->n_bins > OG_METRICS_MAX_BINS)
    m->n_bins = OG_METRICS_MAX_BINS;
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
  free(m->node_class);
  free(m->bin_issued);
  free(m->bin_completed);
  free(m->bin_timeouts);
  free(m->bin_lat_sum);
  free(m->bin_busy);
  free(m->class_busy);
  og_dvec_fini(&m->lat);
  og_dvec_fini(&m->lat_done);
  og_dvec_fini(&m->lat_issue);
  og_dvec_fini(&m->qdelay);
  og_dvec_fini(&m->service);
  free(m->trace);
  free(m->outputs);
  og__metrics_outputs_free(m);
  free(m);
}

static size_t bin_of(const struct og_metrics *m, double t)
{
  if (t <= 0)
    return 0;
  size_t b = (size_t)(t / m->dt);
  return b < m->n_bins ? b : m->n_bins - 1;
}

static int in_window(const struct og_metrics *m, double t)
{
  return t >= m->t0 && t < m->t1;
}

void og_metrics_issued(struct og_metrics *m, double t)
{
  m->issued++;
  if (in_window(m, t))
    m->issued_window++;
  m->bin_issued[bin_of(m, t)]++;
}

void og_metrics_timeout(struct og_metrics *m, double t)
{
  m->timeouts++;
  m->bin_timeouts[bin_of(m, t)]++;
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
  if (in_window(m, rec->t_done))
    m->completed_window++;
  size_t b = bin_of(m, rec->t_done);
  m->bin_completed[b]++;
  m->bin_lat_sum[b] += lat;
  enum og_status st = og_dvec_push(&m->lat, lat);
  if (st == OG_OK)
    st = og_dvec_push(&m->lat_done, rec->t_done);
  if (st == OG_OK)
    st = og_dvec_push(&m->lat_issue, rec->t_issue);
  if (st == OG_OK)
    st = og_dvec_push(&m->qdelay, rec->t_start - rec->t_ready);
  if (st == OG_OK)
    st = og_dvec_push(&m->service, rec->t_finish - rec->t_start);
  return st;
}

enum og_status og_metrics_resolved(struct og_metrics *m, const struct og_req_record *rec)
{
  enum og_status st = OG_OK;
  m->resolved++;
  if (rec->status == OG_REC_OK)
    st = record_ok(m, rec);
  else if (rec->status == OG_REC_FAILED)
    m->failed++;
  if (st == OG_OK && m->sc->trace_requests)
    st = trace_push(m, rec);
  return st;
}

double og_metrics_window_overlap(const struct og_metrics *m, double t0, double t1)
{
  double a = fmax(t0, m->t0), b = fmin(t1, m->t1);
  return b > a ? b - a : 0.0;
}

void og_metrics_busy(struct og_metrics *m, uint32_t cls, double t0, double t1)
{
  size_t nc = m->sc->n_classes;
  m->class_busy[cls] += og_metrics_window_overlap(m, t0, t1);
  for (size_t b = bin_of(m, t0); b < m->n_bins; b++) {
    double lo = fmax(t0, (double)b * m->dt), hi = fmin(t1, (double)(b + 1) * m->dt);
    if (b == m->n_bins - 1)
      hi = t1;
    if (hi > lo)
      m->bin_busy[b * nc + cls] += hi - lo;
    if (hi >= t1)
      break;
  }
}
