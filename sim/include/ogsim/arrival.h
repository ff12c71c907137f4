/* Arrival processes of a client region: one descriptor per process (Poisson,
 * MMPP), each behind the same small interface. */
#ifndef OG_ARRIVAL_H
#define OG_ARRIVAL_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "scenario.h"
#include "status.h"

struct og_arrival;

/* A process's descriptor, og_arrival_NAME (arrival_list.h lists them). */
struct og_arrival_type {
  enum og_arrival_kind kind;
  /* Time of the next arrival after `now`. */
  double (*next)(struct og_arrival *a, double now);
};

struct og_arrival {
  const struct og_arrival_type *type;
  const struct og_workload *w;
  double share;       /* this client's share of the network's rate */
  gsl_rng *gaps;      /* inter-arrival draws */
  gsl_rng *states;    /* MMPP state holding times */
  size_t state;       /* MMPP: current state */
  double state_end;   /* MMPP: when the current state ends */
};

#define OG_ARRIVAL_DECLARE(E, name) extern const struct og_arrival_type og_arrival_##name;
OG_ARRIVAL_LIST(OG_ARRIVAL_DECLARE)
#undef OG_ARRIVAL_DECLARE

/* Arrival process for one client region (entity) of the workload.
 * *out is owned by the caller (og_arrival_free). */
OG_MUST_CHECK enum og_status og_arrival_new(const struct og_workload *w, double share,
                                            uint64_t seed, uint64_t entity,
                                            struct og_arrival **out);
void og_arrival_free(struct og_arrival *a);

static inline double og_arrival_next(struct og_arrival *a, double now)
{
  return a->type->next(a, now);
}

#endif
