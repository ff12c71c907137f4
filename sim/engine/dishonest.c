/* Which nodes cheat: each dishonest group takes a share of one class's
 * nodes, or nodes holding a share of the stake (of one class, or of the
 * whole network). The choice depends on the seed and the groups only, not
 * on the verification parameters, so runs that differ in those compare the
 * same cheaters. */
#include <math.h>
#include <stdlib.h>

#include "protocol.h"
#include "rng.h"

static enum og_status make_cheater(struct og_engine *e, struct og_node *n,
                                   const struct og_dishonest *d)
{
  n->cheat = d;
  n->strat_rng = og_rng_new(e->sc->seed, OG_RNG_STRATEGY, n->id);
  return n->strat_rng ? OG_OK : OG_ENOMEM;
}

/* Groups by share of a class's nodes: the first nodes of the class not yet
 * taken by an earlier group. */
static enum og_status by_nodes(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  size_t first = 0;
  for (size_t c = 0; c < sc->n_classes; c++) {
    size_t count = sc->classes[c].count, taken = 0;
    for (size_t g = 0; g < sc->n_dishonest; g++) {
      const struct og_dishonest *d = &sc->dishonest[g];
      if (d->cls != c || isnan(d->share))
        continue;
      size_t k = (size_t)llround(d->share * (double)count);
      for (size_t i = taken; i < count && i < taken + k; i++)
        if (make_cheater(e, &e->nodes[first + i], d) != OG_OK)
          return OG_ENOMEM;
      taken = taken + k < count ? taken + k : count;
    }
    first += count;
  }
  return OG_OK;
}

/* One group by share of stake: the candidates (its class's nodes, or all)
 * in a seeded random order; each honest one is taken while the stake taken
 * stays within the target (a node that would overshoot is passed over). */
static enum og_status by_stake(struct og_engine *e, size_t g, size_t *order)
{
  const struct og_scenario *sc = e->sc;
  const struct og_dishonest *d = &sc->dishonest[g];
  size_t n = 0;
  double total = 0;
  for (size_t i = 0; i < e->n_nodes; i++)
    if (d->cls == SIZE_MAX || e->nodes[i].cls == d->cls) {
      order[n++] = i;
      total += sc->classes[e->nodes[i].cls].stake;
    }
  gsl_rng *rng = og_rng_new(sc->seed, OG_RNG_STRATEGY, UINT64_MAX - g);
  if (!rng)
    return OG_ENOMEM;
  for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
    size_t j = og_rng_index(rng, i), t = order[i - 1];
    order[i - 1] = order[j], order[j] = t;
  }
  gsl_rng_free(rng);
  double target = d->stake_share * total, taken = 0, slack = 1e-9 * total;
  for (size_t k = 0; k < n && taken < target - slack; k++) {
    struct og_node *node = &e->nodes[order[k]];
    double s = sc->classes[node->cls].stake;
    if (node->cheat || taken + s > target + slack)
      continue;
    if (make_cheater(e, node, d) != OG_OK)
      return OG_ENOMEM;
    taken += s;
  }
  return OG_OK;
}

enum og_status og__assign_dishonest(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  if (by_nodes(e) != OG_OK)
    return OG_ENOMEM;
  size_t *order = malloc((e->n_nodes ? e->n_nodes : 1) * sizeof *order);
  if (!order)
    return OG_ENOMEM;
  for (size_t g = 0; g < sc->n_dishonest; g++)
    if (!isnan(sc->dishonest[g].stake_share) && by_stake(e, g, order) != OG_OK) {
      free(order);
      return OG_ENOMEM;
    }
  free(order);
  return OG_OK;
}
