/* Construction of arrival processes, and the table that maps a workload's
 * arrival kind to its descriptor. */
#include "arrival.h"

#include <stdlib.h>

#include "rng.h"

#define OG_ARRIVAL_ENTRY(E, name) [OG_ARRIVAL_##E] = &og_arrival_##name,
static const struct og_arrival_type *const types[OG_ARRIVAL_COUNT] = {
  OG_ARRIVAL_LIST(OG_ARRIVAL_ENTRY)
};
#undef OG_ARRIVAL_ENTRY

enum og_status og_arrival_new(const struct og_workload *w, double share, uint64_t seed,
                              uint64_t entity, struct og_arrival **out)
{
  struct og_arrival *a = calloc(1, sizeof *a);
  *out = NULL;
  if (!a)
    return OG_ENOMEM;
  a->type = types[w->arrival];
  a->w = w;
  a->share = share;
  a->gaps = og_rng_new(seed, OG_RNG_ARRIVAL, entity);
  a->states = og_rng_new(seed, OG_RNG_MMPP, entity);
  if (!a->gaps || !a->states)
    goto fail;
  if (w->arrival == OG_ARRIVAL_MMPP && w->n_mmpp > 0)
    a->state_end = og_rng_exponential(a->states, w->mmpp[0].mean_dwell);
  if (a->type->setup && a->type->setup(a, seed, entity) != OG_OK)
    goto fail;
  *out = a;
  return OG_OK;
fail:
  og_arrival_free(a);
  return OG_ENOMEM;
}

void og_arrival_free(struct og_arrival *a)
{
  if (!a)
    return;
  if (a->type && a->type->fini)
    a->type->fini(a);
  if (a->gaps)
    gsl_rng_free(a->gaps);
  if (a->states)
    gsl_rng_free(a->states);
  free(a);
}
