/* LLM token metrics, collection: per completed request its time to first
 * token, time per output token and end-to-end latency, kept with the
 * index of its latency sample (24 B an LLM request; others keep nothing)
 * or sketched, and counts per model and client region. A request is an
 * LLM request when output_tokens > 0. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "metrics_internal.h"

static int slo_given(const struct og_slo *s)
{
  return s->ttft > 0 || s->tpot > 0;
}

enum og_status og__metrics_tok_new(struct og_metrics *m)
{
  const struct og_scenario *sc = m->sc;
  struct og_metrics_tok *t = &m->tok;
  size_t nm = sc->n_models, nr = sc->n_regions;
  if (nr && nm > UINT32_MAX / nr)
    return OG_EINVAL; /* the key of a request (model x regions + region) would not fit */
  t->n_groups = 1 + nm + nr;
  t->count = calloc(t->n_groups, sizeof *t->count);
  t->service = calloc(nm ? nm : 1, sizeof *t->service);
  t->out_model = calloc(nm ? nm : 1, sizeof *t->out_model);
  if (!t->count || !t->service || !t->out_model)
    return OG_ENOMEM;
  for (size_t i = 0; i < sc->workload.n_mix; i++)
    t->llm |= sc->models[sc->workload.mix[i].model].output_tokens > 0;
  t->has_slo = slo_given(&sc->slo);
  for (size_t i = 0; i < nm; i++)
    t->has_slo |= slo_given(&sc->models[i].slo);
  return OG_OK;
}

void og__metrics_tok_free(struct og_metrics *m)
{
  struct og_metrics_tok *t = &m->tok;
  og__sketch_set_free(&t->sk, &t->sk_sum, t->n_groups * OG_TOK_N);
  free(t->count);
  free(t->service);
  free(t->out_model);
  og_big_free(t->rec, t->cap_rec * sizeof *t->rec);
  memset(t, 0, sizeof *t);
}

static uint32_t region_of(const struct og_metrics *m, uint32_t client)
{
  const struct og_workload *w = &m->sc->workload;
  return client < w->n_clients ? (uint32_t)w->clients[client].region : 0;
}

void og__metrics_slo(const struct og_metrics *m, uint32_t model, double *ttft, double *tpot)
{
  const struct og_slo *own = &m->sc->models[model].slo, *all = &m->sc->slo;
  *ttft = own->ttft > 0 ? own->ttft : all->ttft;
  *tpot = own->tpot > 0 ? own->tpot : all->tpot;
}

/* The request meets every bound of its model's SLO; tpot NAN (one output
 * token) meets any TPOT bound. */
static int meets_slo(const struct og_metrics *m, uint32_t model, double ttft, double tpot)
{
  double bt, bp;
  og__metrics_slo(m, model, &bt, &bp);
  return !(bt > 0 && !(ttft <= bt)) && !(bp > 0 && tpot > bp);
}

/* TTFT = E2E - (t_finish - t_first): the first token reaches the client
 * over the result's route, t_finish - t_first before the result.
 * TPOT = (t_finish - t_first) / (output tokens - 1), NAN for one token. */
static void values(double lat, double gen, uint32_t out, double v[OG_TOK_N])
{
  v[OG_TOK_TTFT] = lat - gen;
  v[OG_TOK_TPOT] = out > 1 ? gen / (double)(out - 1) : NAN;
  v[OG_TOK_E2E] = lat;
}

static void groups(const struct og_metrics *m, uint32_t key, size_t g[3])
{
  size_t nr = m->sc->n_regions ? m->sc->n_regions : 1;
  g[0] = 0;
  g[1] = 1 + key / nr;
  g[2] = 1 + m->sc->n_models + key % nr;
}

static enum og_status sketch_add(struct og_metrics *m, uint32_t key, const double v[OG_TOK_N])
{
  struct og_metrics_tok *t = &m->tok;
  size_t n = t->n_groups * OG_TOK_N, g[3];
  groups(m, key, g);
  for (int k = 0; k < 3; k++)
    for (int x = 0; x < OG_TOK_N; x++) {
      if (isnan(v[x]))
        continue;
      enum og_status st = og__sketch_set_add(&t->sk, &t->sk_sum, n, g[k] * OG_TOK_N + x, v[x]);
      if (st != OG_OK)
        return st;
    }
  return OG_OK;
}

