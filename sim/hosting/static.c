/* Static placement: what the scenario's `hosts` keys say, fixed for the
 * run. A class with shares gives each model a seeded random choice of its
 * nodes (the counts the loader rounded); the rest host nothing. */
#include <stdio.h>

#include "placement.h"
#include "rng.h"

static int check(const struct og_scenario *sc, const size_t *replicas, size_t *model, char *msg,
                 size_t len)
{
  for (size_t m = 0; m < sc->n_models; m++) {
    size_t have = replicas[m];
    if (have >= sc->models[m].min_replicas)
      continue;
    *model = m;
    snprintf(msg, len, "model '%%s' wants min_replicas %zu and static placement puts it on %zu "
             "node(s): host it on more nodes (hosts:) or lower min_replicas",
             sc->models[m].min_replicas, have);
    return 1;
  }
  return 0;
}

/* Groups in order of the class's shares, then shuffled by the class's own
 * stream, so the choice does not depend on other classes. */
static enum og_status initial(const struct og_scenario *sc, size_t cls, uint32_t *group)
{
  const struct og_node_class *c = &sc->classes[cls];
  size_t k = 0;
  for (size_t j = 0; j < c->n_groups; j++)
    for (size_t i = 0; i < c->groups[j].count; i++)
      group[k++] = (uint32_t)j;
  if (c->hosts_form != OG_HOSTS_SHARES || c->count < 2)
    return OG_OK;
  gsl_rng *rng = og_rng_new(sc->seed, OG_RNG_PLACEMENT, cls);
  if (!rng)
    return OG_ENOMEM;
  for (size_t i = c->count - 1; i > 0; i--) { /* Fisher-Yates */
    size_t j = og_rng_index(rng, i + 1);
    uint32_t t = group[i];
    group[i] = group[j];
    group[j] = t;
  }
  gsl_rng_free(rng);
  return OG_OK;
}

const struct og_placement_type og_place_static = {
  .check = check,
  .initial = initial,
};
