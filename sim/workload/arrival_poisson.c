/* Poisson arrivals: exponential gaps at the client's share of the rate. */
#include "arrival.h"
#include "rng.h"

static double next(struct og_arrival *a, double now)
{
  return now + og_rng_exponential(a->gaps, 1.0 / (a->w->rate * a->share));
}

const struct og_arrival_type og_arrival_poisson = {
  .kind = OG_ARRIVAL_POISSON,
  .next = next,
};
