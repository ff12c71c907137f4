/* Stake-weighted routing: an up node is chosen with probability proportional
 * to its stake (Walker/Vose alias table over all nodes; draws that land on a
 * down node are redrawn, which keeps the proportions among up nodes). */
#include "rng.h"
#include "routing.h"

static enum og_status init(struct og_router *r)
{
  struct og_alias *a = NULL;
  enum og_status st = og_alias_new(r->stake, r->n, &a, NULL);
  r->policy = a;
  return st;
}

static void fini(struct og_router *r)
{
  og_alias_free(r->policy);
}

static size_t pick(struct og_router *r)
{
  for (int tries = 0; tries < 64; tries++) {
    size_t i = og_alias_sample(r->policy, r->rng);
    if (og_router_is_up(r, i))
      return i;
  }
  /* Most of the stake is down: fall back to scanning the up nodes. */
  double total = 0;
  for (size_t k = 0; k < r->n_up; k++)
    total += r->stake[r->up[k]];
  double u = gsl_rng_uniform(r->rng) * total;
  for (size_t k = 0; k < r->n_up; k++) {
    u -= r->stake[r->up[k]];
    if (u < 0)
      return r->up[k];
  }
  return r->up[r->n_up - 1];
}

const struct og_routing_type og_route_stake_weighted = {
  .pick = pick,
  .init = init,
  .fini = fini,
};
