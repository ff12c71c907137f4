/* LLM token metrics, output: the summary's tokens section, the iteration
 * counters of continuous batching, and the /tokens_by_model and
 * /tokens_by_region tables. Left out, not filled with zeros, when no model
 * of the mix has output tokens (decided by the scenario, so that every run
 * of a sweep has the same entries), and when no node ran iterations. */
#include <math.h>
#include <string.h>

#include "metrics_internal.h"

static double per(double a, double b)
{
  return b > 0 ? a / b : NAN;
}

void og__metrics_tok_summary(struct og_metrics *m, double compute)
{
  const struct og_metrics_tok *t = &m->tok;
  double window = m->t1 - m->t0;
  const struct og_tok_count *c = &t->count[0];
  const struct og_tok_q *q = &t->q[0];
  if (!t->llm)
    return;
  static const enum og_sum_id ids[OG_TOK_N][4] = {
    {OG_SUM_TTFT_MEAN, OG_SUM_TTFT_P50, OG_SUM_TTFT_P95, OG_SUM_TTFT_P99},
    {OG_SUM_TPOT_MEAN, OG_SUM_TPOT_P50, OG_SUM_TPOT_P95, OG_SUM_TPOT_P99},
    {OG_SUM_E2E_MEAN, OG_SUM_E2E_P50, OG_SUM_E2E_P95, OG_SUM_E2E_P99},
  };
  og__metrics_set(m, OG_SUM_LLM_REQUESTS, (double)c->done);
  og__metrics_set(m, OG_SUM_INPUT_TOKENS_PER_S, c->in_tokens / window);
  og__metrics_set(m, OG_SUM_OUTPUT_TOKENS_PER_S, c->out_tokens / window);
  for (int x = 0; x < OG_TOK_N; x++) {
    og__metrics_set(m, ids[x][0], q[x].mean);
    og__metrics_set(m, ids[x][1], q[x].p50);
    og__metrics_set(m, ids[x][2], q[x].p95);
    og__metrics_set(m, ids[x][3], q[x].p99);
  }
  if (t->has_slo) {
    og__metrics_set(m, OG_SUM_GOODPUT, (double)c->good / window);
    og__metrics_set(m, OG_SUM_GOODPUT_SHARE, per((double)c->good, (double)c->done));
  }
  og__metrics_set(m, OG_SUM_COST_PER_MILLION_OUTPUT_TOKENS, 1e6 * per(compute, t->out_all));
  og__metrics_set(m, OG_SUM_COST_PER_MILLION_TOKENS,
                  1e6 * per(compute, t->in_all + t->out_all));
  og__metrics_set(m, OG_SUM_COST_PER_MILLION_VERIFIED_OUTPUT_TOKENS,
                  1e6 * per(compute + m->prover_busy * m->prover_price + m->dispute_cost,
                            t->out_all));
}

/* Over the nodes of the classes whose engine runs iterations (continuous);
 * KV utilisation over those whose memory is given (a KV pool). Present
 * when the scenario has such a class, so that every run of a sweep has the
 * same entries. */
void og__metrics_iter_summary(struct og_metrics *m, const struct og_node_stats *ns)
{
  const struct og_scenario *sc = m->sc;
  double iters = 0, seqs = 0, tokens = 0, kv = 0, preempt = 0, nodes = 0;
  int cont = 0;
  const double *online = og__metrics_class_online(m, ns);
  if (!online)
    return;
  for (size_t c = 0; c < sc->n_classes; c++) {
    const struct og_node_class *k = &sc->classes[c];
    cont |= k->serving == OG_SERVING_CONTINUOUS;
    nodes += k->serving == OG_SERVING_CONTINUOUS && k->memory > 0 ? online[c] : 0;
  }
  if (!cont)
    return;
  for (size_t i = 0; i < m->n_nodes; i++) {
    iters += (double)ns[i].iterations;
    seqs += ns[i].iter_seqs;
    tokens += ns[i].iter_tokens;
    kv += ns[i].kv_used;
    preempt += (double)ns[i].preemptions;
  }
  og__metrics_set(m, OG_SUM_ITERATIONS, iters);
  og__metrics_set(m, OG_SUM_ITERATION_BATCH_MEAN, per(seqs, iters));
  og__metrics_set(m, OG_SUM_ITERATION_TOKENS_MEAN, per(tokens, iters));
  og__metrics_set(m, OG_SUM_KV_UTILISATION, per(kv, nodes)); /* over online node-seconds */
  og__metrics_set(m, OG_SUM_PREEMPTIONS, preempt);
}

/* The columns of a token table after its name: name, unit, type, description, value of group
 * g (c its counts, q its statistics). */
