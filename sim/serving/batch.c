/* The batching serving engine: FIFO, a batch of up to the class's
 * max_batch requests of the head's model, started once full or once the
 * head has waited batch_window; roofline service time. */
#include <math.h>
#include <stdint.h>

#include "estimate.h"
#include "rng.h"
#include "serving.h"

/* Service time of a batch of b requests of model m on the node's class:
 * the roofline the estimate and `validate` use too (og_batch_seconds); an
 * LLM's batch is padded to its longest prompt and output. */
static double batch_time(struct og_node *n, const struct og_model *m, double b)
{
  if (b <= 0)
    return 0; /* every request of the batch skipped (lazy cheats) */
  const struct og_node_class *c = &n->e->sc->classes[n->cls];
  double t;
  struct og_roofline_parts parts;
  if (m->llm) {
    double p = 0, o = 0;
    for (size_t i = 0; i < n->batch_len; i++) {
      p = fmax(p, n->batch[i].req->prompt_tokens);
      o = fmax(o, n->batch[i].req->output_tokens);
    }
    t = og_static_llm_cost(c, m, b, p, fmax(o, 1), &parts);
    n->verifying = og_verify_share(&m->verification, t, fmax(o, 1)); /* a prefill, o - 1 steps */
  } else {
    t = og_batch_cost(c, m, b, &parts);
    n->verifying = og_verify_share(&m->verification, t, 1);
  }
  og__node_shares(n, &parts, t);
  if (m->service == OG_SERVICE_EXPONENTIAL)
    t *= og_rng_exponential(n->rng, 1.0);
  return t;
}

/* Take up to max_batch live requests of the head's model off the queue. */
static void take_batch(struct og_node *n)
{
  const struct og_node_class *c = &n->e->sc->classes[n->cls];
  n->batch_len = 0;
  uint32_t model = UINT32_MAX;
  while (n->q_len > 0 && n->batch_len < c->max_batch) {
    struct og_qentry en = n->q[n->q_head];
    if (!og__entry_live(en)) {
      og__node_q_pop(n);
      og__node_release(n, en.req);
      continue;
    }
    if (model != UINT32_MAX && en.req->model != model)
      break;
    model = en.req->model;
    n->batch[n->batch_len++] = og__node_q_pop(n);
  }
}

/* The batch's requests a pass computes: all but cheats that compute
 * nothing (lazy). Counted per batch started (batch_size_mean). */
static void count_pass(struct og_node *n)
{
  double k = 0;
  for (size_t i = 0; i < n->batch_len; i++)
    k += !(n->batch[i].req->cheated && n->cheat->cost_factor == 0);
  if (k > 0) {
    n->st.passes++;
    n->st.pass_seqs += k;
  }
}

/* Nothing in service and the queue's head live: serve a batch now, or wait
 * for the head's batching window to end (or for a full batch). */
static double step(struct og_node *n, double now)
{
  if (n->busy)
    return INFINITY; /* arrivals wait for the batch in service */
  const struct og_node_class *c = &n->e->sc->classes[n->cls];
  double window_end = n->q[n->q_head].req->t_ready + c->batch_window;
  if (n->q_len < c->max_batch && now < window_end)
    return window_end;
  take_batch(n);
  const struct og_model *m = &n->e->sc->models[n->batch[0].req->model];
  double b = og__node_decide(n);
  count_pass(n);
  og__node_serve(n, now, batch_time(n, m, b));
  return INFINITY;
}

/* A batching window ends early once a full batch is waiting. */
static int wake(const struct og_node *n)
{
  return !n->busy && n->q_len >= n->e->sc->classes[n->cls].max_batch;
}

const struct og_serving_type og_serving_batch = {
  .step = step,
  .wake = wake,
};
