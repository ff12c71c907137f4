/* Dishonest nodes and spot-check verification (Proof-of-Sampling style:
 * Zhang et al., "Proof of Sampling: A Nash Equilibrium-Based Verification
 * Protocol for Decentralized Systems", 2024). A served result is checked
 * with probability `rate`, drawn from the serving node's own stream; a
 * validator drawn uniformly among the other up nodes re-executes it on its
 * own simulated capacity (the check waits in its queue like any request);
 * an exact comparison of outputs flags every cheated result and no honest
 * one. A caught node is ejected (routed no more work) unless on_detect is
 * keep. Colluding validators approve fellow cheaters' bad results; adaptive
 * cheaters turn honest once caught. */
#include <math.h>
#include <stdlib.h>

#include "engine_internal.h"
#include "rng.h"
#include "routing.h"

enum og_status og__assign_dishonest(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  size_t first = 0;
  for (size_t c = 0; c < sc->n_classes; c++) {
    size_t count = sc->classes[c].count, taken = 0;
    for (size_t g = 0; g < sc->n_dishonest; g++) {
      const struct og_dishonest *d = &sc->dishonest[g];
      if (d->cls != c)
        continue;
      size_t k = (size_t)llround(d->share * (double)count);
      /* the first nodes of the class not yet taken by an earlier group */
      for (size_t i = taken; i < count && i < taken + k; i++) {
        struct og_node *n = &e->nodes[first + i];
        n->cheat = d;
        if (!(n->strat_rng = og_rng_new(sc->seed, OG_RNG_STRATEGY, n->id)))
          return OG_ENOMEM;
      }
      taken = taken + k < count ? taken + k : count;
    }
    first += count;
  }
  if (sc->verification.protocol == OG_PROTO_NONE)
    return OG_OK;
  if (!(e->check_rng = og_rng_new(sc->seed, OG_RNG_VERIFY, UINT64_MAX)))
    return OG_ENOMEM;
  for (size_t i = 0; i < e->n_nodes; i++)
    if (!(e->nodes[i].check_rng = og_rng_new(sc->seed, OG_RNG_VERIFY, i)))
      return OG_ENOMEM;
  return OG_OK;
}

/* One draw per served result from the serving node's own stream, so each
 * node's results are checked independently with probability `rate`. */
static int sampled(struct og_node *n)
{
  return gsl_rng_uniform(n->check_rng) < n->e->sc->verification.rate;
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

void og__verify_after_serve(struct og_node *n, struct og_request *r)
{
  struct og_engine *e = n->e;
  double now = og__now() + (e->sc->net_mode == OG_NET_FAST ? n->to_gateway.latency : 0);
  n->cs.results++;
  n->cs.revenue += e->sc->models[r->model].fee;
  if (r->cheated) {
    if (n->cs.cheats++ == 0)
      n->cs.first_cheat = now;
  }
  if (e->sc->verification.protocol != OG_PROTO_SPOT_CHECK || !sampled(n))
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
  check->suspect = n->id;
  check->deadline = INFINITY;
  check->node = (uint32_t)v;
  og_router_load_add(e->router, (size_t)v, +1);
  og__node_enqueue(e, &e->nodes[v], check);
  og__request_unref(e, check);
}

void og__verify_finish(struct og_node *validator_node, struct og_request *check)
{
  struct og_engine *e = validator_node->e;
  struct og_node *suspect = &e->nodes[check->suspect];
  const struct og_economics *ec = &e->sc->economics;
  check->state = OG_REQ_DONE;
  validator_node->cs.rewards += ec->check_reward;
  if (check->suspect_bad && validator_node->cheat && validator_node->cheat->colludes &&
      suspect->cheat) { /* a coalition member approves a fellow cheater */
    validator_node->cs.approved_bad++;
    og_metrics_check(e->m, 0);
    return;
  }
  og_metrics_check(e->m, check->suspect_bad);
  if (!check->suspect_bad)
    return; /* exact comparison: an honest result always matches */
  /* the bad result earns nothing, the suspect loses a share of its stake,
   * the validator gets the whistleblower's part of it */
  double slash = ec->slash * e->sc->classes[suspect->cls].stake;
  suspect->cs.revenue -= e->sc->models[check->model].fee;
  suspect->cs.slashed += slash;
  validator_node->cs.rewards += ec->whistleblower * slash;
  if (suspect->cs.caught < 0)
    suspect->cs.caught = og__now() + (e->sc->net_mode == OG_NET_FAST
                                          ? validator_node->to_gateway.latency : 0);
  if (e->sc->verification.eject && !suspect->ejected) {
    suspect->ejected = 1;
    og_router_set_up(e->router, suspect->id, 0);
  }
}
