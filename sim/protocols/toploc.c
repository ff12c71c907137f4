/* Prefill-only checking (TOPLOC: Ong et al., "TOPLOC: A Locality Sensitive
 * Hashing Scheme for Trustless Verifiable Inference", ICML 2025, arXiv
 * 2501.16007): the serving node commits to locality-sensitive hashes of
 * its last hidden states, `proof_bytes_per_chunk` (258 B) per
 * `chunk_tokens` (32) generated tokens, sent with the response; a sampled
 * result (`rate`, as spot_check) is checked by a validator that recomputes
 * one prefill over the prompt and the output tokens and compares the
 * hashes, instead of re-running every decode step. The check request of
 * an LLM result of P prompt and O output tokens is therefore P + O prompt
 * tokens and 1 output token (the prefill's own token ends it), on either
 * serving engine; a model that is not an LLM is checked by a full forward
 * pass. TOPLOC reports detecting model substitution, precision changes
 * and prompt tampering with no false positive or negative in its tests,
 * so every cheating strategy (fp16, int8, skip_layers, substitute, lazy)
 * fails a check, honest results pass, and the block's fp_rate / fn_rate
 * (default 0, from those results) model a weaker comparison. Reputation,
 * validators by stake, re-validation votes and slashing as spot_check. */
#include <math.h>

#include "protocol.h"

struct toploc_params {
  double proof_bytes; /* B of proof per chunk of generated tokens */
  size_t chunk;       /* generated tokens per chunk */
};
OG_PARAMS_FIT(struct toploc_params);

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
#define P(m) OG_PARAM_OFF(struct toploc_params, m)
/* TOPLOC's abstract: 258 bytes of storage per 32 new tokens (Llama
 * 3.1-8B-Instruct). */
static const struct og_field fields[] = {
  {.key = "proof_bytes_per_chunk", .type = OG_F_NUM, .off = P(proof_bytes),
   .unit = OG_UNIT_SIZE, .range = OG_R_GE, .def = "258B"},
  {.key = "chunk_tokens", .type = OG_F_COUNT, .off = P(chunk), .range = OG_R_GE_LE, .lo = 1,
   .hi = 1e9, .def = "32"},
};
static const struct og_schema params = OG_SCHEMA("toploc", fields, struct og_verification);

const struct og_protocol_kind og_kind_toploc = {
  .traits = OG_PT_SAMPLES | OG_PT_VALIDATORS,
  .net_modes = OG_NET_MODES_ALL,
  .overhead = 1,
  .params = &params,
  /* a check counted as a whole request: an upper bound, a prefill of
   * P + O tokens costs less than the request */
  .copies = og__kind_copies_sampled,
};

#else /* the engine's half */
/* The proof rides on the response: ceil(O / chunk) chunks. */
static void routed(struct og_engine *e, struct og_request *r, uint32_t primary)
{
  (void)primary;
  const struct toploc_params *tp = OG_PROTOCOL_PARAMS(struct toploc_params, og__vf(e, r->model));
  og__proto_carry_proof(r, ceil((double)r->output_tokens / (double)tp->chunk) * tp->proof_bytes);
}

static void served(struct og_node *n, struct og_request *r)
{
  og__send_prefill_check(n, r, INFINITY);
}

const struct og_protocol_type og_proto_toploc = {
  .routed = routed,
  .served = served,
  .check_done = og__verify_finish,
};
#endif
