/* FLOP and byte accounting for the zoo's architectures. Counting follows
 * Kaplan et al., "Scaling Laws for Neural Language Models" (2020), sec. 2.1
 * (2 FLOP per parameter per token for matrix products, plus attention
 * 2 * n_ctx * d per layer for scores and again for values), generalised to
 * grouped-query attention (Ainslie et al. 2023) and SwiGLU FFNs. */
#include "arch.h"

static double head_dim(const struct og_arch *a)
{
  return (double)a->hidden / (double)a->heads;
}

/* Parameters of one transformer layer's matrices. */
static double layer_params(const struct og_arch *a)
{
  double h = (double)a->hidden, kv = head_dim(a) * (double)a->kv_heads;
  double attn = 2 * h * h + 2 * h * kv; /* Q, O: h x h; K, V: h x kv */
  double ffn = (a->kind == OG_ARCH_DECODER ? 3 : 2) * h * (double)a->ffn;
  return attn + ffn;
}

double og_arch_params(const struct og_arch *a)
{
  if (a->kind == OG_ARCH_MLP) {
    double p = 0;
    for (size_t i = 0; i + 1 < a->n_widths; i++)
      p += (double)a->widths[i] * (double)a->widths[i + 1] + (double)a->widths[i + 1];
    return p;
  }
  double emb = (double)a->vocab * (double)a->hidden;
  double head = a->kind == OG_ARCH_DECODER && !a->tied_embeddings ? emb : 0;
  return (double)a->layers * layer_params(a) + emb + head;
}

double og_arch_decoder_token_flops(const struct og_arch *a, size_t ctx, int logits)
{
  double h = (double)a->hidden;
  double per_layer = 2 * layer_params(a) + 4 * h * (double)ctx; /* QK^T and AV */
  double lm = logits ? 2 * h * (double)a->vocab : 0;
  return (double)a->layers * per_layer + lm;
}

static void mlp_cost(const struct og_arch *a, struct og_request_cost *c)
{
  double f = 0;
  for (size_t i = 0; i + 1 < a->n_widths; i++)
    f += 2 * (double)a->widths[i] * (double)a->widths[i + 1];
  c->prefill_flops = f;
}

/* Encoder: every token attends over all seq tokens, in every layer. */
static void encoder_cost(const struct og_arch *a, struct og_request_cost *c)
{
  double s = (double)a->seq, h = (double)a->hidden;
  c->prefill_flops = (double)a->layers * (2 * layer_params(a) * s + 4 * h * s * s);
}

/* Decoder: prefill of P tokens is causal (token i attends over i
 * positions); decode step t (t = 1 .. T-1) attends over P + t positions. */
static void decoder_cost(const struct og_arch *a, size_t p, size_t t, struct og_request_cost *c)
{
  double P = (double)p, h = (double)a->hidden, L = (double)a->layers;
  double kv_per_token = 2 * L * head_dim(a) * (double)a->kv_heads * (double)a->dtype_bytes;
  c->prefill_flops = L * (2 * layer_params(a) * P + 4 * h * P * (P + 1) / 2) +
                     2 * h * (double)a->vocab;
  c->decode_flops = 0;
  c->kv_bytes = 0;
  for (size_t k = 1; k < t; k++) {
    c->decode_flops += og_arch_decoder_token_flops(a, p + k, 1);
    c->kv_bytes += kv_per_token * (double)(p + k - 1); /* cache of earlier positions */
  }
  c->steps = t > 0 ? (double)t : 1;
}

enum og_status og_arch_request_cost(const struct og_arch *a, size_t prompt, size_t output,
                                    struct og_request_cost *c)
{
  *c = (struct og_request_cost){0};
  c->steps = 1;
  if (a->kind == OG_ARCH_MLP) {
    if (a->n_widths < 2)
      return OG_EINVAL;
    mlp_cost(a, c);
  } else {
    if (!a->layers || !a->hidden || !a->heads || a->hidden % a->heads || !a->kv_heads ||
        a->heads % a->kv_heads || !a->ffn)
      return OG_EINVAL;
    if (a->kind == OG_ARCH_ENCODER)
      encoder_cost(a, c);
    else if (prompt == 0)
      return OG_EINVAL;
    else
      decoder_cost(a, prompt, output, c);
  }
  c->params = og_arch_params(a);
  c->weight_bytes = c->params * (double)a->dtype_bytes;
  return OG_OK;
}
