/* Trusted execution: inference runs in an enclave. Its declared cost on
 * the serving node (docs/verification.md): every iteration of a request
 * takes `overhead` x its time (the GPU's own slowdown) + `iteration_cost`
 * (the encrypted CPU-GPU transfers of the iteration, the bounce buffers),
 * so a small batch pays a larger share than a large one. Defaults: 1 and
 * 0.5 ms, fit to the H100 confidential-computing measurements of Zhu et
 * al. (arXiv 2409.03992, 2024: overhead under 7% for typical queries of
 * Llama-3.1-8B, near zero for 70B, "minimal computational overhead within
 * the GPU", the penalty being the PCIe transfers) and Chrapek et al.
 * (arXiv 2509.18886, 2025: H100 CC throughput penalties of 4-8%, shrinking
 * as batch and input grow): 0.5 ms is ~7% of an 8B model's ~7 ms
 * iteration at batch 1 on an H100 and ~1.5% of a 70B's. The client checks
 * an attestation once per session, `attestation` s added to the first
 * request of every `session_requests` of a client region (deployments
 * attest when a session opens, not per request; both defaults are our
 * assumption: 50 ms, 100 requests). A dishonest node can only cheat if its
 * enclave is compromised, which each dishonest node's is with probability
 * `compromised`; then nothing catches it (a compromised enclave attests
 * anything). */
#include <math.h>
#include <stdlib.h>

#include "protocol.h"

struct tee_params {
  double compromised; /* probability that a dishonest node's enclave is compromised */
  double attestation; /* s the client takes to check an attestation, once a session */
  size_t session_requests; /* requests of a client region per session */
};
OG_PARAMS_FIT(struct tee_params);

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
static const struct og_field fields[] = {
  {.key = "compromised", .type = OG_F_NUM, .off = OG_PARAM_OFF(struct tee_params, compromised),
   .unit = OG_UNIT_NUMBER, .range = OG_R_GE_LE, .lo = 0, .hi = 1, .def = "0.01"},
  {.key = "attestation", .type = OG_F_NUM, .off = OG_PARAM_OFF(struct tee_params, attestation),
   .unit = OG_UNIT_DURATION, .range = OG_R_GE, .def = "50ms"},
  {.key = "session_requests", .type = OG_F_COUNT,
   .off = OG_PARAM_OFF(struct tee_params, session_requests), .lo = 1, .hi = 1e12, .def = "100"},
};
static const struct og_schema params = OG_SCHEMA("tee", fields, struct og_verification);

const struct og_protocol_kind og_kind_tee = {
  .net_modes = OG_NET_MODES_ALL,
  .overhead = 1,
  .iteration_cost = 0.5e-3,
  .latency = 0,
  .params = &params,
};

#else /* the engine's half */
/* Per node: a uniform draw; its enclave is compromised when the draw is
 * below the block's `compromised` (honest nodes draw nothing: 1). The draw
 * is the first of TEE's own stream at the node (og__proto_rng_new), not of
 * its strategy stream: with every enclave compromised, a node cheats on
 * the same requests as with no verification at all. */
static enum og_status setup(struct og_engine *e)
{
  for (size_t i = 0; i < e->n_nodes; i++) {
    double *draw = og__proto_node_state(&e->nodes[i], OG_PROTO_TEE);
    *draw = 1.0;
    if (!e->nodes[i].cheat)
      continue;
    gsl_rng *r = og__proto_rng_new(e, OG_PROTO_TEE, e->nodes[i].id);
    if (!r)
      return OG_ENOMEM;
    *draw = gsl_rng_uniform(r);
    gsl_rng_free(r);
  }
  return OG_OK;
}

static int can_cheat(const struct og_node *n, const struct og_verification *v)
{
  return *(const double *)og__proto_node_state(n, OG_PROTO_TEE) <
         OG_PROTOCOL_PARAMS(struct tee_params, v)->compromised;
}

/* Per client region: requests answered so far; every session_requests-th
 * one (the first of a session) waits for the attestation check. */
static enum og_status setup_sessions(struct og_engine *e)
{
  uint64_t *n = calloc(e->n_clients ? e->n_clients : 1, sizeof *n);
  *og__proto_run(e, OG_PROTO_TEE) = n;
  return n ? OG_OK : OG_ENOMEM;
}

static enum og_status setup_all(struct og_engine *e)
{
  enum og_status st = setup(e);
  return st == OG_OK ? setup_sessions(e) : st;
}

static void teardown(struct og_engine *e)
{
  free(*og__proto_run(e, OG_PROTO_TEE));
  *og__proto_run(e, OG_PROTO_TEE) = NULL;
}

static void result(struct og_node *n, struct og_request *r, double t_done)
{
  struct og_engine *e = n->e;
  if (r->kind != OG_KIND_CLIENT || !isfinite(t_done))
    return;
  const struct tee_params *p = OG_PROTOCOL_PARAMS(struct tee_params, og__vf(e, r->model));
  uint64_t *count = *og__proto_run(e, OG_PROTO_TEE);
  if (count[r->client]++ % p->session_requests == 0) {
    t_done += p->attestation;
    r->verify_delay += p->attestation;
  }
  if (t_done <= r->deadline)
    og__request_succeed(e, r, t_done);
}

const struct og_protocol_type og_proto_tee = {
  .setup = setup_all,
  .teardown = teardown,
  .node_state = sizeof(double),
  .can_cheat = can_cheat,
  .result = result,
};
#endif
