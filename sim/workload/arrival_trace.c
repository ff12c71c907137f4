/* Trace arrivals: the rows of workload.trace replayed. Each row is issued
 * floor(rate_scale) times, and once more with probability rate_scale -
 * floor(rate_scale) (so rate_scale < 1 thins the trace by a Bernoulli draw
 * per row, > 1 replicates rows at their own times); each copy goes to one
 * client region, drawn by the regions' shares. The draws hash (seed, row,
 * copy), so every client sees the same assignment and keeps only its rows.
 * A row's time is its time in the trace divided by speedup. */
#include <math.h>
#include <stdlib.h>

#include "arrival.h"
#include "grow.h"
#include "rng.h"

/* A uniform in [0, 1) from a stream seed (53 bits). */
static double unit(uint64_t h)
{
  return (double)(h >> 11) * 0x1p-53;
}

static size_t client_of(const struct og_workload *w, double u)
{
  double cum = 0;
  for (size_t c = 0; c + 1 < w->n_clients; c++)
    if (u < (cum += w->clients[c].share))
      return c;
  return w->n_clients - 1;
}

static enum og_status setup(struct og_arrival *a, uint64_t seed, uint64_t entity)
{
  const struct og_workload *w = a->w;
  const struct og_trace *t = &w->trace;
  double whole = floor(t->rate_scale), part = t->rate_scale - whole;
  size_t cap = 0;
  for (size_t i = 0; i < t->n_rows; i++) {
    uint64_t h = og_rng_stream_seed(seed, OG_RNG_TRACE, i);
    size_t copies = (size_t)whole + (unit(h) < part);
    for (size_t j = 0; j < copies; j++) {
      if (w->n_clients > 1 &&
          client_of(w, unit(og_rng_stream_seed(h, OG_RNG_TRACE, j + 1))) != entity)
        continue;
      if (og_grow((void **)&a->rows, &cap, a->n_rows + 1, sizeof *a->rows, 256))
        return OG_ENOMEM;
      a->rows[a->n_rows++] = i;
    }
  }
  return OG_OK;
}

static void fini(struct og_arrival *a)
{
  free(a->rows);
}

static double next(struct og_arrival *a, double now)
{
  (void)now;
  if (a->cur >= a->n_rows)
    return INFINITY;
  return a->w->trace.t[a->rows[a->cur++]] / a->w->trace.speedup;
}

static void req(const struct og_arrival *a, struct og_arrival_req *out)
{
  const struct og_trace *t = &a->w->trace;
  size_t row = a->rows[a->cur - 1];
  out->model = t->model[row];
  out->has_prompt = t->has_prompt;
  out->has_output = t->has_output;
  out->prompt = t->prompt[row];
  out->output = t->output[row];
  if (t->request_bytes)
    out->request_bytes = t->request_bytes[row];
  if (t->response_bytes)
    out->response_bytes = t->response_bytes[row];
}

const struct og_arrival_type og_arrival_trace = {
  .kind = OG_ARRIVAL_TRACE,
  .next = next,
  .req = req,
  .setup = setup,
  .fini = fini,
};