/* The LLM request whose latency sample m->lat just took. */
static enum og_status keep(struct og_metrics *m, double gen, uint32_t out, uint32_t key)
{
  struct og_metrics_tok *t = &m->tok;
  if (og_big_grow((void **)&t->rec, &t->cap_rec, t->n_rec + 1, sizeof *t->rec, 4096))
    return OG_ENOMEM;
  t->rec[t->n_rec++] = (struct og_tok_rec){gen, out, key, m->lat.n - 1};
  return OG_OK;
}

static void count(struct og_metrics *m, uint32_t key, const struct og_req_record *rec, int good)
{
  size_t g[3];
  groups(m, key, g);
  for (int k = 0; k < 3; k++) {
    struct og_tok_count *c = &m->tok.count[g[k]];
    c->done++;
    c->good += good != 0;
    c->in_tokens += rec->prompt_tokens;
    c->out_tokens += rec->output_tokens;
  }
}

enum og_status og__metrics_tok_record(struct og_metrics *m, const struct og_req_record *rec)
{
  struct og_metrics_tok *t = &m->tok;
  if (rec->model >= m->sc->n_models)
    return OG_EINVAL;
  uint32_t out = rec->output_tokens;
  uint32_t key = rec->model * (uint32_t)m->sc->n_regions + region_of(m, rec->client);
  double lat = rec->t_done - rec->t_issue;
  double gen = rec->t_first >= 0 ? rec->t_finish - rec->t_first : 0;
  t->service[rec->model] += rec->t_finish - rec->t_start;
  if (out == 0)
    return OG_OK;
  double v[OG_TOK_N];
  values(lat, gen, out, v);
  t->in_all += rec->prompt_tokens;
  t->out_all += out;
  t->out_model[rec->model] += out;
  if (rec->t_done >= m->t0 && rec->t_done < m->t1)
    count(m, key, rec, meets_slo(m, rec->model, v[OG_TOK_TTFT], v[OG_TOK_TPOT]));
  if (!m->sketch)
    return keep(m, gen, out, key);
  if (rec->t_issue >= m->t0 && rec->t_issue < m->t1)
    return sketch_add(m, key, v);
  return OG_OK;
}

/* Whether kept record i is an LLM request issued in the window; then its
 * TTFT, TPOT and E2E into v. */
static int window_values(const struct og_metrics *m, size_t i, double *v)
{
  const struct og_tok_rec *r = &m->tok.rec[i];
  double ti = m->lat_issue.v[r->at];
  if (!(ti >= m->t0 && ti < m->t1))
    return 0;
  values(m->lat.v[r->at], r->gen, r->out, v);
  return 1;
}

/* Samples of requests issued in the window into the sketches, in order
 * of completion (as a run in sketch mode from the start adds them). */
enum og_status og__metrics_tok_sketch_start(struct og_metrics *m)
{
  struct og_metrics_tok *t = &m->tok;
  for (size_t i = 0; i < t->n_rec; i++) {
    double v[OG_TOK_N];
    if (!window_values(m, i, v))
      continue;
    enum og_status st = sketch_add(m, t->rec[i].key, v);
    if (st != OG_OK)
      return st;
  }
  og_big_free(t->rec, t->cap_rec * sizeof *t->rec);
  t->rec = NULL;
  t->n_rec = t->cap_rec = 0;
  return OG_OK;
}

/* Mean and percentiles of v[0..n) (reordered: selection, not a sort). */
static void stats_of(double *v, size_t n, struct og_tok_q *q)
{
  static const double qs[3] = {0.50, 0.95, 0.99};
  double s = 0, p[3];
  for (size_t i = 0; i < n; i++)
    s += v[i];
  og_percentiles_select(v, n, qs, 3, p);
  *q = (struct og_tok_q){n ? s / (double)n : NAN, p[0], p[1], p[2]};
}

/* The LLM requests issued in the window, n of them, by columns (each
 * pass below reads one metric's values and one grouping's groups, not
 * whole rows): v[x * stride + i] metric x of request i, g[(k - 1) *
 * stride + i] its group in grouping k (1: model, 2: region; groups(),
 * worked out once). */
struct tok_samples {
  double *v;
  uint32_t *g;
  size_t n, stride;
};

