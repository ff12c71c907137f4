/* Arrival processes of a client region: one descriptor per process (Poisson,
 * MMPP, trace), each behind the same small interface; and the draw of a
 * request's token counts and message sizes from its model's distributions. */
#ifndef OG_ARRIVAL_H
#define OG_ARRIVAL_H

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>

#include "scenario.h"
#include "status.h"

struct og_arrival;

/* What an arrival says of its request (a trace's row): its model
 * (OG_TRACE_NO_MODEL: the mix decides), token counts where has_*, and
 * message sizes in bytes (NAN: the model's sizes decide). */
struct og_arrival_req {
  uint32_t model;
  int has_prompt, has_output;
  uint32_t prompt, output;
  double request_bytes, response_bytes;
};

/* A process's descriptor, og_arrival_NAME (arrival_list.h lists them). */
struct og_arrival_type {
  enum og_arrival_kind kind;
  /* Time of the next arrival after `now` (INFINITY: no more). */
  double (*next)(struct og_arrival *a, double now);
  /* The request of the arrival `next` returned last; NULL: nothing (the
   * mix and the model's shapes decide). */
  void (*req)(const struct og_arrival *a, struct og_arrival_req *out);
  /* Per-client state set up and freed (NULL: none). */
  enum og_status (*setup)(struct og_arrival *a, uint64_t seed, uint64_t entity);
  void (*fini)(struct og_arrival *a);
};

struct og_arrival {
  const struct og_arrival_type *type;
  const struct og_workload *w;
  double share;       /* this client's share of the network's rate */
  gsl_rng *gaps;      /* inter-arrival draws */
  gsl_rng *states;    /* MMPP state holding times */
  size_t state;       /* MMPP: current state */
  double state_end;   /* MMPP: when the current state ends */
  size_t *rows;       /* trace: this client's rows, in time order */
  size_t n_rows, cur; /* trace: how many; the one `next` returned last + 1 */
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

/* The request of the arrival og_arrival_next returned last. */
static inline void og_arrival_req(const struct og_arrival *a, struct og_arrival_req *out)
{
  *out = (struct og_arrival_req){
      .model = OG_TRACE_NO_MODEL, .request_bytes = NAN, .response_bytes = NAN};
  if (a->type->req)
    a->type->req(a, out);
}

/* One token count drawn from s (no draw when it is fixed): an integer >= 1,
 * or a fixed count as given (0 for models that are not LLMs). Lognormal:
 * exp(N(mu, sigma)) rounded to the nearest integer, then clamped to [min,
 * max]; uniform: each of min..max equally likely; histogram: a row with
 * probability weight / total weight (alias table). */
uint32_t og_shape_draw(const struct og_shape *s, gsl_rng *r);

/* One message size in bytes drawn from s: a double >= 0, not rounded (no
 * draw when it is fixed: its value). Lognormal: exp(N(mu, sigma)) clamped
 * to [min, max]; uniform: continuous on [min, max); histogram as above. */
double og_shape_draw_size(const struct og_shape *s, gsl_rng *r);

#endif
