/* Stake-weighted routing: an up node is chosen with probability proportional
 * to its stake (Walker/Vose alias table over the pool's members; draws that
 * land on a down node are redrawn, which keeps the proportions among up
 * nodes). */
#include <stdlib.h>

#include "rng.h"
#include "routing.h"

struct members {
  struct og_alias *alias; /* over node[0..n) */
  uint32_t *node;         /* the pool's members, in id order */
};

static enum og_status init(struct og_router *r, struct og_pool *p)
{
  struct members *s = calloc(1, sizeof *s);
  if (!s)
    return OG_ENOMEM;
  p->policy = s;
  size_t n = 0;
  double *w = malloc((p->members ? p->members : 1) * sizeof *w);
  s->node = malloc((p->members ? p->members : 1) * sizeof *s->node);
  if (!w || !s->node) {
    free(w);
    return OG_ENOMEM;
  }
  for (size_t i = 0; i < r->n; i++)
    if (p->pos[i] != OG_POOL_OUT) {
      s->node[n] = (uint32_t)i;
      w[n++] = r->stake[i];
    }
  enum og_status st = n ? og_alias_new(w, n, &s->alias, NULL) : OG_OK;
  free(w);
  return st;
}

static void fini(struct og_router *r, struct og_pool *p)
{
  (void)r;
  struct members *s = p->policy;
  if (!s)
    return;
  og_alias_free(s->alias);
  free(s->node);
  free(s);
}

static size_t pick(struct og_router *r, struct og_pool *p)
{
  const struct members *s = p->policy;
  for (int tries = 0; tries < 64; tries++) {
    size_t i = s->node[og_alias_sample(s->alias, r->rng)];
    if (p->pos[i] < OG_POOL_DOWN)
      return i;
  }
  /* Most of the stake is down: fall back to scanning the up nodes. */
  double total = 0;
  for (size_t k = 0; k < p->n_up; k++)
    total += r->stake[p->up[k]];
  double u = gsl_rng_uniform(r->rng) * total;
  for (size_t k = 0; k < p->n_up; k++) {
    u -= r->stake[p->up[k]];
    if (u < 0)
      return p->up[k];
  }
  return p->up[p->n_up - 1];
}

const struct og_routing_type og_route_stake_weighted = {
  .pick = pick,
  .init = init,
  .fini = fini,
};
