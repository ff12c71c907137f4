/* Spot-checking (Proof-of-Sampling style: Zhang et al., "Proof of Sampling:
 * A Nash Equilibrium-Based Verification Protocol for Decentralized
 * Systems", 2024): each served result is checked with probability `rate`,
 * drawn from the serving node's own stream; a validator drawn uniformly
 * among the other up nodes re-executes it on its own simulated capacity
 * (the check waits in its queue like any request); an exact comparison
 * flags every bad result and no honest one, unless the validator colludes
 * with the suspect. Optionally the rate adapts to each node's reputation. */
#include <math.h>

#include "protocol.h"
#include "rng.h"
#include "routing.h"

/* The node's check rate: fixed, or (adaptive) falling linearly with its
 * reputation, the checks it has passed since it was last caught, from
 * `rate` at none to `rate_min` at `reputation` of them (Gonka documents
 * validation from 100% at reputation 0 down to about 1% at full). */
static double rate(const struct og_node *n)
{
  const struct og_verification *v = &n->e->sc->verification;
  if (!v->adaptive)
    return v->rate;
  double rep = (double)n->passed / (double)v->reputation;
  return v->rate - (v->rate - v->rate_min) * (rep < 1 ? rep : 1);
}

static int sampled(struct og_node *n)
{
  return gsl_rng_uniform(n->check_rng) < rate(n);
}

/* A validator: uniform among the up nodes other than the suspect. */
static long validator(struct og_engine *e, uint32_t suspect)
{
  struct og_router *rt = e->router;
  size_t others = rt->n_up - (og_router_is_up(rt, suspect) ? 1 : 0);
  if (others == 0)
    return -1;
  for (;;) {
    size_t v = rt->up[og_rng_index(e->check_rng, rt->n_up)];
    if (v != suspect)
      return (long)v;
  }
}

void og__send_check(struct og_node *n, struct og_request *r, double deadline)
{
  struct og_engine *e = n->e;
  if (!sampled(n))
    return;
  n->cs.checked++;
  if (r->cheated && n->cs.cheats_before_check < 0)
    n->cs.cheats_before_check = (int64_t)n->cs.cheats - 1;
  long v = validator(e, n->id);
  struct og_request *check = v >= 0 ? og__request_new(e) : NULL;
  if (!check) {
    e->oom |= v >= 0;
    return;
  }
  check->kind = OG_KIND_CHECK;
  check->model = r->model;
  check->client = r->client;
  check->suspect_bad = r->cheated;
  check->of = r->id;
  check->suspect = n->id;
  check->deadline = deadline;
  check->node = (uint32_t)v;
  og_router_load_add(e->router, (size_t)v, +1);
  og__node_enqueue(e, &e->nodes[v], check);
  og__request_unref(e, check);
}

static void served(struct og_node *n, struct og_request *r)
{
  og__send_check(n, r, INFINITY);
}

/* Whether a node is declared invalid after a check. First mismatch: on any
 * failed check. Statistical (Gonka's documented rule): when its run of
 * consecutive failures is less likely than 1e-6 under the known honest
 * failure rate f, or, after at least 10 checks, its failure rate's z-score
 * against f exceeds 1; its history then starts over. */
static int invalid(const struct og_verification *v, struct og_node *n, int fail)
{
  if (!v->statistical)
    return fail;
  n->hist_n++;
  n->hist_fail += (uint32_t)fail;
  n->hist_run = fail ? n->hist_run + 1 : 0;
  double f = v->fp_rate;
  int verdict = fail && pow(f, (double)n->hist_run) < 1e-6;
  if (!verdict && n->hist_n >= 10) {
    double rate = (double)n->hist_fail / n->hist_n;
    double sd = sqrt(f * (1 - f) / n->hist_n);
    verdict = sd > 0 ? (rate - f) / sd > 1 : rate > f;
  }
  if (verdict)
    n->hist_n = n->hist_fail = n->hist_run = 0;
  return verdict;
}

/* Whether the re-execution disagrees: within `tolerance` on real outputs
 * of a runnable model (compare: tolerance), else exactly, with honest
 * results failing at `fp_rate`. */
static int compare(struct og_engine *e, const struct og_request *check,
                   const struct og_node *suspect)
{
  const struct og_verification *vf = &e->sc->verification;
  if (vf->tolerance_compare) {
    double d = og__check_distance(e, check->model, check->of, check->suspect_bad, suspect);
    if (d >= 0)
      return d > vf->tolerance;
  }
  return check->suspect_bad || (vf->fp_rate > 0 && gsl_rng_uniform(e->check_rng) < vf->fp_rate);
}

void og__verify_finish(struct og_node *v, struct og_request *check)
{
  struct og_engine *e = v->e;
  struct og_node *suspect = &e->nodes[check->suspect];
  check->state = OG_REQ_DONE;
  v->cs.rewards += e->sc->economics.check_reward;
  if (og__node_real_now(v) > check->deadline) { /* optimistic: the window had closed */
    og_metrics_late_check(e->m);
    return;
  }
  if (check->suspect_bad && v->cheat && v->cheat->colludes && suspect->cheat) {
    v->cs.approved_bad++; /* a coalition member approves a fellow cheater */
    og_metrics_check(e->m, 0);
    return;
  }
  int fail = compare(e, check, suspect);
  suspect->cs.false_fails += fail && !check->suspect_bad;
  suspect->cs.slipped += !fail && check->suspect_bad;
  og_metrics_check(e->m, fail && check->suspect_bad);
  suspect->passed = fail ? 0 : suspect->passed + 1;
  if (invalid(&e->sc->verification, suspect, fail)) {
    suspect->cs.invalidated++;
    og__detect(e, v, suspect, check->model, og__node_real_now(v));
    og_metrics_dispute(e->m, e->sc->verification.dispute_cost);
  }
}

const struct og_protocol_type og_proto_spot_check = {
  .name = "spot_check",
  .can_cheat = og__proto_always,
  .served = served,
};
