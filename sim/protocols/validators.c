/* Who re-executes a result: a validator drawn among the up nodes other than
 * those already involved, uniformly or with probability proportional to its
 * stake (Proof-of-Sampling lets either pick the validator). */
#include <math.h>
#include <stdlib.h>

#include "protocol.h"
#include "rng.h"
#include "routing.h"

enum og_status og__validators_init(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  int by_stake = 0;
  for (size_t i = 0; i < sc->n_models; i++)
    by_stake |= sc->models[i].verification.by_stake;
  if (!by_stake || e->n_nodes == 0)
    return OG_OK;
  double *w = malloc(e->n_nodes * sizeof *w);
  if (!w)
    return OG_ENOMEM;
  for (size_t i = 0; i < e->n_nodes; i++)
    w[i] = sc->classes[e->nodes[i].cls].stake;
  enum og_status st = og_alias_new(w, e->n_nodes, &e->stake_alias, NULL);
  free(w);
  return st;
}

static int excluded(uint32_t v, const uint32_t *not, size_t n_not)
{
  for (size_t i = 0; i < n_not; i++)
    if (not[i] == v)
      return 1;
  return 0;
}

/* By stake: alias draws, redrawn when they land on a down or excluded node;
 * after 64 misses, a scan of the up nodes by stake. */
static long by_stake(struct og_engine *e, const uint32_t *not, size_t n_not)
{
  struct og_router *rt = e->router;
  for (int tries = 0; tries < 64; tries++) {
    size_t v = og_alias_sample(e->stake_alias, e->check_rng);
    if (og_router_is_up(rt, v) && !excluded((uint32_t)v, not, n_not))
      return (long)v;
  }
  double total = 0;
  for (size_t k = 0; k < og_router_n_up(rt); k++) {
    size_t c = og_router_up_at(rt, k);
    if (!excluded((uint32_t)c, not, n_not))
      total += e->sc->classes[e->nodes[c].cls].stake;
  }
  double u = gsl_rng_uniform(e->check_rng) * total;
  long last = -1;
  for (size_t k = 0; k < og_router_n_up(rt); k++) {
    size_t c = og_router_up_at(rt, k);
    if (excluded((uint32_t)c, not, n_not))
      continue;
    last = (long)c;
    u -= e->sc->classes[e->nodes[c].cls].stake;
    if (u < 0)
      break;
  }
  return last;
}

long og__validator_pick(struct og_engine *e, const struct og_verification *v,
                        const uint32_t *not, size_t n_not)
{
  struct og_router *rt = e->router;
  size_t others = og_router_n_up(rt);
  for (size_t i = 0; i < n_not; i++)
    others -= og_router_is_up(rt, not[i]) && !excluded(not[i], not, i);
  if (others == 0)
    return -1;
  if (v->by_stake)
    return by_stake(e, not, n_not);
  for (;;) {
    size_t c = og_router_up_at(rt, og_rng_index(e->check_rng, og_router_n_up(rt)));
    if (!excluded((uint32_t)c, not, n_not))
      return (long)c;
  }
}
