/* Markov-modulated Poisson arrivals (bursty traffic): the process stays in
 * each state for an exponential time of the state's mean dwell, then moves
 * to the next state in order; within a state arrivals are Poisson. A gap that
 * crosses a state change is redrawn from the change on (memorylessness). */
#include <math.h>

#include "arrival.h"
#include "rng.h"

static double next(struct og_arrival *a, double now)
{
  const struct og_workload *w = a->w;
  double t = now;
  for (;;) {
    double rate = w->mmpp[a->state].rate * a->share;
    double cand = rate > 0 ? t + og_rng_exponential(a->gaps, 1.0 / rate) : INFINITY;
    if (cand <= a->state_end)
      return cand;
    t = a->state_end;
    a->state = (a->state + 1) % w->n_mmpp;
    a->state_end = t + og_rng_exponential(a->states, w->mmpp[a->state].mean_dwell);
  }
}

const struct og_arrival_type og_arrival_mmpp = {
  .kind = OG_ARRIVAL_MMPP,
  .next = next,
};
