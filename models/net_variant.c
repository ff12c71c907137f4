/* The variants of a forward pass: honest, rounded (fp16, int8), layers
 * skipped, a substitute model, or no compute at all. */
#include <stdlib.h>
#include <string.h>

#include "net_internal.h"
#include "rng.h"

/* The weights rounded as the variant needs, made once. */
static const float *rounded(struct og_net *n, enum og_exec_variant v)
{
  float **slot = v == OG_EXEC_FP16 ? &n->w16 : &n->w8;
  if (*slot)
    return *slot;
  float *w = malloc(n->n_params * sizeof *w);
  if (!w)
    return NULL;
  memcpy(w, n->w, n->n_params * sizeof *w);
  if (v == OG_EXEC_FP16)
    og__w_fp16(w, n->n_params);
  else /* one scale per block: `hidden` values (transformers), 32 (MLP) */
    og__w_int8(w, n->n_params, n->a.kind == OG_ARCH_MLP ? 32 : n->a.hidden);
  *slot = w;
  return w;
}

/* The substitute: half the width (og_variant_half_width), other weights. */
static struct og_net *substitute(struct og_net *n)
{
  if (n->sub)
    return n->sub;
  struct og_arch a = og_variant_half_width(&n->a);
  if (og_net_new(&a, n->seed ^ 0x5b57u, &n->sub) != OG_OK)
    return NULL;
  return n->sub;
}

static void lazy(const struct og_net *n, size_t batch, float *out, uint64_t seed)
{
  gsl_rng *r = og_rng_new(seed, OG_RNG_STRATEGY, 0);
  size_t len = batch * og_net_output_len(n);
  for (size_t i = 0; i < len; i++)
    out[i] = r ? (float)(2 * gsl_rng_uniform(r) - 1) : 0.0f;
  if (r)
    gsl_rng_free(r);
}

enum og_status og_net_forward(struct og_net *n, enum og_exec_variant v, const float *in,
                              size_t batch, float *out, uint64_t seed)
{
  const float *w = n->w;
  enum og_act act = OG_ACT_FP32;
  int skip = v == OG_EXEC_SKIP;
  if (v == OG_EXEC_LAZY) {
    lazy(n, batch, out, seed);
    return OG_OK;
  }
  if (v == OG_EXEC_SUBSTITUTE) {
    struct og_net *s = substitute(n);
    return s ? og_net_forward(s, OG_EXEC_HONEST, in, batch, out, seed) : OG_ENOMEM;
  }
  if (v == OG_EXEC_FP16 || v == OG_EXEC_INT8) {
    if (!(w = rounded(n, v)))
      return OG_ENOMEM;
    act = v == OG_EXEC_FP16 ? OG_ACT_FP16 : OG_ACT_INT8;
  }
  if (n->a.kind == OG_ARCH_MLP)
    return og__mlp_forward(n, w, act, skip, in, batch, out);
  return og__decoder_forward(n, w, act, skip, in, batch, out);
}
