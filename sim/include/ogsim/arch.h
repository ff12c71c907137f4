/* Model architectures of the zoo and what one inference request costs on
 * them: FLOPs and bytes of prefill and decode, counted from the shapes.
 * Plain C: no SimGrid, so it can be tested and reused alone. */
#ifndef OG_ARCH_H
#define OG_ARCH_H

#include <stddef.h>

#include "status.h"

enum og_arch_kind {
  OG_ARCH_MLP,     /* dense layers: inputs -> hidden... -> outputs */
  OG_ARCH_ENCODER, /* BERT-like: full attention over seq tokens, GELU FFN (2 matrices) */
  OG_ARCH_DECODER, /* Llama-like: causal attention, grouped-query heads, SwiGLU FFN (3) */
};

#define OG_ARCH_MAX_LAYERS 16

struct og_arch {
  char *name;
  enum og_arch_kind kind;
  size_t dtype_bytes;  /* bytes per weight and activation (2: bf16/fp16, 4: fp32) */
  /* MLP: layer widths, widths[0] inputs ... widths[n_widths-1] outputs */
  size_t widths[OG_ARCH_MAX_LAYERS + 1];
  size_t n_widths;
  /* transformers */
  size_t layers, hidden, heads, kv_heads, ffn, vocab;
  size_t seq;          /* encoder: tokens per request */
  int tied_embeddings; /* decoder: LM head shares the embedding matrix */
  size_t prompt_tokens, output_tokens; /* decoder: a typical request's shape */
};

/* Load a zoo file (models/zoo/NAME.yaml). On failure *out is NULL and err
 * says "FILE:LINE:COL: key: message", as for scenarios. */
OG_MUST_CHECK enum og_status og_arch_load(const char *path, struct og_arch **out,
                                          struct og_error *err);
void og_arch_free(struct og_arch *a);

/* FLOPs and bytes of one request. A FLOP is one multiply or one add (a
 * multiply-accumulate is 2). Only matrix products and attention are
 * counted; norms, activations and softmax are O(hidden) per token and left
 * out (under 0.1% for the zoo's shapes). */
struct og_request_cost {
  double prefill_flops;  /* prompt (or the whole forward pass of an encoder/MLP) */
  double decode_flops;   /* all output tokens after the first */
  double weight_bytes;   /* parameter bytes, read once per forward step */
  double steps;          /* forward steps: 1 + output tokens - 1 for a decoder, else 1 */
  double kv_bytes;       /* KV-cache bytes read over all decode steps */
  double params;         /* number of parameters */
};

/* Parameters of the architecture (embeddings and LM head included). */
double og_arch_params(const struct og_arch *a);

/* Cost of a request with `prompt` input tokens producing `output` tokens
 * (decoders; for encoders and MLPs both are ignored: one forward pass).
 * The first output token comes from the prefill; each further token is one
 * decode step attending over the prompt and the tokens before it. */
OG_MUST_CHECK enum og_status og_arch_request_cost(const struct og_arch *a, size_t prompt,
                                                  size_t output, struct og_request_cost *c);

/* FLOPs of one decoder token at context length ctx (the token attends over
 * ctx positions, itself included), LM head included when `logits`. */
double og_arch_decoder_token_flops(const struct og_arch *a, size_t ctx, int logits);

#endif
