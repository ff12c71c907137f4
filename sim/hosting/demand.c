/* Demand placement: a class's `hosts` says which models its nodes may
 * host; replicas follow the offered load between each model's
 * min_replicas and max_replicas (docs/hosting.md, "Demand placement").
 * This file holds the loader's check and the controller's arithmetic; the
 * controller that loads and drops models at run time is the engine's
 * (sim/engine/autoscale.c). */
#include <math.h>
#include <stdio.h>

#include "placement.h"

static int check(const struct og_scenario *sc, const size_t *allowed, size_t *model, char *msg,
                 size_t len)
{
  for (size_t m = 0; m < sc->n_models; m++) {
    if (allowed[m] >= sc->models[m].min_replicas)
      continue;
    *model = m;
    snprintf(msg, len, "model '%%s' wants min_replicas %zu and only %zu node(s) may host it "
             "(hosts:): let more nodes host it or lower min_replicas",
             sc->models[m].min_replicas, allowed[m]);
    return 1;
  }
  return 0;
}

/* The groups say what each node may host, as static placement reads them;
 * the engine places each model's first min_replicas among them. */
static enum og_status initial(const struct og_scenario *sc, size_t cls, uint32_t *group)
{
  return og_place_static.initial(sc, cls, group);
}

const struct og_placement_type og_place_demand = {
  .check = check,
  .initial = initial,
};

size_t og_demand_want(double work, double target, size_t min, size_t max)
{
  double want = work > 0 ? ceil(work / target - 1e-9) : 0;
  if (want < (double)min)
    return min;
  if (max > 0 && want > (double)max)
    return max;
  return (size_t)want;
}