/* Exact: one metric's samples grouped by one of the three groupings (k:
 * all, model, region) into buf by a counting sort, in their order within
 * each group, each group's percentiles by selection. */
static void exact_metric(struct og_metrics *m, const struct tok_samples *s, int x, int k,
                         double *buf, size_t *start, size_t *fill)
{
  struct og_metrics_tok *t = &m->tok;
  size_t ng = t->n_groups, ns = s->n;
  const double *v = s->v + (size_t)x * s->stride;
  if (k == 0) {
    size_t n = 0;
    for (size_t i = 0; i < ns; i++)
      if (!isnan(v[i]))
        buf[n++] = v[i];
    stats_of(buf, n, &t->q[x]);
    return;
  }
  const uint32_t *g = s->g + (size_t)(k - 1) * s->stride;
  memset(start, 0, (ng + 1) * sizeof *start);
  for (size_t i = 0; i < ns; i++) {
    if (isnan(v[i]))
      continue;
    start[g[i] + 1]++;
  }
  for (size_t j = 0; j < ng; j++)
    start[j + 1] += start[j];
  memcpy(fill, start, ng * sizeof *fill);
  for (size_t i = 0; i < ns; i++) {
    if (isnan(v[i]))
      continue;
    buf[fill[g[i]]++] = v[i];
  }
  size_t lo = k == 1 ? 1 : 1 + m->sc->n_models;
  size_t hi = k == 1 ? 1 + m->sc->n_models : ng;
  for (size_t j = lo; j < hi; j++) {
    size_t nj = start[j + 1] - start[j];
    if (nj > 0 && nj == start[ng]) /* every sample, in the same order: the
                                      whole population's figures (the one
                                      LLM model of most scenarios) */
      t->q[j * OG_TOK_N + x] = t->q[x];
    else
      stats_of(buf + start[j], nj, &t->q[j * OG_TOK_N + x]);
  }
}

enum og_status og__metrics_tok_quantiles(struct og_metrics *m)
{
  struct og_metrics_tok *t = &m->tok;
  size_t ng = t->n_groups;
  t->q = og__metrics_own(m, ng * OG_TOK_N * sizeof *t->q);
  if (!t->q)
    return OG_ENOMEM;
  if (m->sketch) {
    for (size_t i = 0; i < ng * OG_TOK_N; i++) {
      const struct og_sketch *s = t->sk ? &t->sk[i] : NULL;
      double n = s ? (double)s->n : 0;
      t->q[i] = n > 0 ? (struct og_tok_q){t->sk_sum[i] / n, og_sketch_quantile(s, 0.50),
                                          og_sketch_quantile(s, 0.95),
                                          og_sketch_quantile(s, 0.99)}
                      : (struct og_tok_q){NAN, NAN, NAN, NAN};
    }
    return OG_OK;
  }
  /* The records (with their latency samples, scattered among those of
   * other requests) are read once, not once per metric and grouping. */
  size_t nr = t->n_rec;
  struct tok_samples smp = {malloc((OG_TOK_N * nr + 1) * sizeof *smp.v),
                            malloc((2 * nr + 1) * sizeof *smp.g), 0, nr};
  double *buf = malloc((nr + 1) * sizeof *buf);
  size_t *start = malloc((ng + 1) * sizeof *start), *fill = malloc(ng * sizeof *fill);
  enum og_status st = smp.v && smp.g && buf && start && fill ? OG_OK : OG_ENOMEM;
  for (size_t i = 0; st == OG_OK && i < nr; i++) {
    double v[OG_TOK_N];
    if (!window_values(m, i, v))
      continue;
    size_t g[3];
    groups(m, t->rec[i].key, g);
    for (int x = 0; x < OG_TOK_N; x++)
      smp.v[(size_t)x * nr + smp.n] = v[x];
    smp.g[smp.n] = (uint32_t)g[1];
    smp.g[nr + smp.n] = (uint32_t)g[2];
    smp.n++;
  }
  for (int x = 0; st == OG_OK && x < OG_TOK_N; x++)
    for (int k = 0; k < 3; k++)
      exact_metric(m, &smp, x, k, buf, start, fill);
  free(smp.v);
  free(smp.g);
  free(buf);
  free(start);
  free(fill);
  return st;
}
