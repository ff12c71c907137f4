/* Latency percentiles of long runs: DDSketches in place of the kept samples
 * once more than m->exact_max requests completed (or from the start). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "metrics_internal.h"

/* Bin sketches [0, need) exist. */
static enum og_status bins_room(struct og_metrics_sk *sk, size_t need)
{
  if (need <= sk->n_bin)
    return OG_OK;
  if (og_grow((void **)&sk->bin, &sk->cap_bin, need, sizeof *sk->bin, 64))
    return OG_ENOMEM;
  for (; sk->n_bin < need; sk->n_bin++)
    if (og_sketch_init(&sk->bin[sk->n_bin], OG_SKETCH_ALPHA) != OG_OK)
      return OG_EINVAL;
  return OG_OK;
}

/* Count one completion: latency lat in bin b; queueing delay qd and
 * service time sv with lat when the request was issued in the window. */
static enum og_status add(struct og_metrics *m, size_t b, int in_window, double lat, double qd,
                          double sv)
{
  struct og_metrics_sk *sk = &m->sk;
  enum og_status st = bins_room(sk, b + 1);
  if (st == OG_OK)
    st = og_sketch_add(&sk->bin[b], lat);
  if (st != OG_OK || !in_window)
    return st;
  st = og_sketch_add(&sk->lat, lat);
  if (st == OG_OK)
    st = og_sketch_add(&sk->qdelay, qd);
  if (st != OG_OK)
    return st;
  sk->lat_sum += lat;
  sk->lat_max = sk->lat.n == 1 ? lat : fmax(sk->lat_max, lat);
  sk->qdelay_sum += qd;
  sk->service_sum += sv;
  return OG_OK;
}

static int issued_in_window(const struct og_metrics *m, double t_issue)
{
  return t_issue >= m->t0 && t_issue < m->t1;
}

/* The samples kept are fed in their order of completion, so a run that
 * switches counts the same as one in sketch mode from the start. */
enum og_status og__metrics_sketch_start(struct og_metrics *m)
{
  struct og_metrics_sk *sk = &m->sk;
  enum og_status st = og_sketch_init(&sk->lat, OG_SKETCH_ALPHA);
  if (st == OG_OK)
    st = og_sketch_init(&sk->qdelay, OG_SKETCH_ALPHA);
  for (size_t i = 0; st == OG_OK && i < m->lat.n; i++)
    st = add(m, (size_t)(m->lat_done.v[i] / m->dt), issued_in_window(m, m->lat_issue.v[i]),
             m->lat.v[i], m->qdelay.v[i], m->service.v[i]);
  if (st == OG_OK)
    st = og__metrics_models_sketch_start(m);
  if (st == OG_OK)
    st = og__metrics_tok_sketch_start(m);
  if (st != OG_OK)
    return st;
  m->sketch = 1;
  og_dvec_fini(&m->lat);
  og_dvec_fini(&m->lat_done);
  og_dvec_fini(&m->lat_issue);
  og_dvec_fini(&m->qdelay);
  og_dvec_fini(&m->service);
  return OG_OK;
}

enum og_status og__metrics_sketch_record(struct og_metrics *m, const struct og_req_record *rec,
                                         size_t b)
{
  int in = issued_in_window(m, rec->t_issue);
  double lat = rec->t_done - rec->t_issue;
  enum og_status st =
    add(m, b, in, lat, rec->t_start - rec->t_ready, rec->t_finish - rec->t_start);
  return st == OG_OK && in ? og__metrics_models_sketch_add(m, rec->model, lat) : st;
}

/* As summary_latency (metrics_output.c), from the sketches: percentiles
 * within OG_SKETCH_ALPHA, means and the largest latency exact up to
 * rounding (summed in order of completion, not of size). */
void og__metrics_sketch_summary(struct og_metrics *m)
{
  const struct og_metrics_sk *sk = &m->sk;
  double n = (double)sk->lat.n;
  og__metrics_set(m, OG_SUM_LATENCY_MEAN, n > 0 ? sk->lat_sum / n : NAN);
  og__metrics_set(m, OG_SUM_LATENCY_P50, og_sketch_quantile(&sk->lat, 0.50));
  og__metrics_set(m, OG_SUM_LATENCY_P95, og_sketch_quantile(&sk->lat, 0.95));
  og__metrics_set(m, OG_SUM_LATENCY_P99, og_sketch_quantile(&sk->lat, 0.99));
  og__metrics_set(m, OG_SUM_LATENCY_MAX, n > 0 ? sk->lat_max : NAN);
  og__metrics_set(m, OG_SUM_QUEUE_DELAY_MEAN, n > 0 ? sk->qdelay_sum / n : NAN);
  og__metrics_set(m, OG_SUM_QUEUE_DELAY_P99, og_sketch_quantile(&sk->qdelay, 0.99));
  og__metrics_set(m, OG_SUM_LATENCY_QUANTILES_EXACT, 0);
  og__metrics_set(m, OG_SUM_LATENCY_QUANTILE_ERROR, OG_SKETCH_ALPHA);
  og__metrics_set(m, OG_SUM_SERVICE_MEAN, n > 0 ? sk->service_sum / n : NAN);
}

void og__metrics_sketch_bin_p99(const struct og_metrics *m, size_t nb, double *out)
{
  for (size_t b = 0; b < nb; b++)
    out[b] = b < m->sk.n_bin ? og_sketch_quantile(&m->sk.bin[b], 0.99) : NAN;
}

void og__sketch_set_free(struct og_sketch **sk, double **sum, size_t n)
{
  for (size_t i = 0; *sk && i < n; i++)
    og_sketch_fini(&(*sk)[i]);
  free(*sk);
  free(*sum);
  *sk = NULL;
  *sum = NULL;
}

enum og_status og__sketch_set_add(struct og_sketch **sk, double **sum, size_t n, size_t i,
                                  double v)
{
  if (!*sk) {
    *sk = calloc(n, sizeof **sk);
    *sum = calloc(n, sizeof **sum);
    if (!*sk || !*sum)
      return og__sketch_set_free(sk, sum, n), OG_ENOMEM;
    for (size_t k = 0; k < n; k++)
      if (og_sketch_init(&(*sk)[k], OG_SKETCH_ALPHA) != OG_OK)
        return OG_EINVAL;
  }
  enum og_status st = og_sketch_add(&(*sk)[i], v);
  if (st == OG_OK)
    (*sum)[i] += v;
  return st;
}

void og__metrics_sketch_free(struct og_metrics *m)
{
  struct og_metrics_sk *sk = &m->sk;
  og_sketch_fini(&sk->lat);
  og_sketch_fini(&sk->qdelay);
  for (size_t b = 0; b < sk->n_bin; b++)
    og_sketch_fini(&sk->bin[b]);
  free(sk->bin);
  memset(sk, 0, sizeof *sk);
}
