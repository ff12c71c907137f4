/* Who re-executes a result: a validator drawn among the up nodes that host
 * the request's model (its router pool), other than those already
 * involved, uniformly or with probability proportional to its stake
 * (Proof-of-Sampling lets either pick the validator); the same picks serve
 * redundancy's copies and a quorum's committee. */
#include <math.h>
#include <stdlib.h>

#include "protocol.h"
#include "rng.h"
#include "routing.h"

enum og_status og__stake_table(struct og_engine *e)
{
  if (e->stake_alias || e->n_nodes == 0)
    return OG_OK;
  double *w = malloc(e->n_nodes * sizeof *w);
  if (!w)
    return OG_ENOMEM;
  for (size_t i = 0; i < e->n_nodes; i++)
    w[i] = e->sc->classes[e->nodes[i].cls].stake;
  enum og_status st = og_alias_new(w, e->n_nodes, &e->stake_alias, NULL);
  free(w);
  return st;
}

enum og_status og__validators_init(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  int by_stake = 0;
  for (size_t i = 0; i < sc->n_models; i++)
    by_stake |= sc->models[i].verification.by_stake;
  return by_stake ? og__stake_table(e) : OG_OK;
}

long og__pick_by_stake(struct og_engine *e, const struct og_pool *p, og__skip_fn skip,
                       const void *ctx)
{
  for (int tries = 0; tries < 64; tries++) {
    size_t v = og_alias_sample(e->stake_alias, e->check_rng);
    if (p->pos[v] < OG_POOL_DOWN && !skip(ctx, v))
      return (long)v;
  }
  double total = 0;
  for (size_t k = 0; k < p->n_up; k++) {
    size_t c = p->up[k];
    if (!skip(ctx, c))
      total += e->sc->classes[e->nodes[c].cls].stake;
  }
  double u = gsl_rng_uniform(e->check_rng) * total;
  long last = -1;
  for (size_t k = 0; k < p->n_up; k++) {
    size_t c = p->up[k];
    if (skip(ctx, c))
      continue;
    last = (long)c;
    u -= e->sc->classes[e->nodes[c].cls].stake;
    if (u < 0)
      break;
  }
  return last;
}

size_t og__pick_uniform(struct og_engine *e, const struct og_pool *p, og__skip_fn skip,
                        const void *ctx)
{
  for (;;) {
    size_t c = p->up[og_rng_index(e->check_rng, p->n_up)];
    if (!skip(ctx, c))
      return c;
  }
}

/* The nodes a validator may not be: not[0..n). */
struct not_list {
  const uint32_t *not;
  size_t n;
};

static int excluded(uint32_t v, const uint32_t *not, size_t n_not)
{
  for (size_t i = 0; i < n_not; i++)
    if (not[i] == v)
      return 1;
  return 0;
}

static int in_list(const void *ctx, size_t node)
{
  const struct not_list *l = ctx;
  return excluded((uint32_t)node, l->not, l->n);
}

long og__validator_pick(struct og_engine *e, uint32_t model, const struct og_verification *v,
                        const uint32_t *not, size_t n_not)
{
  const struct og_pool *p = og_router_pool(e->router, model);
  size_t others = p->n_up;
  for (size_t i = 0; i < n_not; i++)
    others -= p->pos[not[i]] < OG_POOL_DOWN && !excluded(not[i], not, i);
  if (others == 0)
    return -1;
  struct not_list l = {not, n_not};
  return v->by_stake ? og__pick_by_stake(e, p, in_list, &l)
                     : (long)og__pick_uniform(e, p, in_list, &l);
}
