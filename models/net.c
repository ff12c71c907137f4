/* Runnable models: construction with seeded weights, inputs, the variants a
 * cheater would use, and output distances. */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "net_internal.h"
#include "rng.h"

const char *const og_exec_variant_names[OG_EXEC_VARIANT_COUNT_] = {
  "honest", "fp16", "int8", "skip_layers", "substitute", "lazy",
};

static size_t put(struct og_net *n, size_t *at, enum og_param p, size_t layer, size_t len)
{
  n->off[p][layer] = *at;
  *at += len;
  return len;
}

size_t og__net_layout(struct og_net *n)
{
  const struct og_arch *a = &n->a;
  size_t at = 0;
  if (a->kind == OG_ARCH_MLP) {
    for (size_t i = 0; i + 1 < a->n_widths; i++) {
      put(n, &at, OG_P_MLP_W, i, a->widths[i] * a->widths[i + 1]);
      put(n, &at, OG_P_MLP_B, i, a->widths[i + 1]);
    }
    return at;
  }
  size_t h = a->hidden, kv = h / a->heads * a->kv_heads;
  put(n, &at, OG_P_EMB, 0, a->vocab * h);
  for (size_t l = 0; l < a->layers; l++) {
    put(n, &at, OG_P_NORM1, l, h);
    put(n, &at, OG_P_WQ, l, h * h);
    put(n, &at, OG_P_WK, l, h * kv);
    put(n, &at, OG_P_WV, l, h * kv);
    put(n, &at, OG_P_WO, l, h * h);
    put(n, &at, OG_P_NORM2, l, h);
    put(n, &at, OG_P_WG, l, h * a->ffn);
    put(n, &at, OG_P_WU, l, h * a->ffn);
    put(n, &at, OG_P_WD, l, a->ffn * h);
  }
  put(n, &at, OG_P_NORMF, 0, h);
  put(n, &at, OG_P_LM, 0, h * a->vocab);
  return at;
}

/* Weights ~ N(0, 1/fan_in) (LeCun init); norm gains 1; biases small. */
static void init_weights(struct og_net *n, gsl_rng *r)
{
  const struct og_arch *a = &n->a;
  size_t fan = a->kind == OG_ARCH_MLP ? a->widths[0] : a->hidden;
  for (size_t i = 0; i < n->n_params; i++)
    n->w[i] = (float)gsl_ran_gaussian_ziggurat(r, 1.0 / sqrt((double)fan));
  if (a->kind != OG_ARCH_MLP) {
    size_t h = a->hidden;
    for (size_t l = 0; l < a->layers; l++)
      for (size_t i = 0; i < h; i++)
        n->w[n->off[OG_P_NORM1][l] + i] = n->w[n->off[OG_P_NORM2][l] + i] = 1.0f;
    for (size_t i = 0; i < h; i++)
      n->w[n->off[OG_P_NORMF][0] + i] = 1.0f;
  }
}

int og_net_runnable(const struct og_arch *a)
{
  struct og_request_cost c;
  if (a->kind == OG_ARCH_ENCODER || a->layers > OG_NET_MAX_LAYERS ||
      (a->kind == OG_ARCH_MLP && a->n_widths < 2))
    return 0;
  return og_arch_request_cost(a, a->prompt_tokens ? a->prompt_tokens : 1, 1, &c) == OG_OK &&
         c.params <= OG_NET_MAX_PARAMS;
}

enum og_status og_net_new(const struct og_arch *a, uint64_t seed, struct og_net **out)
{
  *out = NULL;
  if (!og_net_runnable(a))
    return OG_EINVAL;
  struct og_net *n = calloc(1, sizeof *n);
  if (!n)
    return OG_ENOMEM;
  n->a = *a;
  n->a.name = NULL;
  n->seed = seed;
  n->n_params = og__net_layout(n);
  n->w = malloc(n->n_params * sizeof *n->w);
  gsl_rng *r = og_rng_new(seed, OG_RNG_WEIGHTS, 0);
  if (!n->w || !r) {
    if (r)
      gsl_rng_free(r);
    og_net_free(n);
    return OG_ENOMEM;
  }
  init_weights(n, r);
  gsl_rng_free(r);
  *out = n;
  return OG_OK;
}

void og_net_free(struct og_net *n)
{
  if (!n)
    return;
  free(n->w);
  free(n->w16);
  free(n->w8);
  og_net_free(n->sub);
  free(n);
}

const float *og__net_param(const struct og_net *n, enum og_param p, size_t layer)
{
  return n->w + n->off[p][layer];
}

size_t og_net_input_len(const struct og_net *n)
{
  return n->a.kind == OG_ARCH_MLP ? n->a.widths[0] : n->a.prompt_tokens;
}

size_t og_net_output_len(const struct og_net *n)
{
  return n->a.kind == OG_ARCH_MLP ? n->a.widths[n->a.n_widths - 1] : n->a.vocab;
}

void og_net_input(const struct og_net *n, uint64_t seed, uint64_t request, float *in)
{
  gsl_rng *r = og_rng_new(seed, OG_RNG_INPUTS, request);
  size_t len = og_net_input_len(n);
  for (size_t i = 0; i < len; i++)
    in[i] = n->a.kind == OG_ARCH_MLP ? (float)(2 * gsl_rng_uniform(r) - 1)
                                      : (float)og_rng_index(r, n->a.vocab);
  gsl_rng_free(r);
}

double og_net_distance(const float *a, const float *b, size_t len)
{
  double d = 0, nb = 0;
  for (size_t i = 0; i < len; i++) {
    d += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
    nb += (double)b[i] * b[i];
  }
  return nb > 0 ? sqrt(d / nb) : sqrt(d);
}
