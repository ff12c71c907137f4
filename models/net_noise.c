/* Numerical noise of honest runs (batch composition, BLAS threads: float
 * reassociation) next to the distance of each cheating variant: the measured
 * basis for tolerance-based verification. */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>

#include "net.h"

static double worst(const float *a, const float *ref, size_t batch, size_t ol, double prev)
{
  for (size_t r = 0; r < batch; r++)
    prev = fmax(prev, og_net_distance(a + r * ol, ref + r * ol, ol));
  return prev;
}

/* Reference: each request alone, one thread. */
static enum og_status alone(struct og_net *n, const float *in, size_t B, float *ref)
{
  size_t il = og_net_input_len(n), ol = og_net_output_len(n);
  for (size_t r = 0; r < B; r++) {
    enum og_status st = og_net_forward(n, OG_EXEC_HONEST, in + r * il, 1, ref + r * ol, 0);
    if (st != OG_OK)
      return st;
  }
  return OG_OK;
}

enum og_status og_net_noise(struct og_net *n, uint64_t seed, size_t requests,
                            struct og_noise *out)
{
  size_t il = og_net_input_len(n), ol = og_net_output_len(n), B = requests;
  float *in = malloc(B * il * sizeof *in), *ref = malloc(B * ol * sizeof *ref);
  float *got = malloc(B * ol * sizeof *got);
  enum og_status st = in && ref && got ? OG_OK : OG_ENOMEM;
  *out = (struct og_noise){0};
  for (size_t r = 0; st == OG_OK && r < B; r++)
    og_net_input(n, seed, r, in + r * il);
  openblas_set_num_threads(1);
  if (st == OG_OK)
    st = alone(n, in, B, ref);
  if (st == OG_OK && (st = og_net_forward(n, OG_EXEC_HONEST, in, B, got, 0)) == OG_OK)
    out->batch = worst(got, ref, B, ol, 0);
  openblas_set_num_threads(2);
  if (st == OG_OK && (st = og_net_forward(n, OG_EXEC_HONEST, in, B, got, 0)) == OG_OK)
    out->threads = worst(got, ref, B, ol, 0);
  openblas_set_num_threads(1);
  for (int v = OG_EXEC_FP16; st == OG_OK && v < OG_EXEC_VARIANT_COUNT_; v++) {
    double smallest = INFINITY;
    for (size_t r = 0; st == OG_OK && r < B; r++) {
      st = og_net_forward(n, (enum og_exec_variant)v, in + r * il, 1, got, seed + r);
      smallest = fmin(smallest, og_net_distance(got, ref + r * ol, ol));
    }
    out->variant[v] = smallest; /* the cheat closest to honest: what a tolerance must beat */
  }
  free(in), free(ref), free(got);
  return st;
}
