/* Trusted execution: inference runs in an enclave whose attestation the
 * client checks (`latency` added to each response, `overhead` on compute;
 * defaults ~10% slower with a 50 ms attestation). A dishonest node can
 * only cheat if its enclave is compromised, which each dishonest node's is
 * with probability `compromised`; then nothing catches it (a compromised
 * enclave attests anything). */
#include "protocol.h"

struct tee_params {
  double compromised; /* probability that a dishonest node's enclave is compromised */
};
OG_PARAMS_FIT(struct tee_params);

#if !OG_PROTOCOL_ENGINE /* the kind: what the scenario loader knows */
static const struct og_field fields[] = {
  {.key = "compromised", .type = OG_F_NUM, .off = OG_PARAM_OFF(struct tee_params, compromised),
   .unit = OG_UNIT_NUMBER, .range = OG_R_GE_LE, .lo = 0, .hi = 1, .def = "0.01"},
};
static const struct og_schema params = OG_SCHEMA("tee", fields, struct og_verification);

const struct og_protocol_kind og_kind_tee = {
  .net_modes = OG_NET_MODES_ALL,
  .overhead = 1.1,
  .latency = 0.05,
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

const struct og_protocol_type og_proto_tee = {
  .setup = setup,
  .node_state = sizeof(double),
  .can_cheat = can_cheat,
};
#endif