#define TOK_COLS(X)                                                                                \
  X("requests", "", OG_COL_I64, "LLM requests completed in the window", (double)c->done)           \
  X("input_tokens", "", OG_COL_I64, "their prompt tokens", c->in_tokens)                           \
  X("output_tokens", "", OG_COL_I64, "their output tokens", c->out_tokens)                         \
  X("input_tokens_per_s", "1/s", OG_COL_F64, "prompt tokens per second in the window",             \
    c->in_tokens / window)                                                                         \
  X("output_tokens_per_s", "1/s", OG_COL_F64, "output tokens per second in the window",            \
    c->out_tokens / window)                                                                        \
  X("ttft_mean", "s", OG_COL_F64, "mean time to first token", q[OG_TOK_TTFT].mean)                 \
  X("ttft_p50", "s", OG_COL_F64, "median time to first token", q[OG_TOK_TTFT].p50)                 \
  X("ttft_p95", "s", OG_COL_F64, "95th percentile time to first token", q[OG_TOK_TTFT].p95)        \
  X("ttft_p99", "s", OG_COL_F64, "99th percentile time to first token", q[OG_TOK_TTFT].p99)        \
  X("tpot_mean", "s", OG_COL_F64, "mean time per output token after the first", q[OG_TOK_TPOT].mean) \
  X("tpot_p50", "s", OG_COL_F64, "median time per output token after the first", q[OG_TOK_TPOT].p50) \
  X("tpot_p95", "s", OG_COL_F64, "95th percentile time per output token after the first",          \
    q[OG_TOK_TPOT].p95)                                                                            \
  X("tpot_p99", "s", OG_COL_F64, "99th percentile time per output token after the first",          \
    q[OG_TOK_TPOT].p99)                                                                            \
  X("e2e_mean", "s", OG_COL_F64, "mean end-to-end latency", q[OG_TOK_E2E].mean)                    \
  X("e2e_p50", "s", OG_COL_F64, "median end-to-end latency", q[OG_TOK_E2E].p50)                    \
  X("e2e_p95", "s", OG_COL_F64, "95th percentile end-to-end latency", q[OG_TOK_E2E].p95)           \
  X("e2e_p99", "s", OG_COL_F64, "99th percentile end-to-end latency", q[OG_TOK_E2E].p99)           \
  X("goodput", "1/s", OG_COL_F64, "requests meeting the SLO per second (NaN without one)",         \
    t->has_slo ? (double)c->good / window : NAN)                                                   \
  X("goodput_share", "", OG_COL_F64, "share of completed requests meeting the SLO",                \
    t->has_slo ? per((double)c->good, (double)c->done) : NAN)

/* One row per model (by_model) or per region; the model table adds the
 * cost column and the model's SLO bounds (NaN where it has none). */
static enum og_status table(struct og_metrics *m, int by_model, double compute)
{
  const struct og_scenario *sc = m->sc;
  const struct og_metrics_tok *t = &m->tok;
  size_t g0 = by_model ? 1 : 1 + sc->n_models, n = by_model ? sc->n_models : sc->n_regions;
  static const struct {
    const char *name, *unit;
    enum og_coltype type;
    const char *desc;
  } decl[] = {
#define COL_DECL(cname, unit, type, desc, value) {cname, unit, type, desc},
    TOK_COLS(COL_DECL)
#undef COL_DECL
  };
  enum { NC = sizeof decl / sizeof decl[0] };
  double window = m->t1 - m->t0, service = 0, *cost = NULL, *slo[2] = {NULL};
  struct og_table_builder b =
    og__metrics_table(m, by_model ? "tokens_by_model" : "tokens_by_region", n, 1);
  const char **name = og__metrics_col(&b, "name", "",
      by_model ? "model" : "region the requests were issued from", OG_COL_STR);
  void *col[NC];
  for (size_t k = 0; k < NC; k++)
    col[k] = og__metrics_col(&b, decl[k].name, decl[k].unit, decl[k].desc, decl[k].type);
  if (by_model) {
    cost = og__metrics_col(&b, "cost_per_million_output_tokens", OG_MONEY,
        "the nodes' compute cost split by service time, per million output tokens", OG_COL_F64);
    slo[0] = og__metrics_col(&b, "slo_ttft", "s", "the model's TTFT bound (NaN: none)", OG_COL_F64);
    slo[1] = og__metrics_col(&b, "slo_tpot", "s", "the model's TPOT bound (NaN: none)", OG_COL_F64);
  }
  if (b.oom)
    return OG_ENOMEM;
  for (size_t i = 0; i < sc->n_models; i++)
    service += t->service[i];
  for (size_t r = 0; r < n; r++) {
    const struct og_tok_count *c = &t->count[g0 + r];
    const struct og_tok_q *q = &t->q[(g0 + r) * OG_TOK_N];
    double v[NC] = {
#define COL_VALUE(cname, unit, type, desc, value) value,
      TOK_COLS(COL_VALUE)
#undef COL_VALUE
    };
    for (size_t k = 0; k < NC; k++)
      if (decl[k].type == OG_COL_I64)
        ((int64_t *)col[k])[r] = (int64_t)v[k];
      else
        ((double *)col[k])[r] = v[k];
    name[r] = by_model ? sc->models[r].name : sc->regions[r].name;
    /* the nodes' cost split between models by the service time of their
     * completed requests */
    if (cost)
      cost[r] = 1e6 * per(compute * per(t->service[r], service), t->out_model[r]);
    if (by_model) {
      double bt, bp;
      og__metrics_slo(m, (uint32_t)r, &bt, &bp);
      slo[0][r] = bt > 0 ? bt : NAN;
      slo[1][r] = bp > 0 ? bp : NAN;
    }
  }
  return OG_OK;
}

enum og_status og__metrics_tok_tables(struct og_metrics *m, double compute)
{
  if (!m->tok.llm)
    return OG_OK;
  enum og_status st = table(m, 1, compute);
  return st == OG_OK ? table(m, 0, compute) : st;
}
